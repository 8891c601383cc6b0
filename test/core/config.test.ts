import assert from "node:assert/strict";

import {
  ConfigIssue,
  GovernanceConfigError,
  assertValidGovernanceConfig,
  formatIssues,
  normaliseRegistry,
  validateGovernanceConfig,
  validateRuleConfig,
} from "../../core/config/validate";
import { LIMITS } from "../../core/config/schema";
import { EnforcementMode } from "../../core/enums";
import { MODEL_POLICY_NAME, policyPackConfigFor } from "../../core/pack-config";
import { ScopeKind } from "../../core/scope";
import { lazy, rulesOf } from "./helpers";

const SUB_A = "11111111-2222-3333-4444-555555555555";
const SUB_B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const ARM = `/subscriptions/${SUB_A}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices`;

function errorsOf(input: unknown, rulesOnly = false): ConfigIssue[] {
  const r = rulesOnly ? validateRuleConfig(input) : validateGovernanceConfig(input);
  assert.ok(!r.ok, `expected an invalid config, got ${JSON.stringify(r.ok && r.config)}`);
  for (const e of r.errors) {
    assert.ok(e.field.length > 0, JSON.stringify(e));
    assert.ok(e.message.length > 0, JSON.stringify(e));
    assert.ok(e.fix.length > 0, JSON.stringify(e));
  }
  return r.errors;
}

function issue(issues: ConfigIssue[], field: string): ConfigIssue {
  const found = issues.filter((i) => i.field === field);
  assert.equal(found.length, 1, `expected exactly one issue for ${field}, got: ${JSON.stringify(issues, null, 2)}`);
  return found[0];
}

function valid(input: unknown) {
  const r = validateGovernanceConfig(input);
  assert.ok(r.ok, `expected a valid config, got: ${r.ok ? "" : JSON.stringify(r.errors, null, 2)}`);
  return r;
}

describe("core/config", () => {
  describe("normalisation of valid configs", () => {
    it("normalises registries (pattern forms, trailing slash, case) and list entries to canonical form", () => {
      const r = validateRuleConfig({
        allowedRegistries: ["AzureML", "azureml://registries/Azureml-Meta/", "AZUREML://REGISTRIES/HuggingFace", "azure_openai"],
        blockedModels: ["AzureML://Registries/AzureML/Models/Phi-4-Multimodal-Instruct", `${ARM}/registries/azureml-meta/models/Meta-Llama/versions/2`],
        allowedModels: ["azureml://registries/AZUREML/models/Phi-4", `${ARM.toUpperCase()}/REGISTRIES/HUGGINGFACE/MODELS/BERT/VERSIONS/V1`],
      });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      assert.deepEqual(
        r.warnings.map((w) => w.field),
        ["allowedPublishers", "allowedModels"],
        "an unset publisher list and a registry-only approval list are both called out",
      );
      assert.deepEqual(r.config, {
        allowedRegistries: ["azureml", "azureml-meta", "huggingface", "azure_openai"],
        blockedModels: [
          {
            registry: "azureml",
            model: "phi-4-multimodal-instruct",
            canonical: "azureml://registries/azureml/models/phi-4-multimodal-instruct",
            // As written, for the data-plane built-ins (Microsoft calls their asset ids case-sensitive).
            written: "azureml://registries/AzureML/models/Phi-4-Multimodal-Instruct",
          },
          {
            registry: "azureml-meta",
            model: "meta-llama",
            version: "2",
            canonical: "azureml://registries/azureml-meta/models/meta-llama/versions/2",
            written: "azureml://registries/azureml-meta/models/Meta-Llama/versions/2",
          },
        ],
        allowedModels: [
          { registry: "azureml", model: "phi-4", canonical: "azureml://registries/azureml/models/phi-4", written: "azureml://registries/AZUREML/models/Phi-4" },
          {
            registry: "huggingface",
            model: "bert",
            version: "v1",
            canonical: "azureml://registries/huggingface/models/bert/versions/v1",
            written: "azureml://registries/HUGGINGFACE/models/BERT/versions/V1",
          },
        ],
        allowedPublishers: [],
        blockedCatalogModels: [],
        allowedCatalogModels: [],
        workspaceModels: "Allow",
        effect: "Deny",
      });
    });

    it("normaliseRegistry strips the pattern prefix and one trailing slash, and lower-cases", () => {
      assert.equal(normaliseRegistry("azureml://registries/AzureML-Meta/"), "azureml-meta");
      assert.equal(normaliseRegistry("AZUREML://REGISTRIES/azureml"), "azureml");
      assert.equal(normaliseRegistry("HuggingFace"), "huggingface");
    });

    it("applies the defaults: effect Deny, workspaceModels Allow, enforcementMode Default, empty lists", () => {
      const { config, warnings } = valid({ scope: `/subscriptions/${SUB_A}`, allowedRegistries: ["azureml"] });
      assert.deepEqual(
        warnings.map((w) => w.field),
        ["allowedPublishers"],
      );
      assert.equal(config.effect, "Deny");
      assert.equal(config.workspaceModels, "Allow");
      assert.equal(config.enforcementMode, EnforcementMode.Default);
      assert.deepEqual(config.blockedModels, []);
      assert.deepEqual(config.allowedModels, []);
      assert.deepEqual(config.notScopes, []);
      assert.equal("nonComplianceMessage" in config, false);
      assert.equal("owner" in config, false);
    });

    it("keeps explicit settings", () => {
      const { config } = valid({
        scope: `/subscriptions/${SUB_A}`,
        allowedRegistries: ["azureml"],
        effect: "Audit",
        workspaceModels: "Deny",
        enforcementMode: "DoNotEnforce",
        notScopes: [`/subscriptions/${SUB_A}/resourceGroups/sandbox`],
        nonComplianceMessage: "Ask #ml-platform.",
        owner: "ml-platform",
      });
      assert.equal(config.effect, "Audit");
      assert.equal(config.workspaceModels, "Deny");
      assert.equal(config.enforcementMode, "DoNotEnforce");
      assert.deepEqual(config.notScopes, [`/subscriptions/${SUB_A}/resourceGroups/sandbox`]);
      assert.equal(config.nonComplianceMessage, "Ask #ml-platform.");
      assert.equal(config.owner, "ml-platform");
    });

    it("accepts an allowedModels entry pinned to a version other than a blocked one", () => {
      const rules = rulesOf({
        allowedRegistries: ["azureml"],
        blockedModels: ["azureml://registries/azureml/models/Phi-4/versions/3"],
        allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/4"],
      });
      assert.equal(rules.allowedModels[0].version, "4");
    });
  });

  describe("every problem at once, each with field, value and fix", () => {
    const input = {
      scope: "/subscriptions/not-a-guid",
      additionalScopes: [`/subscriptions/${SUB_A}/resourceGroups/rg-ml`],
      allowedRegistries: ["azureml", "bad name!", "ab"],
      allowedRegistry: ["azureml-meta"],
      blockedModels: ["azureml://registries/azureml/models/Phi-4/labels/latest", "azureml:fraud:3", "azureml://registries/azureml/models/Phi-4-mini"],
      allowedModels: ["azureml://registries/evil/models/x", "azureml://registries/azureml/models/Phi-4-mini/versions/1", "https://example.com/model"],
      effect: "deny",
      workspaceModels: "Block",
      enforcementMode: "Off",
    };
    const errorsLazy = lazy(() => errorsOf(input));

    it("reports exactly the expected fields", () => {
      assert.deepEqual(
        errorsLazy()
          .map((e) => e.field)
          .sort(),
        [
          "allowedModels[0]",
          "allowedModels[1]",
          "allowedModels[2]",
          "allowedRegistries[1]",
          "allowedRegistries[2]",
          "allowedRegistry",
          "blockedModels[0]",
          "blockedModels[1]",
          "effect",
          "enforcementMode",
          "scope",
          "workspaceModels",
        ],
      );
    });

    it("allowedRegistries[i]: names the bad entry and the accepted forms", () => {
      for (const [field, value] of [
        ["allowedRegistries[1]", "bad name!"],
        ["allowedRegistries[2]", "ab"],
      ] as const) {
        const e = issue(errorsLazy(), field);
        assert.equal(e.value, value);
        assert.match(e.message, /is not a registry name \(3–33 letters, digits, - or _\) or azureml:\/\/registries\/\{name\}\//);
        assert.match(e.fix, /azureml-meta/);
      }
    });

    it("an unknown key gets a 'did you mean' fix", () => {
      const e = issue(errorsLazy(), "allowedRegistry");
      assert.deepEqual(e.value, ["azureml-meta"]);
      assert.equal(e.message, "is not a known setting");
      assert.equal(e.fix, "did you mean allowedRegistries?");
    });

    it("bad enums list the allowed values", () => {
      assert.deepEqual(
        ["effect", "workspaceModels", "enforcementMode"].map((f) => {
          const e = issue(errorsLazy(), f);
          return [e.value, e.message];
        }),
        [
          ["deny", "must be one of Deny, Audit, Disabled"],
          ["Block", "must be one of Allow, Deny"],
          ["Off", "must be one of Default, DoNotEnforce"],
        ],
      );
    });

    it("blockedModels[0]: a label entry is refused (a label pins nothing)", () => {
      const e = issue(errorsLazy(), "blockedModels[0]");
      assert.equal(e.value, "azureml://registries/azureml/models/Phi-4/labels/latest");
      assert.equal(e.message, "pins the label 'latest', which can move to any version");
      assert.match(e.fix, /pin a version \(\/versions\/\{version\}\)/);
    });

    it("blockedModels[1]: a workspace entry is refused and points to workspaceModels", () => {
      const e = issue(errorsLazy(), "blockedModels[1]");
      assert.equal(e.value, "azureml:fraud:3");
      assert.equal(e.message, "is a workspace model; the lists hold registry models");
      assert.match(e.fix, /govern workspace models with workspaceModels/);
    });

    it("allowedModels[0]: an entry from an untrusted registry can never be deployed", () => {
      const e = issue(errorsLazy(), "allowedModels[0]");
      assert.equal(e.value, "azureml://registries/evil/models/x");
      assert.match(e.message, /^can never be deployed: registry 'evil' is not in allowedRegistries/);
      assert.equal(e.fix, "add 'evil' to allowedRegistries or remove the entry");
    });

    it("allowedModels[1]: an entry blocked by blockedModels can never be deployed", () => {
      const e = issue(errorsLazy(), "allowedModels[1]");
      assert.match(e.message, /^can never be deployed: .*blockedModels entry azureml:\/\/registries\/azureml\/models\/phi-4-mini/);
      assert.equal(e.fix, "remove the entry or the blockedModels entry that blocks it");
    });

    it("allowedModels[2]: an unparseable entry says why", () => {
      const e = issue(errorsLazy(), "allowedModels[2]");
      assert.equal(e.message, "unknown scheme: model ids start with azureml://, azureml: or /subscriptions/");
      assert.match(e.fix, /^write azureml:\/\/registries\/\{registry\}\/models\/\{model\}/);
    });

    it("scope: a non-GUID subscription is named", () => {
      const e = issue(errorsLazy(), "scope");
      assert.equal(e.value, "/subscriptions/not-a-guid");
      assert.equal(e.message, "subscription id 'not-a-guid' is not a GUID");
      assert.match(e.fix, /\/subscriptions\/\{id\}/);
    });

    it("GovernanceConfigError lists every issue in its message", () => {
      let thrown: unknown;
      try {
        assertValidGovernanceConfig(input, "Pulumi.prod.yaml");
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof GovernanceConfigError);
      assert.equal(thrown.name, "GovernanceConfigError");
      assert.equal(thrown.issues.length, errorsLazy().length);
      const lines = thrown.message.split("\n");
      assert.equal(lines[0], `Invalid Pulumi.prod.yaml (${errorsLazy().length} problems):`);
      assert.equal(lines.length, errorsLazy().length + 1);
      for (const e of errorsLazy()) assert.ok(thrown.message.includes(`  - ${e.field}: ${e.message} (got `), e.field);
      assert.ok(thrown.message.includes(`  - allowedRegistries[1]: is not a registry name`));
      assert.ok(thrown.message.includes(`(got "bad name!"). Fix: list registry names`));
    });

    it("the error message says 'problem' for one issue and names a missing value as 'nothing'", () => {
      const err = new GovernanceConfigError([{ field: "scope", value: undefined, message: "is required", fix: "set scope" }]);
      assert.equal(err.message, "Invalid governance config (1 problem):\n  - scope: is required (got nothing). Fix: set scope");
      assert.match(formatIssues([{ field: "x", value: "y".repeat(500), message: "m", fix: "f" }]), /\(got "y+\.\.\.\)/);
    });

    it("assertValidGovernanceConfig returns the config and warnings of a valid config", () => {
      const { config, warnings } = assertValidGovernanceConfig({
        scope: `/subscriptions/${SUB_A}`,
        allowedRegistries: ["azureml", "AzureML"],
        allowedPublishers: ["OpenAI"],
      });
      assert.deepEqual(config.allowedRegistries, ["azureml"]);
      assert.equal(warnings.length, 1);
    });
  });

  describe("individual problems", () => {
    const S = { scope: `/subscriptions/${SUB_A}` };

    it("a missing required key", () => {
      const errors = errorsOf({ allowedRegistries: ["azureml"] });
      assert.deepEqual(
        errors.map((e) => [e.field, e.message]),
        [["scope", "is required"]],
      );
      assert.deepEqual(
        errorsOf({}, true).map((e) => [e.field, e.message]),
        [["allowedRegistries", "is required"]],
      );
    });

    it("an empty allowedRegistries", () => {
      const e = issue(errorsOf({ ...S, allowedRegistries: [] }), "allowedRegistries");
      assert.equal(e.message, "must list at least 1 entry");
    });

    it("a non-object config", () => {
      for (const v of [null, [], "azureml", 5, undefined]) {
        assert.deepEqual(
          errorsOf(v).map((e) => e.field),
          ["(config)"],
        );
        assert.deepEqual(
          errorsOf(v, true).map((e) => e.field),
          ["(config)"],
        );
      }
    });

    it("unknown keys: a close typo or different case gets 'did you mean', a far one lists the settings", () => {
      assert.equal(issue(errorsOf({ ...S, allowedRegistries: ["azureml"], blockedModel: [] }), "blockedModel").fix, "did you mean blockedModels?");
      assert.equal(issue(errorsOf({ ...S, allowedRegistries: ["azureml"], workspacemodels: "Deny" }), "workspacemodels").fix, "did you mean workspaceModels?");
      assert.equal(issue(errorsOf({ allowedRegistries: ["azureml"], efect: "Deny" }, true), "efect").fix, "did you mean effect?");
      const far = issue(errorsOf({ ...S, allowedRegistries: ["azureml"], colour: "blue" }), "colour");
      assert.match(far.fix, /^remove it; known settings are scope, .*allowedRegistries/);
    });

    it("the policy-pack config refuses component-only keys", () => {
      const errors = errorsOf({ allowedRegistries: ["azureml"], scope: `/subscriptions/${SUB_A}`, enforcementMode: "Default" }, true);
      assert.deepEqual(errors.map((e) => [e.field, e.message]).sort(), [
        ["enforcementMode", "is not a known setting"],
        ["scope", "is not a known setting"],
      ]);
    });

    it("wrong types name the field", () => {
      const errors = errorsOf({ ...S, allowedRegistries: "azureml", blockedModels: [42], owner: "" });
      assert.equal(issue(errors, "allowedRegistries").message, "must be array");
      assert.equal(issue(errors, "blockedModels[0]").message, "must be string");
      assert.equal(issue(errors, "owner").value, "");
    });

    it("label and workspace entries are refused in both lists", () => {
      const errors = errorsOf({
        ...S,
        allowedRegistries: ["azureml"],
        blockedModels: [`${ARM}/workspaces/ws/models/fraud/versions/1`],
        allowedModels: [
          "azureml://registries/azureml/models/Phi-4/labels/Default",
          "azureml://locations/westeurope/workspaces/ws/models/fraud",
          "azureml:fraud@latest",
        ],
      });
      assert.equal(issue(errors, "blockedModels[0]").message, "is a workspace model; the lists hold registry models");
      assert.equal(issue(errors, "allowedModels[0]").message, "pins the label 'default', which can move to any version");
      assert.equal(issue(errors, "allowedModels[1]").message, "is a workspace model; the lists hold registry models");
      assert.equal(issue(errors, "allowedModels[2]").message, "is a workspace model; the lists hold registry models");
      assert.equal(errors.length, 4);
    });

    it("allowedModels entries that can never be deployed: blocked unpinned, blocked version, untrusted", () => {
      const errors = errorsOf({
        ...S,
        allowedRegistries: ["azureml"],
        blockedModels: ["azureml://registries/azureml/models/Phi-4-mini", "azureml://registries/azureml/models/Phi-4/versions/3"],
        allowedModels: [
          "azureml://registries/azureml/models/Phi-4-mini/versions/1",
          "azureml://registries/azureml/models/Phi-4/versions/3",
          "azureml://registries/azureml/models/Phi-4/versions/4",
          `${ARM}/registries/azureml-meta/models/Llama/versions/1`,
        ],
      });
      assert.deepEqual(
        errors.map((e) => e.field),
        ["allowedModels[0]", "allowedModels[1]", "allowedModels[3]"],
      );
      assert.equal(issue(errors, "allowedModels[3]").value, `${ARM}/registries/azureml-meta/models/Llama/versions/1`);
      assert.equal(issue(errors, "allowedModels[3]").fix, "add 'azureml-meta' to allowedRegistries or remove the entry");
    });

    it("an allowedModels issue names the entry's own index after duplicates and invalid entries", () => {
      const errors = errorsOf({
        ...S,
        allowedRegistries: ["azureml"],
        allowedModels: [
          "not a model",
          "azureml://registries/azureml/models/Phi-4",
          "AZUREML://REGISTRIES/AZUREML/MODELS/PHI-4",
          "azureml://registries/evil/models/x",
        ],
      });
      assert.deepEqual(errors.map((e) => e.field).sort(), ["allowedModels[0]", "allowedModels[3]"]);
      assert.equal(issue(errors, "allowedModels[3]").value, "azureml://registries/evil/models/x");
    });

    it("an unpinned allowedModels entry is accepted when blockedModels blocks only one version (core/config/validate.ts normaliseRules)", () => {
      // Phi-4 v4 is deployable under these rules, so the entry is not "never deployable".
      const r = validateRuleConfig({
        allowedRegistries: ["azureml"],
        blockedModels: ["azureml://registries/azureml/models/Phi-4/versions/3"],
        allowedModels: ["azureml://registries/azureml/models/Phi-4"],
      });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    });

    it("entries longer than the limit are refused by the schema", () => {
      const long = `azureml://registries/azureml/models/${"m".repeat(LIMITS.modelEntryLength)}`;
      const e = issue(errorsOf({ ...S, allowedRegistries: ["azureml"], blockedModels: [long] }), "blockedModels[0]");
      assert.equal(e.message, `must NOT have more than ${LIMITS.modelEntryLength} characters`);
    });

    it("registry names: length and characters", () => {
      const errors = errorsOf({
        ...S,
        allowedRegistries: ["azureml", "a".repeat(34), "-azureml", "azure ml", "azureml://registries/x/", "azureml://registries/azureml/extra", " azureml"],
      });
      assert.deepEqual(
        errors.map((e) => e.field),
        ["allowedRegistries[1]", "allowedRegistries[2]", "allowedRegistries[3]", "allowedRegistries[4]", "allowedRegistries[5]", "allowedRegistries[6]"],
      );
      valid({ ...S, allowedRegistries: ["a".repeat(33), "azureml_x", "AZUREML://REGISTRIES/abc"] });
    });

    describe("maxItems limits", () => {
      const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
      const cases: Array<[string, number, (i: number) => string]> = [
        ["allowedRegistries", LIMITS.allowedRegistries, (i) => `reg${String(i).padStart(4, "0")}`],
        ["blockedModels", LIMITS.blockedModels, (i) => `azureml://registries/azureml/models/m${i}`],
        ["allowedModels", LIMITS.allowedModels, (i) => `azureml://registries/azureml/models/m${i}`],
        ["notScopes", LIMITS.notScopes, (i) => `/subscriptions/${SUB_A}/resourceGroups/rg${i}`],
        ["additionalScopes", LIMITS.scopes - 1, (i) => `/subscriptions/${SUB_A}/resourceGroups/rg${i}`],
      ];
      for (const [key, limit, make] of cases) {
        it(`${key}: ${limit} entries pass, ${limit + 1} are refused`, () => {
          const base = { scope: `/subscriptions/${SUB_A}`, allowedRegistries: ["azureml"] };
          valid({ ...base, [key]: many(limit, make) });
          const errors = errorsOf({ ...base, [key]: many(limit + 1, make) });
          const e = issue(errors, key);
          assert.equal(e.message, `has ${limit + 1} entries; at most ${limit} are supported (Azure request-size limits)`);
          assert.equal((e.value as unknown[]).length, limit + 1);
        });
      }
    });
  });

  describe("warnings for duplicates", () => {
    it("repeated registries, models and scopes warn and are dropped", () => {
      const r = validateGovernanceConfig({
        scope: `/subscriptions/${SUB_A}`,
        additionalScopes: [`/subscriptions/${SUB_A.toUpperCase()}`, `/subscriptions/${SUB_A}/resourceGroups/rg`, `/SUBSCRIPTIONS/${SUB_A}/RESOURCEGROUPS/RG`],
        allowedRegistries: ["azureml", "AzureML", "azureml://registries/azureml/", "azureml-meta"],
        blockedModels: ["azureml://registries/azureml/models/Phi-4-mini", `${ARM}/registries/AzureML/models/PHI-4-MINI`],
        allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/1", "azureml://registries/azureml/models/phi-4/VERSIONS/1", "OpenAI/gpt-4o"],
        allowedPublishers: ["OpenAI"],
      });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      assert.deepEqual(
        r.warnings.map((w) => [w.field, w.message]),
        [
          ["allowedRegistries[1]", "repeats registry 'azureml'"],
          ["allowedRegistries[2]", "repeats registry 'azureml'"],
          ["blockedModels[1]", "repeats azureml://registries/azureml/models/phi-4-mini"],
          ["allowedModels[1]", "repeats azureml://registries/azureml/models/phi-4/versions/1"],
          ["additionalScopes[0]", "repeats a scope"],
          ["additionalScopes[2]", "repeats a scope"],
        ],
      );
      for (const w of r.warnings) assert.equal(w.fix, "remove the duplicate");
      assert.deepEqual(r.config.allowedRegistries, ["azureml", "azureml-meta"]);
      assert.equal(r.config.blockedModels.length, 1);
      assert.equal(r.config.allowedModels.length, 1);
      assert.deepEqual(
        r.config.scopes.map((s) => s.id),
        [`/subscriptions/${SUB_A}`, `/subscriptions/${SUB_A}/resourceGroups/rg`],
      );
    });
  });

  describe("scopes", () => {
    const R = { allowedRegistries: ["azureml"] };

    it("subscription: canonical lower-case id, definitions in the subscription", () => {
      const { config } = valid({ ...R, scope: `/Subscriptions/${SUB_B.toUpperCase()}` });
      assert.deepEqual(config.scopes, [{ kind: ScopeKind.Subscription, id: `/subscriptions/${SUB_B}`, subscriptionId: SUB_B }]);
      assert.deepEqual(config.definitionScope, config.scopes[0]);
    });

    it("resource group: keeps the group's spelling, definitions in its subscription", () => {
      const { config } = valid({ ...R, scope: `/subscriptions/${SUB_A.toUpperCase()}/resourcegroups/RG-ML` });
      assert.deepEqual(config.scopes, [
        { kind: ScopeKind.ResourceGroup, id: `/subscriptions/${SUB_A}/resourceGroups/RG-ML`, subscriptionId: SUB_A, resourceGroup: "RG-ML" },
      ]);
      assert.deepEqual(config.definitionScope, { kind: ScopeKind.Subscription, id: `/subscriptions/${SUB_A}`, subscriptionId: SUB_A });
    });

    it("management group: canonical keywords, definitions in the management group", () => {
      const { config } = valid({ ...R, scope: "/PROVIDERS/microsoft.management/MANAGEMENTGROUPS/mg-Platform" });
      const mg = { kind: ScopeKind.ManagementGroup, id: "/providers/Microsoft.Management/managementGroups/mg-Platform", managementGroup: "mg-Platform" };
      assert.deepEqual(config.scopes, [mg]);
      assert.deepEqual(config.definitionScope, mg);
    });

    it("multiple scopes inside one subscription", () => {
      const { config } = valid({
        ...R,
        scope: `/subscriptions/${SUB_A}`,
        additionalScopes: [`/subscriptions/${SUB_A}/resourceGroups/a`, `/subscriptions/${SUB_A}/resourceGroups/b`],
      });
      assert.deepEqual(
        config.scopes.map((s) => s.kind),
        [ScopeKind.Subscription, ScopeKind.ResourceGroup, ScopeKind.ResourceGroup],
      );
    });

    it("a scope in another subscription is outside the default definition scope", () => {
      const errors = errorsOf({
        ...R,
        scope: `/subscriptions/${SUB_A}/resourceGroups/a`,
        additionalScopes: [`/subscriptions/${SUB_A}/resourceGroups/b`, `/subscriptions/${SUB_B}/resourceGroups/c`],
      });
      assert.deepEqual(
        errors.map((e) => e.field),
        ["additionalScopes[1]"],
      );
      assert.equal(errors[0].value, `/subscriptions/${SUB_B}/resourceGroups/c`);
      assert.equal(errors[0].message, `is outside the definition scope /subscriptions/${SUB_A}, so it cannot be assigned definitions stored there`);
      assert.match(errors[0].fix, /management group that contains every scope/);
    });

    it("a subscription definitionScope that does not hold the primary scope", () => {
      const errors = errorsOf({ ...R, scope: `/subscriptions/${SUB_A}`, definitionScope: `/subscriptions/${SUB_B}` });
      assert.deepEqual(
        errors.map((e) => [e.field, e.value]),
        [["scope", `/subscriptions/${SUB_A}`]],
      );
    });

    it("a subscription definitionScope cannot hold a management group scope", () => {
      const errors = errorsOf({ ...R, scope: "/providers/Microsoft.Management/managementGroups/mg", definitionScope: `/subscriptions/${SUB_A}` });
      assert.deepEqual(
        errors.map((e) => e.field),
        ["scope"],
      );
    });

    it("a management group definitionScope accepts subscriptions it may hold (ancestry is not known offline)", () => {
      const { config } = valid({
        ...R,
        scope: `/subscriptions/${SUB_A}`,
        additionalScopes: [`/subscriptions/${SUB_B}/resourceGroups/x`],
        definitionScope: "/providers/Microsoft.Management/managementGroups/mg-root",
      });
      assert.equal(config.definitionScope.kind, ScopeKind.ManagementGroup);
      assert.equal(config.scopes.length, 2);
    });

    it("a resource-group definitionScope is refused", () => {
      const e = issue(
        errorsOf({ ...R, scope: `/subscriptions/${SUB_A}/resourceGroups/a`, definitionScope: `/subscriptions/${SUB_A}/resourceGroups/a` }),
        "definitionScope",
      );
      assert.equal(e.message, "cannot be a resource group: definitions live at a subscription or management group");
      assert.match(e.fix, /^set definitionScope to \/subscriptions\/\{id\} or \/providers\/Microsoft\.Management\/managementGroups\/\{id\}/);
    });

    it("malformed scopes each say what is wrong", () => {
      const cases: Array<[string, string]> = [
        ["/subscriptions/not-a-guid", "subscription id 'not-a-guid' is not a GUID"],
        [`/subscriptions/${SUB_A}/groups/rg`, "expected 'resourceGroups' after the subscription, found 'groups'"],
        [`/subscriptions/${SUB_A}/resourceGroups/rg.`, "resource group name 'rg.' is not valid (1–90 letters, digits, - _ . ( ), not ending in '.')"],
        [`/subscriptions/${SUB_A}/resourceGroups/rg ml`, "resource group name 'rg ml' is not valid (1–90 letters, digits, - _ . ( ), not ending in '.')"],
        [
          `/subscriptions/${SUB_A}/resourceGroups/${"r".repeat(91)}`,
          `resource group name '${"r".repeat(91)}' is not valid (1–90 letters, digits, - _ . ( ), not ending in '.')`,
        ],
        ["/providers/Microsoft.Management/managementGroups/mg/x", "is not a subscription, resource group or management group id"],
        ["/providers/Microsoft.Management/managementGroups/m g", "management group id 'm g' is not valid (1–90 letters, digits, - _ . ( ))"],
        [`subscriptions/${SUB_A}`, "is not a subscription, resource group or management group id"],
        [`/subscriptions/${SUB_A}/`, "is not a subscription, resource group or management group id"],
        ["rg-ml", "is not a subscription, resource group or management group id"],
      ];
      for (const [scope, message] of cases) {
        const e = issue(errorsOf({ ...R, scope }), "scope");
        assert.equal(e.message, message, scope);
        assert.equal(e.value, scope);
      }
    });

    it("a bad additional scope is named by index", () => {
      const e = issue(
        errorsOf({ ...R, scope: `/subscriptions/${SUB_A}`, additionalScopes: [`/subscriptions/${SUB_A}/resourceGroups/ok`, "/subscriptions/xyz"] }),
        "additionalScopes[1]",
      );
      assert.equal(e.message, "subscription id 'xyz' is not a GUID");
    });

    it("notScopes must be resource ids", () => {
      const errors = errorsOf({
        ...R,
        scope: `/subscriptions/${SUB_A}`,
        notScopes: [
          `/subscriptions/${SUB_A}/resourceGroups/ok`,
          "rg-sandbox",
          `/subscriptions/${SUB_A}/resourceGroups/x/`,
          `/subscriptions/${SUB_A}//x`,
          "/providers/Microsoft.Management/managementGroups/mg",
        ],
      });
      assert.deepEqual(
        errors.map((e) => [e.field, e.message]),
        [
          ["notScopes[1]", "is not a resource id"],
          ["notScopes[2]", "is not a resource id"],
          ["notScopes[3]", "is not a resource id"],
        ],
      );
    });

    it("scope problems do not hide definitionScope and notScopes problems (core/config/validate.ts checkScopes returns early)", () => {
      const errors = errorsOf({ ...R, scope: "/subscriptions/bad", definitionScope: `/subscriptions/${SUB_A}/resourceGroups/x`, notScopes: ["bad"] });
      assert.deepEqual(errors.map((e) => e.field).sort(), ["definitionScope", "notScopes[0]", "scope"]);
    });

    it("a bad definitionScope does not hide notScopes problems (core/config/validate.ts checkScopes returns early)", () => {
      const errors = errorsOf({ ...R, scope: `/subscriptions/${SUB_A}`, definitionScope: "nope", notScopes: ["bad"] });
      assert.deepEqual(errors.map((e) => e.field).sort(), ["definitionScope", "notScopes[0]"]);
    });
  });

  describe("policyPackConfigFor", () => {
    const rulesLazy = lazy(() =>
      rulesOf({
        allowedRegistries: ["AzureML", "azureml://registries/azureml-meta/"],
        blockedModels: [`${ARM}/registries/azureml/models/Phi-4-mini/versions/2`],
        allowedModels: ["AZUREML://REGISTRIES/AZUREML/MODELS/PHI-4"],
        workspaceModels: "Deny",
        effect: "Audit",
      }),
    );

    it("writes the canonical rule keys under the model policy's name", () => {
      assert.equal(MODEL_POLICY_NAME, "azure-ml-model-governance");
      assert.deepEqual(policyPackConfigFor(rulesLazy()), {
        "azure-ml-model-governance": {
          allowedRegistries: ["azureml", "azureml-meta"],
          allowedPublishers: [],
          blockedModels: ["azureml://registries/azureml/models/phi-4-mini/versions/2"],
          allowedModels: ["azureml://registries/azureml/models/phi-4"],
          workspaceModels: "Deny",
          effect: "Audit",
        },
      });
    });

    it("DoNotEnforce makes the pack advisory, unless the effect is Disabled", () => {
      assert.equal(policyPackConfigFor(rulesLazy(), EnforcementMode.DoNotEnforce)[MODEL_POLICY_NAME].enforcementLevel, "advisory");
      assert.equal(policyPackConfigFor({ ...rulesLazy(), effect: "Deny" }, EnforcementMode.DoNotEnforce)[MODEL_POLICY_NAME].enforcementLevel, "advisory");
      assert.equal("enforcementLevel" in policyPackConfigFor({ ...rulesLazy(), effect: "Disabled" }, EnforcementMode.DoNotEnforce)[MODEL_POLICY_NAME], false);
      assert.equal("enforcementLevel" in policyPackConfigFor({ ...rulesLazy(), effect: "Deny" }, EnforcementMode.Default)[MODEL_POLICY_NAME], false);
    });

    it("round-trips through validateRuleConfig", () => {
      const entry = policyPackConfigFor(rulesLazy())[MODEL_POLICY_NAME];
      // The pack config carries canonical ids: the pack decides case-insensitively and never passes
      // ids to a built-in, so only the as-written case (`written`) does not survive the trip.
      const withoutWritten = (r: ReturnType<typeof rulesLazy>) => ({
        ...r,
        blockedModels: r.blockedModels.map(({ written: _w, ...e }) => e),
        allowedModels: r.allowedModels.map(({ written: _w, ...e }) => e),
      });
      assert.deepEqual(withoutWritten(rulesOf(entry)), withoutWritten(rulesLazy()));
    });

    it("does not share arrays with the rules", () => {
      const entry = policyPackConfigFor(rulesLazy())[MODEL_POLICY_NAME];
      entry.allowedRegistries.push("evil");
      assert.deepEqual(rulesLazy().allowedRegistries, ["azureml", "azureml-meta"]);
    });

    it("from a full config with DoNotEnforce", () => {
      const { config } = valid({ scope: `/subscriptions/${SUB_A}`, allowedRegistries: ["azureml"], enforcementMode: "DoNotEnforce" });
      assert.deepEqual(policyPackConfigFor(config, config.enforcementMode), {
        "azure-ml-model-governance": {
          allowedRegistries: ["azureml"],
          allowedPublishers: [],
          blockedModels: [],
          allowedModels: [],
          workspaceModels: "Allow",
          effect: "Deny",
          enforcementLevel: "advisory",
        },
      });
    });
  });
});

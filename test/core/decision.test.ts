import assert from "node:assert/strict";
import fc from "fast-check";

import { DENY_RULES, ModelSource, Rule, WorkspaceModels } from "../../core/enums";
import { Decision, RuleSet, compileRules, decide, decideModelId } from "../../core/decision";
import { parseModelId } from "../../core/model-id";
import { ModelEntry, parseModelEntry } from "../../core/model-list";
import { ATTACKER_IDS, ATTACK_CONFIGS } from "../cases/attacker-ids";
import { PROPERTY_SEED, lazy, printSeed, rulesOf } from "./helpers";
import { ExpectedRef, expectedParse, registryByRegex } from "./oracle";

const SUB = "00000000-0000-0000-0000-000000000000";
const ARM = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices`;

const BASE = {
  allowedRegistries: ["azureml", "azureml://registries/Azureml-Meta/", "HuggingFace"],
  blockedModels: [
    "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2",
    "azureml://registries/azureml-deepseek/models/DeepSeek-R1",
  ],
};
const APPROVED = {
  ...BASE,
  allowedModels: [
    "azureml://registries/azureml/models/Phi-4",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3",
    `${ARM}/registries/HuggingFace/models/bert-base-uncased/versions/1`,
  ],
};
const REGISTRY_LIST = "(azureml, azureml-meta, huggingface)";

interface Row {
  id: unknown;
  allowed: boolean;
  rule: Rule;
  /** Substrings the reason must contain. */
  reason: string[];
}

function check(rules: () => RuleSet, rows: Row[]): void {
  for (const row of rows) {
    it(`${JSON.stringify(row.id) ?? String(row.id)} -> ${row.rule}`, () => {
      const d = decideModelId(rules(), row.id);
      assert.equal(d.allowed, row.allowed, d.reason);
      assert.equal(d.rule, row.rule, d.reason);
      for (const part of row.reason) assert.ok(d.reason.includes(part), `reason ${JSON.stringify(d.reason)} should contain ${JSON.stringify(part)}`);
    });
  }
}

const deny = (id: unknown, rule: Rule, ...reason: string[]): Row => ({ id, allowed: false, rule, reason });
const allow = (id: unknown, ...reason: string[]): Row => ({ id, allowed: true, rule: Rule.Allowed, reason });

const FIX_REFERENCE = "Reference the model as azureml://registries/{registry}/models/{model}[/versions/{version}]";
const BLOCK_ALL = "which blocks every version and label of that model";
const PHI_MM = "blockedModels entry azureml://registries/azureml/models/phi-4-multimodal-instruct,";
const LLAMA_V2 = "blockedModels entry azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct/versions/2,";

describe("core/decision", () => {
  const base = lazy(() => rulesOf(BASE));
  const approved = lazy(() => rulesOf(APPROVED));
  const strict = lazy(() => rulesOf({ ...BASE, workspaceModels: "Deny" }));

  describe("rule 1: unparseable references are denied (fail closed)", () => {
    check(base, [
      deny("", Rule.ModelReference, 'Model reference "" is not a recognised model id: the model id is empty.', FIX_REFERENCE),
      deny(undefined, Rule.ModelReference, "Model reference (missing) is not a recognised model id: no model id is given", FIX_REFERENCE),
      deny(null, Rule.ModelReference, "no model id is given"),
      deny(7, Rule.ModelReference, "Model reference 7 ", "number, not a string"),
      deny({ assetId: "azureml://registries/azureml/models/Phi-4" }, Rule.ModelReference, "object, not a string"),
      deny("https://ml.azure.com/registries/azureml/models/Phi-4", Rule.ModelReference, "unknown scheme", FIX_REFERENCE),
      deny("azureml://feeds/azureml/models/Phi-4/versions/1", Rule.ModelReference, "unknown azureml:// form 'feeds'"),
      deny("azureml://registries/azureml/models/..", Rule.ModelReference, "expected azureml://registries/{registry}/models/{model}"),
      deny("azureml://registries/azureml/models//versions/1", Rule.ModelReference, "expected azureml://registries/"),
      deny("azureml://registries/azureml/models/Phi-4/", Rule.ModelReference, '"azureml://registries/azureml/models/Phi-4/"'),
      deny(" azureml://registries/azureml/models/Phi-4", Rule.ModelReference, "U+0020"),
      deny("azureml://registries/\u0430zureml/models/Phi-4", Rule.ModelReference, "U+0430"),
      deny("azureml://registries/azureml/models/Phi-4?registry=azureml", Rule.ModelReference, "U+003F"),
      // Rule 1 comes before rule 2: a malformed reference to a blocked model is a reference problem.
      deny("azureml://registries/azureml/models/Phi-4-multimodal-instruct/", Rule.ModelReference, "expected azureml://registries/"),
    ]);

    it("a denial that did not parse carries no reference", () => {
      const d = decideModelId(base(), "hf://x");
      assert.equal(d.reference, undefined);
      assert.equal("reference" in d, false);
    });

    it("never throws on values of any type", () => {
      for (const v of [undefined, null, 0, NaN, true, {}, [], ["azureml:x:1"], Symbol("x"), 10n, () => "azureml:x:1", new Date(0)]) {
        const d = decideModelId(base(), v);
        assert.equal(d.allowed, false);
        assert.equal(d.rule, Rule.ModelReference);
      }
    });

    it("decide never throws, even for an object without a prototype (core/decision.ts: String(input.modelId))", () => {
      assert.doesNotThrow(() => decideModelId(base(), Object.create(null)));
      assert.doesNotThrow(() =>
        decideModelId(base(), {
          toString: () => {
            throw new Error("boom");
          },
        }),
      );
    });
  });

  describe("rule 2: blockedModels", () => {
    check(base, [
      // An entry without a version blocks every version and label, in every form and case.
      deny(
        "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
        Rule.BlockedModels,
        "Model azureml://registries/azureml/models/phi-4-multimodal-instruct is blocked by",
        PHI_MM,
        BLOCK_ALL,
      ),
      deny("azureml://registries/azureml/models/Phi-4-multimodal-instruct/versions/1", Rule.BlockedModels, PHI_MM, BLOCK_ALL),
      deny("azureml://registries/azureml/models/Phi-4-multimodal-instruct/labels/latest", Rule.BlockedModels, PHI_MM, BLOCK_ALL),
      deny("AZUREML://REGISTRIES/AZUREML/MODELS/PHI-4-MULTIMODAL-INSTRUCT/VERSIONS/9", Rule.BlockedModels, PHI_MM),
      deny(`${ARM}/registries/azureml/models/Phi-4-multimodal-instruct/versions/1`, Rule.BlockedModels, PHI_MM),
      deny(`${ARM}/registries/AzureML/models/phi-4-MULTIMODAL-instruct`, Rule.BlockedModels, PHI_MM),
      // Names compare whole: a prefix or an extension of a blocked name is another model.
      allow("azureml://registries/azureml/models/Phi-4-multimodal", "trusted registry 'azureml'"),
      allow("azureml://registries/azureml/models/Phi-4-multimodal-instruct-v2/versions/1"),
      allow("azureml://registries/azureml-meta/models/Phi-4-multimodal-instruct"),
      // An entry with a version blocks that version and every reference that pins none.
      deny(
        "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2",
        Rule.BlockedModels,
        LLAMA_V2,
        "which blocks that version; pin another version",
      ),
      deny(`${ARM}/registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2`, Rule.BlockedModels, LLAMA_V2),
      deny(
        "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
        Rule.BlockedModels,
        LLAMA_V2,
        "a reference without a version may resolve to the blocked version 2; pin another version",
      ),
      deny(`${ARM}/registries/azureml-meta/models/Meta-Llama-3-8B-Instruct`, Rule.BlockedModels, "a reference without a version may resolve"),
      deny(
        "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/labels/latest",
        Rule.BlockedModels,
        LLAMA_V2,
        "the label 'latest' may resolve to the blocked version 2; pin another version",
      ),
      deny("azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct/LABELS/Stable", Rule.BlockedModels, "the label 'stable'"),
      allow("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3"),
      allow("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/20"),
      allow("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2.1"),
      // Rule 2 comes before rule 3: a blocked model of an untrusted registry is reported as blocked.
      deny(
        "azureml://registries/azureml-deepseek/models/DeepSeek-R1",
        Rule.BlockedModels,
        "blockedModels entry azureml://registries/azureml-deepseek/models/deepseek-r1,",
      ),
      deny("azureml://registries/azureml-deepseek/models/DeepSeek-R1/versions/1", Rule.BlockedModels, BLOCK_ALL),
      deny("azureml://registries/azureml-deepseek/models/DeepSeek-V3/versions/1", Rule.TrustedRegistries, "registry 'azureml-deepseek'"),
    ]);

    it("blockedModels wins over allowedModels (rule 2 before rule 4), even for a rule set that validation would refuse", () => {
      const entry = (raw: string): ModelEntry => {
        const r = parseModelEntry(raw);
        assert.ok(r.ok);
        return r.entry;
      };
      const rules: RuleSet = {
        allowedRegistries: ["azureml"],
        blockedModels: [entry("azureml://registries/azureml/models/Phi-4/versions/3")],
        allowedModels: [entry("azureml://registries/azureml/models/Phi-4/versions/3"), entry("azureml://registries/azureml/models/Phi-4")],
        workspaceModels: WorkspaceModels.Allow,
        allowedPublishers: [],
        blockedCatalogModels: [],
        allowedCatalogModels: [],
      };
      assert.equal(decideModelId(rules, "azureml://registries/azureml/models/Phi-4/versions/3").rule, Rule.BlockedModels);
      assert.equal(decideModelId(rules, "azureml://registries/azureml/models/Phi-4/labels/latest").rule, Rule.BlockedModels);
      assert.equal(decideModelId(rules, "azureml://registries/azureml/models/Phi-4/versions/4").rule, Rule.Allowed);
    });

    it("blockedModels does not apply to workspace models of the same name (they are governed by workspaceModels)", () => {
      assert.equal(decideModelId(base(), "azureml:Phi-4-multimodal-instruct:1").rule, Rule.Allowed);
      assert.equal(decideModelId(strict(), "azureml:Phi-4-multimodal-instruct:1").rule, Rule.WorkspaceModels);
    });
  });

  describe("rule 3: allowedRegistries (names compare whole, case-insensitively)", () => {
    const untrusted = (registry: string, id: string): Row =>
      deny(
        id,
        Rule.TrustedRegistries,
        `comes from registry '${registry}', which is not in allowedRegistries ${REGISTRY_LIST}`,
        `ask the platform team to trust '${registry}'`,
      );
    check(base, [
      untrusted("azureml-evil", "azureml://registries/azureml-evil/models/Phi-4"),
      untrusted("azureml-evil", "azureml://registries/AzureML-Evil/models/Phi-4/versions/1"),
      untrusted("azuremlx", "azureml://registries/azuremlx/models/Phi-4"),
      untrusted("azure-ml", "azureml://registries/azure-ml/models/Phi-4/labels/latest"),
      untrusted("xazureml", "azureml://registries/xazureml/models/Phi-4"),
      untrusted("azureml_", "azureml://registries/azureml_/models/Phi-4"),
      untrusted("azureml.evil", "azureml://registries/azureml.evil/models/Phi-4"),
      untrusted("azureml-meta-evil", "azureml://registries/azureml-meta-evil/models/Phi-4"),
      untrusted("azureml-metaa", "azureml://registries/azureml-metaa/models/Phi-4"),
      untrusted("azure", "azureml://registries/azure/models/Phi-4"),
      untrusted("azureml-evil", `${ARM}/registries/azureml-evil/models/Phi-4/versions/1`),
      // The trusted name elsewhere in the id does not help.
      untrusted("evil", "azureml://registries/evil/models/azureml"),
      untrusted("evil", "azureml://registries/evil/models/Phi-4/versions/azureml"),
      untrusted("evil", "azureml://registries/evil/models/Phi-4/labels/azureml-meta"),
      untrusted("evil", `${ARM}/registries/evil/models/azureml/versions/1`),
      // Trusted registries, any case, any form.
      allow(
        "azureml://registries/AZUREML/models/Phi-4",
        "Model azureml://registries/azureml/models/phi-4 comes from trusted registry 'azureml' and no rule objects.",
      ),
      allow("azureml://registries/azureml-meta/models/Llama-3.2-11B-Vision-Instruct", "trusted registry 'azureml-meta'"),
      allow("azureml://registries/huggingface/models/bert-base-uncased/labels/latest", "trusted registry 'huggingface'"),
      allow(`${ARM}/registries/HuggingFace/models/bert-base-uncased/versions/1`, "trusted registry 'huggingface'"),
    ]);

    it("the reason previews a long registry list and counts it", () => {
      const many = rulesOf({ allowedRegistries: ["reg-a", "reg-b", "reg-c", "reg-d", "reg-e", "reg-f", "reg-g"] });
      const d = decideModelId(many, "azureml://registries/evil/models/m");
      assert.ok(d.reason.includes("(reg-a, reg-b, reg-c, reg-d, reg-e, … (7 in all))"), d.reason);
    });

    it("a denied registry model still carries its parsed reference", () => {
      const d = decideModelId(base(), "azureml://registries/Evil/models/M/versions/1");
      assert.deepEqual(d.reference, {
        source: ModelSource.Registry,
        registry: "evil",
        model: "m",
        version: "1",
        canonical: "azureml://registries/evil/models/m/versions/1",
      });
    });
  });

  describe("rule 4: allowedModels", () => {
    const notCovered = (id: string, canonicalToApprove: string, ...more: string[]): Row =>
      deny(
        id,
        Rule.ApprovedModels,
        "is not covered by allowedModels (azureml://registries/azureml/models/phi-4, azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct/versions/3, azureml://registries/huggingface/models/bert-base-uncased/versions/1).",
        `Ask the platform team to approve ${canonicalToApprove}.`,
        ...more,
      );
    check(approved, [
      // An entry without a version covers every version and label.
      allow("azureml://registries/azureml/models/Phi-4"),
      allow("azureml://registries/azureml/models/PHI-4/versions/9"),
      allow("azureml://registries/azureml/models/Phi-4/labels/latest"),
      allow(`${ARM}/registries/azureml/models/Phi-4/versions/1`),
      // ... and only that model: Phi-4 never covers Phi-4-mini or Phi.
      notCovered("azureml://registries/azureml/models/Phi-4-mini", "azureml://registries/azureml/models/phi-4-mini"),
      notCovered("azureml://registries/azureml/models/Phi-4-mini-instruct/versions/1", "azureml://registries/azureml/models/phi-4-mini-instruct/versions/1"),
      notCovered("azureml://registries/azureml/models/Phi", "azureml://registries/azureml/models/phi"),
      notCovered("azureml://registries/azureml-meta/models/Phi-4", "azureml://registries/azureml-meta/models/phi-4"),
      // An entry with a version covers only that pinned version.
      allow("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3"),
      notCovered(
        "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/4",
        "azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct/versions/4",
      ),
      notCovered(
        "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/30",
        "azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct/versions/30",
      ),
      allow("azureml://registries/huggingface/models/bert-base-uncased/versions/1"),
      notCovered(
        "azureml://registries/huggingface/models/bert-base-uncased",
        "azureml://registries/huggingface/models/bert-base-uncased",
        "Approved versions must be pinned with /versions/{version}.",
      ),
      notCovered(
        "azureml://registries/huggingface/models/bert-base-uncased/labels/latest",
        "azureml://registries/huggingface/models/bert-base-uncased",
        "Approved versions must be pinned",
      ),
      // Precedence: the unpinned Llama reference is blocked (rule 2) before it is "not approved" (rule 4).
      deny("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct", Rule.BlockedModels, LLAMA_V2),
      deny("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/labels/latest", Rule.BlockedModels, LLAMA_V2),
      // Precedence: an untrusted registry is reported as such (rule 3 before rule 4).
      deny("azureml://registries/azureml-evil/models/Phi-4", Rule.TrustedRegistries, "registry 'azureml-evil'"),
      // allowedModels governs registry models only.
      allow("azureml:fraud:3", "does not come from a registry, and workspaceModels is Allow"),
    ]);

    it("says approved versions must be pinned only when an approved entry pins a version of that model", () => {
      // No approved entry names Phi-4-mini at all: the missing version is not why it is denied.
      const unrelated = decideModelId(approved(), "azureml://registries/azureml/models/Phi-4-mini");
      assert.equal(unrelated.rule, Rule.ApprovedModels);
      assert.doesNotMatch(unrelated.reason, /pinned/);
      // bert-base-uncased is approved at version 1 only: pinning is the way forward.
      assert.match(decideModelId(approved(), "azureml://registries/huggingface/models/bert-base-uncased").reason, /Approved versions must be pinned/);
    });

    it("the approve hint does not suggest a pinned version for an unpinned reference", () => {
      const d = decideModelId(approved(), "azureml://registries/azureml/models/Phi-4-mini/labels/latest");
      assert.ok(d.reason.endsWith("Ask the platform team to approve azureml://registries/azureml/models/phi-4-mini."), d.reason);
    });
  });

  describe("rule 5: workspaceModels", () => {
    const wsDeny = (id: string, canonical: string): Row =>
      deny(
        id,
        Rule.WorkspaceModels,
        `The model ${canonical} does not come from a registry, and workspaceModels is Deny.`,
        `Publish the model to an allowed registry ${REGISTRY_LIST} and deploy it from there.`,
      );
    describe("Deny", () => {
      check(strict, [
        wsDeny("azureml:fraud:3", "azureml:fraud:3"),
        wsDeny("AZUREML:Fraud@Latest", "azureml:fraud@latest"),
        wsDeny(`${ARM}/workspaces/ws-prod/models/fraud/versions/3`, `${ARM}/workspaces/ws-prod/models/fraud/versions/3`.toLowerCase()),
        wsDeny("azureml://locations/westeurope/workspaces/ws/models/fraud", "azureml://locations/westeurope/workspaces/ws/models/fraud"),
        wsDeny(
          `azureml://subscriptions/${SUB}/resourceGroups/rg/workspaces/ws/models/fraud/versions/1`,
          `azureml://subscriptions/${SUB}/resourcegroups/rg/workspaces/ws/models/fraud/versions/1`,
        ),
        // A workspace named like a trusted registry is still a workspace.
        wsDeny(`${ARM}/workspaces/azureml/models/Phi-4/versions/1`, `${ARM}/workspaces/azureml/models/phi-4/versions/1`.toLowerCase()),
        // Rule 1 before rule 5.
        deny("azureml:fraud", Rule.ModelReference, "expected azureml:{model}:{version} or azureml:{model}@{label}"),
        // Registry models are unaffected.
        allow("azureml://registries/azureml/models/Phi-4"),
      ]);
    });
    describe("Allow (the default)", () => {
      it("defaults to Allow", () => assert.equal(base().workspaceModels, WorkspaceModels.Allow));
      check(base, [
        allow("azureml:fraud:3", "The model azureml:fraud:3 does not come from a registry, and workspaceModels is Allow."),
        allow(`${ARM}/workspaces/ws-prod/models/fraud`),
        allow("azureml://locations/westeurope/workspaces/ws/models/fraud/labels/latest"),
      ]);
    });

    describe("batch data paths", () => {
      const path = "DataPath:/subscriptions/x/datastores/blob models/model.pkl";
      it("are denied under Deny, naming the path", () => {
        const d = decide(compileRules(strict()), { kind: "data-path", path });
        assert.equal(d.allowed, false);
        assert.equal(d.rule, Rule.WorkspaceModels);
        assert.ok(d.reason.includes(`The batch model data path ${JSON.stringify(path)} does not come from a registry, and workspaceModels is Deny.`), d.reason);
        assert.equal(d.reference?.source, ModelSource.Workspace);
      });
      it("are allowed under Allow", () => {
        const d = decide(compileRules(base()), { kind: "data-path", path });
        assert.equal(d.allowed, true);
        assert.equal(d.rule, Rule.Allowed);
        assert.ok(d.reason.includes("workspaceModels is Allow"));
      });
      it("are never parsed as model ids, even when they look like a registry model", () => {
        const d = decide(compileRules(strict()), { kind: "data-path", path: "azureml://registries/azureml/models/Phi-4" });
        assert.equal(d.rule, Rule.WorkspaceModels);
      });
    });
  });

  describe("rule 6: allowed", () => {
    it("an allowed registry model carries its reference and names its registry", () => {
      const d = decideModelId(base(), `${ARM}/registries/AzureML/models/Phi-4/versions/7`);
      assert.deepEqual(d, {
        allowed: true,
        rule: Rule.Allowed,
        reason: "Model azureml://registries/azureml/models/phi-4/versions/7 comes from trusted registry 'azureml' and no rule objects.",
        reference: {
          source: ModelSource.Registry,
          registry: "azureml",
          model: "phi-4",
          version: "7",
          canonical: "azureml://registries/azureml/models/phi-4/versions/7",
        },
      });
    });

    it("compileRules + decide and decideModelId agree", () => {
      const compiled = compileRules(approved());
      for (const { id } of ATTACKER_IDS.slice(0, 120)) {
        assert.deepEqual(decide(compiled, { kind: "model-id", modelId: id }), decideModelId(approved(), id));
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("attacker corpus invariants", () => {
    /** allowedRegistries of a raw config, normalised by hand (not by the code under test). */
    const trustedNames = (raw: readonly string[]): Set<string> =>
      new Set(
        raw.map((r) =>
          r
            .toLowerCase()
            .replace(/^azureml:\/\/registries\//, "")
            .replace(/\/$/, ""),
        ),
      );
    const oracleEntries = (raw: readonly string[]): ExpectedRef[] =>
      raw.map((e) => {
        const r = expectedParse(e);
        assert.ok(r && r.source === "registry", `test config entry ${e} should be a registry model`);
        return r;
      });

    for (const [name, raw] of Object.entries(ATTACK_CONFIGS)) {
      describe(`config '${name}'`, () => {
        let decisions: Array<{ id: string; category: string; d: Decision }> = [];
        let allowed: typeof decisions = [];
        const trusted = trustedNames(raw.allowedRegistries);
        let blocked: ExpectedRef[] = [];
        let approvedEntries: ExpectedRef[] = [];
        before(() => {
          const rules = rulesOf(raw);
          decisions = ATTACKER_IDS.map(({ id, category }) => ({ id, category, d: decideModelId(rules, id) }));
          allowed = decisions.filter((x) => x.d.allowed);
          blocked = oracleEntries(raw.blockedModels);
          approvedEntries = oracleEntries(raw.allowedModels);
        });

        it("decides something both ways (the corpus is not vacuous)", () => {
          assert.ok(allowed.length >= 10, `only ${allowed.length} allowed`);
          assert.ok(decisions.length - allowed.length >= 400, `only ${decisions.length - allowed.length} denied`);
        });

        it("every decision has a rule consistent with its verdict and a non-trivial reason", () => {
          for (const { id, d } of decisions) {
            if (d.allowed) assert.equal(d.rule, Rule.Allowed, id);
            else assert.ok(DENY_RULES.includes(d.rule), `${id}: ${d.rule}`);
            assert.ok(d.reason.length > 40, id);
          }
        });

        it("(a) nothing with a non-ASCII, whitespace, control or % character is allowed", () => {
          const bad = allowed.filter(({ id }) => /[^\x21-\x7e]|%/.test(id)).map(({ id }) => JSON.stringify(id));
          assert.deepEqual(bad, []);
          // And such ids are refused at rule 1, not by a later rule.
          for (const { id, d } of decisions) if (/[^\x21-\x7e]|%/.test(id)) assert.equal(d.rule, Rule.ModelReference, JSON.stringify(id));
        });

        it("(b) every allowed registry model's registry, read by a plain regex, is exactly an allowed name", () => {
          for (const { id, d } of allowed) {
            const registry = registryByRegex(id);
            if (d.reference?.source === ModelSource.Registry) {
              assert.ok(registry !== undefined, `${id} was allowed as a registry model but does not look like one`);
              assert.ok(trusted.has(registry), `${id} allowed from registry '${registry}'`);
              assert.equal(d.reference.registry, registry, id);
            } else {
              assert.equal(registry, undefined, `${id} looks like a registry model but was allowed as ${d.reference?.source}`);
            }
          }
        });

        it("(c) no blocked model is allowed in any casing or form", () => {
          for (const { id } of allowed) {
            const ref = expectedParse(id);
            assert.ok(ref, `${JSON.stringify(id)} was allowed but a careful reader cannot parse it`);
            if (ref.source !== "registry") continue;
            for (const b of blocked) {
              if (b.registry !== ref.registry || b.model !== ref.model) continue;
              assert.ok(
                b.version !== undefined && ref.version !== undefined && ref.version !== b.version,
                `${id} is allowed although ${b.canonical} blocks it`,
              );
            }
          }
          // The evasion forms the corpus generated for registry models are all caught by rule 2.
          for (const { id, category, d } of decisions) {
            const ref = expectedParse(id);
            if (category !== "blocked-evasion" || !ref || ref.source !== "registry") continue;
            const hit = blocked.some(
              (b) =>
                b.registry === ref.registry && b.model === ref.model && (b.version === undefined || ref.version === undefined || b.version === ref.version),
            );
            if (hit) assert.equal(d.rule, Rule.BlockedModels, id);
          }
        });

        it("allowed ids parse to exactly what a careful reader expects", () => {
          for (const { id, d } of allowed) assert.deepEqual({ ...d.reference }, expectedParse(id), id);
        });

        it("ids a careful reader cannot parse are denied at rule 1", () => {
          for (const { id, d } of decisions) if (!expectedParse(id)) assert.equal(d.rule, Rule.ModelReference, JSON.stringify(id));
        });

        if (raw.allowedModels.length > 0) {
          it("(approval list) every allowed registry model is covered by an allowedModels entry, read by the reader", () => {
            for (const { id, d } of allowed) {
              const ref = expectedParse(id);
              if (!ref || ref.source !== "registry") continue;
              const covered = approvedEntries.some(
                (a) => a.registry === ref.registry && a.model === ref.model && (a.version === undefined || a.version === ref.version),
              );
              assert.ok(covered, `${id} (${d.reason})`);
            }
          });
        }

        if (raw.workspaceModels === "Deny") {
          it("(workspaceModels Deny) nothing but registry models is allowed", () => {
            for (const { id, d } of allowed) assert.equal(d.reference?.source, ModelSource.Registry, id);
          });
        }
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  describe(`properties (fast-check, seed ${PROPERTY_SEED})`, () => {
    before(printSeed);
    const params = { seed: PROPERTY_SEED, numRuns: 400 };

    const registryName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);
    const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,24}$/);
    const pin = fc.oneof(fc.constant(undefined), fc.record({ kind: fc.constantFrom("versions", "labels"), value: segment }));
    /** A registry model id in the URI or ARM form, with what it must parse to. */
    const registryId = fc.record({ r: registryName, m: segment, pin, arm: fc.boolean() }).map(({ r, m, pin: p, arm }) => {
      const usesArm = arm && p?.kind !== "labels";
      const tail = p ? `/${p.kind}/${p.value}` : "";
      const id = usesArm ? `${ARM}/registries/${r}/models/${m}${tail}` : `azureml://registries/${r}/models/${m}${tail}`;
      return { id, r, m, pin: p };
    });
    const workspaceId = fc
      .record({ w: segment, m: segment, v: segment, form: fc.constantFrom("arm", "locations", "subscriptions", "short-version", "short-label") })
      .map(({ w, m, v, form }) => {
        switch (form) {
          case "arm":
            return `${ARM}/workspaces/${w}/models/${m}/versions/${v}`;
          case "locations":
            return `azureml://locations/eastus/workspaces/${w}/models/${m}/labels/${v}`;
          case "subscriptions":
            return `azureml://subscriptions/${SUB}/resourceGroups/rg/workspaces/${w}/models/${m}`;
          case "short-version":
            return `azureml:${m}:${v}`;
          default:
            return `azureml:${m}@${v}`;
        }
      });
    const corpusId = fc.constantFrom(...ATTACKER_IDS.map((a) => a.id));
    const anyId = fc.oneof(
      corpusId,
      registryId.map((x) => x.id),
      workspaceId,
    );
    const rulesets = lazy(() => Object.entries(ATTACK_CONFIGS).map(([n, raw]) => [n, compileRules(rulesOf(raw))] as const));

    it("registry ids from a safe alphabet round-trip through parse -> canonical -> parse", () => {
      fc.assert(
        fc.property(registryId, ({ id, r, m, pin: p }) => {
          const first = parseModelId(id);
          assert.ok(first.ok, id);
          const expectedCanonical = `azureml://registries/${r}/models/${m}${p ? `/${p.kind}/${p.value}` : ""}`.toLowerCase();
          assert.equal(first.ref.canonical, expectedCanonical);
          assert.equal(first.ref.source, ModelSource.Registry);
          assert.equal(first.ref.registry, r.toLowerCase());
          assert.equal(first.ref.model, m.toLowerCase());
          assert.equal(first.ref.version, p?.kind === "versions" ? p.value.toLowerCase() : undefined);
          assert.equal(first.ref.label, p?.kind === "labels" ? p.value.toLowerCase() : undefined);
          const second = parseModelId(first.ref.canonical);
          assert.ok(second.ok);
          assert.deepEqual(second.ref, first.ref);
        }),
        params,
      );
    });

    it("workspace ids round-trip too, and agree with the reader", () => {
      fc.assert(
        fc.property(workspaceId, (id) => {
          const first = parseModelId(id);
          assert.ok(first.ok, id);
          assert.deepEqual({ ...first.ref }, expectedParse(id));
          const second = parseModelId(first.ref.canonical);
          assert.ok(second.ok);
          assert.deepEqual(second.ref, first.ref);
        }),
        params,
      );
    });

    it("changing the case of ASCII letters never changes a decision", () => {
      const flip = (id: string, mask: boolean[]): string =>
        [...id]
          .map((ch, i) => (mask[i % Math.max(mask.length, 1)] && /[A-Za-z]/.test(ch) ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch))
          .join("");
      fc.assert(
        fc.property(anyId, fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (id, mask) => {
          const mutated = flip(id, mask);
          for (const [n, compiled] of rulesets()) {
            const a = decide(compiled, { kind: "model-id", modelId: id });
            const b = decide(compiled, { kind: "model-id", modelId: mutated });
            assert.equal(b.allowed, a.allowed, `${n}: ${id} vs ${mutated}`);
            assert.equal(b.rule, a.rule, `${n}: ${id} vs ${mutated}`);
          }
        }),
        params,
      );
    });

    it("adding a character outside the grammar anywhere never turns a deny into an allow (it is always refused at rule 1)", () => {
      const GRAMMAR = /^[A-Za-z0-9._\-/:@]$/;
      const outside = fc
        .oneof(
          fc.constantFrom(
            " ",
            "\t",
            "\n",
            "\r",
            "\u0000",
            "\u007f",
            "%",
            "?",
            "#",
            "*",
            "\\",
            "+",
            "~",
            "'",
            '"',
            "\u00a0",
            "\u200b",
            "\u200d",
            "\ufeff",
            "\u0430",
            "\u0435",
            "\u043e",
            "\u212a",
            "\u0131",
            "\u017f",
            "\uff41",
            "\uff0f",
            "\u2215",
          ),
          fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
        )
        .filter((ch) => !GRAMMAR.test(ch));
      fc.assert(
        fc.property(anyId, outside, fc.nat(), fc.constantFrom("prepend", "append", "insert"), (id, ch, at, where) => {
          const i = at % (id.length + 1);
          const mutated = where === "prepend" ? ch + id : where === "append" ? id + ch : id.slice(0, i) + ch + id.slice(i);
          for (const [n, compiled] of rulesets()) {
            const before = decide(compiled, { kind: "model-id", modelId: id });
            const after = decide(compiled, { kind: "model-id", modelId: mutated });
            assert.equal(after.allowed, false, `${n}: ${JSON.stringify(mutated)}`);
            assert.equal(after.rule, Rule.ModelReference, `${n}: ${JSON.stringify(mutated)}`);
            if (!before.allowed) assert.equal(after.allowed, before.allowed);
          }
        }),
        params,
      );
    });

    it("a random allowedRegistries list admits exactly its own registries", () => {
      const name = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{2,12}$/);
      const spelled = fc
        .record({ n: name, upper: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), form: fc.constantFrom("name", "pattern", "pattern-no-slash") })
        .map(({ n, upper, form }) => {
          const cased = [...n].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join("");
          return { n, raw: form === "name" ? cased : `azureml://registries/${cased}${form === "pattern" ? "/" : ""}` };
        });
      const scenario = fc.array(spelled, { minLength: 1, maxLength: 6 }).chain((list) =>
        fc.record({
          list: fc.constant(list),
          target: fc.oneof(
            name,
            fc.constantFrom(...list.map((x) => x.n)),
            fc.constantFrom(...list.map((x) => x.n.toUpperCase())),
            fc.tuple(fc.constantFrom(...list.map((x) => x.n)), fc.constantFrom("-evil", "x", "_", "-meta", "0")).map(([n, s]) => n + s),
            fc.tuple(fc.constantFrom("evil-", "x", "_"), fc.constantFrom(...list.map((x) => x.n))).map(([p, n]) => p + n),
            fc.constantFrom(...list.map((x) => x.n.slice(0, -1))),
          ),
          tail: fc.constantFrom("", "/versions/1", "/labels/latest"),
          arm: fc.boolean(),
        }),
      );
      fc.assert(
        fc.property(scenario, ({ list, target, tail, arm }) => {
          const rules = rulesOf({ allowedRegistries: list.map((x) => x.raw) });
          const useArm = arm && tail !== "/labels/latest";
          const id = useArm ? `${ARM}/registries/${target}/models/m${tail}` : `azureml://registries/${target}/models/m${tail}`;
          const d = decideModelId(rules, id);
          const inList = list.some((x) => x.n === target.toLowerCase());
          assert.equal(d.allowed, inList, `${id} with ${JSON.stringify(list.map((x) => x.raw))}: ${d.reason}`);
          assert.equal(d.rule, inList ? Rule.Allowed : Rule.TrustedRegistries);
        }),
        params,
      );
    });
  });
});

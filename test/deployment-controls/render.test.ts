/**
 * Rendering: `render` of a config using every new key registers one Resource Manager mode
 * definition per rule in the same initiative, passes the values as assignment parameters (so that
 * editing them changes only the assignments), shows them in `render --format markdown`, and the
 * schema and config validation treat the keys the usual way.
 */
import { strict as assert } from "node:assert";
import { main } from "../../cli/main";
import { capture, scratchFolder } from "../support/cli";
import { CONTROL_KEYS } from "../../core/deployment-controls/config";
import { CONTROL_RULES, DENY_RULES } from "../../core/enums";
import { effectiveConfigJson, governanceConfigSchema, policyPackConfigSchema, validateGovernanceConfig } from "../../core";
import { renderGovernancePlan } from "../../azure-policy/render";
import { checkAuthoringLimits, limitViolations } from "../../azure-policy/evaluator/limits";
import { ALL_ON_CONFIG } from "./cases";
import { controlsConfig, TEST_SCOPE } from "./harness";

const DATA_ZONE = ["DataZoneStandard", "DataZoneProvisionedManaged", "DataZoneBatch", "Standard", "ProvisionedManaged"];

describe("deployment controls: render, schema, validation", function () {
  this.timeout(60_000);

  describe("the plan", () => {
    const plan = renderGovernancePlan("gov", controlsConfig(ALL_ON_CONFIG));

    it("one All-mode definition per rule, members of the same initiative, effect shared with the model rules", () => {
      const defs = plan.definitions.filter((d) => (CONTROL_RULES as readonly string[]).includes(d.referenceId));
      assert.deepEqual(
        defs.map((d) => d.referenceId),
        [...CONTROL_RULES],
      );
      for (const d of defs) {
        assert.equal(d.mode, "All");
        assert.equal(d.policyRule.then.effect, "[parameters('effect')]");
        const member = plan.initiative.policyDefinitions.find((m) => m.definitionName === d.name);
        assert.ok(member, `${d.referenceId} is in the initiative`);
        assert.deepEqual(Object.keys(member.parameters), Object.keys(d.parameters));
      }
      assert.equal(plan.definitions.length, DENY_RULES.length + CONTROL_RULES.length);
    });

    it("the values travel as assignment parameters, residency expanded and lower-cased as the rules compare them", () => {
      const p = plan.assignments[0].parameters;
      assert.deepEqual(
        p.allowedDeploymentTypes.value,
        DATA_ZONE.map((t) => t.toLowerCase()),
      );
      assert.equal(p.requireContentFilter.value, true);
      assert.deepEqual(p.allowedContentFilters.value, ["microsoft.defaultv2", "custom-strict"]);
      assert.deepEqual(p.allowedVersionUpgradeOptions.value, ["noautoupgrade"]);
      assert.equal(p.maxCapacity.value, 100);
      assert.deepEqual(p.maxCapacityByDeploymentType.value, { provisionedmanaged: 50, datazonestandard: 10 });
      const messages = plan.assignments[0].nonComplianceMessages.filter((m) =>
        (CONTROL_RULES as readonly string[]).includes(m.policyDefinitionReferenceId ?? ""),
      );
      assert.equal(messages.length, 4);
      assert.match(messages[0].message, /^\[deployment-types\] Model deployments must use one of the deployment types DataZoneStandard, /);
    });

    it("editing the values changes only the assignments (definitions and initiative identical)", () => {
      const edited = renderGovernancePlan(
        "gov",
        controlsConfig({
          ...ALL_ON_CONFIG,
          allowedDeploymentTypes: ["GlobalStandard"],
          requireContentFilter: false,
          allowedContentFilters: ["x"],
          allowedVersionUpgradeOptions: ["OnceCurrentVersionExpired"],
          maxCapacity: 5,
          maxCapacityByDeploymentType: { Standard: 1 },
        }),
      );
      assert.deepEqual(edited.definitions, plan.definitions);
      assert.deepEqual(edited.initiative, plan.initiative);
      assert.notDeepEqual(edited.assignments[0].parameters, plan.assignments[0].parameters);
      // Adding the second key of a rule that is on is an edit too.
      const capOnly = renderGovernancePlan("gov", controlsConfig({ maxCapacity: 5 }));
      const both = renderGovernancePlan("gov", controlsConfig({ maxCapacity: 5, maxCapacityByDeploymentType: { Standard: 1 } }));
      assert.deepEqual(both.initiative, capOnly.initiative);
    });

    it("every control definition is within Azure's authoring limits (functions, nesting, expression length)", () => {
      const parameters = Object.fromEntries(Object.entries(plan.assignments[0].parameters).map(([k, v]) => [k, v.value]));
      for (const d of plan.definitions.filter((x) => (CONTROL_RULES as readonly string[]).includes(x.referenceId))) {
        const report = checkAuthoringLimits(d.policyRule, { parameters });
        assert.deepEqual(limitViolations(report), [], d.referenceId);
        assert.ok(report.functionCount < 200, `${d.referenceId}: ${report.functionCount} functions`);
      }
    });

    it("without the keys nothing changes: no control definition, parameter or message", () => {
      const plain = renderGovernancePlan("gov", controlsConfig({}));
      assert.equal(plain.definitions.length, DENY_RULES.length);
      assert.ok(!("maxCapacity" in plain.initiative.parameters));
      assert.ok(!("allowedDeploymentTypes" in plain.assignments[0].parameters));
    });
  });

  describe("render from a config file", () => {
    const file = scratchFolder("amg-controls-render-").file("gov.json", {
      scope: TEST_SCOPE,
      allowedRegistries: ["azureml"],
      allowedPublishers: ["OpenAI"],
      ...ALL_ON_CONFIG,
    });

    it("--format json: the component registers the four definitions and assigns the values", async () => {
      const io = capture();
      assert.equal(await main(["render", "--config", file, "--format", "json"], io), 0, io.stderr);
      const { resources } = JSON.parse(io.stdout) as { resources: Array<{ type: string; inputs: Record<string, any> }> };
      const defs = resources.filter((r) => /PolicyDefinition$/.test(r.type) && (CONTROL_RULES as readonly string[]).includes(r.inputs.metadata?.rule));
      assert.equal(defs.length, 4);
      const initiative = resources.find(
        (r) => /PolicySetDefinition$/.test(r.type) && r.inputs.policyDefinitions.some((m: any) => m.policyDefinitionReferenceId === "capacity"),
      );
      assert.ok(initiative);
      const assignment = resources.find((r) => /PolicyAssignment$/.test(r.type) && r.inputs.parameters?.maxCapacity);
      assert.equal(assignment?.inputs.parameters.maxCapacity.value, 100);
    });

    it("--format markdown: a Deployment controls section with every rule and the expanded residency list", async () => {
      const io = capture();
      assert.equal(await main(["render", "--config", file, "--format", "markdown"], io), 0, io.stderr);
      assert.match(io.stdout, /### Deployment controls/);
      assert.match(io.stdout, /\| `deployment-types` \| `allowedDeploymentTypes`: `DataZoneStandard` \(data-zone\), .*`ProvisionedManaged` \(regional\) \|/);
      assert.match(io.stdout, /\| `content-filters` \| `requireContentFilter`: `true`<br>`allowedContentFilters`: `Microsoft.DefaultV2`, `custom-strict` \|/);
      assert.match(io.stdout, /\| `version-upgrades` \| `allowedVersionUpgradeOptions`: `NoAutoUpgrade` \|/);
      assert.match(io.stdout, /\| `capacity` \| `maxCapacity`: `100`<br>`maxCapacityByDeploymentType`: `ProvisionedManaged` ≤ 50, `DataZoneStandard` ≤ 10 \|/);
      // The controls are in their own section, not listed again as guardrails (no guardrail is set here).
      assert.doesNotMatch(io.stdout, /### Guardrails and registry built-ins/);
    });

    it("text: the controls are not listed under guardrails", async () => {
      const io = capture();
      assert.equal(await main(["render", "--config", file], io), 0, io.stderr);
      assert.match(io.stdout, /deployment-types/);
      assert.doesNotMatch(io.stdout, /Guardrails and registry built-ins/);
    });
  });

  describe("schema and validation", () => {
    it("an exemption may name a deployment-control rule that is on (same initiative), not one that is off", () => {
      const exemption = {
        scope: `${TEST_SCOPE}/resourceGroups/rg-batch`,
        category: "Waiver",
        expiresOn: "2099-01-01T00:00:00Z",
        reason: "Batch evaluation needs GlobalBatch",
        requestedBy: "team-a (SEC-2)",
        rules: ["deployment-types"],
      };
      const on = validateGovernanceConfig({
        scope: TEST_SCOPE,
        allowedRegistries: ["azureml"],
        allowedPublishers: ["OpenAI"],
        allowedDeploymentTypes: ["residency:data-zone"],
        exemptions: [exemption],
      });
      assert.ok(on.ok, on.ok ? "" : JSON.stringify(on.errors));
      const off = validateGovernanceConfig({ scope: TEST_SCOPE, allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"], exemptions: [exemption] });
      assert.equal(off.ok, false);
      assert.deepEqual(off.ok ? [] : off.errors.map((e) => e.field), ["exemptions[0].rules[0]"]);
    });

    it("the schema (component and pack) documents every key, each deployment type explained", () => {
      for (const schema of [governanceConfigSchema.properties as Record<string, any>, policyPackConfigSchema.properties as Record<string, any>]) {
        for (const k of CONTROL_KEYS) assert.ok(typeof schema[k]?.description === "string" && schema[k].description.length > 40, k);
        assert.match(schema.allowedDeploymentTypes.description, /DeveloperTier \(Developer: .*no data residency guarantee/);
        assert.match(
          schema.allowedDeploymentTypes.description,
          /residency:data-zone = DataZoneStandard, DataZoneProvisionedManaged, DataZoneBatch, Standard, ProvisionedManaged/,
        );
      }
    });

    it("every problem at once, each with field, value and fix; nothing valid comes back", () => {
      const r = validateGovernanceConfig({
        scope: TEST_SCOPE,
        allowedRegistries: ["azureml"],
        allowedPublishers: ["OpenAI"],
        allowedDeploymentTypes: ["GlobalProvisioned", "globalstandard"],
        requireContentFilter: "yes",
        allowedContentFilters: ["Microsoft.Nil", "microsoft.NILL"],
        allowedVersionUpgradeOptions: ["Never"],
        maxCapacity: 1.5,
        maxCapacityByDeploymentType: { GlobalStandrd: 10, Standard: 0 },
      });
      assert.equal(r.ok, false);
      const fields = r.ok ? [] : r.errors.map((e) => e.field).sort();
      assert.deepEqual(fields, [
        "allowedContentFilters[0]",
        "allowedContentFilters[1]",
        "allowedDeploymentTypes[0]",
        "allowedDeploymentTypes[1]",
        "allowedVersionUpgradeOptions[0]",
        "maxCapacity",
        "maxCapacityByDeploymentType.GlobalStandrd",
        "maxCapacityByDeploymentType.Standard",
        "requireContentFilter",
      ]);
      if (!r.ok) {
        for (const e of r.errors) assert.ok(e.fix.length > 10, `${e.field} has a fix`);
        assert.equal(r.errors.find((e) => e.field === "maxCapacityByDeploymentType.GlobalStandrd")?.fix, "did you mean GlobalStandard?");
        assert.match(r.errors.find((e) => e.field === "allowedContentFilters[0]")?.message ?? "", /turns content filtering off/);
      }
    });

    it("shorthands expand in the effective config; version-pinned approvals without NoAutoUpgrade get a warning", () => {
      const r = validateGovernanceConfig({
        scope: TEST_SCOPE,
        allowedRegistries: ["azureml"],
        allowedPublishers: ["OpenAI"],
        allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/7"],
        allowedDeploymentTypes: ["residency:regional", "DataZoneStandard", "Standard"],
        allowedVersionUpgradeOptions: ["NoAutoUpgrade", "OnceCurrentVersionExpired"],
      });
      assert.ok(r.ok);
      assert.deepEqual(effectiveConfigJson(r.config).allowedDeploymentTypes, ["Standard", "ProvisionedManaged", "DataZoneStandard"]);
      // allowedModels: the approval list names registry models only, so it also denies every catalog model (issue 10).
      assert.deepEqual(
        r.warnings.map((w) => w.field),
        ["allowedModels", "allowedDeploymentTypes[2]", "allowedVersionUpgradeOptions"],
      );
      assert.match(
        r.warnings.find((w) => w.field === "allowedVersionUpgradeOptions")?.message ?? "",
        /allows automatic upgrades, which can move a deployment past a version-pinned approval \(1 pinned, e\.g\. azureml:\/\/registries\/azureml\/models\/phi-4\/versions\/7\)/i,
      );
      const safe = validateGovernanceConfig({
        scope: TEST_SCOPE,
        allowedRegistries: ["azureml"],
        allowedPublishers: ["OpenAI"],
        allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/7"],
        allowedVersionUpgradeOptions: ["NoAutoUpgrade"],
      });
      assert.ok(safe.ok);
      // Only issue 10's note that a registry-only approval list denies catalog models; no upgrade warning.
      assert.deepEqual(
        safe.warnings.map((w) => w.field),
        ["allowedModels"],
      );
    });
  });
});

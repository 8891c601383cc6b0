import { strict as assert } from "node:assert";
import { DENY_RULES, EnforcementMode, validateGovernanceConfig, EffectiveConfig } from "../../core";
import { LIMITS } from "../../core/config/schema";
import { renderGovernancePlan, assignmentName, ASSIGNMENT_NAME_MAX, DEFINITION_NAME_MAX, PARAM } from "../../azure-policy";
import { checkAuthoringLimits, assertWithinLimits } from "../../azure-policy/evaluator";

const SUB = "/subscriptions/33333333-3333-3333-3333-333333333333";
const MG = "/providers/Microsoft.Management/managementGroups/contoso-platform";
const ONE_MB = 1_048_576;

function config(extra: Record<string, unknown> = {}): EffectiveConfig {
  const result = validateGovernanceConfig({ scope: `${SUB}/resourceGroups/rg-ml`, allowedRegistries: ["azureml", "azureml-meta"], ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** The largest config validation accepts: every list at its limit, entries near the length limit. */
function largestConfig(): EffectiveConfig {
  const registries = Array.from({ length: LIMITS.allowedRegistries }, (_, i) => `registry-${String(i).padStart(3, "0")}-${"x".repeat(20)}`);
  const model = (i: number, tag: string) =>
    `azureml://registries/${registries[i % registries.length]}/models/${tag}-${String(i).padStart(4, "0")}-${"m".repeat(120)}/versions/${i}`;
  return config({
    allowedRegistries: registries,
    blockedModels: Array.from({ length: LIMITS.blockedModels }, (_, i) => model(i, "blocked")),
    allowedModels: Array.from({ length: LIMITS.allowedModels }, (_, i) => model(i, "approved")),
    owner: "ml-platform@contoso.com",
  });
}

describe("azure-policy: rendered plan structure", () => {
  const plan = renderGovernancePlan("ml-governance", config({ blockedModels: ["azureml://registries/azureml/models/Phi-3/versions/2"] }));

  it("one custom definition per deny rule, mode All, effect from a parameter", () => {
    assert.deepEqual(
      plan.definitions.map((d) => d.referenceId),
      [...DENY_RULES],
    );
    for (const d of plan.definitions) {
      assert.equal(d.mode, "All");
      assert.equal(d.policyRule.then.effect, "[parameters('effect')]");
      assert.deepEqual(d.parameters.effect.allowedValues, ["Deny", "Audit", "Disabled"]);
      assert.ok(d.name.length <= DEFINITION_NAME_MAX, d.name);
    }
  });

  it("the initiative forwards exactly the parameters each member declares", () => {
    assert.equal(plan.initiative.policyDefinitions.length, plan.definitions.length);
    for (const member of plan.initiative.policyDefinitions) {
      const def = plan.definitions.find((d) => d.name === member.definitionName);
      assert.ok(def, member.definitionName);
      assert.deepEqual(Object.keys(member.parameters).sort(), Object.keys(def.parameters).sort());
      for (const [p, v] of Object.entries(member.parameters)) {
        assert.equal(v.value, `[parameters('${p}')]`);
        assert.ok(plan.initiative.parameters[p], `initiative declares ${p}`);
      }
    }
  });

  it("the lists travel as assignment parameters in the core's key form", () => {
    const [a] = plan.assignments;
    assert.deepEqual(a.parameters[PARAM.allowedRegistries].value, ["azureml", "azureml-meta"]);
    assert.deepEqual(a.parameters[PARAM.blockedModelKeys].value, ["azureml/phi-3/versions/2", "azureml/phi-3/versions/*"]);
    assert.deepEqual(a.parameters[PARAM.allowedModelKeys].value, []);
    assert.equal(a.parameters[PARAM.effect].value, "Deny");
    assert.equal(a.parameters[PARAM.workspaceModels].value, "Allow");
  });

  it("matching is anchored: no substring contains() over the model id, no like wildcards", () => {
    const text = JSON.stringify(plan.definitions.map((d) => d.policyRule));
    assert.ok(!/"like"|"notLike"/.test(text), "no like conditions");
    // contains() appears only for ':'/'@' checks, the Foundry source test and type-list membership.
    const containsArgs = [...text.matchAll(/contains\((?:[^()]|\([^()]*\))*?, '([^']*)'\)/g)].map((m) => m[1]);
    for (const arg of containsArgs)
      // '  ': a catalog publisher may not hold two spaces in a row (a grammar check, not a match).
      assert.ok([":", "@", "/", "azureml:", "/providers/microsoft.machinelearningservices/", "  "].includes(arg), `unexpected contains() argument '${arg}'`);
  });

  it("default messages name each rule and the registries, and say must or should by enforcement mode", () => {
    const must = plan.assignments[0].nonComplianceMessages;
    assert.deepEqual(
      must.map((m) => m.policyDefinitionReferenceId),
      [...DENY_RULES],
    );
    for (const m of must) assert.match(m.message, new RegExp(`^\\[${m.policyDefinitionReferenceId}\\] .* must `));
    assert.match(must.find((m) => m.policyDefinitionReferenceId === "trusted-registries")?.message ?? "", /azureml, azureml-meta/);
    const should = renderGovernancePlan("ml-governance", config({ enforcementMode: EnforcementMode.DoNotEnforce, owner: "ml-platform" })).assignments[0]
      .nonComplianceMessages;
    for (const m of should) {
      assert.match(m.message, / should /);
      assert.match(m.message, /Contact: ml-platform\.$/);
    }
    const custom = renderGovernancePlan("ml-governance", config({ nonComplianceMessage: "Ask #ml-platform." })).assignments[0].nonComplianceMessages;
    assert.deepEqual(custom, [{ message: "Ask #ml-platform." }]);
  });
});

describe("azure-policy: names", () => {
  it("depend on the component name and scope only, never on list contents", () => {
    const a = renderGovernancePlan("gov", config());
    const b = renderGovernancePlan(
      "gov",
      config({ blockedModels: ["azureml://registries/azureml/models/x"], allowedModels: ["azureml://registries/azureml/models/y"], effect: "Audit" }),
    );
    assert.deepEqual(
      a.definitions.map((d) => d.name),
      b.definitions.map((d) => d.name),
    );
    assert.equal(a.initiative.name, b.initiative.name);
    assert.deepEqual(
      a.assignments.map((x) => [x.name, x.key]),
      b.assignments.map((x) => [x.name, x.key]),
    );
    assert.notDeepEqual(a.assignments[0].parameters, b.assignments[0].parameters);
  });

  it("assignment names fit 24 characters and differ by scope and by component", () => {
    const names = new Set<string>();
    for (const component of ["gov", "gov-2", "a very long component name that goes on and on"]) {
      for (const scope of [SUB, `${SUB}/resourceGroups/rg-ml`, MG]) {
        const n = assignmentName(component, scope);
        assert.ok(n.length <= ASSIGNMENT_NAME_MAX, n);
        assert.match(n, /^[a-z0-9-]+$/);
        names.add(n);
      }
    }
    assert.equal(names.size, 9);
    // Scope ids are case-insensitive in Azure, so the name is too.
    assert.equal(assignmentName("gov", SUB.toUpperCase()), assignmentName("gov", SUB));
  });

  it("one assignment per scope, at management-group scope too", () => {
    const plan = renderGovernancePlan("gov", config({ scope: MG, additionalScopes: [`${SUB}/resourceGroups/rg-a`, `${SUB}/resourceGroups/rg-b`] }));
    assert.equal(plan.definitionScope.kind, "managementGroup");
    assert.deepEqual(
      plan.assignments.map((a) => a.scope),
      [MG, `${SUB}/resourceGroups/rg-a`, `${SUB}/resourceGroups/rg-b`],
    );
  });
});

describe("azure-policy: Azure limits at the largest supported lists", () => {
  const plan = renderGovernancePlan("ml-governance", largestConfig());

  it("every definition, the initiative and every assignment body stay under 1 MB", () => {
    for (const body of [...plan.definitions, plan.initiative, ...plan.assignments]) {
      const bytes = Buffer.byteLength(JSON.stringify(body));
      assert.ok(bytes < ONE_MB, `${body.name}: ${bytes} bytes`);
    }
    // The assignment carries the lists: it is the largest body, and still well under the limit.
    assert.ok(Buffer.byteLength(JSON.stringify(plan.assignments[0])) < ONE_MB / 2);
  });

  it("every rule is within the authoring limits (functions, nesting, value counts, expression length)", () => {
    for (const d of plan.definitions) {
      const report = checkAuthoringLimits(d.policyRule, { parameters: d.parameters });
      assertWithinLimits(report);
      // One binding of the model id and one of the catalog tuple.
      assert.ok(report.valueCountExpressions >= 1 && report.valueCountExpressions <= 2, `${d.referenceId}: ${report.valueCountExpressions}`);
      assert.ok(report.functionCount <= 2048, `${d.referenceId}: ${report.functionCount} functions`);
    }
  });

  it("at most 20 parameters per definition and no list iterated by a value count", () => {
    for (const d of plan.definitions) {
      assert.ok(Object.keys(d.parameters).length <= 20);
      const text = JSON.stringify(d.policyRule);
      const counts = text.match(/"count":\{"value":"/g) ?? [];
      const oneElement = text.match(/"count":\{"value":"\[createArray\((?:field|if|createArray)\(/g) ?? [];
      assert.ok(counts.length >= 1, d.referenceId);
      assert.equal(oneElement.length, counts.length, `${d.referenceId}: every value count iterates a one-element array (a bound id or catalog tuple)`);
    }
  });
});

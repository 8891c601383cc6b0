/**
 * The baseline args stay multi-language safe and agree with the catalogue: the Pulumi component
 * analyzer (`ComponentProvider.getSchema()`) must accept them, and the typed interfaces must name
 * exactly the catalogue's keys and parameters, so the TypeScript, the generated SDKs, the JSON
 * Schema and the renderer cannot drift apart.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { governanceConfigSchema } from "../../core";
import { GUARDRAIL_DEFINITIONS, GUARDRAIL_KEYS, GuardrailEffect, REGISTRY_BUILTIN_KEYS } from "../../core/guardrails";
import { MlDeploymentGovernance } from "../../components/ml-deployment-governance";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const P = "azure-ml-governance:index:";

interface SchemaType {
  type: string;
  properties?: Record<string, { $ref?: string; type?: string; items?: { $ref?: string } }>;
  required?: string[];
  enum?: Array<{ value: string }>;
}

describe("baseline args in the multi-language schema", function () {
  this.timeout(120_000);
  let types: Record<string, SchemaType>;
  let inputs: Record<string, { $ref?: string; type?: string; items?: { $ref?: string } }>;
  let outputs: Record<string, { $ref?: string }>;

  before(async () => {
    const provider = new ComponentProvider({ components: [MlDeploymentGovernance], name: "azure-ml-governance", dirname: ROOT });
    const schema = JSON.parse(await provider.getSchema()) as {
      resources: Record<string, { inputProperties: typeof inputs; properties: typeof outputs }>;
      types: typeof types;
    };
    types = schema.types;
    inputs = schema.resources[`${P}MlDeploymentGovernance`].inputProperties;
    outputs = schema.resources[`${P}MlDeploymentGovernance`].properties;
  });

  const typeOf = (ref: string | undefined): SchemaType => {
    assert.ok(ref, "a $ref");
    const t = types[ref.replace("#/types/", "")];
    assert.ok(t, `type ${ref}`);
    return t;
  };

  it("guardrails and registryBuiltins have one property per catalogue key", () => {
    assert.deepEqual(Object.keys(typeOf(inputs.guardrails.$ref).properties!).sort(), [...GUARDRAIL_KEYS].sort());
    assert.deepEqual(Object.keys(typeOf(inputs.registryBuiltins.$ref).properties!).sort(), [...REGISTRY_BUILTIN_KEYS].sort());
  });

  it("each setting's typed parameters are exactly the definition's, required where it has no default", () => {
    for (const def of GUARDRAIL_DEFINITIONS) {
      const group = typeOf((def.group === "guardrails" ? inputs.guardrails : inputs.registryBuiltins).$ref);
      const setting = typeOf(group.properties![def.key].$ref);
      assert.equal(setting.properties!.effect.$ref, `#/types/${P}GuardrailEffect`, `${def.key}.effect`);
      if (def.parameters.length === 0) {
        assert.equal(setting.properties!.parameters, undefined, `${def.key} takes no parameters`);
        continue;
      }
      const params = typeOf(setting.properties!.parameters.$ref);
      assert.deepEqual(Object.keys(params.properties!).sort(), def.parameters.map((p) => p.name).sort(), `${def.key} parameters`);
      assert.deepEqual(
        [...(params.required ?? [])].sort(),
        def.parameters
          .filter((p) => p.required)
          .map((p) => p.name)
          .sort(),
        `${def.key} required parameters`,
      );
    }
  });

  it("the JSON Schema (validation) has the same keys and parameters", () => {
    const props = governanceConfigSchema.properties as Record<
      string,
      { properties: Record<string, { properties: { effect: { enum: string[] }; parameters?: { properties: Record<string, unknown> } } }> }
    >;
    for (const def of GUARDRAIL_DEFINITIONS) {
      const setting = props[def.group].properties[def.key];
      assert.deepEqual(setting.properties.effect.enum, [...def.allowedEffects]);
      assert.deepEqual(
        Object.keys(setting.properties.parameters?.properties ?? {}),
        def.parameters.map((p) => p.name),
      );
    }
  });

  it("enums: GuardrailEffect and ExemptionCategory", () => {
    assert.deepEqual(types[`${P}GuardrailEffect`].enum!.map((e) => e.value).sort(), Object.values(GuardrailEffect).sort());
    assert.deepEqual(types[`${P}ExemptionCategory`].enum!.map((e) => e.value).sort(), ["Mitigated", "Waiver"]);
    assert.deepEqual([...typeOf(inputs.exemptions.items!.$ref).required!].sort(), ["category", "expiresOn", "reason", "requestedBy", "scope"]);
    assert.deepEqual([...typeOf(inputs.monitoring.$ref).required!].sort(), ["emailReceivers", "resourceGroupId"]);
    assert.equal(inputs.identityLocation.type, "string");
    assert.equal(inputs.exemptionMaxDays.type, "number");
  });

  it("outputs: baseline and complianceQueries are named object types", () => {
    assert.deepEqual(typeOf(outputs.baseline.$ref).required!.sort(), [
      "assignmentIds",
      "assignmentNames",
      "customDefinitionIds",
      "exemptionIds",
      "principalIds",
      "roleAssignmentIds",
    ]);
    assert.deepEqual(Object.keys(typeOf(outputs.complianceQueries.$ref).properties!).sort(), [
      "denyEvents",
      "policyStates",
      "resourceGraph",
      "resourceGraphCommand",
    ]);
  });

  it("no type anywhere has the wrong parameter name allowedModelPublishers", () => {
    assert.ok(!JSON.stringify(types).includes("allowedModelPublishers"));
  });
});

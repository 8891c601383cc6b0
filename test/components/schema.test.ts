/**
 * The component must stay usable from other languages (`pulumi package add`): the Pulumi
 * component analyzer must accept its args and outputs, and the multi-language host must find
 * the class in the package's main exports. Both are checked offline here.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { MlDeploymentGovernance } from "../../components/ml-deployment-governance";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const TOKEN = "azure-ml-governance:index:MlDeploymentGovernance";

describe("MlDeploymentGovernance as a multi-language component", function () {
  this.timeout(120_000);

  it("is discovered from the package entry's exports (lib.ts, package.json main)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.join(ROOT, "dist", "lib.js")) as Record<string, unknown>;
    assert.deepEqual(getPulumiComponents(lib), [MlDeploymentGovernance]);
  });

  it("yields a schema: named args interface, enums, required inputs, outputs", async () => {
    const provider = new ComponentProvider({ components: [MlDeploymentGovernance], name: "azure-ml-governance", dirname: ROOT });
    const schema = JSON.parse(await provider.getSchema()) as {
      name: string;
      resources: Record<
        string,
        { isComponent: boolean; inputProperties: Record<string, any>; requiredInputs: string[]; properties: Record<string, any>; required?: string[] }
      >;
      types: Record<string, { type: string; enum?: Array<{ value: string }>; properties?: Record<string, any> }>;
    };
    assert.equal(schema.name, "azure-ml-governance");
    const resource = schema.resources[TOKEN];
    assert.ok(resource, `schema has ${TOKEN}`);
    assert.equal(resource.isComponent, true);
    assert.deepEqual([...resource.requiredInputs].sort(), ["allowedRegistries", "scope"]);
    assert.deepEqual(Object.keys(resource.inputProperties).sort(), [
      "additionalScopes",
      "allowedContentFilters",
      "allowedDeploymentTypes",
      "allowedModels",
      "allowedPublishers",
      "allowedRegistries",
      "allowedVersionUpgradeOptions",
      "blockedModels",
      "definitionScope",
      "effect",
      "enforcementMode",
      "exemptionMaxDays",
      "exemptions",
      "guardrails",
      "identityLocation",
      "maxCapacity",
      "maxCapacityByDeploymentType",
      "monitoring",
      "nonComplianceMessage",
      "notScopes",
      "owner",
      "pulumiCloud",
      "registryBuiltins",
      "requireContentFilter",
      "scope",
      "workspaceModels",
    ]);
    assert.equal(resource.inputProperties.allowedRegistries.type, "array");
    assert.equal(resource.inputProperties.effect.$ref, "#/types/azure-ml-governance:index:Effect");
    assert.deepEqual(schema.types["azure-ml-governance:index:Effect"].enum?.map((e) => e.value).sort(), ["Audit", "Deny", "Disabled"]);
    assert.deepEqual(schema.types["azure-ml-governance:index:WorkspaceModels"].enum?.map((e) => e.value).sort(), ["Allow", "Deny"]);
    assert.deepEqual(schema.types["azure-ml-governance:index:EnforcementMode"].enum?.map((e) => e.value).sort(), ["Default", "DoNotEnforce"]);
    assert.deepEqual(Object.keys(resource.properties).sort(), [
      "assignmentIds",
      "assignmentNames",
      "baseline",
      "complianceQueries",
      "definitionIds",
      "effectiveConfig",
      "initiativeId",
      "policyPackConfig",
      "pulumiCloud",
    ]);
    assert.equal(resource.inputProperties.pulumiCloud.$ref, "#/types/azure-ml-governance:index:PulumiCloudConfig");
    assert.deepEqual(schema.types["azure-ml-governance:index:PolicyGroupMode"].enum?.map((e) => e.value).sort(), ["audit", "preventative"]);
    assert.equal(resource.properties.initiativeId.type, "string");
    assert.equal(resource.properties.assignmentIds.type, "object");
    assert.equal(resource.properties.effectiveConfig.$ref, "#/types/azure-ml-governance:index:EffectiveGovernanceConfig");
  });
});

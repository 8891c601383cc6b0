/**
 * `MlDeploymentGovernance` with the baseline keys, under Pulumi mocks: what it registers (custom
 * definitions, the baseline initiative and assignments, identities, role assignments, exemptions,
 * the alert), how the resources are wired, the outputs, and that without the keys it registers
 * exactly what it did before.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DENY_RULES, GovernanceConfigError } from "../../core";
import { BuiltinRole } from "../../core/guardrails";
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "../../components/ml-deployment-governance";
import { countByType, mockId, RecordedResource, RecordingMocks, settle, T, valueOf } from "../components/mocks";
import { DNS_ZONE, LAW, MG_SCOPE, RG_SCOPE, SUB, SUB_SCOPE } from "./fixtures";

/** The component validates against the real clock: expiries relative to now. */
const EXPIRES = new Date(Date.now() + 30 * 86_400_000).toISOString();

const NEW = {
  exemption: "azure-native:authorization:PolicyExemption",
  role: "azure-native:authorization:RoleAssignment",
  actionGroup: "azure-native:monitor:ActionGroup",
  alert: "azure-native:monitor:ActivityLogAlert",
} as const;

/** The principal id the mocked provider gives a system-assigned identity. */
export function principalOf(assignmentName: string): string {
  return `principal-of-${assignmentName}`;
}

/** Recording mocks that also give ids to the baseline's resources and principal ids to identities, as Azure would. */
class BaselineMocks extends RecordingMocks {
  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    const inputs = (args.inputs ?? {}) as Record<string, any>;
    let id = mockId(args.type, args.name, inputs);
    if (args.type === NEW.exemption) id = `${inputs.scope}/providers/Microsoft.Authorization/policyExemptions/${inputs.policyExemptionName}`;
    if (args.type === NEW.role) id = `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${inputs.roleAssignmentName}`;
    if (args.type === NEW.actionGroup)
      id = `/subscriptions/${SUB}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Insights/actionGroups/${inputs.actionGroupName}`;
    if (args.type === NEW.alert)
      id = `/subscriptions/${SUB}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Insights/activityLogAlerts/${inputs.activityLogAlertName}`;
    this.resources.push({ type: args.type, name: args.name, inputs, custom: args.custom ?? false, id });
    const state: Record<string, any> = { ...inputs };
    if (args.type === T.assignment && inputs.identity)
      state.identity = { ...inputs.identity, principalId: principalOf(inputs.policyAssignmentName), tenantId: "tenant" };
    return { id, state };
  }
}

async function installBaselineMocks(): Promise<BaselineMocks> {
  const mocks = new BaselineMocks();
  await pulumi.runtime.setMocks(mocks, "azure-ml-governance", "test", false);
  return mocks;
}

const BASE: MlDeploymentGovernanceArgs = { scope: SUB_SCOPE, allowedRegistries: ["azureml"], owner: "ml-platform@contoso.com" };

const FULL: MlDeploymentGovernanceArgs = {
  ...BASE,
  additionalScopes: [RG_SCOPE.replace("rg-ml", "rg-ml-b")],
  identityLocation: "westeurope",
  guardrails: {
    computeIdleShutdown: { effect: "Deny" },
    disableLocalAuth: { effect: "Deny" },
    configureDisableLocalAuth: {},
    configureWorkspacePrivateDnsZones: { parameters: { privateDnsZoneId: DNS_ZONE } },
    configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW } },
    computePublicIp: {},
    serverlessSparkJobs: { effect: "Audit" },
  },
  registryBuiltins: { allowedRegistry: { effect: "Deny" }, cognitiveServicesApprovedModels: { effect: "Deny" } },
  exemptions: [
    {
      scope: `${SUB_SCOPE}/resourceGroups/rg-sandbox`,
      category: "Waiver",
      expiresOn: EXPIRES,
      reason: "sandbox for the model evaluation team",
      requestedBy: "alice@contoso.com",
      rules: ["trusted-registries", "computePublicIp"],
    },
  ],
  monitoring: { resourceGroupId: `${SUB_SCOPE}/resourceGroups/rg-monitoring`, emailReceivers: [{ name: "platform", emailAddress: "ml-platform@contoso.com" }] },
};

interface Run {
  component: MlDeploymentGovernance;
  records: RecordedResource[];
  baseline: Awaited<ReturnType<typeof valueOf<any>>>;
  queries: any;
  packConfig: Record<string, any>;
}

async function run(mocks: RecordingMocks, name: string, args: MlDeploymentGovernanceArgs): Promise<Run> {
  const component = new MlDeploymentGovernance(name, args);
  const [baseline, queries, packConfig] = await Promise.all([
    valueOf(component.baseline),
    valueOf(component.complianceQueries),
    valueOf(component.policyPackConfig),
  ]);
  await settle();
  return { component, records: mocks.of(name), baseline, queries, packConfig };
}

const ofType = (records: RecordedResource[], type: string) => records.filter((r) => r.type === type);

describe("MlDeploymentGovernance with the governance baseline (under mocks)", function () {
  this.timeout(20_000);
  let mocks: BaselineMocks;
  beforeEach(async () => {
    mocks = await installBaselineMocks();
  });

  it("without baseline keys registers exactly the model governance, with an empty baseline output", async () => {
    const r = await run(mocks, "gov-plain", BASE);
    assert.deepEqual(countByType(r.records), { [T.component]: 1, [T.definition]: DENY_RULES.length, [T.initiative]: 1, [T.assignment]: 1 });
    assert.deepEqual(r.baseline, {
      customDefinitionIds: {},
      assignmentIds: {},
      assignmentNames: {},
      principalIds: {},
      roleAssignmentIds: {},
      exemptionIds: {},
    });
    assert.deepEqual(Object.keys(r.packConfig), ["azure-ml-model-governance"]);
    const assignment = ofType(r.records, T.assignment)[0];
    assert.equal(assignment.inputs.identity, undefined);
    assert.deepEqual(Object.keys(r.queries.policyStates), [assignment.inputs.policyAssignmentName]);
  });

  describe("the whole baseline", () => {
    let r: Run;
    beforeEach(async () => {
      r = await run(mocks, "gov-full", FULL);
    });

    it("registers custom definitions, one baseline initiative, one baseline assignment per scope, roles, exemptions and the alert", () => {
      assert.deepEqual(countByType(r.records), {
        [T.component]: 1,
        [T.definition]: DENY_RULES.length + 2,
        [T.initiative]: 2,
        [T.assignment]: 4,
        // Per baseline assignment: Contributor, Network, Monitoring and Log Analytics Contributor at its
        // scope, and the two diagnostics roles on the Log Analytics workspace (outside the scope).
        [NEW.role]: 2 * 6,
        [NEW.exemption]: 2,
        [NEW.actionGroup]: 1,
        [NEW.alert]: 1,
      });
    });

    it("the model assignments are untouched: no identity, no location", () => {
      for (const a of ofType(r.records, T.assignment).filter((x) => (x.inputs.policyAssignmentName as string).startsWith("mlgov-"))) {
        assert.equal(a.inputs.identity, undefined);
        assert.equal(a.inputs.location, undefined);
      }
    });

    it("baseline assignments get a system-assigned identity and a location, ≤ 24-character names, the baseline initiative", () => {
      const initiative = ofType(r.records, T.initiative).find((i) => i.name === "gov-full-baseline")!;
      const baseline = ofType(r.records, T.assignment).filter((x) => (x.inputs.policyAssignmentName as string).startsWith("mlgrd-"));
      assert.equal(baseline.length, 2);
      for (const a of baseline) {
        assert.deepEqual(a.inputs.identity, { type: "SystemAssigned" });
        assert.equal(a.inputs.location, "westeurope");
        assert.equal(a.inputs.policyDefinitionId, initiative.id);
        assert.ok((a.inputs.policyAssignmentName as string).length <= 24);
        const refs = (a.inputs.nonComplianceMessages as Array<{ policyDefinitionReferenceId: string }>).map((m) => m.policyDefinitionReferenceId);
        assert.ok(!refs.includes("allowedRegistry") && !refs.includes("cognitiveServicesApprovedModels"), "no messages for data-plane members");
      }
      assert.deepEqual(r.baseline.assignmentIds, Object.fromEntries(baseline.map((a) => [a.inputs.scope, a.id])));
      assert.deepEqual(r.baseline.principalIds, Object.fromEntries(baseline.map((a) => [a.inputs.scope, principalOf(a.inputs.policyAssignmentName)])));
    });

    it("the initiative references built-ins by id with definitionVersion, and the custom definitions by their id output", () => {
      const initiative = ofType(r.records, T.initiative).find((i) => i.name === "gov-full-baseline")!;
      const members = initiative.inputs.policyDefinitions as Array<Record<string, any>>;
      const publicIp = ofType(r.records, T.definition).find((d) => d.name === "gov-full-guardrail-computePublicIp")!;
      assert.equal(members.find((m) => m.policyDefinitionReferenceId === "computePublicIp")!.policyDefinitionId, publicIp.id);
      const idle = members.find((m) => m.policyDefinitionReferenceId === "computeIdleShutdown")!;
      assert.deepEqual(idle, {
        policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/679ddf89-ab8f-48a5-9029-e76054077449",
        policyDefinitionReferenceId: "computeIdleShutdown",
        definitionVersion: "1.*.*",
        parameters: { effect: { value: "Deny" } },
      });
      assert.deepEqual(members.find((m) => m.policyDefinitionReferenceId === "cognitiveServicesApprovedModels")!.parameters, {
        effect: { value: "Deny" },
        allowedPublishers: { value: [] },
        allowedAssetIds: { value: ["azureml://registries/azureml/"] },
      });
      assert.equal(initiative.inputs.parameters, undefined);
      assert.deepEqual(r.baseline.customDefinitionIds, {
        computePublicIp: publicIp.id,
        serverlessSparkJobs: ofType(r.records, T.definition).find((d) => d.name === "gov-full-guardrail-serverlessSparkJobs")!.id,
      });
      assert.equal(r.baseline.initiativeId, initiative.id);
    });

    it("grants each identity every role its members need, at its scope, as ServicePrincipal, with its principal id", () => {
      const roles = ofType(r.records, NEW.role);
      for (const a of ofType(r.records, T.assignment).filter((x) => (x.inputs.policyAssignmentName as string).startsWith("mlgrd-"))) {
        const mine = roles.filter((x) => x.inputs.principalId === principalOf(a.inputs.policyAssignmentName));
        const sub = `/subscriptions/${SUB}`;
        const role = (guid: string) => `${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        assert.deepEqual(
          mine
            .filter((x) => x.inputs.scope === a.inputs.scope)
            .map((x) => x.inputs.roleDefinitionId)
            .sort(),
          [
            role(BuiltinRole.Contributor),
            role(BuiltinRole.NetworkContributor),
            role(BuiltinRole.MonitoringContributor),
            role(BuiltinRole.LogAnalyticsContributor),
          ].sort(),
        );
        // The Log Analytics workspace lies outside the scope: the diagnostics roles there too.
        assert.deepEqual(
          mine
            .filter((x) => x.inputs.scope === LAW)
            .map((x) => (x.inputs.roleDefinitionId as string).split("/").pop())
            .sort(),
          [BuiltinRole.MonitoringContributor, BuiltinRole.LogAnalyticsContributor].sort(),
        );
        for (const x of mine) {
          assert.equal(x.inputs.principalType, "ServicePrincipal");
          assert.match(x.inputs.roleAssignmentName, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        }
      }
      assert.deepEqual(Object.values(r.baseline.roleAssignmentIds).sort(), roles.map((x) => x.id).sort());
    });

    it("exempts from the right assignment with the right members, expiry and metadata", () => {
      const exemptions = ofType(r.records, NEW.exemption);
      const assignmentId = (prefix: string) =>
        ofType(r.records, T.assignment).find((a) => a.inputs.scope === SUB_SCOPE && (a.inputs.policyAssignmentName as string).startsWith(prefix))!.id;
      assert.deepEqual(
        exemptions
          .map((e) => [e.inputs.policyAssignmentId, e.inputs.policyDefinitionReferenceIds, e.inputs.exemptionCategory, e.inputs.expiresOn, e.inputs.scope])
          .sort(),
        [
          [assignmentId("mlgov-"), ["trusted-registries"], "Waiver", EXPIRES, `${SUB_SCOPE}/resourceGroups/rg-sandbox`],
          [assignmentId("mlgrd-"), ["computePublicIp"], "Waiver", EXPIRES, `${SUB_SCOPE}/resourceGroups/rg-sandbox`],
        ].sort(),
      );
      for (const e of exemptions) {
        assert.equal(e.inputs.metadata.requestedBy, "alice@contoso.com");
        assert.equal(e.inputs.metadata.reason, "sandbox for the model evaluation team");
        assert.equal(e.inputs.description, "sandbox for the model evaluation team");
      }
      assert.deepEqual(Object.values(r.baseline.exemptionIds).sort(), exemptions.map((e) => e.id).sort());
    });

    it("wires the deny alert to the action group, at the scopes", () => {
      const group = ofType(r.records, NEW.actionGroup)[0];
      const alert = ofType(r.records, NEW.alert)[0];
      assert.equal(group.inputs.resourceGroupName, "rg-monitoring");
      assert.deepEqual(group.inputs.emailReceivers, [{ name: "platform", emailAddress: "ml-platform@contoso.com", useCommonAlertSchema: true }]);
      assert.deepEqual(alert.inputs.actions, { actionGroups: [{ actionGroupId: group.id }] });
      assert.deepEqual(alert.inputs.scopes, [SUB_SCOPE]);
      assert.equal(alert.inputs.condition.allOf[1].equals, "Microsoft.Authorization/policies/deny/action");
      assert.equal(r.baseline.actionGroupId, group.id);
      assert.equal(r.baseline.denyAlertId, alert.id);
    });

    it("hands the pack its guardrail entries alongside the model policy", () => {
      assert.deepEqual(r.packConfig["azure-ml-guardrail-computeIdleShutdown"], { effect: "Deny", enforcementLevel: "mandatory" });
      assert.deepEqual(r.packConfig["azure-ml-guardrail-disableLocalAuth"], { effect: "Deny", enforcementLevel: "mandatory" });
      assert.deepEqual(r.packConfig["azure-ml-guardrail-computePublicIp"], { effect: "Deny", enforcementLevel: "mandatory" });
      assert.deepEqual(r.packConfig["azure-ml-guardrail-serverlessSparkJobs"], { effect: "Audit", enforcementLevel: "advisory" });
      assert.ok(r.packConfig["azure-ml-model-governance"]);
      assert.equal(Object.keys(r.packConfig).length, 5);
    });

    it("outputs the compliance queries for every assignment", () => {
      const names = ofType(r.records, T.assignment)
        .map((a) => a.inputs.policyAssignmentName as string)
        .sort();
      assert.deepEqual(Object.keys(r.queries.policyStates).sort(), names);
      for (const n of names) assert.ok(r.queries.resourceGraph.includes(`'${n}'`));
    });

    it("parents every child to the component and keeps logical names under the component's", () => {
      for (const rec of r.records) assert.ok(rec.name === "gov-full" || rec.name.startsWith("gov-full-"));
      assert.equal(new Set(r.records.map((x) => `${x.type}::${x.name}`)).size, r.records.length);
    });
  });

  it("at a management group: custom definitions and the initiative at the management group, tenant-level role ids", async () => {
    const r = await run(mocks, "gov-mg", {
      ...BASE,
      scope: MG_SCOPE,
      identityLocation: "westeurope",
      guardrails: { configureDisableLocalAuth: {}, computePublicIp: {} },
    });
    assert.equal(ofType(r.records, T.definitionAtMg).length, DENY_RULES.length + 1);
    assert.equal(ofType(r.records, T.initiativeAtMg).length, 2);
    const role = ofType(r.records, NEW.role);
    assert.deepEqual(
      role.map((x) => [x.inputs.scope, x.inputs.roleDefinitionId]),
      [[MG_SCOPE, `/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.Contributor}`]],
    );
  });

  it("keeps every name when effects and parameters change (in-place updates)", async () => {
    const key = (x: RecordedResource) =>
      `${x.type}::${x.name}::${x.inputs.policyAssignmentName ?? x.inputs.policySetDefinitionName ?? x.inputs.policyDefinitionName ?? x.inputs.roleAssignmentName ?? x.inputs.policyExemptionName ?? ""}`;
    const before = await run(mocks, "gov-stable", FULL);
    const again = await installBaselineMocks();
    const after = await run(again, "gov-stable", {
      ...FULL,
      guardrails: {
        ...FULL.guardrails,
        computeIdleShutdown: { effect: "Audit" },
        configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW, logsEnabled: false } },
      },
      registryBuiltins: {
        allowedRegistry: { effect: "Disabled" },
        cognitiveServicesApprovedModels: { effect: "Audit", parameters: { allowedPublishers: ["OpenAI"] } },
      },
    });
    assert.deepEqual(after.records.map(key).sort(), before.records.map(key).sort());
  });

  it("an invalid baseline throws a GovernanceConfigError listing every problem, and registers nothing", async () => {
    let thrown: unknown;
    try {
      new MlDeploymentGovernance("gov-bad", {
        ...BASE,
        guardrails: { computeVnet: { effect: "Deny" }, configureWorkspacePrivateEndpoint: {} },
        registryBuiltins: { approvedRegistryModels: { parameters: { allowedModelPublishers: ["OpenAI"] } as never } },
        exemptions: [{ scope: RG_SCOPE, category: "Waiver", expiresOn: "2020-01-01T00:00:00Z", reason: "", requestedBy: "x" }],
      });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof GovernanceConfigError);
    const fields = thrown.issues.map((i) => i.field);
    for (const f of [
      "guardrails.computeVnet.effect",
      "guardrails.configureWorkspacePrivateEndpoint.parameters.privateEndpointSubnetId",
      "identityLocation",
      "registryBuiltins.approvedRegistryModels.parameters.allowedModelPublishers",
      "exemptions[0].expiresOn",
      "exemptions[0].reason",
    ]) {
      assert.ok(fields.includes(f), `${f} in ${JSON.stringify(fields)}`);
    }
    await settle();
    assert.deepEqual(mocks.of("gov-bad"), []);
  });

  it("refuses the 19539b54 built-in with several trusted registries, pointing to the custom rule", () => {
    assert.throws(
      () =>
        new MlDeploymentGovernance("gov-19539b54", {
          ...BASE,
          allowedRegistries: ["azureml", "azureml-meta"],
          registryBuiltins: { allowedRegistry: { effect: "Deny" } },
        }),
      (e: unknown) =>
        e instanceof GovernanceConfigError && /registryBuiltins\.allowedRegistry: cannot be derived: .*block.*trusted-registries rule/s.test(e.message),
    );
  });
});

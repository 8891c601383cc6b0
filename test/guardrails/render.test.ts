/**
 * Rendering the baseline: the initiative (built-ins pinned, literal parameters, no initiative
 * parameters), assignments (identity and location only when a member remediates; messages only
 * for Resource Manager modes), role assignments derived from the catalogue, exemptions, the deny
 * alert, stable names, and the compliance queries.
 */
import * as assert from "node:assert/strict";
import { EffectiveConfig, validateGovernanceConfig } from "../../core";
import { BUILTIN_DEFINITIONS, BuiltinRole, GUARDRAIL_DEFINITIONS } from "../../core/guardrails";
import { renderGovernancePlan } from "../../azure-policy/render";
import { BaselinePlan, complianceQueries, policyStateListCommand, renderBaselinePlan, roleDefinitionIdAt } from "../../azure-policy/guardrails";
import { parseScope, ParsedScope } from "../../core/scope";
import { BASE, DNS_ZONE, inDays, LAW, MG_SCOPE, NOW, RG_SCOPE, SUB, SUB2, SUB_SCOPE, SUBNET } from "./fixtures";

function config(extra: Record<string, unknown>): EffectiveConfig {
  const r = validateGovernanceConfig({ ...BASE, ...extra }, { now: NOW });
  if (!r.ok) assert.fail(JSON.stringify(r.errors, null, 2));
  return r.config;
}

function plan(extra: Record<string, unknown>, name = "gov"): BaselinePlan {
  const p = renderBaselinePlan(name, config(extra));
  assert.ok(p, "a baseline plan");
  return p;
}

const scope = (id: string): ParsedScope => {
  const p = parseScope(id);
  assert.ok(p.ok);
  return p.scope;
};

const REMEDIATING = {
  owner: "ml-platform@contoso.com",
  identityLocation: "westeurope",
  guardrails: {
    computeIdleShutdown: { effect: "Deny" },
    computeLatestOsImage: {},
    configureDisableLocalAuth: {},
    configureWorkspacePrivateDnsZones: { parameters: { privateDnsZoneId: DNS_ZONE } },
    configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW } },
    computePublicIp: {},
  },
  registryBuiltins: { allowedRegistry: { effect: "Deny" }, approvedRegistryModels: {} },
};

describe("baseline rendering", () => {
  it("renders nothing without baseline keys, and never changes the model governance plan", () => {
    assert.equal(renderBaselinePlan("gov", config({})), undefined);
    assert.deepEqual(renderGovernancePlan("gov", config(REMEDIATING)), renderGovernancePlan("gov", config({ owner: "ml-platform@contoso.com" })));
  });

  describe("initiative", () => {
    const p = plan(REMEDIATING);

    it("one member per enabled key, in catalogue order; built-ins by id with a pinned definitionVersion", () => {
      const members = p.initiative!.policyDefinitions;
      assert.deepEqual(
        members.map((m) => m.policyDefinitionReferenceId),
        GUARDRAIL_DEFINITIONS.map((d) => d.key).filter((k) => k in REMEDIATING.guardrails || k in REMEDIATING.registryBuiltins),
      );
      for (const m of members) {
        const def = BUILTIN_DEFINITIONS.find((d) => d.key === m.policyDefinitionReferenceId);
        if (def) {
          assert.equal(m.builtinDefinitionId, `/providers/Microsoft.Authorization/policyDefinitions/${def.guid}`);
          assert.equal(m.definitionVersion, def.definitionVersion);
          assert.equal(m.customDefinitionName, undefined);
        } else {
          assert.equal(m.customDefinitionName, p.customDefinitions.find((d) => d.referenceId === m.policyDefinitionReferenceId)?.name);
          assert.equal(m.definitionVersion, undefined);
        }
      }
    });

    it("passes literal values (the effect under its exact name), and declares no initiative parameters", () => {
      const byRef = Object.fromEntries(p.initiative!.policyDefinitions.map((m) => [m.policyDefinitionReferenceId, m.parameters]));
      assert.deepEqual(byRef.computeIdleShutdown, { effect: { value: "Deny" } });
      assert.deepEqual(byRef.computeLatestOsImage, { effects: { value: "Audit" } });
      assert.deepEqual(byRef.configureWorkspacePrivateDnsZones, { effect: { value: "DeployIfNotExists" }, privateDnsZoneId: { value: DNS_ZONE } });
      assert.deepEqual(byRef.allowedRegistry, { effect: { value: "Deny" }, allowedRegistryName: { value: "azureml" }, restrictedModels: { value: [] } });
      assert.deepEqual(byRef.approvedRegistryModels, {
        effect: { value: "Audit" },
        allowedPublishers: { value: [] },
        allowedAssetIds: { value: ["azureml://registries/azureml/"] },
      });
      assert.equal("parameters" in p.initiative!, false);
      for (const m of p.initiative!.policyDefinitions) assert.equal("allowedModelPublishers" in m.parameters, false);
    });

    it("the custom definition lives with the model definitions, with an effect parameter", () => {
      assert.deepEqual(
        p.customDefinitions.map((d) => [d.referenceId, d.mode, d.parameters.effect.defaultValue, d.name]),
        [["computePublicIp", "All", "Deny", `${p.initiative!.name.replace(/-baseline$/, "")}-compute-public-ip`]],
      );
    });
  });

  describe("assignments", () => {
    it("one per scope, ≤ 24-character names apart from the model assignments, identity and location when a member remediates", () => {
      const c = config({ ...REMEDIATING, additionalScopes: [RG_SCOPE] });
      const p = renderBaselinePlan("gov", c)!;
      const model = renderGovernancePlan("gov", c);
      assert.deepEqual(
        p.assignments.map((a) => a.scope),
        [SUB_SCOPE, RG_SCOPE],
      );
      for (const a of p.assignments) {
        assert.match(a.name, /^mlgrd-[0-9a-f]{12}$/);
        assert.ok(!model.assignments.some((m) => m.name === a.name));
        assert.deepEqual(a.identity, { type: "SystemAssigned" });
        assert.equal(a.location, "westeurope");
        assert.equal(a.enforcementMode, "Default");
      }
    });

    it("no identity (nor location) when no member remediates", () => {
      const p = plan({ guardrails: { computeVnet: {}, configureDisableLocalAuth: { effect: "Disabled" } } });
      assert.equal(p.assignments[0].identity, undefined);
      assert.equal(p.assignments[0].location, undefined);
      assert.deepEqual(p.roleAssignments, []);
    });

    it("non-compliance messages only for Resource Manager mode members (data-plane modes do not support them), 'should' under DoNotEnforce", () => {
      const p = plan(REMEDIATING);
      const refs = p.assignments[0].nonComplianceMessages.map((m) => m.policyDefinitionReferenceId);
      assert.ok(!refs.includes("allowedRegistry") && !refs.includes("approvedRegistryModels"));
      assert.deepEqual(refs, [
        "computeIdleShutdown",
        "computeLatestOsImage",
        "configureDisableLocalAuth",
        "configureWorkspacePrivateDnsZones",
        "configureWorkspaceDiagnosticLogs",
        "computePublicIp",
      ]);
      assert.equal(
        p.assignments[0].nonComplianceMessages[0].message,
        "[computeIdleShutdown] Azure ML compute instances must have an idle shutdown (idleTimeBeforeShutdown) (built-in 679ddf89-ab8f-48a5-9029-e76054077449, effect Deny). Contact: ml-platform@contoso.com.",
      );
      const soft = plan({ ...REMEDIATING, enforcementMode: "DoNotEnforce" });
      assert.match(soft.assignments[0].nonComplianceMessages[0].message, /compute instances should have/);
      assert.equal(soft.assignments[0].enforcementMode, "DoNotEnforce");
    });

    it("names are stable when effects and parameters change", () => {
      const a = plan(REMEDIATING);
      const b = plan({
        ...REMEDIATING,
        guardrails: {
          ...REMEDIATING.guardrails,
          computeIdleShutdown: { effect: "Audit" },
          configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW, logsEnabled: false } },
        },
      });
      assert.equal(a.initiative!.name, b.initiative!.name);
      assert.deepEqual(
        a.assignments.map((x) => x.name),
        b.assignments.map((x) => x.name),
      );
      assert.deepEqual(
        a.roleAssignments.map((x) => x.name),
        b.roleAssignments.map((x) => x.name),
      );
    });
  });

  describe("role assignments", () => {
    it("every role the remediating members need, at the assignment scope, as ServicePrincipal, derived from the catalogue", () => {
      const p = plan(REMEDIATING);
      const atScope = p.roleAssignments.filter((r) => r.scope === SUB_SCOPE);
      assert.deepEqual(
        atScope.map((r) => [r.roleName, r.members]),
        [
          ["Contributor", ["configureDisableLocalAuth"]],
          ["Network Contributor", ["configureWorkspacePrivateDnsZones"]],
          ["Monitoring Contributor", ["configureWorkspaceDiagnosticLogs"]],
          ["Log Analytics Contributor", ["configureWorkspaceDiagnosticLogs"]],
        ],
      );
      const expected = new Set(
        config(REMEDIATING)
          .baseline!.members.filter((m) => m.needsIdentity)
          .flatMap((m) => m.definition.roleDefinitionIds),
      );
      assert.deepEqual(new Set(atScope.map((r) => r.roleDefinitionGuid)), expected);
      for (const r of p.roleAssignments) {
        assert.equal(r.principalType, "ServicePrincipal");
        assert.equal(r.assignmentScope, SUB_SCOPE);
        assert.match(r.name, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.match(r.description, /^Azure Policy remediation: .+ for the identity of assignment mlgrd-/);
      }
      assert.equal(new Set(p.roleAssignments.map((r) => r.name)).size, p.roleAssignments.length);
      assert.equal(atScope[0].roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.Contributor}`);
    });

    it("grants the roles also on an assignPermissions resource outside the scope (the Log Analytics workspace), not inside", () => {
      const outside = plan(REMEDIATING).roleAssignments.filter((r) => r.scope === LAW);
      assert.deepEqual(
        outside.map((r) => [r.roleName, r.roleDefinitionId]),
        [
          ["Monitoring Contributor", `/subscriptions/${SUB2}/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.MonitoringContributor}`],
          ["Log Analytics Contributor", `/subscriptions/${SUB2}/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.LogAnalyticsContributor}`],
        ],
      );
      const inside = `${SUB_SCOPE}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law`;
      const p = plan({ identityLocation: "westeurope", guardrails: { configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: inside } } } });
      assert.deepEqual(
        p.roleAssignments.map((r) => r.scope),
        [SUB_SCOPE, SUB_SCOPE],
      );
    });

    it("at a management group, roles use the tenant-level role definition id", () => {
      const p = plan({
        scope: MG_SCOPE,
        identityLocation: "westeurope",
        guardrails: { configureDisableLocalAuth: {}, configureWorkspacePrivateEndpoint: { parameters: { privateEndpointSubnetId: SUBNET } } },
      });
      assert.deepEqual(
        p.roleAssignments.map((r) => [r.scope, r.roleDefinitionId]),
        [
          [MG_SCOPE, `/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.Contributor}`],
          [MG_SCOPE, `/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.NetworkContributor}`],
        ],
      );
      assert.equal(
        roleDefinitionIdAt(RG_SCOPE, BuiltinRole.Contributor),
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BuiltinRole.Contributor}`,
      );
    });
  });

  describe("exemptions", () => {
    it("one per targeted assignment, with the members, expiry, reason and who asked in metadata", () => {
      const p = plan({
        guardrails: { computeVnet: {} },
        exemptions: [
          {
            scope: RG_SCOPE,
            category: "Mitigated",
            expiresOn: inDays(45),
            reason: "VNet injected by the hub team",
            requestedBy: "alice",
            rules: ["computeVnet", "trusted-registries"],
          },
        ],
      });
      assert.deepEqual(
        p.exemptions.map((e) => [e.initiative, e.assignmentScope, e.scope, e.exemptionCategory, e.expiresOn, e.policyDefinitionReferenceIds, e.description]),
        [
          ["governance", SUB_SCOPE, RG_SCOPE, "Mitigated", inDays(45), ["trusted-registries"], "VNet injected by the hub team"],
          ["baseline", SUB_SCOPE, RG_SCOPE, "Mitigated", inDays(45), ["computeVnet"], "VNet injected by the hub team"],
        ],
      );
      for (const e of p.exemptions) {
        assert.match(e.name, /^mlgov-ex-[0-9a-f]{16}$/);
        assert.deepEqual(e.metadata, {
          requestedBy: "alice",
          reason: "VNet injected by the hub team",
          expiresOn: inDays(45),
          rules: ["computeVnet", "trusted-registries"],
          createdBy: "azure-ml-governance",
          component: "gov",
        });
      }
      assert.notEqual(p.exemptions[0].name, p.exemptions[1].name);
    });

    it("an exemption alone renders no initiative and no assignment", () => {
      const p = plan({ exemptions: [{ scope: RG_SCOPE, category: "Waiver", expiresOn: inDays(10), reason: "r", requestedBy: "q" }] });
      assert.equal(p.initiative, undefined);
      assert.deepEqual(p.assignments, []);
      assert.deepEqual(
        p.exemptions.map((e) => [e.initiative, e.policyDefinitionReferenceIds]),
        [["governance", undefined]],
      );
    });
  });

  describe("monitoring", () => {
    it("an action group with the e-mail receivers and an activity-log alert on policy deny events at the scopes", () => {
      const p = plan({
        additionalScopes: [RG_SCOPE],
        monitoring: { resourceGroupId: `${SUB_SCOPE}/resourceGroups/rg-mon`, emailReceivers: [{ name: "platform", emailAddress: "p@contoso.com" }] },
      });
      const m = p.monitoring!;
      assert.equal(m.actionGroup.resourceGroupName, "rg-mon");
      assert.equal(m.actionGroup.groupShortName, "mlgov-deny");
      assert.deepEqual(m.actionGroup.emailReceivers, [{ name: "platform", emailAddress: "p@contoso.com", useCommonAlertSchema: true }]);
      assert.deepEqual(m.alert.scopes, [SUB_SCOPE]);
      assert.deepEqual(m.alert.condition, {
        allOf: [
          { field: "category", equals: "Policy" },
          { field: "operationName", equals: "Microsoft.Authorization/policies/deny/action" },
        ],
      });
      assert.equal(m.alert.location, "Global");
    });
  });

  describe("compliance queries", () => {
    it("an exact az policy state list per assignment, for subscription, resource-group and management-group scopes", () => {
      assert.equal(
        policyStateListCommand(scope(SUB_SCOPE), "mlgov-abc"),
        `az policy state list --subscription ${SUB} --filter "policyAssignmentName eq 'mlgov-abc' and complianceState eq 'NonCompliant'" --query "[].{resource:resourceId, type:resourceType, assignment:policyAssignmentName, rule:policyDefinitionReferenceId, effect:policyDefinitionAction, time:timestamp}" --output table`,
      );
      assert.match(policyStateListCommand(scope(RG_SCOPE), "x"), new RegExp(`^az policy state list --subscription ${SUB} --resource-group rg-ml --filter`));
      assert.match(policyStateListCommand(scope(MG_SCOPE), "x"), /^az policy state list --management-group contoso-ml --filter/);
    });

    it("covers the model and baseline assignments in one Resource Graph query", () => {
      const c = config({ ...REMEDIATING, additionalScopes: [RG_SCOPE] });
      const governance = renderGovernancePlan("gov", c);
      const baseline = renderBaselinePlan("gov", c);
      const q = complianceQueries(governance, baseline, c.scopes);
      const names = [...governance.assignments, ...baseline!.assignments].map((a) => a.name);
      assert.deepEqual(Object.keys(q.policyStates), names);
      assert.ok(q.resourceGraph.startsWith("policyresources\n| where type =~ 'microsoft.policyinsights/policystates'"));
      assert.ok(q.resourceGraph.includes(`| where tostring(properties.policyAssignmentName) in~ (${names.map((n) => `'${n}'`).join(", ")})`));
      assert.ok(q.resourceGraphCommand.startsWith(`az graph query --first 1000 --subscriptions ${SUB} --graph-query "policyresources | where type`));
      assert.ok(!q.resourceGraphCommand.slice(q.resourceGraphCommand.indexOf('"') + 1, -1).includes('"'), "the query needs no inner double quotes");
      assert.deepEqual(Object.keys(q.denyEvents), [SUB]);
      assert.match(q.denyEvents[SUB], /operationName\.value=='Microsoft\.Authorization\/policies\/deny\/action'/);
    });
  });
});

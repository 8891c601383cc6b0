/**
 * Registers the governance baseline of `MlDeploymentGovernance` (guardrails, registry built-ins,
 * exemptions, remediation identities and roles, the deny alert) from the rendered
 * {@link BaselinePlan}. The component calls this after its model governance resources; with no
 * baseline key in the config the plan is `undefined` and nothing is registered.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
// Submodules only: the azure-native root eagerly loads ~270 modules.
import * as authorization from "@pulumi/azure-native/authorization";
import { assignmentArgs, registerPolicyDefinition, registerPolicySetDefinition } from "./policy-definition";
import * as monitor from "@pulumi/azure-native/monitor";
import { EffectiveConfig } from "../core/config/validate";
import { ASSIGNMENT_NAME_MAX } from "../core/patterns";
import { ExemptionInitiative } from "../core/guardrails";
import { BaselinePlan } from "../azure-policy/guardrails/render";

/** What the baseline registered (the component's `baseline` output). Empty maps when nothing was. */
export interface BaselineOutputs {
  /** The baseline initiative's id (absent without guardrails or registry built-ins). */
  initiativeId?: string;
  /** Custom guardrail definition ids by key (`computePublicIp`, `serverlessSparkJobs`). */
  customDefinitionIds: { [key: string]: string };
  /** Baseline assignment ids by canonical scope. */
  assignmentIds: { [scope: string]: string };
  /** Baseline assignment names (18 characters) by canonical scope. */
  assignmentNames: { [scope: string]: string };
  /** Principal ids of the assignments' system-assigned identities by scope (only with DeployIfNotExists / Modify). */
  principalIds: { [scope: string]: string };
  /** Role assignment ids by role assignment name (a GUID). */
  roleAssignmentIds: { [name: string]: string };
  /** Exemption ids by exemption name. */
  exemptionIds: { [name: string]: string };
  /** The deny alert's action group id. */
  actionGroupId?: string;
  /** The activity-log alert id. */
  denyAlertId?: string;
}

/** Logical names of the baseline's resources: all `<component>-…`, distinct from the model governance ones. */
export interface BaselineResourceNames {
  customDefinitions: Record<string, string>;
  initiative: string;
  assignments: Record<string, string>;
  roleAssignments: Record<string, string>;
  exemptions: Record<string, string>;
  actionGroup: string;
  denyAlert: string;
}

/** The logical names for a baseline plan. */
export function baselineResourceNames(componentName: string, plan: BaselinePlan): BaselineResourceNames {
  return {
    customDefinitions: Object.fromEntries(plan.customDefinitions.map((d) => [d.referenceId, `${componentName}-guardrail-${d.referenceId}`])),
    initiative: `${componentName}-baseline`,
    assignments: Object.fromEntries(plan.assignments.map((a) => [a.scope, `${componentName}-${a.key}`])),
    roleAssignments: Object.fromEntries(plan.roleAssignments.map((r) => [r.name, `${componentName}-${r.key}`])),
    exemptions: Object.fromEntries(plan.exemptions.map((e) => [e.name, `${componentName}-${e.key}`])),
    actionGroup: `${componentName}-deny-action-group`,
    denyAlert: `${componentName}-deny-alert`,
  };
}

/** All logical names a plan would register. */
export function allBaselineLogicalNames(plan: BaselinePlan, names: BaselineResourceNames): string[] {
  const out = [
    ...Object.values(names.customDefinitions),
    ...Object.values(names.assignments),
    ...Object.values(names.roleAssignments),
    ...Object.values(names.exemptions),
  ];
  if (plan.initiative) out.push(names.initiative);
  if (plan.monitoring) out.push(names.actionGroup, names.denyAlert);
  return out;
}

/**
 * Checks the baseline plan against the contract the component relies on (unique Azure names,
 * ≤ 24-character assignment names, no logical-name collision with the model governance resources,
 * every exemption's assignment present). Throws before anything is registered.
 */
export function checkBaselinePlan(
  componentName: string,
  plan: BaselinePlan,
  names: BaselineResourceNames,
  governanceLogicalNames: readonly string[],
  governanceScopes: readonly string[],
): void {
  const problems: string[] = [];
  const unique = (what: string, values: string[]) => {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v.toLowerCase())) problems.push(`duplicate ${what} '${v}'`);
      seen.add(v.toLowerCase());
    }
  };
  unique(
    "baseline assignment name",
    plan.assignments.map((a) => a.name),
  );
  unique(
    "role assignment name",
    plan.roleAssignments.map((r) => r.name),
  );
  unique(
    "exemption name",
    plan.exemptions.map((e) => e.name),
  );
  for (const a of plan.assignments) {
    if (a.name.length === 0 || a.name.length > ASSIGNMENT_NAME_MAX) problems.push(`assignment name '${a.name}' must have 1–${ASSIGNMENT_NAME_MAX} characters`);
    if (a.identity && !a.location) problems.push(`assignment '${a.name}' has an identity but no location`);
  }
  const customNames = new Set(plan.customDefinitions.map((d) => d.name));
  for (const m of plan.initiative?.policyDefinitions ?? []) {
    if (m.customDefinitionName !== undefined && !customNames.has(m.customDefinitionName))
      problems.push(`initiative member '${m.policyDefinitionReferenceId}' references unknown definition '${m.customDefinitionName}'`);
  }
  const baselineScopes = new Set(plan.assignments.map((a) => a.scope));
  for (const e of plan.exemptions) {
    const has = e.initiative === ExemptionInitiative.Baseline ? baselineScopes.has(e.assignmentScope) : governanceScopes.includes(e.assignmentScope);
    if (!has) problems.push(`exemption '${e.name}' targets a missing ${e.initiative} assignment at ${e.assignmentScope}`);
  }
  const logical = [...governanceLogicalNames, ...allBaselineLogicalNames(plan, names)];
  if (new Set(logical).size !== logical.length) problems.push("the resource logical names collide");
  if (problems.length > 0) {
    throw new Error(`MlDeploymentGovernance '${componentName}': the rendered governance baseline is inconsistent (a renderer bug): ${problems.join("; ")}`);
  }
}

/** What {@link registerBaseline} needs from the model governance resources. */
export interface BaselineContext {
  /** The model governance assignments by canonical scope (exemptions may target them). */
  governanceAssignments: Record<string, authorization.PolicyAssignment>;
  /** Whether definitions live at a management group, and which. */
  atManagementGroup: boolean;
  managementGroupId: string;
}

/** The empty `baseline` output. */
export function emptyBaselineOutputs(): BaselineOutputs {
  return { customDefinitionIds: {}, assignmentIds: {}, assignmentNames: {}, principalIds: {}, roleAssignmentIds: {}, exemptionIds: {} };
}

/** What every registration step shares: the logical names, the parent, where definitions live. */
interface Registration {
  names: BaselineResourceNames;
  childOpts: pulumi.CustomResourceOptions;
  /** `{ managementGroupId }` when definitions live at a management group, else `{}`. */
  definitionScope: { managementGroupId?: string };
}

/** Custom guardrail definitions, where the model definitions live; their ids by reference id and by Azure name. */
function registerCustomDefinitions(
  plan: BaselinePlan,
  r: Registration,
): { byKey: Record<string, pulumi.Output<string>>; byName: Map<string, pulumi.Output<string>> } {
  const byKey: Record<string, pulumi.Output<string>> = {};
  const byName = new Map<string, pulumi.Output<string>>();
  for (const body of plan.customDefinitions) {
    const resource = registerPolicyDefinition(r.names.customDefinitions[body.referenceId], body, r.definitionScope, r.childOpts);
    byKey[body.referenceId] = resource.id;
    byName.set(body.name, resource.id);
  }
  return { byKey, byName };
}

/** The baseline initiative: built-ins pinned to their major version, literal parameter values. */
function registerInitiative(
  plan: BaselinePlan,
  customIdByName: ReadonlyMap<string, pulumi.Output<string>>,
  r: Registration,
): pulumi.Output<string> | undefined {
  if (!plan.initiative) return undefined;
  const members = plan.initiative.policyDefinitions.map((m) => ({
    policyDefinitionId:
      m.builtinDefinitionId !== undefined
        ? pulumi.output(m.builtinDefinitionId)
        : (customIdByName.get(m.customDefinitionName as string) as pulumi.Output<string>),
    policyDefinitionReferenceId: m.policyDefinitionReferenceId,
    definitionVersion: m.definitionVersion,
    parameters: m.parameters,
  }));
  const initiative = registerPolicySetDefinition(r.names.initiative, plan.initiative, members, r.definitionScope, r.childOpts);
  return initiative.id;
}

/** The baseline assignments by scope, and the principal ids of those with an identity. */
interface RegisteredAssignments {
  resources: Record<string, authorization.PolicyAssignment>;
  ids: Record<string, pulumi.Output<string>>;
  names: Record<string, string>;
  principalIds: Record<string, pulumi.Output<string>>;
}

/** One assignment per scope; a system-assigned identity (and its location) when a member remediates. */
function registerAssignments(plan: BaselinePlan, initiativeId: pulumi.Output<string> | undefined, r: Registration): RegisteredAssignments {
  const out: RegisteredAssignments = { resources: {}, ids: {}, names: {}, principalIds: {} };
  for (const body of plan.assignments) {
    const assignment = new authorization.PolicyAssignment(
      r.names.assignments[body.scope],
      {
        ...assignmentArgs(body, initiativeId),
        ...(body.identity ? { identity: { type: authorization.ResourceIdentityType.SystemAssigned }, location: body.location } : {}),
      },
      r.childOpts,
    );
    out.resources[body.scope] = assignment;
    out.ids[body.scope] = assignment.id;
    out.names[body.scope] = body.name;
    if (body.identity) {
      // Known after create. Offline (mocks, `render`) the identity has no principal id: say so in the value.
      out.principalIds[body.scope] = assignment.identity.apply(
        (i) => i?.principalId ?? `<principal id of the identity of policy assignment ${body.name}, known after create>`,
      );
    }
  }
  return out;
}

/**
 * The roles each remediation identity needs, derived from the catalogue, at the assignment scope
 * (and on resources `assignPermissions` parameters name). ServicePrincipal: a fresh identity may
 * not have replicated yet, and without a principal type Azure fails with PrincipalNotFound.
 */
function registerRoleAssignments(plan: BaselinePlan, assignments: RegisteredAssignments, r: Registration): Record<string, pulumi.Output<string>> {
  const roleIds: Record<string, pulumi.Output<string>> = {};
  for (const role of plan.roleAssignments) {
    const resource = new authorization.RoleAssignment(
      r.names.roleAssignments[role.name],
      {
        roleAssignmentName: role.name,
        scope: role.scope,
        roleDefinitionId: role.roleDefinitionId,
        principalId: assignments.principalIds[role.assignmentScope],
        principalType: authorization.PrincipalType.ServicePrincipal,
        description: role.description,
      },
      { ...r.childOpts, dependsOn: [assignments.resources[role.assignmentScope]] },
    );
    roleIds[role.name] = resource.id;
  }
  return roleIds;
}

/** Exemptions, each against its assignment's id (baseline or model governance). */
function registerExemptions(
  plan: BaselinePlan,
  baseline: Record<string, authorization.PolicyAssignment>,
  governance: Record<string, authorization.PolicyAssignment>,
  r: Registration,
): Record<string, pulumi.Output<string>> {
  const exemptionIds: Record<string, pulumi.Output<string>> = {};
  for (const e of plan.exemptions) {
    const assignment = e.initiative === ExemptionInitiative.Baseline ? baseline[e.assignmentScope] : governance[e.assignmentScope];
    const args: authorization.PolicyExemptionArgs = {
      policyExemptionName: e.name,
      scope: e.scope,
      policyAssignmentId: assignment.id,
      exemptionCategory: e.exemptionCategory,
      expiresOn: e.expiresOn,
      displayName: e.displayName,
      description: e.description,
      metadata: e.metadata,
    };
    if (e.policyDefinitionReferenceIds) args.policyDefinitionReferenceIds = e.policyDefinitionReferenceIds;
    exemptionIds[e.name] = new authorization.PolicyExemption(r.names.exemptions[e.name], args, r.childOpts).id;
  }
  return exemptionIds;
}

/**
 * The deny alert: an action group with e-mail receivers, and an activity-log alert on Azure
 * Policy deny events at the assignment scopes.
 */
function registerDenyAlert(plan: BaselinePlan, r: Registration): { actionGroupId?: pulumi.Output<string>; denyAlertId?: pulumi.Output<string> } {
  if (!plan.monitoring) return {};
  const { actionGroup, alert } = plan.monitoring;
  const group = new monitor.ActionGroup(
    r.names.actionGroup,
    {
      actionGroupName: actionGroup.name,
      resourceGroupName: actionGroup.resourceGroupName,
      groupShortName: actionGroup.groupShortName,
      location: actionGroup.location,
      enabled: actionGroup.enabled,
      emailReceivers: actionGroup.emailReceivers,
    },
    r.childOpts,
  );
  const activityLogAlert = new monitor.ActivityLogAlert(
    r.names.denyAlert,
    {
      activityLogAlertName: alert.name,
      resourceGroupName: alert.resourceGroupName,
      location: alert.location,
      enabled: alert.enabled,
      description: alert.description,
      scopes: alert.scopes,
      condition: alert.condition,
      actions: { actionGroups: [{ actionGroupId: group.id }] },
    },
    r.childOpts,
  );
  return { actionGroupId: group.id, denyAlertId: activityLogAlert.id };
}

/** Registers the baseline's resources as children of `parent`; returns the `baseline` output. */
export function registerBaseline(parent: pulumi.Resource, componentName: string, plan: BaselinePlan, ctx: BaselineContext): pulumi.Output<BaselineOutputs> {
  const r: Registration = {
    names: baselineResourceNames(componentName, plan),
    childOpts: { parent },
    definitionScope: ctx.atManagementGroup ? { managementGroupId: ctx.managementGroupId } : {},
  };
  const custom = registerCustomDefinitions(plan, r);
  const initiativeId = registerInitiative(plan, custom.byName, r);
  const assignments = registerAssignments(plan, initiativeId, r);
  const roleIds = registerRoleAssignments(plan, assignments, r);
  const exemptionIds = registerExemptions(plan, assignments.resources, ctx.governanceAssignments, r);
  const { actionGroupId, denyAlertId } = registerDenyAlert(plan, r);

  return pulumi
    .all([
      pulumi.output(custom.byKey),
      pulumi.output(assignments.ids),
      pulumi.output(assignments.principalIds),
      pulumi.output(roleIds),
      pulumi.output(exemptionIds),
      initiativeId,
      actionGroupId,
      denyAlertId,
    ])
    .apply(([customDefinitionIds, aIds, pIds, rIds, eIds, initiative, group, alert]) => {
      const out: BaselineOutputs = {
        customDefinitionIds,
        assignmentIds: aIds,
        assignmentNames: { ...assignments.names },
        principalIds: pIds,
        roleAssignmentIds: rIds,
        exemptionIds: eIds,
      };
      if (initiative !== undefined) out.initiativeId = initiative;
      if (group !== undefined) out.actionGroupId = group;
      if (alert !== undefined) out.denyAlertId = alert;
      return out;
    });
}

/**
 * The monitoring resources (action group, alert) are created in the provider's subscription (they
 * take a resource group name only). Warn when the default provider is configured for another
 * subscription than the monitoring resource group's.
 */
export function monitoringSubscriptionWarning(config: EffectiveConfig, opts: pulumi.ComponentResourceOptions | undefined): string | undefined {
  const m = config.baseline?.monitoring;
  if (!m) return undefined;
  if (opts?.provider !== undefined || opts?.providers !== undefined || opts?.parent !== undefined) return undefined;
  const configured = new pulumi.Config("azure-native").get("subscriptionId");
  if (configured === undefined || configured.toLowerCase() === m.subscriptionId) return undefined;
  return (
    `monitoring.resourceGroupId is in subscription ${m.subscriptionId}, but azure-native:subscriptionId is '${configured}': ` +
    "the action group and the alert are created in the provider's subscription. Set azure-native:subscriptionId to the monitoring subscription or pass a provider for it."
  );
}

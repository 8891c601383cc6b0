/**
 * Renders the governance baseline of a validated config: the custom guardrail definitions, one
 * baseline initiative (built-ins pinned with `definitionVersion`, literal parameter values), one
 * assignment of it per scope (identity and location when a member remediates), the role
 * assignments the remediation identity needs, the exemptions, and the deny alert. Pure: the same
 * config always gives the same JSON.
 *
 * Why a second initiative rather than more members in the model initiative:
 * - only the baseline assignment gets a managed identity (DeployIfNotExists / Modify), so the
 *   model assignment keeps no identity and no roles (least privilege, smaller blast radius);
 * - enabling, disabling or re-parameterising a guardrail never touches the model assignment,
 *   and a config without baseline keys deploys exactly what it did before;
 * - the baseline initiative has no initiative parameters: values are literals in its members.
 *   Azure refuses to remove a parameter from an assigned initiative, so parameters per guardrail
 *   would make turning a guardrail off impossible; literals make every change an in-place update.
 */
import {
  ROLE_NAMES,
  builtinDefinitionId,
  CustomGuardrail,
  EffectiveBaseline,
  EffectiveMember,
  ExemptionInitiative,
  assignmentScopeContains,
} from "../../core/guardrails";
import { EffectiveConfig } from "../../core/config/validate";
import { EnforcementMode } from "../../core/enums";
import { ParsedScope } from "../../core/scope";
import { assignmentKey } from "../names";
import { AssignmentHeader, InitiativeHeader, NonComplianceMessage, PolicyDefinitionBody } from "../plan";
import { MESSAGE_MAX } from "../messages";
import { customGuardrailDefinition } from "./custom-definitions";
import { actionGroupName, baselineAssignmentName, baselineInitiativeName, denyAlertName, exemptionName, logicalSuffix, roleAssignmentName } from "./names";

const SOURCE = "azure-ml-governance";
/** Version of the baseline initiative; bump when its rendering changes meaning. */
export const BASELINE_VERSION = "1.0.0";

/** One member of the baseline initiative. */
export interface BaselineMemberBody {
  policyDefinitionReferenceId: string;
  /** A built-in's id (`/providers/Microsoft.Authorization/policyDefinitions/{guid}`). */
  builtinDefinitionId?: string;
  /** A custom member: the name of a definition in {@link BaselinePlan.customDefinitions}. */
  customDefinitionName?: string;
  /** Pinned major version of a built-in (`2.*.*`). */
  definitionVersion?: string;
  /** Literal parameter values (the effect parameter included). */
  parameters: Record<string, { value: unknown }>;
}

/** The baseline initiative. */
export interface BaselineInitiativeBody extends InitiativeHeader {
  policyDefinitions: BaselineMemberBody[];
}

/**
 * One assignment of the baseline initiative: an 18-character name; non-compliance messages only
 * for Resource Manager mode members (data-plane modes do not support them).
 */
export interface BaselineAssignmentBody extends AssignmentHeader {
  /** SystemAssigned when a member remediates (DeployIfNotExists / Modify). */
  identity?: { type: "SystemAssigned" };
  /** The identity's region (required with an identity). */
  location?: string;
}

/** A role the baseline assignment's identity needs, at one scope. */
export interface RoleAssignmentBody {
  /** GUID name (deterministic). */
  name: string;
  /** Pulumi logical-name suffix. */
  key: string;
  /** The assignment whose identity gets the role. */
  assignmentScope: string;
  /** Where the role is granted: the assignment scope, or a resource an `assignPermissions` parameter names. */
  scope: string;
  roleDefinitionGuid: string;
  /** Full role definition id for `scope`. */
  roleDefinitionId: string;
  roleName: string;
  principalType: "ServicePrincipal";
  /** Members that need it. */
  members: string[];
  description: string;
}

/** One policy exemption. */
export interface ExemptionBody {
  name: string;
  key: string;
  scope: string;
  /** Which initiative's assignment it exempts from. */
  initiative: ExemptionInitiative;
  assignmentScope: string;
  exemptionCategory: string;
  expiresOn: string;
  policyDefinitionReferenceIds?: string[];
  displayName: string;
  description: string;
  metadata: Record<string, unknown>;
}

/** The deny alert and its action group. */
export interface MonitoringBody {
  actionGroup: {
    name: string;
    resourceGroupName: string;
    subscriptionId: string;
    groupShortName: string;
    location: "Global";
    enabled: true;
    emailReceivers: Array<{ name: string; emailAddress: string; useCommonAlertSchema: true }>;
  };
  alert: {
    name: string;
    resourceGroupName: string;
    location: "Global";
    enabled: true;
    scopes: string[];
    description: string;
    condition: { allOf: Array<{ field: string; equals: string }> };
  };
}

/** Everything the baseline adds. */
export interface BaselinePlan {
  /** Where the custom definitions and the initiative live (the model governance's definition scope). */
  definitionScope: ParsedScope;
  customDefinitions: PolicyDefinitionBody[];
  /** Absent when no guardrail or registry built-in is enabled. */
  initiative?: BaselineInitiativeBody;
  assignments: BaselineAssignmentBody[];
  roleAssignments: RoleAssignmentBody[];
  exemptions: ExemptionBody[];
  monitoring?: MonitoringBody;
}

/** The activity-log event Azure Policy writes when it denies a request. */
export const POLICY_DENY_OPERATION = "Microsoft.Authorization/policies/deny/action";

function message(member: EffectiveMember, config: EffectiveConfig): NonComplianceMessage {
  const verb = config.enforcementMode === EnforcementMode.DoNotEnforce ? "should" : "must";
  const contact = config.owner ? ` Contact: ${config.owner}.` : "";
  const what = member.definition.kind === "builtin" ? `built-in ${member.definition.guid}` : "custom guardrail";
  const text = `[${member.key}] ${member.definition.requirement.replace("{verb}", verb)} (${what}, effect ${member.effect}).${contact}`;
  return { message: text.slice(0, MESSAGE_MAX), policyDefinitionReferenceId: member.key };
}

/** The full role definition id of a role at a scope: tenant form at a management group, else the scope's subscription. */
export function roleDefinitionIdAt(scope: string, roleGuid: string): string {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope);
  return sub
    ? `/subscriptions/${sub[1].toLowerCase()}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`
    : `/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

function memberBody(componentName: string, member: EffectiveMember): BaselineMemberBody {
  const parameters = Object.fromEntries(Object.entries(member.parameters).map(([k, v]) => [k, { value: Array.isArray(v) ? [...v] : v }]));
  const def = member.definition;
  if (def.kind === "builtin") {
    return { policyDefinitionReferenceId: member.key, builtinDefinitionId: builtinDefinitionId(def), definitionVersion: def.definitionVersion, parameters };
  }
  return { policyDefinitionReferenceId: member.key, customDefinitionName: customGuardrailDefinition(componentName, def).name, parameters };
}

function roleAssignments(
  componentName: string,
  assignment: BaselineAssignmentBody,
  scope: ParsedScope,
  members: readonly EffectiveMember[],
): RoleAssignmentBody[] {
  const grants = new Map<string, RoleAssignmentBody>();
  const grant = (roleScope: string, roleGuid: string, member: string) => {
    const id = `${roleScope.toLowerCase()}|${roleGuid}`;
    const existing = grants.get(id);
    if (existing) {
      if (!existing.members.includes(member)) existing.members.push(member);
      return;
    }
    grants.set(id, {
      name: roleAssignmentName(componentName, assignment.scope, roleScope, roleGuid),
      key: logicalSuffix(`role-${ROLE_NAMES[roleGuid] ?? roleGuid}`, assignment.scope, roleScope, roleGuid),
      assignmentScope: assignment.scope,
      scope: roleScope,
      roleDefinitionGuid: roleGuid,
      roleDefinitionId: roleDefinitionIdAt(roleScope, roleGuid),
      roleName: ROLE_NAMES[roleGuid] ?? roleGuid,
      principalType: "ServicePrincipal",
      members: [member],
      description: "",
    });
  };
  for (const m of members) {
    if (!m.needsIdentity) continue;
    for (const role of m.roleDefinitionIds) {
      grant(assignment.scope, role, m.key);
      // `assignPermissions` parameters: the identity also needs the roles on that resource when it
      // lies outside the assignment scope (or cannot be known to lie inside, at a management group).
      for (const resource of m.permissionResourceIds) if (assignmentScopeContains(scope, resource) !== true) grant(resource, role, m.key);
    }
  }
  return [...grants.values()].map((g) => ({
    ...g,
    description:
      `Azure Policy remediation: ${g.roleName} for the identity of assignment ${assignment.name} (${g.members.join(", ")}), created by ${SOURCE} (${componentName}).`.slice(
        0,
        1024,
      ),
  }));
}

function exemptionBodies(componentName: string, baseline: EffectiveBaseline): ExemptionBody[] {
  const out: ExemptionBody[] = [];
  for (const e of baseline.exemptions) {
    for (const t of e.targets) {
      const last = e.scope.split("/").filter(Boolean).pop() ?? e.scope;
      const body: ExemptionBody = {
        name: exemptionName(componentName, t.initiative, t.assignmentScope, e.scope, e.name),
        key: logicalSuffix(`exemption-${e.name ?? last}`, t.initiative, t.assignmentScope, e.scope, e.name ?? ""),
        scope: e.scope,
        initiative: t.initiative,
        assignmentScope: t.assignmentScope,
        exemptionCategory: e.category,
        expiresOn: e.expiresOn,
        displayName: `${e.name ?? "Exemption"}: ${last} (${e.category} until ${e.expiresOn.slice(0, 10)})`.slice(0, 128),
        description: e.reason.slice(0, 512),
        metadata: {
          requestedBy: e.requestedBy,
          reason: e.reason,
          expiresOn: e.expiresOn,
          rules: e.rules.length > 0 ? [...e.rules] : "all",
          createdBy: SOURCE,
          component: componentName,
        },
      };
      if (t.referenceIds) body.policyDefinitionReferenceIds = [...t.referenceIds];
      out.push(body);
    }
  }
  return out;
}

function monitoringBody(componentName: string, baseline: EffectiveBaseline): MonitoringBody | undefined {
  const m = baseline.monitoring;
  if (!m) return undefined;
  return {
    actionGroup: {
      name: actionGroupName(componentName, m.resourceGroupId),
      resourceGroupName: m.resourceGroupName,
      subscriptionId: m.subscriptionId,
      groupShortName: m.actionGroupShortName,
      location: "Global",
      enabled: true,
      emailReceivers: m.emailReceivers.map((r) => ({ name: r.name, emailAddress: r.emailAddress, useCommonAlertSchema: true })),
    },
    alert: {
      name: denyAlertName(componentName, m.resourceGroupId),
      resourceGroupName: m.resourceGroupName,
      location: "Global",
      enabled: true,
      scopes: [...m.alertScopes],
      description:
        `Azure Policy denied a request at ${m.alertScopes.join(", ")} (${SOURCE}, ${componentName}). The compliance queries in the component's complianceQueries output list what was denied.`.slice(
          0,
          2048,
        ),
      condition: {
        allOf: [
          { field: "category", equals: "Policy" },
          { field: "operationName", equals: POLICY_DENY_OPERATION },
        ],
      },
    },
  };
}

/** Renders the baseline of a validated config; `undefined` when the config sets no baseline key. */
export function renderBaselinePlan(componentName: string, config: EffectiveConfig): BaselinePlan | undefined {
  const baseline = config.baseline;
  if (!baseline) return undefined;
  const members = baseline.members;
  const customDefinitions = members
    .filter((m) => m.definition.kind === "custom")
    .map((m) => customGuardrailDefinition(componentName, m.definition as CustomGuardrail));
  const metadata: Record<string, unknown> = { source: SOURCE, component: componentName };
  if (config.owner) metadata.owner = config.owner;

  let initiative: BaselineInitiativeBody | undefined;
  const assignments: BaselineAssignmentBody[] = [];
  const roles: RoleAssignmentBody[] = [];
  if (members.length > 0) {
    initiative = {
      name: baselineInitiativeName(componentName),
      displayName: `Azure ML governance baseline (${componentName})`.slice(0, 128),
      description:
        "Azure ML guardrails and registry built-ins assigned with the model governance: compute, workspace and network posture, and the data-plane registry rules.".slice(
          0,
          512,
        ),
      metadata: { category: "Machine Learning", version: BASELINE_VERSION, ...metadata },
      policyDefinitions: members.map((m) => memberBody(componentName, m)),
    };
    const needsIdentity = members.some((m) => m.needsIdentity);
    for (const scope of config.scopes) {
      const body: BaselineAssignmentBody = {
        name: baselineAssignmentName(componentName, scope.id),
        key: `baseline-${assignmentKey(scope.id)}`,
        scope: scope.id,
        displayName: `Azure ML governance baseline (${componentName})`.slice(0, 128),
        description: `Azure ML guardrails (${members.map((m) => m.key).join(", ")}) at ${scope.id}.`.slice(0, 512),
        enforcementMode: config.enforcementMode,
        notScopes: [...config.notScopes],
        nonComplianceMessages: members.filter((m) => !m.dataPlane).map((m) => message(m, config)),
        metadata: { ...metadata, assignedBy: SOURCE },
      };
      if (needsIdentity) {
        body.identity = { type: "SystemAssigned" };
        body.location = baseline.identityLocation;
      }
      assignments.push(body);
      if (needsIdentity) roles.push(...roleAssignments(componentName, body, scope, members));
    }
  }
  const plan: BaselinePlan = {
    definitionScope: config.definitionScope,
    customDefinitions,
    assignments,
    roleAssignments: roles,
    exemptions: exemptionBodies(componentName, baseline),
  };
  if (initiative) plan.initiative = initiative;
  const monitoring = monitoringBody(componentName, baseline);
  if (monitoring) plan.monitoring = monitoring;
  return plan;
}

/**
 * The exact commands and queries that list what the component's assignments found non-compliant:
 * `az policy state list` per assignment, one Azure Resource Graph query over every assignment,
 * and `az monitor activity-log list` for recent deny events.
 */
import { ParsedScope, ScopeKind } from "../../core/scope";
import { GovernancePlan } from "../plan";
import { BaselinePlan, POLICY_DENY_OPERATION } from "./render";

/** The compliance queries of one component. */
export interface ComplianceQueries {
  /** Assignment name → `az policy state list` listing its non-compliant resources. */
  policyStates: { [assignmentName: string]: string };
  /** Azure Resource Graph (KQL) query: non-compliant resources of every assignment of the component. */
  resourceGraph: string;
  /** `az graph query` running {@link resourceGraph} over the assignment scopes. */
  resourceGraphCommand: string;
  /** Subscription id → `az monitor activity-log list` of the last 7 days' Azure Policy deny events. */
  denyEvents: { [subscriptionId: string]: string };
}

function scopeArgs(scope: ParsedScope): string {
  switch (scope.kind) {
    case ScopeKind.ManagementGroup:
      return `--management-group ${scope.managementGroup}`;
    case ScopeKind.ResourceGroup:
      return `--subscription ${scope.subscriptionId} --resource-group ${scope.resourceGroup}`;
    default:
      return `--subscription ${scope.subscriptionId}`;
  }
}

const FIELDS =
  "[].{resource:resourceId, type:resourceType, assignment:policyAssignmentName, rule:policyDefinitionReferenceId, effect:policyDefinitionAction, time:timestamp}";

/** `az policy state list` for one assignment's non-compliant resources. */
export function policyStateListCommand(scope: ParsedScope, assignmentName: string): string {
  return `az policy state list ${scopeArgs(scope)} --filter "policyAssignmentName eq '${assignmentName}' and complianceState eq 'NonCompliant'" --query "${FIELDS}" --output table`;
}

/** The Resource Graph query over a set of assignment names. */
export function resourceGraphQuery(assignmentNames: readonly string[]): string {
  const names = assignmentNames.map((n) => `'${n}'`).join(", ");
  return [
    "policyresources",
    "| where type =~ 'microsoft.policyinsights/policystates'",
    "| where tostring(properties.complianceState) =~ 'NonCompliant'",
    `| where tostring(properties.policyAssignmentName) in~ (${names})`,
    "| project timestamp = todatetime(properties.timestamp), resourceId = tostring(properties.resourceId), resourceType = tostring(properties.resourceType), assignment = tostring(properties.policyAssignmentName), rule = tostring(properties.policyDefinitionReferenceId), effect = tostring(properties.policyDefinitionAction)",
    "| order by timestamp desc",
  ].join("\n");
}

/** The compliance queries of a component's plans. */
export function complianceQueries(governance: GovernancePlan, baseline: BaselinePlan | undefined, scopes: readonly ParsedScope[]): ComplianceQueries {
  const policyStates: Record<string, string> = {};
  const names: string[] = [];
  const scopeOf = (id: string) => scopes.find((s) => s.id === id);
  for (const a of [...governance.assignments, ...(baseline?.assignments ?? [])]) {
    const scope = scopeOf(a.scope);
    if (!scope) continue;
    policyStates[a.name] = policyStateListCommand(scope, a.name);
    names.push(a.name);
  }
  const kql = resourceGraphQuery(names);
  const mgs = [...new Set(scopes.filter((s) => s.kind === ScopeKind.ManagementGroup).map((s) => s.managementGroup as string))];
  const subs = [...new Set(scopes.filter((s) => s.subscriptionId !== undefined).map((s) => s.subscriptionId as string))];
  const target = [mgs.length > 0 ? `--management-groups ${mgs.join(" ")}` : "", subs.length > 0 ? `--subscriptions ${subs.join(" ")}` : ""].filter(Boolean);
  // One command per target kind would be needed to mix both; management groups cover their subscriptions.
  const resourceGraphCommand = `az graph query --first 1000 ${target[0] ?? ""} --graph-query "${kql.replace(/\n/g, " ")}"`.replace(/ {2,}/g, " ");
  const denyEvents: Record<string, string> = {};
  for (const sub of subs) {
    denyEvents[sub] =
      `az monitor activity-log list --subscription ${sub} --offset 7d --query "[?category.value=='Policy' && operationName.value=='${POLICY_DENY_OPERATION}'].{time:eventTimestamp, resource:resourceId, caller:caller, policies:properties.policies}" --output json`;
  }
  return { policyStates, resourceGraph: kql, resourceGraphCommand, denyEvents };
}

/**
 * `monitoring`: the deny alert's resource group and receivers, and which of the assignment scopes
 * one activity-log alert can watch (one subscription: management groups and other subscriptions
 * are warned about, not silently dropped).
 */
import type { ConfigIssue } from "../config/issues";
import { EnforcementMode } from "../enums";
import { ParsedScope, parseScope, ScopeKind } from "../scope";
import type { BaselineContext, EffectiveMonitoring } from "./effective";
import { isObject } from "./validate-helpers";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Default action group short name. */
export const DEFAULT_ACTION_GROUP_SHORT_NAME = "mlgov-deny";

type Receiver = { name: string; emailAddress: string };

function alertResourceGroup(m: Record<string, unknown>, errors: ConfigIssue[]): ParsedScope | undefined {
  if (typeof m.resourceGroupId !== "string") {
    errors.push({
      field: "monitoring.resourceGroupId",
      value: m.resourceGroupId,
      message: "is required: the resource group that holds the action group and the alert",
      fix: "set it to /subscriptions/{id}/resourceGroups/{name}",
    });
    return undefined;
  }
  const parsed = parseScope(m.resourceGroupId.trim());
  if (!parsed.ok || parsed.scope.kind !== ScopeKind.ResourceGroup) {
    errors.push({
      field: "monitoring.resourceGroupId",
      value: m.resourceGroupId,
      message: "is not a resource group id",
      fix: "set it to /subscriptions/{id}/resourceGroups/{name}",
    });
    return undefined;
  }
  return parsed.scope;
}

function emailReceivers(m: Record<string, unknown>, errors: ConfigIssue[]): Receiver[] {
  const receivers: Receiver[] = [];
  const rawReceivers = Array.isArray(m.emailReceivers) ? m.emailReceivers : [];
  if (rawReceivers.length === 0) {
    errors.push({
      field: "monitoring.emailReceivers",
      value: m.emailReceivers,
      message: "must list at least one receiver: an alert nobody receives is noise",
      fix: 'add {"name": "platform-team", "emailAddress": "ml-platform@contoso.com"}',
    });
  }
  const names = new Set<string>();
  rawReceivers.forEach((r, i) => {
    if (!isObject(r) || typeof r.name !== "string" || typeof r.emailAddress !== "string") {
      errors.push({
        field: `monitoring.emailReceivers[${i}]`,
        value: r,
        message: "needs a name and an emailAddress",
        fix: 'write {"name": "...", "emailAddress": "..."}',
      });
      return;
    }
    if (!EMAIL.test(r.emailAddress))
      errors.push({
        field: `monitoring.emailReceivers[${i}].emailAddress`,
        value: r.emailAddress,
        message: "is not an e-mail address",
        fix: "write an address like ml-platform@contoso.com",
      });
    if (names.has(r.name.toLowerCase()))
      errors.push({
        field: `monitoring.emailReceivers[${i}].name`,
        value: r.name,
        message: "repeats a receiver name (names must be unique in an action group)",
        fix: "rename it",
      });
    names.add(r.name.toLowerCase());
    receivers.push({ name: r.name, emailAddress: r.emailAddress });
  });
  return receivers;
}

/** The assignment scopes an alert in subscription `sub` watches (a subscription covers its resource groups). */
function alertScopesIn(sub: string, scopes: readonly ParsedScope[], warnings: ConfigIssue[]): string[] {
  const alertScopes: string[] = [];
  const add = (id: string) => {
    if (!alertScopes.some((s) => s.toLowerCase() === id.toLowerCase())) alertScopes.push(id);
  };
  for (const s of scopes) {
    if (s.kind === ScopeKind.ManagementGroup) {
      warnings.push({
        field: "monitoring",
        value: s.id,
        message: `cannot watch the management group ${s.id}: activity-log alerts watch one subscription, so the alert watches /subscriptions/${sub} only`,
        fix: "add a component (or monitoring) per subscription to watch the others",
      });
      add(`/subscriptions/${sub}`);
    } else if (s.subscriptionId === sub) add(s.id);
    else {
      warnings.push({
        field: "monitoring",
        value: s.id,
        message: `does not watch ${s.id}: it is in another subscription than the alert (${sub})`,
        fix: "deploy monitoring per subscription",
      });
    }
  }
  // A subscription scope already covers its resource groups.
  return alertScopes.filter((s) => !alertScopes.some((o) => o !== s && s.toLowerCase().startsWith(`${o.toLowerCase()}/`)));
}

/** Checks `monitoring`; returns the alert to create, or `undefined` when unset or invalid. */
export function checkMonitoring(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectiveMonitoring | undefined {
  const m = input.monitoring;
  if (!isObject(m)) return undefined;
  const before = errors.length;
  const rg = alertResourceGroup(m, errors);
  const receivers = emailReceivers(m, errors);
  if (errors.length > before || !rg || ctx.scopes.length === 0) return undefined;

  const sub = rg.subscriptionId!;
  const covered = alertScopesIn(sub, ctx.scopes, warnings);
  if (covered.length === 0) {
    errors.push({
      field: "monitoring.resourceGroupId",
      value: m.resourceGroupId,
      message: `is in subscription ${sub}, which holds none of the assignment scopes, so the alert would watch nothing`,
      fix: "put the alert in a resource group of an assigned subscription",
    });
    return undefined;
  }
  if (ctx.enforcementMode === EnforcementMode.DoNotEnforce) {
    warnings.push({
      field: "monitoring",
      value: ctx.enforcementMode,
      message: "will not fire while enforcementMode is DoNotEnforce: Azure writes no deny event to the activity log then",
      fix: "expected during a rollout; switch to Default to enforce",
    });
  }
  const shortName = typeof m.actionGroupShortName === "string" ? m.actionGroupShortName : DEFAULT_ACTION_GROUP_SHORT_NAME;
  return {
    resourceGroupId: rg.id,
    subscriptionId: sub,
    resourceGroupName: rg.resourceGroup!,
    emailReceivers: receivers,
    actionGroupShortName: shortName,
    alertScopes: covered,
  };
}

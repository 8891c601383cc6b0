/** Azure scope ids: parsing, canonical spelling, and which scope holds the definitions. */
import { anchored, GUID_PATTERN, RESOURCE_GROUP_NAME_PATTERN } from "./patterns";

/** The kinds of scope an assignment can have. */
export const ScopeKind = {
  Subscription: "subscription",
  ResourceGroup: "resourceGroup",
  ManagementGroup: "managementGroup",
} as const;
/** One of {@link ScopeKind}. */
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind];

/** A parsed scope with its canonical id (keywords spelled as Azure returns them). */
export interface ParsedScope {
  kind: ScopeKind;
  id: string;
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
}

const GUID = anchored(GUID_PATTERN);
const RG_NAME = anchored(RESOURCE_GROUP_NAME_PATTERN);
const MG_ID = anchored(RESOURCE_GROUP_NAME_PATTERN);

/** Parses a subscription, resource-group or management-group scope id. */
export function parseScope(raw: string): { ok: true; scope: ParsedScope } | { ok: false; problem: string } {
  const p = raw.split("/");
  const lower = p.map((s) => s.toLowerCase());
  if (lower[0] === "" && lower[1] === "subscriptions" && (p.length === 3 || p.length === 5)) {
    const sub = p[2];
    if (!GUID.test(sub)) return { ok: false, problem: `subscription id '${sub}' is not a GUID` };
    if (p.length === 3)
      return { ok: true, scope: { kind: ScopeKind.Subscription, id: `/subscriptions/${sub.toLowerCase()}`, subscriptionId: sub.toLowerCase() } };
    if (lower[3] !== "resourcegroups") return { ok: false, problem: `expected 'resourceGroups' after the subscription, found '${p[3]}'` };
    const rg = p[4];
    if (!RG_NAME.test(rg) || rg.endsWith("."))
      return { ok: false, problem: `resource group name '${rg}' is not valid (1–90 letters, digits, - _ . ( ), not ending in '.')` };
    return {
      ok: true,
      scope: {
        kind: ScopeKind.ResourceGroup,
        id: `/subscriptions/${sub.toLowerCase()}/resourceGroups/${rg}`,
        subscriptionId: sub.toLowerCase(),
        resourceGroup: rg,
      },
    };
  }
  if (p.length === 5 && lower[0] === "" && lower[1] === "providers" && lower[2] === "microsoft.management" && lower[3] === "managementgroups") {
    const mg = p[4];
    if (!MG_ID.test(mg)) return { ok: false, problem: `management group id '${mg}' is not valid (1–90 letters, digits, - _ . ( ))` };
    return { ok: true, scope: { kind: ScopeKind.ManagementGroup, id: `/providers/Microsoft.Management/managementGroups/${mg}`, managementGroup: mg } };
  }
  return { ok: false, problem: "is not a subscription, resource group or management group id" };
}

/** The scope that holds definitions for an assignment at `scope`: its subscription, or the management group itself. */
export function holdingScope(scope: ParsedScope): ParsedScope {
  if (scope.kind === ScopeKind.ResourceGroup && scope.subscriptionId) {
    return { kind: ScopeKind.Subscription, id: `/subscriptions/${scope.subscriptionId}`, subscriptionId: scope.subscriptionId };
  }
  return scope;
}

/**
 * Whether `inner` lies inside `outer`. `undefined` when it cannot be known offline
 * (a subscription's management-group ancestry lives in Azure, not in the ids).
 */
export function scopeContains(outer: ParsedScope, inner: ParsedScope): boolean | undefined {
  if (outer.kind === ScopeKind.ManagementGroup) {
    if (inner.kind === ScopeKind.ManagementGroup) return inner.id.toLowerCase() === outer.id.toLowerCase() ? true : undefined;
    return undefined;
  }
  const o = outer.id.toLowerCase();
  const i = inner.id.toLowerCase();
  return i === o || i.startsWith(o + "/");
}

/**
 * Resource ids and scopes as the baseline reads them: exemption targets, resource-id parameters of
 * built-ins, and whether an assignment scope contains a scope or resource (as far as offline can tell).
 */
import { GUID_PATTERN, RESOURCE_GROUP_NAME_PATTERN } from "../patterns";
import { ParsedScope, parseScope, ScopeKind } from "../scope";

/** A resource id below a resource group: `/subscriptions/{id}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/...]`. */
const RESOURCE_ID = new RegExp(
  `^/subscriptions/${GUID_PATTERN}/resourceGroups/${RESOURCE_GROUP_NAME_PATTERN}/providers/[A-Za-z0-9.]+/[^/]+/[^/]+(?:/[^/]+/[^/]+)*$`,
  "i",
);

/** Whether a resource id's ARM type (provider + type segments, case-insensitive) is `resourceType`. */
export function resourceIdHasType(id: string, resourceType: string): boolean {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id);
  if (!m) return false;
  const segments = m[2].split("/");
  const types = segments.filter((_, i) => i % 2 === 0);
  return `${m[1]}/${types.join("/")}`.toLowerCase() === resourceType.toLowerCase();
}

/** Whether a string is a resource id below a resource group. */
export function isResourceId(id: string): boolean {
  return RESOURCE_ID.test(id) && !id.includes("//") && !id.endsWith("/");
}

/** Parses a scope id or a resource id; scope ids come back canonical. */
export function parseScopeOrResource(raw: string): { ok: true; id: string; scope?: ParsedScope } | { ok: false; problem: string } {
  const parsed = parseScope(raw);
  if (parsed.ok) return { ok: true, id: parsed.scope.id, scope: parsed.scope };
  if (isResourceId(raw)) {
    const sub = raw.split("/")[2].toLowerCase();
    return { ok: true, id: `/subscriptions/${sub}/resourceGroups/${raw.split("/").slice(4).join("/")}` };
  }
  return { ok: false, problem: "is not a subscription, resource group, management group or resource id" };
}

/** Whether the scope or resource `inner` lies inside the assignment scope `outer`; `undefined` when unknowable offline. */
export function assignmentScopeContains(outer: ParsedScope, inner: string): boolean | undefined {
  const i = inner.toLowerCase();
  const o = outer.id.toLowerCase();
  if (outer.kind === ScopeKind.ManagementGroup) {
    if (i === o || i.startsWith(`${o}/`)) return true;
    return undefined; // a subscription's management-group ancestry lives in Azure
  }
  if (i.startsWith("/providers/microsoft.management/managementgroups/")) return false;
  return i === o || i.startsWith(`${o}/`);
}

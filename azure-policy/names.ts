/**
 * Stable Azure and Pulumi names. They derive from the component name and the scope only, never
 * from list contents, so editing a list updates resources in place (no replacement, no gap).
 */
import { createHash } from "node:crypto";
import { ASSIGNMENT_NAME_MAX } from "../core/patterns";

export { ASSIGNMENT_NAME_MAX };
/** Azure limits definition and set-definition names to 64 characters. */
export const DEFINITION_NAME_MAX = 64;

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Lower-case, dash-separated, at most `max` characters. */
export function slug(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s.slice(0, max).replace(/-+$/g, "") || "x";
}

/** The per-component prefix: readable slug plus a short hash of the exact name (two names never share it). */
export function componentPrefix(componentName: string): string {
  return `${slug(componentName, 30)}-${hash(componentName, 6)}`;
}

/** Azure name of a definition: `{prefix}-{ruleId}` (≤ 64). */
export function definitionName(componentName: string, ruleId: string): string {
  return `${componentPrefix(componentName)}-${ruleId}`.slice(0, DEFINITION_NAME_MAX);
}

/** Azure name of the initiative. */
export function initiativeName(componentName: string): string {
  return `${componentPrefix(componentName)}-initiative`;
}

/** Azure name of an assignment: `mlgov-` + 12 hex of (component, scope) = 18 characters. */
export function assignmentName(componentName: string, scopeId: string): string {
  return `mlgov-${hash(`${componentName}|${scopeId.toLowerCase()}`, 12)}`;
}

/** Pulumi logical-name suffix of an assignment: the scope's last segment plus a short hash. */
export function assignmentKey(scopeId: string): string {
  const last = scopeId.split("/").filter(Boolean).pop() ?? "scope";
  return `${slug(last, 24)}-${hash(scopeId.toLowerCase(), 8)}`;
}

/**
 * Stable names of the baseline's Azure objects. Like the model governance names
 * (`azure-policy/names.ts`), they derive from the component name, the scope and the guardrail key,
 * never from list contents or parameter values, so editing an effect or a parameter updates in
 * place.
 */
import { createHash } from "node:crypto";
import { componentPrefix, DEFINITION_NAME_MAX, slug } from "../names";

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** `computePublicIp` → `compute-public-ip`. */
export function kebab(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** Azure name of the baseline initiative: `{prefix}-baseline`. */
export function baselineInitiativeName(componentName: string): string {
  return `${componentPrefix(componentName)}-baseline`;
}

/** Azure name of a custom guardrail definition: `{prefix}-{key-in-kebab-case}` (≤ 64). */
export function customGuardrailDefinitionName(componentName: string, key: string): string {
  return `${componentPrefix(componentName)}-${kebab(key)}`.slice(0, DEFINITION_NAME_MAX);
}

/** Azure name of a baseline assignment: `mlgrd-` + 12 hex of (component, scope) = 18 characters (≤ 24 at management-group scope). */
export function baselineAssignmentName(componentName: string, scopeId: string): string {
  return `mlgrd-${hash(`${componentName}|${scopeId.toLowerCase()}|baseline`, 12)}`;
}

/** A UUID-shaped, deterministic role assignment name (Azure requires a GUID). */
export function roleAssignmentName(componentName: string, assignmentScope: string, roleScope: string, roleGuid: string): string {
  const h = hash(`${componentName}|${assignmentScope.toLowerCase()}|${roleScope.toLowerCase()}|${roleGuid.toLowerCase()}`, 32);
  // Version 5-style nibbles so it reads as a name-based UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Azure name of an exemption: `mlgov-ex-` + 16 hex of (component, initiative, assignment scope, exempted scope, name). */
export function exemptionName(componentName: string, initiative: string, assignmentScope: string, scope: string, name: string | undefined): string {
  return `mlgov-ex-${hash(`${componentName}|${initiative}|${assignmentScope.toLowerCase()}|${scope.toLowerCase()}|${(name ?? "").toLowerCase()}`, 16)}`;
}

/** Azure name of the deny alert's action group. */
export function actionGroupName(componentName: string, resourceGroupId: string): string {
  return `mlgov-deny-${hash(`${componentName}|${resourceGroupId.toLowerCase()}`, 8)}`;
}

/** Azure name of the activity-log alert on policy deny events. */
export function denyAlertName(componentName: string, resourceGroupId: string): string {
  return `mlgov-policy-deny-${hash(`${componentName}|${resourceGroupId.toLowerCase()}|alert`, 8)}`;
}

/** A short, stable logical-name suffix from parts (`{readable}-{8 hex}`). */
export function logicalSuffix(readable: string, ...parts: string[]): string {
  return `${slug(readable, 24)}-${hash(parts.map((p) => p.toLowerCase()).join("|"), 8)}`;
}

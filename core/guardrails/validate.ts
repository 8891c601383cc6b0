/**
 * Validation and normalisation of the baseline keys: guardrails, registry built-ins, exemptions,
 * monitoring, identity location. Called by `validateGovernanceConfig` after the JSON Schema (which
 * checks shapes, types and allowed effects), so every problem of a config is still reported at
 * once, each with field, value and fix, before anything is registered.
 *
 * This module coordinates; each topic has its own file beside it:
 * - `effective.ts`: what validation returns (members, exemptions, monitoring);
 * - `validate-members.ts`, `validate-registry-builtins.ts`: the initiative members and the
 *   registry built-ins' parameters derived from the rules;
 * - `validate-identity.ts`, `validate-exemptions.ts`, `validate-monitoring.ts`: one key each;
 * - `schema-issues.ts`: schema issues under the baseline keys made specific;
 * - `resource-ids.ts`, `validate-helpers.ts`: what they share.
 *
 * Time-dependent checks (an expiry in the past, an exemption longer than `exemptionMaxDays`) use
 * the `now` they are given, so tests can pin it.
 */
import type { ConfigIssue } from "../config/issues";
import type { BaselineContext, EffectiveBaseline } from "./effective";
import { BASELINE_KEYS, BASELINE_LIMITS } from "./schema";
import { checkExemptions } from "./validate-exemptions";
import { checkIdentityLocation } from "./validate-identity";
import { checkMembers } from "./validate-members";
import { checkMonitoring } from "./validate-monitoring";

export * from "./effective";
export { assignmentScopeContains, isResourceId, parseScopeOrResource, resourceIdHasType } from "./resource-ids";
export { BASELINE_FIXES, refineBaselineIssue } from "./schema-issues";
export { definitionLabel } from "./validate-helpers";
export { DEFAULT_ACTION_GROUP_SHORT_NAME } from "./validate-monitoring";
export { deriveAllowedAssetIds } from "./validate-registry-builtins";

/** Whether the input sets any baseline key. */
export function hasBaselineKeys(input: Record<string, unknown>): boolean {
  return BASELINE_KEYS.some((k) => input[k] !== undefined);
}

/**
 * Validates the baseline keys of a config (after the schema). Pushes problems onto `errors` and
 * `warnings`; returns the effective baseline, or `undefined` when no baseline key is set.
 */
export function validateBaseline(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectiveBaseline | undefined {
  if (!hasBaselineKeys(input)) return undefined;
  const errorsBefore = errors.length;
  const { members, remediating } = checkMembers(input, ctx, errors, warnings);
  const identityLocation = checkIdentityLocation(input, remediating, errors.length > errorsBefore, errors, warnings);
  const maxDays =
    typeof input.exemptionMaxDays === "number" && Number.isInteger(input.exemptionMaxDays) && input.exemptionMaxDays > 0
      ? input.exemptionMaxDays
      : BASELINE_LIMITS.defaultExemptionMaxDays;
  const exemptions = checkExemptions(input, members, maxDays, ctx, errors, warnings);
  const monitoring = checkMonitoring(input, ctx, errors, warnings);
  const baseline: EffectiveBaseline = { members, exemptions, exemptionMaxDays: maxDays };
  if (identityLocation !== undefined && members.some((m) => m.needsIdentity)) baseline.identityLocation = identityLocation;
  if (monitoring) baseline.monitoring = monitoring;
  return baseline;
}

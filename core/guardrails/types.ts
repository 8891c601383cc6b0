/**
 * The named enums of the governance baseline's config (guardrail effects, exemption categories).
 * The config's interfaces are generated from its JSON Schema (core/config/config-types.generated.ts);
 * these stay `as const` objects so the Pulumi component analyzer gives every language an enum.
 */

/** Every effect an Azure Policy definition can take; each guardrail allows only some of them (see the catalogue). */
export const GuardrailEffect = {
  Audit: "Audit",
  Deny: "Deny",
  Disabled: "Disabled",
  Modify: "Modify",
  DeployIfNotExists: "DeployIfNotExists",
  AuditIfNotExists: "AuditIfNotExists",
} as const;
/** One of {@link GuardrailEffect}. */
export type GuardrailEffect = (typeof GuardrailEffect)[keyof typeof GuardrailEffect];

/** Azure Policy exemption category. */
export const ExemptionCategory = {
  /** The non-compliance is accepted for a while. */
  Waiver: "Waiver",
  /** The intent of the policy is met another way. */
  Mitigated: "Mitigated",
} as const;
/** One of {@link ExemptionCategory}. */
export type ExemptionCategory = (typeof ExemptionCategory)[keyof typeof ExemptionCategory];

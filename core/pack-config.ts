/**
 * The policy pack's config file, derived from a governance config. The component exports it as
 * `policyPackConfig`, so `pulumi stack output policyPackConfig --json > ml-policy.json` is the
 * whole hand-off from the platform team to app teams.
 */
import { EnforcementMode } from "./enums";
import { EffectiveRules } from "./config/validate";

/** Name of the pack's model policy (the key of its config in `--policy-pack-config`). */
export const MODEL_POLICY_NAME = "azure-ml-model-governance";

/** The rule keys of a policy pack config entry, as a config file holds them. */
export interface ModelPolicyConfig {
  allowedRegistries: string[];
  blockedModels: string[];
  allowedModels: string[];
  workspaceModels: string;
  effect: string;
  enforcementLevel?: string;
}

/**
 * The exact JSON for `--policy-pack-config`. With `DoNotEnforce` Azure only reports, so the pack
 * is made advisory too (an explicit level in the file always wins over the effect mapping).
 */
export function policyPackConfigFor(rules: EffectiveRules, enforcementMode: EnforcementMode = EnforcementMode.Default): Record<string, ModelPolicyConfig> {
  const entry: ModelPolicyConfig = {
    allowedRegistries: [...rules.allowedRegistries],
    blockedModels: rules.blockedModels.map((e) => e.canonical),
    allowedModels: rules.allowedModels.map((e) => e.canonical),
    workspaceModels: rules.workspaceModels,
    effect: rules.effect,
  };
  if (enforcementMode === EnforcementMode.DoNotEnforce && rules.effect !== "Disabled") entry.enforcementLevel = "advisory";
  return { [MODEL_POLICY_NAME]: entry };
}

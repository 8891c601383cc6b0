/**
 * The policy pack's config file, derived from a governance config. The component exports it as
 * `policyPackConfig`, so `pulumi stack output policyPackConfig --json > ml-policy.json` is the
 * whole hand-off from the platform team to app teams.
 */
import { EnforcementMode } from "./enums";
import { ConfigIssue, EffectiveRules, validateRuleConfig } from "./config/validate";
import { compileRules, CompiledRules } from "./decision";
import { controlsConfigJson } from "./deployment-controls/config";

/**
 * The servable pack's name (`new PolicyPack(PACK_NAME, …)` in `policypack/`), which is also its
 * default name in Pulumi Cloud.
 */
export const PACK_NAME = "azure-ml-governance";

/** Name of the pack's model policy (the key of its config in `--policy-pack-config`). */
export const MODEL_POLICY_NAME = "azure-ml-model-governance";

/** The rule keys of a policy pack config entry, as a config file holds them. */
export interface ModelPolicyConfig {
  allowedRegistries: string[];
  allowedPublishers: string[];
  blockedModels: string[];
  allowedModels: string[];
  workspaceModels: string;
  effect: string;
  enforcementLevel?: string;
  /** Deployment-control keys that are on (allowedDeploymentTypes, …), shorthands expanded. */
  [control: string]: unknown;
}

/**
 * The exact JSON for `--policy-pack-config`. With `DoNotEnforce` Azure only reports, so the pack
 * is made advisory too (an explicit level in the file always wins over the effect mapping).
 */
export function policyPackConfigFor(rules: EffectiveRules, enforcementMode: EnforcementMode = EnforcementMode.Default): Record<string, ModelPolicyConfig> {
  const entry: ModelPolicyConfig = {
    allowedRegistries: [...rules.allowedRegistries],
    allowedPublishers: [...rules.allowedPublishers],
    blockedModels: [...rules.blockedModels.map((e) => e.canonical), ...rules.blockedCatalogModels.map((e) => e.canonical)],
    allowedModels: [...rules.allowedModels.map((e) => e.canonical), ...rules.allowedCatalogModels.map((e) => e.canonical)],
    workspaceModels: rules.workspaceModels,
    effect: rules.effect,
    ...controlsConfigJson(rules.deploymentControls),
  };
  if (enforcementMode === EnforcementMode.DoNotEnforce && rules.effect !== "Disabled") entry.enforcementLevel = "advisory";
  return { [MODEL_POLICY_NAME]: entry };
}

/** A validated pack config, compiled for fast decisions, or every problem with it. */
export type PackRules = { ok: true; rules: EffectiveRules; compiled: CompiledRules; warnings: ConfigIssue[] } | { ok: false; errors: ConfigIssue[] };

/** Validates (with the core; defaults applied there) and compiles a pack config. */
export function resolvePackRules(raw: unknown): PackRules {
  const result = validateRuleConfig(raw);
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, rules: result.config, compiled: compileRules(result.config), warnings: result.warnings };
}

/**
 * The effective governance config as plain JSON: what the component exports as `effectiveConfig`
 * and what `render --format markdown` summarises, so both read one conversion.
 */
import { Effect, EnforcementMode, WorkspaceModels } from "../enums";
import { EffectiveConfig } from "./validate";
import { controlsConfigJson } from "../deployment-controls/config";

/**
 * The normalised governance config as plain JSON (the `effectiveConfig` output): scopes as
 * canonical ids, model lists as canonical `azureml://registries/...` strings, defaults filled in.
 */
export interface EffectiveGovernanceConfig {
  /** Every assignment scope, canonical, primary first. */
  scopes: string[];
  /** Where the definitions and the initiative live. */
  definitionScope: string;
  /** Lower-case trusted registry names. */
  allowedRegistries: string[];
  /** Trusted catalog publishers as written (empty: none trusted). */
  allowedPublishers: string[];
  /** Azure Policy effect of the model rules. */
  effect: Effect;
  /** Canonical blocked model entries (registry, then catalog). */
  blockedModels: string[];
  /** Canonical approved model entries (empty: every model of a trusted registry). */
  allowedModels: string[];
  /** Whether non-registry models may be deployed. */
  workspaceModels: WorkspaceModels;
  /** Assignment enforcement mode. */
  enforcementMode: EnforcementMode;
  /** Resource ids excluded from every assignment. */
  notScopes: string[];
  /** The non-compliance message override, if any. */
  nonComplianceMessage?: string;
  /** The owning team, if given. */
  owner?: string;
  /** Deployment controls that are on, shorthands expanded (see README "Deployment controls"). */
  allowedDeploymentTypes?: string[];
  requireContentFilter?: boolean;
  allowedContentFilters?: string[];
  allowedVersionUpgradeOptions?: string[];
  maxCapacity?: number;
  maxCapacityByDeploymentType?: Record<string, number>;
}

/** Converts a validated config to the plain JSON of {@link EffectiveGovernanceConfig}. */
export function effectiveConfigJson(config: EffectiveConfig): EffectiveGovernanceConfig {
  const json: EffectiveGovernanceConfig = {
    scopes: config.scopes.map((s) => s.id),
    definitionScope: config.definitionScope.id,
    allowedRegistries: [...config.allowedRegistries],
    allowedPublishers: [...config.allowedPublishers],
    effect: config.effect,
    blockedModels: [...config.blockedModels.map((e) => e.canonical), ...config.blockedCatalogModels.map((e) => e.canonical)],
    allowedModels: [...config.allowedModels.map((e) => e.canonical), ...config.allowedCatalogModels.map((e) => e.canonical)],
    workspaceModels: config.workspaceModels,
    enforcementMode: config.enforcementMode,
    notScopes: [...config.notScopes],
  };
  if (config.nonComplianceMessage !== undefined) json.nonComplianceMessage = config.nonComplianceMessage;
  if (config.owner !== undefined) json.owner = config.owner;
  return Object.assign(json, controlsConfigJson(config.deploymentControls));
}

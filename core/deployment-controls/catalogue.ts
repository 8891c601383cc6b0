/**
 * The documented values the deployment controls accept: deployment types (SKU names) with where
 * inference data is processed, the residency profiles that expand to lists of them, the version
 * upgrade options, and the RAI policy names that switch content filtering off. One source for the
 * schema, validation, the decision, the Azure Policy definitions and the docs.
 *
 * Sources: shared/reference/foundry-deployments.md §3.1 (deployment types, Microsoft Learn
 * "deployment types", May 2026), §3.2 (version upgrade options), §3.3 (RAI policy names).
 */

/**
 * The documented deployment types (`sku.name`). `as const` objects, not unions, so the component's
 * multi-language schema gets enum types (see core/enums.ts).
 */
export const DeploymentType = {
  GlobalStandard: "GlobalStandard",
  GlobalProvisionedManaged: "GlobalProvisionedManaged",
  GlobalBatch: "GlobalBatch",
  DataZoneStandard: "DataZoneStandard",
  DataZoneProvisionedManaged: "DataZoneProvisionedManaged",
  DataZoneBatch: "DataZoneBatch",
  Standard: "Standard",
  ProvisionedManaged: "ProvisionedManaged",
  DeveloperTier: "DeveloperTier",
} as const;
/** One of {@link DeploymentType}. */
export type DeploymentType = (typeof DeploymentType)[keyof typeof DeploymentType];

/** An `allowedDeploymentTypes` entry: a deployment type or a residency shorthand. */
export const DeploymentTypeSetting = {
  // Written out, not spread from DeploymentType: the component analyzer reads literal members only.
  GlobalStandard: "GlobalStandard",
  GlobalProvisionedManaged: "GlobalProvisionedManaged",
  GlobalBatch: "GlobalBatch",
  DataZoneStandard: "DataZoneStandard",
  DataZoneProvisionedManaged: "DataZoneProvisionedManaged",
  DataZoneBatch: "DataZoneBatch",
  Standard: "Standard",
  ProvisionedManaged: "ProvisionedManaged",
  DeveloperTier: "DeveloperTier",
  /** Standard, ProvisionedManaged. */
  ResidencyRegional: "residency:regional",
  /** The regional types plus DataZoneStandard, DataZoneProvisionedManaged, DataZoneBatch. */
  ResidencyDataZone: "residency:data-zone",
} as const;
/** One of {@link DeploymentTypeSetting}. */
export type DeploymentTypeSetting = (typeof DeploymentTypeSetting)[keyof typeof DeploymentTypeSetting];

/** The `versionUpgradeOption` values. */
export const VersionUpgradeOption = {
  NoAutoUpgrade: "NoAutoUpgrade",
  OnceCurrentVersionExpired: "OnceCurrentVersionExpired",
  OnceNewDefaultVersionAvailable: "OnceNewDefaultVersionAvailable",
} as const;
/** One of {@link VersionUpgradeOption}. */
export type VersionUpgradeOption = (typeof VersionUpgradeOption)[keyof typeof VersionUpgradeOption];

/** Where a deployment type processes inference data. */
export const Residency = {
  /** The deployment's own region. */
  Regional: "regional",
  /** The Microsoft data zone (US or EU) of the deployment's region. */
  DataZone: "data-zone",
  /** Any Azure region (or, for DeveloperTier, no residency guarantee at all). */
  Global: "global",
} as const;
/** One of {@link Residency}. */
export type Residency = (typeof Residency)[keyof typeof Residency];

/** One documented deployment type (`sku.name`). */
export interface DeploymentTypeInfo {
  /** The SKU name exactly as Azure documents it. */
  name: DeploymentType;
  residency: Residency;
  /** One line for the schema, README and markdown summary. */
  description: string;
}

/** Every documented deployment type, in the order Microsoft lists them. */
export const DEPLOYMENT_TYPES: readonly DeploymentTypeInfo[] = [
  { name: "GlobalStandard", residency: Residency.Global, description: "Global Standard: pay per token; inference in any Azure region." },
  { name: "GlobalProvisionedManaged", residency: Residency.Global, description: "Global Provisioned: reserved PTUs; inference in any Azure region." },
  { name: "GlobalBatch", residency: Residency.Global, description: "Global Batch: 50% discount, 24-hour target; inference in any Azure region." },
  {
    name: "DataZoneStandard",
    residency: Residency.DataZone,
    description: "Data Zone Standard: pay per token; inference within the Microsoft data zone (US or EU).",
  },
  { name: "DataZoneProvisionedManaged", residency: Residency.DataZone, description: "Data Zone Provisioned: reserved PTUs; inference within the data zone." },
  { name: "DataZoneBatch", residency: Residency.DataZone, description: "Data Zone Batch: 50% discount; inference within the data zone." },
  { name: "Standard", residency: Residency.Regional, description: "Standard: pay per token; inference in the deployment's region only." },
  { name: "ProvisionedManaged", residency: Residency.Regional, description: "Regional Provisioned: reserved PTUs; inference in the deployment's region only." },
  {
    name: "DeveloperTier",
    residency: Residency.Global,
    description: "Developer: fine-tuned model evaluation only, no data residency guarantee and no SLA, deleted after 24 hours.",
  },
];

/** The documented SKU names. */
export const DEPLOYMENT_TYPE_NAMES: readonly string[] = DEPLOYMENT_TYPES.map((t) => t.name);
if (
  DEPLOYMENT_TYPE_NAMES.length !== Object.keys(DeploymentType).length ||
  !DEPLOYMENT_TYPE_NAMES.every((t) => (Object.values(DeploymentTypeSetting) as string[]).includes(t))
)
  throw new Error("DEPLOYMENT_TYPES and DeploymentTypeSetting must list every DeploymentType");

/** A residency shorthand usable in `allowedDeploymentTypes`; it expands to its types in every output. */
export interface ResidencyProfile {
  /** As written in the config: `residency:regional`, `residency:data-zone`. */
  name: DeploymentTypeSetting;
  /** What it allows, for the docs. */
  description: string;
  types: readonly string[];
}

const typesWithin = (...residencies: Residency[]): string[] => DEPLOYMENT_TYPES.filter((t) => residencies.includes(t.residency)).map((t) => t.name);

/** The residency profiles. DeveloperTier is in neither: it carries no residency guarantee. */
export const RESIDENCY_PROFILES: readonly ResidencyProfile[] = [
  {
    name: DeploymentTypeSetting.ResidencyRegional,
    description: "Inference stays in the deployment's region: Standard and ProvisionedManaged.",
    types: typesWithin(Residency.Regional),
  },
  {
    name: DeploymentTypeSetting.ResidencyDataZone,
    description: "No Global* and no DeveloperTier: inference stays in the data zone (US or EU) or the region.",
    types: typesWithin(Residency.DataZone, Residency.Regional),
  },
];

/** The `versionUpgradeOption` values (the API's absent value behaves as OnceCurrentVersionExpired). */
export const VERSION_UPGRADE_OPTIONS: readonly { name: VersionUpgradeOption; description: string }[] = [
  { name: "NoAutoUpgrade", description: "Never upgraded automatically; the deployment stops working when its version retires." },
  { name: "OnceCurrentVersionExpired", description: "Upgraded to the current default version when the deployed version retires." },
  { name: "OnceNewDefaultVersionAvailable", description: "Upgraded within about two weeks of a new default version (the classic provider's default)." },
];

/** The value the classic provider (`azure:cognitive/deployment:Deployment`) sends when none is set. */
export const CLASSIC_DEFAULT_VERSION_UPGRADE_OPTION = "OnceNewDefaultVersionAvailable";

/**
 * RAI policy names used as "no content filtering" (§3.3: seen in scripts and a Microsoft sample's
 * fallback; not documented). Denied whenever the content-filter rule is on, and refused in
 * `allowedContentFilters`.
 */
export const DISABLING_CONTENT_FILTERS: readonly string[] = ["Microsoft.Nil", "Microsoft.Nill"];

/** Capacity ceiling accepted in the config (Azure's 32-bit integer). */
export const MAX_CAPACITY_LIMIT = 2_147_483_647;

/**
 * Enumerations shared by every adapter. They are `as const` objects (not string-literal union
 * aliases) so that component args stay multi-language safe: the Pulumi component analyzer turns
 * them into schema enums.
 */

/** What Azure Policy does with a non-compliant deployment; the pack maps it to an enforcement level. */
export const Effect = {
  /** Refuse the deployment (pack: mandatory). */
  Deny: "Deny",
  /** Record it as non-compliant but let it through (pack: advisory). */
  Audit: "Audit",
  /** Do not evaluate (pack: disabled). */
  Disabled: "Disabled",
} as const;
/** One of {@link Effect}. */
export type Effect = (typeof Effect)[keyof typeof Effect];

/** Whether models that do not come from a registry (workspace models, batch data paths) may be deployed. */
export const WorkspaceModels = {
  Allow: "Allow",
  Deny: "Deny",
} as const;
/** One of {@link WorkspaceModels}. */
export type WorkspaceModels = (typeof WorkspaceModels)[keyof typeof WorkspaceModels];

/** Azure Policy assignment enforcement mode. `DoNotEnforce` evaluates and reports but never blocks. */
export const EnforcementMode = {
  Default: "Default",
  DoNotEnforce: "DoNotEnforce",
} as const;
/** One of {@link EnforcementMode}. */
export type EnforcementMode = (typeof EnforcementMode)[keyof typeof EnforcementMode];

/** Where a parsed model reference comes from. */
export const ModelSource = {
  /** An Azure ML registry (`azureml://registries/...` or a registry ARM id). */
  Registry: "registry",
  /** A workspace: workspace asset ids, `azureml:name:version`, batch data/output paths. */
  Workspace: "workspace",
} as const;
/** One of {@link ModelSource}. */
export type ModelSource = (typeof ModelSource)[keyof typeof ModelSource];

/**
 * The decision rules, in evaluation order. The value is the stable rule id used in messages,
 * Azure Policy definition names and pack diagnostics.
 */
export const Rule = {
  /** 1. The reference is missing, unparseable or of an unknown form: fail closed. */
  ModelReference: "model-reference",
  /** 2. The model is on `blockedModels`. */
  BlockedModels: "blocked-models",
  /** 3. A registry model from a registry that is not in `allowedRegistries`. */
  TrustedRegistries: "trusted-registries",
  /** 4. A catalog model (`{format, name, version}`) whose publisher is not in `allowedPublishers`. */
  TrustedPublishers: "trusted-publishers",
  /** 5. `allowedModels` is set and does not cover the registry or catalog model. */
  ApprovedModels: "approved-models",
  /** 6. A non-registry model while `workspaceModels` is `Deny`. */
  WorkspaceModels: "workspace-models",
  /** 7. Nothing objected. */
  Allowed: "allowed",
} as const;
/** One of {@link Rule}. */
export type Rule = (typeof Rule)[keyof typeof Rule];

/** A rule that can deny: every {@link Rule} but {@link Rule.Allowed}. */
export type DenyRule = Exclude<Rule, typeof Rule.Allowed>;

/** The rules that can deny, in order (every rule but {@link Rule.Allowed}). */
export const DENY_RULES: readonly Rule[] = [
  Rule.ModelReference,
  Rule.BlockedModels,
  Rule.TrustedRegistries,
  Rule.TrustedPublishers,
  Rule.ApprovedModels,
  Rule.WorkspaceModels,
];

// ---------------------------------------------------------------------------------------------
// Deployment controls (issue 11): how a model is deployed, decided beside the model rules.

/** The deployment-control rules. Each is on only when one of its config keys is set. */
export const ControlRule = {
  /** `allowedDeploymentTypes`: the deployment type (`sku.name`, data residency). */
  DeploymentTypes: "deployment-types",
  /** `requireContentFilter` / `allowedContentFilters`: the RAI policy (`raiPolicyName`). */
  ContentFilters: "content-filters",
  /** `allowedVersionUpgradeOptions`: `versionUpgradeOption`. */
  VersionUpgrades: "version-upgrades",
  /** `maxCapacity` / `maxCapacityByDeploymentType`: `sku.capacity`. */
  Capacity: "capacity",
} as const;
/** One of {@link ControlRule}. */
export type ControlRule = (typeof ControlRule)[keyof typeof ControlRule];

/** Every deployment-control rule, in a stable order. */
export const CONTROL_RULES: readonly ControlRule[] = Object.values(ControlRule);

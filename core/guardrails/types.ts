/**
 * The args of the governance baseline: Azure ML guardrail built-ins, the registry built-ins, the
 * two custom guardrail definitions, exemptions, monitoring. Every key is optional, so a config
 * without them deploys exactly the model governance it did before.
 *
 * Multi-language safe (the Pulumi component analyzer reads these): named interfaces, `as const`
 * enums, no unions, intersections or functions. One optional property per readable key, each with
 * typed parameters, so the generated schema is as precise as the TypeScript.
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

/** A guardrail without parameters: enabled by being present, with its effect (default: the definition's default). */
export interface GuardrailSetting {
  /** Effect; must be one the definition allows. Default: the definition's default effect. */
  effect?: GuardrailEffect;
}

/** Parameters of `ee40564d` (Configure Azure Machine Learning workspace to use private DNS zones). */
export interface PrivateDnsZonesParameters {
  /** Resource id of the private DNS zone (`privatelink.api.azureml.ms`). Required. */
  privateDnsZoneId: string;
  /** Resource id of a second zone (`privatelink.notebooks.azure.net`). Default "". */
  secondPrivateDnsZoneId?: string;
}
/** `configureWorkspacePrivateDnsZones`. */
export interface PrivateDnsZonesSetting {
  effect?: GuardrailEffect;
  parameters?: PrivateDnsZonesParameters;
}

/** Parameters of `7838fd83` (Configure Azure Machine Learning workspaces with private endpoints). */
export interface PrivateEndpointParameters {
  /** Resource id of a subnet with private endpoint network policies disabled. Required. */
  privateEndpointSubnetId: string;
}
/** `configureWorkspacePrivateEndpoint`. */
export interface PrivateEndpointSetting {
  effect?: GuardrailEffect;
  parameters?: PrivateEndpointParameters;
}

/** Parameters of `f59276f0` (Configure diagnostic settings for Azure Machine Learning Workspaces to Log Analytics workspace). */
export interface DiagnosticLogsParameters {
  /** Resource id of the Log Analytics workspace. Required. */
  logAnalytics: string;
  /** Diagnostic setting name. Default `MachineLearningServicesDiagnosticsLogsToWorkspace`. */
  profileName?: string;
  /** Stream metrics. Default true. */
  metricsEnabled?: boolean;
  /** Stream logs. Default true. */
  logsEnabled?: boolean;
}
/** `configureWorkspaceDiagnosticLogs`. */
export interface DiagnosticLogsSetting {
  effect?: GuardrailEffect;
  parameters?: DiagnosticLogsParameters;
}

/** Parameters of `afe0c3be` (Resource logs in Azure Machine Learning Workspaces should be enabled). */
export interface ResourceLogsParameters {
  /** Required retention in days, as the definition's String parameter (digits). Default "365". */
  requiredRetentionDays?: string;
}
/** `workspaceResourceLogs`. */
export interface ResourceLogsSetting {
  effect?: GuardrailEffect;
  parameters?: ResourceLogsParameters;
}

/**
 * Azure ML guardrails, one optional key each (present = assigned). Built-ins unless noted; the
 * catalogue (`core/guardrails/catalogue.ts`) holds each key's definition, effects and roles.
 */
export interface GuardrailsConfig {
  /** 679ddf89: compute instances should have idle shutdown (Audit, Deny, Disabled; default Audit). */
  computeIdleShutdown?: GuardrailSetting;
  /** f110a506: compute instances should be recreated for the latest OS image (Audit, Disabled; parameter `effects`). */
  computeLatestOsImage?: GuardrailSetting;
  /** 7804b5c7: computes should be in a virtual network (Audit, Disabled). */
  computeVnet?: GuardrailSetting;
  /** e96a9a5f: computes should have local authentication disabled (Audit, Deny, Disabled). */
  disableLocalAuth?: GuardrailSetting;
  /** a6f9a2d0: configure computes to disable local authentication (Modify, Disabled; Contributor role). */
  configureDisableLocalAuth?: GuardrailSetting;
  /** ba769a63: workspaces should be encrypted with a customer-managed key (Audit, Deny, Disabled). */
  workspaceCustomerManagedKey?: GuardrailSetting;
  /** 7f40cee6: the same, as AuditIfNotExists (AuditIfNotExists, Disabled). */
  workspaceCustomerManagedKeyIfNotExists?: GuardrailSetting;
  /** 438c38d2: workspaces should disable public network access (Audit, Deny, Disabled). */
  workspacePublicNetworkAccess?: GuardrailSetting;
  /** a10ee784: configure workspaces to disable public network access (Modify, Disabled; Contributor role). */
  configureWorkspacePublicNetworkAccess?: GuardrailSetting;
  /** e413671a: workspaces should enable V1LegacyMode (Audit, Deny, Disabled). */
  workspaceV1LegacyMode?: GuardrailSetting;
  /** 45e05259: workspaces should use private link (Audit, Disabled). */
  workspacePrivateLink?: GuardrailSetting;
  /** 5f0c7d88: workspaces should use a user-assigned managed identity (Audit, Deny, Disabled). */
  workspaceUserAssignedIdentity?: GuardrailSetting;
  /** ee40564d: configure workspaces to use private DNS zones (DeployIfNotExists, Disabled; `privateDnsZoneId` required). */
  configureWorkspacePrivateDnsZones?: PrivateDnsZonesSetting;
  /** 7838fd83: configure workspaces with private endpoints (DeployIfNotExists, Disabled; `privateEndpointSubnetId` required). */
  configureWorkspacePrivateEndpoint?: PrivateEndpointSetting;
  /** f59276f0: configure diagnostic settings to Log Analytics (DeployIfNotExists, Disabled; `logAnalytics` required). */
  configureWorkspaceDiagnosticLogs?: DiagnosticLogsSetting;
  /** afe0c3be: resource logs should be enabled (AuditIfNotExists, Disabled). */
  workspaceResourceLogs?: ResourceLogsSetting;
  /** Custom (Azure ML docs): deny compute instances and clusters with a public IP (Deny, Audit, Disabled; default Deny). */
  computePublicIp?: GuardrailSetting;
  /** Custom (Azure ML docs): deny serverless Spark jobs, i.e. every Spark job (Deny, Audit, Disabled; default Deny). */
  serverlessSparkJobs?: GuardrailSetting;
}

/** Parameters of `19539b54`. */
export interface AllowedRegistryParameters {
  /** The one registry whose models may be deployed. Default: the single entry of `allowedRegistries`. */
  allowedRegistryName?: string;
  /** Exact model asset ids to refuse. Default: the `blockedModels` entries that pin a version. */
  restrictedModels?: string[];
}
/** `registryBuiltins.allowedRegistry` (19539b54; effect Deny or Disabled, required: the definition has no default). */
export interface AllowedRegistrySetting {
  effect?: GuardrailEffect;
  parameters?: AllowedRegistryParameters;
}

/** Parameters of `12e5dd16` and `aafe3651`. Never `allowedModelPublishers`: that name does not exist. */
export interface ApprovedModelsParameters {
  /** Publishers whose models are all allowed. Default (aafe3651): the config's `allowedPublishers` as written, unless `allowedModels` names catalog models; else []. */
  allowedPublishers?: string[];
  /** Asset ids (substring match) that are allowed. Default: derived from `allowedModels`, else `allowedRegistries`. */
  allowedAssetIds?: string[];
}
/** `registryBuiltins.approvedRegistryModels` (12e5dd16) or `.cognitiveServicesApprovedModels` (aafe3651). */
export interface ApprovedModelsSetting {
  effect?: GuardrailEffect;
  parameters?: ApprovedModelsParameters;
}

/** The data-plane registry built-ins (evaluated by the Azure ML / Cognitive Services data plane at deployment time). */
export interface RegistryBuiltinsConfig {
  /** 19539b54: registry model deployments are restricted except for the allowed registry (one registry). */
  allowedRegistry?: AllowedRegistrySetting;
  /** 12e5dd16: Azure ML deployments should only use approved registry models. */
  approvedRegistryModels?: ApprovedModelsSetting;
  /** aafe3651: Foundry model deployments should only use approved models (publishers and asset ids). */
  cognitiveServicesApprovedModels?: ApprovedModelsSetting;
  /** 8791d062: Foundry model deployments should meet eligibility requirements (GUID from third-party sources; see the catalogue). */
  foundryModelEligibility?: FoundryModelEligibilitySetting;
}

/** Parameters of `8791d062`. Both default to false (no restriction). */
export interface FoundryModelEligibilityParameters {
  /** Deny models that are not Direct from Azure. */
  onlyAllowDirectFromAzure?: boolean;
  /** Deny models whose lifecycle status is Preview. */
  denyPreviewModels?: boolean;
}
/** `registryBuiltins.foundryModelEligibility` (8791d062). */
export interface FoundryModelEligibilitySetting {
  effect?: GuardrailEffect;
  parameters?: FoundryModelEligibilityParameters;
}

/** One exemption: a scope or resource excused from some (or all) rules until it expires. */
export interface ExemptionConfig {
  /** The exempted scope or resource id (inside an assignment scope). */
  scope: string;
  /** Waiver (accepted for a while) or Mitigated (met another way). */
  category: ExemptionCategory;
  /** When the exemption stops being honoured: ISO 8601, e.g. `2026-03-31T00:00:00Z`. Must be in the future. */
  expiresOn: string;
  /** Why: recorded as the description and in metadata. Required. */
  reason: string;
  /** Who asked for it (person, team or ticket), recorded in metadata. Required. */
  requestedBy: string;
  /**
   * Which rules: model rule ids (`trusted-registries`, ...) and guardrail keys (`computeVnet`, ...).
   * Empty or absent: every rule Azure can exempt.
   */
  rules?: string[];
  /** The assignment scope to exempt from. Default: every assignment scope that contains `scope`. */
  assignmentScope?: string;
  /** A short name that tells two exemptions of the same scope apart (part of the Azure name). */
  name?: string;
}

/** One e-mail receiver of the deny alert's action group. */
export interface EmailReceiverConfig {
  /** Receiver name (unique in the action group). */
  name: string;
  /** E-mail address. */
  emailAddress: string;
}

/** An activity-log alert on Azure Policy deny events at the assignment scopes, with an action group. */
export interface MonitoringConfig {
  /** Resource group (`/subscriptions/{id}/resourceGroups/{name}`) that holds the action group and the alert. */
  resourceGroupId: string;
  /** Who is told (at least one). */
  emailReceivers: EmailReceiverConfig[];
  /** Action group short name (≤ 12 characters). Default `mlgov-deny`. */
  actionGroupShortName?: string;
}

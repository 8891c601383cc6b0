/**
 * The catalogue of Azure ML built-in policy definitions the baseline can assign, as data: GUID,
 * display name, mode, version and pinned `definitionVersion`, the effect parameter's exact name
 * and allowed effects, the other parameters (type, default, required), and the roles that
 * DeployIfNotExists / Modify need. Source: the built-in definitions in `Azure/azure-policy`
 * (`built-in-policies/policyDefinitions/Machine Learning/` and `Cognitive Services/`), as listed in
 * shared/reference/azure-policy-ml.md §1; `test/guardrails/catalogue.test.ts` checks every entry
 * against that reference.
 *
 * Plus the two custom guardrail definitions from the Azure ML governance docs
 * (`how-to-integrate-azure-policy.md`, "Create custom definitions").
 */
import { GuardrailEffect } from "./types";

/** Azure built-in role definition GUIDs used by the catalogue, with their names. */
export const BuiltinRole = {
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  MonitoringContributor: "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
  LogAnalyticsContributor: "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
} as const;

/** Role GUID → role name (for descriptions and docs). */
export const ROLE_NAMES: Readonly<Record<string, string>> = {
  [BuiltinRole.Contributor]: "Contributor",
  [BuiltinRole.NetworkContributor]: "Network Contributor",
  [BuiltinRole.MonitoringContributor]: "Monitoring Contributor",
  [BuiltinRole.LogAnalyticsContributor]: "Log Analytics Contributor",
};

/** Policy modes. The two data-plane (Resource Provider) modes support neither custom non-compliance messages nor exemptions. */
export const PolicyMode = {
  All: "All",
  Indexed: "Indexed",
  MachineLearningV2Data: "Microsoft.MachineLearningServices.v2.Data",
  CognitiveServicesData: "Microsoft.CognitiveServices.Data",
} as const;
/** One of {@link PolicyMode}. */
export type PolicyMode = (typeof PolicyMode)[keyof typeof PolicyMode];

/** Whether a mode is a data-plane (Resource Provider) mode. */
export function isDataPlaneMode(mode: string): boolean {
  return mode === PolicyMode.MachineLearningV2Data || mode === PolicyMode.CognitiveServicesData;
}

/** Kinds of value a parameter holds; resource ids are checked against their ARM type. */
export const ParameterKind = {
  String: "String",
  Array: "Array",
  Boolean: "Boolean",
  /** A String holding a resource id of {@link BuiltinParameter.resourceType}. */
  ResourceId: "ResourceId",
} as const;
/** One of {@link ParameterKind}. */
export type ParameterKind = (typeof ParameterKind)[keyof typeof ParameterKind];

/** One parameter of a built-in (other than the effect). */
export interface BuiltinParameter {
  /** The exact name in the definition. */
  name: string;
  /** Azure Policy type (`String`, `Array`, `Boolean`). */
  type: "String" | "Array" | "Boolean";
  kind: ParameterKind;
  /** No `defaultValue`: Azure needs a value at assignment. */
  required: boolean;
  defaultValue?: unknown;
  /** `metadata.strongType`, when the definition sets one. */
  strongType?: string;
  /** ARM type a resource-id value must have (`Microsoft.Network/privateDnsZones`). */
  resourceType?: string;
  /** `metadata.assignPermissions`: the remediation identity also needs the roles on this resource. */
  assignPermissions?: boolean;
  /** What to put there. */
  description: string;
}

/** Which list of the args a catalogue entry is enabled from. */
export const CatalogueGroup = {
  /** `guardrails.<key>` */
  Guardrail: "guardrails",
  /** `registryBuiltins.<key>` */
  Registry: "registryBuiltins",
} as const;
/** One of {@link CatalogueGroup}. */
export type CatalogueGroup = (typeof CatalogueGroup)[keyof typeof CatalogueGroup];

/** A built-in policy definition. */
export interface BuiltinDefinition {
  /** Readable key (the args key and the initiative's policyDefinitionReferenceId). */
  key: string;
  group: CatalogueGroup;
  kind: "builtin";
  /** Definition GUID (its name). */
  guid: string;
  displayName: string;
  mode: PolicyMode;
  /** Version at the reference's HEAD. */
  version: string;
  /** What assignments pin: the major version (`2.*.*`, `1.*.*-preview`). */
  definitionVersion: string;
  preview: boolean;
  /** The effect parameter's exact name: `effect`, except `effects` for f110a506. */
  effectParameter: "effect" | "effects";
  allowedEffects: readonly GuardrailEffect[];
  /** `undefined`: the definition has no default, so the effect must be given (19539b54). */
  defaultEffect?: GuardrailEffect;
  parameters: readonly BuiltinParameter[];
  /**
   * Name stem of the config types of a definition with parameters (`PrivateDnsZones` →
   * `PrivateDnsZonesSetting`, `PrivateDnsZonesParameters`); shared by definitions with the same
   * parameters. A parameterless definition's setting is `GuardrailSetting`.
   */
  settingType?: string;
  /** Roles (GUIDs) in `then.details.roleDefinitionIds`, needed by DeployIfNotExists / Modify. */
  roleDefinitionIds: readonly string[];
  /** The definition file in Azure/azure-policy. */
  source: string;
  /** Where the GUID comes from, when it is not the `source` file of the stored Azure/azure-policy snapshot. */
  provenance?: string;
  /** The rule as a requirement, for non-compliance messages (`{verb}` = must / should). */
  requirement: string;
}

/** A custom guardrail definition rendered by this package (see `azure-policy/guardrails/custom-definitions.ts`). */
export interface CustomGuardrail {
  key: string;
  group: "guardrails";
  kind: "custom";
  displayName: string;
  description: string;
  mode: PolicyMode;
  version: string;
  effectParameter: "effect";
  allowedEffects: readonly GuardrailEffect[];
  defaultEffect: GuardrailEffect;
  parameters: readonly BuiltinParameter[];
  roleDefinitionIds: readonly string[];
  /** Where the rule comes from. */
  source: string;
  requirement: string;
}

/** A catalogue entry. */
export type GuardrailDefinition = BuiltinDefinition | CustomGuardrail;

const E = GuardrailEffect;
const ML = "Machine Learning/";

function pin(version: string): string {
  const major = version.split(".")[0];
  return `${major}.*.*${/-preview$/i.test(version) ? "-preview" : ""}`;
}

function builtin(entry: Omit<BuiltinDefinition, "kind" | "definitionVersion" | "preview"> & { preview?: boolean }): BuiltinDefinition {
  return { ...entry, kind: "builtin", definitionVersion: pin(entry.version), preview: entry.preview ?? /-preview$/i.test(entry.version) };
}

const APPROVED_MODELS_PARAMETERS: readonly BuiltinParameter[] = [
  {
    name: "allowedPublishers",
    type: "Array",
    kind: ParameterKind.Array,
    required: false,
    defaultValue: [],
    description: "Publishers whose models are allowed (any model of a listed publisher passes).",
  },
  {
    name: "allowedAssetIds",
    type: "Array",
    kind: ParameterKind.Array,
    required: false,
    defaultValue: [],
    description: "Asset ids that are allowed; matched as substrings (`contains`), at most 100 (value count).",
  },
];

/** Every built-in of the catalogue, in a stable order. */
export const BUILTIN_DEFINITIONS: readonly BuiltinDefinition[] = [
  // --- registry built-ins (data plane) -------------------------------------------------------
  builtin({
    key: "allowedRegistry",
    settingType: "AllowedRegistry",
    group: CatalogueGroup.Registry,
    guid: "19539b54-c61e-4196-9a38-67598701be90",
    displayName: "[Preview]: Azure Machine Learning Model Registry Deployments are restricted except for the allowed Registry",
    mode: PolicyMode.MachineLearningV2Data,
    version: "1.0.0-preview",
    effectParameter: "effect",
    allowedEffects: [E.Deny, E.Disabled],
    parameters: [
      {
        name: "allowedRegistryName",
        type: "String",
        kind: ParameterKind.String,
        required: false,
        defaultValue: "",
        description: "The one registry whose models may be deployed. Empty: every registry model is denied.",
      },
      { name: "restrictedModels", type: "Array", kind: ParameterKind.Array, required: false, defaultValue: [], description: "Exact model asset ids to deny." },
    ],
    roleDefinitionIds: [],
    source: `${ML}OnlyDeployAllowedRegistryModels_Deny.json`,
    requirement: "Azure ML registry model deployments {verb} come from the allowed registry and not be restricted",
  }),
  builtin({
    key: "approvedRegistryModels",
    settingType: "ApprovedModels",
    group: CatalogueGroup.Registry,
    guid: "12e5dd16-d201-47ff-849b-8454061c293d",
    displayName: "[Preview]: Azure Machine Learning Deployments should only use approved Registry Models",
    mode: PolicyMode.MachineLearningV2Data,
    version: "1.0.0-preview",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: APPROVED_MODELS_PARAMETERS,
    roleDefinitionIds: [],
    source: `${ML}AllowDeployRegistryModels_Audit.json`,
    requirement: "Azure ML deployments {verb} only use approved registry models",
  }),
  builtin({
    key: "cognitiveServicesApprovedModels",
    settingType: "ApprovedModels",
    group: CatalogueGroup.Registry,
    guid: "aafe3651-cb78-4f68-9f81-e7e41509110f",
    // Renamed in the Foundry docs (model-deployment-policy.md, 2026-05-29 and 2026-08-18 revisions;
    // "the policy definition ID is unchanged"); the stored definition file still has the old name.
    displayName: "Foundry model deployments should only use approved models",
    mode: PolicyMode.CognitiveServicesData,
    version: "1.0.1",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: APPROVED_MODELS_PARAMETERS,
    roleDefinitionIds: [],
    source: "Cognitive Services/AllowDeployRegistryModels_Audit.json",
    requirement: "Foundry model deployments {verb} only use approved models",
  }),
  builtin({
    key: "foundryModelEligibility",
    settingType: "FoundryModelEligibility",
    group: CatalogueGroup.Registry,
    guid: "8791d062-ba96-4c34-b604-8538f7e30ca0",
    displayName: "Foundry model deployments should meet eligibility requirements",
    mode: PolicyMode.CognitiveServicesData,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [
      {
        name: "onlyAllowDirectFromAzure",
        type: "Boolean",
        kind: ParameterKind.Boolean,
        required: false,
        defaultValue: false,
        description: "true: deny models that are not Direct from Azure.",
      },
      {
        name: "denyPreviewModels",
        type: "Boolean",
        kind: ParameterKind.Boolean,
        required: false,
        defaultValue: false,
        description: "true: deny models in Preview.",
      },
    ],
    roleDefinitionIds: [],
    source: "(not in Azure/azure-policy at f4a50ba, 2026-04-29)",
    provenance:
      "Name and parameters: MicrosoftDocs/azure-ai-docs articles/foundry/how-to/model-deployment-policy.md (2026-08-18 revision, generally available). The docs do not give the GUID: 8791d062-ba96-4c34-b604-8538f7e30ca0 is confirmed only by several public third-party templates and checklists, and the definition is not in the stored Azure/azure-policy snapshot, so its version, mode and effect list are unverified (shared/reference/foundry-deployments.md §4.2). Azure rejects an assignment of an unknown GUID, so a wrong id fails at deployment, never silently.",
    requirement: "Foundry model deployments {verb} meet the eligibility requirements (Direct from Azure, no preview models)",
  }),
  // --- Azure ML guardrails (Resource Manager modes) -------------------------------------------
  builtin({
    key: "computeIdleShutdown",
    group: CatalogueGroup.Guardrail,
    guid: "679ddf89-ab8f-48a5-9029-e76054077449",
    displayName: "Azure Machine Learning Compute Instance should have idle shutdown.",
    mode: PolicyMode.All,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}IdleShutdown_Audit.json`,
    requirement: "Azure ML compute instances {verb} have an idle shutdown (idleTimeBeforeShutdown)",
  }),
  builtin({
    key: "computeLatestOsImage",
    group: CatalogueGroup.Guardrail,
    guid: "f110a506-2dcb-422e-bcea-d533fc8c35e2",
    displayName: "Azure Machine Learning compute instances should be recreated to get the latest software updates",
    mode: PolicyMode.All,
    version: "1.0.3",
    effectParameter: "effects",
    allowedEffects: [E.Audit, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}ComputeInstanceUpdates_Audit.json`,
    requirement: "Azure ML compute instances {verb} run the latest OS image (recreate them to update)",
  }),
  builtin({
    key: "computeVnet",
    group: CatalogueGroup.Guardrail,
    guid: "7804b5c7-01dc-4723-969b-ae300cc07ff1",
    displayName: "Azure Machine Learning Computes should be in a virtual network",
    mode: PolicyMode.All,
    version: "1.0.1",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Vnet_Audit.json`,
    requirement: "Azure ML compute clusters and instances {verb} be in a virtual network (subnet.id)",
  }),
  builtin({
    key: "disableLocalAuth",
    group: CatalogueGroup.Guardrail,
    guid: "e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f",
    displayName: "Azure Machine Learning Computes should have local authentication methods disabled",
    mode: PolicyMode.All,
    version: "2.1.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}DisableLocalAuth_Audit.json`,
    requirement: "Azure ML compute clusters and instances {verb} have local authentication disabled (disableLocalAuth: true)",
  }),
  builtin({
    key: "configureDisableLocalAuth",
    group: CatalogueGroup.Guardrail,
    guid: "a6f9a2d0-cff7-4855-83ad-4cd750666512",
    displayName: "Configure Azure Machine Learning Computes to disable local authentication methods",
    mode: PolicyMode.All,
    version: "2.1.0",
    effectParameter: "effect",
    allowedEffects: [E.Modify, E.Disabled],
    defaultEffect: E.Modify,
    parameters: [],
    roleDefinitionIds: [BuiltinRole.Contributor],
    source: `${ML}DisableLocalAuth_Modify.json`,
    requirement: "Azure ML computes {verb} have local authentication disabled; Azure Policy sets disableLocalAuth to true",
  }),
  builtin({
    key: "workspaceCustomerManagedKey",
    group: CatalogueGroup.Guardrail,
    guid: "ba769a63-b8cc-4b2d-abf6-ac33c7204be8",
    displayName: "Azure Machine Learning workspaces should be encrypted with a customer-managed key",
    mode: PolicyMode.Indexed,
    version: "1.1.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_CMKEnabled_Audit.json`,
    requirement: "Azure ML workspaces (not projects) {verb} be encrypted with a customer-managed key (encryption.status Enabled)",
  }),
  builtin({
    key: "workspaceCustomerManagedKeyIfNotExists",
    group: CatalogueGroup.Guardrail,
    guid: "7f40cee6-e933-4d0f-a782-b96615e0f4a6",
    displayName: "Azure Machine Learning workspaces should be encrypted with the use of a customer-managed key",
    mode: PolicyMode.Indexed,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.AuditIfNotExists, E.Disabled],
    defaultEffect: E.AuditIfNotExists,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_CMKEnabled_Audit_V2.json`,
    requirement: "Azure ML workspaces (not projects) {verb} be encrypted with a customer-managed key",
  }),
  builtin({
    key: "workspacePublicNetworkAccess",
    group: CatalogueGroup.Guardrail,
    guid: "438c38d2-3772-465a-a9cc-7a6666a275ce",
    displayName: "Azure Machine Learning workspaces should disable public network access",
    mode: PolicyMode.Indexed,
    version: "2.0.1",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_PublicNetworkAccessDisabled_Audit.json`,
    requirement: "Azure ML workspaces {verb} disable public network access (publicNetworkAccess Disabled)",
  }),
  builtin({
    key: "configureWorkspacePublicNetworkAccess",
    group: CatalogueGroup.Guardrail,
    guid: "a10ee784-7409-4941-b091-663697637c0f",
    displayName: "Configure Azure Machine Learning Workspaces to disable public network access",
    mode: PolicyMode.Indexed,
    version: "1.0.3",
    effectParameter: "effect",
    allowedEffects: [E.Modify, E.Disabled],
    defaultEffect: E.Modify,
    parameters: [],
    roleDefinitionIds: [BuiltinRole.Contributor],
    source: `${ML}Workspace_PublicNetworkAccessDisabled_Modify.json`,
    requirement: "Azure ML workspaces {verb} disable public network access; Azure Policy sets publicNetworkAccess to Disabled",
  }),
  builtin({
    key: "workspaceV1LegacyMode",
    group: CatalogueGroup.Guardrail,
    guid: "e413671a-dd10-4cc1-a943-45b598596cb7",
    displayName: "Azure Machine Learning workspaces should enable V1LegacyMode to support network isolation backward compatibility",
    mode: PolicyMode.Indexed,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_EnableV1LegacyMode_Audit.json`,
    requirement: "Azure ML workspaces {verb} enable V1LegacyMode",
  }),
  builtin({
    key: "workspacePrivateLink",
    group: CatalogueGroup.Guardrail,
    guid: "45e05259-1eb5-4f70-9574-baf73e9d219b",
    displayName: "Azure Machine Learning workspaces should use private link",
    mode: PolicyMode.Indexed,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_PrivateEndpoint_Audit_V2.json`,
    requirement: "Azure ML workspaces {verb} have an approved private endpoint connection",
  }),
  builtin({
    key: "workspaceUserAssignedIdentity",
    group: CatalogueGroup.Guardrail,
    guid: "5f0c7d88-c7de-45b8-ac49-db49e72eaa78",
    displayName: "Azure Machine Learning workspaces should use user-assigned managed identity",
    mode: PolicyMode.Indexed,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Audit, E.Deny, E.Disabled],
    defaultEffect: E.Audit,
    parameters: [],
    roleDefinitionIds: [],
    source: `${ML}Workspace_UAIEnabled_Audit.json`,
    requirement: "Azure ML workspaces {verb} use a user-assigned managed identity (primaryUserAssignedIdentity)",
  }),
  builtin({
    key: "configureWorkspacePrivateDnsZones",
    settingType: "PrivateDnsZones",
    group: CatalogueGroup.Guardrail,
    guid: "ee40564d-486e-4f68-a5ca-7a621edae0fb",
    displayName: "Configure Azure Machine Learning workspace to use private DNS zones",
    mode: PolicyMode.Indexed,
    version: "1.1.0",
    effectParameter: "effect",
    allowedEffects: [E.DeployIfNotExists, E.Disabled],
    defaultEffect: E.DeployIfNotExists,
    parameters: [
      {
        name: "privateDnsZoneId",
        type: "String",
        kind: ParameterKind.ResourceId,
        required: true,
        strongType: "Microsoft.Network/privateDnsZones",
        resourceType: "Microsoft.Network/privateDnsZones",
        description: "Resource id of the private DNS zone for the workspace's private endpoint (privatelink.api.azureml.ms).",
      },
      {
        name: "secondPrivateDnsZoneId",
        type: "String",
        kind: ParameterKind.ResourceId,
        required: false,
        defaultValue: "",
        strongType: "Microsoft.Network/privateDnsZones",
        resourceType: "Microsoft.Network/privateDnsZones",
        description: "Resource id of a second private DNS zone (privatelink.notebooks.azure.net).",
      },
    ],
    roleDefinitionIds: [BuiltinRole.NetworkContributor],
    source: `${ML}Workspace_PrivateDnsZones_DINE.json`,
    requirement: "private endpoints of Azure ML workspaces {verb} be registered in the private DNS zones",
  }),
  builtin({
    key: "configureWorkspacePrivateEndpoint",
    settingType: "PrivateEndpoint",
    group: CatalogueGroup.Guardrail,
    guid: "7838fd83-5cbb-4b5d-888c-bfa240972597",
    displayName: "Configure Azure Machine Learning workspaces with private endpoints",
    mode: PolicyMode.Indexed,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.DeployIfNotExists, E.Disabled],
    defaultEffect: E.DeployIfNotExists,
    parameters: [
      {
        name: "privateEndpointSubnetId",
        type: "String",
        kind: ParameterKind.ResourceId,
        required: true,
        strongType: "Microsoft.Network/virtualNetworks/subnets",
        resourceType: "Microsoft.Network/virtualNetworks/subnets",
        description: "Resource id of a subnet with private endpoint network policies disabled.",
      },
    ],
    roleDefinitionIds: [BuiltinRole.NetworkContributor],
    source: `${ML}Workspace_PrivateEndpoint_DINE.json`,
    requirement: "Azure ML workspaces {verb} have a private endpoint in the designated subnet",
  }),
  builtin({
    key: "configureWorkspaceDiagnosticLogs",
    settingType: "DiagnosticLogs",
    group: CatalogueGroup.Guardrail,
    guid: "f59276f0-5740-4aaf-821d-45d185aa210e",
    displayName: "Configure diagnostic settings for Azure Machine Learning Workspaces to Log Analytics workspace",
    mode: PolicyMode.Indexed,
    version: "1.0.1",
    effectParameter: "effect",
    allowedEffects: [E.DeployIfNotExists, E.Disabled],
    defaultEffect: E.DeployIfNotExists,
    parameters: [
      {
        name: "logAnalytics",
        type: "String",
        kind: ParameterKind.ResourceId,
        required: true,
        strongType: "omsWorkspace",
        resourceType: "Microsoft.OperationalInsights/workspaces",
        assignPermissions: true,
        description: "Resource id of the Log Analytics workspace that receives the logs.",
      },
      {
        name: "profileName",
        type: "String",
        kind: ParameterKind.String,
        required: false,
        defaultValue: "MachineLearningServicesDiagnosticsLogsToWorkspace",
        description: "Name of the diagnostic setting.",
      },
      { name: "metricsEnabled", type: "Boolean", kind: ParameterKind.Boolean, required: false, defaultValue: true, description: "Stream metrics." },
      { name: "logsEnabled", type: "Boolean", kind: ParameterKind.Boolean, required: false, defaultValue: true, description: "Stream logs." },
    ],
    roleDefinitionIds: [BuiltinRole.MonitoringContributor, BuiltinRole.LogAnalyticsContributor],
    source: `${ML}AuditDiagnosticLog_DINE.json`,
    requirement: "Azure ML workspaces {verb} send resource logs to the Log Analytics workspace",
  }),
  builtin({
    key: "workspaceResourceLogs",
    settingType: "ResourceLogs",
    group: CatalogueGroup.Guardrail,
    guid: "afe0c3be-ba3b-4544-ba52-0c99672a8ad6",
    displayName: "Resource logs in Azure Machine Learning Workspaces should be enabled",
    mode: PolicyMode.Indexed,
    version: "1.0.1",
    effectParameter: "effect",
    allowedEffects: [E.AuditIfNotExists, E.Disabled],
    defaultEffect: E.AuditIfNotExists,
    parameters: [
      {
        name: "requiredRetentionDays",
        type: "String",
        kind: ParameterKind.String,
        required: false,
        defaultValue: "365",
        description: "Required retention in days when logs go to a storage account (digits, as a String).",
      },
    ],
    roleDefinitionIds: [],
    source: `${ML}AuditDiagnosticLog_Audit.json`,
    requirement: "Azure ML workspaces {verb} have resource logs enabled",
  }),
];

/** The two custom guardrail definitions (Azure ML docs, "Create custom definitions"), improved as noted. */
export const CUSTOM_GUARDRAILS: readonly CustomGuardrail[] = [
  {
    key: "computePublicIp",
    group: "guardrails",
    kind: "custom",
    displayName: "Azure ML compute instances and clusters must not have a public IP",
    description:
      "Denies Azure ML compute instances and compute clusters (AmlCompute) whose enableNodePublicIp is not false. Unlike the Azure ML docs' example (which fires only on an explicit true), a missing enableNodePublicIp counts as a public IP, because that is the API default. Attached computes (AKS, Kubernetes, ...) have no such property and are out of scope.",
    mode: PolicyMode.All,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Deny, E.Audit, E.Disabled],
    defaultEffect: E.Deny,
    parameters: [],
    roleDefinitionIds: [],
    source: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-integrate-azure-policy.md, 'Example: Deny public IPs for managed computes'",
    requirement: "Azure ML compute instances and clusters {verb} not have a public IP (set enableNodePublicIp to false)",
  },
  {
    key: "serverlessSparkJobs",
    group: "guardrails",
    kind: "custom",
    displayName: "Azure ML serverless Spark jobs must not be submitted",
    description:
      "Denies Azure ML jobs whose jobType is Spark, as the Azure ML docs' 'Deny serverless Spark compute jobs' example does. The rule cannot tell serverless Spark from an attached Synapse Spark pool, so every Spark job is denied.",
    mode: PolicyMode.All,
    version: "1.0.0",
    effectParameter: "effect",
    allowedEffects: [E.Deny, E.Audit, E.Disabled],
    defaultEffect: E.Deny,
    parameters: [],
    roleDefinitionIds: [],
    source: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-integrate-azure-policy.md, 'Example: Deny serverless Spark compute jobs'",
    requirement: "Azure ML Spark jobs {verb} not be submitted (serverless Spark is not allowed)",
  },
];

/** Every catalogue entry (built-ins first, then the custom definitions). */
export const GUARDRAIL_DEFINITIONS: readonly GuardrailDefinition[] = [...BUILTIN_DEFINITIONS, ...CUSTOM_GUARDRAILS];

const byKey = new Map<string, GuardrailDefinition>(GUARDRAIL_DEFINITIONS.map((d) => [d.key, d]));

/** The catalogue entry of a key, or `undefined`. */
export function guardrailDefinition(key: string): GuardrailDefinition | undefined {
  return byKey.get(key);
}

/** The keys of `guardrails` (built-in guardrails and the two custom definitions), in catalogue order. */
export const GUARDRAIL_KEYS: readonly string[] = GUARDRAIL_DEFINITIONS.filter((d) => d.group === CatalogueGroup.Guardrail).map((d) => d.key);
/** The keys of `registryBuiltins`, in catalogue order. */
export const REGISTRY_BUILTIN_KEYS: readonly string[] = GUARDRAIL_DEFINITIONS.filter((d) => d.group === CatalogueGroup.Registry).map((d) => d.key);

/** Effects that need a managed identity (and a location) on the assignment, and roles for it. */
export const IDENTITY_EFFECTS: readonly GuardrailEffect[] = [E.DeployIfNotExists, E.Modify];

/** The built-in's id: `/providers/Microsoft.Authorization/policyDefinitions/{guid}`. */
export function builtinDefinitionId(def: BuiltinDefinition): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${def.guid}`;
}

/** Whether an entry evaluates in a data-plane mode (no custom non-compliance messages, no exemptions). */
export function isDataPlane(def: GuardrailDefinition): boolean {
  return isDataPlaneMode(def.mode);
}

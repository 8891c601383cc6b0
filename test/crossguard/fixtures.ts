/**
 * Resources for the pack tests, written by hand from the azure-native inputs and ARM shapes (not
 * derived from the core's surface table, so a wrong table entry shows up as a failing test).
 */
import { SurfaceKey } from "../../core/surfaces";
import type { WireValue } from "../support/policy-pack-server";

/** Resource inputs / ARM properties as JSON (what the engine sends). */
export type Props = { [key: string]: WireValue };

/** The three type-token forms of an azure-native resource. */
export const TOKEN_FORMS = ["default", "v2-versioned", "v3-parameterised"] as const;
/** One of {@link TOKEN_FORMS}. */
export type TokenForm = (typeof TOKEN_FORMS)[number];

/** `azure-native:m:R`, `azure-native:m/v20241001:R`, `azure-native_m_v20241001:m/v20241001:R`. */
export function token(module: string, resource: string, form: TokenForm, version = "v20241001"): string {
  switch (form) {
    case "default":
      return `azure-native:${module}:${resource}`;
    case "v2-versioned":
      return `azure-native:${module}/${version}:${resource}`;
    case "v3-parameterised":
      return `azure-native_${module}_${version}:${module}/${version}:${resource}`;
  }
}

/** Input-name versions: v3 `properties`, v2 `<resource>Properties`. */
export type InputNames = "v3" | "v2";

/** A Pulumi-reachable deployment surface, as a test writes it. */
export interface PulumiSurfaceFixture {
  key: SurfaceKey;
  module: string;
  resource: string;
  /** v2 input name, where azure-native v2 had one. */
  v2Key?: string;
  /** The ARM `properties` holding `id` (absent `id` = no model reference). */
  armProperties(id: string | undefined): Props;
  /** Foundry deployments: the reference is `model.source`, governed only when it names an Azure ML asset. */
  foundry: boolean;
  /** The Pulumi input path of the reference, as messages name it (v3). */
  field: string;
}

const withId = (base: Props, key: string, id: string | undefined): Props => (id === undefined ? base : { ...base, [key]: id });

/** Every surface with an azure-native class. */
export const PULUMI_SURFACES: readonly PulumiSurfaceFixture[] = [
  {
    key: SurfaceKey.ServerlessEndpoint,
    module: "machinelearningservices",
    resource: "ServerlessEndpoint",
    v2Key: "serverlessEndpointProperties",
    armProperties: (id) => ({ authMode: "Key", modelSettings: withId({}, "modelId", id) }),
    foundry: false,
    field: "properties.modelSettings.modelId",
  },
  {
    key: SurfaceKey.OnlineDeployment,
    module: "machinelearningservices",
    resource: "OnlineDeployment",
    v2Key: "onlineDeploymentProperties",
    armProperties: (id) => withId({ endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" }, "model", id),
    foundry: false,
    field: "properties.model",
  },
  {
    key: SurfaceKey.BatchDeployment,
    module: "machinelearningservices",
    resource: "BatchDeployment",
    v2Key: "batchDeploymentProperties",
    armProperties: (id) => ({ compute: "cpu-cluster", model: withId({ referenceType: "Id" }, "assetId", id) }),
    foundry: false,
    field: "properties.model",
  },
  {
    key: SurfaceKey.MarketplaceSubscription,
    module: "machinelearningservices",
    resource: "MarketplaceSubscription",
    v2Key: "marketplaceSubscriptionProperties",
    armProperties: (id) => withId({}, "modelId", id),
    foundry: false,
    field: "properties.modelId",
  },
  {
    key: SurfaceKey.EndpointDeployment,
    module: "machinelearningservices",
    resource: "EndpointDeployment",
    // Source only: the registry path. Catalog models (format/name/version) are covered in catalog.test.ts.
    armProperties: (id) => ({ type: "Azure.OpenAI", model: withId({}, "source", id) }),
    foundry: true,
    field: "properties.model.source",
  },
  {
    key: SurfaceKey.ConnectionDeployment,
    module: "machinelearningservices",
    resource: "ConnectionDeployment",
    // Source only: the registry path. Catalog models (format/name/version) are covered in catalog.test.ts.
    armProperties: (id) => ({ type: "Azure.OpenAI", model: withId({}, "source", id) }),
    foundry: true,
    field: "properties.model.source",
  },
  {
    key: SurfaceKey.CognitiveServicesDeployment,
    module: "cognitiveservices",
    resource: "Deployment",
    armProperties: (id) => ({ model: withId({}, "source", id) }),
    foundry: true,
    field: "properties.model.source",
  },
];

/** The Pulumi inputs of a surface resource holding `id`, with v3 or v2 input names. */
export function pulumiInputs(s: PulumiSurfaceFixture, id: string | undefined, names: InputNames = "v3"): Props {
  const key = names === "v2" ? s.v2Key : "properties";
  if (key === undefined) throw new Error(`${s.resource} has no v2 input name`);
  return { resourceGroupName: "rg-ml", workspaceName: "ws-prod", endpointName: "ep", [key]: s.armProperties(id) };
}

/** ARM types, as a template writes them (full form). */
export const ARM_TYPES: Record<SurfaceKey, string> = {
  [SurfaceKey.ServerlessEndpoint]: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
  [SurfaceKey.OnlineDeployment]: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
  [SurfaceKey.BatchDeployment]: "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
  [SurfaceKey.MarketplaceSubscription]: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions",
  [SurfaceKey.WorkspaceEndpoint]: "Microsoft.MachineLearningServices/workspaces/endpoints",
  [SurfaceKey.EndpointDeployment]: "Microsoft.MachineLearningServices/workspaces/endpoints/deployments",
  [SurfaceKey.ConnectionDeployment]: "Microsoft.MachineLearningServices/workspaces/connections/deployments",
  [SurfaceKey.CognitiveServicesDeployment]: "Microsoft.CognitiveServices/accounts/deployments",
  [SurfaceKey.InferenceGroup]: "Microsoft.MachineLearningServices/workspaces/inferencePools/groups",
};

/** ARM `properties` of a Foundry serverless endpoint (`workspaces/endpoints`, no azure-native v3 class). */
export function workspaceEndpointProperties(id: string | undefined, endpointType = "serverlessEndpoint"): Props {
  return { endpointType, authMode: "Key", modelSettings: withId({}, "modelId", id) };
}

/** An ARM template resource of a surface holding `id`. */
export function armResource(key: SurfaceKey, id: string | undefined, name = "r"): Props {
  const properties =
    key === SurfaceKey.WorkspaceEndpoint
      ? workspaceEndpointProperties(id)
      : key === SurfaceKey.InferenceGroup
        ? { nodeSkuType: "Standard_NC24ads_A100_v4", modelConfiguration: withId({}, "modelId", id) }
        : PULUMI_SURFACES.find((s) => s.key === key)!.armProperties(id);
  return { type: ARM_TYPES[key], apiVersion: "2025-01-01-preview", name, properties };
}

/** A `resources:Deployment` input bag around a template. */
export function deploymentInputs(template: WireValue, parameters?: Props): Props {
  const properties: Props = { mode: "Incremental", template };
  if (parameters) properties.parameters = parameters;
  return { resourceGroupName: "rg-ml", properties };
}

/** A template around some resources. */
export function template(resources: WireValue, extra: Props = {}): Props {
  return { $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", ...extra, resources };
}

/** Resource types that are not governed (not applicable). */
export const OTHER_TOKENS = [
  "aws:s3/bucket:Bucket",
  "kubernetes:core/v1:Pod",
  "azure-native:storage:StorageAccount",
  "azure-native:machinelearningservices:Workspace",
  "azure-native:machinelearningservices:OnlineEndpoint",
  "azure-native:machinelearningservices:Registry",
  "azure-native:cognitiveservices:Account",
  "azure-native:resources:ResourceGroup",
  "azure-native:machinelearningservices:ServerlessEndpointX",
  "my-azure-native:machinelearningservices:ServerlessEndpoint",
  "pulumi:providers:azure-native",
];

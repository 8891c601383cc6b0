/**
 * The Azure ML / Foundry deployment surfaces: every resource type through which a model can be
 * deployed, how its model reference is found in Pulumi inputs (v3 and v2 names) and in ARM JSON,
 * and the Azure Policy aliases for the same fields. The policy pack, the CLI check, the Azure
 * Policy renderer and the offline evaluator all read this one table, so none can drift.
 */
import { ModelReferenceInput } from "./decision";

/** Stable keys of the surfaces. */
export const SurfaceKey = {
  ServerlessEndpoint: "serverlessEndpoint",
  OnlineDeployment: "onlineDeployment",
  BatchDeployment: "batchDeployment",
  MarketplaceSubscription: "marketplaceSubscription",
  WorkspaceEndpoint: "workspaceEndpoint",
  EndpointDeployment: "endpointDeployment",
  ConnectionDeployment: "connectionDeployment",
  CognitiveServicesDeployment: "cognitiveServicesDeployment",
} as const;
/** One of {@link SurfaceKey}. */
export type SurfaceKey = (typeof SurfaceKey)[keyof typeof SurfaceKey];

/** An Azure Policy alias and the ARM JSON path (from the resource root) it reads. */
export interface AliasField {
  alias: string;
  armPath: string;
}

/**
 * How the model reference is held:
 * - `model-id`: a string model id; absent means "no reference" (denied).
 * - `asset-reference`: a batch `{referenceType, assetId | datastoreId+path | jobId+path}` object.
 * - `registry-source`: Foundry deployments describe models by name/format; only a `source` that is
 *   an Azure ML asset id or ARM id is a registry reference to check. Otherwise the surface does
 *   not apply (the Foundry built-in governs it by publisher; see README).
 */
export type ReferenceKind = "model-id" | "asset-reference" | "registry-source";

/** One deployment surface. */
export interface Surface {
  key: SurfaceKey;
  /** Human name used in messages. */
  title: string;
  /** ARM resource type. */
  armType: string;
  /** azure-native module and resource class, when azure-native v3 has one. */
  pulumi?: { module: string; resource: string; v2PropertiesKey?: string };
  referenceKind: ReferenceKind;
  /** The model reference field (for `asset-reference`, the `assetId`). */
  modelField: AliasField;
  /** Batch only: the discriminator field. */
  referenceTypeField?: AliasField;
  /** Where the surface is polymorphic: applies only when this field equals `gate.value` (case-insensitive). */
  gate?: AliasField & { value: string };
}

const ML = "Microsoft.MachineLearningServices/workspaces";

/** Every surface, in a stable order. */
export const SURFACES: readonly Surface[] = [
  {
    key: SurfaceKey.ServerlessEndpoint,
    title: "serverless endpoint",
    armType: `${ML}/serverlessEndpoints`,
    pulumi: { module: "machinelearningservices", resource: "ServerlessEndpoint", v2PropertiesKey: "serverlessEndpointProperties" },
    referenceKind: "model-id",
    modelField: { alias: `${ML}/serverlessEndpoints/modelSettings.modelId`, armPath: "properties.modelSettings.modelId" },
  },
  {
    key: SurfaceKey.OnlineDeployment,
    title: "online deployment",
    armType: `${ML}/onlineEndpoints/deployments`,
    pulumi: { module: "machinelearningservices", resource: "OnlineDeployment", v2PropertiesKey: "onlineDeploymentProperties" },
    referenceKind: "model-id",
    modelField: { alias: `${ML}/onlineEndpoints/deployments/model`, armPath: "properties.model" },
  },
  {
    key: SurfaceKey.BatchDeployment,
    title: "batch deployment",
    armType: `${ML}/batchEndpoints/deployments`,
    pulumi: { module: "machinelearningservices", resource: "BatchDeployment", v2PropertiesKey: "batchDeploymentProperties" },
    referenceKind: "asset-reference",
    modelField: { alias: `${ML}/batchEndpoints/deployments/model.Id.assetId`, armPath: "properties.model.assetId" },
    referenceTypeField: { alias: `${ML}/batchEndpoints/deployments/model.referenceType`, armPath: "properties.model.referenceType" },
  },
  {
    key: SurfaceKey.MarketplaceSubscription,
    title: "marketplace subscription",
    armType: `${ML}/marketplaceSubscriptions`,
    pulumi: { module: "machinelearningservices", resource: "MarketplaceSubscription", v2PropertiesKey: "marketplaceSubscriptionProperties" },
    referenceKind: "model-id",
    modelField: { alias: `${ML}/marketplaceSubscriptions/modelId`, armPath: "properties.modelId" },
  },
  {
    key: SurfaceKey.WorkspaceEndpoint,
    title: "Foundry serverless endpoint",
    armType: `${ML}/endpoints`,
    referenceKind: "model-id",
    modelField: { alias: `${ML}/endpoints/serverlessEndpoint.modelSettings.modelId`, armPath: "properties.modelSettings.modelId" },
    gate: { alias: `${ML}/endpoints/endpointType`, armPath: "properties.endpointType", value: "serverlessEndpoint" },
  },
  {
    key: SurfaceKey.EndpointDeployment,
    title: "Foundry endpoint deployment",
    armType: `${ML}/endpoints/deployments`,
    pulumi: { module: "machinelearningservices", resource: "EndpointDeployment" },
    referenceKind: "registry-source",
    modelField: { alias: `${ML}/endpoints/deployments/model.source`, armPath: "properties.model.source" },
  },
  {
    key: SurfaceKey.ConnectionDeployment,
    title: "Foundry connection deployment",
    armType: `${ML}/connections/deployments`,
    pulumi: { module: "machinelearningservices", resource: "ConnectionDeployment" },
    referenceKind: "registry-source",
    modelField: { alias: `${ML}/connections/deployments/model.source`, armPath: "properties.model.source" },
  },
  {
    key: SurfaceKey.CognitiveServicesDeployment,
    title: "Cognitive Services (Foundry) deployment",
    armType: "Microsoft.CognitiveServices/accounts/deployments",
    pulumi: { module: "cognitiveservices", resource: "Deployment" },
    referenceKind: "registry-source",
    modelField: { alias: "Microsoft.CognitiveServices/accounts/deployments/model.source", armPath: "properties.model.source" },
  },
];

/** Batch `referenceType` values that name workspace data rather than a model asset. */
export const DATA_REFERENCE_TYPES = ["DataPath", "OutputPath"] as const;
/** Batch `referenceType` of a model asset id. */
export const ID_REFERENCE_TYPE = "Id";

/**
 * Whether a Foundry `source` value is a model reference we govern: an `azureml:` asset id or an
 * ARM id under the Azure ML provider. Both enforcement points use this same test.
 */
export const REGISTRY_SOURCE_PREFIX = "azureml:";
export const REGISTRY_SOURCE_PROVIDER_SEGMENT = "/providers/Microsoft.MachineLearningServices/";
export function isGovernedSource(source: unknown): boolean {
  if (source === undefined || source === null) return false;
  // A source that is there but not a string cannot be read, so it is governed (and denied).
  if (typeof source !== "string") return true;
  const lower = source.toLowerCase();
  // Anywhere in the value, not only at the start: a padded or prefixed id is governed (and then
  // denied as unparseable) instead of slipping past as "not a model reference".
  return lower.includes(REGISTRY_SOURCE_PREFIX) || lower.includes(REGISTRY_SOURCE_PROVIDER_SEGMENT.toLowerCase());
}

/** Alias → ARM path for every alias the surfaces use (for the evaluator and the renderer). */
export function aliasTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const s of SURFACES) {
    for (const f of [s.modelField, s.referenceTypeField, s.gate]) if (f) table.set(f.alias.toLowerCase(), f.armPath);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Type tokens

const tokenPatterns = new Map<RegExp, Surface>();
for (const s of SURFACES) {
  if (!s.pulumi) continue;
  const { module, resource } = s.pulumi;
  // Default (`azure-native:m:R`), v2 versioned (`azure-native:m/v2024…:R`) and v3 parameterised
  // local packages (`azure-native_m_v2024…:m/v2024…:R`).
  tokenPatterns.set(new RegExp(`^azure-native(?:_${module}_v[0-9a-z]+)?:${module}(?:/v[0-9a-z]+)?:${resource}$`, "i"), s);
}
/** First-character and substring prefilter so that non-ML resources cost one `startsWith`. */
const TOKEN_PREFIX = "azure-native";

/** The surface a Pulumi type token belongs to, in any of its token forms; `undefined` otherwise. */
export function surfaceForToken(token: string): Surface | undefined {
  if (!token.toLowerCase().startsWith(TOKEN_PREFIX)) return undefined;
  for (const [re, s] of tokenPatterns) if (re.test(token)) return s;
  return undefined;
}

const armTypes = new Map(SURFACES.map((s) => [s.armType.toLowerCase(), s]));
/** The surface of an ARM resource type (case-insensitive); `undefined` otherwise. */
export function surfaceForArmType(armType: string): Surface | undefined {
  return armTypes.get(armType.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Reading the reference

/** What a surface holds: a reference to decide, or a reason the surface does not apply. */
export type SurfaceReading = { applies: true; reference: ModelReferenceInput } | { applies: false; reason: string };

function at(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const underProperties = (armPath: string): string[] => armPath.split(".").slice(1);

/**
 * Reads the model reference from a surface's ARM `properties` object. Property access only (no
 * enumeration, no try/catch), so Pulumi's unknown-value proxy can signal preview-time unknowns.
 */
export function readSurface(surface: Surface, properties: unknown): SurfaceReading {
  if (surface.gate) {
    const v = at(properties, underProperties(surface.gate.armPath));
    if (typeof v !== "string" || v.toLowerCase() !== surface.gate.value.toLowerCase()) {
      return { applies: false, reason: `${surface.title}: ${surface.gate.armPath} is not ${surface.gate.value}` };
    }
  }
  const modelId = at(properties, underProperties(surface.modelField.armPath));
  switch (surface.referenceKind) {
    case "model-id":
      return { applies: true, reference: { kind: "model-id", modelId } };
    case "registry-source":
      return isGovernedSource(modelId)
        ? { applies: true, reference: { kind: "model-id", modelId } }
        : { applies: false, reason: `${surface.title}: model.source is not an Azure ML asset id` };
    case "asset-reference": {
      const refType = surface.referenceTypeField ? at(properties, underProperties(surface.referenceTypeField.armPath)) : undefined;
      const t = typeof refType === "string" ? refType.toLowerCase() : undefined;
      if (t === ID_REFERENCE_TYPE.toLowerCase()) return { applies: true, reference: { kind: "model-id", modelId } };
      if (t !== undefined && DATA_REFERENCE_TYPES.some((d) => d.toLowerCase() === t)) {
        const model = at(properties, ["model"]) as Record<string, unknown> | undefined;
        const path = [model?.datastoreId, model?.jobId, model?.path].filter((x) => typeof x === "string").join(" ");
        return { applies: true, reference: { kind: "data-path", path: `${refType as string}:${path}` } };
      }
      // No or unknown referenceType: no recognisable reference, denied as such.
      return { applies: true, reference: { kind: "model-id", modelId: undefined } };
    }
  }
}

/**
 * The ARM `properties` object of a Pulumi resource's inputs: v3 `properties`, else the v2
 * `<resource>Properties` input. Reading `properties` first keeps unknown-value semantics exact.
 */
export function armPropertiesFromInputs(surface: Surface, inputs: Record<string, unknown>): unknown {
  const v3 = inputs.properties;
  if (v3 !== undefined) return v3;
  return surface.pulumi?.v2PropertiesKey ? inputs[surface.pulumi.v2PropertiesKey] : undefined;
}

/**
 * Every ARM `properties` object a Pulumi resource's inputs hold, with its input key: v3
 * `properties` and the v2 `<resource>Properties` input when both are given (each is decided and
 * the stricter verdict wins), else whichever is given, else `properties` with no value.
 */
export function armPropertiesCandidates(surface: Surface, inputs: Record<string, unknown>): Array<{ key: string; properties: unknown }> {
  const out: Array<{ key: string; properties: unknown }> = [];
  const v3 = inputs.properties;
  if (v3 !== undefined) out.push({ key: "properties", properties: v3 });
  const v2Key = surface.pulumi?.v2PropertiesKey;
  const v2 = v2Key === undefined ? undefined : inputs[v2Key];
  if (v2Key !== undefined && v2 !== undefined) out.push({ key: v2Key, properties: v2 });
  return out.length > 0 ? out : [{ key: "properties", properties: undefined }];
}

/** Converts a Pulumi resource (token and inputs) to the ARM resource Azure would evaluate, if it is a surface. */
export function armResourceFromPulumi(token: string, inputs: Record<string, unknown>): { type: string; properties: unknown } | undefined {
  const surface = surfaceForToken(token);
  if (!surface) return undefined;
  return { type: surface.armType, properties: armPropertiesFromInputs(surface, inputs) };
}

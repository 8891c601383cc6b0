/**
 * The Azure ML / Foundry deployment surfaces: every resource type through which a model can be
 * deployed, how its model reference is found in Pulumi inputs (v3 and v2 names) and in ARM JSON,
 * and the Azure Policy aliases for the same fields. The policy pack, the CLI check, the Azure
 * Policy renderer and the offline evaluator all read this one table, so none can drift.
 */
import { isPresent } from "./catalog-model";
import type { ModelReferenceInput } from "./decision";
import { armPropertiesOf, azureNativeForm, PulumiForm, pulumiFormForToken } from "./pulumi-tokens";

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
  InferenceGroup: "inferenceGroup",
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
 * - `catalog`: Foundry deployments name a catalog model by `{format, name, version, publisher?}`
 *   (decided as a catalog model); a `source` that is an Azure ML asset id is decided as a registry
 *   model too, and the stricter verdict wins.
 */
export type ReferenceKind = "model-id" | "asset-reference" | "catalog";

/**
 * The fields of a catalog model on a surface, and the deployment-control fields beside it (sku,
 * versionUpgradeOption, raiPolicyName), so every rule reads one table. `sku` is top-level on
 * `accounts/deployments` and under `properties` on the ML-side deployments.
 */
export interface CatalogFields {
  format: AliasField;
  name: AliasField;
  version: AliasField;
  /** Only `accounts/deployments` has a `model.publisher` alias. */
  publisher?: AliasField;
  source: AliasField;
  versionUpgradeOption: AliasField;
  raiPolicyName: AliasField;
  sku: AliasField;
  skuName: AliasField;
  skuCapacity: AliasField;
  /**
   * The `managedOnlineEndpoint` variant: when `typeField` equals `value` (ordinal, case-insensitive)
   * the model is a plain id string at `modelField`, decided as a registry model id.
   */
  managedVariant?: { typeField: AliasField; value: string; modelField: AliasField };
}

/** One deployment surface. */
export interface Surface {
  key: SurfaceKey;
  /** Human name used in messages. */
  title: string;
  /** ARM resource type. */
  armType: string;
  referenceKind: ReferenceKind;
  /** The model reference field (for `asset-reference`, the `assetId`; for `catalog`, `model.source`). */
  modelField: AliasField;
  /** Batch only: the discriminator field. */
  referenceTypeField?: AliasField;
  /** Where the surface is polymorphic: applies only when this field equals `gate.value` (case-insensitive). */
  gate?: AliasField & { value: string };
  /** Catalog surfaces: where the catalog model and its deployment controls are. */
  catalog?: CatalogFields;
  /**
   * Azure publishes no alias for the model field: Azure Policy cannot read the model, so the
   * rendered policy denies the type under `model-reference` (see README, "Foundry models").
   */
  noPolicyAlias?: true;
}

const ML = "Microsoft.MachineLearningServices/workspaces";
const CS = "Microsoft.CognitiveServices/accounts/deployments";

/** The catalog fields of a type; `skuUnderProperties` for the ML-side deployments. */
function catalogFields(type: string, skuUnderProperties: boolean, publisher: boolean, managedVariant: boolean): CatalogFields {
  const f = (suffix: string, armPath: string): AliasField => ({ alias: `${type}/${suffix}`, armPath });
  const sku = skuUnderProperties ? "properties.sku" : "sku";
  const fields: CatalogFields = {
    format: f("model.format", "properties.model.format"),
    name: f("model.name", "properties.model.name"),
    version: f("model.version", "properties.model.version"),
    source: f("model.source", "properties.model.source"),
    versionUpgradeOption: f("versionUpgradeOption", "properties.versionUpgradeOption"),
    raiPolicyName: f("raiPolicyName", "properties.raiPolicyName"),
    sku: f("sku", sku),
    skuName: f("sku.name", `${sku}.name`),
    skuCapacity: f("sku.capacity", `${sku}.capacity`),
  };
  if (publisher) fields.publisher = f("model.publisher", "properties.model.publisher");
  if (managedVariant)
    fields.managedVariant = {
      typeField: f("type", "properties.type"),
      value: "managedOnlineEndpoint",
      modelField: f("managedOnlineEndpoint.model", "properties.model"),
    };
  return fields;
}

/** Every surface, in a stable order. */
export const SURFACES: readonly Surface[] = [
  {
    key: SurfaceKey.ServerlessEndpoint,
    title: "serverless endpoint",
    armType: `${ML}/serverlessEndpoints`,
    referenceKind: "model-id",
    modelField: { alias: `${ML}/serverlessEndpoints/modelSettings.modelId`, armPath: "properties.modelSettings.modelId" },
  },
  {
    key: SurfaceKey.OnlineDeployment,
    title: "online deployment",
    armType: `${ML}/onlineEndpoints/deployments`,
    referenceKind: "model-id",
    modelField: { alias: `${ML}/onlineEndpoints/deployments/model`, armPath: "properties.model" },
  },
  {
    key: SurfaceKey.BatchDeployment,
    title: "batch deployment",
    armType: `${ML}/batchEndpoints/deployments`,
    referenceKind: "asset-reference",
    modelField: { alias: `${ML}/batchEndpoints/deployments/model.Id.assetId`, armPath: "properties.model.assetId" },
    referenceTypeField: { alias: `${ML}/batchEndpoints/deployments/model.referenceType`, armPath: "properties.model.referenceType" },
  },
  {
    key: SurfaceKey.MarketplaceSubscription,
    title: "marketplace subscription",
    armType: `${ML}/marketplaceSubscriptions`,
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
    referenceKind: "catalog",
    modelField: { alias: `${ML}/endpoints/deployments/model.source`, armPath: "properties.model.source" },
    catalog: catalogFields(`${ML}/endpoints/deployments`, true, false, true),
  },
  {
    key: SurfaceKey.ConnectionDeployment,
    title: "Foundry connection deployment",
    armType: `${ML}/connections/deployments`,
    referenceKind: "catalog",
    modelField: { alias: `${ML}/connections/deployments/model.source`, armPath: "properties.model.source" },
    catalog: catalogFields(`${ML}/connections/deployments`, true, false, true),
  },
  {
    key: SurfaceKey.CognitiveServicesDeployment,
    title: "Cognitive Services (Foundry) deployment",
    armType: CS,
    referenceKind: "catalog",
    modelField: { alias: `${CS}/model.source`, armPath: "properties.model.source" },
    catalog: catalogFields(CS, false, true, false),
  },
  {
    key: SurfaceKey.InferenceGroup,
    title: "Foundry inference group",
    armType: `${ML}/inferencePools/groups`,
    referenceKind: "model-id",
    // Not a published alias (none exists for inferencePools); the rendered policy never reads it.
    modelField: { alias: `${ML}/inferencePools/groups/modelConfiguration.modelId`, armPath: "properties.modelConfiguration.modelId" },
    noPolicyAlias: true,
  },
];

/** The surfaces Azure Policy can read (every surface but those with {@link Surface.noPolicyAlias}). */
export const POLICY_SURFACES: readonly Surface[] = SURFACES.filter((s) => !s.noPolicyAlias);

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

/** Alias → ARM path for every alias the model rules read (for the evaluator and the renderer). */
export function aliasTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const s of POLICY_SURFACES) {
    const c = s.catalog;
    // The fields the model rules read; deployment controls (sku, raiPolicyName) join when a rule reads them.
    const catalog = c
      ? [c.format, c.name, c.version, c.publisher, c.source, c.versionUpgradeOption, c.managedVariant?.typeField, c.managedVariant?.modelField]
      : [];
    for (const f of [s.modelField, s.referenceTypeField, s.gate, ...catalog]) if (f) table.set(f.alias.toLowerCase(), f.armPath);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Type tokens (the token forms and input shapes live in core/pulumi-tokens.ts)

const byKey = new Map(SURFACES.map((s) => [s.key as string, s]));

/** The surface a Pulumi type token belongs to, in any of its token forms and providers; `undefined` otherwise. */
export function surfaceForToken(token: string): Surface | undefined {
  const found = pulumiFormForToken(token);
  return found ? byKey.get(found.key) : undefined;
}

/** The surface and Pulumi form of a type token; `undefined` when it names no surface. */
export function surfaceFormForToken(token: string): { surface: Surface; form: PulumiForm } | undefined {
  const found = pulumiFormForToken(token);
  const surface = found ? byKey.get(found.key) : undefined;
  return found && surface ? { surface, form: found.form } : undefined;
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

/** Reads a catalog surface: the managedOnlineEndpoint id string, a registry source, a catalog model, or both. */
function readCatalog(c: CatalogFields, properties: unknown): ModelReferenceInput {
  const get = (f: AliasField): unknown => at(properties, underProperties(f.armPath));
  if (c.managedVariant) {
    const t = get(c.managedVariant.typeField);
    if (isPresent(t) && typeof t !== "string")
      return { kind: "unreadable", problem: `properties.type is ${Array.isArray(t) ? "an array" : `a ${typeof t}`}, not a string` };
    if (typeof t === "string" && t.toLowerCase() === c.managedVariant.value.toLowerCase())
      return { kind: "model-id", modelId: get(c.managedVariant.modelField) };
  }
  const source = get(c.source);
  const format = get(c.format);
  const name = get(c.name);
  const governed = isGovernedSource(source);
  if (governed && !isPresent(format) && !isPresent(name)) return { kind: "model-id", modelId: source };
  const model = {
    format,
    name,
    version: get(c.version),
    publisher: c.publisher ? get(c.publisher) : undefined,
    versionUpgradeOption: get(c.versionUpgradeOption),
  };
  return governed ? { kind: "catalog", model, source } : { kind: "catalog", model };
}

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
    case "catalog":
      return surface.catalog
        ? { applies: true, reference: readCatalog(surface.catalog, properties) }
        : { applies: true, reference: { kind: "model-id", modelId } };
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
 * The ARM `properties` object of a Pulumi resource's inputs, in the surface's first azure-native
 * form (v3 `properties`, else the v2 `<resource>Properties` input).
 */
export function armPropertiesFromInputs(surface: Surface, inputs: Record<string, unknown>): unknown {
  const form = azureNativeForm(surface.key);
  return form ? armPropertiesOf(form, inputs) : inputs.properties;
}

/** Converts a Pulumi resource (token and inputs) to the ARM resource Azure would evaluate, if it is a surface. */
export function armResourceFromPulumi(token: string, inputs: Record<string, unknown>): { type: string; properties: unknown; sku?: unknown } | undefined {
  const found = surfaceFormForToken(token);
  if (!found) return undefined;
  const resource: { type: string; properties: unknown; sku?: unknown } = { type: found.surface.armType, properties: armPropertiesOf(found.form, inputs) };
  // accounts/deployments keep sku at the top level (azure-native and classic alike).
  if (found.surface.catalog?.sku.armPath === "sku" && inputs.sku !== undefined) resource.sku = inputs.sku;
  return resource;
}

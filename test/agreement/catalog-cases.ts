/**
 * Catalog-model deployments for the differential: generated configs and deployments on the three
 * catalog surfaces (AI Services account deployments, Foundry endpoint and connection deployments),
 * built from pools of real catalogue names and the tricks an attacker would try (case, look-alike
 * characters, publisher prefixes and suffixes, names that extend an approved name, missing and
 * non-string fields, version forms, upgrade options), in every Pulumi token form including the
 * classic provider.
 *
 * The ARM shapes are written by hand from shared/reference/foundry-deployments.md §1–§2,
 * independently of the paths in core/surfaces.ts.
 */
import fc from "fast-check";
import { Surface, SurfaceKey, SURFACES } from "../../core/surfaces";
import { PulumiResource, pulumiResource, TOKEN_FORMS } from "./surface-cases";

/** Publishers as Azure writes them, and look-alikes. */
export const PUBLISHER_POOL = ["OpenAI", "Microsoft", "Mistral AI", "Meta", "DeepSeek", "Black Forest Labs", "xAI"] as const;
/** Model names, including dotted names and names that extend one another. */
export const CATALOG_NAME_POOL = ["gpt-4o", "gpt-4o-mini", "FLUX.1-Kontext-pro", "Llama-3.3-70B-Instruct", "DeepSeek-R1", "Phi-4", "grok-3"] as const;
/** Versions as the catalogue writes them. */
export const CATALOG_VERSION_POOL = ["2024-11-20", "2024-08-06", "1", "2025-01-01"] as const;
const UPGRADE_POOL = ["NoAutoUpgrade", "noautoupgrade", "NOAUTOUPGRADE", "OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"] as const;

/** The three catalog surfaces. */
export const CATALOG_SURFACES: readonly Surface[] = SURFACES.filter((s) => s.referenceKind === "catalog");

/** Attacker variations of a publisher, name or version string. */
function tricks(base: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(base) },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        base.toUpperCase(),
        base.toLowerCase(),
        ` ${base}`,
        `${base} `,
        `${base}-evil`,
        `evil-${base}`,
        `${base}.`,
        `${base}/x`,
        `.${base}`,
        base.replace(/a/i, "\u0430"), // Cyrillic a
        base.replace(/i/i, "\u0131"), // dotless i
        base.replace(/k/i, "\u212a"), // Kelvin sign
        base.replace(/-/, "\u2010"), // Unicode hyphen
        base.replace(/ /, "  "),
        base.replace(/ /, "\u00a0"),
        `${base}\u200b`,
        `${base}*`,
        "",
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(undefined, null, 7, true, ["x"], { name: base }, "x".repeat(200)) },
  );
}

/** One catalog deployment's fields, before it is shaped for a surface. */
export interface CatalogSpec {
  surfaceIndex: number;
  format: unknown;
  name: unknown;
  version: unknown;
  publisher: unknown;
  upgrade: unknown;
  source: unknown;
  /** ML-side deployments: `properties.type` (`managedOnlineEndpoint` makes `model` an id string). */
  type: unknown;
  form: (typeof TOKEN_FORMS)[number] | "classic";
}

const sources = fc.constantFrom<unknown>(
  undefined,
  undefined,
  undefined,
  "azureml://registries/azureml/models/Phi-4/versions/1",
  "azureml://registries/azureml-evil/models/Phi-4",
  "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a",
  "",
  5,
);

/** A generated catalog deployment. */
export const catalogSpec: fc.Arbitrary<CatalogSpec> = fc
  .record({
    surfaceIndex: fc.nat(CATALOG_SURFACES.length - 1),
    publisherBase: fc.constantFrom(...PUBLISHER_POOL),
    nameBase: fc.constantFrom(...CATALOG_NAME_POOL),
    versionBase: fc.constantFrom(...CATALOG_VERSION_POOL),
    hasVersion: fc.boolean(),
    publisherMode: fc.constantFrom("none", "none", "same", "other", "trick"),
    otherPublisher: fc.constantFrom(...PUBLISHER_POOL),
    upgrade: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom<unknown>(...UPGRADE_POOL) },
      { weight: 3, arbitrary: fc.constantFrom<unknown>(undefined, null, "", 3, "NoAutoUpgrade ") },
    ),
    source: sources,
    type: fc.constantFrom<unknown>("Azure.OpenAI", "Azure.OpenAI", "Azure.OpenAI", "managedOnlineEndpoint", "ManagedOnlineEndpoint", undefined, 1),
    formIndex: fc.nat(TOKEN_FORMS.length),
  })
  .chain((r) =>
    fc
      .record({
        format: tricks(r.publisherBase),
        name: tricks(r.nameBase),
        version: r.hasVersion ? tricks(r.versionBase) : fc.constant(undefined),
        publisher:
          r.publisherMode === "none"
            ? fc.constant(undefined)
            : r.publisherMode === "same"
              ? fc.constant(r.publisherBase.toLowerCase())
              : r.publisherMode === "other"
                ? fc.constant(r.otherPublisher)
                : tricks(r.otherPublisher),
      })
      .map((f) => ({
        surfaceIndex: r.surfaceIndex,
        ...f,
        upgrade: r.upgrade,
        source: r.source,
        type: r.type,
        form: r.formIndex === TOKEN_FORMS.length ? ("classic" as const) : (TOKEN_FORMS[r.formIndex] ?? "default"),
      })),
  );

/** A property bag that leaves `key` out when `value` is `undefined`. */
function put(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? base : { ...base, [key]: value };
}

/** The surface of a spec. */
export function catalogSurface(spec: CatalogSpec): Surface {
  const s = CATALOG_SURFACES[spec.surfaceIndex];
  if (!s) throw new Error(`no catalog surface ${spec.surfaceIndex}`);
  return s;
}

/** The ARM `properties` of a spec on its surface. */
export function catalogArmProperties(spec: CatalogSpec): Record<string, unknown> {
  const s = catalogSurface(spec);
  let model: Record<string, unknown> = {};
  model = put(model, "format", spec.format);
  model = put(model, "name", spec.name);
  model = put(model, "version", spec.version);
  if (s.key === SurfaceKey.CognitiveServicesDeployment) model = put(model, "publisher", spec.publisher);
  model = put(model, "source", spec.source);
  let props: Record<string, unknown> = put({ raiPolicyName: "Microsoft.DefaultV2" }, "versionUpgradeOption", spec.upgrade);
  if (s.key === SurfaceKey.CognitiveServicesDeployment) return { ...props, model };
  // ML-side deployments: `type` discriminates; the managedOnlineEndpoint variant holds an id string.
  props = put(props, "type", spec.type);
  if (typeof spec.type === "string" && spec.type.toLowerCase() === "managedonlineendpoint") {
    return put(
      { ...props, endpointComputeType: "Managed" },
      "model",
      typeof spec.source === "string" ? spec.source : spec.format === undefined ? undefined : model,
    );
  }
  return { ...props, model, sku: { name: "GlobalStandard", capacity: 10 } };
}

/** The ARM resource of a spec: accounts/deployments keep `sku` at the top level. */
export function catalogArmResource(spec: CatalogSpec): { type: string; name: string; properties: Record<string, unknown>; sku?: unknown } {
  const s = catalogSurface(spec);
  const properties = catalogArmProperties(spec);
  return s.key === SurfaceKey.CognitiveServicesDeployment
    ? { type: s.armType, name: "acct/dep-1", properties, sku: { name: "GlobalStandard", capacity: 10 } }
    : { type: s.armType, name: "dep-1", properties };
}

/**
 * The Pulumi resource of a spec. `classic` is the classic provider's `azure:cognitive/deployment:Deployment`
 * (flattened arguments) on accounts/deployments, and the default azure-native form elsewhere.
 */
export function catalogPulumiResource(spec: CatalogSpec): PulumiResource {
  const s = catalogSurface(spec);
  const properties = catalogArmProperties(spec);
  if (spec.form === "classic" && s.key === SurfaceKey.CognitiveServicesDeployment) {
    const inputs: Record<string, unknown> = {
      cognitiveAccountId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a",
      name: "dep-1",
      sku: { name: "GlobalStandard", capacity: 10 },
    };
    for (const key of ["model", "versionUpgradeOption", "raiPolicyName"]) if (properties[key] !== undefined) inputs[key] = properties[key];
    return { type: "azure:cognitive/deployment:Deployment", inputs, form: "classic azure:cognitive/deployment:Deployment" };
  }
  const r = pulumiResource(s, properties, spec.form === "classic" ? "default" : spec.form, false);
  if (s.key === SurfaceKey.CognitiveServicesDeployment && r.form !== "generic resources:Resource") r.inputs.sku = { name: "GlobalStandard", capacity: 10 };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Configs

/** The catalog rule keys of a generated config (with registry keys the existing generators give). */
export interface CatalogKeys {
  allowedPublishers: string[];
  blockedModels: string[];
  allowedModels: string[];
}

const catalogEntry = fc
  .record({
    publisher: fc.constantFrom(...PUBLISHER_POOL),
    name: fc.constantFrom(...CATALOG_NAME_POOL),
    version: fc.option(fc.constantFrom(...CATALOG_VERSION_POOL), { freq: 2 }),
    upper: fc.boolean(),
  })
  .map((e) => {
    const text = `${e.publisher}/${e.name}${e.version === null ? "" : `/versions/${e.version}`}`;
    return e.upper ? text.toUpperCase() : text;
  });

/** Random catalog rule keys: publishers, blocked and approved entries from the same pools. */
export const catalogKeys: fc.Arbitrary<CatalogKeys> = fc.record({
  allowedPublishers: fc.subarray([...PUBLISHER_POOL]),
  blockedModels: fc.array(catalogEntry, { maxLength: 3 }),
  allowedModels: fc.oneof(fc.constant<string[]>([]), fc.array(catalogEntry, { maxLength: 4 })),
});

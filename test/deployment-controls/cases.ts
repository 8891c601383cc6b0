/**
 * Generated deployments and configs for the deployment-control differential. The ARM shapes are
 * written out by hand from the documented request bodies (reference §1.1, §2.1: `sku` top level on
 * Cognitive Services deployments, under `properties` on Foundry ML deployments), independently of
 * the paths in core/deployment-controls/surfaces.ts, and the Pulumi resource is built from the
 * same values in one of its token forms.
 */
import { ArmResource } from "../../azure-policy/evaluator";
import { prng } from "../../bench/common";
import { CLASSIC_DEFAULT_VERSION_UPGRADE_OPTION, DEPLOYMENT_TYPE_NAMES, RESIDENCY_PROFILES, VERSION_UPGRADE_OPTIONS } from "../../core/deployment-controls";

/** The deterministic PRNG the benchmarks use (mulberry32), so a failing seed can be replayed. */
export const rng = prng;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const subset = <T>(r: () => number, xs: readonly T[], p = 0.4): T[] => xs.filter(() => r() < p);

/** "absent" is a value too: the field is left out. */
const ABSENT = Symbol("absent");
type Value = unknown;

const caseVariants = (xs: readonly string[]): string[] => xs.flatMap((x) => [x, x.toLowerCase(), x.toUpperCase()]);

export const SKU_NAMES: readonly Value[] = [
  ...caseVariants(DEPLOYMENT_TYPE_NAMES),
  "GlobalProvisioned",
  "Provisioned",
  "",
  " Standard",
  "Standard ",
  "GlobalStand\u0430rd", // Cyrillic а
  "Standard\u200b",
  null,
  ABSENT,
  ABSENT,
  5,
  true,
  {},
  ["Standard"],
];
export const CAPACITIES: readonly Value[] = [ABSENT, ABSENT, null, 0, 1, 5, 10, 11, 50, 100, 101, 1_000_000, 1.5, "10", true, -1, {}, [10]];
export const CONTENT_FILTERS: readonly Value[] = [
  ABSENT,
  ABSENT,
  "",
  null,
  "Microsoft.Nil",
  "microsoft.nill",
  "MICROSOFT.NIL",
  "Microsoft.Nil ",
  "Microsoft.DefaultV2",
  "microsoft.defaultv2",
  "Microsoft.Default",
  "custom-strict",
  "Custom-Strict",
  7,
  {},
  [],
  false,
];
export const UPGRADE_OPTIONS: readonly Value[] = [
  ABSENT,
  ABSENT,
  "",
  null,
  ...caseVariants(VERSION_UPGRADE_OPTIONS.map((o) => o.name)),
  "Never",
  "NoAutoUpgrade ",
  1,
  {},
];
export const GATES: readonly Value[] = [
  ABSENT,
  "Azure.OpenAI",
  "Azure.OpenAI",
  "Azure.Speech",
  "managedOnlineEndpoint",
  "MANAGEDONLINEENDPOINT",
  "managedOnlineEndpoint ",
  null,
  3,
  {},
];
const SKU_SHAPES = ["object", "object", "object", "object", "absent", "null", "string", "array"] as const;

const put = (base: Record<string, unknown>, key: string, v: Value): Record<string, unknown> => (v === ABSENT ? base : { ...base, [key]: v });

/** Which resource the case is. */
export const SURFACE_KINDS = ["cognitive", "endpoint", "connection"] as const;
type SurfaceKind = (typeof SURFACE_KINDS)[number];
const ARM_TYPES: Record<SurfaceKind, string> = {
  cognitive: "Microsoft.CognitiveServices/accounts/deployments",
  endpoint: "Microsoft.MachineLearningServices/workspaces/endpoints/deployments",
  connection: "Microsoft.MachineLearningServices/workspaces/connections/deployments",
};
const NATIVE: Record<SurfaceKind, { module: string; resource: string; parents: Record<string, string> }> = {
  cognitive: { module: "cognitiveservices", resource: "Deployment", parents: { accountName: "ai-1" } },
  endpoint: { module: "machinelearningservices", resource: "EndpointDeployment", parents: { workspaceName: "hub", endpointName: "ep" } },
  connection: { module: "machinelearningservices", resource: "ConnectionDeployment", parents: { workspaceName: "hub", connectionName: "aoai" } },
};
const API = "v20250601";

/** One generated deployment. */
export interface ControlCase {
  label: string;
  kind: SurfaceKind;
  arm: ArmResource;
  pulumi: { type: string; inputs: Record<string, unknown> };
}

const describe = (v: Value): string => (v === ABSENT ? "(absent)" : (JSON.stringify(v) ?? String(v)));

/** A generated deployment: surface, type spelling, field values and Pulumi token form drawn from `r`. */
export function generateCase(r: () => number, i: number): ControlCase {
  const kind = pick(r, SURFACE_KINDS);
  const armType = r() < 0.15 ? (r() < 0.5 ? ARM_TYPES[kind].toLowerCase() : ARM_TYPES[kind].toUpperCase()) : ARM_TYPES[kind];
  const skuName = pick(r, SKU_NAMES);
  const capacity = pick(r, CAPACITIES);
  const rai = pick(r, CONTENT_FILTERS);
  let vuo = pick(r, UPGRADE_OPTIONS);
  const shape = pick(r, SKU_SHAPES);
  const gate = kind === "cognitive" ? ABSENT : pick(r, GATES);
  const forms =
    kind === "cognitive"
      ? (["default", "versioned", "local-package", "generic", "classic"] as const)
      : (["default", "versioned", "local-package", "generic"] as const);
  const form = forms[i % forms.length];
  // The classic provider sends its default when no option is set: that is what Azure evaluates.
  if (form === "classic" && (vuo === ABSENT || vuo === null)) vuo = CLASSIC_DEFAULT_VERSION_UPGRADE_OPTION;
  const skuObject = put(put({}, "name", skuName), "capacity", capacity);
  const sku: Value = shape === "object" ? skuObject : shape === "absent" ? ABSENT : shape === "null" ? null : shape === "string" ? "Standard" : [skuObject];
  const model = { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" };
  const fields = put(put({ model }, "raiPolicyName", rai), "versionUpgradeOption", vuo);
  const properties = kind === "cognitive" ? fields : put(put(fields, "type", gate), "sku", sku);
  const arm: ArmResource =
    kind === "cognitive" ? (put({ type: armType, name: "dep-1", properties }, "sku", sku) as ArmResource) : { type: armType, name: "dep-1", properties };

  let pulumi: ControlCase["pulumi"];
  const { module, resource, parents } = NATIVE[kind];
  if (form === "classic") {
    pulumi = {
      type: "azure:cognitive/deployment:Deployment",
      inputs: put(
        put(
          put({ cognitiveAccountId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai-1", model }, "sku", sku),
          "raiPolicyName",
          rai,
        ),
        "versionUpgradeOption",
        vuo,
      ),
    };
  } else if (form === "generic") {
    const parentPath = kind === "cognitive" ? "accounts/ai-1" : kind === "endpoint" ? "workspaces/hub/endpoints/ep" : "workspaces/hub/connections/aoai";
    pulumi = {
      type: "azure-native:resources:Resource",
      inputs: put(
        {
          resourceGroupName: "rg",
          resourceProviderNamespace: armType.split("/")[0],
          parentResourcePath: parentPath,
          resourceType: "deployments",
          resourceName: "dep-1",
          apiVersion: "2025-06-01",
          properties,
        },
        "sku",
        kind === "cognitive" ? sku : ABSENT,
      ),
    };
  } else {
    const type =
      form === "default"
        ? `azure-native:${module}:${resource}`
        : form === "versioned"
          ? `azure-native:${module}/${API}:${resource}`
          : `azure-native_${module}_${API}:${module}/${API}:${resource}`;
    pulumi = { type, inputs: put({ resourceGroupName: "rg", ...parents, properties }, "sku", kind === "cognitive" ? sku : ABSENT) };
  }
  const label = `#${i} ${armType} (${pulumi.type}) sku=${shape}:${describe(skuName)}/${describe(capacity)} rai=${describe(rai)} vuo=${describe(vuo)} type=${describe(gate)}`;
  return { label, kind, arm, pulumi };
}

/** A generated controls config: each rule on with probability 0.6, at least one on. */
export function generateConfig(r: () => number): Record<string, unknown> {
  for (;;) {
    const c: Record<string, unknown> = {};
    if (r() < 0.6) {
      const types = subset(r, [...DEPLOYMENT_TYPE_NAMES, ...RESIDENCY_PROFILES.map((p) => p.name)], 0.3);
      c.allowedDeploymentTypes = types.length > 0 ? types : [pick(r, RESIDENCY_PROFILES).name];
    }
    if (r() < 0.6) {
      if (r() < 0.7) c.requireContentFilter = r() < 0.6;
      const filters = subset(r, ["Microsoft.DefaultV2", "Microsoft.Default", "custom-strict"], 0.5);
      if (filters.length > 0) c.allowedContentFilters = filters;
      if (c.requireContentFilter === undefined && c.allowedContentFilters === undefined) c.requireContentFilter = true;
    }
    if (r() < 0.6) {
      const opts = subset(
        r,
        VERSION_UPGRADE_OPTIONS.map((o) => o.name),
        0.5,
      );
      c.allowedVersionUpgradeOptions = opts.length > 0 ? opts : ["NoAutoUpgrade"];
    }
    if (r() < 0.6) {
      if (r() < 0.7) c.maxCapacity = pick(r, [1, 10, 100]);
      const byType = Object.fromEntries(subset(r, DEPLOYMENT_TYPE_NAMES, 0.3).map((t) => [t, pick(r, [1, 10, 50, 100])]));
      if (Object.keys(byType).length > 0) c.maxCapacityByDeploymentType = byType;
      if (c.maxCapacity === undefined && c.maxCapacityByDeploymentType === undefined) c.maxCapacity = 10;
    }
    if (Object.keys(c).length > 0) return c;
  }
}

/** Every control on, with a ceiling per type and a default one. */
export const ALL_ON_CONFIG: Record<string, unknown> = {
  allowedDeploymentTypes: ["residency:data-zone"],
  requireContentFilter: true,
  allowedContentFilters: ["Microsoft.DefaultV2", "custom-strict"],
  allowedVersionUpgradeOptions: ["NoAutoUpgrade"],
  maxCapacity: 100,
  maxCapacityByDeploymentType: { ProvisionedManaged: 50, DataZoneStandard: 10 },
};

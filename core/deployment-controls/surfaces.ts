/**
 * Where the deployment-control fields live on each surface that has them, as ARM paths from the
 * resource root and as Azure Policy aliases, and how a Pulumi resource becomes that root.
 *
 * - `Microsoft.CognitiveServices/accounts/deployments`: `sku` is top level (not under
 *   `properties`); `properties.raiPolicyName`, `properties.versionUpgradeOption`.
 * - Foundry `workspaces/endpoints/deployments` and `workspaces/connections/deployments`: `sku` is
 *   under `properties`; these fields exist only on the model-deployment variants, so a
 *   `properties.type` of `managedOnlineEndpoint` (which has none of them) is not governed here.
 *
 * Sources: shared/reference/foundry-deployments.md §1.1, §1.2, §1.3, §2.1.
 */
import { AliasField, SurfaceKey, surfaceForToken, SURFACES } from "../surfaces";
import { CLASSIC_DEFAULT_VERSION_UPGRADE_OPTION } from "./catalogue";

/** The four fields the controls read. */
export type ControlField = "skuName" | "capacity" | "raiPolicyName" | "versionUpgradeOption";

/** A surface that carries deployment-control fields. */
export interface ControlSurface {
  key: SurfaceKey;
  /** Human name used in messages (the model surface's title). */
  title: string;
  armType: string;
  fields: Readonly<Record<ControlField, AliasField>>;
  /** The field whose value `notApplicableValue` (case-insensitive) means the surface has no such fields. */
  gate?: AliasField & { notApplicableValue: string };
}

const CS = "Microsoft.CognitiveServices/accounts/deployments";
const ML = "Microsoft.MachineLearningServices/workspaces";

function mlDeployment(key: SurfaceKey, armType: string): ControlSurface {
  const title = SURFACES.find((s) => s.key === key)?.title ?? armType;
  return {
    key,
    title,
    armType,
    fields: {
      skuName: { alias: `${armType}/sku.name`, armPath: "properties.sku.name" },
      capacity: { alias: `${armType}/sku.capacity`, armPath: "properties.sku.capacity" },
      raiPolicyName: { alias: `${armType}/raiPolicyName`, armPath: "properties.raiPolicyName" },
      versionUpgradeOption: { alias: `${armType}/versionUpgradeOption`, armPath: "properties.versionUpgradeOption" },
    },
    gate: { alias: `${armType}/type`, armPath: "properties.type", notApplicableValue: "managedOnlineEndpoint" },
  };
}

/** Every surface with deployment-control fields. */
export const CONTROL_SURFACES: readonly ControlSurface[] = [
  {
    key: SurfaceKey.CognitiveServicesDeployment,
    title: SURFACES.find((s) => s.key === SurfaceKey.CognitiveServicesDeployment)?.title ?? CS,
    armType: CS,
    fields: {
      skuName: { alias: `${CS}/sku.name`, armPath: "sku.name" },
      capacity: { alias: `${CS}/sku.capacity`, armPath: "sku.capacity" },
      raiPolicyName: { alias: `${CS}/raiPolicyName`, armPath: "properties.raiPolicyName" },
      versionUpgradeOption: { alias: `${CS}/versionUpgradeOption`, armPath: "properties.versionUpgradeOption" },
    },
  },
  mlDeployment(SurfaceKey.EndpointDeployment, `${ML}/endpoints/deployments`),
  mlDeployment(SurfaceKey.ConnectionDeployment, `${ML}/connections/deployments`),
];

const byArmType = new Map(CONTROL_SURFACES.map((s) => [s.armType.toLowerCase(), s]));
/** The control surface of an ARM type (case-insensitive); `undefined` when it has no control fields. */
export function controlSurfaceForArmType(armType: string): ControlSurface | undefined {
  return byArmType.get(armType.toLowerCase());
}

/** Alias → ARM path (from the resource root) of every alias the controls read. */
export function controlAliasTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const s of CONTROL_SURFACES) for (const f of [...Object.values(s.fields), s.gate]) if (f) table.set(f.alias.toLowerCase(), f.armPath);
  return table;
}

/** Reads an ARM path from the resource root. Property access only, so preview-time unknowns still throw. */
export function readArmPath(root: unknown, armPath: string): unknown {
  let v = root;
  for (const key of armPath.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Pulumi resources → ARM resource root

/**
 * The classic provider's token (`@pulumi/azure`, bridged from azurerm). Minimal match owned by the
 * controls; issue 10's token module covers the same token for the model rules (merge point).
 */
const CLASSIC_TOKEN = /^azure:cognitive(?:\/deployment)?:Deployment$/i;

/** Whether a token is the classic provider's Cognitive Services deployment. */
export function isClassicCognitiveDeploymentToken(token: string): boolean {
  return CLASSIC_TOKEN.test(token);
}

/** The control surface of the classic token. */
export const CLASSIC_CONTROL_SURFACE: ControlSurface = CONTROL_SURFACES[0];

/**
 * The ARM root `{sku, properties}` Azure sees for a classic deployment's inputs (`sku {name,
 * capacity}`, `raiPolicyName`, `versionUpgradeOption` at the top level). An absent
 * `versionUpgradeOption` is the provider's default, which it sends. Getters keep reads lazy.
 */
export function armRootFromClassicInputs(inputs: Record<string, unknown>): unknown {
  return {
    get sku() {
      return inputs.sku;
    },
    properties: {
      get raiPolicyName() {
        return inputs.raiPolicyName;
      },
      get versionUpgradeOption() {
        const v = inputs.versionUpgradeOption;
        return v === undefined || v === null ? CLASSIC_DEFAULT_VERSION_UPGRADE_OPTION : v;
      },
    },
  };
}

/** The ARM root of an azure-native resource (a surface class or the generic `resources:Resource`): `properties` and top-level `sku`. */
export function armRootFromNativeInputs(inputs: Record<string, unknown>): unknown {
  return {
    get properties() {
      return inputs.properties;
    },
    get sku() {
      return inputs.sku;
    },
  };
}

/** The control surface a Pulumi token names (azure-native surfaces in every token form, and the classic token). */
export function controlSurfaceForToken(token: string): ControlSurface | undefined {
  if (isClassicCognitiveDeploymentToken(token)) return CLASSIC_CONTROL_SURFACE;
  const s = surfaceForToken(token);
  return s ? controlSurfaceForArmType(s.armType) : undefined;
}

/**
 * Deployment resources built from one model value, per surface: the ARM resource Azure Policy
 * evaluates and the Pulumi resource (type token + inputs) the policy pack sees.
 *
 * The ARM shapes are written out here by hand from the documented request bodies (reference note
 * §3/§4), independently of the `armPath`s in core/surfaces.ts: if the surface table read the wrong
 * path, the rules core and Azure would both see "no reference" and agree on a deny, so the tests
 * also require legitimate ids to be *allowed* on every surface (see corpus.test.ts).
 */
import { Surface, SurfaceKey, POLICY_SURFACES as SURFACES } from "../../core/surfaces";
import { azureNativeForm } from "../../core/pulumi-tokens";

/** A property bag that leaves `key` out when `value` is `undefined` (an absent field). */
function put(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? base : { ...base, [key]: value };
}

/** Source-only Foundry models exercise the registry path; catalog models have their own cases (catalog-cases.ts). */
const FOUNDRY_MODEL = {};

/**
 * The ARM `properties` of a deployment on `surface` whose model reference is `value`
 * (`undefined`: the field is absent).
 */
export function armProperties(surface: Surface, value: unknown): Record<string, unknown> {
  switch (surface.key) {
    case SurfaceKey.ServerlessEndpoint:
      return { authMode: "Key", modelSettings: put({}, "modelId", value) };
    case SurfaceKey.OnlineDeployment:
      return put({ endpointComputeType: "Managed", instanceType: "Standard_DS3_v2" }, "model", value);
    case SurfaceKey.BatchDeployment:
      return { compute: "cpu-cluster", model: put({ referenceType: "Id" }, "assetId", value) };
    case SurfaceKey.MarketplaceSubscription:
      return put({}, "modelId", value);
    case SurfaceKey.WorkspaceEndpoint:
      return { endpointType: "serverlessEndpoint", modelSettings: put({}, "modelId", value) };
    case SurfaceKey.EndpointDeployment:
    case SurfaceKey.ConnectionDeployment:
    case SurfaceKey.CognitiveServicesDeployment:
      return { model: put({ ...FOUNDRY_MODEL }, "source", value), raiPolicyName: "Microsoft.Default" };
    case SurfaceKey.InferenceGroup:
      return { nodeSkuType: "Standard_NC24ads_A100_v4", modelConfiguration: put({}, "modelId", value) };
    default: {
      const unhandled: never = surface.key;
      throw new Error(`no ARM shape for surface ${String(unhandled)}`);
    }
  }
}

/** A deployment resource whose shape, not its model id, is what is being tested. */
export interface StructuralCase {
  surface: Surface;
  note: string;
  /** ARM `properties` (`undefined`: the resource has no properties at all). */
  properties: unknown;
}

function surface(key: SurfaceKey): Surface {
  const s = SURFACES.find((x) => x.key === key);
  if (!s) throw new Error(`unknown surface ${key}`);
  return s;
}

/**
 * Shape variants: batch reference types (Id in any case, DataPath, OutputPath, missing, unknown,
 * not a string), the polymorphic `endpoints` gate, legacy object models, missing or mistyped
 * containers, Foundry sources that are not Azure ML ids. Each is crossed with the given ids.
 */
export function structuralCases(ids: readonly string[]): StructuralCase[] {
  const out: StructuralCase[] = [];
  const batch = surface(SurfaceKey.BatchDeployment);
  const endpoints = surface(SurfaceKey.WorkspaceEndpoint);
  const online = surface(SurfaceKey.OnlineDeployment);
  const serverless = surface(SurfaceKey.ServerlessEndpoint);
  const foundry = SURFACES.filter((s) => s.referenceKind === "catalog");

  // Independent of the id.
  out.push(
    {
      surface: batch,
      note: "DataPath model",
      properties: { model: { referenceType: "DataPath", datastoreId: "azureml://datastores/models", path: "fraud/model.pkl" } },
    },
    { surface: batch, note: "OutputPath model", properties: { model: { referenceType: "OutputPath", jobId: "job-1", path: "outputs/model" } } },
    { surface: batch, note: "datapath in lower case", properties: { model: { referenceType: "datapath", datastoreId: "ds", path: "p" } } },
    { surface: batch, note: "no model at all", properties: { compute: "cpu-cluster" } },
    { surface: batch, note: "model is a string", properties: { model: "azureml://registries/azureml/models/Phi-4" } },
    { surface: batch, note: "model is null", properties: { model: null } },
    { surface: serverless, note: "no properties", properties: undefined },
    { surface: serverless, note: "properties null", properties: null },
    { surface: serverless, note: "modelSettings is a string", properties: { modelSettings: "azureml://registries/azureml/models/Phi-4" } },
    { surface: serverless, note: "offer only (old API)", properties: { offer: { publisher: "evil", offerName: "x" } } },
    {
      surface: endpoints,
      note: "azureOpenAI endpoint (gate does not apply)",
      properties: { endpointType: "azureOpenAI", modelSettings: { modelId: "azureml://registries/evil/models/x" } },
    },
    { surface: endpoints, note: "no endpointType (gate does not apply)", properties: { modelSettings: { modelId: "azureml://registries/evil/models/x" } } },
    { surface: endpoints, note: "endpointType is a number", properties: { endpointType: 1, modelSettings: { modelId: "azureml://registries/evil/models/x" } } },
    {
      surface: endpoints,
      note: "endpointType with a trailing space",
      properties: { endpointType: "serverlessEndpoint ", modelSettings: { modelId: "azureml://registries/evil/models/x" } },
    },
  );
  for (const f of foundry) {
    out.push(
      { surface: f, note: "no source (not an Azure ML model)", properties: { model: { ...FOUNDRY_MODEL } } },
      { surface: f, note: "no model", properties: { raiPolicyName: "x" } },
      {
        surface: f,
        note: "source is an https URL",
        properties: { model: { ...FOUNDRY_MODEL, source: "https://evil.example/azureml://registries/azureml/models/x" } },
      },
      {
        surface: f,
        note: "source is a Cognitive Services account id",
        properties: { model: { ...FOUNDRY_MODEL, source: "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a" } },
      },
      { surface: f, note: "source is an empty string", properties: { model: { ...FOUNDRY_MODEL, source: "" } } },
      { surface: f, note: "source is a number", properties: { model: { ...FOUNDRY_MODEL, source: 7 } } },
      { surface: f, note: "source is an object", properties: { model: { ...FOUNDRY_MODEL, source: { id: "azureml://registries/azureml/models/Phi-4" } } } },
      {
        surface: f,
        note: "source embeds the ML provider after another provider",
        properties: {
          model: {
            ...FOUNDRY_MODEL,
            source:
              "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a/providers/Microsoft.MachineLearningServices/registries/azureml/models/x",
          },
        },
      },
    );
  }

  // Crossed with each id.
  for (const id of ids) {
    for (const referenceType of ["Id", "id", "ID"]) {
      out.push({ surface: batch, note: `referenceType ${referenceType}`, properties: { model: { referenceType, assetId: id } } });
    }
    out.push(
      { surface: batch, note: "no referenceType", properties: { model: { assetId: id } } },
      { surface: batch, note: "unknown referenceType", properties: { model: { referenceType: "Evil", assetId: id } } },
      { surface: batch, note: "referenceType is a number", properties: { model: { referenceType: 1, assetId: id } } },
      { surface: batch, note: "DataPath with an assetId too", properties: { model: { referenceType: "DataPath", assetId: id, datastoreId: "ds", path: "p" } } },
      { surface: endpoints, note: "gate in another case", properties: { endpointType: "ServerlessEndpoint", modelSettings: { modelId: id } } },
      { surface: endpoints, note: "gate in upper case", properties: { endpointType: "SERVERLESSENDPOINT", modelSettings: { modelId: id } } },
      { surface: online, note: "legacy object model", properties: { model: { referenceType: "Id", assetId: id } } },
      { surface: online, note: "model in an array", properties: { model: [id] } },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pulumi resources

/** How the Pulumi program names the resource type. */
export const TOKEN_FORMS = ["default", "versioned", "local-package", "generic"] as const;
export type TokenForm = (typeof TOKEN_FORMS)[number];

/** A Pulumi resource as the engine hands it to an analyzer: type token and inputs. */
export interface PulumiResource {
  type: string;
  inputs: Record<string, unknown>;
  /** How the token and the properties input are spelled, for messages. */
  form: string;
}

const API = "v20250101preview";

/** Parent path and resource type of a surface for azure-native's generic `resources:Resource`. */
function genericPath(s: Surface): { namespace: string; parentResourcePath: string; resourceType: string } {
  const [namespace, ...types] = s.armType.split("/");
  const names = ["ws-prod", "ep-1", "dep-1", "x-1"];
  const parent = types.slice(0, -1).flatMap((t, i) => [t, names[i] ?? `n${i}`]);
  return { namespace: namespace ?? "", parentResourcePath: parent.join("/"), resourceType: types[types.length - 1] ?? "" };
}

/**
 * The Pulumi resource for `surface` with ARM `properties`, in token form `form`; `v2` spells the
 * properties input the azure-native v2 way (`<resource>Properties`) where the surface has one.
 * Surfaces with no azure-native class (the polymorphic `endpoints`) always use the generic form.
 */
export function pulumiResource(s: Surface, properties: unknown, form: TokenForm, v2: boolean): PulumiResource {
  const common = { resourceGroupName: "rg-ml", workspaceName: "ws-prod", name: "dep-1" };
  const native = azureNativeForm(s.key);
  if (!native || form === "generic") {
    const g = genericPath(s);
    return {
      type: "azure-native:resources:Resource",
      inputs: put(
        {
          resourceGroupName: "rg-ml",
          resourceProviderNamespace: g.namespace,
          parentResourcePath: g.parentResourcePath,
          resourceType: g.resourceType,
          resourceName: "dep-1",
          apiVersion: "2025-01-01-preview",
        },
        "properties",
        properties,
      ),
      form: "generic resources:Resource",
    };
  }
  const { module, resource, propertiesKey } = native;
  const type =
    form === "default"
      ? `azure-native:${module}:${resource}`
      : form === "versioned"
        ? `azure-native:${module}/${API}:${resource}`
        : `azure-native_${module}_${API}:${module}/${API}:${resource}`;
  const key = v2 && propertiesKey ? propertiesKey : "properties";
  return { type, inputs: put(common, key, properties), form: `${form} token, ${key}` };
}

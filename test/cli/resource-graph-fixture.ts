/**
 * A generated Azure Resource Graph inventory for the `check --resource-graph` tests: rows as the
 * README query projects them (id, name, type in Resource Graph's lower case, subscriptionId,
 * resourceGroup, properties, sku, managementGroupAncestorsChain), over every governed type and
 * some ungoverned ones, in three subscriptions under two management groups. Each row carries the
 * verdict the test expects under the two configs below, written by hand from the rules (not
 * computed by the code under test), so the summary counts can be asserted exactly.
 *
 * The same rows are also written as a `pulumi stack export` (typed azure-native resources and
 * generic `resources:Resource`), for the agreement test.
 */
import { SurfaceKey } from "../../core/surfaces";
import { ARM_TYPES, PULUMI_SURFACES, workspaceEndpointProperties } from "../crossguard/fixtures";
import { resource, stackExport } from "./stack-export-fixture";

/** The proposed config (`--config`). */
export const PROPOSED = { allowedRegistries: ["azureml", "azureml-meta"], blockedModels: ["azureml://registries/azureml/models/Phi-3"] };
/** The config in force (`--compare`): trusts one registry more, blocks Llama-3 instead of Phi-3. */
export const IN_FORCE = { allowedRegistries: ["azureml", "azureml-meta", "contoso-hub"], blockedModels: ["azureml://registries/azureml-meta/models/Llama-3"] };

/** What a row is expected to be: allowed, denied by a rule, not governed by the rules, or another type. */
export type Expected = "allowed" | "blocked-models" | "trusted-registries" | "model-reference" | "not-applicable" | "other";

/** The model ids of the inventory, with their expected verdict under each config. */
const MODELS: { id: string | undefined; proposed: Expected; inForce: Expected }[] = [
  { id: "azureml://registries/azureml/models/Phi-4/versions/1", proposed: "allowed", inForce: "allowed" },
  { id: "azureml://registries/azureml/models/Phi-3/versions/2", proposed: "blocked-models", inForce: "allowed" },
  { id: "azureml://registries/contoso-hub/models/summariser/versions/3", proposed: "trusted-registries", inForce: "allowed" },
  { id: "azureml://registries/untrusted/models/x/versions/1", proposed: "trusted-registries", inForce: "trusted-registries" },
  { id: "azureml://registries/azureml-meta/models/Llama-3/versions/1", proposed: "allowed", inForce: "blocked-models" },
  { id: "azureml://registries/azureml/models/Mistral-large/versions/2", proposed: "allowed", inForce: "allowed" },
];
/** A missing model id: denied on the model-id surfaces; on the Foundry ones (no `source`) not governed. */
const MISSING = { id: undefined, proposed: "model-reference" as Expected, inForce: "model-reference" as Expected };

/** Three subscriptions: two under `corp`, one under `online`; both under the tenant root group. */
export const SUBSCRIPTIONS = ["11111111-0000-0000-0000-000000000001", "11111111-0000-0000-0000-000000000002", "22222222-0000-0000-0000-000000000003"];
const CHAINS: Record<string, { name: string; displayName: string }[]> = {
  [SUBSCRIPTIONS[0]]: [
    { name: "corp", displayName: "Corp" },
    { name: "tenant-root", displayName: "Tenant Root Group" },
  ],
  [SUBSCRIPTIONS[1]]: [
    { name: "corp", displayName: "Corp" },
    { name: "tenant-root", displayName: "Tenant Root Group" },
  ],
  [SUBSCRIPTIONS[2]]: [
    { name: "online", displayName: "Online" },
    { name: "tenant-root", displayName: "Tenant Root Group" },
  ],
};

/** One generated row and what the tests expect of it. */
export interface FixtureRow {
  row: Record<string, unknown>;
  proposed: Expected;
  inForce: Expected;
}

/** The ARM `properties` of a surface holding `id` (hand-written shapes from the pack fixtures). */
function propertiesOf(key: SurfaceKey, id: string | undefined): Record<string, unknown> {
  if (key === SurfaceKey.WorkspaceEndpoint) return workspaceEndpointProperties(id);
  // Inference groups (azure-native InferenceGroup) name their model in modelConfiguration.modelId.
  if (key === SurfaceKey.InferenceGroup) return id === undefined ? { modelConfiguration: {} } : { modelConfiguration: { modelId: id } };
  return PULUMI_SURFACES.find((s) => s.key === key)!.armProperties(id);
}

const FOUNDRY = new Set<SurfaceKey>([SurfaceKey.EndpointDeployment, SurfaceKey.ConnectionDeployment, SurfaceKey.CognitiveServicesDeployment]);

/** `/subscriptions/…/resourceGroups/…/providers/Microsoft.X/a/n1/b/n2` for an ARM type. */
function armId(sub: string, rg: string, armType: string, i: number): string {
  const [namespace, ...types] = armType.split("/");
  const names = types.map((t, j) => (j === types.length - 1 ? `${t.toLowerCase().replace(/s$/, "")}-${i}` : `${t.toLowerCase().replace(/s$/, "")}-${i % 7}`));
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${types.map((t, j) => `${t}/${names[j]}`).join("/")}`;
}

function row(i: number, armType: string, properties: unknown, sku?: unknown): Record<string, unknown> {
  const sub = SUBSCRIPTIONS[i % 3];
  const rg = `rg-ml-${i % 4}`;
  const id = armId(sub, rg, armType, i);
  const r: Record<string, unknown> = {
    id,
    name: id.split("/").pop(),
    // Resource Graph prints types in lower case.
    type: armType.toLowerCase(),
    tenantId: "33333333-0000-0000-0000-000000000000",
    location: "swedencentral",
    subscriptionId: sub,
    resourceGroup: rg,
    properties,
    managementGroupAncestorsChain: CHAINS[sub],
  };
  if (sku !== undefined) r.sku = sku;
  return r;
}

/** Ungoverned rows: the ML and AI Services parents, and other resources. */
const OTHER_TYPES = [
  { type: "Microsoft.MachineLearningServices/workspaces", properties: { friendlyName: "ws", hbiWorkspace: false } },
  { type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", properties: { authMode: "Key", provisioningState: "Succeeded" } },
  { type: "Microsoft.CognitiveServices/accounts", properties: { customSubDomainName: "contoso-ai", publicNetworkAccess: "Disabled" } },
  { type: "Microsoft.Storage/storageAccounts", properties: { supportsHttpsTrafficOnly: true } },
];

/**
 * `count` rows: every governed type with every model of {@link MODELS} (and a missing one on the
 * model-id surfaces), a Foundry serverless endpoint of another endpointType (not governed), and one
 * ungoverned row in every ten. Foundry rows always carry an Azure ML `source` unless `sourceless`
 * is set (such rows are outside today's rules; see the brief on catalog models).
 */
export function inventory(count: number, options: { sourceless?: boolean } = {}): FixtureRow[] {
  const keys = Object.values(SurfaceKey);
  const out: FixtureRow[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      const other = OTHER_TYPES[((i / 10) % OTHER_TYPES.length) | 0];
      out.push({ row: row(i, other.type, other.properties), proposed: "other", inForce: "other" });
      continue;
    }
    const key = keys[i % keys.length];
    const armType = ARM_TYPES[key];
    const models = FOUNDRY.has(key) && !options.sourceless ? MODELS : [...MODELS, MISSING];
    const m = models[Math.floor(i / keys.length) % models.length];
    if (key === SurfaceKey.WorkspaceEndpoint && i % 11 === 0) {
      out.push({ row: row(i, armType, workspaceEndpointProperties(m.id, "onlineEndpoint")), proposed: "not-applicable", inForce: "not-applicable" });
      continue;
    }
    const sku = key === SurfaceKey.CognitiveServicesDeployment ? { name: "Standard", capacity: 10 } : undefined;
    // A Foundry deployment that names no model at all (no source, no format/name) is denied as
    // unreadable, like a missing model id elsewhere (catalog models, issue 10: fail closed).
    out.push({ row: row(i, armType, propertiesOf(key, m.id), sku), proposed: m.proposed, inForce: m.inForce });
  }
  return out;
}

/** `az graph query` output: one page per `pageSize` rows, concatenated as `az … >> file` leaves them. */
export function azPages(rows: readonly Record<string, unknown>[], pageSize = rows.length): string {
  const pages: string[] = [];
  for (let i = 0; i < rows.length || i === 0; i += pageSize) {
    const data = rows.slice(i, i + pageSize);
    const last = i + pageSize >= rows.length;
    pages.push(JSON.stringify({ count: data.length, data, skip_token: last ? null : `token-${i}`, total_records: rows.length }, null, 2));
  }
  return pages.join("\n");
}

/** The REST API's table format (`resultFormat: table`). */
export function restTable(rows: readonly Record<string, unknown>[]): string {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return JSON.stringify({
    totalRecords: rows.length,
    count: rows.length,
    resultTruncated: "false",
    data: {
      columns: names.map((name) => ({ name, type: name === "properties" || name === "sku" ? "object" : "string" })),
      rows: rows.map((r) => names.map((n) => r[n] ?? null)),
    },
    facets: [],
  });
}

/** The same rows as a `pulumi stack export`: each governed row as its azure-native class (where one exists) and as a generic resource. */
export function asStackExport(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const resources: unknown[] = [];
  rows.forEach((r, i) => {
    const armType = ARM_TYPES_BY_LOWER.get((r.type as string).toLowerCase());
    const inputs: Record<string, unknown> = { properties: r.properties };
    if (r.sku !== undefined) inputs.sku = r.sku;
    const typed = armType === undefined ? undefined : PULUMI_SURFACES.find((s) => ARM_TYPES[s.key] === armType);
    if (typed) resources.push(resource(`azure-native:${typed.module}:${typed.resource}`, `typed-${i}`, { resourceGroupName: r.resourceGroup, ...inputs }));
    // The row's own type, in its own letter case: the generic path must not depend on it.
    const [namespace, ...types] = (r.type as string).split("/");
    const parent = types
      .slice(0, -1)
      .map((t, j) => `${t}/parent-${j}`)
      .join("/");
    resources.push(
      resource("azure-native:resources:Resource", `generic-${i}`, {
        resourceGroupName: r.resourceGroup,
        resourceProviderNamespace: namespace,
        parentResourcePath: parent,
        resourceType: types[types.length - 1],
        resourceName: (r.id as string).split("/").pop(),
        ...inputs,
      }),
    );
  });
  return stackExport(resources);
}

const ARM_TYPES_BY_LOWER = new Map(Object.values(ARM_TYPES).map((t) => [t.toLowerCase(), t]));

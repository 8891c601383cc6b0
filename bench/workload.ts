/**
 * Deterministic workloads shared by the benchmarks: a realistic governance config, model ids of
 * every form (allowed, denied by each rule, unparseable), and Pulumi resources (ML surfaces in
 * every token form, ARM template deployments, and the ordinary resources that make up most stacks).
 */
import { prng } from "./common";

/** Trusted registries of the benchmark config. */
export const REGISTRIES = [
  "azureml",
  "azureml-meta",
  "azureml-mistral",
  "azureml-cohere",
  "azureml-msr",
  "contoso-models",
  "contoso-finetuned",
  "fabrikam-ml",
  "northwind-llm",
  "tailspin-ai",
];
const UNTRUSTED = ["azureml-evil", "public-mirror", "hf-community", "random-reg"];

const MODEL_NAMES = [
  "Phi-4",
  "Phi-4-mini-instruct",
  "Phi-3.5-vision-instruct",
  "Meta-Llama-3.1-8B-Instruct",
  "Meta-Llama-3.1-70B-Instruct",
  "Llama-3.3-70B-Instruct",
  "Mistral-large-2411",
  "Mistral-small",
  "Ministral-3B",
  "Cohere-command-r-plus-08-2024",
  "Cohere-embed-v3-english",
  "gpt2-medium",
  "bert-base-uncased",
  "distilbert-base-cased",
  "whisper-large-v3",
  "DeepSeek-R1",
  "jais-30b-chat",
  "Codestral-2501",
  "AI21-Jamba-1.5-Large",
  "tinyllama",
];

/** The benchmark's governance config (a realistic production config: 10 registries, 50 blocked, 100 approved). */
export function governanceConfig(): Record<string, unknown> {
  const blockedModels: string[] = [];
  const allowedModels: string[] = [];
  for (let i = 0; i < 50; i++) {
    const reg = REGISTRIES[i % REGISTRIES.length];
    const m = `${MODEL_NAMES[i % MODEL_NAMES.length]}-blocked${i}`;
    blockedModels.push(i % 2 === 0 ? `azureml://registries/${reg}/models/${m}` : `azureml://registries/${reg}/models/${m}/versions/${(i % 7) + 1}`);
  }
  for (let i = 0; i < 100; i++) {
    const reg = REGISTRIES[i % REGISTRIES.length];
    const m = `${MODEL_NAMES[i % MODEL_NAMES.length]}-ok${i}`;
    allowedModels.push(i % 3 === 0 ? `azureml://registries/${reg}/models/${m}/versions/${(i % 5) + 1}` : `azureml://registries/${reg}/models/${m}`);
  }
  return {
    scope: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml-prod",
    allowedRegistries: REGISTRIES,
    effect: "Deny",
    blockedModels,
    allowedModels,
    workspaceModels: "Allow",
  };
}

/** The rule keys only (what `check` and the pack read). */
export function ruleConfig(): Record<string, unknown> {
  const { scope: _scope, ...rules } = governanceConfig();
  void _scope;
  return rules;
}

const SUB = "00000000-0000-0000-0000-000000000001";

/** What a generated model id is meant to test. */
export type IdKind = "allowed" | "blocked" | "untrusted" | "not-approved" | "workspace" | "unparseable";

/** One model id with the outcome it was generated for. */
export interface GeneratedId {
  id: string;
  kind: IdKind;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function caseNoise(r: () => number, s: string): string {
  return r() < 0.2 ? s.toUpperCase() : r() < 0.2 ? s.replace(/registries/, "Registries") : s;
}

function registryForm(r: () => number, reg: string, model: string, pin: string | undefined, label = false): string {
  const tail = pin === undefined ? "" : label ? `/labels/${pin}` : `/versions/${pin}`;
  if (!label && r() < 0.25) {
    return `/subscriptions/${SUB}/resourceGroups/rg-registry/providers/Microsoft.MachineLearningServices/registries/${reg}/models/${model}${pin === undefined ? "" : `/versions/${pin}`}`;
  }
  return caseNoise(r, `azureml://registries/${reg}/models/${model}${tail}`);
}

/**
 * `n` model ids: 40% allowed, 12% blocked, 12% untrusted registry, 10% not approved, 14% workspace
 * models (allowed: workspaceModels is Allow), 12% unparseable.
 */
export function modelIds(n: number, seed = 1): GeneratedId[] {
  const r = prng(seed);
  const cfg = governanceConfig();
  const allowed = cfg.allowedModels as string[];
  const blocked = cfg.blockedModels as string[];
  const out: GeneratedId[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.4) {
      const e = pick(r, allowed);
      const [, reg, model, version] = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)(?:\/versions\/(.+))?$/.exec(e)!;
      out.push({ id: registryForm(r, reg, model, version ?? (r() < 0.5 ? String(1 + Math.floor(r() * 9)) : undefined)), kind: "allowed" });
    } else if (x < 0.52) {
      const e = pick(r, blocked);
      const [, reg, model] = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)/.exec(e)!;
      out.push({ id: registryForm(r, reg, model, r() < 0.5 ? "latest" : undefined, true), kind: "blocked" });
    } else if (x < 0.64) {
      out.push({ id: registryForm(r, pick(r, UNTRUSTED), pick(r, MODEL_NAMES), String(1 + Math.floor(r() * 9))), kind: "untrusted" });
    } else if (x < 0.74) {
      out.push({
        id: registryForm(r, pick(r, REGISTRIES), `${pick(r, MODEL_NAMES)}-x${Math.floor(r() * 1000)}`, String(1 + Math.floor(r() * 9))),
        kind: "not-approved",
      });
    } else if (x < 0.88) {
      const m = pick(r, MODEL_NAMES);
      const forms = [
        `azureml:${m}:${1 + Math.floor(r() * 9)}`,
        `azureml:${m}@latest`,
        `azureml://locations/westeurope/workspaces/ws-prod/models/${m}/versions/3`,
        `azureml://subscriptions/${SUB}/resourceGroups/rg-ml/workspaces/ws-prod/models/${m}/versions/2`,
        `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod/models/${m}/versions/1`,
      ];
      out.push({ id: pick(r, forms), kind: "workspace" });
    } else {
      const bad = [
        "",
        "https://huggingface.co/meta-llama/Llama-3.1-8B",
        "azureml://feeds/azureml/models/Phi-4",
        "azureml://registries/azureml/models/Phi‐4", // U+2010 hyphen
        "azureml://registries/azureml/models/../versions/1",
        "azureml://registries/azureml%2Fevil/models/x",
        "Phi-4",
        "azureml://registries/azureml/models/",
        "azureml://registries/azureml/models/Phi-4/versions/1/extra",
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x/models/m`,
      ];
      out.push({ id: pick(r, bad), kind: "unparseable" });
    }
  }
  return out;
}

/** A Pulumi resource as the engine describes it (type token, logical name, inputs). */
export interface BenchResource {
  type: string;
  name: string;
  properties: Record<string, unknown>;
  /** Whether it is an Azure ML surface or an ARM template that deploys one. */
  ml: boolean;
}

const TOKEN_FORMS = ["default", "v2-versioned", "v3-parameterised"] as const;
function token(module: string, resource: string, form: (typeof TOKEN_FORMS)[number]): string {
  const v = "v20241001";
  if (form === "default") return `azure-native:${module}:${resource}`;
  if (form === "v2-versioned") return `azure-native:${module}/${v}:${resource}`;
  return `azure-native_${module}_${v}:${module}/${v}:${resource}`;
}

/** ARM properties of an ML surface holding `id`. */
function surfaceProps(kind: number, id: string): { module: string; resource: string; v2Key?: string; props: Record<string, unknown> } {
  switch (kind) {
    case 0:
      return {
        module: "machinelearningservices",
        resource: "ServerlessEndpoint",
        v2Key: "serverlessEndpointProperties",
        props: { authMode: "Key", contentSafety: { contentSafetyStatus: "Enabled" }, modelSettings: { modelId: id } },
      };
    case 1:
      return {
        module: "machinelearningservices",
        resource: "OnlineDeployment",
        v2Key: "onlineDeploymentProperties",
        props: {
          endpointComputeType: "Managed",
          instanceType: "Standard_DS3_v2",
          model: id,
          scaleSettings: { scaleType: "Default" },
          requestSettings: { maxConcurrentRequestsPerInstance: 1, requestTimeout: "PT1M30S" },
          appInsightsEnabled: true,
        },
      };
    case 2:
      return {
        module: "machinelearningservices",
        resource: "BatchDeployment",
        v2Key: "batchDeploymentProperties",
        props: { compute: "cpu-cluster", maxConcurrencyPerInstance: 2, miniBatchSize: 10, model: { referenceType: "Id", assetId: id } },
      };
    case 3:
      return { module: "machinelearningservices", resource: "MarketplaceSubscription", v2Key: "marketplaceSubscriptionProperties", props: { modelId: id } };
    case 4:
      return {
        module: "machinelearningservices",
        resource: "EndpointDeployment",
        props: { type: "Azure.OpenAI", model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06", source: id } },
      };
    default:
      return {
        module: "cognitiveservices",
        resource: "Deployment",
        props: {
          model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06", source: id },
          raiPolicyName: "Microsoft.Default",
          versionUpgradeOption: "OnceNewDefaultVersionAvailable",
        },
      };
  }
}

const ARM_TYPES = [
  "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
  "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
  "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions",
];

function armTemplate(r: () => number, ids: string[]): Record<string, unknown> {
  const resources: unknown[] = [
    {
      type: "Microsoft.Storage/storageAccounts",
      apiVersion: "2023-05-01",
      name: "[parameters('storageName')]",
      location: "[resourceGroup().location]",
      sku: { name: "Standard_LRS" },
      kind: "StorageV2",
      properties: { minimumTlsVersion: "TLS1_2" },
    },
  ];
  ids.forEach((id, i) => {
    const type = ARM_TYPES[Math.floor(r() * ARM_TYPES.length)];
    const props = type.endsWith("serverlessEndpoints")
      ? { authMode: "Key", modelSettings: { modelId: i === 0 ? "[parameters('modelId')]" : id } }
      : type.endsWith("deployments")
        ? { endpointComputeType: "Managed", instanceType: "Standard_DS3_v2", model: i === 0 ? "[parameters('modelId')]" : id }
        : { modelId: i === 0 ? "[parameters('modelId')]" : id };
    resources.push({ type, apiVersion: "2024-10-01", name: `ws-prod/ep-${i}`, properties: props });
  });
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { storageName: { type: "string", defaultValue: "stmlbench" }, modelId: { type: "string" } },
    resources,
  };
}

const LOCATIONS = ["westeurope", "northeurope", "eastus2", "swedencentral"];

/** An ordinary (non-ML) resource of realistic size. */
function otherResource(r: () => number, i: number): BenchResource {
  const loc = pick(r, LOCATIONS);
  const tags = { env: "prod", team: `team-${i % 37}`, costCenter: `cc-${1000 + (i % 211)}`, owner: `owner${i % 97}@contoso.com` };
  const kind = Math.floor(r() * 10);
  switch (kind) {
    case 0:
      return {
        type: "azure-native:storage:StorageAccount",
        name: `st${i}`,
        ml: false,
        properties: {
          accountName: `stbench${i}`,
          resourceGroupName: `rg-app-${i % 50}`,
          location: loc,
          kind: "StorageV2",
          sku: { name: "Standard_GRS" },
          allowBlobPublicAccess: false,
          minimumTlsVersion: "TLS1_2",
          networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ iPAddressOrRange: "203.0.113.0/24" }] },
          tags,
        },
      };
    case 1:
      return {
        type: "azure-native:network:VirtualNetwork",
        name: `vnet${i}`,
        ml: false,
        properties: {
          virtualNetworkName: `vnet-${i}`,
          resourceGroupName: `rg-net-${i % 20}`,
          location: loc,
          addressSpace: { addressPrefixes: [`10.${i % 255}.0.0/16`] },
          subnets: [
            { name: "default", addressPrefix: `10.${i % 255}.0.0/24` },
            { name: "aml", addressPrefix: `10.${i % 255}.1.0/24`, privateEndpointNetworkPolicies: "Disabled" },
          ],
          tags,
        },
      };
    case 2:
      return {
        type: "azure-native:authorization:RoleAssignment",
        name: `ra${i}`,
        ml: false,
        properties: {
          principalId: `1111${i}-2222-3333-4444-555555555555`,
          principalType: "ServicePrincipal",
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
          scope: `/subscriptions/${SUB}/resourceGroups/rg-app-${i % 50}`,
        },
      };
    case 3:
      return {
        type: "azure-native:machinelearningservices:Workspace",
        name: `mlw${i}`,
        ml: false,
        properties: {
          workspaceName: `mlw-${i}`,
          resourceGroupName: `rg-ml-${i % 10}`,
          location: loc,
          identity: { type: "SystemAssigned" },
          sku: { name: "Basic", tier: "Basic" },
          storageAccount: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml${i}`,
          keyVault: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml-${i}`,
          applicationInsights: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Insights/components/appi-${i}`,
          publicNetworkAccess: "Disabled",
          tags,
        },
      };
    case 4:
      return {
        type: "azure-native:machinelearningservices:OnlineEndpoint",
        name: `oe${i}`,
        ml: false,
        properties: {
          endpointName: `oe-${i}`,
          workspaceName: `mlw-${i % 10}`,
          resourceGroupName: `rg-ml-${i % 10}`,
          location: loc,
          identity: { type: "SystemAssigned" },
          onlineEndpointProperties: { authMode: "Key", publicNetworkAccess: "Disabled" },
          tags,
        },
      };
    case 5:
      return { type: "azure-native:resources:ResourceGroup", name: `rg${i}`, ml: false, properties: { resourceGroupName: `rg-app-${i}`, location: loc, tags } };
    case 6:
      return {
        type: "kubernetes:apps/v1:Deployment",
        name: `k8s${i}`,
        ml: false,
        properties: {
          metadata: { name: `svc-${i}`, namespace: "apps", labels: { app: `svc-${i}` } },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: `svc-${i}` } },
            template: {
              metadata: { labels: { app: `svc-${i}` } },
              spec: {
                containers: [
                  {
                    name: "app",
                    image: `contoso.azurecr.io/svc-${i}:1.${i % 40}.0`,
                    ports: [{ containerPort: 8080 }],
                    resources: { limits: { cpu: "500m", memory: "512Mi" } },
                  },
                ],
              },
            },
          },
        },
      };
    case 7:
      return {
        type: "azure-native:keyvault:Secret",
        name: `sec${i}`,
        ml: false,
        properties: {
          secretName: `secret-${i}`,
          vaultName: `kv-${i % 30}`,
          resourceGroupName: `rg-sec-${i % 5}`,
          properties: { value: "4dabf18193072939515e22adb298388d", contentType: "text/plain" },
          tags,
        },
      };
    case 8:
      return {
        type: "random:index/randomPassword:RandomPassword",
        name: `pw${i}`,
        ml: false,
        properties: { length: 24, special: true, overrideSpecial: "!#$%&*()-_=+[]{}<>:?", minLower: 2, minUpper: 2, minNumeric: 2 },
      };
    default:
      return {
        type: "azure-native:web:WebApp",
        name: `app${i}`,
        ml: false,
        properties: {
          name: `app-${i}`,
          resourceGroupName: `rg-app-${i % 50}`,
          location: loc,
          serverFarmId: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Web/serverfarms/plan-${i % 8}`,
          httpsOnly: true,
          siteConfig: {
            alwaysOn: true,
            ftpsState: "Disabled",
            minTlsVersion: "1.2",
            appSettings: [
              { name: "ENV", value: "prod" },
              { name: "WEBSITE_RUN_FROM_PACKAGE", value: "1" },
            ],
          },
          tags,
        },
      };
  }
}

/**
 * `n` Pulumi resources: `mlShare` of them Azure ML surfaces (every surface, the three token forms,
 * v3 and v2 input names, one in 10 an ARM template deployment with 1–3 model deployments), the
 * rest ordinary resources. Model ids come from {@link modelIds}.
 */
export function resources(n: number, seed = 7, mlShare = 0.2): BenchResource[] {
  const r = prng(seed);
  const ids = modelIds(Math.ceil(n * mlShare * 3) + 10, seed + 1).map((g) => g.id);
  let next = 0;
  const id = () => ids[next++ % ids.length];
  const out: BenchResource[] = [];
  for (let i = 0; i < n; i++) {
    if (r() >= mlShare) {
      out.push(otherResource(r, i));
      continue;
    }
    if (r() < 0.1) {
      const k = 1 + Math.floor(r() * 3);
      const modelIdsOf = Array.from({ length: k }, id);
      const templ = armTemplate(r, modelIdsOf);
      const kind = r() < 0.5 ? "Deployment" : "DeploymentAtScope";
      out.push({
        type: `azure-native:resources:${kind}`,
        name: `arm${i}`,
        ml: true,
        properties: {
          deploymentName: `deploy-${i}`,
          resourceGroupName: "rg-ml",
          ...(kind === "DeploymentAtScope" ? { scope: `/subscriptions/${SUB}/resourceGroups/rg-ml` } : {}),
          properties: { mode: "Incremental", template: templ, parameters: { modelId: { value: modelIdsOf[0] } } },
        },
      });
      continue;
    }
    const s = surfaceProps(Math.floor(r() * 6), id());
    const form = TOKEN_FORMS[Math.floor(r() * 3)];
    const v2 = s.v2Key !== undefined && form === "v2-versioned" && r() < 0.5;
    out.push({
      type: token(s.module, s.resource, form),
      name: `ml${i}`,
      ml: true,
      properties: {
        resourceGroupName: "rg-ml",
        workspaceName: "ws-prod",
        endpointName: `ep-${i % 100}`,
        name: `dep-${i}`,
        location: "swedencentral",
        [v2 ? (s.v2Key as string) : "properties"]: s.props,
        sku: { name: "Consumption" },
      },
    });
  }
  return out;
}

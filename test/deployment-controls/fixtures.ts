/** Deployments for the deployment-control tests: one compliant deployment per surface and one violation per rule. */
import { ControlRule } from "../../core/enums";

/** The config of the "done when": data zone or regional only, a filter required, no auto-upgrade, a ceiling. */
export const CONTROLS = {
  allowedRegistries: ["azureml"],
  // The deployments name OpenAI catalog models: trusted, so only the controls decide them.
  allowedPublishers: ["OpenAI"],
  allowedDeploymentTypes: ["residency:data-zone"],
  requireContentFilter: true,
  allowedVersionUpgradeOptions: ["NoAutoUpgrade"],
  maxCapacity: 100,
} as const;

const MODEL = { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" };

/** The four fields of a deployment, compliant with {@link CONTROLS}. */
export interface Settings {
  skuName?: string;
  capacity?: number;
  raiPolicyName?: string;
  versionUpgradeOption?: string;
}
export const COMPLIANT: Settings = { skuName: "DataZoneStandard", capacity: 50, raiPolicyName: "Microsoft.DefaultV2", versionUpgradeOption: "NoAutoUpgrade" };

/** One violation per rule: the four deny cases. */
export const VIOLATIONS: ReadonlyArray<{ rule: ControlRule; title: string; settings: Settings }> = [
  { rule: ControlRule.DeploymentTypes, title: "a GlobalStandard deployment", settings: { ...COMPLIANT, skuName: "GlobalStandard" } },
  { rule: ControlRule.ContentFilters, title: "no raiPolicyName", settings: { ...COMPLIANT, raiPolicyName: undefined } },
  {
    rule: ControlRule.VersionUpgrades,
    title: "OnceNewDefaultVersionAvailable",
    settings: { ...COMPLIANT, versionUpgradeOption: "OnceNewDefaultVersionAvailable" },
  },
  { rule: ControlRule.Capacity, title: "capacity 500 above the ceiling of 100", settings: { ...COMPLIANT, capacity: 500 } },
];

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const sku = (s: Settings): Record<string, unknown> => defined({ name: s.skuName, capacity: s.capacity });

/** azure-native `cognitiveservices:Deployment` inputs (sku top level). */
export function nativeCognitive(s: Settings): Record<string, unknown> {
  return {
    accountName: "ai-1",
    resourceGroupName: "rg",
    sku: sku(s),
    properties: defined({ model: MODEL, raiPolicyName: s.raiPolicyName, versionUpgradeOption: s.versionUpgradeOption }),
  };
}
/** Classic `azure:cognitive/deployment:Deployment` inputs. */
export function classicCognitive(s: Settings): Record<string, unknown> {
  return defined({
    cognitiveAccountId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai-1",
    model: MODEL,
    sku: sku(s),
    raiPolicyName: s.raiPolicyName,
    versionUpgradeOption: s.versionUpgradeOption,
  });
}
/** azure-native `machinelearningservices:EndpointDeployment` inputs (sku under properties). */
export function foundryEndpoint(s: Settings): Record<string, unknown> {
  return {
    workspaceName: "hub",
    endpointName: "aoai",
    resourceGroupName: "rg",
    properties: defined({ type: "Azure.OpenAI", model: MODEL, sku: sku(s), raiPolicyName: s.raiPolicyName, versionUpgradeOption: s.versionUpgradeOption }),
  };
}
/** The same Cognitive Services deployment as an ARM template resource. */
export function templateResource(s: Settings, name = "ai-1/chat"): Record<string, unknown> {
  return {
    type: "Microsoft.CognitiveServices/accounts/deployments",
    apiVersion: "2025-06-01",
    name,
    sku: sku(s),
    properties: defined({ model: MODEL, raiPolicyName: s.raiPolicyName, versionUpgradeOption: s.versionUpgradeOption }),
  };
}
/** An inline template deploying `resources`. */
export function templateOf(resources: unknown[]): Record<string, unknown> {
  return { $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", resources };
}

export const NATIVE_TOKEN = "azure-native:cognitiveservices:Deployment";
export const CLASSIC_TOKEN = "azure:cognitive/deployment:Deployment";
export const ENDPOINT_TOKEN = "azure-native:machinelearningservices:EndpointDeployment";

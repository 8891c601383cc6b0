/**
 * The governance config JSON Schema: one schema for component args, stack config, config files
 * and (without the component-only keys) the policy pack's `configSchema`.
 */
import { Effect, EnforcementMode, WorkspaceModels } from "../enums";
import { BASELINE_PROPERTIES } from "../guardrails/schema";
import { REGISTRY_NAME_PATTERN } from "../patterns";
import { CONTROL_PROPERTIES } from "../deployment-controls/config";
import { PULUMI_CLOUD_PROPERTIES } from "./pulumi-cloud";

/**
 * Largest supported sizes. The lists travel as assignment parameters compared with `in`
 * (no value counts, so no 100-iteration cap); the bound that matters is Azure's 1 MB request body:
 * at these sizes the largest assignment body stays well under it (see bench/).
 */
export const LIMITS = {
  allowedRegistries: 100,
  allowedPublishers: 100,
  blockedModels: 500,
  allowedModels: 500,
  modelEntryLength: 256,
  /** Assignment scopes per component (scope + additionalScopes). */
  scopes: 1000,
  /** Azure: at most 400 notScopes per assignment. */
  notScopes: 400,
  nonComplianceMessage: 1024,
  owner: 256,
} as const;

/** A case-insensitive JSON Schema pattern fragment for a literal (JSON Schema has no `i` flag). */
export function ci(literal: string): string {
  return [...literal].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("");
}

export { REGISTRY_NAME_PATTERN };

type JsonSchema = Record<string, unknown>;

/** Keys that govern decisions: shared by the component and the policy pack. */
const RULE_PROPERTIES: Record<string, JsonSchema> = {
  allowedRegistries: {
    type: "array",
    description:
      "Registries whose models may be deployed: names (`azureml`) or the pattern form `azureml://registries/azureml/` (normalised to the name). Names compare whole and case-insensitively: `azureml` never admits `azureml-meta`.",
    minItems: 1,
    maxItems: LIMITS.allowedRegistries,
    items: { type: "string", pattern: `^(?:${ci("azureml://registries/")}${REGISTRY_NAME_PATTERN}/?|${REGISTRY_NAME_PATTERN})$` },
  },
  allowedPublishers: {
    type: "array",
    description:
      "Catalog publishers whose models may be deployed by {format, name, version} on AI Services accounts and Foundry endpoint/connection deployments, as Azure writes them (`OpenAI`, `Microsoft`, `Mistral AI`). Names compare whole and case-insensitively; a deployment's `model.format` and, where set, `model.publisher` must both be listed. Unset or empty: no publisher is trusted, so every catalog deployment is denied (fail closed).",
    maxItems: LIMITS.allowedPublishers,
    default: [],
    items: { type: "string", minLength: 1, maxLength: 64 },
  },
  effect: {
    type: "string",
    title: "Effect",
    enum: Object.values(Effect),
    default: Effect.Deny,
    description: "Azure Policy effect for the model rules. In the policy pack: Deny → mandatory, Audit → advisory, Disabled → disabled.",
  },
  blockedModels: {
    type: "array",
    description:
      "Models that may never be deployed: registry models (`azureml://registries/{r}/models/{m}[/versions/{v}]`) and catalog models (`{publisher}/{model}[/versions/{v}]`). Without a version an entry blocks every version and label; with /versions/{v} it blocks that version and every reference that pins no version (catalog: no `version`, or a `versionUpgradeOption` other than NoAutoUpgrade).",
    maxItems: LIMITS.blockedModels,
    default: [],
    items: { type: "string", minLength: 1, maxLength: LIMITS.modelEntryLength },
  },
  allowedModels: {
    type: "array",
    description:
      "If non-empty, the only models that may be deployed, registry (`azureml://registries/...`) and catalog (`{publisher}/{model}[/versions/{v}]`) alike: a list naming only registry models denies every catalog deployment, and the reverse. Without a version an entry covers every version; with /versions/{v} only that version, held (catalog: `versionUpgradeOption` NoAutoUpgrade).",
    maxItems: LIMITS.allowedModels,
    default: [],
    items: { type: "string", minLength: 1, maxLength: LIMITS.modelEntryLength },
  },
  workspaceModels: {
    type: "string",
    title: "WorkspaceModels",
    enum: Object.values(WorkspaceModels),
    default: WorkspaceModels.Allow,
    description: "Whether models that do not come from a registry (workspace models, azureml:name:version, batch data paths) may be deployed.",
  },
  // Deployment controls (issue 11): deployment types, content filters, version upgrades, capacity.
  ...CONTROL_PROPERTIES,
};

const SCOPE_DESCRIPTION = "/subscriptions/{id}, /subscriptions/{id}/resourceGroups/{name} or /providers/Microsoft.Management/managementGroups/{id}";

/** Keys only the component uses (where and how Azure Policy is assigned). */
const COMPONENT_PROPERTIES: Record<string, JsonSchema> = {
  scope: { type: "string", minLength: 1, description: `Where the initiative is assigned: ${SCOPE_DESCRIPTION}.` },
  additionalScopes: {
    type: "array",
    description: "More assignment scopes, each getting one assignment of the same initiative. They must lie inside the definition scope.",
    maxItems: LIMITS.scopes - 1,
    default: [],
    items: { type: "string", minLength: 1 },
  },
  definitionScope: {
    type: "string",
    minLength: 1,
    description:
      "Where the definitions and the initiative live: a subscription or management group containing every scope. Defaults to the subscription or management group that holds `scope`.",
  },
  enforcementMode: {
    type: "string",
    title: "EnforcementMode",
    enum: Object.values(EnforcementMode),
    default: EnforcementMode.Default,
    description: "Assignment enforcement mode. DoNotEnforce evaluates and reports but never blocks (messages then say 'should').",
  },
  notScopes: {
    type: "array",
    description: "Resource ids excluded from every assignment.",
    maxItems: LIMITS.notScopes,
    default: [],
    items: { type: "string", minLength: 1 },
  },
  nonComplianceMessage: {
    type: "string",
    minLength: 1,
    maxLength: LIMITS.nonComplianceMessage,
    description: "Message shown on a denied deployment. The default names the rule and the allowed registries.",
  },
  owner: {
    type: "string",
    minLength: 1,
    maxLength: LIMITS.owner,
    description: "Who owns this policy (team or contact), recorded in metadata and named in messages.",
  },
  // The governance baseline (all optional): guardrails, registry built-ins, exemptions, monitoring.
  ...BASELINE_PROPERTIES,
  // Publishing and enforcing the policy pack in Pulumi Cloud (optional).
  ...PULUMI_CLOUD_PROPERTIES,
};

/** The full governance config schema (component args, stack config, config files). */
export const governanceConfigSchema: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://azure-ml-governance/governance-config.schema.json",
  title: "GovernanceConfig",
  description: "Azure ML model deployment governance config: the governance config as written by a platform team (component args, stack config or file).",
  type: "object",
  additionalProperties: false,
  required: ["scope", "allowedRegistries"],
  properties: { ...COMPONENT_PROPERTIES, ...RULE_PROPERTIES },
};

/**
 * The policy pack's `configSchema`: the rule keys only. Pulumi injects `enforcementLevel` itself,
 * so it must not appear here. Defaults are documented but applied in code (the Node SDK does not).
 */
export const policyPackConfigSchema: { properties: Record<string, JsonSchema>; required: string[] } = {
  properties: { ...RULE_PROPERTIES },
  required: ["allowedRegistries"],
};

/** Names of the rule keys (shared by component and pack). */
export const RULE_KEYS = Object.keys(RULE_PROPERTIES);
/** Names of every key of the governance config. */
export const CONFIG_KEYS = Object.keys(governanceConfigSchema.properties as Record<string, unknown>);

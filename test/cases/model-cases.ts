/**
 * The shared table of model-reference cases: each is decided by the rules core, by the policy
 * pack (in-process and served over gRPC) and — later — by the rendered Azure Policy, and all must
 * agree. Data only: no imports, plain JSON-compatible values (the missing case has no `id`).
 *
 * `config` names one of {@link MODEL_CASE_CONFIGS} (default `base`); the configs are policy-pack
 * rule configs (the `azure-ml-model-governance` entry of `--policy-pack-config`). `expected` is
 * what the rules say, written by hand: the tests check the core against it, then check every other
 * enforcement point against the core (same verdict, same rule, same reason).
 */

/** The verdicts, by rule id (`Rule` in core/enums.ts). */
export type ExpectedRule = "allowed" | "model-reference" | "blocked-models" | "trusted-registries" | "approved-models" | "workspace-models";

/** One case. */
export interface ModelCase {
  /** The model reference as the resource holds it; absent = no model reference at all. */
  id?: string;
  /** What the case is about. */
  note: string;
  /** Which config decides it (default `base`). */
  config?: ModelCaseConfigName;
  expected: { allowed: boolean; rule: ExpectedRule };
}

const ARM = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices";

/** The base rule config: three trusted registries, one blocked model, one blocked version. */
const BASE = {
  allowedRegistries: ["azureml", "azureml-meta", "azure-openai"],
  blockedModels: [
    "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2",
  ],
  allowedModels: [] as string[],
  workspaceModels: "Allow",
  effect: "Deny",
};

/** The configs the cases refer to. */
export const MODEL_CASE_CONFIGS = {
  base: BASE,
  /** With an approval list. */
  approved: {
    ...BASE,
    allowedModels: ["azureml://registries/azureml/models/Phi-4", "azureml://registries/azure-openai/models/gpt-35-turbo/versions/3"],
  },
  /** Workspace models denied. */
  strict: { ...BASE, workspaceModels: "Deny" },
  /** Only the default keys the CLI fills in from the schema, plus the required registry list. */
  minimal: { allowedRegistries: ["AzureML://Registries/AzureML/"] },
};

/** A config name. */
export type ModelCaseConfigName = keyof typeof MODEL_CASE_CONFIGS;

const allowed = { allowed: true, rule: "allowed" } as const;
const deny = (rule: Exclude<ExpectedRule, "allowed">) => ({ allowed: false, rule }) as const;

/** Every case. */
export const MODEL_CASES: readonly ModelCase[] = [
  // Allowed
  { id: "azureml://registries/azureml/models/Phi-4", note: "trusted registry, unpinned", expected: allowed },
  { id: "azureml://registries/azureml/models/Phi-4/versions/7", note: "trusted registry, version", expected: allowed },
  { id: "azureml://registries/azureml-meta/models/Meta-Llama-3-70B-Instruct/labels/latest", note: "trusted registry, label", expected: allowed },
  { id: `${ARM}/registries/azure-openai/models/gpt-4o/versions/2024-08-06`, note: "registry ARM id", expected: allowed },
  { id: "AZUREML://REGISTRIES/AzureML/MODELS/Phi-4", note: "case tricks on a trusted id (Azure compares case-insensitively)", expected: allowed },
  { id: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3", note: "another version of a blocked version", expected: allowed },
  {
    id: "azureml://registries/azureml/models/Phi-4",
    note: "registry given in pattern form and mixed case in the config",
    config: "minimal",
    expected: allowed,
  },
  { id: "azureml:fraud-model:3", note: "workspace short form, workspace models allowed", expected: allowed },
  { id: `${ARM}/workspaces/ws-prod/models/fraud/versions/3`, note: "workspace ARM id, workspace models allowed", expected: allowed },
  { id: "azureml://registries/azureml/models/Phi-4/versions/1", note: "approved name, any version", config: "approved", expected: allowed },
  { id: "azureml://registries/azure-openai/models/gpt-35-turbo/versions/3", note: "approved pinned version", config: "approved", expected: allowed },
  { id: "azureml:fraud-model:3", note: "workspace model with an approval list (the list governs registry models only)", config: "approved", expected: allowed },

  // Untrusted registry
  { id: "azureml://registries/azureml-evil/models/Phi-4", note: "trusted name as a prefix of an untrusted registry", expected: deny("trusted-registries") },
  { id: "azureml://registries/azuremlx/models/Phi-4", note: "registry name extended", expected: deny("trusted-registries") },
  { id: "azureml://registries/evil/models/azureml/versions/1", note: "trusted registry name later in the path", expected: deny("trusted-registries") },
  { id: "azureml://registries/evil/models/Phi-4/labels/azureml", note: "trusted registry name as the label", expected: deny("trusted-registries") },
  { id: "azureml://registries/HuggingFace/models/bert-base-uncased", note: "registry not in the list", expected: deny("trusted-registries") },
  { id: `${ARM}/registries/azureml-evil/models/Phi-4/versions/1`, note: "untrusted registry as an ARM id", expected: deny("trusted-registries") },
  {
    id: "azureml://registries/azureml-deepseek/models/DeepSeek-R1",
    note: "untrusted registry (the approval list does not trust it)",
    config: "approved",
    expected: deny("trusted-registries"),
  },

  // Blocked
  { id: "azureml://registries/azureml/models/Phi-4-multimodal-instruct", note: "blocked model, unpinned", expected: deny("blocked-models") },
  { id: "azureml://registries/azureml/models/Phi-4-multimodal-instruct/versions/1", note: "blocked model, any version", expected: deny("blocked-models") },
  {
    id: "azureml://registries/AZUREML/models/phi-4-MULTIMODAL-instruct/labels/latest",
    note: "blocked model, case tricks and a label",
    expected: deny("blocked-models"),
  },
  { id: `${ARM}/registries/azureml/models/Phi-4-multimodal-instruct/versions/5`, note: "blocked model as an ARM id", expected: deny("blocked-models") },
  { id: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2", note: "blocked version", expected: deny("blocked-models") },
  {
    id: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
    note: "unpinned reference may resolve to the blocked version",
    expected: deny("blocked-models"),
  },
  {
    id: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/labels/latest",
    note: "label may resolve to the blocked version",
    expected: deny("blocked-models"),
  },

  // Not approved
  {
    id: "azureml://registries/azureml/models/Phi-3-mini-4k-instruct",
    note: "trusted registry, not on the approval list",
    config: "approved",
    expected: deny("approved-models"),
  },
  { id: "azureml://registries/azureml/models/Phi-4-mini-instruct", note: "approved name as a prefix", config: "approved", expected: deny("approved-models") },
  {
    id: "azureml://registries/azure-openai/models/gpt-35-turbo/versions/4",
    note: "other version of an approved pinned version",
    config: "approved",
    expected: deny("approved-models"),
  },
  {
    id: "azureml://registries/azure-openai/models/gpt-35-turbo",
    note: "unpinned reference to an approved pinned version",
    config: "approved",
    expected: deny("approved-models"),
  },

  // Workspace models denied
  { id: "azureml:fraud-model:3", note: "workspace short form", config: "strict", expected: deny("workspace-models") },
  { id: "azureml:fraud-model@latest", note: "workspace short form with a label", config: "strict", expected: deny("workspace-models") },
  { id: `${ARM}/workspaces/ws-prod/models/fraud/versions/3`, note: "workspace ARM id", config: "strict", expected: deny("workspace-models") },
  {
    id: "azureml://locations/westeurope/workspaces/ws-prod/models/fraud/versions/3",
    note: "workspace asset id",
    config: "strict",
    expected: deny("workspace-models"),
  },

  // Unparseable: fail closed
  { note: "no model reference at all", expected: deny("model-reference") },
  { id: "", note: "empty", expected: deny("model-reference") },
  { id: "https://evil.example.com/models/Phi-4", note: "unknown scheme", expected: deny("model-reference") },
  { id: "azureml://feeds/azureml/models/Phi-4/versions/1", note: "internal feeds form", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4?registry=evil", note: "query string", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4#evil", note: "fragment", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4/", note: "trailing slash", expected: deny("model-reference") },
  { id: "azureml://registries/azureml//models/Phi-4", note: "double slash", expected: deny("model-reference") },
  { id: "azureml://registries//azureml/models/Phi-4", note: "empty registry segment", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/../../azureml-evil/models/x", note: "dot segments", expected: deny("model-reference") },
  { id: "azureml://registries/azureml%2Fmodels/models/Phi-4", note: "percent-encoding", expected: deny("model-reference") },
  { id: " azureml://registries/azureml/models/Phi-4", note: "leading whitespace", expected: deny("model-reference") },
  { id: "azureml://registries/\u212Aazureml/models/Phi-4", note: "Kelvin sign K (U+212A), lower-cases to ASCII k", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4\u200B", note: "zero-width space", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4/versions/", note: "empty version", expected: deny("model-reference") },
  { id: "azureml://registries/azureml/models/Phi-4/versions/7/extra", note: "trailing segment", expected: deny("model-reference") },
  { id: "azureml:azureml://registries/azureml/models/Phi-4", note: "scheme confusion", expected: deny("model-reference") },
];

/** The config of a case, resolved. */
export function caseConfig(c: ModelCase): (typeof MODEL_CASE_CONFIGS)[ModelCaseConfigName] {
  return MODEL_CASE_CONFIGS[c.config ?? "base"];
}

/** A short label for test titles. */
export function caseLabel(c: ModelCase): string {
  return `${c.note}: ${c.id === undefined ? "(none)" : JSON.stringify(c.id)}${c.config ? ` [${c.config}]` : ""}`;
}

/**
 * Attacker-style model ids: a deterministic corpus for the core decision tests and the Azure Policy
 * differential test. Data only: no verdicts (those come from the code under test, checked against
 * invariants), no imports, no randomness. The source is pure ASCII; every non-ASCII or control
 * character is written as an escape so reviewers can see exactly what is being sent.
 *
 * Build: a few legitimate base ids x systematic mutations (case, slashes, dot segments,
 * percent-encoding, whitespace, look-alikes, zero-width characters, query/fragment suffixes),
 * plus a registry-confusion loop (look-alike registry names x every id form), blocked-model
 * evasion forms for every ATTACK_CONFIG blocked entry, and hand-picked ids.
 */

/** One corpus entry. `note` says what the id tries; `category` groups it. */
export interface AttackerId {
  id: string;
  note: string;
  category: AttackCategory;
}

/** Corpus categories. */
export type AttackCategory =
  | "legit"
  | "case"
  | "prefix-confusion"
  | "substring"
  | "slashes"
  | "dot-segments"
  | "percent-encoding"
  | "whitespace"
  | "unicode"
  | "empty"
  | "missing-pieces"
  | "arm"
  | "labels-versions"
  | "scheme"
  | "short-form"
  | "blocked-evasion";

/** A fixed subscription id used in ARM forms. */
export const ATTACK_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const ARM_PREFIX = `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices`;

/**
 * The rule config the corpus is decided against (policy-pack config shape: rule keys only).
 * Mixes the name and the pattern form in allowedRegistries, mixed case, a blocked entry without a
 * version, one with a version, one as a registry ARM id, and one from an untrusted registry.
 */
export const ATTACK_CONFIG = {
  allowedRegistries: ["azureml", "azureml-meta", "azureml://registries/HuggingFace/", "azure-openai"],
  blockedModels: [
    "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2",
    `${ARM_PREFIX}/registries/HuggingFace/models/evil-model`,
    "azureml://registries/azureml-deepseek/models/DeepSeek-R1",
  ],
  allowedModels: [] as string[],
  workspaceModels: "Allow",
  effect: "Deny",
} as const;

/** ATTACK_CONFIG with an approval list (none of its entries is blocked). */
export const ATTACK_CONFIG_APPROVED = {
  ...ATTACK_CONFIG,
  allowedModels: [
    "azureml://registries/azureml/models/Phi-4",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3",
    "azureml://registries/azure-openai/models/gpt-35-turbo/versions/3",
    "AzureML://Registries/HuggingFace/Models/bert-base-uncased",
  ],
} as const;

/** ATTACK_CONFIG with workspace models denied. */
export const ATTACK_CONFIG_STRICT = { ...ATTACK_CONFIG, workspaceModels: "Deny" } as const;

/** Every corpus config, by name (for table-driven corpus tests). */
export const ATTACK_CONFIGS = {
  default: ATTACK_CONFIG,
  approved: ATTACK_CONFIG_APPROVED,
  strict: ATTACK_CONFIG_STRICT,
} as const;

// ---------------------------------------------------------------------------------------------
// Systematic part 1: legitimate base ids x mutations

interface Base {
  id: string;
  note: string;
}

const BASES: readonly Base[] = [
  { id: "azureml://registries/azureml/models/Phi-4", note: "registry URI, unpinned" },
  { id: "azureml://registries/azureml/models/Phi-4/versions/7", note: "registry URI, version" },
  { id: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/labels/latest", note: "registry URI, label" },
  { id: `${ARM_PREFIX}/registries/azureml/models/Phi-4/versions/7`, note: "registry ARM id" },
  { id: `${ARM_PREFIX}/workspaces/ws-prod/models/fraud/versions/3`, note: "workspace ARM id" },
  { id: "azureml://locations/westeurope/workspaces/ws-prod/models/fraud/versions/3", note: "workspace asset id (locations)" },
  {
    id: `azureml://subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/workspaces/ws-prod/models/fraud/labels/latest`,
    note: "workspace asset id (subscriptions)",
  },
  { id: "azureml:fraud:3", note: "short form, version" },
  { id: "azureml:mir-sample-sklearn-mlflow-model@latest", note: "short form, label" },
];

const replaceFirst = (s: string, from: string, to: string): string => {
  const i = s.indexOf(from);
  return i < 0 ? s : s.slice(0, i) + to + s.slice(i + from.length);
};
const replaceLast = (s: string, from: string, to: string): string => {
  const i = s.lastIndexOf(from);
  return i < 0 ? s : s.slice(0, i) + to + s.slice(i + from.length);
};
const alternateCase = (s: string): string => [...s].map((ch, i) => (i % 2 === 0 ? ch.toUpperCase() : ch.toLowerCase())).join("");
/** Replaces the last `/` with `enc`. */
const encodeLastSlash = (s: string, enc: string): string => replaceLast(s, "/", enc);
/** Inserts `text` right after the first `/` that follows the scheme (or at index 8 for short forms). */
const afterFirstPathSlash = (s: string, text: string): string => {
  const start = s.startsWith("azureml://") ? "azureml://".length : 1;
  const i = s.indexOf("/", start);
  return i < 0 ? s.slice(0, 8) + text + s.slice(8) : s.slice(0, i + 1) + text + s.slice(i + 1);
};

interface Mutation {
  name: string;
  category: AttackCategory;
  apply: (id: string) => string;
}

const MUTATIONS: readonly Mutation[] = [
  // case (legitimate: comparisons are case-insensitive)
  { name: "upper case", category: "case", apply: (s) => s.toUpperCase() },
  { name: "lower case", category: "case", apply: (s) => s.toLowerCase() },
  { name: "alternating case", category: "case", apply: alternateCase },
  // slashes
  { name: "trailing slash", category: "slashes", apply: (s) => `${s}/` },
  { name: "two trailing slashes", category: "slashes", apply: (s) => `${s}//` },
  { name: "leading slash", category: "slashes", apply: (s) => `/${s}` },
  { name: "double slash inside the path", category: "slashes", apply: (s) => afterFirstPathSlash(s, "/") },
  { name: "backslash instead of the last slash", category: "slashes", apply: (s) => encodeLastSlash(s, "\\") },
  // dot segments
  { name: "trailing /.", category: "dot-segments", apply: (s) => `${s}/.` },
  { name: "trailing /..", category: "dot-segments", apply: (s) => `${s}/..` },
  { name: "inner ./ segment", category: "dot-segments", apply: (s) => afterFirstPathSlash(s, "./") },
  { name: "inner x/../ traversal", category: "dot-segments", apply: (s) => afterFirstPathSlash(s, "x/../") },
  { name: "hidden last segment", category: "dot-segments", apply: (s) => replaceLast(s, "/", "/.") },
  // percent-encoding
  { name: "last / as %2F", category: "percent-encoding", apply: (s) => encodeLastSlash(s, "%2F") },
  { name: "last / as %2f", category: "percent-encoding", apply: (s) => encodeLastSlash(s, "%2f") },
  { name: "appended %2e", category: "percent-encoding", apply: (s) => `${s}%2e` },
  { name: "first a as %61", category: "percent-encoding", apply: (s) => replaceLast(s, "a", "%61") },
  { name: "appended %00", category: "percent-encoding", apply: (s) => `${s}%00` },
  // whitespace and control characters
  { name: "leading space", category: "whitespace", apply: (s) => ` ${s}` },
  { name: "trailing space", category: "whitespace", apply: (s) => `${s} ` },
  { name: "inner space", category: "whitespace", apply: (s) => afterFirstPathSlash(s, " ") },
  { name: "trailing tab", category: "whitespace", apply: (s) => `${s}\t` },
  { name: "trailing newline", category: "whitespace", apply: (s) => `${s}\n` },
  { name: "trailing CRLF", category: "whitespace", apply: (s) => `${s}\r\n` },
  { name: "leading NBSP", category: "whitespace", apply: (s) => `\u00a0${s}` },
  { name: "trailing NUL", category: "whitespace", apply: (s) => `${s}\u0000` },
  // unicode look-alikes and invisibles
  { name: "Cyrillic a (U+0430) for the last a", category: "unicode", apply: (s) => replaceLast(s, "a", "\u0430") },
  { name: "Cyrillic e (U+0435) for the first e", category: "unicode", apply: (s) => replaceFirst(s, "e", "\u0435") },
  { name: "Cyrillic o (U+043E) for the last o", category: "unicode", apply: (s) => replaceLast(s, "o", "\u043e") },
  { name: "dotless i (U+0131) for the last i", category: "unicode", apply: (s) => replaceLast(s, "i", "\u0131") },
  { name: "long s (U+017F) for the last s", category: "unicode", apply: (s) => replaceLast(s, "s", "\u017f") },
  { name: "fullwidth l (U+FF4C) for the first l", category: "unicode", apply: (s) => replaceFirst(s, "l", "\uff4c") },
  { name: "zero-width joiner after the scheme word", category: "unicode", apply: (s) => replaceFirst(s, "azureml", "azureml\u200d") },
  { name: "trailing zero-width space", category: "unicode", apply: (s) => `${s}\u200b` },
  { name: "leading BOM", category: "unicode", apply: (s) => `\ufeff${s}` },
  // trusted text hidden after ? or #
  { name: "query string naming a trusted registry", category: "substring", apply: (s) => `${s}?registry=azureml` },
  { name: "fragment naming a trusted registry", category: "substring", apply: (s) => `${s}#azureml` },
];

// ---------------------------------------------------------------------------------------------
// Systematic part 2: registry confusion (look-alike names x every registry form)

const LOOKALIKE_REGISTRIES: readonly string[] = [
  "azureml-evil",
  "azuremlx",
  "azure-ml",
  "xazureml",
  "azureml_",
  "azureml-",
  "azureml0",
  "azureml.evil",
  "azureml-meta-evil",
  "azureml-metaa",
  "azureml--meta",
  "AzureML-Evil",
  "azure",
  "ml",
  "azure-openai-x",
  "huggingface-evil",
  "Hugging-Face",
];

const REGISTRY_TEMPLATES: ReadonlyArray<{ form: string; make: (registry: string) => string }> = [
  { form: "registry URI", make: (r) => `azureml://registries/${r}/models/Phi-4` },
  { form: "registry URI, version", make: (r) => `azureml://registries/${r}/models/Phi-4/versions/1` },
  { form: "registry URI, label", make: (r) => `azureml://registries/${r}/models/Phi-4/labels/latest` },
  { form: "registry ARM id", make: (r) => `${ARM_PREFIX}/registries/${r}/models/Phi-4/versions/1` },
];

// ---------------------------------------------------------------------------------------------
// Systematic part 3: blocked-model evasion, every form of every blocked entry

interface BlockedTarget {
  registry: string;
  model: string;
  /** Versions to try (the blocked one, if any, and another). */
  versions: string[];
}

const BLOCKED_TARGETS: readonly BlockedTarget[] = [
  { registry: "azureml", model: "Phi-4-multimodal-instruct", versions: ["1", "2"] },
  { registry: "azureml-meta", model: "Meta-Llama-3-8B-Instruct", versions: ["2", "3"] },
  { registry: "HuggingFace", model: "evil-model", versions: ["1"] },
  { registry: "azureml-deepseek", model: "DeepSeek-R1", versions: ["1"] },
];

function blockedForms(t: BlockedTarget): Array<{ id: string; note: string }> {
  const uri = `azureml://registries/${t.registry}/models/${t.model}`;
  const arm = `${ARM_PREFIX}/registries/${t.registry}/models/${t.model}`;
  const out: Array<{ id: string; note: string }> = [
    { id: uri, note: "as written" },
    { id: uri.toUpperCase(), note: "upper case" },
    { id: uri.toLowerCase(), note: "lower case" },
    { id: `${uri}/labels/latest`, note: "label latest" },
    { id: `${uri}/labels/Default`, note: "label Default" },
    { id: arm, note: "registry ARM id, unpinned" },
    { id: arm.toLowerCase(), note: "registry ARM id, lower case" },
    { id: `azureml:${t.model}:1`, note: "short form of the same name (a workspace model)" },
    { id: `azureml:${t.model}@latest`, note: "short-form label of the same name (a workspace model)" },
  ];
  for (const v of t.versions) {
    out.push({ id: `${uri}/versions/${v}`, note: `version ${v}` });
    out.push({ id: `${uri}/VERSIONS/${v}`.toUpperCase(), note: `version ${v}, upper case` });
    out.push({ id: `${arm}/versions/${v}`, note: `registry ARM id, version ${v}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hand-picked

const W = `${ARM_PREFIX}/workspaces/ws-prod`;
const R = `${ARM_PREFIX}/registries`;

const HAND_PICKED: ReadonlyArray<[AttackCategory, string, string]> = [
  // Legitimate ids from the reference note (section 4) and public samples.
  ["legit", "azureml://registries/azure-openai/models/gpt-35-turbo/versions/3", "Foundry docs example"],
  ["legit", "azureml://registries/azureml-deepseek/models/DeepSeek-R1/versions/1", "serverless endpoint Bicep (blocked registry and model)"],
  ["legit", "azureml://registries/azureml/models/Phi-4", "MaaS, unpinned"],
  ["legit", "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct", "MaaS, unpinned (version 2 is blocked)"],
  ["legit", "azureml://registries/azureml-cohere/models/Cohere-command-r-08-2024", "MaaS, untrusted registry"],
  ["legit", "azureml://registries/azureml-mistral/models/Mistral-large", "marketplace subscription"],
  ["legit", "azureml://registries/azureml/models/Phi-4-multimodal-instruct", "blocked in ATTACK_CONFIG"],
  ["legit", "azureml://registries/azureml/models/Llama-Guard-3-11B-Vision", "Rick-healy allow example"],
  ["legit", "azureml://registries/azureml-meta/models/Llama-3.2-11B-Vision-Instruct", "Rick-healy allow example, dotted name"],
  ["legit", "azureml://registries/HuggingFace/models/bert-base-uncased/labels/latest", "Hugging Face label form"],
  ["legit", "azureml://registries/HuggingFace/models/bert-base-uncased/versions/1", "Hugging Face, version"],
  ["legit", "azureml://registries/azure-huggingface/models/qwen--qwen3-32b/versions/1", "Foundry sample, double hyphen"],
  ["legit", "azureml://registries/testFeed/models/model_version_e2e/versions/1", "azure-ai-ml tests, mixed-case registry"],
  ["legit", "azureml://registries/testfeed/models/model_version_e2e/versions/1", "azure-ai-ml tests, lower-case registry"],
  ["legit", "azureml:local-multimodel:3", "online deployment YAML"],
  ["legit", "azureml:fraud:3", "online deployment YAML"],
  ["legit", "azureml:mir-sample-sklearn-mlflow-model@latest", "online deployment YAML, label"],
  ["legit", `${W}/models/fraud/versions/3`, "workspace ARM id (Bicep)"],
  ["legit", `${W}/models/fraud`, "workspace ARM id, unpinned"],
  ["legit", `${R}/azureml/models/Phi-4/versions/1`, "registry ARM id"],
  ["legit", `${R}/azureml/models/Phi-4`, "registry ARM id, unpinned"],
  ["legit", "azureml://registries/azureml/models/Phi-4/versions/1.0.0", "semver version"],
  ["legit", "azureml://registries/azure-openai/models/gpt-35-turbo", "approved only at version 3"],
  ["legit", "azureml://registries/azure-openai/models/gpt-35-turbo/versions/4", "approved only at version 3"],
  ["legit", "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3", "approved at version 3"],

  // Prefix confusion (beyond the loop).
  ["prefix-confusion", "azureml://registries/azureml-meta/models/Phi-4", "trusted registry (real name)"],
  ["prefix-confusion", "azureml://registries/azureml-meta-llama/models/Llama-3", "extension of a trusted name"],
  ["prefix-confusion", "azureml://registries/AZUREML-EVIL/models/Phi-4", "upper-case extension"],
  ["prefix-confusion", "azureml://registries/azure_ml/models/Phi-4", "underscore variant"],
  ["prefix-confusion", "azureml://registries/azuremlmeta/models/Phi-4", "dash dropped"],

  // Trusted name embedded somewhere else.
  ["substring", "azureml://registries/evil/models/azureml", "trusted name as the model"],
  ["substring", "azureml://registries/evil/models/azureml/versions/1", "trusted name as the model, version"],
  ["substring", "azureml://registries/evil/models/Phi-4/versions/azureml", "trusted name as the version"],
  ["substring", "azureml://registries/evil/models/Phi-4/labels/azureml", "trusted name as the label"],
  ["substring", "azureml://registries/evil/models/registries/azureml", "a registries/azureml tail"],
  ["substring", "azureml://registries/evil/registries/azureml/models/Phi-4", "second registries segment"],
  ["substring", "azureml://registries/evil/azureml://registries/azureml/models/Phi-4", "a whole trusted URI after an evil one"],
  ["substring", "azureml://registries/evil/models/x?azureml://registries/azureml/", "trusted URI in a query string"],
  ["substring", "azureml://registries/evil/models/x#/registries/azureml/", "trusted path in a fragment"],
  ["substring", "azureml://registries/evil-azureml/models/Phi-4", "trusted name as a suffix"],
  ["substring", "azureml://registries/evilazureml/models/Phi-4", "trusted name glued as a suffix"],
  ["substring", "evil://azureml://registries/azureml/models/Phi-4", "trusted URI behind another scheme"],
  ["substring", "https://evil.example/azureml://registries/azureml/models/Phi-4", "trusted URI inside an https URL"],
  ["substring", `${R}/evil/models/azureml/versions/1`, "ARM: trusted name as the model"],
  ["substring", `${R}/evil/models/Phi-4/versions/1/registries/azureml`, "ARM: trusted registry appended"],
  ["substring", `${W}/models/Phi-4/versions/1/registries/azureml/models/Phi-4`, "workspace ARM id with a registry tail"],
  ["substring", `${ARM_PREFIX}/workspaces/azureml/models/Phi-4/versions/1`, "workspace named like a trusted registry"],
  ["substring", "azureml://locations/azureml/workspaces/azureml/models/Phi-4", "location and workspace named azureml"],
  ["substring", "azureml:azureml:1", "workspace model named azureml"],
  ["substring", "azureml://registries/azureml@evil/models/Phi-4", "userinfo-style @ in the registry"],
  ["substring", "azureml://evil@registries/azureml/models/Phi-4", "userinfo-style @ before the path"],
  ["substring", "azureml://registries/azureml:443/models/Phi-4", "port-style : in the registry"],

  // Missing pieces.
  ["missing-pieces", "azureml://", "scheme only"],
  ["missing-pieces", "azureml:", "short scheme only"],
  ["missing-pieces", "azureml://registries", "no registry"],
  ["missing-pieces", "azureml://registries/", "empty registry"],
  ["missing-pieces", "azureml://registries/azureml", "no models segment"],
  ["missing-pieces", "azureml://registries/azureml/", "no models segment, trailing slash"],
  ["missing-pieces", "azureml://registries/azureml/models", "no model"],
  ["missing-pieces", "azureml://registries/azureml/models/", "empty model"],
  ["missing-pieces", "azureml://registries//models/Phi-4", "empty registry segment"],
  ["missing-pieces", "azureml://registries/azureml/models//versions/1", "empty model segment"],
  ["missing-pieces", "azureml://registries/azureml/models/Phi-4/versions", "versions without a version"],
  ["missing-pieces", "azureml://registries/azureml/models/Phi-4/versions/", "empty version"],
  ["missing-pieces", "azureml://registries/azureml/models/Phi-4/labels", "labels without a label"],
  ["missing-pieces", "azureml://registries/azureml/models/Phi-4/labels/", "empty label"],
  ["missing-pieces", "azureml://registries/azureml/Phi-4", "models segment missing"],
  ["missing-pieces", "azureml://registries/azureml/models/Phi-4/version/1", "version (singular)"],
  ["missing-pieces", "azureml://registries/azureml/model/Phi-4", "model (singular)"],
  ["missing-pieces", "azureml://registry/azureml/models/Phi-4", "registry (singular)"],
  ["missing-pieces", "azureml://registries/azureml/environments/sklearn-1.5/labels/latest", "an environment, not a model"],
  [
    "missing-pieces",
    "azureml://registries/azure-huggingface/deploymenttemplates/qwen--qwen3-32b--40k-nvidia-h100/labels/latest",
    "a deployment template, not a model",
  ],
  ["missing-pieces", "azureml://models/Phi-4/versions/1", "SDK form without a registry"],
  ["missing-pieces", "azureml://locations/westeurope/workspaces//models/fraud", "empty workspace"],
  ["missing-pieces", "azureml://locations//workspaces/ws/models/fraud", "empty location"],
  ["missing-pieces", `azureml://subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/workspaces/ws-prod/models`, "asset id without a model"],
  ["missing-pieces", `azureml://subscriptions/${ATTACK_SUBSCRIPTION}/workspaces/ws-prod/models/fraud`, "asset id without a resource group"],

  // Labels and versions.
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/latest", "the word latest as a version"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/labels/default", "label default"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/.1", "version starting with a dot"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/-1", "negative-looking version"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/1/versions/2", "two versions"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/1/labels/latest", "version and label"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/labels/latest/versions/1", "label and version"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/versions/*", "wildcard version"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4:1", "data-plane name:version form"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4@latest", "name@label inside a URI"],
  ["labels-versions", `${R}/azureml/models/Phi-4/labels/latest`, "ARM id with a label (not an ARM form)"],
  ["labels-versions", "azureml://registries/azureml/models/Phi-4/tags/latest", "unknown pin kind"],

  // ARM ids.
  ["arm", "/subscriptions/", "subscriptions only"],
  ["arm", `/subscriptions/${ATTACK_SUBSCRIPTION}`, "a subscription, not a model"],
  ["arm", `${ARM_PREFIX}/registries/azureml`, "a registry, not a model"],
  ["arm", `${ARM_PREFIX}/workspaces/ws-prod`, "a workspace, not a model"],
  [
    "arm",
    `/SUBSCRIPTIONS/${ATTACK_SUBSCRIPTION}/RESOURCEGROUPS/RG-ML/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/REGISTRIES/AZUREML/MODELS/PHI-4/VERSIONS/7`,
    "upper case",
  ],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourcegroups/rg-ml/providers/microsoft.machinelearningservices/registries/azureml/models/phi-4`,
    "lower case",
  ],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearning/registries/azureml/models/Phi-4`,
    "wrong provider (classic ML)",
  ],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServicesX/registries/azureml/models/Phi-4`,
    "provider with a suffix",
  ],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.CognitiveServices/accounts/azureml/models/Phi-4`,
    "Cognitive Services account",
  ],
  ["arm", `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.Evil/registries/azureml/models/Phi-4`, "foreign provider"],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroup/rg-ml/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`,
    "resourceGroup (singular)",
  ],
  ["arm", `/subscriptions/${ATTACK_SUBSCRIPTION}/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`, "no resource group"],
  ["arm", `/subscriptions//resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`, "empty subscription"],
  ["arm", `${ARM_PREFIX}/registries/azureml/models/Phi-4/versions/7/extra`, "extra segment"],
  ["arm", `${ARM_PREFIX}/registries/azureml/models/Phi-4/versions/7/extra/segments`, "two extra segments"],
  ["arm", `${ARM_PREFIX}/registries/azureml/registries/evil/models/Phi-4`, "two registries segments"],
  ["arm", `${ARM_PREFIX}/registries/azureml/models/Phi-4/versions/7?api-version=2024-10-01`, "api-version query"],
  ["arm", `${ARM_PREFIX}/workspaces/ws-prod/onlineEndpoints/ep/deployments/blue`, "a deployment, not a model"],
  ["arm", `${ARM_PREFIX}/computes/azureml/models/Phi-4`, "unknown resource kind"],
  [
    "arm",
    `subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`,
    "no leading slash",
  ],
  [
    "arm",
    `//subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`,
    "double leading slash",
  ],
  ["arm", `${ARM_PREFIX}/registries/azureml/models/Phi-4:7`, "data-plane name:version in an ARM id"],
  ["arm", `${ARM_PREFIX}/registries/azureml/models/Phi-4/versions/7/`, "trailing slash"],
  [
    "arm",
    `/subscriptions/${ATTACK_SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws/models/m/versions/1/../../../../registries/evil`,
    "traversal out of a workspace",
  ],

  // Other schemes.
  ["scheme", "https://ml.azure.com/registries/azureml/models/Phi-4", "https URL"],
  ["scheme", "http://azureml/registries/azureml/models/Phi-4", "http URL"],
  ["scheme", "azureml://feeds/azureml/models/Phi-4/versions/1", "internal feeds URI"],
  ["scheme", "hf://meta-llama/Llama-3-8B", "Hugging Face URI"],
  ["scheme", "file:///tmp/model.bin", "local file"],
  ["scheme", "oci://registry.example/models/phi:4", "OCI artifact"],
  ["scheme", "data:application/octet-stream;base64,AAAA", "data URI"],
  ["scheme", "javascript:alert(1)", "script URI"],
  ["scheme", "AZUREML://REGISTRIES/AZUREML/MODELS/PHI-4", "upper-case scheme (legitimate)"],
  ["scheme", "Azureml://registries/azureml/models/Phi-4", "capitalised scheme (legitimate)"],
  ["scheme", "azureml:///registries/azureml/models/Phi-4", "three slashes"],
  ["scheme", "azureml:/registries/azureml/models/Phi-4", "one slash"],
  ["scheme", "azureml//registries/azureml/models/Phi-4", "no colon"],
  ["scheme", "azure-ml://registries/azureml/models/Phi-4", "azure-ml scheme"],
  ["scheme", "azuremlx://registries/azureml/models/Phi-4", "azuremlx scheme"],
  ["scheme", "ml://registries/azureml/models/Phi-4", "ml scheme"],
  ["scheme", "azureml%3A//registries/azureml/models/Phi-4", "encoded colon"],
  ["scheme", "//registries/azureml/models/Phi-4", "scheme-relative"],
  ["scheme", "registries/azureml/models/Phi-4", "no scheme"],
  ["scheme", "Phi-4", "bare model name"],
  ["scheme", "azureml", "bare scheme word"],

  // Short forms.
  ["short-form", "azureml:fraud", "no version"],
  ["short-form", "azureml:fraud:", "empty version"],
  ["short-form", "azureml::3", "empty name"],
  ["short-form", "azureml:fraud:3:4", "two versions"],
  ["short-form", "azureml:fraud@latest@x", "two labels"],
  ["short-form", "azureml:fraud:3@latest", "version and label"],
  ["short-form", "azureml:fraud@latest:3", "label and version"],
  ["short-form", "azureml:fraud/1:3", "slash in the name"],
  ["short-form", "azureml:.hidden:1", "hidden name"],
  ["short-form", "azureml:..:1", "dot-dot name"],
  ["short-form", "azureml:fraud:.1", "version starting with a dot"],
  ["short-form", "azureml:fraud@", "empty label"],
  ["short-form", "azureml:@latest", "label without a name"],
  ["short-form", "azureml:azureml://registries/azureml/models/Phi-4", "a URI behind the short scheme"],
  ["short-form", "azureml:registries/azureml/models/Phi-4", "a path behind the short scheme"],
  ["short-form", "AZUREML:FRAUD:3", "upper case (legitimate)"],
  ["short-form", "azureml:Phi-4:1", "registry model name as a workspace model"],
  ["short-form", "azureml:fraud:3 ", "trailing space"],

  // Hand-picked whitespace and unicode.
  ["empty", "", "empty string"],
  ["whitespace", " ", "one space"],
  ["whitespace", "\t\n", "tab and newline"],
  ["whitespace", "azureml://registries/azure ml/models/Phi-4", "space inside the registry"],
  ["whitespace", "azureml://registries/azureml/models/Phi 4", "space inside the model"],
  ["whitespace", "azureml://registries/azureml\t/models/Phi-4", "tab after the registry"],
  ["whitespace", "azureml://registries/azureml/models/Phi-4\u2028", "line separator U+2028"],
  ["whitespace", "azureml://registries/azureml/models/Phi-4\u3000", "ideographic space"],
  ["whitespace", "azureml://registries/azureml/models/Phi-4\u007f", "DEL"],
  ["whitespace", "azureml://registries/azureml/models/Phi-4\u001b[0m", "ANSI escape"],
  ["unicode", "azureml://registries/\u0430zureml/models/Phi-4", "Cyrillic a in the registry"],
  ["unicode", "azureml://registries/azur\u0435ml/models/Phi-4", "Cyrillic e in the registry"],
  ["unicode", "azureml://registries/azureml-m\u0435ta/models/Phi-4", "Cyrillic e in azureml-meta"],
  ["unicode", "azureml://registries/azureml/models/\u212Aosmos-2", "Kelvin sign K"],
  ["unicode", "azureml://registries/azureml/models/Ph\u0131-4", "dotless i in the model"],
  ["unicode", "azureml://registr\u0131es/azureml/models/Phi-4", "dotless i in the keyword"],
  ["unicode", "azureml://regi\u017Ftries/azureml/models/Phi-4", "long s in the keyword"],
  ["unicode", "\uff41\uff5a\uff55\uff52\uff45\uff4d\uff4c://registries/azureml/models/Phi-4", "fullwidth scheme"],
  ["unicode", "azureml://registries/\uff41\uff5a\uff55\uff52\uff45\uff4d\uff4c/models/Phi-4", "fullwidth registry"],
  ["unicode", "azureml://registries/azure\u200dml/models/Phi-4", "zero-width joiner in the registry"],
  ["unicode", "azureml://registries/azureml\u200b/models/Phi-4", "zero-width space after the registry"],
  ["unicode", "azureml://registries/azureml\u00ad/models/Phi-4", "soft hyphen"],
  ["unicode", "azureml://registries/azureml\u2010meta/models/Phi-4", "Unicode hyphen U+2010"],
  ["unicode", "azureml://registries/azureml\u2215models/Phi-4", "division slash U+2215"],
  ["unicode", "azureml://registries/azureml/models/Phi-4\u2044versions\u20441", "fraction slash U+2044"],
  ["unicode", "azureml://registries/azureml/models/Phi\u20124", "figure dash U+2012"],
  ["unicode", "azureml\uff1a//registries/azureml/models/Phi-4", "fullwidth colon"],
  ["unicode", "azureml://registries/azureml/models/Phi-4/versions/\u0661", "Arabic-Indic digit one"],
  ["unicode", "azureml://registries/azu\u0301reml/models/Phi-4", "combining acute accent"],
  ["unicode", "azureml://registries/azureml/models/Phi-4\ud800", "lone surrogate"],
  ["unicode", "azureml://registries/azureml/models/\ud83d\ude00", "emoji model"],
  ["percent-encoding", "azureml://registries/azureml%2Fmodels%2FPhi-4", "encoded slashes"],
  ["percent-encoding", "azureml://registries/azureml/models/%2e%2e/versions/1", "encoded dot-dot"],
  ["percent-encoding", "azureml://registries/%61zureml/models/Phi-4", "encoded letter in the registry"],
  ["percent-encoding", "azureml://registries/azureml-evil%2F..%2Fazureml/models/Phi-4", "encoded traversal"],
  ["percent-encoding", "azureml://registries/azureml/models/Phi-4%20", "encoded space"],
  ["dot-segments", "azureml://registries/./models/Phi-4", "dot registry"],
  ["dot-segments", "azureml://registries/../models/Phi-4", "dot-dot registry"],
  ["dot-segments", "azureml://registries/.hidden/models/Phi-4", "hidden registry"],
  ["dot-segments", "azureml://registries/azureml/models/.", "dot model"],
  ["dot-segments", "azureml://registries/azureml/models/..", "dot-dot model"],
  ["dot-segments", "azureml://registries/azureml/models/.hidden", "hidden model"],
  ["dot-segments", "azureml://registries/azureml/models/Phi-4/versions/..", "dot-dot version"],
  ["dot-segments", "azureml://registries/azureml/models/Phi-4/labels/.", "dot label"],
  ["dot-segments", "azureml://registries/azureml-evil/../azureml/models/Phi-4", "traversal into a trusted registry"],
  ["dot-segments", "azureml://registries/azureml-evil/models/../../azureml/models/Phi-4", "longer traversal"],
  ["dot-segments", `${ARM_PREFIX}/registries/../registries/azureml/models/Phi-4`, "ARM traversal"],
  ["slashes", "azureml://registries/azureml/models/Phi-4//versions/1", "double slash before versions"],
  ["slashes", "azureml:////registries/azureml/models/Phi-4", "many slashes"],
  ["slashes", "azureml://registries/azureml//models/Phi-4", "double slash after the registry"],
  ["slashes", "azureml:\\\\registries\\azureml\\models\\Phi-4", "backslashes"],
];

// ---------------------------------------------------------------------------------------------
// Assembly

function build(): AttackerId[] {
  const out: AttackerId[] = [];
  const seen = new Set<string>();
  const add = (id: string, note: string, category: AttackCategory): void => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ id, note, category });
  };
  for (const b of BASES) add(b.id, `base: ${b.note}`, "legit");
  for (const b of BASES) {
    for (const m of MUTATIONS) {
      const id = m.apply(b.id);
      if (id !== b.id) add(id, `${b.note}; ${m.name}`, m.category);
    }
  }
  for (const r of LOOKALIKE_REGISTRIES) {
    for (const t of REGISTRY_TEMPLATES) add(t.make(r), `look-alike registry '${r}' (${t.form})`, "prefix-confusion");
  }
  for (const t of BLOCKED_TARGETS) {
    for (const f of blockedForms(t)) add(f.id, `blocked ${t.registry}/${t.model}: ${f.note}`, "blocked-evasion");
  }
  for (const [category, id, note] of HAND_PICKED) add(id, note, category);
  return out;
}

/** The corpus: deterministic, duplicate-free, in a stable order. */
export const ATTACKER_IDS: readonly AttackerId[] = Object.freeze(build());

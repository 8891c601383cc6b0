/**
 * The allow/deny decision. This is the single function that decides for the pack and the CLI;
 * the Azure Policy renderer encodes the same rules with the same list keys (model-list.ts).
 */
import { ModelSource, Rule, WorkspaceModels } from "./enums";
import { ModelRef, nameKey, parseModelId, pinKey } from "./model-id";
import { ModelEntry, allowedModelKeys, blockedModelKeys } from "./model-list";

/** The normalised rule settings a decision needs (a subset of the effective governance config). */
export interface RuleSet {
  /** Lower-case registry names. */
  allowedRegistries: readonly string[];
  blockedModels: readonly ModelEntry[];
  allowedModels: readonly ModelEntry[];
  workspaceModels: WorkspaceModels;
}

/** What a deployment surface refers to. */
export type ModelReferenceInput =
  /** A model id string (or whatever value the resource holds where the id should be). */
  | { kind: "model-id"; modelId: unknown }
  /** A batch deployment's `DataPath`/`OutputPath` model: workspace data, never a registry model. */
  | { kind: "data-path"; path: string };

/** The verdict, its rule, and a reason a person can act on. */
export interface Decision {
  allowed: boolean;
  rule: Rule;
  reason: string;
  /** The parsed reference, when it parsed. */
  reference?: ModelRef;
}

/** A {@link RuleSet} with its lookups built once, for fast repeated decisions. */
export interface CompiledRules {
  readonly rules: RuleSet;
  readonly registries: ReadonlySet<string>;
  /** Block key → the entry that produced it (for the reason). */
  readonly blocked: ReadonlyMap<string, ModelEntry>;
  readonly allowed: ReadonlySet<string>;
  /** The reasons' previews of `allowedRegistries` and `allowedModels`, built once (not per denial). */
  readonly registriesPreview: string;
  readonly allowedModelsPreview: string;
}

/** Builds the lookups of a rule set. */
export function compileRules(rules: RuleSet): CompiledRules {
  const blocked = new Map<string, ModelEntry>();
  for (const entry of rules.blockedModels) {
    for (const key of blockedModelKeys([entry])) if (!blocked.has(key)) blocked.set(key, entry);
  }
  return {
    rules,
    registries: new Set(rules.allowedRegistries),
    blocked,
    allowed: new Set(allowedModelKeys(rules.allowedModels)),
    registriesPreview: preview(rules.allowedRegistries),
    allowedModelsPreview: preview(rules.allowedModels.map((e) => e.canonical)),
  };
}

const LIST_PREVIEW = 5;
function preview(items: readonly string[]): string {
  if (items.length === 0) return "(none)";
  const shown = items.slice(0, LIST_PREVIEW).join(", ");
  return items.length > LIST_PREVIEW ? `${shown}, … (${items.length} in all)` : shown;
}

/** A short description of a non-string value that cannot throw (no toString or toPrimitive calls). */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "(missing)";
  return typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" ? String(value) : `a ${typeof value}`;
}

function deny(rule: Rule, reason: string, reference?: ModelRef): Decision {
  return reference ? { allowed: false, rule, reason, reference } : { allowed: false, rule, reason };
}

/** Decides one reference against compiled rules. Pure; never throws. */
export function decide(compiled: CompiledRules, input: ModelReferenceInput): Decision {
  const { rules } = compiled;
  if (input.kind === "data-path") {
    const ref: ModelRef = { source: ModelSource.Workspace, model: input.path, canonical: input.path };
    return decideWorkspace(rules, ref, `batch model data path ${JSON.stringify(input.path)}`);
  }
  const parsed = parseModelId(input.modelId);
  if (!parsed.ok) {
    const shown = typeof input.modelId === "string" ? JSON.stringify(input.modelId) : describeValue(input.modelId);
    return deny(
      Rule.ModelReference,
      `Model reference ${shown} is not a recognised model id: ${parsed.problem}. Reference the model as azureml://registries/{registry}/models/{model}[/versions/{version}] (unrecognised references are denied so nothing slips through).`,
    );
  }
  const ref = parsed.ref;
  if (ref.source !== ModelSource.Registry || ref.registry === undefined) {
    return decideWorkspace(rules, ref, `model ${ref.canonical}`);
  }
  const r = ref.registry;
  const name = nameKey(r, ref.model);
  const pin = pinKey(r, ref.model, ref.version);
  const blockedBy = compiled.blocked.get(name) ?? compiled.blocked.get(pin);
  if (blockedBy) {
    const why =
      blockedBy.version === undefined
        ? "which blocks every version and label of that model"
        : ref.version === undefined
          ? `and ${ref.label !== undefined ? `the label '${ref.label}'` : "a reference without a version"} may resolve to the blocked version ${blockedBy.version}; pin another version`
          : "which blocks that version; pin another version";
    return deny(Rule.BlockedModels, `Model ${ref.canonical} is blocked by blockedModels entry ${blockedBy.canonical}, ${why}.`, ref);
  }
  if (!compiled.registries.has(r)) {
    return deny(
      Rule.TrustedRegistries,
      `Model ${ref.canonical} comes from registry '${r}', which is not in allowedRegistries (${compiled.registriesPreview}). Use a model from an allowed registry, or ask the platform team to trust '${r}'.`,
      ref,
    );
  }
  if (compiled.allowed.size > 0 && !compiled.allowed.has(name) && !compiled.allowed.has(pin)) {
    // Only when an approved entry pins versions of this very model does the missing version explain the denial.
    const pinnedPrefix = `${name}/versions/`;
    const versionHint =
      ref.version === undefined && [...compiled.allowed].some((k) => k.startsWith(pinnedPrefix))
        ? " Approved versions must be pinned with /versions/{version}."
        : "";
    return deny(
      Rule.ApprovedModels,
      `Model ${ref.canonical} is not covered by allowedModels (${compiled.allowedModelsPreview}).${versionHint} Ask the platform team to approve azureml://registries/${r}/models/${ref.model}${ref.version !== undefined ? `/versions/${ref.version}` : ""}.`,
      ref,
    );
  }
  return { allowed: true, rule: Rule.Allowed, reason: `Model ${ref.canonical} comes from trusted registry '${r}' and no rule objects.`, reference: ref };
}

function decideWorkspace(rules: RuleSet, ref: ModelRef, what: string): Decision {
  if (rules.workspaceModels === WorkspaceModels.Deny) {
    return deny(
      Rule.WorkspaceModels,
      `The ${what} does not come from a registry, and workspaceModels is Deny. Publish the model to an allowed registry (${preview(rules.allowedRegistries)}) and deploy it from there.`,
      ref,
    );
  }
  return { allowed: true, rule: Rule.Allowed, reason: `The ${what} does not come from a registry, and workspaceModels is Allow.`, reference: ref };
}

/** Convenience: parse-and-decide one model id against uncompiled rules. */
export function decideModelId(rules: RuleSet, modelId: unknown): Decision {
  return decide(compileRules(rules), { kind: "model-id", modelId });
}

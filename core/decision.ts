/**
 * The allow/deny decision. This is the single function that decides for the pack and the CLI;
 * the Azure Policy renderer encodes the same rules with the same list keys (model-list.ts).
 */
import { DENY_RULES, ModelSource, Rule, WorkspaceModels } from "./enums";
import {
  allowedCatalogKeys,
  blockedCatalogKeys,
  CatalogEntry,
  CatalogRef,
  CatalogReferenceInput,
  catalogNameKey,
  catalogPinKey,
  NO_AUTO_UPGRADE,
  parseCatalogReference,
} from "./catalog-model";
import { ModelRef, nameKey, parseModelId, pinKey } from "./model-id";
import { ModelEntry, allowedModelKeys, blockedModelKeys } from "./model-list";

/** The normalised rule settings a decision needs (a subset of the effective governance config). */
export interface RuleSet {
  /** Lower-case registry names. */
  allowedRegistries: readonly string[];
  blockedModels: readonly ModelEntry[];
  allowedModels: readonly ModelEntry[];
  workspaceModels: WorkspaceModels;
  /** Trusted catalog publishers (`allowedPublishers`, as written; compared case-insensitively); empty trusts none. */
  allowedPublishers: readonly string[];
  /** Catalog entries of `blockedModels`. */
  blockedCatalogModels: readonly CatalogEntry[];
  /** Catalog entries of `allowedModels`. */
  allowedCatalogModels: readonly CatalogEntry[];
}

/** What a deployment surface refers to. */
export type ModelReferenceInput =
  /** A model id string (or whatever value the resource holds where the id should be). */
  | { kind: "model-id"; modelId: unknown }
  /** A batch deployment's `DataPath`/`OutputPath` model: workspace data, never a registry model. */
  | { kind: "data-path"; path: string }
  /**
   * A catalog model `{format, name, version}`. `source`, when the deployment also names an Azure
   * ML asset id, is decided too, and the stricter verdict wins.
   */
  | { kind: "catalog"; model: CatalogReferenceInput; source?: unknown }
  /** A field that decides which reference the deployment holds could not be read (denied). */
  | { kind: "unreadable"; problem: string };

/** The verdict, its rule, and a reason a person can act on. */
export interface Decision {
  allowed: boolean;
  rule: Rule;
  reason: string;
  /** The parsed reference, when it parsed. */
  reference?: ModelRef;
  /** The parsed catalog model, for catalog references that parsed. */
  catalog?: CatalogRef;
}

/** A {@link RuleSet} with its lookups built once, for fast repeated decisions. */
export interface CompiledRules {
  readonly rules: RuleSet;
  readonly registries: ReadonlySet<string>;
  /** Block key → the entry that produced it (for the reason). */
  readonly blocked: ReadonlyMap<string, ModelEntry>;
  readonly allowed: ReadonlySet<string>;
  readonly publishers: ReadonlySet<string>;
  /** Catalog block key → the entry that produced it. */
  readonly blockedCatalog: ReadonlyMap<string, CatalogEntry>;
  /** Whether `allowedModels` is non-empty (an approval list restricts registry and catalog models alike). */
  readonly approvalList: boolean;
  readonly publishersPreview: string;
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
  const blockedCatalog = new Map<string, CatalogEntry>();
  for (const entry of rules.blockedCatalogModels) {
    for (const key of blockedCatalogKeys([entry])) if (!blockedCatalog.has(key)) blockedCatalog.set(key, entry);
  }
  return {
    rules,
    registries: new Set(rules.allowedRegistries),
    blocked,
    allowed: new Set([...allowedModelKeys(rules.allowedModels), ...allowedCatalogKeys(rules.allowedCatalogModels)]),
    publishers: new Set(rules.allowedPublishers.map((p) => p.toLowerCase())),
    blockedCatalog,
    approvalList: rules.allowedModels.length + rules.allowedCatalogModels.length > 0,
    publishersPreview: preview(rules.allowedPublishers),
    registriesPreview: preview(rules.allowedRegistries),
    allowedModelsPreview: preview([...rules.allowedModels.map((e) => e.canonical), ...rules.allowedCatalogModels.map((e) => e.canonical)]),
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
  if (input.kind === "catalog") return decideCatalogDeployment(compiled, input.model, input.source);
  if (input.kind === "unreadable")
    return deny(Rule.ModelReference, `The deployment cannot be read: ${input.problem} (unreadable deployments are denied so nothing slips through).`);
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
  if (compiled.approvalList && !compiled.allowed.has(name) && !compiled.allowed.has(pin)) {
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

// ---------------------------------------------------------------------------------------------
// Catalog models

/** The position of a rule in the evaluation order (Allowed last). */
const order = (d: Decision): number => (d.allowed ? DENY_RULES.length : DENY_RULES.indexOf(d.rule));

/** A catalog deployment, with its registry `source` when it has one: the stricter verdict (earlier rule) wins. */
function decideCatalogDeployment(compiled: CompiledRules, model: CatalogReferenceInput, source: unknown): Decision {
  const catalog = decideCatalog(compiled, model);
  if (source === undefined) return catalog;
  const registry = decide(compiled, { kind: "model-id", modelId: source });
  if (!catalog.allowed || !registry.allowed) return order(registry) < order(catalog) ? registry : catalog;
  const both: Decision = { allowed: true, rule: Rule.Allowed, reason: `${catalog.reason} Its source: ${registry.reason}` };
  if (registry.reference) both.reference = registry.reference;
  if (catalog.catalog) both.catalog = catalog.catalog;
  return both;
}

/** Decides a catalog model: model-reference → blocked-models → trusted-publishers → approved-models → allowed. */
export function decideCatalog(compiled: CompiledRules, input: CatalogReferenceInput): Decision {
  const parsed = parseCatalogReference(input);
  if (!parsed.ok) {
    return deny(
      Rule.ModelReference,
      `The catalog model cannot be read: ${parsed.problem}. Name the model with model.format (its publisher, e.g. OpenAI), model.name and model.version as the Foundry catalogue writes them (unreadable models are denied so nothing slips through).`,
    );
  }
  const ref = parsed.ref;
  const catalogDeny = (rule: Rule, reason: string): Decision => ({ allowed: false, rule, reason, catalog: ref });
  const held = ref.pinned ? ref.version : undefined;
  const unpinnedWhy =
    ref.version === undefined
      ? "the deployment names no version"
      : `versionUpgradeOption is not ${NO_AUTO_UPGRADE}, so Azure may move the deployment to another version`;
  for (const p of ref.publishers) {
    const blockedBy = compiled.blockedCatalog.get(catalogNameKey(p, ref.name)) ?? compiled.blockedCatalog.get(catalogPinKey(p, ref.name, held));
    if (blockedBy) {
      const why =
        blockedBy.version === undefined
          ? "which blocks every version of that model"
          : held === undefined
            ? `and ${unpinnedWhy}, which may be the blocked version ${blockedBy.version}; name another version with versionUpgradeOption ${NO_AUTO_UPGRADE}`
            : "which blocks that version; deploy another version";
      return catalogDeny(Rule.BlockedModels, `Catalog model ${ref.display} is blocked by blockedModels entry ${blockedBy.canonical}, ${why}.`);
    }
  }
  for (const p of ref.publishers) {
    if (!compiled.publishers.has(p.toLowerCase())) {
      const none = compiled.publishers.size === 0 ? " allowedPublishers is empty, so every catalog model is denied." : "";
      return catalogDeny(
        Rule.TrustedPublishers,
        `Catalog model ${ref.display} is published by '${p}', which is not in allowedPublishers (${compiled.publishersPreview}).${none} Use a model from a trusted publisher, or ask the platform team to trust '${p}'.`,
      );
    }
  }
  if (compiled.approvalList) {
    for (const p of ref.publishers) {
      if (!compiled.allowed.has(catalogNameKey(p, ref.name)) && !compiled.allowed.has(catalogPinKey(p, ref.name, held))) {
        const hint =
          held === undefined ? ` Approved versions only count when held: ${unpinnedWhy}; set model.version and versionUpgradeOption ${NO_AUTO_UPGRADE}.` : "";
        return catalogDeny(
          Rule.ApprovedModels,
          `Catalog model ${ref.display} is not covered by allowedModels (${compiled.allowedModelsPreview}).${hint} Ask the platform team to approve ${p}/${ref.name}${ref.version !== undefined ? `/versions/${ref.version}` : ""}.`,
        );
      }
    }
  }
  return {
    allowed: true,
    rule: Rule.Allowed,
    reason: `Catalog model ${ref.display} comes from trusted publisher '${ref.publishers.join("' and '")}' and no rule objects.`,
    catalog: ref,
  };
}

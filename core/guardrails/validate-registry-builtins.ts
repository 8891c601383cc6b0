/**
 * The data-plane registry built-ins (`registryBuiltins`): their parameters derived from the model
 * rules where not given, and every way a given or derived value would disagree with those rules.
 */
import type { ConfigIssue } from "../config/issues";
import type { EffectiveRules } from "../config/effective-rules";
import { Effect, Rule } from "../enums";
import { parseModelId } from "../model-id";
import { anchored, REGISTRY_NAME_PATTERN, REGISTRY_NAME_RULE } from "../patterns";
import type { GuardrailDefinition } from "./catalogue";
import type { BaselineContext } from "./effective";
import { BASELINE_LIMITS } from "./schema";
import { GuardrailEffect } from "./types";
import { definitionLabel, fieldOf } from "./validate-helpers";

const REGISTRY_NAME = anchored(REGISTRY_NAME_PATTERN);

/** One registry built-in being checked: its definition and effect, its parameters (completed here), and where problems go. */
export interface BuiltinCheck {
  def: GuardrailDefinition;
  effect: GuardrailEffect;
  params: Record<string, unknown>;
  ctx: BaselineContext;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const TRUSTED_REGISTRIES_FIX = `remove registryBuiltins.allowedRegistry and rely on this component's ${Rule.TrustedRegistries} rule (a custom definition that takes up to 100 registries), or trust a single registry`;

/** `registryBuiltins.allowedRegistry` (19539b54): its one registry, given or derived from allowedRegistries. */
export function deriveAllowedRegistry({ def, effect, params, ctx, errors, warnings }: BuiltinCheck): void {
  const registries = ctx.rules.allowedRegistries;
  const field = fieldOf(def, ".parameters.allowedRegistryName");
  const deny = effect === GuardrailEffect.Deny;
  if (typeof params.allowedRegistryName === "string") {
    const name = params.allowedRegistryName.trim();
    params.allowedRegistryName = name;
    if (name === "") {
      warnings.push({
        field,
        value: "",
        message: `is empty: ${definitionLabel(def)} then denies every registry model (its pattern becomes azureml://registries//*)`,
        fix: "name the one registry whose models may be deployed, or remove registryBuiltins.allowedRegistry",
      });
      return;
    }
    if (!REGISTRY_NAME.test(name)) {
      errors.push({ field, value: name, message: `is not a registry name (${REGISTRY_NAME_RULE})`, fix: "write the registry name, e.g. azureml" });
      return;
    }
    if (!deny || ctx.rules.effect === Effect.Disabled) return;
    const lower = name.toLowerCase();
    if (!registries.includes(lower)) {
      errors.push({
        field,
        value: name,
        message: `is not in allowedRegistries (${registries.join(", ")}): the ${Rule.TrustedRegistries} rule denies its models and ${definitionLabel(def)} denies every other registry, so no registry model could be deployed`,
        fix: `add '${lower}' to allowedRegistries or name a trusted registry`,
      });
      return;
    }
    const others = registries.filter((r) => r !== lower);
    if (others.length > 0) {
      errors.push({
        field,
        value: name,
        message: `allows only '${name}', but allowedRegistries also trusts ${others.join(", ")}: ${definitionLabel(def)} allows one registry per assignment and would deny their models (several Deny assignments of it would block each other's registries)`,
        fix: TRUSTED_REGISTRIES_FIX,
      });
    }
    return;
  }
  // Derived from allowedRegistries.
  if (registries.length === 1) {
    params.allowedRegistryName = registries[0];
    return;
  }
  if (!deny) {
    params.allowedRegistryName = "";
    return;
  }
  errors.push({
    field: fieldOf(def),
    value: registries,
    message: `cannot be derived: allowedRegistries lists ${registries.length} registries, but ${definitionLabel(def)} allows a single registry per assignment (allowedRegistryName is a String). Several Deny assignments of it would each deny the others' registries, so every registry model would be blocked`,
    fix: TRUSTED_REGISTRIES_FIX,
  });
}

/** `registryBuiltins.allowedRegistry` restrictedModels: given, or the versioned blockedModels entries. */
export function deriveRestrictedModels({ def, effect, params, ctx, errors, warnings }: BuiltinCheck): void {
  const field = fieldOf(def, ".parameters.restrictedModels");
  if (Array.isArray(params.restrictedModels)) {
    const list = params.restrictedModels as string[];
    if (list.length > BASELINE_LIMITS.restrictedModels) {
      errors.push({
        field,
        value: list.length,
        message: `has ${list.length} entries; at most ${BASELINE_LIMITS.restrictedModels} are supported`,
        fix: "shorten the list",
      });
    }
    list.forEach((entry, i) => {
      const parsed = parseModelId(entry);
      if (!parsed.ok)
        errors.push({
          field: `${field}[${i}]`,
          value: entry,
          message: `is not a model asset id: ${parsed.problem}`,
          fix: "write the exact asset id, e.g. azureml://registries/{registry}/models/{model}/versions/{version}",
        });
      else if (parsed.ref.version === undefined) {
        warnings.push({
          field: `${field}[${i}]`,
          value: entry,
          message: `pins no version: ${definitionLabel(def)} compares whole asset ids exactly, so this entry does not block a deployment of a version of the model`,
          fix: `list each version to block (…/versions/{v}); the custom ${Rule.BlockedModels} rule blocks every version of an entry without one`,
        });
      }
    });
    return;
  }
  params.restrictedModels = ctx.rules.blockedModels.filter((e) => e.version !== undefined).map((e) => e.written ?? e.canonical);
  const unversioned = ctx.rules.blockedModels.filter((e) => e.version === undefined);
  if (unversioned.length > 0 && effect !== GuardrailEffect.Disabled) {
    warnings.push({
      field,
      value: unversioned.map((e) => e.canonical),
      message: `leaves out ${unversioned.length} blockedModels entr${unversioned.length === 1 ? "y" : "ies"} without a version: ${definitionLabel(def)} compares exact asset ids, so an entry can only block one version there`,
      fix: `nothing to do: the custom ${Rule.BlockedModels} rule still blocks every version; list versions in parameters.restrictedModels to block them in the data plane too`,
    });
  }
}

/**
 * aafe3651's publishers from the config, as written: the trusted publishers, unless an approval
 * list names catalog models (the built-in admits every model of a listed publisher, so passing
 * them would admit unapproved models in the data plane; the custom approved-models rule decides).
 * 12e5dd16 governs Azure ML deployments, where publishers are not trusted by this config: [].
 */
function derivePublishers(def: GuardrailDefinition, rules: EffectiveRules, warnings: ConfigIssue[]): string[] {
  if (def.key !== "cognitiveServicesApprovedModels") return [];
  if (rules.allowedCatalogModels.length === 0) return [...rules.allowedPublishers];
  warnings.push({
    field: fieldOf(def, ".parameters.allowedPublishers"),
    value: rules.allowedCatalogModels.map((e) => e.canonical),
    message: `is derived empty: allowedModels names catalog models, and ${definitionLabel(def)} would admit every model of a listed publisher; it matches catalog models by asset id only, and Microsoft publishes no format/name → asset id mapping`,
    fix: `list the asset ids of the approved catalog models in parameters.allowedAssetIds, or leave the data-plane check to the custom ${Rule.ApprovedModels} rule`,
  });
  return [];
}

/** Asset ids for 12e5dd16 / aafe3651 from the rule config (substring entries, so each is bounded). */
export function deriveAllowedAssetIds(rules: EffectiveRules): string[] {
  if (rules.allowedModels.length > 0) {
    // An unversioned entry ends in `/` so that `…/models/Phi-4/` never admits `…/models/Phi-4-mini/…`.
    return rules.allowedModels.map((e) => (e.version === undefined ? `${e.written ?? e.canonical}/` : (e.written ?? e.canonical)));
  }
  return rules.allowedRegistries.map((r) => `azureml://registries/${r}/`);
}

/** `approvedRegistryModels` / `cognitiveServicesApprovedModels`: asset ids (given or derived) and publishers. */
export function deriveApprovedModels({ def, effect, params, ctx, errors, warnings }: BuiltinCheck): void {
  const field = fieldOf(def, ".parameters.allowedAssetIds");
  if (!Array.isArray(params.allowedAssetIds)) {
    params.allowedAssetIds = deriveAllowedAssetIds(ctx.rules);
    const n = (params.allowedAssetIds as string[]).length;
    if (n > BASELINE_LIMITS.allowedAssetIds) {
      errors.push({
        field,
        value: n,
        message: `would be derived with ${n} entries from ${ctx.rules.allowedModels.length > 0 ? "allowedModels" : "allowedRegistries"}, but ${definitionLabel(def)} checks it with a value count, which stops at ${BASELINE_LIMITS.allowedAssetIds}`,
        fix: `set parameters.allowedAssetIds to at most ${BASELINE_LIMITS.allowedAssetIds} prefixes (e.g. azureml://registries/{registry}/)`,
      });
    }
  } else if ((params.allowedAssetIds as unknown[]).length > BASELINE_LIMITS.allowedAssetIds) {
    errors.push({
      field,
      value: (params.allowedAssetIds as unknown[]).length,
      message: `has more than ${BASELINE_LIMITS.allowedAssetIds} entries: ${definitionLabel(def)} checks it with a value count, which stops at ${BASELINE_LIMITS.allowedAssetIds}`,
      fix: "use shorter prefixes (e.g. azureml://registries/{registry}/) to cover several models with one entry",
    });
  }
  const publishersGiven = Array.isArray(params.allowedPublishers);
  if (!publishersGiven) params.allowedPublishers = derivePublishers(def, ctx.rules, warnings);
  const publishers = params.allowedPublishers as string[];
  if (publishers.length > BASELINE_LIMITS.allowedPublishers) {
    errors.push({
      field: fieldOf(def, ".parameters.allowedPublishers"),
      value: publishers.length,
      message: `has more than ${BASELINE_LIMITS.allowedPublishers} entries`,
      fix: "shorten the list",
    });
  }
  // Derived publishers are the trusted ones: the custom trusted-publishers rule already admits all their models.
  if (publishers.length > 0 && effect !== GuardrailEffect.Disabled && publishersGiven) {
    warnings.push({
      field: fieldOf(def, ".parameters.allowedPublishers"),
      value: publishers,
      message: `admits every model of a listed publisher, whatever allowedAssetIds says (${definitionLabel(def)} allows a publisher OR an asset id)`,
      fix: "list publishers only when all their models are acceptable",
    });
  }
  if (ctx.rules.blockedModels.length > 0 && effect !== GuardrailEffect.Disabled) {
    warnings.push({
      field: fieldOf(def),
      value: ctx.rules.blockedModels.map((e) => e.canonical),
      message: `does not express blockedModels: ${definitionLabel(def)} has allow lists only, and an allowedAssetIds prefix admits the blocked models of its registry`,
      fix: `nothing to do: the custom ${Rule.BlockedModels} rule still blocks them`,
    });
  }
}

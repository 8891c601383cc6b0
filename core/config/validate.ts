/**
 * Validation and normalisation of the governance config. Every problem is reported at once,
 * each naming the field, the bad value and the fix; nothing downstream runs on an invalid config.
 */
import type { default as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import { Effect, EnforcementMode, Rule, WorkspaceModels } from "../enums";
import { compileRules } from "../decision";
import { nameKey, pinKey } from "../model-id";
import { REGISTRY_NAME_RULE } from "../patterns";
import { ModelEntry, parseModelEntry } from "../model-list";
import { CatalogEntry, catalogFieldProblem, catalogNameKey, catalogPinKey, looksLikeCatalogEntry, parseCatalogEntry } from "../catalog-model";
import { holdingScope, ParsedScope, parseScope, scopeContains, ScopeKind } from "../scope";
import { CONFIG_KEYS, governanceConfigSchema, LIMITS, policyPackConfigSchema, RULE_KEYS } from "./schema";
import { ConfigIssue, GovernanceConfigError, ValidationResult } from "./issues";
import type { EffectiveRules } from "./effective-rules";
import { BASELINE_FIXES, EffectiveBaseline, refineBaselineIssue, validateBaseline } from "../guardrails/validate";
import { BASELINE_KEYS } from "../guardrails/schema";
import { CONTROL_FIXES, normaliseDeploymentControls } from "../deployment-controls/config";
import { EffectivePulumiCloud, PULUMI_CLOUD_FIXES, validatePulumiCloud } from "./pulumi-cloud";

export { ConfigIssue, formatIssues, GovernanceConfigError, ValidationResult } from "./issues";
export type { EffectiveRules } from "./effective-rules";
export type { GovernanceConfig } from "./config-types.generated";

/** The whole config after validation and normalisation. */
export interface EffectiveConfig extends EffectiveRules {
  /** Every assignment scope, canonical, primary first. */
  scopes: ParsedScope[];
  definitionScope: ParsedScope;
  enforcementMode: EnforcementMode;
  notScopes: string[];
  nonComplianceMessage?: string;
  owner?: string;
  /** The governance baseline, when any of its keys is set (guardrails, registry built-ins, exemptions, monitoring). */
  baseline?: EffectiveBaseline;
  /** The Pulumi Cloud enforcement, when `pulumiCloud` is set. */
  pulumiCloud?: EffectivePulumiCloud;
}

/** Options of {@link validateGovernanceConfig}. */
export interface ValidationOptions {
  /** The current time, for exemption expiry checks (default: now). */
  now?: Date;
}

const FIXES: Record<string, string> = {
  scope: "set scope to /subscriptions/{id}, /subscriptions/{id}/resourceGroups/{name} or /providers/Microsoft.Management/managementGroups/{id}",
  additionalScopes: "list scope ids like /subscriptions/{id}/resourceGroups/{name}",
  definitionScope: "set definitionScope to /subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id}",
  allowedRegistries: 'list registry names such as ["azureml", "azureml-meta"] (or azureml://registries/{name}/)',
  effect: `use one of ${Object.values(Effect).join(", ")}`,
  allowedPublishers: 'list catalog publishers as Azure writes them, such as ["OpenAI", "Microsoft", "Mistral AI"]',
  blockedModels: "list entries like azureml://registries/{registry}/models/{model}[/versions/{version}] or {publisher}/{model}[/versions/{version}]",
  allowedModels: "list entries like azureml://registries/{registry}/models/{model}[/versions/{version}] or {publisher}/{model}[/versions/{version}]",
  workspaceModels: `use one of ${Object.values(WorkspaceModels).join(", ")}`,
  enforcementMode: `use one of ${Object.values(EnforcementMode).join(", ")}`,
  notScopes: "list resource ids such as /subscriptions/{id}/resourceGroups/{name}",
  nonComplianceMessage: `write a message of at most ${LIMITS.nonComplianceMessage} characters`,
  owner: `name the owning team in at most ${LIMITS.owner} characters`,
  ...BASELINE_FIXES,
  ...CONTROL_FIXES,
  ...PULUMI_CLOUD_FIXES,
};

// ajv is loaded and each schema compiled on first use, separately: the policy pack and `check`
// need only the rule schema, and loading ajv at import time would slow every pack start-up.
let ajv: AjvClass | undefined;
let fullValidator: ValidateFunction | undefined;
let ruleValidator: ValidateFunction | undefined;
function compile(schema: Record<string, unknown>): ValidateFunction {
  if (!ajv) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require("ajv") as { default: typeof AjvClass }).default;
    ajv = new Ajv({ allErrors: true, strict: true });
  }
  return ajv.compile(schema);
}
function fullConfigValidator(): ValidateFunction {
  return (fullValidator ??= compile(governanceConfigSchema));
}
function ruleConfigValidator(): ValidateFunction {
  return (ruleValidator ??= compile({ type: "object", additionalProperties: false, ...policyPackConfigSchema }));
}

function fieldOf(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("")
    .replace(/^\./, "");
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v: unknown = root;
  for (const seg of instancePath.split("/").slice(1)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

/** Levenshtein distance, for "did you mean" suggestions (also the CLI's, for mistyped flags). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The property names the schema allows at an ajv `schemaPath` (`#/properties/guardrails/additionalProperties`). */
function schemaKeysAt(schemaPath: string): string[] {
  let node: unknown = governanceConfigSchema;
  for (const seg of schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) {
    if (node === null || typeof node !== "object") return [];
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  const props = node !== null && typeof node === "object" ? (node as { properties?: Record<string, unknown> }).properties : undefined;
  return props ? Object.keys(props) : [];
}

function schemaIssues(e: ErrorObject, root: unknown, knownKeys: readonly string[]): ConfigIssue[] {
  const top = fieldOf(e.instancePath).split(/[.[]/)[0];
  // A field the schema requires inside a baseline key (an exemption's reason, a required built-in
  // parameter) is reported by the baseline checks, with why it is needed: once, not twice.
  if (e.keyword === "required" && e.instancePath !== "" && BASELINE_KEYS.includes(top)) return [];
  const issue = schemaIssueOf(e, root, knownKeys);
  return [BASELINE_KEYS.includes(issue.field.split(/[.[]/)[0]) ? refineBaselineIssue(issue) : issue];
}

function schemaIssueOf(e: ErrorObject, root: unknown, knownKeys: readonly string[]): ConfigIssue {
  const top = fieldOf(e.instancePath).split(/[.[]/)[0];
  const nested = e.instancePath !== "";
  if (e.keyword === "required") {
    const missing = String((e.params as { missingProperty: string }).missingProperty);
    const field = nested ? `${fieldOf(e.instancePath)}.${missing}` : missing;
    return { field, value: undefined, message: "is required", fix: FIXES[nested ? top : missing] ?? `set ${missing}` };
  }
  if (e.keyword === "additionalProperties" && nested) {
    // An unknown key inside an object setting: name its full path, and suggest among that object's keys.
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const known = schemaKeysAt(e.schemaPath);
    const parent = valueAt(root, e.instancePath) as Record<string, unknown> | undefined;
    const nearest = [...known].sort((x, y) => editDistance(extra.toLowerCase(), x.toLowerCase()) - editDistance(extra.toLowerCase(), y.toLowerCase()))[0];
    const close = nearest !== undefined && editDistance(extra.toLowerCase(), nearest.toLowerCase()) <= 3;
    return {
      field: `${fieldOf(e.instancePath)}.${extra}`,
      value: parent?.[extra],
      message: "is not a known setting",
      fix: close ? `did you mean ${nearest}?` : known.length > 0 ? `remove it; known settings here are ${known.join(", ")}` : (FIXES[top] ?? "remove it"),
    };
  }
  if (e.keyword === "additionalProperties") {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const nearest = [...knownKeys].sort((x, y) => editDistance(extra.toLowerCase(), x.toLowerCase()) - editDistance(extra.toLowerCase(), y.toLowerCase()))[0];
    const close = nearest !== undefined && editDistance(extra.toLowerCase(), nearest.toLowerCase()) <= 3;
    return {
      field: extra,
      value: (root as Record<string, unknown>)[extra],
      message: "is not a known setting",
      fix: close ? `did you mean ${nearest}?` : `remove it; known settings are ${knownKeys.join(", ")}`,
    };
  }
  const field = fieldOf(e.instancePath) || "(config)";
  const value = valueAt(root, e.instancePath);
  let message = e.message ?? "is invalid";
  if (e.keyword === "maxItems")
    message = `has ${Array.isArray(value) ? value.length : "too many"} entries; at most ${(e.params as { limit: number }).limit} are supported (Azure request-size limits)`;
  if (e.keyword === "pattern" && top === "allowedRegistries") message = `is not a registry name (${REGISTRY_NAME_RULE}) or azureml://registries/{name}/`;
  if (e.keyword === "minItems") message = `must list at least ${(e.params as { limit: number }).limit} entry`;
  if (e.keyword === "enum") message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")}`;
  return { field, value, message, fix: FIXES[top] ?? "see the config reference in README" };
}

/** Normalises one `allowedRegistries` entry to a lower-case name. */
export function normaliseRegistry(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const prefix = "azureml://registries/";
  return (lower.startsWith(prefix) ? lower.slice(prefix.length) : lower).replace(/\/$/, "");
}

function normaliseRules(input: Record<string, unknown>, errors: ConfigIssue[], warnings: ConfigIssue[]): EffectiveRules {
  const registries: string[] = [];
  const rawRegistries = Array.isArray(input.allowedRegistries) ? input.allowedRegistries : [];
  rawRegistries.forEach((raw, i) => {
    if (typeof raw !== "string") return;
    const name = normaliseRegistry(raw);
    if (registries.includes(name))
      warnings.push({ field: `allowedRegistries[${i}]`, value: raw, message: `repeats registry '${name}'`, fix: "remove the duplicate" });
    else registries.push(name);
  });

  const publishers = normalisePublishers(input, errors, warnings);

  // Where each canonical entry came from, for issues that name the field.
  const indexOf = new Map<string, number>();
  const parseList = (key: "blockedModels" | "allowedModels"): { registry: ModelEntry[]; catalog: CatalogEntry[] } => {
    const out: ModelEntry[] = [];
    const catalog: CatalogEntry[] = [];
    const seen = new Set<string>();
    const raw = Array.isArray(input[key]) ? (input[key] as unknown[]) : [];
    raw.forEach((item, i) => {
      if (typeof item !== "string" || item.length === 0 || item.length > LIMITS.modelEntryLength) return; // schema reports these
      const parsed = looksLikeCatalogEntry(item) ? parseCatalogEntry(item) : parseModelEntry(item);
      if (!parsed.ok) {
        errors.push({ field: `${key}[${i}]`, value: item, message: parsed.problem, fix: parsed.fix });
        return;
      }
      const e = parsed.entry;
      const dedupe = e.canonical.toLowerCase();
      if (seen.has(dedupe)) {
        warnings.push({ field: `${key}[${i}]`, value: item, message: `repeats ${e.canonical}`, fix: "remove the duplicate" });
        return;
      }
      seen.add(dedupe);
      if ("registry" in e) out.push(e);
      else catalog.push(e);
      if (key === "allowedModels") indexOf.set(dedupe, i);
    });
    return { registry: out, catalog };
  };

  const blocked = parseList("blockedModels");
  const allowed = parseList("allowedModels");
  const rules: EffectiveRules = {
    allowedRegistries: registries,
    blockedModels: blocked.registry,
    allowedModels: allowed.registry,
    allowedPublishers: publishers,
    blockedCatalogModels: blocked.catalog,
    allowedCatalogModels: allowed.catalog,
    workspaceModels: (input.workspaceModels as WorkspaceModels | undefined) ?? WorkspaceModels.Allow,
    effect: (input.effect as Effect | undefined) ?? Effect.Deny,
  };
  checkCatalogRules(input, rules, indexOf, errors, warnings);

  // An approved entry that the other rules always deny is a mistake worth stopping on. An entry
  // without a version stays useful unless the whole model is blocked (a blocked version leaves others).
  const compiled = compileRules({ ...rules, allowedModels: [], allowedCatalogModels: [] });
  rules.allowedModels.forEach((entry) => {
    const index = indexOf.get(entry.canonical.toLowerCase()) ?? 0;
    const issue = (message: string, fix: string) =>
      errors.push({ field: `allowedModels[${index}]`, value: (input.allowedModels as unknown[])[index], message, fix });
    const blockedBy =
      compiled.blocked.get(nameKey(entry.registry, entry.model)) ??
      (entry.version !== undefined ? compiled.blocked.get(pinKey(entry.registry, entry.model, entry.version)) : undefined);
    if (!compiled.registries.has(entry.registry)) {
      issue(
        `can never be deployed: registry '${entry.registry}' is not in allowedRegistries`,
        `add '${entry.registry}' to allowedRegistries or remove the entry`,
      );
    } else if (blockedBy) {
      issue(`can never be deployed: blockedModels entry ${blockedBy.canonical} blocks it`, "remove the entry or the blockedModels entry that blocks it");
    }
  });
  const controls = normaliseDeploymentControls(input, { allowedModels: rules.allowedModels }, errors, warnings);
  if (controls) rules.deploymentControls = controls;
  return rules;
}

/** Checks `allowedPublishers`: kept as written (the data-plane built-in receives them so), compared lower case, duplicates warned. */
function normalisePublishers(input: Record<string, unknown>, errors: ConfigIssue[], warnings: ConfigIssue[]): string[] {
  const publishers: string[] = [];
  const raw = Array.isArray(input.allowedPublishers) ? input.allowedPublishers : [];
  raw.forEach((item, i) => {
    if (typeof item !== "string" || item.length === 0) return; // schema reports these
    const problem = catalogFieldProblem("publisher", item);
    if (problem) {
      errors.push({ field: `allowedPublishers[${i}]`, value: item, message: `${problem}`, fix: FIXES.allowedPublishers });
      return;
    }
    if (publishers.some((p) => p.toLowerCase() === item.toLowerCase()))
      warnings.push({ field: `allowedPublishers[${i}]`, value: item, message: `repeats publisher '${item}'`, fix: "remove the duplicate" });
    else publishers.push(item);
  });
  return publishers;
}

/**
 * Catalog rules that always deny are stopped or warned about, so the platform team sees what the
 * config will refuse: an unset publisher list, approved catalog entries of untrusted publishers or
 * blocked models, and one approval list that names only one kind of model.
 */
function checkCatalogRules(
  input: Record<string, unknown>,
  rules: EffectiveRules,
  indexOf: Map<string, number>,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  if (rules.allowedPublishers.length === 0) {
    warnings.push({
      field: "allowedPublishers",
      value: input.allowedPublishers,
      message: `is not set, so no catalog publisher is trusted: every model deployment on an AI Services / Cognitive Services account (Microsoft.CognitiveServices/accounts/deployments) and every Foundry endpoint or connection deployment that names its model by format and name will be denied under ${Rule.TrustedPublishers}`,
      fix: FIXES.allowedPublishers,
    });
  }
  const blockedNames = new Set(rules.blockedCatalogModels.filter((e) => e.version === undefined).map((e) => catalogNameKey(e.publisher, e.name)));
  const blockedPins = new Set(rules.blockedCatalogModels.filter((e) => e.version !== undefined).map((e) => catalogPinKey(e.publisher, e.name, e.version)));
  for (const entry of rules.allowedCatalogModels) {
    const index = indexOf.get(entry.canonical.toLowerCase()) ?? 0;
    const issue = (message: string, fix: string) => errors.push({ field: `allowedModels[${index}]`, value: entry.canonical, message, fix });
    if (!rules.allowedPublishers.some((p) => p.toLowerCase() === entry.publisher.toLowerCase())) {
      issue(
        `can never be deployed: publisher '${entry.publisher}' is not in allowedPublishers`,
        `add '${entry.publisher}' to allowedPublishers or remove the entry`,
      );
    } else if (
      blockedNames.has(catalogNameKey(entry.publisher, entry.name)) ||
      (entry.version !== undefined && blockedPins.has(catalogPinKey(entry.publisher, entry.name, entry.version)))
    ) {
      issue("can never be deployed: a blockedModels entry blocks it", "remove the entry or the blockedModels entry that blocks it");
    }
  }
  // One approval list governs both kinds of model: say so when it names only one kind.
  if (rules.allowedModels.length > 0 && rules.allowedCatalogModels.length === 0) {
    warnings.push({
      field: "allowedModels",
      value: input.allowedModels,
      message: `names only registry models, so every catalog deployment (format/name/version on AI Services accounts and Foundry endpoint or connection deployments) is denied under ${Rule.ApprovedModels}`,
      fix: "add {publisher}/{model}[/versions/{version}] entries for the catalog models you approve",
    });
  } else if (rules.allowedCatalogModels.length > 0 && rules.allowedModels.length === 0) {
    warnings.push({
      field: "allowedModels",
      value: input.allowedModels,
      message: `names only catalog models, so every Azure ML registry model deployment is denied under ${Rule.ApprovedModels}`,
      fix: "add azureml://registries/{registry}/models/{model}[/versions/{version}] entries for the registry models you approve",
    });
  }
}

function checkScopes(input: Record<string, unknown>, errors: ConfigIssue[], warnings: ConfigIssue[]): { scopes: ParsedScope[]; definitionScope?: ParsedScope } {
  const scopes: ParsedScope[] = [];
  const add = (field: string, raw: unknown) => {
    if (typeof raw !== "string" || raw.length === 0) return;
    const parsed = parseScope(raw);
    if (!parsed.ok) errors.push({ field, value: raw, message: parsed.problem, fix: FIXES.scope });
    else if (scopes.some((s) => s.id.toLowerCase() === parsed.scope.id.toLowerCase()))
      warnings.push({ field, value: raw, message: "repeats a scope", fix: "remove the duplicate" });
    else scopes.push(parsed.scope);
  };
  add("scope", input.scope);
  (Array.isArray(input.additionalScopes) ? input.additionalScopes : []).forEach((raw, i) => add(`additionalScopes[${i}]`, raw));

  let definitionScope: ParsedScope | undefined =
    scopes.length > 0 && typeof input.scope === "string" && parseScope(input.scope).ok ? holdingScope(scopes[0]) : undefined;
  if (typeof input.definitionScope === "string") {
    const parsed = parseScope(input.definitionScope);
    if (!parsed.ok || parsed.scope.kind === ScopeKind.ResourceGroup) {
      errors.push({
        field: "definitionScope",
        value: input.definitionScope,
        message: parsed.ok ? "cannot be a resource group: definitions live at a subscription or management group" : parsed.problem,
        fix: FIXES.definitionScope,
      });
      definitionScope = undefined;
    } else definitionScope = parsed.scope;
  }
  const holder = definitionScope;
  if (holder)
    scopes.forEach((s, i) => {
      if (scopeContains(holder, s) === false) {
        errors.push({
          field: i === 0 ? "scope" : `additionalScopes[${i - 1}]`,
          value: s.id,
          message: `is outside the definition scope ${holder.id}, so it cannot be assigned definitions stored there`,
          fix: "set definitionScope to a management group that contains every scope, or use one component per subscription",
        });
      }
    });
  (Array.isArray(input.notScopes) ? input.notScopes : []).forEach((raw, i) => {
    if (typeof raw !== "string") return;
    if (!/^\/(subscriptions|providers\/Microsoft\.Management\/managementGroups)\/[^/]+/i.test(raw) || raw.includes("//") || raw.endsWith("/")) {
      errors.push({ field: `notScopes[${i}]`, value: raw, message: "is not a resource id", fix: FIXES.notScopes });
    }
  });
  return { scopes, definitionScope };
}

const isSettings = (input: unknown): input is Record<string, unknown> => input !== null && typeof input === "object" && !Array.isArray(input);

function notSettings(input: unknown, fix: string): { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  return { ok: false, errors: [{ field: "(config)", value: input, message: "must be an object of settings", fix }], warnings: [] };
}

/** The schema's problems with `obj`, as issues (the start of the error list every later check appends to). */
function schemaErrors(validate: ValidateFunction, obj: Record<string, unknown>, knownKeys: readonly string[]): ConfigIssue[] {
  return validate(obj) ? [] : (validate.errors ?? []).flatMap((e) => schemaIssues(e, obj, knownKeys));
}

/**
 * Validates and normalises a full governance config (component args, stack config, config file).
 * `options.now` pins the clock of the exemption expiry checks (tests).
 */
export function validateGovernanceConfig(input: unknown, options: ValidationOptions = {}): ValidationResult<EffectiveConfig> {
  if (!isSettings(input)) return notSettings(input, "pass an object with at least scope and allowedRegistries");
  const obj = input;
  const errors = schemaErrors(fullConfigValidator(), obj, CONFIG_KEYS);
  const warnings: ConfigIssue[] = [];
  const rules = normaliseRules(obj, errors, warnings);
  const { scopes, definitionScope } = checkScopes(obj, errors, warnings);
  const enforcementMode = (obj.enforcementMode as EnforcementMode | undefined) ?? EnforcementMode.Default;
  const baseline = validateBaseline(obj, { rules, scopes, enforcementMode, now: options.now ?? new Date() }, errors, warnings);
  const pulumiCloud = validatePulumiCloud(obj, { effect: rules.effect, enforcementMode }, errors, warnings);
  if (errors.length > 0 || !definitionScope) return { ok: false, errors, warnings };
  const config: EffectiveConfig = {
    ...rules,
    scopes,
    definitionScope,
    enforcementMode,
    notScopes: (obj.notScopes as string[] | undefined) ?? [],
  };
  if (typeof obj.nonComplianceMessage === "string") config.nonComplianceMessage = obj.nonComplianceMessage;
  if (typeof obj.owner === "string") config.owner = obj.owner;
  if (baseline) config.baseline = baseline;
  if (pulumiCloud) config.pulumiCloud = pulumiCloud;
  return { ok: true, config, warnings };
}

/** Validates and normalises the rule keys only (the policy pack's config). */
export function validateRuleConfig(input: unknown): ValidationResult<EffectiveRules> {
  if (!isSettings(input)) return notSettings(input, "pass an object with at least allowedRegistries");
  const errors = schemaErrors(ruleConfigValidator(), input, RULE_KEYS);
  const warnings: ConfigIssue[] = [];
  const rules = normaliseRules(input, errors, warnings);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, config: rules, warnings };
}

/** Like {@link validateGovernanceConfig}, but throws a {@link GovernanceConfigError} listing every problem. */
export function assertValidGovernanceConfig(
  input: unknown,
  source?: string,
  options: ValidationOptions = {},
): { config: EffectiveConfig; warnings: ConfigIssue[] } {
  const result = validateGovernanceConfig(input, options);
  if (!result.ok) throw new GovernanceConfigError(result.errors, source);
  return { config: result.config, warnings: result.warnings };
}

/**
 * Validation and normalisation of the baseline keys: guardrails, registry built-ins, exemptions,
 * monitoring, identity location. Called by `validateGovernanceConfig` after the JSON Schema (which
 * checks shapes, types and allowed effects), so every problem of a config is still reported at
 * once, each with field, value and fix, before anything is registered.
 *
 * Time-dependent checks (an expiry in the past, an exemption longer than `exemptionMaxDays`) use
 * the `now` they are given, so tests can pin it.
 */
import type { ConfigIssue, EffectiveRules } from "../config/validate";
import { DENY_RULES, Effect, EnforcementMode } from "../enums";
import { parseModelId } from "../model-id";
import { ParsedScope, parseScope, ScopeKind } from "../scope";
import {
  BuiltinParameter,
  CatalogueGroup,
  GUARDRAIL_DEFINITIONS,
  GuardrailDefinition,
  guardrailDefinition,
  IDENTITY_EFFECTS,
  isDataPlane,
  ParameterKind,
} from "./catalogue";
import { BASELINE_KEYS, BASELINE_LIMITS } from "./schema";
import { ExemptionCategory, GuardrailEffect } from "./types";

// ---------------------------------------------------------------------------------------------
// Effective (validated, normalised) baseline

/** One member of the baseline initiative, as it will be assigned. */
export interface EffectiveMember {
  /** The readable key, also the initiative's policyDefinitionReferenceId. */
  key: string;
  definition: GuardrailDefinition;
  effect: GuardrailEffect;
  /** Literal parameter values for the initiative member, the effect parameter included. */
  parameters: Record<string, unknown>;
  /** Evaluated in a data-plane mode: no non-compliance messages, no exemptions. */
  dataPlane: boolean;
  /** DeployIfNotExists or Modify (not Disabled): the assignment needs an identity and these roles. */
  needsIdentity: boolean;
  /** Role GUIDs the assignment's identity needs for this member (empty unless `needsIdentity`). */
  roleDefinitionIds: string[];
  /** Resource ids of `assignPermissions` parameters: the identity needs the roles there too. */
  permissionResourceIds: string[];
}

/** Which assignment an exemption applies to. */
export const ExemptionInitiative = {
  /** The model governance initiative (rules `model-reference` … `workspace-models`). */
  Governance: "governance",
  /** The baseline initiative (guardrails and registry built-ins). */
  Baseline: "baseline",
} as const;
/** One of {@link ExemptionInitiative}. */
export type ExemptionInitiative = (typeof ExemptionInitiative)[keyof typeof ExemptionInitiative];

/** One policy exemption to create. */
export interface ExemptionTarget {
  initiative: ExemptionInitiative;
  /** Canonical scope of the assignment exempted from. */
  assignmentScope: string;
  /** Members exempted; absent: the whole assignment. */
  referenceIds?: string[];
}

/** A validated exemption. */
export interface EffectiveExemption {
  /** Position in `exemptions`. */
  index: number;
  name?: string;
  /** The exempted scope or resource id (scope ids canonical). */
  scope: string;
  category: ExemptionCategory;
  /** ISO 8601 UTC. */
  expiresOn: string;
  reason: string;
  requestedBy: string;
  /** The rules as given (empty: all). */
  rules: string[];
  /** The exemptions to create: one per (assignment, initiative). */
  targets: ExemptionTarget[];
}

/** The deny alert, validated. */
export interface EffectiveMonitoring {
  resourceGroupId: string;
  subscriptionId: string;
  resourceGroupName: string;
  emailReceivers: Array<{ name: string; emailAddress: string }>;
  actionGroupShortName: string;
  /** Scopes the activity-log alert watches (subscriptions or resource groups of the alert's subscription). */
  alertScopes: string[];
}

/** Everything the baseline adds, validated. */
export interface EffectiveBaseline {
  /** Initiative members in catalogue order (empty: no baseline initiative). */
  members: EffectiveMember[];
  /** Normalised region (`westeurope`), when an identity is needed. */
  identityLocation?: string;
  exemptions: EffectiveExemption[];
  exemptionMaxDays: number;
  monitoring?: EffectiveMonitoring;
}

/** What baseline validation needs from the rest of the config. */
export interface BaselineContext {
  rules: EffectiveRules;
  /** Valid assignment scopes, primary first. */
  scopes: readonly ParsedScope[];
  enforcementMode: EnforcementMode;
  now: Date;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const DAY_MS = 86_400_000;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;
const REGISTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,32}$/;
const REGION = /^[A-Za-z][A-Za-z0-9 ]{1,40}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** A resource id below a resource group: `/subscriptions/{id}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/...]`. */
const RESOURCE_ID = new RegExp(`^/subscriptions/${GUID}/resourceGroups/[-\\w.()]{1,90}/providers/[A-Za-z0-9.]+/[^/]+/[^/]+(?:/[^/]+/[^/]+)*$`, "i");

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `built-in 679ddf89 "Azure Machine Learning Compute Instance should have idle shutdown."` or `custom definition computePublicIp`. */
export function definitionLabel(def: GuardrailDefinition): string {
  return def.kind === "builtin" ? `built-in ${def.guid.slice(0, 8)} "${def.displayName}"` : `custom definition "${def.displayName}"`;
}

function fieldOf(def: GuardrailDefinition, rest = ""): string {
  return `${def.group}.${def.key}${rest}`;
}

/** Whether a resource id's ARM type (provider + type segments, case-insensitive) is `resourceType`. */
export function resourceIdHasType(id: string, resourceType: string): boolean {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id);
  if (!m) return false;
  const segments = m[2].split("/");
  const types = segments.filter((_, i) => i % 2 === 0);
  return `${m[1]}/${types.join("/")}`.toLowerCase() === resourceType.toLowerCase();
}

/** Whether a string is a resource id below a resource group. */
export function isResourceId(id: string): boolean {
  return RESOURCE_ID.test(id) && !id.includes("//") && !id.endsWith("/");
}

/** Parses a scope id or a resource id; scope ids come back canonical. */
export function parseScopeOrResource(raw: string): { ok: true; id: string; scope?: ParsedScope } | { ok: false; problem: string } {
  const parsed = parseScope(raw);
  if (parsed.ok) return { ok: true, id: parsed.scope.id, scope: parsed.scope };
  if (isResourceId(raw)) {
    const sub = raw.split("/")[2].toLowerCase();
    return { ok: true, id: `/subscriptions/${sub}/resourceGroups/${raw.split("/").slice(4).join("/")}` };
  }
  return { ok: false, problem: "is not a subscription, resource group, management group or resource id" };
}

/** Whether the scope or resource `inner` lies inside the assignment scope `outer`; `undefined` when unknowable offline. */
export function assignmentScopeContains(outer: ParsedScope, inner: string): boolean | undefined {
  const i = inner.toLowerCase();
  const o = outer.id.toLowerCase();
  if (outer.kind === ScopeKind.ManagementGroup) {
    if (i === o || i.startsWith(`${o}/`)) return true;
    return undefined; // a subscription's management-group ancestry lives in Azure
  }
  if (i.startsWith("/providers/microsoft.management/managementgroups/")) return false;
  return i === o || i.startsWith(`${o}/`);
}

// ---------------------------------------------------------------------------------------------
// Members

function memberSetting(input: Record<string, unknown>, def: GuardrailDefinition): Record<string, unknown> | undefined {
  const group = input[def.group];
  if (!isObject(group)) return undefined;
  const setting = group[def.key];
  return isObject(setting) ? setting : undefined;
}

function resourceIdFix(p: BuiltinParameter): string {
  return `set it to a resource id like /subscriptions/{id}/resourceGroups/{name}/providers/${p.resourceType}/${p.resourceType === "Microsoft.Network/virtualNetworks/subnets" ? "{vnet}/subnets/{subnet}" : "{name}"}`;
}

function checkParameters(def: GuardrailDefinition, setting: Record<string, unknown>, errors: ConfigIssue[]): Record<string, unknown> {
  const given = isObject(setting.parameters) ? setting.parameters : {};
  const out: Record<string, unknown> = {};
  for (const p of def.parameters) {
    const field = fieldOf(def, `.parameters.${p.name}`);
    const value = given[p.name];
    if (value === undefined || (p.required && value === "")) {
      if (p.required) {
        errors.push({
          field,
          value,
          message: `is required by ${definitionLabel(def)}: the definition has no default, so Azure refuses an assignment without it`,
          fix: p.kind === ParameterKind.ResourceId ? resourceIdFix(p) : `set ${p.name} (${p.description})`,
        });
      }
      continue;
    }
    if (p.kind === ParameterKind.ResourceId && typeof value === "string" && value !== "") {
      if (!isResourceId(value) || !resourceIdHasType(value, p.resourceType ?? "")) {
        errors.push({ field, value, message: `is not a ${p.resourceType} resource id (${p.description})`, fix: resourceIdFix(p) });
        continue;
      }
    }
    if (p.name === "requiredRetentionDays" && typeof value === "string" && !/^\d{1,4}$/.test(value)) {
      errors.push({ field, value, message: "must be a number of days written as digits (the definition's parameter is a String)", fix: 'write it like "365"' });
      continue;
    }
    if (p.type === "Array" && Array.isArray(value)) {
      const index = value.findIndex((v) => typeof v !== "string" || v.trim() === "");
      if (index >= 0) {
        errors.push({ field: `${field}[${index}]`, value: value[index], message: "is empty", fix: "remove the empty entry" });
        continue;
      }
    }
    out[p.name] = value;
  }
  return out;
}

function effectOf(def: GuardrailDefinition, setting: Record<string, unknown>, errors: ConfigIssue[]): GuardrailEffect | undefined {
  const raw = setting.effect;
  if (raw === undefined) {
    if (def.defaultEffect !== undefined) return def.defaultEffect;
    errors.push({
      field: fieldOf(def, ".effect"),
      value: undefined,
      message: `is required: ${definitionLabel(def)} has no default effect`,
      fix: `set effect to ${def.allowedEffects.join(" or ")}`,
    });
    return undefined;
  }
  // The schema reports an effect the definition does not allow (see refineBaselineIssue).
  return typeof raw === "string" && (def.allowedEffects as readonly string[]).includes(raw) ? (raw as GuardrailEffect) : undefined;
}

// --- registry built-ins ------------------------------------------------------------------------

const TRUSTED_REGISTRIES_FIX =
  "remove registryBuiltins.allowedRegistry and rely on this component's trusted-registries rule (a custom definition that takes up to 100 registries), or trust a single registry";

function deriveAllowedRegistry(
  def: GuardrailDefinition,
  effect: GuardrailEffect,
  params: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
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
      errors.push({ field, value: name, message: "is not a registry name (3–33 letters, digits, - or _)", fix: "write the registry name, e.g. azureml" });
      return;
    }
    if (!deny || ctx.rules.effect === Effect.Disabled) return;
    const lower = name.toLowerCase();
    if (!registries.includes(lower)) {
      errors.push({
        field,
        value: name,
        message: `is not in allowedRegistries (${registries.join(", ")}): the trusted-registries rule denies its models and ${definitionLabel(def)} denies every other registry, so no registry model could be deployed`,
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

function deriveRestrictedModels(
  def: GuardrailDefinition,
  effect: GuardrailEffect,
  params: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
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
          fix: "list each version to block (…/versions/{v}); the custom blocked-models rule blocks every version of an entry without one",
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
      fix: "nothing to do: the custom blocked-models rule still blocks every version; list versions in parameters.restrictedModels to block them in the data plane too",
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
    fix: "list the asset ids of the approved catalog models in parameters.allowedAssetIds, or leave the data-plane check to the custom approved-models rule",
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

function deriveApprovedModels(
  def: GuardrailDefinition,
  effect: GuardrailEffect,
  params: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
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
      fix: "nothing to do: the custom blocked-models rule still blocks them",
    });
  }
}

/** The members, and every enabled key that remediates (even one with other problems: all problems at once). */
function checkMembers(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): { members: EffectiveMember[]; remediating: string[] } {
  const members: EffectiveMember[] = [];
  const remediating: string[] = [];
  for (const def of GUARDRAIL_DEFINITIONS) {
    const setting = memberSetting(input, def);
    if (!setting) continue;
    const before = errors.length;
    const effect = effectOf(def, setting, errors);
    const params = checkParameters(def, setting, errors);
    if (effect === undefined) continue;
    const needsIdentity = (IDENTITY_EFFECTS as readonly string[]).includes(effect);
    if (needsIdentity) remediating.push(`${def.key} (${effect})`);
    if (def.key === "allowedRegistry") {
      deriveAllowedRegistry(def, effect, params, ctx, errors, warnings);
      deriveRestrictedModels(def, effect, params, ctx, errors, warnings);
    } else if (def.key === "approvedRegistryModels" || def.key === "cognitiveServicesApprovedModels") {
      deriveApprovedModels(def, effect, params, ctx, errors, warnings);
    }
    if (errors.length > before) continue;
    members.push({
      key: def.key,
      definition: def,
      effect,
      parameters: { [def.effectParameter]: effect, ...params },
      dataPlane: isDataPlane(def),
      needsIdentity,
      roleDefinitionIds: needsIdentity ? [...def.roleDefinitionIds] : [],
      permissionResourceIds: needsIdentity
        ? def.parameters.filter((p) => p.assignPermissions && typeof params[p.name] === "string" && params[p.name] !== "").map((p) => params[p.name] as string)
        : [],
    });
  }
  return { members, remediating };
}

// ---------------------------------------------------------------------------------------------
// Identity location

function checkIdentityLocation(
  input: Record<string, unknown>,
  needing: readonly string[],
  memberErrors: boolean,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): string | undefined {
  const raw = input.identityLocation;
  if (typeof raw === "string") {
    if (!REGION.test(raw.trim())) {
      errors.push({ field: "identityLocation", value: raw, message: "is not an Azure region name", fix: "write a region such as westeurope or eastus2" });
      return undefined;
    }
    if (needing.length === 0 && !memberErrors) {
      warnings.push({
        field: "identityLocation",
        value: raw,
        message: "is set, but no enabled guardrail uses DeployIfNotExists or Modify, so no assignment gets an identity",
        fix: "remove it, or keep it for later",
      });
    }
    return raw.trim().toLowerCase().replace(/\s+/g, "");
  }
  if (needing.length > 0) {
    errors.push({
      field: "identityLocation",
      value: undefined,
      message: `is required: ${needing.join(", ")} remediate through the assignment's system-assigned managed identity, and Azure needs a location for it`,
      fix: "set identityLocation to an Azure region such as westeurope",
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Exemptions

function checkExemptions(
  input: Record<string, unknown>,
  members: EffectiveMember[],
  maxDays: number,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectiveExemption[] {
  const raw = Array.isArray(input.exemptions) ? input.exemptions : [];
  const out: EffectiveExemption[] = [];
  const seen = new Map<string, number>();
  const modelRules = DENY_RULES as readonly string[];
  const memberKeys = new Map(members.map((m) => [m.key, m]));
  const exemptable = members.filter((m) => !m.dataPlane).map((m) => m.key);
  const dataPlaneMembers = members.filter((m) => m.dataPlane).map((m) => m.key);

  raw.forEach((item, index) => {
    if (!isObject(item)) return; // the schema reports it
    const at = (rest: string) => `exemptions[${index}]${rest}`;
    const before = errors.length;

    // What is exempted.
    let scope: { id: string; scope?: ParsedScope } | undefined;
    if (typeof item.scope !== "string" || item.scope.trim() === "") {
      errors.push({
        field: at(".scope"),
        value: item.scope,
        message: "is required: the scope or resource to exempt",
        fix: "set scope to a resource group, subscription, management group or resource id",
      });
    } else {
      const parsed = parseScopeOrResource(item.scope.trim());
      if (!parsed.ok)
        errors.push({
          field: at(".scope"),
          value: item.scope,
          message: parsed.problem,
          fix: "write an id like /subscriptions/{id}/resourceGroups/{name}[/providers/{type}/{name}]",
        });
      else scope = parsed;
    }
    if (typeof item.category !== "string") {
      errors.push({ field: at(".category"), value: item.category, message: "is required", fix: `use ${Object.values(ExemptionCategory).join(" or ")}` });
    }

    // Until when.
    let expiresOn: string | undefined;
    if (typeof item.expiresOn !== "string" || item.expiresOn.trim() === "") {
      errors.push({
        field: at(".expiresOn"),
        value: item.expiresOn,
        message: "is required: exemptions here always expire",
        fix: "set expiresOn to an ISO 8601 date such as 2026-03-31T00:00:00Z",
      });
    } else {
      const text = item.expiresOn.trim();
      const time = ISO_8601.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(time)) {
        errors.push({ field: at(".expiresOn"), value: item.expiresOn, message: "is not an ISO 8601 date", fix: "write it like 2026-03-31T00:00:00Z" });
      } else if (time <= ctx.now.getTime()) {
        errors.push({
          field: at(".expiresOn"),
          value: item.expiresOn,
          message: `is in the past (now is ${ctx.now.toISOString()}): an expired exemption is kept by Azure but no longer honoured`,
          fix: "remove the exemption, or extend it with a new expiresOn and a fresh reason",
        });
      } else {
        expiresOn = new Date(time).toISOString();
        const days = Math.ceil((time - ctx.now.getTime()) / DAY_MS);
        if (days > maxDays) {
          warnings.push({
            field: at(".expiresOn"),
            value: item.expiresOn,
            message: `lasts ${days} days, longer than exemptionMaxDays (${maxDays})`,
            fix: "shorten it, or raise exemptionMaxDays if long waivers are policy",
          });
        } else if (days <= BASELINE_LIMITS.expiringSoonDays) {
          warnings.push({
            field: at(".expiresOn"),
            value: item.expiresOn,
            message: `expires in ${days} day${days === 1 ? "" : "s"}`,
            fix: "fix the non-compliance or renew the exemption before it expires",
          });
        }
      }
    }

    // Why and who.
    if (typeof item.reason !== "string" || item.reason.trim() === "") {
      errors.push({
        field: at(".reason"),
        value: item.reason,
        message: "is required: an exemption without a reason cannot be reviewed",
        fix: "say why the rule cannot be met (and what mitigates it)",
      });
    }
    if (typeof item.requestedBy !== "string" || item.requestedBy.trim() === "") {
      errors.push({
        field: at(".requestedBy"),
        value: item.requestedBy,
        message: "is required: metadata records who asked for the exemption",
        fix: "name the person, team or ticket that asked",
      });
    }

    // Which rules.
    const rules = Array.isArray(item.rules) ? item.rules.filter((r): r is string => typeof r === "string") : [];
    const modelIds: string[] = [];
    const baselineIds: string[] = [];
    rules.forEach((rule, i) => {
      if (modelRules.includes(rule)) modelIds.push(rule);
      else if (memberKeys.has(rule)) {
        const m = memberKeys.get(rule)!;
        if (m.dataPlane) {
          errors.push({
            field: at(`.rules[${i}]`),
            value: rule,
            message: `targets ${definitionLabel(m.definition)}, which evaluates in the data-plane mode ${m.definition.mode}: Azure does not honour exemptions there`,
            fix: "remove it; to excuse a deployment from a registry built-in, change its parameters or use notScopes",
          });
        } else baselineIds.push(rule);
      } else {
        const known = guardrailDefinition(rule);
        errors.push({
          field: at(`.rules[${i}]`),
          value: rule,
          message: known ? `is not enabled in ${known.group}` : "is not a rule of this component",
          fix: `use a model rule id (${modelRules.join(", ")})${exemptable.length > 0 ? ` or an enabled guardrail key (${exemptable.join(", ")})` : ""}`,
        });
      }
    });

    // Which assignment scopes (unknowable while the scopes themselves are invalid: reported there).
    let assignmentScopes: ParsedScope[] = [];
    if (scope && ctx.scopes.length > 0) {
      if (typeof item.assignmentScope === "string") {
        const parsed = parseScope(item.assignmentScope.trim());
        const match = parsed.ok ? ctx.scopes.find((s) => s.id.toLowerCase() === parsed.scope.id.toLowerCase()) : undefined;
        if (!match) {
          errors.push({
            field: at(".assignmentScope"),
            value: item.assignmentScope,
            message: "is not one of this component's assignment scopes",
            fix: `use one of ${ctx.scopes.map((s) => s.id).join(", ")}`,
          });
        } else if (assignmentScopeContains(match, scope.id) === false) {
          errors.push({
            field: at(".scope"),
            value: item.scope,
            message: `is not inside assignmentScope ${match.id}`,
            fix: "exempt a scope or resource inside the assignment scope",
          });
        } else assignmentScopes = [match];
      } else {
        const target = scope.id;
        const inside = ctx.scopes.filter((s) => assignmentScopeContains(s, target) === true);
        const maybe = ctx.scopes.filter((s) => assignmentScopeContains(s, target) === undefined);
        if (inside.length > 0) assignmentScopes = inside;
        else if (maybe.length === 1) assignmentScopes = maybe;
        else if (maybe.length > 1) {
          errors.push({
            field: at(".assignmentScope"),
            value: undefined,
            message: `is needed: ${scope.id} may lie under several management-group assignment scopes, which cannot be told apart offline`,
            fix: `set assignmentScope to one of ${maybe.map((s) => s.id).join(", ")}`,
          });
        } else {
          errors.push({
            field: at(".scope"),
            value: item.scope,
            message: "is outside every assignment scope of this component",
            fix: `exempt a scope or resource inside ${ctx.scopes.map((s) => s.id).join(", ")}`,
          });
        }
      }
    }

    // Distinct names.
    const name = typeof item.name === "string" ? item.name : undefined;
    if (scope) {
      const key = `${(name ?? "").toLowerCase()}|${scope.id.toLowerCase()}`;
      if (seen.has(key)) {
        errors.push({
          field: at(name ? ".name" : ".scope"),
          value: name ?? item.scope,
          message: `repeats exemptions[${seen.get(key)}] (same scope${name ? " and name" : ""}), so both would get one Azure name`,
          fix: "merge them into one entry, or give each a distinct name",
        });
      } else seen.set(key, index);
    }
    if (errors.length > before || !scope || expiresOn === undefined || assignmentScopes.length === 0) return;

    const targets: ExemptionTarget[] = [];
    const all = rules.length === 0;
    for (const s of assignmentScopes) {
      if (all || modelIds.length > 0) {
        const t: ExemptionTarget = { initiative: ExemptionInitiative.Governance, assignmentScope: s.id };
        if (!all) t.referenceIds = modelIds;
        targets.push(t);
      }
      if (all && exemptable.length > 0) {
        const t: ExemptionTarget = { initiative: ExemptionInitiative.Baseline, assignmentScope: s.id };
        // With data-plane members present, name the members an exemption can cover instead of
        // claiming the whole assignment.
        if (dataPlaneMembers.length > 0) t.referenceIds = exemptable;
        targets.push(t);
      } else if (!all && baselineIds.length > 0) {
        targets.push({ initiative: ExemptionInitiative.Baseline, assignmentScope: s.id, referenceIds: baselineIds });
      }
    }
    if (all && dataPlaneMembers.length > 0) {
      warnings.push({
        field: at(""),
        value: item.scope,
        message: `does not cover ${dataPlaneMembers.join(", ")}: Azure does not honour exemptions on data-plane built-ins`,
        fix: "nothing to do if that is expected; otherwise change the built-in's parameters or use notScopes",
      });
    }
    const exemption: EffectiveExemption = {
      index,
      scope: scope.id,
      category: item.category as ExemptionCategory,
      expiresOn,
      reason: (item.reason as string).trim(),
      requestedBy: (item.requestedBy as string).trim(),
      rules,
      targets,
    };
    if (name !== undefined) exemption.name = name;
    out.push(exemption);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Monitoring

/** Default action group short name. */
export const DEFAULT_ACTION_GROUP_SHORT_NAME = "mlgov-deny";

function checkMonitoring(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectiveMonitoring | undefined {
  const m = input.monitoring;
  if (!isObject(m)) return undefined;
  const before = errors.length;
  let rg: ParsedScope | undefined;
  if (typeof m.resourceGroupId !== "string") {
    errors.push({
      field: "monitoring.resourceGroupId",
      value: m.resourceGroupId,
      message: "is required: the resource group that holds the action group and the alert",
      fix: "set it to /subscriptions/{id}/resourceGroups/{name}",
    });
  } else {
    const parsed = parseScope(m.resourceGroupId.trim());
    if (!parsed.ok || parsed.scope.kind !== ScopeKind.ResourceGroup) {
      errors.push({
        field: "monitoring.resourceGroupId",
        value: m.resourceGroupId,
        message: "is not a resource group id",
        fix: "set it to /subscriptions/{id}/resourceGroups/{name}",
      });
    } else rg = parsed.scope;
  }
  const receivers: Array<{ name: string; emailAddress: string }> = [];
  const rawReceivers = Array.isArray(m.emailReceivers) ? m.emailReceivers : [];
  if (rawReceivers.length === 0) {
    errors.push({
      field: "monitoring.emailReceivers",
      value: m.emailReceivers,
      message: "must list at least one receiver: an alert nobody receives is noise",
      fix: 'add {"name": "platform-team", "emailAddress": "ml-platform@contoso.com"}',
    });
  }
  const names = new Set<string>();
  rawReceivers.forEach((r, i) => {
    if (!isObject(r) || typeof r.name !== "string" || typeof r.emailAddress !== "string") {
      errors.push({
        field: `monitoring.emailReceivers[${i}]`,
        value: r,
        message: "needs a name and an emailAddress",
        fix: 'write {"name": "...", "emailAddress": "..."}',
      });
      return;
    }
    if (!EMAIL.test(r.emailAddress))
      errors.push({
        field: `monitoring.emailReceivers[${i}].emailAddress`,
        value: r.emailAddress,
        message: "is not an e-mail address",
        fix: "write an address like ml-platform@contoso.com",
      });
    if (names.has(r.name.toLowerCase()))
      errors.push({
        field: `monitoring.emailReceivers[${i}].name`,
        value: r.name,
        message: "repeats a receiver name (names must be unique in an action group)",
        fix: "rename it",
      });
    names.add(r.name.toLowerCase());
    receivers.push({ name: r.name, emailAddress: r.emailAddress });
  });
  if (errors.length > before || !rg || ctx.scopes.length === 0) return undefined;

  const sub = rg.subscriptionId!;
  const alertScopes: string[] = [];
  const add = (id: string) => {
    if (!alertScopes.some((s) => s.toLowerCase() === id.toLowerCase())) alertScopes.push(id);
  };
  for (const s of ctx.scopes) {
    if (s.kind === ScopeKind.ManagementGroup) {
      warnings.push({
        field: "monitoring",
        value: s.id,
        message: `cannot watch the management group ${s.id}: activity-log alerts watch one subscription, so the alert watches /subscriptions/${sub} only`,
        fix: "add a component (or monitoring) per subscription to watch the others",
      });
      add(`/subscriptions/${sub}`);
    } else if (s.subscriptionId === sub) add(s.id);
    else {
      warnings.push({
        field: "monitoring",
        value: s.id,
        message: `does not watch ${s.id}: it is in another subscription than the alert (${sub})`,
        fix: "deploy monitoring per subscription",
      });
    }
  }
  // A subscription scope already covers its resource groups.
  const covered = alertScopes.filter((s) => !alertScopes.some((o) => o !== s && s.toLowerCase().startsWith(`${o.toLowerCase()}/`)));
  if (covered.length === 0) {
    errors.push({
      field: "monitoring.resourceGroupId",
      value: m.resourceGroupId,
      message: `is in subscription ${sub}, which holds none of the assignment scopes, so the alert would watch nothing`,
      fix: "put the alert in a resource group of an assigned subscription",
    });
    return undefined;
  }
  if (ctx.enforcementMode === EnforcementMode.DoNotEnforce) {
    warnings.push({
      field: "monitoring",
      value: ctx.enforcementMode,
      message: "will not fire while enforcementMode is DoNotEnforce: Azure writes no deny event to the activity log then",
      fix: "expected during a rollout; switch to Default to enforce",
    });
  }
  const shortName = typeof m.actionGroupShortName === "string" ? m.actionGroupShortName : DEFAULT_ACTION_GROUP_SHORT_NAME;
  return {
    resourceGroupId: rg.id,
    subscriptionId: sub,
    resourceGroupName: rg.resourceGroup!,
    emailReceivers: receivers,
    actionGroupShortName: shortName,
    alertScopes: covered,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Whether the input sets any baseline key. */
export function hasBaselineKeys(input: Record<string, unknown>): boolean {
  return BASELINE_KEYS.some((k) => input[k] !== undefined);
}

/**
 * Validates the baseline keys of a config (after the schema). Pushes problems onto `errors` and
 * `warnings`; returns the effective baseline, or `undefined` when no baseline key is set.
 */
export function validateBaseline(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectiveBaseline | undefined {
  if (!hasBaselineKeys(input)) return undefined;
  const errorsBefore = errors.length;
  const { members, remediating } = checkMembers(input, ctx, errors, warnings);
  const identityLocation = checkIdentityLocation(input, remediating, errors.length > errorsBefore, errors, warnings);
  const maxDays =
    typeof input.exemptionMaxDays === "number" && Number.isInteger(input.exemptionMaxDays) && input.exemptionMaxDays > 0
      ? input.exemptionMaxDays
      : BASELINE_LIMITS.defaultExemptionMaxDays;
  const exemptions = checkExemptions(input, members, maxDays, ctx, errors, warnings);
  const monitoring = checkMonitoring(input, ctx, errors, warnings);
  const baseline: EffectiveBaseline = { members, exemptions, exemptionMaxDays: maxDays };
  if (identityLocation !== undefined && members.some((m) => m.needsIdentity)) baseline.identityLocation = identityLocation;
  if (monitoring) baseline.monitoring = monitoring;
  return baseline;
}

// ---------------------------------------------------------------------------------------------
// Schema issues under the baseline keys

/** Audit/Deny guardrails and their Modify twins: an effect one of them lacks, the other has. */
const TWINS: Readonly<Record<string, string>> = {
  disableLocalAuth: "configureDisableLocalAuth",
  configureDisableLocalAuth: "disableLocalAuth",
  workspacePublicNetworkAccess: "configureWorkspacePublicNetworkAccess",
  configureWorkspacePublicNetworkAccess: "workspacePublicNetworkAccess",
  workspaceCustomerManagedKey: "workspaceCustomerManagedKeyIfNotExists",
  workspaceCustomerManagedKeyIfNotExists: "workspaceCustomerManagedKey",
};

/** Fixes for schema issues of the baseline keys (the top-level key → fix). */
export const BASELINE_FIXES: Readonly<Record<string, string>> = {
  guardrails: `use keys from ${GUARDRAIL_DEFINITIONS.filter((d) => d.group === CatalogueGroup.Guardrail)
    .map((d) => d.key)
    .join(", ")}, each {"effect": ..., "parameters": {...}}`,
  registryBuiltins: 'use allowedRegistry, approvedRegistryModels or cognitiveServicesApprovedModels, each {"effect": ..., "parameters": {...}}',
  exemptions: 'list {"scope", "category": "Waiver"|"Mitigated", "expiresOn", "reason", "requestedBy", "rules"?}',
  exemptionMaxDays: `use a whole number of days between 1 and ${BASELINE_LIMITS.exemptionMaxDays}`,
  monitoring: 'write {"resourceGroupId": "/subscriptions/{id}/resourceGroups/{name}", "emailReceivers": [{"name", "emailAddress"}]}',
  identityLocation: "write an Azure region such as westeurope",
};

/**
 * Rewrites a schema issue under `guardrails` / `registryBuiltins` to name the definition: an effect
 * it does not allow, or a parameter name it does not have (`allowedModelPublishers`).
 */
export function refineBaselineIssue(issue: ConfigIssue): ConfigIssue {
  const m = /^(guardrails|registryBuiltins)\.([A-Za-z0-9]+)(\.effect|\.parameters\.([A-Za-z0-9]+))?$/.exec(issue.field);
  if (!m) return issue;
  const def = guardrailDefinition(m[2]);
  if (!def || def.group !== m[1]) return issue;
  if (m[3] === ".effect" && issue.message.startsWith("must be one of")) {
    const twin = TWINS[def.key] ? guardrailDefinition(TWINS[def.key]) : undefined;
    const twinHint =
      twin && typeof issue.value === "string" && (twin.allowedEffects as readonly string[]).includes(issue.value)
        ? `; for ${issue.value}, enable ${twin.group}.${twin.key} (${definitionLabel(twin)}) instead`
        : "";
    return {
      ...issue,
      message: `is not an effect of ${definitionLabel(def)}: it allows only ${def.allowedEffects.join(", ")}`,
      fix: `use ${def.allowedEffects.join(" or ")}${twinHint}`,
    };
  }
  if (m[4] !== undefined && issue.message === "is not a known setting") {
    if (m[4] === "allowedModelPublishers") {
      return {
        ...issue,
        message: `is not a parameter of ${definitionLabel(def)}: the Foundry docs' Bicep sample used this name, but the definition's parameter is allowedPublishers (Azure would refuse the assignment)`,
        fix: "rename it to allowedPublishers",
      };
    }
    return {
      ...issue,
      message: `is not a parameter of ${definitionLabel(def)}`,
      fix: def.parameters.length > 0 ? `use ${def.parameters.map((p) => p.name).join(", ")}` : "it takes no parameters; remove it",
    };
  }
  return issue;
}

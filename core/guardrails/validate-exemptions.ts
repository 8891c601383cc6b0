/**
 * `exemptions`: each entry checked in the order a reviewer reads it (what is exempted, until when,
 * why and who asked, from which rules, under which assignment scope, under which name), then turned
 * into the Azure exemptions to create: one per (assignment scope, initiative).
 */
import type { ConfigIssue } from "../config/issues";
import { DENY_RULES } from "../enums";
import { ParsedScope, parseScope } from "../scope";
import { guardrailDefinition } from "./catalogue";
import { BaselineContext, EffectiveExemption, EffectiveMember, ExemptionInitiative, ExemptionTarget } from "./effective";
import { assignmentScopeContains, parseScopeOrResource } from "./resource-ids";
import { BASELINE_LIMITS } from "./schema";
import { ExemptionCategory } from "./types";
import { definitionLabel, isObject } from "./validate-helpers";

const DAY_MS = 86_400_000;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** One entry being checked: its fields, where its problems go, and how they are named. */
interface Entry {
  item: Record<string, unknown>;
  index: number;
  /** The field name of `rest` in this entry: `exemptions[2].scope`. */
  at: (rest: string) => string;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** What exemptions may name: the model rules and the enabled baseline members. */
interface Exemptable {
  modelRules: readonly string[];
  memberKeys: ReadonlyMap<string, EffectiveMember>;
  /** Enabled members an exemption can cover (not data-plane). */
  members: string[];
  /** Enabled data-plane members: Azure does not honour exemptions on them. */
  dataPlane: string[];
}

type Exempted = { id: string; scope?: ParsedScope };

/** What is exempted: `scope` (a scope or resource id) and `category`. */
function exemptedScope({ item, at, errors }: Entry): Exempted | undefined {
  let scope: Exempted | undefined;
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
  return scope;
}

/** Until when: `expiresOn`, in the future, warned about when too long or about to expire. Returns ISO 8601 UTC. */
function expiry({ item, at, errors, warnings }: Entry, maxDays: number, now: Date): string | undefined {
  if (typeof item.expiresOn !== "string" || item.expiresOn.trim() === "") {
    errors.push({
      field: at(".expiresOn"),
      value: item.expiresOn,
      message: "is required: exemptions here always expire",
      fix: "set expiresOn to an ISO 8601 date such as 2026-03-31T00:00:00Z",
    });
    return undefined;
  }
  const text = item.expiresOn.trim();
  const time = ISO_8601.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    errors.push({ field: at(".expiresOn"), value: item.expiresOn, message: "is not an ISO 8601 date", fix: "write it like 2026-03-31T00:00:00Z" });
    return undefined;
  }
  if (time <= now.getTime()) {
    errors.push({
      field: at(".expiresOn"),
      value: item.expiresOn,
      message: `is in the past (now is ${now.toISOString()}): an expired exemption is kept by Azure but no longer honoured`,
      fix: "remove the exemption, or extend it with a new expiresOn and a fresh reason",
    });
    return undefined;
  }
  const days = Math.ceil((time - now.getTime()) / DAY_MS);
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
  return new Date(time).toISOString();
}

/** Why and who: `reason` and `requestedBy`, both required so the exemption can be reviewed. */
function checkAccountability({ item, at, errors }: Entry): void {
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
}

/** Which rules: `rules` split into model rule ids and baseline member keys (empty: all rules). */
function exemptedRules({ item, at, errors }: Entry, can: Exemptable): { rules: string[]; modelIds: string[]; baselineIds: string[] } {
  const rules = Array.isArray(item.rules) ? item.rules.filter((r): r is string => typeof r === "string") : [];
  const modelIds: string[] = [];
  const baselineIds: string[] = [];
  rules.forEach((rule, i) => {
    if (can.modelRules.includes(rule)) modelIds.push(rule);
    else if (can.memberKeys.has(rule)) {
      const m = can.memberKeys.get(rule)!;
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
        fix: `use a model rule id (${can.modelRules.join(", ")})${can.members.length > 0 ? ` or an enabled guardrail key (${can.members.join(", ")})` : ""}`,
      });
    }
  });
  return { rules, modelIds, baselineIds };
}

/** Under which assignment scopes: the given `assignmentScope`, or every scope that holds the exempted one. */
function assignmentScopesOf({ item, at, errors }: Entry, scope: Exempted, scopes: readonly ParsedScope[]): ParsedScope[] {
  if (typeof item.assignmentScope === "string") {
    const parsed = parseScope(item.assignmentScope.trim());
    const match = parsed.ok ? scopes.find((s) => s.id.toLowerCase() === parsed.scope.id.toLowerCase()) : undefined;
    if (!match) {
      errors.push({
        field: at(".assignmentScope"),
        value: item.assignmentScope,
        message: "is not one of this component's assignment scopes",
        fix: `use one of ${scopes.map((s) => s.id).join(", ")}`,
      });
      return [];
    }
    if (assignmentScopeContains(match, scope.id) === false) {
      errors.push({
        field: at(".scope"),
        value: item.scope,
        message: `is not inside assignmentScope ${match.id}`,
        fix: "exempt a scope or resource inside the assignment scope",
      });
      return [];
    }
    return [match];
  }
  const inside = scopes.filter((s) => assignmentScopeContains(s, scope.id) === true);
  const maybe = scopes.filter((s) => assignmentScopeContains(s, scope.id) === undefined);
  if (inside.length > 0) return inside;
  if (maybe.length === 1) return maybe;
  if (maybe.length > 1) {
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
      fix: `exempt a scope or resource inside ${scopes.map((s) => s.id).join(", ")}`,
    });
  }
  return [];
}

/** Under which name: (name, scope) pairs must be distinct, since they make the Azure name. */
function checkDistinctName({ item, index, at, errors }: Entry, name: string | undefined, scope: Exempted, seen: Map<string, number>): void {
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

/** The Azure exemptions of a valid entry: per assignment scope, one on each initiative it names. */
function exemptionTargets(
  { item, at, warnings }: Entry,
  assignmentScopes: readonly ParsedScope[],
  named: { rules: string[]; modelIds: string[]; baselineIds: string[] },
  can: Exemptable,
): ExemptionTarget[] {
  const targets: ExemptionTarget[] = [];
  const all = named.rules.length === 0;
  for (const s of assignmentScopes) {
    if (all || named.modelIds.length > 0) {
      const t: ExemptionTarget = { initiative: ExemptionInitiative.Governance, assignmentScope: s.id };
      if (!all) t.referenceIds = named.modelIds;
      targets.push(t);
    }
    if (all && can.members.length > 0) {
      const t: ExemptionTarget = { initiative: ExemptionInitiative.Baseline, assignmentScope: s.id };
      // With data-plane members present, name the members an exemption can cover instead of
      // claiming the whole assignment.
      if (can.dataPlane.length > 0) t.referenceIds = can.members;
      targets.push(t);
    } else if (!all && named.baselineIds.length > 0) {
      targets.push({ initiative: ExemptionInitiative.Baseline, assignmentScope: s.id, referenceIds: named.baselineIds });
    }
  }
  if (all && can.dataPlane.length > 0) {
    warnings.push({
      field: at(""),
      value: item.scope,
      message: `does not cover ${can.dataPlane.join(", ")}: Azure does not honour exemptions on data-plane built-ins`,
      fix: "nothing to do if that is expected; otherwise change the built-in's parameters or use notScopes",
    });
  }
  return targets;
}

/** Checks every entry of `exemptions` (all problems at once); returns the valid ones with their targets. */
export function checkExemptions(
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
  const can: Exemptable = {
    modelRules: DENY_RULES,
    memberKeys: new Map(members.map((m) => [m.key, m])),
    members: members.filter((m) => !m.dataPlane).map((m) => m.key),
    dataPlane: members.filter((m) => m.dataPlane).map((m) => m.key),
  };

  raw.forEach((item, index) => {
    if (!isObject(item)) return; // the schema reports it
    const entry: Entry = { item, index, at: (rest) => `exemptions[${index}]${rest}`, errors, warnings };
    const before = errors.length;
    const scope = exemptedScope(entry);
    const expiresOn = expiry(entry, maxDays, ctx.now);
    checkAccountability(entry);
    const named = exemptedRules(entry, can);
    // Unknowable while the scopes themselves are invalid: reported there.
    const assignmentScopes = scope && ctx.scopes.length > 0 ? assignmentScopesOf(entry, scope, ctx.scopes) : [];
    const name = typeof item.name === "string" ? item.name : undefined;
    if (scope) checkDistinctName(entry, name, scope, seen);
    if (errors.length > before || !scope || expiresOn === undefined || assignmentScopes.length === 0) return;

    const exemption: EffectiveExemption = {
      index,
      scope: scope.id,
      category: item.category as ExemptionCategory,
      expiresOn,
      reason: (item.reason as string).trim(),
      requestedBy: (item.requestedBy as string).trim(),
      rules: named.rules,
      targets: exemptionTargets(entry, assignmentScopes, named, can),
    };
    if (name !== undefined) exemption.name = name;
    out.push(exemption);
  });
  return out;
}

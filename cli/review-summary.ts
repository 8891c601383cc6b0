/**
 * What a reviewer needs to know about a stack (or config file) before reading any resource: the
 * settings it enforces, its guardrails, its exemptions with their expiry, and the warnings the
 * component raised. One neutral model, rendered as text (`render`) and as Markdown
 * (`render --format markdown`), so both views always show the same facts.
 *
 * Sources, read defensively (a key that is absent or of another shape is skipped):
 * - the effective config JSON (`effectiveConfigJson`: the `effectiveConfig` stack output, or the
 *   output the component registered): every key becomes a setting row. Keys with a row builder in
 *   {@link SETTING_ROWS} get a worded row; any other key still gets a generic row, so a key added
 *   to the effective config shows up without touching this file (add a builder to word it better);
 * - the config as written (optional), so model ids are shown as the config under review spells them;
 * - the registered resources: the baseline initiative's members (guardrails) and the exemptions.
 */
import { isAuthorizationToken } from "../core/pulumi-tokens";
import type { RegisteredResource } from "./program/mock-run";
import { RULE_CATALOGUE } from "../core/rule-catalogue";
import { parseModelEntry } from "../core/model-list";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** One row of the settings table: a label and a value made of an emphasised word, ids, and prose. */
export interface Setting {
  /** The effective-config key the row comes from. */
  key: string;
  label: string;
  /** Shown in bold in Markdown (the effect). */
  strong?: string;
  /** Identifiers (scopes, registries, model ids), shown as code. */
  codes?: string[];
  /** Put each code on its own line (scopes). */
  stacked?: boolean;
  /** Prose after the strong word and codes. */
  text?: string;
}

/** A guardrail or registry built-in the baseline initiative assigns. */
export interface Guardrail {
  referenceId: string;
  /** `built-in <guid>` or `custom <name>`, or undefined when only the config key is known. */
  definition?: string;
  effect?: string;
  /** Parameter values (as JSON), the effect excluded. */
  parameters: Array<{ name: string; json: string }>;
}

/** One exemption (one per config entry, even when Azure gets one per assignment). */
export interface Exemption {
  scope: string;
  category: string;
  expiresOn?: string;
  rules: string[];
  reason?: string;
  requestedBy?: string;
}

/** The reviewer's summary. */
export interface ReviewSummary {
  settings: Setting[];
  /** Blocked and approved entries, as written in the config where it is known. */
  blockedModels: string[];
  allowedModels: string[];
  guardrails: Guardrail[];
  /** Sorted by expiry, soonest first; never-expiring last. */
  exemptions: Exemption[];
  warnings: string[];
}

/** What the summary is built from. */
export interface ReviewSummaryInput {
  /** The effective config JSON, if known. */
  effectiveConfig: unknown;
  /** The governance config as written (stack config or file), to show ids as spelled there. */
  writtenConfig?: unknown;
  resources: readonly RegisteredResource[];
  /** Warnings the program logged and the config sources raised. */
  warnings?: readonly string[];
}

const EFFECT_MEANING: Record<string, string> = {
  Deny: "non-compliant deployments are refused (pack: mandatory)",
  Audit: "non-compliant deployments are reported, not refused (pack: advisory)",
  Disabled: "the model rules are not evaluated",
};

/** Builds the rows for the keys it names; `keys` are consumed, so no generic row repeats them. */
interface RowBuilder {
  keys: readonly string[];
  rows(c: Json): Setting[];
}

const entries = (n: number): string => (n === 1 ? "1 entry" : `${n} entries`);

/** A trust list's row, when the list is set: its entries as code, or `whenEmpty` for an empty list. */
function trustListRow(key: string, label: string, whenEmpty: string): RowBuilder {
  return {
    keys: [key],
    rows: (c) => (Array.isArray(c[key]) ? [strings(c[key]).length > 0 ? { key, label, codes: strings(c[key]) } : { key, label, text: whenEmpty }] : []),
  };
}

/**
 * Worded rows, in table order. To word a new effective-config key, add a builder here; without one
 * the key still appears (see {@link genericRow}).
 */
export const SETTING_ROWS: readonly RowBuilder[] = [
  {
    keys: ["scopes"],
    rows: (c) => (strings(c.scopes).length > 0 ? [{ key: "scopes", label: "assignment scopes", codes: strings(c.scopes), stacked: true }] : []),
  },
  {
    keys: ["definitionScope"],
    rows: (c) => (str(c.definitionScope) ? [{ key: "definitionScope", label: "definition scope", codes: [c.definitionScope as string] }] : []),
  },
  {
    keys: ["effect"],
    rows: (c) =>
      str(c.effect)
        ? [
            {
              key: "effect",
              label: "effect",
              strong: c.effect as string,
              ...(EFFECT_MEANING[c.effect as string] ? { text: EFFECT_MEANING[c.effect as string] } : {}),
            },
          ]
        : [],
  },
  {
    keys: ["enforcementMode"],
    rows: (c) =>
      str(c.enforcementMode)
        ? [
            {
              key: "enforcementMode",
              label: "enforcement mode",
              codes: [c.enforcementMode as string],
              ...(c.enforcementMode === "DoNotEnforce" ? { text: "evaluated and reported, never blocked" } : {}),
            },
          ]
        : [],
  },
  trustListRow("allowedRegistries", "trusted registries", "none"),
  trustListRow("allowedPublishers", "trusted publishers (Foundry catalog models)", "none: every catalog model deployment is denied"),
  {
    keys: ["allowedModels"],
    rows: (c) => {
      if (!Array.isArray(c.allowedModels)) return [];
      const n = strings(c.allowedModels).length;
      return [
        {
          key: "allowedModels",
          label: "approved models",
          text:
            n === 0
              ? "any model from a trusted registry or publisher (allowedModels is empty)"
              : `${entries(n)} (listed below; the list restricts registry and catalog models alike)`,
        },
      ];
    },
  },
  {
    keys: ["blockedModels"],
    rows: (c) => {
      if (!Array.isArray(c.blockedModels)) return [];
      const n = strings(c.blockedModels).length;
      return [{ key: "blockedModels", label: "blocked models", text: n === 0 ? "none" : `${entries(n)} (listed below)` }];
    },
  },
  {
    keys: ["workspaceModels"],
    rows: (c) =>
      str(c.workspaceModels)
        ? [
            {
              key: "workspaceModels",
              label: "workspace models",
              codes: [c.workspaceModels as string],
              text: c.workspaceModels === "Deny" ? "only registry models may be deployed" : "non-registry models are allowed",
            },
          ]
        : [],
  },
  {
    keys: ["notScopes"],
    rows: (c) => (strings(c.notScopes).length > 0 ? [{ key: "notScopes", label: "excluded (notScopes)", codes: strings(c.notScopes), stacked: true }] : []),
  },
  { keys: ["owner"], rows: (c) => (str(c.owner) ? [{ key: "owner", label: "owner", text: c.owner as string }] : []) },
  {
    keys: ["nonComplianceMessage"],
    rows: (c) =>
      str(c.nonComplianceMessage) ? [{ key: "nonComplianceMessage", label: "non-compliance message", text: c.nonComplianceMessage as string }] : [],
  },
];

/** `allowedDeploymentTypes` → `allowed deployment types`. */
function labelOf(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A row for a key no builder words: strings and string lists as ids, anything else as compact JSON. */
function genericRow(key: string, value: unknown): Setting | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value === "" ? undefined : { key, label: labelOf(key), codes: [value] };
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return value.length === 0 ? { key, label: labelOf(key), text: "none" } : { key, label: labelOf(key), codes: value };
  }
  if (typeof value === "number" || typeof value === "boolean") return { key, label: labelOf(key), codes: [String(value)] };
  return { key, label: labelOf(key), codes: [JSON.stringify(value)] };
}

/** The settings rows of an effective config: worded rows first, then every other key. */
export function settingsOf(config: unknown): Setting[] {
  if (!isObject(config)) return [];
  const consumed = new Set(SETTING_ROWS.flatMap((b) => b.keys));
  const rows = SETTING_ROWS.flatMap((b) => b.rows(config));
  for (const [key, value] of Object.entries(config)) {
    if (consumed.has(key)) continue;
    const row = genericRow(key, value);
    if (row) rows.push(row);
  }
  return rows;
}

/** Canonical list entries, each replaced by the spelling the written config used for it. */
function asWritten(canonical: readonly string[], written: unknown): string[] {
  const spelled = new Map<string, string>();
  for (const raw of strings(written)) {
    const parsed = parseModelEntry(raw);
    if (parsed.ok && !spelled.has(parsed.entry.canonical)) spelled.set(parsed.entry.canonical, raw.trim());
  }
  return canonical.map((c) => spelled.get(c) ?? c);
}

// ---------------------------------------------------------------------------------------------
// From the registered resources

const is = (r: RegisteredResource, cls: string): boolean => isAuthorizationToken(r.type, cls);

function shownParameters(p: Json): Guardrail["parameters"] {
  return Object.entries(p)
    .filter(([k]) => k !== "effect" && k !== "effects")
    .map(([name, v]) => ({ name, json: JSON.stringify(isObject(v) && "value" in v ? v.value : v) }));
}

function guardrailsFrom(resources: readonly RegisteredResource[], config: Json): Guardrail[] {
  // The model rules and the deployment controls have their own sections: everything else in the initiative is a guardrail.
  const ownRules = new Set<string>(Object.keys(RULE_CATALOGUE));
  const out: Guardrail[] = [];
  for (const r of resources) {
    if (!is(r, "PolicySetDefinition")) continue;
    for (const m of Array.isArray(r.inputs.policyDefinitions) ? (r.inputs.policyDefinitions as unknown[]) : []) {
      if (!isObject(m)) continue;
      const referenceId = str(m.policyDefinitionReferenceId) ?? "(no reference id)";
      if (ownRules.has(referenceId)) continue;
      const parameters = isObject(m.parameters) ? m.parameters : {};
      const effect = isObject(parameters.effect) ? str(parameters.effect.value) : isObject(parameters.effects) ? str(parameters.effects.value) : undefined;
      const definitionId = str(m.policyDefinitionId) ?? "";
      const guid = /\/policyDefinitions\/([0-9a-f-]{36})$/i.exec(definitionId)?.[1];
      const g: Guardrail = {
        referenceId,
        definition: guid ? `built-in ${guid}` : `custom ${definitionId.split("/").pop() ?? ""}`,
        parameters: shownParameters(parameters),
      };
      if (effect !== undefined) g.effect = effect;
      out.push(g);
    }
  }
  if (out.length > 0) return out;
  // No baseline initiative was registered (or its shape changed): fall back to the config's keys.
  for (const group of [config.guardrails, config.registryBuiltins]) {
    if (!isObject(group)) continue;
    for (const [key, setting] of Object.entries(group)) {
      const s = isObject(setting) ? setting : {};
      const g: Guardrail = { referenceId: key, parameters: isObject(s.parameters) ? shownParameters(s.parameters) : [] };
      if (str(s.effect)) g.effect = s.effect as string;
      out.push(g);
    }
  }
  return out;
}

function exemptionOf(x: Json, rules: string[], scope: unknown, category: unknown, expiresOn: unknown, reason: unknown): Exemption {
  const e: Exemption = { scope: str(scope) ?? "?", category: str(category) ?? "?", rules };
  if (str(expiresOn)) e.expiresOn = expiresOn as string;
  if (str(reason)) e.reason = reason as string;
  if (str(x.requestedBy)) e.requestedBy = x.requestedBy as string;
  return e;
}

function exemptionsFrom(resources: readonly RegisteredResource[], config: Json): Exemption[] {
  const fromResources = resources
    .filter((r) => is(r, "PolicyExemption"))
    .map((r) => {
      const i = r.inputs;
      const meta = isObject(i.metadata) ? i.metadata : {};
      const rules = strings(meta.rules).length > 0 ? strings(meta.rules) : strings(i.policyDefinitionReferenceIds);
      return exemptionOf(meta, rules, i.scope, i.exemptionCategory, str(i.expiresOn) ?? meta.expiresOn, str(meta.reason) ?? i.description);
    });
  // One exemption in the config may become several Azure exemptions (one per assignment): show each once.
  const seen = new Set<string>();
  const unique = fromResources.filter((e) => {
    const key = JSON.stringify([e.scope.toLowerCase(), e.category, e.expiresOn, e.rules, e.reason, e.requestedBy]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const list =
    unique.length > 0
      ? unique
      : (Array.isArray(config.exemptions)
          ? (config.exemptions as unknown[])
          : isObject(config.baseline) && Array.isArray(config.baseline.exemptions)
            ? (config.baseline.exemptions as unknown[])
            : []
        )
          .filter(isObject)
          .map((x) => exemptionOf(x, strings(x.rules), x.scope, x.category, x.expiresOn, x.reason));
  return list.sort((a, b) => (a.expiresOn ?? "9999").localeCompare(b.expiresOn ?? "9999"));
}

/** EPAC's convention, also the baseline's: flag exemptions that expire within this many days. */
export const EXPIRING_SOON_DAYS = 15;
const DAY_MS = 86_400_000;

/**
 * How an expiry reads: `never`, `expired N days ago`, `in N days` (with `soon` within
 * {@link EXPIRING_SOON_DAYS}); `span` is the `N day(s)` both views print.
 */
export function expiryOf(
  expiresOn: string | undefined,
  now: Date,
): { date?: string; days?: number; span?: string; state: "never" | "expired" | "soon" | "later" | "unreadable" } {
  if (expiresOn === undefined) return { state: "never" };
  const t = Date.parse(expiresOn);
  if (Number.isNaN(t)) return { state: "unreadable", date: expiresOn };
  const days = Math.ceil((t - now.getTime()) / DAY_MS);
  const date = new Date(t).toISOString().slice(0, 10);
  const span = Math.abs(days) === 1 ? "1 day" : `${Math.abs(days)} days`;
  return { date, days, span, state: days < 0 ? "expired" : days <= EXPIRING_SOON_DAYS ? "soon" : "later" };
}

/** Builds the summary (see module docs). */
export function reviewSummary(input: ReviewSummaryInput): ReviewSummary {
  const config = isObject(input.effectiveConfig) ? input.effectiveConfig : {};
  const written = isObject(input.writtenConfig) ? input.writtenConfig : {};
  return {
    settings: settingsOf(config),
    blockedModels: asWritten(strings(config.blockedModels), written.blockedModels),
    allowedModels: asWritten(strings(config.allowedModels), written.allowedModels),
    guardrails: guardrailsFrom(input.resources, config),
    exemptions: exemptionsFrom(input.resources, config),
    warnings: [...(input.warnings ?? [])],
  };
}

/** Counts of registered custom resources by type name, e.g. `5 PolicyDefinition, 1 PolicySetDefinition`. */
export function resourceCounts(resources: readonly RegisteredResource[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of resources) {
    if (!r.custom) continue;
    const t = r.type.split(":").pop() ?? r.type;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts.size === 0 ? undefined : [...counts.entries()].map(([t, n]) => `${n} ${t}`).join(", ");
}

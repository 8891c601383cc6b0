/**
 * `render --format markdown`: a summary of what a stack (or config file) would deploy that a
 * reviewer can read in a pull request — scopes, effect and enforcement mode, trusted registries,
 * blocked and approved models, workspace models, the assignments, guardrails, and exemptions with
 * their expiry.
 *
 * Sources, read defensively (a key that is absent or of another shape is skipped, and a section
 * with nothing to show is omitted):
 * - the effective config (the component's `effectiveConfig` output, exported by the stack);
 * - the resources the program registered under mocks (what would actually be created): the
 *   initiatives' members, the assignments, the exemptions.
 */
import type { RegisteredResource } from "./program/mock-run";
import { DENY_RULES } from "../core/enums";
import { mdCell, mdCode } from "./markdown";

/** What the summary is built from. */
export interface MarkdownSummaryInput {
  /** `stack 'prod' of project 'x'`, `config file gov.yaml`. */
  title: string;
  /** The effective config (plain JSON), if the program exports one. */
  effectiveConfig: unknown;
  resources: readonly RegisteredResource[];
  /** The clock for "expires in N days" (default: now). */
  now?: Date;
}

/** EPAC's convention, also the baseline's: flag exemptions that expire within this many days. */
const EXPIRING_SOON_DAYS = 15;
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const typeName = (token: string): string => token.split(":").pop() ?? token;

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? empty : items.map(mdCode).join(", ");
}

const EFFECT_MEANING: Record<string, string> = {
  Deny: "non-compliant deployments are refused (pack: mandatory)",
  Audit: "non-compliant deployments are reported, not refused (pack: advisory)",
  Disabled: "the model rules are not evaluated",
};

function settings(c: Json): string[] {
  const rows: Array<[string, string]> = [];
  const scopes = strings(c.scopes);
  if (scopes.length > 0) rows.push(["assignment scopes", scopes.map(mdCode).join("<br>")]);
  if (str(c.definitionScope)) rows.push(["definition scope", mdCode(c.definitionScope as string)]);
  if (str(c.effect))
    rows.push(["effect", `**${mdCell(c.effect as string)}**${EFFECT_MEANING[c.effect as string] ? `: ${EFFECT_MEANING[c.effect as string]}` : ""}`]);
  if (str(c.enforcementMode)) {
    const mode = c.enforcementMode as string;
    rows.push(["enforcement mode", `${mdCode(mode)}${mode === "DoNotEnforce" ? ": evaluated and reported, never blocked" : ""}`]);
  }
  if (Array.isArray(c.allowedRegistries)) rows.push(["trusted registries", list(strings(c.allowedRegistries), "none")]);
  if (Array.isArray(c.allowedPublishers))
    rows.push(["trusted publishers (Foundry catalog models)", list(strings(c.allowedPublishers), "none: every catalog model deployment is denied")]);
  if (Array.isArray(c.allowedModels)) {
    const approved = strings(c.allowedModels);
    rows.push([
      "approved models",
      approved.length === 0
        ? "any model from a trusted registry or publisher (`allowedModels` is empty)"
        : `${approved.length} (listed below; the list restricts registry and catalog models alike)`,
    ]);
  }
  if (Array.isArray(c.blockedModels)) {
    const blocked = strings(c.blockedModels);
    rows.push(["blocked models", blocked.length === 0 ? "none" : `${blocked.length} (listed below)`]);
  }
  if (str(c.workspaceModels))
    rows.push([
      "workspace models",
      `${mdCode(c.workspaceModels as string)}${c.workspaceModels === "Deny" ? ": only registry models may be deployed" : ": non-registry models are allowed"}`,
    ]);
  const notScopes = strings(c.notScopes);
  if (notScopes.length > 0) rows.push(["excluded (notScopes)", notScopes.map(mdCode).join("<br>")]);
  if (str(c.owner)) rows.push(["owner", mdCell(c.owner as string)]);
  if (str(c.nonComplianceMessage)) rows.push(["non-compliance message", mdCell(c.nonComplianceMessage as string)]);
  if (rows.length === 0) return [];
  return ["| setting | value |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`), ""];
}

function modelList(title: string, entries: readonly string[], note: string): string[] {
  if (entries.length === 0) return [];
  return [`### ${title}`, "", note, "", ...entries.map((e) => `- ${mdCode(e)}`), ""];
}

// ---------------------------------------------------------------------------------------------
// From the registered resources

const is = (r: RegisteredResource, cls: string): boolean =>
  new RegExp(`^azure-native:authorization(?:/v[0-9a-z]+)?:${cls}(?:AtManagementGroup)?$`, "i").test(r.type);

/** Counts of registered resources by type, for the overview. */
function resourceCounts(resources: readonly RegisteredResource[]): string[] {
  const counts = new Map<string, number>();
  for (const r of resources) if (r.custom) counts.set(typeName(r.type), (counts.get(typeName(r.type)) ?? 0) + 1);
  if (counts.size === 0) return [];
  const parts = [...counts.entries()].map(([t, n]) => `${n} ${t}`);
  return [`Would register ${parts.join(", ")}.`, ""];
}

interface Member {
  initiative: string;
  referenceId: string;
  definitionId: string;
  effect?: string;
  parameters: Json;
}

function initiativeMembers(resources: readonly RegisteredResource[]): Member[] {
  const out: Member[] = [];
  for (const r of resources) {
    if (!is(r, "PolicySetDefinition")) continue;
    const initiative = str(r.inputs.policySetDefinitionName) ?? r.name;
    for (const m of Array.isArray(r.inputs.policyDefinitions) ? (r.inputs.policyDefinitions as unknown[]) : []) {
      if (!isObject(m)) continue;
      const parameters = isObject(m.parameters) ? m.parameters : {};
      const effect = isObject(parameters.effect) ? str(parameters.effect.value) : isObject(parameters.effects) ? str(parameters.effects.value) : undefined;
      const member: Member = {
        initiative,
        referenceId: str(m.policyDefinitionReferenceId) ?? "(no reference id)",
        definitionId: str(m.policyDefinitionId) ?? "",
        parameters,
      };
      if (effect !== undefined) member.effect = effect;
      out.push(member);
    }
  }
  return out;
}

function assignments(resources: readonly RegisteredResource[]): string[] {
  const rows = resources
    .filter((r) => is(r, "PolicyAssignment"))
    .map((r) => {
      const i = r.inputs;
      const initiative = (str(i.policyDefinitionId) ?? "").split("/").pop() ?? "";
      const params = isObject(i.parameters) ? i.parameters : {};
      const effect = isObject(params.effect) ? str(params.effect.value) : undefined;
      const identity =
        isObject(i.identity) && str(i.identity.type) ? `${i.identity.type as string}${str(i.location) ? ` (${i.location as string})` : ""}` : "–";
      return `| ${mdCode(str(i.scope) ?? "?")} | ${mdCode(str(i.policyAssignmentName) ?? r.name)} | ${mdCode(initiative)} | ${str(i.enforcementMode) ?? "Default"} | ${effect ?? "–"} | ${identity} |`;
    });
  if (rows.length === 0) return [];
  return ["### Assignments", "", "| scope | assignment | initiative | enforcement | effect | identity |", "|---|---|---|---|---|---|", ...rows, ""];
}

function shownParameters(p: Json): string {
  const entries = Object.entries(p).filter(([k]) => k !== "effect" && k !== "effects");
  if (entries.length === 0) return "–";
  return entries.map(([k, v]) => `${k}: ${mdCode(JSON.stringify(isObject(v) && "value" in v ? v.value : v))}`).join("<br>");
}

function guardrails(resources: readonly RegisteredResource[], config: Json): string[] {
  const modelRules = new Set<string>(DENY_RULES);
  const members = initiativeMembers(resources).filter((m) => !modelRules.has(m.referenceId));
  const rows: string[] = [];
  if (members.length > 0) {
    for (const m of members) {
      const guid = /\/policyDefinitions\/([0-9a-f-]{36})$/i.exec(m.definitionId)?.[1];
      const definition = guid ? `built-in ${mdCode(guid)}` : `custom ${mdCode(m.definitionId.split("/").pop() ?? "")}`;
      rows.push(`| ${mdCode(m.referenceId)} | ${definition} | ${m.effect ?? "–"} | ${shownParameters(m.parameters)} |`);
    }
  } else {
    // No baseline initiative was registered (or its shape changed): fall back to the config's keys.
    for (const group of [config.guardrails, config.registryBuiltins]) {
      if (!isObject(group)) continue;
      for (const [key, setting] of Object.entries(group)) {
        const s = isObject(setting) ? setting : {};
        rows.push(`| ${mdCode(key)} | – | ${str(s.effect) ?? "default"} | ${isObject(s.parameters) ? shownParameters(s.parameters) : "–"} |`);
      }
    }
  }
  if (rows.length === 0) return [];
  return ["### Guardrails and registry built-ins", "", "| key | definition | effect | parameters |", "|---|---|---|---|", ...rows, ""];
}

interface Exemption {
  scope: string;
  category: string;
  expiresOn?: string;
  rules: string[];
  reason?: string;
  requestedBy?: string;
}

function exemptionsFrom(resources: readonly RegisteredResource[], config: Json): Exemption[] {
  const fromResources = resources
    .filter((r) => is(r, "PolicyExemption"))
    .map((r): Exemption => {
      const i = r.inputs;
      const meta = isObject(i.metadata) ? i.metadata : {};
      const rules = strings(meta.rules).length > 0 ? strings(meta.rules) : strings(i.policyDefinitionReferenceIds);
      const e: Exemption = { scope: str(i.scope) ?? "?", category: str(i.exemptionCategory) ?? "?", rules };
      const expiresOn = str(i.expiresOn) ?? str(meta.expiresOn);
      if (expiresOn) e.expiresOn = expiresOn;
      const reason = str(meta.reason) ?? str(i.description);
      if (reason) e.reason = reason;
      if (str(meta.requestedBy)) e.requestedBy = meta.requestedBy as string;
      return e;
    });
  // One exemption in the config may become several Azure exemptions (one per assignment): show each once.
  const seen = new Set<string>();
  const unique = fromResources.filter((e) => {
    const key = JSON.stringify([e.scope.toLowerCase(), e.category, e.expiresOn, e.rules, e.reason, e.requestedBy]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length > 0) return unique;
  const configured = Array.isArray(config.exemptions)
    ? config.exemptions
    : isObject(config.baseline) && Array.isArray(config.baseline.exemptions)
      ? config.baseline.exemptions
      : [];
  return (configured as unknown[]).filter(isObject).map((x): Exemption => {
    const e: Exemption = { scope: str(x.scope) ?? "?", category: str(x.category) ?? "?", rules: strings(x.rules) };
    if (str(x.expiresOn)) e.expiresOn = x.expiresOn as string;
    if (str(x.reason)) e.reason = x.reason as string;
    if (str(x.requestedBy)) e.requestedBy = x.requestedBy as string;
    return e;
  });
}

function expiry(expiresOn: string | undefined, now: Date): string {
  if (expiresOn === undefined) return "**never** ⚠️";
  const t = Date.parse(expiresOn);
  if (Number.isNaN(t)) return mdCell(expiresOn);
  const days = Math.ceil((t - now.getTime()) / DAY_MS);
  const date = new Date(t).toISOString().slice(0, 10);
  if (days < 0) return `${date} (**expired** ${-days} day${days === -1 ? "" : "s"} ago)`;
  return `${date} (in ${days} day${days === 1 ? "" : "s"}${days <= EXPIRING_SOON_DAYS ? " ⚠️" : ""})`;
}

function exemptions(resources: readonly RegisteredResource[], config: Json, now: Date): string[] {
  const list = exemptionsFrom(resources, config).sort((a, b) => (a.expiresOn ?? "9999").localeCompare(b.expiresOn ?? "9999"));
  if (list.length === 0) return [];
  return [
    "### Exemptions",
    "",
    "| scope | rules | category | expires | reason | requested by |",
    "|---|---|---|---|---|---|",
    ...list.map(
      (e) =>
        `| ${mdCode(e.scope)} | ${e.rules.length === 0 ? "all" : e.rules.map(mdCode).join(", ")} | ${mdCell(e.category)} | ${expiry(e.expiresOn, now)} | ${mdCell(e.reason ?? "–")} | ${mdCell(e.requestedBy ?? "–")} |`,
    ),
    "",
  ];
}

function monitoring(resources: readonly RegisteredResource[]): string[] {
  const alert = resources.find((r) => /:ActivityLogAlert$/.test(r.type));
  const group = resources.find((r) => /:ActionGroup$/.test(r.type));
  if (!alert && !group) return [];
  const receivers =
    group && Array.isArray(group.inputs.emailReceivers)
      ? (group.inputs.emailReceivers as unknown[]).filter(isObject).map((e) => str(e.emailAddress) ?? "?")
      : [];
  return [
    "### Monitoring",
    "",
    `An activity-log alert on Azure Policy deny events${receivers.length > 0 ? `, e-mailing ${receivers.map(mdCode).join(", ")}` : ""}.`,
    "",
  ];
}

/** The Markdown summary (see module docs). Ends with a newline. */
export function formatMarkdownSummary(input: MarkdownSummaryInput): string {
  const config = isObject(input.effectiveConfig) ? input.effectiveConfig : {};
  const now = input.now ?? new Date();
  const out: string[] = [`## Azure ML model governance: ${mdCell(input.title)}`, ""];
  out.push(...resourceCounts(input.resources));
  out.push(...settings(config));
  out.push(
    ...modelList(
      "Blocked models",
      strings(config.blockedModels),
      "Never deployable: registry models (`azureml://…`) and Foundry catalog models (`{publisher}/{model}`). An entry without `/versions/` blocks every version; with one, also every deployment that pins no version.",
    ),
  );
  out.push(
    ...modelList(
      "Approved models",
      strings(config.allowedModels),
      "The only models that may be deployed, registry and catalog alike. An entry without `/versions/` covers every version; a catalog version counts only when held (`versionUpgradeOption` NoAutoUpgrade).",
    ),
  );
  out.push(...assignments(input.resources));
  out.push(...guardrails(input.resources, config));
  out.push(...exemptions(input.resources, config, now));
  out.push(...monitoring(input.resources));
  out.push("_Rendered offline by `azure-ml-governance render --format markdown` (Pulumi mocks, no cloud calls)._");
  return `${out.join("\n")}\n`;
}

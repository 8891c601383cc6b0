/**
 * `render --format markdown`: a summary of what a stack (or config file) would deploy that a
 * reviewer can read in a pull request — scopes, effect and enforcement mode, trusted registries,
 * blocked and approved models (as written in the config), every other effective-config setting,
 * the assignments, guardrails, exemptions with their expiry, and the warnings.
 *
 * The facts come from {@link reviewSummary} (`review-summary.ts`), which `render`'s text view also
 * prints; this file only lays them out as Markdown, plus the assignment table and monitoring,
 * which only the Markdown view shows.
 */
import { isAuthorizationToken } from "../core/pulumi-tokens";
import type { RegisteredResource } from "./program/mock-run";
import { mdCell, mdCode, mdTable, mdTableSection } from "./markdown";
import { expiryOf, resourceCounts, reviewSummary, Setting, type Exemption, type Guardrail } from "./review-summary";
import { deploymentControlsSection } from "./deployment-controls-summary";
import { pulumiCloudSection } from "./markdown-pulumi-cloud";

/** What the summary is built from. */
export interface MarkdownSummaryInput {
  /** `stack 'prod' of project 'x'`, `config file gov.yaml`. */
  title: string;
  /** The effective config (plain JSON): the `effectiveConfig` export or the component's registered output. */
  effectiveConfig: unknown;
  /** The config as written, so model ids are shown as spelled there. */
  writtenConfig?: unknown;
  resources: readonly RegisteredResource[];
  /** Warnings from the config and the program (`pulumi.log.warn`). */
  warnings?: readonly string[];
  /** The clock for "expires in N days" (default: now). */
  now?: Date;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function settingCell(s: Setting): string {
  const parts: string[] = [];
  if (s.strong !== undefined) parts.push(`**${mdCell(s.strong)}**`);
  if (s.codes !== undefined && s.codes.length > 0) parts.push(s.codes.map(mdCode).join(s.stacked ? "<br>" : ", "));
  const head = parts.join(" ");
  if (s.text === undefined) return head;
  return head === "" ? mdCell(s.text) : `${head}: ${mdCell(s.text)}`;
}

function settings(rows: readonly Setting[]): string[] {
  if (rows.length === 0) return [];
  return [
    ...mdTable(
      ["setting", "value"],
      rows.map((r) => `| ${r.label} | ${settingCell(r)} |`),
    ),
    "",
  ];
}

function modelList(title: string, entries: readonly string[], note: string): string[] {
  if (entries.length === 0) return [];
  return [`### ${title}`, "", note, "", ...entries.map((e) => `- ${mdCode(e)}`), ""];
}

function warnings(list: readonly string[]): string[] {
  if (list.length === 0) return [];
  return [`### ⚠️ Warnings (${list.length})`, "", ...list.map((w) => `- ${mdCell(w)}`), ""];
}

// ---------------------------------------------------------------------------------------------
// From the registered resources

const is = (r: RegisteredResource, cls: string): boolean => isAuthorizationToken(r.type, cls);

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
  return mdTableSection("Assignments", ["scope", "assignment", "initiative", "enforcement", "effect", "identity"], rows);
}

function guardrails(list: readonly Guardrail[]): string[] {
  const rows = list.map((g) => {
    const [kind, id] = g.definition === undefined ? [] : g.definition.split(" ");
    const definition = kind === undefined ? "–" : `${kind} ${mdCode(id ?? "")}`;
    const parameters = g.parameters.length === 0 ? "–" : g.parameters.map((p) => `${mdCell(p.name)}: ${mdCode(p.json)}`).join("<br>");
    return `| ${mdCode(g.referenceId)} | ${definition} | ${g.effect ?? (g.definition === undefined ? "default" : "–")} | ${parameters} |`;
  });
  return mdTableSection("Guardrails and registry built-ins", ["key", "definition", "effect", "parameters"], rows);
}

function expiry(expiresOn: string | undefined, now: Date): string {
  const e = expiryOf(expiresOn, now);
  switch (e.state) {
    case "never":
      return "**never** ⚠️";
    case "unreadable":
      return mdCell(e.date ?? "");
    case "expired":
      return `${e.date} (**expired** ${e.span} ago)`;
    default:
      return `${e.date} (in ${e.span}${e.state === "soon" ? " ⚠️" : ""})`;
  }
}

function exemptions(list: readonly Exemption[], now: Date): string[] {
  const rows = list.map(
    (e) =>
      `| ${mdCode(e.scope)} | ${e.rules.length === 0 ? "all" : e.rules.map(mdCode).join(", ")} | ${mdCell(e.category)} | ${expiry(e.expiresOn, now)} | ${mdCell(e.reason ?? "–")} | ${mdCell(e.requestedBy ?? "–")} |`,
  );
  return mdTableSection("Exemptions", ["scope", "rules", "category", "expires", "reason", "requested by"], rows);
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
  const summary = reviewSummary(input);
  const now = input.now ?? new Date();
  const out: string[] = [`## Azure ML model governance: ${mdCell(input.title)}`, ""];
  const counts = resourceCounts(input.resources);
  if (counts !== undefined) out.push(`Would register ${counts}.`, "");
  out.push(...warnings(summary.warnings));
  out.push(...settings(summary.settings));
  out.push(
    ...modelList(
      "Blocked models",
      summary.blockedModels,
      "Never deployable: registry models (`azureml://…`) and Foundry catalog models (`{publisher}/{model}`). An entry without `/versions/` blocks every version; with one, also every deployment that pins no version.",
    ),
  );
  out.push(
    ...modelList(
      "Approved models",
      summary.allowedModels,
      "The only models that may be deployed, registry and catalog alike. An entry without `/versions/` covers every version; a catalog version counts only when held (`versionUpgradeOption` NoAutoUpgrade).",
    ),
  );
  if (isObject(input.effectiveConfig)) out.push(...deploymentControlsSection(input.effectiveConfig));
  out.push(...assignments(input.resources));
  out.push(...guardrails(summary.guardrails));
  out.push(...exemptions(summary.exemptions, now));
  out.push(...monitoring(input.resources));
  out.push(...pulumiCloudSection(input.resources));
  out.push("_Rendered offline by `azure-ml-governance render --format markdown` (Pulumi mocks, no cloud calls)._");
  return `${out.join("\n")}\n`;
}

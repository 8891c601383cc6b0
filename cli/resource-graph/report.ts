/**
 * The estate audit, written for a person: the summary in text (terminal) and Markdown (the pull
 * request that flips Audit to Deny). The JSON form is written by `audit.ts` as rows stream.
 */
import { mdCell, mdCode } from "../markdown";
import { VerdictChange, VerdictChanges } from "./compare";
import { EstateSummary, ScopeCount } from "./tally";

/** Scopes listed per table in text and Markdown (JSON lists all). */
export const SCOPES_SHOWN = 20;
/** Rows listed per table in Markdown (text and JSON list all). */
export const ROWS_SHOWN = 50;

/** Everything a report says besides the counts. */
export interface ReportContext {
  /** `3 pages, 12,000 rows from rg.json`. */
  input: string;
  rulesFrom: string;
  failAbove?: number;
  compare?: { from: string; before: EstateSummary; changes: VerdictChanges };
}

const n = (x: number): string => x.toLocaleString("en-US");
/** A share as a percentage with one decimal; a share that is not zero never reads as 0.0%. */
export function pct(x: number): string {
  if (x > 0 && x < 0.0005) return "<0.1%";
  return `${(x * 100).toFixed(1)}%`;
}
const plural = (count: number, word: string): string => `${n(count)} ${word}${count === 1 ? "" : "s"}`;

/** Whether the denied share is above the `--fail-above` threshold (a percentage). */
export function aboveThreshold(s: EstateSummary, failAbove: number): boolean {
  return s.deniedShare * 100 > failAbove;
}

function gateLine(s: EstateSummary, failAbove: number): string {
  return aboveThreshold(s, failAbove)
    ? `--fail-above ${failAbove}%: ${pct(s.deniedShare)} would be denied, above the threshold: not ready for Deny (exit 1).`
    : `--fail-above ${failAbove}%: ${pct(s.deniedShare)} would be denied, within the threshold: ready for Deny (exit 0).`;
}

function scopeName(s: ScopeCount): string {
  return s.displayName !== undefined && s.displayName !== s.scope ? `${s.displayName} (${s.scope})` : s.scope;
}

function shownNote(total: number): string {
  return total > SCOPES_SHOWN ? ` (${SCOPES_SHOWN} of ${n(total)} shown, most denied first; --format json lists all)` : "";
}

// ---------------------------------------------------------------------------------------------
// Text

function textScopes(title: string, scopes: readonly ScopeCount[]): string[] {
  if (scopes.length === 0) return [];
  const lines = ["", `${title}${shownNote(scopes.length)}`, `  ${"deployments".padStart(11)}  ${"denied".padStart(8)}  ${"share".padStart(6)}  scope`];
  for (const s of scopes.slice(0, SCOPES_SHOWN))
    lines.push(`  ${n(s.deployments).padStart(11)}  ${n(s.denied).padStart(8)}  ${pct(s.deniedShare).padStart(6)}  ${scopeName(s)}`);
  return lines;
}

function textChange(c: VerdictChange): string {
  const now = c.after ?? c.before;
  const was = c.before === null ? "not governed" : c.before.allowed ? "allowed" : `denied [${c.before.rule}]`;
  const is = c.after === null ? "not governed" : c.after.allowed ? "allowed" : `denied [${c.after.rule}]`;
  return `  ${c.resource}\n      ${c.modelId ?? "(no model id)"}: ${was} → ${is}${now && !now.allowed ? `: ${now.reason}` : ""}`;
}

/** The text summary (printed after the DENY lines). */
export function formatTextSummary(s: EstateSummary, ctx: ReportContext): string {
  const lines = [
    "",
    `Resource Graph: ${ctx.input}; rules from ${ctx.rulesFrom}.`,
    `${plural(s.rows, "row")}: ${plural(s.deployments, "model deployment")} decided, ${n(s.notApplicable.count)} of a governed type the rules do not apply to, ${n(s.otherTypes)} of other types` +
      (s.duplicates > 0 ? ` (${plural(s.duplicates, "duplicate row")} skipped)` : "") +
      ".",
    `Would be denied: ${n(s.denied)} of ${plural(s.deployments, "model deployment")} (${pct(s.deniedShare)}).`,
  ];
  if (ctx.failAbove !== undefined) lines.push(gateLine(s, ctx.failAbove));
  if (s.byRule.length > 0) {
    lines.push("", "Denied by rule", `  ${"denied".padStart(8)}  ${"share".padStart(6)}  rule`);
    for (const r of s.byRule) lines.push(`  ${n(r.denied).padStart(8)}  ${pct(r.share).padStart(6)}  ${r.rule}`);
  }
  lines.push(...textScopes("By management group (every deployment beneath it)", s.byManagementGroup));
  lines.push(...textScopes("By subscription", s.bySubscription));
  lines.push(...textScopes("By resource group", s.byResourceGroup));
  lines.push(...textScopes("By type", s.byType));
  const reasons = Object.entries(s.notApplicable.byReason);
  if (reasons.length > 0) {
    lines.push("", "Not governed by the model rules");
    for (const [reason, count] of reasons) lines.push(`  ${n(count).padStart(8)}  ${reason}`);
  }
  if (ctx.compare) {
    const { before, changes, from } = ctx.compare;
    lines.push(
      "",
      `Compared with ${from}: would be denied ${n(before.denied)} (${pct(before.deniedShare)}) → ${n(s.denied)} (${pct(s.deniedShare)}).`,
      `Newly denied: ${n(changes.newlyDenied.length)}`,
      ...changes.newlyDenied.map(textChange),
      `Newly allowed: ${n(changes.newlyAllowed.length)}`,
      ...changes.newlyAllowed.map(textChange),
    );
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

function mdScopes(title: string, label: string, scopes: readonly ScopeCount[]): string[] {
  if (scopes.length === 0) return [];
  const out = [`#### ${title}${shownNote(scopes.length)}`, "", `| ${label} | deployments | would be denied | share |`, "|---|---:|---:|---:|"];
  for (const s of scopes.slice(0, SCOPES_SHOWN)) out.push(`| ${mdCode(scopeName(s))} | ${n(s.deployments)} | ${n(s.denied)} | ${pct(s.deniedShare)} |`);
  return [...out, ""];
}

function mdChanges(title: string, changes: readonly VerdictChange[]): string[] {
  const out = [`##### ${title}: ${n(changes.length)}${changes.length > ROWS_SHOWN ? ` (first ${ROWS_SHOWN} shown; --format json lists all)` : ""}`, ""];
  if (changes.length === 0) return out;
  out.push("| resource | model | before | after |", "|---|---|---|---|");
  const verdict = (v: VerdictChange["before"]) => (v === null ? "not governed" : v.allowed ? "✅ allowed" : `❌ \`${v.rule}\`: ${mdCell(v.reason)}`);
  for (const c of changes.slice(0, ROWS_SHOWN))
    out.push(`| ${mdCode(c.resource)} | ${c.modelId === null ? "–" : mdCode(c.modelId)} | ${verdict(c.before)} | ${verdict(c.after)} |`);
  return [...out, ""];
}

/** One denied row for the Markdown table. */
export interface DeniedRow {
  resource: string;
  type: string;
  modelId: string | null;
  rule: string;
  reason: string;
}

/** The Markdown report; `denied` holds the first {@link ROWS_SHOWN} denied rows. */
export function formatMarkdown(s: EstateSummary, ctx: ReportContext, denied: readonly DeniedRow[]): string {
  const head =
    s.denied === 0
      ? "✅ no model deployment would be denied"
      : `❌ ${n(s.denied)} of ${n(s.deployments)} model deployments would be denied (${pct(s.deniedShare)})`;
  const out = [`### Azure ML model governance: estate audit, ${head}`, ""];
  out.push(
    `Resource Graph: ${mdCell(ctx.input)}; rules from ${mdCell(ctx.rulesFrom)}. ` +
      `${plural(s.deployments, "model deployment")} decided, ${n(s.notApplicable.count)} of a governed type the rules do not apply to, ${n(s.otherTypes)} of other types` +
      (s.duplicates > 0 ? `, ${plural(s.duplicates, "duplicate row")} skipped` : "") +
      ".",
    "",
  );
  if (ctx.failAbove !== undefined)
    out.push(`**${aboveThreshold(s, ctx.failAbove) ? "❌ Not ready for Deny" : "✅ Ready for Deny"}.** ${mdCell(gateLine(s, ctx.failAbove))}`, "");
  if (s.byRule.length > 0) {
    out.push("| rule | would be denied | share of all deployments |", "|---|---:|---:|");
    for (const r of s.byRule) out.push(`| \`${r.rule}\` | ${n(r.denied)} | ${pct(r.share)} |`);
    out.push("");
  }
  out.push(...mdScopes("By management group (every deployment beneath it)", "management group", s.byManagementGroup));
  out.push(...mdScopes("By subscription", "subscription", s.bySubscription));
  out.push(...mdScopes("By resource group", "subscription/resource group", s.byResourceGroup));
  if (denied.length > 0) {
    out.push(`#### Would be denied${s.denied > denied.length ? ` (first ${denied.length} of ${n(s.denied)}; --format json lists all)` : ""}`, "");
    out.push("| resource | type | model | rule | reason |", "|---|---|---|---|---|");
    for (const d of denied)
      out.push(`| ${mdCode(d.resource)} | ${mdCode(d.type)} | ${d.modelId === null ? "–" : mdCode(d.modelId)} | \`${d.rule}\` | ${mdCell(d.reason)} |`);
    out.push("");
  }
  if (ctx.compare) {
    const { before, changes, from } = ctx.compare;
    out.push(
      `#### Compared with ${mdCell(from)}`,
      "",
      `Would be denied: ${n(before.denied)} (${pct(before.deniedShare)}) → ${n(s.denied)} (${pct(s.deniedShare)}).`,
      "",
    );
    out.push(...mdChanges("Newly denied", changes.newlyDenied), ...mdChanges("Newly allowed", changes.newlyAllowed));
  }
  return `${out.join("\n")}`;
}

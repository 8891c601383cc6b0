/**
 * `check --resource-graph`: every row of Resource Graph output decided as it streams in, counted
 * for the summary, and written out (JSON results and text DENY lines as they come, so output is not
 * held either). With `--compare`, each row is decided under both configs in the same pass.
 *
 * Exit code: with `--fail-above PERCENT`, 1 when the denied share is above it; otherwise 1 when any
 * deployment would be denied (as `check` does for its other inputs).
 */
import { CompiledRules } from "../../core/decision";
import type { Io } from "../command";
import { VerdictChanges } from "./compare";
import { readResourceGraph } from "./read";
import { aboveThreshold, DeniedRow, formatMarkdown, formatTextSummary, ROWS_SHOWN } from "./report";
import { decideRow, EstateRow, readRow, RowVerdict } from "./rows";
import { EstateSummary, EstateTally } from "./tally";

/** What to audit, and how. */
export interface AuditOptions {
  /** Resource Graph output files (`-` for standard input). */
  files: readonly string[];
  rules: CompiledRules;
  /** `config file x.yaml` / `stack 'prod'`. */
  rulesFrom: string;
  /** The config in force, to compare the proposed one (`rules`) with. */
  compare?: { rules: CompiledRules; from: string };
  /** `--fail-above`: a percentage. */
  failAbove?: number;
  format: "text" | "json" | "markdown";
  color: boolean;
}

/** Batches writes: one `io.out` per 64 KiB instead of one per row. */
class Output {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly io: Io) {}
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) this.io.out(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

const RED = "\u001b[1m\u001b[31m";
const RESET = "\u001b[0m";

/** The JSON result of one decided row: `check`'s result contract, plus where the row lives. */
function jsonResult(row: EstateRow, v: Extract<RowVerdict, { kind: "decided" }>, source: string): string {
  return JSON.stringify({
    resource: row.id,
    type: row.type,
    modelId: v.decision.reference?.canonical ?? null,
    allowed: v.decision.allowed,
    rule: v.decision.rule,
    reason: v.decision.reason,
    where: v.where,
    source,
    subscriptionId: row.subscriptionId ?? null,
    resourceGroup: row.resourceGroup ?? null,
    managementGroups: row.managementGroups.map((g) => g.name),
  });
}

/** Runs the audit, writes the report, returns the exit code. */
export async function auditResourceGraph(opts: AuditOptions, io: Io): Promise<number> {
  const out = new Output(io);
  const tally = new EstateTally();
  const before = opts.compare ? new EstateTally() : undefined;
  const changes = new VerdictChanges();
  const denied: DeniedRow[] = [];
  const seen = new Set<string>();
  let results = 0;
  let pages = 0;
  let rows = 0;
  if (opts.format === "json") out.write('{"results":[');

  for (const file of opts.files) {
    const source = file === "-" ? "standard input" : file;
    const stats = await readResourceGraph(file, (raw, index) => {
      const row = readRow(raw, index);
      if (row.id.startsWith("/")) {
        // Resource ids are case-insensitive; the same id twice is an overlapping or repeated page.
        const key = row.id.toLowerCase();
        if (seen.has(key)) {
          tally.duplicate();
          before?.duplicate();
          return;
        }
        seen.add(key);
      }
      const verdict = decideRow(row, opts.rules);
      tally.add(row, verdict);
      if (opts.compare && before) {
        const old = decideRow(row, opts.compare.rules);
        before.add(row, old);
        changes.note(row, old, verdict);
      }
      if (verdict.kind !== "decided") return;
      const d = verdict.decision;
      switch (opts.format) {
        case "json":
          out.write(`${results++ === 0 ? "\n" : ",\n"}${jsonResult(row, verdict, source)}`);
          break;
        case "text":
          if (!d.allowed) out.write(`${opts.color ? `${RED}DENY ${RESET}` : "DENY "} ${row.id}\n      ${verdict.where} [${d.rule}]: ${d.reason}\n`);
          break;
        case "markdown":
          if (!d.allowed && denied.length < ROWS_SHOWN)
            denied.push({ resource: row.id, type: row.type, modelId: d.reference?.canonical ?? null, rule: d.rule, reason: d.reason });
          break;
      }
    });
    pages += stats.pages;
    rows += stats.rows;
  }

  const summary = tally.summary();
  const input = `${opts.files.map((f) => (f === "-" ? "standard input" : f)).join(", ")} (${pages} page${pages === 1 ? "" : "s"}, ${rows.toLocaleString("en-US")} rows)`;
  const ctx = {
    input,
    rulesFrom: opts.rulesFrom,
    ...(opts.failAbove === undefined ? {} : { failAbove: opts.failAbove }),
    ...(opts.compare && before ? { compare: { from: opts.compare.from, before: before.summary(), changes } } : {}),
  };
  switch (opts.format) {
    case "json": {
      const tail: { summary: EstateSummary; failAbove?: { percent: number; above: boolean }; compare?: unknown } = { summary };
      if (opts.failAbove !== undefined) tail.failAbove = { percent: opts.failAbove, above: aboveThreshold(summary, opts.failAbove) };
      if (ctx.compare)
        tail.compare = { from: ctx.compare.from, before: ctx.compare.before, newlyDenied: changes.newlyDenied, newlyAllowed: changes.newlyAllowed };
      const rest = JSON.stringify(tail, null, 2);
      out.write(`${results === 0 ? "" : "\n"}],\n${rest.slice(rest.indexOf("\n") + 1)}\n`);
      break;
    }
    case "text":
      out.write(formatTextSummary(summary, ctx));
      break;
    case "markdown":
      out.write(formatMarkdown(summary, ctx, denied));
      break;
  }
  out.flush();
  if (opts.failAbove !== undefined) return aboveThreshold(summary, opts.failAbove) ? 1 : 0;
  return summary.denied > 0 ? 1 : 0;
}

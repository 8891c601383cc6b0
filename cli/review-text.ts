/**
 * The reviewer's summary ({@link reviewSummary}) as plain text: what `render` prints before any
 * resource, so the first screen answers "what does this stack enforce?".
 */
import { expiryOf, type ReviewSummary, type Setting } from "./review-summary";

function settingLine(s: Setting): string {
  const parts: string[] = [];
  if (s.strong !== undefined) parts.push(s.strong);
  if (s.codes !== undefined && s.codes.length > 0 && !s.stacked) parts.push(s.codes.join(", "));
  const head = parts.join(" ");
  const value = s.text === undefined ? head : head === "" ? s.text : `${head}: ${s.text}`;
  const stacked = s.stacked && s.codes !== undefined ? s.codes.map((c) => `\n    ${c}`).join("") : "";
  return `  ${s.label}:${value === "" ? "" : ` ${value}`}${stacked}`;
}

function expiryText(expiresOn: string | undefined, now: Date): string {
  const e = expiryOf(expiresOn, now);
  switch (e.state) {
    case "never":
      return "never expires (!)";
    case "unreadable":
      return `expires ${e.date ?? "?"}`;
    case "expired":
      return `EXPIRED ${e.date} (${e.span} ago)`;
    default:
      return `expires ${e.date} (in ${e.span}${e.state === "soon" ? ", soon (!)" : ""})`;
  }
}

/** The summary as indented text sections; ends with a newline. */
export function formatReviewText(summary: ReviewSummary, now: Date = new Date()): string {
  const out: string[] = ["What it enforces:"];
  if (summary.settings.length === 0) out.push("  (no effective config: the program created no MlDeploymentGovernance)");
  for (const s of summary.settings) {
    out.push(settingLine(s));
    if (s.key === "blockedModels") out.push(...summary.blockedModels.map((m) => `    - ${m}`));
    if (s.key === "allowedModels") out.push(...summary.allowedModels.map((m) => `    - ${m}`));
  }
  if (summary.guardrails.length > 0) {
    out.push("", `Guardrails and registry built-ins (${summary.guardrails.length}):`);
    for (const g of summary.guardrails) {
      const params = g.parameters.map((p) => `${p.name}=${p.json}`).join(", ");
      out.push(
        `  ${g.referenceId}: ${g.effect ?? "default effect"}${g.definition === undefined ? "" : `, ${g.definition}`}${params === "" ? "" : `; ${params}`}`,
      );
    }
  }
  if (summary.exemptions.length > 0) {
    out.push("", `Exemptions (${summary.exemptions.length}):`);
    for (const e of summary.exemptions) {
      const rules = e.rules.length === 0 ? "all rules" : e.rules.join(", ");
      out.push(
        `  ${e.scope}: ${rules}, ${e.category}, ${expiryText(e.expiresOn, now)}${e.reason === undefined ? "" : `; ${e.reason}`}${e.requestedBy === undefined ? "" : ` (${e.requestedBy})`}`,
      );
    }
  }
  out.push("", summary.warnings.length === 0 ? "Warnings: none." : `Warnings (${summary.warnings.length}):`);
  out.push(...summary.warnings.map((w) => `  - ${w}`));
  return `${out.join("\n")}\n`;
}

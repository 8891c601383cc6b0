/** Small Markdown helpers for the CLI's `--format markdown` output. */

/** A Markdown table cell: no line breaks, pipes escaped. */
export function mdCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** Inline code (safe in a table cell), with a longer fence when the text holds a backtick. */
export function mdCode(text: string): string {
  const t = mdCell(text);
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
}

/** A table: the header row and its separator, then `rows` (each already a `| … |` line). */
export function mdTable(header: readonly string[], rows: readonly string[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---|").join("")}`, ...rows];
}

/** A `### title` section: an optional `intro` paragraph, then the table; nothing when there are no rows. */
export function mdTableSection(title: string, header: readonly string[], rows: readonly string[], intro?: string): string[] {
  if (rows.length === 0) return [];
  return [`### ${title}`, "", ...(intro === undefined ? [] : [intro, ""]), ...mdTable(header, rows), ""];
}

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

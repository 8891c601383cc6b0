/**
 * Config problems and how they are reported: one issue names the field, the bad value, what is
 * wrong and the fix; a result carries every issue at once. Its own module so that every validator
 * (the rule keys, the baseline keys, the stack program) reports the same way without importing the
 * others.
 */
/** One problem with a config. */
export interface ConfigIssue {
  /** Path of the field, e.g. `allowedRegistries[2]`. */
  field: string;
  /** The offending value (`undefined` when missing). */
  value: unknown;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** Outcome of a validation. */
export type ValidationResult<T> = { ok: true; config: T; warnings: ConfigIssue[] } | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

/** Thrown by the assert helpers; carries every issue. */
export class GovernanceConfigError extends Error {
  constructor(
    public readonly issues: ConfigIssue[],
    source = "governance config",
  ) {
    super(`Invalid ${source} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${formatIssues(issues)}`);
    this.name = "GovernanceConfigError";
  }
}

/** Renders issues one per line: field, value, message, fix. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `  - ${i.field}: ${i.message} (got ${showValue(i.value)}). Fix: ${i.fix}`).join("\n");
}

function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const s = JSON.stringify(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

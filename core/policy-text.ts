/**
 * The text of a scalar as an Azure Policy condition compares it: strings as they are, numbers in
 * their shortest form, booleans as `true`/`false` (so `"equals": "true"` matches a boolean `true`).
 * `undefined` for arrays, objects and missing values. Shared by the pack's guardrail preflight and
 * the offline evaluator, so both read resource values the way Azure does.
 */
export function policyText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return undefined;
  }
}

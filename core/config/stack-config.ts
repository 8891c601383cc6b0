/**
 * Governance config from Pulumi stack config: the flat `"<namespace>:<key>" -> string` map the
 * engine gives a program (structured values JSON-encoded). Shared by the stack program and the CLI.
 */
import { governanceConfigSchema } from "./schema";

/**
 * Keys whose values the engine passes JSON-encoded: structured values (arrays, objects), and
 * booleans and integers (`requireContentFilter: true` arrives as "true", `maxCapacity: 100` as "100").
 */
const STRUCTURED_KEYS = new Set(
  Object.entries(governanceConfigSchema.properties as Record<string, { type?: string }>)
    .filter(([, schema]) => schema.type === "array" || schema.type === "object" || schema.type === "boolean" || schema.type === "integer")
    .map(([key]) => key),
);

/**
 * Picks the keys of `namespace` (unknown ones too, so the validator can suggest the intended key
 * for a typo). An empty string means "not set" (the `Pulumi.yaml` default of optional keys). Values
 * that do not parse are passed through so the validator reports them with every other problem.
 */
export function governanceConfigFromStackValues(values: Readonly<Record<string, string>>, namespace: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix = `${namespace}:`;
  for (const [fullKey, value] of Object.entries(values)) {
    if (!fullKey.startsWith(prefix) || value === "") continue;
    const key = fullKey.slice(prefix.length);
    if (!STRUCTURED_KEYS.has(key)) {
      out[key] = value;
      continue;
    }
    try {
      out[key] = JSON.parse(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

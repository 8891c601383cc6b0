/**
 * Deployment parameter values as `az deployment group create --parameters` takes them: a
 * deployment parameters file (`{"$schema": …deploymentParameters.json#, "parameters": {name:
 * {value}}}`, or the bare `{name: {value}}` object), and `name=value` pairs. Later values win, as
 * with az.
 */
import { getKey, isObject } from "./keys";

/** Parameter values in the deployment's form: `{name: {value}}` (or a Key Vault `{reference}`). */
export type ParameterValues = Record<string, unknown>;

/** The `{name: {value}}` entries of a parameters file, or a problem naming what is wrong. */
export function parametersFileValues(json: unknown): { ok: true; values: ParameterValues } | { ok: false; problem: string } {
  if (!isObject(json)) return { ok: false, problem: "a parameters file is a JSON object" };
  const inner = getKey(json, "parameters", "parameters");
  const entries =
    isObject(inner) &&
    (getKey(json, "$schema", "$schema") !== undefined || getKey(json, "contentVersion", "contentVersion") !== undefined || Object.keys(json).length === 1)
      ? inner
      : json;
  const values: ParameterValues = Object.create(null) as ParameterValues;
  for (const name of Object.keys(entries)) {
    const entry = entries[name];
    if (name === "$schema" || name.toLowerCase() === "contentversion") continue;
    if (!isObject(entry) || (getKey(entry, "value", name) === undefined && getKey(entry, "reference", name) === undefined && !("value" in entry)))
      return { ok: false, problem: `parameter '${name}' is not {"value": …} or {"reference": …}` };
    values[name] = entry;
  }
  return { ok: true, values };
}

/** A `name=value` pair: JSON objects, arrays, numbers and booleans are parsed, anything else is a string (as az does). */
export function parameterPair(text: string): { ok: true; name: string; entry: { value: unknown } } | { ok: false; problem: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) return { ok: false, problem: `'${text}' is not name=value` };
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  if (/^\s*[[{]/.test(raw) || /^(true|false|-?\d+)$/.test(raw)) {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return { ok: false, problem: `the value of '${name}' looks like JSON but does not parse` };
    }
  }
  return { ok: true, name, entry: { value } };
}

/**
 * Policy parameters: the assignment value, else the definition's `defaultValue`, else the
 * assignment would fail (a parameter without a default must be given). Names are
 * case-insensitive; `allowedValues` are checked case-sensitively (as Azure does at assignment).
 */
import { InvalidPolicyDefinitionError } from "./errors";
import { describe, fold, isInteger, isObject, strictEquals } from "./values";

/** One entry of a definition's `parameters` block (only what evaluation needs). */
export interface ParameterDefinition {
  /** `String`, `Array`, `Object`, `Boolean`, `Integer`, `Float` or `DateTime` (case-insensitive). */
  type?: string;
  /** Used when the assignment gives no value. */
  defaultValue?: unknown;
  /** When present, the value (or, for arrays, each element) must be one of these. */
  allowedValues?: unknown[];
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(record, name)) return name;
  return Object.keys(record).find((k) => fold(k) === fold(name));
}

function checkType(name: string, type: string, value: unknown): void {
  const t = type.toLowerCase();
  const ok =
    t === "string" || t === "datetime"
      ? typeof value === "string"
      : t === "array"
        ? Array.isArray(value)
        : t === "object"
          ? isObject(value)
          : t === "boolean"
            ? typeof value === "boolean"
            : t === "integer"
              ? isInteger(value)
              : t === "float"
                ? typeof value === "number"
                : undefined;
  if (ok === undefined) throw new InvalidPolicyDefinitionError(`parameter '${name}' has unknown type '${type}'`);
  if (!ok) throw new InvalidPolicyDefinitionError(`parameter '${name}' is declared ${type} but its value is ${describe(value)}`);
}

function checkAllowed(name: string, def: ParameterDefinition, value: unknown): void {
  const allowed = def.allowedValues;
  if (!allowed) return;
  const isAllowed = (v: unknown): boolean => allowed.some((a) => strictEquals(a, v));
  if (isAllowed(value)) return;
  if (Array.isArray(value) && value.every(isAllowed)) return;
  throw new InvalidPolicyDefinitionError(
    `parameter '${name}' value ${describe(value)} is not in allowedValues ${describe(allowed)} (compared case-sensitively)`,
  );
}

/**
 * Resolves every parameter value. With definitions, every defined parameter gets a value (or this
 * throws), and an assignment value for an undefined parameter is an error. Without definitions,
 * the assignment values are used as they are. Returns a map keyed by lower-case name.
 */
export function resolveParameters(
  definitions: Record<string, ParameterDefinition> | undefined,
  values: Record<string, unknown> | undefined,
): ReadonlyMap<string, unknown> {
  const given = values ?? {};
  const out = new Map<string, unknown>();
  if (!definitions) {
    for (const [k, v] of Object.entries(given)) out.set(fold(k), v);
    return out;
  }
  for (const k of Object.keys(given)) {
    if (findKey(definitions, k) === undefined)
      throw new InvalidPolicyDefinitionError(`assignment sets parameter '${k}', which the definition does not declare`);
  }
  for (const [name, def] of Object.entries(definitions)) {
    const key = findKey(given, name);
    let value: unknown;
    if (key !== undefined) value = given[key];
    else if (def.defaultValue !== undefined) value = def.defaultValue;
    else throw new InvalidPolicyDefinitionError(`missing parameter '${name}': the assignment gives no value and the definition has no defaultValue`);
    if (def.type !== undefined) checkType(name, def.type, value);
    checkAllowed(name, def, value);
    out.set(fold(name), value);
  }
  return out;
}

/** A `parameters(name)` implementation over resolved values; throws for an undeclared parameter. */
export function parameterLookup(resolved: ReadonlyMap<string, unknown>): (name: string) => unknown {
  return (name) => {
    const key = fold(name);
    if (!resolved.has(key)) throw new InvalidPolicyDefinitionError(`parameters('${name}'): the parameter is not defined`);
    return resolved.get(key);
  };
}

/**
 * Value helpers shared by the expression evaluator and the condition operators: JSON type tests,
 * case folding, the two equality notions (policy conditions vs. ARM `equals()`), and collation.
 */
/** A JSON object as the evaluator sees it. */
export type JsonObject = { [key: string]: unknown };

/** The ARM/JSON type name of a value, for messages and type checks. */
export type ValueKind = "missing" | "null" | "string" | "integer" | "number" | "boolean" | "array" | "object";

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for `undefined` (absent) and `null`: Azure treats both as "the field does not exist". */
export function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** True for a JS number that is an integer (ARM has 64-bit integers and no float literals). */
export function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/** The kind of a value. */
export function kindOf(value: unknown): ValueKind {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "object":
      return "object";
    default:
      return "object";
  }
}

/** Case folding used for every case-insensitive comparison (approximates .NET InvariantCultureIgnoreCase). */
export function fold(text: string): string {
  return text.toLowerCase();
}

/** Case-insensitive string equality. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || fold(a) === fold(b);
}

/**
 * The text of a scalar as a policy condition compares it: strings as they are, numbers in their
 * shortest form, booleans as `true`/`false`; `undefined` for arrays, objects and missing values.
 * The pack's preflight reads values with core/policy-text.ts; this is written again here on
 * purpose, because the evaluator is the independent oracle for that code and must not share it.
 */
export function scalarText(value: unknown): string | undefined {
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

/**
 * Finds a property the way ARM does: exact key first, else the first key that matches
 * case-insensitively. Returns `undefined` when absent.
 */
export function getPropertyIgnoreCase(obj: JsonObject, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  const folded = fold(key);
  for (const k of Object.keys(obj)) if (fold(k) === folded) return obj[k];
  return undefined;
}

/** Whether an object has a key, compared case-insensitively. */
export function hasKeyIgnoreCase(obj: JsonObject, key: string): boolean {
  const folded = fold(key);
  return Object.keys(obj).some((k) => fold(k) === folded);
}

/**
 * Equality as policy *conditions* use it (`equals`, `in`, array `contains`): scalars compare by
 * {@link scalarText}, case-insensitively; arrays element-wise; objects by case-insensitive keys
 * and loose values; a missing value equals only another missing value.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  const ta = scalarText(a);
  const tb = scalarText(b);
  if (ta !== undefined || tb !== undefined) return ta !== undefined && tb !== undefined && equalsIgnoreCase(ta, tb);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => looseEquals(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasKeyIgnoreCase(b, k) && looseEquals(a[k], getPropertyIgnoreCase(b, k)));
  }
  return false;
}

/**
 * Equality as the ARM `equals()` *function* uses it: same type, strings compared case-sensitively
 * (Bicep's case-sensitive `==` compiles to `equals()`), arrays element-wise, objects key by key.
 */
export function strictEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => strictEquals(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && strictEquals(a[k], b[k]));
  }
  return a === b;
}

const collatorIgnoreCase = new Intl.Collator("und", { sensitivity: "accent" });
const collatorCaseSensitive = new Intl.Collator("und", { sensitivity: "variant" });

/**
 * Culture-aware ordering with the ICU root collation (an approximation of .NET InvariantCulture).
 * Case-sensitive ordering puts lower case first, so `greater('A', 'a')` is true, as the ARM docs show.
 */
export function compareStrings(a: string, b: string, ignoreCase: boolean): number {
  return (ignoreCase ? collatorIgnoreCase : collatorCaseSensitive).compare(a, b);
}

/** A short rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    // JSON.stringify failed (cycles, BigInt): the type is the most we can say safely.
    return `<${typeof value}>`;
  }
}

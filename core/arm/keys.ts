/**
 * Reading JSON keys the way ARM reads them: case-insensitively, own keys only, and with two keys
 * that differ only in case treated as ambiguous (Azure picks one; a reader that picked the other
 * would decide a resource Azure never deploys). Nothing here reads an inherited property, so a key
 * named `constructor` or `__proto__` is data like any other.
 */

/** Thrown when a value cannot be read before deployment; the walker turns it into a fail-closed denial. */
export class TemplateExpressionError extends Error {
  constructor(
    /** Field path, e.g. `properties.modelSettings.modelId`. */
    public readonly field: string,
    /** The expression (or the keys) as written. */
    public readonly expression: string,
    /** Why it cannot be read. */
    public readonly why: string,
    /** What the user can do about it. */
    public readonly fix?: string,
  ) {
    super(`${field} cannot be read: ${why}, in ${JSON.stringify(expression)}`);
    this.name = "TemplateExpressionError";
  }
}

/** A JSON object as the reader sees it. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a non-array object. */
export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * An object's own entries. A `__proto__` key (a languageVersion 2.0 symbolic name) is an own
 * property when the JSON comes from `JSON.parse`, and is read like any other key.
 */
export function ownEntries(obj: JsonObject): Array<[string, unknown]> {
  return Object.keys(obj).map((k) => [k, obj[k]]);
}

/** A key looked up case-insensitively: absent, or found under the key as written. */
export type KeyLookup = { found: false } | { found: true; key: string; value: unknown };

/**
 * Looks `name` up among an object's own keys, ignoring case. Throws {@link TemplateExpressionError}
 * when two keys match (ambiguous), naming both.
 */
export function lookupKey(obj: unknown, name: string, field: string): KeyLookup {
  if (!isObject(obj)) return { found: false };
  const lower = name.toLowerCase();
  let hit: KeyLookup = { found: false };
  for (const key of Object.keys(obj)) {
    if (key.length !== name.length || key.toLowerCase() !== lower) continue;
    if (hit.found) throw ambiguous(field, hit.key, key);
    hit = { found: true, key, value: obj[key] };
  }
  return hit;
}

/** The value under `name` (case-insensitive), `undefined` when absent; throws when ambiguous. */
export function getKey(obj: unknown, name: string, field: string): unknown {
  const hit = lookupKey(obj, name, field);
  return hit.found ? hit.value : undefined;
}

function ambiguous(field: string, a: string, b: string): TemplateExpressionError {
  return new TemplateExpressionError(
    field,
    `${a}, ${b}`,
    "given twice under keys that differ only in case, which Azure reads as one key, so which value it deploys is ambiguous",
    "Keep one of the keys.",
  );
}

/** `a.b` / `a[0]` / `a["odd key"]` path building for messages. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

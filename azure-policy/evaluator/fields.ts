/**
 * Field references: the non-alias fields (`name`, `type`, `tags['x']`, ...) and aliases resolved
 * to ARM JSON paths, including `[*]` array paths and the per-iteration binding of a field count.
 */
import { InvalidPolicyDefinitionError, UnsupportedPolicyConstructError } from "./errors";
import { JsonObject, fold, getPropertyIgnoreCase, isObject } from "./values";

/** One step of an ARM JSON path: a property key, or `[*]` (every element of an array). */
export type PathToken = { kind: "key"; key: string } | { kind: "wildcard" };

/** Maps an alias to its ARM JSON path relative to the resource root, or `undefined` when unknown. */
export type AliasResolver = (alias: string) => string | undefined;

/** A resolved `field` reference. */
export type FieldRef =
  | { kind: "builtin"; field: string; get: (resource: JsonObject) => unknown }
  | { kind: "alias"; alias: string; path: string; tokens: PathToken[]; isCollection: boolean };

/**
 * Indices chosen for `[*]` steps, keyed by {@link prefixKey}: inside a field count the counted
 * array is bound to the member of the current iteration.
 */
export type Bindings = ReadonlyMap<string, number>;

/** One selected value and the indices chosen on the way to it. */
export interface PathEntry {
  /** The selected value (`undefined` when a property is missing). */
  value: unknown;
  /** Indices chosen at each `[*]` on the way (keyed by prefix). */
  binding: Map<string, number>;
}

/** Parses `properties.items[*].name` into tokens. Throws for anything else than dotted keys and `[*]`. */
export function parseAliasPath(path: string): PathToken[] {
  if (path.length === 0) throw new UnsupportedPolicyConstructError("alias path must not be empty");
  const tokens: PathToken[] = [];
  for (const segment of path.split(".")) {
    const m = /^([^[\]]+)((?:\[\*\])*)$/.exec(segment);
    if (!m) throw new UnsupportedPolicyConstructError(`alias path '${path}' is not supported (only dotted keys and [*])`);
    tokens.push({ kind: "key", key: m[1] });
    const stars = m[2].length / 3;
    for (let i = 0; i < stars; i++) tokens.push({ kind: "wildcard" });
  }
  return tokens;
}

/** A canonical, case-insensitive key for the path up to and including token `end`. */
export function prefixKey(tokens: readonly PathToken[], end: number): string {
  return tokens
    .slice(0, end + 1)
    .map((t) => (t.kind === "key" ? fold(t.key) : "[*]"))
    .join(".");
}

/** True when `prefix` is a (case-insensitive) prefix of `tokens`. */
export function isPathPrefix(prefix: readonly PathToken[], tokens: readonly PathToken[]): boolean {
  if (prefix.length > tokens.length) return false;
  return prefix.every((p, i) => {
    const t = tokens[i];
    if (p.kind === "wildcard" || t.kind === "wildcard") return p.kind === t.kind;
    return fold(p.key) === fold(t.key);
  });
}

/**
 * Selects the values a path denotes under `root`. A path without `[*]` yields exactly one entry
 * (`undefined` when missing); each unbound `[*]` fans out over the array (a missing or non-array
 * value yields nothing); a bound `[*]` selects only the bound member.
 */
export function resolvePath(root: unknown, tokens: readonly PathToken[], bindings: Bindings): PathEntry[] {
  const out: PathEntry[] = [];
  const walk = (value: unknown, i: number, binding: Map<string, number>): void => {
    if (i === tokens.length) {
      out.push({ value, binding });
      return;
    }
    const token = tokens[i];
    if (token.kind === "key") {
      walk(isObject(value) ? getPropertyIgnoreCase(value, token.key) : undefined, i + 1, binding);
      return;
    }
    if (!Array.isArray(value)) return;
    const key = prefixKey(tokens, i);
    const bound = bindings.get(key);
    const indices = bound !== undefined ? (bound < value.length ? [bound] : []) : value.map((_, idx) => idx);
    for (const idx of indices) walk(value[idx], i + 1, new Map(binding).set(key, idx));
  };
  walk(root, 0, new Map());
  return out;
}

function unquoteTagName(inner: string): string {
  if (inner.length >= 2 && inner.startsWith("'") && inner.endsWith("'")) return inner.slice(1, -1).replace(/''/g, "'");
  return inner;
}

function tagGetter(tagName: string): (resource: JsonObject) => unknown {
  return (resource) => {
    const tags = getPropertyIgnoreCase(resource, "tags");
    return isObject(tags) ? getPropertyIgnoreCase(tags, tagName) : undefined;
  };
}

/** `fullName`: the resource name prefixed by its parents' names, e.g. `ws/endpoint`. */
function fullName(resource: JsonObject): unknown {
  const explicit = resource["fullName"];
  if (typeof explicit === "string") return explicit;
  const type = resource["type"];
  const name = resource["name"];
  if (typeof type === "string" && type.split("/").length === 2) return name;
  const id = resource["id"];
  if (typeof id === "string") {
    const at = id.toLowerCase().lastIndexOf("/providers/");
    if (at >= 0) {
      const segments = id.slice(at + "/providers/".length).split("/");
      const names = segments.filter((_, i) => i >= 2 && i % 2 === 0);
      if (names.length > 0) return names.join("/");
    }
  }
  throw new UnsupportedPolicyConstructError("field 'fullName' of a child resource needs resource.fullName or resource.id");
}

/** Normalizes a location the way Azure Policy compares them (`East US 2` equals `eastus2`). */
export function normalizeLocation(value: string): string {
  return value.replace(/\s+/g, "").toLowerCase();
}

const BUILTIN_FIELDS: Record<string, (resource: JsonObject) => unknown> = {
  name: (r) => r["name"],
  fullname: fullName,
  kind: (r) => r["kind"],
  type: (r) => r["type"],
  location: (r) => r["location"],
  id: (r) => r["id"],
  "identity.type": (r) => {
    const identity = getPropertyIgnoreCase(r, "identity");
    return isObject(identity) ? getPropertyIgnoreCase(identity, "type") : undefined;
  },
  tags: (r) => getPropertyIgnoreCase(r, "tags"),
};

/**
 * Resolves a `field` name: a non-alias field (`name`, `fullName`, `kind`, `type`, `location`, `id`,
 * `identity.type`, `tags`, `tags['x']`, `tags.x`, `tags[x]`) or an alias through the resolver.
 * Throws {@link UnsupportedPolicyConstructError} for an alias the resolver does not know.
 */
export function resolveField(name: string, aliases: AliasResolver): FieldRef {
  const lower = name.toLowerCase();
  const builtin = BUILTIN_FIELDS[lower];
  if (builtin) return { kind: "builtin", field: lower, get: builtin };
  const bracket = /^tags\[(.*)\]$/is.exec(name);
  if (bracket) return { kind: "builtin", field: "tags[]", get: tagGetter(unquoteTagName(bracket[1])) };
  const dotted = /^tags\.(.+)$/is.exec(name);
  if (dotted) return { kind: "builtin", field: "tags[]", get: tagGetter(dotted[1]) };
  const path = aliases(name);
  if (path === undefined) throw new UnsupportedPolicyConstructError(`unknown field or alias '${name}' (the alias resolver does not know it)`);
  const tokens = parseAliasPath(path);
  return { kind: "alias", alias: name, path, tokens, isCollection: tokens.some((t) => t.kind === "wildcard") };
}

/** The alias of a field count must denote array members: its path must end in `[*]`. */
export function assertArrayAlias(ref: FieldRef, where: string): asserts ref is Extract<FieldRef, { kind: "alias" }> {
  if (ref.kind !== "alias" || ref.tokens[ref.tokens.length - 1]?.kind !== "wildcard") {
    const shown = ref.kind === "alias" ? ref.alias : ref.field;
    throw new InvalidPolicyDefinitionError(`${where} must be an array alias ending in [*], got '${shown}'`);
  }
}

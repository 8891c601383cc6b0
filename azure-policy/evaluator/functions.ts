/**
 * The template functions the evaluator implements (ARM string/array/logical/comparison/numeric
 * functions plus the policy functions `field`, `parameters`, `current`, `requestContext`).
 *
 * A function that fails at run time throws {@link PolicyEvaluationError} (Azure: the evaluation
 * fails, an implicit deny). A function that is not in the table is unsupported (see `lookupFunction`).
 */
import { PolicyEvaluationError, UnsupportedPolicyConstructError } from "./errors";
import {
  JsonObject,
  compareStrings,
  describe,
  fold,
  getPropertyIgnoreCase,
  hasKeyIgnoreCase,
  isInteger,
  isMissing,
  isObject,
  kindOf,
  strictEquals,
} from "./values";

/** What the policy functions read. Any member left out makes its function unsupported in that context. */
export interface FunctionContext {
  /** `field(name)`: the value of a field or alias of the evaluated resource. */
  field?(name: string): unknown;
  /** `parameters(name)`: an assignment parameter value. */
  parameter?(name: string): unknown;
  /** `current(name?)`: the element a `count` is enumerating. */
  current?(name: string | undefined): unknown;
  /** `requestContext()`: the request context object (`apiVersion`). */
  requestContext?(): unknown;
}

/** One function: arity and implementation (arguments already evaluated). */
export interface FunctionSpec {
  /** Minimum number of arguments. */
  readonly minArgs: number;
  /** Maximum number of arguments (`Infinity` for variadic). */
  readonly maxArgs: number;
  /** True for `if`, whose branches the evaluator evaluates lazily. */
  readonly lazy?: boolean;
  /** The implementation. */
  call(args: unknown[], ctx: FunctionContext): unknown;
}

function fail(fn: string, message: string): PolicyEvaluationError {
  return new PolicyEvaluationError(`${fn}(): ${message}`);
}

function str(fn: string, args: unknown[], i: number): string {
  const v = args[i];
  if (typeof v !== "string") throw fail(fn, `argument ${i + 1} must be a string, got ${kindOf(v)} ${describe(v)}`);
  return v;
}

function int(fn: string, args: unknown[], i: number): number {
  const v = args[i];
  if (!isInteger(v)) throw fail(fn, `argument ${i + 1} must be an integer, got ${kindOf(v)} ${describe(v)}`);
  return v;
}

function bool(fn: string, args: unknown[], i: number): boolean {
  const v = args[i];
  if (typeof v !== "boolean") throw fail(fn, `argument ${i + 1} must be a boolean, got ${kindOf(v)} ${describe(v)}`);
  return v;
}

function stringOrArray(fn: string, args: unknown[], i: number): string | unknown[] {
  const v = args[i];
  if (typeof v === "string" || Array.isArray(v)) return v;
  throw fail(fn, `argument ${i + 1} must be a string or an array, got ${kindOf(v)} ${describe(v)}`);
}

function policyContext<K extends keyof FunctionContext>(ctx: FunctionContext, key: K, fn: string): NonNullable<FunctionContext[K]> {
  const impl = ctx[key];
  if (!impl) throw new UnsupportedPolicyConstructError(`${fn}() is not available in this context`);
  return impl;
}

/** .NET `String.Split(string[], None)`: at each position the first delimiter (in order) that matches wins; empty entries are kept. */
function splitMany(text: string, delimiters: string[]): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const hit = delimiters.find((d) => d.length > 0 && text.startsWith(d, i));
    if (hit !== undefined) {
      parts.push(text.slice(start, i));
      i += hit.length;
      start = i;
    } else {
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function toFormatText(fn: string, v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  throw fail(fn, `cannot format ${kindOf(v)} ${describe(v)}`);
}

/** .NET composite formatting, basic form: `{0}`, `{1}`, `{{` and `}}`. Alignment and format specifiers are unsupported. */
function composite(format: string, args: unknown[]): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === "{") {
      if (format[i + 1] === "{") {
        out += "{";
        i++;
        continue;
      }
      const close = format.indexOf("}", i);
      if (close < 0) throw fail("format", `unmatched '{' in ${JSON.stringify(format)}`);
      const spec = format.slice(i + 1, close);
      if (!/^\s*\d+\s*$/.test(spec)) {
        if (/^\s*\d+\s*[,:]/.test(spec)) throw new UnsupportedPolicyConstructError(`format(): alignment/format specifiers ('{${spec}}') are not supported`);
        throw fail("format", `invalid format item '{${spec}}'`);
      }
      const index = Number(spec.trim());
      if (index >= args.length) throw fail("format", `format item {${index}} has no argument (${args.length} given)`);
      out += toFormatText("format", args[index]);
      i = close;
    } else if (ch === "}") {
      if (format[i + 1] === "}") {
        out += "}";
        i++;
        continue;
      }
      throw fail("format", `unmatched '}' in ${JSON.stringify(format)}`);
    } else {
      out += ch;
    }
  }
  return out;
}

function compare(fn: string, args: unknown[]): number {
  const [a, b] = args;
  if (isInteger(a) && isInteger(b)) return a - b;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b, false);
  throw fail(fn, `arguments must be two integers or two strings, got ${kindOf(a)} and ${kindOf(b)}`);
}

function uniqueStrict(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => strictEquals(o, v))) out.push(v);
  return out;
}

function intList(fn: string, args: unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) throw fail(fn, "needs at least one integer");
  return list.map((v, i) => {
    if (!isInteger(v)) throw fail(fn, `item ${i + 1} must be an integer, got ${kindOf(v)} ${describe(v)}`);
    return v;
  });
}

const spec = (minArgs: number, maxArgs: number, call: FunctionSpec["call"], lazy?: boolean): FunctionSpec =>
  lazy ? { minArgs, maxArgs, call, lazy } : { minArgs, maxArgs, call };

const table: Record<string, FunctionSpec> = {
  // ---- policy functions ----
  field: spec(1, 1, (a, ctx) => policyContext(ctx, "field", "field")(str("field", a, 0))),
  parameters: spec(1, 1, (a, ctx) => policyContext(ctx, "parameter", "parameters")(str("parameters", a, 0))),
  current: spec(0, 1, (a, ctx) => policyContext(ctx, "current", "current")(a.length === 0 ? undefined : str("current", a, 0))),
  requestcontext: spec(0, 0, (_a, ctx) => policyContext(ctx, "requestContext", "requestContext")()),

  // ---- string ----
  concat: spec(1, Infinity, (a) => {
    if (a.every((v) => Array.isArray(v))) return (a as unknown[][]).flat(1);
    return a
      .map((v, i) => {
        if (typeof v === "string") return v;
        if (isInteger(v)) return String(v);
        throw fail("concat", `argument ${i + 1} must be a string or integer (or every argument an array), got ${kindOf(v)} ${describe(v)}`);
      })
      .join("");
  }),
  tolower: spec(1, 1, (a) => str("toLower", a, 0).toLowerCase()),
  toupper: spec(1, 1, (a) => str("toUpper", a, 0).toUpperCase()),
  split: spec(2, 2, (a) => {
    const text = str("split", a, 0);
    const d = a[1];
    let delimiters: string[];
    if (typeof d === "string") delimiters = [d];
    else if (Array.isArray(d) && d.every((x): x is string => typeof x === "string")) delimiters = d;
    else throw fail("split", `the delimiter must be a string or an array of strings, got ${kindOf(d)} ${describe(d)}`);
    return splitMany(text, delimiters);
  }),
  replace: spec(3, 3, (a) => {
    const text = str("replace", a, 0);
    const oldValue = str("replace", a, 1);
    const newValue = str("replace", a, 2);
    if (oldValue.length === 0) throw fail("replace", "the string to replace must not be empty");
    return text.split(oldValue).join(newValue);
  }),
  substring: spec(1, 3, (a) => {
    const text = str("substring", a, 0);
    const start = a.length > 1 ? int("substring", a, 1) : 0;
    if (start < 0 || start > text.length) throw fail("substring", `start index ${start} is outside the string (length ${text.length})`);
    const length = a.length > 2 ? int("substring", a, 2) : text.length - start;
    if (length < 0 || start + length > text.length) {
      throw fail(
        "substring",
        `the index and length parameters must refer to a location within the string (index ${start}, length ${length}, string length ${text.length})`,
      );
    }
    return text.substring(start, start + length);
  }),
  startswith: spec(2, 2, (a) => fold(str("startsWith", a, 0)).startsWith(fold(str("startsWith", a, 1)))),
  endswith: spec(2, 2, (a) => fold(str("endsWith", a, 0)).endsWith(fold(str("endsWith", a, 1)))),
  indexof: spec(2, 2, (a) => fold(str("indexOf", a, 0)).indexOf(fold(str("indexOf", a, 1)))),
  lastindexof: spec(2, 2, (a) => fold(str("lastIndexOf", a, 0)).lastIndexOf(fold(str("lastIndexOf", a, 1)))),
  contains: spec(2, 2, (a) => {
    const [container, item] = a;
    if (typeof container === "string") {
      if (typeof item === "string") return container.includes(item);
      if (isInteger(item)) return container.includes(String(item));
      throw fail("contains", `the item to find in a string must be a string or integer, got ${kindOf(item)}`);
    }
    if (Array.isArray(container)) return container.some((v) => strictEquals(v, item));
    if (isObject(container)) {
      if (typeof item !== "string") throw fail("contains", `the key to find in an object must be a string, got ${kindOf(item)}`);
      return hasKeyIgnoreCase(container, item);
    }
    throw fail("contains", `the container must be a string, array or object, got ${kindOf(container)} ${describe(container)}`);
  }),
  length: spec(1, 1, (a) => {
    const v = a[0];
    if (typeof v === "string" || Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw fail("length", `argument must be a string, array or object, got ${kindOf(v)} ${describe(v)}`);
  }),
  empty: spec(1, 1, (a) => {
    const v = a[0];
    if (isMissing(v)) return true;
    if (typeof v === "string" || Array.isArray(v)) return v.length === 0;
    if (isObject(v)) return Object.keys(v).length === 0;
    throw fail("empty", `argument must be a string, array, object or null, got ${kindOf(v)} ${describe(v)}`);
  }),
  trim: spec(1, 1, (a) => str("trim", a, 0).trim()),
  string: spec(1, 1, (a) => {
    const v = a[0];
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    if (typeof v === "boolean") return v ? "True" : "False";
    if (Array.isArray(v) || isObject(v)) return JSON.stringify(v);
    throw new UnsupportedPolicyConstructError(`string(): converting ${kindOf(v)} is not supported (undocumented)`);
  }),
  padleft: spec(2, 3, (a) => {
    const v = a[0];
    let text: string;
    if (typeof v === "string") text = v;
    else if (isInteger(v)) text = String(v);
    else throw fail("padLeft", `argument 1 must be a string or integer, got ${kindOf(v)} ${describe(v)}`);
    const total = int("padLeft", a, 1);
    const pad = a.length > 2 ? str("padLeft", a, 2) : " ";
    if (pad.length !== 1) throw fail("padLeft", `the padding character must be a single character, got ${JSON.stringify(pad)}`);
    return text.length >= total ? text : pad.repeat(total - text.length) + text;
  }),
  format: spec(1, Infinity, (a) => composite(str("format", a, 0), a.slice(1))),
  uricomponent: spec(1, 1, (a) => encodeURIComponent(str("uriComponent", a, 0)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)),

  // ---- array ----
  createarray: spec(0, Infinity, (a) => [...a]),
  first: spec(1, 1, (a) => {
    const v = stringOrArray("first", a, 0);
    if (typeof v === "string") return v.slice(0, 1);
    return v.length === 0 ? null : v[0];
  }),
  last: spec(1, 1, (a) => {
    const v = stringOrArray("last", a, 0);
    if (typeof v === "string") return v.slice(-1);
    return v.length === 0 ? null : v[v.length - 1];
  }),
  take: spec(2, 2, (a) => {
    const v = stringOrArray("take", a, 0);
    const n = int("take", a, 1);
    return v.slice(0, Math.max(0, n));
  }),
  skip: spec(2, 2, (a) => {
    const v = stringOrArray("skip", a, 0);
    const n = int("skip", a, 1);
    return v.slice(Math.max(0, n));
  }),
  union: spec(2, Infinity, (a) => {
    if (a.every((v) => Array.isArray(v))) return uniqueStrict((a as unknown[][]).flat(1));
    if (a.every(isObject)) throw new UnsupportedPolicyConstructError("union() of objects is not supported");
    throw fail("union", "arguments must all be arrays (or all objects)");
  }),
  intersection: spec(2, Infinity, (a) => {
    if (a.every((v) => Array.isArray(v))) {
      const [firstArr, ...rest] = a as unknown[][];
      return uniqueStrict((firstArr ?? []).filter((v) => rest.every((r) => r.some((x) => strictEquals(x, v)))));
    }
    if (a.every(isObject)) {
      const [firstObj, ...rest] = a;
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(firstObj ?? {})) {
        if (rest.every((r) => Object.prototype.hasOwnProperty.call(r, k) && strictEquals(r[k], v))) out[k] = v;
      }
      return out;
    }
    throw fail("intersection", "arguments must all be arrays or all objects");
  }),
  array: spec(1, 1, (a) => {
    const v = a[0];
    if (Array.isArray(v)) return v;
    if (isMissing(v)) throw new UnsupportedPolicyConstructError("array(null) is not supported (undocumented)");
    return [v];
  }),

  // ---- logical ----
  if: spec(
    3,
    3,
    () => {
      throw new Error("if() is evaluated lazily by the expression evaluator");
    },
    true,
  ),
  and: spec(2, Infinity, (a) => a.map((_, i) => bool("and", a, i)).every((b) => b)),
  or: spec(2, Infinity, (a) => a.map((_, i) => bool("or", a, i)).some((b) => b)),
  not: spec(1, 1, (a) => !bool("not", a, 0)),
  bool: spec(1, 1, (a) => {
    const v = a[0];
    if (typeof v === "boolean") return v;
    if (typeof v === "string") {
      const f = fold(v.trim());
      if (f === "true") return true;
      if (f === "false") return false;
    }
    if (isInteger(v)) return v !== 0;
    throw fail("bool", `cannot convert ${kindOf(v)} ${describe(v)} to a boolean`);
  }),
  true: spec(0, 0, () => true),
  false: spec(0, 0, () => false),
  null: spec(0, 0, () => null),
  coalesce: spec(1, Infinity, (a) => {
    for (const v of a) if (!isMissing(v)) return v;
    return null;
  }),

  // ---- comparison ----
  equals: spec(2, 2, (a) => strictEquals(a[0], a[1])),
  less: spec(2, 2, (a) => compare("less", a) < 0),
  lessorequals: spec(2, 2, (a) => compare("lessOrEquals", a) <= 0),
  greater: spec(2, 2, (a) => compare("greater", a) > 0),
  greaterorequals: spec(2, 2, (a) => compare("greaterOrEquals", a) >= 0),

  // ---- numeric ----
  int: spec(1, 1, (a) => {
    const v = a[0];
    if (isInteger(v)) return v;
    if (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v)) {
      const n = Number(v.trim());
      if (Number.isSafeInteger(n)) return n;
    }
    throw fail("int", `cannot convert ${kindOf(v)} ${describe(v)} to an integer`);
  }),
  add: spec(2, 2, (a) => int("add", a, 0) + int("add", a, 1)),
  sub: spec(2, 2, (a) => int("sub", a, 0) - int("sub", a, 1)),
  mul: spec(2, 2, (a) => int("mul", a, 0) * int("mul", a, 1)),
  div: spec(2, 2, (a) => {
    const d = int("div", a, 1);
    if (d === 0) throw fail("div", "division by zero");
    return Math.trunc(int("div", a, 0) / d);
  }),
  mod: spec(2, 2, (a) => {
    const d = int("mod", a, 1);
    if (d === 0) throw fail("mod", "division by zero");
    return int("mod", a, 0) % d;
  }),
  min: spec(1, Infinity, (a) => Math.min(...intList("min", a))),
  max: spec(1, Infinity, (a) => Math.max(...intList("max", a))),
};

/** The names (lower case) of every implemented function. */
export const SUPPORTED_FUNCTIONS: readonly string[] = Object.keys(table).sort();

/** Looks a function up by name, case-insensitively; `undefined` when it is not implemented. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  const key = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Property access `.name` / `['name']` on a value, ARM style (case-insensitive keys; a missing property is an error). */
export function accessProperty(target: unknown, name: string): unknown {
  if (!isObject(target)) throw new PolicyEvaluationError(`cannot read property '${name}' of ${kindOf(target)} ${describe(target)}`);
  const value = getPropertyIgnoreCase(target, name);
  if (value === undefined) throw new PolicyEvaluationError(`property '${name}' does not exist on ${describe(target)}`);
  return value;
}

/** Indexing `[i]` on an array or `['key']` on an object; out of range is an error. */
export function accessIndex(target: unknown, index: unknown): unknown {
  if (Array.isArray(target)) {
    if (!isInteger(index)) throw new PolicyEvaluationError(`array index must be an integer, got ${kindOf(index)} ${describe(index)}`);
    if (index < 0 || index >= target.length) throw new PolicyEvaluationError(`array index ${index} is out of bounds (length ${target.length})`);
    return target[index];
  }
  if (isObject(target) && typeof index === "string") return accessProperty(target, index);
  throw new PolicyEvaluationError(`cannot index ${kindOf(target)} ${describe(target)} with ${kindOf(index)} ${describe(index)}`);
}

/**
 * Evaluates ARM template expressions for the values that are knowable before deployment: given
 * and default parameter values, variables, copy indexes, and the pure functions real Foundry /
 * Azure ML templates use on them. Anything that depends on deployment-time state (`reference()`,
 * `list*()`, `resourceId()`, `utcNow()`, …) or that this evaluator does not implement throws
 * {@link TemplateExpressionError} naming the exact sub-expression and what to do, which the walker
 * turns into a fail-closed denial.
 *
 * Values are evaluated lazily where possible: `parameters('p')` and `variables('v')` give a
 * {@link TemplateText} (the template's own text, still to be evaluated) so that reading
 * `variables('cfg').model` does not evaluate the unrelated rest of `cfg`. A function that needs a
 * value forces it (deep evaluation, bounded by {@link MAX_VALUE_DEPTH}).
 */
import { ExprNode, ExpressionSyntaxError, parseExpression } from "./expression-parser";
import { getKey, isObject, JsonObject, lookupKey, ownEntries, TemplateExpressionError } from "./keys";

/** Deepest value nesting (objects, arrays, chains of parameters and variables) that is evaluated. */
export const MAX_VALUE_DEPTH = 100;

/** What the user can do when a parameter has no value the reader can see. */
export const PARAMETER_FIX = "Give the parameter a value: in the deployment's parameters, or with `check --arm-template FILE --parameters FILE|name=value`.";
/** What the user can do when a value exists only at deployment. */
export const DEPLOYMENT_TIME_FIX =
  "Only Azure Policy can check a value computed at deployment; to have it checked before, write the model value literally or pass it as a template parameter.";

/** A parameter or variable lookup: its value (data, or template text to evaluate), or why there is none. */
export type Lookup = { found: true; value: unknown } | { found: false; why: string; fix: string };

/** One level of a `copy` loop: the loop's name and the current index. */
export interface LoopFrame {
  name: string | undefined;
  index: number;
}

/** Where expressions are evaluated: the template's parameters and variables, and the enclosing copy loops. */
export interface Scope {
  parameter(name: string): Lookup;
  variable(name: string): Lookup;
  /** Innermost last. */
  readonly loops: readonly LoopFrame[];
}

/** Template text still to be evaluated in its scope (a default value, a variable, a part of one). */
export class TemplateText {
  constructor(
    public readonly raw: unknown,
    public readonly scope: Scope,
  ) {}
}

/** Whether a string is an ARM expression: `[...]`, not the `[[` escape. */
export function isTemplateExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith("[") && !value.startsWith("[[") && value.endsWith("]");
}

interface Context {
  scope: Scope;
  field: string;
  /** The whole expression as written, for messages. */
  text: string;
  depth: number;
}

/** Evaluates one template string: a literal (with `[[` undone) or an expression. May return {@link TemplateText}. */
export function evaluateString(value: string, scope: Scope, field: string, depth = 0): unknown {
  if (!isTemplateExpression(value)) return value.startsWith("[[") ? value.slice(1) : value;
  if (depth > MAX_VALUE_DEPTH) throw new TemplateExpressionError(field, value, "a chain of parameters and variables too deep to follow");
  let node: ExprNode;
  try {
    node = parseExpression(value.slice(1, -1));
  } catch (e) {
    if (!(e instanceof ExpressionSyntaxError)) throw e;
    throw new TemplateExpressionError(field, value, `not a template expression the reader can parse (${e.message})`, "Fix the expression.");
  }
  return evalNode(node, { scope, field, text: value, depth });
}

/** Evaluates template text fully, to plain data. */
export function evaluateDeep(raw: unknown, scope: Scope, field: string, depth = 0): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new TemplateExpressionError(field, "…", `nested more than ${MAX_VALUE_DEPTH} deep`, "Flatten the value.");
  if (typeof raw === "string") return force(evaluateString(raw, scope, field, depth + 1), field, depth + 1);
  if (Array.isArray(raw)) return raw.map((v, i) => evaluateDeep(v, scope, `${field}[${i}]`, depth + 1));
  if (!isObject(raw)) return raw;
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const [k, v] of ownEntries(raw)) {
    if (k.toLowerCase() === "copy" && Array.isArray(v)) continue;
    out[k] = evaluateDeep(v, scope, `${field}.${k}`, depth + 1);
  }
  const copies = getKey(raw, "copy", field);
  if (Array.isArray(copies)) {
    for (const loop of copies) {
      const name = getKey(loop, "name", `${field}.copy`);
      if (typeof name !== "string") continue;
      out[name] = propertyCopyValues(loop, scope, `${field}.${name}`, depth + 1);
    }
  }
  return out;
}

/** Forces a value that may be template text. */
export function force(v: unknown, field: string, depth = 0): unknown {
  return v instanceof TemplateText ? evaluateDeep(v.raw, v.scope, field, depth) : v;
}

/** Most copies ARM deploys from one `copy` (its documented limit). */
export const MAX_COPY_COUNT = 800;

/** The count of a `copy` loop (resource or property), evaluated; throws when unknowable or out of range. */
export function copyCount(loop: unknown, scope: Scope, field: string): number {
  const raw = getKey(loop, "count", field);
  const count = typeof raw === "string" ? force(evaluateString(raw, scope, `${field}.count`), `${field}.count`) : raw;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > MAX_COPY_COUNT) {
    throw new TemplateExpressionError(
      `${field}.count`,
      typeof raw === "string" ? raw : JSON.stringify(raw),
      `not a whole number from 0 to ${MAX_COPY_COUNT}`,
      "Give the copy loop a literal count, or one computed from parameters the reader can see.",
    );
  }
  return count;
}

/** A scope with one more copy loop level. */
export function withLoop(scope: Scope, frame: LoopFrame): Scope {
  return { parameter: (n) => scope.parameter(n), variable: (n) => scope.variable(n), loops: [...scope.loops, frame] };
}

/** The `copy` loop of an object (template text) that makes the property `name`, if any. */
export function copyLoopNamed(obj: unknown, name: string, field: string): unknown {
  const loops = getKey(obj, "copy", field);
  if (!Array.isArray(loops)) return undefined;
  return loops.find((l) => {
    const n = getKey(l, "name", `${field}.copy`);
    return typeof n === "string" && n.toLowerCase() === name.toLowerCase();
  });
}

/** The array a property (or variable) `copy` loop makes, evaluated. */
export function propertyCopyValues(loop: unknown, scope: Scope, field: string, depth = 0): unknown[] {
  const name = getKey(loop, "name", field) as string;
  const input = getKey(loop, "input", field);
  const out: unknown[] = [];
  const count = copyCount(loop, scope, field);
  for (let i = 0; i < count; i++) out.push(evaluateDeep(input, withLoop(scope, { name, index: i }), `${field}[${i}]`, depth));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Nodes

function fail(ctx: Context, node: ExprNode, why: string, fix: string): never {
  const sub = ctx.text.slice(1, -1).slice(node.start, node.end);
  throw new TemplateExpressionError(ctx.field, ctx.text, `${why} (${sub})`, fix);
}

function evalNode(node: ExprNode, ctx: Context): unknown {
  switch (node.kind) {
    case "string":
    case "number":
    case "literal":
      return node.value;
    case "member":
      return access(evalNode(node.target, ctx), node.name, node, ctx);
    case "index":
      return access(evalNode(node.target, ctx), force(evalNode(node.index, ctx), ctx.field, ctx.depth + 1), node, ctx);
    case "call":
      return call(node, ctx);
  }
}

/** `x.name` / `x[i]`: property names are case-insensitive, as in ARM. Template text stays lazy. */
function access(target: unknown, key: unknown, node: ExprNode, ctx: Context): unknown {
  const lazy = target instanceof TemplateText ? target : undefined;
  const value = lazy ? lazy.raw : target;
  if (lazy && typeof value === "string") return access(evaluateString(value, lazy.scope, ctx.field, ctx.depth + 1), key, node, ctx);
  let found: unknown;
  if (Array.isArray(value) && typeof key === "number") {
    if (!Number.isInteger(key) || key < 0 || key >= value.length) fail(ctx, node, `index ${key} is outside the array of ${value.length}`, "Fix the index.");
    found = value[key];
  } else if (isObject(value) && typeof key === "string") {
    const hit = lookupKey(value, key, ctx.field);
    if (hit.found) found = hit.value;
    else {
      // A `copy` loop in template text makes the property.
      const loop = lazy ? copyLoopNamed(value, key, ctx.field) : undefined;
      if (lazy && loop !== undefined) return propertyCopyValues(loop, lazy.scope, ctx.field, ctx.depth + 1);
      fail(ctx, node, `the object has no property '${key}'`, "Give the object that property, or read it with tryGet().");
    }
  } else {
    fail(ctx, node, `${describe(value)} cannot be indexed with ${JSON.stringify(key)}`, "Fix the expression.");
  }
  if (!lazy) return found;
  return typeof found === "string" ? evaluateString(found, lazy.scope, ctx.field, ctx.depth + 1) : new TemplateText(found, lazy.scope);
}

function describe(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Functions whose value exists only while Azure deploys (or that read other deployments). */
const DEPLOYMENT_TIME = new Set([
  "reference",
  "resourceid",
  "subscriptionresourceid",
  "tenantresourceid",
  "extensionresourceid",
  "managementgroupresourceid",
  "resourcegroup",
  "subscription",
  "managementgroup",
  "tenant",
  "deployment",
  "environment",
  "uniquestring",
  "guid",
  "newguid",
  "utcnow",
  "providers",
  "pickzones",
  "deployer",
  "externalinput",
]);

type Fn = (args: readonly ExprNode[], ctx: Context, node: ExprNode) => unknown;

function call(node: Extract<ExprNode, { kind: "call" }>, ctx: Context): unknown {
  const name = node.name.toLowerCase();
  const fn = FUNCTIONS.get(name);
  if (fn) return fn(node.args, ctx, node);
  if (DEPLOYMENT_TIME.has(name) || name.startsWith("list")) fail(ctx, node, `${node.name}() is known only at deployment`, DEPLOYMENT_TIME_FIX);
  if (name.includes(".")) fail(ctx, node, `the user-defined function ${node.name}() is not evaluated`, DEPLOYMENT_TIME_FIX);
  fail(ctx, node, `the function ${node.name}() is not one the reader evaluates`, DEPLOYMENT_TIME_FIX);
}

const arg = (args: readonly ExprNode[], i: number, ctx: Context): unknown => force(evalNode(args[i], ctx), ctx.field, ctx.depth + 1);
const all = (args: readonly ExprNode[], ctx: Context): unknown[] => args.map((_, i) => arg(args, i, ctx));

function arity(node: ExprNode, ctx: Context, args: readonly ExprNode[], min: number, max = min): void {
  if (args.length < min || args.length > max) fail(ctx, node, `wrong number of arguments (${args.length})`, "Fix the expression.");
}

function str(v: unknown, node: ExprNode, ctx: Context): string {
  if (typeof v !== "string") fail(ctx, node, `expects a string, not ${describe(v)}`, "Fix the expression.");
  return v;
}

const newObject = (): JsonObject => Object.create(null) as JsonObject;

function toText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return v === null || v === undefined ? "" : JSON.stringify(v);
}

function lookup(kind: "parameter" | "variable", args: readonly ExprNode[], ctx: Context, node: ExprNode): unknown {
  arity(node, ctx, args, 1);
  const name = str(arg(args, 0, ctx), node, ctx);
  const found = kind === "parameter" ? ctx.scope.parameter(name) : ctx.scope.variable(name);
  if (!found.found) fail(ctx, node, found.why, found.fix);
  return found.value;
}

function merge(a: unknown, b: unknown): unknown {
  if (isObject(a) && isObject(b)) {
    const out = newObject();
    for (const [k, v] of ownEntries(a)) out[k] = v;
    for (const [k, v] of ownEntries(b)) {
      const prev = lookupKey(out, k, "");
      if (prev.found) delete out[prev.key];
      out[k] = prev.found ? merge(prev.value, v) : v;
    }
    return out;
  }
  return b;
}

function format(template: string, values: readonly unknown[], node: ExprNode, ctx: Context): string {
  return template.replace(/\{\{|\}\}|\{(\d+)(?::[^}]*)?\}/g, (m, i: string | undefined) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const n = Number(i);
    if (m.includes(":")) fail(ctx, node, `the format specifier ${m} is not evaluated`, "Use a plain {n} placeholder.");
    if (n >= values.length) fail(ctx, node, `the placeholder ${m} has no argument`, "Fix the expression.");
    return toText(values[n]);
  });
}

const FUNCTIONS = new Map<string, Fn>([
  ["parameters", (a, c, n) => lookup("parameter", a, c, n)],
  ["variables", (a, c, n) => lookup("variable", a, c, n)],
  [
    "copyindex",
    (a, c, n) => {
      arity(n, c, a, 0, 2);
      const first = a.length > 0 ? arg(a, 0, c) : undefined;
      const loopName = typeof first === "string" ? first : undefined;
      const offset = typeof first === "number" ? first : a.length > 1 ? arg(a, 1, c) : 0;
      const frames = c.scope.loops;
      const frame = loopName === undefined ? frames[frames.length - 1] : [...frames].reverse().find((f) => f.name?.toLowerCase() === loopName.toLowerCase());
      if (!frame) fail(c, n, "copyIndex() is used outside the copy loop it names", "Use copyIndex() only inside a copy loop.");
      if (typeof offset !== "number") fail(c, n, "the copyIndex() offset is not a number", "Fix the expression.");
      return frame.index + offset;
    },
  ],
  [
    "coalesce",
    (a, c) => {
      for (let i = 0; i < a.length; i++) {
        const v = arg(a, i, c);
        if (v !== null && v !== undefined) return v;
      }
      return null;
    },
  ],
  [
    "if",
    (a, c, n) => {
      arity(n, c, a, 3);
      const cond = arg(a, 0, c);
      if (typeof cond !== "boolean") fail(c, n, "the if() condition is not a boolean", "Fix the expression.");
      return evalNode(a[cond ? 1 : 2], c);
    },
  ],
  ["createarray", (a, c) => all(a, c)],
  [
    "createobject",
    (a, c, n) => {
      if (a.length % 2 !== 0) fail(c, n, "createObject() needs key/value pairs", "Fix the expression.");
      const out = newObject();
      for (let i = 0; i < a.length; i += 2) out[str(arg(a, i, c), n, c)] = arg(a, i + 1, c);
      return out;
    },
  ],
  [
    "union",
    (a, c, n) => {
      const vs = all(a, c);
      if (vs.every(Array.isArray)) {
        const out: unknown[] = [];
        const seen = new Set<string>();
        for (const v of vs.flat()) {
          const key = JSON.stringify(v);
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(v);
        }
        return out;
      }
      if (!vs.every(isObject)) fail(c, n, "union() needs all objects or all arrays", "Fix the expression.");
      return vs.reduce<unknown>((acc, v) => merge(acc, v), newObject());
    },
  ],
  [
    "concat",
    (a, c, n) => {
      const vs = all(a, c);
      if (vs.length > 0 && vs.every(Array.isArray)) return vs.flat();
      if (vs.some((v) => Array.isArray(v) || isObject(v))) fail(c, n, "concat() mixes arrays with other values", "Fix the expression.");
      return vs.map(toText).join("");
    },
  ],
  ["format", (a, c, n) => format(str(arg(a, 0, c), n, c), all(a.slice(1), c), n, c)],
  [
    "empty",
    (a, c, n) => {
      arity(n, c, a, 1);
      const v = arg(a, 0, c);
      return v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isObject(v) && ownEntries(v).length === 0);
    },
  ],
  [
    "length",
    (a, c, n) => {
      arity(n, c, a, 1);
      const v = arg(a, 0, c);
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (isObject(v)) return ownEntries(v).length;
      fail(c, n, `length() of ${describe(v)}`, "Fix the expression.");
    },
  ],
  ["tolower", (a, c, n) => str(arg(a, 0, c), n, c).toLowerCase()],
  ["toupper", (a, c, n) => str(arg(a, 0, c), n, c).toUpperCase()],
  ["trim", (a, c, n) => str(arg(a, 0, c), n, c).trim()],
  ["string", (a, c) => toText(arg(a, 0, c))],
  ["equals", (a, c, n) => (arity(n, c, a, 2), JSON.stringify(arg(a, 0, c)) === JSON.stringify(arg(a, 1, c)))],
  [
    "not",
    (a, c, n) => {
      const v = arg(a, 0, c);
      if (typeof v !== "boolean") fail(c, n, "not() of a non-boolean", "Fix the expression.");
      return !v;
    },
  ],
  ["and", (a, c) => all(a, c).every((v) => v === true)],
  ["or", (a, c) => all(a, c).some((v) => v === true)],
  ["true", () => true],
  ["false", () => false],
  ["null", () => null],
  [
    "tryget",
    (a, c, n) => {
      arity(n, c, a, 2);
      const v = arg(a, 0, c);
      const k = arg(a, 1, c);
      if (Array.isArray(v) && typeof k === "number") return k >= 0 && k < v.length ? v[k] : null;
      if (isObject(v) && typeof k === "string") return getKey(v, k, c.field) ?? null;
      return null;
    },
  ],
  [
    "first",
    (a, c) => {
      const v = arg(a, 0, c);
      return Array.isArray(v) ? (v[0] ?? null) : typeof v === "string" ? v.slice(0, 1) : null;
    },
  ],
  [
    "contains",
    (a, c, n) => {
      const [v, x] = all(a, c);
      if (typeof v === "string") return v.toLowerCase().includes(toText(x).toLowerCase());
      if (Array.isArray(v)) return v.some((e) => JSON.stringify(e) === JSON.stringify(x));
      if (isObject(v) && typeof x === "string") return lookupKey(v, x, c.field).found;
      fail(c, n, `contains() of ${describe(v)}`, "Fix the expression.");
    },
  ],
  [
    "replace",
    (a, c, n) =>
      str(arg(a, 0, c), n, c)
        .split(str(arg(a, 1, c), n, c))
        .join(str(arg(a, 2, c), n, c)),
  ],
  ["json", (a, c, n) => parseJson(str(arg(a, 0, c), n, c), n, c)],
]);

function parseJson(text: string, node: ExprNode, ctx: Context): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    fail(ctx, node, "json() of text that is not JSON", "Fix the expression.");
  }
}

/**
 * Condition evaluation: `allOf`/`anyOf`/`not`, `field`/`value` conditions, field and value `count`,
 * and the policy functions that depend on where evaluation is (`field()`, `current()`).
 *
 * Deliberate choices:
 * - `allOf`/`anyOf` evaluate every operand (no short-circuit) and so does every `[*]` element and
 *   every count iteration, so a failure anywhere in the rule surfaces as an error. Evaluation
 *   errors are collected and the first one is rethrown once everything ran; unsupported
 *   constructs are thrown at once.
 * - A `field` condition on a `[*]` alias is true only when it holds for every selected value
 *   (vacuously true for none), as "Author policies for array properties" documents.
 * - Condition and operator keys are case-insensitive; `field()` on a `[*]` alias leaves out the
 *   members that lack the property (as Azure does; built-ins 04c655fe and 702dd420 rely on these).
 */
import { InvalidPolicyDefinitionError, PolicyEvaluationError, UnsupportedPolicyConstructError } from "./errors";
import { ExpressionContext, resolveTemplateValue } from "./expression";
import { AliasResolver, FieldRef, PathToken, assertArrayAlias, isPathPrefix, normalizeLocation, resolveField, resolvePath } from "./fields";
import { OPERATORS, OperatorName, applyOperator, asOperator } from "./operators";
import { JsonObject, describe, fold, isObject, kindOf } from "./values";

/** Documented limit: iterations of a value count (nested value counts include the parent's). */
export const MAX_VALUE_COUNT_ITERATIONS = 100;

/** The structure of a `count` expression. */
export type CountShape = { kind: "field"; field: unknown; where?: unknown } | { kind: "value"; value: unknown; name?: string; where?: unknown };

/** The structure of one condition node. */
export type ConditionShape =
  | { kind: "allOf" | "anyOf"; items: unknown[] }
  | { kind: "not"; item: unknown }
  | { kind: "field"; field: unknown; op: OperatorName; operand: unknown }
  | { kind: "value"; value: unknown; op: OperatorName; operand: unknown }
  | { kind: "count"; count: CountShape; op: OperatorName; operand: unknown };

const INDEX_NAME = /^[A-Za-z0-9]+$/;

/**
 * A condition object with its keys in canonical case: Azure Policy reads condition keys
 * case-insensitively (built-in 04c655fe writes `anyof`). Keys differing only in case are invalid.
 */
function canonicalKeys(raw: JsonObject, canonical: readonly string[]): JsonObject {
  const out: JsonObject = {};
  const seen = new Map<string, string>();
  for (const key of Object.keys(raw)) {
    const lower = key.toLowerCase();
    const prev = seen.get(lower);
    if (prev !== undefined) throw new InvalidPolicyDefinitionError(`condition keys '${prev}' and '${key}' differ only in case`);
    seen.set(lower, key);
    const name = canonical.find((c) => c.toLowerCase() === lower) ?? asOperator(key) ?? key;
    out[name] = raw[key];
  }
  return out;
}

function countShape(input: unknown): CountShape {
  if (!isObject(input)) throw new InvalidPolicyDefinitionError(`'count' must be an object, got ${kindOf(input)}`);
  const raw = canonicalKeys(input, ["field", "value", "name", "where"]);
  const unknownKeys = Object.keys(raw).filter((k) => !["field", "value", "name", "where"].includes(k));
  if (unknownKeys.length > 0) throw new UnsupportedPolicyConstructError(`unknown key(s) in count: ${unknownKeys.join(", ")}`);
  const hasField = "field" in raw;
  const hasValue = "value" in raw;
  if (hasField === hasValue) throw new InvalidPolicyDefinitionError("'count' needs exactly one of 'field' or 'value'");
  const where = raw["where"];
  if (where !== undefined && !isObject(where)) throw new InvalidPolicyDefinitionError("'count.where' must be a condition object");
  if (hasField) {
    if ("name" in raw) throw new InvalidPolicyDefinitionError("'count.name' is only allowed in a value count");
    return where === undefined ? { kind: "field", field: raw["field"] } : { kind: "field", field: raw["field"], where };
  }
  const name = raw["name"];
  if (name !== undefined && (typeof name !== "string" || !INDEX_NAME.test(name))) {
    throw new InvalidPolicyDefinitionError(`'count.name' must be English letters and digits, got ${describe(name)}`);
  }
  const shape: CountShape = { kind: "value", value: raw["value"] };
  if (name !== undefined) shape.name = name;
  if (where !== undefined) shape.where = where;
  return shape;
}

/** A condition that is not a logical operator: `field`, `value` or `count`. */
export type LeafShape = Exclude<ConditionShape, { kind: "allOf" | "anyOf" | "not" }>;

/** A walk's step: the operands of a logical condition (`allOf`, `anyOf`, `not`) to recurse into, or the leaf itself. */
export function operandsOrLeaf(shape: ConditionShape): unknown[] | LeafShape {
  switch (shape.kind) {
    case "allOf":
    case "anyOf":
      return shape.items;
    case "not":
      return [shape.item];
    default:
      return shape;
  }
}

/** Reads the structure of a condition node; throws for malformed or unknown structures. */
export function conditionShape(input: unknown): ConditionShape {
  if (!isObject(input)) throw new InvalidPolicyDefinitionError(`a condition must be an object, got ${kindOf(input)} ${describe(input)}`);
  const cond = canonicalKeys(input, ["allOf", "anyOf", "not", "field", "value", "count"]);
  const keys = Object.keys(cond);
  for (const logical of ["allOf", "anyOf", "not"] as const) {
    if (!(logical in cond)) continue;
    if (keys.length !== 1) throw new InvalidPolicyDefinitionError(`'${logical}' must be the only key of its object (found ${keys.join(", ")})`);
    const body = cond[logical];
    if (logical === "not") return { kind: "not", item: body };
    if (!Array.isArray(body)) throw new InvalidPolicyDefinitionError(`'${logical}' must be an array of conditions`);
    return { kind: logical, items: body };
  }
  const subjects = keys.filter((k) => k === "field" || k === "value" || k === "count");
  const ops = keys.map(asOperator).filter((o): o is OperatorName => o !== undefined);
  const unknownKeys = keys.filter((k) => k !== "field" && k !== "value" && k !== "count" && asOperator(k) === undefined);
  if (unknownKeys.length > 0) {
    throw new UnsupportedPolicyConstructError(
      `unknown condition key(s) ${unknownKeys.map((k) => `'${k}'`).join(", ")} (supported operators: ${OPERATORS.join(", ")})`,
    );
  }
  if (subjects.length !== 1)
    throw new InvalidPolicyDefinitionError(`a condition needs exactly one of field/value/count (found ${subjects.join(", ") || "none"})`);
  if (ops.length !== 1) throw new InvalidPolicyDefinitionError(`a condition needs exactly one operator (found ${ops.join(", ") || "none"})`);
  const op = ops[0];
  const operand = cond[op];
  const subject = subjects[0];
  if (subject === "count") return { kind: "count", count: countShape(cond["count"]), op, operand };
  if (subject === "field") return { kind: "field", field: cond["field"], op, operand };
  return { kind: "value", value: cond["value"], op, operand };
}

/**
 * Runs every thunk; rethrows the first {@link PolicyEvaluationError} only after all ran. Any other
 * error (unsupported construct) propagates at once.
 */
export function runAll<T>(thunks: ReadonlyArray<() => T>): T[] {
  const results: T[] = [];
  let failure: PolicyEvaluationError | undefined;
  for (const thunk of thunks) {
    try {
      results.push(thunk());
    } catch (e) {
      if (!(e instanceof PolicyEvaluationError)) throw e;
      failure ??= e;
    }
  }
  if (failure) throw failure;
  return results;
}

/** What condition evaluation reads. */
export interface ConditionEnvironment {
  /** The resource (request payload) being evaluated. */
  resource: JsonObject;
  /** Alias → ARM JSON path. */
  aliases: AliasResolver;
  /** Resolves `parameters(name)`; throws when the parameter does not exist. */
  parameter(name: string): unknown;
  /** `requestContext()`; when absent the function is unsupported. */
  requestContext?: { apiVersion?: string };
}

type Frame =
  | { kind: "value"; name: string; item: unknown; total: number }
  | { kind: "field"; alias: string; tokens: PathToken[]; item: unknown; binding: ReadonlyMap<string, number> };

function normalizeLocationOperand(value: unknown): unknown {
  if (typeof value === "string") return normalizeLocation(value);
  if (Array.isArray(value)) return value.map(normalizeLocationOperand);
  return value;
}

/**
 * Documented ("Author policies for array properties" > Array conditions): `equals`/`notEquals`
 * with an Array-typed parameter fails when the definition is created ("expected type is
 * 'String'"). Literal arrays/objects are rejected the same way.
 */
function checkStringOperand(op: OperatorName, raw: unknown, resolved: unknown): void {
  if (op !== "equals" && op !== "notEquals") return;
  if (!(Array.isArray(resolved) || isObject(resolved))) return;
  const isParameterReference = typeof raw === "string" && /^\[\s*parameters\s*\(\s*'[^']*'\s*\)\s*\]$/i.test(raw);
  if (typeof raw !== "string" || isParameterReference) {
    throw new InvalidPolicyDefinitionError(`'${op}' expects a string value, got ${kindOf(resolved)} from ${describe(raw)} (use 'in'/'notIn' for arrays)`);
  }
}

const ORDERING_OPERATORS: readonly OperatorName[] = ["less", "lessOrEquals", "greater", "greaterOrEquals"];

/** Evaluates conditions against one resource. One instance per evaluation (it keeps the count stack). */
export class ConditionEvaluator {
  private readonly frames: Frame[] = [];
  private readonly context: ExpressionContext;

  constructor(private readonly env: ConditionEnvironment) {
    this.context = {
      field: (name) => this.fieldFunction(name),
      parameter: (name) => env.parameter(name),
      current: (name) => this.current(name),
      requestContext: () => {
        if (!env.requestContext) throw new UnsupportedPolicyConstructError("requestContext() needs input.requestContext");
        return { ...env.requestContext };
      },
    };
  }

  /** The expression context of the current position (inside counts, `current()` and `field()` see the iteration). */
  get expressionContext(): ExpressionContext {
    return this.context;
  }

  /** Evaluates a condition node. Throws {@link PolicyEvaluationError} when evaluation fails. */
  evaluate(cond: unknown): boolean {
    const shape = conditionShape(cond);
    switch (shape.kind) {
      case "allOf":
        return runAll(shape.items.map((c) => () => this.evaluate(c))).every((b) => b);
      case "anyOf":
        return runAll(shape.items.map((c) => () => this.evaluate(c))).some((b) => b);
      case "not":
        return !this.evaluate(shape.item);
      case "field":
        return this.fieldCondition(shape.field, shape.op, shape.operand);
      case "value": {
        const [left, right] = runAll([() => this.resolve(shape.value), () => this.resolve(shape.operand)]);
        checkStringOperand(shape.op, shape.operand, right);
        return applyOperator(shape.op, left, right);
      }
      case "count": {
        const [n, right] = runAll([() => this.count(shape.count), () => this.resolve(shape.operand)]);
        checkStringOperand(shape.op, shape.operand, right);
        return applyOperator(shape.op, n, right);
      }
    }
  }

  private resolve(value: unknown): unknown {
    return resolveTemplateValue(value, this.context);
  }

  private fieldRef(raw: unknown, where: string): FieldRef {
    const name = this.resolve(raw);
    if (typeof name !== "string") throw new InvalidPolicyDefinitionError(`${where} must be a string, got ${kindOf(name)} ${describe(name)}`);
    return resolveField(name, this.env.aliases);
  }

  private bindings(): Map<string, number> {
    const merged = new Map<string, number>();
    for (const f of this.frames) if (f.kind === "field") for (const [k, v] of f.binding) merged.set(k, v);
    return merged;
  }

  private fieldCondition(rawField: unknown, op: OperatorName, rawOperand: unknown): boolean {
    const [refValue, operandValue] = runAll<unknown>([() => this.fieldRef(rawField, "'field'"), () => this.resolve(rawOperand)]);
    const ref = refValue as FieldRef;
    checkStringOperand(op, rawOperand, operandValue);
    if (ref.kind === "builtin") {
      if (ref.field === "location") {
        const left = ref.get(this.env.resource);
        return applyOperator(op, typeof left === "string" ? normalizeLocation(left) : left, normalizeLocationOperand(operandValue));
      }
      return applyOperator(op, ref.get(this.env.resource), operandValue);
    }
    const entries = resolvePath(this.env.resource, ref.tokens, this.bindings());
    if (!ref.isCollection) return applyOperator(op, entries[0]?.value, operandValue);
    if (entries.length === 0 && !ORDERING_OPERATORS.includes(op)) applyOperator(op, undefined, operandValue); // still validate the operand
    return runAll(entries.map((e) => () => applyOperator(op, e.value, operandValue))).every((b) => b);
  }

  private withFrame<T>(frame: Frame, fn: () => T): T {
    this.frames.push(frame);
    try {
      return fn();
    } finally {
      this.frames.pop();
    }
  }

  private count(c: CountShape): number {
    if (c.kind === "field") {
      const ref = this.fieldRef(c.field, "'count.field'");
      assertArrayAlias(ref, "'count.field'");
      const entries = resolvePath(this.env.resource, ref.tokens, this.bindings());
      const where = c.where;
      if (where === undefined) return entries.length;
      const results = runAll(
        entries.map(
          (e) => () => this.withFrame({ kind: "field", alias: ref.alias, tokens: ref.tokens, item: e.value, binding: e.binding }, () => this.evaluate(where)),
        ),
      );
      return results.filter((b) => b).length;
    }
    if (this.frames.length > 0 && c.name === undefined) {
      throw new InvalidPolicyDefinitionError("'count.name' is required for a value count nested in another count");
    }
    const items = this.resolve(c.value);
    if (!Array.isArray(items)) throw new PolicyEvaluationError(`'count.value' must evaluate to an array, got ${kindOf(items)} ${describe(items)}`);
    const parent = [...this.frames].reverse().find((f): f is Extract<Frame, { kind: "value" }> => f.kind === "value");
    const total = (parent?.total ?? 1) * items.length;
    if (total > MAX_VALUE_COUNT_ITERATIONS) {
      throw new PolicyEvaluationError(
        `value count iterates ${total} times (limit ${MAX_VALUE_COUNT_ITERATIONS}, nested counts include the parent's iterations)`,
      );
    }
    const where = c.where;
    if (where === undefined) return items.length;
    const name = c.name ?? "default";
    const results = runAll(items.map((item) => () => this.withFrame({ kind: "value", name, item, total }, () => this.evaluate(where))));
    return results.filter((b) => b).length;
  }

  /** `field(name)`: a missing non-array field gives `""` and a `[*]` alias an array (documented in "Author policies for array properties"). */
  private fieldFunction(name: string): unknown {
    const ref = resolveField(name, this.env.aliases);
    if (ref.kind === "builtin") return ref.get(this.env.resource) ?? "";
    const entries = resolvePath(this.env.resource, ref.tokens, this.bindings());
    if (!ref.isCollection) return entries[0]?.value ?? "";
    // Members that lack the property are left out (built-in 702dd420 relies on it).
    return entries.filter((e) => e.value !== undefined).map((e) => e.value);
  }

  private current(name: string | undefined): unknown {
    const innermost = this.frames[this.frames.length - 1];
    if (!innermost) throw new InvalidPolicyDefinitionError("current() is only available inside 'count.where'");
    if (name === undefined) {
      if (this.frames.length > 1)
        throw new InvalidPolicyDefinitionError("current() without an index name is only allowed when the count is not nested in another count");
      return innermost.item;
    }
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.kind === "value" && fold(f.name) === fold(name)) return f.item;
    }
    if (!name.includes("/")) throw new InvalidPolicyDefinitionError(`current('${name}'): no enclosing value count is named '${name}'`);
    const ref = resolveField(name, this.env.aliases);
    if (ref.kind === "alias") {
      for (let i = this.frames.length - 1; i >= 0; i--) {
        const f = this.frames[i];
        if (f.kind !== "field" || !isPathPrefix(f.tokens, ref.tokens)) continue;
        const rest = ref.tokens.slice(f.tokens.length);
        if (rest.length === 0) return f.item;
        const entries = resolvePath(f.item, rest, new Map());
        if (rest.some((t) => t.kind === "wildcard")) return entries.map((e) => e.value ?? null);
        return entries[0]?.value ?? null;
      }
    }
    throw new InvalidPolicyDefinitionError(`current('${name}') does not refer to an enclosing count`);
  }
}

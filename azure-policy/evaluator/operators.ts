/**
 * The condition operators (`equals`, `like`, `match`, `in`, `less`, `exists`, ...), applied to one
 * value. Documented rules ("Azure Policy definition structure policy rule" > Conditions):
 * - every condition that takes a string is case-insensitive, except `match`/`notMatch`;
 * - `like`/`notLike`: `*` wildcard, at most one; `contains`/`notContains`: no `*`;
 * - `match`: `#` a digit, `?` a letter, `.` any character, anything else itself;
 * - `less`/`lessOrEquals`/`greater`/`greaterOrEquals`: a type mismatch is an error; strings
 *   compare with InvariantCultureIgnoreCase;
 * - `in`/`notIn` need an array;
 * - `equals` compares whole values: an array compared with a string is simply not equal (the
 *   documented "Referencing the array" example); the creation-time error for an array parameter
 *   is checked by the condition evaluator.
 * A missing value (absent or null) makes `exists` false and every positive operator false, so each
 * negated operator (`notEquals`, `notLike`, `notIn`, `notContains`, `notMatch`, ...) is true.
 */
import { InvalidPolicyDefinitionError, PolicyEvaluationError, UnsupportedPolicyConstructError } from "./errors";
import { compareStrings, describe, equalsIgnoreCase, fold, hasKeyIgnoreCase, isMissing, isObject, kindOf, looseEquals, scalarText } from "./values";

/** Every operator a condition may use. */
export const OPERATORS = [
  "equals",
  "notEquals",
  "like",
  "notLike",
  "match",
  "notMatch",
  "matchInsensitively",
  "notMatchInsensitively",
  "contains",
  "notContains",
  "in",
  "notIn",
  "containsKey",
  "notContainsKey",
  "less",
  "lessOrEquals",
  "greater",
  "greaterOrEquals",
  "exists",
] as const;

/** An operator name. */
export type OperatorName = (typeof OPERATORS)[number];

/** Finds an operator name (exact spelling, as the policy schema requires). */
export function asOperator(key: string): OperatorName | undefined {
  // Operator keys are case-insensitive in Azure Policy (built-ins write e.g. `notequals`).
  const lower = key.toLowerCase();
  return OPERATORS.find((o) => o.toLowerCase() === lower);
}

function operandText(op: string, right: unknown): string {
  const text = scalarText(right);
  if (text === undefined) {
    throw new InvalidPolicyDefinitionError(`'${op}' expects a string value, got ${kindOf(right)} ${describe(right)}`);
  }
  return text;
}

/** Left side as a string for `like`/`match`/`contains`; `undefined` when missing; arrays/objects are unsupported. */
function subjectText(op: string, left: unknown): string | undefined {
  if (isMissing(left)) return undefined;
  const text = scalarText(left);
  if (text === undefined) {
    throw new UnsupportedPolicyConstructError(`'${op}' on a ${kindOf(left)} value is not supported (undocumented); use a [*] alias or count`);
  }
  return text;
}

/** `like` with at most one `*`, case-insensitive. Throws for a pattern with more than one `*`. */
export function likeMatches(text: string, pattern: string): boolean {
  const parts = pattern.split("*");
  if (parts.length > 2) throw new UnsupportedPolicyConstructError(`like pattern ${JSON.stringify(pattern)} has more than one '*' wildcard`);
  const t = fold(text);
  if (parts.length === 1) return t === fold(pattern);
  const pre = fold(parts[0]);
  const suf = fold(parts[1]);
  return t.length >= pre.length + suf.length && t.startsWith(pre) && t.endsWith(suf);
}

/** `match`: `#` a digit, `?` a letter, `.` any character, other characters literally; the whole value must match. */
export function matchPattern(text: string, pattern: string, ignoreCase: boolean): boolean {
  const chars = Array.from(text);
  const pats = Array.from(pattern);
  if (chars.length !== pats.length) return false;
  return pats.every((p, i) => {
    const c = chars[i];
    if (p === "#") return /^\p{Nd}$/u.test(c);
    if (p === "?") return /^\p{L}$/u.test(c);
    if (p === ".") return true;
    return ignoreCase ? equalsIgnoreCase(c, p) : c === p;
  });
}

function existsOperand(right: unknown): boolean {
  if (typeof right === "boolean") return right;
  if (typeof right === "string") {
    const f = fold(right);
    if (f === "true") return true;
    if (f === "false") return false;
  }
  throw new InvalidPolicyDefinitionError(`'exists' expects true or false, got ${describe(right)}`);
}

function ordering(op: string, left: unknown, right: unknown): number {
  if (isMissing(left) || isMissing(right)) {
    throw new UnsupportedPolicyConstructError(`'${op}' with a missing value is not documented; guard it with 'exists'`);
  }
  if (typeof left === "number" && typeof right === "number") return left - right;
  if (typeof left === "string" && typeof right === "string") return compareStrings(left, right, true);
  throw new PolicyEvaluationError(`'${op}': the value type (${kindOf(left)}) does not match the condition type (${kindOf(right)})`);
}

function containsValue(op: string, left: unknown, right: unknown): boolean {
  const needle = operandText(op, right);
  if (needle.includes("*")) throw new InvalidPolicyDefinitionError(`'${op}' value must not contain the wildcard '*' (${JSON.stringify(needle)})`);
  if (isMissing(left)) return false;
  if (Array.isArray(left)) return left.some((v) => looseEquals(v, right));
  const text = subjectText(op, left) as string;
  return fold(text).includes(fold(needle));
}

function inValues(op: string, left: unknown, right: unknown): boolean {
  if (!Array.isArray(right)) throw new InvalidPolicyDefinitionError(`'${op}' expects an array value, got ${kindOf(right)} ${describe(right)}`);
  if (isMissing(left)) return false;
  return right.some((v) => looseEquals(left, v));
}

function containsKey(op: string, left: unknown, right: unknown): boolean {
  const key = operandText(op, right);
  if (isMissing(left)) return false;
  if (!isObject(left)) throw new UnsupportedPolicyConstructError(`'${op}' on a ${kindOf(left)} value is not supported (undocumented)`);
  return hasKeyIgnoreCase(left, key);
}

/**
 * Applies an operator to one value. `left` is the field/value/count result (`undefined` or `null`
 * when missing); `right` is the evaluated operand.
 *
 * @throws PolicyEvaluationError for documented run-time failures (type mismatch in an ordering);
 *   InvalidPolicyDefinitionError for an operand Azure rejects; UnsupportedPolicyConstructError for
 *   undocumented combinations.
 */
export function applyOperator(op: OperatorName, left: unknown, right: unknown): boolean {
  switch (op) {
    case "equals":
      return looseEquals(left, right);
    case "notEquals":
      return !looseEquals(left, right);
    case "like":
    case "notLike": {
      const pattern = operandText(op, right);
      const text = subjectText(op, left);
      const hit = text !== undefined && likeMatches(text, pattern);
      if (text === undefined) likeMatches("", pattern); // still reject a bad pattern
      return op === "like" ? hit : !hit;
    }
    case "match":
    case "notMatch":
    case "matchInsensitively":
    case "notMatchInsensitively": {
      const pattern = operandText(op, right);
      const text = subjectText(op, left);
      const hit = text !== undefined && matchPattern(text, pattern, op.endsWith("Insensitively"));
      return op === "match" || op === "matchInsensitively" ? hit : !hit;
    }
    case "contains":
      return containsValue(op, left, right);
    case "notContains":
      return !containsValue(op, left, right);
    case "in":
      return inValues(op, left, right);
    case "notIn":
      return !inValues(op, left, right);
    case "containsKey":
      return containsKey(op, left, right);
    case "notContainsKey":
      return !containsKey(op, left, right);
    case "less":
      return ordering(op, left, right) < 0;
    case "lessOrEquals":
      return ordering(op, left, right) <= 0;
    case "greater":
      return ordering(op, left, right) > 0;
    case "greaterOrEquals":
      return ordering(op, left, right) >= 0;
    case "exists":
      return existsOperand(right) === !isMissing(left);
  }
}

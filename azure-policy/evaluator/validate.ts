/**
 * Static checks of a whole policy rule, before anything is evaluated. Evaluation alone would miss
 * constructs in places it never reaches (an untaken `if()` branch, the `where` of a count over an
 * empty array), so every condition and every expression string is checked here: structure,
 * operators, expression syntax, known functions and arity, and where `current()` may appear.
 */
import { conditionShape, operandsOrLeaf } from "./conditions";
import { InvalidPolicyDefinitionError, UnsupportedPolicyConstructError } from "./errors";
import { checkFunctions } from "./expression";
import { ExpressionNode, classifyTemplateString, parseExpression, walkExpression } from "./parser";
import { describe, fold, isObject } from "./values";

/** A policy rule that passed {@link validatePolicyRule}. */
export interface ValidatedPolicyRule {
  /** The `if` condition. */
  if: unknown;
  /** The `then` block. */
  then: { effect: unknown; [key: string]: unknown };
}

type EnclosingCount = { kind: "value"; name: string } | { kind: "field"; alias: string | undefined };

function checkCurrentCalls(ast: ExpressionNode, scope: readonly EnclosingCount[], text: string): void {
  walkExpression(ast, (node) => {
    if (node.kind !== "call" || fold(node.name) !== "current") return;
    if (scope.length === 0) throw new InvalidPolicyDefinitionError(`current() is only available inside 'count.where' (in ${JSON.stringify(text)})`);
    const arg = node.args[0];
    if (arg === undefined) {
      if (scope.length > 1)
        throw new InvalidPolicyDefinitionError(`current() without an index name is only allowed when the count is not nested (in ${JSON.stringify(text)})`);
      return;
    }
    if (arg.kind !== "string") return;
    const name = fold(arg.value);
    const known = scope.some((c) => (c.kind === "value" ? fold(c.name) === name : c.alias !== undefined && name.startsWith(fold(c.alias))));
    if (!known && !scope.some((c) => c.kind === "field" && c.alias === undefined)) {
      throw new InvalidPolicyDefinitionError(`current('${arg.value}') does not name an enclosing count (in ${JSON.stringify(text)})`);
    }
  });
}

/** Parses and checks every expression string inside a JSON value. */
export function checkExpressionsIn(value: unknown, scope: readonly EnclosingCount[] = []): void {
  if (typeof value === "string") {
    const t = classifyTemplateString(value);
    if (t.kind === "literal") return;
    const ast = parseExpression(t.source);
    checkFunctions(ast);
    checkCurrentCalls(ast, scope, value);
    return;
  }
  if (Array.isArray(value)) value.forEach((v) => checkExpressionsIn(v, scope));
  else if (isObject(value)) Object.values(value).forEach((v) => checkExpressionsIn(v, scope));
}

function isLiteralString(value: unknown): value is string {
  return typeof value === "string" && classifyTemplateString(value).kind === "literal";
}

function literalText(value: string): string {
  const t = classifyTemplateString(value);
  return t.kind === "literal" ? t.value : value;
}

/** Checks a condition tree (recursively, including every `count.where`). */
export function validateCondition(cond: unknown, scope: readonly EnclosingCount[] = []): void {
  const shape = operandsOrLeaf(conditionShape(cond));
  if (Array.isArray(shape)) return shape.forEach((c) => validateCondition(c, scope));
  checkExpressionsIn(shape.operand, scope);
  const operand = shape.operand;
  if ((shape.op === "like" || shape.op === "notLike") && isLiteralString(operand) && literalText(operand).split("*").length > 2) {
    throw new UnsupportedPolicyConstructError(`'${shape.op}' value ${JSON.stringify(operand)} has more than one '*' wildcard`);
  }
  if ((shape.op === "contains" || shape.op === "notContains") && isLiteralString(operand) && literalText(operand).includes("*")) {
    throw new InvalidPolicyDefinitionError(`'${shape.op}' value must not contain the wildcard '*' (${JSON.stringify(operand)})`);
  }
  if ((shape.op === "in" || shape.op === "notIn") && !Array.isArray(operand) && !(typeof operand === "string" && !isLiteralString(operand))) {
    throw new InvalidPolicyDefinitionError(`'${shape.op}' expects an array or an expression, got ${describe(operand)}`);
  }
  if (shape.op === "exists" && !(typeof operand === "boolean" || (typeof operand === "string" && ["true", "false"].includes(fold(operand))))) {
    throw new InvalidPolicyDefinitionError(`'exists' expects true or false, got ${describe(operand)}`);
  }
  if (shape.kind === "field") {
    if (typeof shape.field !== "string") throw new InvalidPolicyDefinitionError(`'field' must be a string, got ${describe(shape.field)}`);
    checkExpressionsIn(shape.field, scope);
    return;
  }
  if (shape.kind === "value") {
    checkExpressionsIn(shape.value, scope);
    return;
  }
  const c = shape.count;
  let inner: EnclosingCount;
  if (c.kind === "field") {
    if (typeof c.field !== "string") throw new InvalidPolicyDefinitionError(`'count.field' must be a string, got ${describe(c.field)}`);
    checkExpressionsIn(c.field, scope);
    inner = { kind: "field", alias: isLiteralString(c.field) ? literalText(c.field) : undefined };
  } else {
    if (!Array.isArray(c.value) && !(typeof c.value === "string" && !isLiteralString(c.value))) {
      throw new InvalidPolicyDefinitionError(`'count.value' must be an array or an expression, got ${describe(c.value)}`);
    }
    if (scope.length > 0 && c.name === undefined) throw new InvalidPolicyDefinitionError("'count.name' is required for a value count nested in another count");
    checkExpressionsIn(c.value, scope);
    inner = { kind: "value", name: c.name ?? "default" };
  }
  if (c.where !== undefined) validateCondition(c.where, [...scope, inner]);
}

/**
 * Checks a whole policy rule (`{ if, then: { effect } }`) without evaluating it.
 * @throws UnsupportedPolicyConstructError / InvalidPolicyDefinitionError
 */
export function validatePolicyRule(policyRule: unknown): ValidatedPolicyRule {
  if (!isObject(policyRule)) throw new InvalidPolicyDefinitionError(`policyRule must be an object, got ${describe(policyRule)}`);
  const extra = Object.keys(policyRule).filter((k) => k !== "if" && k !== "then");
  if (extra.length > 0) throw new UnsupportedPolicyConstructError(`unknown key(s) in policyRule: ${extra.join(", ")}`);
  if (!("if" in policyRule)) throw new InvalidPolicyDefinitionError("policyRule has no 'if'");
  const then = policyRule["then"];
  if (!isObject(then) || typeof then["effect"] !== "string") throw new InvalidPolicyDefinitionError("policyRule.then.effect must be a string");
  validateCondition(policyRule["if"]);
  checkExpressionsIn(then["effect"]);
  return { if: policyRule["if"], then: { ...then, effect: then["effect"] } };
}

/**
 * Evaluates ARM template expressions. Everything is evaluated eagerly except `if()`, which only
 * evaluates the branch it takes (the documented way to guard functions that can fail).
 */
import { InvalidPolicyDefinitionError, PolicyEvaluationError, UnsupportedPolicyConstructError } from "./errors";
import { FunctionContext, accessIndex, accessProperty, lookupFunction } from "./functions";
import { ExpressionNode, classifyTemplateString, parseExpression } from "./parser";
import { isObject, kindOf } from "./values";

/** The context an expression is evaluated in: the policy functions it may call. */
export type ExpressionContext = FunctionContext;

/** Documented evaluation limit: length of a string returned by a function. */
export const MAX_FUNCTION_STRING_LENGTH = 131072;

/**
 * Throws {@link UnsupportedPolicyConstructError} for a call to a function the evaluator does not
 * implement and {@link InvalidPolicyDefinitionError} for a wrong number of arguments, anywhere in
 * the tree (including untaken `if()` branches).
 */
export function checkFunctions(node: ExpressionNode): void {
  switch (node.kind) {
    case "call": {
      const fn = lookupFunction(node.name);
      if (!fn) throw new UnsupportedPolicyConstructError(`template function '${node.name}()' is not supported by the evaluator`);
      if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
        const expected = fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
        throw new InvalidPolicyDefinitionError(`template function '${node.name}()' takes ${expected} argument(s), got ${node.args.length}`);
      }
      node.args.forEach(checkFunctions);
      return;
    }
    case "property":
      checkFunctions(node.target);
      return;
    case "index":
      checkFunctions(node.target);
      checkFunctions(node.index);
      return;
    default:
      return;
  }
}

/** Evaluates a parsed expression. Throws {@link PolicyEvaluationError} when a function fails. */
export function evaluateNode(node: ExpressionNode, ctx: ExpressionContext): unknown {
  switch (node.kind) {
    case "string":
    case "integer":
      return node.value;
    case "property":
      return accessProperty(evaluateNode(node.target, ctx), node.name);
    case "index":
      return accessIndex(evaluateNode(node.target, ctx), evaluateNode(node.index, ctx));
    case "call": {
      const fn = lookupFunction(node.name);
      if (!fn) throw new UnsupportedPolicyConstructError(`template function '${node.name}()' is not supported by the evaluator`);
      if (fn.lazy) {
        const condition = evaluateNode(node.args[0], ctx);
        if (typeof condition !== "boolean") {
          throw new PolicyEvaluationError(`if(): the condition must be a boolean, got ${kindOf(condition)}`);
        }
        return evaluateNode(condition ? node.args[1] : node.args[2], ctx);
      }
      const args = node.args.map((a) => evaluateNode(a, ctx));
      const result = fn.call(args, ctx);
      if (typeof result === "string" && result.length > MAX_FUNCTION_STRING_LENGTH) {
        throw new PolicyEvaluationError(`${node.name}() returned a string of ${result.length} characters (limit ${MAX_FUNCTION_STRING_LENGTH})`);
      }
      return result;
    }
  }
}

/**
 * Evaluates a JSON string as Azure Policy does: an expression (`"[...]"`) is parsed, checked and
 * evaluated; `"[[..."` is the literal without its first bracket; anything else is returned as is.
 *
 * @throws UnsupportedPolicyConstructError for an unknown function, InvalidPolicyDefinitionError for a
 *   syntax error, PolicyEvaluationError when evaluation fails.
 */
export function evaluateExpression(text: string, context: ExpressionContext = {}): unknown {
  const t = classifyTemplateString(text);
  if (t.kind === "literal") return t.value;
  const ast = parseExpression(t.source);
  checkFunctions(ast);
  return evaluateNode(ast, context);
}

/** Evaluates every string inside a JSON value (arrays and objects recursively); other values are returned as they are. */
export function resolveTemplateValue(value: unknown, context: ExpressionContext = {}): unknown {
  if (typeof value === "string") return evaluateExpression(value, context);
  if (Array.isArray(value)) return value.map((v) => resolveTemplateValue(v, context));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveTemplateValue(v, context);
    return out;
  }
  return value;
}

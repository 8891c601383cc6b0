/**
 * Offline Azure Policy rule evaluator (pure TypeScript, no dependencies).
 *
 * Decides a rendered `policyRule` against one resource payload the way Azure Policy documents it,
 * so tests can prove that rendered policy JSON decides exactly like the rules core. Anything the
 * evaluator does not implement throws {@link UnsupportedPolicyConstructError}; it never passes
 * silently. A failure during evaluation (Azure: an implicit deny) is `{ outcome: 'error' }`.
 *
 * Internal, and independent: it is the oracle the agreement tests hold the renderer and the pack
 * to, so it imports nothing outside this folder (test/architecture/imports.test.ts) and is not a
 * package entry.
 */
import { ConditionEvaluator } from "./conditions";
import { InvalidPolicyDefinitionError, PolicyEvaluationError } from "./errors";
import { resolveTemplateValue } from "./expression";
import { AliasResolver } from "./fields";
import { assertWithinLimits } from "./limits";
import { ParameterDefinition, parameterLookup, resolveParameters } from "./parameters";
import { validateCondition, validatePolicyRule } from "./validate";
import { describe, fold } from "./values";

export { InvalidPolicyDefinitionError, PolicyEvaluationError, PolicyLimitError, UnsupportedPolicyConstructError } from "./errors";
export type { ExpressionContext } from "./expression";
export { MAX_FUNCTION_STRING_LENGTH, evaluateExpression, resolveTemplateValue } from "./expression";
export type { ExpressionNode } from "./parser";
export { classifyTemplateString, functionNestingDepth, isExpressionString, parseExpression } from "./parser";
export type { FunctionContext } from "./functions";
export { SUPPORTED_FUNCTIONS } from "./functions";
export type { AliasResolver } from "./fields";
export type { OperatorName } from "./operators";
export { OPERATORS, applyOperator, likeMatches, matchPattern } from "./operators";
export { MAX_VALUE_COUNT_ITERATIONS } from "./conditions";
export type { AuthoringLimitReport, LimitOptions } from "./limits";
export { AUTHORING_LIMITS, assertWithinLimits, checkAuthoringLimits, limitViolations } from "./limits";
export type { ParameterDefinition } from "./parameters";
export { validateCondition, validatePolicyRule } from "./validate";

/** The resource (request payload) a rule is evaluated against. */
export interface ArmResource {
  /** Resource type, e.g. `Microsoft.MachineLearningServices/workspaces/serverlessEndpoints`. */
  type: string;
  /** Resource name. */
  name?: string;
  /** Resource kind. */
  kind?: string;
  /** Resource location. */
  location?: string;
  /** Resource id (used to derive `fullName` of child resources). */
  id?: string;
  /** Resource tags. */
  tags?: Record<string, string>;
  /** The resource properties. */
  properties?: unknown;
  /** Anything else in the payload (`sku`, `identity`, `fullName`, ...). */
  [k: string]: unknown;
}

/** Everything one evaluation needs. */
export interface EvaluationInput {
  /** The definition's `policyRule` (`{ if, then: { effect } }`). */
  policyRule: unknown;
  /** Assignment parameter values; missing ones fall back to `definitionParameters[x].defaultValue`. */
  parameters?: Record<string, unknown>;
  /** The definition's `parameters` block. */
  definitionParameters?: Record<string, ParameterDefinition>;
  /** The evaluated resource. */
  resource: ArmResource;
  /** Alias → ARM JSON path. */
  aliases: AliasResolver;
  /** What `requestContext()` returns. */
  requestContext?: { apiVersion?: string };
}

/** The outcome of {@link evaluatePolicy}. */
export type EvaluationResult =
  /** The `if` condition is true: the effect applies (non-compliant for Deny/Audit). */
  | { outcome: "match"; effect: string }
  /** The `if` condition is false. */
  | { outcome: "noMatch" }
  /** Evaluation failed; in Azure that is an implicit deny. */
  | { outcome: "error"; error: string };

/** Builds an {@link AliasResolver} from a table (alias names compared case-insensitively). */
export function createAliasResolver(table: Record<string, string>): AliasResolver {
  const map = new Map(Object.entries(table).map(([alias, path]) => [fold(alias), path] as const));
  return (alias) => map.get(fold(alias));
}

type EnvironmentInput = Omit<EvaluationInput, "policyRule">;

function makeEvaluator(input: EnvironmentInput, parameters: ReadonlyMap<string, unknown>): ConditionEvaluator {
  const env = { resource: input.resource, aliases: input.aliases, parameter: parameterLookup(parameters) };
  return new ConditionEvaluator(input.requestContext ? { ...env, requestContext: input.requestContext } : env);
}

/**
 * Evaluates one condition tree (an `if` block or any part of it) against a resource.
 * @returns whether the condition holds
 * @throws PolicyEvaluationError when evaluation fails; UnsupportedPolicyConstructError (or a
 *   subclass) for unsupported or invalid constructs
 */
export function evaluateCondition(condition: unknown, input: EnvironmentInput): boolean {
  validateCondition(condition);
  const parameters = resolveParameters(input.definitionParameters, input.parameters);
  return makeEvaluator(input, parameters).evaluate(condition);
}

/**
 * Evaluates a policy rule against a resource: `match` with the resolved effect when the `if`
 * condition is true, `noMatch` when false, `error` when evaluation fails (a template function
 * fails, a value count exceeds 100 iterations, ...).
 *
 * Before evaluating, the whole rule is checked statically and against the authoring limits.
 * @throws UnsupportedPolicyConstructError for anything not implemented; InvalidPolicyDefinitionError
 *   (a subclass) for what Azure would reject: syntax errors, missing parameters, exceeded limits
 */
export function evaluatePolicy(input: EvaluationInput): EvaluationResult {
  const rule = validatePolicyRule(input.policyRule);
  const parameters = resolveParameters(input.definitionParameters, input.parameters);
  assertWithinLimits(input.policyRule, { parameters: Object.fromEntries(parameters) });
  const evaluator = makeEvaluator(input, parameters);

  let failure: PolicyEvaluationError | undefined;
  let effect: unknown;
  let matched = false;
  try {
    effect = resolveTemplateValue(rule.then.effect, { parameter: parameterLookup(parameters) });
  } catch (e) {
    if (!(e instanceof PolicyEvaluationError)) throw e;
    failure = e;
  }
  try {
    matched = evaluator.evaluate(rule.if);
  } catch (e) {
    if (!(e instanceof PolicyEvaluationError)) throw e;
    failure ??= e;
  }
  if (failure) return { outcome: "error", error: failure.message };
  if (typeof effect !== "string") throw new InvalidPolicyDefinitionError(`the effect must resolve to a string, got ${describe(effect)}`);
  return matched ? { outcome: "match", effect } : { outcome: "noMatch" };
}

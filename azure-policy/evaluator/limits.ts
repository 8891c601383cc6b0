/**
 * The documented authoring limits of a policy rule ("Azure Policy definition structure policy
 * rule" > Policy rule limits > Limits enforced during authoring). Azure rejects a definition or
 * assignment that exceeds them, so a renderer must stay within them.
 */
import { conditionShape, operandsOrLeaf } from "./conditions";
import { PolicyLimitError } from "./errors";
import { classifyTemplateString, functionNestingDepth, parseExpression, walkExpression } from "./parser";
import { fold, isObject } from "./values";

/** The documented authoring limits. */
export const AUTHORING_LIMITS = {
  /** Condition expressions in the `if` condition. */
  conditions: 4096,
  /** Policy functions per policy rule. */
  functionsPerRule: 2048,
  /** Parameters of one function call. */
  functionArguments: 128,
  /** Nested policy functions depth. */
  functionNesting: 64,
  /** Length of an expression string, e.g. the length of `"[function(....)]"`. */
  expressionLength: 81920,
  /** `field count` expressions per array. */
  fieldCountsPerArray: 5,
  /** `value count` expressions per policy rule. */
  valueCountsPerRule: 10,
  /** Value count iterations (nested value counts include the parent's). */
  valueCountIterations: 100,
} as const;

/** What {@link checkAuthoringLimits} measured. */
export interface AuthoringLimitReport {
  /** Number of `value count` expressions in `if`. */
  valueCountExpressions: number;
  /**
   * The largest iteration count of a value count whose array is known statically (a literal
   * array, or `[parameters('x')]` when parameter values are given), nested counts multiplied by
   * their parents; `undefined` when no value count array is known.
   */
  maxValueCountIterations?: number;
  /** Number of condition expressions in `if` (leaf conditions, including `count` conditions and those in `where`). */
  conditionCount: number;
  /** Deepest function nesting in any expression of the rule. */
  maxFunctionNesting: number;
  /** Length of the longest expression string (brackets included). */
  longestExpression: number;
  /** Total function calls in the rule. */
  functionCount: number;
  /** Most arguments passed to one function call. */
  maxFunctionArguments: number;
  /** Most `field count` expressions over one array alias. */
  maxFieldCountsPerArray: number;
}

/** Parameter values used to size value counts over `[parameters('x')]`. */
export interface LimitOptions {
  /** Parameter values by name (case-insensitive), e.g. assignment values merged with defaults. */
  parameters?: Record<string, unknown>;
}

function parameterArrayLength(text: string, options: LimitOptions): number | undefined {
  const t = classifyTemplateString(text);
  if (t.kind !== "expression" || !options.parameters) return undefined;
  const ast = parseExpression(t.source);
  if (ast.kind !== "call" || fold(ast.name) !== "parameters" || ast.args.length !== 1) return undefined;
  const arg = ast.args[0];
  if (arg.kind !== "string") return undefined;
  const key = Object.keys(options.parameters).find((k) => fold(k) === fold(arg.value));
  const value = key === undefined ? undefined : options.parameters[key];
  return Array.isArray(value) ? value.length : undefined;
}

/** Measures a policy rule against the authoring limits (does not throw for exceeded limits; see {@link assertWithinLimits}). */
export function checkAuthoringLimits(policyRule: unknown, options: LimitOptions = {}): AuthoringLimitReport {
  const report: AuthoringLimitReport = {
    valueCountExpressions: 0,
    conditionCount: 0,
    maxFunctionNesting: 0,
    longestExpression: 0,
    functionCount: 0,
    maxFunctionArguments: 0,
    maxFieldCountsPerArray: 0,
  };

  const visitStrings = (value: unknown): void => {
    if (typeof value === "string") {
      const t = classifyTemplateString(value);
      if (t.kind !== "expression") return;
      const ast = parseExpression(t.source);
      report.longestExpression = Math.max(report.longestExpression, value.length);
      report.maxFunctionNesting = Math.max(report.maxFunctionNesting, functionNestingDepth(ast));
      walkExpression(ast, (node) => {
        if (node.kind !== "call") return;
        report.functionCount++;
        report.maxFunctionArguments = Math.max(report.maxFunctionArguments, node.args.length);
      });
    } else if (Array.isArray(value)) value.forEach(visitStrings);
    else if (isObject(value)) Object.values(value).forEach(visitStrings);
  };
  visitStrings(policyRule);

  const fieldCounts = new Map<string, number>();
  const visitCondition = (cond: unknown, parentIterations: number | undefined): void => {
    const shape = operandsOrLeaf(conditionShape(cond));
    if (Array.isArray(shape)) return shape.forEach((c) => visitCondition(c, parentIterations));
    switch (shape.kind) {
      case "field":
      case "value":
        report.conditionCount++;
        return;
      case "count": {
        report.conditionCount++;
        const c = shape.count;
        let iterations = parentIterations;
        if (c.kind === "field") {
          if (typeof c.field === "string") {
            const key = fold(c.field);
            const n = (fieldCounts.get(key) ?? 0) + 1;
            fieldCounts.set(key, n);
            report.maxFieldCountsPerArray = Math.max(report.maxFieldCountsPerArray, n);
          }
        } else {
          report.valueCountExpressions++;
          const length = Array.isArray(c.value) ? c.value.length : typeof c.value === "string" ? parameterArrayLength(c.value, options) : undefined;
          iterations = length === undefined ? undefined : (parentIterations ?? 1) * length;
          if (iterations !== undefined) report.maxValueCountIterations = Math.max(report.maxValueCountIterations ?? 0, iterations);
        }
        if (c.where !== undefined) visitCondition(c.where, iterations);
        return;
      }
    }
  };
  if (isObject(policyRule) && "if" in policyRule) visitCondition(policyRule["if"], undefined);
  return report;
}

/** The limits a report exceeds, one message each (empty when within limits). */
export function limitViolations(report: AuthoringLimitReport): string[] {
  const v: string[] = [];
  const L = AUTHORING_LIMITS;
  if (report.conditionCount > L.conditions) v.push(`${report.conditionCount} condition expressions in 'if' (limit ${L.conditions})`);
  if (report.functionCount > L.functionsPerRule) v.push(`${report.functionCount} policy functions (limit ${L.functionsPerRule})`);
  if (report.maxFunctionArguments > L.functionArguments) v.push(`a function with ${report.maxFunctionArguments} parameters (limit ${L.functionArguments})`);
  if (report.maxFunctionNesting > L.functionNesting) v.push(`functions nested ${report.maxFunctionNesting} deep (limit ${L.functionNesting})`);
  if (report.longestExpression > L.expressionLength) v.push(`an expression of ${report.longestExpression} characters (limit ${L.expressionLength})`);
  if (report.maxFieldCountsPerArray > L.fieldCountsPerArray)
    v.push(`${report.maxFieldCountsPerArray} field count expressions over one array (limit ${L.fieldCountsPerArray})`);
  if (report.valueCountExpressions > L.valueCountsPerRule) v.push(`${report.valueCountExpressions} value count expressions (limit ${L.valueCountsPerRule})`);
  if (report.maxValueCountIterations !== undefined && report.maxValueCountIterations > L.valueCountIterations) {
    v.push(`a value count with ${report.maxValueCountIterations} iterations (limit ${L.valueCountIterations})`);
  }
  return v;
}

/**
 * Measures a rule and throws {@link PolicyLimitError} when it exceeds any authoring limit.
 * @returns the report, when within limits
 */
export function assertWithinLimits(policyRule: unknown, options: LimitOptions = {}): AuthoringLimitReport {
  const report = checkAuthoringLimits(policyRule, options);
  const violations = limitViolations(report);
  if (violations.length > 0) throw new PolicyLimitError(violations);
  return report;
}

/**
 * Error types of the offline Azure Policy evaluator.
 *
 * Two families:
 * - thrown: {@link UnsupportedPolicyConstructError} (and its subclasses) for anything the evaluator
 *   does not implement or that Azure would reject when the definition is created or assigned.
 *   These are never turned into an outcome, so nothing passes silently.
 * - reported: {@link PolicyEvaluationError} for a failure *during* evaluation (a template function
 *   that fails, a type mismatch in `less`/`greater`, ...). In Azure a failed evaluation is an
 *   implicit deny; `evaluatePolicy` reports it as `{ outcome: 'error' }`.
 */

/** Thrown for a construct the evaluator does not implement (an unknown function, an unknown alias, an undocumented combination). */
export class UnsupportedPolicyConstructError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedPolicyConstructError";
  }
}

/**
 * Thrown for a rule, parameter set or expression that Azure would reject at authoring or
 * assignment time (syntax error, missing parameter, operand of the wrong type, ...).
 * A subclass of {@link UnsupportedPolicyConstructError}, so one `catch` covers both.
 */
export class InvalidPolicyDefinitionError extends UnsupportedPolicyConstructError {
  constructor(message: string) {
    super(message);
    this.name = "InvalidPolicyDefinitionError";
  }
}

/** Thrown when a rule exceeds a documented authoring limit (see `checkAuthoringLimits`). */
export class PolicyLimitError extends InvalidPolicyDefinitionError {
  /** One line per exceeded limit. */
  readonly violations: readonly string[];
  constructor(violations: readonly string[]) {
    super(`Policy rule exceeds Azure Policy authoring limits: ${violations.join("; ")}`);
    this.name = "PolicyLimitError";
    this.violations = violations;
  }
}

/**
 * A failure during evaluation (Azure: "policy evaluation fails", an implicit deny).
 * `evaluatePolicy` catches it and returns `{ outcome: 'error' }`; lower-level functions throw it.
 */
export class PolicyEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyEvaluationError";
  }
}

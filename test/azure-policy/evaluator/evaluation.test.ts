import assert from "node:assert/strict";
import { InvalidPolicyDefinitionError, PolicyEvaluationError, UnsupportedPolicyConstructError, evaluatePolicy } from "../../../azure-policy/evaluator";
import { T, aliases, docResource, fieldIs, holds, run, valueIs } from "./helpers";

const TRUE = fieldIs("type", "equals", T);
const FALSE = fieldIs("type", "equals", "Microsoft.Other/things");
const FAILS = valueIs("[substring('ab', 0, 3)]", "equals", "ab");

describe("Logical operators: allOf / anyOf / not (docs: 'Logical operators')", () => {
  it("allOf needs every condition, anyOf one, not inverts", () => {
    assert.equal(holds({ allOf: [TRUE, TRUE] }), true);
    assert.equal(holds({ allOf: [TRUE, FALSE] }), false);
    assert.equal(holds({ anyOf: [FALSE, TRUE] }), true);
    assert.equal(holds({ anyOf: [FALSE, FALSE] }), false);
    assert.equal(holds({ not: FALSE }), true);
    assert.equal(holds({ not: { anyOf: [TRUE, FALSE] } }), false);
  });

  it("nesting works (docs: not nested in allOf)", () => {
    const cond = { allOf: [{ not: { field: "tags", containsKey: "application" } }, { field: "type", equals: T }] };
    assert.equal(holds(cond), true);
    assert.equal(holds(cond, { resource: { ...docResource(), tags: { application: "x" } } }), false);
  });
});

describe("No short-circuit: every operand of allOf/anyOf is evaluated, so any failure surfaces", () => {
  it("allOf with a false first operand still fails on a later failing operand", () => {
    assert.equal(run({ allOf: [FALSE, TRUE] }).outcome, "noMatch");
    assert.equal(run({ allOf: [FALSE, FAILS] }).outcome, "error");
  });

  it("anyOf with a true first operand still fails on a later failing operand", () => {
    assert.equal(run({ anyOf: [TRUE, FALSE] }).outcome, "match");
    assert.equal(run({ anyOf: [TRUE, FAILS] }).outcome, "error");
  });

  it("a failure deep inside not/allOf/anyOf surfaces too", () => {
    assert.equal(run({ not: { anyOf: [TRUE, { allOf: [FALSE, FAILS] }] } }).outcome, "error");
  });

  it("an unsupported construct after a failing one is still thrown (not masked by the error)", () => {
    assert.throws(() => run({ allOf: [FAILS, fieldIs(`${T}/missing`, "less", 1)] }), UnsupportedPolicyConstructError);
  });

  it("evaluateCondition throws the evaluation error instead of returning", () => {
    assert.throws(() => holds({ anyOf: [TRUE, FAILS] }), PolicyEvaluationError);
  });
});

describe("Avoiding template failures with if() (docs: 'Avoiding template failures')", () => {
  const unguarded = valueIs("[substring(field('name'), 0, 3)]", "equals", "abc");
  const guarded = valueIs("[if(greaterOrEquals(length(field('name')), 3), substring(field('name'), 0, 3), 'not starting with abc')]", "equals", "abc");
  const named = (name: string) => ({ resource: { type: T, name } });

  it("the unguarded rule fails for a name shorter than three characters", () => {
    assert.equal(run(unguarded, named("ab")).outcome, "error");
    assert.equal(run(unguarded, named("abcd")).outcome, "match");
  });

  it("the guarded rule evaluates instead of failing", () => {
    assert.equal(run(guarded, named("ab")).outcome, "noMatch");
    assert.equal(run(guarded, named("abcd")).outcome, "match");
    assert.equal(run(guarded, named("xyzd")).outcome, "noMatch");
  });
});

describe("Effects and parameters (docs: 'then.effect', parameters and defaultValue)", () => {
  const policyRule = { if: TRUE, then: { effect: "[parameters('effect')]" } };
  const definitionParameters = { effect: { type: "String", defaultValue: "Audit", allowedValues: ["Audit", "Deny", "Disabled"] } };
  const evaluate = (parameters?: Record<string, unknown>) =>
    evaluatePolicy({ policyRule, definitionParameters, resource: docResource(), aliases, ...(parameters ? { parameters } : {}) });

  it("the effect expression resolves from the assignment value", () => {
    assert.deepEqual(evaluate({ effect: "Deny" }), { outcome: "match", effect: "Deny" });
  });

  it("falls back to the definition's defaultValue", () => {
    assert.deepEqual(evaluate(), { outcome: "match", effect: "Audit" });
  });

  it("a parameter without value and default is a missing-parameter error", () => {
    assert.throws(
      () => evaluatePolicy({ policyRule, definitionParameters: { effect: { type: "String" } }, resource: docResource(), aliases }),
      (e: unknown) => e instanceof InvalidPolicyDefinitionError && /missing parameter 'effect'/.test(e.message),
    );
  });

  it("allowedValues are checked case-sensitively at assignment", () => {
    assert.throws(() => evaluate({ effect: "deny" }), InvalidPolicyDefinitionError);
    assert.throws(() => evaluate({ effect: "Modify" }), InvalidPolicyDefinitionError);
  });

  it("a declared type is enforced, and undeclared parameters are rejected", () => {
    assert.throws(() => evaluate({ effect: ["Deny"] }), InvalidPolicyDefinitionError);
    assert.throws(() => evaluate({ effect: "Deny", extra: 1 }), InvalidPolicyDefinitionError);
  });

  it("parameter names are case-insensitive", () => {
    assert.deepEqual(evaluate({ EFFECT: "Disabled" }), { outcome: "match", effect: "Disabled" });
  });

  it("a parameter that is not declared cannot be referenced", () => {
    const rule = { if: fieldIs("name", "equals", "[parameters('nope')]"), then: { effect: "deny" } };
    assert.throws(() => evaluatePolicy({ policyRule: rule, definitionParameters: {}, resource: docResource(), aliases }), InvalidPolicyDefinitionError);
  });

  it("noMatch when the condition is false, whatever the effect", () => {
    const rule = { if: FALSE, then: { effect: "[parameters('effect')]" } };
    assert.deepEqual(evaluatePolicy({ policyRule: rule, parameters: { effect: "Deny" }, resource: docResource(), aliases }), { outcome: "noMatch" });
  });
});

describe("requestContext().apiVersion (docs: policy functions)", () => {
  const cond = valueIs("[requestContext().apiVersion]", "greaterOrEquals", "2021-10-01");

  it("compares the request's API version", () => {
    assert.equal(run(cond, { requestContext: { apiVersion: "2024-04-01" } }).outcome, "match");
    assert.equal(run(cond, { requestContext: { apiVersion: "2021-07-01" } }).outcome, "noMatch");
  });

  it("is unsupported when the input gives no request context", () => {
    assert.throws(() => run(cond), UnsupportedPolicyConstructError);
  });
});

describe("Unsupported and invalid constructs throw (never silently pass)", () => {
  it("an unknown function, even in an untaken if() branch", () => {
    assert.throws(() => run(valueIs("[if(true(), 'a', resourceGroup().name)]", "equals", "a")), UnsupportedPolicyConstructError);
    assert.equal(run(valueIs("[if(true(), 'a', toLower('B'))]", "equals", "a")).outcome, "match");
  });

  it("an unknown function in the where of a count that never iterates", () => {
    const cond = { count: { value: [], name: "x", where: { value: "[utcNow()]", equals: "x" } }, equals: 0 };
    assert.throws(() => run(cond), UnsupportedPolicyConstructError);
    assert.equal(run({ ...cond, count: { ...cond.count, where: { value: "[current('x')]", equals: "x" } } }).outcome, "match");
  });

  it("an unknown operator or condition key", () => {
    assert.throws(() => run({ field: "name", startsWith: "a" }), UnsupportedPolicyConstructError);
    assert.throws(() => run({ field: "name", equals: "a", source: "action" }), UnsupportedPolicyConstructError);
  });

  it("malformed conditions", () => {
    assert.throws(() => run({ field: "name" }), InvalidPolicyDefinitionError);
    assert.throws(() => run({ field: "name", equals: "a", notEquals: "b" }), InvalidPolicyDefinitionError);
    assert.throws(() => run({ allOf: TRUE }), InvalidPolicyDefinitionError);
    assert.throws(() => run({ allOf: [TRUE], anyOf: [TRUE] }), InvalidPolicyDefinitionError);
  });

  it("a malformed policy rule", () => {
    const base = { resource: docResource(), aliases };
    assert.throws(() => evaluatePolicy({ ...base, policyRule: { if: TRUE } }), InvalidPolicyDefinitionError);
    assert.throws(() => evaluatePolicy({ ...base, policyRule: { if: TRUE, then: { effect: "deny" }, mode: "All" } }), UnsupportedPolicyConstructError);
    assert.throws(
      () => evaluatePolicy({ ...base, policyRule: { if: valueIs("[concat('a']", "equals", "a"), then: { effect: "deny" } } }),
      InvalidPolicyDefinitionError,
    );
    assert.equal(evaluatePolicy({ ...base, policyRule: { if: TRUE, then: { effect: "deny" } } }).outcome, "match");
  });

  it("an effect that does not resolve to a string", () => {
    const rule = { if: TRUE, then: { effect: "[parameters('e')]" } };
    assert.throws(() => evaluatePolicy({ policyRule: rule, parameters: { e: 1 }, resource: docResource(), aliases }), InvalidPolicyDefinitionError);
  });
});

import assert from "node:assert/strict";
import { AUTHORING_LIMITS, PolicyLimitError, assertWithinLimits, checkAuthoringLimits, evaluatePolicy } from "../../../azure-policy/evaluator";
import { T, aliases, docResource } from "./helpers";

const rule = (cond: unknown, effect = "deny") => ({ if: cond, then: { effect } });
const valueCount = (i: number) => ({ count: { value: [`v${i}`], name: `n${i}`, where: { value: `[current('n${i}')]`, equals: "x" } }, equals: 0 });
const nested = (depth: number) => `[${"not(".repeat(depth)}true()${")".repeat(depth)}]`;

describe("Authoring limits: measurement (docs: 'Limits enforced during authoring')", () => {
  it("measures a small rule", () => {
    const report = checkAuthoringLimits(
      rule(
        {
          allOf: [
            { field: "type", equals: T },
            { value: "[concat(toLower(field('name')), 'x')]", equals: "abc" },
            { count: { value: "[parameters('list')]", name: "l", where: { field: "name", like: "[current('l')]" } }, greater: 0 },
            { count: { field: `${T}/stringArray[*]` }, equals: 3 },
          ],
        },
        "[parameters('effect')]",
      ),
      { parameters: { list: ["a", "b", "c"] } },
    );
    assert.deepEqual(report, {
      valueCountExpressions: 1,
      maxValueCountIterations: 3,
      conditionCount: 5,
      maxFunctionNesting: 3,
      longestExpression: "[concat(toLower(field('name')), 'x')]".length,
      functionCount: 6,
      maxFunctionArguments: 2,
      maxFieldCountsPerArray: 1,
    });
  });

  it("without parameter values an iteration count over a parameter is unknown", () => {
    const r = rule({ count: { value: "[parameters('list')]" }, greater: 0 });
    assert.equal(checkAuthoringLimits(r).maxValueCountIterations, undefined);
    assert.equal(checkAuthoringLimits(r, { parameters: { LIST: ["a"] } }).maxValueCountIterations, 1);
  });

  it("nested value counts multiply their iterations", () => {
    const r = rule({ count: { value: ["a", "b", "c"], name: "o", where: { count: { value: ["x", "y"], name: "i" }, equals: 1 } }, greater: 0 });
    assert.equal(checkAuthoringLimits(r).maxValueCountIterations, 6);
  });
});

describe("Authoring limits: enforcement (assertWithinLimits throws PolicyLimitError)", () => {
  it(`at most ${AUTHORING_LIMITS.valueCountsPerRule} value count expressions per rule`, () => {
    const ten = rule({ allOf: Array.from({ length: 10 }, (_, i) => valueCount(i)) });
    const eleven = rule({ allOf: Array.from({ length: 11 }, (_, i) => valueCount(i)) });
    assert.equal(assertWithinLimits(ten).valueCountExpressions, 10);
    assert.throws(
      () => assertWithinLimits(eleven),
      (e: unknown) => e instanceof PolicyLimitError && /11 value count/.test(e.message),
    );
  });

  it(`function nesting depth at most ${AUTHORING_LIMITS.functionNesting}`, () => {
    assert.equal(assertWithinLimits(rule({ value: nested(63), equals: true })).maxFunctionNesting, 64);
    assert.throws(() => assertWithinLimits(rule({ value: nested(64), equals: true })), PolicyLimitError);
  });

  it(`expression length at most ${AUTHORING_LIMITS.expressionLength} characters`, () => {
    const expr = (len: number) => `['${"a".repeat(len - 4)}']`;
    assert.equal(expr(81920).length, 81920);
    assert.equal(assertWithinLimits(rule({ value: expr(81920), equals: "a" })).longestExpression, 81920);
    assert.throws(() => assertWithinLimits(rule({ value: expr(81921), equals: "a" })), PolicyLimitError);
  });

  it(`at most ${AUTHORING_LIMITS.conditions} conditions in 'if'`, () => {
    const conds = (n: number) => rule({ anyOf: Array.from({ length: n }, () => ({ field: "name", equals: "a" })) });
    assert.equal(assertWithinLimits(conds(4096)).conditionCount, 4096);
    assert.throws(() => assertWithinLimits(conds(4097)), PolicyLimitError);
  });

  it(`value count iterations at most ${AUTHORING_LIMITS.valueCountIterations} when the array is known`, () => {
    const r = (n: number) => rule({ count: { value: Array.from({ length: n }, (_, i) => i) }, greater: 0 });
    assert.equal(assertWithinLimits(r(100)).maxValueCountIterations, 100);
    assert.throws(() => assertWithinLimits(r(101)), PolicyLimitError);
  });

  it(`at most ${AUTHORING_LIMITS.fieldCountsPerArray} field counts per array`, () => {
    const fc = { count: { field: `${T}/stringArray[*]` }, greater: 0 };
    assert.equal(assertWithinLimits(rule({ allOf: Array(5).fill(fc) })).maxFieldCountsPerArray, 5);
    assert.throws(() => assertWithinLimits(rule({ allOf: Array(6).fill(fc) })), PolicyLimitError);
  });

  it(`at most ${AUTHORING_LIMITS.functionArguments} arguments per function`, () => {
    const call = (n: number) => `[concat(${Array.from({ length: n }, () => "'a'").join(", ")})]`;
    assert.equal(assertWithinLimits(rule({ value: call(128), equals: "a" })).maxFunctionArguments, 128);
    assert.throws(() => assertWithinLimits(rule({ value: call(129), equals: "a" })), PolicyLimitError);
  });

  it("evaluatePolicy enforces the limits before evaluating", () => {
    const eleven = rule({ allOf: Array.from({ length: 11 }, (_, i) => valueCount(i)) });
    const ten = rule({ allOf: Array.from({ length: 10 }, (_, i) => valueCount(i)) });
    assert.throws(() => evaluatePolicy({ policyRule: eleven, resource: docResource(), aliases }), PolicyLimitError);
    assert.equal(evaluatePolicy({ policyRule: ten, resource: docResource(), aliases }).outcome, "match");
  });
});

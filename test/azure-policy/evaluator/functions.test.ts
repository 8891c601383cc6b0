import assert from "node:assert/strict";
import { PolicyEvaluationError, UnsupportedPolicyConstructError, evaluateExpression } from "../../../azure-policy/evaluator";
import { run, valueIs } from "./helpers";

const values: Record<string, unknown> = {
  text: "Hello World",
  num: 5,
  nothing: null,
  list: ["one", "two", "three"],
  obj: { Alpha: 1, beta: "b" },
  empty: [],
};
const ctx = {
  parameter: (name: string) => {
    if (!(name in values)) throw new Error(`no parameter ${name}`);
    return values[name];
  },
};
const ev = (expr: string): unknown => evaluateExpression(expr, ctx);

type Case = readonly [expression: string, expected: unknown];

/** One `it` per case; each compares the evaluated value with the expected one. */
function cases(title: string, list: readonly Case[]): void {
  describe(title, () => {
    for (const [expression, expected] of list) {
      it(`${expression} → ${JSON.stringify(expected)}`, () => assert.deepEqual(ev(expression), expected));
    }
  });
}

/** One `it` per case; each must fail at run time. */
function failures(title: string, list: readonly string[]): void {
  describe(title, () => {
    for (const expression of list) {
      it(`${expression} fails at run time`, () => assert.throws(() => ev(expression), PolicyEvaluationError));
    }
  });
}

cases("String functions (docs: template-functions-string)", [
  ["[concat('a', 'b', 'c')]", "abc"],
  ["[concat('vm', 1)]", "vm1"],
  ["[concat(createArray(1, 2), createArray(3))]", [1, 2, 3]],
  ["[toLower('AbC')]", "abc"],
  ["[toUpper('AbC')]", "ABC"],
  ["[split('one,two,three', ',')]", ["one", "two", "three"]],
  ["[split('one;two,three', createArray(',', ';'))]", ["one", "two", "three"]],
  ["[split('a,,b', ',')]", ["a", "", "b"]],
  ["[split('', ',')]", [""]],
  ["[replace('123-123-1234', '-', '')]", "1231231234"],
  ["[replace('aAa', 'a', 'x')]", "xAx"],
  ["[substring('one two three', 4, 3)]", "two"],
  ["[substring('abc', 1)]", "bc"],
  ["[substring('abc', 3, 0)]", ""],
  ["[startsWith('abcdef', 'AB')]", true],
  ["[startsWith('abcdef', 'e')]", false],
  ["[endsWith('abcdef', 'EF')]", true],
  ["[endsWith('abcdef', 'e')]", false],
  ["[indexOf('test', 't')]", 0],
  ["[indexOf('abcdef', 'CD')]", 2],
  ["[indexOf('abcdef', 'z')]", -1],
  ["[lastIndexOf('test', 't')]", 3],
  ["[lastIndexOf('abcdef', 'AB')]", 0],
  ["[contains('OneTwoThree', 'Two')]", true],
  ["[contains('OneTwoThree', 'two')]", false],
  ["[contains(createArray('a', 'b'), 'b')]", true],
  ["[contains(createArray('a', 'b'), 'B')]", false],
  ["[contains(parameters('obj'), 'alpha')]", true],
  ["[contains(parameters('obj'), 'gamma')]", false],
  ["[length('Hello World')]", 11],
  ["[length(parameters('list'))]", 3],
  ["[length(parameters('obj'))]", 2],
  ["[empty('')]", true],
  ["[empty(parameters('empty'))]", true],
  ["[empty(parameters('nothing'))]", true],
  ["[empty(parameters('list'))]", false],
  ["[trim('  one two three  ')]", "one two three"],
  ["[string(5)]", "5"],
  ["[string(parameters('list'))]", '["one","two","three"]'],
  ["[string(true())]", "True"],
  ["[padLeft('123', 10, '0')]", "0000000123"],
  ["[padLeft(7, 3)]", "  7"],
  ["[padLeft('abcdef', 3, '0')]", "abcdef"],
  ["[format('{0}-{1}', 'a', 2)]", "a-2"],
  ["[format('{{literal}} {0}', true())]", "{literal} True"],
  ["[uriComponent('a b/c!')]", "a%20b%2Fc%21"],
]);

failures("String functions: run-time failures (docs: substring 'fails when the substring extends beyond the end')", [
  "[substring('1234567890', 0, 11)]",
  "[substring('abc', 4)]",
  "[substring('abc', -1, 1)]",
  "[substring('abc', 1, -1)]",
  "[toLower(parameters('num'))]",
  "[toUpper(parameters('nothing'))]",
  "[split(parameters('nothing'), ',')]",
  "[split('a,b', parameters('num'))]",
  "[replace('abc', '', 'x')]",
  "[startsWith(parameters('nothing'), 'a')]",
  "[indexOf(parameters('list'), 'a')]",
  "[contains(parameters('nothing'), 'a')]",
  "[contains(parameters('num'), 'a')]",
  "[length(parameters('nothing'))]",
  "[length(parameters('num'))]",
  "[empty(parameters('num'))]",
  "[trim(parameters('num'))]",
  "[concat('a', createArray('b'))]",
  "[concat('a', parameters('nothing'))]",
  "[padLeft('a', 3, 'xy')]",
  "[format('{1}', 'a')]",
]);

cases("Array functions (docs: template-functions-array)", [
  ["[createArray(1, 'a', createArray(2))]", [1, "a", [2]]],
  ["[createArray()]", []],
  ["[first(parameters('list'))]", "one"],
  ["[first('One Two')]", "O"],
  ["[last(parameters('list'))]", "three"],
  ["[last('One Two')]", "o"],
  ["[take(parameters('list'), 2)]", ["one", "two"]],
  ["[take('one two', 2)]", "on"],
  ["[take(parameters('list'), 0)]", []],
  ["[take(parameters('list'), 10)]", ["one", "two", "three"]],
  ["[skip(parameters('list'), 2)]", ["three"]],
  ["[skip('one two three', 4)]", "two three"],
  ["[skip(parameters('list'), -1)]", ["one", "two", "three"]],
  ["[skip(parameters('list'), 9)]", []],
  ["[union(createArray('a', 'b'), createArray('b', 'c'))]", ["a", "b", "c"]],
  ["[intersection(createArray('a', 'b', 'c'), createArray('c', 'b', 'x'))]", ["b", "c"]],
  ["[intersection(parameters('obj'), parameters('obj'))]", { Alpha: 1, beta: "b" }],
  ["[first(createArray())]", null],
  ["[last(createArray())]", null],
  ["[first('')]", ""],
  ["[array('x')]", ["x"]],
  ["[array(parameters('list'))]", ["one", "two", "three"]],
]);

failures("Array functions: run-time failures", [
  "[first(parameters('nothing'))]",
  "[last(parameters('num'))]",
  "[take(parameters('list'), 'two')]",
  "[skip(parameters('obj'), 1)]",
  "[union(createArray('a'), 'b')]",
  "[intersection(createArray('a'), parameters('obj'))]",
]);

cases("Logical functions (docs: template-functions-logical)", [
  ["[if(true(), 'yes', 'no')]", "yes"],
  ["[if(false(), 'yes', 'no')]", "no"],
  ["[and(true(), true(), false())]", false],
  ["[and(true(), true())]", true],
  ["[or(false(), false(), true())]", true],
  ["[or(false(), false())]", false],
  ["[not(false())]", true],
  ["[bool('TRUE')]", true],
  ["[bool('false')]", false],
  ["[bool(1)]", true],
  ["[bool(0)]", false],
  ["[coalesce(parameters('nothing'), 'fallback')]", "fallback"],
  ["[coalesce(parameters('nothing'), parameters('nothing'))]", null],
  ["[coalesce('', 'fallback')]", ""],
]);

failures("Logical functions: run-time failures", ["[if('true', 'a', 'b')]", "[and(true(), 'true')]", "[or(1, false())]", "[not('false')]", "[bool('yes')]"]);

cases("Comparison functions (docs: template-functions-comparison)", [
  ["[equals(1, 1)]", true],
  ["[equals('a', 'a')]", true],
  ["[equals('a', 'A')]", false],
  ["[equals(createArray('a', 'b'), createArray('a', 'b'))]", true],
  ["[equals(createArray('a', 'b'), createArray('b', 'a'))]", false],
  ["[equals(parameters('obj'), parameters('obj'))]", true],
  ["[equals(1, '1')]", false],
  ["[less(1, 2)]", true],
  ["[less('A', 'a')]", false],
  ["[lessOrEquals(2, 2)]", true],
  ["[greater(1, 2)]", false],
  ["[greater('A', 'a')]", true],
  ["[greaterOrEquals('A', 'a')]", true],
  ["[greaterOrEquals(1, 2)]", false],
]);

failures("Comparison functions: run-time failures (mixed types)", ["[less(1, 'a')]", "[greater(parameters('nothing'), 1)]"]);

cases("Numeric functions (docs: template-functions-numeric)", [
  ["[int('4')]", 4],
  ["[int(' -12 ')]", -12],
  ["[int(7)]", 7],
  ["[add(5, 3)]", 8],
  ["[sub(5, 7)]", -2],
  ["[mul(4, 3)]", 12],
  ["[div(7, 2)]", 3],
  ["[mod(7, 3)]", 1],
  ["[min(5, 2, 9)]", 2],
  ["[min(createArray(5, 2, 9))]", 2],
  ["[max(5, 2, 9)]", 9],
  ["[max(createArray(-1))]", -1],
]);

failures("Numeric functions: run-time failures", [
  "[int('4.5')]",
  "[int('abc')]",
  "[add('1', 2)]",
  "[sub(1, parameters('nothing'))]",
  "[div(1, 0)]",
  "[min(createArray())]",
  "[max(1, 'a')]",
]);

describe("Lazy if(): only the taken branch is evaluated (docs: 'Avoiding template failures')", () => {
  it("the untaken branch may hold a failing call", () => {
    assert.equal(ev("[if(greaterOrEquals(length('ab'), 3), substring('ab', 0, 3), 'short')]"), "short");
    assert.equal(ev("[if(greaterOrEquals(length('abcd'), 3), substring('abcd', 0, 3), 'short')]"), "abc");
  });

  it("the taken branch still fails", () => {
    assert.throws(() => ev("[if(true(), substring('ab', 0, 3), 'short')]"), PolicyEvaluationError);
  });

  it("other functions are eager: and() evaluates every argument", () => {
    assert.throws(() => ev("[and(false(), equals(substring('ab', 0, 3), 'x'))]"), PolicyEvaluationError);
  });
});

describe("Unknown and excluded functions are unsupported, not evaluated", () => {
  const unsupported = [
    "[resourceGroup().name]",
    "[utcNow()]",
    "[ipRangeContains('10.0.0.0/24', '10.0.0.1')]",
    "[tryGet(parameters('obj'), 'a')]",
    "[json('{}')]",
  ];
  for (const expression of unsupported) {
    it(`${expression} throws UnsupportedPolicyConstructError`, () => {
      assert.throws(() => ev(expression), UnsupportedPolicyConstructError);
    });
  }

  it("an unknown function is rejected even in the untaken branch of if()", () => {
    assert.throws(() => ev("[if(true(), 'a', resourceGroup().name)]"), UnsupportedPolicyConstructError);
  });

  it("policy functions need their context (field() has no resource here)", () => {
    assert.throws(() => evaluateExpression("[field('name')]"), UnsupportedPolicyConstructError);
  });
});

describe("A failing function makes the whole policy evaluation an error (docs: 'a failed evaluation is an implicit deny')", () => {
  it("toLower of a non-string", () => {
    assert.equal(run(valueIs("[toLower(parameters('n'))]", "equals", "x"), { parameters: { n: 3 } }).outcome, "error");
    assert.equal(run(valueIs("[toLower(parameters('n'))]", "equals", "x"), { parameters: { n: "X" } }).outcome, "match");
  });

  it("split of null", () => {
    assert.equal(run(valueIs("[length(split(parameters('n'), ','))]", "equals", 2), { parameters: { n: null } }).outcome, "error");
    assert.equal(run(valueIs("[length(split(parameters('n'), ','))]", "equals", 2), { parameters: { n: "a,b" } }).outcome, "match");
  });

  it("the error result names the failing function", () => {
    const r = run(valueIs("[substring('ab', 0, 3)]", "equals", "x"));
    assert.equal(r.outcome, "error");
    assert.match(r.outcome === "error" ? r.error : "", /substring/);
  });
});

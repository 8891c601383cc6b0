import assert from "node:assert/strict";
import {
  InvalidPolicyDefinitionError,
  PolicyEvaluationError,
  classifyTemplateString,
  evaluateExpression,
  functionNestingDepth,
  isExpressionString,
  parseExpression,
} from "../../../azure-policy/evaluator";

const params = (values: Record<string, unknown>) => ({
  parameter: (name: string) => {
    const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) throw new Error(`no parameter ${name}`);
    return values[key];
  },
});

describe("ARM expression syntax: brackets and escaping (docs: 'Syntax and expressions in ARM templates' > Escape characters)", () => {
  it("a string that starts with [ and ends with ] is an expression", () => {
    assert.equal(isExpressionString("[concat('a')]"), true);
    assert.equal(evaluateExpression("[concat('a', 'b')]"), "ab");
  });

  it("'[[' at the start escapes the bracket: '[[test value]' is the literal '[test value]'", () => {
    assert.deepEqual(classifyTemplateString("[[test value]"), { kind: "literal", value: "[test value]" });
    assert.equal(evaluateExpression("[[concat('a', 'b')]"), "[concat('a', 'b')]");
  });

  it("a string that does not end with ] is a literal, its leading [ kept ('[test] value')", () => {
    assert.equal(isExpressionString("[test] value"), false);
    assert.equal(evaluateExpression("[test] value"), "[test] value");
    assert.equal(evaluateExpression("plain text"), "plain text");
  });

  it("single quotes delimit strings and '' is an escaped quote", () => {
    assert.equal(evaluateExpression("['it''s']"), "it's");
    assert.equal(evaluateExpression("[concat('''', 'x', '''')]"), "'x'");
    assert.equal(evaluateExpression("['']"), "");
  });

  it("brackets and commas inside string literals are text", () => {
    assert.equal(evaluateExpression("[concat('[a],', '(b)')]"), "[a],(b)");
  });

  it("integers, including negative ones, are literals", () => {
    assert.equal(evaluateExpression("[add(-3, 10)]"), 7);
    assert.equal(evaluateExpression("[42]"), 42);
  });

  it("function names are case-insensitive", () => {
    assert.equal(evaluateExpression("[CONCAT('a', ToUpper('b'))]"), "aB");
  });

  it("whitespace between tokens is ignored", () => {
    assert.equal(evaluateExpression("[ concat ( 'a' ,  'b' ) ]"), "ab");
  });
});

describe("ARM expression syntax: property access and indexing (docs: '.location retrieves one property')", () => {
  const ctx = params({ obj: { Name: "n1", inner: { list: ["x", "y", "z"] } }, list: [10, 20, 30] });

  it("reads a property with .name, case-insensitively", () => {
    assert.equal(evaluateExpression("[parameters('obj').name]", ctx), "n1");
    assert.equal(evaluateExpression("[parameters('obj').inner.list[2]]", ctx), "z");
  });

  it("indexes arrays with [i] and objects with ['key']", () => {
    assert.equal(evaluateExpression("[parameters('list')[1]]", ctx), 20);
    assert.equal(evaluateExpression("[parameters('obj')['inner'].list[0]]", ctx), "x");
    assert.equal(evaluateExpression("[split('a/b/c', '/')[add(0, 1)]]", ctx), "b");
  });

  it("indexing past the end fails at run time", () => {
    assert.throws(() => evaluateExpression("[parameters('list')[3]]", ctx), PolicyEvaluationError);
    assert.throws(() => evaluateExpression("[parameters('list')[-1]]", ctx), PolicyEvaluationError);
  });

  it("a missing property fails at run time (ARM has no implicit null)", () => {
    assert.throws(() => evaluateExpression("[parameters('obj').nope]", ctx), PolicyEvaluationError);
    assert.throws(() => evaluateExpression("[parameters('list').length]", ctx), PolicyEvaluationError);
  });
});

describe("ARM expression syntax: errors are thrown as invalid definitions", () => {
  const bad = [
    ["unterminated string", "concat('abc)"],
    ["trailing tokens", "concat('a') 'b'"],
    ["bare identifier (booleans are true()/false())", "true"],
    ["float literal", "add(1.5, 1)"],
    ["missing closing parenthesis", "concat('a'"],
    ["empty expression", ""],
    ["unexpected character", "concat('a') + 'b'"],
    ["dangling dot", "parameters('x')."],
  ] as const;
  for (const [what, source] of bad) {
    it(`rejects ${what}: [${source}]`, () => {
      assert.throws(() => parseExpression(source), InvalidPolicyDefinitionError);
      assert.throws(() => evaluateExpression(`[${source}]`), InvalidPolicyDefinitionError);
    });
  }

  it("a wrong number of arguments is rejected before evaluation", () => {
    assert.throws(() => evaluateExpression("[toLower('a', 'b')]"), /takes 1 argument/);
    assert.throws(() => evaluateExpression("[substring()]"), /takes 1 to 3/);
  });
});

describe("ARM expression syntax: function nesting depth (authoring limit input)", () => {
  it("counts nested calls, not property access or indexing", () => {
    assert.equal(functionNestingDepth(parseExpression("'a'")), 0);
    assert.equal(functionNestingDepth(parseExpression("a()")), 1);
    assert.equal(functionNestingDepth(parseExpression("a(b(c()), d())")), 3);
    assert.equal(functionNestingDepth(parseExpression("a().b[c(d())]")), 2);
  });
});

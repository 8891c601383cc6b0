import assert from "node:assert/strict";
import { InvalidPolicyDefinitionError, PolicyEvaluationError, PolicyLimitError, evaluateCondition } from "../../../azure-policy/evaluator";
import { T, docResource, holds, run } from "./helpers";

const SA = `${T}/stringArray[*]`;
const OA = `${T}/objectArray[*]`;
const OA_PROP = `${T}/objectArray[*].property`;
const OA_NESTED = `${T}/objectArray[*].nestedArray[*]`;

/** The count of a count expression, found by asking `equals n` for n = 0..10 (exactly one must hold). */
function countOf(count: Record<string, unknown>, options: Parameters<typeof holds>[1] = {}): number {
  const hits = Array.from({ length: 11 }, (_, n) => n).filter((n) => holds({ count, equals: n }, options));
  assert.equal(hits.length, 1, `exactly one count value should hold, got ${hits.join(",")}`);
  return hits[0];
}

describe("Field count (docs: 'Count expressions' in 'Author policies for array properties')", () => {
  it("without where, counts the members: stringArray[*] has 3", () => {
    assert.equal(countOf({ field: SA }), 3);
  });

  it("nested arrays are flattened: objectArray[*].nestedArray[*] has 4", () => {
    assert.equal(countOf({ field: OA_NESTED }), 4);
  });

  it("a missing array counts 0", () => {
    assert.equal(countOf({ field: `${T}/missingArray[*]` }), 0);
  });

  it("where sees one member at a time: stringArray[*] equals 'a' counts 1", () => {
    assert.equal(countOf({ field: SA, where: { field: SA, equals: "a" } }), 1);
    assert.equal(countOf({ field: SA, where: { field: SA, notEquals: "a" } }), 2);
  });

  it("where with several properties of the same member (docs: property = value2 and nestedArray[*] > 2 counts 1)", () => {
    const where = {
      allOf: [
        { field: OA_PROP, equals: "value2" },
        { field: OA_NESTED, greater: 2 },
      ],
    };
    assert.equal(countOf({ field: OA, where }), 1);
    const where2 = {
      allOf: [
        { field: OA_PROP, equals: "value1" },
        { field: OA_NESTED, greater: 2 },
      ],
    };
    assert.equal(countOf({ field: OA, where: where2 }), 0);
  });

  it("where may refer to fields outside the array (docs: tags.env equals prod for every member)", () => {
    assert.equal(countOf({ field: OA, where: { field: "tags.env", equals: "prod" } }), 2);
    assert.equal(countOf({ field: OA, where: { field: "tags.env", equals: "dev" } }), 0);
  });

  it("nested field counts bind the outer member (docs: nested count example counts 1)", () => {
    const where = {
      allOf: [
        { field: OA_PROP, equals: "value2" },
        { count: { field: OA_NESTED, where: { field: OA_NESTED, equals: 3 } }, greater: 0 },
      ],
    };
    assert.equal(countOf({ field: OA, where }), 1);
    const innerOnly = { count: { field: OA_NESTED, where: { field: OA_NESTED, greater: 1 } }, equals: 2 };
    assert.equal(countOf({ field: OA, where: innerOnly }), 1);
  });

  it("field() of the counted alias inside where returns a one-member array (docs: compare with first())", () => {
    assert.equal(countOf({ field: SA, where: { field: SA, equals: `[field('${SA}')]` } }), 0);
    assert.equal(countOf({ field: SA, where: { field: SA, equals: `[first(field('${SA}'))]` } }), 3);
  });

  it("current(alias) is the member being enumerated; current(alias.property) reads into it", () => {
    assert.equal(countOf({ field: SA, where: { value: `[current('${SA}')]`, equals: "b" } }), 1);
    assert.equal(countOf({ field: OA, where: { value: `[current('${OA_PROP}')]`, like: "value*" } }), 2);
    assert.equal(countOf({ field: OA, where: { value: `[current('${OA}').property]`, equals: "value1" } }), 1);
    assert.equal(countOf({ field: OA, where: { value: `[length(current('${OA_NESTED}'))]`, equals: 2 } }), 2);
  });

  it("current() without a name is the member when the count is not nested", () => {
    assert.equal(countOf({ field: SA, where: { value: "[current()]", in: ["a", "c"] } }), 2);
  });

  it("count.field must be an array alias", () => {
    assert.throws(() => holds({ count: { field: `${T}/stringArray` }, equals: 3 }), InvalidPolicyDefinitionError);
    assert.throws(() => holds({ count: { field: "name" }, equals: 1 }), InvalidPolicyDefinitionError);
  });

  it("every member's where is evaluated: a failure in any iteration is an error", () => {
    const where = { value: `[substring(current('${SA}'), 0, 1)]`, equals: "a" };
    assert.equal(countOf({ field: SA, where }), 1);
    const failing = { value: `[substring(current('${SA}'), 0, 2)]`, equals: "a" };
    assert.equal(run({ count: { field: SA, where: failing }, equals: 0 }).outcome, "error");
  });
});

describe("Value count (docs: 'Value count' and its examples)", () => {
  const patterns = ["prefix1_*", "prefix2_*"];
  const named = (name: string) => ({ resource: { type: T, name } });

  it("a literal array with name and current('pattern') (docs example 1)", () => {
    const count = { value: patterns, name: "pattern", where: { field: "name", like: "[current('pattern')]" } };
    assert.equal(holds({ count, greater: 0 }, named("prefix2_vm")), true);
    assert.equal(holds({ count, greater: 0 }, named("prefix3_vm")), false);
  });

  it("current() without a name (docs example 2)", () => {
    const count = { value: patterns, where: { field: "name", like: "[current()]" } };
    assert.equal(holds({ count, greater: 0 }, named("PREFIX1_x")), true);
    assert.equal(holds({ count, greater: 0 }, named("x_prefix1_")), false);
  });

  it("an array parameter (docs example 3)", () => {
    const count = { value: "[parameters('namePatterns')]", name: "pattern", where: { field: "name", like: "[current('pattern')]" } };
    assert.equal(holds({ count, greater: 0 }, { ...named("web-01"), parameters: { namePatterns: ["db-*", "web-*"] } }), true);
    assert.equal(holds({ count, greater: 0 }, { ...named("web-01"), parameters: { namePatterns: ["db-*"] } }), false);
  });

  it("without where, counts the elements", () => {
    assert.equal(countOf({ value: "[parameters('list')]" }, { parameters: { list: ["a", "b", "c", "d"] } }), 4);
    assert.equal(countOf({ value: [] }), 0);
  });

  it("a value count inside a field count (docs example 4, with startsWith instead of ipRangeContains)", () => {
    const cond = {
      count: {
        field: SA,
        where: {
          count: { value: "[parameters('approved')]", name: "approved", where: { value: `[startsWith(current('${SA}'), current('approved'))]`, equals: true } },
          equals: 0,
        },
      },
      greater: 0,
    };
    assert.equal(holds(cond, { parameters: { approved: ["a", "b", "c"] } }), false);
    assert.equal(holds(cond, { parameters: { approved: ["a", "b"] } }), true);
  });

  it("objects with property access: every reserved rule must exist exactly once (docs example 5)", () => {
    const rule = (priority: number | string, access: string) => ({ priority, access });
    const resource = { type: T, properties: { securityRules: [rule("101", "Deny"), rule(102, "deny"), rule(200, "Allow")] } };
    const aliases = (a: string): string | undefined =>
      ({
        [`${T}/securityRules[*]`.toLowerCase()]: "properties.securityRules[*]",
        [`${T}/securityRules[*].priority`.toLowerCase()]: "properties.securityRules[*].priority",
        [`${T}/securityRules[*].access`.toLowerCase()]: "properties.securityRules[*].access",
      })[a.toLowerCase()];
    const cond = {
      count: {
        value: "[parameters('reserved')]",
        name: "reservedRule",
        where: {
          count: {
            field: `${T}/securityRules[*]`,
            where: {
              allOf: [
                { field: `${T}/securityRules[*].priority`, equals: "[current('reservedRule').priority]" },
                { field: `${T}/securityRules[*].access`, equals: "[current('reservedRule').access]" },
              ],
            },
          },
          equals: 1,
        },
      },
      equals: "[length(parameters('reserved'))]",
    };
    const check = (reserved: unknown[]) => evaluateCondition(cond, { resource, aliases, parameters: { reserved } });
    assert.equal(check([rule(101, "deny"), rule(102, "deny")]), true);
    assert.equal(check([rule(101, "deny"), rule(103, "deny")]), false);
  });

  it("count.value must be an array at run time", () => {
    const cond = { count: { value: "[parameters('p')]" }, equals: 1 };
    assert.equal(run(cond, { parameters: { p: "abc" } }).outcome, "error");
    assert.equal(run(cond, { parameters: { p: ["abc"] } }).outcome, "match");
  });

  it("the index name is required when nested, and must be letters and digits", () => {
    const nested = { count: { value: ["x"], name: "outer", where: { count: { value: ["y"] }, equals: 1 } }, equals: 1 };
    assert.throws(() => holds(nested), InvalidPolicyDefinitionError);
    assert.throws(() => holds({ count: { value: ["x"], name: "bad-name" }, equals: 1 }), InvalidPolicyDefinitionError);
  });

  it("current() is only available inside count.where, and only unnamed when not nested", () => {
    assert.throws(() => holds({ value: "[current()]", equals: "x" }), InvalidPolicyDefinitionError);
    const nestedUnnamed = {
      count: { value: ["x"], name: "outer", where: { count: { value: ["y"], name: "inner", where: { value: "[current()]", equals: "y" } }, equals: 1 } },
      equals: 1,
    };
    assert.throws(() => holds(nestedUnnamed), InvalidPolicyDefinitionError);
    assert.throws(
      () => holds({ count: { value: ["x"], name: "a", where: { value: "[current('b')]", equals: "x" } }, equals: 1 }),
      InvalidPolicyDefinitionError,
    );
  });

  it("nested value counts see both names", () => {
    const cond = {
      count: {
        value: ["a", "b"],
        name: "outer",
        where: { count: { value: ["a", "x"], name: "inner", where: { value: "[current('outer')]", equals: "[current('inner')]" } }, equals: 1 },
      },
      equals: 1,
    };
    assert.equal(holds(cond), true);
    assert.equal(holds({ ...cond, equals: 2 }), false);
  });
});

describe("Value count iteration limit (docs: 100 iterations, nested counts include the parent's)", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `item${i}`);

  it("100 iterations are fine, 101 computed at run time are an evaluation error", () => {
    const cond = { count: { value: "[split(parameters('csv'), ',')]" }, greater: 0 };
    assert.equal(run(cond, { parameters: { csv: many(100).join(",") } }).outcome, "match");
    const r = run(cond, { parameters: { csv: many(101).join(",") } });
    assert.equal(r.outcome, "error");
    assert.match(r.outcome === "error" ? r.error : "", /101/);
  });

  it("nested counts multiply: 10 × 10 is fine, 10 × 11 is not", () => {
    const cond = (inner: number) => ({
      count: { value: many(10), name: "o", where: { count: { value: `[take(parameters('inner'), ${inner})]`, name: "i" }, greater: 0 } },
      greater: 0,
    });
    assert.equal(run(cond(10), { parameters: { inner: many(20) } }).outcome, "match");
    assert.equal(run(cond(11), { parameters: { inner: many(20) } }).outcome, "error");
    assert.throws(() => holds(cond(11), { parameters: { inner: many(20) } }), PolicyEvaluationError);
  });

  it("an assigned array parameter over 100 is rejected like Azure rejects the assignment", () => {
    const cond = { count: { value: "[parameters('list')]" }, greater: 0 };
    assert.throws(() => run(cond, { parameters: { list: many(101) } }), PolicyLimitError);
    assert.equal(run(cond, { parameters: { list: many(100) } }).outcome, "match");
  });

  it("docResource is untouched by counting (no mutation of the payload)", () => {
    const resource = docResource();
    const before = JSON.stringify(resource);
    holds({ count: { field: OA, where: { field: OA_NESTED, greater: 1 } }, greater: 0 }, { resource });
    assert.equal(JSON.stringify(resource), before);
  });
});

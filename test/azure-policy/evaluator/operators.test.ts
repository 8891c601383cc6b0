import assert from "node:assert/strict";
import {
  InvalidPolicyDefinitionError,
  PolicyEvaluationError,
  UnsupportedPolicyConstructError,
  applyOperator,
  likeMatches,
  matchPattern,
} from "../../../azure-policy/evaluator";
import { T, docResource, fieldIs, holds, run, valueIs } from "./helpers";

const MISSING = `${T}/missing`;
const TEXT = `${T}/text`;
const withText = (text: unknown) => ({ resource: docResource({ text }) });

describe("Operators: equals / notEquals (docs: conditions on a stringValue are case-insensitive)", () => {
  it("equals ignores case", () => {
    assert.equal(holds(fieldIs(TEXT, "equals", "hello"), withText("HeLLo")), true);
    assert.equal(holds(fieldIs(TEXT, "equals", "hellO!"), withText("HeLLo")), false);
  });

  it("notEquals is the negation", () => {
    assert.equal(holds(fieldIs(TEXT, "notEquals", "hello"), withText("HeLLo")), false);
    assert.equal(holds(fieldIs(TEXT, "notEquals", "bye"), withText("HeLLo")), true);
  });

  it('booleans and numbers compare by their text (docs example: [less(...)] equals "true")', () => {
    assert.equal(holds(valueIs("[less(1, 3)]", "equals", "true")), true);
    assert.equal(holds(valueIs("[less(3, 1)]", "equals", "true")), false);
    assert.equal(holds(fieldIs(TEXT, "equals", "22"), withText(22)), true);
    assert.equal(holds(fieldIs(TEXT, "equals", 23), withText("22")), false);
  });

  it("a missing field: equals is false, notEquals is true", () => {
    assert.equal(holds(fieldIs(MISSING, "equals", "")), false);
    assert.equal(holds(fieldIs(MISSING, "notEquals", "x")), true);
  });

  it("comparing a whole array with a string is simply false (docs: 'Referencing the array')", () => {
    assert.equal(holds(fieldIs(`${T}/stringArray`, "equals", "a")), false);
    assert.equal(holds(fieldIs(`${T}/stringArray`, "notEquals", "a")), true);
  });

  it("an Array parameter as the equals value is rejected (docs: \"expected type is 'String'\")", () => {
    const definitionParameters = { allowed: { type: "Array", defaultValue: ["a"] } };
    assert.throws(() => run(fieldIs("location", "equals", "[parameters('allowed')]"), { definitionParameters }), InvalidPolicyDefinitionError);
    assert.equal(run(fieldIs("name", "in", "[parameters('allowed')]"), { definitionParameters }).outcome, "noMatch");
  });
});

describe("Operators: like / notLike (docs: '*' wildcard, no more than one)", () => {
  const cases = [
    ["azureml://registries/azureml/models/phi-4", "azureml://registries/azureml/*", true],
    ["AZUREML://Registries/AzureML/models/phi-4", "azureml://registries/azureml/*", true],
    ["azureml://registries/azureml-meta/models/x", "azureml://registries/azureml/*", false],
    ["prod-netrg", "*netrg", true],
    ["netrg-prod", "*netrg", false],
    ["abcXYZdef", "abc*def", true],
    ["abdef", "abc*def", false],
    ["abcdef", "abcdef", true],
    ["abcdefg", "abcdef", false],
    ["anything", "*", true],
    ["ab", "ab*b", false],
  ] as const;
  for (const [text, pattern, expected] of cases) {
    it(`'${text}' like '${pattern}' is ${expected}`, () => {
      assert.equal(likeMatches(text, pattern), expected);
      assert.equal(holds(fieldIs(TEXT, "like", pattern), withText(text)), expected);
      assert.equal(holds(fieldIs(TEXT, "notLike", pattern), withText(text)), !expected);
    });
  }

  it("a pattern with more than one '*' is unsupported (static and dynamic)", () => {
    assert.throws(() => holds(fieldIs(TEXT, "like", "a*b*"), withText("ab")), UnsupportedPolicyConstructError);
    assert.throws(() => holds(fieldIs(TEXT, "like", "[concat('a*', 'b*')]"), withText("ab")), UnsupportedPolicyConstructError);
  });

  it("a missing field: like is false, notLike is true", () => {
    assert.equal(holds(fieldIs(MISSING, "like", "*")), false);
    assert.equal(holds(fieldIs(MISSING, "notLike", "a*")), true);
  });
});

describe("Operators: match / notMatch (docs: '#' digit, '?' letter, '.' any; case-sensitive)", () => {
  const cases = [
    ["ab-12", "??-##", true],
    ["ab-1x", "??-##", false],
    ["a1-12", "??-##", false],
    ["ab-123", "??-##", false],
    ["x.y", "x.y", true],
    ["xzy", "x.y", true],
    ["Contoso", "Contoso", true],
    ["contoso", "Contoso", false],
  ] as const;
  for (const [text, pattern, expected] of cases) {
    it(`'${text}' match '${pattern}' is ${expected}`, () => {
      assert.equal(matchPattern(text, pattern, false), expected);
      assert.equal(holds(fieldIs(TEXT, "match", pattern), withText(text)), expected);
      assert.equal(holds(fieldIs(TEXT, "notMatch", pattern), withText(text)), !expected);
    });
  }

  it("matchInsensitively / notMatchInsensitively ignore case for literal characters", () => {
    assert.equal(holds(fieldIs(TEXT, "matchInsensitively", "Contoso-#"), withText("CONTOSO-7")), true);
    assert.equal(holds(fieldIs(TEXT, "matchInsensitively", "Contoso-#"), withText("CONTOSO-x")), false);
    assert.equal(holds(fieldIs(TEXT, "notMatchInsensitively", "Contoso-#"), withText("contoso-7")), false);
  });

  it("a missing field: match is false, notMatch is true", () => {
    assert.equal(holds(fieldIs(MISSING, "match", "...")), false);
    assert.equal(holds(fieldIs(MISSING, "notMatch", "...")), true);
  });
});

describe("Operators: contains / notContains (substring for strings, element for arrays; no '*')", () => {
  it("substring, case-insensitive", () => {
    assert.equal(holds(fieldIs(TEXT, "contains", "REGISTRIES/azureml/"), withText("azureml://registries/AzureML/models/x")), true);
    assert.equal(holds(fieldIs(TEXT, "contains", "registries/azureml-meta/"), withText("azureml://registries/AzureML/models/x")), false);
    assert.equal(holds(fieldIs(TEXT, "notContains", "models"), withText("azureml://registries/AzureML/models/x")), false);
  });

  it("element of an array value", () => {
    assert.equal(holds(fieldIs(`${T}/stringArray`, "contains", "B")), true);
    assert.equal(holds(fieldIs(`${T}/stringArray`, "contains", "d")), false);
  });

  it("a missing field: contains is false, notContains is true", () => {
    assert.equal(holds(fieldIs(MISSING, "contains", "a")), false);
    assert.equal(holds(fieldIs(MISSING, "notContains", "a")), true);
  });

  it("a '*' in the value is rejected (docs: the wildcard cannot be provided)", () => {
    assert.throws(() => holds(fieldIs(TEXT, "contains", "a*"), withText("a")), InvalidPolicyDefinitionError);
    assert.throws(() => applyOperator("notContains", "abc", "[x*]"), InvalidPolicyDefinitionError);
  });
});

describe("Operators: in / notIn (case-insensitive membership; the value must be an array)", () => {
  it("membership ignores case", () => {
    assert.equal(holds(fieldIs("type", "in", ["other", T.toUpperCase()])), true);
    assert.equal(holds(fieldIs("type", "in", ["other"])), false);
    assert.equal(holds(fieldIs("type", "notIn", ["other"])), true);
  });

  it("works with an array parameter", () => {
    assert.equal(holds(fieldIs("name", "in", "[parameters('names')]"), { parameters: { names: ["RES1"] } }), true);
    assert.equal(holds(fieldIs("name", "in", "[parameters('names')]"), { parameters: { names: ["res2"] } }), false);
  });

  it("a missing field: in is false, notIn is true", () => {
    assert.equal(holds(fieldIs(MISSING, "in", ["", "x"])), false);
    assert.equal(holds(fieldIs(MISSING, "notIn", ["x"])), true);
  });

  it("a non-array value is rejected (docs: the policy engine expects type array)", () => {
    assert.throws(() => holds(fieldIs("name", "in", "res1")), InvalidPolicyDefinitionError);
    assert.throws(() => holds(fieldIs("name", "notIn", "[parameters('n')]"), { parameters: { n: "res1" } }), InvalidPolicyDefinitionError);
  });
});

describe("Operators: containsKey / notContainsKey", () => {
  it("looks keys up case-insensitively", () => {
    assert.equal(holds(fieldIs("tags", "containsKey", "ENV")), true);
    assert.equal(holds(fieldIs("tags", "containsKey", "owner")), false);
    assert.equal(holds(fieldIs("tags", "notContainsKey", "owner")), true);
  });

  it("a resource without tags: containsKey false, notContainsKey true", () => {
    const resource = { type: T, name: "x" };
    assert.equal(holds(fieldIs("tags", "containsKey", "env"), { resource }), false);
    assert.equal(holds(fieldIs("tags", "notContainsKey", "env"), { resource }), true);
  });
});

describe("Operators: less / lessOrEquals / greater / greaterOrEquals (docs: type mismatch is an error)", () => {
  it("integers compare numerically", () => {
    assert.equal(holds(valueIs("[length('abc')]", "less", 4)), true);
    assert.equal(holds(valueIs("[length('abc')]", "less", 3)), false);
    assert.equal(holds(valueIs("[length('abc')]", "lessOrEquals", 3)), true);
    assert.equal(holds(valueIs("[length('abc')]", "greater", 3)), false);
    assert.equal(holds(valueIs("[length('abc')]", "greaterOrEquals", 3)), true);
  });

  it("strings compare with InvariantCultureIgnoreCase (not ordinal: 'a' < 'B')", () => {
    assert.equal(holds(valueIs("a", "less", "B")), true);
    assert.equal(holds(valueIs("B", "less", "a")), false);
    assert.equal(holds(valueIs("2024-01-02", "greater", "2023-12-31")), true);
    assert.equal(holds(valueIs("ABC", "lessOrEquals", "abc")), true);
  });

  it("a type mismatch fails evaluation", () => {
    assert.throws(() => holds(valueIs("5", "greater", 3)), PolicyEvaluationError);
    assert.equal(run(valueIs("5", "greater", 3)).outcome, "error");
    assert.equal(run(valueIs(5, "greater", 3)).outcome, "match");
  });

  it("a missing field is unsupported (undocumented)", () => {
    assert.throws(() => holds(fieldIs(MISSING, "less", 3)), UnsupportedPolicyConstructError);
  });
});

describe('Operators: exists (docs: "exists": "bool")', () => {
  it("true for a present field, false for a missing one; accepts booleans and 'true'/'false'", () => {
    assert.equal(holds(fieldIs(TEXT, "exists", "true"), withText("x")), true);
    assert.equal(holds(fieldIs(TEXT, "exists", true), withText("")), true);
    assert.equal(holds(fieldIs(MISSING, "exists", "true")), false);
    assert.equal(holds(fieldIs(MISSING, "exists", false)), true);
    assert.equal(holds(fieldIs(TEXT, "exists", "False"), withText("x")), false);
  });

  it("a null value does not exist", () => {
    assert.equal(holds(fieldIs(TEXT, "exists", true), withText(null)), false);
  });

  it("a non-boolean value is rejected", () => {
    assert.throws(() => holds(fieldIs(TEXT, "exists", "yes"), withText("x")), InvalidPolicyDefinitionError);
  });
});

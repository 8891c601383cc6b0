import assert from "node:assert/strict";
import { ArmResource, UnsupportedPolicyConstructError, evaluateCondition } from "../../../azure-policy/evaluator";
import { MODEL_ID, SERVERLESS, T, docResource, fieldIs, holds, serverless, valueIs } from "./helpers";

describe("Fields: non-alias fields (docs: 'Fields' — name, fullName, kind, type, location, id, identity.type, tags)", () => {
  const resource: ArmResource = {
    type: SERVERLESS,
    name: "ep1",
    kind: "serverless",
    location: "East US 2",
    id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/ws1/serverlessEndpoints/ep1",
    identity: { type: "SystemAssigned" },
    tags: { "Acct.CostCenter": "42", "'My.Apostrophe.Tag'": "q", env: "prod" },
  };
  const check = (field: string, op: string, operand: unknown) => holds(fieldIs(field, op, operand), { resource });

  it("name, kind, type and id read the resource", () => {
    assert.equal(check("name", "equals", "EP1"), true);
    assert.equal(check("kind", "equals", "serverless"), true);
    assert.equal(check("type", "equals", SERVERLESS.toLowerCase()), true);
    assert.equal(check("type", "equals", "Microsoft.MachineLearningServices/workspaces"), false);
    assert.equal(check("id", "like", "/subscriptions/s/*"), true);
  });

  it("fullName prefixes parent names (docs example: myServer/myDatabase)", () => {
    assert.equal(check("fullName", "equals", "ws1/ep1"), true);
    assert.equal(check("fullName", "equals", "ep1"), false);
  });

  it("location is normalized: 'East US 2' equals 'eastus2'", () => {
    assert.equal(check("location", "equals", "eastus2"), true);
    assert.equal(check("location", "in", ["westus", "EastUS2"]), true);
    assert.equal(check("location", "equals", "eastus"), false);
  });

  it("identity.type reads the managed identity type", () => {
    assert.equal(check("identity.type", "equals", "systemassigned"), true);
    assert.equal(check("identity.type", "contains", "UserAssigned"), false);
  });

  it("tags['name'] supports punctuation, tags['''name'''] escapes apostrophes", () => {
    assert.equal(check("tags['Acct.CostCenter']", "equals", "42"), true);
    assert.equal(check("tags['''My.Apostrophe.Tag''']", "equals", "q"), true);
    assert.equal(check("tags['Acct']", "exists", true), false);
  });

  it("tags.name and tags[name] are accepted; tag names are case-insensitive", () => {
    assert.equal(check("tags.env", "equals", "prod"), true);
    assert.equal(check("tags[ENV]", "equals", "PROD"), true);
    assert.equal(check("tags.owner", "exists", false), true);
  });

  it("the field name itself may be an expression (docs: concat('tags[', parameters('tagName'), ']'))", () => {
    const cond = fieldIs("[concat('tags[', parameters('tagName'), ']')]", "exists", "false");
    assert.equal(holds(cond, { resource, parameters: { tagName: "env" } }), false);
    assert.equal(holds(cond, { resource, parameters: { tagName: "owner" } }), true);
  });
});

describe("Fields: aliases through the resolver", () => {
  it("an alias reads its ARM path, with property names matched case-insensitively", () => {
    const resource = { type: SERVERLESS, properties: { ModelSettings: { ModelId: "azureml://registries/azureml/models/Phi-4" } } };
    assert.equal(holds(fieldIs(MODEL_ID, "equals", "azureml://registries/azureml/models/phi-4"), { resource }), true);
    assert.equal(holds(fieldIs(MODEL_ID, "equals", "azureml://registries/azureml/models/phi-3"), { resource }), false);
  });

  it("alias names are looked up case-insensitively by createAliasResolver", () => {
    assert.equal(holds(fieldIs(MODEL_ID.toUpperCase(), "exists", true), { resource: serverless("x") }), true);
    assert.equal(holds(fieldIs(MODEL_ID.toUpperCase(), "exists", true), { resource: serverless(undefined) }), false);
  });

  it("an alias the resolver does not know is unsupported", () => {
    assert.throws(() => holds(fieldIs("Microsoft.Nope/things/x", "equals", "a")), UnsupportedPolicyConstructError);
  });

  it("an alias path the evaluator cannot read is unsupported", () => {
    assert.throws(
      () => evaluateCondition(fieldIs("a", "equals", "b"), { resource: docResource(), aliases: () => "properties.items[0].name" }),
      UnsupportedPolicyConstructError,
    );
  });
});

describe("Fields: [*] aliases outside count are true only if true for every element (docs: 'Evaluating the [*] alias')", () => {
  const ipRules = { ipRules: [{ value: "127.0.0.1" }, { value: "192.168.1.1" }] };
  const resource: ArmResource = { type: T, properties: ipRules };
  const ip = (op: string, operand: string) => fieldIs(`${T}/ipRules[*].value`, op, operand);
  const localAliases = (alias: string) => (alias.toLowerCase() === `${T}/iprules[*].value`.toLowerCase() ? "properties.ipRules[*].value" : undefined);
  const check = (cond: unknown) => evaluateCondition(cond, { resource, aliases: localAliases });

  // The docs' scenario table, row by row.
  it("notEquals '127.0.0.1' is false (one element is equal)", () => assert.equal(check(ip("notEquals", "127.0.0.1")), false));
  it("notEquals '10.0.4.1' is true (no element is equal)", () => assert.equal(check(ip("notEquals", "10.0.4.1")), true));
  it("not equals '127.0.0.1' is true (equals is false: not every element is equal)", () => assert.equal(check({ not: ip("equals", "127.0.0.1") }), true));
  it("not equals '10.0.4.1' is true", () => assert.equal(check({ not: ip("equals", "10.0.4.1") }), true));
  it("not notEquals '127.0.0.1' is true", () => assert.equal(check({ not: ip("notEquals", "127.0.0.1") }), true));
  it("not notEquals '10.0.4.1' is false", () => assert.equal(check({ not: ip("notEquals", "10.0.4.1") }), false));
  it("equals '127.0.0.1' is false", () => assert.equal(check(ip("equals", "127.0.0.1")), false));
  it("like '*.1' is true (every element matches), like '127.*' is false (one does not)", () => {
    assert.equal(check(ip("like", "*.1")), true);
    assert.equal(check(ip("like", "127.*")), false);
  });

  it("nested [*] selects every nested member (docs table: objectArray[*].nestedArray[*] → 1, 2, 3, 4)", () => {
    assert.equal(holds(fieldIs(`${T}/objectArray[*].nestedArray[*]`, "greater", 0)), true);
    assert.equal(holds(fieldIs(`${T}/objectArray[*].nestedArray[*]`, "greater", 1)), false);
  });

  it("an empty or missing array selects nothing, so the condition is vacuously true", () => {
    assert.equal(holds(fieldIs(`${T}/missingArray[*]`, "equals", "x")), true);
    assert.equal(holds(fieldIs(`${T}/missingArray[*].property`, "exists", true)), true);
    assert.equal(holds(fieldIs(`${T}/stringArray[*]`, "equals", "a")), false);
  });

  it("a member without the property counts as missing for that member", () => {
    const resource2 = docResource({ objectArray: [{ property: "v" }, { other: 1 }] });
    assert.equal(holds(fieldIs(`${T}/objectArray[*].property`, "exists", true), { resource: resource2 }), false);
    assert.equal(holds(fieldIs(`${T}/objectArray[*].property`, "notEquals", "w"), { resource: resource2 }), true);
  });
});

describe("Fields: the field() function (docs: 'Referencing array fields' table of returned values)", () => {
  const table = [
    [`${T}/missingArray`, ""],
    [`${T}/missingArray[*]`, []],
    [`${T}/missingArray[*].property`, []],
    [`${T}/stringArray`, ["a", "b", "c"]],
    [`${T}/stringArray[*]`, ["a", "b", "c"]],
    [`${T}/objectArray[*].property`, ["value1", "value2"]],
    [
      `${T}/objectArray[*].nestedArray`,
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [`${T}/objectArray[*].nestedArray[*]`, [1, 2, 3, 4]],
  ] as const;
  for (const [alias, expected] of table) {
    it(`field('${alias.slice(T.length + 1)}') returns ${JSON.stringify(expected)}`, () => {
      assert.equal(holds(valueIs(`[equals(field('${alias}'), parameters('expected'))]`, "equals", true), { parameters: { expected } }), true);
    });
  }

  it("those values are distinguishable (a missing plain alias is '' not [], a [*] alias is the whole selection)", () => {
    const same = (alias: string, expected: unknown) =>
      holds(valueIs(`[equals(field('${T}/${alias}'), parameters('expected'))]`, "equals", true), { parameters: { expected } });
    assert.equal(same("missingArray", []), false);
    assert.equal(same("stringArray[*]", ["a", "b"]), false);
    assert.equal(
      same("objectArray[*].nestedArray[*]", [
        [1, 2],
        [3, 4],
      ]),
      false,
    );
  });

  it("field('name') and field('tags') read the non-alias fields", () => {
    assert.equal(holds(valueIs("[concat(field('name'), '-', field('tags').env)]", "equals", "res1-prod")), true);
    assert.equal(holds(valueIs("[length(field('tags'))]", "equals", 2)), false);
  });
});

/**
 * Azure Policy semantics the offline evaluator had wrong, found by comparing it with another Azure
 * Policy engine's published test cases, each pinned to the built-in definition that relies on it.
 */
import { strict as assert } from "assert";
import { docResource, holds, T } from "./helpers";

describe("evaluator: semantics built-in definitions rely on", () => {
  it("condition and operator keys in any case (built-in 04c655fe writes `anyof`)", () => {
    // The shape of 04c655fe's rule: lower-case logical and operator keys.
    const rule = {
      anyof: [
        { FIELD: `${T}/text`, notequals: "hello" },
        { field: `${T}/flag`, EQUALS: true },
      ],
    };
    assert.equal(holds(rule, { resource: docResource({ text: "hello", flag: false }) }), false);
    assert.equal(holds(rule, { resource: docResource({ text: "other", flag: false }) }), true);
    assert.equal(holds({ NOT: { ALLOF: [{ Value: "a", In: ["a", "b"] }] } }), false);
    assert.equal(holds({ count: { FIELD: `${T}/stringArray[*]`, Where: { field: `${T}/stringArray[*]`, equals: "a" } }, equals: 1 }), true);
  });

  it("keys that differ only in case are an invalid definition, not a guess", () => {
    assert.throws(() => holds({ field: `${T}/text`, equals: "a", Equals: "b" }), /differ only in case/);
  });

  it("field() on a [*] alias leaves out members that lack the property (built-in 702dd420 relies on it)", () => {
    const resource = docResource({ objectArray: [{ property: "value1" }, { other: 1 }, { property: "value3" }] });
    // 702dd420 compares the properties that exist: members without one are not a null entry.
    assert.equal(holds({ value: `[length(field('${T}/objectArray[*].property'))]`, equals: 2 }, { resource }), true);
    assert.equal(holds({ value: `[field('${T}/objectArray[*].property')[1]]`, equals: "value3" }, { resource }), true);
  });
});

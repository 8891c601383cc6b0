import assert from "node:assert/strict";
import { EvaluationResult, evaluatePolicy } from "../../../azure-policy/evaluator";
import { MODEL_ID, SERVERLESS, aliases, serverless } from "./helpers";

/**
 * Registry trust in the shape of built-in 19539b54 ("…restricted except for the allowed Registry"),
 * retargeted to the Resource Manager alias of a serverless endpoint.
 */
const registryTrust = {
  definitionParameters: {
    allowedRegistryName: { type: "String", defaultValue: "" },
    effect: { type: "String", allowedValues: ["Deny", "Audit", "Disabled"] },
  },
  policyRule: {
    if: {
      allOf: [
        { field: "type", equals: SERVERLESS },
        { field: MODEL_ID, like: "azureml://registries/*" },
        { not: { field: MODEL_ID, like: "[concat('azureml://registries/', parameters('allowedRegistryName'), '/*')]" } },
      ],
    },
    then: { effect: "[parameters('effect')]" },
  },
};

function trust(modelId: string | undefined, allowedRegistryName?: string): EvaluationResult {
  return evaluatePolicy({
    ...registryTrust,
    parameters: allowedRegistryName === undefined ? { effect: "Deny" } : { effect: "Deny", allowedRegistryName },
    resource: serverless(modelId),
    aliases,
  });
}

/** The intended decision, written independently of the policy JSON: a registry model outside the allowed registry is denied. */
function intendedDeny(modelId: string | undefined, allowed: string): boolean {
  if (modelId === undefined || !/^azureml:\/\/registries\//i.test(modelId)) return false;
  const registry = /^azureml:\/\/registries\/([^/]*)\//i.exec(modelId)?.[1];
  return registry === undefined || registry.toLowerCase() !== allowed.toLowerCase();
}

describe("End to end: registry-trust rule over a serverless endpoint (like / notLike with concat(parameters()))", () => {
  const ids: Array<string | undefined> = [
    "azureml://registries/azureml/models/Phi-4",
    "azureml://registries/AzureML/models/Phi-4/versions/3",
    "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
    "azureml://registries/azureml-evil/models/Phi-4",
    "azureml://registries/azure-openai/models/gpt-35-turbo/versions/3",
    "azureml://registries//models/x",
    "azureml:local-model:3",
    "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/models/m/versions/1",
    undefined,
  ];

  for (const id of ids) {
    it(`allowed 'azureml': ${id ?? "(no modelId)"}`, () => {
      const result = trust(id, "azureml");
      assert.deepEqual(result, intendedDeny(id, "azureml") ? { outcome: "match", effect: "Deny" } : { outcome: "noMatch" });
    });
  }

  it("spot checks: the allowed registry passes in any case, a look-alike registry is denied", () => {
    assert.equal(trust("azureml://registries/AZUREML/models/x", "azureml").outcome, "noMatch");
    assert.equal(trust("azureml://registries/azureml-evil/models/x", "azureml").outcome, "match");
  });

  it("with the default allowedRegistryName '' the pattern is 'azureml://registries//*': every registry model is denied", () => {
    assert.equal(trust("azureml://registries/azureml/models/Phi-4").outcome, "match");
    assert.equal(trust("azureml:local-model:3").outcome, "noMatch");
  });

  it("other resource types are out of scope", () => {
    const result = evaluatePolicy({
      ...registryTrust,
      parameters: { effect: "Audit", allowedRegistryName: "azureml" },
      resource: { ...serverless("azureml://registries/evil/models/x"), type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints" },
      aliases,
    });
    assert.deepEqual(result, { outcome: "noMatch" });
    assert.deepEqual(trust("azureml://registries/evil/models/x", "azureml"), { outcome: "match", effect: "Deny" });
  });
});

/**
 * The common substring pattern: a value count over allowed prefixes with the ARM `contains()`
 * function (Rick-healy registry trust, reference note §2a). `contains()` is case-SENSITIVE.
 */
const prefixTrust = {
  definitionParameters: {
    allowedRegistries: { type: "Array", defaultValue: ["azureml://registries/azureml/", "azureml://registries/azureml-meta/"] },
    effect: { type: "String", defaultValue: "Deny" },
  },
  policyRule: {
    if: {
      allOf: [
        { field: "type", equals: SERVERLESS },
        { field: MODEL_ID, exists: "true" },
        {
          count: {
            value: "[parameters('allowedRegistries')]",
            name: "registryPattern",
            where: { value: `[contains(field('${MODEL_ID}'), current('registryPattern'))]`, equals: true },
          },
          equals: 0,
        },
      ],
    },
    then: { effect: "[parameters('effect')]" },
  },
};

function prefix(modelId: string | undefined, allowedRegistries?: string[]): EvaluationResult {
  return evaluatePolicy({ ...prefixTrust, ...(allowedRegistries ? { parameters: { allowedRegistries } } : {}), resource: serverless(modelId), aliases });
}

describe("End to end: value count with contains() over allowed prefixes", () => {
  it("a model under an allowed prefix passes", () => {
    assert.deepEqual(prefix("azureml://registries/azureml-meta/models/Llama-3.2-11B-Vision-Instruct"), { outcome: "noMatch" });
    assert.deepEqual(prefix("azureml://registries/azureml/models/Phi-4"), { outcome: "noMatch" });
  });

  it("a model from another registry is denied", () => {
    assert.deepEqual(prefix("azureml://registries/azure-openai/models/gpt-4o"), { outcome: "match", effect: "Deny" });
  });

  it("contains() is case-sensitive: a differently cased registry is denied (fails closed)", () => {
    assert.deepEqual(prefix("azureml://registries/AzureML/models/Phi-4"), { outcome: "match", effect: "Deny" });
  });

  it("the substring is not anchored: an allowed prefix anywhere in the id passes", () => {
    assert.equal(prefix("x://evil/azureml://registries/azureml/models/y").outcome, "noMatch");
  });

  it("a pattern without the trailing slash also admits look-alike registries", () => {
    assert.equal(prefix("azureml://registries/azureml-evil/models/x", ["azureml://registries/azureml"]).outcome, "noMatch");
    assert.equal(prefix("azureml://registries/azureml-evil/models/x", ["azureml://registries/azureml/"]).outcome, "match");
  });

  it("the exists guard lets a request without modelId through", () => {
    assert.deepEqual(prefix(undefined), { outcome: "noMatch" });
  });

  it("an empty allow list denies every model", () => {
    assert.deepEqual(prefix("azureml://registries/azureml/models/Phi-4", []), { outcome: "match", effect: "Deny" });
  });
});

describe("End to end: value count with the contains condition (built-in 12e5dd16 style, case-insensitive)", () => {
  const policyRule = {
    if: {
      allOf: [
        { field: "type", equals: SERVERLESS },
        {
          count: { value: "[parameters('allowedAssetIds')]", name: "allowedAssetId", where: { field: MODEL_ID, contains: "[current('allowedAssetId')]" } },
          equals: 0,
        },
      ],
    },
    then: { effect: "Audit" },
  };
  const check = (modelId: string, allowedAssetIds: string[]) =>
    evaluatePolicy({ policyRule, parameters: { allowedAssetIds }, resource: serverless(modelId), aliases }).outcome;

  it("an entry is a case-insensitive substring: 'models/Phi-4' also admits Phi-4-mini", () => {
    assert.equal(check("azureml://registries/azureml/models/phi-4-mini-instruct/versions/1", ["azureml://registries/azureml/models/Phi-4"]), "noMatch");
    assert.equal(check("azureml://registries/azureml/models/Phi-3-mini/versions/1", ["azureml://registries/azureml/models/Phi-4"]), "match");
  });

  it("a missing modelId contains nothing, so it is flagged", () => {
    const result = evaluatePolicy({ policyRule, parameters: { allowedAssetIds: ["azureml"] }, resource: serverless(undefined), aliases });
    assert.deepEqual(result, { outcome: "match", effect: "Audit" });
  });
});

/**
 * Issue 15 in the core: the ARM template reader reads what Azure reads (key case, ambiguity,
 * `__proto__`), evaluates what is knowable before deployment (public template shapes), walks
 * deployment stacks, warns on deployment scripts, and ends any nesting in a verdict.
 */
import { strict as assert } from "assert";
import { Rule } from "../../core";
import { compiledRules } from "../support/rule-config";
import { checkArmDocument, checkArmTemplate, MAX_CHILD_DEPTH, TemplateResult } from "../../core/arm-template";
import { evaluate, targetOf } from "../../core/resource-findings";
import { MODEL_CASE_CONFIGS } from "../cases/model-cases";
import {
  ambiguousVariants,
  avmServerlessModule,
  azdStarter,
  bicepNestedViaVariable,
  deepChildren,
  deepDeployments,
  escapedServerless,
  EVIL,
  GOOD,
  keyCaseVariants,
  PROTO_TEMPLATE_JSON,
  scriptInTemplate,
  stackInTemplate,
} from "./arm-template-shapes";

const rules = compiledRules(MODEL_CASE_CONFIGS.base);

const verdicts = (results: TemplateResult[]): string[] =>
  results.map(
    (r) => `${r.path}: ${r.warning !== undefined ? "warning" : r.notApplicable !== undefined ? "na" : r.decision!.rule}${r.unchecked ? " (unchecked)" : ""}`,
  );

describe("ARM templates: read as Azure reads them (issue 15)", () => {
  it("key-case variants are read like the canonical keys (each deploys the untrusted model)", () => {
    for (const [what, t] of keyCaseVariants()) {
      const results = checkArmDocument(rules, t)!;
      assert.equal(results.length, 1, `${what}: ${JSON.stringify(verdicts(results))}`);
      assert.equal(results[0].decision?.rule, Rule.TrustedRegistries, `${what}: ${JSON.stringify(verdicts(results))}`);
    }
  });

  it("two keys differing only in case are ambiguous: denied, naming both keys", () => {
    for (const [what, t] of ambiguousVariants()) {
      const results = checkArmDocument(rules, t)!;
      assert.ok(results.length >= 1, what);
      const denial = results.find((r) => r.unchecked);
      assert.ok(denial, `${what}: ${JSON.stringify(verdicts(results))}`);
      assert.equal(denial.decision?.rule, Rule.ModelReference);
      assert.match(denial.decision.reason, /given twice under keys that differ only in case/);
      assert.ok(
        results.every((r) => r.decision?.allowed !== true),
        what,
      );
    }
  });

  it("a __proto__ symbolic name (languageVersion 2.0) is a resource like any other", () => {
    const results = checkArmDocument(rules, JSON.parse(PROTO_TEMPLATE_JSON))!;
    assert.deepEqual(verdicts(results), ['template.resources["__proto__"]: trusted-registries']);
  });

  it("a resource with both v3 properties and a v2 <resource>Properties input: the stricter verdict wins", () => {
    const target = targetOf("azure-native:machinelearningservices:ServerlessEndpoint")!;
    for (const inputs of [
      { properties: { modelSettings: { modelId: GOOD } }, serverlessEndpointProperties: { modelSettings: { modelId: EVIL } } },
      { properties: { modelSettings: { modelId: EVIL } }, serverlessEndpointProperties: { modelSettings: { modelId: GOOD } } },
    ]) {
      const e = evaluate(target, inputs, rules);
      assert.ok("findings" in e);
      const denied = e.findings.filter((f) => !f.decision.allowed);
      assert.equal(denied.length, 1);
      assert.equal(denied[0].decision.rule, Rule.TrustedRegistries);
    }
  });

  describe("public template shapes are decided on their models", () => {
    it("AVM-style module: the model is a required parameter, decided on the value given", () => {
      const t = avmServerlessModule();
      const none = checkArmTemplate(rules, t);
      assert.deepEqual(verdicts(none), ["template.resources[0]: model-reference (unchecked)"]);
      assert.match(none[0].decision!.reason, /parameter 'model' has no value here/);
      assert.match(none[0].decision!.reason, /--parameters/);
      const given = (modelId: string) => ({ workspaceName: { value: "ws" }, name: { value: "chat" }, model: { value: { modelId } } });
      assert.deepEqual(verdicts(checkArmTemplate(rules, t, given(GOOD))), ["template.resources[0]: allowed"]);
      assert.deepEqual(verdicts(checkArmTemplate(rules, t, given(EVIL))), ["template.resources[0]: trusted-registries"]);
      assert.equal(checkArmTemplate(rules, t, given(GOOD))[0].name, "ws/chat");
    });

    it("azd-style copy loops: no deployments deploy nothing; each deployment is decided", () => {
      assert.deepEqual(checkArmTemplate(rules, azdStarter()), []);
      assert.deepEqual(checkArmTemplate(rules, azdStarter([])), []);
      const deployments = [
        { name: "gpt-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" }, sku: { name: "GlobalStandard", capacity: 10 } },
        { name: "phi", model: { format: "Microsoft", name: "Phi-4", source: GOOD }, sku: { name: "GlobalStandard", capacity: 1 } },
        { name: "bad", model: { format: "Other", name: "x", source: EVIL }, sku: { name: "GlobalStandard", capacity: 1 } },
      ];
      const results = checkArmTemplate(rules, azdStarter(deployments));
      assert.deepEqual(verdicts(results), [
        // Catalog models (issue 10): OpenAI and Microsoft are not trusted publishers in this config.
        "template.resources[1](copy 0): trusted-publishers",
        "template.resources[1](copy 1): trusted-publishers",
        "template.resources[1](copy 2): trusted-registries",
        "template.resources[2](copy 1): allowed",
        "template.resources[2](copy 2): trusted-registries",
      ]);
      assert.equal(results[4].name, "hub/bad");
      // The same values given as the deployment's parameters.
      const given = checkArmTemplate(rules, azdStarter(), { deployments: { value: deployments } });
      assert.deepEqual(verdicts(given), verdicts(results));
    });

    it("Bicep-compiled nested template held in a variable: decided on its model; one with no model adds nothing", () => {
      const inner = [escapedServerless("[[parameters('modelId')]")];
      assert.deepEqual(verdicts(checkArmTemplate(rules, bicepNestedViaVariable(inner, GOOD))), [
        "template.resources[0].properties.template.resources[0]: allowed",
      ]);
      assert.deepEqual(verdicts(checkArmTemplate(rules, bicepNestedViaVariable(inner, EVIL))), [
        "template.resources[0].properties.template.resources[0]: trusted-registries",
      ]);
      assert.deepEqual(
        checkArmTemplate(rules, bicepNestedViaVariable([{ type: "Microsoft.Storage/storageAccounts", name: "[[parameters('workspace')]" }], EVIL)),
        [],
      );
    });

    it("expressions over knowable values: union, createObject, if, format, concat, toUpper/toLower, property copy", () => {
      const t = {
        parameters: { registry: { type: "string", defaultValue: "EVIL" }, base: { type: "object", defaultValue: { format: "OpenAI", name: "gpt-4o" } } },
        variables: {
          model: "[union(parameters('base'), createObject('source', format('azureml://registries/{0}/models/{1}', toLower(parameters('registry')), 'x')))]",
          ids: {
            copy: [{ name: "list", count: 2, input: "[concat('azureml://registries/', if(equals(copyIndex('list'), 0), 'azureml', 'evil'), '/models/m')]" }],
          },
        },
        resources: [
          { type: "Microsoft.CognitiveServices/accounts/deployments", name: "a/d", properties: { model: "[variables('model')]" } },
          {
            type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
            name: "ws/e",
            properties: { modelSettings: { modelId: "[variables('ids').list[1]]" } },
          },
          {
            type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
            name: "ws/e/d",
            properties: { model: "[toUpper(variables('ids').list[0])]" },
          },
        ],
      };
      assert.deepEqual(verdicts(checkArmTemplate(rules, t)), [
        "template.resources[0]: trusted-registries",
        "template.resources[1]: trusted-registries",
        "template.resources[2]: allowed",
      ]);
    });

    it("a copy loop whose count is unknowable fails closed naming the count", () => {
      const t = azdStarter();
      (t.resources as Array<Record<string, unknown>>)[1].copy = { name: "d", count: "[length(reference('x').items)]" };
      const [r] = checkArmTemplate(rules, t);
      assert.equal(r.unchecked, true);
      assert.match(r.decision!.reason, /copy\.count cannot be read: reference\(\) is known only at deployment/);
    });
  });

  it("deploymentStacks inside a template are walked like nested deployments", () => {
    const inner = {
      resources: [{ type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", name: "ws/e", properties: { modelSettings: { modelId: EVIL } } }],
    };
    assert.deepEqual(verdicts(checkArmDocument(rules, stackInTemplate(inner))!), [
      "template.resources[0].properties.template.resources[0]: trusted-registries",
    ]);
  });

  it("deploymentScripts are reported as a warning that names what only Azure Policy sees", () => {
    const [r] = checkArmDocument(rules, scriptInTemplate())!;
    assert.equal(r.armType, "Microsoft.Resources/deploymentScripts");
    assert.equal(r.decision, undefined);
    assert.match(r.warning!, /only Azure Policy checks what it creates/);
  });

  describe("bounded walking", () => {
    it("10,000 levels of child resources end in a fail-closed denial at the limit", () => {
      const results = checkArmDocument(rules, deepChildren(10_000))!;
      assert.equal(results.length, 1);
      assert.equal(results[0].unchecked, true);
      assert.match(results[0].decision!.reason, new RegExp(`nested more than ${MAX_CHILD_DEPTH} deep`));
      // The walk stopped at the limit (bounded work, so it ends quickly whatever the depth; no clock asserted).
      assert.equal(results[0].path.split(".resources[0]").length - 1, MAX_CHILD_DEPTH + 1); // the top-level resource and 32 child levels
    });
    it("10,000 levels of nested deployments end in a fail-closed denial", () => {
      const results = checkArmDocument(rules, deepDeployments(10_000))!;
      assert.equal(results.length, 1);
      assert.match(results[0].decision!.reason, /nested more than 16 deep/);
    });
    it("a given parameter value too deep for the built-ins is a denial, not a crash", () => {
      let deep: unknown = "x";
      for (let i = 0; i < 200_000; i++) deep = [deep];
      const [r] = checkArmTemplate(
        rules,
        {
          parameters: { p: { type: "array" } },
          resources: [
            {
              type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
              name: "w/e",
              properties: { modelSettings: { modelId: "[format('{0}', parameters('p'))]" } },
            },
          ],
        },
        { p: { value: deep } },
      );
      assert.equal(r.unchecked, true);
      assert.match(r.decision!.reason, /too deeply nested to read/);
    });
    it("expressions nested 10,000 deep are refused, not recursed into", () => {
      const deep = `[${"createArray(".repeat(10_000)}'x'${")".repeat(10_000)}]`;
      const [r] = checkArmTemplate(rules, {
        resources: [
          { type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", name: "w/e", properties: { modelSettings: { modelId: deep } } },
        ],
      });
      assert.equal(r.unchecked, true);
      assert.match(r.decision!.reason, /nested more than 64 deep/);
    });
  });
});

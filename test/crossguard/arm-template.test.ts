/**
 * ARM template deployments: core/arm-template.ts on its own, and through the policy for every
 * Pulumi resource that deploys a template (and the generic `resources:Resource`).
 */
import { strict as assert } from "assert";
import { Rule } from "../../core";
import { compiledRules } from "../support/rule-config";
import { SurfaceKey } from "../../core/surfaces";
import { checkArmDeployment, checkArmTemplate, isTemplateExpression, MAX_TEMPLATE_DEPTH, TemplateResult } from "../../core/arm-template";
import { MODEL_POLICY_NAME, policies } from "../../crossguard";
import { MODEL_CASE_CONFIGS } from "../cases/model-cases";
import { ARM_TYPES, armResource, deploymentInputs, Props, template, token, TOKEN_FORMS } from "./fixtures";
import { parseDenial, withSchemaDefaults } from "./helpers";
import { inProcessAnalyzer, UNKNOWN } from "./in-process-analyzer";

const rules = compiledRules(MODEL_CASE_CONFIGS.base);

const GOOD = "azureml://registries/azureml/models/Phi-4";
const EVIL = "azureml://registries/evil/models/x";
const WS = "Microsoft.MachineLearningServices/workspaces";

/** path → rule (or "na" / "allowed"), for compact assertions. */
function verdicts(results: TemplateResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.path, r.notApplicable !== undefined ? "na" : r.decision!.rule + (r.unchecked ? " (unchecked)" : "")]));
}

describe("ARM templates (core/arm-template.ts)", () => {
  it("finds every surface in a flat template and decides it", () => {
    const keys = Object.values(SurfaceKey);
    const results = checkArmTemplate(rules, template(keys.map((k, i) => armResource(k, i % 2 === 0 ? GOOD : EVIL, `r${i}`))));
    assert.equal(results.length, keys.length);
    results.forEach((r, i) => {
      assert.equal(r.surface?.key, keys[i]);
      assert.equal(r.armType, ARM_TYPES[keys[i]]);
      assert.equal(r.name, `r${i}`);
      assert.equal(r.path, `template.resources[${i}]`);
      assert.equal(r.decision?.rule, i % 2 === 0 ? Rule.Allowed : Rule.TrustedRegistries);
    });
  });

  it("child resources with relative and full types, at any depth", () => {
    const t = template([
      {
        type: WS,
        name: "ws",
        resources: [
          { type: "serverlessEndpoints", name: "se", properties: { modelSettings: { modelId: EVIL } } },
          { type: "onlineEndpoints", name: "oe", resources: [{ type: "deployments", name: "d", properties: { model: EVIL } }] },
          {
            type: "batchEndpoints",
            name: "be",
            resources: [{ type: "deployments", name: "d", properties: { model: { referenceType: "Id", assetId: GOOD } } }],
          },
          { type: `${WS}/marketplaceSubscriptions`, name: "ws/sub", properties: { modelId: EVIL } },
          {
            type: "endpoints",
            name: "fe",
            properties: { endpointType: "serverlessEndpoint", modelSettings: { modelId: EVIL } },
            resources: [{ type: "deployments", name: "fd", properties: { model: { source: EVIL } } }],
          },
          {
            type: "connections",
            name: "c",
            resources: [
              {
                type: "deployments",
                name: "cd",
                properties: { model: { source: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2" } },
              },
            ],
          },
        ],
      },
      {
        type: "Microsoft.CognitiveServices/accounts",
        name: "acct",
        resources: [{ type: "deployments", name: "gpt", properties: { model: { format: "OpenAI", name: "gpt-4o", source: EVIL } } }],
      },
    ]);
    const results = checkArmTemplate(rules, t);
    assert.deepEqual(verdicts(results), {
      "template.resources[0].resources[0]": "trusted-registries",
      "template.resources[0].resources[1].resources[0]": "trusted-registries",
      "template.resources[0].resources[2].resources[0]": "allowed",
      "template.resources[0].resources[3]": "trusted-registries",
      "template.resources[0].resources[4]": "trusted-registries",
      "template.resources[0].resources[4].resources[0]": "trusted-registries",
      "template.resources[0].resources[5].resources[0]": "blocked-models",
      "template.resources[1].resources[0]": "trusted-registries",
    });
    assert.equal(results[1].armType, `${WS}/onlineEndpoints/deployments`);
    assert.equal(results[6].armType, `${WS}/connections/deployments`);
    assert.equal(results[7].armType, "Microsoft.CognitiveServices/accounts/deployments");
  });

  it("languageVersion 2.0: symbolic names, existing resources skipped", () => {
    const t = template(
      {
        ws: { type: WS, existing: true, name: "ws" },
        ep: { type: `${WS}/serverlessEndpoints`, name: "ws/ep", properties: { modelSettings: { modelId: EVIL } } },
        old: { type: `${WS}/serverlessEndpoints`, existing: true, name: "ws/old" },
      },
      { languageVersion: "2.0" },
    );
    assert.deepEqual(verdicts(checkArmTemplate(rules, t)), { 'template.resources["ep"]': "trusted-registries" });
  });

  it("a Foundry endpoint that is not serverless does not apply; a Foundry deployment without an Azure ML source is a catalog model, decided", () => {
    const results = checkArmTemplate(
      rules,
      template([
        { type: `${WS}/endpoints`, name: "ws/oai", properties: { endpointType: "Azure.OpenAI", associatedResourceId: "x" } },
        { type: `${WS}/endpoints/deployments`, name: "ws/oai/gpt", properties: { model: { format: "OpenAI", name: "gpt-4o", version: "1" } } },
      ]),
    );
    assert.deepEqual(verdicts(results), { "template.resources[0]": "na", "template.resources[1]": "trusted-publishers" });
  });

  describe("template expressions", () => {
    const serverless = (modelId: string, extra: Props = {}): Props => ({
      type: `${WS}/serverlessEndpoints`,
      name: "ws/ep",
      ...extra,
      properties: { modelSettings: { modelId } },
    });

    it("[parameters('x')] from the deployment's values, else the template default", () => {
      const t = template([serverless("[parameters('model')]"), serverless("[parameters('other')]")], {
        parameters: { model: { type: "string", defaultValue: GOOD }, other: { type: "string", defaultValue: EVIL } },
      });
      assert.deepEqual(verdicts(checkArmTemplate(rules, t)), { "template.resources[0]": "allowed", "template.resources[1]": "trusted-registries" });
      assert.deepEqual(verdicts(checkArmTemplate(rules, t, { MODEL: { value: EVIL } })), {
        "template.resources[0]": "trusted-registries",
        "template.resources[1]": "trusted-registries",
      });
    });

    it("[variables('x')], chained to parameters, and whole property objects", () => {
      const t = template([serverless("[variables('id')]"), { type: `${WS}/marketplaceSubscriptions`, name: "ws/s", properties: "[variables('sub')]" }], {
        parameters: { registry: { type: "string", defaultValue: EVIL } },
        variables: { id: "[parameters('registry')]", sub: { modelId: "[variables('id')]" } },
      });
      assert.deepEqual(verdicts(checkArmTemplate(rules, t)), { "template.resources[0]": "trusted-registries", "template.resources[1]": "trusted-registries" });
    });

    it("a parameter value is literal: it is never evaluated as an expression", () => {
      const t = template([serverless("[parameters('m')]")], { parameters: { m: { type: "string" } }, variables: { ok: GOOD } });
      const [r] = checkArmTemplate(rules, t, { m: { value: "[variables('ok')]" } });
      assert.equal(r.decision?.rule, Rule.ModelReference);
      assert.ok(!r.unchecked, "a literal that is not a model id is an ordinary unrecognised reference");
      // Also inside an object value.
      const t2 = template([{ type: `${WS}/marketplaceSubscriptions`, name: "ws/s", properties: "[parameters('p')]" }], {
        parameters: { p: { type: "object" } },
        variables: { ok: GOOD },
      });
      const [r2] = checkArmTemplate(rules, t2, { p: { value: { modelId: "[variables('ok')]" } } });
      assert.equal(r2.decision?.rule, Rule.ModelReference);
      assert.ok(!r2.unchecked);
      const [r3] = checkArmTemplate(rules, t2, { p: { value: { modelId: EVIL } } });
      assert.equal(r3.decision?.rule, Rule.TrustedRegistries);
    });

    it("other expressions in a field the decision reads fail closed, naming the field and the expression", () => {
      const cases: Array<[string, Props, RegExp]> = [
        [
          "model id from a parameter without a value",
          serverless("[concat('azureml://registries/', parameters('r'), '/models/x')]"),
          /field properties\.modelSettings\.modelId cannot be read: the template declares no parameter 'r' \(parameters\('r'\)\), in "\[concat\(/,
        ],
        [
          "reference() in a copy loop",
          serverless("[format('azureml://registries/{0}/models/m{1}', reference('reg').name, copyIndex())]", { copy: { name: "eps", count: 3 } }),
          /reference\(\) is known only at deployment \(reference\('reg'\)\).*Only Azure Policy can check/,
        ],
        [
          "the model settings object",
          { type: `${WS}/serverlessEndpoints`, name: "ws/ep", properties: { modelSettings: "[listKeys(parameters('s'), '2024-01-01')]" } },
          /field properties\.modelSettings cannot be read: listKeys\(\) is known only at deployment/,
        ],
        [
          "the properties object",
          { type: `${WS}/onlineEndpoints/deployments`, name: "a/b/c", properties: "[parameters('p')]" },
          /template declares no parameter 'p'/,
        ],
        [
          "the batch referenceType",
          {
            type: `${WS}/batchEndpoints/deployments`,
            name: "a/b/c",
            properties: { model: { referenceType: "[if(equals(resourceGroup().name, 'x'), 'Id', 'DataPath')]", assetId: GOOD } },
          },
          /field properties\.model\.referenceType/,
        ],
        [
          "the Foundry endpoint type",
          { type: `${WS}/endpoints`, name: "a/b", properties: { endpointType: "[variables('t')]", modelSettings: { modelId: GOOD } } },
          /the template defines no variable 't'/,
        ],
        [
          "the resource type",
          {
            type: "[concat('Microsoft.MachineLearningServices/workspaces/', subscription().displayName)]",
            name: "ws/ep",
            properties: { modelSettings: { modelId: GOOD } },
          },
          /The resource's type cannot be read: subscription\(\) is known only at deployment/,
        ],
      ];
      for (const [what, resource, message] of cases) {
        const [r] = checkArmTemplate(rules, template([resource]));
        assert.equal(r.decision?.allowed, false, what);
        assert.equal(r.decision?.rule, Rule.ModelReference, what);
        assert.equal(r.unchecked, true, what);
        assert.match(r.decision.reason, message, what);
        assert.match(r.decision.reason, /denied so nothing slips through/, what);
      }
    });

    it("a copy loop with a literal model id is decided for every copy", () => {
      const results = checkArmTemplate(rules, template([serverless(EVIL, { copy: { name: "eps", count: 3 }, name: "[concat('ws/ep', copyIndex(1))]" })]));
      assert.deepEqual(verdicts(results), {
        "template.resources[0](copy 0)": "trusted-registries",
        "template.resources[0](copy 1)": "trusted-registries",
        "template.resources[0](copy 2)": "trusted-registries",
      });
      assert.deepEqual(
        results.map((r) => r.name),
        ["ws/ep1", "ws/ep2", "ws/ep3"],
      );
    });

    it("expressions in fields the decision does not read are ignored", () => {
      const t = template([
        { ...serverless(GOOD), name: "[concat(parameters('ws'), '/ep')]", location: "[resourceGroup().location]", sku: { name: "[parameters('sku')]" } },
      ]);
      assert.deepEqual(verdicts(checkArmTemplate(rules, t)), { "template.resources[0]": "allowed" });
    });

    it("the [[ escape is a literal, not an expression", () => {
      assert.equal(isTemplateExpression("[[literal]"), false);
      assert.equal(isTemplateExpression("[parameters('x')]"), true);
      assert.equal(isTemplateExpression("[x"), false);
      const [r] = checkArmTemplate(rules, template([serverless(`[[${GOOD}]`)]));
      assert.equal(r.decision?.rule, Rule.ModelReference);
      assert.ok(!r.unchecked);
    });

    it("Key Vault references and parametersLink fail closed", () => {
      const t = template([serverless("[parameters('m')]")], { parameters: { m: { type: "string", defaultValue: GOOD } } });
      const kv = checkArmDeployment(rules, { template: t, parameters: { m: { reference: { keyVault: { id: "/subscriptions/x/kv" }, secretName: "s" } } } });
      assert.match(kv[0].decision!.reason, /Key Vault reference/);
      const link = checkArmDeployment(rules, { template: t, parametersLink: { uri: "https://x/p.json" } });
      assert.match(link[0].decision!.reason, /parametersLink/);
      assert.equal(link[0].unchecked, true);
    });
  });

  describe("nested deployments", () => {
    const nested = (properties: Props): Props => ({
      type: "Microsoft.Resources/deployments",
      apiVersion: "2022-09-01",
      name: "inner",
      properties: { mode: "Incremental", ...properties },
    });
    const sub = (modelId: string) => ({ type: `${WS}/marketplaceSubscriptions`, name: "ws/s", properties: { modelId } });

    it("inline templates are walked, outer scope (default) evaluates in the parent's parameters", () => {
      const t = template([nested({ template: template([sub("[parameters('m')]")]) })], { parameters: { m: { type: "string", defaultValue: EVIL } } });
      const [r] = checkArmTemplate(rules, t);
      assert.equal(r.path, "template.resources[0].properties.template.resources[0]");
      assert.equal(r.decision?.rule, Rule.TrustedRegistries);
    });

    it("inner scope: the nested template's own parameters, their values evaluated in the outer scope", () => {
      const inner = template([sub("[parameters('inner')]")], { parameters: { inner: { type: "string", defaultValue: GOOD } } });
      const t = template(
        [nested({ expressionEvaluationOptions: { scope: "Inner" }, parameters: { inner: { value: "[parameters('outer')]" } }, template: inner })],
        {
          parameters: { outer: { type: "string", defaultValue: EVIL } },
        },
      );
      assert.equal(checkArmTemplate(rules, t)[0].decision?.rule, Rule.TrustedRegistries);
      // Without a value, the inner template's default applies.
      const t2 = template([nested({ expressionEvaluationOptions: { scope: "inner" }, template: inner })]);
      assert.equal(checkArmTemplate(rules, t2)[0].decision?.rule, Rule.Allowed);
    });

    it("three levels deep", () => {
      const t = template([nested({ template: template([nested({ template: template([nested({ template: template([sub(EVIL)]) })]) })]) })]);
      const [r] = checkArmTemplate(rules, t);
      assert.equal(r.path, "template.resources[0].properties.template.resources[0].properties.template.resources[0].properties.template.resources[0]");
      assert.equal(r.decision?.rule, Rule.TrustedRegistries);
    });

    it(`nesting deeper than ${MAX_TEMPLATE_DEPTH} fails closed`, () => {
      let t: Props = template([sub(GOOD)]);
      for (let i = 0; i <= MAX_TEMPLATE_DEPTH; i++) t = template([nested({ template: t })]);
      const results = checkArmTemplate(rules, t);
      assert.equal(results.length, 1);
      assert.equal(results[0].unchecked, true);
      assert.match(results[0].decision!.reason, /nested more than/);
    });

    it("linked templates fail closed, naming the link", () => {
      const results = checkArmTemplate(
        rules,
        template([
          nested({ templateLink: { uri: "https://example.com/ml.json" } }),
          nested({ templateLink: { id: "/subscriptions/x/resourceGroups/g/providers/Microsoft.Resources/templateSpecs/ml/versions/1" } }),
        ]),
      );
      assert.deepEqual(verdicts(results), { "template.resources[0]": "model-reference (unchecked)", "template.resources[1]": "model-reference (unchecked)" });
      assert.match(results[0].decision!.reason, /linked template \(https:\/\/example\.com\/ml\.json\)/);
      assert.match(results[0].decision!.reason, /Inline the template/);
      assert.match(results[1].decision!.reason, /templateSpecs\/ml/);
    });

    it("a nested template given as an expression fails closed; one with no ML resources adds nothing", () => {
      assert.deepEqual(verdicts(checkArmTemplate(rules, template([nested({ template: "[variables('t')]" })]))), {
        "template.resources[0]": "model-reference (unchecked)",
      });
      assert.deepEqual(checkArmTemplate(rules, template([nested({ template: template([{ type: "Microsoft.Storage/storageAccounts", name: "sa" }]) })])), []);
    });
  });

  describe("the deployment body", () => {
    it("a template given as JSON text is parsed; other strings and a missing template fail closed", () => {
      assert.equal(
        checkArmDeployment(rules, { template: JSON.stringify(template([armResource(SurfaceKey.OnlineDeployment, EVIL)])) })[0].decision?.rule,
        Rule.TrustedRegistries,
      );
      for (const body of [{ template: "not json" }, { template: "[parameters('t')]" }, { mode: "Incremental" }, undefined, { template: 42 }]) {
        const results = checkArmDeployment(rules, body);
        assert.equal(results.length, 1, JSON.stringify(body));
        assert.equal(results[0].path, "(deployment)");
        assert.equal(results[0].unchecked, true);
      }
    });
    it("a top-level linked template fails closed", () => {
      const [r] = checkArmDeployment(rules, { templateLink: { uri: "https://example.com/t.json", queryString: "sv=x" } });
      assert.match(r.decision!.reason, /linked template \(https:\/\/example\.com\/t\.json\)/);
    });
    it("a template without ML resources gives nothing", () => {
      const resources = Array.from({ length: 2000 }, (_, i) => ({
        type: "Microsoft.Storage/storageAccounts",
        name: `sa${i}`,
        properties: { x: "[parameters('p')]" },
        resources: [{ type: "blobServices", name: "default" }],
      }));
      assert.deepEqual(checkArmTemplate(rules, template(resources)), []);
    });
  });
});

describe("ARM template deployments through the policy", () => {
  const analyzer = inProcessAnalyzer(policies);
  const configure = () =>
    analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: withSchemaDefaults(MODEL_CASE_CONFIGS.base) } });
  const evilTemplate = () =>
    template([
      {
        type: WS,
        name: "ws",
        resources: [{ type: "onlineEndpoints", name: "oe", resources: [{ type: "deployments", name: "blue", properties: { model: EVIL } }] }],
      },
      armResource(SurfaceKey.WorkspaceEndpoint, "azureml://registries/azureml/models/Phi-4-multimodal-instruct", "ws/foundry"),
      armResource(SurfaceKey.ServerlessEndpoint, GOOD, "ws/fine"),
    ]);

  const deploymentKinds: Array<{ resource: string; body: "properties" | "inputs" }> = [
    { resource: "Deployment", body: "properties" },
    { resource: "DeploymentAtScope", body: "properties" },
    { resource: "DeploymentAtSubscriptionScope", body: "properties" },
    { resource: "DeploymentAtManagementGroupScope", body: "properties" },
    { resource: "DeploymentAtTenantScope", body: "properties" },
    { resource: "DeploymentStackAtResourceGroup", body: "inputs" },
    { resource: "DeploymentStackAtSubscription", body: "inputs" },
    { resource: "DeploymentStackAtManagementGroup", body: "inputs" },
  ];
  for (const kind of deploymentKinds) {
    for (const form of TOKEN_FORMS) {
      const type = token("resources", kind.resource, form, "v20240301");
      it(`${type}: ML resources inside the template are checked`, async () => {
        await configure();
        const properties =
          kind.body === "properties"
            ? deploymentInputs(evilTemplate())
            : { resourceGroupName: "rg", actionOnUnmanage: { resources: "delete" }, denySettings: { mode: "none" }, template: evilTemplate() };
        const r = await analyzer.analyze({ type, properties });
        assert.deepEqual(r.notApplicable, []);
        assert.equal(r.diagnostics.length, 2, JSON.stringify(r.diagnostics, null, 2));
        const p = kind.body === "properties" ? "properties." : "";
        const [a, b] = r.diagnostics.map((d) => parseDenial(d.message));
        assert.equal(a.where, `ARM template ${p}template.resources[0].resources[0].resources[0] (${WS}/onlineEndpoints/deployments 'blue'): online deployment`);
        assert.equal(a.rule, "trusted-registries");
        assert.equal(b.where, `ARM template ${p}template.resources[1] (${WS}/endpoints 'ws/foundry'): Foundry serverless endpoint`);
        assert.equal(b.rule, "blocked-models");
        for (const d of r.diagnostics) assert.equal(d.enforcementLevel, "mandatory");
      });
    }
  }

  it("a template without ML resources is not applicable", async () => {
    await configure();
    const r = await analyzer.analyze({
      type: "azure-native:resources:Deployment",
      properties: deploymentInputs(template([{ type: "Microsoft.Storage/storageAccounts", name: "sa" }])),
    });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      r.notApplicable.map((n) => n.reason),
      ["The ARM template deploys no Azure ML / Foundry model deployment"],
    );
  });

  it("a model id from a deployment-time expression is a mandatory violation saying why", async () => {
    await configure();
    const r = await analyzer.analyze({
      type: "azure-native:resources:Deployment",
      properties: deploymentInputs(
        template([armResource(SurfaceKey.OnlineDeployment, "[concat('azureml://registries/', reference('r').registry, '/models/Phi-4')]", "ws/oe/d")]),
      ),
    });
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].enforcementLevel, "mandatory");
    const p = parseDenial(r.diagnostics[0].message);
    assert.equal(p.rule, "model-reference");
    assert.match(p.reason, /^The field properties\.model cannot be read: reference\(\) is known only at deployment \(reference\('r'\)\), in "\[concat/);
  });

  it("a linked template is a mandatory violation naming the link", async () => {
    await configure();
    const r = await analyzer.analyze({
      type: "azure-native:resources:Deployment",
      properties: { resourceGroupName: "rg", properties: { mode: "Incremental", templateLink: { uri: "https://example.com/ml.json" } } },
    });
    assert.equal(r.diagnostics.length, 1);
    const p = parseDenial(r.diagnostics[0].message);
    assert.equal(p.where, "ARM template deployment");
    assert.match(p.reason, /linked template \(https:\/\/example\.com\/ml\.json\)/);
  });

  it("a preview-time unknown inside a template surface is advisory", async () => {
    await configure();
    const r = await analyzer.analyze({
      type: "azure-native:resources:Deployment",
      properties: deploymentInputs(template([armResource(SurfaceKey.MarketplaceSubscription, UNKNOWN.string, "ws/s")])),
    });
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].enforcementLevel, "advisory");
    assert.match(
      r.diagnostics[0].message,
      /value at \.properties\.template\.resources\.0\.properties\.modelId can't be known during preview\. The model ids in this ARM template deployment will be checked again at `pulumi up`/,
    );
  });

  describe("the generic resources:Resource", () => {
    const generic = (resourceProviderNamespace: string, parentResourcePath: string, resourceType: string, properties: Props): Props => ({
      resourceGroupName: "rg",
      apiVersion: "2025-01-01-preview",
      resourceProviderNamespace,
      parentResourcePath,
      resourceType,
      resourceName: "r",
      properties,
    });
    const cases: Array<[string, Props, string]> = [
      [
        "serverless endpoint",
        generic("Microsoft.MachineLearningServices", "workspaces/ws", "serverlessEndpoints", { modelSettings: { modelId: EVIL } }),
        "trusted-registries",
      ],
      [
        "online deployment",
        generic("Microsoft.MachineLearningServices", "workspaces/ws/onlineEndpoints/ep", "deployments", { model: EVIL }),
        "trusted-registries",
      ],
      [
        "online deployment, path in resourceType",
        generic("microsoft.machinelearningservices", "", "workspaces/ws/onlineEndpoints/ep/deployments", { model: EVIL }),
        "trusted-registries",
      ],
      [
        "Cognitive Services deployment",
        generic("Microsoft.CognitiveServices", "accounts/acct", "deployments", { model: { source: EVIL } }),
        "trusted-registries",
      ],
      [
        "batch deployment allowed",
        generic("Microsoft.MachineLearningServices", "workspaces/ws/batchEndpoints/ep", "deployments", { model: { referenceType: "Id", assetId: GOOD } }),
        "allowed",
      ],
      [
        "marketplace subscription without model",
        generic("Microsoft.MachineLearningServices", "workspaces/ws", "marketplaceSubscriptions", {}),
        "model-reference",
      ],
    ];
    for (const form of TOKEN_FORMS) {
      for (const [title, properties, expected] of cases) {
        it(`${token("resources", "Resource", form)}: ${title} → ${expected}`, async () => {
          await configure();
          const r = await analyzer.analyze({ type: token("resources", "Resource", form), properties });
          if (expected === "allowed") assert.deepEqual(r.diagnostics, []);
          else assert.equal(parseDenial(r.diagnostics[0].message).rule, expected);
        });
      }
    }
    it("other providers and types are not applicable", async () => {
      await configure();
      for (const properties of [
        generic("Microsoft.Storage", "", "storageAccounts", {}),
        generic("Microsoft.MachineLearningServices", "", "workspaces", {}),
        generic("Microsoft.MachineLearningServices", "workspaces/ws", "computes", {}),
      ]) {
        const r = await analyzer.analyze({ type: "azure-native:resources:Resource", properties });
        assert.deepEqual(r.diagnostics, []);
        assert.equal(r.notApplicable.length, 1);
      }
    });
  });
});

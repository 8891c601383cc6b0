/**
 * Issue 15 through the pack served over gRPC (as the Pulumi CLI serves it): every "Why" of the issue
 * is denied or decided correctly in a preview.
 */
import { strict as assert } from "assert";
import { Diagnostic, ServedPack } from "../support/policy-pack-server";
import { MODEL_CASE_CONFIGS } from "../cases/model-cases";
import { deploymentInputs, Props } from "../crossguard/fixtures";
import { parseDenial } from "../crossguard/helpers";
import {
  ambiguousVariants,
  avmServerlessModule,
  azdStarter,
  bicepNestedViaVariable,
  deepChildren,
  escapedServerless,
  EVIL,
  GOOD,
  keyCaseVariants,
  PROTO_TEMPLATE_JSON,
  scriptInTemplate,
  stackInTemplate,
} from "../crossguard/arm-template-shapes";
import { serveRepositoryPack } from "./pack-dir";

const DEPLOYMENT = "azure-native:resources:Deployment";

const summary = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.enforcementLevel} ${parseDenial(d.message).rule}`);

describe("policypack/ served (gRPC): ARM templates read as Azure reads them (issue 15)", function () {
  this.timeout(60_000);
  let pack: ServedPack;
  const analyzeTemplate = (template: unknown, parameters?: Props): Promise<Diagnostic[]> =>
    pack.analyze({ type: DEPLOYMENT, name: "arm", properties: deploymentInputs(template as Props, parameters) });

  before(async function () {
    pack = await serveRepositoryPack(MODEL_CASE_CONFIGS.base);
  });
  after(async () => {
    if (pack) await pack.stop();
  });

  it("a deploymentStacks resource inside a template is walked: its untrusted model is denied", async () => {
    const inner = {
      resources: [{ type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", name: "ws/e", properties: { modelSettings: { modelId: EVIL } } }],
    };
    assert.deepEqual(summary(await analyzeTemplate(stackInTemplate(inner))), ["mandatory trusted-registries"]);
  });

  it("a deploymentScripts resource is reported as an advisory warning", async () => {
    const ds = await analyzeTemplate(scriptInTemplate());
    assert.equal(ds.length, 1);
    assert.equal(ds[0].enforcementLevel, "advisory");
    assert.match(ds[0].message, /deploymentScripts 'make-endpoint'.*only Azure Policy checks what it creates/s);
  });

  it("key-case variants are read like the canonical keys", async () => {
    for (const [what, t] of keyCaseVariants()) assert.deepEqual(summary(await analyzeTemplate(t)), ["mandatory trusted-registries"], what);
  });

  it("keys differing only in case are denied as ambiguous", async () => {
    for (const [what, t] of ambiguousVariants()) {
      const ds = await analyzeTemplate(t);
      assert.ok(ds.length >= 1, what);
      assert.ok(ds.every((d) => d.enforcementLevel === "mandatory"));
      assert.ok(
        ds.some((d) => /differ only in case/.test(d.message)),
        what,
      );
    }
  });

  it("a resource with both v3 properties and the v2 input: the stricter verdict wins", async () => {
    const ds = await pack.analyze({
      type: "azure-native:machinelearningservices:ServerlessEndpoint",
      name: "both",
      properties: {
        resourceGroupName: "rg",
        properties: { modelSettings: { modelId: GOOD } },
        serverlessEndpointProperties: { modelSettings: { modelId: EVIL } },
      },
    });
    assert.deepEqual(summary(ds), ["mandatory trusted-registries"]);
    assert.match(parseDenial(ds[0].message).where, /serverlessEndpointProperties\.modelSettings\.modelId/);
  });

  it("a __proto__ symbolic name: decided when the template is JSON text", async () => {
    assert.deepEqual(summary(await analyzeTemplate(PROTO_TEMPLATE_JSON)), ["mandatory trusted-registries"]);
  });

  it("public shapes: AVM module with its parameters, azd copy loops, Bicep nested template in a variable", async () => {
    const given = (modelId: string): Props => ({ workspaceName: { value: "ws" }, name: { value: "chat" }, model: { value: { modelId } } });
    assert.deepEqual(await analyzeTemplate(avmServerlessModule(), given(GOOD)), []);
    assert.deepEqual(summary(await analyzeTemplate(avmServerlessModule(), given(EVIL))), ["mandatory trusted-registries"]);
    const none = await pack.analyzeDetailed({ type: DEPLOYMENT, name: "azd", properties: deploymentInputs(azdStarter()) });
    assert.deepEqual(none.diagnostics, []);
    const deployments = [
      { name: "gpt", model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" }, sku: { name: "Standard" } },
      { name: "bad", model: { format: "x", name: "x", source: EVIL }, sku: { name: "Standard" } },
    ];
    // gpt-4o is a catalog model of a publisher this config does not trust (issue 10); "bad" is untrusted by registry.
    assert.deepEqual(summary(await analyzeTemplate(azdStarter(), { deployments: { value: deployments } })), [
      "mandatory trusted-publishers",
      "mandatory trusted-registries",
      "mandatory trusted-registries",
    ]);
    assert.deepEqual(await analyzeTemplate(bicepNestedViaVariable([escapedServerless("[[parameters('modelId')]")], GOOD)), []);
    assert.deepEqual(summary(await analyzeTemplate(bicepNestedViaVariable([escapedServerless("[[parameters('modelId')]")], EVIL))), [
      "mandatory trusted-registries",
    ]);
  });

  it("deep nesting ends in a fail-closed denial (bounded walk; the suite timeout guards a hang): 10,000 levels as JSON text, 200 as objects (the client's protobuf encoder recurses)", async () => {
    const n = 10_000;
    const text = `{"resources":[${'{"type":"Microsoft.Storage/storageAccounts","name":"l","resources":['.repeat(n)}{"type":"leaf","name":"x"}${"]}".repeat(n)}]}`;
    const ds = await analyzeTemplate(text);
    assert.deepEqual(summary(ds), ["mandatory model-reference"]);
    assert.match(ds[0].message, /nested more than 32 deep/);
    const objects = await analyzeTemplate(deepChildren(200));
    assert.deepEqual(summary(objects), ["mandatory model-reference"]);
  });
});

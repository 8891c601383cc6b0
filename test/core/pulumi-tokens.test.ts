/**
 * One source for Pulumi type tokens and input shapes (`core/pulumi-tokens.ts`): the pack's surface
 * matcher and the guardrail preflight's matcher are both built from its tables by one matcher, so
 * a token form added there reaches both, and neither table can be extended on its own.
 */
import assert from "node:assert/strict";
import {
  armPropertiesOf,
  azureNativeForm,
  GUARDRAIL_FORMS,
  isAuthorizationToken,
  propertiesInputs,
  PULUMI_FORMS,
  PulumiForm,
  pulumiFormForToken,
  tokenMatcher,
} from "../../core/pulumi-tokens";
import { PREFLIGHT_RESOURCES, preflightResourceForToken } from "../../core/guardrails";
import { SURFACES, surfaceForToken } from "../../core/surfaces";

const API = "v20250101preview";

/** Every spelling a program (or an attacker) can give an azure-native class: three forms, three cases. */
function spellings(form: PulumiForm): string[] {
  if (form.provider === "azure-classic") return [form.module, form.module.toUpperCase()];
  const { module: m, resource: r } = form;
  const forms = [`azure-native:${m}:${r}`, `azure-native:${m}/${API}:${r}`, `azure-native_${m}_${API}:${m}/${API}:${r}`];
  return forms.flatMap((t) => [t, t.toUpperCase(), t.toLowerCase()]);
}

describe("core: Pulumi token forms and input shapes, one table", () => {
  it("every surface's forms name it, in every spelling, through the surface matcher", () => {
    let checked = 0;
    for (const [key, forms] of Object.entries(PULUMI_FORMS)) {
      for (const form of forms)
        for (const token of spellings(form)) {
          assert.equal(pulumiFormForToken(token)?.key, key, token);
          assert.equal(pulumiFormForToken(token)?.form, form, token);
          assert.equal(surfaceForToken(token)?.key, key, token);
          checked++;
        }
    }
    assert.ok(checked >= 8 * 9);
  });

  it("every surface with a Pulumi form is in the surface table, and its azure-native form is the first one", () => {
    const keys = new Set(SURFACES.map((s) => s.key as string));
    for (const key of Object.keys(PULUMI_FORMS)) assert.ok(keys.has(key), key);
    assert.equal(azureNativeForm("cognitiveServicesDeployment")?.module, "cognitiveservices");
    assert.equal(azureNativeForm("onlineDeployment")?.propertiesKey, "onlineDeploymentProperties");
  });

  it("the preflight resources are the guardrail forms of the same module, matched by the same matcher", () => {
    for (const [name, form] of Object.entries(GUARDRAIL_FORMS)) {
      const resource = PREFLIGHT_RESOURCES[name as keyof typeof PREFLIGHT_RESOURCES];
      for (const key of Object.keys(form))
        assert.equal((resource as unknown as Record<string, unknown>)[key], (form as Record<string, unknown>)[key], `${name}.${key}`);
      for (const token of spellings(form)) {
        assert.equal(preflightResourceForToken(token), resource, token);
        assert.equal(pulumiFormForToken(token), undefined, `${token} is not a model surface`);
      }
    }
  });

  it("a look-alike class, another provider or another module names nothing", () => {
    const match = tokenMatcher(Object.values(GUARDRAIL_FORMS), (f) => f);
    for (const token of [
      "azure-native:machinelearningservices:ComputeX",
      "azure-native:machinelearningservices:XCompute",
      "azure-native:cognitiveservices:Compute",
      "azure:machinelearning:Compute",
      "aws-native:machinelearningservices:Compute",
      "azure-native:machinelearningservices/v1:Compute:x",
      "azure-native-evil:machinelearningservices:Compute",
    ]) {
      assert.equal(match(token), undefined, token);
      assert.equal(preflightResourceForToken(token), undefined, token);
    }
  });

  it("input shapes: v3 properties first, the v2 name, a named input, the flattened inputs", () => {
    const v3 = { v: 3 };
    const v2 = { v: 2 };
    assert.equal(armPropertiesOf(GUARDRAIL_FORMS.Job, { properties: v3, jobBaseProperties: v2 }), v3);
    assert.equal(armPropertiesOf(GUARDRAIL_FORMS.Job, { jobBaseProperties: v2 }), v2);
    assert.equal(armPropertiesOf(GUARDRAIL_FORMS.Compute, { computeProperties: v2 }), undefined);
    const inputs = { publicNetworkAccess: "Disabled" };
    assert.equal(armPropertiesOf(GUARDRAIL_FORMS.Workspace, inputs), inputs);
    // The pack decides both inputs when a program sets both (a v2 input cannot hide behind a v3 one).
    assert.deepEqual(propertiesInputs(GUARDRAIL_FORMS.Job, { properties: v3, jobBaseProperties: v2 }), [
      { key: "properties", properties: v3 },
      { key: "jobBaseProperties", properties: v2 },
    ]);
    assert.deepEqual(propertiesInputs(GUARDRAIL_FORMS.Job, {}), [{ key: "properties", properties: undefined }]);
  });

  it("the component's authorization classes, in every form, at subscription or management group", () => {
    for (const token of spellings({ provider: "azure-native", module: "authorization", resource: "PolicyAssignment", shape: "properties" }))
      assert.ok(isAuthorizationToken(token, "PolicyAssignment"), token);
    assert.ok(isAuthorizationToken("azure-native:authorization:PolicyDefinitionAtManagementGroup", "PolicyDefinition"));
    assert.ok(!isAuthorizationToken("azure-native:authorization:PolicyDefinition", "PolicyAssignment"));
    assert.ok(!isAuthorizationToken("azure-native:authorization:PolicySetDefinition", "PolicyDefinition"));
  });
});

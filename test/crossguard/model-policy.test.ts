/**
 * Direct tests of `azure-ml-model-governance`: every surface × type-token form × input-name version
 * × verdict, unknowns, config, enforcement levels, non-ML resources. Resources go through the
 * SDK's own analyze path in-process (props deserialised and wrapped in `unknownCheckingProxy`
 * by server.js itself; see in-process-analyzer.ts), plus direct calls with hand-built args.
 */
import { strict as assert } from "assert";
import type { EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { GovernanceConfigError, policyPackConfigSchema } from "../../core";
import { readSurface, surfaceForToken } from "../../core/surfaces";
import { createPolicies, MODEL_POLICY_DESCRIPTION, MODEL_POLICY_NAME, policies } from "../../crossguard";
import { PackRulesCache } from "../../crossguard/enforcement";
import { NOT_AN_ML_DEPLOYMENT } from "../../crossguard/model-policy";
import { caseConfig, caseLabel, MODEL_CASE_CONFIGS, MODEL_CASES } from "../cases/model-cases";
import { OTHER_TOKENS, PULUMI_SURFACES, pulumiInputs, token, TOKEN_FORMS } from "./fixtures";
import { coreDecision, groupBy, packVerdict, parseDenial, withSchemaDefaults } from "./helpers";
import { InProcessResult, inProcessAnalyzer, sdkProxy, UNKNOWN } from "./in-process-analyzer";

const analyzer = inProcessAnalyzer(policies);
const BASE = MODEL_CASE_CONFIGS.base;

async function configure(properties: Record<string, unknown>, enforcementLevel: EnforcementLevel = "mandatory"): Promise<void> {
  await analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel, properties: withSchemaDefaults(properties) } });
}

function only(result: InProcessResult): InProcessResult["diagnostics"][number] {
  assert.equal(result.diagnostics.length, 1, `expected one diagnostic, got ${JSON.stringify(result, null, 2)}`);
  return result.diagnostics[0];
}

describe("crossguard policy azure-ml-model-governance (in-process, through the SDK's analyze path)", () => {
  describe("every surface × token form × input names × case decides as the rules core", () => {
    for (const s of PULUMI_SURFACES) {
      for (const form of TOKEN_FORMS) {
        for (const names of s.v2Key ? (["v3", "v2"] as const) : (["v3"] as const)) {
          const type = token(s.module, s.resource, form);
          it(`${type} with ${names} input names`, async () => {
            const surface = surfaceForToken(type);
            assert.ok(surface, `no surface for ${type}`);
            assert.equal(surface.key, s.key);
            const field = names === "v2" ? s.field.replace(/^properties/, s.v2Key!) : s.field;
            let checked = 0;
            for (const [configName, cases] of groupBy(MODEL_CASES, (c) => c.config ?? "base")) {
              await configure(MODEL_CASE_CONFIGS[configName]);
              for (const c of cases) {
                const result = await analyzer.analyze({ type, properties: pulumiInputs(s, c.id, names) });
                // Whether a Foundry source is governed is the core's call (readSurface); checked by hand below.
                // A Foundry deployment whose source is no Azure ML id, and that names no format/name,
                // is a catalog model nothing names: denied under model-reference at `model`.
                const reading = readSurface(surface, s.armProperties(c.id));
                if (reading.applies && reading.reference.kind === "catalog") {
                  assert.ok(s.foundry, `only Foundry deployments hold catalog models: ${caseLabel(c)}`);
                  const d = only(result);
                  assert.match(
                    d.message,
                    new RegExp(
                      `\\(${field.replace(/\.source$/, "").replace(/\./g, "\\.")}\\) \\[model-reference\\]: The catalog model cannot be read: model\\.format is missing`,
                    ),
                    caseLabel(c),
                  );
                  continue;
                }
                const core = coreDecision(caseConfig(c), { kind: "model-id", modelId: c.id });
                assert.deepEqual({ allowed: core.allowed, rule: core.rule }, c.expected, `core: ${caseLabel(c)}`);
                assert.deepEqual(result.notApplicable, [], caseLabel(c));
                if (core.allowed) {
                  assert.deepEqual(result.diagnostics, [], caseLabel(c));
                } else {
                  const d = only(result);
                  assert.equal(d.policyName, MODEL_POLICY_NAME);
                  assert.equal(d.enforcementLevel, "mandatory", caseLabel(c));
                  assert.equal(d.message, `${MODEL_POLICY_DESCRIPTION}\n${surface.title} (${field}) [${core.rule}]: ${core.reason}`, caseLabel(c));
                }
                checked++;
              }
            }
            assert.ok(checked >= (s.foundry ? 40 : MODEL_CASES.length), `only ${checked} cases were governed`);
          });
        }
      }
    }
  });

  describe("batch deployments: referenceType Id, DataPath, OutputPath", () => {
    const type = "azure-native:machinelearningservices:BatchDeployment";
    const batch = (model: Record<string, unknown>, key = "properties") => ({
      resourceGroupName: "rg",
      workspaceName: "ws",
      endpointName: "ep",
      [key]: { compute: "cpu", model },
    });
    const data = [
      {
        model: {
          referenceType: "DataPath",
          datastoreId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores/blob",
          path: "models/fraud",
        },
        kind: "DataPath",
      },
      {
        model: {
          referenceType: "OutputPath",
          jobId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/ws/jobs/train-1",
          path: "outputs/model",
        },
        kind: "OutputPath",
      },
      { model: { referenceType: "outputpath", jobId: "job", path: "p" }, kind: "OutputPath (lower case)" },
    ];
    for (const { model, kind } of data) {
      for (const key of ["properties", "batchDeploymentProperties"]) {
        it(`${kind} (${key}) is a workspace model: allowed, denied under workspaceModels Deny`, async () => {
          await configure(BASE);
          assert.deepEqual((await analyzer.analyze({ type, properties: batch(model, key) })).diagnostics, []);
          await configure(MODEL_CASE_CONFIGS.strict);
          const d = only(await analyzer.analyze({ type, properties: batch(model, key) }));
          const p = parseDenial(d.message);
          assert.equal(p.rule, "workspace-models");
          assert.equal(p.where, `batch deployment (${key}.model)`);
          assert.equal(
            p.reason,
            coreDecision(MODEL_CASE_CONFIGS.strict, {
              kind: "data-path",
              path: `${model.referenceType}:${[(model as { datastoreId?: string }).datastoreId, (model as { jobId?: string }).jobId, model.path].filter((x) => x !== undefined).join(" ")}`,
            }).reason,
          );
        });
      }
    }
    for (const model of [
      { assetId: "azureml://registries/azureml/models/Phi-4" },
      { referenceType: "Registry", assetId: "azureml://registries/azureml/models/Phi-4" },
      {},
    ]) {
      it(`no recognisable referenceType (${JSON.stringify(model)}) is denied (fail closed)`, async () => {
        await configure(BASE);
        assert.equal(parseDenial(only(await analyzer.analyze({ type, properties: batch(model) })).message).rule, "model-reference");
      });
    }
  });

  describe("a deployment surface with no model reference is denied (fail closed)", () => {
    for (const s of PULUMI_SURFACES.filter((x) => !x.foundry)) {
      it(`${s.resource}: no properties at all, and properties without the reference`, async () => {
        await configure(BASE);
        const type = token(s.module, s.resource, "default");
        for (const properties of [
          { resourceGroupName: "rg", workspaceName: "ws" },
          pulumiInputs(s, undefined),
          { properties: null },
          { properties: { modelSettings: "x", model: 42, modelId: { a: 1 } } },
        ]) {
          assert.equal(parseDenial(only(await analyzer.analyze({ type, properties })).message).rule, "model-reference", JSON.stringify(properties));
        }
      });
    }
    it("Foundry deployments: an Azure ML source is governed; another source or none is a catalog model that must be readable", async () => {
      await configure(BASE);
      for (const s of PULUMI_SURFACES.filter((x) => x.foundry)) {
        const type = token(s.module, s.resource, "default");
        assert.equal(
          parseDenial(only(await analyzer.analyze({ type, properties: pulumiInputs(s, "azureml://registries/evil/models/x") })).message).rule,
          "trusted-registries",
          s.resource,
        );
        assert.deepEqual(
          (await analyzer.analyze({ type, properties: pulumiInputs(s, "azureml://registries/azureml/models/Phi-4") })).diagnostics,
          [],
          s.resource,
        );
        for (const id of [undefined, "OpenAI", "https://example.com/model"]) {
          // No Azure ML source and no format/name: nothing names the model, so it is denied (fail closed).
          const r = await analyzer.analyze({ type, properties: pulumiInputs(s, id) });
          assert.equal(parseDenial(only(r).message).rule, "model-reference", `${s.resource} ${String(id)}`);
        }
      }
    });
    it("Foundry deployments: a source that is not a string is governed and denied; a catalog model without a source is decided by publisher", async () => {
      await configure(BASE);
      const type = "azure-native:cognitiveservices:Deployment";
      const r = await analyzer.analyze({
        type,
        properties: { properties: { model: { format: "OpenAI", name: "gpt-4o", source: { id: "azureml://registries/evil/models/x" } } } },
      });
      assert.equal(parseDenial(only(r).message).rule, "model-reference");
      const catalog = await analyzer.analyze({ type, properties: { properties: { model: { format: "OpenAI", name: "gpt-4o", version: "1" } } } });
      assert.equal(parseDenial(only(catalog).message).rule, "trusted-publishers", "BASE trusts no publisher");
    });
  });

  describe("values unknown during preview", () => {
    const cases: Array<{ title: string; type: string; properties: Record<string, unknown>; path: string; what: string }> = [
      {
        title: "serverless endpoint model id (v3)",
        type: "azure-native:machinelearningservices:ServerlessEndpoint",
        properties: { properties: { modelSettings: { modelId: UNKNOWN.string } } },
        path: ".properties.modelSettings.modelId",
        what: "serverless endpoint's model id",
      },
      {
        title: "serverless endpoint model id (v2 name, versioned token)",
        type: "azure-native:machinelearningservices/v20240101preview:ServerlessEndpoint",
        properties: { serverlessEndpointProperties: { modelSettings: { modelId: UNKNOWN.string } } },
        path: ".serverlessEndpointProperties.modelSettings.modelId",
        what: "serverless endpoint's model id",
      },
      {
        title: "the whole properties object",
        type: "azure-native:machinelearningservices:OnlineDeployment",
        properties: { properties: UNKNOWN.object },
        path: ".properties",
        what: "online deployment's model id",
      },
      {
        title: "online deployment model",
        type: "azure-native_machinelearningservices_v20241001:machinelearningservices/v20241001:OnlineDeployment",
        properties: { properties: { model: UNKNOWN.string } },
        path: ".properties.model",
        what: "online deployment's model id",
      },
      {
        title: "batch asset id",
        type: "azure-native:machinelearningservices:BatchDeployment",
        properties: { properties: { model: { referenceType: "Id", assetId: UNKNOWN.string } } },
        path: ".properties.model.assetId",
        what: "batch deployment's model id",
      },
      {
        title: "marketplace subscription model id",
        type: "azure-native:machinelearningservices:MarketplaceSubscription",
        properties: { properties: { modelId: UNKNOWN.string } },
        path: ".properties.modelId",
        what: "marketplace subscription's model id",
      },
      {
        title: "Foundry model source",
        type: "azure-native:cognitiveservices:Deployment",
        properties: { properties: { model: { format: "OpenAI", name: "gpt-4o", source: UNKNOWN.string } } },
        path: ".properties.model.source",
        what: "Cognitive Services (Foundry) deployment's model id",
      },
      {
        title: "ARM template",
        type: "azure-native:resources:Deployment",
        properties: { properties: { mode: "Incremental", template: UNKNOWN.object } },
        path: ".properties.template",
        what: "model ids in this ARM template deployment",
      },
    ];
    for (const c of cases) {
      it(`${c.title}: advisory, and the message says the model id is checked again at \`pulumi up\``, async () => {
        await configure(BASE);
        const d = only(await analyzer.analyze({ type: c.type, properties: c.properties }));
        assert.equal(d.enforcementLevel, "advisory");
        assert.equal(d.policyName, MODEL_POLICY_NAME);
        assert.match(d.message, /^can't run policy 'azure-ml-model-governance' from policy pack 'azure-ml-governance@v0\.1\.0' during preview: /);
        assert.ok(d.message.includes(`value at ${c.path} can't be known during preview.`), d.message);
        assert.ok(
          d.message.endsWith(`The ${c.what} will be checked again at \`pulumi up\`, once the value is known and before the resource is created.`),
          d.message,
        );
      });
    }
    it("unknowns in fields the decision does not read are never touched", async () => {
      await configure(BASE);
      const r = await analyzer.analyze({
        type: "azure-native:machinelearningservices:OnlineDeployment",
        properties: {
          endpointName: UNKNOWN.string,
          workspaceName: UNKNOWN.string,
          properties: { model: "azureml://registries/evil/models/x", instanceType: UNKNOWN.string, environmentId: UNKNOWN.string },
        },
      });
      assert.equal(only(r).enforcementLevel, "mandatory");
      assert.equal(parseDenial(only(r).message).rule, "trusted-registries");
    });
    it("a template whose other resources and parameters are unknown is still decided", async () => {
      await configure(BASE);
      const r = await analyzer.analyze({
        type: "azure-native:resources:Deployment",
        properties: {
          resourceGroupName: UNKNOWN.string,
          properties: {
            mode: "Incremental",
            parameters: { location: { value: UNKNOWN.string }, model: { value: "azureml://registries/evil/models/x" } },
            template: {
              parameters: { location: { type: "string" }, model: { type: "string" } },
              resources: [
                { type: "Microsoft.Storage/storageAccounts", name: "sa", location: "[parameters('location')]", properties: { x: UNKNOWN.string } },
                {
                  type: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions",
                  name: "ws/sub",
                  properties: { modelId: "[parameters('model')]" },
                },
              ],
            },
          },
        },
      });
      assert.equal(parseDenial(only(r).message).rule, "trusted-registries");
    });
  });

  describe("resources that are not deployment surfaces", () => {
    for (const type of OTHER_TOKENS) {
      it(`${type}: not applicable, no diagnostics`, async () => {
        await configure(BASE);
        const r = await analyzer.analyze({
          type,
          properties: { properties: { model: "azureml://registries/evil/models/x", modelSettings: { modelId: "https://evil" } } },
        });
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(r.notApplicable, [{ policyName: MODEL_POLICY_NAME, reason: NOT_AN_ML_DEPLOYMENT }]);
      });
    }
    it("cost: a non-ML resource reads neither the config nor any property", () => {
      const policy = policies[0] as ResourceValidationPolicy & { validateResource: (a: ResourceValidationArgs, r: unknown) => void };
      let touched = 0;
      const props = new Proxy(
        {},
        {
          get: () => {
            touched++;
            return undefined;
          },
        },
      );
      const args = {
        type: "azure-native:storage:StorageAccount",
        props,
        urn: "urn:x",
        name: "x",
        getConfig: () => {
          touched++;
          return {};
        },
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      } as unknown as ResourceValidationArgs;
      const n = 20_000;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        assert.throws(() => policy.validateResource(args, () => undefined), NotApplicable);
      }
      const perCallUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
      assert.equal(touched, 0);
      assert.ok(perCallUs < 50, `a non-ML resource took ${perCallUs.toFixed(2)} µs`);
    });
  });

  describe("config", () => {
    it("the configSchema is the core's pack schema (rule keys, no component-only keys)", () => {
      assert.deepEqual(policies[0].configSchema, policyPackConfigSchema);
      assert.ok(!("scope" in policyPackConfigSchema.properties));
      assert.ok(!("enforcementLevel" in policyPackConfigSchema.properties));
    });
    it("defaults are applied in code: only allowedRegistries given (no schema defaults sent)", async () => {
      await analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: { allowedRegistries: ["azureml"] } } });
      const type = "azure-native:machinelearningservices:OnlineDeployment";
      assert.deepEqual(
        (await analyzer.analyze({ type, properties: { properties: { model: "azureml:fraud:3" } } })).diagnostics,
        [],
        "workspaceModels defaults to Allow",
      );
      assert.equal(
        only(await analyzer.analyze({ type, properties: { properties: { model: "azureml://registries/evil/models/x" } } })).enforcementLevel,
        "mandatory",
        "effect defaults to Deny",
      );
    });
    const invalid: Array<{ title: string; properties: Record<string, unknown>; fields: string[] }> = [
      { title: "empty registry list", properties: { allowedRegistries: [] }, fields: ["allowedRegistries"] },
      {
        title: "unparseable blocked entry and an approved model from an untrusted registry",
        properties: { allowedRegistries: ["azureml"], blockedModels: ["not-a-model"], allowedModels: ["azureml://registries/evil/models/x"] },
        fields: ["blockedModels[0]", "allowedModels[0]"],
      },
      {
        title: "a component-only key",
        properties: { allowedRegistries: ["azureml"], scope: "/subscriptions/00000000-0000-0000-0000-000000000000" },
        fields: ["scope"],
      },
      { title: "a bad effect", properties: { allowedRegistries: ["azureml"], effect: "deny-ish" }, fields: ["effect"] },
    ];
    for (const c of invalid) {
      it(`invalid config (${c.title}): one mandatory violation per governed resource naming every problem; others unaffected`, async () => {
        await analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: c.properties } });
        const d = only(
          await analyzer.analyze({
            type: "azure-native:machinelearningservices:ServerlessEndpoint",
            properties: pulumiInputs(PULUMI_SURFACES[0], "azureml://registries/azureml/models/Phi-4"),
          }),
        );
        assert.equal(d.enforcementLevel, "mandatory");
        assert.match(d.message, /The config of policy 'azure-ml-model-governance' is invalid, so every Azure ML deployment is denied until it is fixed/);
        for (const f of c.fields) assert.ok(d.message.includes(`\n  - ${f}: `), `${f} not named in ${d.message}`);
        const other = await analyzer.analyze({ type: "azure-native:storage:StorageAccount", properties: {} });
        assert.deepEqual(other.diagnostics, []);
      });
    }
    it("an invalid config is mandatory even when the configured level is advisory (fail closed); disabled still skips", async () => {
      const type = "azure-native:machinelearningservices:OnlineDeployment";
      const properties = { properties: { model: "azureml://registries/azureml/models/Phi-4" } };
      await analyzer.configure({
        [MODEL_POLICY_NAME]: { enforcementLevel: "advisory", properties: { allowedRegistries: ["azureml"], effect: "Audit", blockedModels: ["x"] } },
      });
      assert.equal(only(await analyzer.analyze({ type, properties })).enforcementLevel, "mandatory");
      await analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "disabled", properties: { allowedRegistries: [] } } });
      assert.deepEqual((await analyzer.analyze({ type, properties })).diagnostics, []);
    });
    it("an unconfigured pack (getConfig() = {}) fails closed with the missing key", async () => {
      await analyzer.configure({});
      const d = only(
        await analyzer.analyze({
          type: "azure-native:machinelearningservices:MarketplaceSubscription",
          properties: { properties: { modelId: "azureml://registries/azureml/models/Phi-4" } },
        }),
      );
      assert.match(d.message, /- allowedRegistries: is required/);
    });
    it("the compiled rules are cached per config (getConfig() returns a fresh copy each call)", () => {
      const cache = new PackRulesCache();
      const a = cache.get({ allowedRegistries: ["azureml"] });
      assert.equal(cache.get({ allowedRegistries: ["azureml"] }), a);
      const b = cache.get({ allowedRegistries: ["azureml-meta"] });
      assert.notEqual(b, a);
      assert.equal(cache.get({ allowedRegistries: ["azureml-meta"] }), b);
    });
  });

  describe("enforcement: effect → level, the configured level lowers it", () => {
    // The lower of the configured level and the effect's level (see crossguard/enforcement.ts).
    const table: Array<{ effect: string; configured: EnforcementLevel; expected: EnforcementLevel | "none" }> = [
      { effect: "Deny", configured: "mandatory", expected: "mandatory" },
      { effect: "Deny", configured: "advisory", expected: "advisory" },
      { effect: "Deny", configured: "remediate", expected: "mandatory" },
      { effect: "Deny", configured: "disabled", expected: "none" },
      { effect: "Audit", configured: "mandatory", expected: "advisory" },
      { effect: "Audit", configured: "advisory", expected: "advisory" },
      { effect: "Audit", configured: "remediate", expected: "advisory" },
      { effect: "Audit", configured: "disabled", expected: "none" },
      { effect: "Disabled", configured: "mandatory", expected: "none" },
      { effect: "Disabled", configured: "advisory", expected: "none" },
      { effect: "Disabled", configured: "disabled", expected: "none" },
    ];
    for (const row of table) {
      it(`effect ${row.effect}, enforcementLevel ${row.configured} → ${row.expected}`, async () => {
        await configure({ ...BASE, effect: row.effect }, row.configured);
        const r = await analyzer.analyze({
          type: "azure-native:machinelearningservices:ServerlessEndpoint",
          properties: pulumiInputs(PULUMI_SURFACES[0], "azureml://registries/evil/models/x"),
        });
        if (row.expected === "none") {
          assert.deepEqual(r.diagnostics, []);
        } else {
          assert.equal(only(r).enforcementLevel, row.expected);
          assert.equal(parseDenial(only(r).message).rule, "trusted-registries");
        }
        const allowed = await analyzer.analyze({
          type: "azure-native:machinelearningservices:ServerlessEndpoint",
          properties: pulumiInputs(PULUMI_SURFACES[0], "azureml://registries/azureml/models/Phi-4"),
        });
        assert.deepEqual(allowed.diagnostics, []);
      });
    }
    it("effect Disabled marks governed resources not applicable", async () => {
      await configure({ ...BASE, effect: "Disabled" });
      const r = await analyzer.analyze({
        type: "azure-native:machinelearningservices:OnlineDeployment",
        properties: { properties: { model: "https://evil" } },
      });
      assert.deepEqual(r.notApplicable, [{ policyName: MODEL_POLICY_NAME, reason: "effect is Disabled in the config of policy 'azure-ml-model-governance'" }]);
    });
    it("an unknown value stays advisory whatever the effect", async () => {
      await configure({ ...BASE, effect: "Deny" });
      const d = only(
        await analyzer.analyze({ type: "azure-native:machinelearningservices:OnlineDeployment", properties: { properties: { model: UNKNOWN.string } } }),
      );
      assert.equal(d.enforcementLevel, "advisory");
    });
  });

  describe("composing the policies into another pack", () => {
    it("createPolicies({ config }): rules fixed in code, no configSchema, pack config properties ignored", async () => {
      const [policy] = createPolicies({ name: "acme-ml-models", config: { allowedRegistries: ["azureml-meta"], effect: "Audit" } });
      assert.equal(policy.name, "acme-ml-models");
      assert.equal(policy.configSchema, undefined);
      const own = inProcessAnalyzer([policy], "acme-platform", "2.0.0");
      await own.configure({ "acme-ml-models": { enforcementLevel: "mandatory", properties: { allowedRegistries: ["evil"] } } });
      const d = only(
        await own.analyze({
          type: "azure-native:machinelearningservices:OnlineDeployment",
          properties: { properties: { model: "azureml://registries/azureml/models/Phi-4" } },
        }),
      );
      assert.equal(d.policyName, "acme-ml-models");
      assert.equal(d.policyPackName, "acme-platform");
      assert.equal(d.enforcementLevel, "advisory");
      assert.equal(parseDenial(d.message).rule, "trusted-registries");
    });
    it("createPolicies({ config }) with an invalid config throws every problem at once", () => {
      assert.throws(
        () => createPolicies({ config: { allowedRegistries: [], effect: "Nope" } }),
        (e: unknown) => e instanceof GovernanceConfigError && e.issues.length === 2 && /allowedRegistries/.test(e.message) && /effect/.test(e.message),
      );
    });
    it("createPolicies({ name }) reads its config under that name", async () => {
      const [policy] = createPolicies({ name: "ml-models" });
      const own = inProcessAnalyzer([policy], "acme-platform", "2.0.0");
      await own.configure({ "ml-models": { enforcementLevel: "mandatory", properties: withSchemaDefaults({ allowedRegistries: ["azureml"] }) } });
      const d = only(
        await own.analyze({
          type: "azure-native:machinelearningservices:OnlineDeployment",
          properties: { properties: { model: "azureml://registries/evil/models/x" } },
        }),
      );
      assert.equal(d.policyName, "ml-models");
      assert.match(d.message, /\[trusted-registries\]/);
    });
  });

  describe("direct calls with props wrapped in the SDK's unknownCheckingProxy", () => {
    const policy = policies[0] as ResourceValidationPolicy & { validateResource: (a: ResourceValidationArgs, r: (v: unknown) => void) => void };
    function run(type: string, props: Record<string, unknown>, config: Record<string, unknown>): { reports: unknown[]; notApplicable?: string } {
      const reports: unknown[] = [];
      const args = {
        type,
        props: sdkProxy.unknownCheckingProxy(JSON.parse(JSON.stringify(props)) as Record<string, unknown>),
        urn: `urn:pulumi:dev::p::${type}::r`,
        name: "r",
        opts: {
          protect: false,
          ignoreChanges: [],
          aliases: [],
          customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => ({ ...config }),
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      } as unknown as ResourceValidationArgs;
      try {
        policy.validateResource(args, (v) => reports.push(v));
      } catch (e) {
        if (e instanceof NotApplicable) return { reports, notApplicable: e.reason };
        throw e;
      }
      return { reports };
    }
    it("reports the object form (message, and a level only when the effect lowers it)", () => {
      const type = "azure-native:machinelearningservices:ServerlessEndpoint";
      const deny = run(type, pulumiInputs(PULUMI_SURFACES[0], "azureml://registries/evil/models/x"), withSchemaDefaults(BASE));
      assert.equal(deny.reports.length, 1);
      assert.deepEqual(Object.keys(deny.reports[0] as object), ["message"]);
      const audit = run(type, pulumiInputs(PULUMI_SURFACES[0], "azureml://registries/evil/models/x"), withSchemaDefaults({ ...BASE, effect: "Audit" }));
      assert.equal((audit.reports[0] as { enforcementLevel: string }).enforcementLevel, "advisory");
    });
    it("lets the SDK's UnknownValueError through (same error, message extended)", () => {
      const props = { properties: { modelSettings: { modelId: UNKNOWN.string } } };
      let caught: unknown;
      try {
        run("azure-native:machinelearningservices:ServerlessEndpoint", props, withSchemaDefaults(BASE));
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof sdkProxy.UnknownValueError, `expected the SDK's UnknownValueError, got ${String(caught)}`);
      assert.match(
        caught.message,
        /^string value at \.properties\.modelSettings\.modelId can't be known during preview\. The serverless endpoint's model id will be checked again at `pulumi up`/,
      );
    });
    it("every case through a direct call agrees with the in-process server path", () => {
      const type = "azure-native:machinelearningservices:OnlineDeployment";
      for (const c of MODEL_CASES) {
        const config = withSchemaDefaults(caseConfig(c));
        const direct = run(type, { properties: c.id === undefined ? {} : { model: c.id } }, config);
        const core = coreDecision(config, { kind: "model-id", modelId: c.id });
        assert.equal(direct.reports.length, core.allowed ? 0 : 1, caseLabel(c));
        if (!core.allowed)
          assert.deepEqual(packVerdict(direct.reports as { message: string }[]), { allowed: false, rule: core.rule, reason: core.reason }, caseLabel(c));
      }
    });
  });
});

class NotApplicable extends Error {
  constructor(public readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

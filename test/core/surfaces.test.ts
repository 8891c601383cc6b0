import assert from "node:assert/strict";
import { azureNativeForm } from "../../core/pulumi-tokens";

import { Rule } from "../../core/enums";
import { decideModelId, decide, compileRules } from "../../core/decision";
import {
  SURFACES,
  Surface,
  SurfaceKey,
  aliasTable,
  armPropertiesFromInputs,
  armResourceFromPulumi,
  isGovernedSource,
  readSurface,
  surfaceForArmType,
  surfaceForToken,
} from "../../core/surfaces";
import { lazy, rulesOf } from "./helpers";

const ML = "Microsoft.MachineLearningServices/workspaces";
const EVIL = "azureml://registries/azureml-evil/models/Phi-4/versions/1";
const GOOD = "azureml://registries/azureml/models/Phi-4/versions/1";

/** The expected table, written out by hand (module, resource, ARM type, v2 properties key). */
const EXPECTED: Record<SurfaceKey, { token?: [string, string]; armType: string; v2Key?: string }> = {
  serverlessEndpoint: { token: ["machinelearningservices", "ServerlessEndpoint"], armType: `${ML}/serverlessEndpoints`, v2Key: "serverlessEndpointProperties" },
  onlineDeployment: {
    token: ["machinelearningservices", "OnlineDeployment"],
    armType: `${ML}/onlineEndpoints/deployments`,
    v2Key: "onlineDeploymentProperties",
  },
  batchDeployment: { token: ["machinelearningservices", "BatchDeployment"], armType: `${ML}/batchEndpoints/deployments`, v2Key: "batchDeploymentProperties" },
  marketplaceSubscription: {
    token: ["machinelearningservices", "MarketplaceSubscription"],
    armType: `${ML}/marketplaceSubscriptions`,
    v2Key: "marketplaceSubscriptionProperties",
  },
  workspaceEndpoint: { armType: `${ML}/endpoints` },
  endpointDeployment: { token: ["machinelearningservices", "EndpointDeployment"], armType: `${ML}/endpoints/deployments` },
  connectionDeployment: { token: ["machinelearningservices", "ConnectionDeployment"], armType: `${ML}/connections/deployments` },
  cognitiveServicesDeployment: { token: ["cognitiveservices", "Deployment"], armType: "Microsoft.CognitiveServices/accounts/deployments" },
  inferenceGroup: { token: ["machinelearningservices", "InferenceGroup"], armType: `${ML}/inferencePools/groups`, v2Key: "inferenceGroupProperties" },
};

function surface(key: SurfaceKey): Surface {
  const s = SURFACES.find((x) => x.key === key);
  assert.ok(s, key);
  return s;
}

describe("core/surfaces", () => {
  it("the surface table has exactly the expected surfaces, in a stable order, with unique keys", () => {
    assert.deepEqual(
      SURFACES.map((s) => s.key),
      Object.keys(EXPECTED),
    );
    for (const s of SURFACES) assert.equal(s.armType, EXPECTED[s.key].armType, s.key);
  });

  describe("surfaceForToken", () => {
    for (const [key, exp] of Object.entries(EXPECTED) as Array<[SurfaceKey, (typeof EXPECTED)[SurfaceKey]]>) {
      if (!exp.token) {
        it(`${key} has no Pulumi token and is never returned for one`, () => {
          for (const token of [
            "azure-native:machinelearningservices:Endpoint",
            "azure-native:machinelearningservices:WorkspaceEndpoint",
            "azure-native:machinelearningservices:ServerlessEndpoint",
          ]) {
            assert.notEqual(surfaceForToken(token)?.key, key);
          }
        });
        continue;
      }
      const [m, r] = exp.token;
      const forms = [
        `azure-native:${m}:${r}`,
        `azure-native:${m}/v20241001:${r}`,
        `azure-native:${m}/v20240101preview:${r}`,
        `azure-native_${m}_v20241001:${m}/v20241001:${r}`,
        `azure-native_${m}_v20250401preview:${m}/v20250401preview:${r}`,
      ];
      for (const token of forms) {
        it(`${token} -> ${key}`, () => {
          assert.equal(surfaceForToken(token)?.key, key);
        });
      }
    }

    const nonMatches = [
      "",
      "azure-native",
      "azure-native:resources:Deployment",
      "azure-native:resources/v20240301:Deployment",
      "azure-native:machinelearningservices:Deployment",
      "azure-native:cognitiveservices:Account",
      "azure-native:cognitiveservices:ServerlessEndpoint",
      "azure-native:machinelearningservices:Workspace",
      "azure-native:machinelearningservices:OnlineEndpoint",
      "azure-native:machinelearningservices:BatchEndpoint",
      "azure-native:machinelearningservices:RegistryModelVersion",
      "azure-native:machinelearningservices:ModelVersion",
      "azure:machinelearning:ServerlessEndpoint",
      "azure:machinelearning/inferenceCluster:InferenceCluster",
      "pulumi:providers:azure-native",
      "azure-native:machinelearningservices:ServerlessEndpointX",
      "azure-native:machinelearningservices:XServerlessEndpoint",
      "azure-native:machinelearningservices:ServerlessEndpoints",
      "azure-native:machinelearningservices:ServerlessEndpoint:extra",
      "azure-native:cognitiveservices:DeploymentX",
      "azure-native:cognitiveservices:AgentDeployment",
      "azure-nativex:machinelearningservices:ServerlessEndpoint",
      "azure-native-x:machinelearningservices:ServerlessEndpoint",
      "azure-native:machinelearningservicesx:ServerlessEndpoint",
      "azure-native:xmachinelearningservices:ServerlessEndpoint",
      "azure-native:machinelearningservices//v20241001:ServerlessEndpoint",
      "azure-native:machinelearningservices/20241001:ServerlessEndpoint",
      "azure-native:machinelearningservices/v2024-10-01:ServerlessEndpoint",
      "azure-native_cognitiveservices_v20241001:machinelearningservices/v20241001:ServerlessEndpoint",
      "azure-native_machinelearningservices:machinelearningservices:ServerlessEndpoint",
      " azure-native:machinelearningservices:ServerlessEndpoint",
      "azure-native:machinelearningservices:ServerlessEndpoint\n",
      "xazure-native:machinelearningservices:ServerlessEndpoint",
    ];
    for (const token of nonMatches) {
      it(`does not match ${JSON.stringify(token)}`, () => {
        assert.equal(surfaceForToken(token), undefined);
      });
    }
  });

  describe("surfaceForArmType", () => {
    for (const [key, exp] of Object.entries(EXPECTED)) {
      it(`${exp.armType} -> ${key}, in any case`, () => {
        assert.equal(surfaceForArmType(exp.armType)?.key, key);
        assert.equal(surfaceForArmType(exp.armType.toUpperCase())?.key, key);
        assert.equal(surfaceForArmType(exp.armType.toLowerCase())?.key, key);
      });
    }
    it("does not match neighbouring types", () => {
      for (const t of [
        `${ML}/onlineEndpoints`,
        `${ML}/batchEndpoints`,
        `${ML}/serverlessEndpoints/x`,
        "Microsoft.CognitiveServices/accounts",
        `${ML}/endpoint`,
        `${ML}/serverlessEndpoints `,
        "",
      ]) {
        assert.equal(surfaceForArmType(t), undefined, t);
      }
    });
  });

  describe("readSurface", () => {
    const rules = lazy(() => rulesOf({ allowedRegistries: ["azureml"], workspaceModels: "Deny" }));
    /** Reads the surface and decides its reference (undefined when the surface does not apply). */
    const verdict = (key: SurfaceKey, properties: unknown) => {
      const reading = readSurface(surface(key), properties);
      return reading.applies ? decide(compileRules(rules()), reading.reference) : undefined;
    };

    describe("model-id surfaces", () => {
      const cases: Array<[SurfaceKey, (id: unknown) => unknown]> = [
        ["serverlessEndpoint", (id) => ({ modelSettings: { modelId: id } })],
        ["onlineDeployment", (id) => ({ model: id, endpointComputeType: "Managed" })],
        ["marketplaceSubscription", (id) => ({ modelId: id })],
        ["workspaceEndpoint", (id) => ({ endpointType: "serverlessEndpoint", modelSettings: { modelId: id } })],
      ];
      for (const [key, props] of cases) {
        it(`${key}: reads the model id`, () => {
          assert.deepEqual(readSurface(surface(key), props(GOOD)), { applies: true, reference: { kind: "model-id", modelId: GOOD } });
          assert.equal(verdict(key, props(GOOD))?.allowed, true);
          assert.equal(verdict(key, props(EVIL))?.rule, Rule.TrustedRegistries);
        });
        it(`${key}: a missing model id is read as no reference and denied`, () => {
          assert.deepEqual(readSurface(surface(key), props(undefined)), { applies: true, reference: { kind: "model-id", modelId: undefined } });
          assert.equal(verdict(key, props(undefined))?.rule, Rule.ModelReference);
        });
      }

      it("serverlessEndpoint: missing or odd properties are read as no reference", () => {
        for (const p of [undefined, null, {}, "x", 5, { modelSettings: null }, { modelSettings: "azureml://registries/azureml/models/Phi-4" }]) {
          assert.deepEqual(
            readSurface(surface("serverlessEndpoint"), p),
            { applies: true, reference: { kind: "model-id", modelId: undefined } },
            JSON.stringify(p),
          );
        }
      });

      it("serverlessEndpoint: the legacy offer form without modelSettings.modelId is denied, not skipped", () => {
        const d = verdict("serverlessEndpoint", { offer: { publisher: "Meta", offerName: "Llama" } });
        assert.equal(d?.rule, Rule.ModelReference);
      });

      it("onlineDeployment: the legacy object form is denied (not a string)", () => {
        const d = verdict("onlineDeployment", { model: { referenceType: "Id", assetId: GOOD } });
        assert.equal(d?.allowed, false);
        assert.equal(d?.rule, Rule.ModelReference);
      });

      it("workspaceEndpoint: the endpointType gate is case-insensitive", () => {
        assert.equal(readSurface(surface("workspaceEndpoint"), { endpointType: "ServerlessEndpoint", modelSettings: { modelId: GOOD } }).applies, true);
        assert.equal(readSurface(surface("workspaceEndpoint"), { endpointType: "SERVERLESSENDPOINT", modelSettings: { modelId: GOOD } }).applies, true);
      });

      it("workspaceEndpoint: other endpoint types do not apply, with a reason", () => {
        for (const endpointType of ["managedOnlineEndpoint", "Azure.OpenAI", "serverlessEndpoints", undefined, 5, null]) {
          const r = readSurface(surface("workspaceEndpoint"), { endpointType, modelSettings: { modelId: EVIL } });
          assert.deepEqual(
            r,
            { applies: false, reason: "Foundry serverless endpoint: properties.endpointType is not serverlessEndpoint" },
            String(endpointType),
          );
        }
        assert.equal(readSurface(surface("workspaceEndpoint"), undefined).applies, false);
      });
    });

    describe("batch deployments", () => {
      const batch = surface("batchDeployment");
      it("referenceType Id reads assetId (any case)", () => {
        for (const referenceType of ["Id", "id", "ID"]) {
          assert.deepEqual(readSurface(batch, { model: { referenceType, assetId: GOOD } }), { applies: true, reference: { kind: "model-id", modelId: GOOD } });
        }
        assert.equal(verdict("batchDeployment", { model: { referenceType: "Id", assetId: EVIL } })?.rule, Rule.TrustedRegistries);
        assert.equal(
          verdict("batchDeployment", { model: { referenceType: "Id", assetId: "azureml://registries/azureml/models/Phi-4/versions/1/" } })?.rule,
          Rule.ModelReference,
        );
      });
      it("referenceType Id without assetId is denied", () => {
        assert.equal(verdict("batchDeployment", { model: { referenceType: "Id" } })?.rule, Rule.ModelReference);
      });
      it("DataPath is a workspace data path naming the datastore and path", () => {
        const r = readSurface(batch, { model: { referenceType: "DataPath", datastoreId: "/datastores/blob", path: "models/m.pkl" } });
        assert.deepEqual(r, { applies: true, reference: { kind: "data-path", path: "DataPath:/datastores/blob models/m.pkl" } });
      });
      it("OutputPath is a workspace data path naming the job and path", () => {
        const r = readSurface(batch, { model: { referenceType: "OutputPath", jobId: "job-1", path: "outputs/model" } });
        assert.deepEqual(r, { applies: true, reference: { kind: "data-path", path: "OutputPath:job-1 outputs/model" } });
      });
      it("data paths are governed by workspaceModels, even when an assetId is also present", () => {
        assert.equal(
          verdict("batchDeployment", { model: { referenceType: "DataPath", datastoreId: "d", path: "p", assetId: GOOD } })?.rule,
          Rule.WorkspaceModels,
        );
        const allowAll = rulesOf({ allowedRegistries: ["azureml"] });
        const r = readSurface(batch, { model: { referenceType: "outputpath", jobId: "j" } });
        assert.ok(r.applies);
        assert.equal(decide(compileRules(allowAll), r.reference).allowed, true);
      });
      it("a missing or unknown referenceType is read as no reference and denied", () => {
        for (const model of [
          undefined,
          null,
          {},
          { assetId: GOOD },
          { referenceType: "Registry", assetId: GOOD },
          { referenceType: 1, assetId: GOOD },
          { referenceType: "Id ", assetId: GOOD },
          GOOD,
        ]) {
          assert.deepEqual(readSurface(batch, { model }), { applies: true, reference: { kind: "model-id", modelId: undefined } }, JSON.stringify(model));
          assert.equal(verdict("batchDeployment", { model })?.rule, Rule.ModelReference);
        }
      });
    });

    describe("Foundry deployments (model.source)", () => {
      const keys: SurfaceKey[] = ["endpointDeployment", "connectionDeployment", "cognitiveServicesDeployment"];
      for (const key of keys) {
        const s = surface(key);
        it(`${key}: an Azure ML source is governed`, () => {
          for (const source of [
            EVIL,
            "AZUREML://registries/azureml-evil/models/x",
            "azureml:fraud:1",
            `/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/registries/azureml-evil/models/x/versions/1`,
          ]) {
            assert.deepEqual(readSurface(s, { model: { source } }), { applies: true, reference: { kind: "model-id", modelId: source } }, source);
            // Both a catalog model and a source: both are decided (the stricter verdict wins).
            const both = readSurface(s, { model: { format: "OpenAI", name: "x", source } });
            assert.ok(both.applies && both.reference.kind === "catalog", source);
            assert.equal(both.reference.source, source);
          }
          assert.equal(verdict(key, { model: { source: EVIL } })?.rule, Rule.TrustedRegistries);
          assert.equal(verdict(key, { model: { source: GOOD } })?.allowed, true);
        });
        it(`${key}: a non-string source is governed and denied`, () => {
          for (const source of [5, {}, ["azureml:x:1"], true])
            assert.equal(verdict(key, { model: { source } })?.rule, Rule.ModelReference, JSON.stringify(source));
        });
        it(`${key}: a model described by format/name (or by nothing readable) is a catalog model, decided and denied when unreadable`, () => {
          for (const model of [
            { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" },
            { format: "OpenAI", name: "gpt-4o", source: null },
            { source: "https://example.com/models/x" },
            { source: "" },
            undefined,
          ]) {
            const reading = readSurface(s, { model });
            assert.ok(reading.applies && reading.reference.kind === "catalog", JSON.stringify(model));
            assert.equal(reading.reference.source, undefined, "a source that is not an Azure ML id is not decided as one");
          }
          assert.equal(verdict(key, { model: { format: "OpenAI", name: "gpt-4o" } })?.rule, Rule.TrustedPublishers);
          assert.equal(verdict(key, { model: { source: "" } })?.rule, Rule.ModelReference);
          assert.equal(verdict(key, {})?.rule, Rule.ModelReference);
        });
      }

      it("isGovernedSource: azureml: prefix or the ML provider segment, any case", () => {
        for (const v of [
          "azureml:x:1",
          "AzureML://registries/a/models/b",
          "/subscriptions/s/resourceGroups/g/providers/microsoft.machinelearningservices/workspaces/w",
          0,
          {},
        ])
          assert.equal(isGovernedSource(v), true, JSON.stringify(v));
        for (const v of [undefined, null, "", "gpt-4o", "https://x", "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a"])
          assert.equal(isGovernedSource(v), false, String(v));
      });

      it("a padded or encoded Azure ML source is governed (denied), not skipped (core/surfaces.ts isGovernedSource)", () => {
        const s = surface("cognitiveServicesDeployment");
        for (const source of [` ${EVIL}`, `\t${EVIL}`, `\u00a0${EVIL}`, `\ufeff${EVIL}`]) {
          assert.equal(readSurface(s, { model: { source } }).applies, true, JSON.stringify(source));
        }
      });
    });
  });

  describe("armPropertiesFromInputs", () => {
    for (const [key, exp] of Object.entries(EXPECTED) as Array<[SurfaceKey, (typeof EXPECTED)[SurfaceKey]]>) {
      it(`${key}: v3 'properties' first${exp.v2Key ? `, else v2 '${exp.v2Key}'` : ", no v2 name"}`, () => {
        const s = surface(key);
        const v3 = { v: 3 };
        const v2 = { v: 2 };
        if (key === "inferenceGroup") {
          // azure-native keeps `inferenceGroupProperties` in v3 too; a `properties` input is not read.
          assert.equal(armPropertiesFromInputs(s, { properties: v3 }), undefined);
          assert.equal(armPropertiesFromInputs(s, { inferenceGroupProperties: v2 }), v2);
          return;
        }
        assert.equal(armPropertiesFromInputs(s, { properties: v3 }), v3);
        if (exp.v2Key) {
          assert.equal(armPropertiesFromInputs(s, { [exp.v2Key]: v2 }), v2);
          assert.equal(armPropertiesFromInputs(s, { properties: v3, [exp.v2Key]: v2 }), v3);
          assert.equal(azureNativeForm(key)?.propertiesKey, exp.v2Key);
        } else {
          assert.equal(azureNativeForm(key)?.propertiesKey, undefined);
          assert.equal(armPropertiesFromInputs(s, { [`${key}Properties`]: v2 }), undefined);
        }
        assert.equal(armPropertiesFromInputs(s, {}), undefined);
      });
    }

    it("armResourceFromPulumi converts a v2 serverless endpoint and decides it like the ARM form", () => {
      const res = armResourceFromPulumi("azure-native:machinelearningservices/v20240101preview:ServerlessEndpoint", {
        serverlessEndpointProperties: { modelSettings: { modelId: EVIL } },
      });
      assert.deepEqual(res, { type: `${ML}/serverlessEndpoints`, properties: { modelSettings: { modelId: EVIL } } });
      const reading = readSurface(surface("serverlessEndpoint"), res?.properties);
      assert.ok(reading.applies);
      assert.equal(
        decideModelId(rulesOf({ allowedRegistries: ["azureml"] }), reading.reference.kind === "model-id" ? reading.reference.modelId : undefined).rule,
        Rule.TrustedRegistries,
      );
      assert.equal(armResourceFromPulumi("azure-native:resources:ResourceGroup", {}), undefined);
    });
  });

  it("keeps each catalog surface's deployment-control paths: sku top-level on accounts/deployments, under properties on ML-side deployments", () => {
    assert.equal(surface("cognitiveServicesDeployment").catalog?.sku.armPath, "sku");
    assert.equal(surface("cognitiveServicesDeployment").catalog?.skuName.alias, "Microsoft.CognitiveServices/accounts/deployments/sku.name");
    for (const k of ["endpointDeployment", "connectionDeployment"] as const) {
      assert.equal(surface(k).catalog?.sku.armPath, "properties.sku");
      assert.equal(surface(k).catalog?.skuCapacity.armPath, "properties.sku.capacity");
      assert.equal(surface(k).catalog?.raiPolicyName.armPath, "properties.raiPolicyName");
      assert.equal(surface(k).catalog?.publisher, undefined, "no model.publisher alias on the ML-side deployments");
    }
  });

  describe("aliasTable", () => {
    const table = aliasTable();
    it("maps every surface alias (lower case) to its ARM path", () => {
      const expected: Array<[string, string]> = [
        [`${ML}/serverlessEndpoints/modelSettings.modelId`, "properties.modelSettings.modelId"],
        [`${ML}/onlineEndpoints/deployments/model`, "properties.model"],
        [`${ML}/batchEndpoints/deployments/model.Id.assetId`, "properties.model.assetId"],
        [`${ML}/batchEndpoints/deployments/model.referenceType`, "properties.model.referenceType"],
        [`${ML}/marketplaceSubscriptions/modelId`, "properties.modelId"],
        [`${ML}/endpoints/serverlessEndpoint.modelSettings.modelId`, "properties.modelSettings.modelId"],
        [`${ML}/endpoints/endpointType`, "properties.endpointType"],
        [`${ML}/endpoints/deployments/model.source`, "properties.model.source"],
        [`${ML}/connections/deployments/model.source`, "properties.model.source"],
        ["Microsoft.CognitiveServices/accounts/deployments/model.source", "properties.model.source"],
      ];
      // Catalog fields the model rules read (shared/reference/foundry-deployments.md §1.1 and §2.1).
      const catalog = (type: string): Array<[string, string]> => [
        [`${type}/model.format`, "properties.model.format"],
        [`${type}/model.name`, "properties.model.name"],
        [`${type}/model.version`, "properties.model.version"],
        [`${type}/versionUpgradeOption`, "properties.versionUpgradeOption"],
      ];
      for (const t of [`${ML}/endpoints/deployments`, `${ML}/connections/deployments`]) {
        expected.push(...catalog(t), [`${t}/type`, "properties.type"], [`${t}/managedOnlineEndpoint.model`, "properties.model"]);
      }
      expected.push(...catalog("Microsoft.CognitiveServices/accounts/deployments"), [
        "Microsoft.CognitiveServices/accounts/deployments/model.publisher",
        "properties.model.publisher",
      ]);
      assert.deepEqual([...table.entries()].sort(), expected.map(([a, p]) => [a.toLowerCase(), p] as [string, string]).sort());
    });
    it("covers every field every surface declares (but the alias-less inference group)", () => {
      for (const s of SURFACES) {
        if (s.noPolicyAlias) {
          assert.equal(table.get(s.modelField.alias.toLowerCase()), undefined, "Azure publishes no inferencePools alias");
          continue;
        }
        for (const f of [s.modelField, s.referenceTypeField, s.gate]) {
          if (!f) continue;
          assert.equal(table.get(f.alias.toLowerCase()), f.armPath, f.alias);
          assert.ok(f.armPath.startsWith("properties."), f.armPath);
        }
      }
    });
  });

  it("readSurface reads exactly the ARM path the alias table names for each model field", () => {
    const set = (path: string, value: unknown): Record<string, unknown> => {
      const keys = path.split(".").slice(1);
      const root: Record<string, unknown> = {};
      let node = root;
      keys.forEach((k, i) => {
        node[k] = i === keys.length - 1 ? value : {};
        node = node[k] as Record<string, unknown>;
      });
      return root;
    };
    for (const s of SURFACES) {
      const props = set(s.modelField.armPath, GOOD);
      if (s.referenceTypeField) Object.assign(props.model as object, { referenceType: "Id" });
      if (s.gate) props.endpointType = s.gate.value;
      const r = readSurface(s, props);
      assert.deepEqual(r, { applies: true, reference: { kind: "model-id", modelId: GOOD } }, s.key);
    }
  });
});

/**
 * Foundry catalog models end to end: a stack export with model deployments on AI Services accounts
 * (azure-native in its three token forms, the classic provider, the generic resource), Foundry
 * endpoint deployments (the managedOnlineEndpoint string variant too) and an inference group.
 * `check --stack-export` gives each one a verdict, and the pack served over gRPC exactly as the
 * Pulumi CLI serves it decides every one of them the same way, with the same rule and message.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MODEL_POLICY_DESCRIPTION, MODEL_POLICY_NAME } from "../../crossguard";
import { main, Io } from "../../cli/main";
import { ServedPack, WireValue } from "../support/policy-pack-server";
import { resource, stackExport } from "../cli/stack-export-fixture";
import { serveRepositoryPack } from "./pack-dir";

const RULES = {
  allowedRegistries: ["azureml"],
  allowedPublishers: ["OpenAI", "Mistral AI", "DeepSeek"],
  blockedModels: ["DeepSeek/DeepSeek-R1", "azureml://registries/azureml-deepseek/models/DeepSeek-R1"],
  allowedModels: ["OpenAI/gpt-4o/versions/2024-11-20", "OpenAI/gpt-4o-mini", "Mistral AI/Mistral-Large-2411", "azureml://registries/azureml/models/Phi-4"],
};

const ACCOUNT = { accountName: "ai-services", resourceGroupName: "rg-ai" };
const held = { versionUpgradeOption: "NoAutoUpgrade" };

/** name → [type, inputs, expected rule]. */
const RESOURCES: Array<[string, string, { [key: string]: WireValue }, string]> = [
  [
    "gpt4o-held",
    "azure-native:cognitiveservices:Deployment",
    { ...ACCOUNT, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, ...held }, sku: { name: "GlobalStandard", capacity: 10 } },
    "allowed",
  ],
  [
    "gpt4o-floating",
    "azure-native:cognitiveservices/v20230501:Deployment",
    { ...ACCOUNT, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } }, sku: { name: "Standard", capacity: 1 } },
    "approved-models",
  ],
  [
    "deepseek",
    "azure-native_cognitiveservices_v20250601:cognitiveservices/v20250601:Deployment",
    { ...ACCOUNT, properties: { model: { format: "DeepSeek", name: "DeepSeek-R1", version: "1" } }, sku: { name: "GlobalStandard", capacity: 1 } },
    "blocked-models",
  ],
  ["grok", "azure-native:cognitiveservices:Deployment", { ...ACCOUNT, properties: { model: { format: "xAI", name: "grok-3" } } }, "trusted-publishers"],
  [
    "mistral-classic",
    "azure:cognitive/deployment:Deployment",
    {
      cognitiveAccountId: "/subscriptions/s/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai",
      model: { format: "Mistral AI", name: "Mistral-Large-2411" },
      sku: { name: "GlobalStandard" },
    },
    "allowed",
  ],
  [
    "o1-classic",
    "azure:cognitive/deployment:Deployment",
    {
      cognitiveAccountId: "/subscriptions/s/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai",
      model: { format: "OpenAI", name: "o1", version: "2024-12-17" },
      sku: { name: "GlobalStandard" },
      ...held,
    },
    "approved-models",
  ],
  [
    "generic",
    "azure-native:resources:Resource",
    {
      resourceGroupName: "rg-ai",
      resourceProviderNamespace: "Microsoft.CognitiveServices",
      parentResourcePath: "accounts/ai-services",
      resourceType: "deployments",
      resourceName: "gpt",
      apiVersion: "2025-06-01",
      properties: { model: { format: "OpenAI", name: "gpt-4o-mini" } },
    },
    "allowed",
  ],
  [
    "foundry-endpoint",
    "azure-native:machinelearningservices:EndpointDeployment",
    {
      resourceGroupName: "rg",
      workspaceName: "hub",
      endpointName: "aoai",
      properties: { type: "Azure.OpenAI", model: { format: "OpenAI", name: "gpt-35-turbo", version: "0125" } },
    },
    "approved-models",
  ],
  [
    "managed-online",
    "azure-native:machinelearningservices:ConnectionDeployment",
    {
      resourceGroupName: "rg",
      workspaceName: "hub",
      connectionName: "c",
      properties: { type: "managedOnlineEndpoint", model: "azureml://registries/azureml-deepseek/models/DeepSeek-R1/versions/1" },
    },
    "blocked-models",
  ],
  [
    "inference-group",
    "azure-native:machinelearningservices:InferenceGroup",
    {
      resourceGroupName: "rg",
      workspaceName: "ws",
      poolName: "pool",
      inferenceGroupProperties: { modelConfiguration: { modelId: "azureml://registries/azureml/models/Phi-4/versions/1" } },
    },
    "allowed",
  ],
  ["no-model", "azure-native:cognitiveservices:Deployment", { ...ACCOUNT, properties: { raiPolicyName: "Microsoft.DefaultV2" } }, "model-reference"],
];

interface Result {
  resource: string;
  rule: string;
  reason: string;
  where?: string;
  allowed: boolean;
  modelId: string | null;
  catalog?: { publisher: string; name: string; version: string | null; versionHeld: boolean };
}

describe("Foundry catalog models: check --stack-export and the pack served over gRPC agree", function () {
  this.timeout(60_000);
  let pack: ServedPack;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amg-catalog-"));
  const exportFile = path.join(dir, "stack.json");
  const rulesFile = path.join(dir, "rules.json");
  let results: Result[] = [];
  let code = -1;

  before(async function () {
    pack = await serveRepositoryPack(RULES);
    fs.writeFileSync(exportFile, JSON.stringify(stackExport(RESOURCES.map(([name, type, inputs]) => resource(type, name, inputs)))));
    fs.writeFileSync(rulesFile, JSON.stringify(RULES));
    let out = "";
    const io: Io = { color: false, out: (t) => void (out += t), err: () => undefined };
    code = await main(["check", "--config", rulesFile, "--stack-export", exportFile, "--format", "json"], io);
    results = (JSON.parse(out) as { results: Result[] }).results;
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pack) await pack.stop();
  });

  it("check gives every model deployment a verdict, with its rule (exit 1: some are denied)", () => {
    assert.equal(code, 1);
    assert.deepEqual(
      results.map((r) => [r.resource.split("::").pop(), r.rule]),
      RESOURCES.map(([name, , , rule]) => [name, rule]),
    );
  });

  it("check shows the publisher, name and version of catalog models", () => {
    const byName = new Map(results.map((r) => [r.resource.split("::").pop(), r]));
    assert.deepEqual(byName.get("gpt4o-held")?.catalog, { publisher: "OpenAI", name: "gpt-4o", version: "2024-11-20", versionHeld: true });
    assert.equal(byName.get("gpt4o-held")?.modelId, "OpenAI/gpt-4o/versions/2024-11-20");
    assert.deepEqual(byName.get("mistral-classic")?.catalog, { publisher: "Mistral AI", name: "Mistral-Large-2411", version: null, versionHeld: false });
    assert.equal(byName.get("mistral-classic")?.where, "Cognitive Services (Foundry) deployment (model)");
    assert.match(byName.get("gpt4o-floating")?.reason ?? "", /versionUpgradeOption NoAutoUpgrade/);
    assert.match(byName.get("grok")?.reason ?? "", /published by 'xAI', which is not in allowedPublishers/);
  });

  it("the served pack decides every resource as check does: same verdict, rule, location and reason", async () => {
    for (const [name, type, inputs] of RESOURCES) {
      const r = results.find((x) => x.resource.endsWith(`::${name}`));
      assert.ok(r, name);
      const ds = (await pack.analyze({ type, name, properties: inputs })).filter((d) => d.policyName === MODEL_POLICY_NAME);
      if (r.allowed) {
        assert.deepEqual(ds, [], name);
        continue;
      }
      assert.equal(ds.length, 1, `${name}: ${JSON.stringify(ds)}`);
      assert.equal(ds[0].enforcementLevel, "mandatory", name);
      assert.equal(ds[0].message, `${MODEL_POLICY_DESCRIPTION}\n${r.where} [${r.rule}]: ${r.reason}`, name);
    }
  });
});

/**
 * The pack served exactly as the Pulumi CLI serves it (test/support/policy-pack-server.ts: cwd =
 * policypack/, `@pulumi/pulumi/cmd/run-policy-pack` resolved from there, args `<engine> .`),
 * driven over the real Analyzer gRPC protocol: GetAnalyzerInfo, Configure from a config file's
 * content (after the CLI's schema defaults and validation), Analyze, stop.
 *
 * Needs the set-up in policypack/README.md (`npm ci --prefix policypack --ignore-scripts`,
 * `npm run build`, which bundles bin/index.js); the `before` hook says exactly what is missing.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { policyPackConfigSchema, EnforcementMode } from "../../core";
import { packConfigFile } from "../support/rule-config";
import { SurfaceKey } from "../../core/surfaces";
import { MODEL_POLICY_DESCRIPTION, MODEL_POLICY_NAME, PACK_DESCRIPTION, PACK_NAME, packPolicies } from "../../crossguard";
import { NOT_AN_ML_DEPLOYMENT } from "../../crossguard/model-policy";
import { GUARDRAIL_PREFLIGHT_KEYS } from "../../crossguard/guardrails/policies";
import { Diagnostic, ServedPack, startPolicyPack, unknown } from "../support/policy-pack-server";
import { caseConfig, caseLabel, MODEL_CASE_CONFIGS, MODEL_CASES } from "../cases/model-cases";
import { armResource, deploymentInputs, PULUMI_SURFACES, pulumiInputs, template, token } from "../crossguard/fixtures";
import { coreDecision, groupBy, packVerdict, parseDenial } from "../crossguard/helpers";
import { PACK_DIR, serveRepositoryPack } from "./pack-dir";

const SERVERLESS = "azure-native:machinelearningservices:ServerlessEndpoint";
const GOOD = "azureml://registries/azureml/models/Phi-4";
const EVIL = "azureml://registries/evil/models/x";
const serverless = (modelId: string) => ({ type: SERVERLESS, name: "chat", properties: pulumiInputs(PULUMI_SURFACES[0], modelId) });

function one(ds: Diagnostic[]): Diagnostic {
  assert.equal(ds.length, 1, `expected one diagnostic, got ${JSON.stringify(ds, null, 2)}`);
  return ds[0];
}

describe("policypack/ served like the Pulumi CLI (gRPC)", function () {
  this.timeout(60_000);
  let pack: ServedPack;

  before(async function () {
    pack = await serveRepositoryPack(MODEL_CASE_CONFIGS.base);
  });

  after(async () => {
    if (pack) {
      const exit = await pack.stop();
      assert.ok(exit.signal !== null || exit.code !== null);
    }
  });

  it("starts like the CLI starts it: the pack's own run-policy-pack, port first on stdout, nothing on stderr", () => {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
    assert.ok(runner.startsWith(path.join(PACK_DIR, "node_modules") + path.sep), `run-policy-pack resolved to ${runner}`);
    assert.ok(pack.port > 0);
    assert.deepEqual(pack.stderr, []);
    assert.deepEqual(pack.stdout, []);
    assert.ok(pack.readyMs < 30_000);
  });

  it("GetAnalyzerInfo: the pack, the model policy with the core's config schema, the guardrail preflights", async () => {
    const info = await pack.getAnalyzerInfo();
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string };
    assert.equal(info.name, PACK_NAME);
    assert.equal(info.name, "azure-ml-governance");
    assert.equal(info.version, pkg.version);
    assert.equal(info.description, PACK_DESCRIPTION);
    assert.equal(info.supportsConfig, true);
    assert.deepEqual(info.initialConfig, {});
    assert.deepEqual(
      info.policies.map((x) => x.name),
      packPolicies.map((x) => x.name),
    );
    assert.deepEqual(
      info.policies.slice(1).map((x) => x.name),
      GUARDRAIL_PREFLIGHT_KEYS.map((k) => `azure-ml-guardrail-${k}`),
    );
    const [p] = info.policies;
    assert.equal(p.name, MODEL_POLICY_NAME);
    assert.equal(p.description, MODEL_POLICY_DESCRIPTION);
    assert.equal(p.enforcementLevel, "mandatory");
    assert.equal(p.policyType, "resource");
    assert.equal(p.severity, "high");
    assert.deepEqual(p.configSchema, JSON.parse(JSON.stringify(policyPackConfigSchema)));
  });

  it("an untrusted model: one mandatory violation, policy name and message", async () => {
    const d = one(await pack.analyze(serverless(EVIL)));
    assert.equal(d.policyName, MODEL_POLICY_NAME);
    assert.equal(d.policyPackName, PACK_NAME);
    assert.equal(d.enforcementLevel, "mandatory");
    assert.equal(d.description, MODEL_POLICY_DESCRIPTION);
    const core = coreDecision(MODEL_CASE_CONFIGS.base, { kind: "model-id", modelId: EVIL });
    assert.equal(d.message, `${MODEL_POLICY_DESCRIPTION}\nserverless endpoint (properties.modelSettings.modelId) [trusted-registries]: ${core.reason}`);
  });

  it("an allowed model: no diagnostics; a non-ML resource: not applicable", async () => {
    assert.deepEqual(await pack.analyze(serverless(GOOD)), []);
    const other = await pack.analyzeDetailed({ type: "azure-native:storage:StorageAccount", properties: { resourceGroupName: "rg", kind: "StorageV2" } });
    assert.deepEqual(other.diagnostics, []);
    assert.deepEqual(
      other.notApplicable.find((n) => n.policyName === MODEL_POLICY_NAME),
      { policyName: MODEL_POLICY_NAME, reason: NOT_AN_ML_DEPLOYMENT },
    );
    // The guardrail preflights are disabled until configured, so the SDK skips them outright.
    assert.equal(other.notApplicable.length, 1);
  });

  it("v2 versioned and v3 parameterised tokens, v2 and v3 input names", async () => {
    for (const s of PULUMI_SURFACES.filter((x) => x.v2Key)) {
      for (const [form, names] of [
        ["v2-versioned", "v2"],
        ["v3-parameterised", "v3"],
      ] as const) {
        const d = one(await pack.analyze({ type: token(s.module, s.resource, form), properties: pulumiInputs(s, EVIL, names) }));
        const p = parseDenial(d.message);
        assert.equal(p.rule, "trusted-registries", `${s.resource} ${form}`);
        assert.ok(p.where.includes(names === "v2" ? s.v2Key! : "properties."), p.where);
      }
    }
  });

  it("a model id unknown during preview: advisory, and the message says it is checked again at `pulumi up`", async () => {
    const d = one(await pack.analyze({ type: SERVERLESS, properties: { properties: { authMode: "Key", modelSettings: { modelId: unknown() } } } }));
    assert.equal(d.enforcementLevel, "advisory");
    assert.equal(
      d.message,
      "can't run policy 'azure-ml-model-governance' from policy pack 'azure-ml-governance@v0.1.0' during preview: string value at .properties.modelSettings.modelId can't be known during preview. " +
        "The serverless endpoint's model id will be checked again at `pulumi up`, once the value is known and before the resource is created.",
    );
    const obj = one(
      await pack.analyze({ type: "azure-native:resources:Deployment", properties: { properties: { mode: "Incremental", template: unknown("object") } } }),
    );
    assert.equal(obj.enforcementLevel, "advisory");
    assert.match(obj.message, /The model ids in this ARM template deployment will be checked again at `pulumi up`/);
  });

  it("an ARM template deployment: the ML resources inside it are checked", async () => {
    const t = template([
      {
        type: "Microsoft.MachineLearningServices/workspaces",
        name: "ws",
        resources: [{ type: "onlineEndpoints", name: "ep", resources: [{ type: "deployments", name: "blue", properties: { model: EVIL } }] }],
      },
      armResource(SurfaceKey.ServerlessEndpoint, GOOD, "ws/fine"),
      { type: "Microsoft.Resources/deployments", name: "linked", properties: { mode: "Incremental", templateLink: { uri: "https://example.com/ml.json" } } },
    ]);
    const ds = await pack.analyze({ type: "azure-native:resources:Deployment", properties: deploymentInputs(t) });
    assert.deepEqual(
      ds.map((d) => [d.enforcementLevel, parseDenial(d.message).where, parseDenial(d.message).rule]),
      [
        [
          "mandatory",
          "ARM template properties.template.resources[0].resources[0].resources[0] (Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments 'blue'): online deployment",
          "trusted-registries",
        ],
        ["mandatory", "ARM template properties.template.resources[2] (Microsoft.Resources/deployments 'linked')", "model-reference"],
      ],
    );
  });

  describe("config files and enforcement levels", () => {
    afterEach(() => pack.configureFromFile(packConfigFile(MODEL_CASE_CONFIGS.base)));

    const levels: Array<{ title: string; file: () => Record<string, unknown>; expected: "mandatory" | "advisory" | "none" }> = [
      { title: "effect Deny (the component's policyPackConfig)", file: () => packConfigFile(MODEL_CASE_CONFIGS.base), expected: "mandatory" },
      { title: "effect Audit", file: () => packConfigFile({ ...MODEL_CASE_CONFIGS.base, effect: "Audit" }), expected: "advisory" },
      { title: "effect Disabled", file: () => packConfigFile({ ...MODEL_CASE_CONFIGS.base, effect: "Disabled" }), expected: "none" },
      {
        title: "enforcementMode DoNotEnforce (policyPackConfig sets enforcementLevel advisory)",
        file: () => packConfigFile(MODEL_CASE_CONFIGS.base, EnforcementMode.DoNotEnforce),
        expected: "advisory",
      },
      {
        title: "explicit enforcementLevel advisory with effect Deny",
        file: () => ({ [MODEL_POLICY_NAME]: { enforcementLevel: "advisory", allowedRegistries: ["azureml"] } }),
        expected: "advisory",
      },
      {
        title: "explicit enforcementLevel disabled",
        file: () => ({ [MODEL_POLICY_NAME]: { enforcementLevel: "disabled", allowedRegistries: ["azureml"] } }),
        expected: "none",
      },
      { title: '"all": "advisory"', file: () => ({ all: "advisory", [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"] } }), expected: "advisory" },
      {
        title: "a file with only allowedRegistries (the CLI fills in the schema defaults)",
        file: () => ({ [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"] } }),
        expected: "mandatory",
      },
    ];
    for (const row of levels) {
      it(`${row.title} → ${row.expected}`, async () => {
        const sent = await pack.configureFromFile(row.file());
        assert.ok(sent[MODEL_POLICY_NAME], "the CLI sends the policy's config");
        const ds = await pack.analyze(serverless(EVIL));
        if (row.expected === "none") assert.deepEqual(ds, []);
        else {
          assert.equal(one(ds).enforcementLevel, row.expected);
          assert.equal(parseDenial(one(ds).message).rule, "trusted-registries");
        }
        assert.deepEqual(await pack.analyze(serverless(GOOD)), []);
      });
    }

    it("no config file: the CLI refuses, naming allowedRegistries", async () => {
      await assert.rejects(pack.configureFromFile({}), /azure-ml-model-governance: must have required property 'allowedRegistries'/);
    });

    it("a config the schema accepts but the rules core rejects: a mandatory violation naming every problem", async () => {
      await pack.configureFromFile({
        [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"], allowedModels: ["azureml://registries/evil/models/x"], blockedModels: ["azureml:fraud:1"] },
      });
      const d = one(await pack.analyze(serverless(GOOD)));
      assert.equal(d.enforcementLevel, "mandatory");
      assert.match(d.message, /The config of policy 'azure-ml-model-governance' is invalid/);
      assert.match(d.message, /\n {2}- blockedModels\[0\]: is a workspace model/);
      assert.match(d.message, /\n {2}- allowedModels\[0\]: can never be deployed/);
      assert.deepEqual(await pack.analyze({ type: "aws:s3/bucket:Bucket", properties: {} }), []);
    });
  });

  describe("agreement over gRPC: the shared case table", () => {
    for (const [configName, cases] of groupBy(MODEL_CASES, (c) => c.config ?? "base")) {
      it(`config '${configName}': ${cases.length} cases, online deployments and Foundry endpoints in templates, same verdicts as the core`, async () => {
        await pack.configureFromFile(packConfigFile(MODEL_CASE_CONFIGS[configName]));
        try {
          for (const c of cases) {
            const core = coreDecision(caseConfig(c), { kind: "model-id", modelId: c.id });
            const expected = core.allowed ? { allowed: true, rule: "allowed" } : { allowed: false, rule: core.rule, reason: core.reason };
            const online = PULUMI_SURFACES.find((s) => s.key === SurfaceKey.OnlineDeployment)!;
            assert.deepEqual(
              packVerdict(await pack.analyze({ type: token(online.module, online.resource, "default"), properties: pulumiInputs(online, c.id) })),
              expected,
              caseLabel(c),
            );
            const viaTemplate = await pack.analyze({
              type: "azure-native:resources:Deployment",
              properties: deploymentInputs(template([armResource(SurfaceKey.WorkspaceEndpoint, c.id, "ws/ep")])),
            });
            assert.deepEqual(packVerdict(viaTemplate), expected, `template: ${caseLabel(c)}`);
          }
        } finally {
          await pack.configureFromFile(packConfigFile(MODEL_CASE_CONFIGS.base));
        }
      });
    }
  });

  it("stop() ends the pack process", async () => {
    const other = await startPolicyPack(PACK_DIR, { policyPackConfig: { [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"] } } });
    const pid = other.pid;
    await other.stop();
    assert.ok(other.exitInfo() !== undefined);
    assert.throws(() => process.kill(pid, 0));
  });
});

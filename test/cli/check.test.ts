/**
 * `check --stack-export`, `--arm-template` and `--format`: the JSON contract, exit codes, secrets,
 * agreement with the policy pack resource by resource, and the time a 10 MB export takes.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/main";
import { capture, CheckJsonResult, checkJson, CLI_BIN as BIN, scratchFolder } from "../support/cli";
import { createModelGovernancePolicy, MODEL_POLICY_NAME } from "../../crossguard";
import { SurfaceKey } from "../../core/surfaces";
import { MODEL_CASE_CONFIGS, MODEL_CASES, ModelCaseConfigName } from "../cases/model-cases";
import { ARM_TYPES, armResource, deploymentInputs, OTHER_TOKENS, PULUMI_SURFACES, pulumiInputs, template, TOKEN_FORMS, token } from "../crossguard/fixtures";
import { withSchemaDefaults, parseDenial } from "../crossguard/helpers";
import { inProcessAnalyzer } from "../crossguard/in-process-analyzer";
import { ciphertext, largeStackExport, plaintext, resource, serverless, stackExport, urn } from "./stack-export-fixture";

const { dir, file } = scratchFolder("amg-check-", 4);

type Result = CheckJsonResult;

const RULES = file("rules.json", { allowedRegistries: ["azureml", "azureml-meta"], blockedModels: ["azureml://registries/azureml/models/Phi-3/versions/2"] });

describe("cli: check --stack-export", function () {
  this.timeout(120_000);

  const exportFile = file(
    "export.json",
    stackExport([
      serverless("ok", "azureml://registries/azureml/models/Phi-4"),
      serverless("no-model", undefined),
      resource("azure-native:machinelearningservices/v20240401:ServerlessEndpoint", "v2", {
        serverlessEndpointProperties: { modelSettings: { modelId: "azureml://registries/azureml-evil/models/Phi-4" } },
      }),
      resource("azure-native:machinelearningservices:OnlineDeployment", "secret", { properties: { model: ciphertext() }, key: ciphertext() }),
      resource("azure-native:machinelearningservices:OnlineDeployment", "shown", {
        properties: { model: plaintext("azureml://registries/azureml/models/Phi-3/versions/2") },
      }),
      resource("azure-native:machinelearningservices:OnlineDeployment", "secret-elsewhere", {
        properties: { model: "azureml:fraud:3", environmentVariables: ciphertext() },
        apiKey: ciphertext(),
      }),
      resource(
        "azure-native:resources:Deployment",
        "arm",
        deploymentInputs(
          template([armResource(SurfaceKey.ServerlessEndpoint, "[parameters('m')]", "ws/ep")], {
            parameters: { m: { type: "string", defaultValue: "azureml://registries/HuggingFace/models/x" } },
          }),
        ),
      ),
      resource("azure-native:resources:Resource", "generic", {
        resourceProviderNamespace: "Microsoft.MachineLearningServices",
        parentResourcePath: "workspaces/ws",
        resourceType: "marketplaceSubscriptions",
        resourceName: "m",
        properties: { modelId: "azureml://registries/azureml-meta/models/Llama-3" },
      }),
      { ...serverless("outputs-only", undefined), inputs: undefined, outputs: { properties: { modelSettings: { modelId: "https://evil.example.com/x" } } } },
      serverless("pending-delete", "https://evil.example.com/y"),
      resource("azure-native:storage:StorageAccount", "sa", { accountName: "x", key: ciphertext() }),
      resource("aws:s3/bucket:Bucket", "b", { bucket: "x" }),
    ]),
  );
  // Mark the pending-delete resource as Pulumi does.
  const doc = JSON.parse(fs.readFileSync(exportFile, "utf8")) as { deployment: { resources: Array<Record<string, unknown>> } };
  doc.deployment.resources.find((r) => r.urn === urn("azure-native:machinelearningservices:ServerlessEndpoint", "pending-delete"))!.delete = true;
  fs.writeFileSync(exportFile, JSON.stringify(doc, null, 4));

  it("decides every model reference with the pack's readers and reports the documented JSON", async () => {
    const { code, results } = await checkJson("--config", RULES, "--stack-export", exportFile);
    assert.equal(code, 1);
    for (const r of results) assert.deepEqual(Object.keys(r).slice(0, 6), ["resource", "type", "modelId", "allowed", "rule", "reason"]);
    const byName = new Map(results.map((r) => [r.resource.split("::").pop(), r]));
    assert.deepEqual(
      [...byName.entries()].map(([n, r]) => [n, r.allowed, r.rule]),
      [
        ["ok", true, "allowed"],
        ["no-model", false, "model-reference"], // no modelId at all: fail closed
        ["v2", false, "trusted-registries"],
        ["secret", false, "model-reference"],
        ["shown", false, "blocked-models"],
        ["secret-elsewhere", true, "allowed"],
        ["arm", false, "trusted-registries"],
        ["generic", true, "allowed"],
        ["outputs-only", false, "model-reference"],
      ],
    );
    const ok = byName.get("ok")!;
    assert.equal(ok.resource, urn("azure-native:machinelearningservices:ServerlessEndpoint", "ok"));
    assert.equal(ok.type, "azure-native:machinelearningservices:ServerlessEndpoint");
    assert.equal(ok.modelId, "azureml://registries/azureml/models/phi-4");
    assert.equal(ok.where, "serverless endpoint (properties.modelSettings.modelId)");
    assert.equal(byName.get("v2")!.where, "serverless endpoint (serverlessEndpointProperties.modelSettings.modelId)");
    assert.match(
      byName.get("arm")!.where!,
      /^ARM template properties\.template\.resources\[0\] \(Microsoft\.MachineLearningServices\/workspaces\/serverlessEndpoints 'ws\/ep'\)/,
    );
    assert.equal(byName.get("no-model")!.modelId, null);
  });

  it("denies an encrypted secret where a model reference should be, and opens plaintext secrets", async () => {
    const { results } = await checkJson("--config", RULES, "--stack-export", exportFile);
    const secret = results.find((r) => r.resource.endsWith("::secret"))!;
    assert.equal(secret.where, "online deployment (properties.model)");
    assert.match(secret.reason, /properties\.model is a secret encrypted in the stack export.*denied so nothing slips through.*--show-secrets/);
    const shown = results.find((r) => r.resource.endsWith("::shown"))!;
    assert.equal(shown.modelId, "azureml://registries/azureml/models/phi-3/versions/2");
  });

  it("agrees with the policy pack on every resource: same denials, same location, rule and reason", async () => {
    const policy = createModelGovernancePolicy();
    const analyzer = inProcessAnalyzer([policy]);
    for (const configName of ["base", "approved", "strict"] as ModelCaseConfigName[]) {
      const config = MODEL_CASE_CONFIGS[configName];
      const resources: Array<Record<string, unknown>> = [];
      let n = 0;
      const ids = [...new Set(MODEL_CASES.map((c) => c.id))];
      for (const id of ids) {
        for (const s of PULUMI_SURFACES) {
          for (const form of TOKEN_FORMS) {
            for (const names of s.v2Key ? (["v3", "v2"] as const) : (["v3"] as const))
              resources.push(resource(token(s.module, s.resource, form), `r${n++}`, pulumiInputs(s, id, names)));
          }
        }
        for (const key of Object.keys(ARM_TYPES))
          resources.push(resource("azure-native:resources:Deployment", `t${n++}`, deploymentInputs(template([armResource(key as SurfaceKey, id)]))));
      }
      for (const t of OTHER_TOKENS) resources.push(resource(t, `o${n++}`, { properties: { modelSettings: { modelId: "https://evil" } } }));
      const rulesFile = file(`${configName}.json`, config);
      const exportPath = file(`${configName}-export.json`, stackExport(resources));
      const { results } = await checkJson("--config", rulesFile, "--stack-export", exportPath);

      await analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: withSchemaDefaults(config) } });
      let compared = 0;
      for (const r of resources) {
        const resUrn = r.urn as string;
        const pack = await analyzer.analyze({ type: r.type as string, urn: resUrn, properties: r.inputs as Record<string, unknown> });
        const packDenials = pack.diagnostics
          .filter((d) => d.policyName === MODEL_POLICY_NAME)
          .map((d) => parseDenial(d.message))
          .map((p) => `${p.where} [${p.rule}]: ${p.reason}`)
          .sort();
        const cliDenials = results
          .filter((x) => x.resource === resUrn && !x.allowed)
          .map((x) => `${x.where} [${x.rule}]: ${x.reason}`)
          .sort();
        assert.deepEqual(cliDenials, packDenials, `${configName}: ${String(r.type)} ${resUrn}`);
        const cliAll = results.filter((x) => x.resource === resUrn);
        const packNotApplicable = pack.notApplicable.some((x) => x.policyName === MODEL_POLICY_NAME);
        assert.equal(cliAll.length === 0, packNotApplicable, `${configName}: applicability of ${resUrn}`);
        compared++;
      }
      assert.ok(compared > 1000, `${compared} resources compared`);
    }
  });

  it("reads the export from standard input with -", () => {
    const run = spawnSync(process.execPath, [BIN, "check", "--config", RULES, "--stack-export", "-", "--format", "json"], {
      input: fs.readFileSync(exportFile),
      encoding: "utf8",
    });
    assert.equal(run.status, 1, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { results: unknown[] }).results.length, 9);
  });

  it("exits 0 when the export has no model deployment, saying so", async () => {
    const io = capture();
    const empty = file("empty.json", stackExport([resource("aws:s3/bucket:Bucket", "b", { bucket: "x" })]));
    assert.equal(await main(["check", "--config", RULES, "--stack-export", empty], io), 0);
    assert.match(io.stdout, /No Azure ML or Foundry model deployments found/);
    assert.match(io.stdout, /empty\.json: 3 resources, 0 with model deployments/);
  });

  it("exits 2 on files that are missing, not JSON, or not a stack export", async () => {
    for (const [content, pattern] of [
      [undefined, /Cannot read stack export/],
      ["{not json", /is not valid JSON/],
      [{ $schema: "x", resources: [] }, /is not a 'pulumi stack export' file.*use --arm-template/],
      [{ version: 3, deployment: { resources: [{ urn: "x" }] } }, /resources\[0\] has no string 'type'/],
    ] as Array<[unknown, RegExp]>) {
      const f = content === undefined ? path.join(dir, "missing.json") : file("bad.json", content);
      const io = capture();
      assert.equal(await main(["check", "--config", RULES, "--stack-export", f], io), 2);
      assert.match(io.stderr, pattern);
      assert.equal(io.stdout, "");
    }
  });

  it("checks a 10 MB export in seconds (the installed binary, wall time)", function () {
    const big = largeStackExport(10 * 1024 * 1024 + 64 * 1024);
    const f = file("big.json", big.json);
    assert.ok(fs.statSync(f).size >= 10 * 1024 * 1024, `${fs.statSync(f).size} bytes`);
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [BIN, "check", "--config", RULES, "--stack-export", f, "--format", "json"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    assert.equal(run.status, 1, run.stderr);
    const results = (JSON.parse(run.stdout) as { results: Result[] }).results;
    assert.equal(results.length, big.ml + big.templates);
    // eslint-disable-next-line no-console
    console.log(
      `      ${(fs.statSync(f).size / 1024 / 1024).toFixed(1)} MB export, ${big.resources} resources, ${results.length} model references: ${seconds.toFixed(2)} s`,
    );
    assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
  });
});

describe("cli: check --arm-template", function () {
  this.timeout(30_000);

  const groupExport = file("group-export.json", {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { workspaces_ws_name: { defaultValue: "ws", type: "String" } },
    variables: {},
    resources: [
      {
        type: "Microsoft.MachineLearningServices/workspaces",
        apiVersion: "2024-10-01",
        name: "[parameters('workspaces_ws_name')]",
        location: "westeurope",
        properties: {},
      },
      {
        type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
        apiVersion: "2024-10-01",
        name: "[concat(parameters('workspaces_ws_name'), '/chat')]",
        properties: { modelSettings: { modelId: "azureml://registries/azureml/models/Phi-4" } },
      },
      {
        type: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions",
        apiVersion: "2024-10-01",
        name: "ws/mistral",
        properties: { modelId: "azureml://registries/azureml-mistral/models/Mistral-large" },
      },
      {
        type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
        apiVersion: "2024-10-01",
        name: "ws/ep/blue",
        properties: { model: "[variables('m')]" },
      },
    ],
  });

  it("walks an az group export with the core's template walker: path, ARM type, verdict", async () => {
    const { code, results } = await checkJson("--config", RULES, "--arm-template", groupExport);
    assert.equal(code, 1);
    assert.deepEqual(
      results.map((r) => [r.resource, r.type, r.allowed, r.rule]),
      [
        ["template.resources[1] (ws/chat)", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", true, "allowed"],
        ["template.resources[2] (ws/mistral)", "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions", false, "trusted-registries"],
        ["template.resources[3] (ws/ep/blue)", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", false, "model-reference"],
      ],
    );
    assert.match(results[2].reason, /the template defines no variable 'm'/);
    assert.equal(results[1].source, groupExport);
  });

  it("accepts a deployment body ({properties: {template, parameters}}) and mixes with --model", async () => {
    const deployment = file("deployment.json", {
      properties: {
        template: template([armResource(SurfaceKey.OnlineDeployment, "[parameters('m')]", "ws/ep/d")], { parameters: { m: { type: "string" } } }),
        parameters: { m: { value: "azureml://registries/azureml-meta/models/Llama-3" } },
      },
    });
    const { code, results } = await checkJson("--config", RULES, "--model", "azureml:fraud:1", "--arm-template", deployment);
    assert.equal(code, 0);
    assert.deepEqual(
      results.map((r) => [r.type, r.modelId, r.rule]),
      [
        ["model-id", "azureml:fraud:1", "allowed"],
        ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "azureml://registries/azureml-meta/models/llama-3", "allowed"],
      ],
    );
  });

  it("exits 2 on a file that is not a template", async () => {
    const io = capture();
    assert.equal(await main(["check", "--config", RULES, "--arm-template", file("x.json", { hello: 1 })], io), 2);
    assert.match(io.stderr, /is not an ARM template/);
  });
});

describe("cli: check output formats and usage", function () {
  this.timeout(30_000);
  const models = ["--model", "azureml://registries/azureml/models/Phi-4", "--model", "azureml://registries/evil/models/x|y"];

  it("text: ALLOW/DENY, rule and reason, a summary; colour only when the Io allows it", async () => {
    const plain = capture(false);
    assert.equal(await main(["check", "--config", RULES, ...models], plain), 1);
    assert.match(plain.stdout, /^ALLOW azureml:\/\/registries\/azureml\/models\/Phi-4\n {6}\[allowed\] /);
    assert.match(plain.stdout, /\nDENY {2}azureml:\/\/registries\/evil\/models\/x\|y\n {6}\[model-reference\] /);
    assert.match(plain.stdout, /2 model references checked: 1 allowed, 1 denied\.\n$/);
    assert.ok(!plain.stdout.includes("\u001b["), "no escape codes without colour");

    const color = capture(true);
    await main(["check", "--config", RULES, ...models], color);
    assert.ok(color.stdout.includes("\u001b[32mALLOW"), "green ALLOW");
    assert.ok(color.stdout.includes("\u001b[31mDENY"), "red DENY");
  });

  it("the binary never colours a pipe (stdout is not a TTY)", () => {
    const run = spawnSync(process.execPath, [BIN, "check", "--config", RULES, ...models], { encoding: "utf8", env: { ...process.env, FORCE_COLOR: "1" } });
    assert.equal(run.status, 1);
    assert.ok(!run.stdout.includes("\u001b["));
  });

  it("markdown: a table for a pull request, denials first, pipes escaped", async () => {
    const io = capture();
    assert.equal(await main(["check", "--config", RULES, ...models, "--format", "markdown"], io), 1);
    const lines = io.stdout.split("\n");
    assert.match(lines[0], /^### Azure ML model governance check: ❌ 1 denied$/);
    const rows = lines.filter((l) => l.startsWith("| ❌") || l.startsWith("| ✅"));
    assert.equal(rows.length, 2);
    assert.match(rows[0], /^\| ❌ deny \| `azureml:\/\/registries\/evil\/models\/x\\\|y` \|/);
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 8, row);
  });

  it("exits 2 on usage errors, with a message", async () => {
    for (const [args, pattern] of [
      [["check", "--config", RULES], /at least one --model ID, --stack-export FILE or --arm-template FILE/],
      [["check", "--model", "x"], /exactly one of --config FILE or --stack NAME/],
      [["check", "--config", RULES, "--model", "x", "--format", "xml"], /--format must be text, json, markdown/],
      [["check", "--config", RULES, "--stack-export", "-", "--arm-template", "-"], /Standard input \(-\) can be read only once/],
      [["check", "--config", path.join(dir, "nope.yaml"), "--model", "x"], /config file .*nope\.yaml does not exist\. Fix: check the path/],
      [["check", "--config", file("invalid.json", { allowedRegistries: [] }), "--model", "x"], /allowedRegistries/],
    ] as Array<[string[], RegExp]>) {
      const io = capture();
      assert.equal(await main(args, io), 2, args.join(" "));
      assert.match(io.stderr, pattern);
    }
  });

  it("--config also takes the policy pack config file app teams receive", async () => {
    const packConfig = file("ml-policy.json", {
      "azure-ml-model-governance": {
        allowedRegistries: ["azureml"],
        blockedModels: [],
        allowedModels: [],
        workspaceModels: "Deny",
        effect: "Deny",
        enforcementLevel: "advisory",
      },
      "azure-ml-guardrail-computeVnet": { effect: "Audit" },
    });
    const { code, results } = await checkJson("--config", packConfig, "--model", "azureml://registries/azureml/models/Phi-4", "--model", "azureml:fraud:3");
    assert.equal(code, 1);
    assert.deepEqual(
      results.map((r) => r.rule),
      ["allowed", "workspace-models"],
    );
  });

  it("--help describes every input and format", async () => {
    const io = capture();
    assert.equal(await main(["check", "--help"], io), 0);
    for (const flag of ["--config", "--stack", "--model", "--stack-export", "--arm-template", "--format", "markdown", "Exit codes"])
      assert.ok(io.stdout.includes(flag), flag);
  });
});

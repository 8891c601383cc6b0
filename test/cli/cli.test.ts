import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { main } from "../../cli/main";
import { capture, CLI_BIN as BIN, REPO_ROOT as ROOT, scratchFolder } from "../support/cli";

const { file: tempFile } = scratchFolder("amg-cli-");

const VALID = {
  scope: "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-ml",
  allowedRegistries: ["azureml", "azureml://registries/azureml-meta/"],
  blockedModels: ["azureml://registries/azureml/models/Phi-3/versions/2"],
};

describe("cli: render", function () {
  this.timeout(60_000);

  it("renders the dev stack as JSON: the component, six definitions, one initiative, one assignment", async () => {
    const io = capture();
    assert.equal(await main(["render", "--stack", "dev", "--format", "json", "--cwd", ROOT], io), 0);
    const { resources } = JSON.parse(io.stdout) as { resources: Array<{ type: string; name: string; inputs: Record<string, unknown> }> };
    const count = (t: string) => resources.filter((r) => r.type === t).length;
    assert.equal(count("azure-ml-governance:index:MlDeploymentGovernance"), 1);
    assert.equal(count("azure-native:authorization:PolicyDefinition"), 6);
    assert.equal(count("azure-native:authorization:PolicySetDefinition"), 1);
    assert.equal(count("azure-native:authorization:PolicyAssignment"), 1);
    const assignment = resources.find((r) => r.type === "azure-native:authorization:PolicyAssignment");
    assert.match(String(assignment?.inputs.scope), /\/resourceGroups\/rg-ml-dev$/);
    assert.deepEqual((assignment?.inputs.parameters as Record<string, { value: unknown }>).effect, { value: "Audit" });
    for (const r of resources) assert.deepEqual(Object.keys(r), ["type", "name", "inputs"]);
  });

  it("renders text for people: what the stack enforces in the first 40 lines, then warnings, then folded resources", async () => {
    const io = capture();
    assert.equal(await main(["render", "--stack", "dev", "--cwd", ROOT], io), 0);
    const head = io.stdout.split("\n").slice(0, 40).join("\n");
    assert.match(head, /^Azure ML model governance: stack 'dev' of project 'azure-ml-governance'/);
    assert.match(head, /\n {2}effect: Audit: non-compliant deployments are reported, not refused/);
    assert.match(head, /\n {2}enforcement mode: Default\n/);
    assert.match(head, /\n {2}trusted registries: azureml, azureml-meta, contoso-models\n/);
    assert.match(head, /\n {2}approved models: any model from a trusted registry/);
    assert.match(head, /\n {2}blocked models: 1 entry \(listed below\)\n {4}- azureml:\/\/registries\/azureml-meta\/models\/Llama-2-7b\n/);
    assert.match(head, /\nWarnings: none\.\n/);
    assert.match(head, /\n9 resources would be registered \(6 PolicyDefinition, 1 PolicySetDefinition, 1 PolicyAssignment\)/);
    assert.ok(io.stdout.indexOf("What it enforces:") < io.stdout.indexOf("azure-native:authorization:PolicyDefinition"));
    // Definitions: named, the boilerplate folded; the assignment (where the stacks differ) in full.
    assert.match(io.stdout, /folded: description, metadata, parameters, policyRule, policyType \(the same in every stack; --all shows them\)/);
    assert.doesNotMatch(io.stdout, /policyRule: </);
    assert.match(io.stdout, /blockedModelKeys:\n +value:\n +- azureml-meta\/llama-2-7b/);
    assert.ok(io.stdout.split("\n").length < 240, `text output is ${io.stdout.split("\n").length} lines`);

    const all = capture();
    assert.equal(await main(["render", "--stack", "dev", "--cwd", ROOT, "--all"], all), 0);
    assert.doesNotMatch(all.stdout, /folded:/);
    assert.match(all.stdout, /policyRule: <\d+\.\d KB policy rule; use --format json to see it>/);
    assert.ok(all.stdout.length < 40_000, `text output is ${all.stdout.length} characters`);
  });

  it("renders a config file and prints the policy pack config for app teams", async () => {
    const file = tempFile(
      "gov.yaml",
      `scope: ${VALID.scope}\nallowedRegistries: [azureml, "azureml://registries/azureml-meta/"]\nblockedModels:\n  - ${VALID.blockedModels[0]}\neffect: Audit\n`,
    );
    const io = capture();
    assert.equal(await main(["render", "--config", file, "--policy-pack-config"], io), 0);
    const packConfig = JSON.parse(io.stdout) as Record<string, Record<string, unknown>>;
    assert.deepEqual(packConfig["azure-ml-model-governance"].allowedRegistries, ["azureml", "azureml-meta"]);
    assert.deepEqual(packConfig["azure-ml-model-governance"].blockedModels, ["azureml://registries/azureml/models/phi-3/versions/2"]);
    assert.equal(packConfig["azure-ml-model-governance"].effect, "Audit");
  });

  it("exits 2 with every config problem listed, before anything runs", async () => {
    const file = tempFile("bad.json", JSON.stringify({ scope: "/subscriptions/nope", allowedRegistries: [], effect: "deny", allowedRegistry: ["x"] }));
    const io = capture();
    assert.equal(await main(["render", "--config", file], io), 2);
    assert.equal(io.stdout, "");
    for (const field of ["scope:", "allowedRegistries:", "effect:", "allowedRegistry:"])
      assert.ok(io.stderr.includes(field), `missing ${field} in\n${io.stderr}`);
    assert.match(io.stderr, /did you mean allowedRegistries\?/);
  });

  it("exits 2 on usage errors with the command's help", async () => {
    for (const args of [
      ["render"],
      ["render", "--stack", "dev", "--config", "x"],
      ["render", "--bogus"],
      ["render", "--stack", "dev", "--format", "xml"],
      ["nope"],
    ]) {
      const io = capture();
      assert.equal(await main(args, io), 2, args.join(" "));
      assert.ok(io.stderr.length > 0);
    }
    const missing = capture();
    assert.equal(await main(["render", "--stack", "staging", "--cwd", ROOT], missing), 2);
    assert.match(missing.stderr, /dev/); // lists the stacks that exist
  });

  it("prints help for every command", async () => {
    for (const args of [["--help"], ["render", "--help"], ["check", "-h"]]) {
      const io = capture();
      assert.equal(await main(args, io), 0);
      assert.match(io.stdout, /Usage: azure-ml-governance/);
    }
  });
});

describe("cli: check", function () {
  this.timeout(30_000);
  const configFile = tempFile("gov.json", JSON.stringify(VALID));

  it("exits 0 when every model is allowed, 1 when any is denied, with rule and reason", async () => {
    const ok = capture();
    assert.equal(await main(["check", "--config", configFile, "--model", "azureml://registries/azureml/models/Phi-4"], ok), 0);
    assert.match(ok.stdout, /^ALLOW azureml:\/\/registries\/azureml\/models\/Phi-4/);

    const denied = capture();
    const code = await main(
      [
        "check",
        "--config",
        configFile,
        "--format",
        "json",
        "--model",
        "azureml://registries/azureml/models/Phi-4",
        "--model",
        "azureml://registries/azureml-evil/models/Phi-4",
        "--model",
        "azureml://registries/azureml/models/Phi-3",
      ],
      denied,
    );
    assert.equal(code, 1);
    const { results } = JSON.parse(denied.stdout) as { results: Array<{ modelId: string; allowed: boolean; rule: string; reason: string }> };
    assert.deepEqual(
      results.map((r) => [r.allowed, r.rule]),
      [
        [true, "allowed"],
        [false, "trusted-registries"],
        [false, "blocked-models"],
      ],
    );
    assert.match(results[1].reason, /azureml-evil/);
  });

  it("reads the rules from a stack's config", async () => {
    const io = capture();
    // dev blocks Llama-2-7b from azureml-meta in every version.
    assert.equal(await main(["check", "--stack", "dev", "--cwd", ROOT, "--model", "azureml://registries/azureml-meta/models/Llama-2-7b/versions/3"], io), 1);
    assert.match(io.stdout, /\[blocked-models\]/);
  });

  it("the installed binary sets the process exit code (0, 1, 2)", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    assert.equal(run("check", "--config", configFile, "--model", "azureml:my-model:1").status, 0);
    assert.equal(run("check", "--config", configFile, "--model", "https://huggingface.co/evil").status, 1);
    const usage = run("check", "--config", configFile);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /at least one --model/);
  });
});

/**
 * Issue 12, "the first hour": each friction a new platform engineer met, through the CLI, with
 * the exit code and the key words of the message.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { cli, REPO_ROOT as ROOT, scratchFolder } from "../support/cli";
import { fileReadError } from "../../cli/config-sources";

const { dir, file: write } = scratchFolder("amg-first-hour-");

const SCOPE = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-ml";
const MODEL = "azureml://registries/azureml/models/Phi-4";

describe("cli: the first hour (issue 12)", function () {
  this.timeout(120_000);

  describe("warnings reach the summaries", () => {
    it("a duplicate registry is listed in the markdown summary and in the text view, not only on stderr", async () => {
      const file = write("dup.json", JSON.stringify({ scope: SCOPE, allowedRegistries: ["azureml", "AzureML"], allowedPublishers: ["OpenAI"] }));
      const md = await cli("render", "--config", file, "--format", "markdown");
      assert.equal(md.code, 0, md.stderr);
      assert.match(md.stdout, /### ⚠️ Warnings \(1\)\n\n- governance config: allowedRegistries\[1\]: repeats registry 'azureml'.*Fix: remove the duplicate/);
      assert.doesNotMatch(md.stderr, /\[runtime\]/);
      const text = await cli("render", "--config", file);
      assert.equal(text.code, 0);
      assert.match(text.stdout, /\nWarnings \(1\):\n {2}- governance config: allowedRegistries\[1\]: repeats registry 'azureml'/);
      assert.ok(text.stdout.indexOf("Warnings (1)") < text.stdout.indexOf("azure-native:authorization:PolicyDefinition"));
    });
  });

  describe("a consumer's own program", () => {
    it("gets the full markdown table without exporting effectiveConfig: read from the component's registered outputs", async () => {
      const project = path.join(dir, "consumer");
      write("consumer/Pulumi.yaml", "name: consumer\nruntime: nodejs\nmain: index.js\n");
      write("consumer/Pulumi.dev.yaml", "config: {}\n");
      write(
        "consumer/index.js",
        `const { MlDeploymentGovernance } = require(${JSON.stringify(path.join(ROOT, "dist", "lib.js"))});
new MlDeploymentGovernance("gov", {
  scope: ${JSON.stringify(SCOPE)},
  allowedRegistries: ["azureml", "contoso-models"],
  allowedPublishers: ["OpenAI"],
  allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/7", "OpenAI/gpt-4o"],
  effect: "Deny",
});
`,
      );
      const md = await cli("render", "--stack", "dev", "--cwd", project, "--format", "markdown");
      assert.equal(md.code, 0, md.stderr);
      assert.match(md.stdout, /\| assignment scopes \| `\/subscriptions\/22222222-2222-2222-2222-222222222222\/resourceGroups\/rg-ml` \|/);
      assert.match(md.stdout, /\| effect \| \*\*Deny\*\*: non-compliant deployments are refused/);
      assert.match(md.stdout, /\| trusted registries \| `azureml`, `contoso-models` \|/);
      assert.match(md.stdout, /\| approved models \| 2 entries \(listed below; the list restricts registry and catalog models alike\) \|/);
      // The program's own spelling is not known to the CLI (the args are code): the canonical form.
      assert.match(md.stdout, /### Approved models\n\n.*\n\n- `azureml:\/\/registries\/azureml\/models\/phi-4\/versions\/7`/);
      const pack = await cli("render", "--stack", "dev", "--cwd", project, "--policy-pack-config");
      assert.equal(pack.code, 0, pack.stderr);
      assert.deepEqual((JSON.parse(pack.stdout) as Record<string, { allowedRegistries: string[] }>)["azure-ml-model-governance"].allowedRegistries, [
        "azureml",
        "contoso-models",
      ]);
    });
  });

  describe("config files forgive the natural mistakes", () => {
    it("stack-config keys (azure-ml-governance:scope) are read without the prefix, with a warning saying to drop it", async () => {
      const file = write(
        "namespaced.yaml",
        `azure-ml-governance:scope: ${SCOPE}\nazure-ml-governance:allowedRegistries:\n  - azureml\nazure-ml-governance:effect: Audit\n`,
      );
      const rendered = await cli("render", "--config", file, "--format", "markdown");
      assert.equal(rendered.code, 0, rendered.stderr);
      assert.match(rendered.stdout, /\| effect \| \*\*Audit\*\*/);
      assert.match(
        rendered.stdout,
        /read 'azure-ml-governance:scope', 'azure-ml-governance:allowedRegistries', 'azure-ml-governance:effect' without the 'azure-ml-governance:' prefix.*drop the prefix/,
      );
      const checked = await cli("check", "--config", file, "--model", MODEL);
      assert.equal(checked.code, 0, checked.stderr);
      assert.match(checked.stderr, /^warning: .*drop the prefix/);
      assert.doesNotMatch(checked.stderr, /remove it/);
    });

    it("a whole Pulumi.<stack>.yaml passed to --config is pointed to --stack", async () => {
      const file = write("proj/Pulumi.staging.yaml", fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
      for (const command of ["render", "check"]) {
        const r = await cli(command, "--config", file, ...(command === "check" ? ["--model", MODEL] : []));
        assert.equal(r.code, 2, command);
        assert.match(r.stderr, /is a Pulumi stack settings file \('config:' at the top\)/);
        assert.match(r.stderr, new RegExp(`Fix: read the stack's config with --stack staging --cwd ${path.dirname(file).replace(/[/\\]/g, ".")}`));
      }
    });

    it("every stack-config type problem is reported at once, each with a fix", async () => {
      const project = path.join(dir, "typed");
      fs.mkdirSync(project, { recursive: true });
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
      write(
        "typed/Pulumi.bad.yaml",
        `config:\n  azure-ml-governance:scope: ${SCOPE}\n  azure-ml-governance:allowedRegistries: azureml\n  azure-ml-governance:blockedModels: ${MODEL}\n`,
      );
      const r = await cli("render", "--stack", "bad", "--cwd", project);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\(2 problems, types declared in Pulumi\.yaml\)/);
      assert.match(r.stderr, /- azure-ml-governance:allowedRegistries: must be of type 'array', got "azureml"\. Fix: write a YAML list/);
      assert.match(r.stderr, /- azure-ml-governance:blockedModels: must be of type 'array'.*Fix: write a YAML list/);
    });

    it("file errors say what is wrong and how to fix it: missing file, directory, unreadable", async () => {
      const missing = await cli("check", "--config", path.join(dir, "nope.yaml"), "--model", MODEL);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /The config file .*nope\.yaml does not exist\. Fix: check the path/);
      assert.doesNotMatch(missing.stderr, /ENOENT/);
      const directory = await cli("render", "--config", dir);
      assert.equal(directory.code, 2);
      assert.match(directory.stderr, /is a directory, not a file\. Fix: name the file inside it .*--cwd .* --stack NAME/);
      assert.doesNotMatch(directory.stderr, /EISDIR/);
      // Permission bits do not stop root, so the EACCES wording is checked on the error the read raises.
      const denied = fileReadError("/etc/gov.yaml", "config file", Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
      assert.match(
        denied.message,
        /^The config file \/etc\/gov\.yaml cannot be read: permission denied\. Fix: make it readable \(chmod u\+r \/etc\/gov\.yaml\)/,
      );
    });

    it("check --config and render --config validate the keys both read the same way: an invalid scope, a JSON trailing comma", async () => {
      const badScope = write("bad-scope.json", JSON.stringify({ scope: "/subscriptionz/x", allowedRegistries: ["azureml"] }));
      const trailing = write("trailing.json", `{"scope": "${SCOPE}", "allowedRegistries": ["azureml",]}`);
      for (const [file, pattern] of [
        [badScope, /scope: is not a subscription, resource group or management group id \(got "\/subscriptionz\/x"\)\. Fix: set scope to/],
        [trailing, /is not valid JSON at line 1, column \d+: .*Fix: remove the trailing comma/],
      ] as Array<[string, RegExp]>) {
        const rendered = await cli("render", "--config", file);
        const checked = await cli("check", "--config", file, "--model", MODEL);
        assert.equal(rendered.code, 2, `render ${file}`);
        assert.equal(checked.code, 2, `check ${file}`);
        assert.match(rendered.stderr, pattern);
        assert.match(checked.stderr, pattern);
      }
      // check still takes a rules-only file (no scope): it needs no assignment scope to decide.
      const rulesOnly = write("rules-only.json", JSON.stringify({ allowedRegistries: ["azureml"] }));
      assert.equal((await cli("check", "--config", rulesOnly, "--model", MODEL)).code, 0);
    });
  });

  describe("flags", () => {
    it("a mistyped flag or command gets 'did you mean', not the whole help text", async () => {
      const flag = await cli("render", "--stak", "dev");
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /^Unknown option '--stak' for render\. Did you mean --stack\? Run 'azure-ml-governance render --help'/);
      assert.doesNotMatch(flag.stderr, /Usage:/);
      const checkFlag = await cli("check", "--config", "x.yaml", "--modle", MODEL);
      assert.equal(checkFlag.code, 2);
      assert.match(checkFlag.stderr, /Did you mean --model\?/);
      const command = await cli("chek", "--model", MODEL);
      assert.equal(command.code, 2);
      assert.match(command.stderr, /^Unknown command 'chek'\. Did you mean 'check'\?/);
    });

    it("conflicting flags are refused instead of one being ignored", async () => {
      const pack = await cli("render", "--stack", "dev", "--cwd", ROOT, "--policy-pack-config", "--format", "markdown");
      assert.equal(pack.code, 2);
      assert.match(pack.stderr, /--policy-pack-config prints JSON, so --format markdown cannot apply\. Fix: drop --format markdown/);
      const all = await cli("render", "--stack", "dev", "--cwd", ROOT, "--all", "--format", "json");
      assert.equal(all.code, 2);
      assert.match(all.stderr, /--all unfolds the text view; it does not apply to --format json/);
      assert.equal(pack.stdout + all.stdout, "");
    });
  });

  describe("messages match the list state", () => {
    it("'Approved versions must be pinned' only when an approved entry pins a version of that model", async () => {
      const file = write(
        "approved.json",
        JSON.stringify({
          allowedRegistries: ["azureml"],
          allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/7", "azureml://registries/azureml/models/Mistral"],
        }),
      );
      const other = await cli("check", "--config", file, "--model", "azureml://registries/azureml/models/gpt-2");
      assert.equal(other.code, 1);
      assert.match(other.stdout, /\[approved-models\] Model azureml:\/\/registries\/azureml\/models\/gpt-2 is not covered by allowedModels/);
      assert.doesNotMatch(other.stdout, /pinned/);
      const unpinned = await cli("check", "--config", file, "--model", MODEL);
      assert.equal(unpinned.code, 1);
      assert.match(unpinned.stdout, /Approved versions must be pinned with \/versions\/\{version\}/);
    });

    it("the default approved-models message says 'pin an approved version' only when an entry pins one", async () => {
      const message = async (config: Record<string, unknown>): Promise<string> => {
        const r = await cli(
          "render",
          "--config",
          write("msg.json", JSON.stringify({ scope: SCOPE, allowedRegistries: ["azureml"], ...config })),
          "--format",
          "json",
        );
        assert.equal(r.code, 0, r.stderr);
        const { resources } = JSON.parse(r.stdout) as {
          resources: Array<{ type: string; inputs: { nonComplianceMessages?: Array<{ message: string; policyDefinitionReferenceId: string }> } }>;
        };
        const assignment = resources.find((x) => x.type === "azure-native:authorization:PolicyAssignment");
        return assignment?.inputs.nonComplianceMessages?.find((m) => m.policyDefinitionReferenceId === "approved-models")?.message ?? "";
      };
      assert.match(await message({}), /no approval list is set: every model from an allowed registry or publisher passes this rule/);
      assert.match(await message({ allowedModels: ["azureml://registries/azureml/models/Phi-4"] }), /1 approved entry, each covering every version/);
      assert.match(
        await message({ allowedModels: ["azureml://registries/azureml/models/Phi-4/versions/7"] }),
        /1 approved entry; where an entry names a version, pin that version/,
      );
      for (const config of [{}, { allowedModels: ["azureml://registries/azureml/models/Phi-4"] }]) assert.doesNotMatch(await message(config), /pin/);
    });
  });
});

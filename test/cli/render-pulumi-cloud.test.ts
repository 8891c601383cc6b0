/**
 * `render` with `pulumiCloud`: the Pulumi Cloud resources are listed like every other, and the
 * Markdown summary says which stacks and accounts are enforced, in which mode, with which version.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/main";
import { capture } from "../support/cli";
import { defaultPackVersion, PUBLISHABLE_PACK_DIR } from "../../components/pulumi-cloud";

describe("cli: render with pulumiCloud", function () {
  this.timeout(120_000);
  let tmp: string;
  let config: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amg-render-cloud-"));
    config = path.join(tmp, "gov.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        scope: "/subscriptions/22222222-2222-2222-2222-222222222222",
        allowedRegistries: ["azureml"],
        effect: "Deny",
        pulumiCloud: { organization: "contoso", stacks: ["ml-app/prod", "chatbot/dev"], accounts: ["azure-prod"] },
      }),
    );
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--format json lists the PolicyPack and both PolicyGroups with the pack config", async () => {
    const io = capture();
    assert.equal(await main(["render", "--config", config, "--format", "json"], io), 0, io.stderr);
    const { resources } = JSON.parse(io.stdout) as { resources: Array<{ type: string; name: string; inputs: Record<string, any> }> };
    const packs = resources.filter((r) => r.type === "pulumiservice:index:PolicyPack");
    const groups = resources.filter((r) => r.type === "pulumiservice:index:PolicyGroup");
    assert.equal(packs.length, 1);
    assert.equal(packs[0].inputs.versionTag, defaultPackVersion(PUBLISHABLE_PACK_DIR));
    assert.deepEqual(groups.map((g) => g.inputs.entityType).sort(), ["accounts", "stacks"]);
    for (const g of groups) assert.deepEqual(Object.keys(g.inputs.policyPacks[0].config as object), ["azure-ml-model-governance"]);
  });

  it("--format markdown names the enforced stacks and accounts and the modes", async () => {
    const io = capture();
    assert.equal(await main(["render", "--config", config, "--format", "markdown"], io), 0, io.stderr);
    const md = io.stdout;
    assert.match(md, /### Pulumi Cloud enforcement/);
    assert.match(md, /Publishes policy pack `azure-ml-governance` version `0\.1\.0-[0-9a-f]{12}` to organisation `contoso`/);
    assert.match(md, /\| stacks `ml-app\/prod`, `chatbot\/dev` \| \*\*preventative\*\*: runs in every `pulumi preview` and `pulumi up`/);
    assert.match(md, /\| accounts `azure-prod` \| \*\*audit\*\*: reports violations, blocks nothing \|/);
  });

  it("without pulumiCloud the summary has no Pulumi Cloud section", async () => {
    const plain = path.join(tmp, "plain.json");
    fs.writeFileSync(plain, JSON.stringify({ scope: "/subscriptions/22222222-2222-2222-2222-222222222222", allowedRegistries: ["azureml"] }));
    const io = capture();
    assert.equal(await main(["render", "--config", plain, "--format", "markdown"], io), 0, io.stderr);
    assert.doesNotMatch(io.stdout, /Pulumi Cloud/);
  });
});

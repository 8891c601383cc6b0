/**
 * `pulumiCloud` on `MlDeploymentGovernance`, under Pulumi mocks: one pack version of the
 * publishable pack folder and the policy groups applying it with exactly `policyPackConfig`;
 * rule edits change only the groups' config; the version follows the pack's files; validation
 * reports every problem at once; and without the setting `@pulumi/pulumiservice` is never loaded.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { governanceConfigFromStackValues, GovernanceConfigError, validateGovernanceConfig } from "../../core";
import { PACK_NAME } from "../../core/pack-config";
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "../../components/ml-deployment-governance";
import { DEFAULT_STACK_GROUP, defaultPackVersion, PUBLISHABLE_PACK_DIR } from "../../components/pulumi-cloud";
import { PolicyGroupMode } from "../../core/config/pulumi-cloud";
import { installMocks, RecordedResource, RecordingMocks, settle, valueOf } from "./mocks";

const PACK = "pulumiservice:index:PolicyPack";
const GROUP = "pulumiservice:index:PolicyGroup";

const BASE: MlDeploymentGovernanceArgs = {
  scope: "/subscriptions/22222222-2222-2222-2222-222222222222",
  allowedRegistries: ["azureml", "azureml-meta"],
  blockedModels: ["azureml://registries/azureml-meta/models/Llama-2-7b"],
  pulumiCloud: { organization: "contoso", stacks: ["ml-app/prod", "ml-app/dev", "chatbot/prod"] },
};

interface Deployed {
  records: RecordedResource[];
  policyPackConfig: Record<string, unknown>;
  pulumiCloud: unknown;
  urn: string;
  childOpts: Map<string, pulumi.ResourceOptions>;
}

async function deploy(mocks: RecordingMocks, name: string, args: MlDeploymentGovernanceArgs): Promise<Deployed> {
  const childOpts = new Map<string, pulumi.ResourceOptions>();
  const component = new MlDeploymentGovernance(name, args, {
    transformations: [
      (a) => {
        childOpts.set(a.name, a.opts);
        return undefined;
      },
    ],
  });
  const [policyPackConfig, pulumiCloud, urn] = await Promise.all([valueOf(component.policyPackConfig), valueOf(component.pulumiCloud), valueOf(component.urn)]);
  await settle();
  return { records: mocks.of(name), policyPackConfig, pulumiCloud, urn, childOpts };
}

const ofType = (d: Deployed, type: string) => d.records.filter((r) => r.type === type);

describe("MlDeploymentGovernance pulumiCloud (mocks)", () => {
  let mocks: RecordingMocks;
  beforeEach(async () => {
    mocks = await installMocks();
  });

  it("registers one PolicyPack of the publishable folder and one PolicyGroup with the stacks, the mode and exactly policyPackConfig", async () => {
    const d = await deploy(mocks, "gov", BASE);
    const [pack] = ofType(d, PACK);
    const groups = ofType(d, GROUP);
    assert.equal(ofType(d, PACK).length, 1);
    assert.equal(groups.length, 1);
    assert.equal(pack.name, "gov-policy-pack");
    assert.deepEqual(pack.inputs, {
      organization: "contoso",
      name: PACK_NAME,
      versionTag: defaultPackVersion(PUBLISHABLE_PACK_DIR),
      sourcePath: PUBLISHABLE_PACK_DIR,
    });
    // The folder it publishes is the bundled, registry-only pack.
    const pkg = JSON.parse(fs.readFileSync(path.join(pack.inputs.sourcePath, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"]);
    assert.ok(fs.existsSync(path.join(pack.inputs.sourcePath, "bin", "index.js")));

    const g = groups[0];
    assert.equal(g.name, "gov-policy-group");
    assert.equal(g.inputs.organizationName, "contoso");
    assert.equal(g.inputs.name, `${PACK_NAME}-gov`);
    assert.equal(g.inputs.entityType, "stacks");
    assert.equal(g.inputs.mode, "preventative", "effect Deny → preventative");
    assert.deepEqual(g.inputs.stacks, [
      { name: "prod", routingProject: "ml-app" },
      { name: "dev", routingProject: "ml-app" },
      { name: "prod", routingProject: "chatbot" },
    ]);
    assert.equal(g.inputs.policyPacks.length, 1);
    assert.equal(g.inputs.policyPacks[0].name, PACK_NAME);
    assert.equal(g.inputs.policyPacks[0].versionTag, pack.inputs.versionTag);
    // The proof: the group's config is the component's policyPackConfig, key for key.
    assert.deepEqual(g.inputs.policyPacks[0].config, d.policyPackConfig);
    assert.deepEqual(Object.keys(d.policyPackConfig), ["azure-ml-model-governance"]);
    assert.deepEqual((d.policyPackConfig["azure-ml-model-governance"] as { blockedModels: string[] }).blockedModels, [
      "azureml://registries/azureml-meta/models/llama-2-7b", // canonical (lower-case) form
    ]);
    // Children of the component.
    for (const n of ["gov-policy-pack", "gov-policy-group"]) assert.ok(d.childOpts.get(n)?.parent, `${n} has a parent`);
    assert.deepEqual(d.pulumiCloud, {
      organization: "contoso",
      packName: PACK_NAME,
      packVersion: pack.inputs.versionTag,
      stackGroup: `${PACK_NAME}-gov`,
      mode: "preventative",
      stacks: ["ml-app/prod", "ml-app/dev", "chatbot/prod"],
      accounts: [],
    });
  });

  it("the group's config carries the guardrail entries and the advisory level of DoNotEnforce too", async () => {
    const d = await deploy(mocks, "gov", {
      ...BASE,
      enforcementMode: "DoNotEnforce",
      guardrails: { disableLocalAuth: {} },
      pulumiCloud: { ...BASE.pulumiCloud!, mode: PolicyGroupMode.Audit },
    });
    const [g] = ofType(d, GROUP);
    assert.ok(Object.keys(d.policyPackConfig).length > 1, "guardrail preflight entries are part of the pack config");
    assert.deepEqual(g.inputs.policyPacks[0].config, d.policyPackConfig);
    assert.equal((g.inputs.policyPacks[0].config as Record<string, { enforcementLevel?: string }>)["azure-ml-model-governance"].enforcementLevel, "advisory");
    assert.equal(g.inputs.mode, "audit");
  });

  it("mode defaults to audit when effect is not Deny; an explicit mode wins", async () => {
    const audit = await deploy(mocks, "a", { ...BASE, effect: "Audit" });
    assert.equal(ofType(audit, GROUP)[0].inputs.mode, "audit");
    const explicit = await deploy(mocks, "b", { ...BASE, pulumiCloud: { ...BASE.pulumiCloud!, mode: PolicyGroupMode.Audit } });
    assert.equal(ofType(explicit, GROUP)[0].inputs.mode, "audit");
  });

  it("editing the rules changes only the group's config: same pack inputs, same names (an in-place update)", async () => {
    const before = await deploy(mocks, "gov", BASE);
    mocks = await installMocks();
    const after = await deploy(mocks, "gov", {
      ...BASE,
      allowedRegistries: ["azureml"],
      blockedModels: [],
      allowedModels: ["azureml://registries/azureml/models/Phi-4"],
    });
    const [p1, p2] = [ofType(before, PACK)[0], ofType(after, PACK)[0]];
    assert.deepEqual(p2, p1, "the pack version is untouched");
    const [g1, g2] = [ofType(before, GROUP)[0], ofType(after, GROUP)[0]];
    assert.equal(g2.name, g1.name);
    assert.equal(g2.inputs.name, g1.inputs.name, "the provider replaces a group only when its name changes");
    assert.deepEqual({ ...g2.inputs, policyPacks: undefined }, { ...g1.inputs, policyPacks: undefined });
    assert.notDeepEqual(g2.inputs.policyPacks[0].config, g1.inputs.policyPacks[0].config);
    assert.deepEqual(g2.inputs.policyPacks[0].config, after.policyPackConfig);
    assert.deepEqual((after.policyPackConfig["azure-ml-model-governance"] as { allowedRegistries: string[] }).allowedRegistries, ["azureml"]);
  });

  it('stacks ["*"]: the organisation\'s default stack group, its stack list left to Pulumi Cloud and kept on destroy', async () => {
    const d = await deploy(mocks, "gov", { ...BASE, pulumiCloud: { organization: "contoso", stacks: ["*"] } });
    const [g] = ofType(d, GROUP);
    assert.equal(g.inputs.name, DEFAULT_STACK_GROUP);
    assert.equal(g.inputs.stacks, undefined);
    assert.deepEqual(g.inputs.policyPacks[0].config, d.policyPackConfig);
    const opts = d.childOpts.get("gov-policy-group") as pulumi.CustomResourceOptions;
    assert.deepEqual(opts.ignoreChanges, ["stacks"]);
    assert.equal(opts.retainOnDelete, true);
    assert.deepEqual((d.pulumiCloud as { stacks: string[] }).stacks, ["*"]);
  });

  it("accounts: an audit group on the accounts with the same pack version and config, whatever the stack mode", async () => {
    const d = await deploy(mocks, "gov", { ...BASE, pulumiCloud: { ...BASE.pulumiCloud!, accounts: ["aws-prod", "azure-prod"] } });
    const groups = ofType(d, GROUP);
    assert.equal(groups.length, 2);
    const acc = groups.find((g) => g.inputs.entityType === "accounts")!;
    assert.equal(acc.inputs.mode, "audit");
    assert.deepEqual(acc.inputs.accounts, ["aws-prod", "azure-prod"]);
    assert.equal(acc.inputs.stacks, undefined);
    assert.deepEqual(acc.inputs.policyPacks, groups.find((g) => g.inputs.entityType === "stacks")!.inputs.policyPacks);
    assert.equal(groups.find((g) => g.inputs.entityType === "stacks")!.inputs.mode, "preventative");
    // Accounts only: no stack group.
    mocks = await installMocks();
    const only = await deploy(mocks, "acc", { ...BASE, pulumiCloud: { organization: "contoso", accounts: ["azure-prod"] } });
    assert.deepEqual(
      ofType(only, GROUP).map((g) => g.inputs.entityType),
      ["accounts"],
    );
  });

  it("explicit packName and packVersion are used as given", async () => {
    const d = await deploy(mocks, "gov", { ...BASE, pulumiCloud: { ...BASE.pulumiCloud!, packName: "contoso-ml-models", packVersion: "2026.12.1" } });
    const [pack] = ofType(d, PACK);
    assert.equal(pack.inputs.name, "contoso-ml-models");
    assert.equal(pack.inputs.versionTag, "2026.12.1");
    assert.deepEqual(ofType(d, GROUP)[0].inputs.policyPacks[0].name, "contoso-ml-models");
    assert.equal(ofType(d, GROUP)[0].inputs.policyPacks[0].versionTag, "2026.12.1");
  });

  it("without pulumiCloud: no Pulumi Cloud resources", async () => {
    const { pulumiCloud: _omit, ...plain } = BASE;
    const d = await deploy(mocks, "plain", plain);
    assert.equal(d.records.filter((r) => r.type.startsWith("pulumiservice:")).length, 0);
    assert.equal(d.pulumiCloud, undefined);
  });
});

describe("pulumiCloud: the default pack version follows the pack's files", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amg-pack-version-"));
    for (const f of ["package.json", "PulumiPolicy.yaml", "README.md"]) fs.copyFileSync(path.join(PUBLISHABLE_PACK_DIR, f), path.join(tmp, f));
    fs.mkdirSync(path.join(tmp, "bin"));
    fs.copyFileSync(path.join(PUBLISHABLE_PACK_DIR, "bin", "index.js"), path.join(tmp, "bin", "index.js"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("package version plus a digest; unchanged by node_modules; changed by any uploaded file", () => {
    const v = defaultPackVersion(tmp);
    assert.match(v, /^0\.1\.0-[0-9a-f]{12}$/);
    assert.match(v, /^[a-zA-Z0-9-_.]{1,100}$/, "a version tag Pulumi Cloud accepts");
    fs.mkdirSync(path.join(tmp, "node_modules", "x"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "node_modules", "x", "index.js"), "1");
    assert.equal(defaultPackVersion(tmp), v, "node_modules is not uploaded");
    fs.appendFileSync(path.join(tmp, "bin", "index.js"), "\n// changed\n");
    const changed = defaultPackVersion(tmp);
    assert.notEqual(changed, v);
    fs.renameSync(path.join(tmp, "README.md"), path.join(tmp, "README2.md"));
    assert.notEqual(defaultPackVersion(tmp), changed, "a renamed file is a change");
  });
});

describe("pulumiCloud validation: field, value and fix, every problem at once", () => {
  const errorsOf = (pulumiCloud: unknown, extra: Record<string, unknown> = {}) => {
    const r = validateGovernanceConfig({ ...BASE, ...extra, pulumiCloud });
    assert.equal(r.ok, false, "expected the config to be refused");
    return r.ok ? [] : r.errors;
  };

  it("reports every bad value in one pass", () => {
    const errors = errorsOf({ organization: "", stacks: ["ml-app", "contoso/ml-app/prod", "ok/fine"], mode: "block", packVersion: "1.0.0+build", extra: 1 });
    const fields = errors.map((e) => e.field).sort();
    assert.deepEqual(fields, [
      "pulumiCloud.extra",
      "pulumiCloud.mode",
      "pulumiCloud.organization",
      "pulumiCloud.packVersion",
      "pulumiCloud.stacks[0]",
      "pulumiCloud.stacks[1]",
    ]);
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    assert.equal(byField["pulumiCloud.stacks[1]"].value, "contoso/ml-app/prod");
    assert.match(byField["pulumiCloud.stacks[1]"].fix, /drop the organisation \("ml-app\/prod"\)/);
    assert.match(byField["pulumiCloud.stacks[0]"].fix, /project\/stack/);
    assert.equal(byField["pulumiCloud.packVersion"].value, "1.0.0+build");
    assert.match(byField["pulumiCloud.mode"].message, /preventative, audit/);
    for (const e of errors) assert.ok(e.fix.length > 0 && e.message.length > 0, JSON.stringify(e));
  });

  it("organization is required; * cannot be mixed; nothing to enforce is refused", () => {
    assert.deepEqual(
      errorsOf({ stacks: ["a/b"] }).map((e) => e.field),
      ["pulumiCloud.organization"],
    );
    assert.match(errorsOf({ organization: "contoso", stacks: ["*", "a/b"] })[0].message, /cannot be combined/);
    assert.match(errorsOf({ organization: "contoso" })[0].message, /enforced nowhere/);
    assert.match(errorsOf({ organization: "contoso", stacks: [] })[0].message, /enforced nowhere/);
    assert.equal(errorsOf({ organization: "bad org!", stacks: ["a/b"] })[0].field, "pulumiCloud.organization");
  });

  it("also with problems elsewhere: all reported together, and the component registers nothing", async () => {
    const mocks = await installMocks();
    const args = { ...BASE, allowedRegistries: ["-bad-"], pulumiCloud: { organization: "contoso", stacks: ["nope"] } };
    assert.throws(
      () => new MlDeploymentGovernance("bad", args),
      (e: unknown) =>
        e instanceof GovernanceConfigError &&
        e.issues.some((i) => i.field === "allowedRegistries[0]") &&
        e.issues.some((i) => i.field === "pulumiCloud.stacks[0]"),
    );
    await settle();
    assert.deepEqual(mocks.of("bad"), []);
  });

  it("warns when a preventative group could not block (effect Audit)", () => {
    const r = validateGovernanceConfig({ ...BASE, effect: "Audit", pulumiCloud: { organization: "contoso", stacks: ["a/b"], mode: "preventative" } });
    assert.ok(r.ok);
    assert.ok(r.warnings.some((w) => w.field === "pulumiCloud.mode" && /nothing is blocked/.test(w.message)));
  });

  it("stack config: the JSON value of azure-ml-governance:pulumiCloud is read as an object", () => {
    const raw = governanceConfigFromStackValues(
      {
        "azure-ml-governance:scope": BASE.scope,
        "azure-ml-governance:allowedRegistries": '["azureml"]',
        "azure-ml-governance:pulumiCloud": '{"organization":"contoso","stacks":["ml-app/prod"]}',
      },
      "azure-ml-governance",
    );
    const r = validateGovernanceConfig(raw);
    assert.ok(r.ok);
    assert.deepEqual(r.config.pulumiCloud, { organization: "contoso", stacks: [{ project: "ml-app", stack: "prod" }], accounts: [], mode: "preventative" });
  });
});

describe("pulumiCloud: @pulumi/pulumiservice is loaded only when the setting is present", () => {
  /** Constructs the component under mocks in a fresh process and says whether the provider SDK got loaded. */
  function loadsPulumiService(args: MlDeploymentGovernanceArgs): boolean {
    const dist = path.resolve(__dirname, "..", "..");
    const script = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: (a) => a.inputs }, "p", "s", false);
      const { MlDeploymentGovernance } = require(${JSON.stringify(path.join(dist, "components", "ml-deployment-governance"))});
      new MlDeploymentGovernance("g", ${JSON.stringify(args)});
      setImmediate(() => process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes("@pulumi/pulumiservice")))));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: path.resolve(dist, ".."), encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim() === "true";
  }

  it("not loaded without pulumiCloud; loaded with it", function () {
    this.timeout(120_000);
    const { pulumiCloud: _omit, ...plain } = BASE;
    assert.equal(loadsPulumiService(plain), false);
    assert.equal(loadsPulumiService(BASE), true);
  });
});

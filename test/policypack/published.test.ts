/**
 * The pack as Pulumi Cloud gets it: the folder copied alone (what the Pulumi Service provider
 * tarballs: everything but node_modules, .git and .pulumi) into an empty directory with no
 * node_modules above it, installed with a plain `npm install` from the npm registry, then served
 * exactly as the Pulumi CLI serves a published pack (test/support/policy-pack-server.ts) and
 * driven over gRPC. Proves the published pack needs nothing but its registry dependencies.
 *
 * Needs the npm registry (or a warm npm cache): `npm install` here is the real install a client runs.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packConfigFile } from "../support/rule-config";
import { MODEL_POLICY_NAME, PACK_NAME } from "../../crossguard";
import { ServedPack, startPolicyPack } from "../support/policy-pack-server";
import { PULUMI_SURFACES, pulumiInputs } from "../crossguard/fixtures";
import { parseDenial } from "../crossguard/helpers";
import { PACK_DIR, packSetupProblem } from "./pack-dir";

/** What the provider leaves out of the uploaded tarball (pulumi-pulumiservice `tarballDirectory`). */
const NOT_UPLOADED = new Set(["node_modules", ".git", ".pulumi"]);

function copyAsUploaded(from: string, to: string): string[] {
  const copied: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (NOT_UPLOADED.has(e.name)) continue;
      const src = path.join(dir, e.name);
      const rel = path.relative(from, src);
      if (e.isDirectory()) {
        fs.mkdirSync(path.join(to, rel), { recursive: true });
        walk(src);
      } else {
        fs.copyFileSync(src, path.join(to, rel));
        copied.push(rel);
      }
    }
  };
  walk(from);
  return copied.sort();
}

/** The environment for the child npm: none of the parent `npm test`'s lifecycle variables. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig", "npm_config_registry"]);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || keep.has(k.toLowerCase())));
}

/** A directory with no node_modules anywhere above it, so nothing resolves outside the copy. */
function isolatedTmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amg-published-pack-"));
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "node_modules"))) throw new Error(`${d}/node_modules would leak into the isolated pack install`);
    if (path.dirname(d) === d) break;
  }
  return dir;
}

describe("policypack/ published alone: copied to an empty folder, npm install, served over gRPC", function () {
  this.timeout(300_000);
  let tmp: string;
  let packDir: string;
  let copied: string[];
  let pack: ServedPack | undefined;

  const serverless = PULUMI_SURFACES[0];
  const resource = (modelId: string) => ({
    type: "azure-native:machinelearningservices:ServerlessEndpoint",
    name: "chat",
    properties: pulumiInputs(serverless, modelId),
  });

  before(function () {
    const problem = packSetupProblem();
    if (problem) throw new Error(`the policy pack is not built: ${problem}`);
    tmp = isolatedTmp();
    packDir = path.join(tmp, "azure-ml-governance-pack");
    fs.mkdirSync(packDir);
    copied = copyAsUploaded(PACK_DIR, packDir);
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: packDir,
      env: npmEnv(),
      encoding: "utf8",
      timeout: 240_000,
    });
    assert.equal(r.status, 0, `npm install in the copied pack exited ${r.status} (is the npm registry reachable?)\n${r.stdout}\n${r.stderr}`);
  });

  after(async () => {
    if (pack) await pack.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the copy holds the bundle and the pack's metadata, and installs only the two SDK packages at the top level", () => {
    for (const f of ["PulumiPolicy.yaml", "package.json", "package-lock.json", path.join("bin", "index.js")]) assert.ok(copied.includes(f), `${f} was copied`);
    const top = fs
      .readdirSync(path.join(packDir, "node_modules", "@pulumi"))
      .filter((n) => !n.startsWith("."))
      .sort();
    assert.deepEqual(top, ["policy", "pulumi"]);
    assert.ok(!fs.existsSync(path.join(packDir, "node_modules", "azure-ml-governance")), "the package itself is not installed");
    for (const id of ["@pulumi/policy", "@pulumi/pulumi/cmd/run-policy-pack"]) {
      const resolved = require.resolve(id, { paths: [packDir] });
      assert.ok(resolved.startsWith(path.join(packDir, "node_modules") + path.sep), `${id} resolved to ${resolved}`);
    }
  });

  it("serves as the CLI starts it and denies an untrusted model; allows a trusted one", async () => {
    pack = await startPolicyPack(packDir, { policyPackConfig: packConfigFile({ allowedRegistries: ["azureml"], effect: "Deny" }) });
    assert.deepEqual(pack.stderr, []);
    const info = await pack.getAnalyzerInfo();
    assert.equal(info.name, PACK_NAME);
    assert.equal(info.version, (JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { version: string }).version);

    const denied = await pack.analyze(resource("azureml://registries/evil/models/x"));
    assert.equal(denied.length, 1, JSON.stringify(denied));
    assert.equal(denied[0].policyName, MODEL_POLICY_NAME);
    assert.equal(denied[0].enforcementLevel, "mandatory");
    assert.equal(parseDenial(denied[0].message).rule, "trusted-registries");
    // Look-alike registry (Cyrillic 'а'): the bundled core still refuses it.
    const lookAlike = await pack.analyze(resource("azureml://registries/\u0430zureml/models/Phi-4"));
    assert.equal(lookAlike.length, 1);
    assert.equal(lookAlike[0].enforcementLevel, "mandatory");
    assert.deepEqual(await pack.analyze(resource("azureml://registries/azureml/models/Phi-4")), []);
  });
});

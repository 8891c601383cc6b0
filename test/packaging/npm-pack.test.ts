/**
 * What `npm install azure-ml-governance` gives a consumer, checked offline:
 *
 * 1. `npm pack` (with `--ignore-scripts`: `npm test` has just built `dist/` and `policypack/bin/`)
 *    ships exactly the built JavaScript and declarations, the README, LICENSE, CHANGELOG,
 *    PulumiPlugin.yaml and the servable policy pack, and nothing else (no tests, benchmarks,
 *    TypeScript sources or node_modules).
 * 2. A fresh TypeScript project depends on the tarball (`file:`) and installs it with
 *    `npm install --offline`. Its lockfile is derived from this repository's, so every third-party
 *    package resolves to the version `npm ci` put in the local npm cache (without it, npm would
 *    pick the newest version a cached registry document lists, which need not be cached).
 * 3. A consumer program that creates `MlDeploymentGovernance` compiles with `tsc --strict` (the
 *    classic `moduleResolution: node` of Pulumi's TypeScript template, and `node16`, both
 *    importing the subpath exports), then runs under Pulumi mocks and registers the definitions,
 *    the initiative and the assignment.
 * 4. The installed `azure-ml-governance` binary runs (`check`, `render --config`), and the installed
 *    policy pack resolves `@pulumi/policy` and the package from the consumer's node_modules.
 * 5. Next to a newer minor `@pulumi/pulumi` than the one developed against (installed from the
 *    registry), the consumer gets one copy of the SDK (`npm ls`), and still compiles and runs.
 */
import { strict as assert } from "node:assert";
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
};

/** The environment for child npm processes: none of the parent `npm test`'s lifecycle variables. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig", "npm_config_registry"]);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || keep.has(k.toLowerCase())));
}

function run(cmd: string, args: string[], cwd: string, timeout = 180_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: npmEnv(), encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

const timings: string[] = [];
function timed<T>(what: string, f: () => T): T {
  const start = Date.now();
  try {
    return f();
  } finally {
    timings.push(`${what} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

const CONSUMER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { MlDeploymentGovernance, Effect, WorkspaceModels, EffectiveGovernanceConfig } from "azure-ml-governance";
import { decideModelId, validateRuleConfig } from "azure-ml-governance/core";
import { createPolicies } from "azure-ml-governance/crossguard";

const registered: string[] = [];

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));
}

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => {
        registered.push(args.type);
        return { id: \`\${args.name}-id\`, state: args.inputs };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    "consumer",
    "dev",
    false,
  );
  const governance = new MlDeploymentGovernance("ml-governance", {
    scope: "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-ml",
    allowedRegistries: ["azureml", "azureml-meta"],
    blockedModels: ["azureml://registries/azureml/models/Phi-3/versions/2"],
    effect: Effect.Audit,
    workspaceModels: WorkspaceModels.Deny,
  });
  const [initiativeId, assignmentIds, effective, packConfig] = await Promise.all([
    valueOf(governance.initiativeId),
    valueOf(governance.assignmentIds),
    valueOf(governance.effectiveConfig),
    valueOf(governance.policyPackConfig),
  ]);
  const config: EffectiveGovernanceConfig = effective;
  const rules = validateRuleConfig({ allowedRegistries: ["azureml"] });
  if (!rules.ok) throw new Error("rules");
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.stdout.write(
    JSON.stringify({
      registered,
      initiativeId,
      assignments: Object.keys(assignmentIds).length,
      effect: config.effect,
      packConfig,
      decision: decideModelId(rules.config, "azureml://registries/evil/models/x").rule,
      policies: createPolicies().map((p) => p.name),
    }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exitCode = 1;
});
`;

function tsconfig(moduleKind: "commonjs" | "node16"): Record<string, unknown> {
  return {
    compilerOptions: {
      target: "ES2022",
      module: moduleKind,
      moduleResolution: moduleKind === "commonjs" ? "node" : "node16",
      lib: ["ES2022"],
      types: ["node"],
      strict: true,
      noImplicitAny: true,
      esModuleInterop: true,
      skipLibCheck: true,
      outDir: `bin-${moduleKind}`,
    },
    files: ["index.ts"],
  };
}

/** Compiles {@link CONSUMER_PROGRAM} in `consumer` (classic and node16 resolution) and runs it under mocks. */
function compileAndRun(consumer: string, kinds: ReadonlyArray<"commonjs" | "node16"> = ["commonjs", "node16"]): ConsumerResult {
  fs.writeFileSync(path.join(consumer, "index.ts"), CONSUMER_PROGRAM);
  const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
  for (const kind of kinds) {
    fs.writeFileSync(path.join(consumer, `tsconfig.${kind}.json`), JSON.stringify(tsconfig(kind), null, 2));
    timed(`tsc (${kind})`, () => ok(run(process.execPath, [tsc, "-p", `tsconfig.${kind}.json`], consumer), `tsc -p tsconfig.${kind}.json`));
  }
  const out = timed("consumer under mocks", () => ok(run(process.execPath, [path.join("bin-commonjs", "index.js")], consumer), "the consumer program"));
  return JSON.parse(out) as ConsumerResult;
}

/** What the consumer program must have done under mocks. */
function assertConsumerRan(result: ConsumerResult): void {
  const count = (t: string) => result.registered.filter((x) => x === t).length;
  assert.equal(count("azure-ml-governance:index:MlDeploymentGovernance"), 1);
  assert.equal(count("azure-native:authorization:PolicyDefinition"), 6);
  assert.equal(count("azure-native:authorization:PolicySetDefinition"), 1);
  assert.equal(count("azure-native:authorization:PolicyAssignment"), 1);
  assert.equal(result.assignments, 1);
  assert.match(result.initiativeId, /-initiative-id$/);
  assert.equal(result.effect, "Audit");
  assert.deepEqual(result.packConfig["azure-ml-model-governance"].allowedRegistries, ["azureml", "azureml-meta"]);
  assert.equal(result.decision, "trusted-registries");
  assert.ok(result.policies.includes("azure-ml-model-governance"));
}

interface ConsumerResult {
  registered: string[];
  initiativeId: string;
  assignments: number;
  effect: string;
  packConfig: Record<string, Record<string, unknown>>;
  decision: string;
  policies: string[];
}

describe("packaging: npm pack, install offline, compile and run a consumer", function () {
  this.timeout(300_000);

  let tmp: string;
  let tarball: string;
  let files: string[];
  let consumer: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amg-pack-"));
    const out = timed("npm pack", () => ok(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT), "npm pack"));
    const [info] = JSON.parse(out.slice(out.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }>; size: number }>;
    tarball = path.join(tmp, info.filename);
    files = info.files.map((f) => f.path).sort();
    timings.push(`tarball ${(info.size / 1024).toFixed(0)} KB, ${files.length} files`);
  });

  after(function () {
    // eslint-disable-next-line no-console
    console.log(`      ${timings.join("; ")}`);
    if (tmp && !process.env.KEEP_PACKAGING_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("ships dist (JavaScript and declarations), README, LICENSE, CHANGELOG, PulumiPlugin.yaml and the pack, nothing else", () => {
    const top = files.filter((f) => !f.startsWith("dist/") && !f.startsWith("policypack/") && !f.startsWith("docs/"));
    assert.deepEqual(top, ["CHANGELOG.md", "LICENSE", "PulumiPlugin.yaml", "README.md", "package.json"]);
    // Every file the README links to relatively ships, so the links work in node_modules too.
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const linked = [...readme.matchAll(/\]\(([a-zA-Z][^)#:]*?)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    assert.ok(linked.includes("docs/guardrails.md"), "the README links into docs/");
    for (const target of linked) assert.ok(files.includes(target), `README links to ${target}, which the tarball does not ship`);
    const pack = files.filter((f) => f.startsWith("policypack/"));
    assert.deepEqual(
      pack.filter((f) => !f.endsWith(".map")),
      ["policypack/PulumiPolicy.yaml", "policypack/README.md", "policypack/bin/index.js", "policypack/package-lock.json", "policypack/package.json"],
    );
    const dist = files.filter((f) => f.startsWith("dist/"));
    for (const f of dist) {
      assert.match(f, /\.(js|d\.ts|js\.map)$/, `unexpected file ${f}`);
      assert.ok(!/^dist\/(test|bench)\//.test(f) && !/^dist\/index\./.test(f), `test, bench or stack program output shipped: ${f}`);
    }
    for (const f of files) assert.ok(!f.includes("node_modules/") && !(f.endsWith(".ts") && !f.endsWith(".d.ts")), `source or dependency shipped: ${f}`);
    for (const needed of [
      "dist/lib.js",
      "dist/lib.d.ts",
      "dist/cli/main.js",
      "dist/cli/programs/governance-from-config.js",
      "dist/core/index.d.ts",
      "dist/crossguard/index.js",
      "dist/azure-policy/evaluator/index.d.ts",
    ]) {
      assert.ok(files.includes(needed), `missing ${needed}`);
    }
    // Every shipped module has a source: nothing stale from an old build (rm -rf dist && npm run build).
    for (const f of dist.filter((x) => x.endsWith(".js"))) {
      assert.ok(
        fs.existsSync(path.join(ROOT, f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))),
        `stale build output ${f} has no source; rebuild from a clean dist/`,
      );
    }
  });

  it("package.json: entry points, binary, exports and types exist in the tarball", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      main: string;
      types: string;
      bin: Record<string, string>;
      exports: Record<string, { types: string; default: string } | string>;
      typesVersions?: Record<string, Record<string, string[]>>;
    };
    const shipped = (p: string) => assert.ok(files.includes(p.replace(/^\.\//, "")), `${p} is not in the tarball`);
    shipped(pkg.main);
    shipped(pkg.types);
    for (const b of Object.values(pkg.bin)) shipped(b);
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") shipped(target);
      else {
        shipped(target.types);
        shipped(target.default);
        // moduleResolution "node" (Pulumi's TypeScript template) ignores exports: typesVersions maps the subpaths.
        if (key !== "." && key !== "./package.json")
          assert.deepEqual(pkg.typesVersions?.["*"]?.[key.slice(2)], [target.types.slice(2)], `typesVersions for ${key}`);
      }
    }
    assert.match(fs.readFileSync(path.join(ROOT, "dist", "cli", "main.js"), "utf8"), /^#!\/usr\/bin\/env node\n/);
  });

  it("installs offline into a fresh TypeScript project, compiles a consumer with --strict and runs it under mocks", () => {
    consumer = path.join(tmp, "consumer");
    fs.mkdirSync(consumer);
    const dependencies = {
      [PKG.name]: `file:${path.relative(consumer, tarball)}`,
      "@pulumi/pulumi": PKG.devDependencies["@pulumi/pulumi"],
      typescript: PKG.devDependencies.typescript,
      "@types/node": PKG.devDependencies["@types/node"],
    };
    const manifest = { name: "consumer", version: "1.0.0", private: true, dependencies };
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
    // The lockfile: this repository's resolved versions, so the offline install finds every tarball in the cache.
    const rootLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
    const packages: Record<string, unknown> = { "": { name: manifest.name, version: manifest.version, dependencies } };
    for (const [key, entry] of Object.entries(rootLock.packages)) {
      if (key === "") continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
      packages[key] = rest;
    }
    packages[`node_modules/${PKG.name}`] = {
      version: PKG.version,
      resolved: dependencies[PKG.name],
      license: PKG.license,
      dependencies: PKG.dependencies,
      peerDependencies: PKG.peerDependencies,
      peerDependenciesMeta: PKG.peerDependenciesMeta,
      bin: PKG.bin,
      engines: PKG.engines,
    };
    fs.writeFileSync(
      path.join(consumer, "package-lock.json"),
      JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2),
    );

    timed("npm install --offline", () =>
      ok(run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer), "npm install --offline"),
    );
    const installed = path.join(consumer, "node_modules", PKG.name);
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "the package is installed from the tarball, not linked");
    assert.equal((JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string }).version, PKG.version);
    assert.ok(!fs.existsSync(path.join(installed, "node_modules")), "no nested dependencies (all resolved at the top)");

    const result = compileAndRun(consumer);
    assertConsumerRan(result);
  });

  it("the installed binary checks and renders; the installed pack finds its dependencies", () => {
    assert.ok(consumer, "the install test ran");
    const bin = path.join(consumer, "node_modules", ".bin", "azure-ml-governance");
    const config = path.join(consumer, "gov.json");
    fs.writeFileSync(config, JSON.stringify({ scope: "/subscriptions/22222222-2222-2222-2222-222222222222", allowedRegistries: ["azureml"] }));
    const denied = run(bin, ["check", "--config", config, "--model", "azureml://registries/evil/models/x"], consumer);
    assert.equal(denied.status, 1, denied.stderr);
    assert.match(denied.stdout, /^DENY {2}azureml:\/\/registries\/evil\/models\/x\n {6}\[trusted-registries\]/);
    assert.equal(ok(run(bin, ["--version"], consumer), "--version").trim(), PKG.version);
    const rendered = timed("render --config (installed)", () => ok(run(bin, ["render", "--config", config, "--format", "json"], consumer), "render --config"));
    assert.equal(
      (JSON.parse(rendered) as { resources: Array<{ type: string }> }).resources.filter((r) => r.type === "azure-native:authorization:PolicyDefinition").length,
      6,
    );

    // The pack as `pulumi preview --policy-pack node_modules/azure-ml-governance/policypack` runs it.
    const packDir = path.join(consumer, "node_modules", PKG.name, "policypack");
    const resolve = `for (const m of ["@pulumi/policy", "@pulumi/pulumi", "azure-ml-governance/crossguard", "azure-ml-governance/core"]) console.log(require.resolve(m, { paths: [${JSON.stringify(path.join(packDir, "bin"))}] }));`;
    const resolved = ok(run(process.execPath, ["-e", resolve], consumer), "resolving the pack's imports")
      .trim()
      .split("\n");
    for (const r of resolved) assert.ok(r.startsWith(path.join(consumer, "node_modules") + path.sep), `${r} is outside the consumer's node_modules`);
  });
  it("next to a newer minor @pulumi/pulumi (from the registry), installs one copy of the SDK and still compiles and runs", function () {
    // The consumer's own SDK, one minor above the version this package is built and tested with.
    const [major, minor] = PKG.devDependencies["@pulumi/pulumi"].split(".").map(Number);
    const newer = `${major}.${minor + 1}.0`;
    assert.ok(PKG.peerDependencies["@pulumi/pulumi"].startsWith("^"), "the SDK is a peer dependency with a compatible range");
    assert.equal(PKG.dependencies["@pulumi/pulumi"], undefined, "no exact pin in dependencies");
    assert.equal(PKG.dependencies["ts-node"], undefined, "ts-node is not a runtime dependency");
    const fresh = path.join(tmp, "consumer-newer-sdk");
    fs.mkdirSync(fresh);
    const dependencies = {
      [PKG.name]: `file:${path.relative(fresh, tarball)}`,
      "@pulumi/pulumi": newer,
      typescript: PKG.devDependencies.typescript,
      "@types/node": PKG.devDependencies["@types/node"],
    };
    fs.writeFileSync(path.join(fresh, "package.json"), JSON.stringify({ name: "consumer-newer-sdk", version: "1.0.0", private: true, dependencies }, null, 2));
    timed("npm install (registry, newer SDK)", () =>
      ok(run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict=false"], fresh, 280_000), "npm install"),
    );
    const ls = run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], fresh);
    assert.equal(ls.status, 0, `npm ls reports problems:\n${ls.stdout}\n${ls.stderr}`);
    const versions = new Set<string>();
    const walk = (node: { version?: string; dependencies?: Record<string, unknown> }, name?: string): void => {
      if (name === "@pulumi/pulumi" && node.version) versions.add(node.version);
      for (const [n, child] of Object.entries(node.dependencies ?? {})) walk(child as typeof node, n);
    };
    walk(JSON.parse(ls.stdout) as { dependencies?: Record<string, unknown> });
    assert.deepEqual([...versions], [newer], "exactly one copy of @pulumi/pulumi, the consumer's");
    assert.ok(!fs.existsSync(path.join(fresh, "node_modules", PKG.name, "node_modules", "@pulumi")), "no nested @pulumi packages under the package");
    // Pulumi's template resolution is enough here: both were compiled against the pinned SDK above.
    assertConsumerRan(compileAndRun(fresh, ["commonjs"]));
  });
});

/**
 * The pack folder as the CLI, `pulumi policy publish` and the Pulumi Service provider see it, and
 * the promises the pack makes about its code: the core is bundled from source (never copied by
 * hand), only registry dependencies, no `@pulumi/azure-native`, no run-time `@pulumi/*` import in
 * the policies module, no TypeScript compilation at start-up.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { PACK_DIR, ROOT } from "./pack-dir";
const read = (...p: string[]): string => fs.readFileSync(path.join(...p), "utf8");

/** Every .ts file under a directory (not node_modules / bin). */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "bin") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("policypack/ layout", () => {
  const pkg = JSON.parse(read(PACK_DIR, "package.json")) as {
    name: string;
    version: string;
    main: string;
    files: string[];
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

  it("PulumiPolicy.yaml: nodejs runtime, a description, no version override", () => {
    const y = YAML.parse(read(PACK_DIR, "PulumiPolicy.yaml")) as Record<string, unknown>;
    assert.equal(y.runtime, "nodejs");
    assert.equal(typeof y.description, "string");
    assert.equal(y.version, undefined, "the pack's version is package.json's");
  });

  it("package.json: name, version, main, exact registry SDK versions and nothing else, no typescript", () => {
    const root = JSON.parse(read(ROOT, "package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    assert.equal(pkg.name, "azure-ml-governance-policypack");
    assert.equal(pkg.version, "0.1.0");
    assert.equal(pkg.main, "bin/index.js");
    assert.deepEqual(pkg.dependencies, { "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0" });
    assert.equal(pkg.dependencies["@pulumi/policy"], root.dependencies["@pulumi/policy"], "same @pulumi/policy as the package");
    // The package takes the SDK as a peer (one copy in a consumer); it is developed against this exact version.
    assert.equal(pkg.dependencies["@pulumi/pulumi"], root.devDependencies["@pulumi/pulumi"], "same @pulumi/pulumi as the package");
    assert.equal(pkg.devDependencies, undefined);
    assert.deepEqual(pkg.files, ["bin/", "PulumiPolicy.yaml", "README.md"]);
  });

  it("package-lock.json: every package from the npm registry, none linked or by path, no azure-native", () => {
    const lock = JSON.parse(read(PACK_DIR, "package-lock.json")) as {
      packages: Record<string, { link?: boolean; resolved?: string; dependencies?: Record<string, string> }>;
    };
    assert.deepEqual(lock.packages[""].dependencies, pkg.dependencies);
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === "") continue;
      assert.ok(key.startsWith("node_modules/"), `the lock installs ${key} outside the pack`);
      assert.ok(!entry.link, `${key} is a link`);
      // A registry tarball has an integrity hash; `resolved` (left out by npm's
      // omit-lockfile-registry-resolved) may only name the registry.
      assert.ok((entry as { integrity?: string }).integrity?.startsWith("sha512-"), `${key} has no registry integrity hash`);
      if (entry.resolved !== undefined) assert.match(entry.resolved, /^https:\/\/registry\.npmjs\.org\//, `${key} does not come from the registry`);
    }
    assert.ok(!Object.keys(lock.packages).some((k) => k.endsWith("node_modules/@pulumi/azure-native")), "no azure-native in the pack");
    assert.ok(!Object.keys(lock.packages).some((k) => k.endsWith("node_modules/azure-ml-governance")), "the package is bundled, not installed");
  });

  it("no tsconfig.json in the pack folder (uploaded with it, it would stop the pack); the entry is type-checked from tools/", () => {
    // run-policy-pack passes a tsconfig.json in the pack folder to the TypeScript 3.8 vendored in
    // @pulumi/pulumi wherever no newer typescript resolves (a pack installed alone), and that
    // rejects ES2022 options before the pack starts (caught by published.test.ts).
    assert.ok(!fs.existsSync(path.join(PACK_DIR, "tsconfig.json")));
    const ts = JSON.parse(read(ROOT, "tools", "tsconfig.policypack.json")) as { compilerOptions: Record<string, unknown>; files: string[] };
    assert.deepEqual(ts.files, ["../policypack/index.ts"]);
    assert.equal(ts.compilerOptions.noEmit, true);
  });

  it("the entry imports the policies from the package's source and only constructs the pack", () => {
    const src = read(PACK_DIR, "index.ts");
    const imports = [...src.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(imports.sort(), ["../crossguard", "@pulumi/policy"]);
    assert.equal((src.match(/new PolicyPack\(/g) ?? []).length, 1);
  });

  it("the bundle requires only @pulumi/policy and Node built-ins at run time, and carries the policies and the core", () => {
    const bundle = read(PACK_DIR, "bin", "index.js");
    // Calls only: ajv's code generator holds `require("ajv/dist/runtime/…")` inside string literals.
    const requires = [...bundle.matchAll(/(?<![\w$.'"`])require\("([^"]+)"\)/g)].map((m) => m[1]);
    const builtins = new Set(builtinModules);
    assert.deepEqual([...new Set(requires.filter((r) => !builtins.has(r.replace(/^node:/, ""))))], ["@pulumi/policy"]);
    assert.ok(bundle.includes('"azure-ml-model-governance"'), "the model policy is inside");
    assert.ok(bundle.includes("azureml://registries/"), "the rules core is inside");
    assert.ok(!bundle.includes("@pulumi/azure-native"), "no azure-native");
    assert.ok(!fs.readdirSync(path.join(PACK_DIR, "bin")).some((f) => f.endsWith(".map")), "no source maps with build paths in the published folder");
  });

  it("the bundle is up to date and deterministic: rebuilding gives the same bytes", function () {
    this.timeout(60_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amg-bundle-"));
    try {
      const out = path.join(tmp, "index.js");
      const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "bundle-policypack.mjs"), "--outfile", out], { cwd: ROOT, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(
        fs.readFileSync(out).equals(fs.readFileSync(path.join(PACK_DIR, "bin", "index.js"))),
        "policypack/bin/index.js differs from a fresh build: run npm run build",
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("no @pulumi/azure-native anywhere in the pack, the policies or the template walker", () => {
    for (const f of [...tsFiles(path.join(ROOT, "crossguard")), path.join(PACK_DIR, "index.ts"), path.join(ROOT, "core", "arm-template.ts")]) {
      assert.ok(!/["']@pulumi\/azure-native/.test(read(f)), `${path.relative(ROOT, f)} imports @pulumi/azure-native`);
    }
  });

  it("the compiled policies load no @pulumi/* module at run time (the pack's own SDK serves them)", () => {
    const dir = path.join(ROOT, "dist", "crossguard");
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".js"))) {
      const requires = [...read(dir, f).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      for (const r of requires) assert.ok(r.startsWith("."), `dist/crossguard/${f} requires ${r}`);
    }
  });

  it("the policies call the rules core, never a copy of it", () => {
    for (const f of tsFiles(path.join(ROOT, "crossguard"))) {
      const src = read(f);
      assert.ok(!/function (parseModelId|decide|compileRules|readSurface|surfaceForToken)\b/.test(src), `${path.relative(ROOT, f)} redefines a core function`);
      assert.ok(
        !/azureml:\/\/registries\/|serverlessEndpointProperties|machinelearningservices:/.test(src.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "")),
        `${path.relative(ROOT, f)} hard-codes surface or model-id knowledge`,
      );
    }
  });

  it("importing the policies module starts no server", () => {
    const before = process.listenerCount("exit");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(ROOT, "dist", "crossguard")) as { policies: unknown[] };
    assert.equal(mod.policies.length, 1);
    assert.equal(process.listenerCount("exit"), before);
  });
});

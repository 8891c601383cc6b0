/**
 * The pack folder as the CLI and `pulumi policy publish` see it, and the promises the pack makes
 * about its code: the core is imported (never copied), no `@pulumi/azure-native`, no run-time
 * `@pulumi/*` import in the policies module, no TypeScript compilation at start-up.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
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

  it("package.json: name, version, main, exact SDK versions, the package by path, no typescript", () => {
    const root = JSON.parse(read(ROOT, "package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    assert.equal(pkg.name, "azure-ml-governance-policypack");
    assert.equal(pkg.version, "0.1.0");
    assert.equal(pkg.main, "bin/index.js");
    assert.deepEqual(pkg.dependencies, { "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0", "azure-ml-governance": "file:.." });
    assert.equal(pkg.dependencies["@pulumi/policy"], root.dependencies["@pulumi/policy"], "same @pulumi/policy as the package");
    // The package takes the SDK as a peer (one copy in a consumer); it is developed against this exact version.
    assert.equal(pkg.dependencies["@pulumi/pulumi"], root.devDependencies["@pulumi/pulumi"], "same @pulumi/pulumi as the package");
    assert.equal(pkg.devDependencies, undefined);
    assert.ok(!("typescript" in pkg.dependencies) && !("ts-node" in pkg.dependencies));
    assert.deepEqual(pkg.files, ["bin/", "PulumiPolicy.yaml", "README.md"]);
  });

  it("package-lock.json links the package (file:..) and installs none of its dependencies", () => {
    const lock = JSON.parse(read(PACK_DIR, "package-lock.json")) as { packages: Record<string, { link?: boolean; resolved?: string }> };
    assert.deepEqual(lock.packages["node_modules/azure-ml-governance"], { resolved: "..", link: true });
    for (const key of Object.keys(lock.packages)) assert.ok(!key.startsWith("../"), `the lock installs ${key} into the package`);
    assert.ok(!Object.keys(lock.packages).some((k) => k.endsWith("node_modules/@pulumi/azure-native")), "no azure-native in the pack");
  });

  it("tsconfig compiles index.ts to the main file", () => {
    const ts = JSON.parse(read(PACK_DIR, "tsconfig.json")) as { compilerOptions: Record<string, unknown>; files: string[] };
    assert.deepEqual(ts.files, ["index.ts"]);
    assert.equal(ts.compilerOptions.outDir, "bin");
  });

  it("the entry imports the policies by package name and only constructs the pack", () => {
    const src = read(PACK_DIR, "index.ts");
    const imports = [...src.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(imports.sort(), ["@pulumi/policy", "azure-ml-governance/crossguard"]);
    assert.equal((src.match(/new PolicyPack\(/g) ?? []).length, 1);
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

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ProjectError, SECURE_PLACEHOLDER, listStacks, loadProject, loadStackConfig } from "../../../cli/program/project";
import { FIXTURE_DIR } from "./paths";

/** Writes `files` into a fresh temp directory and returns its path. */
function tempProject(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-project-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

function expectProjectError(fn: () => unknown, code: ProjectError["code"]): ProjectError {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof ProjectError, `expected ProjectError, got ${String(err)}`);
        assert.strictEqual(err.code, code, err.message);
        return err;
    }
    assert.fail(`expected ProjectError ${code}`);
}

describe("cli/program/project", () => {
    const temps: string[] = [];
    const temp = (files: Record<string, string>): string => {
        const dir = tempProject(files);
        temps.push(dir);
        return dir;
    };
    after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    describe("loadProject", () => {
        it("parses name, runtime, main and typed config declarations", () => {
            const p = loadProject(FIXTURE_DIR);
            assert.strictEqual(p.name, "mock-program");
            assert.strictEqual(p.runtime, "nodejs");
            assert.strictEqual(p.main, "index.ts");
            assert.strictEqual(p.file, path.join(FIXTURE_DIR, "Pulumi.yaml"));
            assert.strictEqual(p.programPath, path.join(FIXTURE_DIR, "index.ts"));
            assert.strictEqual(p.stackConfigDir, FIXTURE_DIR);
            assert.deepStrictEqual(p.config, [
                {
                    key: "mock-program:policyPrefix",
                    type: "string",
                    description: "Prefix for policy definition and assignment names.",
                    hasDefault: true,
                    default: "mlgov",
                },
                {
                    key: "mock-program:maxModels",
                    type: "integer",
                    description: "Largest number of approved models (no default, every stack sets it).",
                    hasDefault: false,
                },
                { key: "mock-program:enforce", type: "boolean", description: "Deny (true) or audit (false).", hasDefault: true, default: true },
                { key: "azure-native:location", hasDefault: true, default: "westeurope" },
            ]);
        });

        it("finds Pulumi.yaml in a parent directory, like the CLI", () => {
            assert.strictEqual(loadProject(path.join(FIXTURE_DIR, "errors")).dir, FIXTURE_DIR);
        });

        it("accepts runtime as a mapping with options", () => {
            const dir = temp({ "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n" });
            const p = loadProject(dir);
            assert.strictEqual(p.runtime, "nodejs");
            assert.deepStrictEqual(p.runtimeOptions, { typescript: false });
            assert.strictEqual(p.programPath, dir);
        });

        it("reports a missing Pulumi.yaml with the directory and the fix", () => {
            const dir = temp({ "README.md": "no project here" });
            const err = expectProjectError(() => loadProject(dir), "PROJECT_NOT_FOUND");
            assert.match(err.message, /No Pulumi\.yaml found in .*mlgov-project-/);
            assert.match(err.message, /directory that contains the project's Pulumi\.yaml/);
        });

        it("reports bad YAML with the file and position", () => {
            const dir = temp({ "Pulumi.yaml": "name: p\nruntime: nodejs\nconfig:\n  a: [1, 2\n" });
            const err = expectProjectError(() => loadProject(dir), "INVALID_YAML");
            assert.strictEqual(err.file, path.join(dir, "Pulumi.yaml"));
            assert.ok(err.message.startsWith(`${path.join(dir, "Pulumi.yaml")} is not valid YAML`), err.message);
            assert.match(err.message, /line \d+/);
        });

        it("rejects a project without name or runtime", () => {
            expectProjectError(() => loadProject(temp({ "Pulumi.yaml": "runtime: nodejs\n" })), "INVALID_PROJECT");
            expectProjectError(() => loadProject(temp({ "Pulumi.yaml": "name: p\n" })), "INVALID_PROJECT");
        });
    });

    describe("loadStackConfig", () => {
        it("flattens stack config the way the engine passes it, with project defaults filled in", () => {
            const p = loadProject(FIXTURE_DIR);
            const s = loadStackConfig(FIXTURE_DIR, p, "dev");
            assert.strictEqual(s.file, path.join(FIXTURE_DIR, "Pulumi.dev.yaml"));
            assert.deepStrictEqual(s.config, {
                "mock-program:maxModels": "3",
                "mock-program:scope": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ml-dev",
                "mock-program:registries": '{"allowed":["azureml","azureml-meta"],"owner":"platform-team"}',
                "mock-program:apiToken": SECURE_PLACEHOLDER,
                "azure-native:subscriptionId": "11111111-1111-1111-1111-111111111111",
                // Defaults from Pulumi.yaml for keys the stack does not set, including another namespace:
                "mock-program:policyPrefix": "mlgov",
                "mock-program:enforce": "true",
                "azure-native:location": "westeurope",
            });
        });

        it("lets stack values override project defaults", () => {
            const s = loadStackConfig(FIXTURE_DIR, "mock-program", "prod");
            assert.strictEqual(s.config["mock-program:policyPrefix"], "mlgov-prod");
            assert.strictEqual(s.config["mock-program:enforce"], "false");
            assert.deepStrictEqual(JSON.parse(s.config["mock-program:registries"] ?? ""), { allowed: ["azureml"] });
            assert.deepStrictEqual(s.warnings, []);
            assert.deepStrictEqual(s.secretKeys, []);
        });

        it("replaces secure values with a placeholder, marks them secret and warns", () => {
            const s = loadStackConfig(FIXTURE_DIR, "mock-program", "dev");
            assert.deepStrictEqual(s.secretKeys, ["mock-program:apiToken"]);
            assert.strictEqual(s.warnings.length, 1);
            assert.match(s.warnings[0] ?? "", /Pulumi\.dev\.yaml: 'mock-program:apiToken' is a secure value that cannot be decrypted offline/);
        });

        it("replaces secure values nested in structured config", () => {
            const dir = temp({
                "Pulumi.yaml": "name: p\nruntime: nodejs\n",
                "Pulumi.s.yaml": "config:\n  p:db:\n    user: admin\n    password:\n      secure: v1:abc\n",
            });
            const s = loadStackConfig(dir, "p", "s");
            assert.deepStrictEqual(JSON.parse(s.config["p:db"] ?? ""), { user: "admin", password: SECURE_PLACEHOLDER });
            assert.deepStrictEqual(s.secretKeys, ["p:db"]);
        });

        it("lists the existing stacks when the requested one has no settings file", () => {
            assert.deepStrictEqual(listStacks(loadProject(FIXTURE_DIR)), ["dev", "prod"]);
            const err = expectProjectError(() => loadStackConfig(FIXTURE_DIR, "mock-program", "staging"), "STACK_NOT_FOUND");
            assert.deepStrictEqual(err.availableStacks, ["dev", "prod"]);
            assert.strictEqual(err.file, path.join(FIXTURE_DIR, "Pulumi.staging.yaml"));
            assert.match(err.message, /Stack 'staging' has no settings file: .*Pulumi\.staging\.yaml does not exist/);
            assert.match(err.message, /Stacks with a settings file: dev, prod\./);
        });

        it("uses the last segment of an org/project/stack name", () => {
            assert.strictEqual(loadStackConfig(FIXTURE_DIR, "mock-program", "acme/mock-program/dev").stack, "acme/mock-program/dev");
        });

        it("honours stackConfigDir and qualifies bare keys with the project name", () => {
            const dir = temp({
                "Pulumi.yaml": "name: p\nruntime: nodejs\nstackConfigDir: stacks\n",
                "stacks/Pulumi.dev.yaml": "config:\n  region: westeurope\n  p:count: 2\n",
            });
            const p = loadProject(dir);
            assert.strictEqual(p.stackConfigDir, path.join(dir, "stacks"));
            assert.deepStrictEqual(loadStackConfig(dir, p, "dev").config, { "p:region": "westeurope", "p:count": "2" });
        });

        it("requires declared keys without a default and checks declared types", () => {
            const dir = temp({
                "Pulumi.yaml": "name: p\nruntime: nodejs\nconfig:\n  size:\n    type: integer\n",
                "Pulumi.a.yaml": "config: {}\n",
                "Pulumi.b.yaml": "config:\n  p:size: large\n",
                "Pulumi.c.yaml": "config:\n  p:size: '4'\n",
                "Pulumi.d.yaml": "config:\n  p:size: [1\n",
            });
            const missing = expectProjectError(() => loadStackConfig(dir, "p", "a"), "MISSING_CONFIG");
            assert.match(missing.message, /missing configuration value 'p:size'/);
            const mismatch = expectProjectError(() => loadStackConfig(dir, "p", "b"), "CONFIG_TYPE_MISMATCH");
            assert.match(mismatch.message, /p:size: must be of type 'integer', got "large"\. Fix: write a whole number/);
            assert.strictEqual(loadStackConfig(dir, "p", "c").config["p:size"], "4");
            const bad = expectProjectError(() => loadStackConfig(dir, "p", "d"), "INVALID_YAML");
            assert.strictEqual(bad.file, path.join(dir, "Pulumi.d.yaml"));
        });

        it("warns that ESC environments are not resolved", () => {
            const dir = temp({ "Pulumi.yaml": "name: p\nruntime: nodejs\n", "Pulumi.e.yaml": "environment:\n  - shared\n" });
            const s = loadStackConfig(dir, "p", "e");
            assert.deepStrictEqual(s.config, {});
            assert.match(s.warnings[0] ?? "", /ESC/);
        });

        it("refuses a project name that does not match the directory's Pulumi.yaml", () => {
            expectProjectError(() => loadStackConfig(FIXTURE_DIR, "other", "dev"), "INVALID_PROJECT");
        });
    });
});

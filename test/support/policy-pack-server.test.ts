import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic, ServedPack, parsePolicyPackConfig, reconcilePolicyPackConfig, secret, startPolicyPack, unknown } from "./policy-pack-server";

/** Find test/fixtures/minimal-pack whether we run from dist/ or a standalone build elsewhere. */
function fixtureDir(): string {
    const rel = path.join("test", "fixtures", "minimal-pack");
    for (let d = __dirname; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, rel, "PulumiPolicy.yaml"))) return path.join(d, rel);
        if (path.dirname(d) === d) break;
    }
    return path.resolve(rel); // from the repo root (cwd)
}

/** Repo node_modules (where @pulumi/policy lives), for throw-away packs created outside the tree. */
const ROOT_NODE_MODULES = path.resolve(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "..", "..");

/** Write a throw-away pack into a temp dir; `linkDeps` symlinks the repo's node_modules into it. */
function tempPack(indexJs: string, linkDeps: boolean): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-harness-"));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "temp-pack", version: "0.0.1", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), indexJs);
    if (linkDeps) fs.symlinkSync(ROOT_NODE_MODULES, path.join(dir, "node_modules"), "dir");
    return dir;
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

const TYPE = "test:index:Widget";
const DESCRIPTION = "Resources must not set 'forbidden' to true.";
const DEFAULT_REASON = "forbidden resources are not allowed";

describe("policy-pack-server harness (minimal-pack served like the Pulumi CLI)", function () {
    this.timeout(20_000);
    let pack: ServedPack;

    before(async () => {
        pack = await startPolicyPack(fixtureDir());
    });

    after(async () => {
        await pack?.stop();
    });

    // Each test starts from the CLI's default configuration (no --policy-pack-config).
    beforeEach(async () => {
        await pack.configureFromFile({});
    });

    it("starts: port read from stdout, nothing else printed", () => {
        assert.ok(pack.port > 0);
        assert.ok(isAlive(pack.pid));
        assert.ok(pack.startupMs > 0 && pack.readyMs >= pack.startupMs);
        assert.deepEqual(pack.stdout, []);
        assert.deepEqual(pack.stderr, []);
    });

    it("getAnalyzerInfo returns the pack metadata as plain data", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.deepEqual(info, {
            name: "minimal-pack",
            version: "0.0.1",
            packReportedVersion: "0.0.1",
            supportsConfig: true,
            policies: [
                {
                    name: "minimal-policy",
                    description: DESCRIPTION,
                    enforcementLevel: "mandatory",
                    policyType: "resource",
                    configSchema: { properties: { reason: { type: "string", default: DEFAULT_REASON } } },
                },
            ],
            initialConfig: {},
        });
        assert.equal(await pack.getPluginVersion(), "1.21.0");
    });

    it("configureFromFile fills in schema defaults like the CLI (the pack itself does not)", async () => {
        const sent = await pack.configureFromFile({});
        assert.deepEqual(sent, { "minimal-policy": { enforcementLevel: "mandatory", properties: { reason: DEFAULT_REASON } } });
        const [d] = await pack.analyze({ type: TYPE, properties: { forbidden: true } });
        assert.equal(d.message, `${DESCRIPTION}\nforbidden=true: ${DEFAULT_REASON}`);

        // Contrast: a raw, empty Configure (never what the CLI sends) leaves getConfig() empty.
        await pack.configure({});
        const [raw] = await pack.analyze({ type: TYPE, properties: { forbidden: true } });
        assert.equal(raw.message, `${DESCRIPTION}\nforbidden=true: <no config received>`);
    });

    it("config file overrides level and properties; 'all' sets every policy's level", async () => {
        await pack.configureFromFile({ "minimal-policy": { enforcementLevel: "advisory", reason: "custom reason" } });
        const [d] = await pack.analyze({ type: TYPE, properties: { forbidden: true } });
        assert.equal(d.enforcementLevel, "advisory");
        assert.equal(d.message, `${DESCRIPTION}\nforbidden=true: custom reason`);

        const sent = await pack.configureFromFile({ all: "disabled" });
        // The CLI also forwards the "all" entry itself to Configure.
        assert.deepEqual(sent, {
            "minimal-policy": { enforcementLevel: "disabled", properties: { reason: DEFAULT_REASON } },
            all: { enforcementLevel: "disabled", properties: {} },
        });
        assert.deepEqual(await pack.analyze({ type: TYPE, properties: { forbidden: true } }), []);
    });

    it("config that fails the policy's schema or names a bad level is rejected before Configure", async () => {
        await assert.rejects(
            pack.configureFromFile({ "minimal-policy": { reason: 42 } }),
            /validating policy config: minimal-pack 0\.0\.1\n {2}minimal-policy: reason must be string/,
        );
        await assert.rejects(pack.configureFromFile({ "minimal-policy": "strict" }), /"strict" is not a valid enforcement level/);
    });

    it("analyze: a violating resource gives one mandatory diagnostic", async () => {
        const diags = await pack.analyze({ type: TYPE, name: "bad", properties: { forbidden: true } });
        assert.deepEqual(diags, [
            {
                policyName: "minimal-policy",
                policyPackName: "minimal-pack",
                policyPackVersion: "0.0.1",
                description: DESCRIPTION,
                message: `${DESCRIPTION}\nforbidden=true: ${DEFAULT_REASON}`,
                enforcementLevel: "mandatory",
                urn: "", // the engine fills in the resource's URN when the policy blames none
            } satisfies Diagnostic,
        ]);
    });

    it("analyze: compliant resources give no diagnostics", async () => {
        assert.deepEqual(await pack.analyze({ type: TYPE, properties: { forbidden: false } }), []);
        assert.deepEqual(await pack.analyzeDetailed({ type: TYPE, properties: {} }), { diagnostics: [], notApplicable: [] });
    });

    it('analyze: an unknown (preview) value gives the advisory "can\'t run policy" diagnostic', async () => {
        const diags = await pack.analyze({ type: TYPE, properties: { forbidden: unknown() } });
        assert.equal(diags.length, 1);
        assert.equal(diags[0].enforcementLevel, "advisory");
        assert.equal(
            diags[0].message,
            "can't run policy 'minimal-policy' from policy pack 'minimal-pack@v0.0.1' during preview: " +
                "string value at .forbidden can't be known during preview",
        );
        const asBool = await pack.analyze({ type: TYPE, properties: { forbidden: unknown("boolean") } });
        assert.match(asBool[0].message, /boolean value at \.forbidden can't be known during preview$/);
    });

    it("analyze: secrets are unwrapped before the policy sees them", async () => {
        const diags = await pack.analyze({ type: TYPE, properties: { forbidden: secret(true) } });
        assert.equal(diags.length, 1);
        assert.equal(diags[0].enforcementLevel, "mandatory");
    });

    it("remediate: nothing to do for a validate-only mandatory policy", async () => {
        assert.deepEqual(await pack.remediate({ type: TYPE, properties: { forbidden: true } }), { remediations: [], notApplicable: [] });
    });

    it("stop() kills the child process and is idempotent", async () => {
        const pid = pack.pid;
        const exit = await pack.stop();
        assert.equal(exit.signal, "SIGTERM");
        assert.equal(isAlive(pid), false);
        assert.deepEqual(await pack.stop(), exit);
        await assert.rejects(pack.analyze({ type: TYPE, properties: {} }), /Analyzer\.Analyze failed: policy pack ".*" has been stopped/);
    });
});

describe("policy-pack-server harness: start-up failures", function () {
    this.timeout(20_000);
    const temps: string[] = [];
    after(() => {
        for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
    });

    it("missing pack directory", async () => {
        await assert.rejects(
            startPolicyPack(path.join(os.tmpdir(), "no-such-policy-pack-dir")),
            /policy pack directory ".*no-such-policy-pack-dir" does not exist/,
        );
    });

    it("directory without PulumiPolicy.yaml", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-harness-"));
        temps.push(dir);
        await assert.rejects(startPolicyPack(dir), /failed to load Pulumi policy project located at .*PulumiPolicy\.yaml/);
    });

    it("pack whose dependencies are not installed (CLI wording)", async function () {
        // NODE_PATH would make @pulumi/pulumi resolvable from anywhere.
        if (process.env.NODE_PATH) this.skip();
        const dir = tempPack("module.exports = {};\n", false);
        temps.push(dir);
        await assert.rejects(startPolicyPack(dir), /it looks like the policy pack's dependencies are not installed/);
    });

    it("pack that throws while loading: exit code and the pack's stderr in the error", async () => {
        const dir = tempPack('throw new Error("boom while loading the pack");\n', true);
        temps.push(dir);
        await assert.rejects(startPolicyPack(dir), (e: unknown) => {
            assert.ok(e instanceof Error);
            assert.match(e.message, /exited \(code 32, signal null\) before printing its port/);
            assert.match(
                e.message,
                /--- stderr ---\nerror: \[runtime\] Running program '.*' failed with an unhandled exception:\n\s+Error: boom while loading the pack/,
            );
            return true;
        });
    });

    it("pack that prints before its port fails like under the CLI (unless lenientPort)", async () => {
        const dir = tempPack('console.log("hello");\nnew (require("@pulumi/policy").PolicyPack)("chatty", { policies: [] });\n', true);
        temps.push(dir);
        await assert.rejects(startPolicyPack(dir), /wrote a non-numeric port to stdout \('hello'\)/);
        const served = await startPolicyPack(dir, { lenientPort: true });
        try {
            assert.deepEqual(served.stdout, ["hello"]);
        } finally {
            await served.stop();
        }
    });

    it("time-out while waiting for the port kills the child", async () => {
        const before = Date.now();
        await assert.rejects(startPolicyPack(fixtureDir(), { timeoutMs: 50 }), /did not print its port within 50 ms/);
        assert.ok(Date.now() - before < 5_000);
    });
});

describe("policy-pack-server config reconciliation (pure)", () => {
    const policies = [
        {
            name: "a",
            description: "",
            enforcementLevel: "mandatory" as const,
            policyType: "resource" as const,
            configSchema: { properties: { x: { type: "number", default: 1 } } },
        },
        { name: "b", description: "", enforcementLevel: "advisory" as const, policyType: "resource" as const },
    ];

    it("defaults → initialConfig → file, in that order", () => {
        const { config, validationErrors } = reconcilePolicyPackConfig(
            policies,
            { a: { enforcementLevel: "advisory", properties: { x: 2 } } },
            parsePolicyPackConfig({ a: { x: 3 }, b: "disabled" }),
        );
        assert.deepEqual(validationErrors, []);
        assert.deepEqual(config, {
            a: { enforcementLevel: "advisory", properties: { x: 3 } },
            b: { enforcementLevel: "disabled", properties: {} },
        });
    });

    it("parse drops empty entries and rejects non-string/non-object values", () => {
        assert.deepEqual(parsePolicyPackConfig({ a: {} }), {});
        assert.throws(() => parsePolicyPackConfig({ a: 1 }), /parsing "a": 1 is not a valid value; must be a string or object/);
    });
});

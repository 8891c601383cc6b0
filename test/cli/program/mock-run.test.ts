import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

import { ProgramLoadError, runProgramUnderMocks, type RunProgramOptions, type RunProgramResult } from "../../../cli/program/mock-run";
import { SECURE_PLACEHOLDER, loadStack } from "../../../cli/program/project";
import { ERROR_FIXTURES_DIR, EXTRA_FIXTURES_DIR, FIXTURE_DIR, REPO_ROOT } from "./paths";

const SUB = "11111111-1111-1111-1111-111111111111";
const SCOPE = `/subscriptions/${SUB}/resourceGroups/ml-dev`;
const DEFINITION_ID = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/mlgov-allowed-registries`;
const ASSIGNMENT_ID = `${SCOPE}/providers/Microsoft.Authorization/policyAssignments/mlgov-assignment`;

/** Options for running the fixture project's `stack`, as the render command will build them. */
function fixtureRun(stack: string, extra: Partial<RunProgramOptions> = {}): RunProgramOptions {
    return { ...loadStack(FIXTURE_DIR, stack).run, ...extra };
}

function byName(result: RunProgramResult, name: string): RunProgramResult["resources"][number] {
    const found = result.resources.find((r) => r.name === name);
    assert.ok(found, `no resource named ${name}; got ${result.resources.map((r) => r.name).join(", ")}`);
    return found;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof Error, `expected an Error, got ${String(err)}`);
        return err;
    }
    assert.fail("expected the run to reject");
}

describe("cli/program/mock-run", function () {
    // The first run loads ts-node, @pulumi/pulumi and azure-native/authorization (~1 s cold); later runs ~50 ms.
    this.timeout(30_000);

    let dev: RunProgramResult;
    before(async () => {
        dev = await runProgramUnderMocks(fixtureRun("dev"));
    });

    it("captures every resource in registration order, including the one created inside .apply", () => {
        assert.deepStrictEqual(
            dev.resources.map((r) => [r.type, r.name, r.custom]),
            [
                ["mockprog:index:Governance", "gov", false],
                ["azure-native:authorization:PolicyDefinition", "gov-definition", true],
                ["azure-native:authorization:PolicyAssignment", "gov-assignment", true],
                ["azure-native:authorization:PolicyExemption", "gov-exemption", true],
            ],
        );
    });

    it("records parents: component children point at the component, top-level resources have none", () => {
        const gov = byName(dev, "gov");
        assert.strictEqual(gov.parent, undefined);
        assert.strictEqual(gov.urn, "urn:pulumi:dev::mock-program::pulumi:pulumi:Stack$mockprog:index:Governance::gov");
        assert.strictEqual(byName(dev, "gov-definition").parent, gov.urn);
        assert.strictEqual(byName(dev, "gov-assignment").parent, gov.urn);
        assert.strictEqual(byName(dev, "gov-exemption").parent, undefined);
    });

    it("captures inputs with ids resolved to ARM-shaped fake ids", () => {
        const definition = byName(dev, "gov-definition");
        assert.deepStrictEqual(definition.inputs["policyRule"], {
            if: {
                allOf: [
                    { equals: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", field: "type" },
                    {
                        not: {
                            field: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/modelSettings.modelId",
                            in: "[parameters('allowedRegistries')]",
                        },
                    },
                ],
            },
            then: { effect: "deny" },
        });
        const assignment = byName(dev, "gov-assignment");
        assert.deepStrictEqual(assignment.inputs, {
            enforcementMode: "Default", // SDK default, as the engine would receive it
            metadata: { owner: "platform-team", token: "[secret]" },
            policyAssignmentName: "mlgov-assignment",
            policyDefinitionId: DEFINITION_ID,
            scope: SCOPE,
        });
        assert.strictEqual(byName(dev, "gov-exemption").inputs["policyAssignmentId"], ASSIGNMENT_ID);
    });

    it("passes config to the program: project default, number, boolean, object, stack and project names", () => {
        assert.deepStrictEqual(dev.outputs, {
            definitionId: DEFINITION_ID,
            settings: {
                prefix: "mlgov",
                maxModels: 3,
                enforce: true,
                registries: ["azureml", "azureml-meta"],
                stack: "dev",
                project: "mock-program",
                organization: "organization",
                preview: false,
            },
        });
        assert.deepStrictEqual(byName(dev, "gov-definition").inputs["metadata"], { maxModels: 3, owner: "platform-team" });
    });

    it("shows secret inputs only when asked", async () => {
        const shown = await runProgramUnderMocks(fixtureRun("dev", { showSecrets: true }));
        assert.deepStrictEqual(byName(shown, "gov-assignment").inputs["metadata"], { owner: "platform-team", token: SECURE_PLACEHOLDER });
    });

    it("runs again in the same process with another stack and preview, without leaking the previous run", async () => {
        const prod = await runProgramUnderMocks(fixtureRun("prod", { preview: true, organization: "acme" }));
        assert.strictEqual(prod.resources.length, 4);
        assert.deepStrictEqual(prod.outputs["settings"], {
            prefix: "mlgov-prod",
            maxModels: 10,
            enforce: false,
            registries: ["azureml"],
            stack: "prod",
            project: "mock-program",
            organization: "acme",
            preview: true,
        });
        assert.strictEqual(
            byName(prod, "gov-assignment").inputs["policyDefinitionId"],
            "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/policyDefinitions/mlgov-prod-allowed-registries",
        );
        assert.deepStrictEqual((byName(prod, "gov-definition").inputs["policyRule"] as { then: unknown }).then, { effect: "audit" });
    });

    it("queues concurrent runs instead of interleaving them", async () => {
        const [a, b] = await Promise.all([runProgramUnderMocks(fixtureRun("dev")), runProgramUnderMocks(fixtureRun("prod"))]);
        assert.deepStrictEqual(a.resources, dev.resources);
        assert.strictEqual((b.outputs["settings"] as { stack: string }).stack, "prod");
    });

    describe("program errors", () => {
        const hostSaw: unknown[] = [];
        const hostListener = (err: unknown): void => {
            hostSaw.push(err);
        };
        before(() => process.on("unhandledRejection", hostListener));
        after(() => process.removeListener("unhandledRejection", hostListener));

        const cases: Array<[string, string]> = [
            ["throws-sync.js", "sync failure from fixture program"],
            ["throws-in-apply.js", "async failure inside apply"],
            ["rejects-main.js", "async main rejected"],
        ];
        for (const [file, message] of cases) {
            it(`rejects with the program's own error: ${file}`, async () => {
                const err = await rejection(runProgramUnderMocks({ programPath: path.join(ERROR_FIXTURES_DIR, file), project: "errors", stack: "test" }));
                assert.strictEqual(err.message, message);
                assert.deepStrictEqual(hostSaw, [], "the error must not reach the host's unhandledRejection listeners");
                assert.ok(process.listeners("unhandledRejection").includes(hostListener), "host listener restored");
            });
        }

        it("still runs a good program after a failed one", async () => {
            const again = await runProgramUnderMocks(fixtureRun("dev"));
            assert.deepStrictEqual(again.resources, dev.resources);
        });

        it("refuses a TypeScript entry when the project disables TypeScript", async () => {
            const err = await rejection(runProgramUnderMocks({ ...fixtureRun("dev"), typescript: false }));
            assert.ok(err instanceof ProgramLoadError);
            assert.strictEqual(err.code, "UNSUPPORTED_PROGRAM");
        });

        it("reports a missing program as a ProgramLoadError", async () => {
            const err = await rejection(runProgramUnderMocks({ programPath: path.join(FIXTURE_DIR, "nope.ts"), project: "p", stack: "s" }));
            assert.ok(err instanceof ProgramLoadError);
            assert.strictEqual(err.code, "PROGRAM_NOT_FOUND");
            assert.match(err.message, /nope\.ts does not exist/);
        });
    });

    it("waits for .apply callbacks that await file I/O and timers", async () => {
        const result = await runProgramUnderMocks({ programPath: path.join(EXTRA_FIXTURES_DIR, "apply-awaits-io.js"), project: "extra", stack: "test" });
        assert.deepStrictEqual(
            result.resources.map((r) => r.name),
            ["definition", "after-io"],
        );
        assert.deepStrictEqual(byName(result, "after-io").inputs, {
            description: "read ok",
            enforcementMode: "Default",
            policyDefinitionId: `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/policyDefinitions/definition`,
            scope: "/subscriptions/s",
        });
    });

    it("does not let a resource from an earlier run's leftover work into the next run", async () => {
        const first = await runProgramUnderMocks({ programPath: path.join(EXTRA_FIXTURES_DIR, "straggler.js"), project: "extra", stack: "test" });
        assert.deepStrictEqual(
            first.resources.map((r) => r.name),
            ["on-time"],
        );
        // The second program releases the first one's leftover work while it runs (no timers: deterministic under load).
        const second = await runProgramUnderMocks({ programPath: path.join(EXTRA_FIXTURES_DIR, "release-straggler.js"), project: "extra", stack: "test" });
        assert.deepStrictEqual(
            second.resources.map((r) => r.name),
            ["own", "after-io"],
        );
        assert.deepStrictEqual(
            first.resources.map((r) => r.name),
            ["on-time"],
        );
    });

    it("restores mocks another test installed, and leaves no stale stack as default parent", async () => {
        const seen: string[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    seen.push(args.name);
                    return { id: `${args.name}-outer`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "outer-project",
            "outer-stack",
        );
        await runProgramUnderMocks(fixtureRun("dev"));
        assert.strictEqual(pulumi.getProject(), "outer-project");
        assert.strictEqual(pulumi.getStack(), "outer-stack");
        assert.strictEqual(pulumi.runtime.isDryRun(), false);
        const definition = new authorization.PolicyDefinition("outer-definition", { policyDefinitionName: "outer" });
        const [id, urn] = await new Promise<[string, string]>((resolve) => pulumi.all([definition.id, definition.urn]).apply(resolve));
        assert.strictEqual(id, "outer-definition-outer");
        assert.strictEqual(urn, "urn:pulumi:outer-stack::outer-project::azure-native:authorization:PolicyDefinition::outer-definition");
        assert.deepStrictEqual(seen, ["outer-definition"]);
    });

    it("runs once in a fresh process and exits on its own (no open handles)", () => {
        const programDir = path.resolve(__dirname, "../../../cli/program");
        const script = `
            const { loadProject, loadStackConfig } = require(${JSON.stringify(path.join(programDir, "project"))});
            const { runProgramUnderMocks } = require(${JSON.stringify(path.join(programDir, "mock-run"))});
            const { formatResourcesJson } = require(${JSON.stringify(path.join(programDir, "format"))});
            const p = loadProject(${JSON.stringify(FIXTURE_DIR)});
            const s = loadStackConfig(p.dir, p, "dev");
            runProgramUnderMocks({ programPath: p.programPath, project: p.name, stack: "dev", config: s.config, secretKeys: s.secretKeys, cwd: p.dir, redirectConsoleToStderr: true })
                .then((r) => process.stdout.write(formatResourcesJson(r.resources)));
        `;
        // The timeout only guards against a hang (a handle left open); no assertion depends on how long the run took.
        const child = spawnSync(process.execPath, ["-e", script], {
            encoding: "utf8",
            timeout: 120_000,
            env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") },
        });
        assert.strictEqual(child.error, undefined, `child failed to run: ${String(child.error)}`);
        assert.strictEqual(child.status, 0, `exit ${child.status}, stderr:\n${child.stderr}`);
        assert.strictEqual(child.stderr, "");
        const parsed = JSON.parse(child.stdout) as { resources: Array<{ name: string }> };
        assert.deepStrictEqual(
            parsed.resources.map((r) => r.name),
            ["gov", "gov-definition", "gov-assignment", "gov-exemption"],
        );
    });
});

/**
 * Runs a Pulumi Node.js program offline under `pulumi.runtime.setMocks` and captures every resource it
 * registers, plus its stack outputs: the engine of `azure-ml-governance render --stack <name>`.
 *
 * How a run completes (all verified against @pulumi/pulumi 3.248.0):
 * 1. `setMocks(mocks, project, stack, preview, organization)` installs a fresh `MockMonitor`; the
 *    recorder wraps that instance to learn each registration's parent URN.
 * 2. `setAllConfig(config, secretKeys)` fills the store `new pulumi.Config()` reads (the same slot the
 *    language host fills from `PULUMI_CONFIG`).
 * 3. The program is `require`d inside `runtime.runInPulumiStack`, exactly like the language host does,
 *    so exports become stack outputs (promises awaited, Outputs resolved) and every resource gets the
 *    `pulumi:pulumi:Stack` root as default parent.
 * 4. Then we settle: `waitForRPCs()` (internal; resolves once the SDK's `rpcDone` chain, extended by
 *    every registration from its constructor until the mock answered, stops growing), then one macrotask
 *    turn so `.apply` callbacks fed by those answers run, and repeat while anything new was registered
 *    or the program still has timers/I/O pending ({@link PendingWorkTracker}: the in-process stand-in
 *    for the host's "wait until the event loop is empty").
 * 5. `runtime.disconnect()` drains once more and closes the monitor and any callback server, so the
 *    process can exit with no open handles.
 *
 * Errors: synchronous throws reject step 3; asynchronous ones surface as unhandled rejections, which an
 * {@link ErrorTrap} collects for the duration of the run. Either way the returned promise rejects with
 * the program's original error object.
 *
 * The program runs inside an `AsyncLocalStorage` context carrying the run id; the recorder ignores
 * requests made from any other context, so a resource created by code an earlier program left behind
 * (an `unref()`'d timer) cannot show up in a later run's results.
 *
 * `setMocks` and the config store are process-global, so runs are serialized by a module-level queue,
 * and the runtime state a run overwrites (an earlier `setMocks`, config, default parent) is restored
 * afterwards.
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from "async_hooks";
import * as path from "path";
import type * as PulumiModule from "@pulumi/pulumi";

import { RegistrationRecorder, type RegisteredResource } from "./capture";
import { ErrorTrap } from "./error-trap";
import { FAKE_OBJECT_ID, FAKE_SUBSCRIPTION_ID, FAKE_TENANT_ID, fakeResourceId } from "./fake-ids";
import {
    ProgramLoadError,
    forgetModulesSince,
    isTypeScriptEntry,
    moduleCacheSnapshot,
    registerTypeScript,
    requireProgram,
    resolveProgramEntry,
} from "./load-program";
import { PendingWorkTracker } from "./pending-work";
import { captureRuntimeState, loadPulumiRuntime, type PulumiRuntime } from "./pulumi-internals";

export type { RegisteredResource } from "./capture";
export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./capture";
export { ProgramLoadError };

/** Input of {@link runProgramUnderMocks}. */
export interface RunProgramOptions {
    /** Program file, or directory (package.json `main`, `index.js`, `index.ts`). */
    readonly programPath: string;
    /** Project name: the default config namespace and part of every URN. */
    readonly project: string;
    /** Stack name, as `pulumi.getStack()` will return it. */
    readonly stack: string;
    /** Flat `"<namespace>:<key>" -> string` config (see `loadStackConfig`). Default: none. */
    readonly config?: Readonly<Record<string, string>>;
    /** Config keys holding secrets, so `Config.getSecret` and friends treat them as such. */
    readonly secretKeys?: readonly string[];
    /** `pulumi.getOrganization()`; default `"organization"`. */
    readonly organization?: string;
    /** Run as `pulumi preview` (`pulumi.runtime.isDryRun()` is true). Default false. */
    readonly preview?: boolean;
    /**
     * Working directory during the run (the language host runs programs from the project directory, so
     * relative file reads work). Also where `tsconfig.json` is looked for. Default: leave cwd alone and
     * look next to the program.
     */
    readonly cwd?: string;
    /** Whether `.ts` entries are loaded with ts-node (`runtime.options.typescript` in Pulumi.yaml). Default true. */
    readonly typescript?: boolean;
    /** Show secret input values instead of `[secret]`. Default false. */
    readonly showSecrets?: boolean;
    /** Route the program's `console.log`/`console.info` to stderr, keeping stdout clean for rendered output. */
    readonly redirectConsoleToStderr?: boolean;
    /**
     * Return `pulumi.log.warn` messages in {@link RunProgramResult.warnings} instead of printing them
     * (without an engine the SDK prints them as `warning: [runtime] …` on stderr). Default false.
     */
    readonly collectWarnings?: boolean;
    /** Give up (reject) if the program has not settled after this long. Default 60 000 ms. */
    readonly timeoutMs?: number;
}

/** What the program would have registered, and the stack outputs it exported. */
export interface RunProgramResult {
    /** Every resource except the `pulumi:pulumi:Stack` root, in registration order. */
    readonly resources: RegisteredResource[];
    /** Stack outputs: the program's exports with promises awaited and Outputs resolved. */
    readonly outputs: Record<string, unknown>;
    /** `pulumi.log.warn` messages, in order, when {@link RunProgramOptions.collectWarnings} is set. */
    readonly warnings: string[];
}

/** The run did not complete in time (e.g. an input that never resolves). */
export class MockRunTimeoutError extends Error {
    constructor(programPath: string, timeoutMs: number) {
        super(
            `Program ${programPath} did not finish registering resources within ${timeoutMs} ms under mocks. ` +
                `Look for an Output/Promise that never resolves or a dependency cycle between resources.`,
        );
        this.name = "MockRunTimeoutError";
    }
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** What the engine passes with a self-managed (DIY) backend; without one `pulumi.getOrganization()` throws. */
const DEFAULT_ORGANIZATION = "organization";
/** After a failure, how long follow-on rejections get to reach the trap before the host's listeners return. */
const FAILURE_GRACE_MS = 500;
/** Poll interval while the program still has timers or I/O outstanding. */
const PENDING_POLL_MS = 2;

let queue: Promise<unknown> = Promise.resolve();
/** Marks the async context of each run's program, so stragglers from earlier runs can be told apart. */
const runContext = new AsyncLocalStorage<number>();
let lastRunId = 0;

/**
 * Runs the program once under mocks and returns every resource it registered (including ones created
 * inside `.apply` callbacks) and its stack outputs. Concurrent calls are queued.
 *
 * @throws the program's own error (same object, same message) if it throws synchronously or fails
 *   asynchronously; {@link ProgramLoadError} if the entry cannot be found or is an ES module;
 *   {@link MockRunTimeoutError} if it does not settle within `timeoutMs`.
 */
export function runProgramUnderMocks(options: RunProgramOptions): Promise<RunProgramResult> {
    const run = queue.then(() => runOnce(options));
    queue = run.catch(() => undefined);
    return run;
}

async function runOnce(options: RunProgramOptions): Promise<RunProgramResult> {
    const entry = resolveProgramEntry(options.programPath);
    if (isTypeScriptEntry(entry)) {
        if (options.typescript === false) {
            throw new ProgramLoadError(
                "UNSUPPORTED_PROGRAM",
                entry,
                `${entry} is TypeScript but Pulumi.yaml sets runtime.options.typescript: false. ` +
                    `Build the program and point 'main:' at the JavaScript output, or drop that option.`,
            );
        }
        registerTypeScript(options.cwd ?? path.dirname(entry));
    }
    const rt = loadPulumiRuntime(path.dirname(entry));
    const store = rt.getStore();
    const restoreRuntime = captureRuntimeState(rt);
    const savedCwd = process.cwd();
    const restoreConsole = options.redirectConsoleToStderr === true ? redirectConsole() : () => undefined;
    const warnings: string[] = [];
    const restoreWarn = options.collectWarnings === true ? collectRuntimeWarnings(warnings) : () => undefined;
    const cacheSnapshot = moduleCacheSnapshot();
    const trap = new ErrorTrap();
    const runId = ++lastRunId;
    const recorder = new RegistrationRecorder({
        rootStackType: rt.rootStackType,
        wire: rt.wire,
        showSecrets: options.showSecrets === true,
        ownsRequest: () => runContext.getStore() === runId,
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    // Kept referenced on purpose: if the program waits on something that never happens, the event loop
    // would otherwise drain and the process exit silently with this promise still pending.
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new MockRunTimeoutError(entry, timeoutMs)), timeoutMs);
    });
    timedOut.catch(() => undefined);
    const guard = <T>(p: Promise<T>): Promise<T> => Promise.race([p, trap.failed, timedOut]);

    const tracker = new PendingWorkTracker();
    trap.install();
    try {
        await rt.setMocks(
            makeMocks(options.config ?? {}),
            options.project,
            options.stack,
            options.preview === true,
            options.organization ?? DEFAULT_ORGANIZATION,
        );
        rt.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);
        const monitor = rt.getMonitor();
        if (monitor === undefined) {
            throw new Error(`@pulumi/pulumi ${rt.version} at ${rt.root}: setMocks installed no monitor.`);
        }
        recorder.instrument(monitor);
        if (options.cwd !== undefined) {
            process.chdir(options.cwd);
        }

        tracker.start(); // after our own timeout timer exists, so it is part of the baseline
        const stackOutputs = runContext.run(runId, () => rt.runInPulumiStack(async () => await requireProgram(entry)));
        const outputs = await guard(stackOutputs);
        await guard(settle(rt, recorder, tracker));
        await guard(rt.disconnect());
        // Errors raised during the last turn are only reported once the microtask queue has drained.
        await nextMacrotask();
        const late = trap.error;
        if (late !== undefined) {
            throw late.error;
        }
        recorder.close();
        return { resources: [...recorder.resources], outputs: { ...(outputs ?? {}) }, warnings: [...warnings] };
    } catch (err) {
        // Let consequences of the failure (dependent outputs rejecting) land in the trap, not in the host.
        await raceWithTimeout(
            settle(rt, recorder, tracker).catch(() => undefined),
            FAILURE_GRACE_MS,
        );
        await nextMacrotask();
        recorder.close();
        rt.disconnectSync();
        throw trap.error !== undefined ? trap.error.error : err;
    } finally {
        clearTimeout(timer);
        trap.restore();
        restoreConsole();
        restoreWarn();
        if (process.cwd() !== savedCwd) {
            process.chdir(savedCwd);
        }
        restoreRuntime();
        // The SDK tracks in-flight promises and, from a process "exit" hook, fails the process if any
        // remain. A failed program leaves some behind; they belong to this finished run, not the host.
        store.leakCandidates = new Set();
        forgetModulesSince(cacheSnapshot);
    }
}

/**
 * Waits until no registration is in flight, none of the program's timers or I/O is pending, and a full
 * macrotask turn registered nothing new. `waitForRPCs` alone is not enough: a resource created in an
 * `.apply` fed by the last registration starts only after that registration's keep-alive was released,
 * and an apply that awaits a timer or a file read starts it later still.
 */
async function settle(rt: PulumiRuntime, recorder: RegistrationRecorder, tracker: PendingWorkTracker): Promise<void> {
    const store = rt.getStore();
    for (;;) {
        const chainBefore = store.settings.rpcDone;
        const countBefore = recorder.requestCount;
        await rt.waitForRPCs();
        const busy = tracker.active().length > 0;
        // Poll gently while the program has timers/I/O outstanding; otherwise one turn of the loop suffices.
        await (busy ? sleep(PENDING_POLL_MS) : nextMacrotask());
        if (!busy && store.settings.rpcDone === chainBefore && recorder.requestCount === countBefore) {
            return;
        }
    }
}

function makeMocks(config: Readonly<Record<string, string>>): PulumiModule.runtime.Mocks {
    const subscriptionId = config["azure-native:subscriptionId"] || FAKE_SUBSCRIPTION_ID;
    return {
        newResource(args: PulumiModule.runtime.MockResourceArgs): PulumiModule.runtime.MockResourceResult {
            const inputs = (args.inputs ?? {}) as Record<string, unknown>;
            if (args.type === "pulumi:pulumi:StackReference") {
                // Other stacks' outputs are not available offline; an empty map makes requireOutput fail clearly.
                return {
                    id: typeof inputs["name"] === "string" ? inputs["name"] : args.name,
                    state: { name: inputs["name"], outputs: {}, secretOutputNames: [] },
                };
            }
            if (args.custom === false) {
                return { id: undefined, state: inputs };
            }
            // `id` is the looked-up id for Resource.get() and the import id (usually empty) otherwise.
            const id = args.id !== undefined && args.id !== "" ? args.id : fakeResourceId(args.type, args.name, inputs, subscriptionId);
            return { id, state: inputs };
        },
        call(args: PulumiModule.runtime.MockCallArgs): PulumiModule.runtime.MockCallResult {
            if (args.token === "azure-native:authorization:getClientConfig") {
                return { clientId: FAKE_OBJECT_ID, objectId: FAKE_OBJECT_ID, subscriptionId, tenantId: FAKE_TENANT_ID };
            }
            return (args.inputs ?? {}) as PulumiModule.runtime.MockCallResult;
        },
    };
}

/* eslint-disable no-console -- rerouting the program's console to stderr is the point here */
function redirectConsole(): () => void {
    const { log, info } = console;
    console.log = (...args: unknown[]) => console.error(...args);
    console.info = (...args: unknown[]) => console.error(...args);
    return () => {
        console.log = log;
        console.info = info;
    };
}

/** What the SDK prefixes `pulumi.log.warn` messages with when no engine is connected. */
const RUNTIME_WARNING = "warning: [runtime] ";

/** Diverts `pulumi.log.warn` output (see {@link RUNTIME_WARNING}) into `into`; other warnings still print. */
function collectRuntimeWarnings(into: string[]): () => void {
    const { warn } = console;
    console.warn = (...args: unknown[]) => {
        const [first] = args;
        if (args.length === 1 && typeof first === "string" && first.startsWith(RUNTIME_WARNING)) into.push(first.slice(RUNTIME_WARNING.length));
        else warn(...args);
    };
    return () => {
        console.warn = warn;
    };
}
/* eslint-enable no-console */

function nextMacrotask(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

/** Unref'd: the program's pending work (or our ref'd timeout timer) is what keeps the process alive. */
function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Waits for `p` or `ms`, whichever comes first, without leaving a timer behind. */
async function raceWithTimeout(p: Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
        // Unref'd so it neither shows up as the program's pending work nor holds the process open.
        await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()))]);
    } finally {
        clearTimeout(timer);
    }
}

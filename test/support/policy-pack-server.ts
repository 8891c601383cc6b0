/**
 * Test harness that serves a Node.js CrossGuard policy pack the way the Pulumi CLI does and drives
 * it over the real Analyzer gRPC protocol — no Pulumi CLI needed.
 *
 * What "the way the CLI does" means here (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`
 * `NewPolicyAnalyzer`, `plugin.go` `newPlugin`, `pkg/resource/analyzer/config.go`):
 *  1. `PulumiPolicy.yaml` is loaded from the pack dir (`runtime: nodejs`, optional `version`).
 *  2. The `pulumi-analyzer-policy` shim runs `node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> .`
 *     (plus `-<k>=<v>` for runtime options) with cwd = pack dir, resolving `run-policy-pack` from the pack.
 *  3. Env = the CLI's own env + `PULUMI_CONFIG`, `PULUMI_[NODEJS_]{ORGANIZATION,PROJECT,STACK,DRY_RUN}`.
 *  4. The first stdout line must be the numeric port; later stdout/stderr lines are relayed as diagnostics.
 *  5. `Handshake` (Node packs answer UNIMPLEMENTED, ignored), `ConfigureStack`, `GetAnalyzerInfo`,
 *     config reconciliation (schema defaults → initialConfig → config file) + validation, `Configure`.
 *  6. Per resource: `Remediate`, then `Analyze` with `options` always set; `PulumiPolicy.yaml` `version`
 *     overrides the version the pack reports.
 *
 * @module
 */
import type * as grpcT from "@grpc/grpc-js";
import type * as analyzerPbT from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcT from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as enginePbT from "@pulumi/pulumi/proto/engine_pb";
import type * as engineGrpcT from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as pluginPbT from "@pulumi/pulumi/proto/plugin_pb";
import type * as structPbT from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPbT from "google-protobuf/google/protobuf/empty_pb";
import Ajv from "ajv";
import { spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

// ------------------------------------------------------------------------------------------------
// Module loading. The proto classes must come from @pulumi/pulumi's own copies: it carries a private
// google-protobuf (none at the repo root), and jspb/grpc serializers do `instanceof` checks against
// the classes they were generated with.
// ------------------------------------------------------------------------------------------------

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromPulumi<T>(id: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve(id, { paths: [PULUMI_DIR] })) as T;
}

const grpc = fromPulumi<typeof grpcT>("@grpc/grpc-js");
const analyzerPb = fromPulumi<typeof analyzerPbT>("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = fromPulumi<typeof analyzerGrpcT>("@pulumi/pulumi/proto/analyzer_grpc_pb");
const enginePb = fromPulumi<typeof enginePbT>("@pulumi/pulumi/proto/engine_pb");
const engineGrpc = fromPulumi<typeof engineGrpcT>("@pulumi/pulumi/proto/engine_grpc_pb");
const structPb = fromPulumi<typeof structPbT>("google-protobuf/google/protobuf/struct_pb");
const emptyPb = fromPulumi<typeof emptyPbT>("google-protobuf/google/protobuf/empty_pb");

// ------------------------------------------------------------------------------------------------
// Wire-value helpers (unknowns, secrets).
// ------------------------------------------------------------------------------------------------

/** Sentinels the engine puts in a Struct for values unknown during preview (Go `plugin.Unknown*Value`). */
export const UNKNOWN_SENTINELS = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bae9-698b7e8ea6e0",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

/** Kind of an unknown value; selects the sentinel (and the word in the pack's "can't be known" message). */
export type UnknownKind = keyof typeof UNKNOWN_SENTINELS;

/** Special-signature key and secret signature used in the wire encoding (`@pulumi/pulumi/runtime/rpc`). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature value marking an object as a secret (`{[SPECIAL_SIG_KEY]: SECRET_SIG, value}`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A property value that is unknown at preview time, encoded as the engine encodes it. Computed values
 * that come from a Node program's outputs usually arrive as the `string` sentinel (the default).
 */
export function unknown(kind: UnknownKind = "string"): string {
    return UNKNOWN_SENTINELS[kind];
}

/** A secret property value, encoded as the engine sends it (`KeepSecrets: true`); the pack sees it unwrapped in `analyze`. */
export function secret<T extends WireValue>(value: T): { [SPECIAL_SIG_KEY]: string; value: T } {
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

// ------------------------------------------------------------------------------------------------
// Public types.
// ------------------------------------------------------------------------------------------------

/** A JSON value as carried in a protobuf `Struct`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Input property value: JSON plus `undefined` (dropped, as JS programs never send it). */
export type WireValue = undefined | null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** CrossGuard enforcement level as a string. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A JSON schema fragment (one config property). */
export type JsonSchema = { [key: string]: JsonValue };

/** A policy's config schema as the pack declares it. */
export interface PolicyConfigSchema {
    properties: Record<string, JsonSchema>;
    required?: string[];
}

/** One policy from `GetAnalyzerInfo`. */
export interface PolicyInfo {
    name: string;
    displayName?: string;
    description: string;
    /** The policy's own level, or the pack default (the pack fills it in). */
    enforcementLevel: EnforcementLevel;
    policyType: "resource" | "stack" | "unknown";
    severity?: string;
    configSchema?: PolicyConfigSchema;
}

/** Config for one policy as sent in `Configure` (and as the CLI reads `initialConfig`). */
export interface PolicyConfig {
    /** `""` only for a config entry the CLI would reject ("invalid enforcement level"). */
    enforcementLevel: EnforcementLevel | "";
    properties: Record<string, JsonValue>;
}

/** `GetAnalyzerInfo` as plain data, as the CLI sees it (version from `PulumiPolicy.yaml` wins). */
export interface AnalyzerInfo {
    name: string;
    displayName?: string;
    description?: string;
    version: string;
    /** The version the pack itself reported (package.json); differs from `version` if the YAML sets one. */
    packReportedVersion: string;
    supportsConfig: boolean;
    /** In the pack's order (the CLI sorts by name for display; irrelevant to behaviour). */
    policies: PolicyInfo[];
    /**
     * Third `PolicyPack` constructor argument. Note: an entry with only properties arrives with level
     * `advisory` (proto enum default 0) and the CLI applies it as such.
     */
    initialConfig: Record<string, PolicyConfig>;
}

/** A policy violation as plain data (CLI `AnalyzeDiagnostic`). */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    /** Overridden by `PulumiPolicy.yaml` `version` if set, as the CLI does. */
    policyPackVersion: string;
    description: string;
    /** `description + "\n" + message` when the policy reports a plain string. */
    message: string;
    enforcementLevel: EnforcementLevel;
    /** `""` unless the policy blamed a specific URN (the engine then uses the resource's URN). */
    urn: string;
    severity?: string;
}

/** A policy that declared itself not applicable to the resource. */
export interface NotApplicable {
    policyName: string;
    reason: string;
}

/** Result of `analyzeDetailed`. */
export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicable[];
}

/** One remediation returned by `Remediate`. */
export interface Remediation {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    /** New properties, or undefined if the policy only produced a diagnostic. */
    properties?: { [key: string]: JsonValue };
    diagnostic: string;
}

/** `AnalyzerResourceOptions`; the CLI always sends one (and custom timeouts of 0). */
export interface ResourceOptionsInput {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
    parent?: string;
}

/** The provider resource passed along with a resource. */
export interface ProviderInput {
    type: string;
    name: string;
    urn?: string;
    properties?: { [key: string]: WireValue };
}

/** A resource to analyze, as the engine would describe it. */
export interface ResourceInput {
    /** Type token, e.g. `azure-native:machinelearningservices:ServerlessEndpoint`. */
    type: string;
    /** Logical name; default `"test-resource"`. */
    name?: string;
    /** Default `urn:pulumi:<stack>::<project>::<type>::<name>`. */
    urn?: string;
    /** Resource inputs; use {@link unknown} / {@link secret} for preview unknowns and secrets. */
    properties: { [key: string]: WireValue };
    options?: ResourceOptionsInput;
    provider?: ProviderInput;
}

/** A message the pack sent to the fake engine's `Log` RPC. */
export interface EngineLogEntry {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
    streamId: number;
    ephemeral: boolean;
}

/**
 * A policy-pack config file (`--policy-pack-config`): keyed by policy name or `all`; each value is an
 * enforcement level or `{enforcementLevel?, ...properties}`.
 */
export type PolicyPackConfigFile = Record<string, unknown>;

/** Options for {@link startPolicyPack}. */
export interface StartOptions {
    /** Extra/overriding environment variables for the pack process. */
    env?: Record<string, string>;
    /** Start-up timeout (spawn → port → handshake/configure). Default 20 000 ms. */
    timeoutMs?: number;
    /** Per-RPC deadline. Default 30 000 ms. */
    rpcTimeoutMs?: number;
    /** Stack identity the CLI passes in env and `ConfigureStack`. Defaults: `organization`/`project`/`dev`. */
    organization?: string;
    project?: string;
    stack?: string;
    /** `PULUMI_*DRY_RUN` and `ConfigureStack.dryRun`. Default true (preview). */
    dryRun?: boolean;
    /** Stack config (`PULUMI_CONFIG` JSON and `ConfigureStack.config`), e.g. `{"proj:key": "v"}`. Default `{}`. */
    stackConfig?: Record<string, string>;
    /** Stack tags for `ConfigureStack` (the pack's `args.stackTags`). */
    stackTags?: Record<string, string>;
    /**
     * Policy-pack config applied at start like `--policy-pack-config` (reconciled, validated, `Configure`d).
     * Default `{}` — what the CLI does without a config file (schema defaults still applied).
     * `null` skips it: the pack then runs unconfigured (`getConfig()` returns `{}`), which the CLI never does.
     */
    policyPackConfig?: PolicyPackConfigFile | null;
    /**
     * Also set `PULUMI_NODEJS_ENGINE` so `@pulumi/pulumi` `log.*` calls in the pack reach the fake engine
     * (collected in {@link ServedPack.engineLogs}). Default false: the CLI does not set it, and
     * `run-policy-pack` discards its engine-address argument, so under the CLI those logs go to the
     * pack's stdout/stderr (see {@link ServedPack.stdout}/{@link ServedPack.stderr}).
     */
    engineLogging?: boolean;
    /**
     * Skip non-numeric stdout lines while waiting for the port. Default false: the CLI fails start-up
     * ("wrote a non-numeric port to stdout") when the first stdout line is not the port.
     */
    lenientPort?: boolean;
}

/** How the pack process ended. */
export interface ExitInfo {
    code: number | null;
    signal: NodeJS.Signals | null;
}

/** A running policy pack plus its gRPC client. Always call {@link ServedPack.stop}. */
export interface ServedPack {
    /** Absolute pack directory. */
    readonly packDir: string;
    /** Child process id (the `node run-policy-pack` process). */
    readonly pid: number;
    /** Analyzer port printed by the pack. */
    readonly port: number;
    /** Address of the fake engine passed as the first argument. */
    readonly engineAddress: string;
    /** ms from spawn until the port line was read. */
    readonly startupMs: number;
    /** ms from spawn until start-up (incl. handshake, ConfigureStack, initial Configure) finished. */
    readonly readyMs: number;
    /** `version` from `PulumiPolicy.yaml`, if any. */
    readonly yamlVersion: string | undefined;
    /** Stdout lines after the port line (the CLI shows them as info diagnostics). Live array. */
    readonly stdout: readonly string[];
    /** Stderr lines (the CLI shows them as error diagnostics). Live array. */
    readonly stderr: readonly string[];
    /** Messages received by the fake engine's `Log`. Live array. */
    readonly engineLogs: readonly EngineLogEntry[];
    /** Exit info once the process has ended, else undefined. */
    exitInfo(): ExitInfo | undefined;
    /** `GetAnalyzerInfo` as plain data. */
    getAnalyzerInfo(): Promise<AnalyzerInfo>;
    /** `GetPluginInfo` → the @pulumi/policy version. */
    getPluginVersion(): Promise<string>;
    /**
     * The CLI's config path: parse the file content, reconcile with schema defaults and `initialConfig`,
     * validate against each policy's schema, then `Configure` (skipped if the result is empty, like the CLI).
     * Returns the config that was sent. Throws on parse/validation errors with the CLI's wording where known.
     */
    configureFromFile(fileContent: PolicyPackConfigFile): Promise<Record<string, PolicyConfig>>;
    /** Raw `Configure` with exactly this map (no defaults, no validation). `{}` clears the pack's config. */
    configure(config: Record<string, PolicyConfig>): Promise<void>;
    /** `ConfigureStack` (already sent once at start-up, as the CLI does). */
    configureStack(args?: {
        organization?: string;
        project?: string;
        stack?: string;
        dryRun?: boolean;
        config?: Record<string, string>;
        tags?: Record<string, string>;
    }): Promise<void>;
    /** `Analyze` one resource → diagnostics. */
    analyze(resource: ResourceInput): Promise<Diagnostic[]>;
    /** `Analyze` one resource → diagnostics and the not-applicable list. */
    analyzeDetailed(resource: ResourceInput): Promise<AnalyzeResult>;
    /** `Remediate` one resource (the engine calls it before `Analyze` for every resource). */
    remediate(resource: ResourceInput): Promise<{ remediations: Remediation[]; notApplicable: NotApplicable[] }>;
    /** Kill the pack (it never exits on its own), close the client and the fake engine. Idempotent. */
    stop(): Promise<ExitInfo>;
}

// ------------------------------------------------------------------------------------------------
// Enum conversions.
// ------------------------------------------------------------------------------------------------

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

function levelFromProto(el: analyzerPbT.EnforcementLevel): EnforcementLevel {
    switch (el) {
        case analyzerPb.EnforcementLevel.ADVISORY:
            return "advisory";
        case analyzerPb.EnforcementLevel.MANDATORY:
            return "mandatory";
        case analyzerPb.EnforcementLevel.DISABLED:
            return "disabled";
        case analyzerPb.EnforcementLevel.REMEDIATE:
            return "remediate";
        default:
            throw new Error(`invalid enforcement level ${String(el)}`);
    }
}

function levelToProto(el: EnforcementLevel): analyzerPbT.EnforcementLevel {
    switch (el) {
        case "advisory":
            return analyzerPb.EnforcementLevel.ADVISORY;
        case "mandatory":
            return analyzerPb.EnforcementLevel.MANDATORY;
        case "disabled":
            return analyzerPb.EnforcementLevel.DISABLED;
        case "remediate":
            return analyzerPb.EnforcementLevel.REMEDIATE;
    }
}

function severityFromProto(s: analyzerPbT.PolicySeverity): string | undefined {
    switch (s) {
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW:
            return "low";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM:
            return "medium";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH:
            return "high";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL:
            return "critical";
        default:
            return undefined;
    }
}

function policyTypeFromProto(t: analyzerPbT.PolicyType): PolicyInfo["policyType"] {
    switch (t) {
        case analyzerPb.PolicyType.POLICY_TYPE_RESOURCE:
            return "resource";
        case analyzerPb.PolicyType.POLICY_TYPE_STACK:
            return "stack";
        default:
            return "unknown";
    }
}

function structToObject(s: structPbT.Struct | undefined): { [key: string]: JsonValue } {
    return s ? s.toJavaScript() : {};
}

// ------------------------------------------------------------------------------------------------
// Property marshalling, mirroring Go `MarshalProperties{KeepUnknowns, KeepSecrets, SkipInternalKeys}`.
// ------------------------------------------------------------------------------------------------

function marshalValue(v: WireValue, skipInternalKeys: boolean): JsonValue | undefined {
    if (v === undefined) {
        return undefined;
    }
    if (v === null || typeof v !== "object") {
        return v;
    }
    if (Array.isArray(v)) {
        // Go has no "undefined" array element; treat it as null like JSON.stringify does.
        return v.map((e) => marshalValue(e, skipInternalKeys) ?? null);
    }
    return marshalObject(v, skipInternalKeys);
}

function marshalObject(obj: { [key: string]: WireValue }, skipInternalKeys: boolean): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(obj)) {
        // The engine drops internal keys ("__defaults", "__meta", …) before calling Analyze.
        if (skipInternalKeys && k.startsWith("__")) {
            continue;
        }
        const m = marshalValue(v, skipInternalKeys);
        if (m !== undefined) {
            out[k] = m;
        }
    }
    return out;
}

function toStruct(obj: { [key: string]: WireValue }, skipInternalKeys: boolean): structPbT.Struct {
    return structPb.Struct.fromJavaScript(marshalObject(obj, skipInternalKeys));
}

// ------------------------------------------------------------------------------------------------
// Config reconciliation (pulumi/pulumi pkg/resource/analyzer/config.go), as pure functions.
// ------------------------------------------------------------------------------------------------

/**
 * Parse a policy-pack config file like the CLI's `parsePolicyPackConfig`: drops entries that carry
 * neither a level nor properties; `enforcementLevel` is split out of object values.
 */
export function parsePolicyPackConfig(file: PolicyPackConfigFile): Record<string, PolicyConfig> {
    const result: Record<string, PolicyConfig> = {};
    for (const [k, v] of Object.entries(file)) {
        let enforcementLevel: EnforcementLevel | "" = "";
        let properties: Record<string, JsonValue> = {};
        if (typeof v === "string") {
            if (!isLevel(v)) {
                throw new Error(`parsing enforcement level for "${k}": "${v}" is not a valid enforcement level`);
            }
            enforcementLevel = v;
        } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
            const { enforcementLevel: el, ...rest } = v as Record<string, JsonValue>;
            if (el !== undefined) {
                if (typeof el !== "string") {
                    throw new Error(`parsing enforcement level for "${k}": ${JSON.stringify(el)} is not a valid enforcement level; must be a string`);
                }
                if (!isLevel(el)) {
                    throw new Error(`parsing enforcement level for "${k}": "${el}" is not a valid enforcement level`);
                }
                enforcementLevel = el;
            }
            properties = rest;
        } else {
            throw new Error(`parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`);
        }
        if (enforcementLevel === "" && Object.keys(properties).length === 0) {
            continue;
        }
        result[k] = { enforcementLevel, properties };
    }
    return result;
}

function applyConfig(result: Record<string, PolicyConfig>, toApply: Record<string, PolicyConfig>): void {
    const all = toApply["all"];
    if (all && isLevel(all.enforcementLevel)) {
        for (const k of Object.keys(result)) {
            result[k] = { enforcementLevel: all.enforcementLevel, properties: result[k].properties };
        }
    }
    // Note: like the CLI this also copies an "all" entry (and unknown policy names) into the result,
    // so they are sent to Configure too.
    for (const [policy, given] of Object.entries(toApply)) {
        const existing = result[policy];
        const enforcementLevel = isLevel(given.enforcementLevel) ? given.enforcementLevel : (existing?.enforcementLevel ?? "");
        result[policy] = { enforcementLevel, properties: { ...(existing?.properties ?? {}), ...given.properties } };
    }
}

/**
 * The CLI's `ReconcilePolicyPackConfig`: per-policy schema defaults and level → `initialConfig` →
 * `config`; then each policy's properties are validated against its schema (with the CLI-injected
 * `enforcementLevel` enum). Returns the config to send and `"<policy>: <error>"` validation messages.
 */
export function reconcilePolicyPackConfig(
    policies: readonly PolicyInfo[],
    initialConfig: Record<string, PolicyConfig> | undefined,
    config: Record<string, PolicyConfig> | undefined,
): { config: Record<string, PolicyConfig>; validationErrors: string[] } {
    const result: Record<string, PolicyConfig> = {};
    for (const p of policies) {
        const properties: Record<string, JsonValue> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (Object.prototype.hasOwnProperty.call(schema, "default")) {
                properties[k] = schema["default"];
            }
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    if (initialConfig) {
        applyConfig(result, initialConfig);
    }
    if (config) {
        applyConfig(result, config);
    }
    return { config: result, validationErrors: validatePolicyPackConfig(policies, result) };
}

function validatePolicyPackConfig(policies: readonly PolicyInfo[], config: Record<string, PolicyConfig>): string[] {
    // gojsonschema in the CLI; ajv (draft-07) here. Messages differ in wording, not in what fails.
    const ajv = new Ajv({ allErrors: true, strict: false });
    const errors: string[] = [];
    for (const p of policies) {
        const schema: Record<string, unknown> = {
            type: "object",
            properties: {
                ...(p.configSchema?.properties ?? {}),
                enforcementLevel: { type: "string", enum: [...LEVELS] },
            },
        };
        if (p.configSchema?.required?.length) {
            schema["required"] = p.configSchema.required;
        }
        const validate = ajv.compile(schema);
        if (!validate(config[p.name]?.properties ?? {})) {
            for (const e of validate.errors ?? []) {
                errors.push(`${p.name}: ${e.instancePath ? e.instancePath.slice(1) + " " : ""}${e.message ?? "is invalid"}`);
            }
        }
    }
    return errors;
}

// ------------------------------------------------------------------------------------------------
// Fake engine.
// ------------------------------------------------------------------------------------------------

interface FakeEngine {
    address: string;
    logs: EngineLogEntry[];
    shutdown(): Promise<void>;
}

const SEVERITY: Record<number, EngineLogEntry["severity"]> = {
    [enginePb.LogSeverity.DEBUG]: "debug",
    [enginePb.LogSeverity.INFO]: "info",
    [enginePb.LogSeverity.WARNING]: "warning",
    [enginePb.LogSeverity.ERROR]: "error",
};

async function startFakeEngine(): Promise<FakeEngine> {
    const logs: EngineLogEntry[] = [];
    let rootResource = "";
    const server = new grpc.Server();
    const impl: engineGrpcT.IEngineServer = {
        log: (call, cb) => {
            const r = call.request;
            logs.push({
                severity: SEVERITY[r.getSeverity()] ?? "info",
                message: r.getMessage(),
                urn: r.getUrn(),
                streamId: r.getStreamid(),
                ephemeral: r.getEphemeral(),
            });
            cb(null, new emptyPb.Empty());
        },
        getRootResource: (_call, cb) => {
            cb(null, new enginePb.GetRootResourceResponse().setUrn(rootResource));
        },
        setRootResource: (call, cb) => {
            rootResource = call.request.getUrn();
            cb(null, new enginePb.SetRootResourceResponse());
        },
        startDebugging: (_call, cb) => cb(null, new emptyPb.Empty()),
        requirePulumiVersion: (_call, cb) => cb(null, new enginePb.RequirePulumiVersionResponse()),
    };
    server.addService(engineGrpc.EngineService, impl);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        logs,
        shutdown: () =>
            new Promise<void>((resolve) => {
                // tryShutdown waits for in-flight calls; force after a short grace period.
                const t = setTimeout(() => {
                    server.forceShutdown();
                    resolve();
                }, 1000);
                server.tryShutdown(() => {
                    clearTimeout(t);
                    resolve();
                });
            }),
    };
}

// ------------------------------------------------------------------------------------------------
// Spawning.
// ------------------------------------------------------------------------------------------------

interface PolicyProject {
    runtimeName: string;
    runtimeOptions: Record<string, unknown>;
    version?: string;
}

/** Load `PulumiPolicy.yaml` like `workspace.LoadPolicyPack` (only the fields that matter here). */
function loadPolicyProject(packDir: string): PolicyProject {
    const file = path.join(packDir, "PulumiPolicy.yaml");
    const fail = (why: string): never => {
        throw new Error(`failed to load Pulumi policy project located at "${packDir}": ${why}`);
    };
    let text = "";
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        fail((e as Error).message);
    }
    const doc: unknown = YAML.parse(text);
    if (doc === null || typeof doc !== "object") {
        return fail("PulumiPolicy.yaml is not a YAML mapping");
    }
    const d = doc as Record<string, unknown>;
    const rt = d["runtime"];
    let runtimeName = "";
    let runtimeOptions: Record<string, unknown> = {};
    if (typeof rt === "string") {
        runtimeName = rt;
    } else if (rt !== null && typeof rt === "object" && typeof (rt as Record<string, unknown>)["name"] === "string") {
        runtimeName = (rt as Record<string, unknown>)["name"] as string;
        runtimeOptions = ((rt as Record<string, unknown>)["options"] as Record<string, unknown> | undefined) ?? {};
    } else {
        fail("project is missing a 'runtime' attribute");
    }
    const version = d["version"];
    return {
        runtimeName,
        runtimeOptions,
        version: version === undefined || version === null ? undefined : typeof version === "string" ? version : JSON.stringify(version),
    };
}

/** Last `n` lines of stderr for error messages, without ANSI colours (Node colours stack frames). */
function tail(lines: readonly string[], n = 40): string {
    // Strips the ANSI colour codes Node puts in stack traces.
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[[0-9;]*m/g;
    const t = lines.slice(-n).join("\n").replace(ansi, "");
    return t === "" ? "(empty)" : t;
}

/**
 * Serve the policy pack in `packDir` exactly as the Pulumi CLI does (see module docs) and return a
 * connected, configured handle. Rejects with a message that includes the pack's stderr if the pack
 * cannot be loaded, exits early, prints a non-numeric first line, or does not print its port in time.
 */
export async function startPolicyPack(packDir: string, opts: StartOptions = {}): Promise<ServedPack> {
    const dir = path.resolve(packDir);
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const rpcTimeoutMs = opts.rpcTimeoutMs ?? 30_000;
    const organization = opts.organization ?? "organization";
    const project = opts.project ?? "project";
    const stack = opts.stack ?? "dev";
    const dryRun = opts.dryRun ?? true;
    const stackConfig = opts.stackConfig ?? {};

    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new Error(`policy pack directory "${dir}" does not exist`);
    }
    const proj = loadPolicyProject(dir);
    if (proj.runtimeName !== "nodejs") {
        throw new Error(`policy pack "${dir}" has runtime "${proj.runtimeName}"; this harness only serves nodejs packs`);
    }

    // What the shim does: resolve run-policy-pack from the pack dir (its own node_modules or, for us, the repo root).
    let runPolicyPack: string;
    try {
        runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    } catch {
        throw new Error(`it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in "${dir}"`);
    }

    const engine = await startFakeEngine();
    const args = [runPolicyPack, engine.address, "."];
    for (const [k, v] of Object.entries(proj.runtimeOptions)) {
        const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
        if (s !== "") {
            args.push(`-${k}=${s}`);
        }
    }
    const cliEnv: Record<string, string> = {
        // The CLI omits PULUMI_CONFIG when the stack has no config; "{}" is equivalent for @pulumi/pulumi.
        PULUMI_CONFIG: JSON.stringify(stackConfig),
        PULUMI_NODEJS_ORGANIZATION: organization,
        PULUMI_NODEJS_PROJECT: project,
        PULUMI_NODEJS_STACK: stack,
        PULUMI_NODEJS_DRY_RUN: String(dryRun),
        PULUMI_ORGANIZATION: organization,
        PULUMI_PROJECT: project,
        PULUMI_STACK: stack,
        PULUMI_DRY_RUN: String(dryRun),
    };
    if (opts.engineLogging) {
        cliEnv["PULUMI_NODEJS_ENGINE"] = engine.address;
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ...cliEnv, ...(opts.env ?? {}) };

    const t0 = performance.now();
    const child: ChildProcess = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    let exit: ExitInfo | undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
        child.once("exit", (code, signal) => {
            exit = { code, signal };
            resolve(exit);
        });
    });
    // If the test process dies without stop(), do not leave an orphan serving forever.
    const killOnExit = (): void => {
        if (exit === undefined) {
            child.kill("SIGKILL");
        }
    };
    process.once("exit", killOnExit);

    let stderrBuf = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderrBuf += chunk;
        let i: number;
        while ((i = stderrBuf.indexOf("\n")) >= 0) {
            stderr.push(stderrBuf.slice(0, i));
            stderrBuf = stderrBuf.slice(i + 1);
        }
    });
    child.stderr!.on("end", () => {
        if (stderrBuf !== "") {
            stderr.push(stderrBuf);
            stderrBuf = "";
        }
    });

    const cleanup = async (): Promise<void> => {
        if (exit === undefined) {
            child.kill("SIGKILL");
            await exited;
        }
        process.removeListener("exit", killOnExit);
        await engine.shutdown();
    };

    // Read the port: the first stdout line, as the CLI does (or the first numeric one if lenient).
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let buf = "";
            let found = false;
            const timer = setTimeout(() => {
                reject(new Error(`policy pack "${dir}" did not print its port within ${timeoutMs} ms\n--- stderr ---\n${tail(stderr)}`));
            }, timeoutMs);
            child.stdout!.setEncoding("utf8");
            child.stdout!.on("data", (chunk: string) => {
                buf += chunk;
                let i: number;
                while ((i = buf.indexOf("\n")) >= 0) {
                    const line = buf.slice(0, i);
                    buf = buf.slice(i + 1);
                    if (found) {
                        stdout.push(line);
                        continue;
                    }
                    const trimmed = line.trim();
                    if (/^\d+$/.test(trimmed)) {
                        found = true;
                        clearTimeout(timer);
                        resolve(Number(trimmed));
                    } else if (opts.lenientPort) {
                        stdout.push(line);
                    } else {
                        found = true; // stop treating later lines as port candidates
                        clearTimeout(timer);
                        reject(new Error(`policy pack "${dir}" wrote a non-numeric port to stdout ('${line}')\n--- stderr ---\n${tail(stderr)}`));
                    }
                }
            });
            child.stdout!.on("end", () => {
                if (found && buf !== "") {
                    stdout.push(buf);
                    buf = "";
                }
            });
            child.once("error", (err) => {
                clearTimeout(timer);
                reject(new Error(`could not start policy pack "${dir}": ${err.message}`));
            });
            // "close" (not "exit") so stderr has been fully read and the message carries the pack's own error.
            child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
                if (found) {
                    return;
                }
                clearTimeout(timer);
                reject(
                    new Error(
                        `policy pack "${dir}" exited (code ${code}, signal ${signal}) before printing its port\n` +
                            `--- stderr ---\n${tail(stderr)}` +
                            (buf.trim() ? `\n--- stdout ---\n${buf.trim()}` : ""),
                    ),
                );
            });
        });
    } catch (e) {
        await cleanup();
        throw e;
    }
    const startupMs = performance.now() - t0;

    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 1024 * 1024 * 400,
    });

    let stopped: Promise<ExitInfo> | undefined;
    const deadline = (): grpcT.CallOptions => ({ deadline: Date.now() + rpcTimeoutMs });
    /** Wrap a unary call; on failure, say whether the pack died and show its stderr. */
    // Client methods are passed unbound on purpose: call() invokes each as fn.call(client, ...).
    /* eslint-disable @typescript-eslint/unbound-method */
    const call = <Req, Res>(
        name: string,
        fn: (req: Req, md: grpcT.Metadata, o: Partial<grpcT.CallOptions>, cb: (err: grpcT.ServiceError | null, res: Res) => void) => grpcT.ClientUnaryCall,
        req: Req,
    ): Promise<Res> =>
        new Promise<Res>((resolve, reject) => {
            if (stopped) {
                // grpc-js would throw a bare "Channel has been shut down".
                reject(new Error(`Analyzer.${name} failed: policy pack "${dir}" has been stopped`));
                return;
            }
            fn.call(client, req, new grpc.Metadata(), deadline(), (err, res) => {
                if (!err) {
                    resolve(res);
                    return;
                }
                const died = exit ? `\npolicy pack process has exited (code ${exit.code}, signal ${exit.signal}); stderr:\n${tail(stderr)}` : "";
                const e = new Error(`Analyzer.${name} failed: ${err.details || err.message}${died}`) as Error & { code?: number };
                e.code = err.code;
                reject(e);
            });
        });

    const defaultUrn = (type: string, name: string): string => `urn:pulumi:${stack}::${project}::${type}::${name}`;

    const buildRequest = (r: ResourceInput, skipInternalKeys: boolean): analyzerPbT.AnalyzeRequest => {
        const name = r.name ?? "test-resource";
        const o = r.options ?? {};
        const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts()
            .setCreate(o.customTimeouts?.create ?? 0)
            .setUpdate(o.customTimeouts?.update ?? 0)
            .setDelete(o.customTimeouts?.delete ?? 0);
        // Always set: the pack throws "A more recent version of the Pulumi CLI is required" without it.
        const options = new analyzerPb.AnalyzerResourceOptions()
            .setProtect(o.protect ?? false)
            .setIgnorechangesList(o.ignoreChanges ?? [])
            .setDeletebeforereplace(o.deleteBeforeReplace ?? false)
            .setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined)
            .setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? [])
            .setAliasesList(o.aliases ?? [])
            .setCustomtimeouts(timeouts)
            .setParent(o.parent ?? "");
        const req = new analyzerPb.AnalyzeRequest()
            .setType(r.type)
            .setName(name)
            .setUrn(r.urn ?? defaultUrn(r.type, name))
            .setProperties(toStruct(r.properties, skipInternalKeys))
            .setOptions(options);
        if (r.provider) {
            req.setProvider(
                new analyzerPb.AnalyzerProviderResource()
                    .setType(r.provider.type)
                    .setName(r.provider.name)
                    .setUrn(r.provider.urn ?? defaultUrn(r.provider.type, r.provider.name))
                    .setProperties(toStruct(r.provider.properties ?? {}, true)),
            );
        }
        return req;
    };

    const convertNotApplicable = (list: analyzerPbT.PolicyNotApplicable[]): NotApplicable[] =>
        list.map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));

    const getAnalyzerInfo = async (): Promise<AnalyzerInfo> => {
        const info = await call("GetAnalyzerInfo", client.getAnalyzerInfo, new emptyPb.Empty());
        const policies = info.getPoliciesList().map((p): PolicyInfo => {
            const pi: PolicyInfo = {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelFromProto(p.getEnforcementlevel()),
                policyType: policyTypeFromProto(p.getPolicyType()),
            };
            if (p.getDisplayname()) pi.displayName = p.getDisplayname();
            const sev = severityFromProto(p.getSeverity());
            if (sev) pi.severity = sev;
            const cs = p.getConfigschema();
            if (cs) {
                pi.configSchema = { properties: structToObject(cs.getProperties()) as Record<string, JsonSchema> };
                if (cs.getRequiredList().length > 0) pi.configSchema.required = cs.getRequiredList();
            }
            return pi;
        });
        const initialConfig: Record<string, PolicyConfig> = {};
        info.getInitialconfigMap().forEach((v, k) => {
            initialConfig[k] = { enforcementLevel: levelFromProto(v.getEnforcementlevel()), properties: structToObject(v.getProperties()) };
        });
        const ai: AnalyzerInfo = {
            name: info.getName(),
            version: proj.version ?? info.getVersion(),
            packReportedVersion: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            policies,
            initialConfig,
        };
        if (info.getDisplayname()) ai.displayName = info.getDisplayname();
        if (info.getDescription()) ai.description = info.getDescription();
        return ai;
    };

    const configure = async (config: Record<string, PolicyConfig>): Promise<void> => {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const m = req.getPolicyconfigMap();
        for (const [k, v] of Object.entries(config)) {
            if (!isLevel(v.enforcementLevel)) {
                // The CLI refuses before sending anything.
                throw new Error(`invalid enforcement level "${v.enforcementLevel}"`);
            }
            // properties must always be set: the pack calls getProperties().toJavaScript() unguarded.
            m.set(
                k,
                new analyzerPb.PolicyConfig().setEnforcementlevel(levelToProto(v.enforcementLevel)).setProperties(structPb.Struct.fromJavaScript(v.properties)),
            );
        }
        await call("Configure", client.configure, req);
    };

    const configureFromFile = async (fileContent: PolicyPackConfigFile): Promise<Record<string, PolicyConfig>> => {
        const info = await getAnalyzerInfo();
        if (!info.supportsConfig) {
            return {};
        }
        const parsed = parsePolicyPackConfig(fileContent);
        const { config, validationErrors } = reconcilePolicyPackConfig(info.policies, info.initialConfig, parsed);
        if (validationErrors.length > 0) {
            throw new Error(`validating policy config: ${info.name} ${info.version}\n  ${validationErrors.join("\n  ")}`);
        }
        if (Object.keys(config).length > 0) {
            await configure(config);
        }
        return config;
    };

    const configureStack = async (
        a: { organization?: string; project?: string; stack?: string; dryRun?: boolean; config?: Record<string, string>; tags?: Record<string, string> } = {},
    ): Promise<void> => {
        const req = new analyzerPb.AnalyzerStackConfigureRequest()
            .setOrganization(a.organization ?? organization)
            .setProject(a.project ?? project)
            .setStack(a.stack ?? stack)
            .setDryRun(a.dryRun ?? dryRun);
        for (const [k, v] of Object.entries(a.config ?? stackConfig)) req.getConfigMap().set(k, v);
        for (const [k, v] of Object.entries(a.tags ?? opts.stackTags ?? {})) req.getTagsMap().set(k, v);
        await call("ConfigureStack", client.configureStack, req);
    };

    const analyzeDetailed = async (r: ResourceInput): Promise<AnalyzeResult> => {
        const resp = await call("Analyze", client.analyze, buildRequest(r, true));
        const diagnostics = resp.getDiagnosticsList().map((d): Diagnostic => {
            const out: Diagnostic = {
                policyName: d.getPolicyname(),
                policyPackName: d.getPolicypackname(),
                policyPackVersion: proj.version ?? d.getPolicypackversion(),
                description: d.getDescription(),
                message: d.getMessage(),
                enforcementLevel: levelFromProto(d.getEnforcementlevel()),
                urn: d.getUrn(),
            };
            const sev = severityFromProto(d.getSeverity());
            if (sev) out.severity = sev;
            return out;
        });
        return { diagnostics, notApplicable: convertNotApplicable(resp.getNotApplicableList()) };
    };

    const remediate = async (r: ResourceInput): Promise<{ remediations: Remediation[]; notApplicable: NotApplicable[] }> => {
        // The engine does not skip internal keys for Remediate.
        const resp = await call("Remediate", client.remediate, buildRequest(r, false));
        const remediations = resp.getRemediationsList().map((x): Remediation => {
            const rem: Remediation = {
                policyName: x.getPolicyname(),
                policyPackName: x.getPolicypackname(),
                policyPackVersion: proj.version ?? x.getPolicypackversion(),
                description: x.getDescription(),
                diagnostic: x.getDiagnostic(),
            };
            if (x.hasProperties()) rem.properties = structToObject(x.getProperties());
            return rem;
        });
        return { remediations, notApplicable: convertNotApplicable(resp.getNotApplicableList()) };
    };

    const stop = (): Promise<ExitInfo> => {
        stopped ??= (async () => {
            client.close();
            if (exit === undefined) {
                child.kill("SIGTERM");
                const t = setTimeout(() => child.kill("SIGKILL"), 2000);
                await exited;
                clearTimeout(t);
            }
            process.removeListener("exit", killOnExit);
            await engine.shutdown();
            return exit!;
        })();
        return stopped;
    };

    // The CLI's start-up sequence after reading the port.
    try {
        await new Promise<void>((resolve, reject) =>
            client.waitForReady(Date.now() + timeoutMs, (err) =>
                err ? reject(new Error(`could not connect to policy pack on port ${port}: ${err.message}`)) : resolve(),
            ),
        );
        const hs = new analyzerPb.AnalyzerHandshakeRequest().setEngineAddress(engine.address).setRootDirectory(dir).setProgramDirectory(dir);
        // @pulumi/policy does not implement Handshake (UNIMPLEMENTED); the CLI ignores any error here.
        await call("Handshake", client.handshake, hs).catch(() => undefined);
        await configureStack();
        if (opts.policyPackConfig !== null) {
            await configureFromFile(opts.policyPackConfig ?? {});
        }
    } catch (e) {
        await stop();
        throw e;
    }
    const readyMs = performance.now() - t0;

    return {
        packDir: dir,
        pid: child.pid!,
        port,
        engineAddress: engine.address,
        startupMs,
        readyMs,
        yamlVersion: proj.version,
        stdout,
        stderr,
        engineLogs: engine.logs,
        exitInfo: () => exit,
        getAnalyzerInfo,
        getPluginVersion: async () =>
            (await call<emptyPbT.Empty, pluginPbT.PluginInfo>("GetPluginInfo", client.getPluginInfo, new emptyPb.Empty())).getVersion(),
        configureFromFile,
        configure,
        configureStack,
        analyze: async (r) => (await analyzeDetailed(r)).diagnostics,
        analyzeDetailed,
        remediate,
        stop,
    };
}

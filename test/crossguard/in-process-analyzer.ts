/**
 * Drives `@pulumi/policy`'s own server code in-process: `makeAnalyzeRpcFun` (the function the gRPC
 * `Analyze` method runs) and the server's private `configure` handler, with protobuf requests built
 * the way the engine builds them. So every direct test runs the real request path — props
 * deserialised and wrapped in the SDK's `unknownCheckingProxy`, `getConfig`, `notApplicable`, the
 * level resolution and the `reportViolation` closure — with no socket and no child process.
 *
 * `configure` is not exported by server.js; it is captured from a private instance of the module
 * (loaded apart from the cached one, so no `PolicyPack` in this process is affected) by calling its
 * `serve()` with `grpc.Server#addService`/`bindAsync` stubbed for that one synchronous call.
 */
import * as path from "path";
import type * as analyzerPbT from "@pulumi/pulumi/proto/analyzer_pb";
import type * as structPbT from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Policies } from "@pulumi/policy";

/* eslint-disable @typescript-eslint/no-require-imports */

const POLICY_DIR = path.dirname(require.resolve("@pulumi/policy/package.json"));
const fromPolicy = <T>(id: string): T => require(require.resolve(id, { paths: [POLICY_DIR] })) as T;
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [POLICY_DIR] }));
const fromPulumi = <T>(id: string): T => require(require.resolve(id, { paths: [PULUMI_DIR] })) as T;

const analyzerPb = fromPulumi<typeof analyzerPbT>("@pulumi/pulumi/proto/analyzer_pb");
const structPb = fromPulumi<typeof structPbT>("google-protobuf/google/protobuf/struct_pb");

type RpcFun = (call: { request: unknown }, callback: (err: unknown, resp: any) => void) => Promise<void>;
interface ServerModule {
  serve(name: string, version: string, level: EnforcementLevel, args: { policies: Policies }): void;
  makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): RpcFun;
}

let isolated: { server: ServerModule; configure: RpcFun } | undefined;

/** A private instance of server.js and its `configure` handler. */
function isolatedServer(): { server: ServerModule; configure: RpcFun } {
  if (isolated) return isolated;
  // Load the normal SDK first, so the private server.js finds policy.js already cached (policy.js
  // keeps referring to the normal server.js, and `new PolicyPack` elsewhere is unaffected).
  fromPolicy("@pulumi/policy");
  const serverPath = require.resolve("@pulumi/policy/server.js");
  const cached = require.cache[serverPath];
  delete require.cache[serverPath];
  let server: ServerModule;
  try {
    server = require(serverPath) as ServerModule;
  } finally {
    if (cached) require.cache[serverPath] = cached;
    else delete require.cache[serverPath];
  }
  const grpc = fromPolicy<{ Server: { prototype: Record<string, unknown> } }>("@grpc/grpc-js");
  const proto = grpc.Server.prototype;
  const { addService, bindAsync } = proto;
  let handlers: Record<string, RpcFun> | undefined;
  proto.addService = function (_service: unknown, impl: Record<string, RpcFun>) {
    handlers = impl;
  };
  proto.bindAsync = () => undefined;
  try {
    server.serve("in-process-capture", "0.0.0", "advisory", { policies: [] });
  } finally {
    proto.addService = addService;
    proto.bindAsync = bindAsync;
  }
  if (!handlers?.configure) throw new Error("could not capture the policy server's configure handler");
  isolated = { server, configure: handlers.configure };
  return isolated;
}

const call = (fn: RpcFun, request: unknown): Promise<any> =>
  new Promise((resolve, reject) => {
    void fn({ request }, (err, resp) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(resp)));
  });

/** Level names as the SDK spells them. */
const LEVELS: Record<number, EnforcementLevel> = {
  [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
  [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};

/** A diagnostic as plain data. */
export interface InProcessDiagnostic {
  policyName: string;
  policyPackName: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
}

/** Result of one `Analyze`. */
export interface InProcessResult {
  diagnostics: InProcessDiagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

/** A resource as the engine sends it (inputs as JSON; unknowns as the engine's sentinel strings). */
export interface InProcessResource {
  type: string;
  name?: string;
  urn?: string;
  properties: Record<string, unknown>;
}

/** Config for one policy, as `Configure` carries it. */
export interface InProcessPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** The in-process analyzer for a list of policies served as one pack. */
export interface InProcessAnalyzer {
  /** `Configure` (replaces the whole config, like the RPC). */
  configure(config: Record<string, InProcessPolicyConfig>): Promise<void>;
  /** `Analyze` one resource. */
  analyze(resource: InProcessResource): Promise<InProcessResult>;
}

const json = (v: unknown): any => JSON.parse(JSON.stringify(v)) as unknown;

/**
 * An analyzer over `policies`, as a pack named `packName` at version `version` would serve them.
 * All analyzers share the SDK's one config (module-global in server.js, as in a served pack), so
 * configure in the test (or its `before` hook) that analyzes.
 */
export function inProcessAnalyzer(
  policies: Policies,
  packName = "azure-ml-governance",
  version = "0.1.0",
  packLevel: EnforcementLevel = "mandatory",
): InProcessAnalyzer {
  const { server, configure } = isolatedServer();
  const analyzeFn = server.makeAnalyzeRpcFun(packName, version, packLevel, policies);
  return {
    async configure(config) {
      const req = new analyzerPb.ConfigureAnalyzerRequest();
      const map = req.getPolicyconfigMap();
      const toProto: Record<EnforcementLevel, analyzerPbT.EnforcementLevel> = {
        advisory: analyzerPb.EnforcementLevel.ADVISORY,
        mandatory: analyzerPb.EnforcementLevel.MANDATORY,
        disabled: analyzerPb.EnforcementLevel.DISABLED,
        remediate: analyzerPb.EnforcementLevel.REMEDIATE,
      };
      for (const [k, v] of Object.entries(config)) {
        map.set(
          k,
          new analyzerPb.PolicyConfig().setEnforcementlevel(toProto[v.enforcementLevel]).setProperties(structPb.Struct.fromJavaScript(json(v.properties))),
        );
      }
      await call(configure, req);
    },
    async analyze(r) {
      const name = r.name ?? "test-resource";
      const options = new analyzerPb.AnalyzerResourceOptions().setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
      const req = new analyzerPb.AnalyzeRequest()
        .setType(r.type)
        .setName(name)
        .setUrn(r.urn ?? `urn:pulumi:dev::project::${r.type}::${name}`)
        .setProperties(structPb.Struct.fromJavaScript(json(r.properties)))
        .setOptions(options);
      const resp = (await call(analyzeFn, req)) as analyzerPbT.AnalyzeResponse;
      return {
        diagnostics: resp.getDiagnosticsList().map((d) => ({
          policyName: d.getPolicyname(),
          policyPackName: d.getPolicypackname(),
          description: d.getDescription(),
          message: d.getMessage(),
          enforcementLevel: LEVELS[d.getEnforcementlevel()],
          urn: d.getUrn(),
        })),
        notApplicable: resp.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
      };
    },
  };
}

/** `unknownCheckingProxy`, `UnknownValueError` and the unknown sentinels from the SDK (JS-only exports of proxy.js). */
export const sdkProxy = fromPolicy<{
  unknownCheckingProxy<T>(v: T): T;
  UnknownValueError: new (...a: unknown[]) => Error;
  unknownStringValue: string;
  unknownObjectValue: string;
  unknownArrayValue: string;
}>("@pulumi/policy/proxy.js");

/** The engine's sentinels for values unknown during preview (the SDK's own constants). */
export const UNKNOWN = { string: sdkProxy.unknownStringValue, object: sdkProxy.unknownObjectValue, array: sdkProxy.unknownArrayValue } as const;

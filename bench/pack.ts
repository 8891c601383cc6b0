/**
 * Items 1 and 2: the CrossGuard pack served exactly as the Pulumi CLI serves it
 * (`test/support/policy-pack-server.ts`: cwd = pack dir, `@pulumi/pulumi/cmd/run-policy-pack`
 * resolved from the pack dir, args `<engine-address> .`), against the one-policy minimal pack
 * (`test/fixtures/minimal-pack/`) on the same SDK version.
 *
 * - Start-up: spawn → port printed, interleaved ours/minimal, median of the runs.
 * - Throughput: one served process each, 5,000 `Analyze` calls over the same mixed resources,
 *   one at a time and with a bounded number in flight, the two packs interleaved in chunks of 250
 *   calls, median calls/s over rounds; plus the pack process's own CPU time per call (from /proc).
 */
import * as fs from "fs";
import * as path from "path";
import { policyPackConfigFor, validateGovernanceConfig } from "../core";
import { guardrailPackConfig } from "../core/guardrails/preflight";
import { ResourceInput, ServedPack, startPolicyPack } from "../test/support/policy-pack-server";
import { median, progress, ROOT, runChild } from "./common";
import { BenchResource, governanceConfig, resources } from "./workload";

/** The two packs. */
export const OUR_PACK = path.join(ROOT, "policypack");
export const MINIMAL_PACK = path.join(ROOT, "test", "fixtures", "minimal-pack");

/** What a pack resolves at start-up (the SDK it runs on, and whether TypeScript is loaded). */
export interface PackResolution {
  dir: string;
  runPolicyPack: string;
  pulumiVersion: string;
  pulumiDir: string;
  policyVersion: string;
  policyDir: string;
  /** What run-policy-pack's `tsutils` resolves for `typescript` / `ts-node` (from the SDK's own directory). */
  typescript: string;
  tsNode: string;
  /** A `tsconfig.json` in the pack dir makes run-policy-pack parse it and ts-node load it as its project. */
  hasTsconfig: boolean;
}

function resolveOrVendored(id: string, from: string, vendored: string): string {
  try {
    const p = require.resolve(id, { paths: [from] });
    const pkg = JSON.parse(
      fs.readFileSync(path.join(p.slice(0, p.lastIndexOf(`node_modules${path.sep}${id}`) + `node_modules${path.sep}${id}`.length), "package.json"), "utf8"),
    ) as { version: string };
    return `${fs.realpathSync(p)} (${pkg.version})`;
  } catch {
    return `vendored ${vendored}`;
  }
}

/** Resolves what the pack in `dir` runs on, as run-policy-pack would. */
export function packResolution(dir: string): PackResolution {
  const runPolicyPack = fs.realpathSync(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] }));
  const pulumiPkg = require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
  const policyPkg = require.resolve("@pulumi/policy/package.json", { paths: [dir] });
  const pulumiDir = fs.realpathSync(path.dirname(pulumiPkg));
  // tsutils.typeScriptRequireStrings() does a plain require("typescript") / require("ts-node") from
  // @pulumi/pulumi's own directory, falling back to copies vendored in the SDK.
  return {
    dir,
    runPolicyPack,
    pulumiVersion: (JSON.parse(fs.readFileSync(pulumiPkg, "utf8")) as { version: string }).version,
    pulumiDir,
    policyVersion: (JSON.parse(fs.readFileSync(policyPkg, "utf8")) as { version: string }).version,
    policyDir: fs.realpathSync(path.dirname(policyPkg)),
    typescript: resolveOrVendored("typescript", pulumiDir, "typescript@3.8.3"),
    tsNode: resolveOrVendored("ts-node", pulumiDir, "ts-node@7.0.1"),
    hasTsconfig: fs.existsSync(path.join(dir, "tsconfig.json")),
  };
}

/**
 * What run-policy-pack's TypeScript set-up costs in `dir`, measured in a fresh process that does
 * exactly what `run.js` does before loading the pack (resolve, parse tsconfig.json if present,
 * require typescript and ts-node, `register`). Milliseconds, median of `runs`.
 */
export async function typeScriptSetupMs(dir: string, runs: number): Promise<number> {
  const pulumiDir = packResolution(dir).pulumiDir;
  const probe = `
    const t0 = performance.now();
    const fs = require("fs");
    const tsutils = require(${JSON.stringify(path.join(pulumiDir, "tsutils"))});
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const skipProject = !fs.existsSync("tsconfig.json");
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
    const tsn = require(tsnodeRequire);
    require(typescriptRequire);
    tsn.register({ typeCheck: true, skipProject, compiler: typescriptRequire,
      compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions } });
    process.stdout.write(String(performance.now() - t0));`;
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild(process.execPath, ["-e", probe], { cwd: dir });
    if (r.code !== 0) throw new Error(`TypeScript set-up probe failed in ${dir}: ${r.stderr}`);
    xs.push(Number(r.stdout));
  }
  return median(xs);
}

/** Start-up samples (ms). */
export interface StartupResult {
  /** Spawn → the port on stdout (what the issue measures). */
  ours: number[];
  minimal: number[];
  /** Spawn → configured as the CLI does (Handshake, ConfigureStack, GetAnalyzerInfo, Configure). */
  oursReady: number[];
  minimalReady: number[];
  /** The first `Analyze` after start-up, of an ML resource (ours validates and compiles its config here). */
  oursFirstAnalyze: number[];
  minimalFirstAnalyze: number[];
}

/** The ML resource of the first-Analyze measurement. */
const FIRST_RESOURCE: ResourceInput = {
  type: "azure-native:machinelearningservices:ServerlessEndpoint",
  name: "chat",
  properties: {
    resourceGroupName: "rg-ml",
    workspaceName: "ws-prod",
    properties: { authMode: "Key", modelSettings: { modelId: "azureml://registries/azureml/models/Phi-4-mini-instruct/versions/3" } },
  },
};

/** Item 1: interleaved start-ups of both packs, each configured as the CLI does, then one Analyze. */
export async function measureStartup(runs: number): Promise<StartupResult> {
  const res: StartupResult = { ours: [], minimal: [], oursReady: [], minimalReady: [], oursFirstAnalyze: [], minimalFirstAnalyze: [] };
  const config = packConfigFile();
  const start = (dir: string) => startPolicyPack(dir, { policyPackConfig: dir === OUR_PACK ? config : {} });
  // One unmeasured start each, so both run with a warm file-system cache.
  for (const dir of [OUR_PACK, MINIMAL_PACK]) await (await start(dir)).stop();
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs right after the other's teardown.
    const order = i % 2 === 0 ? [OUR_PACK, MINIMAL_PACK] : [MINIMAL_PACK, OUR_PACK];
    for (const dir of order) {
      const p = await start(dir);
      const t0 = performance.now();
      await p.analyze(FIRST_RESOURCE);
      const first = performance.now() - t0;
      const ours = dir === OUR_PACK;
      (ours ? res.ours : res.minimal).push(p.startupMs);
      (ours ? res.oursReady : res.minimalReady).push(p.readyMs);
      (ours ? res.oursFirstAnalyze : res.minimalFirstAnalyze).push(first);
      await p.stop();
    }
    progress(`start-up ${i + 1}/${runs}: ours ${res.ours[i].toFixed(0)} ms, minimal ${res.minimal[i].toFixed(0)} ms`);
  }
  return res;
}

/** CPU time (user + system) of a process, in ms, from /proc; undefined where there is no /proc. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 (1-based) of the whole line, i.e. 11 and 12 after the comm.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** One pass over the resources (the sum of its chunks). */
export interface Pass {
  callsPerSec: number;
  /** Pack-process CPU ms per 1,000 calls. */
  cpuMsPer1000?: number;
  diagnostics: number;
}

/** Timing of one chunk on one pack. */
interface Chunk {
  ms: number;
  cpuMs?: number;
  diagnostics: number;
}

async function chunk(pack: ServedPack, items: readonly ResourceInput[], concurrency: number): Promise<Chunk> {
  let diagnostics = 0;
  const cpu0 = processCpuMs(pack.pid);
  const t0 = performance.now();
  if (concurrency <= 1) {
    for (const r of items) {
      const found = await pack.analyze(r);
      diagnostics += found.length;
    }
  } else {
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const r = items[next++];
        const found = await pack.analyze(r); // not `diagnostics += await …`: that reads the sum before awaiting
        diagnostics += found.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  const ms = performance.now() - t0;
  const cpu1 = processCpuMs(pack.pid);
  return { ms, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, diagnostics };
}

/**
 * One pass of every resource through each pack, interleaved in chunks (A then B, B then A, …), so
 * that a burst of load from other processes falls on both packs alike.
 */
async function interleavedPass(packs: readonly ServedPack[], items: readonly ResourceInput[], concurrency: number, chunkSize: number): Promise<Pass[]> {
  const sums: Array<{ ms: number; cpuMs: number | undefined; diagnostics: number }> = packs.map(() => ({ ms: 0, cpuMs: 0, diagnostics: 0 }));
  for (let k = 0; k < items.length; k += chunkSize) {
    const part = items.slice(k, k + chunkSize);
    const order = packs.map((_, i) => i);
    if ((k / chunkSize) % 2 === 1) order.reverse();
    for (const i of order) {
      const c = await chunk(packs[i], part, concurrency);
      sums[i].ms += c.ms;
      sums[i].cpuMs = sums[i].cpuMs === undefined || c.cpuMs === undefined ? undefined : sums[i].cpuMs + c.cpuMs;
      sums[i].diagnostics += c.diagnostics;
    }
  }
  return sums.map((x) => ({
    callsPerSec: items.length / (x.ms / 1000),
    cpuMsPer1000: x.cpuMs === undefined ? undefined : (x.cpuMs / items.length) * 1000,
    diagnostics: x.diagnostics,
  }));
}

/** Throughput samples per pack and mode. */
export interface ThroughputResult {
  calls: number;
  mlResources: number;
  rounds: number;
  concurrency: number;
  ours: { sequential: Pass[]; concurrent: Pass[] };
  minimal: { sequential: Pass[]; concurrent: Pass[] };
  /**
   * Ours again, with every policy but the model policy switched off in the config file
   * (`enforcementLevel: "disabled"`, which the SDK skips before reading the resource): what the
   * other policies of the pack (the guardrail preflights) cost.
   */
  modelOnly: { sequential: Pass[]; concurrent: Pass[]; disabled: string[] };
}

/**
 * The pack config file app teams get for the benchmark config: exactly the component's
 * `policyPackConfig` output (the model policy's entry, plus the guardrail entries of the baseline).
 */
export function packConfigFile(): Record<string, unknown> {
  const v = validateGovernanceConfig(governanceConfig());
  if (!v.ok) throw new Error(`benchmark config is invalid: ${JSON.stringify(v.errors)}`);
  const c = v.config;
  return JSON.parse(JSON.stringify({ ...policyPackConfigFor(c, c.enforcementMode), ...guardrailPackConfig(c.baseline, c.enforcementMode) })) as Record<
    string,
    unknown
  >;
}

/** Item 2: both packs served at once, interleaved rounds of sequential and concurrent passes. */
export async function measureThroughput(calls: number, rounds: number, concurrency: number): Promise<ThroughputResult> {
  const bench: BenchResource[] = resources(calls);
  const items: ResourceInput[] = bench.map((r) => ({ type: r.type, name: r.name, properties: r.properties as ResourceInput["properties"] }));
  const config = packConfigFile();
  const ours = await startPolicyPack(OUR_PACK, { policyPackConfig: config, rpcTimeoutMs: 120_000 });
  const minimal = await startPolicyPack(MINIMAL_PACK, { policyPackConfig: {}, rpcTimeoutMs: 120_000 });
  const others = (await ours.getAnalyzerInfo()).policies.map((x) => x.name).filter((n) => !Object.keys(config).includes(n));
  const modelOnly = await startPolicyPack(OUR_PACK, {
    policyPackConfig: { ...config, ...Object.fromEntries(others.map((n) => [n, { enforcementLevel: "disabled" }])) },
    rpcTimeoutMs: 120_000,
  });
  const res: ThroughputResult = {
    calls,
    mlResources: bench.filter((r) => r.ml).length,
    rounds,
    concurrency,
    ours: { sequential: [], concurrent: [] },
    minimal: { sequential: [], concurrent: [] },
    modelOnly: { sequential: [], concurrent: [], disabled: others },
  };
  const packs = [ours, minimal, modelOnly];
  const into = [res.ours, res.minimal, res.modelOnly];
  try {
    // Warm-up: JIT every side (and the harness's marshalling) on a slice of the workload.
    const warm = items.slice(0, 500);
    await interleavedPass(packs, warm, 1, 250);
    await interleavedPass(packs, warm, concurrency, 250);
    for (let i = 0; i < rounds; i++) {
      (await interleavedPass(packs, items, 1, 250)).forEach((pass, k) => into[k].sequential.push(pass));
      (await interleavedPass(packs, items, concurrency, 250)).forEach((pass, k) => into[k].concurrent.push(pass));
      const f = (x: { sequential: Pass[]; concurrent: Pass[] }) => `${x.sequential[i].callsPerSec.toFixed(0)}/${x.concurrent[i].callsPerSec.toFixed(0)}`;
      progress(
        `throughput round ${i + 1}/${rounds} (calls/s one at a time/${concurrency} in flight): ours ${f(res.ours)}, minimal ${f(res.minimal)}, ours model policy only ${f(res.modelOnly)}`,
      );
    }
  } finally {
    for (const p of packs) await p.stop();
  }
  return res;
}

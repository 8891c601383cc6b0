/**
 * Item 3: rules-core decisions per second. Worker process (pinned to one core by the runner):
 * `compileRules` + `decide` over 100,000 pre-generated model ids, after warm-up, median of runs,
 * interleaved with a minimal reference decider over the same ids (lower-case, split, Set lookups,
 * no grammar checks and no reasons) that shows what this machine does at all.
 */
import { compileRules, decide, validateRuleConfig } from "../core";
import { median, workerMain } from "./common";
import { modelIds, ruleConfig } from "./workload";

/** Input of the worker. */
export interface DecisionsInput {
  ids: number;
  runs: number;
  warmup: number;
}

/** Output of the worker. */
export interface DecisionsOutput {
  ids: number;
  runs: number;
  /** Decisions per CPU-second of this (pinned) process, per run. */
  oursPerSec: number[];
  baselinePerSec: number[];
  oursMedian: number;
  baselineMedian: number;
  /** The same per wall-clock second (lower when another process shares the core). */
  oursWallPerSec: number[];
  baselineWallPerSec: number[];
  oursWallMedian: number;
  baselineWallMedian: number;
  /** How the ids were decided (rule → count). */
  mix: Record<string, number>;
  /** Ids whose verdict differs from what they were generated for (must be 0). */
  mismatches: number;
}

interface Timing {
  /** Per CPU-second. */
  cpu: number;
  /** Per wall-clock second. */
  wall: number;
}

/** The reference decider: what any decider must do at least, without the grammar or the reasons. */
function referenceDecider(registries: ReadonlySet<string>, keys: ReadonlySet<string>) {
  return (id: string): boolean => {
    const lower = id.toLowerCase();
    const p = lower.split("/");
    return p.length >= 4 && registries.has(p[3]) && !keys.has(`${p[3]}/${p[5]}`);
  };
}

/** Runs the benchmark in this process. */
export function runDecisions(input: DecisionsInput): DecisionsOutput {
  const checked = validateRuleConfig(ruleConfig());
  if (!checked.ok) throw new Error(`benchmark config is invalid: ${JSON.stringify(checked.errors)}`);
  const rules = checked.config;
  const generated = modelIds(input.ids, 42);
  const ids = generated.map((g) => g.id);

  // Correctness first: every id is decided as generated.
  const compiled = compileRules(rules);
  const mix: Record<string, number> = {};
  let mismatches = 0;
  generated.forEach((g) => {
    const d = decide(compiled, { kind: "model-id", modelId: g.id });
    mix[d.rule] = (mix[d.rule] ?? 0) + 1;
    if (d.allowed !== (g.kind === "allowed" || g.kind === "workspace")) mismatches++;
  });

  /** Times `body` in CPU seconds (user + system of this process) and wall seconds. */
  const timed = (body: () => number): Timing => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const allowed = body();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    if (allowed === 0) throw new Error("nothing allowed?");
    return { cpu: ids.length / ((c.user + c.system) / 1e6), wall: ids.length / wall };
  };
  const ours = (): Timing =>
    timed(() => {
      const c = compileRules(rules);
      let allowed = 0;
      for (let i = 0; i < ids.length; i++) if (decide(c, { kind: "model-id", modelId: ids[i] }).allowed) allowed++;
      return allowed;
    });
  const registries = new Set(rules.allowedRegistries);
  const keys = new Set(rules.blockedModels.map((e) => `${e.registry}/${e.model}`));
  const reference = (): Timing =>
    timed(() => {
      const f = referenceDecider(registries, keys);
      let allowed = 0;
      for (let i = 0; i < ids.length; i++) if (f(ids[i])) allowed++;
      return allowed;
    });

  for (let i = 0; i < input.warmup; i++) {
    ours();
    reference();
  }
  const o: Timing[] = [];
  const b: Timing[] = [];
  for (let i = 0; i < input.runs; i++) {
    o.push(ours());
    b.push(reference());
  }
  const oursPerSec = o.map((t) => t.cpu);
  const baselinePerSec = b.map((t) => t.cpu);
  const oursWallPerSec = o.map((t) => t.wall);
  const baselineWallPerSec = b.map((t) => t.wall);
  return {
    ids: ids.length,
    runs: input.runs,
    oursPerSec,
    baselinePerSec,
    oursMedian: median(oursPerSec),
    baselineMedian: median(baselinePerSec),
    oursWallPerSec,
    baselineWallPerSec,
    oursWallMedian: median(oursWallPerSec),
    baselineWallMedian: median(baselineWallPerSec),
    mix,
    mismatches,
  };
}

if (require.main === module) workerMain<DecisionsInput, DecisionsOutput>(runDecisions);

/**
 * `npm run bench`: what azure-ml-governance costs its users, each figure measured side by side with
 * its baseline in one run (medians of repeated runs), printed as one table and written to
 * bench/RESULTS.md (between the generated-section markers; the notes around them are kept).
 *
 * Options (after `--`): `--only 1,3,6` runs some items; `--no-write` leaves RESULTS.md alone;
 * `--quick` uses fewer repetitions (for trying the bench out, not for results).
 */
import * as fs from "fs";
import * as path from "path";
import { bytes, fix, int, machine, markdownTable, median, progress, range, ROOT, Row, runWorker, textTable, times, verdict } from "./common";
import { DecisionsInput, DecisionsOutput } from "./decisions";
import { MINIMAL_PACK, OUR_PACK, packResolution, measureStartup, measureThroughput, Pass, typeScriptSetupMs } from "./pack";
import { measureStackExport, summarise } from "./stack-export";
import { ComponentRow, measureComponent } from "./component";
import { measureSizes, ONE_MB } from "./sizes";
import { measureResourceGraph } from "./resource-graph";
import { MODEL_RULE_IDS } from "../core/rule-catalogue";

interface Options {
  only?: Set<number>;
  write: boolean;
  quick: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { write: true, quick: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") o.only = new Set(argv[++i].split(",").map(Number));
    else if (argv[i] === "--no-write") o.write = false;
    else if (argv[i] === "--quick") o.quick = true;
    else throw new Error(`unknown option ${argv[i]} (use --only 1,2,… / --no-write / --quick)`);
  }
  return o;
}

const ms = (x: number) => `${int(x)} ms`;
const secs = (x: number) => `${fix(x / 1000, 2)} s`;
const pct = (x: number) => `${fix(x * 100, 1)}%`;

/** Notes gathered while measuring, printed under the table. */
const details: string[] = [];

async function item1(rows: Row[], quick: boolean): Promise<void> {
  const runs = quick ? 4 : 12;
  progress(`1. pack start-up (${runs} interleaved runs each)`);
  const ours = packResolution(OUR_PACK);
  const minimal = packResolution(MINIMAL_PACK);
  const s = await measureStartup(runs);
  const tsOurs = await typeScriptSetupMs(OUR_PACK, quick ? 2 : 5);
  const tsMinimal = await typeScriptSetupMs(MINIMAL_PACK, quick ? 2 : 5);
  const o = median(s.ours);
  const m = median(s.minimal);
  rows.push({
    item: 1,
    figure: `Pack start-up: spawn → port printed (median of ${runs})`,
    ours: ms(o),
    baseline: ms(m),
    ratio: times(o / m),
    target: "≤ 1.15×",
    verdict: verdict(o / m <= 1.15),
  });
  const or = median(s.oursReady);
  const mr = median(s.minimalReady);
  rows.push({
    item: 1,
    figure: "Pack start-up: spawn → configured like the CLI",
    ours: ms(or),
    baseline: ms(mr),
    ratio: times(or / mr),
    target: "–",
    verdict: "info",
  });
  const of = median(s.oursFirstAnalyze);
  const mf = median(s.minimalFirstAnalyze);
  rows.push({
    item: 1,
    figure: "First Analyze after start-up (an ML resource)",
    ours: ms(of),
    baseline: ms(mf),
    ratio: times(of / mf),
    target: "–",
    verdict: "info",
  });
  rows.push({
    item: 1,
    figure: "run-policy-pack TypeScript set-up (in both start-ups)",
    ours: ms(tsOurs),
    baseline: ms(tsMinimal),
    ratio: times(tsOurs / tsMinimal),
    target: "–",
    verdict: "info",
  });
  const same = ours.pulumiVersion === minimal.pulumiVersion && ours.policyVersion === minimal.policyVersion;
  details.push(
    `**1. Start-up.** Samples (ms, spawn → port): ours ${s.ours.map((x) => x.toFixed(0)).join(", ")}; minimal ${s.minimal.map((x) => x.toFixed(0)).join(", ")}. ` +
      `SDK: ours runs @pulumi/pulumi ${ours.pulumiVersion} + @pulumi/policy ${ours.policyVersion} from \`${path.relative(ROOT, ours.pulumiDir)}\`, ` +
      `the minimal pack ${minimal.pulumiVersion} + ${minimal.policyVersion} from \`${path.relative(ROOT, minimal.pulumiDir)}\`: ` +
      `${same ? "the same versions, but two copies on disk (the pack's own node_modules and the root's)" : "DIFFERENT versions — the comparison is not like for like"}. ` +
      `run-policy-pack resolves TypeScript from the SDK's directory in both cases: typescript ${ours.typescript === minimal.typescript ? "the same copy" : "different copies"} (\`${path.relative(ROOT, ours.typescript.split(" ")[0])}\`), ` +
      `ts-node ${ours.tsNode === minimal.tsNode ? "the same copy" : "different copies"} (\`${path.relative(ROOT, ours.tsNode.split(" ")[0])}\`), so both packs load them at every start; ` +
      `a tsconfig.json in the pack dir: ours ${ours.hasTsconfig ? "yes (parsed and used as ts-node's project)" : "no"}, minimal ${minimal.hasTsconfig ? "yes" : "no"}. ` +
      `That set-up alone, measured in a fresh process per pack dir: ${ms(tsOurs)} (ours) vs ${ms(tsMinimal)} (minimal).`,
  );
}

async function item2(rows: Row[], quick: boolean): Promise<void> {
  const rounds = quick ? 1 : 3;
  const concurrency = 8;
  progress(`2. pack throughput (5,000 Analyze calls × ${rounds} rounds × 2 modes × 3 pack processes)`);
  const t = await measureThroughput(5000, rounds, concurrency);
  const modeName = (mode: "sequential" | "concurrent") => (mode === "sequential" ? "one at a time" : `${concurrency} in flight`);
  const rate = (xs: Pass[]) => median(xs.map((p) => p.callsPerSec));
  for (const mode of ["sequential", "concurrent"] as const) {
    const o = rate(t.ours[mode]);
    const m = rate(t.minimal[mode]);
    rows.push({
      item: 2,
      figure: `Pack throughput: Analyze calls/s, ${modeName(mode)}`,
      ours: `${int(o)}/s`,
      baseline: `${int(m)}/s`,
      ratio: times(o / m),
      target: "≥ 0.90×",
      verdict: verdict(o / m >= 0.9),
    });
  }
  const others = t.modelOnly.disabled.length;
  if (others > 0) {
    for (const mode of ["sequential", "concurrent"] as const) {
      const o = rate(t.modelOnly[mode]);
      const m = rate(t.minimal[mode]);
      rows.push({
        item: 2,
        figure: `… our pack with only the model policy on, ${modeName(mode)}`,
        ours: `${int(o)}/s`,
        baseline: `${int(m)}/s`,
        ratio: times(o / m),
        target: "–",
        verdict: "info",
      });
    }
  }
  const cpu = (xs: Pass[]) => median(xs.map((p) => p.cpuMsPer1000).filter((x): x is number => x !== undefined));
  const oc = cpu([...t.ours.sequential, ...t.ours.concurrent]);
  const mc = cpu([...t.minimal.sequential, ...t.minimal.concurrent]);
  const moc = cpu([...t.modelOnly.sequential, ...t.modelOnly.concurrent]);
  if (!Number.isNaN(oc)) {
    rows.push({
      item: 2,
      figure: "Pack process CPU per 1,000 Analyze calls",
      ours: ms(oc),
      baseline: ms(mc),
      ratio: times(oc / mc),
      target: "–",
      verdict: "info",
    });
    if (others > 0)
      rows.push({
        item: 2,
        figure: "… our pack with only the model policy on",
        ours: ms(moc),
        baseline: ms(mc),
        ratio: times(moc / mc),
        target: "–",
        verdict: "info",
      });
  }
  const show = (xs: Pass[]) => xs.map((p) => p.callsPerSec.toFixed(0)).join(", ");
  details.push(
    `**2. Throughput.** ${int(t.calls)} resources, ${int(t.mlResources)} of them Azure ML (every surface, three token forms, v2/v3 inputs, ARM template deployments), the rest ordinary resources; ` +
      `one served process per pack, configured as the CLI does (ours with the platform's \`policyPackConfig\` for the benchmark config), the harness as client; ` +
      `the packs take turns every 250 calls, ${rounds} rounds. Calls/s per round — one at a time: ours ${show(t.ours.sequential)}, minimal ${show(t.minimal.sequential)}, ` +
      `ours with only the model policy on ${show(t.modelOnly.sequential)}; ${concurrency} in flight: ours ${show(t.ours.concurrent)}, minimal ${show(t.minimal.concurrent)}, ` +
      `model policy only ${show(t.modelOnly.concurrent)}. Diagnostics per pass: ours ${t.ours.sequential[0]?.diagnostics} (denied model references), minimal ${t.minimal.sequential[0]?.diagnostics}. ` +
      `The pack serves ${others + 1} policies; "only the model policy on" is a third process of our pack whose config file also sets ` +
      `${others > 0 ? t.modelOnly.disabled.map((n) => `\`${n}\``).join(", ") : "(none)"} to \`enforcementLevel: "disabled"\` (the SDK then skips them before reading the resource).`,
  );
}

async function item3(rows: Row[], quick: boolean): Promise<void> {
  progress("3. rules-core decisions per second (pinned to one core)");
  const input: DecisionsInput = { ids: 100_000, runs: quick ? 3 : 9, warmup: 3 };
  const runs: DecisionsOutput[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) runs.push((await runWorker<DecisionsOutput>("decisions.js", input, { pin: true })).result);
  const all = (f: (d: DecisionsOutput) => number[]) => runs.flatMap(f);
  const o = median(all((d) => d.oursPerSec));
  const b = median(all((d) => d.baselinePerSec));
  const ow = median(all((d) => d.oursWallPerSec));
  const bw = median(all((d) => d.baselineWallPerSec));
  rows.push({
    item: 3,
    figure: "Rules-core decisions/s, 100,000 ids, one core (per CPU-second)",
    ours: `${int(o)}/s`,
    baseline: `${int(b)}/s`,
    ratio: times(o / b),
    target: "≥ 500,000/s",
    verdict: verdict(o >= 500_000),
  });
  rows.push({
    item: 3,
    figure: "Rules-core decisions/s, per wall-clock second",
    ours: `${int(ow)}/s`,
    baseline: `${int(bw)}/s`,
    ratio: times(ow / bw),
    target: "≥ 500,000/s",
    verdict: ow >= 500_000 ? "PASS" : "info",
  });
  const d = runs[0];
  details.push(
    `**3. Decisions.** \`compileRules\` + \`decide\` over ${int(d.ids)} pre-generated ids (10 registries, 50 blocked, 100 approved entries), ` +
      `${runs.length} worker processes pinned with taskset to one core × ${input.runs} runs after ${input.warmup} warm-ups, interleaved with the reference decider ` +
      `(lower-case, split, two Set lookups, no grammar checks, no reasons: the floor of any decider on this machine). ` +
      `Decided as: ${Object.entries(d.mix)
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(", ")}; ${d.mismatches} verdicts differ from what the ids were generated for. ` +
      `Per CPU-second is the figure (other processes on this shared 2-core machine take the core away; wall-clock range ${int(range(all((x) => x.oursWallPerSec))[0])}–${int(range(all((x) => x.oursWallPerSec))[1])}/s).`,
  );
}

async function item4(rows: Row[], quick: boolean): Promise<void> {
  progress("4. check --stack-export on a 50,000-resource export");
  const r = await measureStackExport(50_000, quick ? 1 : 3);
  const b = summarise(r.baseline);
  if (!r.implemented) {
    rows.push({
      item: 4,
      figure: "check --stack-export, 50,000 resources: wall time",
      ours: "n/a (not implemented)",
      baseline: secs(b.wallMs),
      ratio: "–",
      target: "< 3 s",
      verdict: "n/a",
    });
    rows.push({
      item: 4,
      figure: "check --stack-export, 50,000 resources: peak RSS",
      ours: "n/a (not implemented)",
      baseline: b.maxRssBytes ? bytes(b.maxRssBytes) : "?",
      ratio: "–",
      target: "–",
      verdict: "n/a",
    });
  } else {
    const o = summarise(r.ours);
    const failed = r.ours.some((s) => s.code !== 0 && s.code !== 1);
    rows.push({
      item: 4,
      figure: "check --stack-export, 50,000 resources: wall time",
      ours: secs(o.wallMs),
      baseline: secs(b.wallMs),
      ratio: times(o.wallMs / b.wallMs),
      target: "< 3 s",
      verdict: failed ? "FAIL" : verdict(o.wallMs < 3000),
    });
    rows.push({
      item: 4,
      figure: "check --stack-export, 50,000 resources: peak RSS",
      ours: o.maxRssBytes ? bytes(o.maxRssBytes) : "?",
      baseline: b.maxRssBytes ? bytes(b.maxRssBytes) : "?",
      ratio: o.maxRssBytes && b.maxRssBytes ? times(o.maxRssBytes / b.maxRssBytes) : "–",
      target: "–",
      verdict: "info",
    });
  }
  details.push(
    `**4. Stack export.** A generated \`pulumi stack export\` (version 3) of ${int(r.resources)} resources (${int(r.mlResources)} Azure ML surfaces or ARM template deployments; inputs, outputs, parents, providers, dependencies), ` +
      `${bytes(r.fileBytes)}, in a temp dir. Baseline: \`node -e 'JSON.parse(readFileSync(export))'\`, the floor of any tool that reads it. Peak RSS by ${r.rssMethod}. ` +
      (r.implemented
        ? `Wall samples: ours ${r.ours.map((s) => secs(s.wallMs)).join(", ")} (exit ${[...new Set(r.ours.map((s) => s.code))].join("/")}, ${bytes(r.ours[0]?.stdoutBytes ?? 0)} of output ending "${r.outputTail ?? ""}"); parse-only ${r.baseline.map((s) => secs(s.wallMs)).join(", ")}.` +
          (r.error ? ` The CLI failed: ${r.error.split("\n").slice(-3).join(" ")}` : "")
        : `\`check --stack-export\` is not in the CLI yet (\`check --help\` does not list it), so only the baseline was measured (${r.baseline.map((s) => secs(s.wallMs)).join(", ")}).`),
  );
}

async function item5(rows: Row[], quick: boolean): Promise<void> {
  const scopes = quick ? [1, 10, 100] : [1, 10, 100, 500];
  const entries = [10, 100];
  progress(`5. component under mocks (${scopes.join("/")} scopes × ${entries.join("/")} entries per list)`);
  const results: ComponentRow[] = [];
  for (const n of scopes) results.push(...(await measureComponent([n], entries, quick || n >= 500 ? 1 : 2, progress)));
  const growsWithScopesOnly = scopes.every((n) => {
    const atN = results.filter((r) => r.scopes === n);
    const counts = new Set(atN.map((r) => r.ours[0].registered));
    return counts.size === 1 && atN.every((r) => (r.ours[0].byType["azure-native:authorization:PolicyAssignment"] ?? 0) === n);
  });
  for (const r of results) {
    const o = median(r.ours.map((x) => x.wallMs));
    const b = median(r.baseline.map((x) => x.wallMs));
    const reg = r.ours[0].registered;
    const asg = r.ours[0].byType["azure-native:authorization:PolicyAssignment"] ?? 0;
    const ok = asg === r.scopes && (r.scopes < 500 || o < 20_000);
    rows.push({
      item: 5,
      figure: `Component under mocks: ${r.scopes} scope${r.scopes === 1 ? "" : "s"}, ${r.entries} per list`,
      ours: `${secs(o)}; ${reg} res., ${asg} asg. (${fix(reg / r.scopes, 2)}/scope)`,
      baseline: `${secs(b)}; ${r.baseline[0].registered} res.`,
      ratio: times(o / b),
      target: r.scopes >= 500 ? "1 asg./scope; < 20 s" : "1 asg./scope",
      verdict: verdict(ok),
    });
  }
  // Fixed part: the component, one definition per model rule (the benchmark sets no deployment control) and the initiative.
  const fixed = MODEL_RULE_IDS.length + 2;
  rows.push({
    item: 5,
    figure: "Component: resources grow with scopes only",
    ours: scopes.map((n) => `${n}→${results.find((r) => r.scopes === n)!.ours[0].registered}`).join(", "),
    baseline: `N + ${fixed}`,
    ratio: "–",
    target: "same at 10 and 100 per list",
    verdict: verdict(growsWithScopesOnly && scopes.every((n) => results.filter((r) => r.scopes === n).every((r) => r.ours[0].registered === n + fixed))),
  });
  const byType = results[results.length - 1].ours[0].byType;
  details.push(
    `**5. Component.** One child process per configuration and run (clean runtime state, \`pulumi.runtime.setMocks\`); scopes are resource groups of one subscription (\`scope\` + \`additionalScopes\`); ` +
      `"per list" sets allowedRegistries, blockedModels (versioned), allowedModels and notScopes to that many entries. Wall time is construction → every output resolved (registrations included). ` +
      `Baseline: the same plan's definitions, initiative and assignments registered directly, same inputs, no component. ` +
      `Registered at ${results[results.length - 1].scopes} scopes: ${Object.entries(byType)
        .map(([k, v]) => `${k.split(":").pop()} ${v}`)
        .join(", ")}. ` +
      `Whole child process at ${results[results.length - 1].scopes} scopes: ${secs(results[results.length - 1].processMs)}.`,
  );
}

function item6(rows: Row[]): void {
  progress("6. rendered sizes against Azure's limits");
  const s = measureSizes();
  // A body at the largest lists against Azure's 1 MB request limit, beside the same body with no lists.
  const body = (figure: string, largest: number, smallest: number): Row => ({
    item: 6,
    figure,
    ours: bytes(largest),
    baseline: bytes(smallest),
    ratio: `${pct(largest / ONE_MB)} of 1 MB`,
    target: "≤ 1 MB",
    verdict: verdict(largest <= ONE_MB),
  });
  // The largest figure over all rules against an authoring limit: `show` formats both numbers, `unit` follows ours.
  const limit = (figure: string, value: number, max: number, { show = (n: number): string => String(n), unit = "", ok = value <= max } = {}): Row => ({
    item: 6,
    figure,
    ours: `${show(value)}${unit}`,
    baseline: "–",
    ratio: `${pct(value / max)} of limit`,
    target: `≤ ${show(max)}`,
    verdict: verdict(ok),
  });
  rows.push(
    body(`Largest definition body (${s.largest.largestDefinition.rule}), largest lists`, s.largest.largestDefinition.bytes, s.smallest.largestDefinition.bytes),
    body("Initiative body, largest lists", s.largest.initiative, s.smallest.initiative),
    body("Assignment body, largest lists", s.largest.largestAssignment, s.smallest.largestAssignment),
    limit("Value count iterations (largest count)", s.maxValueCountIterations, s.limits.valueCountIterations, {
      ok: s.maxValueCountIterations <= s.limits.valueCountIterations && s.unknownValueCountArrays === 0,
    }),
    limit("Value count expressions per rule", s.maxValueCountExpressions, s.limits.valueCountsPerRule),
    limit("Function nesting depth", s.maxFunctionNesting, s.limits.functionNesting),
    limit("Longest expression", s.longestExpression, s.limits.expressionLength, { show: int, unit: " chars" }),
  );
  details.push(
    `**6. Sizes.** \`renderGovernancePlan\` at the largest supported config: ${s.listSizes.registries} registries of 33 characters, 500 blocked entries (versioned, 256 characters) → ${s.listSizes.blockedKeys} blocked keys, ` +
      `500 approved entries (256 characters) → ${s.listSizes.allowedKeys} approved keys, ${s.listSizes.notScopes} notScopes of 200 characters, a 256-character owner, the five default non-compliance messages; ` +
      `baseline: one registry, no lists. Bodies are the ARM request bodies (\`{"properties": …}\`, UTF-8 JSON). The definitions do not depend on the lists (the lists are assignment parameters tested with \`in\`). ` +
      `Value counts, read from every rule: ${s.rules.map((r) => `${r.rule} ${r.valueCounts.expressions} × ${r.valueCounts.maxIterations}`).join(", ")} (count × iterations; each \`count.value\` is a \`createArray(…)\` of ${s.maxValueCountIterations} element${s.maxValueCountIterations === 1 ? "" : "s"}). ` +
      `Other authoring limits (largest rule): ${s.maxConditions} conditions (limit ${s.limits.conditions}), ${s.maxFunctions} functions (limit ${s.limits.functionsPerRule}).`,
  );
}

async function item7(rows: Row[], quick: boolean): Promise<void> {
  const n = 100_000;
  progress(`7. check --resource-graph on a ${n.toLocaleString("en-US")}-row Resource Graph result`);
  const r = await measureResourceGraph(n, quick ? 1 : 3);
  const o = summarise(r.ours);
  const b = summarise(r.baseline);
  const failed = r.ours.some((s) => s.code !== 0);
  rows.push({
    item: 7,
    figure: `check --resource-graph, ${int(n)} rows: wall time`,
    ours: secs(o.wallMs),
    baseline: `${secs(b.wallMs)} (JSON.parse)`,
    ratio: times(o.wallMs / b.wallMs),
    target: "seconds; ≤ 2× the floor",
    verdict: failed ? "FAIL" : verdict(o.wallMs / b.wallMs <= 2),
  });
  rows.push({
    item: 7,
    figure: `check --resource-graph, ${int(n)} rows: peak RSS`,
    ours: o.maxRssBytes ? bytes(o.maxRssBytes) : "?",
    baseline: b.maxRssBytes ? `${bytes(b.maxRssBytes)} (JSON.parse)` : "?",
    ratio: o.maxRssBytes && b.maxRssBytes ? times(o.maxRssBytes / b.maxRssBytes) : "–",
    target: "below the floor (streamed)",
    verdict: o.maxRssBytes && b.maxRssBytes ? verdict(o.maxRssBytes < b.maxRssBytes) : "info",
  });
  details.push(
    `**7. Resource Graph.** A generated Resource Graph result of ${int(r.rows)} rows (serverless endpoints, online and batch deployments, marketplace subscriptions, Foundry endpoint deployments, AI Services deployments; ARM properties, sku, management group ancestry), ` +
      `${bytes(r.fileBytes)}, as one \`{"totalRecords":…,"data":[…]}\` document so that the floor, \`node -e 'JSON.parse(readFileSync(file))'\`, reads the same file. ` +
      `The CLI streams it (stream-json's tokenizer, one row assembled at a time), decides every row, counts the summary and prints the denials. Peak RSS by ${r.rssMethod}. ` +
      `Wall samples: ours ${r.ours.map((s) => secs(s.wallMs)).join(", ")}; JSON.parse ${r.baseline.map((s) => secs(s.wallMs)).join(", ")}. ` +
      (r.summary ? `The CLI's summary: "${r.summary}"` : "") +
      (r.error ? ` The CLI failed: ${r.error.split("\n").slice(-3).join(" ")}` : ""),
  );
}

const BEGIN = "<!-- bench:begin (generated by npm run bench; edit outside these markers) -->";
const END = "<!-- bench:end -->";

function writeResults(table: string, elapsedS: number, items: string): void {
  const m = machine();
  const block = [
    BEGIN,
    "",
    `- **Date:** ${m.date}`,
    `- **Machine:** ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}; memory ${m.memory}; ${m.platform}; shared with other work (noisy)`,
    `- **Node.js:** ${m.node}`,
    `- **Command:** \`npm run bench\` (${items}); the bench itself took ${fix(elapsedS, 0)} s after the build`,
    "",
    table,
    "",
    ...details.flatMap((d) => [d, ""]),
    END,
  ].join("\n");
  const file = path.join(ROOT, "bench", "RESULTS.md");
  const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const i = old.indexOf(BEGIN);
  const j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + block + old.slice(j + END.length) : `# Benchmark results\n\n${block}\n`;
  fs.writeFileSync(file, next);
  progress(`wrote ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const want = (n: number) => !opts.only || opts.only.has(n);
  const t0 = performance.now();
  const rows: Row[] = [];
  if (want(1)) await item1(rows, opts.quick);
  if (want(2)) await item2(rows, opts.quick);
  if (want(3)) await item3(rows, opts.quick);
  if (want(4)) await item4(rows, opts.quick);
  if (want(5)) await item5(rows, opts.quick);
  if (want(6)) item6(rows);
  if (want(7)) await item7(rows, opts.quick);
  const elapsed = (performance.now() - t0) / 1000;
  process.stdout.write(`\n${textTable(rows)}\n\n`);
  for (const d of details) process.stdout.write(`${d.replace(/\*\*/g, "")}\n\n`);
  process.stdout.write(`bench took ${fix(elapsed, 0)} s\n`);
  const items = opts.only ? `items ${[...opts.only].join(", ")}` : "all items";
  if (opts.write && !opts.quick) writeResults(markdownTable(rows), elapsed, items);
  const missed = rows.filter((r) => r.verdict === "FAIL");
  process.stdout.write(
    missed.length === 0
      ? "every target met\n"
      : `${missed.length} target${missed.length === 1 ? "" : "s"} missed: ${missed.map((r) => `${r.item}. ${r.figure}`).join("; ")}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
});

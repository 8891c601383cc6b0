/**
 * Shared helpers of the benchmarks: statistics, the result table, machine facts, child processes.
 *
 * Benchmarks are not tests: nothing here runs under `npm test`. Every figure is measured in the
 * same run as its baseline, interleaved where both are repeated, and summarised by its median.
 */
import { execFileSync, spawn, spawnSync, SpawnOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (holding package.json and bench/), whether we run from dist/bench or bench/. */
export function repoRoot(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json")) && fs.existsSync(path.join(d, "bench"))) {
      if (path.basename(d) !== "dist") return d;
    }
    if (path.dirname(d) === d) return process.cwd();
  }
}

/** The repository root. */
export const ROOT = repoRoot();
/** Compiled code (`dist/`). */
export const DIST = path.join(ROOT, "dist");

/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Smallest and largest value. */
export function range(xs: readonly number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

/** One row of the result table. */
export interface Row {
  /** Issue item number (1–6). */
  item: number;
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  /** PASS, FAIL, or `info` (no target of its own) / `n/a`. */
  verdict: "PASS" | "FAIL" | "info" | "n/a";
}

/** The verdict of a boolean target. */
export function verdict(ok: boolean): "PASS" | "FAIL" {
  return ok ? "PASS" : "FAIL";
}

/** `1234567.8` → `1,234,568`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Fixed decimals. */
export function fix(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** `1.07×`. */
export function times(r: number): string {
  return `${r.toFixed(2)}×`;
}

/** Bytes as KB / MB (1024-based), with one decimal. */
export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/** The table as GitHub markdown. */
export function markdownTable(rows: readonly Row[]): string {
  const head = ["#", "figure", "ours", "baseline", "ratio", "target", "result"];
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${[String(r.item), r.figure, r.ours, r.baseline, r.ratio, r.target, r.verdict].map(esc).join(" | ")} |`);
  return lines.join("\n");
}

/** The table as aligned plain text, for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const head = ["#", "figure", "ours", "baseline", "ratio", "target", "result"];
  const cells = [head, ...rows.map((r) => [String(r.item), r.figure, r.ours, r.baseline, r.ratio, r.target, r.verdict])];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.slice(1).map(line)].join("\n");
}

/** The machine, for RESULTS.md. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  platform: string;
  date: string;
}

/** Facts about this machine (`nproc`, `free -h`, node version, date). */
export function machine(): Machine {
  let memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB total`;
  try {
    const free = execFileSync("free", ["-h"], { encoding: "utf8" });
    const mem = free.split("\n").find((l) => l.startsWith("Mem:"));
    if (mem) {
      const [, total, used, freeMem, , , available] = mem.trim().split(/\s+/);
      memory = `${total} total, ${used} used, ${freeMem} free, ${available} available (free -h)`;
    }
  } catch {
    // no `free`: keep os.totalmem()
  }
  let cpus = os.cpus().length;
  try {
    cpus = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || cpus;
  } catch {
    // no `nproc`
  }
  return {
    cpus,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memory,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

/** What a finished child process gave. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Bytes written to stdout (counted even when `keepStdout` is false). */
  stdoutBytes: number;
  wallMs: number;
}

/** Runs a process to completion, measuring wall time from spawn to exit. */
export function runChild(cmd: string, args: readonly string[], opts: SpawnOptions & { keepStdout?: boolean; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stdoutBytes = 0;
    const keep = opts.keepStdout ?? true;
    child.stdout.on("data", (b: Buffer) => {
      stdoutBytes += b.length;
      if (keep) stdout += b.toString("utf8");
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString("utf8");
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill("SIGKILL");
        }, opts.timeoutMs)
      : undefined;
    child.once("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, stdoutBytes, wallMs: performance.now() - t0 });
    });
  });
}

/** Whether `/usr/bin/time -v` works here (GNU time, for peak RSS). */
export function gnuTime(): string | undefined {
  const p = "/usr/bin/time";
  if (!fs.existsSync(p)) return undefined;
  try {
    const out = spawnSync(p, ["-v", "true"], { encoding: "utf8" });
    return out.status === 0 && /Maximum resident set size/.test(out.stderr) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Peak RSS in bytes from `/usr/bin/time -v` stderr, if present. */
export function maxRssFromTime(stderr: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Whether `taskset` is available to pin a child to one core. */
export function taskset(): string | undefined {
  for (const p of ["/usr/bin/taskset", "/bin/taskset"]) if (fs.existsSync(p)) return p;
  return undefined;
}

/** Runs a compiled bench worker (`dist/bench/<file>`) with JSON in argv and JSON on the last stdout line. */
export async function runWorker<T>(
  file: string,
  input: unknown,
  opts: { pin?: boolean; nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<{ result: T; wallMs: number }> {
  const script = path.join(DIST, "bench", file);
  const nodeArgs = [...(opts.nodeArgs ?? []), script, JSON.stringify(input)];
  const ts = opts.pin ? taskset() : undefined;
  const [cmd, args] = ts ? [ts, ["-c", "0", process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const r = await runChild(cmd, args, { cwd: ROOT, timeoutMs: opts.timeoutMs ?? 120_000 });
  if (r.code !== 0) throw new Error(`bench worker ${file} failed (code ${r.code}, signal ${r.signal}):\n${r.stderr.slice(-4000)}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return { result: JSON.parse(last) as T, wallMs: r.wallMs };
}

/** Worker side of {@link runWorker}: parse argv, run, print the JSON result as the last line. */
export function workerMain<I, O>(fn: (input: I) => Promise<O> | O): void {
  const input = JSON.parse(process.argv[2] ?? "{}") as I;
  Promise.resolve(fn(input)).then(
    (out) => {
      process.stdout.write(`\n${JSON.stringify(out)}\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Progress on stderr (the table goes to stdout). */
export function progress(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** A deterministic PRNG (mulberry32), so every run benchmarks the same workload. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

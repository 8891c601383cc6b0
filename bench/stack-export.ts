/**
 * Item 4: `azure-ml-governance check --stack-export` on a generated 50,000-resource
 * `pulumi stack export` (deployment version 3: the stack, providers, and custom resources with
 * inputs, outputs, parents, providers and dependencies as the CLI writes them). The real CLI binary
 * runs as a child process; wall time from spawn to exit, peak RSS from `/usr/bin/time -v` (or a
 * wrapper reporting `process.resourceUsage().maxRSS`). Baseline, side by side: a node process that
 * only reads and `JSON.parse`s the same file (the floor of any tool that reads the export).
 */
import * as fs from "fs";
import * as path from "path";
import { ChildResult, DIST, gnuTime, maxRssFromTime, median, progress, runChild, tempDir } from "./common";
import { governanceConfig, resources } from "./workload";

const PROJECT = "ml-platform";
const STACK = "prod";
const SUB = "00000000-0000-0000-0000-000000000001";

function urn(type: string, name: string, parentType?: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

function armIdFor(type: string, name: string, i: number): string {
  const [, mod = "resources", res = "Resource"] = /^[^:]+:([^:/]+)(?:\/[^:]+)?:(.+)$/.exec(type.replace(/^azure-native_[^:]+:/, "azure-native:")) ?? [];
  return `/subscriptions/${SUB}/resourceGroups/rg-${i % 50}/providers/Microsoft.${mod[0].toUpperCase()}${mod.slice(1)}/${res.charAt(0).toLowerCase()}${res.slice(1)}s/${name}`;
}

/**
 * Writes a `pulumi stack export` JSON with `count` resources (including the stack and providers)
 * to `file`, streaming, and returns its size in bytes and how many resources are ML surfaces.
 */
export function writeStackExport(file: string, count: number): { bytes: number; mlResources: number } {
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  const write = (s: string) => {
    bytes += fs.writeSync(fd, s);
  };
  const now = "2025-06-01T12:00:00.000Z";
  const stackUrn = urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
  const providers = [
    {
      type: "pulumi:providers:azure-native",
      name: "default_3_28_0",
      id: "3e5c0b0a-1111-4c0e-9a2b-4f6d8e0a1b2c",
      inputs: { location: "swedencentral", subscriptionId: SUB, version: "3.28.0" },
    },
    { type: "pulumi:providers:kubernetes", name: "default_4_18_0", id: "8f1e2d3c-2222-4b5a-8c7d-0e1f2a3b4c5d", inputs: { version: "4.18.0" } },
    { type: "pulumi:providers:random", name: "default_4_16_0", id: "0a1b2c3d-3333-4e5f-9a8b-7c6d5e4f3a2b", inputs: { version: "4.16.0" } },
    { type: "pulumi:providers:aws", name: "default_6_60_0", id: "4d5e6f7a-4444-4b8c-9d0e-1f2a3b4c5d6e", inputs: { region: "eu-west-1", version: "6.60.0" } },
  ];
  const providerRef = (type: string) => {
    const pkg = type.startsWith("azure-native") ? "azure-native" : type.startsWith("kubernetes") ? "kubernetes" : type.startsWith("random") ? "random" : "aws";
    const p = providers.find((x) => x.type === `pulumi:providers:${pkg}`)!;
    return `${urn(p.type, p.name)}::${p.id}`;
  };
  write(
    `{"version":3,"deployment":{"manifest":{"time":"${now}","magic":"5f2b1e0c7a9d4e3f8b6a2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f","version":"v3.190.0"},` +
      `"secrets_providers":{"type":"service","state":{"url":"https://api.pulumi.com","owner":"contoso","project":"${PROJECT}","stack":"${STACK}"}},"resources":[`,
  );
  write(JSON.stringify({ urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {}, created: now, modified: now }));
  for (const p of providers) {
    write(
      `,${JSON.stringify({ urn: urn(p.type, p.name), custom: true, id: p.id, type: p.type, inputs: { ...p.inputs, __internal: { "pulumi-go-provider-version": "1" } }, outputs: p.inputs, created: now, modified: now })}`,
    );
  }
  const n = count - 1 - providers.length;
  const rs = resources(n, 11);
  let mlResources = 0;
  const prevUrns: string[] = [];
  rs.forEach((r, i) => {
    if (r.ml) mlResources++;
    const u = urn(r.type, r.name);
    const id = armIdFor(r.type, r.name, i);
    const deps = prevUrns.slice(-1 - (i % 3));
    const outputs: Record<string, unknown> = {
      ...r.properties,
      id,
      name: r.name,
      type: r.type,
      azureApiVersion: "2024-10-01",
      systemData: {
        createdAt: now,
        createdBy: "deploy@contoso.com",
        createdByType: "User",
        lastModifiedAt: now,
        lastModifiedBy: "deploy@contoso.com",
        lastModifiedByType: "User",
      },
      provisioningState: "Succeeded",
    };
    const entry = {
      urn: u,
      custom: true,
      id,
      type: r.type,
      inputs: r.properties,
      outputs,
      parent: stackUrn,
      provider: providerRef(r.type),
      propertyDependencies: Object.fromEntries(
        Object.keys(r.properties)
          .slice(0, 2)
          .map((k) => [k, deps]),
      ),
      dependencies: deps,
      created: now,
      modified: now,
    };
    write(`,${JSON.stringify(entry)}`);
    prevUrns.push(u);
    if (prevUrns.length > 8) prevUrns.shift();
  });
  write(`],"pendingOperations":[]}}\n`);
  fs.closeSync(fd);
  return { bytes, mlResources };
}

/** Whether the CLI's `check` has `--stack-export` (another change adds it). */
export async function cliHasStackExport(): Promise<boolean> {
  const r = await runChild(process.execPath, [path.join(DIST, "cli", "main.js"), "check", "--help"]);
  return /--stack-export/.test(r.stdout + r.stderr);
}

/** One measured process. */
export interface Sample {
  wallMs: number;
  maxRssBytes?: number;
  code: number | null;
  stdoutBytes: number;
}

/** Results of item 4. */
export interface StackExportResult {
  implemented: boolean;
  resources: number;
  mlResources: number;
  fileBytes: number;
  ours: Sample[];
  baseline: Sample[];
  /** How peak RSS was measured. */
  rssMethod: string;
  /** The CLI's stderr tail of the last run (for the notes), if it failed. */
  error?: string;
  /** The last lines of the CLI's output (its summary). */
  outputTail?: string;
}

/** A child wrapper that reports its own peak RSS on exit when GNU time is missing. */
const RSS_WRAPPER = `process.on("exit", () => { try { require("fs").writeSync(2, "\\nMaximum resident set size (kbytes): " + process.resourceUsage().maxRSS + "\\n"); } catch {} });`;

export async function measured(args: string[], time: string | undefined): Promise<ChildResult & { maxRssBytes?: number }> {
  const r = time
    ? await runChild(time, ["-v", process.execPath, ...args], { timeoutMs: 120_000 })
    : await runChild(process.execPath, ["--require", "data:text/javascript," + encodeURIComponent(RSS_WRAPPER), ...args], { timeoutMs: 120_000 });
  return { ...r, maxRssBytes: maxRssFromTime(r.stderr) };
}

/** Item 4. */
export async function measureStackExport(count: number, runs: number): Promise<StackExportResult> {
  const implemented = await cliHasStackExport();
  const tmp = tempDir("mlgov-bench-export-");
  try {
    const file = path.join(tmp.dir, "stack-export.json");
    const config = path.join(tmp.dir, "governance.json");
    fs.writeFileSync(config, JSON.stringify(governanceConfig(), null, 2));
    const t0 = performance.now();
    const { bytes, mlResources } = writeStackExport(file, count);
    progress(`stack export: ${count} resources, ${(bytes / 1024 / 1024).toFixed(1)} MB written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const time = gnuTime();
    const res: StackExportResult = {
      implemented,
      resources: count,
      mlResources,
      fileBytes: bytes,
      ours: [],
      baseline: [],
      rssMethod: time ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS (wrapper)",
    };
    const parseOnly = ["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`];
    const cli = [path.join(DIST, "cli", "main.js"), "check", "--config", config, "--stack-export", file];
    for (let i = 0; i < runs; i++) {
      const b = await measured(parseOnly, time);
      res.baseline.push({ wallMs: b.wallMs, maxRssBytes: b.maxRssBytes, code: b.code, stdoutBytes: b.stdoutBytes });
      if (implemented) {
        const o = await measured(cli, time);
        res.ours.push({ wallMs: o.wallMs, maxRssBytes: o.maxRssBytes, code: o.code, stdoutBytes: o.stdoutBytes });
        if (o.code !== 0 && o.code !== 1)
          res.error = o.stderr
            .replace(/\n\s*Command being timed[\s\S]*$/, "")
            .trim()
            .slice(-2000);
        res.outputTail ??= o.stdout.trim().split("\n").slice(-2).join(" ").split(tmp.dir).join("<tmp>");
        progress(`stack export run ${i + 1}/${runs}: check ${(o.wallMs / 1000).toFixed(2)} s (exit ${o.code}), parse-only ${(b.wallMs / 1000).toFixed(2)} s`);
      } else {
        progress(`stack export run ${i + 1}/${runs}: check --stack-export not implemented; parse-only ${(b.wallMs / 1000).toFixed(2)} s`);
      }
    }
    return res;
  } finally {
    tmp.remove();
  }
}

/** Median wall time and peak RSS of samples. */
export function summarise(samples: readonly Sample[]): { wallMs: number; maxRssBytes?: number } {
  const rss = samples.map((s) => s.maxRssBytes).filter((x): x is number => x !== undefined);
  return { wallMs: median(samples.map((s) => s.wallMs)), maxRssBytes: rss.length ? median(rss) : undefined };
}

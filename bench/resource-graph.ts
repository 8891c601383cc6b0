/**
 * Item 7: `azure-ml-governance check --resource-graph` on a generated 100,000-row Resource Graph
 * result (every governed type, ARM properties as Resource Graph returns them, management group
 * ancestry, in one `{"totalRecords":…,"count":…,"data":[…]}` document so that `JSON.parse` can read
 * the same file). The real CLI binary runs as a child process; wall time from spawn to exit, peak
 * RSS from `/usr/bin/time -v`. Baseline, side by side: a node process that only reads and
 * `JSON.parse`s the file, the floor of any tool that loads it whole.
 */
import * as fs from "fs";
import * as path from "path";
import { DIST, gnuTime, progress, tempDir } from "./common";
import { measured, Sample } from "./stack-export";
import { governanceConfig, modelIds } from "./workload";

const NOW = "2026-11-02T09:30:00.0000000Z";
const SUBS = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(8, "0")}-aaaa-4bbb-8ccc-${String(i).padStart(12, "0")}`);
const ML = "microsoft.machinelearningservices/workspaces";

/** ARM properties of each governed type as Resource Graph holds them, around a model id. */
const SHAPES: { type: string; path: string; properties(id: string, i: number): Record<string, unknown>; sku?: Record<string, unknown> }[] = [
  {
    type: `${ML}/serverlessendpoints`,
    path: "workspaces/ws{w}/serverlessEndpoints/ep{i}",
    properties: (id) => ({
      authMode: "Key",
      modelSettings: { modelId: id },
      inferenceEndpoint: { uri: "https://ep.swedencentral.inference.ml.azure.com" },
      provisioningState: "Succeeded",
    }),
    sku: { name: "Consumption" },
  },
  {
    type: `${ML}/onlineendpoints/deployments`,
    path: "workspaces/ws{w}/onlineEndpoints/ep{w}/deployments/d{i}",
    properties: (id) => ({
      endpointComputeType: "Managed",
      model: id,
      instanceType: "Standard_DS3_v2",
      scaleSettings: { scaleType: "Default" },
      requestSettings: { requestTimeout: "PT5S", maxConcurrentRequestsPerInstance: 1 },
      livenessProbe: { initialDelay: "PT10M", period: "PT10S", timeout: "PT2S", failureThreshold: 30, successThreshold: 1 },
      environmentVariables: { AZUREML_MODEL_DIR: "/var/azureml-app" },
      provisioningState: "Succeeded",
    }),
    sku: { name: "Default", capacity: 1 },
  },
  {
    type: `${ML}/batchendpoints/deployments`,
    path: "workspaces/ws{w}/batchEndpoints/be{w}/deployments/d{i}",
    properties: (id) => ({
      compute: "cpu-cluster",
      model: { referenceType: "Id", assetId: id },
      miniBatchSize: 10,
      retrySettings: { maxRetries: 3, timeout: "PT30S" },
      outputAction: "AppendRow",
      provisioningState: "Succeeded",
    }),
  },
  {
    type: `${ML}/marketplacesubscriptions`,
    path: "workspaces/ws{w}/marketplaceSubscriptions/m{i}",
    properties: (id) => ({ modelId: id, marketplacePlan: { offerId: "offer", planId: "plan", publisherId: "publisher" }, provisioningState: "Succeeded" }),
  },
  {
    type: `${ML}/endpoints/deployments`,
    path: "workspaces/hub{w}/endpoints/Azure.OpenAI/deployments/d{i}",
    properties: (id) => ({
      type: "Azure.OpenAI",
      model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06", source: id },
      raiPolicyName: "Microsoft.DefaultV2",
    }),
    sku: { name: "GlobalStandard", capacity: 50 },
  },
  {
    type: "microsoft.cognitiveservices/accounts/deployments",
    path: "accounts/ai{w}/deployments/d{i}",
    properties: (id, i) => ({
      model:
        i % 3 === 0 ? { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" } : { format: "OpenAI", name: "gpt-4o", version: "2024-08-06", source: id },
      versionUpgradeOption: "OnceNewDefaultVersionAvailable",
      raiPolicyName: "Microsoft.DefaultV2",
      currentCapacity: 50,
      capabilities: { chatCompletion: "true", assistants: "true" },
      rateLimits: [
        { key: "request", renewalPeriod: 10, count: 50 },
        { key: "token", renewalPeriod: 60, count: 50000 },
      ],
      provisioningState: "Succeeded",
    }),
    sku: { name: "Standard", capacity: 50 },
  },
];

/** Writes `count` rows to `file` as one Resource Graph response; returns its size in bytes. */
export function writeResourceGraph(file: string, count: number): number {
  const ids = modelIds(5000, 17).map((g) => g.id);
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  const write = (s: string) => void (bytes += fs.writeSync(fd, s));
  write(`{"totalRecords":${count},"count":${count},"data":[`);
  for (let i = 0; i < count; i++) {
    const shape = SHAPES[i % SHAPES.length];
    const sub = SUBS[i % SUBS.length];
    const rg = `rg-ml-${i % 300}`;
    const provider = shape.type.startsWith("microsoft.cognitiveservices") ? "Microsoft.CognitiveServices" : "Microsoft.MachineLearningServices";
    const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider}/${shape.path.replace(/\{w\}/g, String(i % 97)).replace(/\{i\}/g, String(i))}`;
    const row: Record<string, unknown> = {
      id,
      name: id.split("/").pop(),
      type: shape.type,
      subscriptionId: sub,
      resourceGroup: rg,
      properties: { ...shape.properties(ids[i % ids.length], i), systemData: { createdAt: NOW, createdBy: "deploy@contoso.com", createdByType: "User" } },
      managementGroupAncestorsChain: [
        { name: `mg-${i % 4}`, displayName: `Landing zone ${i % 4}` },
        { name: "platform", displayName: "Platform" },
        { name: "tenant-root", displayName: "Tenant Root Group" },
      ],
    };
    if (shape.sku) row.sku = shape.sku;
    write(`${i === 0 ? "" : ","}\n${JSON.stringify(row)}`);
  }
  write(`\n],"facets":[],"resultTruncated":"false"}\n`);
  fs.closeSync(fd);
  return bytes;
}

/** What item 7 measured. */
export interface ResourceGraphResult {
  rows: number;
  fileBytes: number;
  ours: Sample[];
  baseline: Sample[];
  rssMethod: string;
  /** The summary lines of the CLI's last run. */
  summary?: string;
  error?: string;
}

/** Item 7: `runs` interleaved runs of the CLI and of the `JSON.parse` floor. */
export async function measureResourceGraph(rows: number, runs: number): Promise<ResourceGraphResult> {
  const tmp = tempDir("mlgov-bench-graph-");
  try {
    const file = path.join(tmp.dir, "estate.json");
    const config = path.join(tmp.dir, "governance.json");
    fs.writeFileSync(config, JSON.stringify(governanceConfig(), null, 2));
    const fileBytes = writeResourceGraph(file, rows);
    progress(`resource graph: ${rows} rows, ${(fileBytes / 1024 / 1024).toFixed(1)} MB`);
    const time = gnuTime();
    const res: ResourceGraphResult = {
      rows,
      fileBytes,
      ours: [],
      baseline: [],
      rssMethod: time ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS (wrapper)",
    };
    const parseOnly = ["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`];
    const cli = [path.join(DIST, "cli", "main.js"), "check", "--config", config, "--resource-graph", file, "--fail-above", "100"];
    for (let i = 0; i < runs; i++) {
      const b = await measured(parseOnly, time);
      res.baseline.push({ wallMs: b.wallMs, maxRssBytes: b.maxRssBytes, code: b.code, stdoutBytes: b.stdoutBytes });
      const o = await measured(cli, time);
      res.ours.push({ wallMs: o.wallMs, maxRssBytes: o.maxRssBytes, code: o.code, stdoutBytes: o.stdoutBytes });
      if (o.code !== 0)
        res.error = o.stderr
          .replace(/\n\s*Command being timed[\s\S]*$/, "")
          .trim()
          .slice(-2000);
      const lines = o.stdout.split("\n");
      const at = lines.findIndex((l) => l.startsWith("Resource Graph:"));
      if (at >= 0) res.summary = lines.slice(at + 1, at + 4).join(" ");
      progress(`resource graph run ${i + 1}/${runs}: check ${(o.wallMs / 1000).toFixed(2)} s (exit ${o.code}), JSON.parse ${(b.wallMs / 1000).toFixed(2)} s`);
    }
    return res;
  } finally {
    tmp.remove();
  }
}

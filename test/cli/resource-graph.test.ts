/**
 * `check --resource-graph`: every output shape of Resource Graph, row-by-row agreement with
 * `check --stack-export` on the same resources, the summary's exact counts, `--fail-above`,
 * `--compare`, fail-closed rows, usage errors, and the README query.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CheckJsonResult, cli, CLI_BIN as BIN, REPO_ROOT as ROOT, scratchFolder } from "../support/cli";
import { SURFACES } from "../../core/surfaces";
import { asStackExport, azPages, Expected, FixtureRow, IN_FORCE, inventory, PROPOSED, restTable, SUBSCRIPTIONS } from "./resource-graph-fixture";

const { dir, file } = scratchFolder("amg-rg-", 2);

type Result = CheckJsonResult;
interface ScopeCount {
  scope: string;
  deployments: number;
  denied: number;
}
interface Summary {
  rows: number;
  duplicates: number;
  deployments: number;
  denied: number;
  allowed: number;
  deniedShare: number;
  notApplicable: { count: number };
  otherTypes: number;
  byRule: { rule: string; denied: number }[];
  bySubscription: ScopeCount[];
  byResourceGroup: ScopeCount[];
  byManagementGroup: ScopeCount[];
}
interface Change {
  resource: string;
  before: { rule: string } | null;
  after: { rule: string } | null;
}
interface Output {
  results: Result[];
  summary: Summary;
  failAbove?: { percent: number; above: boolean };
  compare?: { before: Summary; newlyDenied: Change[]; newlyAllowed: Change[] };
}

const run = (...args: string[]) => cli("check", ...args);
async function runJson(...args: string[]): Promise<{ code: number; out: Output }> {
  const r = await run(...args, "--format", "json");
  assert.notEqual(r.code, 2, r.stderr);
  return { code: r.code, out: JSON.parse(r.stdout) as Output };
}

const CONFIG = file("proposed.json", PROPOSED);
const OLD = file("in-force.json", IN_FORCE);

const DECIDED = (e: Expected): boolean => e !== "not-applicable" && e !== "other";
const DENIED = (e: Expected): boolean => DECIDED(e) && e !== "allowed";

/** The summary the labels of the fixture say the proposed (or in-force) config gives. */
function expectedSummary(rows: readonly FixtureRow[], which: "proposed" | "inForce") {
  const decided = rows.filter((r) => DECIDED(r[which]));
  const denied = decided.filter((r) => DENIED(r[which]));
  const byRule = new Map<string, number>();
  for (const r of denied) byRule.set(r[which], (byRule.get(r[which]) ?? 0) + 1);
  const scope = (pick: (r: FixtureRow) => string[]) => {
    const m = new Map<string, { deployments: number; denied: number }>();
    for (const r of decided)
      for (const s of pick(r)) {
        const c = m.get(s) ?? { deployments: 0, denied: 0 };
        c.deployments++;
        if (DENIED(r[which])) c.denied++;
        m.set(s, c);
      }
    return m;
  };
  return {
    rows: rows.length,
    deployments: decided.length,
    denied: denied.length,
    notApplicable: rows.filter((r) => r[which] === "not-applicable").length,
    otherTypes: rows.filter((r) => r[which] === "other").length,
    byRule,
    bySubscription: scope((r) => [r.row.subscriptionId as string]),
    byResourceGroup: scope((r) => [`${r.row.subscriptionId as string}/${r.row.resourceGroup as string}`]),
    byManagementGroup: scope((r) => (r.row.managementGroupAncestorsChain as { name: string }[]).map((g) => g.name)),
  };
}

function assertSummary(actual: Summary, rows: readonly FixtureRow[], which: "proposed" | "inForce"): void {
  const e = expectedSummary(rows, which);
  assert.equal(actual.rows, e.rows);
  assert.equal(actual.deployments, e.deployments);
  assert.equal(actual.denied, e.denied);
  assert.equal(actual.allowed, e.deployments - e.denied);
  assert.equal(actual.deniedShare, e.denied / e.deployments);
  assert.equal(actual.notApplicable.count, e.notApplicable);
  assert.equal(actual.otherTypes, e.otherTypes);
  assert.deepEqual(new Map(actual.byRule.map((r) => [r.rule, r.denied])), e.byRule);
  const asMap = (xs: ScopeCount[]) => new Map(xs.map((s) => [s.scope, { deployments: s.deployments, denied: s.denied }]));
  assert.deepEqual(asMap(actual.bySubscription), e.bySubscription);
  assert.deepEqual(asMap(actual.byResourceGroup), e.byResourceGroup);
  assert.deepEqual(asMap(actual.byManagementGroup), e.byManagementGroup);
}

describe("cli: check --resource-graph", function () {
  this.timeout(120_000);

  const rows = inventory(400);
  const graph = file(
    "graph.json",
    azPages(
      rows.map((r) => r.row),
      100,
    ),
  );
  const expected = expectedSummary(rows, "proposed");

  it("the fixture covers every governed type, allowed and denied, and ungoverned types", () => {
    for (const s of SURFACES) {
      const ofType = rows.filter((r) => r.row.type === s.armType.toLowerCase());
      assert.ok(
        ofType.some((r) => r.proposed === "allowed"),
        `${s.armType} allowed`,
      );
      assert.ok(
        ofType.some((r) => DENIED(r.proposed)),
        `${s.armType} denied`,
      );
    }
    assert.ok(expected.otherTypes > 0 && expected.notApplicable > 0);
    assert.equal(expected.byManagementGroup.size, 3);
  });

  it("decides every row with the same verdict as check --stack-export gives the same resources", async () => {
    const extra: FixtureRow[] = [
      ...inventory(120, { sourceless: true })
        .filter((r) => r.proposed === "not-applicable")
        .map((r) => ({ ...r, row: { ...r.row, id: `${r.row.id as string}-nosource` } })),
      // Tricks: a type in another letter case, a padded id, a look-alike registry name, a batch DataPath.
      ...[
        {
          type: "Microsoft.CognitiveServices/Accounts/DEPLOYMENTS",
          properties: { model: { format: "OpenAI", name: "x", source: "azureml://registries/evil/models/x" } },
        },
        {
          type: "microsoft.machinelearningservices/workspaces/serverlessendpoints",
          properties: { modelSettings: { modelId: " azureml://registries/azureml/models/Phi-4" } },
        },
        {
          type: "microsoft.machinelearningservices/workspaces/onlineendpoints/deployments",
          properties: { model: "azureml://registries/azureml\u2010meta/models/Llama-3/versions/1" },
        },
        {
          type: "microsoft.machinelearningservices/workspaces/batchendpoints/deployments",
          properties: { model: { referenceType: "DataPath", datastoreId: "/subscriptions/x/datastores/d", path: "model/" } },
        },
      ].map((t, i): FixtureRow => ({
        row: { ...rows[i].row, id: `${rows[i].row.id as string}-trick`, type: t.type, properties: t.properties },
        proposed: "other",
        inForce: "other",
      })),
    ];
    const all = [...rows.map((r) => r.row), ...extra.map((r) => r.row)];
    const rg = await runJson("--config", CONFIG, "--resource-graph", file("agree.json", azPages(all, 64)));
    const se = await runJson("--config", CONFIG, "--stack-export", file("agree-export.json", asStackExport(all)));
    const fromGraph = new Map(rg.out.results.map((r) => [r.resource, r]));
    const typed = new Map<number, Result>();
    const generic = new Map<number, Result>();
    for (const r of se.out.results) {
      const [kind, i] = r.resource.split("::").pop()!.split("-");
      (kind === "typed" ? typed : generic).set(Number(i), r);
    }
    let compared = 0;
    all.forEach((row, i) => {
      const g = fromGraph.get(row.id as string);
      const verdict = (r: Result | undefined) => (r === undefined ? undefined : { allowed: r.allowed, rule: r.rule, reason: r.reason, modelId: r.modelId });
      assert.deepEqual(verdict(g), verdict(generic.get(i)), `row ${i} ${row.type as string}: Resource Graph vs generic resource`);
      if (typed.has(i) || g === undefined) assert.deepEqual(verdict(g), verdict(typed.get(i)), `row ${i}: Resource Graph vs azure-native class`);
      if (g !== undefined) compared++;
    });
    assert.equal(compared, rg.out.results.length);
    assert.equal(rg.out.results.length, expected.deployments + 4);
    // And the verdicts are the ones the fixture was written for.
    for (const r of rows) if (DECIDED(r.proposed)) assert.equal(fromGraph.get(r.row.id as string)?.rule, r.proposed, r.row.id as string);
    assert.equal(rg.out.summary.notApplicable.count, expected.notApplicable + extra.length - 4);
  });

  it("reads az, REST (object and table), PowerShell and concatenated pages alike, in UTF-8 or UTF-16", async () => {
    const plain = rows.map((r) => r.row);
    const pageObjects = [plain.slice(0, 150), plain.slice(150)].map((data) => ({ count: data.length, data, skip_token: null, total_records: plain.length }));
    const shapes: Record<string, string | Buffer> = {
      "az, one page": azPages(plain),
      "az, four pages concatenated": azPages(plain, 100),
      "jq -s of two pages": JSON.stringify(pageObjects),
      "REST object": JSON.stringify({ totalRecords: plain.length, count: plain.length, data: plain, facets: [], resultTruncated: "false" }),
      "REST table": restTable(plain),
      "PowerShell array": JSON.stringify(plain, null, 4),
      "PowerShell response object": JSON.stringify({ Data: plain, SkipToken: null }),
      "PowerShell arrays concatenated": JSON.stringify(plain.slice(0, 7)) + "\r\n" + JSON.stringify(plain.slice(7)),
      "UTF-16LE with BOM": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(plain, null, 4), "utf16le")]),
      "UTF-8 with BOM": `\ufeff${azPages(plain)}`,
    };
    const strip = (o: Output) => ({ results: o.results.map(({ source: _s, ...r }) => r), summary: o.summary });
    const reference = strip((await runJson("--config", CONFIG, "--resource-graph", graph)).out);
    assert.equal(reference.results.length, expected.deployments);
    for (const [name, content] of Object.entries(shapes)) {
      const out = (await runJson("--config", CONFIG, "--resource-graph", file(`shape-${name.replace(/\W+/g, "-")}.json`, content))).out;
      assert.deepEqual(strip(out), reference, name);
    }
    // One row printed as an object of its own (ConvertTo-Json of a single result).
    const single = (await runJson("--config", CONFIG, "--resource-graph", file("single.json", rows[1].row))).out;
    assert.equal(single.summary.rows, 1);
    assert.equal(single.results[0].rule, rows[1].proposed);
  });

  it("summarises per rule, subscription, resource group and management group with exact counts", async () => {
    const { code, out } = await runJson("--config", CONFIG, "--resource-graph", graph);
    assert.equal(code, 1);
    assertSummary(out.summary, rows, "proposed");
    const r = out.results.find((x) => x.resource === rows[0].row.id)!;
    assert.equal(r.subscriptionId, SUBSCRIPTIONS[0]);
    assert.deepEqual(r.managementGroups, ["corp", "tenant-root"]);
  });

  it("--fail-above exits 1 only when the denied share is above the threshold", async () => {
    const share = (expected.denied / expected.deployments) * 100;
    assert.ok(share > 1 && share < 99, `share ${share}`);
    const below = Math.floor(share);
    const above = Math.ceil(share);
    const gate = await runJson("--config", CONFIG, "--resource-graph", graph, "--fail-above", String(below));
    assert.equal(gate.code, 1);
    assert.deepEqual(gate.out.failAbove, { percent: below, above: true });
    assertSummary(gate.out.summary, rows, "proposed");
    const pass = await run("--config", CONFIG, "--resource-graph", graph, "--fail-above", `${above}%`);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, new RegExp(`Would be denied: ${expected.denied} of ${expected.deployments} model deployments \\(${share.toFixed(1)}%\\)`));
    assert.match(pass.stdout, /within the threshold: ready for Deny \(exit 0\)/);
    // Exactly at the threshold is not above it.
    const exact = await run("--config", CONFIG, "--resource-graph", graph, "--fail-above", String(share));
    assert.equal(exact.code, 0);
    // Nothing denied: 0% is never above a threshold of 0.
    const clean = inventory(400).filter((r) => r.proposed === "allowed" || r.proposed === "other");
    assert.equal((await run("--config", CONFIG, "--resource-graph", file("clean.json", azPages(clean.map((r) => r.row))), "--fail-above", "0")).code, 0);
  });

  it("--compare lists exactly what the proposed config newly denies and newly allows", async () => {
    const newlyDenied = rows.filter((r) => DENIED(r.proposed) && !DENIED(r.inForce)).map((r) => r.row.id as string);
    const newlyAllowed = rows.filter((r) => !DENIED(r.proposed) && DENIED(r.inForce)).map((r) => r.row.id as string);
    assert.ok(newlyDenied.length > 0 && newlyAllowed.length > 0);
    const { code, out } = await runJson("--config", CONFIG, "--compare", OLD, "--resource-graph", graph);
    assert.equal(code, 1);
    assert.deepEqual(out.compare!.newlyDenied.map((c) => c.resource).sort(), newlyDenied.sort());
    assert.deepEqual(out.compare!.newlyAllowed.map((c) => c.resource).sort(), newlyAllowed.sort());
    for (const c of out.compare!.newlyAllowed) assert.equal(c.before?.rule, "blocked-models");
    assertSummary(out.compare!.before, rows, "inForce");
    assertSummary(out.summary, rows, "proposed");
    const text = await run("--config", CONFIG, "--compare", OLD, "--resource-graph", graph);
    assert.match(text.stdout, new RegExp(`Newly denied: ${newlyDenied.length}\\n`));
    assert.match(text.stdout, new RegExp(`Newly allowed: ${newlyAllowed.length}\\n`));
    // The same config on both sides changes nothing.
    const same = await runJson("--config", CONFIG, "--compare", CONFIG, "--resource-graph", graph);
    assert.equal(same.out.compare!.newlyDenied.length + same.out.compare!.newlyAllowed.length, 0);
  });

  it("markdown: the rollout answer for the pull request, denials listed first 50", async () => {
    const r = await run("--config", CONFIG, "--resource-graph", graph, "--fail-above", "5", "--compare", OLD, "--format", "markdown");
    const pctText = ((expected.denied / expected.deployments) * 100).toFixed(1);
    assert.ok(
      r.stdout.startsWith(
        `### Azure ML model governance: estate audit, ❌ ${expected.denied} of ${expected.deployments} model deployments would be denied (${pctText}%)`,
      ),
      r.stdout.slice(0, 200),
    );
    assert.match(r.stdout, /\*\*❌ Not ready for Deny\.\*\*/);
    assert.match(r.stdout, /#### By management group/);
    assert.match(r.stdout, /\| `Corp \(corp\)` \| \d+ \| \d+ \| [\d.]+% \|/);
    assert.match(r.stdout, new RegExp(`#### Would be denied \\(first 50 of ${expected.denied}; --format json lists all\\)`));
    assert.match(r.stdout, /##### Newly denied: \d+/);
    // Denials have five columns, changes four; no unescaped pipe adds one.
    for (const line of r.stdout.split("\n").filter((l) => l.startsWith("| `/subscriptions"))) assert.ok([6, 7].includes(line.split(/(?<!\\)\|/).length), line);
  });

  it("denies rows it cannot read instead of waving them through", async () => {
    const cs = rows.find((r) => r.row.type === "microsoft.cognitiveservices/accounts/deployments")!.row;
    const serverless = rows.find((r) => r.row.type === "microsoft.machinelearningservices/workspaces/serverlessendpoints")!.row;
    const { properties: _p, ...noProperties } = serverless;
    const { type: _t, ...noType } = cs;
    const truncated = [
      // ConvertTo-Json at its default -Depth 2: model.source is gone, the object became text.
      { ...cs, id: `${cs.id as string}-ps`, properties: { model: "@{format=OpenAI; name=gpt-4o; source=azureml://registries/evil/models/x}" } },
      { ...cs, id: `${cs.id as string}-ht`, properties: "System.Collections.Hashtable" },
      { ...noProperties, id: `${serverless.id as string}-noprops` },
      { ...noType, id: `${cs.id as string}-notype` },
      // Properties as JSON text are read.
      { ...serverless, id: `${serverless.id as string}-text`, properties: JSON.stringify(serverless.properties) },
    ];
    const { out } = await runJson("--config", CONFIG, "--resource-graph", file("unreadable.json", azPages(truncated)));
    const by = new Map(out.results.map((r) => [r.resource.split("-").pop(), r]));
    for (const k of ["ps", "ht", "noprops", "notype"]) {
      assert.equal(by.get(k)?.allowed, false, k);
      assert.equal(by.get(k)?.rule, "model-reference", k);
    }
    assert.match(by.get("ps")!.reason, /ConvertTo-Json -Depth 100/);
    assert.match(by.get("noprops")!.reason, /no properties column.*README/);
    assert.equal(by.get("text")?.rule, rows.find((r) => r.row === serverless)!.proposed);
  });

  it("counts a row once when pages overlap", async () => {
    const plain = rows.map((r) => r.row);
    const { out } = await runJson("--config", CONFIG, "--resource-graph", file("overlap.json", azPages([...plain, ...plain.slice(0, 30)], 100)));
    assert.equal(out.summary.duplicates, 30);
    assertSummary(out.summary, rows, "proposed");
  });

  it("reads standard input with - (the binary, as in a pipe from az)", () => {
    const r = spawnSync(process.execPath, [BIN, "check", "--config", CONFIG, "--resource-graph", "-", "--format", "json"], {
      input: fs.readFileSync(graph),
      encoding: "utf8",
    });
    assert.equal(r.status, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Output).summary.denied, expected.denied);
  });

  it("exits 2 with a message on bad input and bad flags", async () => {
    const cases: [string[], RegExp][] = [
      [["--resource-graph", file("bad.json", "{not json")], /is not valid JSON/],
      [["--resource-graph", file("cut.json", azPages(rows.map((r) => r.row)).slice(0, 5000))], /ends in the middle of a JSON value/],
      [["--resource-graph", file("empty.json", "")], /is empty/],
      [["--resource-graph", file("scalar.json", "42")], /is not Resource Graph output/],
      [["--resource-graph", path.join(dir, "missing.json")], /Cannot read Resource Graph output/],
      [["--resource-graph", graph, "--fail-above", "abc"], /--fail-above must be a percentage/],
      [["--resource-graph", graph, "--fail-above", "150"], /--fail-above must be a percentage/],
      [["--model", "azureml://registries/azureml/models/Phi-4", "--fail-above", "5"], /go with --resource-graph/],
      [["--model", "azureml://registries/azureml/models/Phi-4", "--compare", OLD], /go with --resource-graph/],
      [["--resource-graph", graph, "--model", "azureml://registries/azureml/models/Phi-4"], /on its own/],
      [["--resource-graph", graph, "--compare", file("bad-config.json", { allowedRegistries: "azureml" })], /bad-config\.json \(--compare\)/],
    ];
    for (const [args, message] of cases) {
      const r = await run("--config", CONFIG, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}`);
      assert.match(r.stderr, message, args.join(" "));
    }
  });

  it("README gives a query over every governed type, with the columns the reader needs", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Audit the estate before Deny"));
    const query = /```kusto\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(query, "a kusto block in the section");
    for (const s of SURFACES) assert.ok(query.includes(`'${s.armType.toLowerCase()}'`), s.armType);
    for (const column of ["id", "name", "type", "subscriptionId", "resourceGroup", "properties", "sku", "managementGroupAncestorsChain"])
      assert.match(query, new RegExp(`\\b${column}\\b`), column);
    assert.match(section, /ConvertTo-Json -Depth 100/);
  });
});

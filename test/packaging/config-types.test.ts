/**
 * One source for the config: the TypeScript types are generated from the JSON Schema
 * (`tools/generate-config-types.mjs`), so this checks the generated file is current, and walks the
 * whole schema tree: every nested `required` key, left out of an otherwise valid config, gives
 * exactly one error, at that key or its parent, with the validator's reason (never the schema's
 * bare "must have required property" next to it).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { governanceConfigSchema, validateGovernanceConfig } from "../../core";
import { BASE, DNS_ZONE, inDays, LAW, NOW, RG_SCOPE, SUBNET } from "../guardrails/fixtures";

const ROOT = path.resolve(__dirname, "..", "..", "..");

type Node = { type?: string; title?: string; required?: string[]; properties?: Record<string, Node>; items?: Node };

/** A config that sets every object the schema has, so each required key can be taken away. */
const FULL = {
  ...BASE,
  identityLocation: "westeurope",
  guardrails: {
    configureWorkspacePrivateDnsZones: { parameters: { privateDnsZoneId: DNS_ZONE } },
    configureWorkspacePrivateEndpoint: { parameters: { privateEndpointSubnetId: SUBNET } },
    configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW } },
  },
  exemptions: [{ scope: RG_SCOPE, category: "Waiver", expiresOn: inDays(30), reason: "pilot", requestedBy: "alice" }],
  monitoring: { resourceGroupId: RG_SCOPE, emailReceivers: [{ name: "platform", emailAddress: "ml-platform@contoso.com" }] },
  pulumiCloud: { organization: "contoso", stacks: ["ml/prod"] },
};

/** Every (path to an object, its required keys) in the schema; array items are `[0]`. */
function requiredKeys(node: Node, at: string[] = []): Array<{ at: string[]; keys: string[] }> {
  const here = node.required && at.length > 0 ? [{ at, keys: node.required }] : [];
  const below = Object.entries(node.properties ?? {}).flatMap(([k, sub]) => requiredKeys(sub, [...at, k]));
  const items = node.items ? requiredKeys(node.items, [...at, "0"]) : [];
  return [...here, ...below, ...items];
}

const fieldOf = (at: string[]): string =>
  at
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join("")
    .replace(/^\./, "");

describe("config types: one source, the JSON Schema", function () {
  this.timeout(60_000);

  it("core/config/config-types.generated.ts is what the schema gives (regenerate: npm run build && npm run generate)", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "tools", "generate-config-types.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });

  it("names an interface for every titled object of the schema, and declares no other", () => {
    const generated = fs.readFileSync(path.join(ROOT, "core", "config", "config-types.generated.ts"), "utf8");
    const titles = new Set<string>();
    const walk = (n: Node): void => {
      if (n.type === "object" && n.title) titles.add(n.title);
      Object.values(n.properties ?? {}).forEach(walk);
      if (n.items) walk(n.items);
    };
    walk(governanceConfigSchema);
    const declared = [...generated.matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(declared.sort(), [...titles].sort());
  });

  it("the full sample config is valid", () => {
    const result = validateGovernanceConfig(FULL, { now: NOW });
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
  });

  const cases = requiredKeys(governanceConfigSchema as Node).flatMap(({ at, keys }) => keys.map((key) => ({ at, key })));
  it("finds the nested required keys (exemptions, monitoring, receivers, built-in parameters, pulumiCloud)", () => {
    const fields = cases.map((c) => fieldOf([...c.at, c.key]));
    for (const f of ["exemptions[0].reason", "monitoring.emailReceivers", "monitoring.emailReceivers[0].name", "pulumiCloud.organization"])
      assert.ok(fields.includes(f), `${f} in ${fields.join(", ")}`);
    assert.ok(fields.includes("guardrails.configureWorkspacePrivateDnsZones.parameters.privateDnsZoneId"));
    assert.ok(cases.length >= 12, `${cases.length} nested required keys`);
  });

  for (const { at, key } of cases) {
    const field = fieldOf([...at, key]);
    it(`without ${field}: one error, with the reason`, () => {
      const config = structuredClone(FULL) as Record<string, unknown>;
      let parent = config;
      for (const seg of at) parent = parent[seg] as Record<string, unknown>;
      assert.ok(parent && key in parent, `the sample sets ${field}`);
      delete parent[key];
      const result = validateGovernanceConfig(config, { now: NOW });
      assert.equal(result.ok, false, `${field} is required`);
      if (result.ok) return;
      const parentField = fieldOf(at);
      const related = result.errors.filter((e) => e.field === field || e.field === parentField);
      assert.equal(related.length, 1, JSON.stringify(result.errors));
      assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
      assert.ok(related[0].fix.length > 0);
    });
  }
});

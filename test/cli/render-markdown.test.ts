/**
 * `render --format markdown`: the pull-request summary of a stack or config file.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/main";
import { capture, REPO_ROOT as ROOT } from "../support/cli";
import { formatMarkdownSummary } from "../../cli/markdown-summary";
import type { RegisteredResource } from "../../cli/program/mock-run";

/** The `### ` headings of a summary, in order. */
const headings = (md: string): string[] =>
  md
    .split("\n")
    .filter((l) => l.startsWith("### "))
    .map((l) => l.slice(4));

/** Every table row has as many cells as its header (escaped pipes are not separators). */
function assertTablesWellFormed(md: string): void {
  let columns = 0;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      columns = 0;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).length - 2;
    if (columns === 0) columns = cells;
    else assert.equal(cells, columns, `row has ${cells} cells, header ${columns}: ${line}`);
  }
}

describe("cli: render --format markdown", function () {
  this.timeout(60_000);

  it("summarises the dev stack: scopes, effect, registries, lists, assignments; no empty sections", async () => {
    const io = capture();
    assert.equal(await main(["render", "--stack", "dev", "--cwd", ROOT, "--format", "markdown"], io), 0);
    const md = io.stdout;
    assert.match(md, /^## Azure ML model governance: stack 'dev' of project 'azure-ml-governance'\n/);
    assert.match(md, /\| assignment scopes \| `\/subscriptions\/00000000-0000-0000-0000-000000000000\/resourceGroups\/rg-ml-dev` \|/);
    assert.match(md, /\| effect \| \*\*Audit\*\*: non-compliant deployments are reported, not refused/);
    assert.match(md, /\| trusted registries \| `azureml`, `azureml-meta`, `contoso-models` \|/);
    assert.match(md, /\| trusted publishers \(Foundry catalog models\) \| `OpenAI`, `Microsoft` \|/);
    assert.match(md, /\| approved models \| any model from a trusted registry/);
    // As Pulumi.dev.yaml spells it, not the canonical lower-case form.
    assert.match(md, /- `azureml:\/\/registries\/azureml-meta\/models\/Llama-2-7b`/);
    assert.match(md, /Would register 6 PolicyDefinition, 1 PolicySetDefinition, 1 PolicyAssignment\./);
    // dev has no approval list, guardrails, exemptions or alert: those sections are left out.
    assert.deepEqual(headings(md), ["Blocked models", "Assignments"]);
    assertTablesWellFormed(md);
  });

  it("shows guardrails and exemptions with expiry from a config file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amg-md-"));
    const file = path.join(dir, "gov.yaml");
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    fs.writeFileSync(
      file,
      [
        "scope: /subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-ml",
        "allowedRegistries: [azureml]",
        "allowedPublishers: [OpenAI]",
        "allowedModels: [azureml://registries/azureml/models/Phi-4, OpenAI/gpt-4o]",
        "enforcementMode: DoNotEnforce",
        "guardrails:",
        "  computeIdleShutdown: { effect: Deny }",
        "exemptions:",
        "  - scope: /subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1",
        "    category: Waiver",
        `    expiresOn: "${expires}T00:00:00Z"`,
        '    reason: "Vendor model | under review"',
        "    requestedBy: team-a (SEC-1)",
        "    rules: [approved-models]",
      ].join("\n"),
    );
    const io = capture();
    try {
      assert.equal(await main(["render", "--config", file, "--format", "markdown"], io), 0, io.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const md = io.stdout;
    assert.deepEqual(headings(md), ["Approved models", "Assignments", "Guardrails and registry built-ins", "Exemptions"]);
    assert.match(md, /\| enforcement mode \| `DoNotEnforce`: evaluated and reported, never blocked \|/);
    assert.match(md, /\| `computeIdleShutdown` \| built-in `679ddf89-ab8f-48a5-9029-e76054077449` \| Deny \|/);
    assert.match(
      md,
      new RegExp(`\\| \`approved-models\` \\| Waiver \\| ${expires} \\(in (29|30) days\\) \\| Vendor model \\\\\\| under review \\| team-a \\(SEC-1\\) \\|`),
    );
    assertTablesWellFormed(md);
  });

  it("reads absent or odd-shaped keys defensively, flags exemptions about to expire", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const exemption = (name: string, expiresOn: string | undefined): RegisteredResource => ({
      type: "azure-native:authorization:PolicyExemption",
      name,
      custom: true,
      urn: "",
      inputs: {
        scope: `/subscriptions/s/resourceGroups/${name}`,
        exemptionCategory: "Mitigated",
        ...(expiresOn ? { expiresOn } : {}),
        metadata: { reason: "r", requestedBy: "q" },
      },
    });
    const md = formatMarkdownSummary({
      title: "t",
      effectiveConfig: {
        effect: "Deny",
        allowedRegistries: "not a list",
        blockedModels: [1, "azureml://registries/a/models/b"],
        guardrails: { computeVnet: { effect: "Audit" } },
      },
      resources: [exemption("soon", "2030-01-10T00:00:00Z"), exemption("later", "2030-06-01T00:00:00Z"), exemption("never", undefined)],
      now,
    });
    assert.deepEqual(headings(md), ["Blocked models", "Guardrails and registry built-ins", "Exemptions"]);
    assert.match(md, /2030-01-10 \(in 9 days ⚠️\)/);
    assert.match(md, /2030-06-01 \(in 151 days\) \|/);
    assert.match(md, /\*\*never\*\* ⚠️/);
    assert.match(md, /\| `computeVnet` \| – \| Audit \| – \|/);
    assert.ok(!md.includes("trusted registries"), "a non-list allowedRegistries is skipped");
    assertTablesWellFormed(md);
    assert.match(
      formatMarkdownSummary({ title: "empty", effectiveConfig: undefined, resources: [] }),
      /^## Azure ML model governance: empty\n\n_Rendered offline/,
    );
  });
});

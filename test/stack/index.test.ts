/**
 * The platform team's stack program (`index.ts`) under mocks, with the real `Pulumi.yaml` and
 * `Pulumi.<stack>.yaml` files turned into the flat config map the engine hands a Node.js program
 * (`PULUMI_CONFIG`; set here with `pulumi.runtime.setAllConfig`).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { DENY_RULES, GovernanceConfigError, governanceConfigSchema, validateGovernanceConfig } from "../../core";
import { CONFIG_KEYS } from "../../core/config/schema";
import { BASELINE_KEYS } from "../../core/guardrails";
import { installMocks, RecordedResource, RecordingMocks, settle, T, valueOf } from "../components/mocks";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROGRAM = path.join(ROOT, "dist", "index.js");
const PROJECT = "azure-ml-governance";
const COMPONENT = "ml-governance";

interface ProjectFile {
  name: string;
  main?: string;
  runtime: { name: string; options?: Record<string, unknown> };
  config: Record<string, { type: string; default?: unknown; description?: string; items?: { type: string } }>;
}

function readYaml<T>(file: string): T {
  return YAML.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as T;
}

/** Encodes a config value the way the engine does for `PULUMI_CONFIG`: strings as is, the rest as JSON. */
function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The flat config map for a stack: `Pulumi.yaml` defaults overlaid with the stack file (or explicit values). */
function stackConfig(stack: string, values?: Record<string, unknown>): Record<string, string> {
  const project = readYaml<ProjectFile>("Pulumi.yaml");
  const config: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config)) {
    if (decl.default !== undefined) config[`${PROJECT}:${key}`] = encode(decl.default);
  }
  const stackValues = values ?? readYaml<{ config: Record<string, unknown> }>(`Pulumi.${stack}.yaml`).config;
  for (const [key, value] of Object.entries(stackValues)) config[key.includes(":") ? key : `${PROJECT}:${key}`] = encode(value);
  return config;
}

interface Run {
  mocks: RecordingMocks;
  exports: Record<string, pulumi.Output<unknown>>;
  outputs: Record<string, any>;
  records: RecordedResource[];
}

/** Runs the program for `stack` under fresh mocks and waits for its outputs. */
async function runProgram(stack: string, config: Record<string, string>): Promise<Run> {
  pulumi.runtime.setAllConfig(config);
  const mocks = await installMocks(PROJECT, stack);
  delete require.cache[require.resolve(PROGRAM)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(PROGRAM) as Record<string, pulumi.Output<unknown>>;
  const outputs: Record<string, any> = {};
  for (const [key, value] of Object.entries(exports)) outputs[key] = await valueOf(value);
  await settle();
  return { mocks, exports, outputs, records: mocks.of(COMPONENT) };
}

function only(records: RecordedResource[], type: string): RecordedResource {
  const found = records.filter((r) => r.type === type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0];
}

describe("stack program (index.ts)", function () {
  this.timeout(20_000);
  after(() => pulumi.runtime.setAllConfig({}));

  describe("project files", () => {
    const project = readYaml<ProjectFile>("Pulumi.yaml");

    it("Pulumi.yaml names the project, the TypeScript runtime and the program", () => {
      assert.equal(project.name, PROJECT);
      assert.equal(project.runtime.name, "nodejs");
      assert.equal(project.runtime.options?.typescript, true);
      assert.equal(project.main, "index.ts");
    });

    it("declares every governance key with the schema's type and a description; only the required keys lack defaults", () => {
      // The governance baseline keys (guardrails, registryBuiltins, exemptions, monitoring, ...) are
      // structured values a Pulumi.yaml declaration cannot type, so they are not declared; the stack
      // program still reads them from Pulumi.<stack>.yaml (see "baseline keys in stack config").
      // So is maxCapacityByDeploymentType (a map; set with `pulumi config set --path`).
      // So is pulumiCloud (an object), which the stack program reads from the stack file as JSON.
      const untyped = [...BASELINE_KEYS, "maxCapacityByDeploymentType", "pulumiCloud"];
      assert.deepEqual(Object.keys(project.config).sort(), CONFIG_KEYS.filter((k) => !untyped.includes(k)).sort());
      const required = governanceConfigSchema.required as string[];
      const properties = governanceConfigSchema.properties as Record<string, { type: string }>;
      for (const [key, decl] of Object.entries(project.config)) {
        assert.equal(decl.type, properties[key].type, `${key}: declared type`);
        if (decl.type === "array") assert.deepEqual(decl.items, { type: "string" }, `${key}: array items`);
        assert.ok(decl.description && decl.description.length > 10, `${key}: description`);
        assert.equal(
          decl.default === undefined,
          required.includes(key),
          `${key}: ${required.includes(key) ? "required, no default" : "optional, has a default"}`,
        );
      }
    });

    for (const stack of ["dev", "prod"]) {
      it(`Pulumi.${stack}.yaml uses only declared keys (or azure-native:*) and is a valid governance config`, () => {
        const file = readYaml<{ config: Record<string, unknown> }>(`Pulumi.${stack}.yaml`);
        const raw: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(file.config)) {
          const [ns, bare] = key.split(":");
          assert.ok(ns === PROJECT || ns === "azure-native", `${key}: known namespace`);
          if (ns === PROJECT) {
            assert.ok(CONFIG_KEYS.includes(bare), `${key}: declared in Pulumi.yaml`);
            raw[bare] = value;
          }
        }
        const result = validateGovernanceConfig(raw);
        assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.errors));
        assert.deepEqual(result.warnings, []);
      });
    }
  });

  describe("dev stack", () => {
    let run: Run;
    before(async () => {
      run = await runProgram("dev", stackConfig("dev"));
    });

    it("registers one component with one definition per rule, one initiative and one assignment at the dev resource group", () => {
      const types = run.records.map((r) => r.type);
      assert.equal(types.filter((t) => t === T.component).length, 1);
      assert.equal(types.filter((t) => t === T.definition).length, DENY_RULES.length);
      assert.equal(types.filter((t) => t === T.initiative).length, 1);
      assert.equal(types.filter((t) => t === T.assignment).length, 1);
      assert.equal(run.records.length, DENY_RULES.length + 3);
      assert.equal(run.mocks.resources.length, run.records.length, "nothing else is registered");
      const assignment = only(run.records, T.assignment);
      assert.equal(assignment.inputs.scope, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml-dev");
      assert.ok((assignment.inputs.policyAssignmentName as string).length <= 24);
      assert.equal(assignment.inputs.policyDefinitionId, only(run.records, T.initiative).id);
      const params = assignment.inputs.parameters as Record<string, { value: unknown }>;
      assert.deepEqual(params.effect, { value: "Audit" });
      assert.deepEqual(params.allowedRegistries, { value: ["azureml", "azureml-meta", "contoso-models"] });
      assert.deepEqual(params.allowedModelKeys, { value: [] });
      assert.deepEqual(params.workspaceModels, { value: "Allow" });
      assert.equal(assignment.inputs.enforcementMode, "Default");
    });

    it("exports the component's outputs", () => {
      assert.deepEqual(Object.keys(run.exports).sort(), [
        "assignmentIds",
        "assignmentNames",
        "definitionIds",
        "effectiveConfig",
        "initiativeId",
        "policyPackConfig",
      ]);
      const assignment = only(run.records, T.assignment);
      assert.equal(run.outputs.initiativeId, only(run.records, T.initiative).id);
      assert.deepEqual(run.outputs.assignmentIds, { [assignment.inputs.scope as string]: assignment.id });
      assert.deepEqual(Object.keys(run.outputs.definitionIds).sort(), [...DENY_RULES].sort());
      assert.deepEqual(run.outputs.policyPackConfig, {
        "azure-ml-model-governance": {
          allowedRegistries: ["azureml", "azureml-meta", "contoso-models"],
          allowedPublishers: ["OpenAI", "Microsoft"],
          blockedModels: ["azureml://registries/azureml-meta/models/llama-2-7b"],
          allowedModels: [],
          workspaceModels: "Allow",
          effect: "Audit",
        },
      });
      assert.equal(run.outputs.effectiveConfig.owner, "ml-platform@contoso.com");
      assert.equal(run.outputs.effectiveConfig.definitionScope, "/subscriptions/00000000-0000-0000-0000-000000000000");
    });
  });

  describe("prod stack", () => {
    let run: Run;
    before(async () => {
      run = await runProgram("prod", stackConfig("prod"));
    });

    it("assigns at the production subscription with Deny, the approval list, workspace models denied and the sandbox excluded", () => {
      assert.equal(run.records.length, DENY_RULES.length + 3);
      const assignment = only(run.records, T.assignment);
      assert.equal(assignment.inputs.scope, "/subscriptions/11111111-1111-1111-1111-111111111111");
      assert.deepEqual(assignment.inputs.notScopes, ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml-sandbox"]);
      const params = assignment.inputs.parameters as Record<string, { value: unknown[] | string }>;
      assert.deepEqual(params.effect, { value: "Deny" });
      assert.deepEqual(params.workspaceModels, { value: "Deny" });
      assert.equal((params.allowedModelKeys.value as unknown[]).length, 5);
      assert.deepEqual(params.allowedPublishers, { value: ["openai", "microsoft"] });
    });

    it("exports a mandatory pack config with the approval list", () => {
      const entry = run.outputs.policyPackConfig["azure-ml-model-governance"];
      assert.equal(entry.effect, "Deny");
      assert.equal(entry.enforcementLevel, undefined);
      assert.deepEqual(entry.allowedModels, [
        "azureml://registries/azureml/models/phi-4",
        "azureml://registries/azureml-meta/models/meta-llama-3.1-8b-instruct/versions/4",
        "azureml://registries/contoso-models/models/contoso-claims-classifier/versions/3",
        "OpenAI/gpt-4o/versions/2024-11-20",
        "OpenAI/text-embedding-3-large",
      ]);
      assert.deepEqual(run.outputs.effectiveConfig.scopes, ["/subscriptions/11111111-1111-1111-1111-111111111111"]);
    });

    it("gives the production assignment a different name than dev's", async () => {
      const dev = await runProgram("dev", stackConfig("dev"));
      const prodName = only(run.records, T.assignment).inputs.policyAssignmentName;
      assert.notEqual(only(dev.records, T.assignment).inputs.policyAssignmentName, prodName);
    });
  });

  describe("baseline keys in stack config", () => {
    it("reads guardrails and exemptions from Pulumi.<stack>.yaml (structured values, undeclared in Pulumi.yaml)", async () => {
      const dev = readYaml<{ config: Record<string, unknown> }>("Pulumi.dev.yaml").config;
      const scope = dev[`${PROJECT}:scope`] as string;
      const run = await runProgram(
        "dev",
        stackConfig("dev", {
          ...dev,
          [`${PROJECT}:guardrails`]: { computeIdleShutdown: { effect: "Audit" } },
          [`${PROJECT}:exemptions`]: [
            {
              scope: `${scope}/providers/Microsoft.MachineLearningServices/workspaces/ws-legacy`,
              category: "Waiver",
              expiresOn: "2099-12-31T00:00:00Z", // far ahead: a warning (longer than exemptionMaxDays), never an error
              reason: "legacy workspace, migrating",
              requestedBy: "team-legacy",
            },
          ],
        }),
      );
      const types = run.records.map((r) => r.type);
      assert.equal(types.filter((t) => t === T.assignment).length, 2, "the model assignment and the baseline assignment");
      assert.equal(types.filter((t) => t === "azure-native:authorization:PolicyExemption").length, 2, "one exemption per initiative");
      assert.equal(types.filter((t) => t === T.initiative).length, 2, "the model initiative and the baseline initiative");
    });
  });

  describe("invalid stack config", () => {
    it("fails with every problem at once, named by config key, and registers nothing", async () => {
      const config = stackConfig("broken", {
        "azure-ml-governance:scope": "/subscriptions/not-a-guid/resourceGroups/rg-ml-dev",
        "azure-ml-governance:effect": "Block",
        "azure-ml-governance:allowedRegistry": ["azureml"], // typo: allowedRegistries is then missing
        "azure-ml-governance:blockedModels": "azureml://registries/azureml-meta/models/Llama-2-7b", // a string, not a list
      });
      pulumi.runtime.setAllConfig(config);
      const mocks = await installMocks(PROJECT, "broken");
      delete require.cache[require.resolve(PROGRAM)];
      let thrown: unknown;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(PROGRAM);
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof GovernanceConfigError, `expected GovernanceConfigError, got ${String(thrown)}`);
      const fields = thrown.issues.map((i) => i.field);
      for (const field of ["scope", "effect", "allowedRegistry", "allowedRegistries", "blockedModels"]) {
        assert.ok(fields.includes(`azure-ml-governance:${field}`), `issue for ${field} (got ${fields.join(", ")})`);
      }
      assert.match(thrown.message, /^Invalid stack config of stack 'broken' \(Pulumi\.broken\.yaml\) \(\d+ problems\):/);
      assert.match(thrown.message, /azure-ml-governance:allowedRegistry: is not a known setting .*did you mean allowedRegistries\?/);
      assert.ok(pulumi.RunError.isInstance(thrown), "reported like a RunError");
      await settle(50);
      assert.equal(mocks.resources.length, 0, "nothing registered");
    });
  });
});

/**
 * Item 5: the `MlDeploymentGovernance` component under Pulumi mocks, one child process per
 * configuration (clean runtime state): N scopes (resource groups in one subscription, `scope` +
 * `additionalScopes`) and every list at L entries (`allowedRegistries`, `blockedModels`,
 * `allowedModels`, `notScopes`). Counts registered resources by type and times construction to
 * the last registration (every output resolved).
 *
 * Baseline, side by side in the same kind of process: the same plan's resources registered
 * directly (`PolicyDefinition`s, the `PolicySetDefinition`, one `PolicyAssignment` per scope, same
 * inputs, through the helpers the component registers with, no component, no validation or
 * rendering in the timed part): what registering them costs under mocks at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { median, runWorker, workerMain } from "./common";

/** Input of one worker run. */
export interface ComponentInput {
  scopes: number;
  entries: number;
  mode: "component" | "baseline";
}

/** Output of one worker run. */
export interface ComponentOutput {
  scopes: number;
  entries: number;
  mode: "component" | "baseline";
  /** Construction → every output resolved, in this process. */
  wallMs: number;
  registered: number;
  byType: Record<string, number>;
}

const SUB = "00000000-0000-0000-0000-00000000000a";

/** The governance config of a configuration. */
export function componentArgs(scopes: number, entries: number): Record<string, unknown> {
  const rg = (i: number) => `/subscriptions/${SUB}/resourceGroups/rg-ml-${String(i).padStart(4, "0")}`;
  const registries = Array.from({ length: Math.min(entries, 100) }, (_, i) => `registry-${String(i).padStart(3, "0")}`);
  return {
    scope: rg(0),
    additionalScopes: Array.from({ length: scopes - 1 }, (_, i) => rg(i + 1)),
    allowedRegistries: registries,
    blockedModels: Array.from(
      { length: entries },
      (_, i) => `azureml://registries/${registries[i % registries.length]}/models/blocked-model-${i}/versions/${(i % 9) + 1}`,
    ),
    allowedModels: Array.from({ length: entries }, (_, i) => `azureml://registries/${registries[i % registries.length]}/models/approved-model-${i}`),
    notScopes: Array.from(
      { length: Math.min(entries, 400) },
      (_, i) => `/subscriptions/${SUB}/resourceGroups/rg-ml-0000/providers/Microsoft.MachineLearningServices/workspaces/excluded-${i}`,
    ),
    effect: "Deny",
    owner: "platform-team@contoso.com",
  };
}

class CountingMocks implements pulumi.runtime.Mocks {
  byType: Record<string, number> = {};
  registered = 0;
  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    this.registered++;
    this.byType[args.type] = (this.byType[args.type] ?? 0) + 1;
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    const name =
      [inputs.policyAssignmentName, inputs.policyDefinitionName, inputs.policySetDefinitionName].find((x): x is string => typeof x === "string") ?? args.name;
    return { id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/x/${name}`, state: inputs };
  }
  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return args.inputs as Record<string, unknown>;
  }
}

function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Runs one configuration in this process (call once per process). */
export async function runComponent(input: ComponentInput): Promise<ComponentOutput> {
  const mocks = new CountingMocks();
  await pulumi.runtime.setMocks(mocks, "azure-ml-governance-bench", "bench", false);
  // Loaded after the mocks are set, as a program's modules are.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MlDeploymentGovernance } = require("../components/ml-deployment-governance") as typeof import("../components/ml-deployment-governance");
  const args = componentArgs(input.scopes, input.entries);

  if (input.mode === "component") {
    const t0 = performance.now();
    const gov = new MlDeploymentGovernance("gov", args as never);
    await Promise.all([
      resolved(gov.definitionIds),
      resolved(gov.initiativeId),
      resolved(gov.assignmentIds),
      resolved(gov.effectiveConfig),
      resolved(gov.policyPackConfig),
    ]);
    const wallMs = performance.now() - t0;
    return { ...input, wallMs, registered: mocks.registered, byType: mocks.byType };
  }

  // Baseline: render outside the timed part, then register the same bodies directly.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const authorization = require("@pulumi/azure-native/authorization") as typeof import("@pulumi/azure-native/authorization");
  type PolicyDefinitionModule = typeof import("../components/policy-definition");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { assignmentArgs, registerPolicyDefinition, registerPolicySetDefinition } = require("../components/policy-definition") as PolicyDefinitionModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateGovernanceConfig } = require("../core") as typeof import("../core");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderGovernancePlan } = require("../azure-policy") as typeof import("../azure-policy");
  const v = validateGovernanceConfig(args);
  if (!v.ok) throw new Error(`benchmark config is invalid: ${JSON.stringify(v.errors).slice(0, 2000)}`);
  const plan = renderGovernancePlan("gov", v.config);
  const t0 = performance.now();
  const ids: Array<pulumi.Output<string>> = [];
  for (const d of plan.definitions) ids.push(registerPolicyDefinition(`gov-${d.referenceId}`, d, {}, {}).id);
  const members = plan.initiative.policyDefinitions.map((m, i) => ({
    policyDefinitionId: ids[i],
    policyDefinitionReferenceId: m.policyDefinitionReferenceId,
    parameters: m.parameters,
  }));
  const initiative = registerPolicySetDefinition("gov-initiative", plan.initiative, members, {}, {});
  ids.push(initiative.id);
  for (const a of plan.assignments) {
    ids.push(new authorization.PolicyAssignment(`gov-${a.key}`, { ...assignmentArgs(a, initiative.id), parameters: a.parameters }).id);
  }
  await resolved(pulumi.all(ids));
  const wallMs = performance.now() - t0;
  return { ...input, wallMs, registered: mocks.registered, byType: mocks.byType };
}

/** Results of item 5, per configuration. */
export interface ComponentRow {
  scopes: number;
  entries: number;
  ours: ComponentOutput[];
  baseline: ComponentOutput[];
  /** Whole child process (node start, module loads, construction, exit), median. */
  processMs: number;
}

/** Item 5: every configuration, `runs` child processes each for ours and the baseline, interleaved. */
export async function measureComponent(
  scopes: readonly number[],
  entries: readonly number[],
  runs: number,
  onProgress: (msg: string) => void,
): Promise<ComponentRow[]> {
  const rows: ComponentRow[] = [];
  for (const n of scopes) {
    for (const l of entries) {
      const row: ComponentRow = { scopes: n, entries: l, ours: [], baseline: [], processMs: 0 };
      const processMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const o = await runWorker<ComponentOutput>("component.js", { scopes: n, entries: l, mode: "component" } satisfies ComponentInput, {
          timeoutMs: 180_000,
        });
        row.ours.push(o.result);
        processMs.push(o.wallMs);
        row.baseline.push(
          (await runWorker<ComponentOutput>("component.js", { scopes: n, entries: l, mode: "baseline" } satisfies ComponentInput, { timeoutMs: 180_000 }))
            .result,
        );
      }
      row.processMs = median(processMs);
      onProgress(
        `component ${n} scopes × ${l} entries: ${median(row.ours.map((x) => x.wallMs)).toFixed(0)} ms, ${row.ours[0].registered} resources (baseline ${median(row.baseline.map((x) => x.wallMs)).toFixed(0)} ms, ${row.baseline[0].registered})`,
      );
      rows.push(row);
    }
  }
  return rows;
}

if (require.main === module) workerMain<ComponentInput, ComponentOutput>(runComponent);

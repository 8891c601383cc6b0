/**
 * Item 6: rendered sizes against Azure's limits. `renderGovernancePlan` at the largest supported
 * config (`LIMITS` in core/config/schema.ts: 100 registries, 500 blocked and 500 approved entries
 * of the longest accepted length, 400 notScopes, the longest owner), side by side with the smallest
 * config (one registry, no lists). Bodies are measured as the ARM request bodies Azure receives
 * (`{"properties": …}`), as UTF-8 JSON, against Azure's 1 MB (1,048,576 bytes) request limit; the
 * rules are checked with the evaluator's `checkAuthoringLimits` and by reading every value count.
 */
import { validateGovernanceConfig } from "../core";
import { LIMITS } from "../core/config/schema";
import { GovernancePlan, renderGovernancePlan } from "../azure-policy";
import { AUTHORING_LIMITS, checkAuthoringLimits, classifyTemplateString, parseExpression } from "../azure-policy/evaluator";

/** Azure's request-body limit for definitions, initiatives and assignments. */
export const ONE_MB = 1_048_576;

const SUB = "00000000-0000-0000-0000-00000000000b";

function pad(prefix: string, length: number, fill: string): string {
  return prefix + fill.repeat(Math.ceil(Math.max(0, length - prefix.length) / fill.length)).slice(0, Math.max(0, length - prefix.length));
}

/** The largest supported config: every list at its maximum, every entry at the longest accepted length. */
export function largestConfig(): Record<string, unknown> {
  // Registry names: 3–33 characters.
  const registries = Array.from({ length: LIMITS.allowedRegistries }, (_, i) => pad(`r${String(i).padStart(3, "0")}-`, 33, "registry-"));
  const entry = (kind: string, i: number, versioned: boolean): string => {
    const reg = registries[i % registries.length];
    const head = `azureml://registries/${reg}/models/`;
    if (!versioned) return pad(`${head}${kind}-${i}-`, LIMITS.modelEntryLength, "model-name-");
    const tail = `/versions/${i % 97}`;
    return pad(`${head}${kind}-${i}-`, LIMITS.modelEntryLength - tail.length, "model-name-") + tail;
  };
  return {
    scope: `/subscriptions/${SUB}`,
    allowedRegistries: registries,
    // Versioned blocked entries render two keys each (the version and `…/versions/*`): the largest form.
    blockedModels: Array.from({ length: LIMITS.blockedModels }, (_, i) => entry("blocked", i, true)),
    allowedModels: Array.from({ length: LIMITS.allowedModels }, (_, i) => entry("approved", i, i % 2 === 0)),
    notScopes: Array.from({ length: LIMITS.notScopes }, (_, i) =>
      pad(`/subscriptions/${SUB}/resourceGroups/rg-excluded-${i}/providers/Microsoft.MachineLearningServices/workspaces/ws-`, 200, "x"),
    ),
    owner: pad("platform-team-", LIMITS.owner, "x"),
    effect: "Deny",
  };
}

/** The smallest config. */
export function smallestConfig(): Record<string, unknown> {
  return { scope: `/subscriptions/${SUB}`, allowedRegistries: ["azureml"] };
}

function render(config: Record<string, unknown>): GovernancePlan {
  const v = validateGovernanceConfig(config);
  if (!v.ok) throw new Error(`sizes: config is invalid: ${JSON.stringify(v.errors).slice(0, 2000)}`);
  return renderGovernancePlan("ml-governance", v.config);
}

const bytesOf = (x: unknown): number => Buffer.byteLength(JSON.stringify(x), "utf8");

/** Byte sizes of the ARM request bodies of a plan. */
export interface PlanSizes {
  largestDefinition: { rule: string; bytes: number };
  initiative: number;
  largestAssignment: number;
}

/** ARM request bodies (what `PUT …/policyDefinitions/{name}` etc. carry). */
export function planSizes(plan: GovernancePlan): PlanSizes {
  const defBodies = plan.definitions.map((d) => ({
    rule: d.referenceId,
    bytes: bytesOf({
      properties: {
        displayName: d.displayName,
        description: d.description,
        mode: d.mode,
        metadata: d.metadata,
        parameters: d.parameters,
        policyRule: d.policyRule,
        policyType: "Custom",
      },
    }),
  }));
  const largestDefinition = defBodies.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const i = plan.initiative;
  const initiative = bytesOf({
    properties: {
      displayName: i.displayName,
      description: i.description,
      metadata: i.metadata,
      parameters: i.parameters,
      policyType: "Custom",
      policyDefinitions: i.policyDefinitions.map((m) => ({
        policyDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/${m.definitionName}`,
        policyDefinitionReferenceId: m.policyDefinitionReferenceId,
        parameters: m.parameters,
      })),
    },
  });
  const largestAssignment = Math.max(
    ...plan.assignments.map((a) =>
      bytesOf({
        properties: {
          displayName: a.displayName,
          description: a.description,
          policyDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policySetDefinitions/${i.name}`,
          enforcementMode: a.enforcementMode,
          notScopes: a.notScopes,
          parameters: a.parameters,
          nonComplianceMessages: a.nonComplianceMessages,
          metadata: a.metadata,
        },
      }),
    ),
  );
  return { largestDefinition, initiative, largestAssignment };
}

/** What the value counts of a rule iterate over. */
export interface ValueCountReport {
  /** `value count` expressions in the rule. */
  expressions: number;
  /** The largest number of iterations of one of them (array length, nested counts multiplied). */
  maxIterations: number;
  /** Value counts whose array is not a literal `createArray(…)` (their size is unknown statically). */
  unknownArrays: number;
}

/**
 * Reads every `count: { value: … }` of a rule: its array must be a `[createArray(a, b, …)]`
 * expression (or a literal array), whose argument count is the iteration count.
 */
export function valueCounts(policyRule: unknown): ValueCountReport {
  const report: ValueCountReport = { expressions: 0, maxIterations: 0, unknownArrays: 0 };
  const visit = (node: unknown, parentIterations: number): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, parentIterations));
      return;
    }
    if (node === null || typeof node !== "object") return;
    const obj = node as Record<string, unknown>;
    const count = obj.count as Record<string, unknown> | undefined;
    if (count && typeof count === "object" && "value" in count) {
      report.expressions++;
      let length: number | undefined;
      if (Array.isArray(count.value)) length = count.value.length;
      else if (typeof count.value === "string") {
        const t = classifyTemplateString(count.value);
        if (t.kind === "expression") {
          const ast = parseExpression(t.source);
          if (ast.kind === "call" && ast.name.toLowerCase() === "createarray") length = ast.args.length;
        }
      }
      if (length === undefined) report.unknownArrays++;
      const iterations = parentIterations * (length ?? 1);
      report.maxIterations = Math.max(report.maxIterations, iterations);
      if (count.where !== undefined) visit(count.where, iterations);
      for (const [k, v] of Object.entries(obj)) if (k !== "count") visit(v, parentIterations);
      return;
    }
    for (const v of Object.values(obj)) visit(v, parentIterations);
  };
  visit((policyRule as { if?: unknown }).if, 1);
  return report;
}

/** Results of item 6. */
export interface SizesResult {
  largest: PlanSizes;
  smallest: PlanSizes;
  /** Per rule (largest config; rules do not depend on the lists). */
  rules: Array<{ rule: string; valueCounts: ValueCountReport; limits: ReturnType<typeof checkAuthoringLimits> }>;
  maxValueCountExpressions: number;
  maxValueCountIterations: number;
  unknownValueCountArrays: number;
  maxFunctionNesting: number;
  longestExpression: number;
  maxConditions: number;
  maxFunctions: number;
  listSizes: { registries: number; blockedKeys: number; allowedKeys: number; notScopes: number };
  limits: typeof AUTHORING_LIMITS;
}

/** Item 6. */
export function measureSizes(): SizesResult {
  const largestPlan = render(largestConfig());
  const smallestPlan = render(smallestConfig());
  const params = largestPlan.assignments[0].parameters;
  const rules = largestPlan.definitions.map((d) => ({
    rule: d.referenceId,
    valueCounts: valueCounts(d.policyRule),
    limits: checkAuthoringLimits(d.policyRule),
  }));
  const max = (f: (r: (typeof rules)[number]) => number) => Math.max(...rules.map(f));
  return {
    largest: planSizes(largestPlan),
    smallest: planSizes(smallestPlan),
    rules,
    maxValueCountExpressions: max((r) => Math.max(r.valueCounts.expressions, r.limits.valueCountExpressions)),
    maxValueCountIterations: max((r) => r.valueCounts.maxIterations),
    unknownValueCountArrays: rules.reduce((n, r) => n + r.valueCounts.unknownArrays, 0),
    maxFunctionNesting: max((r) => r.limits.maxFunctionNesting),
    longestExpression: max((r) => r.limits.longestExpression),
    maxConditions: max((r) => r.limits.conditionCount),
    maxFunctions: max((r) => r.limits.functionCount),
    listSizes: {
      registries: (params.allowedRegistries?.value as unknown[] | undefined)?.length ?? 0,
      blockedKeys: (params.blockedModelKeys?.value as unknown[] | undefined)?.length ?? 0,
      allowedKeys: (params.allowedModelKeys?.value as unknown[] | undefined)?.length ?? 0,
      notScopes: largestPlan.assignments[0].notScopes.length,
    },
    limits: AUTHORING_LIMITS,
  };
}

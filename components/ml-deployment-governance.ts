/**
 * The `MlDeploymentGovernance` component: turns a governance config into Azure Policy
 * (custom definitions, one initiative, one assignment per scope) with `@pulumi/azure-native`.
 *
 * The bodies come from the Azure Policy renderer (`renderGovernancePlan`), so the component only
 * maps JSON bodies onto resources; what the rules mean lives in `core/` and `azure-policy/`.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
// The authorization submodule only: the azure-native root eagerly loads ~270 modules.
import * as authorization from "@pulumi/azure-native/authorization";
import { assignmentArgs, registerPolicyDefinition, registerPolicySetDefinition } from "./policy-definition";
import { ScopeKind } from "../core/scope";
import { ASSIGNMENT_NAME_MAX } from "../core/patterns";
import { ConfigIssue, EffectiveConfig, formatIssues, GovernanceConfig, GovernanceConfigError, validateGovernanceConfig } from "../core/config/validate";
import { policyPackConfigFor } from "../core/pack-config";
import { EffectiveGovernanceConfig, effectiveConfigJson } from "../core/config/effective-config";

export { EffectiveGovernanceConfig, effectiveConfigJson };
import { GovernancePlan } from "../azure-policy/plan";
import { renderGovernancePlan } from "../azure-policy/render";
import { guardrailPackConfig } from "../core/guardrails/preflight";
import { BaselinePlan, renderBaselinePlan } from "../azure-policy/guardrails/render";
import { ComplianceQueries, complianceQueries } from "../azure-policy/guardrails/queries";
import {
  BaselineOutputs,
  baselineResourceNames,
  checkBaselinePlan,
  emptyBaselineOutputs,
  monitoringSubscriptionWarning,
  registerBaseline,
} from "./governance-baseline";
import { enforcementOf, planPulumiCloud, PulumiCloudEnforcement, registerPulumiCloud } from "./pulumi-cloud";

/** The component's type token: `<package.json name>:index:<class name>`, as the multi-language host requires. */
export const ML_DEPLOYMENT_GOVERNANCE_TYPE = "azure-ml-governance:index:MlDeploymentGovernance";

/**
 * Arguments of {@link MlDeploymentGovernance}: the governance config, as plain values.
 *
 * - `scope` (required): where the initiative is assigned — `/subscriptions/{id}`,
 *   `/subscriptions/{id}/resourceGroups/{name}` or `/providers/Microsoft.Management/managementGroups/{id}`.
 * - `additionalScopes`: more scopes, one assignment each (inside the definition scope).
 * - `definitionScope`: subscription or management group holding the definitions and the initiative;
 *   defaults to the subscription (or management group) of `scope`.
 * - `allowedRegistries` (required): trusted registries, e.g. `["azureml", "azureml-meta"]`.
 * - `effect`: `Deny` (default), `Audit` or `Disabled`.
 * - `blockedModels` / `allowedModels`: `azureml://registries/{r}/models/{m}[/versions/{v}]` entries.
 * - `workspaceModels`: `Allow` (default) or `Deny` non-registry models.
 * - `enforcementMode`: `Default` or `DoNotEnforce`; `notScopes`: excluded resource ids.
 * - `nonComplianceMessage`, `owner`: message override and owning team.
 * - The governance baseline, all optional (docs/guardrails.md): `guardrails` (Azure ML guardrail
 *   built-ins by readable key, and the custom `computePublicIp` / `serverlessSparkJobs`),
 *   `registryBuiltins` (19539b54, 12e5dd16, aafe3651), `identityLocation` (for DeployIfNotExists /
 *   Modify members), `exemptions` and `exemptionMaxDays`, `monitoring` (deny alert).
 *
 * The values are validated synchronously when the component is constructed (every problem is
 * reported at once), so they must be plain values, not Outputs.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the component analyzer needs a named args interface
export interface MlDeploymentGovernanceArgs extends GovernanceConfig {}

/** The Pulumi logical names of a plan's resources (explicit and stable: never derived from list contents). */
export interface GovernanceResourceNames {
  /** Definition reference id (the rule id) → logical name. */
  definitions: Record<string, string>;
  /** Logical name of the initiative. */
  initiative: string;
  /** Assignment `scope` → logical name. */
  assignments: Record<string, string>;
}

/**
 * Logical names for a plan: `<component>-<rule id>` per definition, `<component>-initiative`, and
 * `<component>-<assignment key>` per assignment (the key derives from the scope). The Azure names
 * derive from the same inputs (component name + rule id, component name + scope), never from list
 * contents: editing the lists only changes inputs (an in-place update), and a change that moves
 * an Azure name (a new scope) also moves the logical name (create the new one, delete the old one).
 */
export function governanceResourceNames(componentName: string, plan: GovernancePlan): GovernanceResourceNames {
  const definitions: Record<string, string> = {};
  for (const d of plan.definitions) definitions[d.referenceId] = `${componentName}-${d.referenceId}`;
  const assignments: Record<string, string> = {};
  for (const a of plan.assignments) assignments[a.scope] = `${componentName}-${a.key}`;
  return { definitions, initiative: `${componentName}-initiative`, assignments };
}

/** Checks the renderer's output against the contract the component relies on; throws before anything is registered. */
function checkPlan(componentName: string, plan: GovernancePlan, names: GovernanceResourceNames): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  const unique = (what: string, value: string) => {
    if (seen.has(value)) problems.push(`duplicate ${what} '${value}'`);
    seen.add(value);
  };
  plan.definitions.forEach((d) => unique("definition name", d.name));
  plan.definitions.forEach((d) => unique("definition reference id", `ref:${d.referenceId}`));
  plan.assignments.forEach((a) => {
    unique("assignment name", `assignment:${a.name}`);
    unique("assignment key", `key:${a.key}`);
    unique("assignment scope", `scope:${a.scope.toLowerCase()}`);
    if (a.name.length === 0 || a.name.length > ASSIGNMENT_NAME_MAX) problems.push(`assignment name '${a.name}' must have 1–${ASSIGNMENT_NAME_MAX} characters`);
  });
  const definitionNames = new Set(plan.definitions.map((d) => d.name));
  plan.initiative.policyDefinitions.forEach((m) => {
    if (!definitionNames.has(m.definitionName))
      problems.push(`initiative member '${m.policyDefinitionReferenceId}' references unknown definition '${m.definitionName}'`);
  });
  const logical = [...Object.values(names.definitions), names.initiative, ...Object.values(names.assignments)];
  if (new Set(logical).size !== logical.length) problems.push("the resource logical names collide");
  if (plan.definitionScope.kind === ScopeKind.ManagementGroup && !plan.definitionScope.managementGroup)
    problems.push("the management-group definition scope has no management group id");
  if (problems.length > 0) {
    throw new Error(`MlDeploymentGovernance '${componentName}': the rendered governance plan is inconsistent (a renderer bug): ${problems.join("; ")}`);
  }
}

/**
 * Governs which Azure ML / Foundry models may be deployed, as Azure Policy.
 *
 * From one governance config it registers, as children:
 * - one custom policy definition per rule (`authorization.PolicyDefinition`, or
 *   `PolicyDefinitionAtManagementGroup` when the definition scope is a management group);
 * - one initiative grouping them (`PolicySetDefinition` / `PolicySetDefinitionAtManagementGroup`);
 * - one `PolicyAssignment` of the initiative per scope, with an explicit name of at most 24
 *   characters. The model lists travel as assignment parameters, so editing them is an
 *   in-place update; no definition, initiative or assignment is replaced.
 *
 * The config is validated before anything is registered: an invalid config throws a
 * {@link GovernanceConfigError} listing every problem, and no resource (not even this
 * component) is created. Validation warnings are logged.
 *
 * At a subscription definition scope the definitions and the initiative are created in the
 * subscription of the azure-native provider (they have no scope input): configure
 * `azure-native:subscriptionId` (or pass a provider) for the subscription named by the scope.
 *
 * Outputs: `definitionIds`, `initiativeId`, `assignmentIds`, `assignmentNames`,
 * `effectiveConfig` and `policyPackConfig` (the `--policy-pack-config` JSON for the CrossGuard pack),
 * `baseline` (what the governance baseline registered) and `complianceQueries` (`az policy state
 * list` and Resource Graph queries listing non-compliant resources).
 *
 * With any baseline key set, it also registers the baseline (`components/governance-baseline.ts`):
 * custom guardrail definitions, one baseline initiative and one assignment of it per scope (with a
 * system-assigned identity and its role assignments when a member remediates), exemptions, and
 * the deny alert with its action group.
 *
 * With `pulumiCloud` set, it also publishes the policy pack to that Pulumi Cloud organisation
 * (`pulumiservice:index:PolicyPack`) and applies it, with exactly `policyPackConfig`, through a
 * policy group on the listed stacks (or every stack) and an audit group on the listed accounts
 * (`components/pulumi-cloud.ts`). Without it, `@pulumi/pulumiservice` is never loaded.
 */
export class MlDeploymentGovernance extends pulumi.ComponentResource {
  /** Policy definition ids by initiative reference id (the rule id, e.g. `trusted-registries`). */
  public readonly definitionIds: pulumi.Output<Record<string, string>>;
  /** The initiative (policy set definition) id. */
  public readonly initiativeId: pulumi.Output<string>;
  /** Policy assignment ids by canonical scope id. */
  public readonly assignmentIds: pulumi.Output<Record<string, string>>;
  /** Policy assignment names (at most 24 characters) by canonical scope id. */
  public readonly assignmentNames: pulumi.Output<Record<string, string>>;
  /** The validated, normalised config as plain JSON. */
  public readonly effectiveConfig: pulumi.Output<EffectiveGovernanceConfig>;
  /** The matching CrossGuard pack config: the JSON to pass with `--policy-pack-config`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON: schema type pulumi.json#/Any for other languages
  public readonly policyPackConfig: pulumi.Output<{ [key: string]: any }>;
  /** What the governance baseline registered (empty maps without baseline keys). */
  public readonly baseline: pulumi.Output<BaselineOutputs>;
  /** Commands and queries that list the non-compliant resources of every assignment. */
  public readonly complianceQueries: pulumi.Output<ComplianceQueries>;
  /** The Pulumi Cloud enforcement (pack version, groups, stacks, mode), when `pulumiCloud` is set. */
  public readonly pulumiCloud: pulumi.Output<PulumiCloudEnforcement | undefined>;

  /**
   * @param name The component's logical name; it prefixes every child's logical name and is
   *   handed to the renderer for the Azure names.
   * @param args The governance config (plain values).
   * @param opts Component resource options (providers, aliases, transforms, ...).
   * @throws GovernanceConfigError when the config is invalid (nothing is registered).
   */
  constructor(name: string, args: MlDeploymentGovernanceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can fail runs before super(), so a bad config registers nothing at all.
    const prepared = prepareGovernance(name, args);
    const { config, plan, baselinePlan } = prepared;
    const cloudPlan = config.pulumiCloud ? planPulumiCloud(name, config.pulumiCloud) : undefined;

    super(ML_DEPLOYMENT_GOVERNANCE_TYPE, name, {}, opts);

    for (const warning of prepared.warnings) void pulumi.log.warn(warningText(warning), this);
    const providerWarning = providerSubscriptionWarning(config, opts);
    if (providerWarning) void pulumi.log.warn(providerWarning, this);
    const monitoringWarning = monitoringSubscriptionWarning(config, opts);
    if (monitoringWarning) void pulumi.log.warn(monitoringWarning, this);

    const definitionScope = plan.definitionScope.kind === ScopeKind.ManagementGroup ? { managementGroupId: plan.definitionScope.managementGroup ?? "" } : {};
    const governance = registerModelGovernance(plan, prepared.names, definitionScope, { parent: this });

    // The governance baseline (guardrails, registry built-ins, exemptions, identities, alert), opt-in.
    const baseline = baselinePlan
      ? registerBaseline(this, name, baselinePlan, {
          governanceAssignments: governance.assignments,
          atManagementGroup: definitionScope.managementGroupId !== undefined,
          managementGroupId: definitionScope.managementGroupId ?? "",
        })
      : pulumi.output(emptyBaselineOutputs());

    // The same pack config in every organisation preview, via Pulumi Cloud policy groups, opt-in.
    if (cloudPlan && config.pulumiCloud) registerPulumiCloud(this, name, cloudPlan, config.pulumiCloud, prepared.packConfig);

    this.definitionIds = pulumi.output(governance.definitionIds);
    this.initiativeId = governance.initiativeId;
    this.assignmentIds = pulumi.output(governance.assignmentIds);
    this.assignmentNames = pulumi.output(governance.assignmentNames);
    this.effectiveConfig = pulumi.output(effectiveConfigJson(config));
    this.policyPackConfig = pulumi.output(prepared.packConfig);
    this.baseline = baseline;
    this.complianceQueries = pulumi.output(prepared.queries);
    this.pulumiCloud = pulumi.output(cloudPlan ? enforcementOf(cloudPlan) : undefined);

    this.registerOutputs({
      definitionIds: this.definitionIds,
      initiativeId: this.initiativeId,
      assignmentIds: this.assignmentIds,
      assignmentNames: this.assignmentNames,
      effectiveConfig: this.effectiveConfig,
      policyPackConfig: this.policyPackConfig,
      baseline: this.baseline,
      complianceQueries: this.complianceQueries,
      pulumiCloud: this.pulumiCloud,
    });
  }
}

/** Everything the component computes before it registers anything. */
interface PreparedGovernance {
  config: EffectiveConfig;
  warnings: ConfigIssue[];
  plan: GovernancePlan;
  names: GovernanceResourceNames;
  baselinePlan: BaselinePlan | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON, as the output
  packConfig: { [key: string]: any };
  queries: ComplianceQueries;
}

/**
 * Validates the args, renders both plans and checks them against the component's contract.
 * @throws GovernanceConfigError (every problem) for an invalid config; Error for an inconsistent plan
 */
function prepareGovernance(name: string, args: MlDeploymentGovernanceArgs): PreparedGovernance {
  const validation = validateGovernanceConfig(args);
  if (!validation.ok) {
    const error = new GovernanceConfigError(validation.errors, `MlDeploymentGovernance '${name}' args`);
    // Reported like a pulumi.RunError: the engine prints the message (every problem) without a stack trace.
    Object.defineProperty(error, "__pulumiRunError", { value: true });
    throw error;
  }
  const config = validation.config;
  const plan = renderGovernancePlan(name, config);
  const packConfig = { ...policyPackConfigFor(config, config.enforcementMode), ...guardrailPackConfig(config.baseline, config.enforcementMode) };
  const names = governanceResourceNames(name, plan);
  checkPlan(name, plan, names);
  const baselinePlan = renderBaselinePlan(name, config);
  if (baselinePlan) {
    const governanceLogical = [...Object.values(names.definitions), names.initiative, ...Object.values(names.assignments)];
    checkBaselinePlan(
      name,
      baselinePlan,
      baselineResourceNames(name, baselinePlan),
      governanceLogical,
      plan.assignments.map((a) => a.scope),
    );
  }
  const queries = complianceQueries(plan, baselinePlan, config.scopes);
  return { config, warnings: validation.warnings, plan, names, baselinePlan, packConfig, queries };
}

/** The model governance resources as registered: ids by rule and by scope. */
interface RegisteredGovernance {
  /** Definition ids by reference id (the rule id). */
  definitionIds: Record<string, pulumi.Output<string>>;
  initiativeId: pulumi.Output<string>;
  assignmentIds: Record<string, pulumi.Output<string>>;
  assignmentNames: Record<string, string>;
  /** The assignments by scope (baseline exemptions may target them). */
  assignments: Record<string, authorization.PolicyAssignment>;
}

/** Registers the definitions (one per rule), the initiative and one assignment per scope. */
function registerModelGovernance(
  plan: GovernancePlan,
  names: GovernanceResourceNames,
  definitionScope: { managementGroupId?: string },
  childOpts: pulumi.CustomResourceOptions,
): RegisteredGovernance {
  // Definitions, one per rule.
  const idsByName = new Map<string, pulumi.Output<string>>(); // body name → id
  const definitionIds: Record<string, pulumi.Output<string>> = {};
  for (const body of plan.definitions) {
    const resource = registerPolicyDefinition(names.definitions[body.referenceId], body, definitionScope, childOpts);
    idsByName.set(body.name, resource.id);
    definitionIds[body.referenceId] = resource.id;
  }

  // The initiative, referencing each definition's id output.
  const members = plan.initiative.policyDefinitions.map((member) => ({
    policyDefinitionId: idsByName.get(member.definitionName) as pulumi.Output<string>,
    policyDefinitionReferenceId: member.policyDefinitionReferenceId,
    parameters: member.parameters,
  }));
  const initiative = registerPolicySetDefinition(names.initiative, plan.initiative, members, definitionScope, childOpts);

  // One assignment per scope.
  const out: RegisteredGovernance = { definitionIds, initiativeId: initiative.id, assignmentIds: {}, assignmentNames: {}, assignments: {} };
  for (const body of plan.assignments) {
    const assignment = new authorization.PolicyAssignment(
      names.assignments[body.scope],
      { ...assignmentArgs(body, initiative.id), parameters: body.parameters },
      childOpts,
    );
    out.assignmentIds[body.scope] = assignment.id;
    out.assignmentNames[body.scope] = body.name;
    out.assignments[body.scope] = assignment;
  }
  return out;
}

function warningText(issue: ConfigIssue): string {
  return `governance config: ${formatIssues([issue]).trim().replace(/^- /, "")}`;
}

/**
 * Definitions at a subscription scope land in the provider's subscription. When the default
 * provider is configured for another subscription, the assignments would reference an
 * initiative Azure cannot use there: say so (a warning, since an explicit provider may be in play).
 */
function providerSubscriptionWarning(config: EffectiveConfig, opts: pulumi.ComponentResourceOptions | undefined): string | undefined {
  if (config.definitionScope.kind !== ScopeKind.Subscription) return undefined;
  if (opts?.provider !== undefined || opts?.providers !== undefined || opts?.parent !== undefined) return undefined;
  const configured = new pulumi.Config("azure-native").get("subscriptionId");
  if (configured === undefined || configured.toLowerCase() === config.definitionScope.subscriptionId) return undefined;
  return (
    `definitionScope is ${config.definitionScope.id}, but azure-native:subscriptionId is '${configured}': ` +
    "subscription-level definitions and the initiative are created in the provider's subscription. " +
    "Set azure-native:subscriptionId to the definition scope's subscription or pass a provider for it."
  );
}

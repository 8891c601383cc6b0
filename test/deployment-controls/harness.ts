/**
 * The deployment-control differential: one deployment, three deciders, and the SET of rules each
 * denies must be equal (stricter than "same first rule").
 *
 * 1. Core: `decideControls` on the ARM resource root.
 * 2. Azure Policy: the control definitions of the rendered plan, evaluated offline with the
 *    assignment values passed through the initiative as Azure passes them, aliases type-scoped
 *    (an alias of another type denotes nothing). A definition that matches or fails denies.
 * 3. Pack: the served policies (`@pulumi/policy`'s Analyze path, in process), configured with the
 *    component's `policyPackConfig`, on the Pulumi resource in one of its token forms.
 */
import { EffectiveConfig, validateGovernanceConfig } from "../../core/config/validate";
import { CONTROL_RULES, ControlRule, EnforcementMode } from "../../core/enums";
import { MODEL_POLICY_NAME, policyPackConfigFor } from "../../core/pack-config";
import { controlAliasTable, ControlSurface, decideControls } from "../../core/deployment-controls";
import { renderGovernancePlan } from "../../azure-policy/render";
import { PolicyDefinitionBody } from "../../azure-policy/plan";
import { AliasResolver, ArmResource, PolicyEvaluationError, resolveTemplateValue, validatePolicyRule } from "../../azure-policy/evaluator";
import { ConditionEvaluator } from "../../azure-policy/evaluator/conditions";
import { parameterLookup, resolveParameters } from "../../azure-policy/evaluator/parameters";
import { packPolicies } from "../../crossguard";
import { inProcessAnalyzer, InProcessAnalyzer } from "../crossguard/in-process-analyzer";

export const TEST_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

/** Validates a governance config with the test scope; throws with every problem. */
export function controlsConfig(rules: Record<string, unknown>): EffectiveConfig {
  const r = validateGovernanceConfig({ scope: TEST_SCOPE, allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"], ...rules });
  if (!r.ok) throw new Error(`invalid test config ${JSON.stringify(rules)}: ${JSON.stringify(r.errors)}`);
  return r.config;
}

/** The sorted rules a decider denies. */
export type Denied = ControlRule[];
const sorted = (rules: Iterable<ControlRule>): Denied => [...new Set(rules)].sort();

/** Core leg. */
export function coreDenied(config: EffectiveConfig, surface: ControlSurface, root: unknown): Denied {
  if (!config.deploymentControls) return [];
  const r = decideControls(config.deploymentControls, surface, root);
  return r.applies ? sorted(r.decisions.filter((d) => !d.allowed).map((d) => d.rule)) : [];
}

const NO_SUCH_PROPERTY = "__aliasOfAnotherResourceType__";
/** Type-scoped resolver over the controls' alias table (Azure: an alias belongs to its resource type). */
export function controlAliasResolver(resourceType: string): AliasResolver {
  const table = controlAliasTable();
  return (alias) => {
    const path = table.get(alias.toLowerCase());
    if (path === undefined) return undefined;
    return alias.slice(0, alias.lastIndexOf("/")).toLowerCase() === resourceType.toLowerCase() ? path : NO_SUCH_PROPERTY;
  };
}

interface Prepared {
  rule: ControlRule;
  body: PolicyDefinitionBody;
  parameter: (name: string) => unknown;
}

/** Azure leg: the rendered control definitions with their parameters resolved through the initiative. */
export class RenderedControls {
  readonly definitions: Prepared[];
  /** `mutate` may rewrite the rendered definitions (mutation tests: the differential must notice). */
  constructor(config: EffectiveConfig, mutate: (body: PolicyDefinitionBody) => PolicyDefinitionBody = (b) => b) {
    const rendered = renderGovernancePlan("controls", config);
    const plan = { ...rendered, definitions: rendered.definitions.map(mutate) };
    const assignment = plan.assignments[0];
    if (!assignment || assignment.enforcementMode !== EnforcementMode.Default) throw new Error("expected one enforced assignment");
    const assigned = Object.fromEntries(Object.entries(assignment.parameters).map(([k, v]) => [k, v.value]));
    const initiative = parameterLookup(resolveParameters(plan.initiative.parameters, assigned));
    this.definitions = plan.definitions
      .filter((d) => (CONTROL_RULES as readonly string[]).includes(d.referenceId))
      .map((body) => {
        validatePolicyRule(body.policyRule);
        const member = plan.initiative.policyDefinitions.find((m) => m.definitionName === body.name);
        if (!member) throw new Error(`definition ${body.name} is not in the initiative`);
        const forwarded = Object.fromEntries(Object.entries(member.parameters).map(([k, v]) => [k, resolveTemplateValue(v.value, { parameter: initiative })]));
        const parameter = parameterLookup(resolveParameters(body.parameters, forwarded));
        if (resolveTemplateValue(body.policyRule.then.effect, { parameter }) !== "Deny") throw new Error(`${body.name}: effect is not Deny`);
        return { rule: body.referenceId as ControlRule, body, parameter };
      });
  }

  /** The rules whose definition matches or fails (Azure's implicit deny) on one ARM resource. */
  denied(resource: ArmResource): { denied: Denied; errors: string[] } {
    const aliases = controlAliasResolver(resource.type);
    const hit: ControlRule[] = [];
    const errors: string[] = [];
    for (const d of this.definitions) {
      try {
        if (new ConditionEvaluator({ resource, aliases, parameter: d.parameter }).evaluate(d.body.policyRule.if)) hit.push(d.rule);
      } catch (e) {
        if (!(e instanceof PolicyEvaluationError)) throw e;
        hit.push(d.rule);
        errors.push(`${d.rule}: ${e.message}`);
      }
    }
    return { denied: sorted(hit), errors };
  }
}

/** The control rule ids a pack message names (`… [rule]: reason`). */
export function controlRulesOfMessage(message: string): ControlRule[] {
  return CONTROL_RULES.filter((r) => message.includes(`[${r}]: `));
}

/** Pack leg. */
export class ControlsPack {
  private readonly analyzer: InProcessAnalyzer = inProcessAnalyzer(packPolicies);

  async configure(config: EffectiveConfig): Promise<void> {
    const { enforcementLevel: _l, ...properties } = policyPackConfigFor(config, config.enforcementMode)[MODEL_POLICY_NAME];
    await this.analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties } });
  }

  /** The control rules of the mandatory violations, and every message (for reports). */
  async denied(type: string, inputs: Record<string, unknown>): Promise<{ denied: Denied; messages: string[] }> {
    const result = await this.analyzer.analyze({ type, properties: inputs });
    const ours = result.diagnostics.filter((d) => d.policyName === MODEL_POLICY_NAME && d.enforcementLevel === "mandatory");
    return { denied: sorted(ours.flatMap((d) => controlRulesOfMessage(d.message))), messages: ours.map((d) => d.message) };
  }
}

export const same = (a: Denied, b: Denied): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

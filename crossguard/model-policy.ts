/**
 * The CrossGuard resource policy `azure-ml-model-governance`: every Azure ML / Foundry deployment
 * surface in a Pulumi program is decided with the rules core, exactly as the Azure Policy
 * definitions and the CLI decide it.
 *
 * - Matches type tokens, not classes: no `@pulumi/azure-native` import, and every token form
 *   (`azure-native:m:R`, v2 `azure-native:m/v2024…:R`, v3 local packages
 *   `azure-native_m_v2024…:m/v2024…:R`) through the core's {@link surfaceForToken}.
 * - Reads v3 (`properties`) and v2 (`<resource>Properties`) inputs through the core's
 *   `armPropertiesCandidates` (both when both are given: every denial is reported).
 * - ARM template deployments (`resources:Deployment`, `DeploymentAt*`, `DeploymentStackAt*`) and
 *   the generic `resources:Resource` are checked through `core/arm-template.ts`.
 * - Any other resource is not applicable after one cached map lookup.
 * - Values unknown during preview are left to the SDK (advisory "can't run policy … during
 *   preview"); the message is extended to say the model id will be checked again at `pulumi up`.
 *
 * Only type imports from `@pulumi/policy`: the pack's own copy of the SDK serves these objects.
 */
import type { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { Effect } from "../core/enums";
import { formatIssues, GovernanceConfigError } from "../core/config/issues";
import { policyPackConfigSchema } from "../core/config/schema";
import { MODEL_POLICY_NAME, PackRules, resolvePackRules } from "../core/pack-config";
import { checkedAtUpNote, Evaluation, evaluate, findingMessage, targetOf } from "../core/resource-findings";
import { DEFAULT_ENFORCEMENT_LEVEL, notApplicableWithoutStack, PackRulesCache, reportLevelForEffect } from "./enforcement";

export { MODEL_POLICY_NAME };

/** The policy's description: the first line of every violation message. */
export const MODEL_POLICY_DESCRIPTION =
  "Azure ML and Foundry model deployments may only use models the platform's governance rules allow (trusted registries, blocked and approved models, workspace models).";

/** Reason given for resources the policy does not govern. */
export const NOT_AN_ML_DEPLOYMENT = "Not an Azure ML model deployment or ARM template deployment";

/** Options for {@link createModelGovernancePolicy}. */
export interface ModelGovernancePolicyOptions {
  /** Policy name, and the key of its entry in `--policy-pack-config`. Default {@link MODEL_POLICY_NAME}. */
  name?: string;
  /**
   * The level used when the config sets none, and the ceiling for `effect` (see enforcement.ts).
   * Default `mandatory`.
   */
  enforcementLevel?: EnforcementLevel;
  /**
   * Rule config given in code (the pack config's rule keys: `allowedRegistries`, `effect`, ...),
   * for organisations that compose the policy into a pack of their own. Validated now (throws a
   * `GovernanceConfigError` listing every problem); the policy then declares no `configSchema` and
   * ignores config properties from `--policy-pack-config` (an `enforcementLevel` there still applies).
   */
  config?: unknown;
}

/** The SDK's `UnknownValueError` (JS-only export; recognised by shape, not imported). */
function isUnknownValueError(e: unknown): e is Error {
  return e instanceof Error && e.constructor.name === "UnknownValueError" && Array.isArray((e as { props?: unknown }).props);
}

// ---------------------------------------------------------------------------------------------
// The policy

/** Creates the model governance policy (see module docs). */
export function createModelGovernancePolicy(options: ModelGovernancePolicyOptions = {}): ResourceValidationPolicy {
  const name = options.name ?? MODEL_POLICY_NAME;
  let fixed: PackRules | undefined;
  if (options.config !== undefined) {
    fixed = resolvePackRules(options.config);
    if (!fixed.ok) throw new GovernanceConfigError(fixed.errors, `config of policy '${name}'`);
  }
  const cache = new PackRulesCache();

  const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const target = targetOf(args.type);
    if (!target) return notApplicableWithoutStack(args, NOT_AN_ML_DEPLOYMENT);

    const rules = fixed ?? cache.get(args.getConfig());
    const report = reportViolation as unknown as (v: { message: string; enforcementLevel?: EnforcementLevel }) => void;
    if (!rules.ok) {
      // Fail closed: mandatory whatever the effect or the configured level (only `disabled` skips the policy).
      report({
        message: `${MODEL_POLICY_DESCRIPTION}\nThe config of policy '${name}' is invalid, so every Azure ML deployment is denied until it is fixed (${rules.errors.length} problem${rules.errors.length === 1 ? "" : "s"}):\n${formatIssues(rules.errors)}`,
        enforcementLevel: "mandatory",
      });
      return;
    }
    if (rules.rules.effect === Effect.Disabled) return notApplicableWithoutStack(args, `effect is ${Effect.Disabled} in the config of policy '${name}'`);

    let evaluation: Evaluation;
    try {
      evaluation = evaluate(target, args.props, rules.compiled);
    } catch (e) {
      // Only the SDK's unknown-value signal is touched: its message gains the `pulumi up` note and
      // it is rethrown, so the SDK still reports it (as advisory). Everything else propagates as is.
      if (isUnknownValueError(e)) e.message = `${e.message}. ${checkedAtUpNote(target)}`;
      throw e;
    }
    if ("notApplicable" in evaluation) return notApplicableWithoutStack(args, evaluation.notApplicable);
    const enforcementLevel = reportLevelForEffect(rules.rules.effect);
    for (const f of evaluation.findings) {
      // A warning (a deployment script in a template) is advisory whatever the effect: it never blocks.
      if (f.warning) report({ message: `${MODEL_POLICY_DESCRIPTION}\n${findingMessage(f)}`, enforcementLevel: "advisory" });
      if (f.decision.allowed) continue;
      const message = `${MODEL_POLICY_DESCRIPTION}\n${findingMessage(f)}`;
      report(enforcementLevel === undefined ? { message } : { message, enforcementLevel });
    }
  };

  const policy: ResourceValidationPolicy = {
    name,
    description: MODEL_POLICY_DESCRIPTION,
    enforcementLevel: options.enforcementLevel ?? DEFAULT_ENFORCEMENT_LEVEL,
    severity: "high",
    validateResource,
  };
  if (!fixed) policy.configSchema = policyPackConfigSchema;
  return policy;
}

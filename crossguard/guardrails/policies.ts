/**
 * The guardrail preflight policies: one CrossGuard resource policy per guardrail that resource
 * inputs can show, named `azure-ml-guardrail-<key>`, each configured by `{ "effect": "Deny" |
 * "Audit" | "Disabled" }` (default Disabled, so a pack that includes them changes nothing until
 * the platform's `policyPackConfig` turns them on).
 *
 * Same conventions as the model policy (`crossguard/model-policy.ts`):
 * - type tokens, not classes (no `@pulumi/azure-native` import): every token form through the
 *   core's token pattern; v3 and v2 input names through the core's readers;
 * - the same effect → enforcement mapping (`reportLevelForEffect`: Deny → mandatory, Audit →
 *   advisory, Disabled → not applicable; an explicit lower level in the config wins);
 * - values unknown during preview are left to the SDK (advisory "can't run policy … during
 *   preview"), with a note that Azure Policy checks the value at `pulumi up`.
 *
 * Only type imports from `@pulumi/policy`: the pack's own SDK serves these objects.
 */
import type { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { Effect } from "../../core/enums";
import {
  guardrailDefinition,
  guardrailPolicyConfigSchema,
  guardrailPolicyName,
  PREFLIGHT_CHECKS,
  PreflightCheck,
  preflightCheck,
  preflightResourceForToken,
  resolveGuardrailPackConfig,
} from "../../core/guardrails";
import { notApplicableWithoutStack, reportLevelForEffect } from "../enforcement";

/** Guardrail preflights are off until a config entry gives them a level (see {@link GuardrailPolicyOptions}). */
export const GUARDRAIL_DEFAULT_ENFORCEMENT_LEVEL: EnforcementLevel = "disabled";

/** The first line of every violation of a guardrail policy. */
export function guardrailPolicyDescription(check: PreflightCheck): string {
  const def = guardrailDefinition(check.key);
  const what = def?.kind === "builtin" ? `Azure Policy built-in ${def.guid}` : "the platform's custom Azure Policy definition";
  return `Azure ML guardrail '${check.key}': ${def?.displayName ?? check.title} (checked before deployment, as ${what} decides it).`;
}

/** Options of {@link createGuardrailPolicy}. */
export interface GuardrailPolicyOptions {
  /**
   * The level used when the config sets none, and the ceiling for `effect`. Default `disabled`:
   * the SDK then skips the policy without even deserialising resources, so an unused guardrail
   * costs nothing per resource. A config entry turns it on with an explicit level (the
   * component's `policyPackConfig` writes `enforcementLevel: mandatory` or `advisory`).
   */
  enforcementLevel?: EnforcementLevel;
  /**
   * Config given in code (`{ effect }`), for packs composed in code; the policy then declares no
   * `configSchema` and ignores config properties from `--policy-pack-config`.
   */
  config?: unknown;
}

/** The SDK's `UnknownValueError` (JS-only export; recognised by shape, not imported). */
function isUnknownValueError(e: unknown): e is Error {
  return e instanceof Error && e.constructor.name === "UnknownValueError" && Array.isArray((e as { props?: unknown }).props);
}

/** Creates the preflight policy of one guardrail key. */
export function createGuardrailPolicy(key: string, options: GuardrailPolicyOptions = {}): ResourceValidationPolicy {
  const check = preflightCheck(key);
  if (!check) throw new Error(`guardrail '${key}' has no preflight check (resource inputs cannot show it)`);
  const name = guardrailPolicyName(key);
  const description = guardrailPolicyDescription(check);
  let fixed: ReturnType<typeof resolveGuardrailPackConfig> | undefined;
  if (options.config !== undefined) {
    fixed = resolveGuardrailPackConfig(options.config);
    if (!fixed.ok) throw new Error(`config of policy '${name}' is invalid: ${fixed.problems.join("; ")}`);
  }
  const notApplicable = `Not an azure-native ${check.resource.module} ${check.resource.resource}`;

  const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const resource = preflightResourceForToken(args.type);
    if (resource !== check.resource) notApplicableWithoutStack(args, notApplicable);
    // Typed as returning never, but a test double might not throw.
    if (resource !== check.resource) return;

    const config = fixed ?? resolveGuardrailPackConfig(args.getConfig());
    const report = reportViolation as unknown as (v: { message: string; enforcementLevel?: EnforcementLevel }) => void;
    if (!config.ok) {
      report({
        message: `${description}\nThe config of policy '${name}' is invalid, so this guardrail fails until it is fixed: ${config.problems.join("; ")}`,
      });
      return;
    }
    if (config.effect === Effect.Disabled) {
      notApplicableWithoutStack(args, `effect is ${Effect.Disabled} in the config of policy '${name}'`);
      return;
    }
    let result;
    try {
      result = check.check(args.props);
    } catch (e) {
      if (isUnknownValueError(e)) e.message = `${e.message}. Azure Policy checks the ${check.title} at \`pulumi up\`, once the value is known.`;
      throw e;
    }
    if (!result.applies) {
      notApplicableWithoutStack(args, `${check.title}: ${result.reason}`);
      return;
    }
    if (result.compliant) return;
    const level = reportLevelForEffect(config.effect);
    const message = `${description}\n${check.title} (${result.field}) [${check.key}]: ${result.reason}. Fix: ${result.fix}.`;
    report(level === undefined ? { message } : { message, enforcementLevel: level });
  };

  const policy: ResourceValidationPolicy = {
    name,
    description,
    enforcementLevel: options.enforcementLevel ?? GUARDRAIL_DEFAULT_ENFORCEMENT_LEVEL,
    severity: "medium",
    validateResource,
  };
  if (!fixed) policy.configSchema = guardrailPolicyConfigSchema;
  return policy;
}

/** Every guardrail key with a preflight policy. */
export const GUARDRAIL_PREFLIGHT_KEYS: readonly string[] = PREFLIGHT_CHECKS.map((c) => c.key);

/** Every guardrail preflight policy, configured from `--policy-pack-config` (or Pulumi Cloud). */
export function createGuardrailPolicies(options: Omit<GuardrailPolicyOptions, "config"> = {}): ResourceValidationPolicy[] {
  return GUARDRAIL_PREFLIGHT_KEYS.map((key) => createGuardrailPolicy(key, options));
}

/** The guardrail preflight policies with default options: add them to the pack's `policies`. */
export const guardrailPolicies: ResourceValidationPolicy[] = createGuardrailPolicies();

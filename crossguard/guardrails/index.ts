/**
 * The guardrail preflight policies (`azure-ml-guardrail-<key>`). Add them to a pack with
 * `policies: [...policies, ...guardrailPolicies]`; each is configured by `{ "effect": ... }` in
 * `--policy-pack-config`, which the component's `policyPackConfig` output fills in.
 */
export {
  createGuardrailPolicies,
  createGuardrailPolicy,
  GUARDRAIL_PREFLIGHT_KEYS,
  GuardrailPolicyOptions,
  guardrailPolicies,
  guardrailPolicyDescription,
} from "./policies";
export { GUARDRAIL_POLICY_PREFIX, guardrailPolicyConfigSchema, guardrailPolicyName } from "../../core/guardrails";

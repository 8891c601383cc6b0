/**
 * The CrossGuard policies of `azure-ml-governance` (`azure-ml-governance/crossguard`).
 *
 * The servable pack (`policypack/`) is just `new PolicyPack(PACK_NAME, { policies, ... })` over
 * these. An organisation can compose them into a pack of its own:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { createPolicies } from "azure-ml-governance/crossguard";
 *
 * new PolicyPack("acme-platform", {
 *   policies: [
 *     ...createPolicies(),                 // configured by --policy-pack-config / Pulumi Cloud
 *     // or: ...createPolicies({ config: { allowedRegistries: ["azureml"], effect: "Deny" } }),
 *     ...acmePolicies,
 *   ],
 * });
 * ```
 *
 * Importing this module never starts a server (only `new PolicyPack` does) and loads no
 * `@pulumi/*` code at run time: the importing pack's own `@pulumi/policy` serves the policies.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { createModelGovernancePolicy, ModelGovernancePolicyOptions } from "./model-policy";
import { guardrailPolicies } from "./guardrails/policies";

// This list is the public API of the subpath (CHANGELOG.md, "Public API"); every other module in
// crossguard/ is internal. test/architecture/public-api.test.ts pins it.
export type { ModelGovernancePolicyOptions } from "./model-policy";
export { createModelGovernancePolicy, MODEL_POLICY_DESCRIPTION, MODEL_POLICY_NAME } from "./model-policy";
export type { GuardrailPolicyOptions } from "./guardrails/policies";
export { createGuardrailPolicies, createGuardrailPolicy, guardrailPolicies } from "./guardrails/policies";
export { GUARDRAIL_POLICY_PREFIX, guardrailPolicyName } from "../core/guardrails/preflight";

/** The pack's name (`new PolicyPack(PACK_NAME, …)`); defined in the core, which the component also reads. */
export { PACK_NAME } from "../core/pack-config";

/** The pack's description. */
export const PACK_DESCRIPTION =
  "Azure ML / Foundry model governance: every model deployment in a preview is decided with the same rules as the platform's Azure Policy (trusted registries, blocked and approved models).";

/**
 * The model policy with the given options, for composing into a pack of your own. The guardrail
 * preflight policies come separately (`guardrailPolicies`, `createGuardrailPolicies`).
 */
export function createPolicies(options: ModelGovernancePolicyOptions = {}): ResourceValidationPolicy[] {
  return [createModelGovernancePolicy(options)];
}

/** The model governance policy with default options. */
export const modelGovernancePolicy: ResourceValidationPolicy = createModelGovernancePolicy();

/** The model policy, as a list to spread into a pack. */
export const policies: ResourceValidationPolicy[] = [modelGovernancePolicy];

/**
 * Everything `policypack/` serves: the model policy and the guardrail preflights, which stay
 * disabled until the config turns them on (`{ "effect": ... }`).
 */
export const packPolicies: ResourceValidationPolicy[] = [...policies, ...guardrailPolicies];

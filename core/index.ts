/**
 * `azure-ml-governance/core`: the rules core without Pulumi. Validate a governance config, decide
 * model ids and ARM templates, and produce the CrossGuard pack config, with exactly the code the
 * component, the policy pack and the CLI use; importing it loads no `@pulumi/*` package.
 *
 * This list is the public API of the subpath (CHANGELOG.md, "Public API"); every other module in
 * `core/` is internal. test/architecture/public-api.test.ts pins it, so a change here is deliberate.
 *
 * @packageDocumentation
 */

// The values a config takes, and the rule ids decisions and findings carry.
export { DENY_RULES, Effect, EnforcementMode, ModelSource, Rule, WorkspaceModels } from "./enums";
export { ExemptionCategory, GuardrailEffect } from "./guardrails/types";

// The governance config: its types, its JSON Schema, validation.
export type { EffectiveConfig, ValidationOptions } from "./config/validate";
export type { ExemptionConfig, GovernanceConfig, GuardrailsConfig, MonitoringConfig, RegistryBuiltinsConfig } from "./config/config-types.generated";
export type { EffectiveRules } from "./config/effective-rules";
export type { ConfigIssue, ValidationResult } from "./config/issues";
export { formatIssues, GovernanceConfigError } from "./config/issues";
export { governanceConfigSchema, policyPackConfigSchema } from "./config/schema";
export { validateGovernanceConfig, validateRuleConfig } from "./config/validate";
export { governanceConfigFromStackValues } from "./config/stack-config";
export type { EffectiveGovernanceConfig } from "./config/effective-config";
export { effectiveConfigJson } from "./config/effective-config";

// Decisions: a model reference, parsed and decided in the fixed rule order.
export type { ModelRef, ParseResult } from "./model-id";
export { parseModelId } from "./model-id";
export type { CompiledRules, Decision, ModelReferenceInput } from "./decision";
export { compileRules, decide, decideModelId } from "./decision";
export type { TemplateResult } from "./arm-template";
export { checkArmDeployment, checkArmTemplate } from "./arm-template";

// The CrossGuard pack config that matches a governance config.
export type { ModelPolicyConfig } from "./pack-config";
export { MODEL_POLICY_NAME, policyPackConfigFor } from "./pack-config";

/**
 * `azure-ml-governance`: decide which Azure ML / Foundry models may be deployed, and enforce it as
 * Azure Policy (the `MlDeploymentGovernance` component) and in a CrossGuard pack.
 *
 * This is the package entry (`main: dist/lib.js`). The Pulumi multi-language host discovers the
 * component from these exports, so `MlDeploymentGovernance` must stay exported here.
 *
 * The names below are the public API of the package root (CHANGELOG.md, "Public API"): the
 * component, the rules core of `azure-ml-governance/core`, and the Azure Policy renderer. Every
 * other module is internal. test/architecture/public-api.test.ts pins the list, so a change here is
 * deliberate.
 *
 * @packageDocumentation
 */

// The Pulumi component and its outputs.
export type { MlDeploymentGovernanceArgs } from "./components/ml-deployment-governance";
export { ML_DEPLOYMENT_GOVERNANCE_TYPE, MlDeploymentGovernance } from "./components/ml-deployment-governance";
export type { BaselineOutputs } from "./components/governance-baseline";
export type { ComplianceQueries } from "./azure-policy/guardrails/queries";

// The Azure Policy renderer: governance config → definitions, initiative, assignments (plain JSON).
export type { GovernancePlan } from "./azure-policy/plan";
export { renderGovernancePlan } from "./azure-policy/render";

// The rules core (also `azure-ml-governance/core`, which loads no Pulumi package).
export {
  checkArmDeployment,
  checkArmTemplate,
  compileRules,
  decide,
  decideModelId,
  DENY_RULES,
  Effect,
  effectiveConfigJson,
  EnforcementMode,
  ExemptionCategory,
  formatIssues,
  governanceConfigFromStackValues,
  GovernanceConfigError,
  governanceConfigSchema,
  GuardrailEffect,
  MODEL_POLICY_NAME,
  ModelSource,
  parseModelId,
  policyPackConfigFor,
  policyPackConfigSchema,
  Rule,
  validateGovernanceConfig,
  validateRuleConfig,
  WorkspaceModels,
} from "./core";
export type {
  CompiledRules,
  ConfigIssue,
  Decision,
  EffectiveConfig,
  EffectiveGovernanceConfig,
  EffectiveRules,
  ExemptionConfig,
  GovernanceConfig,
  GuardrailsConfig,
  ModelPolicyConfig,
  ModelRef,
  ModelReferenceInput,
  MonitoringConfig,
  ParseResult,
  RegistryBuiltinsConfig,
  TemplateResult,
  ValidationOptions,
  ValidationResult,
} from "./core";

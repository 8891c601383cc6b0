/**
 * `azure-ml-governance`: decide which Azure ML / Foundry models may be deployed, and enforce it as
 * Azure Policy (the `MlDeploymentGovernance` component) and in a CrossGuard pack.
 *
 * This is the package entry (`main: dist/lib.js`). The Pulumi multi-language host discovers the
 * component from these exports, so `MlDeploymentGovernance` must stay exported here.
 *
 * @packageDocumentation
 */
/** The rules core: model ids, config validation, decisions, scopes, the pack config. */
export * from "./core";
/** The Azure Policy renderer: governance config → definitions, initiative, assignments (plain JSON). */
export * from "./azure-policy";
/** The Pulumi component. */
export {
  MlDeploymentGovernance,
  MlDeploymentGovernanceArgs,
  EffectiveGovernanceConfig,
  GovernanceResourceNames,
  ML_DEPLOYMENT_GOVERNANCE_TYPE,
  effectiveConfigJson,
  governanceResourceNames,
} from "./components/ml-deployment-governance";

/**
 * A built-in stack program for `render --config FILE`: builds one MlDeploymentGovernance from the
 * config object passed as the `azure-ml-governance:governance` config value.
 */
import * as pulumi from "@pulumi/pulumi";
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "../../components/ml-deployment-governance";

const config = new pulumi.Config("azure-ml-governance");
const name = config.get("componentName") ?? "ml-governance";
const governance = new MlDeploymentGovernance(name, config.requireObject<MlDeploymentGovernanceArgs>("governance"));

export const initiativeId = governance.initiativeId;
export const assignmentIds = governance.assignmentIds;
export const policyPackConfig = governance.policyPackConfig;
export const effectiveConfig = governance.effectiveConfig;

/** Registers rendered custom policy definitions and initiatives, at a subscription or a management group. */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { InitiativeBody, PolicyDefinitionBody } from "../azure-policy/plan";

/** Where definitions live: the provider's subscription, or this management group. */
export interface DefinitionHome {
  managementGroupId?: string;
}

/** The definition resource for `body`; its `id` is what initiatives reference. */
export function registerPolicyDefinition(
  logicalName: string,
  body: Pick<PolicyDefinitionBody, "name" | "displayName" | "description" | "mode" | "metadata" | "parameters" | "policyRule">,
  home: DefinitionHome,
  opts: pulumi.CustomResourceOptions,
): authorization.PolicyDefinition | authorization.PolicyDefinitionAtManagementGroup {
  const common = {
    policyDefinitionName: body.name,
    displayName: body.displayName,
    description: body.description,
    mode: body.mode,
    metadata: body.metadata,
    parameters: body.parameters,
    policyRule: body.policyRule,
    policyType: "Custom",
  };
  return home.managementGroupId !== undefined
    ? new authorization.PolicyDefinitionAtManagementGroup(logicalName, { ...common, managementGroupId: home.managementGroupId }, opts)
    : new authorization.PolicyDefinition(logicalName, common, opts);
}

/** The initiative resource for `body` over `policyDefinitions` (members whose ids are resource outputs or built-in ids). */
export function registerPolicySetDefinition(
  logicalName: string,
  body: Pick<InitiativeBody, "name" | "displayName" | "description" | "metadata"> & Partial<Pick<InitiativeBody, "parameters">>,
  policyDefinitions: authorization.PolicySetDefinitionArgs["policyDefinitions"],
  home: DefinitionHome,
  opts: pulumi.CustomResourceOptions,
): authorization.PolicySetDefinition | authorization.PolicySetDefinitionAtManagementGroup {
  const common = {
    policySetDefinitionName: body.name,
    displayName: body.displayName,
    description: body.description,
    metadata: body.metadata,
    ...(body.parameters !== undefined ? { parameters: body.parameters } : {}),
    policyType: "Custom",
    policyDefinitions,
  };
  return home.managementGroupId !== undefined
    ? new authorization.PolicySetDefinitionAtManagementGroup(logicalName, { ...common, managementGroupId: home.managementGroupId }, opts)
    : new authorization.PolicySetDefinition(logicalName, common, opts);
}

/** Registers one rendered custom policy definition, at a subscription or a management group. */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { PolicyDefinitionBody } from "../azure-policy/plan";

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

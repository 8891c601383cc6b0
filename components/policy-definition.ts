/** Registers rendered custom policy definitions and initiatives, at a subscription or a management group, and the inputs their assignments share. */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { AssignmentHeader, InitiativeBody, InitiativeHeader, PolicyDefinitionBody } from "../azure-policy/plan";

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
  return atHome(
    home,
    { policyDefinitionName: body.name, ...customPolicy(body), mode: body.mode, parameters: body.parameters, policyRule: body.policyRule },
    (args) => new authorization.PolicyDefinitionAtManagementGroup(logicalName, args, opts),
    (args) => new authorization.PolicyDefinition(logicalName, args, opts),
  );
}

/** The initiative resource for `body` over `policyDefinitions` (members whose ids are resource outputs or built-in ids). */
export function registerPolicySetDefinition(
  logicalName: string,
  body: InitiativeHeader & Partial<Pick<InitiativeBody, "parameters">>,
  policyDefinitions: authorization.PolicySetDefinitionArgs["policyDefinitions"],
  home: DefinitionHome,
  opts: pulumi.CustomResourceOptions,
): authorization.PolicySetDefinition | authorization.PolicySetDefinitionAtManagementGroup {
  return atHome(
    home,
    { policySetDefinitionName: body.name, ...customPolicy(body), ...(body.parameters !== undefined ? { parameters: body.parameters } : {}), policyDefinitions },
    (args) => new authorization.PolicySetDefinitionAtManagementGroup(logicalName, args, opts),
    (args) => new authorization.PolicySetDefinition(logicalName, args, opts),
  );
}

/** The inputs of a policy assignment of `policyDefinitionId` that every rendered assignment body sets (its parameters and identity are its own). */
export function assignmentArgs(body: AssignmentHeader, policyDefinitionId: pulumi.Input<string> | undefined): authorization.PolicyAssignmentArgs {
  return {
    scope: body.scope,
    policyAssignmentName: body.name,
    policyDefinitionId,
    displayName: body.displayName,
    description: body.description,
    enforcementMode: body.enforcementMode,
    notScopes: body.notScopes,
    nonComplianceMessages: body.nonComplianceMessages,
    metadata: body.metadata,
  };
}

/** What a custom definition and a custom initiative both say about themselves (their names go under different keys). */
function customPolicy(body: Omit<InitiativeHeader, "name">): {
  displayName: string;
  description: string;
  metadata: Record<string, unknown>;
  policyType: "Custom";
} {
  return { displayName: body.displayName, description: body.description, metadata: body.metadata, policyType: "Custom" };
}

/** `args` registered at the management group `home` names, or else at the provider's subscription. */
function atHome<A extends object, M, S>(
  home: DefinitionHome,
  args: A,
  atManagementGroup: (args: A & { managementGroupId: string }) => M,
  atSubscription: (args: A) => S,
): M | S {
  return home.managementGroupId !== undefined ? atManagementGroup({ ...args, managementGroupId: home.managementGroupId }) : atSubscription(args);
}

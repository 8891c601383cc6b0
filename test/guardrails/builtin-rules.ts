/**
 * The `if` blocks of the built-ins the preflight mirrors, transcribed from their definitions in
 * Azure/azure-policy (`built-in-policies/policyDefinitions/Machine Learning/…`; summarised in
 * azure-policy-ml.md §1d, "rule notes"). The preflight tests run them with the offline evaluator
 * against the ARM form of each fixture resource and require the same verdict as the pack.
 */
const WS = "Microsoft.MachineLearningServices/workspaces";
const C = `${WS}/computes`;

/** Guardrail key → the built-in's `policyRule.if`. */
export const BUILTIN_RULES: Readonly<Record<string, unknown>> = {
  // 679ddf89 IdleShutdown_Audit.json
  computeIdleShutdown: {
    allOf: [
      { field: "type", equals: C },
      { field: `${C}/computeType`, equals: "ComputeInstance" },
      {
        anyOf: [
          { field: `${C}/idleTimeBeforeShutdown`, exists: false },
          { value: `[empty(field('${C}/idleTimeBeforeShutdown'))]`, equals: true },
        ],
      },
    ],
  },
  // e96a9a5f DisableLocalAuth_Audit.json
  disableLocalAuth: {
    allOf: [
      { field: "type", equals: C },
      { field: `${C}/computeType`, in: ["ComputeInstance", "AmlCompute"] },
      { field: `${C}/disableLocalAuth`, notEquals: true },
    ],
  },
  // 7804b5c7 Vnet_Audit.json
  computeVnet: {
    allOf: [
      { field: "type", equals: C },
      { field: `${C}/computeType`, in: ["AmlCompute", "ComputeInstance"] },
      {
        anyOf: [
          { field: `${C}/subnet.id`, exists: false },
          { value: `[empty(field('${C}/subnet.id'))]`, equals: true },
        ],
      },
    ],
  },
  // 438c38d2 Workspace_PublicNetworkAccessDisabled_Audit.json
  workspacePublicNetworkAccess: {
    allOf: [
      { field: "type", equals: WS },
      {
        anyOf: [
          { field: `${WS}/publicNetworkAccess`, exists: "false" },
          { field: `${WS}/publicNetworkAccess`, notEquals: "Disabled" },
        ],
      },
    ],
  },
  // ba769a63 Workspace_CMKEnabled_Audit.json
  workspaceCustomerManagedKey: {
    allOf: [{ field: "type", equals: WS }, { not: { field: "kind", equals: "project" } }, { not: { field: `${WS}/encryption.status`, equals: "Enabled" } }],
  },
  // 5f0c7d88 Workspace_UAIEnabled_Audit.json
  workspaceUserAssignedIdentity: {
    allOf: [
      { field: "type", equals: WS },
      {
        anyOf: [
          { field: `${WS}/primaryUserAssignedIdentity`, exists: false },
          { field: `${WS}/primaryUserAssignedIdentity`, equals: "" },
        ],
      },
    ],
  },
};

/**
 * Deterministic stand-ins for the ids a real provider would return. Rendered output must be stable
 * between runs (so it can be diffed and snapshot-tested) and should look like what Azure returns, so
 * that values derived from ids (an assignment's `policyDefinitionId`, an exemption's
 * `policyAssignmentId`) read naturally.
 *
 * @packageDocumentation
 */
import { createHash } from "crypto";

/** Subscription used in fake ARM ids when the config has no `azure-native:subscriptionId`. */
export const FAKE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

/** Fake tenant / principal ids returned by the mocked `getClientConfig` invoke. */
export const FAKE_TENANT_ID = "00000000-0000-0000-0000-00000000000a";
export const FAKE_OBJECT_ID = "00000000-0000-0000-0000-00000000000b";

const AUTHZ = "azure-native:authorization:";

/** Where an authorization resource lives (its `scope` input for the scoped ones), its ARM collection, and the input that names it. */
interface AuthzIdShape {
    at: "subscription" | "managementGroup" | "scope";
    collection: string;
    nameInput: string;
    /** Without the name input, a UUID from the logical name (as the provider names it), not the logical name itself. */
    uuidName?: true;
}
const AUTHZ_IDS = new Map<string, AuthzIdShape>([
    [`${AUTHZ}PolicyDefinition`, { at: "subscription", collection: "policyDefinitions", nameInput: "policyDefinitionName" }],
    [`${AUTHZ}PolicyDefinitionAtManagementGroup`, { at: "managementGroup", collection: "policyDefinitions", nameInput: "policyDefinitionName" }],
    [`${AUTHZ}PolicySetDefinition`, { at: "subscription", collection: "policySetDefinitions", nameInput: "policySetDefinitionName" }],
    [`${AUTHZ}PolicySetDefinitionAtManagementGroup`, { at: "managementGroup", collection: "policySetDefinitions", nameInput: "policySetDefinitionName" }],
    [`${AUTHZ}PolicyAssignment`, { at: "scope", collection: "policyAssignments", nameInput: "policyAssignmentName" }],
    [`${AUTHZ}PolicyExemption`, { at: "scope", collection: "policyExemptions", nameInput: "policyExemptionName" }],
    [`${AUTHZ}RoleAssignment`, { at: "scope", collection: "roleAssignments", nameInput: "roleAssignmentName", uuidName: true }],
]);

/**
 * Returns a deterministic id for a resource registered under mocks.
 *
 * - azure-native authorization resources get ARM-shaped ids built from their inputs, using the explicit
 *   name input when present and the logical name otherwise (the real provider would add a random
 *   suffix; a stable logical name is more useful offline);
 * - everything else gets `<name>_id`, the convention of Pulumi's own mock examples.
 *
 * @param type - Resource type token, e.g. `azure-native:authorization:PolicyAssignment`.
 * @param name - Logical resource name.
 * @param inputs - Deserialized inputs as the mock monitor passes them.
 * @param subscriptionId - Subscription for subscription-scoped definitions.
 */
export function fakeResourceId(type: string, name: string, inputs: Record<string, unknown>, subscriptionId: string): string {
    const str = (key: string): string | undefined => {
        const v = inputs[key];
        return typeof v === "string" && v !== "" ? v : undefined;
    };
    const shape = AUTHZ_IDS.get(type);
    if (shape === undefined) return `${name}_id`;
    const mg = str("managementGroupId");
    const scope =
        shape.at === "subscription"
            ? `/subscriptions/${subscriptionId}`
            : shape.at === "managementGroup"
              ? mg && `/providers/Microsoft.Management/managementGroups/${mg}`
              : str("scope");
    if (scope === undefined) return `${name}_id`;
    const childName = str(shape.nameInput) ?? (shape.uuidName ? stableUuid(name) : name);
    return `${trimSlash(scope)}/providers/Microsoft.Authorization/${shape.collection}/${childName}`;
}

/** A UUID-shaped string derived from `seed` (stable across runs and machines). */
export function stableUuid(seed: string): string {
    const h = createHash("sha1").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function trimSlash(scope: string): string {
    return scope.endsWith("/") ? scope.slice(0, -1) : scope;
}

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
    const subscription = `/subscriptions/${subscriptionId}`;
    const managementGroup = (): string | undefined => {
        const mg = str("managementGroupId");
        return mg === undefined ? undefined : `/providers/Microsoft.Management/managementGroups/${mg}`;
    };
    const scoped = (scope: string | undefined, collection: string, childName: string): string | undefined =>
        scope === undefined ? undefined : `${trimSlash(scope)}/providers/Microsoft.Authorization/${collection}/${childName}`;

    let id: string | undefined;
    switch (type) {
        case `${AUTHZ}PolicyDefinition`:
            id = scoped(subscription, "policyDefinitions", str("policyDefinitionName") ?? name);
            break;
        case `${AUTHZ}PolicyDefinitionAtManagementGroup`:
            id = scoped(managementGroup(), "policyDefinitions", str("policyDefinitionName") ?? name);
            break;
        case `${AUTHZ}PolicySetDefinition`:
            id = scoped(subscription, "policySetDefinitions", str("policySetDefinitionName") ?? name);
            break;
        case `${AUTHZ}PolicySetDefinitionAtManagementGroup`:
            id = scoped(managementGroup(), "policySetDefinitions", str("policySetDefinitionName") ?? name);
            break;
        case `${AUTHZ}PolicyAssignment`:
            id = scoped(str("scope"), "policyAssignments", str("policyAssignmentName") ?? name);
            break;
        case `${AUTHZ}PolicyExemption`:
            id = scoped(str("scope"), "policyExemptions", str("policyExemptionName") ?? name);
            break;
        case `${AUTHZ}RoleAssignment`:
            // The provider names role assignments with a UUID; derive one from the logical name.
            id = scoped(str("scope"), "roleAssignments", str("roleAssignmentName") ?? stableUuid(name));
            break;
        default:
            id = undefined;
    }
    return id ?? `${name}_id`;
}

/** A UUID-shaped string derived from `seed` (stable across runs and machines). */
export function stableUuid(seed: string): string {
    const h = createHash("sha1").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function trimSlash(scope: string): string {
    return scope.endsWith("/") ? scope.slice(0, -1) : scope;
}

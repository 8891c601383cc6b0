/**
 * The Azure Policy objects a governance config turns into, as plain JSON bodies. The component
 * maps each to one azure-native resource; `render` prints them; tests evaluate them offline.
 */
import { EnforcementMode } from "../core/enums";
import { ParsedScope } from "../core/scope";

/** An Azure Policy parameter definition. */
export interface ParameterDefinition {
  type: "String" | "Array" | "Object" | "Boolean" | "Integer" | "Float" | "DateTime";
  defaultValue?: unknown;
  allowedValues?: unknown[];
  metadata?: { displayName?: string; description?: string };
}

/** A custom policy definition body. */
export interface PolicyDefinitionBody {
  /** Stable Azure name (never derived from list contents). */
  name: string;
  /** The initiative member id, also the rule id (e.g. `trusted-registries`). */
  referenceId: string;
  displayName: string;
  description: string;
  mode: "All" | "Indexed";
  metadata: Record<string, unknown>;
  parameters: Record<string, ParameterDefinition>;
  policyRule: { if: unknown; then: { effect: string } };
}

/** One member of the initiative. */
export interface InitiativeMember {
  /** Name of the definition in {@link GovernancePlan.definitions}. */
  definitionName: string;
  policyDefinitionReferenceId: string;
  /** Initiative parameter forwarding, e.g. `{ effect: { value: "[parameters('effect')]" } }`. */
  parameters: Record<string, { value: unknown }>;
}

/** What every initiative (policy set definition) says about itself; the members differ. */
export interface InitiativeHeader {
  name: string;
  displayName: string;
  description: string;
  metadata: Record<string, unknown>;
}

/** The initiative (policy set definition) body. */
export interface InitiativeBody extends InitiativeHeader {
  parameters: Record<string, ParameterDefinition>;
  policyDefinitions: InitiativeMember[];
}

/** A non-compliance message, optionally for one initiative member. */
export interface NonComplianceMessage {
  message: string;
  policyDefinitionReferenceId?: string;
}

/** What every policy assignment carries, whichever initiative it assigns. */
export interface AssignmentHeader {
  /** Azure name: at most 24 characters, so it is valid at management-group scope too. */
  name: string;
  /** Pulumi logical-name suffix derived from the scope (stable across list edits). */
  key: string;
  scope: string;
  displayName: string;
  description: string;
  enforcementMode: EnforcementMode;
  notScopes: string[];
  nonComplianceMessages: NonComplianceMessage[];
  metadata: Record<string, unknown>;
}

/** One assignment of the initiative. */
export interface AssignmentBody extends AssignmentHeader {
  /** Initiative parameter values (the lists live here, so editing them updates in place). */
  parameters: Record<string, { value: unknown }>;
}

/** Everything the component registers, before Pulumi. */
export interface GovernancePlan {
  /** Where definitions and the initiative live. */
  definitionScope: ParsedScope;
  definitions: PolicyDefinitionBody[];
  initiative: InitiativeBody;
  assignments: AssignmentBody[];
}

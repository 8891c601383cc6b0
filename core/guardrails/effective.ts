/**
 * The governance baseline after validation: what `validateBaseline` returns and the renderer,
 * the component and the preflight policies read. Types only (and the exemption initiative kinds).
 */
import type { EffectiveRules } from "../config/effective-rules";
import type { EnforcementMode } from "../enums";
import type { ParsedScope } from "../scope";
import type { GuardrailDefinition } from "./catalogue";
import type { ExemptionCategory, GuardrailEffect } from "./types";

/** One member of the baseline initiative, as it will be assigned. */
export interface EffectiveMember {
  /** The readable key, also the initiative's policyDefinitionReferenceId. */
  key: string;
  definition: GuardrailDefinition;
  effect: GuardrailEffect;
  /** Literal parameter values for the initiative member, the effect parameter included. */
  parameters: Record<string, unknown>;
  /** Evaluated in a data-plane mode: no non-compliance messages, no exemptions. */
  dataPlane: boolean;
  /** DeployIfNotExists or Modify (not Disabled): the assignment needs an identity and these roles. */
  needsIdentity: boolean;
  /** Role GUIDs the assignment's identity needs for this member (empty unless `needsIdentity`). */
  roleDefinitionIds: string[];
  /** Resource ids of `assignPermissions` parameters: the identity needs the roles there too. */
  permissionResourceIds: string[];
}

/** Which assignment an exemption applies to. */
export const ExemptionInitiative = {
  /** The model governance initiative (rules `model-reference` … `workspace-models`). */
  Governance: "governance",
  /** The baseline initiative (guardrails and registry built-ins). */
  Baseline: "baseline",
} as const;
/** One of {@link ExemptionInitiative}. */
export type ExemptionInitiative = (typeof ExemptionInitiative)[keyof typeof ExemptionInitiative];

/** One policy exemption to create. */
export interface ExemptionTarget {
  initiative: ExemptionInitiative;
  /** Canonical scope of the assignment exempted from. */
  assignmentScope: string;
  /** Members exempted; absent: the whole assignment. */
  referenceIds?: string[];
}

/** A validated exemption. */
export interface EffectiveExemption {
  /** Position in `exemptions`. */
  index: number;
  name?: string;
  /** The exempted scope or resource id (scope ids canonical). */
  scope: string;
  category: ExemptionCategory;
  /** ISO 8601 UTC. */
  expiresOn: string;
  reason: string;
  requestedBy: string;
  /** The rules as given (empty: all). */
  rules: string[];
  /** The exemptions to create: one per (assignment, initiative). */
  targets: ExemptionTarget[];
}

/** The deny alert, validated. */
export interface EffectiveMonitoring {
  resourceGroupId: string;
  subscriptionId: string;
  resourceGroupName: string;
  emailReceivers: Array<{ name: string; emailAddress: string }>;
  actionGroupShortName: string;
  /** Scopes the activity-log alert watches (subscriptions or resource groups of the alert's subscription). */
  alertScopes: string[];
}

/** Everything the baseline adds, validated. */
export interface EffectiveBaseline {
  /** Initiative members in catalogue order (empty: no baseline initiative). */
  members: EffectiveMember[];
  /** Normalised region (`westeurope`), when an identity is needed. */
  identityLocation?: string;
  exemptions: EffectiveExemption[];
  exemptionMaxDays: number;
  monitoring?: EffectiveMonitoring;
}

/** What baseline validation needs from the rest of the config. */
export interface BaselineContext {
  rules: EffectiveRules;
  /** Valid assignment scopes, primary first. */
  scopes: readonly ParsedScope[];
  enforcementMode: EnforcementMode;
  now: Date;
}

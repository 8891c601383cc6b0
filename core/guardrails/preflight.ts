/**
 * Preflight checks: the guardrails that a Pulumi resource's inputs can show, decided before the
 * resource exists, exactly as the Azure Policy rule decides the ARM request. The policy pack
 * (`crossguard/guardrails/`) runs them; `test/guardrails/preflight.test.ts` checks each one against
 * the Azure rule run by the offline evaluator.
 *
 * Conventions shared with the model rules:
 * - type tokens match in every form and input shapes are read by core/pulumi-tokens.ts
 *   (`GUARDRAIL_FORMS`): v3 and v2 input names (Job: v3 `properties`, v2 `jobBaseProperties`;
 *   Compute uses `properties` in both; Workspace properties are flattened at the top level);
 * - comparisons are case-insensitive and booleans compare as `true`/`false` text, as Azure
 *   Policy conditions compare them;
 * - property access only (no enumeration, no try/catch), so the SDK's unknown-value proxy can
 *   signal a value unknown during preview.
 */
import { Effect, EnforcementMode } from "../enums";
import { GuardrailEffect } from "./types";
import { policyText } from "../policy-text";
import { armPropertiesOf, GUARDRAIL_FORMS, propertiesInputName, PulumiForm, tokenMatcher } from "../pulumi-tokens";
import type { EffectiveBaseline } from "./validate";

/** An azure-native resource the preflight reads: its Pulumi form (core/pulumi-tokens.ts) and the ARM type Azure Policy sees. */
export interface PreflightResource extends PulumiForm {
  armType: string;
}

const WS = "Microsoft.MachineLearningServices/workspaces";

/** The resources the guardrail preflight reads. */
export const PREFLIGHT_RESOURCES = {
  Compute: { ...GUARDRAIL_FORMS.Compute, armType: `${WS}/computes` },
  Workspace: { ...GUARDRAIL_FORMS.Workspace, armType: WS },
  Job: { ...GUARDRAIL_FORMS.Job, armType: `${WS}/jobs` },
} as const satisfies Record<string, PreflightResource>;

/** The preflight resource of a type token, or `undefined`. */
export const preflightResourceForToken: (token: string) => PreflightResource | undefined = tokenMatcher(Object.values(PREFLIGHT_RESOURCES), (r) => r);

/** What a check says about one resource. */
export type PreflightResult =
  { applies: false; reason: string } | { applies: true; compliant: true } | { applies: true; compliant: false; field: string; reason: string; fix: string };

/** A guardrail that resource inputs can show. */
export interface PreflightCheck {
  /** The guardrail key (`guardrails.<key>`); the pack policy is `azure-ml-guardrail-<key>`. */
  key: string;
  /** Short human name. */
  title: string;
  resource: PreflightResource;
  /**
   * Guardrail keys whose effect feeds this check's pack config, with the pack effect each Azure
   * effect maps to. Modify / AuditIfNotExists twins become Audit: Azure fixes or reports the
   * resource, so the pack tells the team in advance without blocking.
   */
  sources: ReadonlyArray<{ key: string; effects: Partial<Record<GuardrailEffect, Effect>> }>;
  /** Azure Policy aliases the rule reads → ARM JSON paths (the evaluator tests use them). */
  aliases: Readonly<Record<string, string>>;
  /** Decides one resource from its Pulumi inputs (property access only). */
  check(inputs: Record<string, unknown>): PreflightResult;
}

// ---------------------------------------------------------------------------------------------
// Reading inputs

function get(root: unknown, key: string): unknown {
  return root !== null && typeof root === "object" ? (root as Record<string, unknown>)[key] : undefined;
}

/** Azure Policy `equals` with a literal: case-insensitive text comparison; a missing value never equals. */
export function policyEquals(value: unknown, literal: string | boolean): boolean {
  const text = policyText(value);
  return text !== undefined && text.toLowerCase() === String(literal).toLowerCase();
}

/** Azure Policy `exists: false` or `empty(field(...))` on a scalar: missing, null or "". */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

const COMPUTE_ALIAS = `${WS}/computes`;
const MANAGED_COMPUTES = ["AmlCompute", "ComputeInstance"] as const;

function computeTypeIn(props: unknown, types: readonly string[]): { ok: true; type: string } | { ok: false; reason: string } {
  const t = get(props, "computeType");
  const text = policyText(t);
  const match = types.find((x) => text !== undefined && x.toLowerCase() === text.toLowerCase());
  return match ? { ok: true, type: match } : { ok: false, reason: `computeType is ${text === undefined ? "not set" : `'${text}'`}, not ${types.join(" or ")}` };
}

// ---------------------------------------------------------------------------------------------
// The checks

const E = GuardrailEffect;
const direct = { [E.Deny]: Effect.Deny, [E.Audit]: Effect.Audit, [E.Disabled]: Effect.Disabled } as const;
const viaAzure = { [E.Modify]: Effect.Audit, [E.AuditIfNotExists]: Effect.Audit, [E.Disabled]: Effect.Disabled } as const;

const C = PREFLIGHT_RESOURCES.Compute;
const W = PREFLIGHT_RESOURCES.Workspace;
const J = PREFLIGHT_RESOURCES.Job;

/** Every preflight check, one per guardrail that resource inputs can show. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  {
    key: "computeIdleShutdown",
    title: "compute instance idle shutdown",
    resource: C,
    sources: [{ key: "computeIdleShutdown", effects: direct }],
    aliases: {
      [`${COMPUTE_ALIAS}/computeType`]: "properties.computeType",
      [`${COMPUTE_ALIAS}/idleTimeBeforeShutdown`]: "properties.properties.idleTimeBeforeShutdown",
    },
    check(inputs) {
      const props = armPropertiesOf(C, inputs);
      const type = computeTypeIn(props, ["ComputeInstance"]);
      if (!type.ok) return { applies: false, reason: type.reason };
      if (!isEmpty(get(get(props, "properties"), "idleTimeBeforeShutdown"))) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "properties.properties.idleTimeBeforeShutdown",
        reason: "the compute instance has no idle shutdown (idleTimeBeforeShutdown is not set)",
        fix: 'set properties.properties.idleTimeBeforeShutdown to an ISO 8601 duration such as "PT60M"',
      };
    },
  },
  {
    key: "disableLocalAuth",
    title: "compute local authentication",
    resource: C,
    sources: [
      { key: "disableLocalAuth", effects: direct },
      { key: "configureDisableLocalAuth", effects: viaAzure },
    ],
    aliases: { [`${COMPUTE_ALIAS}/computeType`]: "properties.computeType", [`${COMPUTE_ALIAS}/disableLocalAuth`]: "properties.disableLocalAuth" },
    check(inputs) {
      const props = armPropertiesOf(C, inputs);
      const type = computeTypeIn(props, ["ComputeInstance", "AmlCompute"]);
      if (!type.ok) return { applies: false, reason: type.reason };
      if (policyEquals(get(props, "disableLocalAuth"), true)) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "properties.disableLocalAuth",
        reason: `the ${type.type === "AmlCompute" ? "compute cluster" : "compute instance"} allows local authentication (disableLocalAuth is not true)`,
        fix: "set properties.disableLocalAuth to true (use Microsoft Entra ID identities)",
      };
    },
  },
  {
    key: "computeVnet",
    title: "compute virtual network",
    resource: C,
    sources: [{ key: "computeVnet", effects: direct }],
    aliases: { [`${COMPUTE_ALIAS}/computeType`]: "properties.computeType", [`${COMPUTE_ALIAS}/subnet.id`]: "properties.properties.subnet.id" },
    check(inputs) {
      const props = armPropertiesOf(C, inputs);
      const type = computeTypeIn(props, MANAGED_COMPUTES);
      if (!type.ok) return { applies: false, reason: type.reason };
      if (!isEmpty(get(get(get(props, "properties"), "subnet"), "id"))) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "properties.properties.subnet.id",
        reason: `the ${type.type === "AmlCompute" ? "compute cluster" : "compute instance"} is not in a virtual network (subnet.id is not set)`,
        fix: "set properties.properties.subnet.id to a subnet resource id (or use a workspace managed network)",
      };
    },
  },
  {
    key: "computePublicIp",
    title: "compute public IP",
    resource: C,
    sources: [{ key: "computePublicIp", effects: direct }],
    aliases: {
      [`${COMPUTE_ALIAS}/computeType`]: "properties.computeType",
      [`${COMPUTE_ALIAS}/enableNodePublicIP`]: "properties.properties.enableNodePublicIp",
    },
    check(inputs) {
      const props = armPropertiesOf(C, inputs);
      const type = computeTypeIn(props, MANAGED_COMPUTES);
      if (!type.ok) return { applies: false, reason: type.reason };
      if (policyEquals(get(get(props, "properties"), "enableNodePublicIp"), false)) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "properties.properties.enableNodePublicIp",
        reason: `the ${type.type === "AmlCompute" ? "compute cluster" : "compute instance"} gets a public IP (enableNodePublicIp is not false; the API default is true)`,
        fix: "set properties.properties.enableNodePublicIp to false (no public IP; needs a subnet or a managed network)",
      };
    },
  },
  {
    key: "workspacePublicNetworkAccess",
    title: "workspace public network access",
    resource: W,
    sources: [
      { key: "workspacePublicNetworkAccess", effects: direct },
      { key: "configureWorkspacePublicNetworkAccess", effects: viaAzure },
    ],
    aliases: { [`${WS}/publicNetworkAccess`]: "properties.publicNetworkAccess" },
    check(inputs) {
      if (policyEquals(inputs.publicNetworkAccess, "Disabled")) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "publicNetworkAccess",
        reason: `the workspace is reachable from the public internet (publicNetworkAccess is ${policyText(inputs.publicNetworkAccess) === undefined ? "not set, and defaults to Enabled" : `'${policyText(inputs.publicNetworkAccess)}'`})`,
        fix: 'set publicNetworkAccess to "Disabled" and reach the workspace through a private endpoint',
      };
    },
  },
  {
    key: "workspaceCustomerManagedKey",
    title: "workspace customer-managed key",
    resource: W,
    sources: [
      { key: "workspaceCustomerManagedKey", effects: direct },
      { key: "workspaceCustomerManagedKeyIfNotExists", effects: viaAzure },
    ],
    aliases: { [`${WS}/encryption.status`]: "properties.encryption.status" },
    check(inputs) {
      if (policyEquals(inputs.kind, "project"))
        return { applies: false, reason: "the workspace is a project (kind 'project'), which takes its hub's encryption" };
      if (policyEquals(get(inputs.encryption, "status"), "Enabled")) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "encryption.status",
        reason: "the workspace is not encrypted with a customer-managed key (encryption.status is not Enabled)",
        fix: 'set encryption to { status: "Enabled", keyVaultProperties: { keyVaultArmId, keyIdentifier } }',
      };
    },
  },
  {
    key: "workspaceUserAssignedIdentity",
    title: "workspace user-assigned identity",
    resource: W,
    sources: [{ key: "workspaceUserAssignedIdentity", effects: direct }],
    aliases: { [`${WS}/primaryUserAssignedIdentity`]: "properties.primaryUserAssignedIdentity" },
    check(inputs) {
      if (!isEmpty(inputs.primaryUserAssignedIdentity)) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: "primaryUserAssignedIdentity",
        reason: "the workspace uses its system-assigned identity (primaryUserAssignedIdentity is not set)",
        fix: "set identity to a user-assigned identity and primaryUserAssignedIdentity to its resource id",
      };
    },
  },
  {
    key: "serverlessSparkJobs",
    title: "Spark job",
    resource: J,
    sources: [{ key: "serverlessSparkJobs", effects: direct }],
    aliases: { [`${WS}/jobs/jobType`]: "properties.jobType" },
    check(inputs) {
      const props = armPropertiesOf(J, inputs);
      const jobType = get(props, "jobType");
      if (!policyEquals(jobType, "Spark")) return { applies: true, compliant: true };
      return {
        applies: true,
        compliant: false,
        field: `${propertiesInputName(J, inputs) ?? "properties"}.jobType`,
        reason: "Spark jobs are not allowed (serverless Spark; a job on an attached Synapse pool is a Spark job too)",
        fix: "run the work as a command or pipeline job on an approved compute",
      };
    },
  },
];

/** The check of a guardrail key, or `undefined` (not every guardrail can be seen in resource inputs). */
export function preflightCheck(key: string): PreflightCheck | undefined {
  return PREFLIGHT_CHECKS.find((c) => c.key === key);
}

// ---------------------------------------------------------------------------------------------
// Pack config

/** The pack policy name of a check: `azure-ml-guardrail-<key>`. */
export const GUARDRAIL_POLICY_PREFIX = "azure-ml-guardrail-";
/** `azure-ml-guardrail-<key>`. */
export function guardrailPolicyName(key: string): string {
  return `${GUARDRAIL_POLICY_PREFIX}${key}`;
}

/** One guardrail policy's config entry, as a `--policy-pack-config` file holds it. */
export interface GuardrailPolicyConfig {
  effect: Effect;
  enforcementLevel?: string;
}

/** The policies' shared `configSchema` (Pulumi injects `enforcementLevel`). Default Disabled: opt-in. */
export const guardrailPolicyConfigSchema: { properties: Record<string, Record<string, unknown>> } = {
  properties: {
    effect: {
      type: "string",
      enum: Object.values(Effect),
      default: Effect.Disabled,
      description: "The guardrail's effect: Deny → mandatory, Audit → advisory, Disabled → not checked (default: the guardrail is off).",
    },
  },
};

/** A guardrail policy's config, validated. */
export type GuardrailPackConfig = { ok: true; effect: Effect } | { ok: false; problems: string[] };

/** Validates one guardrail policy's config (`{ effect }`); a missing effect is Disabled. */
export function resolveGuardrailPackConfig(raw: unknown): GuardrailPackConfig {
  if (raw === undefined || raw === null) return { ok: true, effect: Effect.Disabled };
  if (typeof raw !== "object" || Array.isArray(raw)) return { ok: false, problems: ['the config must be an object like { "effect": "Deny" }'] };
  const problems: string[] = [];
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (key !== "effect") problems.push(`'${key}' is not a setting of this policy (only effect)`);
  const effect = obj.effect ?? Effect.Disabled;
  if (typeof effect !== "string" || !(Object.values(Effect) as string[]).includes(effect))
    problems.push(`effect ${JSON.stringify(effect)} is not one of ${Object.values(Effect).join(", ")}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, effect: effect as Effect };
}

const STRENGTH: Record<Effect, number> = { [Effect.Disabled]: 0, [Effect.Audit]: 1, [Effect.Deny]: 2 };

/**
 * The guardrail policies' `--policy-pack-config` entries for a baseline: one per check whose
 * guardrail is enabled, with the strongest effect its sources map to. With `DoNotEnforce` Azure
 * only reports, so the pack is advisory too (as for the model policy).
 */
export function guardrailPackConfig(baseline: EffectiveBaseline | undefined, enforcementMode: EnforcementMode): Record<string, GuardrailPolicyConfig> {
  const out: Record<string, GuardrailPolicyConfig> = {};
  if (!baseline) return out;
  for (const check of PREFLIGHT_CHECKS) {
    let effect: Effect | undefined;
    for (const source of check.sources) {
      const member = baseline.members.find((m) => m.key === source.key);
      const mapped = member ? source.effects[member.effect] : undefined;
      if (mapped !== undefined && (effect === undefined || STRENGTH[mapped] > STRENGTH[effect])) effect = mapped;
    }
    if (effect === undefined) continue;
    // The preflight policies default to disabled (free for the SDK to skip), so an enabled one
    // needs an explicit level; the effect then lowers it (Audit → advisory) as for the model rules.
    const entry: GuardrailPolicyConfig = {
      effect,
      enforcementLevel:
        effect === Effect.Disabled ? "disabled" : effect === Effect.Audit || enforcementMode === EnforcementMode.DoNotEnforce ? "advisory" : "mandatory",
    };
    out[guardrailPolicyName(check.key)] = entry;
  }
  return out;
}

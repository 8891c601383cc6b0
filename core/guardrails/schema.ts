/**
 * JSON Schema of the baseline keys (`guardrails`, `registryBuiltins`, `exemptions`,
 * `exemptionMaxDays`, `monitoring`, `identityLocation`), derived from the catalogue so a key, an
 * effect or a parameter can never be accepted by the schema and unknown to the renderer.
 *
 * The schema checks shapes, types and each key's allowed effects. What needs context (a required
 * parameter with a clear message, dates against "now", scopes, the registry combination) is
 * checked in `validate.ts`, so every message names the definition and the fix.
 */
import { BuiltinParameter, CatalogueGroup, GUARDRAIL_DEFINITIONS, GuardrailDefinition } from "./catalogue";
import { ExemptionCategory } from "./types";

type JsonSchema = Record<string, unknown>;

/** Limits of the baseline keys. */
export const BASELINE_LIMITS = {
  exemptions: 200,
  exemptionReason: 512,
  requestedBy: 256,
  exemptionName: 40,
  /** Longest `exemptionMaxDays` accepted (10 years). */
  exemptionMaxDays: 3650,
  /** Default warning threshold for an exemption's length, in days. */
  defaultExemptionMaxDays: 90,
  /** EPAC's convention: warn when an exemption expires within this many days. */
  expiringSoonDays: 15,
  emailReceivers: 1000,
  actionGroupShortName: 12,
  /** A value count iterates at most 100 times: 12e5dd16/aafe3651 take at most 100 asset ids. */
  allowedAssetIds: 100,
  allowedPublishers: 100,
  restrictedModels: 500,
} as const;

function parameterSchema(p: BuiltinParameter): JsonSchema {
  switch (p.type) {
    case "Array":
      return { type: "array", items: { type: "string" }, description: p.description };
    case "Boolean":
      return { type: "boolean", description: p.description };
    default:
      return { type: "string", description: p.description };
  }
}

// `title` names the config type generated from this schema (tools/generate-config-types.mjs);
// `$comment` documents a type that several keys share, where each key's description differs.
function settingSchema(def: GuardrailDefinition): JsonSchema {
  const stem = def.kind === "builtin" ? def.settingType : undefined;
  const properties: Record<string, JsonSchema> = {
    effect: {
      type: "string",
      title: "GuardrailEffect",
      $comment: "Effect; must be one the definition allows. Default: the definition's default effect.",
      enum: [...def.allowedEffects],
      description: `Effect of ${def.kind === "builtin" ? `built-in ${def.guid}` : "the custom definition"}: ${def.allowedEffects.join(", ")}${def.defaultEffect ? ` (default ${def.defaultEffect})` : " (required: the definition has no default)"}.`,
    },
  };
  if (def.parameters.length > 0) {
    if (!stem) throw new Error(`guardrail ${def.key} has parameters but no settingType to name its config types`);
    const required = def.parameters.filter((p) => p.required).map((p) => p.name);
    properties.parameters = {
      type: "object",
      title: `${stem}Parameters`,
      $comment: `Parameters of the ${stem} setting.`,
      additionalProperties: false,
      ...(required.length > 0 ? { required } : {}),
      properties: Object.fromEntries(def.parameters.map((p) => [p.name, parameterSchema(p)])),
    };
  }
  return {
    type: "object",
    title: `${stem ?? "Guardrail"}Setting`,
    $comment: stem ? `The ${stem} setting: its effect and parameters.` : "A guardrail without parameters: enabled by being present, with its effect.",
    additionalProperties: false,
    description: def.displayName,
    properties,
  };
}

function groupSchema(group: string, title: string, description: string): JsonSchema {
  return {
    type: "object",
    title,
    additionalProperties: false,
    description,
    properties: Object.fromEntries(GUARDRAIL_DEFINITIONS.filter((d) => d.group === group).map((d) => [d.key, settingSchema(d)])),
  };
}

/** The baseline keys' JSON Schema, merged into the governance config schema (component keys). */
export const BASELINE_PROPERTIES: Record<string, JsonSchema> = {
  guardrails: groupSchema(
    CatalogueGroup.Guardrail,
    "GuardrailsConfig",
    "Azure ML guardrails to assign, one key each (present = assigned): built-ins such as computeIdleShutdown, disableLocalAuth, workspacePublicNetworkAccess, and the custom computePublicIp and serverlessSparkJobs. They share one initiative, assigned once per scope.",
  ),
  registryBuiltins: groupSchema(
    CatalogueGroup.Registry,
    "RegistryBuiltinsConfig",
    "The data-plane built-ins: allowedRegistry (19539b54), approvedRegistryModels (12e5dd16), cognitiveServicesApprovedModels (aafe3651, Foundry approved models), foundryModelEligibility (8791d062). Parameters default to values derived from allowedRegistries, allowedPublishers, allowedModels and blockedModels, with model ids in the case they are written.",
  ),
  exemptions: {
    type: "array",
    maxItems: BASELINE_LIMITS.exemptions,
    default: [],
    description: "Policy exemptions that expire: a scope or resource excused from some or all rules, with a reason and who asked.",
    items: {
      type: "object",
      title: "ExemptionConfig",
      $comment: "One exemption: a scope or resource excused from some (or all) rules until it expires.",
      additionalProperties: false,
      // Required here for the config types; validate-exemptions.ts reports a missing one with its reason.
      required: ["scope", "category", "expiresOn", "reason", "requestedBy"],
      properties: {
        scope: { type: "string", minLength: 1, description: "Exempted scope or resource id." },
        category: { type: "string", title: "ExemptionCategory", enum: Object.values(ExemptionCategory), description: "Waiver or Mitigated." },
        expiresOn: { type: "string", minLength: 1, description: "ISO 8601 expiry, e.g. 2026-03-31T00:00:00Z; must be in the future." },
        reason: { type: "string", maxLength: BASELINE_LIMITS.exemptionReason, description: "Why (required)." },
        requestedBy: { type: "string", maxLength: BASELINE_LIMITS.requestedBy, description: "Who asked (required)." },
        rules: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Model rule ids and guardrail keys; absent: every rule Azure can exempt.",
        },
        assignmentScope: { type: "string", minLength: 1, description: "Assignment scope to exempt from; default every scope containing `scope`." },
        name: {
          type: "string",
          minLength: 1,
          maxLength: BASELINE_LIMITS.exemptionName,
          pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
          description: "Tells two exemptions of one scope apart.",
        },
      },
    },
  },
  exemptionMaxDays: {
    type: "integer",
    minimum: 1,
    maximum: BASELINE_LIMITS.exemptionMaxDays,
    default: BASELINE_LIMITS.defaultExemptionMaxDays,
    description: "Exemptions longer than this many days (from now) get a warning.",
  },
  monitoring: {
    type: "object",
    title: "MonitoringConfig",
    additionalProperties: false,
    // Required here for the config types; validate-monitoring.ts reports a missing one with its reason.
    required: ["resourceGroupId", "emailReceivers"],
    description: "An activity-log alert on Azure Policy deny events at the assignment scopes, with an e-mail action group.",
    properties: {
      resourceGroupId: {
        type: "string",
        minLength: 1,
        description: "Resource group holding the action group and the alert: /subscriptions/{id}/resourceGroups/{name}.",
      },
      emailReceivers: {
        type: "array",
        maxItems: BASELINE_LIMITS.emailReceivers,
        description: "Who is told (at least one).",
        items: {
          type: "object",
          title: "EmailReceiverConfig",
          description: "One e-mail receiver of the deny alert's action group.",
          additionalProperties: false,
          required: ["name", "emailAddress"],
          properties: {
            name: { type: "string", minLength: 1, description: "Receiver name (unique in the action group)." },
            emailAddress: { type: "string", minLength: 3, description: "E-mail address." },
          },
        },
      },
      actionGroupShortName: {
        type: "string",
        minLength: 1,
        maxLength: BASELINE_LIMITS.actionGroupShortName,
        description: `Action group short name (at most ${BASELINE_LIMITS.actionGroupShortName} characters). Default mlgov-deny.`,
      },
    },
  },
  identityLocation: {
    type: "string",
    minLength: 1,
    description:
      "Azure region of the system-assigned identity of assignments with DeployIfNotExists or Modify members (e.g. westeurope). Required when one is enabled.",
  },
};

/** Names of the baseline keys. */
export const BASELINE_KEYS: readonly string[] = Object.keys(BASELINE_PROPERTIES);

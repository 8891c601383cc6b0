/**
 * The deployment-control keys of the governance config: their JSON Schema (merged into the rule
 * keys, so the component, stack config, config files and the pack's `configSchema` all take
 * them), their fixes, and their normalisation into {@link DeploymentControls}. Residency
 * shorthands expand here, once, so every output (effective config, pack config, assignment
 * parameters, markdown) shows the list.
 */
import type { ConfigIssue } from "../config/issues";
import type { ModelEntry } from "../model-list";
import {
  DEPLOYMENT_TYPE_NAMES,
  DEPLOYMENT_TYPES,
  DISABLING_CONTENT_FILTERS,
  MAX_CAPACITY_LIMIT,
  RESIDENCY_PROFILES,
  VERSION_UPGRADE_OPTIONS,
} from "./catalogue";

type JsonSchema = Record<string, unknown>;

/** Longest RAI policy name accepted. */
const CONTENT_FILTER_NAME_MAX = 256;
/** Most content filters in the allowed list. */
const CONTENT_FILTERS_MAX = 100;

/** The deployment controls after validation: each present only when one of its keys is set. */
export interface DeploymentControls {
  /** `deployment-types`: the allowed SKU names (documented spelling, profiles expanded). */
  deploymentTypes?: { allowed: string[] };
  /** `content-filters`: a named RAI policy required or not; if non-empty, only these names. */
  contentFilters?: { required: boolean; allowed: string[] };
  /** `version-upgrades`: the allowed `versionUpgradeOption` values. */
  versionUpgrades?: { allowed: string[] };
  /** `capacity`: the default ceiling (if any) and ceilings per deployment type. */
  capacity?: { max?: number; byType: Record<string, number> };
}

/**
 * A rule is on when one of its keys says something: a non-empty list or map, `requireContentFilter:
 * true`, `maxCapacity` above 0. Empty values mean "not set", as the stack program's `Pulumi.yaml`
 * defaults (`[]`, `{}`, `false`, `0`) pass them.
 */
const isSet = (v: unknown): boolean =>
  v === true ||
  (typeof v === "number" && v > 0) ||
  (Array.isArray(v) && v.length > 0) ||
  (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0);

/** The deployment-control keys, in the order the docs show them. */
export const CONTROL_KEYS = [
  "allowedDeploymentTypes",
  "requireContentFilter",
  "allowedContentFilters",
  "allowedVersionUpgradeOptions",
  "maxCapacity",
  "maxCapacityByDeploymentType",
] as const;

const typeList = DEPLOYMENT_TYPES.map((t) => `${t.name} (${t.description})`).join("; ");
const profileList = RESIDENCY_PROFILES.map((p) => `${p.name} = ${p.types.join(", ")}`).join("; ");

/** JSON Schema of the deployment-control keys. */
export const CONTROL_PROPERTIES: Record<(typeof CONTROL_KEYS)[number], JsonSchema> = {
  allowedDeploymentTypes: {
    type: "array",
    description: `Rule deployment-types: the deployment types (sku.name) a deployment may use; anything else, and a deployment without sku.name, is denied. Types: ${typeList}. Residency shorthands expand to lists: ${profileList}.`,
    maxItems: DEPLOYMENT_TYPE_NAMES.length + RESIDENCY_PROFILES.length,
    items: { type: "string", title: "DeploymentTypeSetting", enum: [...DEPLOYMENT_TYPE_NAMES, ...RESIDENCY_PROFILES.map((p) => p.name)] },
  },
  requireContentFilter: {
    type: "boolean",
    description:
      "Rule content-filters: true denies deployments without a named RAI policy (raiPolicyName). The rule is on when this is true or allowedContentFilters is non-empty; then a policy that disables filtering (Microsoft.Nil, Microsoft.Nill) is always denied.",
  },
  allowedContentFilters: {
    type: "array",
    description:
      "Rule content-filters: if set, a deployment that names a RAI policy must name one of these (case-insensitive), e.g. Microsoft.DefaultV2 or your own policy. Combine with requireContentFilter to require one.",
    maxItems: CONTENT_FILTERS_MAX,
    items: { type: "string", minLength: 1, maxLength: CONTENT_FILTER_NAME_MAX, pattern: "^\\S(?:.*\\S)?$" },
  },
  allowedVersionUpgradeOptions: {
    type: "array",
    description: `Rule version-upgrades: the versionUpgradeOption values a deployment may set; a deployment without one is denied (the API's default differs from the classic provider's). ${VERSION_UPGRADE_OPTIONS.map((o) => `${o.name}: ${o.description}`).join(" ")} Version-pinned approvals only hold with NoAutoUpgrade.`,
    maxItems: VERSION_UPGRADE_OPTIONS.length,
    items: { type: "string", title: "VersionUpgradeOption", enum: VERSION_UPGRADE_OPTIONS.map((o) => o.name) },
  },
  maxCapacity: {
    type: "integer",
    minimum: 0,
    maximum: MAX_CAPACITY_LIMIT,
    description:
      "Rule capacity: the largest sku.capacity of one deployment (Standard types: units of 1,000 tokens per minute; provisioned types: PTUs), unless maxCapacityByDeploymentType sets one for its type. With a ceiling, a deployment without an integer sku.capacity is denied. 0: no default ceiling (not set).",
  },
  maxCapacityByDeploymentType: {
    type: "object",
    title: "MaxCapacityByDeploymentType",
    $comment: "`maxCapacityByDeploymentType`: a ceiling on `sku.capacity` per deployment type.",
    description: "Rule capacity: ceilings on sku.capacity per deployment type; they take precedence over maxCapacity for that type.",
    additionalProperties: false,
    properties: Object.fromEntries(
      DEPLOYMENT_TYPES.map((t) => [t.name, { type: "integer", minimum: 1, maximum: MAX_CAPACITY_LIMIT, description: `Ceiling for ${t.name} deployments.` }]),
    ),
  },
};

/** The fix of each deployment-control key, for schema issues. */
export const CONTROL_FIXES: Record<(typeof CONTROL_KEYS)[number], string> = {
  allowedDeploymentTypes: `list documented types (exact spelling): ${DEPLOYMENT_TYPE_NAMES.join(", ")}, or a shorthand: ${RESIDENCY_PROFILES.map((p) => p.name).join(", ")}`,
  requireContentFilter: "use true or false",
  allowedContentFilters: "list RAI policy names such as Microsoft.DefaultV2 or your own policy's name (no surrounding spaces)",
  allowedVersionUpgradeOptions: `list values among ${VERSION_UPGRADE_OPTIONS.map((o) => o.name).join(", ")}`,
  maxCapacity: `use a whole number from 1 to ${MAX_CAPACITY_LIMIT} (0: no default ceiling)`,
  maxCapacityByDeploymentType: `map documented types (${DEPLOYMENT_TYPE_NAMES.join(", ")}) to whole numbers from 1 to ${MAX_CAPACITY_LIMIT}`,
};

const strings = (v: unknown): Array<{ value: string; index: number }> =>
  Array.isArray(v) ? v.flatMap((x, index) => (typeof x === "string" ? [{ value: x, index }] : [])) : [];

/**
 * Validates what the schema cannot (disabling filters, duplicates, the interaction with pinned
 * approvals) and normalises the keys. Returns `undefined` when no key is set (no rule on).
 */
export function normaliseDeploymentControls(
  input: Record<string, unknown>,
  context: { allowedModels: readonly ModelEntry[] },
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): DeploymentControls | undefined {
  const controls: DeploymentControls = {};

  if (isSet(input.allowedDeploymentTypes)) {
    const allowed: string[] = [];
    for (const { value, index } of strings(input.allowedDeploymentTypes)) {
      const profile = RESIDENCY_PROFILES.find((p) => p.name === value);
      const expanded = profile ? profile.types : DEPLOYMENT_TYPE_NAMES.includes(value) ? [value] : [];
      if (expanded.length > 0 && expanded.every((t) => allowed.includes(t)))
        warnings.push({
          field: `allowedDeploymentTypes[${index}]`,
          value,
          message: "adds no type the list does not already allow",
          fix: "remove the duplicate",
        });
      for (const t of expanded) if (!allowed.includes(t)) allowed.push(t);
    }
    controls.deploymentTypes = { allowed };
  }

  if (isSet(input.requireContentFilter) || isSet(input.allowedContentFilters)) {
    const allowed: string[] = [];
    for (const { value, index } of strings(input.allowedContentFilters)) {
      const field = `allowedContentFilters[${index}]`;
      if (DISABLING_CONTENT_FILTERS.some((d) => d.toLowerCase() === value.toLowerCase())) {
        errors.push({
          field,
          value,
          message: "names a RAI policy that turns content filtering off",
          fix: "remove it; allow Microsoft.DefaultV2 or a custom policy that filters instead",
        });
      } else if (allowed.some((a) => a.toLowerCase() === value.toLowerCase())) {
        warnings.push({ field, value, message: "repeats a content filter (names compare case-insensitively)", fix: "remove the duplicate" });
      } else allowed.push(value);
    }
    controls.contentFilters = { required: input.requireContentFilter === true, allowed };
  }

  if (isSet(input.allowedVersionUpgradeOptions)) {
    const allowed: string[] = [];
    for (const { value, index } of strings(input.allowedVersionUpgradeOptions)) {
      if (allowed.includes(value))
        warnings.push({ field: `allowedVersionUpgradeOptions[${index}]`, value, message: "repeats an option", fix: "remove the duplicate" });
      else allowed.push(value);
    }
    controls.versionUpgrades = { allowed };
  }
  warnAboutPinnedApprovals(input, context, controls, warnings);

  if (isSet(input.maxCapacity) || isSet(input.maxCapacityByDeploymentType)) {
    const byType: Record<string, number> = {};
    const raw = input.maxCapacityByDeploymentType;
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      for (const [type, cap] of Object.entries(raw as Record<string, unknown>)) {
        if (!DEPLOYMENT_TYPE_NAMES.includes(type) || typeof cap !== "number" || !Number.isInteger(cap)) continue; // the schema reports these
        byType[type] = cap;
        const allowedTypes = controls.deploymentTypes?.allowed;
        if (allowedTypes && !allowedTypes.includes(type))
          warnings.push({
            field: `maxCapacityByDeploymentType.${type}`,
            value: cap,
            message: `never applies: allowedDeploymentTypes does not allow ${type}`,
            fix: `remove it, or allow ${type} in allowedDeploymentTypes`,
          });
      }
    }
    controls.capacity = { byType };
    if (typeof input.maxCapacity === "number" && Number.isInteger(input.maxCapacity) && input.maxCapacity > 0) controls.capacity.max = input.maxCapacity;
  }

  return Object.keys(controls).length > 0 ? controls : undefined;
}

/**
 * An approval that pins a version holds only while Azure cannot move the deployment to another
 * version: any option but NoAutoUpgrade lets Azure upgrade it without a new request, which no
 * request-time rule sees (reference §3.2).
 */
function warnAboutPinnedApprovals(
  input: Record<string, unknown>,
  context: { allowedModels: readonly ModelEntry[] },
  controls: DeploymentControls,
  warnings: ConfigIssue[],
): void {
  const pinned = context.allowedModels.filter((e) => e.version !== undefined);
  if (pinned.length === 0) return;
  const example = pinned[0].canonical;
  // Only when the rule is on: a config without deployment controls keeps its warnings as they were
  // (README "Deployment controls" explains why pinned approvals want NoAutoUpgrade).
  const allowed = controls.versionUpgrades?.allowed;
  if (allowed?.some((o) => o !== "NoAutoUpgrade")) {
    warnings.push({
      field: "allowedVersionUpgradeOptions",
      value: input.allowedVersionUpgradeOptions,
      message: `allows automatic upgrades, which can move a deployment past a version-pinned approval (${pinned.length} pinned, e.g. ${example})`,
      fix: 'use ["NoAutoUpgrade"], or approve the model without a version',
    });
  }
}

/** The deployment-control keys as plain JSON (profiles expanded), for the effective config and the pack config. */
export function controlsConfigJson(controls: DeploymentControls | undefined): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (!controls) return json;
  if (controls.deploymentTypes) json.allowedDeploymentTypes = [...controls.deploymentTypes.allowed];
  if (controls.contentFilters) {
    json.requireContentFilter = controls.contentFilters.required;
    if (controls.contentFilters.allowed.length > 0) json.allowedContentFilters = [...controls.contentFilters.allowed];
  }
  if (controls.versionUpgrades) json.allowedVersionUpgradeOptions = [...controls.versionUpgrades.allowed];
  if (controls.capacity) {
    if (controls.capacity.max !== undefined) json.maxCapacity = controls.capacity.max;
    if (Object.keys(controls.capacity.byType).length > 0) json.maxCapacityByDeploymentType = { ...controls.capacity.byType };
  }
  return json;
}

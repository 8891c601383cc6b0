/**
 * The deployment controls (issue 11) as Resource Manager mode custom definitions: one per rule
 * that is on, each covering every surface with the field (Cognitive Services account
 * deployments; Foundry endpoint and connection deployments), with the values as parameters so
 * that editing them changes only the assignment.
 *
 * Each rule is one boolean expression that mirrors core/deployment-controls/decision.ts:
 * - the surface's field is selected by `field('type')` inside `if()`, so an alias of another type
 *   is never read, and `coalesce(…, '')` makes a missing value '';
 * - names are compared lower-cased with the ordinal `contains()` (the core lower-cases too);
 * - `toLower` of a value that is not a string fails, which Azure treats as a deny, as the core
 *   denies an unreadable value; a missing or non-integer capacity fails `greater` the same way
 *   when a ceiling applies.
 * Azure evaluates every operand of allOf/anyOf, so everything outside the taken `if()` branch
 * must be unable to fail; the whole rule is therefore a single expression.
 */
import { ControlRule, EnforcementMode } from "../core/enums";
import { EffectiveConfig } from "../core/config/validate";
import { CONTROL_SURFACES, ControlField, DeploymentControls, DISABLING_CONTENT_FILTERS, enabledRules } from "../core/deployment-controls";
import { call, expr, isTrue, lit, param } from "./arm-expr";
import { NonComplianceMessage, ParameterDefinition, PolicyDefinitionBody } from "./plan";

/** Names of the deployment-control parameters (definitions, initiative and assignment). */
export const CONTROL_PARAM = {
  allowedDeploymentTypes: "allowedDeploymentTypes",
  requireContentFilter: "requireContentFilter",
  allowedContentFilters: "allowedContentFilters",
  allowedVersionUpgradeOptions: "allowedVersionUpgradeOptions",
  maxCapacity: "maxCapacity",
  maxCapacityByDeploymentType: "maxCapacityByDeploymentType",
} as const;
type ControlParam = (typeof CONTROL_PARAM)[keyof typeof CONTROL_PARAM];

/** `maxCapacity` when no default ceiling is set (no capacity is negative). */
export const NO_CAPACITY_CEILING = -1;

/** The parameter definitions. */
export const CONTROL_PARAMETERS: Record<ControlParam, ParameterDefinition> = {
  allowedDeploymentTypes: {
    type: "Array",
    metadata: {
      displayName: "Allowed deployment types",
      description: "Lower-case SKU names (sku.name) a deployment may use; residency shorthands are expanded.",
    },
  },
  requireContentFilter: {
    type: "Boolean",
    defaultValue: false,
    metadata: { displayName: "Require a content filter", description: "true denies deployments that name no RAI policy (raiPolicyName)." },
  },
  allowedContentFilters: {
    type: "Array",
    defaultValue: [],
    metadata: { displayName: "Allowed content filters", description: "Lower-case RAI policy names a deployment may name; empty: any that filters." },
  },
  allowedVersionUpgradeOptions: {
    type: "Array",
    metadata: { displayName: "Allowed version upgrade options", description: "Lower-case versionUpgradeOption values; a deployment without one is denied." },
  },
  maxCapacity: {
    type: "Integer",
    defaultValue: NO_CAPACITY_CEILING,
    metadata: { displayName: "Maximum capacity", description: `Largest sku.capacity of one deployment; ${NO_CAPACITY_CEILING}: no default ceiling.` },
  },
  maxCapacityByDeploymentType: {
    type: "Object",
    defaultValue: {},
    metadata: { displayName: "Maximum capacity by deployment type", description: "Lower-case SKU name → largest sku.capacity, over maxCapacity." },
  },
};

/** Parameters each rule reads (besides `effect`). */
export const CONTROL_RULE_PARAMETERS: Record<ControlRule, ControlParam[]> = {
  [ControlRule.DeploymentTypes]: [CONTROL_PARAM.allowedDeploymentTypes],
  [ControlRule.ContentFilters]: [CONTROL_PARAM.requireContentFilter, CONTROL_PARAM.allowedContentFilters],
  [ControlRule.VersionUpgrades]: [CONTROL_PARAM.allowedVersionUpgradeOptions],
  [ControlRule.Capacity]: [CONTROL_PARAM.maxCapacity, CONTROL_PARAM.maxCapacityByDeploymentType],
};

/** Titles and descriptions of the definitions. */
export const CONTROL_TITLES: Record<ControlRule, { title: string; description: string }> = {
  [ControlRule.DeploymentTypes]: {
    title: "allowed deployment types",
    description: "Denies model deployments whose deployment type (sku.name: Global*, DataZone*, regional) is not allowed, or that set none.",
  },
  [ControlRule.ContentFilters]: {
    title: "content filters",
    description: "Denies model deployments whose RAI policy (raiPolicyName) is missing when required, not allowed, or one that disables filtering.",
  },
  [ControlRule.VersionUpgrades]: {
    title: "version upgrade options",
    description: "Denies model deployments whose versionUpgradeOption is missing or not allowed, so Azure cannot move them to an unapproved version.",
  },
  [ControlRule.Capacity]: {
    title: "capacity ceiling",
    description: "Denies model deployments whose sku.capacity is above the ceiling for their deployment type, or not a whole number when a ceiling applies.",
  },
};

// ---------------------------------------------------------------------------------------------
// Expressions

const typeIs = (t: string): string => call("equals", call("toLower", call("field", lit("type"))), lit(t.toLowerCase()));

/** The value of a control field on the resource's own surface; '' when missing or another type. */
function selected(field: ControlField): string {
  let e = lit("");
  for (const s of [...CONTROL_SURFACES].reverse()) e = call("if", typeIs(s.armType), call("coalesce", call("field", lit(s.fields[field].alias)), lit("")), e);
  return e;
}

/** The Foundry `properties.type` gate ('' on surfaces without one). */
function gateValue(): string {
  let e = lit("");
  for (const s of [...CONTROL_SURFACES].reverse())
    if (s.gate) e = call("if", typeIs(s.armType), call("coalesce", call("field", lit(s.gate.alias)), lit("")), e);
  return e;
}

const NOT_APPLICABLE_GATE = (() => {
  const values = new Set(CONTROL_SURFACES.flatMap((s) => (s.gate ? [s.gate.notApplicableValue.toLowerCase()] : [])));
  if (values.size !== 1) throw new Error("the control surfaces' gates must share one not-applicable value");
  return [...values][0];
})();

/** `violation` on a governed surface; false elsewhere (and for a managedOnlineEndpoint deployment). */
function governed(violation: string): string {
  const onSurface = call("or", ...CONTROL_SURFACES.map((s) => typeIs(s.armType)), "false()");
  return call("if", onSurface, call("if", call("equals", call("toLower", gateValue()), lit(NOT_APPLICABLE_GATE)), "false()", violation), "false()");
}

const lower = (field: ControlField): string => call("toLower", selected(field));
const notListed = (value: string, list: ControlParam): string => call("not", call("contains", param(list), value));

function violation(rule: ControlRule): string {
  switch (rule) {
    case ControlRule.DeploymentTypes:
      return notListed(lower("skuName"), CONTROL_PARAM.allowedDeploymentTypes);
    case ControlRule.ContentFilters: {
      const name = lower("raiPolicyName");
      const disabling = call("createArray", ...DISABLING_CONTENT_FILTERS.map((n) => lit(n.toLowerCase())));
      const allowedSet = call("greater", call("length", param(CONTROL_PARAM.allowedContentFilters)), "0");
      return call(
        "if",
        call("equals", name, lit("")),
        param(CONTROL_PARAM.requireContentFilter),
        call("or", call("contains", disabling, name), call("and", allowedSet, notListed(name, CONTROL_PARAM.allowedContentFilters))),
      );
    }
    case ControlRule.VersionUpgrades:
      return notListed(lower("versionUpgradeOption"), CONTROL_PARAM.allowedVersionUpgradeOptions);
    case ControlRule.Capacity: {
      const type = lower("skuName");
      const byType = param(CONTROL_PARAM.maxCapacityByDeploymentType);
      const cap = call("if", call("contains", byType, type), `${byType}[${type}]`, param(CONTROL_PARAM.maxCapacity));
      return call("if", call("less", cap, "0"), "false()", call("greater", selected("capacity"), cap));
    }
  }
}

/** The `policyRule` of one control rule, over every surface with its field. */
export function controlPolicyRule(rule: ControlRule): { if: unknown; then: { effect: string } } {
  return { if: isTrue(governed(violation(rule))), then: { effect: expr(param("effect")) } };
}

/**
 * The definition of one control rule. `effect` is the initiative's one `effect` parameter, shared
 * with the model rules; `effectParameter` is its definition (from the renderer).
 */
export function controlDefinitionBody(
  rule: ControlRule,
  name: string,
  effectParameter: ParameterDefinition,
  metadata: Record<string, unknown>,
): PolicyDefinitionBody {
  const parameters: Record<string, ParameterDefinition> = { effect: effectParameter };
  for (const p of CONTROL_RULE_PARAMETERS[rule]) parameters[p] = CONTROL_PARAMETERS[p];
  return {
    name,
    referenceId: rule,
    displayName: `Foundry deployment controls: ${CONTROL_TITLES[rule].title}`,
    description: `${CONTROL_TITLES[rule].description} Covers Cognitive Services (Foundry) account deployments and Foundry endpoint and connection deployments.`,
    // All: deployments have no location or tags (Indexed would skip them).
    mode: "All",
    metadata: { ...metadata, rule },
    parameters,
    policyRule: controlPolicyRule(rule),
  };
}

// ---------------------------------------------------------------------------------------------
// Values and messages

/** The assignment values of the rules that are on (lower-cased names, as the rules compare them). */
export function controlAssignmentParameters(controls: DeploymentControls | undefined): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  const lowered = (xs: readonly string[]): string[] => xs.map((x) => x.toLowerCase());
  if (controls?.deploymentTypes) out[CONTROL_PARAM.allowedDeploymentTypes] = { value: lowered(controls.deploymentTypes.allowed) };
  if (controls?.contentFilters) {
    out[CONTROL_PARAM.requireContentFilter] = { value: controls.contentFilters.required };
    out[CONTROL_PARAM.allowedContentFilters] = { value: lowered(controls.contentFilters.allowed) };
  }
  if (controls?.versionUpgrades) out[CONTROL_PARAM.allowedVersionUpgradeOptions] = { value: lowered(controls.versionUpgrades.allowed) };
  if (controls?.capacity) {
    out[CONTROL_PARAM.maxCapacity] = { value: controls.capacity.max ?? NO_CAPACITY_CEILING };
    out[CONTROL_PARAM.maxCapacityByDeploymentType] = {
      value: Object.fromEntries(Object.entries(controls.capacity.byType).map(([k, v]) => [k.toLowerCase(), v])),
    };
  }
  return out;
}

/** The parameter definitions of the rules that are on (for the initiative). */
export function controlInitiativeParameters(controls: DeploymentControls | undefined): Record<string, ParameterDefinition> {
  return Object.fromEntries(enabledRules(controls).flatMap((r) => CONTROL_RULE_PARAMETERS[r].map((p) => [p, CONTROL_PARAMETERS[p]])));
}

/** One non-compliance message per control rule that is on (none when the config overrides messages). */
export function controlNonComplianceMessages(config: EffectiveConfig, maxLength: number): NonComplianceMessage[] {
  const c = config.deploymentControls;
  if (config.nonComplianceMessage || !c) return [];
  const verb = config.enforcementMode === EnforcementMode.DoNotEnforce ? "should" : "must";
  const contact = config.owner ? ` Contact: ${config.owner}.` : "";
  const text: Record<ControlRule, () => string> = {
    [ControlRule.DeploymentTypes]: () => `Model deployments ${verb} use one of the deployment types ${c.deploymentTypes?.allowed.join(", ")} (sku.name).`,
    [ControlRule.ContentFilters]: () =>
      `Model deployments ${verb} ${c.contentFilters?.required ? "name" : "only name"} a content filter (raiPolicyName)${c.contentFilters?.allowed.length ? ` among ${c.contentFilters.allowed.join(", ")}` : ""} that does not disable filtering.`,
    [ControlRule.VersionUpgrades]: () => `Model deployments ${verb} set versionUpgradeOption to ${c.versionUpgrades?.allowed.join(" or ")}.`,
    [ControlRule.Capacity]: () => {
      const byType = Object.entries(c.capacity?.byType ?? {}).map(([t, n]) => `${t} ${n}`);
      const max = c.capacity?.max === undefined ? [] : [`otherwise ${c.capacity.max}`];
      return `Model deployments ${verb} keep sku.capacity within the ceiling (${[...byType, ...max].join(", ")}).`;
    },
  };
  return enabledRules(c).map((rule) => ({ message: `[${rule}] ${text[rule]()}${contact}`.slice(0, maxLength), policyDefinitionReferenceId: rule }));
}

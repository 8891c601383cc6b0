/**
 * The deployment controls (issue 11) in Azure Policy: the rule, parameter definitions and
 * assignment values of each control's custom definition (one per rule that is on, built by
 * render.ts from the core's rule catalogue), each covering every surface with the field (Cognitive
 * Services account deployments; Foundry endpoint and connection deployments), with the values as
 * parameters so that editing them changes only the assignment.
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
import { ControlRule } from "../core/enums";
import { CONTROL_KEYS, CONTROL_SURFACES, ControlField, DeploymentControls, DISABLING_CONTENT_FILTERS, enabledRules } from "../core/deployment-controls";
import { ControlParameter, RULE_CATALOGUE } from "../core/rule-catalogue";
import { call, expr, isTrue, lit, param } from "./arm-expr";
import { ParameterDefinition } from "./plan";

/** Names of the deployment-control parameters (definitions, initiative and assignment): the config keys. */
const CONTROL_PARAM = Object.fromEntries(CONTROL_KEYS.map((k) => [k, k])) as { readonly [K in ControlParameter]: K };

/** `maxCapacity` when no default ceiling is set (no capacity is negative). */
export const NO_CAPACITY_CEILING = -1;

/** The parameter definitions. */
export const CONTROL_PARAMETERS: Record<ControlParameter, ParameterDefinition> = {
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
const notListed = (value: string, list: ControlParameter): string => call("not", call("contains", param(list), value));

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

// ---------------------------------------------------------------------------------------------
// Values

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
  return Object.fromEntries(enabledRules(controls).flatMap((r) => RULE_CATALOGUE[r].parameters.map((p) => [p, CONTROL_PARAMETERS[p]])));
}

/**
 * One custom policy rule per decision rule of the core, each covering every deployment surface.
 * Azure reports non-compliance per definition, so a denied deployment names the rule that denied it.
 *
 * The model id of whichever surface the resource is gets selected by `field('type')` (inside
 * `if()`, so an alias of another type is never read) and bound ONCE per rule as `current('id')`
 * with a one-element value count; the grammar then runs once. That keeps each rule far inside
 * Azure's authoring limits (2,048 functions per rule, 10 value counts, 81,920-character expressions).
 */
import { Rule } from "../core/enums";
import { SURFACES, REGISTRY_SOURCE_PREFIX, REGISTRY_SOURCE_PROVIDER_SEGMENT, DATA_REFERENCE_TYPES, ID_REFERENCE_TYPE, Surface } from "../core/surfaces";
import { call, expr, isTrue, lit, param } from "./arm-expr";
import { ModelIdExpressions } from "./model-id-expressions";

/** Names of the initiative and definition parameters. */
export const PARAM = {
  effect: "effect",
  allowedRegistries: "allowedRegistries",
  blockedModelKeys: "blockedModelKeys",
  allowedModelKeys: "allowedModelKeys",
  workspaceModels: "workspaceModels",
} as const;

type Condition = Record<string, unknown>;

/** The name that binds the model id inside the value count. */
const ID = "id";
const id = new ModelIdExpressions(call("current", lit(ID)));

/** Exact (ordinal) type test; `field('type')` is always a string. */
const typeIs = (t: string): string => call("equals", call("toLower", call("field", lit("type"))), lit(t.toLowerCase()));

/** The model id of the resource's surface ('' when absent), reading only the alias of its own type. */
function selectedId(): string {
  let e = lit("");
  for (const s of [...SURFACES].reverse()) e = call("if", typeIs(s.armType), call("coalesce", call("field", lit(s.modelField.alias)), lit("")), e);
  return e;
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what} surface, found ${items.length}`);
  return items[0];
}
const batch: Surface = only(
  SURFACES.filter((s) => s.referenceTypeField),
  "asset-reference",
);
const referenceTypeAlias = (batch.referenceTypeField as NonNullable<Surface["referenceTypeField"]>).alias;

/**
 * The batch `referenceType`, lower-cased, compared with ordinal `equals()` as the core does: a field
 * condition would compare culture-aware, where ignorable characters (`I\u200Bd`) could match `Id`.
 * A non-string value makes `toLower` fail, which Azure treats as a deny (the core denies it too).
 */
const referenceType = call("if", typeIs(batch.armType), call("toLower", call("coalesce", call("field", lit(referenceTypeAlias)), lit(""))), lit(""));
const referenceTypeIs = (...values: string[]): string => call("or", ...values.map((v) => call("equals", referenceType, lit(v.toLowerCase()))), "false()");

/** The surfaces the model-id rules apply to: type (and polymorphic gate); batch only for `Id` references. */
function applies(): Condition {
  return {
    anyOf: SURFACES.map((s) => {
      const c: Condition[] = [{ field: "type", equals: s.armType }];
      if (s.gate) c.push({ field: s.gate.alias, equals: s.gate.value });
      if (s.referenceTypeField) c.push(isTrue(referenceTypeIs(ID_REFERENCE_TYPE)));
      return c.length === 1 ? c[0] : { allOf: c };
    }),
  };
}

const foundryTypes = SURFACES.filter((s) => s.referenceKind === "registry-source").map((s) => s.armType.toLowerCase());
/** Foundry surfaces govern only sources that mention an Azure ML id (core: isGovernedSource); others always. */
const governed = call(
  "or",
  call("not", call("contains", call("createArray", ...foundryTypes.map(lit)), call("toLower", call("field", lit("type"))))),
  call("or", call("contains", id.l, lit(REGISTRY_SOURCE_PREFIX)), call("contains", id.l, lit(REGISTRY_SOURCE_PROVIDER_SEGMENT.toLowerCase()))),
);

/**
 * The surface applies and `where` holds of its model id. A missing id is '' (denied by the
 * grammar); a non-string id makes the string functions fail, which Azure treats as a deny.
 */
function withModelId(where: Condition[]): Condition {
  return {
    allOf: [applies(), { count: { value: expr(call("createArray", selectedId())), name: ID, where: { allOf: [isTrue(governed), ...where] } }, greater: 0 }],
  };
}

const inList = (value: string, list: string): Condition => ({ value: expr(value), in: expr(param(list)) });
const notInList = (value: string, list: string): Condition => ({ value: expr(value), notIn: expr(param(list)) });
const registry = (test: Condition[]): Condition => withModelId([isTrue(id.isRegistry), ...test]);
const batchWith = (test: string): Condition => ({ allOf: [{ field: "type", equals: batch.armType }, isTrue(test)] });

/** The violation condition of each rule. */
const RULE_CONDITIONS: Record<Exclude<Rule, "allowed">, () => Condition> = {
  [Rule.ModelReference]: () => ({
    anyOf: [
      withModelId([isTrue(call("not", id.isParseable))]),
      // No or an unknown referenceType is no recognisable reference either.
      batchWith(call("not", referenceTypeIs(ID_REFERENCE_TYPE, ...DATA_REFERENCE_TYPES))),
    ],
  }),
  [Rule.BlockedModels]: () => registry([{ anyOf: [inList(id.nameKey, PARAM.blockedModelKeys), inList(id.pinKey, PARAM.blockedModelKeys)] }]),
  [Rule.TrustedRegistries]: () => registry([notInList(id.registryName, PARAM.allowedRegistries)]),
  [Rule.ApprovedModels]: () =>
    registry([
      { value: expr(call("length", param(PARAM.allowedModelKeys))), greater: 0 },
      notInList(id.nameKey, PARAM.allowedModelKeys),
      notInList(id.pinKey, PARAM.allowedModelKeys),
    ]),
  [Rule.WorkspaceModels]: () => ({
    anyOf: [withModelId([isTrue(id.isWorkspace)]), batchWith(referenceTypeIs(...DATA_REFERENCE_TYPES))],
  }),
};

/** Parameters each rule reads (besides `effect`). */
export const RULE_PARAMETERS: Record<Exclude<Rule, "allowed">, Array<(typeof PARAM)[keyof typeof PARAM]>> = {
  [Rule.ModelReference]: [],
  [Rule.BlockedModels]: [PARAM.blockedModelKeys],
  [Rule.TrustedRegistries]: [PARAM.allowedRegistries],
  [Rule.ApprovedModels]: [PARAM.allowedModelKeys],
  [Rule.WorkspaceModels]: [PARAM.workspaceModels],
};

/** The `policyRule` of one decision rule, over every surface. */
export function policyRuleFor(rule: Exclude<Rule, "allowed">): { if: Condition; then: { effect: string } } {
  const c = RULE_CONDITIONS[rule]();
  const condition = rule === Rule.WorkspaceModels ? { allOf: [{ value: expr(param(PARAM.workspaceModels)), equals: "Deny" }, c] } : c;
  return { if: condition, then: { effect: expr(param(PARAM.effect)) } };
}

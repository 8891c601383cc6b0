/**
 * One custom policy rule per decision rule of the core, each covering every deployment surface.
 * Azure reports non-compliance per definition, so a denied deployment names the rule that denied it.
 */
import { Rule } from "../core/enums";
import { Surface, SURFACES, REGISTRY_SOURCE_PREFIX, REGISTRY_SOURCE_PROVIDER_SEGMENT, DATA_REFERENCE_TYPES, ID_REFERENCE_TYPE } from "../core/surfaces";
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

/** The name that binds the model id inside each surface's value count. */
const ID = "id";

interface SurfaceExpressions {
  surface: Surface;
  /** Field conditions that select the surface (type, polymorphic gate). */
  applies: Condition[];
  /** Expressions over `current('id')`, the model id as written. */
  id: ModelIdExpressions;
  /** Registry-source surfaces: whether the id is one we govern (core: isGovernedSource). */
  governed?: string;
}

function surfaceExpressions(s: Surface): SurfaceExpressions {
  const id = new ModelIdExpressions(call("current", lit(ID)));
  const applies: Condition[] = [{ field: "type", equals: s.armType }];
  if (s.gate) applies.push({ field: s.gate.alias, equals: s.gate.value });
  const x: SurfaceExpressions = { surface: s, applies, id };
  if (s.referenceKind === "registry-source") {
    // contains() is case-sensitive, so it runs on the lower-cased id, like the core's includes().
    x.governed = call("or", call("contains", id.l, lit(REGISTRY_SOURCE_PREFIX)), call("contains", id.l, lit(REGISTRY_SOURCE_PROVIDER_SEGMENT.toLowerCase())));
  }
  return x;
}

/**
 * Binds the surface's model id once, as `current('id')`, with a one-element value count, and
 * tests `where` on it. This keeps every rule far below Azure's expression-length limit: the alias
 * appears once instead of in every sub-expression. A missing field becomes '' (denied by the
 * grammar); a non-string value makes the string functions fail, which Azure treats as a deny.
 */
function withModelId(x: SurfaceExpressions, where: Condition[]): Condition {
  const value = expr(call("createArray", call("coalesce", call("field", lit(x.surface.modelField.alias)), lit(""))));
  const governed = x.governed ? [isTrue(x.governed)] : [];
  return { count: { value, name: ID, where: { allOf: [...governed, ...where] } }, greater: 0 };
}

/** Batch deployments: an `Id` reference carries a model id; DataPath/OutputPath name workspace data. */
const referenceType = (x: SurfaceExpressions): string | undefined => x.surface.referenceTypeField?.alias;
const isIdRef = (alias: string): Condition => ({ field: alias, equals: ID_REFERENCE_TYPE });
const isDataRef = (alias: string): Condition => ({ field: alias, in: [...DATA_REFERENCE_TYPES] });

const inList = (value: string, list: string): Condition => ({ value: expr(value), in: expr(param(list)) });
const notInList = (value: string, list: string): Condition => ({ value: expr(value), notIn: expr(param(list)) });

/** A registry-model rule: the surface applies, the reference is an `Id` (batch), the id is a registry model, and `test` holds. */
function registryRule(x: SurfaceExpressions, test: Condition[]): Condition {
  const rt = referenceType(x);
  return { allOf: [...x.applies, ...(rt ? [isIdRef(rt)] : []), withModelId(x, [isTrue(x.id.isRegistry), ...test])] };
}

/** The per-surface violation condition of each rule. */
const RULE_CONDITIONS: Record<Exclude<Rule, "allowed">, (x: SurfaceExpressions) => Condition> = {
  [Rule.ModelReference]: (x) => {
    const unparseable = withModelId(x, [isTrue(call("not", x.id.isParseable))]);
    const rt = referenceType(x);
    if (!rt) return { allOf: [...x.applies, unparseable] };
    // No or an unknown referenceType is no recognisable reference either.
    return { allOf: [...x.applies, { anyOf: [{ allOf: [isIdRef(rt), unparseable] }, { field: rt, notIn: [ID_REFERENCE_TYPE, ...DATA_REFERENCE_TYPES] }] }] };
  },
  [Rule.BlockedModels]: (x) => registryRule(x, [{ anyOf: [inList(x.id.nameKey, PARAM.blockedModelKeys), inList(x.id.pinKey, PARAM.blockedModelKeys)] }]),
  [Rule.TrustedRegistries]: (x) => registryRule(x, [notInList(x.id.registryName, PARAM.allowedRegistries)]),
  [Rule.ApprovedModels]: (x) =>
    registryRule(x, [
      { value: expr(call("length", param(PARAM.allowedModelKeys))), greater: 0 },
      notInList(x.id.nameKey, PARAM.allowedModelKeys),
      notInList(x.id.pinKey, PARAM.allowedModelKeys),
    ]),
  [Rule.WorkspaceModels]: (x) => {
    const workspace = withModelId(x, [isTrue(x.id.isWorkspace)]);
    const rt = referenceType(x);
    if (!rt) return { allOf: [...x.applies, workspace] };
    return { allOf: [...x.applies, { anyOf: [{ allOf: [isIdRef(rt), workspace] }, isDataRef(rt)] }] };
  },
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
  const perSurface = SURFACES.map((s) => RULE_CONDITIONS[rule](surfaceExpressions(s)));
  const anySurface: Condition = { anyOf: perSurface };
  const condition = rule === Rule.WorkspaceModels ? { allOf: [{ value: expr(param(PARAM.workspaceModels)), equals: "Deny" }, anySurface] } : anySurface;
  return { if: condition, then: { effect: expr(param(PARAM.effect)) } };
}

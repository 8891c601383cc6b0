/**
 * One custom policy rule per decision rule of the core, each covering every deployment surface.
 * Azure reports non-compliance per definition, so a denied deployment names the rule that denied it.
 *
 * The model id of whichever surface the resource is gets selected by `field('type')` (inside
 * `if()`, so an alias of another type is never read) and bound ONCE per rule as `current('id')`
 * with a one-element value count; the grammar then runs once. That keeps each rule far inside
 * Azure's authoring limits (2,048 functions per rule, 10 value counts, 81,920-character expressions).
 */
import { DenyRule, Rule } from "../core/enums";
import { MODEL_PARAMETER } from "../core/rule-catalogue";
import {
  POLICY_SURFACES as SURFACES,
  SURFACES as ALL_SURFACES,
  REGISTRY_SOURCE_PREFIX,
  REGISTRY_SOURCE_PROVIDER_SEGMENT,
  DATA_REFERENCE_TYPES,
  ID_REFERENCE_TYPE,
  Surface,
  CatalogFields,
} from "../core/surfaces";
import { call, expr, isTrue, lit, param } from "./arm-expr";
import { ModelIdExpressions } from "./model-id-expressions";
import { CatalogExpressions } from "./catalog-expressions";

/** Names of the initiative and definition parameters of the model rules: the shared `effect`, and the catalogue's. */
export const PARAM = { effect: "effect", ...MODEL_PARAMETER } as const;

type Condition = Record<string, unknown>;

/** The name that binds the model id inside the value count. */
const ID = "id";
const id = new ModelIdExpressions(call("current", lit(ID)));

/** Exact (ordinal) type test; `field('type')` is always a string. */
const typeIs = (t: string): string => call("equals", call("toLower", call("field", lit("type"))), lit(t.toLowerCase()));

const fieldOr = (alias: string): string => call("coalesce", call("field", lit(alias)), lit(""));

/**
 * Whether a catalog surface holds the `managedOnlineEndpoint` variant (a plain model id string):
 * `properties.type` equals it, ordinal and case-insensitive as in the core. A non-string type
 * makes toLower fail (Azure: deny), as the core denies it.
 */
function isManagedVariant(c: CatalogFields | undefined): string {
  const v = c?.managedVariant;
  return v ? call("equals", call("toLower", fieldOr(v.typeField.alias)), lit(v.value.toLowerCase())) : "false()";
}

/** The model id of the resource's surface ('' when absent), reading only the alias of its own type. */
function selectedId(): string {
  let e = lit("");
  for (const s of [...SURFACES].reverse()) {
    const v = s.catalog?.managedVariant;
    const own = v ? call("if", isManagedVariant(s.catalog), fieldOr(v.modelField.alias), fieldOr(s.modelField.alias)) : fieldOr(s.modelField.alias);
    e = call("if", typeIs(s.armType), own, e);
  }
  return e;
}

/** Whether the resource is a catalog surface in its managedOnlineEndpoint variant. */
function selectedManaged(): string {
  let e = "false()";
  for (const s of [...SURFACES].reverse()) if (s.catalog?.managedVariant) e = call("if", typeIs(s.armType), isManagedVariant(s.catalog), e);
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

const catalogSurfaces = SURFACES.filter((s) => s.referenceKind === "catalog");
const foundryTypes = catalogSurfaces.map((s) => s.armType.toLowerCase());
/** Whether a source value mentions an Azure ML id (core: isGovernedSource). */
const mentionsAzureMl = (l: string): string =>
  call("or", call("contains", l, lit(REGISTRY_SOURCE_PREFIX)), call("contains", l, lit(REGISTRY_SOURCE_PROVIDER_SEGMENT.toLowerCase())));
/**
 * Catalog surfaces govern a registry id only where the source mentions an Azure ML id, or in the
 * managedOnlineEndpoint variant (core: readCatalog); other surfaces always.
 */
const governed = call(
  "or",
  call("not", call("contains", call("createArray", ...foundryTypes.map(lit)), call("toLower", call("field", lit("type"))))),
  call("or", selectedManaged(), mentionsAzureMl(id.l)),
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

// ---------------------------------------------------------------------------------------------
// Catalog models

const CATALOG = "c";
const cat = new CatalogExpressions(call("current", lit(CATALOG)));

/** The catalog tuple [format, name, version, publisher, versionUpgradeOption] of one catalog surface. */
function catalogTuple(c: CatalogFields): string {
  return call(
    "createArray",
    fieldOr(c.format.alias),
    fieldOr(c.name.alias),
    fieldOr(c.version.alias),
    c.publisher ? fieldOr(c.publisher.alias) : lit(""),
    fieldOr(c.versionUpgradeOption.alias),
  );
}

/**
 * Whether the catalog path applies (core: readCatalog): not the managedOnlineEndpoint variant, and
 * not a deployment that names only an Azure ML source (no format, no name).
 */
function catalogApplies(s: Surface, c: CatalogFields): string {
  const onlySource = call(
    "and",
    mentionsAzureMl(call("toLower", fieldOr(s.modelField.alias))),
    call("equals", fieldOr(c.format.alias), lit("")),
    call("equals", fieldOr(c.name.alias), lit("")),
  );
  return call("and", call("not", isManagedVariant(c)), call("not", onlySource));
}

/** The tuple where the catalog path does not apply: every field '', so nothing in `where` can fail. */
const EMPTY_TUPLE = call("createArray", lit(""), lit(""), lit(""), lit(""), lit(""));

/** Selects, by the resource's type, one catalog surface's expression (`fallback` for other types). */
function byCatalogType(pick: (s: Surface, c: CatalogFields) => string, fallback: string): string {
  let e = fallback;
  for (const s of [...catalogSurfaces].reverse()) e = call("if", typeIs(s.armType), pick(s, s.catalog as CatalogFields), e);
  return e;
}

/**
 * A catalog surface applies and `where` holds of its catalog tuple. One branch for every catalog
 * type, the tuple selected by type and bound once, so the grammar is written once per rule
 * (Azure's 2,048-function limit).
 */
function withCatalog(where: Condition[]): Condition {
  return {
    allOf: [
      { anyOf: catalogSurfaces.map((s) => ({ field: "type", equals: s.armType })) },
      isTrue(byCatalogType(catalogApplies, "false()")),
      {
        count: {
          value: expr(
            call(
              "createArray",
              byCatalogType((cs, c) => call("if", catalogApplies(cs, c), catalogTuple(c), EMPTY_TUPLE), EMPTY_TUPLE),
            ),
          ),
          name: CATALOG,
          where: where.length === 1 ? where[0] : { allOf: where },
        },
        greater: 0,
      },
    ],
  };
}

/** Either publisher name of the deployment (format, and publisher where set). */
const eitherPublisher = (test: (publisher: string) => Condition): Condition => ({ anyOf: [test(cat.format), test(cat.otherPublisher)] });

const CATALOG_CONDITIONS = {
  reference: (): Condition => withCatalog([isTrue(call("not", cat.readable))]),
  blocked: (): Condition =>
    withCatalog([eitherPublisher((p) => ({ anyOf: [inList(cat.nameKey(p), PARAM.blockedModelKeys), inList(cat.pinKey(p), PARAM.blockedModelKeys)] }))]),
  publishers: (): Condition => withCatalog([eitherPublisher((p) => notInList(call("toLower", p), PARAM.allowedPublishers))]),
  approved: (): Condition =>
    withCatalog([
      { value: expr(call("length", param(PARAM.allowedModelKeys))), greater: 0 },
      eitherPublisher((p) => ({ allOf: [notInList(cat.nameKey(p), PARAM.allowedModelKeys), notInList(cat.pinKey(p), PARAM.allowedModelKeys)] })),
    ]),
};

/** Types whose model field Azure publishes no alias for: denied outright (see README, "Foundry models"). */
const unreadableTypes = (): Condition[] => ALL_SURFACES.filter((s) => s.noPolicyAlias).map((s) => ({ field: "type", equals: s.armType }));

const inList = (value: string, list: string): Condition => ({ value: expr(value), in: expr(param(list)) });
const notInList = (value: string, list: string): Condition => ({ value: expr(value), notIn: expr(param(list)) });
const registry = (test: Condition[]): Condition => withModelId([isTrue(id.isRegistry), ...test]);
const batchWith = (test: string): Condition => ({ allOf: [{ field: "type", equals: batch.armType }, isTrue(test)] });

/** The violation condition of each rule. */
const RULE_CONDITIONS: Record<DenyRule, () => Condition> = {
  [Rule.ModelReference]: () => ({
    anyOf: [
      withModelId([isTrue(call("not", id.isParseable))]),
      // No or an unknown referenceType is no recognisable reference either.
      batchWith(call("not", referenceTypeIs(ID_REFERENCE_TYPE, ...DATA_REFERENCE_TYPES))),
      CATALOG_CONDITIONS.reference(),
      ...unreadableTypes(),
    ],
  }),
  [Rule.BlockedModels]: () => ({
    anyOf: [registry([{ anyOf: [inList(id.nameKey, PARAM.blockedModelKeys), inList(id.pinKey, PARAM.blockedModelKeys)] }]), CATALOG_CONDITIONS.blocked()],
  }),
  [Rule.TrustedRegistries]: () => registry([notInList(id.registryName, PARAM.allowedRegistries)]),
  [Rule.TrustedPublishers]: () => CATALOG_CONDITIONS.publishers(),
  [Rule.ApprovedModels]: () => ({
    anyOf: [
      registry([
        { value: expr(call("length", param(PARAM.allowedModelKeys))), greater: 0 },
        notInList(id.nameKey, PARAM.allowedModelKeys),
        notInList(id.pinKey, PARAM.allowedModelKeys),
      ]),
      CATALOG_CONDITIONS.approved(),
    ],
  }),
  [Rule.WorkspaceModels]: () => ({
    anyOf: [withModelId([isTrue(id.isWorkspace)]), batchWith(referenceTypeIs(...DATA_REFERENCE_TYPES))],
  }),
};

/** The `policyRule` of one decision rule, over every surface. */
export function policyRuleFor(rule: DenyRule): { if: Condition; then: { effect: string } } {
  const c = RULE_CONDITIONS[rule]();
  const condition = rule === Rule.WorkspaceModels ? { allOf: [{ value: expr(param(PARAM.workspaceModels)), equals: "Deny" }, c] } : c;
  return { if: condition, then: { effect: expr(param(PARAM.effect)) } };
}

/**
 * The catalog-model grammar and list keys of core/catalog-model.ts, written as ARM template
 * expressions over one bound tuple `current('c')` = [format, name, version, publisher,
 * versionUpgradeOption] (each coalesced to '' when absent). The differential tests evaluate both
 * sides on the same deployments.
 *
 * Non-string values are never tested for: the string functions fail on them, which Azure treats as
 * a deny, and the core denies every non-string catalog field under `model-reference`, the first rule.
 */
import { CATALOG_KEY_PREFIX, CATALOG_LIMITS, CATALOG_SYMBOLS, CatalogField, NO_AUTO_UPGRADE } from "../core/catalog-model";
import { and, call, idx, lit, or, residue } from "./arm-expr";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/** Expressions over the bound catalog tuple. */
export class CatalogExpressions {
  constructor(private readonly tuple: string) {}

  private at(i: number): string {
    return idx(this.tuple, i);
  }
  get format(): string {
    return this.at(0);
  }
  get name(): string {
    return this.at(1);
  }
  get version(): string {
    return this.at(2);
  }
  get publisher(): string {
    return this.at(3);
  }
  get upgrade(): string {
    return this.at(4);
  }

  /** A string field is valid for its kind (core: catalogFieldProblem is undefined). */
  private valid(e: string, kind: CatalogField): string {
    const symbols = CATALOG_SYMBOLS[kind];
    const checks = [
      call("not", call("empty", e)),
      call("lessOrEquals", call("length", e), CATALOG_LIMITS[kind]),
      // Both case mappings leave no residue: a non-ASCII letter that maps to ASCII still fails one.
      call("empty", residue(call("toLower", e), LETTERS + DIGITS + symbols)),
      call("empty", residue(call("toUpper", e), LETTERS.toUpperCase() + DIGITS + symbols)),
      ...[...symbols].map((s) => call("not", call("startsWith", e, lit(s)))),
    ];
    if (kind === "publisher") checks.push(...[...symbols].map((s) => call("not", call("endsWith", e, lit(s)))), call("not", call("contains", e, lit("  "))));
    return and(...checks);
  }

  /** Every field readable: format and name valid, version and publisher valid when set, the upgrade option a string. */
  get readable(): string {
    return and(
      this.valid(this.format, "publisher"),
      this.valid(this.name, "name"),
      or(call("empty", this.version), this.valid(this.version, "version")),
      or(call("empty", this.publisher), this.valid(this.publisher, "publisher")),
      // toLower fails on a non-string option, as the core denies one.
      call("greaterOrEquals", call("length", call("toLower", this.upgrade)), 0),
    );
  }

  /** The second publisher name: `publisher` when set, else `format` again. */
  get otherPublisher(): string {
    return call("if", call("empty", this.publisher), this.format, this.publisher);
  }

  /** The version, when held (named and NoAutoUpgrade); `*` otherwise (core: catalogPinKey). */
  private get held(): string {
    return call(
      "if",
      and(call("not", call("empty", this.version)), call("equals", call("toLower", this.upgrade), lit(NO_AUTO_UPGRADE.toLowerCase()))),
      call("toLower", this.version),
      lit("*"),
    );
  }

  /** `catalog:{publisher}/{name}` lower case (core: catalogNameKey). */
  nameKey(publisher: string): string {
    return call("concat", lit(CATALOG_KEY_PREFIX), call("toLower", publisher), lit("/"), call("toLower", this.name));
  }

  /** `catalog:{publisher}/{name}/versions/{v|*}` (core: catalogPinKey). */
  pinKey(publisher: string): string {
    return call("concat", this.nameKey(publisher), lit("/versions/"), this.held);
  }
}

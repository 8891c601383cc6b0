/**
 * The model-id grammar of core/model-id.ts, written as ARM template expressions over one policy
 * alias. Every piece mirrors a branch of the core parser; the differential tests (test/agreement)
 * evaluate both on the same inputs.
 *
 * Azure may evaluate every operand of a condition and of `and()`/`or()`, and a function that fails
 * is an implicit deny, so every index access is guarded by `if()` (which is lazy) on the length.
 */
import { AZUREML_SHORT_PREFIX, AZUREML_URI_PREFIX, ARM_ID_PREFIX, ML_PROVIDER_SEGMENT } from "../core/model-id";
import { and, call, idx, lit, or, residue } from "./arm-expr";

/** Lower-case letters, digits and symbols a model id may hold (core: MODEL_ID_ALLOWED_CHARS). */
const LOWER_ALLOWED = "abcdefghijklmnopqrstuvwxyz0123456789._-/:@";
const UPPER_ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@";

const eq = (a: string, b: string | number): string => call("equals", a, typeof b === "number" ? String(b) : lit(b));
const ifx = (c: string, t: string, f: string): string => call("if", c, t, f);

/** Expressions for one model-id value. */
export class ModelIdExpressions {
  /** The original string. */
  readonly s: string;
  /** Lower case. */
  readonly l: string;

  /** @param source an expression for the id as written (e.g. `current('id')`). */
  constructor(source: string) {
    this.s = source;
    this.l = call("toLower", source);
  }

  private get parts(): string {
    return call("split", this.l, lit("/"));
  }
  private p(i: number): string {
    return idx(this.parts, i);
  }
  private get n(): string {
    return call("length", this.parts);
  }
  /** Non-empty and not starting with '.': `concat(e, '.')` starts with '.' exactly when either fails. */
  private seg(e: string): string {
    return call("not", call("startsWith", call("concat", e, lit(".")), lit(".")));
  }
  /** Each listed segment equals its literal (in index order, as the id reads). */
  private literals(segments: Record<number, string>): string[] {
    return Object.entries(segments).map(([i, text]) => eq(this.p(Number(i)), text));
  }
  private segs(...is: number[]): string[] {
    return is.map((i) => this.seg(this.p(i)));
  }
  private pinnedAt(i: number): string {
    return or(eq(this.p(i), "versions"), eq(this.p(i), "labels"));
  }
  private startsWith(prefix: string): string {
    return call("startsWith", this.l, lit(prefix));
  }
  private containsChar(e: string, ch: string): string {
    return call("contains", e, lit(ch));
  }

  /**
   * Only allowed ASCII characters. Checked after both toLower and toUpper, so a non-ASCII
   * character that case-maps to ASCII (Kelvin sign, dotless i, long s) still leaves a residue.
   */
  get charsetOk(): string {
    return and(call("empty", residue(this.l, LOWER_ALLOWED)), call("empty", residue(call("toUpper", this.s), UPPER_ALLOWED)));
  }

  /** The text after `azureml://`, guarded. */
  private get uriRest(): string {
    return ifx(this.startsWith(AZUREML_URI_PREFIX), call("substring", this.l, AZUREML_URI_PREFIX.length), lit(""));
  }
  private get uriHasNoColonOrAt(): string {
    return and(call("not", this.containsChar(this.uriRest, ":")), call("not", this.containsChar(this.uriRest, "@")));
  }
  private get noColonOrAt(): string {
    return and(call("not", this.containsChar(this.l, ":")), call("not", this.containsChar(this.l, "@")));
  }

  /** `azureml://registries/{r}/models/{m}[/versions|labels/{x}]` (split: azureml:, '', registries, r, models, m, ...). */
  get isRegistryUri(): string {
    return ifx(
      and(this.startsWith(AZUREML_URI_PREFIX), this.uriHasNoColonOrAt, or(eq(this.n, 6), eq(this.n, 8))),
      and(...this.literals({ 2: "registries", 4: "models" }), ...this.segs(3, 5), ifx(eq(this.n, 8), and(this.pinnedAt(6), ...this.segs(7)), "true()")),
      "false()",
    );
  }

  /** Workspace `azureml://locations/...` and `azureml://subscriptions/...` asset ids. */
  get isWorkspaceUri(): string {
    const loc = (extra: string[]) => and(...this.literals({ 2: "locations", 4: "workspaces", 6: "models" }), ...this.segs(3, 5, 7), ...extra);
    const sub = (extra: string[]) =>
      and(...this.literals({ 2: "subscriptions", 4: "resourcegroups", 6: "workspaces", 8: "models" }), ...this.segs(3, 5, 7, 9), ...extra);
    return ifx(
      and(this.startsWith(AZUREML_URI_PREFIX), this.uriHasNoColonOrAt),
      ifx(
        eq(this.n, 8),
        loc([]),
        ifx(eq(this.n, 10), or(loc([this.pinnedAt(8), ...this.segs(9)]), sub([])), ifx(eq(this.n, 12), sub([this.pinnedAt(10), ...this.segs(11)]), "false()")),
      ),
      "false()",
    );
  }

  /** ARM ids under the Azure ML provider, for `registries` or `workspaces`. */
  private isArm(kind: "registries" | "workspaces"): string {
    const body = (extra: string[]) =>
      and(
        ...this.literals({ 0: "", 1: "subscriptions", 3: "resourcegroups", 5: "providers", 6: ML_PROVIDER_SEGMENT, 7: kind, 9: "models" }),
        ...this.segs(2, 4, 8, 10),
        ...extra,
      );
    return ifx(
      and(this.startsWith(ARM_ID_PREFIX), this.noColonOrAt, or(eq(this.n, 11), eq(this.n, 13))),
      body([ifx(eq(this.n, 13), and(eq(this.p(11), "versions"), ...this.segs(12)), "true()")]),
      "false()",
    );
  }

  /** `azureml:{m}:{v}` or `azureml:{m}@{label}`. */
  get isShortForm(): string {
    const rest = ifx(this.startsWith(AZUREML_SHORT_PREFIX), call("substring", this.l, AZUREML_SHORT_PREFIX.length), lit(""));
    const byColon = call("split", rest, lit(":"));
    const byAt = call("split", rest, lit("@"));
    const two = (parts: string) => ifx(eq(call("length", parts), 2), and(this.seg(idx(parts, 0)), this.seg(idx(parts, 1))), "false()");
    return ifx(
      and(this.startsWith(AZUREML_SHORT_PREFIX), call("not", this.startsWith(AZUREML_URI_PREFIX)), call("not", this.containsChar(rest, "/"))),
      or(and(eq(call("length", byAt), 1), two(byColon)), and(eq(call("length", byColon), 1), two(byAt))),
      "false()",
    );
  }

  /** A registry model (core: parses with source registry). */
  get isRegistry(): string {
    return and(this.charsetOk, or(this.isRegistryUri, this.isArm("registries")));
  }

  /** A workspace model (core: parses with source workspace). */
  get isWorkspace(): string {
    return and(this.charsetOk, or(this.isWorkspaceUri, this.isArm("workspaces"), this.isShortForm));
  }

  /** Any recognised form (core: parse ok); the charset is checked once. */
  get isParseable(): string {
    return and(this.charsetOk, or(this.isRegistryUri, this.isArm("registries"), this.isWorkspaceUri, this.isArm("workspaces"), this.isShortForm));
  }

  /**
   * Registry, model and version pieces. They are only meaningful where {@link isRegistry} holds
   * (every rule conjoins it), so they need only be safe, not validating.
   */
  private pick(uriIndex: number, armIndex: number): string {
    return ifx(
      this.startsWith(AZUREML_URI_PREFIX),
      ifx(call("greater", this.n, uriIndex), this.p(uriIndex), lit("")),
      ifx(call("greater", this.n, armIndex), this.p(armIndex), lit("")),
    );
  }
  get registryName(): string {
    return this.pick(3, 8);
  }
  get modelName(): string {
    return this.pick(5, 10);
  }
  /** The pinned version, or `*` for none or a label (core: pinKey). */
  get version(): string {
    return ifx(
      this.startsWith(AZUREML_URI_PREFIX),
      ifx(eq(this.n, 8), ifx(eq(this.p(6), "versions"), this.p(7), lit("*")), lit("*")),
      ifx(eq(this.n, 13), this.p(12), lit("*")),
    );
  }
  /** `{registry}/{model}` (core: nameKey). */
  get nameKey(): string {
    return call("concat", this.registryName, lit("/"), this.modelName);
  }
  /** `{registry}/{model}/versions/{v|*}` (core: pinKey). */
  get pinKey(): string {
    return call("concat", this.registryName, lit("/"), this.modelName, lit("/versions/"), this.version);
  }
}

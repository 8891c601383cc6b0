/**
 * Model-id parsing: the one grammar every enforcement point shares.
 *
 * The grammar is deliberately narrow and positional, so that the Azure Policy renderer can
 * express exactly the same grammar with `split()`/`equals` (see azure-policy/model-id-expressions.ts).
 * Anything outside it is unparseable, and unparseable references are denied (fail closed).
 *
 * Accepted forms (matched case-insensitively; the canonical form is lower case):
 * - `azureml://registries/{r}/models/{m}` with optional `/versions/{v}` or `/labels/{l}`
 * - `/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.MachineLearningServices/registries/{r}/models/{m}[/versions/{v}]`
 * - the same ARM id with `workspaces/{w}` (a workspace model)
 * - `azureml://locations/{loc}/workspaces/{w}/models/{m}[/versions/{v} | /labels/{l}]`
 * - `azureml://subscriptions/{s}/resourceGroups/{g}/workspaces/{w}/models/{m}[/versions/{v} | /labels/{l}]`
 * - `azureml:{m}:{v}` and `azureml:{m}@{label}` (workspace short forms)
 */
import { ModelSource } from "./enums";

/** Characters a model id may contain at all (ASCII only: look-alikes and encodings fail closed). */
export const MODEL_ID_ALLOWED_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@";
const ALLOWED_CHARS_RE = /^[A-Za-z0-9._\-/:@]+$/;

/**
 * Longest id accepted: Azure Policy fails (an implicit deny) on function results longer than
 * 131,072 characters, and `field()` returns the id, so longer ids are denied on both sides.
 */
export const MODEL_ID_MAX_LENGTH = 131_072;

/** The scheme prefixes of the grammar, lower case. */
export const AZUREML_URI_PREFIX = "azureml://";
export const AZUREML_SHORT_PREFIX = "azureml:";
export const ARM_ID_PREFIX = "/subscriptions/";
export const ML_PROVIDER_SEGMENT = "microsoft.machinelearningservices";

/** A successfully parsed model reference. All names are lower case. */
export interface ModelRef {
  /** Registry or workspace. */
  source: ModelSource;
  /** Registry name, for registry models. */
  registry?: string;
  /** Workspace name, where the form names one. */
  workspace?: string;
  /** Model name. */
  model: string;
  /** Pinned version, if any. */
  version?: string;
  /** Label (`latest`, ...), if any. A label pins nothing: it may resolve to any version. */
  label?: string;
  /** Canonical lower-case form, for messages and comparisons. */
  canonical: string;
}

/** The outcome of {@link parseModelId}. */
export type ParseResult = { ok: true; ref: ModelRef } | { ok: false; problem: string };

const fail = (problem: string): ParseResult => ({ ok: false, problem });

/** A name, version or label segment: non-empty, and no dot segments or hidden names. */
export function isValidSegment(segment: string): boolean {
  return segment.length > 0 && !segment.startsWith(".");
}

function describeBadChar(id: string): string {
  for (const ch of id) {
    if (!MODEL_ID_ALLOWED_CHARS.includes(ch)) {
      const cp = ch.codePointAt(0) ?? 0;
      return `character U+${cp.toString(16).toUpperCase().padStart(4, "0")} (${JSON.stringify(ch)}) is not allowed; model ids use only ASCII letters, digits and . _ - / : @`;
    }
  }
  return "unexpected character";
}

function registryRef(registry: string, model: string, pinKind: string | undefined, pin: string | undefined): ModelRef {
  const base = `azureml://registries/${registry}/models/${model}`;
  if (pinKind === "versions") return { source: ModelSource.Registry, registry, model, version: pin, canonical: `${base}/versions/${pin}` };
  if (pinKind === "labels") return { source: ModelSource.Registry, registry, model, label: pin, canonical: `${base}/labels/${pin}` };
  return { source: ModelSource.Registry, registry, model, canonical: base };
}

function workspaceRef(canonical: string, workspace: string | undefined, model: string, pinKind: string | undefined, pin: string | undefined): ModelRef {
  const ref: ModelRef = { source: ModelSource.Workspace, model, canonical };
  if (workspace !== undefined) ref.workspace = workspace;
  if (pinKind === "versions") ref.version = pin;
  if (pinKind === "labels") ref.label = pin;
  return ref;
}

/** Checks `p[i] === literal` for each `[i, literal]` and that the named positions are valid segments. */
function shapeMatches(p: string[], literals: Array<[number, string]>, segments: number[]): boolean {
  return literals.every(([i, lit]) => p[i] === lit) && segments.every((i) => isValidSegment(p[i] ?? ""));
}

function parseAzuremlUri(lower: string): ParseResult {
  const rest = lower.slice(AZUREML_URI_PREFIX.length);
  if (rest.includes(":") || rest.includes("@")) return fail("':' and '@' are not allowed after the azureml:// scheme");
  const p = rest.split("/");
  const n = p.length;
  const pinned = (i: number) => p[i] === "versions" || p[i] === "labels";
  if (p[0] === "registries") {
    if (n === 4 && shapeMatches(p, [[2, "models"]], [1, 3])) return { ok: true, ref: registryRef(p[1], p[3], undefined, undefined) };
    if (n === 6 && pinned(4) && shapeMatches(p, [[2, "models"]], [1, 3, 5])) return { ok: true, ref: registryRef(p[1], p[3], p[4], p[5]) };
    return fail("expected azureml://registries/{registry}/models/{model}[/versions/{version} | /labels/{label}]");
  }
  if (p[0] === "locations") {
    const lit: Array<[number, string]> = [
      [2, "workspaces"],
      [4, "models"],
    ];
    if (n === 6 && shapeMatches(p, lit, [1, 3, 5])) return { ok: true, ref: workspaceRef(lower, p[3], p[5], undefined, undefined) };
    if (n === 8 && pinned(6) && shapeMatches(p, lit, [1, 3, 5, 7])) return { ok: true, ref: workspaceRef(lower, p[3], p[5], p[6], p[7]) };
    return fail("expected azureml://locations/{location}/workspaces/{workspace}/models/{model}[/versions/{version}]");
  }
  if (p[0] === "subscriptions") {
    const lit: Array<[number, string]> = [
      [2, "resourcegroups"],
      [4, "workspaces"],
      [6, "models"],
    ];
    if (n === 8 && shapeMatches(p, lit, [1, 3, 5, 7])) return { ok: true, ref: workspaceRef(lower, p[5], p[7], undefined, undefined) };
    if (n === 10 && pinned(8) && shapeMatches(p, lit, [1, 3, 5, 7, 9])) return { ok: true, ref: workspaceRef(lower, p[5], p[7], p[8], p[9]) };
    return fail("expected azureml://subscriptions/{id}/resourceGroups/{group}/workspaces/{workspace}/models/{model}[/versions/{version}]");
  }
  return fail(`unknown azureml:// form '${p[0]}' (only registries, locations and subscriptions model ids are recognised)`);
}

function parseArmId(lower: string): ParseResult {
  if (lower.includes(":") || lower.includes("@")) return fail("':' and '@' are not allowed in an ARM id");
  const p = lower.split("/");
  const n = p.length;
  const lit: Array<[number, string]> = [
    [0, ""],
    [1, "subscriptions"],
    [3, "resourcegroups"],
    [5, "providers"],
    [6, ML_PROVIDER_SEGMENT],
    [9, "models"],
  ];
  const kind = p[7];
  if ((kind === "registries" || kind === "workspaces") && (n === 11 || (n === 13 && p[11] === "versions"))) {
    const segs = n === 13 ? [2, 4, 8, 10, 12] : [2, 4, 8, 10];
    if (shapeMatches(p, lit, segs)) {
      const pinKind = n === 13 ? "versions" : undefined;
      const pin = n === 13 ? p[12] : undefined;
      return { ok: true, ref: kind === "registries" ? registryRef(p[8], p[10], pinKind, pin) : workspaceRef(lower, p[8], p[10], pinKind, pin) };
    }
  }
  return fail(
    "expected /subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.MachineLearningServices/{registries|workspaces}/{name}/models/{model}[/versions/{version}]",
  );
}

function parseShortForm(lower: string): ParseResult {
  const rest = lower.slice(AZUREML_SHORT_PREFIX.length);
  const expected = "expected azureml:{model}:{version} or azureml:{model}@{label}";
  if (rest.includes("/")) return fail(expected);
  const byColon = rest.split(":");
  const byAt = rest.split("@");
  if (byColon.length === 2 && byAt.length === 1 && isValidSegment(byColon[0]) && isValidSegment(byColon[1])) {
    return { ok: true, ref: workspaceRef(lower, undefined, byColon[0], "versions", byColon[1]) };
  }
  if (byColon.length === 1 && byAt.length === 2 && isValidSegment(byAt[0]) && isValidSegment(byAt[1])) {
    return { ok: true, ref: workspaceRef(lower, undefined, byAt[0], "labels", byAt[1]) };
  }
  return fail(expected);
}

/**
 * Parses a model id into a {@link ModelRef}, or explains why it cannot.
 * Never throws; any non-string input is unparseable.
 */
export function parseModelId(id: unknown): ParseResult {
  if (typeof id !== "string")
    return fail(
      id === undefined || id === null
        ? "no model id is given"
        : `the model id is ${Array.isArray(id) ? "an array" : typeof id === "object" ? "an object" : `a ${typeof id}`}, not a string`,
    );
  if (id.length === 0) return fail("the model id is empty");
  if (id.length > MODEL_ID_MAX_LENGTH) return fail(`the model id is ${id.length} characters long; at most ${MODEL_ID_MAX_LENGTH} are accepted`);
  if (!ALLOWED_CHARS_RE.test(id)) return fail(describeBadChar(id));
  // ASCII-only from here on, so lower-casing is unambiguous (no Kelvin-sign or dotless-i tricks).
  const lower = id.toLowerCase();
  if (lower.startsWith(AZUREML_URI_PREFIX)) return parseAzuremlUri(lower);
  if (lower.startsWith(ARM_ID_PREFIX)) return parseArmId(lower);
  if (lower.startsWith(AZUREML_SHORT_PREFIX)) return parseShortForm(lower);
  return fail("unknown scheme: model ids start with azureml://, azureml: or /subscriptions/");
}

/**
 * The list key of a registry model's name: `{registry}/{model}`. Azure Policy derives the same key
 * from the deployment, so list membership is a plain case-insensitive `in` test on both sides.
 */
export function nameKey(registry: string, model: string): string {
  return `${registry}/${model}`;
}

/**
 * The list key of a reference's version: `{registry}/{model}/versions/{v}` when pinned, and
 * `{registry}/{model}/versions/*` when it pins nothing (no version, or a label). `*` cannot occur
 * in a parsed id, so the unpinned key never collides with a real version.
 */
export function pinKey(registry: string, model: string, version: string | undefined): string {
  return `${registry}/${model}/versions/${version ?? "*"}`;
}

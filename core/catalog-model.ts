/**
 * Catalog models: a Foundry / Azure OpenAI deployment that names its model by `{format, name,
 * version}` (and optionally `publisher`) instead of an Azure ML asset id. This module holds the one
 * grammar for catalog fields and catalog list entries (`{publisher}/{model}[/versions/{version}]`)
 * and the list keys both enforcement points compare; azure-policy/catalog-expressions.ts writes the
 * same grammar as ARM expressions.
 *
 * The character sets are what Azure writes in the model catalogue and nothing looser (ASCII only,
 * so look-alike letters fail closed):
 * - publisher / format: letters, digits, `.`, `_`, `-` and single inner spaces (`Mistral AI`,
 *   `Black Forest Labs`), starting and ending with a letter or digit, at most 64 characters;
 * - model name: letters, digits, `.`, `_`, `-` (`FLUX.1-Kontext-pro`), starting with a letter or
 *   digit, at most 128 characters;
 * - version: letters, digits, `.`, `_`, `-` (`2024-11-20`), starting with a letter or digit, at most 64.
 * Comparison is case-insensitive on every part and by whole segments.
 */
import { approvingKeys, blockingKeys, EntryKeys } from "./list-keys";

/** Largest accepted lengths of the catalog fields. */
export const CATALOG_LIMITS = { publisher: 64, name: 128, version: 64 } as const;

/** The symbols (besides ASCII letters and digits) each catalog field may hold. */
export const CATALOG_SYMBOLS = { publisher: "._- ", name: "._-", version: "._-" } as const;

/** Which catalog field a value is. */
export type CatalogField = keyof typeof CATALOG_LIMITS;

const ALNUM = /^[A-Za-z0-9]$/;
const CHARSETS: Record<CatalogField, RegExp> = {
  publisher: /^[A-Za-z0-9._\- ]+$/,
  name: /^[A-Za-z0-9._-]+$/,
  version: /^[A-Za-z0-9._-]+$/,
};

/** Why a catalog field value is not acceptable, or `undefined` when it is. */
export function catalogFieldProblem(field: CatalogField, value: string): string | undefined {
  if (value.length === 0) return "is empty";
  if (value.length > CATALOG_LIMITS[field]) return `is ${value.length} characters long; at most ${CATALOG_LIMITS[field]} are accepted`;
  if (!CHARSETS[field].test(value)) {
    const bad = [...value].find((ch) => !CHARSETS[field].test(ch)) ?? "";
    const cp = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return `holds U+${cp} (${JSON.stringify(bad)}); ${field === "publisher" ? "publishers" : `model ${field}s`} use only ASCII letters, digits and ${CATALOG_SYMBOLS[
      field
    ]
      .split("")
      .map((c) => (c === " " ? "single spaces" : c))
      .join(" ")}`;
  }
  if (!ALNUM.test(value[0])) return "must start with a letter or digit";
  if (field === "publisher" && !ALNUM.test(value[value.length - 1])) return "must end with a letter or digit";
  if (field === "publisher" && value.includes("  ")) return "holds two spaces in a row";
  return undefined;
}

/** `versionUpgradeOption` values; only `NoAutoUpgrade` keeps a deployment on the version it names. */
export const VERSION_UPGRADE_OPTIONS = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"] as const;
/** The one value that pins (compared case-insensitively). */
export const NO_AUTO_UPGRADE = "NoAutoUpgrade";

/** A catalog model reference as read from a deployment (values as written, not yet validated). */
export interface CatalogReferenceInput {
  format: unknown;
  name: unknown;
  version: unknown;
  /** `model.publisher`, on surfaces that have it. */
  publisher: unknown;
  versionUpgradeOption: unknown;
}

/** A validated catalog model. Names keep the case written; keys are lower case. */
export interface CatalogRef {
  /** The publishers the deployment names: its `format`, and its `publisher` when set and different. */
  publishers: string[];
  name: string;
  /** The version named, if any. */
  version?: string;
  /** Whether the version is held: named, and `versionUpgradeOption` is `NoAutoUpgrade`. */
  pinned: boolean;
  /** `Publisher/name[/versions/v]` as written, for messages. */
  display: string;
}

/** A present value: not absent, not null, not the empty string (Azure treats all three as "not set"). */
export function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return "missing";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The outcome of {@link parseCatalogReference}. */
export type CatalogParse = { ok: true; ref: CatalogRef } | { ok: false; problem: string };

/** Validates a catalog reference read from a deployment. Never throws. */
export function parseCatalogReference(input: CatalogReferenceInput): CatalogParse {
  const fields: Array<[string, CatalogField, unknown, boolean]> = [
    ["model.format", "publisher", input.format, true],
    ["model.name", "name", input.name, true],
    ["model.version", "version", input.version, false],
    ["model.publisher", "publisher", input.publisher, false],
  ];
  for (const [path, kind, value, required] of fields) {
    if (!isPresent(value)) {
      if (required) return { ok: false, problem: `${path} is ${value === "" ? "empty" : "missing"}` };
      continue;
    }
    if (typeof value !== "string") return { ok: false, problem: `${path} is ${describe(value)}, not a string` };
    const problem = catalogFieldProblem(kind, value);
    if (problem) return { ok: false, problem: `${path} ${JSON.stringify(value)} ${problem}` };
  }
  const upgrade = input.versionUpgradeOption;
  if (isPresent(upgrade) && typeof upgrade !== "string") return { ok: false, problem: `versionUpgradeOption is ${describe(upgrade)}, not a string` };
  const format = input.format as string;
  const name = input.name as string;
  const version = isPresent(input.version) ? (input.version as string) : undefined;
  const publishers = [format];
  if (isPresent(input.publisher) && (input.publisher as string).toLowerCase() !== format.toLowerCase()) publishers.push(input.publisher as string);
  const pinned = version !== undefined && typeof upgrade === "string" && upgrade.toLowerCase() === NO_AUTO_UPGRADE.toLowerCase();
  const ref: CatalogRef = { publishers, name, pinned, display: `${format}/${name}${version !== undefined ? `/versions/${version}` : ""}` };
  if (version !== undefined) ref.version = version;
  return { ok: true, ref };
}

// ---------------------------------------------------------------------------------------------
// List keys

/** Prefix of catalog list keys: `:` never occurs in a registry key, so the two kinds cannot collide. */
export const CATALOG_KEY_PREFIX = "catalog:";

/** `catalog:{publisher}/{name}`, lower case. */
export function catalogNameKey(publisher: string, name: string): string {
  return `${CATALOG_KEY_PREFIX}${publisher}/${name}`.toLowerCase();
}

/** `catalog:{publisher}/{name}/versions/{v}` when held at a version, `…/versions/*` otherwise. */
export function catalogPinKey(publisher: string, name: string, version: string | undefined): string {
  return `${catalogNameKey(publisher, name)}/versions/${version === undefined ? "*" : version.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// List entries

/** A `blockedModels` / `allowedModels` entry naming a catalog model. */
export interface CatalogEntry {
  publisher: string;
  name: string;
  version?: string;
  /** `Publisher/name[/versions/v]` as written (trimmed of nothing: entries must be exact). */
  canonical: string;
}

/** The outcome of {@link parseCatalogEntry}. */
export type CatalogEntryResult = { ok: true; entry: CatalogEntry } | { ok: false; problem: string; fix: string };

/** How catalog entries are written. */
export const CATALOG_ENTRY_FIX = "write {publisher}/{model} or {publisher}/{model}/versions/{version}, e.g. OpenAI/gpt-4o/versions/2024-11-20";

/** Whether a list entry is written in the catalog form: no scheme or ARM id (catalog parts never hold ':' or start with '/'). */
export function looksLikeCatalogEntry(raw: string): boolean {
  return !raw.includes(":") && !raw.startsWith("/");
}

/** Parses a catalog list entry. */
export function parseCatalogEntry(raw: string): CatalogEntryResult {
  const parts = raw.split("/");
  if (parts.length !== 2 && !(parts.length === 4 && parts[2].toLowerCase() === "versions")) {
    const fix =
      parts.length === 4 && parts[2].toLowerCase() === "labels" ? "catalog models have no labels; pin a version with /versions/{version}" : CATALOG_ENTRY_FIX;
    return { ok: false, problem: `has ${parts.length} '/'-separated parts; a catalog entry has 2 ({publisher}/{model}) or 4 (…/versions/{version})`, fix };
  }
  const checks: Array<[string, CatalogField, string]> = [
    ["publisher", "publisher", parts[0]],
    ["model name", "name", parts[1]],
  ];
  if (parts.length === 4) checks.push(["version", "version", parts[3]]);
  for (const [what, kind, value] of checks) {
    const problem = catalogFieldProblem(kind, value);
    if (problem) return { ok: false, problem: `its ${what} ${JSON.stringify(value)} ${problem}`, fix: CATALOG_ENTRY_FIX };
  }
  const entry: CatalogEntry = { publisher: parts[0], name: parts[1], canonical: raw };
  if (parts.length === 4) entry.version = parts[3];
  return { ok: true, entry };
}

const CATALOG_KEYS: EntryKeys<CatalogEntry> = { name: (e) => catalogNameKey(e.publisher, e.name), pin: (e, v) => catalogPinKey(e.publisher, e.name, v) };

/** Keys that block, as for registry entries (see {@link blockingKeys}). */
export function blockedCatalogKeys(entries: readonly CatalogEntry[]): string[] {
  return blockingKeys(entries, CATALOG_KEYS);
}

/** Keys that approve: an entry without a version covers the name; with a version, only that held version. */
export function allowedCatalogKeys(entries: readonly CatalogEntry[]): string[] {
  return approvingKeys(entries, CATALOG_KEYS);
}

/**
 * `blockedModels` / `allowedModels` entries and the list keys both enforcement points compare.
 *
 * Entries name registry models only (workspace models are governed by `workspaceModels`), with an
 * optional pinned version; labels are refused because a label pins nothing.
 */
import { ModelSource } from "./enums";
import { nameKey, parseModelId, pinKey } from "./model-id";
import { approvingKeys, blockingKeys, EntryKeys } from "./list-keys";

/** A normalised list entry. */
export interface ModelEntry {
  registry: string;
  model: string;
  /** Pinned version; absent means "every version and label". */
  version?: string;
  /** Canonical lower-case `azureml://registries/{r}/models/{m}[/versions/{v}]`. */
  canonical: string;
  /**
   * The same asset id in the case the platform wrote it (ARM ids rewritten to the azureml:// form):
   * what the data-plane built-ins receive, since Microsoft documents their asset ids as case-sensitive.
   */
  written?: string;
}

/** The outcome of {@link parseModelEntry}. */
export type EntryResult = { ok: true; entry: ModelEntry } | { ok: false; problem: string; fix: string };

const ENTRY_FIX =
  "write azureml://registries/{registry}/models/{model}, optionally followed by /versions/{version} (or, for a catalog model, {publisher}/{model}[/versions/{version}])";

/** Parses one list entry (registry URI or registry ARM id, no label). */
export function parseModelEntry(raw: string): EntryResult {
  const parsed = parseModelId(raw);
  if (!parsed.ok) return { ok: false, problem: parsed.problem, fix: ENTRY_FIX };
  const ref = parsed.ref;
  if (ref.source !== ModelSource.Registry || ref.registry === undefined) {
    return { ok: false, problem: "is a workspace model; the lists hold registry models", fix: `${ENTRY_FIX}; govern workspace models with workspaceModels` };
  }
  if (ref.label !== undefined) {
    return {
      ok: false,
      problem: `pins the label '${ref.label}', which can move to any version`,
      fix: "pin a version (/versions/{version}) or name the model without one to cover every version",
    };
  }
  const canonical = `azureml://registries/${ref.registry}/models/${ref.model}` + (ref.version !== undefined ? `/versions/${ref.version}` : "");
  const entry: ModelEntry = { registry: ref.registry, model: ref.model, canonical, written: writtenAssetId(raw, ref.version !== undefined) };
  if (ref.version !== undefined) entry.version = ref.version;
  return { ok: true, entry };
}

/** A registry entry as an `azureml://registries/...` asset id in the case it was written (positions as in parseModelId). */
function writtenAssetId(raw: string, versioned: boolean): string {
  const p = raw.split("/");
  const [registry, model, version] = raw.toLowerCase().startsWith("azureml://") ? [p[3], p[5], p[7]] : [p[8], p[10], p[12]];
  return `azureml://registries/${registry}/models/${model}${versioned ? `/versions/${version}` : ""}`;
}

const REGISTRY_KEYS: EntryKeys<ModelEntry> = { name: (e) => nameKey(e.registry, e.model), pin: (e, v) => pinKey(e.registry, e.model, v) };

/** Keys that block (see {@link blockingKeys}). */
export function blockedModelKeys(entries: readonly ModelEntry[]): string[] {
  return blockingKeys(entries, REGISTRY_KEYS);
}

/** Keys that approve (see {@link approvingKeys}). */
export function allowedModelKeys(entries: readonly ModelEntry[]): string[] {
  return approvingKeys(entries, REGISTRY_KEYS);
}

/**
 * What a `blockedModels` / `allowedModels` entry covers, as lookup keys, for registry and catalog
 * entries alike: one meaning of "an entry with or without a version", whatever the key spells.
 */

/** How one kind of entry spells its keys: the whole model, or one version (`undefined`: a reference that pins none). */
export interface EntryKeys<E> {
  name(entry: E): string;
  pin(entry: E, version: string | undefined): string;
}

/**
 * Keys that block: an entry without a version blocks its name key (every reference to the model);
 * an entry with a version blocks that version's key and the unpinned key (a reference without a
 * version, or with a label, may resolve to the blocked version).
 */
export function blockingKeys<E extends { version?: string }>(entries: readonly E[], keys: EntryKeys<E>): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.version === undefined) out.add(keys.name(e));
    else {
      out.add(keys.pin(e, e.version));
      out.add(keys.pin(e, undefined));
    }
  }
  return [...out];
}

/** Keys that approve: an entry without a version covers the name key; with a version, only that version's key. */
export function approvingKeys<E extends { version?: string }>(entries: readonly E[], keys: EntryKeys<E>): string[] {
  return [...new Set(entries.map((e) => (e.version === undefined ? keys.name(e) : keys.pin(e, e.version))))];
}

/**
 * Azure naming patterns and limits that more than one module checks: the config schema, the
 * validators, the scope parser, the renderer and the component all read them from here, so a
 * pattern or a limit is changed in one place. Patterns are unanchored sources, to be embedded in
 * larger expressions or anchored with {@link anchored}.
 */

/** An Azure ML registry name: 3–33 characters, letters, digits, `-` and `_`, starting with a letter or digit. */
export const REGISTRY_NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{2,32}";

/** {@link REGISTRY_NAME_PATTERN} in words, for messages. */
export const REGISTRY_NAME_RULE = "3–33 letters, digits, - or _";

/** A GUID (subscription ids, definition names, role ids), either case. */
export const GUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** A resource group (or management group) name: 1–90 word characters, `-`, `.`, `(` and `)`. */
export const RESOURCE_GROUP_NAME_PATTERN = "[-\\w.()]{1,90}";

/** Azure limits policy assignment names to 24 characters at management-group scope (64 elsewhere). */
export const ASSIGNMENT_NAME_MAX = 24;

/** The pattern matching a whole string. */
export function anchored(pattern: string, flags?: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, flags);
}

/** What the baseline validators share: how a definition is named in messages and fields. */
import type { GuardrailDefinition } from "./catalogue";

/** Whether a value is a plain object (the schema has checked shapes; the validators read defensively). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `built-in 679ddf89 "Azure Machine Learning Compute Instance should have idle shutdown."` or `custom definition computePublicIp`. */
export function definitionLabel(def: GuardrailDefinition): string {
  return def.kind === "builtin" ? `built-in ${def.guid.slice(0, 8)} "${def.displayName}"` : `custom definition "${def.displayName}"`;
}

/** The config field of a definition's setting: `guardrails.computeIdleShutdown` plus `rest`. */
export function fieldOf(def: GuardrailDefinition, rest = ""): string {
  return `${def.group}.${def.key}${rest}`;
}

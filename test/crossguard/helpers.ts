/** Shared helpers for the pack tests (in-process and served). */
import { Decision, decide, ModelReferenceInput, policyPackConfigSchema } from "../../core";
import { compiledRules } from "../support/rule-config";
import { MODEL_POLICY_DESCRIPTION } from "../../crossguard";

/** A pack config entry as the CLI sends it: schema defaults, then the file's properties. */
export function withSchemaDefaults(properties: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(policyPackConfigSchema.properties)) if ("default" in schema) defaults[k] = schema.default;
  return { ...defaults, ...properties };
}

/** The core's decision for a reference under a rule config (which must be valid). */
export function coreDecision(config: unknown, reference: ModelReferenceInput): Decision {
  return decide(compiledRules(config), reference);
}

/** What a pack diagnostic says, parsed back into a verdict. */
export interface ParsedDiagnostic {
  /** The location prefix (`serverless endpoint (properties.modelSettings.modelId)`). */
  where: string;
  rule: string;
  reason: string;
}

/** Parses `description\n<where> [<rule>]: <reason>`; throws if the message has another shape. */
export function parseDenial(message: string): ParsedDiagnostic {
  const prefix = `${MODEL_POLICY_DESCRIPTION}\n`;
  if (!message.startsWith(prefix)) throw new Error(`message does not start with the policy description: ${message}`);
  const m = /^(.*?) \[([a-z-]+)\]: (.*)$/s.exec(message.slice(prefix.length));
  if (!m) throw new Error(`message has no "[rule]: reason": ${message}`);
  return { where: m[1], rule: m[2], reason: m[3] };
}

/** The verdict a set of pack diagnostics amounts to (one resource, one reference). */
export function packVerdict(diagnostics: readonly { message: string }[]): { allowed: boolean; rule: string; reason?: string } {
  if (diagnostics.length === 0) return { allowed: true, rule: "allowed" };
  if (diagnostics.length > 1)
    throw new Error(`expected at most one diagnostic, got ${diagnostics.length}: ${diagnostics.map((d) => d.message).join("\n---\n")}`);
  const p = parseDenial(diagnostics[0].message);
  return { allowed: false, rule: p.rule, reason: p.reason };
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/**
 * Policy config → effective rules, and the governance `effect` → CrossGuard enforcement level.
 *
 * How levels work in `@pulumi/policy` 1.21 (server.js): a policy's effective level is the level in
 * the policy-pack config (`enforcementLevel`, or `all`) if any, else the policy's own default. The
 * Pulumi CLI always sends one (it fills in the default from `GetAnalyzerInfo`), so inside
 * `validateResource` the pack cannot tell an explicit `enforcementLevel: mandatory` from the
 * default, and cannot read the level at all. What it can do is report a violation with its own
 * level (`reportViolation({message, enforcementLevel})`, accepted by the server), or not report.
 *
 * So the policy's default level is `mandatory`, and each `effect` *lowers* it:
 *
 * | `effect`   | no `enforcementLevel` in the file | file says `advisory` | file says `mandatory` / `remediate` | file says `disabled` |
 * |------------|-----------------------------------|----------------------|-------------------------------------|----------------------|
 * | `Deny`     | mandatory                         | advisory             | mandatory                           | nothing (skipped)    |
 * | `Audit`    | advisory                          | advisory             | advisory                            | nothing (skipped)    |
 * | `Disabled` | nothing (not applicable)          | nothing              | nothing                             | nothing (skipped)    |
 *
 * i.e. the level reported is the lower of the configured level and the effect's level. An explicit
 * `enforcementLevel` therefore wins whenever it is lower than the effect's (`advisory` or
 * `disabled` over `Deny`; `disabled` over `Audit`); it cannot raise `Audit` to mandatory — set
 * `effect: Deny` in the pack's config for that. A config the rules core rejects is always reported
 * as mandatory (fail closed), unless the policy is `disabled`.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { compileRules, CompiledRules, ConfigIssue, Effect, EffectiveRules, validateRuleConfig } from "../core";

/** The CrossGuard level that corresponds to each Azure Policy effect. */
export const EFFECT_ENFORCEMENT_LEVELS: Readonly<Record<Effect, EnforcementLevel>> = {
  [Effect.Deny]: "mandatory",
  [Effect.Audit]: "advisory",
  [Effect.Disabled]: "disabled",
};

/** The policy's default level: the highest level an `effect` can map to. */
export const DEFAULT_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/**
 * The level to put on a denial's `reportViolation` call, or `undefined` to report at the
 * configured level (because the effect's level is not lower than any configured one).
 * `Disabled` never reports (the caller marks the resource not applicable).
 */
export function reportLevelForEffect(effect: Effect): EnforcementLevel | undefined {
  const level = EFFECT_ENFORCEMENT_LEVELS[effect];
  return level === DEFAULT_ENFORCEMENT_LEVEL ? undefined : level;
}

/** A validated pack config, compiled for fast decisions, or every problem with it. */
export type PackRules = { ok: true; rules: EffectiveRules; compiled: CompiledRules; warnings: ConfigIssue[] } | { ok: false; errors: ConfigIssue[] };

/** Validates (with the core; defaults applied there) and compiles a pack config. */
export function resolvePackRules(raw: unknown): PackRules {
  const result = validateRuleConfig(raw);
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, rules: result.config, compiled: compileRules(result.config), warnings: result.warnings };
}

/**
 * Caches the resolved config. The SDK's `getConfig()` returns a fresh copy on every call, so the
 * key is the config's JSON text (small next to a decision's cost, and only computed for governed
 * resources); the pack is configured once per process, so one entry is enough.
 */
export class PackRulesCache {
  private key: string | undefined;
  private value: PackRules | undefined;

  /** The resolved rules of `raw`, compiled once per distinct config. */
  get(raw: unknown): PackRules {
    const key = JSON.stringify(raw) ?? "undefined";
    if (this.value === undefined || key !== this.key) {
      this.value = resolvePackRules(raw);
      this.key = key;
    }
    return this.value;
  }
}

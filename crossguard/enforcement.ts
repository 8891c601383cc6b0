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
import type { EnforcementLevel, ResourceValidationArgs } from "@pulumi/policy";
import { Effect } from "../core/enums";
import { PackRules, resolvePackRules } from "../core/pack-config";

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

/**
 * Caches the resolved config. The SDK's `getConfig()` returns a fresh shallow copy of the configured
 * properties on every call (the same arrays and strings until the next `Configure`), so a shallow
 * identity comparison recognises the same config at once; otherwise the key is the config's JSON
 * text (serialising a config with hundreds of entries on every governed resource cost more than
 * deciding it). The pack is configured once per process, so one entry is enough.
 */
export class PackRulesCache {
  private key: string | undefined;
  private last: Record<string, unknown> | undefined;
  private value: PackRules | undefined;

  /** The resolved rules of `raw`, compiled once per distinct config. */
  get(raw: unknown): PackRules {
    if (this.value !== undefined && this.last !== undefined && sameShallow(raw, this.last)) return this.value;
    const key = JSON.stringify(raw) ?? "undefined";
    if (this.value === undefined || key !== this.key) {
      this.value = resolvePackRules(raw);
      this.key = key;
    }
    this.last = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : undefined;
    return this.value;
  }
}

/** Same own keys, each holding the identical value (arrays by reference). */
function sameShallow(raw: unknown, last: Record<string, unknown>): boolean {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  const keys = Object.keys(r);
  if (keys.length !== Object.keys(last).length) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(last, k) || r[k] !== last[k]) return false;
  return true;
}

/**
 * `args.notApplicable(reason)` without a stack trace. The SDK signals "not applicable" by throwing
 * an `Error` subclass and reads only its `reason`, but constructing it captures a stack, which costs
 * more than deciding the resource, for every policy and every resource it does not govern (most of
 * a stack). `stackTraceLimit` is restored before the error propagates (all synchronous).
 */
export function notApplicableWithoutStack(args: ResourceValidationArgs, reason: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

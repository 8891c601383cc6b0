/** Small helpers shared by the core tests (not a test file itself). */
import assert from "node:assert/strict";

import { EffectiveRules, validateRuleConfig } from "../../core/config/validate";

/** Validates a rule config that must be valid, and returns its normalised rules. */
export function rulesOf(input: unknown): EffectiveRules {
  const r = validateRuleConfig(input);
  assert.ok(r.ok, `expected a valid rule config, got: ${r.ok ? "" : JSON.stringify(r.errors, null, 2)}`);
  return r.config;
}

/** Fixed fast-check seed for every property in the core tests; printed once per run. */
export const PROPERTY_SEED = 20251121;

let printed = false;
/** Prints the seed (once), so a failure can be replayed with the same value. */
export function printSeed(): void {
  if (printed) return;
  printed = true;
  // eslint-disable-next-line no-console
  console.log(`      [fast-check] seed ${PROPERTY_SEED} (replay: fc.assert(..., { seed: ${PROPERTY_SEED} }))`);
}

/**
 * A value computed on first use, inside a test rather than while mocha collects tests, so that a
 * broken core fails the tests that use it instead of aborting the whole run.
 */
export function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}

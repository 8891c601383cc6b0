/**
 * Property-based differential test: random configs (lists drawn from the same name pools as the
 * ids, so blocked and approved entries are hit often) and random model values built from the
 * grammar's pieces and mutated, on random surfaces in random Pulumi token forms. The rules core,
 * the rendered Azure Policy (offline) and the policy pack must decide every case the same way.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { EffectiveConfig } from "../../core/config/validate";
import { POLICY_SURFACES as SURFACES } from "../../core/surfaces";
import { AGREEMENT_SEED, configWithCases, RuleKeys } from "./generators";
import { agreementSuite, configDroppingRefusedApprovals, decidersFor, describeValue, Tally, effectiveConfig } from "./harness";
import { decideCase, say, seconds } from "./run";
import { armProperties, pulumiResource } from "./surface-cases";

/** Configs per run and cases per config: RUNS x CASES_PER_CONFIG generated cases. */
const RUNS = 500;
const CASES_PER_CONFIG = 20;
/** Every CROSS_CHECK-th case is also evaluated against the full (unpruned) rules. */
const CROSS_CHECK = 20;

/** A valid config from generated rule keys (approved entries validation refuses are dropped). */
function configOf(keys: RuleKeys): EffectiveConfig {
  return configDroppingRefusedApprovals({ ...keys }, keys.allowedModels);
}

describe("agreement: property-based differential (rules core = rendered Azure Policy = policy pack)", function () {
  this.timeout(600_000);
  const suite = agreementSuite(() => effectiveConfig({ allowedRegistries: ["azureml"] }));

  it(`${RUNS * CASES_PER_CONFIG} generated cases on ${RUNS} generated configs (seed ${AGREEMENT_SEED})`, async () => {
    const start = Date.now();
    const tally = new Tally();
    let crossChecked = 0;
    let withApprovalList = 0;
    let withBlocked = 0;
    say(`[fast-check] seed ${AGREEMENT_SEED} (replay: fc.assert(..., { seed: ${AGREEMENT_SEED} }))`);
    await fc.assert(
      fc.asyncProperty(configWithCases(CASES_PER_CONFIG), async ([keys, cases]) => {
        const config = configOf(keys);
        if (config.allowedModels.length > 0) withApprovalList++;
        if (config.blockedModels.length > 0) withBlocked++;
        const d = decidersFor(config);
        await suite.pack.configure(config);
        for (const c of cases) {
          const surface = SURFACES[c.surfaceIndex];
          if (!surface) throw new Error(`no surface ${c.surfaceIndex}`);
          const properties = armProperties(surface, c.value);
          const pulumi = pulumiResource(surface, properties, c.form, c.v2);
          const label = `${surface.key} (${pulumi.form}): ${describeValue(c.value)} under ${JSON.stringify(keys)}`;
          const o = await decideCase(d, suite.pack, surface, properties, pulumi, label);
          tally.add(o);
          if (typeof c.value === "string" && c.value.length <= 131_072)
            assert.deepEqual(o.azure.errors, [], `Azure evaluation failed on a string id: ${label}`);
          if (tally.cases % CROSS_CHECK === 0) {
            const full = d.azure.evaluate({ type: surface.armType, name: "dep-1", properties }, { rules: "full" });
            assert.deepEqual(full, o.azure, `pruned and full rules differ on ${label}`);
            crossChecked++;
          }
          assert.deepEqual(o.disagreements, [], label);
        }
      }),
      { seed: AGREEMENT_SEED, numRuns: RUNS },
    );
    say(`case mix: ${tally.mix()}`);
    say(`configs: ${withBlocked} with blocked models, ${withApprovalList} with an approval list; ${crossChecked} cases re-checked against the full rules`);
    if (tally.azureErrors.size > 0) say(`evaluator failures (implicit deny), all where the core denies too:\n        ${tally.errorSummary()}`);
    say(`differential (property): ${tally.cases} cases, ${tally.disagreements.length} disagreements (seed ${AGREEMENT_SEED}, ${seconds(start)} s)`);
    assert.ok(tally.cases >= 10_000, `only ${tally.cases} cases`);
    // Every rule must actually be exercised, or agreement would be cheap.
    for (const rule of ["allowed", "model-reference", "blocked-models", "trusted-registries", "approved-models", "workspace-models"] as const) {
      assert.ok((tally.byRule.get(rule) ?? 0) >= 50, `rule ${rule} decided only ${tally.byRule.get(rule) ?? 0} cases`);
    }
  });
});

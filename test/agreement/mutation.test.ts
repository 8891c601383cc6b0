/**
 * The differential test can fail: tamper with the rendered rules (or the pack's config) the way a
 * plausible bug would, and the same corpus and property run must report disagreements — and,
 * for the tampers that open a hole, ids the core denies but the tampered enforcement point allows.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileRules } from "../../core/decision";
import { POLICY_SURFACES as SURFACES } from "../../core/surfaces";
import { renderGovernancePlan } from "../../azure-policy/render";
import { GovernancePlan } from "../../azure-policy/plan";
import { ModelIdExpressions } from "../../azure-policy/model-id-expressions";
import { ATTACK_CONFIG, ATTACKER_IDS } from "../cases/attacker-ids";
import { AGREEMENT_SEED, configWithCases } from "./generators";
import { Deciders, decidersFor, describeValue, effectiveConfig, memoiseExpressionParser, PackUnderTest, RenderedPolicy, Tally, TEST_SCOPE } from "./harness";
import { decideCase, decideValue, say } from "./run";
import { validateGovernanceConfig } from "../../core/config/validate";
import { armProperties } from "./surface-cases";

const config = effectiveConfig({ ...ATTACK_CONFIG });

/** Replaces, in the definition `rule`, every condition whose operand is `[parameters(param)]` and whose operator is `from`, by `to`. */
function swapOperator(plan: GovernancePlan, rule: string, param: string, from: string, to: string): GovernancePlan {
  const copy = structuredClone(plan);
  let swapped = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o[from] === `[parameters('${param}')]`) {
        o[to] = o[from];
        delete o[from];
        swapped++;
      }
      Object.values(o).forEach(visit);
    }
  };
  const def = copy.definitions.find((d) => d.referenceId === rule);
  if (!def) throw new Error(`no definition ${rule}`);
  visit(def.policyRule);
  if (swapped === 0) throw new Error(`nothing to swap in ${rule}`);
  return copy;
}

/** In the blocked-models definition, keeps only the first of each pair of `in blockedModelKeys` tests (the name key). */
function dropPinKeyTest(plan: GovernancePlan): GovernancePlan {
  const copy = structuredClone(plan);
  let dropped = 0;
  const isKeyTest = (c: unknown): boolean => !!c && typeof c === "object" && (c as Record<string, unknown>).in === "[parameters('blockedModelKeys')]";
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.anyOf) && o.anyOf.length === 2 && o.anyOf.every(isKeyTest)) {
        o.anyOf = o.anyOf.slice(0, 1);
        dropped++;
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(copy.definitions.find((d) => d.referenceId === "blocked-models")?.policyRule);
  if (dropped === 0) throw new Error("no pair of blockedModelKeys tests found to tamper with");
  return copy;
}

/** Renders with one member of the model-id expression builder replaced (restored afterwards). */
function renderWithPatchedBuilder(member: string, replacement: PropertyDescriptor): GovernancePlan {
  const proto = ModelIdExpressions.prototype as unknown as Record<string, unknown>;
  const original = Object.getOwnPropertyDescriptor(proto, member);
  if (!original) throw new Error(`ModelIdExpressions has no member ${member}`);
  Object.defineProperty(proto, member, { ...original, ...replacement });
  try {
    return renderGovernancePlan("agreement", config);
  } finally {
    Object.defineProperty(proto, member, original);
  }
}

/** One surface of each reference kind (model id, batch asset reference, Foundry source). */
const SAMPLE_SURFACES = ["serverlessEndpoint", "batchDeployment", "cognitiveServicesDeployment"]
  .map((k) => SURFACES.find((s) => s.key === k))
  .filter((s): s is (typeof SURFACES)[number] => s !== undefined);

/** Runs every other id of the shared corpus on one surface of each reference kind against tampered Azure rules. */
async function corpusAgainst(azure: RenderedPolicy): Promise<Tally> {
  const d: Deciders = { config, compiled: compileRules(config), azure };
  const tally = new Tally();
  let i = 0;
  for (const a of ATTACKER_IDS.filter((_, k) => k % 2 === 0))
    for (const s of SAMPLE_SURFACES) tally.add(await decideValue(d, undefined, s, a.id, i++, `${s.key}: ${describeValue(a.id)}`));
  return tally;
}

describe("agreement: mutation check (the harness detects tampered rules)", function () {
  this.timeout(600_000);
  let restoreParser: () => void;
  before(() => {
    restoreParser = memoiseExpressionParser();
  });
  after(() => restoreParser());

  const plan = renderGovernancePlan("agreement", config);
  const tampers: Array<{ name: string; make: () => GovernancePlan; opensHole: boolean }> = [
    {
      name: "trusted-registries: notIn allowedRegistries swapped for in",
      make: () => swapOperator(plan, "trusted-registries", "allowedRegistries", "notIn", "in"),
      opensHole: true,
    },
    { name: "blocked-models: the version-key test dropped (only '{registry}/{model}' keys block)", make: () => dropPinKeyTest(plan), opensHole: true },
    {
      name: "blocked-models: in blockedModelKeys swapped for notIn (stricter, not a hole)",
      make: () => swapOperator(plan, "blocked-models", "blockedModelKeys", "in", "notIn"),
      opensHole: false,
    },
    { name: "charset check dropped (charsetOk is true())", make: () => renderWithPatchedBuilder("charsetOk", { get: () => "true()" }), opensHole: true },
    { name: "segment check dropped (., .. and .hidden accepted)", make: () => renderWithPatchedBuilder("seg", { value: () => "true()" }), opensHole: true },
  ];

  it("the untampered plan agrees on the same corpus", async () => {
    const tally = await corpusAgainst(new RenderedPolicy(plan));
    assert.equal(tally.disagreements.length, 0, tally.report(3));
  });

  for (const t of tampers) {
    it(`detects: ${t.name}`, async () => {
      const tally = await corpusAgainst(new RenderedPolicy(t.make()));
      say(`${t.name}: ${tally.disagreements.length} of ${tally.cases} corpus cases disagree, ${tally.bypasses.length} are bypasses; e.g.\n${tally.report(1)}`);
      assert.ok(tally.disagreements.length > 0, "the tamper went unnoticed");
      if (t.opensHole) assert.ok(tally.bypasses.length > 0, "the tamper opens a hole, but no bypass was reported");
    });
  }

  it("the property run finds the dropped charset check too, and shrinks it to a small counterexample", async () => {
    const tampered = renderWithPatchedBuilder("charsetOk", { get: () => "true()" });
    let lastFailure = "";
    const result = await fc.check(
      fc.asyncProperty(configWithCases(20), async ([keys, cases]) => {
        const r = validateGovernanceConfig({ scope: TEST_SCOPE, ...keys, allowedModels: [] });
        if (!r.ok) return true;
        // The tampered rules, with this run's parameter values.
        const d: Deciders = {
          config: r.config,
          compiled: compileRules(r.config),
          azure: new RenderedPolicy({ ...tampered, assignments: renderGovernancePlan("agreement", r.config).assignments }),
        };
        for (const c of cases) {
          const s = SURFACES[c.surfaceIndex];
          if (!s) continue;
          const o = await decideCase(
            d,
            undefined,
            s,
            armProperties(s, c.value),
            undefined,
            `${s.key}: ${describeValue(c.value)} with allowedRegistries ${JSON.stringify(keys.allowedRegistries)}`,
          );
          if (o.disagreements.length > 0) {
            lastFailure = `${o.label}: ${o.disagreements.join("; ")}`;
            return false;
          }
        }
        return true;
      }),
      { seed: AGREEMENT_SEED, numRuns: 500 },
    );
    assert.equal(result.failed, true, "the property run should fail on the tampered rules");
    say(`property run on the tampered rules: fails at run ${result.numRuns}, shrunk ${result.numShrinks} times to: ${lastFailure}`);
  });

  it("the pack leg is live: a pack configured without the blocked list disagrees", async () => {
    const pack = await PackUnderTest.create(effectiveConfig({ ...ATTACK_CONFIG, blockedModels: [] }));
    const d = decidersFor(config);
    const tally = new Tally();
    let i = 0;
    for (const a of ATTACKER_IDS.filter((x) => x.category === "blocked-evasion")) {
      for (const s of SURFACES.slice(0, 2)) tally.add(await decideValue(d, pack, s, a.id, i++, `${s.key}: ${a.id}`));
    }
    const packOnly = tally.disagreements.filter((o) => o.disagreements.some((x) => x.includes("vs pack")));
    say(`pack without blockedModels: ${packOnly.length} of ${tally.cases} blocked-evasion cases disagree (pack allows what the core blocks)`);
    assert.ok(packOnly.length > 0);
  });
});

/**
 * The attacker corpus through the rules core, the rendered Azure Policy (offline) and the policy
 * pack, on every surface and under every corpus config; plus shape variants of the surfaces, the
 * checks that make the harness trustworthy (no vacuous agreement, pruning and memoising change
 * nothing), and the reconstructed third-party contains() policy on the same corpus.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rule } from "../../core/enums";
import { POLICY_SURFACES as SURFACES } from "../../core/surfaces";
import { ArmResource, evaluatePolicy } from "../../azure-policy/evaluator";
import { ATTACK_CONFIGS, ATTACKER_IDS } from "../cases/attacker-ids";
import { EXTRA_ATTACKER_INPUTS } from "./extra-attacker-ids";
import {
  aliasResolverFor,
  CaseOutcome,
  compareVerdicts,
  coreVerdict,
  decidersFor,
  Deciders,
  describeValue,
  effectiveConfig,
  memoiseExpressionParser,
  PackUnderTest,
  Tally,
} from "./harness";
import { decideCase, decideValue, pulumiFor, say, seconds } from "./run";
import { armProperties, structuralCases } from "./surface-cases";

type ConfigName = keyof typeof ATTACK_CONFIGS;
const CONFIG_NAMES = Object.keys(ATTACK_CONFIGS) as ConfigName[];

/** Every corpus input: the shared corpus, then the extra inputs of this folder. */
const ALL_INPUTS: ReadonlyArray<{ value: unknown; note: string; category: string }> = [
  ...ATTACKER_IDS.map((a) => ({ value: a.id, note: a.note, category: a.category })),
  ...EXTRA_ATTACKER_INPUTS,
];

/**
 * Azure fails any function that returns a string longer than this (an implicit deny), and
 * `field()` of a longer id is such a string; the core has no length limit yet (docs/agreement.md).
 */
const AZURE_STRING_LIMIT = 131_072;
const overLength = (v: unknown): boolean => typeof v === "string" && v.length > AZURE_STRING_LIMIT;
const INPUTS = ALL_INPUTS.filter((i) => !overLength(i.value));
const OVER_LENGTH_INPUTS = ALL_INPUTS.filter((i) => overLength(i.value));

const deciders = new Map<ConfigName, Deciders>();
function decidersOf(name: ConfigName): Deciders {
  let d = deciders.get(name);
  if (!d) {
    d = decidersFor(effectiveConfig({ ...ATTACK_CONFIGS[name] }));
    deciders.set(name, d);
  }
  return d;
}

/** Results kept for the summary line. */
const summary = {
  corpusCases: 0,
  corpusInputs: 0,
  disagreements: -1,
  bypasses: -1,
  overLengthCases: 0,
  referenceLetThrough: -1,
  referenceServerless: -1,
  referenceCases: 0,
  referenceOurs: -1,
  seconds: "",
};

describe("agreement: attacker corpus (rules core = rendered Azure Policy = policy pack)", function () {
  this.timeout(600_000);
  let restoreParser: () => void;
  let pack: PackUnderTest;

  before(async () => {
    restoreParser = memoiseExpressionParser();
    pack = await PackUnderTest.create(decidersOf("default").config);
  });
  after(() => {
    restoreParser();
    if (summary.disagreements >= 0) {
      say(
        `attacker corpus: ${summary.corpusInputs} inputs x ${SURFACES.length} surfaces x ${CONFIG_NAMES.length} configs = ${summary.corpusCases} cases, ${summary.disagreements} disagreements, ${summary.bypasses} bypasses` +
          ` (+ ${summary.overLengthCases} over-length cases, denied everywhere)` +
          (summary.referenceLetThrough >= 0
            ? `; reconstructed contains()-policy lets ${summary.referenceLetThrough} of the ${summary.referenceCases} inputs x surfaces through that the core denies (${summary.referenceServerless} of ${summary.corpusInputs} on serverless endpoints, the one surface it covers); ours: ${summary.referenceOurs}`
            : ""),
      );
    }
  });

  async function useConfig(name: ConfigName): Promise<Deciders> {
    const d = decidersOf(name);
    await pack.configure(d.config);
    return d;
  }

  it("legitimate ids are allowed on every surface by all three (agreement is not vacuous)", async () => {
    const d = await useConfig("default");
    const legit = [
      "azureml://registries/azureml/models/Phi-4",
      "AZUREML://REGISTRIES/AZUREML-META/MODELS/X/VERSIONS/1",
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/registries/HuggingFace/models/bert/versions/1",
      "azureml:fraud:3",
    ];
    let i = 0;
    for (const id of legit) {
      for (const s of SURFACES) {
        const o = await decideValue(d, pack, s, id, i++, `${s.key}: ${id}`);
        assert.deepEqual(o.disagreements, [], o.label);
        assert.equal(o.core.allowed && !o.core.notApplicable, true, `${o.label}: the core must allow it (${o.core.reason})`);
        assert.equal(o.azure.allowed, true, o.label);
        assert.equal(o.pack?.allowed, true, o.label);
      }
    }
    // And an untrusted registry is denied everywhere, with the same rule.
    for (const s of SURFACES) {
      const o = await decideValue(d, pack, s, "azureml://registries/azureml-evil/models/Phi-4", i++, `${s.key}: azureml-evil`);
      assert.deepEqual(o.disagreements, [], o.label);
      assert.equal(o.core.rule, Rule.TrustedRegistries, o.label);
    }
  });

  it("shape variants of the surfaces (batch reference types, the endpoints gate, legacy and mistyped models, Foundry sources)", async () => {
    const ids = [
      "azureml://registries/azureml/models/Phi-4/versions/1",
      "azureml://registries/evil/models/x",
      "azureml:fraud:3",
      "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
      "not an id",
      "",
    ];
    let n = 0;
    for (const name of CONFIG_NAMES) {
      const d = await useConfig(name);
      const tally = new Tally();
      for (const c of structuralCases(ids)) {
        const o = await decideCase(
          d,
          pack,
          c.surface,
          c.properties,
          pulumiFor(c.surface, c.properties, n++),
          `${name} ${c.surface.key}: ${c.note} ${describeValue(c.properties)}`,
        );
        tally.add(o);
      }
      say(`shape variants (${name}): ${tally.cases} cases, ${tally.disagreements.length} disagreements; ${tally.mix()}`);
      if (tally.azureErrors.size > 0) say(`  evaluator failures (implicit deny), all where the core denies too:\n        ${tally.errorSummary()}`);
      assert.equal(tally.disagreements.length, 0, `disagreements:\n${tally.report()}`);
    }
  });

  it(`every corpus input on every surface under every corpus config`, async () => {
    const start = Date.now();
    const total = new Tally();
    const perCategory = new Map<string, { cases: number; disagreements: number }>();
    const stringErrors: string[] = [];
    let n = 0;
    for (const name of CONFIG_NAMES) {
      const d = await useConfig(name);
      const tally = new Tally();
      for (const input of INPUTS) {
        for (const s of SURFACES) {
          const o = await decideValue(d, pack, s, input.value, n++, `${name} ${s.key}: ${describeValue(input.value)} (${input.category}: ${input.note})`);
          tally.add(o);
          if (typeof input.value === "string" && o.azure.errors.length > 0) stringErrors.push(o.label);
          total.add(o);
          const c = perCategory.get(input.category) ?? { cases: 0, disagreements: 0 };
          c.cases++;
          if (o.disagreements.length > 0) c.disagreements++;
          perCategory.set(input.category, c);
        }
      }
      say(`${name}: ${tally.cases} cases, ${tally.disagreements.length} disagreements, ${tally.bypasses.length} bypasses; ${tally.mix()}`);
    }
    summary.corpusInputs = INPUTS.length;
    summary.corpusCases = total.cases;
    summary.disagreements = total.disagreements.length;
    summary.bypasses = total.bypasses.length;
    summary.seconds = seconds(start);
    say(`by category: ${[...perCategory].map(([k, v]) => `${k} ${v.cases}${v.disagreements ? ` (${v.disagreements} disagree)` : ""}`).join(", ")}`);
    if (total.azureErrors.size > 0) say(`evaluator failures (implicit deny):\n        ${total.errorSummary()}`);
    say(`${total.cases} cases, ${total.disagreements.length} disagreements (${summary.seconds} s)`);
    assert.deepEqual(stringErrors.slice(0, 5), [], "Azure evaluation failed on a string id (only non-strings may fail)");
    assert.equal(total.bypasses.length, 0, `the core denies but an enforcement point allows:\n${total.report()}`);
    assert.equal(total.disagreements.length, 0, `disagreements:\n${total.report()}`);
  });

  it(`ids longer than ${AZURE_STRING_LIMIT} characters: the core and the pack deny them like Azure (whose functions fail on them)`, async () => {
    const tally = new Tally();
    let n = 0;
    for (const name of CONFIG_NAMES) {
      const d = await useConfig(name);
      for (const input of OVER_LENGTH_INPUTS) {
        for (const s of SURFACES) tally.add(await decideValue(d, pack, s, input.value, n++, `${name} ${s.key}: ${describeValue(input.value)} (${input.note})`));
      }
    }
    summary.overLengthCases = tally.cases;
    say(`over-length ids: ${tally.cases} cases, ${tally.disagreements.length} disagreements, ${tally.bypasses.length} bypasses`);
    assert.equal(tally.bypasses.length, 0);
    if (tally.disagreements.length > 0) throw new Error(`${tally.disagreements.length} disagreements, e.g.\n${tally.report(2)}`);
  });

  it("evaluation shortcuts change nothing: pruned rules = full rules, memoised parser = plain parser", async () => {
    const d = decidersOf("approved");
    let full = 0;
    let plain = 0;
    const compare = (a: CaseOutcome, b: CaseOutcome, what: string) => assert.deepEqual(a.azure, b.azure, `${what}: ${a.label}`);
    for (let i = 0; i < INPUTS.length; i += 7) {
      const input = INPUTS[i];
      if (!input) continue;
      for (const s of SURFACES) {
        const label = `${s.key}: ${describeValue(input.value)}`;
        const pruned = await decideValue(d, undefined, s, input.value, i, label, { rules: "pruned" });
        const whole = await decideValue(d, undefined, s, input.value, i, label, { rules: "full" });
        compare(pruned, whole, "pruned vs full");
        full++;
      }
    }
    restoreParser();
    try {
      for (let i = 0; i < INPUTS.length; i += 61) {
        const input = INPUTS[i];
        if (!input) continue;
        const s = SURFACES[i % SURFACES.length];
        if (!s) continue;
        const label = `${s.key}: ${describeValue(input.value)}`;
        const unmemoised = await decideValue(d, undefined, s, input.value, i, label, { rules: "full" });
        restoreParser = memoiseExpressionParser();
        const memoised = await decideValue(d, undefined, s, input.value, i, label, { rules: "full" });
        restoreParser();
        compare(unmemoised, memoised, "plain vs memoised parser");
        plain++;
      }
    } finally {
      restoreParser = memoiseExpressionParser();
    }
    say(`pruned = full on ${full} cases; memoised = plain parser on ${plain} cases`);
  });

  describe("aliases of other resource types", () => {
    // Azure scopes an alias to the resource type its name starts with; the harness resolves them
    // that way. If Azure resolved them by path on any resource, the online surface's alias
    // (`properties.model`, a string there) would reach the object `properties.model` of a batch or
    // Foundry deployment and the string functions would fail: an implicit deny.
    let cached: Tally | undefined;
    const tallyOf = (): Tally => {
      if (cached) return cached;
      const d = decidersOf("default");
      const tally = new Tally();
      for (const input of INPUTS.slice(0, 60)) {
        for (const s of SURFACES) {
          const properties = armProperties(s, input.value);
          const core = coreVerdict(d.compiled, s, properties);
          const azure = d.azure.evaluate({ type: s.armType, name: "dep-1", properties }, { rules: "full", aliases: "type-agnostic" });
          tally.add(compareVerdicts(`${s.key}: ${describeValue(input.value)}`, core, azure));
        }
      }
      cached = tally;
      return tally;
    };

    it("resolved by path on any resource, nothing the core denies is allowed", () => {
      const tally = tallyOf();
      say(`type-agnostic alias resolution: ${tally.cases} cases, ${tally.disagreements.length} disagreements, ${tally.bypasses.length} bypasses`);
      assert.equal(tally.bypasses.length, 0);
    });

    it("the rendered rules decide the same whichever way Azure resolves aliases of other resource types", () => {
      const tally = tallyOf();
      const bySurface = new Map<string, number>();
      for (const o of tally.disagreements) {
        const key = o.label.split(":")[0] ?? "";
        bySurface.set(key, (bySurface.get(key) ?? 0) + 1);
      }
      if (tally.disagreements.length > 0) {
        throw new Error(
          `${tally.disagreements.length} of ${tally.cases} cases disagree (legitimate deployments denied) on ${[...bySurface].map(([k, v]) => `${k} ${v}`).join(", ")}; e.g.\n${tally.report(1)}`,
        );
      }
    });
  });

  it("the reconstructed contains()-policy (azure-policy/reference-policies) on the same corpus", () => {
    const dir = path.resolve(__dirname, "../../../azure-policy/reference-policies/rick-healy-registry-trust");
    const read = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>;
    const policyRule = read("policy-rules.json");
    const definitionParameters = read("policy-parameters.json") as Record<string, { type?: string; defaultValue?: unknown; allowedValues?: unknown[] }>;
    const assignment = read("assignment-parameters.json") as Record<string, { value: unknown }>;
    const parameters = Object.fromEntries(Object.entries(assignment).map(([k, v]) => [k, v.value]));
    // Our rules core with the same intent: trust exactly the assignment's registries (the pattern
    // form is accepted as is), no model lists, workspace models allowed.
    const d = decidersFor(effectiveConfig({ allowedRegistries: parameters.allowedRegistries, effect: "Deny" }));

    let letThrough = 0;
    let letThroughServerless = 0;
    let wronglyDenied = 0;
    let cases = 0;
    const examples: string[] = [];
    const byCategory = new Map<string, number>();
    const notAtStart: string[] = [];
    const patterns = parameters.allowedRegistries as string[];
    for (const input of INPUTS) {
      for (const s of SURFACES) {
        const properties = armProperties(s, input.value);
        const resource: ArmResource = { type: s.armType, name: "dep-1", properties };
        const core = coreVerdict(d.compiled, s, properties);
        const r = evaluatePolicy({ policyRule, definitionParameters, parameters, resource, aliases: aliasResolverFor(s.armType, "type-scoped") });
        const denies = r.outcome !== "noMatch";
        cases++;
        if (!core.allowed && !denies) {
          letThrough++;
          if (s.key === "serverlessEndpoint") {
            letThroughServerless++;
            byCategory.set(input.category, (byCategory.get(input.category) ?? 0) + 1);
            // Admitted although no trusted pattern starts the id: the trusted text sits somewhere else.
            if (typeof input.value === "string" && !patterns.some((p) => (input.value as string).startsWith(p))) notAtStart.push(describeValue(input.value));
            if (
              ["substring", "dot-segments", "percent-encoding", "unicode"].includes(input.category) &&
              examples.filter((e) => e.startsWith(input.category)).length < 2
            ) {
              examples.push(`${input.category}: ${describeValue(input.value)}`);
            }
          }
        }
        if (core.allowed && denies) wronglyDenied++;
      }
    }
    // Our own definitions on the same config and corpus: nothing through.
    let ours = 0;
    for (const input of INPUTS) {
      for (const s of SURFACES) {
        const properties = armProperties(s, input.value);
        const core = coreVerdict(d.compiled, s, properties);
        const azure = d.azure.evaluate({ type: s.armType, name: "dep-1", properties });
        if (!core.allowed && azure.allowed) ours++;
      }
    }
    summary.referenceLetThrough = letThrough;
    summary.referenceCases = cases;
    summary.referenceOurs = ours;
    summary.referenceServerless = letThroughServerless;
    say(
      `reconstructed contains()-policy: lets ${letThrough} of ${cases} corpus cases through that the core denies (${letThroughServerless} on serverless endpoints, the one surface it covers; the rest on the ${SURFACES.length - 1} surfaces it ignores); it also denies ${wronglyDenied} that the core allows. Ours: ${ours}.`,
    );
    say(`  let through on serverless, by corpus category: ${[...byCategory].map(([c, k]) => `${c} ${k}`).join(", ")}`);
    say(`  e.g. ${examples.join("\n        ")}`);
    say(`  ${notAtStart.length} of them do not start with a trusted pattern at all, e.g. ${notAtStart.filter((x) => /evil|https/.test(x)).join(", ")}`);
    assert.equal(ours, 0);
    assert.ok(letThroughServerless > 0, "the substring policy is expected to admit look-alike ids");
  });
});

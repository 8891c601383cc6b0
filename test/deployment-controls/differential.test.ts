/**
 * The deployment-control differential: generated deployments decided by the core, by the rendered
 * Azure Policy (evaluated offline) and by the pack (in process); the sets of denied rules must be
 * equal. Prints `N cases, 0 disagreements` and the verdict mix, and fails if any rule is never
 * both allowed and denied (agreement must not come from everyone denying everything).
 */
import { strict as assert } from "assert";
import { CONTROL_RULES, ControlRule } from "../../core/enums";
import { controlSurfaceForArmType } from "../../core/deployment-controls";
import { ALL_ON_CONFIG, generateCase, generateConfig, rng } from "./cases";
import { controlsConfig, ControlsPack, coreDenied, RenderedControls, same } from "./harness";

const SEED = 20261204;
const CONFIGS = 12;
const CASES_PER_CONFIG = 350;
const ALL_ON_CASES = 1200;

function say(line: string): void {
  // eslint-disable-next-line no-console
  console.log(`      ${line}`);
}

describe("deployment controls: core = Azure Policy = pack (differential)", function () {
  this.timeout(300_000);

  it(`generated configs and deployments (seed ${SEED}): the same denied rules everywhere`, async () => {
    const r = rng(SEED);
    const pack = new ControlsPack();
    const configs = [ALL_ON_CONFIG, ...Array.from({ length: CONFIGS }, () => generateConfig(r))];
    const disagreements: string[] = [];
    const denials = new Map<ControlRule, number>();
    const passes = new Map<ControlRule, number>();
    let cases = 0;
    let allowed = 0;
    let azureFailures = 0;
    for (const [n, raw] of configs.entries()) {
      const config = controlsConfig(raw);
      const azure = new RenderedControls(config);
      await pack.configure(config);
      const count = n === 0 ? ALL_ON_CASES : CASES_PER_CONFIG;
      for (let i = 0; i < count; i++) {
        const c = generateCase(r, i);
        const surface = controlSurfaceForArmType(c.arm.type);
        assert.ok(surface, `no control surface for ${c.arm.type}`);
        const core = coreDenied(config, surface, c.arm);
        const az = azure.denied(c.arm);
        const pk = await pack.denied(c.pulumi.type, c.pulumi.inputs);
        cases++;
        if (core.length === 0) allowed++;
        if (az.errors.length > 0) azureFailures++;
        for (const rule of CONTROL_RULES) {
          if (!config.deploymentControls || !(rule in ruleOn(config.deploymentControls))) continue;
          const m = core.includes(rule) ? denials : passes;
          m.set(rule, (m.get(rule) ?? 0) + 1);
        }
        if (!same(core, az.denied) || !same(core, pk.denied)) {
          disagreements.push(
            `${c.label} config ${JSON.stringify(raw)}\n        core [${core.join(",")}] azure [${az.denied.join(",")}]${az.errors.length ? ` (${az.errors.join("; ")})` : ""} pack [${pk.denied.join(",")}] ${pk.messages.join(" | ").slice(0, 300)}`,
          );
        }
      }
    }
    say(`${cases} cases, ${disagreements.length} disagreements (${configs.length} configs, seed ${SEED})`);
    say(`all allowed ${allowed}; Azure evaluation failures (implicit deny) ${azureFailures}`);
    say(CONTROL_RULES.map((rule) => `${rule}: ${denials.get(rule) ?? 0} denied / ${passes.get(rule) ?? 0} allowed`).join(", "));
    assert.equal(disagreements.length, 0, disagreements.slice(0, 10).join("\n"));
    for (const rule of CONTROL_RULES) {
      assert.ok((denials.get(rule) ?? 0) >= 100, `${rule} denied too rarely to prove anything`);
      assert.ok((passes.get(rule) ?? 0) >= 100, `${rule} allowed too rarely to prove anything`);
    }
  });

  // The differential must be able to fail: each mutant of the rendered rules differs from the core
  // on some generated case (Azure leg only; the pack runs the core's own code).
  const MUTANTS: Array<{ title: string; from: string; to: string; config?: Record<string, unknown> }> = [
    // Without an allowed list, only the disabling check stops Microsoft.Nil.
    { title: "Microsoft.Nil no longer treated as disabling", from: "'microsoft.nil'", to: "'microsoft.nix'", config: { requireContentFilter: true } },
    { title: "capacity compared with greaterOrEquals", from: "greater(if(", to: "greaterOrEquals(if(" },
    { title: "the managedOnlineEndpoint gate misspelt", from: "'managedonlineendpoint'", to: "'managedonlineendpoints'" },
    { title: "a missing raiPolicyName never denied", from: "parameters('requireContentFilter')", to: "false()" },
  ];
  for (const m of MUTANTS) {
    it(`catches a mutant: ${m.title}`, () => {
      const config = controlsConfig(m.config ?? ALL_ON_CONFIG);
      assert.ok(
        new RenderedControls(config).definitions.some((d) => JSON.stringify(d.body).includes(m.from)),
        `the rules contain ${m.from}`,
      );
      const azure = new RenderedControls(config, (b) => {
        const text = JSON.stringify(b);
        return JSON.parse(text.split(m.from).join(m.to)) as typeof b;
      });
      const r = rng(SEED + 1);
      let differ = 0;
      for (let i = 0; i < 2000 && differ === 0; i++) {
        const c = generateCase(r, i);
        const surface = controlSurfaceForArmType(c.arm.type);
        if (surface && !same(coreDenied(config, surface, c.arm), azure.denied(c.arm).denied)) differ++;
      }
      assert.ok(differ > 0, "the mutant survived 2,000 cases");
    });
  }
});

/** The rules that are on, as a lookup. */
function ruleOn(c: NonNullable<ReturnType<typeof controlsConfig>["deploymentControls"]>): Partial<Record<ControlRule, true>> {
  const on: Partial<Record<ControlRule, true>> = {};
  if (c.deploymentTypes) on["deployment-types"] = true;
  if (c.contentFilters) on["content-filters"] = true;
  if (c.versionUpgrades) on["version-upgrades"] = true;
  if (c.capacity) on.capacity = true;
  return on;
}

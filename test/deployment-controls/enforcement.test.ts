/**
 * The "done when" through `check --stack-export`, `check --arm-template` and the pack's
 * policies (in process): each of the four violations is denied with its rule id on every surface
 * and token form, and inside an ARM template deployment; the compliant deployment passes.
 */
import { strict as assert } from "node:assert";
import { CheckJsonResult, checkJson, scratchFolder } from "../support/cli";
import { MODEL_POLICY_NAME, policyPackConfigFor } from "../../core";
import { validRules } from "../support/rule-config";
import { packPolicies } from "../../crossguard";
import { inProcessAnalyzer } from "../crossguard/in-process-analyzer";
import { CONTROL_RULES } from "../../core/enums";

const isControlRule = (rule: string): boolean => (CONTROL_RULES as readonly string[]).includes(rule);
import { resource, stackExport } from "../cli/stack-export-fixture";
import {
  CLASSIC_TOKEN,
  classicCognitive,
  COMPLIANT,
  CONTROLS,
  ENDPOINT_TOKEN,
  foundryEndpoint,
  NATIVE_TOKEN,
  nativeCognitive,
  templateOf,
  templateResource,
  VIOLATIONS,
} from "./fixtures";

const { file } = scratchFolder("amg-controls-");
async function check(...args: string[]): Promise<{ code: number; rows: CheckJsonResult[]; stderr: string }> {
  const { code, results, stderr } = await checkJson(...args);
  return { code, rows: results, stderr };
}
const CONFIG = file("controls.json", CONTROLS);
const SURFACES = [
  { token: NATIVE_TOKEN, inputs: nativeCognitive },
  { token: CLASSIC_TOKEN, inputs: classicCognitive },
  { token: "azure-native:cognitiveservices/v20250601:Deployment", inputs: nativeCognitive },
  { token: ENDPOINT_TOKEN, inputs: foundryEndpoint },
  { token: "azure-native:machinelearningservices:ConnectionDeployment", inputs: foundryEndpoint },
];

describe("deployment controls: check and the pack deny the four violations", function () {
  this.timeout(60_000);

  describe("check --stack-export", () => {
    const resources = SURFACES.flatMap((s, i) => [
      resource(s.token, `ok-${i}`, s.inputs(COMPLIANT)),
      ...VIOLATIONS.map((v) => resource(s.token, `${v.rule}-${i}`, s.inputs(v.settings))),
    ]);
    const exportFile = file("stack.json", stackExport(resources));

    it("denies each violation with its rule id on every surface and token form, and only that rule", async () => {
      const { code, rows } = await check("--config", CONFIG, "--stack-export", exportFile);
      assert.equal(code, 1);
      for (const [i, s] of SURFACES.entries()) {
        for (const v of VIOLATIONS) {
          const mine = rows.filter((r) => r.resource.endsWith(`::${v.rule}-${i}`) && isControlRule(r.rule));
          assert.equal(mine.length, 4, `${s.token} ${v.title}: one verdict per rule`);
          const denied = mine.filter((r) => !r.allowed);
          assert.deepEqual(
            denied.map((r) => r.rule),
            [v.rule],
            `${s.token} ${v.title}`,
          );
        }
        const ok = rows.filter((r) => r.resource.endsWith(`::ok-${i}`));
        assert.equal(ok.filter((r) => isControlRule(r.rule)).length, 4);
        assert.ok(
          ok.every((r) => r.allowed),
          `${s.token}: compliant deployment allowed`,
        );
      }
    });

    it("says why and how to fix it", async () => {
      const { rows } = await check("--config", CONFIG, "--stack-export", exportFile);
      const reason = (rule: string) => rows.find((r) => r.rule === rule && !r.allowed)?.reason ?? "";
      assert.match(
        reason("deployment-types"),
        /"GlobalStandard" \(sku\.name\) is not in allowedDeploymentTypes\. Use one of the allowed deployment types: DataZoneStandard, .*ProvisionedManaged\./,
      );
      assert.match(reason("content-filters"), /names no content filter .*requireContentFilter is true\. Set .*raiPolicyName/);
      assert.match(reason("version-upgrades"), /"OnceNewDefaultVersionAvailable" .* Set .*versionUpgradeOption to NoAutoUpgrade\./);
      assert.match(reason("capacity"), /Capacity 500 \(.*sku\.capacity\) is above the ceiling of 100 \(maxCapacity\)/);
    });

    it("without deployment-control keys the same export has no control verdicts (the rules are opt-in)", async () => {
      const { code, rows } = await check(
        "--config",
        file("plain.json", { allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"] }),
        "--stack-export",
        exportFile,
      );
      assert.equal(code, 0);
      // Only the model verdicts (trusted OpenAI catalog models: allowed), no control verdict.
      assert.deepEqual(
        rows.filter((r) => isControlRule(r.rule)),
        [],
      );
      assert.ok(rows.length > 0 && rows.every((r) => r.allowed));
    });

    it("a classic deployment without versionUpgradeOption is judged on the provider's default (OnceNewDefaultVersionAvailable)", async () => {
      const e = file("classic.json", stackExport([resource(CLASSIC_TOKEN, "c", classicCognitive({ ...COMPLIANT, versionUpgradeOption: undefined }))]));
      const { rows } = await check("--config", CONFIG, "--stack-export", e);
      const v = rows.find((r) => r.rule === "version-upgrades");
      assert.equal(v?.allowed, false);
      assert.match(v?.reason ?? "", /"OnceNewDefaultVersionAvailable"/);
    });
  });

  describe("ARM templates", () => {
    const t = templateOf([templateResource(COMPLIANT, "ai/ok"), ...VIOLATIONS.map((v) => templateResource(v.settings, `ai/${v.rule}`))]);

    it("check --arm-template denies the same four, by rule, and allows the compliant one", async () => {
      const { code, rows } = await check("--config", CONFIG, "--arm-template", file("t.json", t));
      assert.equal(code, 1);
      for (const v of VIOLATIONS) {
        const denied = rows.filter((r) => r.resource.includes(`(ai/${v.rule})`) && !r.allowed);
        assert.deepEqual(
          denied.map((r) => r.rule),
          [v.rule],
        );
      }
      assert.ok(rows.filter((r) => r.resource.includes("(ai/ok)")).every((r) => r.allowed));
    });

    it("values from template parameters are read; an expression the walker cannot evaluate is denied under the rule that needs it", async () => {
      const withParams = {
        ...templateOf([
          { ...templateResource(COMPLIANT, "ai/p"), sku: { name: "[parameters('skuName')]", capacity: 10 } },
          {
            ...templateResource(COMPLIANT, "ai/x"),
            properties: { model: { format: "OpenAI", name: "gpt-4o" }, raiPolicyName: "[concat('Microsoft.', 'Nil')]", versionUpgradeOption: "NoAutoUpgrade" },
          },
          {
            ...templateResource(COMPLIANT, "ai/r"),
            properties: {
              model: { format: "OpenAI", name: "gpt-4o" },
              raiPolicyName: "[reference('filters').policyName]",
              versionUpgradeOption: "NoAutoUpgrade",
            },
          },
        ]),
        parameters: { skuName: { type: "string", defaultValue: "GlobalStandard" } },
      };
      const { rows } = await check("--config", CONFIG, "--arm-template", file("p.json", withParams));
      assert.deepEqual(
        rows.filter((r) => r.resource.includes("(ai/p)") && !r.allowed).map((r) => r.rule),
        ["deployment-types"],
      );
      const x = rows.filter((r) => r.resource.includes("(ai/x)") && !r.allowed);
      assert.deepEqual(
        x.map((r) => r.rule),
        ["content-filters"],
      );
      // concat() is knowable before deployment: evaluated, and Microsoft.Nil turns filtering off.
      assert.match(x[0].reason, /Microsoft\.Nil.*turns content filtering off/);
      // reference() is deployment-time state: denied under the rule that needs it, naming the expression.
      const r = rows.filter((row) => row.resource.includes("(ai/r)") && !row.allowed);
      assert.deepEqual(
        r.map((row) => row.rule),
        ["content-filters"],
      );
      assert.match(r[0].reason, /reference.*cannot be checked/);
    });

    it("a nested deployment inside a resources:Deployment is checked by the pack", async () => {
      const pack = inProcessAnalyzer(packPolicies);
      const { enforcementLevel: _l, ...properties } = policyPackConfigFor(validRules(CONTROLS))[MODEL_POLICY_NAME];
      await pack.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties } });
      const nested = templateOf([
        { type: "Microsoft.Resources/deployments", apiVersion: "2022-09-01", name: "inner", properties: { mode: "Incremental", template: t } },
      ]);
      const r = await pack.analyze({
        type: "azure-native:resources:Deployment",
        properties: { resourceGroupName: "rg", properties: { mode: "Incremental", template: nested } },
      });
      const rules = r.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => /\[([a-z-]+)\]: /.exec(d.message)?.[1]);
      assert.deepEqual(rules.sort(), VIOLATIONS.map((x) => x.rule).sort());
    });
  });
});

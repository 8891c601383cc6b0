/**
 * The deployment controls through the pack served exactly as the Pulumi CLI serves it (gRPC):
 * Configure from the component's `policyPackConfig` (shorthands expanded, through the CLI's
 * schema validation), Analyze each violation on every surface, a bad config, a preview unknown.
 */
import { strict as assert } from "assert";
import { MODEL_POLICY_NAME } from "../../core";
import { packConfigFile } from "../support/rule-config";
import { ServedPack, unknown, WireValue } from "../support/policy-pack-server";
import { serveRepositoryPack } from "../policypack/pack-dir";
import { CLASSIC_TOKEN, classicCognitive, COMPLIANT, CONTROLS, ENDPOINT_TOKEN, foundryEndpoint, NATIVE_TOKEN, nativeCognitive, VIOLATIONS } from "./fixtures";

const wire = (inputs: Record<string, unknown>): { [key: string]: WireValue } => inputs as { [key: string]: WireValue };
const ruleOf = (message: string): string | undefined => /\[([a-z-]+)\]: /.exec(message)?.[1];

describe("deployment controls: the pack served over gRPC", function () {
  this.timeout(60_000);
  let pack: ServedPack;

  before(async function () {
    pack = await serveRepositoryPack(CONTROLS);
  });
  after(async () => {
    if (pack) await pack.stop();
  });

  it("the config file carries the expanded residency list, and the CLI's schema validation accepts it", () => {
    const entry = packConfigFile(CONTROLS)[MODEL_POLICY_NAME] as Record<string, unknown>;
    assert.deepEqual(entry.allowedDeploymentTypes, ["DataZoneStandard", "DataZoneProvisionedManaged", "DataZoneBatch", "Standard", "ProvisionedManaged"]);
    assert.equal(entry.requireContentFilter, true);
  });

  for (const s of [
    { token: NATIVE_TOKEN, inputs: nativeCognitive },
    { token: CLASSIC_TOKEN, inputs: classicCognitive },
    { token: ENDPOINT_TOKEN, inputs: foundryEndpoint },
  ]) {
    it(`${s.token}: each violation is one mandatory diagnostic naming its rule; the compliant deployment has none`, async () => {
      for (const v of VIOLATIONS) {
        const ds = await pack.analyze({ type: s.token, name: "chat", properties: wire(s.inputs(v.settings)) });
        assert.equal(ds.length, 1, `${v.title}: ${JSON.stringify(ds)}`);
        assert.equal(ds[0].policyName, MODEL_POLICY_NAME);
        assert.equal(ds[0].enforcementLevel, "mandatory");
        assert.equal(ruleOf(ds[0].message), v.rule, ds[0].message);
      }
      assert.deepEqual(await pack.analyze({ type: s.token, name: "chat", properties: wire(s.inputs(COMPLIANT)) }), []);
    });
  }

  it("a sku.name unknown during preview is advisory and checked again at `pulumi up`", async () => {
    const inputs = nativeCognitive(COMPLIANT);
    const ds = await pack.analyze({ type: NATIVE_TOKEN, name: "chat", properties: wire({ ...inputs, sku: { name: unknown(), capacity: 10 } }) });
    assert.equal(ds.length, 1);
    assert.equal(ds[0].enforcementLevel, "advisory");
    assert.match(ds[0].message, /sku\.name can't be known during preview.*checked again at `pulumi up`/s);
  });

  it("a config the rules core rejects (a filter that disables filtering): every deployment denied, the problem named", async () => {
    await pack.configureFromFile({
      [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"], allowedContentFilters: ["Microsoft.Nil"] },
    });
    try {
      const ds = await pack.analyze({ type: NATIVE_TOKEN, name: "chat", properties: wire(nativeCognitive(COMPLIANT)) });
      assert.equal(ds.length, 1);
      assert.equal(ds[0].enforcementLevel, "mandatory");
      assert.match(ds[0].message, /allowedContentFilters\[0\]: names a RAI policy that turns content filtering off \(got "Microsoft\.Nil"\)/);
    } finally {
      await pack.configureFromFile(packConfigFile(CONTROLS));
    }
  });

  it("the CLI's schema check refuses an undocumented deployment type before the pack runs", async () => {
    await assert.rejects(
      pack.configureFromFile({
        [MODEL_POLICY_NAME]: { allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"], allowedDeploymentTypes: ["GlobalProvisioned"] },
      }),
      /allowedDeploymentTypes/,
    );
    await pack.configureFromFile(packConfigFile(CONTROLS));
  });
});

/**
 * Catalog models through the three deciders: the rules core, the rendered Azure Policy (offline)
 * and the policy pack (the SDK's analyze path). A generated differential over the three catalog
 * surfaces in every token form (classic provider included), and an attacker corpus of catalog
 * tricks with the verdict each must get.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { EffectiveConfig } from "../../core/config/validate";
import { Rule } from "../../core/enums";
import { SURFACES, SurfaceKey } from "../../core/surfaces";
import { AGREEMENT_SEED } from "./generators";
import {
  compareVerdicts,
  configDroppingRefusedApprovals,
  coreVerdict,
  decidersFor,
  Deciders,
  effectiveConfig,
  agreementSuite,
  PackUnderTest,
  Tally,
} from "./harness";
import { say, seconds } from "./run";
import {
  CATALOG_SURFACES,
  CatalogKeys,
  catalogKeys,
  catalogArmResource,
  catalogPulumiResource,
  CatalogSpec,
  catalogSpec,
  catalogSurface,
} from "./catalog-cases";

const RUNS = 500;
const CASES_PER_CONFIG = 20;

/** A valid config from generated keys (approved entries validation refuses are dropped). */
function configOf(keys: CatalogKeys, registryApproval: boolean): EffectiveConfig {
  const approved = [...keys.allowedModels, ...(registryApproval ? ["azureml://registries/azureml/models/Phi-4"] : [])];
  return configDroppingRefusedApprovals({ allowedRegistries: ["azureml"], ...keys }, approved);
}

async function decideSpec(d: Deciders, pack: PackUnderTest | undefined, spec: CatalogSpec, label: string) {
  const resource = catalogArmResource(spec);
  const core = coreVerdict(d.compiled, catalogSurface(spec), resource.properties);
  const azure = d.azure.evaluate(resource);
  const packVerdict = pack ? await pack.evaluate(catalogPulumiResource(spec)) : undefined;
  return compareVerdicts(label, core, azure, packVerdict);
}

describe("agreement: catalog models (rules core = rendered Azure Policy = policy pack)", function () {
  this.timeout(600_000);
  const suite = agreementSuite(() => effectiveConfig({ allowedRegistries: ["azureml"] }));

  it(`${RUNS * CASES_PER_CONFIG} generated catalog deployments on ${RUNS} generated configs (seed ${AGREEMENT_SEED})`, async () => {
    const start = Date.now();
    const tally = new Tally();
    const bySurface = new Map<string, number>();
    const byForm = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        catalogKeys,
        fc.boolean(),
        fc.array(catalogSpec, { minLength: CASES_PER_CONFIG, maxLength: CASES_PER_CONFIG }),
        async (keys, registryApproval, specs) => {
          const config = configOf(keys, registryApproval);
          const d = decidersFor(config);
          await suite.pack.configure(config);
          for (const spec of specs) {
            const label = `${catalogSurface(spec).key} (${spec.form}): ${JSON.stringify(catalogArmResource(spec).properties)} under ${JSON.stringify({ ...keys, registryApproval })}`;
            const o = await decideSpec(d, suite.pack, spec, label);
            tally.add(o);
            bySurface.set(catalogSurface(spec).key, (bySurface.get(catalogSurface(spec).key) ?? 0) + 1);
            const pulumi = catalogPulumiResource(spec);
            byForm.set(
              pulumi.type.split(":")[0] === "azure" ? "classic" : pulumi.form.split(",")[0],
              (byForm.get(pulumi.type.split(":")[0] === "azure" ? "classic" : pulumi.form.split(",")[0]) ?? 0) + 1,
            );
            assert.deepEqual(o.disagreements, [], label);
          }
        },
      ),
      { seed: AGREEMENT_SEED, numRuns: RUNS },
    );
    say(`case mix: ${tally.mix()}`);
    say(`surfaces: ${[...bySurface].map(([k, n]) => `${k} ${n}`).join(", ")}; token forms: ${[...byForm].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    say(`differential (catalog): ${tally.cases} cases, ${tally.disagreements.length} disagreements (seed ${AGREEMENT_SEED}, ${seconds(start)} s)`);
    assert.ok(tally.cases >= 10_000, `only ${tally.cases} cases`);
    for (const rule of [Rule.Allowed, Rule.ModelReference, Rule.BlockedModels, Rule.TrustedRegistries, Rule.TrustedPublishers, Rule.ApprovedModels]) {
      assert.ok((tally.byRule.get(rule) ?? 0) >= 50, `rule ${rule} decided only ${tally.byRule.get(rule) ?? 0} cases`);
    }
    assert.equal(bySurface.size, CATALOG_SURFACES.length);
    assert.ok((byForm.get("classic") ?? 0) > 100, "the classic provider's token is exercised");
  });

  it("inference groups: the pack and the core decide the model id; the rendered policy, which has no alias for it, denies the type", async () => {
    const d = decidersFor(effectiveConfig({ allowedRegistries: ["azureml"] }));
    const group = SURFACES.find((s) => s.key === SurfaceKey.InferenceGroup);
    assert.ok(group?.noPolicyAlias);
    for (const [modelId, rule] of [
      ["azureml://registries/azureml/models/Phi-4/versions/1", Rule.Allowed],
      ["azureml://registries/evil/models/x", Rule.TrustedRegistries],
      [undefined, Rule.ModelReference],
    ] as const) {
      const properties = modelId === undefined ? { modelConfiguration: {} } : { modelConfiguration: { modelId } };
      assert.equal(coreVerdict(d.compiled, group, properties).rule, rule, String(modelId));
      const azure = d.azure.evaluate({ type: group.armType, name: "pool/g", properties });
      assert.deepEqual([azure.allowed, azure.rule], [false, Rule.ModelReference], "denied outright: Azure cannot read the model");
      await suite.pack.configure(d.config);
      const verdict = await suite.pack.evaluate({
        type: "azure-native:machinelearningservices:InferenceGroup",
        inputs: { resourceGroupName: "rg", workspaceName: "ws", poolName: "pool", inferenceGroupProperties: properties },
        form: "default",
      });
      assert.equal(verdict.rule, rule, String(modelId));
    }
  });

  describe("attacker corpus: catalog tricks", () => {
    const CONFIG = {
      allowedRegistries: ["azureml"],
      allowedPublishers: ["OpenAI", "Mistral AI", "Black Forest Labs", "DeepSeek"],
      blockedModels: ["DeepSeek/DeepSeek-R1", "OpenAI/gpt-4o/versions/2024-05-13"],
      allowedModels: [
        "OpenAI/gpt-4o/versions/2024-11-20",
        "OpenAI/gpt-4o-mini",
        "Mistral AI/Mistral-Large-2411",
        "Black Forest Labs/FLUX.1-Kontext-pro",
        "azureml://registries/azureml/models/Phi-4",
      ],
    };
    const HELD = { versionUpgradeOption: "NoAutoUpgrade" };
    const cs = SurfaceKey.CognitiveServicesDeployment;
    type Trick = { note: string; model: Record<string, unknown>; extra?: Record<string, unknown>; expected: Rule };
    const TRICKS: Trick[] = [
      { note: "approved version, held", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, extra: HELD, expected: Rule.Allowed },
      { note: "approved version, but Azure may upgrade it", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, expected: Rule.BlockedModels },
      { note: "approved version in another case", model: { format: "openai", name: "GPT-4O", version: "2024-11-20" }, extra: HELD, expected: Rule.Allowed },
      { note: "approved name, every version", model: { format: "OpenAI", name: "gpt-4o-mini" }, expected: Rule.Allowed },
      { note: "name that extends an approved name", model: { format: "OpenAI", name: "gpt-4o-mini-evil" }, expected: Rule.ApprovedModels },
      { note: "approved name with a trailing dot", model: { format: "OpenAI", name: "gpt-4o-mini." }, expected: Rule.ApprovedModels },
      { note: "blocked version, held", model: { format: "OpenAI", name: "gpt-4o", version: "2024-05-13" }, extra: HELD, expected: Rule.BlockedModels },
      { note: "no version: may resolve to a blocked version", model: { format: "OpenAI", name: "gpt-4o" }, expected: Rule.BlockedModels },
      { note: "blocked model, any version", model: { format: "DeepSeek", name: "DeepSeek-R1", version: "1" }, extra: HELD, expected: Rule.BlockedModels },
      { note: "blocked model in upper case", model: { format: "DEEPSEEK", name: "DEEPSEEK-R1" }, expected: Rule.BlockedModels },
      {
        note: "blocked model behind a trusted publisher field",
        model: { format: "DeepSeek", name: "DeepSeek-R1", publisher: "OpenAI" },
        expected: Rule.BlockedModels,
      },
      {
        note: "untrusted format behind a trusted publisher field",
        model: { format: "Evil", name: "gpt-4o-mini", publisher: "OpenAI" },
        expected: Rule.TrustedPublishers,
      },
      {
        note: "trusted format, untrusted publisher field",
        model: { format: "OpenAI", name: "gpt-4o-mini", publisher: "Evil" },
        expected: Rule.TrustedPublishers,
      },
      { note: "publisher prefix", model: { format: "OpenAI-Evil", name: "gpt-4o-mini" }, expected: Rule.TrustedPublishers },
      { note: "publisher suffix", model: { format: "EvilOpenAI", name: "gpt-4o-mini" }, expected: Rule.TrustedPublishers },
      { note: "publisher with a space inside a trusted one", model: { format: "Mistral", name: "Mistral-Large-2411" }, expected: Rule.TrustedPublishers },
      { note: "publisher with spaces, trusted", model: { format: "Mistral AI", name: "Mistral-Large-2411" }, expected: Rule.Allowed },
      { note: "publisher with a double space", model: { format: "Mistral  AI", name: "Mistral-Large-2411" }, expected: Rule.ModelReference },
      { note: "publisher with a no-break space", model: { format: "Mistral\u00a0AI", name: "Mistral-Large-2411" }, expected: Rule.ModelReference },
      { note: "publisher with a trailing space", model: { format: "OpenAI ", name: "gpt-4o-mini" }, expected: Rule.ModelReference },
      { note: "Cyrillic a in the publisher", model: { format: "Open\u0410I", name: "gpt-4o-mini" }, expected: Rule.ModelReference },
      { note: "Kelvin sign in the name", model: { format: "Black Forest Labs", name: "FLUX.1-\u212aontext-pro" }, expected: Rule.ModelReference },
      { note: "Unicode hyphen in the name", model: { format: "OpenAI", name: "gpt\u20104o-mini" }, expected: Rule.ModelReference },
      { note: "zero-width space in the name", model: { format: "OpenAI", name: "gpt-4o-mini\u200b" }, expected: Rule.ModelReference },
      {
        note: "dotted name, trusted and approved",
        model: { format: "Black Forest Labs", name: "FLUX.1-Kontext-pro", version: "1" },
        extra: HELD,
        expected: Rule.Allowed,
      },
      { note: "a slash in the name", model: { format: "OpenAI", name: "gpt-4o-mini/versions/1" }, expected: Rule.ModelReference },
      { note: "missing format", model: { name: "gpt-4o-mini" }, expected: Rule.ModelReference },
      { note: "empty name", model: { format: "OpenAI", name: "" }, expected: Rule.ModelReference },
      { note: "numeric version", model: { format: "OpenAI", name: "gpt-4o-mini", version: 1 }, expected: Rule.ModelReference },
      { note: "name as an object", model: { format: "OpenAI", name: { value: "gpt-4o-mini" } }, expected: Rule.ModelReference },
      { note: "version with a wildcard", model: { format: "OpenAI", name: "gpt-4o", version: "*" }, extra: HELD, expected: Rule.ModelReference },
      {
        note: "upgrade option as a number",
        model: { format: "OpenAI", name: "gpt-4o-mini" },
        extra: { versionUpgradeOption: 2 },
        expected: Rule.ModelReference,
      },
      {
        note: "upgrade option in lower case still holds",
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        extra: { versionUpgradeOption: "noautoupgrade" },
        expected: Rule.Allowed,
      },
      {
        note: "upgrade option with a trailing space does not hold",
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        extra: { versionUpgradeOption: "NoAutoUpgrade " },
        expected: Rule.BlockedModels,
      },
      {
        note: "approved catalog model with an untrusted Azure ML source",
        model: { format: "OpenAI", name: "gpt-4o-mini", source: "azureml://registries/evil/models/x" },
        expected: Rule.TrustedRegistries,
      },
      {
        note: "trusted Azure ML source with an untrusted catalog model",
        model: { format: "Evil", name: "x", source: "azureml://registries/azureml/models/Phi-4" },
        expected: Rule.TrustedPublishers,
      },
      { note: "catalog model only named by a registry approval", model: { format: "OpenAI", name: "Phi-4" }, expected: Rule.ApprovedModels },
    ];

    let d: Deciders;
    before(() => {
      d = decidersFor(effectiveConfig(CONFIG));
    });

    for (const t of TRICKS) {
      it(`${t.note}: ${t.expected}, on every catalog surface and token form`, async () => {
        await suite.pack.configure(d.config);
        for (const [si, s] of CATALOG_SURFACES.entries()) {
          const model = s.key === cs ? t.model : Object.fromEntries(Object.entries(t.model).filter(([k]) => k !== "publisher"));
          // The ML-side deployments have no publisher field: a trick that relies on it is decided on format alone.
          const expected = s.key !== cs && "publisher" in t.model ? undefined : t.expected;
          for (const form of ["default", "versioned", "local-package", "generic", "classic"] as const) {
            const spec: CatalogSpec = {
              surfaceIndex: si,
              format: model.format,
              name: model.name,
              version: model.version,
              publisher: model.publisher,
              upgrade: t.extra?.versionUpgradeOption,
              source: model.source,
              type: "Azure.OpenAI",
              form,
            };
            const o = await decideSpec(d, suite.pack, spec, `${s.key} ${form}: ${t.note}`);
            assert.deepEqual(o.disagreements, [], o.label);
            if (expected !== undefined) assert.equal(o.core.rule, expected, `${o.label}: ${o.core.reason}`);
          }
        }
      });
    }
  });
});

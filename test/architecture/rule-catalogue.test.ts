/**
 * One source per rule fact (issue 16): core/rule-catalogue.ts has an entry for every rule that can
 * deny, and the adapters say what it says. The renderer's definitions carry the catalogue's titles,
 * descriptions and parameters and its messages; the pack reports denials under exactly the
 * catalogue's rule ids (it carries no per-rule titles: its one model policy names the rule id).
 */
import { strict as assert } from "node:assert";
import { validateGovernanceConfig } from "../../core/config/validate";
import { CONTROL_KEYS } from "../../core/deployment-controls";
import { CONTROL_RULES, ControlRule, DENY_RULES, Rule } from "../../core/enums";
import { MODEL_POLICY_NAME, policyPackConfigFor } from "../../core/pack-config";
import { defaultNonComplianceMessage, GovernanceRule, MODEL_RULE_IDS, RULE_CATALOGUE } from "../../core/rule-catalogue";
import { renderGovernancePlan } from "../../azure-policy/render";
import { PARAM } from "../../azure-policy";
import { packPolicies } from "../../crossguard";
import { inProcessAnalyzer } from "../crossguard/in-process-analyzer";
import { parseDenial } from "../crossguard/helpers";
import { COMPLIANT, CONTROLS, nativeCognitive, NATIVE_TOKEN, VIOLATIONS } from "../deployment-controls/fixtures";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

/** Every model rule and every control on, so every rule has a definition, a message and a way to deny. */
const CONFIG = {
  scope: SCOPE,
  ...CONTROLS,
  owner: "ml-platform@contoso.com",
  blockedModels: ["azureml://registries/azureml/models/Llama-2-7b"],
  allowedModels: ["azureml://registries/azureml/models/Phi-4", "OpenAI/gpt-4o"],
  workspaceModels: "Deny",
};

function effective() {
  const r = validateGovernanceConfig(CONFIG);
  if (!r.ok) throw new Error(`invalid test config: ${JSON.stringify(r.errors)}`);
  return r.config;
}

const CATALOGUE_IDS = Object.keys(RULE_CATALOGUE).sort();

describe("architecture: one table of per-rule facts (core/rule-catalogue.ts)", () => {
  it("has an entry for every rule that can deny, and no other, each with a title, description, family and message", () => {
    const expected = [...Object.values(Rule).filter((r) => r !== Rule.Allowed), ...Object.values(ControlRule)].sort();
    assert.deepEqual(CATALOGUE_IDS, expected);
    assert.deepEqual(MODEL_RULE_IDS, DENY_RULES);
    const config = effective();
    for (const [id, facts] of Object.entries(RULE_CATALOGUE)) {
      assert.equal(facts.family, (CONTROL_RULES as readonly string[]).includes(id) ? "deployment-control" : "model", id);
      assert.ok(facts.title.trim().length > 0, `${id}: empty title`);
      assert.ok(facts.description.trim().length > 0, `${id}: empty description`);
      const body = facts.message(config, "must");
      assert.ok(body.trim().length > 0 && !body.includes("undefined"), `${id}: message ${JSON.stringify(body)}`);
    }
    assert.equal(new Set(Object.values(RULE_CATALOGUE).map((f) => f.title)).size, CATALOGUE_IDS.length, "titles are distinct");
  });

  it("names as parameters the renderer's model parameters and the controls' config keys, each read by one rule", () => {
    const params = Object.values(RULE_CATALOGUE).flatMap((f) => [...f.parameters]);
    assert.equal(new Set(params).size, params.length, "no parameter is read by two rules");
    const model = MODEL_RULE_IDS.flatMap((r) => [...RULE_CATALOGUE[r].parameters]).sort();
    assert.deepEqual(
      model,
      Object.values(PARAM)
        .filter((p) => p !== PARAM.effect)
        .sort(),
    );
    const controls = CONTROL_RULES.flatMap((r) => [...RULE_CATALOGUE[r].parameters]).sort();
    assert.deepEqual(controls, [...CONTROL_KEYS].sort());
  });

  it("the rendered definitions and messages use the catalogue's titles, descriptions, parameters and messages", () => {
    const config = effective();
    const plan = renderGovernancePlan("ml-governance", config);
    assert.deepEqual(plan.definitions.map((d) => d.referenceId).sort(), CATALOGUE_IDS);
    for (const d of plan.definitions) {
      const facts = RULE_CATALOGUE[d.referenceId as GovernanceRule];
      assert.match(d.displayName, new RegExp(`^(Azure ML model governance|Foundry deployment controls): ${facts.title}$`), d.referenceId);
      assert.ok(d.description.startsWith(`${facts.description} Covers `), `${d.referenceId}: ${d.description}`);
      assert.deepEqual(Object.keys(d.parameters), [PARAM.effect, ...facts.parameters], d.referenceId);
      assert.equal(d.metadata.rule, d.referenceId);
    }
    const messages = plan.assignments[0].nonComplianceMessages;
    assert.deepEqual(messages.map((m) => m.policyDefinitionReferenceId).sort(), CATALOGUE_IDS);
    for (const m of messages) {
      const rule = m.policyDefinitionReferenceId as GovernanceRule;
      assert.equal(m.message, defaultNonComplianceMessage(rule, config));
      assert.ok(m.message.startsWith(`[${rule}] `) && m.message.endsWith(" Contact: ml-platform@contoso.com."), m.message);
    }
  });

  it("the pack denies under exactly the catalogue's rule ids", async () => {
    const analyzer = inProcessAnalyzer(packPolicies);
    await analyzer.configure({
      [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: { ...policyPackConfigFor(effective())[MODEL_POLICY_NAME] } },
    });
    const serverless = (modelId: string) => ({
      type: "azure-native:machinelearningservices:ServerlessEndpoint",
      properties: { workspaceName: "ws", resourceGroupName: "rg", properties: { authMode: "Key", modelSettings: { modelId } } },
    });
    const untrustedPublisher = nativeCognitive(COMPLIANT);
    (untrustedPublisher.properties as Record<string, unknown>).model = { format: "Contoso", name: "gpt-4o", version: "1" };
    const cases: Array<{ rule: GovernanceRule; type: string; properties: Record<string, unknown> }> = [
      { rule: Rule.ModelReference, ...serverless("not a model id") },
      { rule: Rule.BlockedModels, ...serverless("azureml://registries/azureml/models/Llama-2-7b/versions/1") },
      { rule: Rule.TrustedRegistries, ...serverless("azureml://registries/contoso/models/Phi-4/versions/1") },
      { rule: Rule.TrustedPublishers, type: NATIVE_TOKEN, properties: untrustedPublisher },
      { rule: Rule.ApprovedModels, ...serverless("azureml://registries/azureml/models/Phi-3/versions/1") },
      { rule: Rule.WorkspaceModels, ...serverless("azureml:my-model:1") },
      ...VIOLATIONS.map((v) => ({ rule: v.rule, type: NATIVE_TOKEN, properties: nativeCognitive(v.settings) })),
    ];
    const reported = new Set<string>();
    for (const c of cases) {
      const result = await analyzer.analyze({ type: c.type, properties: c.properties });
      const rules = result.diagnostics.map((d) => parseDenial(d.message).rule);
      assert.deepEqual(rules, [c.rule], `${c.rule}: ${JSON.stringify(result.diagnostics)}`);
      rules.forEach((r) => reported.add(r));
    }
    assert.deepEqual([...reported].sort(), CATALOGUE_IDS);
  });
});

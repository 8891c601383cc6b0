/**
 * The guardrail preflight policies (`azure-ml-guardrail-<key>`):
 * - each check decides fixture resources as the Azure rule does (built-in rules transcribed in
 *   builtin-rules.ts, the custom rules as rendered), run by the offline evaluator on the ARM form;
 * - through the SDK's own analyze path (in-process): every token form, v2/v3 input names, the
 *   effect → enforcement mapping, config errors, unknown values, other resource types;
 * - the pack config the component derives turns exactly the enabled guardrails on.
 */
import * as assert from "node:assert/strict";
import type { EnforcementLevel } from "@pulumi/policy";
import { validateGovernanceConfig } from "../../core";
import { surfaceForToken } from "../../core/surfaces";
import { azureNativeTokenPattern } from "../../core/pulumi-tokens";
import {
  guardrailPackConfig,
  guardrailPolicyConfigSchema,
  PREFLIGHT_CHECKS,
  PreflightCheck,
  preflightResourceForToken,
  resolveGuardrailPackConfig,
} from "../../core/guardrails";
import { createAliasResolver, evaluatePolicy } from "../../azure-policy/evaluator";
import { customGuardrailRule } from "../../azure-policy/guardrails";
import { createGuardrailPolicy, GUARDRAIL_PREFLIGHT_KEYS, guardrailPolicies, guardrailPolicyDescription } from "../../crossguard/guardrails";
import { token, TOKEN_FORMS } from "../crossguard/fixtures";
import { InProcessResult, inProcessAnalyzer, UNKNOWN } from "../crossguard/in-process-analyzer";
import { BUILTIN_RULES } from "./builtin-rules";
import { BASE, NOW } from "./fixtures";

type Verdict = "violation" | "compliant" | "not applicable";

interface Case {
  name: string;
  /** Pulumi inputs (v3 names). */
  inputs: Record<string, unknown>;
  expected: Verdict;
}

const ci = (props: Record<string, unknown>) => ({ resourceGroupName: "rg", workspaceName: "ws", properties: { computeType: "ComputeInstance", ...props } });
const aml = (props: Record<string, unknown>) => ({ resourceGroupName: "rg", workspaceName: "ws", properties: { computeType: "AmlCompute", ...props } });
const ws = (props: Record<string, unknown>) => ({ resourceGroupName: "rg", location: "westeurope", ...props });
const job = (props: Record<string, unknown>) => ({ resourceGroupName: "rg", workspaceName: "ws", properties: props });

const CASES: Record<string, Case[]> = {
  computeIdleShutdown: [
    { name: "instance without idle shutdown", inputs: ci({ properties: { vmSize: "Standard_DS3_v2" } }), expected: "violation" },
    { name: "instance with an empty idle shutdown", inputs: ci({ properties: { idleTimeBeforeShutdown: "" } }), expected: "violation" },
    { name: "instance without properties at all", inputs: ci({}), expected: "violation" },
    { name: "instance with idle shutdown", inputs: ci({ properties: { idleTimeBeforeShutdown: "PT30M" } }), expected: "compliant" },
    { name: "computeType in other case", inputs: { properties: { computeType: "computeinstance" } }, expected: "violation" },
    { name: "cluster (out of scope)", inputs: aml({}), expected: "not applicable" },
    { name: "no properties", inputs: { resourceGroupName: "rg" }, expected: "not applicable" },
  ],
  disableLocalAuth: [
    { name: "instance, local auth not disabled", inputs: ci({}), expected: "violation" },
    { name: "cluster, disableLocalAuth false", inputs: aml({ disableLocalAuth: false }), expected: "violation" },
    { name: "cluster, disableLocalAuth true", inputs: aml({ disableLocalAuth: true }), expected: "compliant" },
    { name: "instance, disableLocalAuth true", inputs: ci({ disableLocalAuth: true }), expected: "compliant" },
    { name: "Kubernetes (out of scope)", inputs: { properties: { computeType: "Kubernetes" } }, expected: "not applicable" },
  ],
  computeVnet: [
    { name: "cluster without subnet", inputs: aml({ properties: { vmSize: "STANDARD_D2_V2" } }), expected: "violation" },
    { name: "instance with an empty subnet id", inputs: ci({ properties: { subnet: { id: "" } } }), expected: "violation" },
    {
      name: "instance with a subnet",
      inputs: ci({ properties: { subnet: { id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s" } } }),
      expected: "compliant",
    },
    { name: "AKS (out of scope)", inputs: { properties: { computeType: "AKS" } }, expected: "not applicable" },
  ],
  computePublicIp: [
    { name: "cluster with enableNodePublicIp true", inputs: aml({ properties: { enableNodePublicIp: true } }), expected: "violation" },
    { name: "instance without enableNodePublicIp (the API default is a public IP)", inputs: ci({ properties: {} }), expected: "violation" },
    { name: "instance with enableNodePublicIp false", inputs: ci({ properties: { enableNodePublicIp: false } }), expected: "compliant" },
    { name: "cluster with enableNodePublicIp false", inputs: aml({ properties: { enableNodePublicIp: false } }), expected: "compliant" },
    { name: "AKS (out of scope, as in the docs)", inputs: { properties: { computeType: "AKS" } }, expected: "not applicable" },
  ],
  workspacePublicNetworkAccess: [
    { name: "public network access not set", inputs: ws({}), expected: "violation" },
    { name: "public network access Enabled", inputs: ws({ publicNetworkAccess: "Enabled" }), expected: "violation" },
    { name: "public network access Disabled", inputs: ws({ publicNetworkAccess: "Disabled" }), expected: "compliant" },
    { name: "public network access disabled (case)", inputs: ws({ publicNetworkAccess: "disabled" }), expected: "compliant" },
    { name: "a Foundry hub", inputs: ws({ kind: "Hub", publicNetworkAccess: "Enabled" }), expected: "violation" },
  ],
  workspaceCustomerManagedKey: [
    { name: "no encryption", inputs: ws({}), expected: "violation" },
    {
      name: "encryption Disabled",
      inputs: ws({ encryption: { status: "Disabled", keyVaultProperties: { keyVaultArmId: "kv", keyIdentifier: "k" } } }),
      expected: "violation",
    },
    {
      name: "encryption Enabled",
      inputs: ws({ encryption: { status: "Enabled", keyVaultProperties: { keyVaultArmId: "kv", keyIdentifier: "k" } } }),
      expected: "compliant",
    },
    { name: "a project (skipped by the built-in)", inputs: ws({ kind: "Project" }), expected: "not applicable" },
    { name: "a hub without encryption", inputs: ws({ kind: "Hub" }), expected: "violation" },
  ],
  workspaceUserAssignedIdentity: [
    { name: "no primary user-assigned identity", inputs: ws({ identity: { type: "SystemAssigned" } }), expected: "violation" },
    { name: "an empty one", inputs: ws({ primaryUserAssignedIdentity: "" }), expected: "violation" },
    {
      name: "a user-assigned identity",
      inputs: ws({ primaryUserAssignedIdentity: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ws" }),
      expected: "compliant",
    },
  ],
  serverlessSparkJobs: [
    {
      name: "a Spark job",
      inputs: job({
        jobType: "Spark",
        codeId: "c",
        entry: { file: "main.py", sparkJobEntryType: "SparkJobPythonEntry" },
        resources: { instanceType: "standard_e4s_v3" },
      }),
      expected: "violation",
    },
    { name: "a Spark job (case)", inputs: job({ jobType: "spark" }), expected: "violation" },
    { name: "a command job", inputs: job({ jobType: "Command", command: "python train.py", environmentId: "e" }), expected: "compliant" },
  ],
};

/** The ARM resource Azure Policy evaluates for Pulumi inputs, written independently of the core's readers. */
function armResource(check: PreflightCheck, inputs: Record<string, unknown>): { type: string; kind?: string; properties: unknown } {
  if (check.resource.resource === "Workspace") {
    const { resourceGroupName: _rg, workspaceName: _wn, location: _l, kind, identity: _i, sku: _s, tags: _t, ...properties } = inputs;
    return typeof kind === "string" ? { type: check.resource.armType, kind, properties } : { type: check.resource.armType, properties };
  }
  return { type: check.resource.armType, properties: inputs.properties ?? inputs.jobBaseProperties };
}

function azureRule(check: PreflightCheck): unknown {
  return check.key in BUILTIN_RULES ? BUILTIN_RULES[check.key] : customGuardrailRule(check.key).if;
}

function verdictOf(check: PreflightCheck, inputs: Record<string, unknown>): Verdict {
  const r = check.check(inputs);
  return !r.applies ? "not applicable" : r.compliant ? "compliant" : "violation";
}

const analyzer = inProcessAnalyzer(guardrailPolicies);

async function configure(key: string, properties: Record<string, unknown>, enforcementLevel: EnforcementLevel = "mandatory"): Promise<void> {
  const config: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> = {};
  // The CLI sends every policy its schema defaults (effect Disabled), then the file's values.
  for (const k of GUARDRAIL_PREFLIGHT_KEYS) config[`azure-ml-guardrail-${k}`] = { enforcementLevel: "mandatory", properties: { effect: "Disabled" } };
  config[`azure-ml-guardrail-${key}`] = { enforcementLevel, properties: { effect: "Disabled", ...properties } };
  await analyzer.configure(config);
}

describe("guardrail preflight", () => {
  it("covers the eight guardrails resource inputs can show, as azure-ml-guardrail-<key> policies", () => {
    assert.deepEqual(GUARDRAIL_PREFLIGHT_KEYS, [
      "computeIdleShutdown",
      "disableLocalAuth",
      "computeVnet",
      "computePublicIp",
      "workspacePublicNetworkAccess",
      "workspaceCustomerManagedKey",
      "workspaceUserAssignedIdentity",
      "serverlessSparkJobs",
    ]);
    assert.deepEqual(
      guardrailPolicies.map((p) => p.name),
      GUARDRAIL_PREFLIGHT_KEYS.map((k) => `azure-ml-guardrail-${k}`),
    );
    for (const p of guardrailPolicies) {
      assert.match(p.name, /^[a-zA-Z0-9-_.]{1,100}$/);
      // Off until a config entry gives a level: the SDK then skips them at no cost per resource.
      assert.equal(p.enforcementLevel, "disabled");
      assert.deepEqual(p.configSchema, guardrailPolicyConfigSchema);
    }
    assert.deepEqual(Object.keys(CASES), GUARDRAIL_PREFLIGHT_KEYS);
  });

  describe("type tokens: the same forms and regex as the model rules", () => {
    it("the token pattern accepts exactly what the surfaces' matcher accepts", () => {
      const samples = [
        ...TOKEN_FORMS.map((f) => token("machinelearningservices", "ServerlessEndpoint", f)),
        "azure-native:machinelearningservices/v20230801preview:ServerlessEndpoint",
        "azure-native:machinelearningservices:ServerlessEndpointX",
        "azure-native:machinelearningservices:serverlessendpoint",
        "azure-native:cognitiveservices:ServerlessEndpoint",
        "azure:machinelearning:ServerlessEndpoint",
        "azure-native_machinelearningservices_v20241001:machinelearningservices:ServerlessEndpoint",
      ];
      for (const t of samples)
        assert.equal(azureNativeTokenPattern("machinelearningservices", "ServerlessEndpoint").test(t), surfaceForToken(t)?.key === "serverlessEndpoint", t);
    });

    for (const resource of ["Compute", "Workspace", "Job"]) {
      it(`${resource}: every token form, and nothing else`, () => {
        for (const form of TOKEN_FORMS) assert.equal(preflightResourceForToken(token("machinelearningservices", resource, form))?.resource, resource, form);
        assert.equal(preflightResourceForToken(`azure-native:machinelearningservices:${resource}Connection`), undefined);
        assert.equal(preflightResourceForToken(`azure:machinelearning:${resource}`), undefined);
        assert.equal(preflightResourceForToken(`azure-native:cognitiveservices:${resource}`), undefined);
      });
    }
  });

  for (const check of PREFLIGHT_CHECKS) {
    describe(`${check.key}: decides as the Azure rule does`, () => {
      for (const c of CASES[check.key]) {
        it(`${c.name}: ${c.expected}`, () => {
          assert.equal(verdictOf(check, c.inputs), c.expected);
          const result = evaluatePolicy({
            policyRule: { if: azureRule(check), then: { effect: "Deny" } },
            resource: armResource(check, c.inputs),
            aliases: createAliasResolver({ ...check.aliases }),
          });
          assert.equal(result.outcome, c.expected === "violation" ? "match" : "noMatch", `Azure rule on ${JSON.stringify(armResource(check, c.inputs))}`);
        });
      }
    });
  }

  describe("through the SDK's analyze path", () => {
    for (const check of PREFLIGHT_CHECKS) {
      const bad = CASES[check.key].find((c) => c.expected === "violation")!;
      const good = CASES[check.key].find((c) => c.expected === "compliant")!;
      const v2 = check.resource.propertiesKey;
      const variants: Array<{ label: string; inputs: Record<string, unknown>; field: string }> = [];
      const r = check.check(bad.inputs);
      assert.ok(r.applies && !r.compliant);
      variants.push({ label: "v3 input names", inputs: bad.inputs, field: r.field });
      if (v2) {
        const { properties, ...rest } = bad.inputs;
        variants.push({ label: `v2 input name ${v2}`, inputs: { ...rest, [v2]: properties }, field: r.field.replace(/^properties/, v2) });
      }
      for (const form of TOKEN_FORMS) {
        for (const variant of variants) {
          it(`${check.key}: ${form} token, ${variant.label}: Deny → one mandatory violation naming field, rule and fix`, async () => {
            await configure(check.key, { effect: "Deny" });
            const type = token(check.resource.module, check.resource.resource, form);
            const result = await analyzer.analyze({ type, properties: variant.inputs });
            const mine = result.diagnostics.filter((d) => d.policyName === `azure-ml-guardrail-${check.key}`);
            assert.equal(mine.length, 1, JSON.stringify(result, null, 2));
            assert.equal(mine[0].enforcementLevel, "mandatory");
            const again = check.check(variant.inputs);
            assert.ok(again.applies && !again.compliant);
            assert.equal(
              mine[0].message,
              `${guardrailPolicyDescription(check)}\n${check.title} (${variant.field}) [${check.key}]: ${again.reason}. Fix: ${again.fix}.`,
            );
            // The other guardrails are off by default.
            assert.equal(result.diagnostics.length, 1);
          });
        }
      }

      it(`${check.key}: a compliant resource gets no diagnostic`, async () => {
        await configure(check.key, { effect: "Deny" });
        const result = await analyzer.analyze({ type: token(check.resource.module, check.resource.resource, "default"), properties: good.inputs });
        assert.deepEqual(result.diagnostics, []);
      });
    }

    const check = PREFLIGHT_CHECKS.find((c) => c.key === "computeIdleShutdown")!;
    const type = "azure-native:machinelearningservices:Compute";
    const bad = CASES.computeIdleShutdown[0].inputs;
    const mine =
      (name = "azure-ml-guardrail-computeIdleShutdown") =>
      (r: InProcessResult): InProcessResult => ({
        diagnostics: r.diagnostics.filter((d) => d.policyName === name),
        notApplicable: r.notApplicable.filter((n) => n.policyName === name),
      });

    it("Audit → advisory; Disabled and the default config → not applicable (opt-in)", async () => {
      await configure(check.key, { effect: "Audit" });
      assert.equal(mine()(await analyzer.analyze({ type, properties: bad })).diagnostics[0].enforcementLevel, "advisory");
      await configure(check.key, { effect: "Disabled" });
      const off = mine()(await analyzer.analyze({ type, properties: bad }));
      assert.deepEqual(off.diagnostics, []);
      assert.match(off.notApplicable[0].reason, /effect is Disabled in the config of policy 'azure-ml-guardrail-computeIdleShutdown'/);
      await configure(check.key, {});
      assert.deepEqual(mine()(await analyzer.analyze({ type, properties: bad })).diagnostics, []);
    });

    it("an explicit lower level in the config wins over Deny (advisory, disabled)", async () => {
      await configure(check.key, { effect: "Deny" }, "advisory");
      assert.equal(mine()(await analyzer.analyze({ type, properties: bad })).diagnostics[0].enforcementLevel, "advisory");
      await configure(check.key, { effect: "Deny" }, "disabled");
      assert.deepEqual(mine()(await analyzer.analyze({ type, properties: bad })).diagnostics, []);
    });

    it("an invalid config fails the guardrail, saying why", async () => {
      await configure(check.key, { effect: "Block", extra: 1 });
      const d = mine()(await analyzer.analyze({ type, properties: bad })).diagnostics;
      assert.equal(d.length, 1);
      assert.match(
        d[0].message,
        /is invalid, so this guardrail fails until it is fixed: 'extra' is not a setting of this policy \(only effect\); effect "Block" is not one of Deny, Audit, Disabled$/,
      );
    });

    it("other resource types (and out-of-scope computes) are not applicable", async () => {
      await configure(check.key, { effect: "Deny" });
      const other = mine()(await analyzer.analyze({ type: "azure-native:machinelearningservices:Workspace", properties: {} }));
      assert.deepEqual(other.diagnostics, []);
      assert.match(other.notApplicable[0].reason, /Not an azure-native machinelearningservices Compute/);
      const cluster = mine()(await analyzer.analyze({ type, properties: CASES.computeIdleShutdown.find((c) => c.name.startsWith("cluster"))!.inputs }));
      assert.match(cluster.notApplicable[0].reason, /^compute instance idle shutdown: computeType is 'AmlCompute', not ComputeInstance$/);
    });

    it("a value unknown during preview is advisory and says Azure Policy checks it at `pulumi up`", async () => {
      await configure(check.key, { effect: "Deny" });
      const d = mine()(await analyzer.analyze({ type, properties: ci({ properties: { idleTimeBeforeShutdown: UNKNOWN.string } }) })).diagnostics;
      assert.equal(d.length, 1);
      assert.equal(d[0].enforcementLevel, "advisory");
      assert.match(d[0].message, /^can't run policy 'azure-ml-guardrail-computeIdleShutdown' from policy pack 'azure-ml-governance@v0\.1\.0' during preview: /);
      assert.ok(d[0].message.endsWith("Azure Policy checks the compute instance idle shutdown at `pulumi up`, once the value is known."), d[0].message);
    });

    it("a policy given its config in code ignores the file's properties", () => {
      const p = createGuardrailPolicy("computeVnet", { config: { effect: "Audit" } });
      assert.equal(p.configSchema, undefined);
      assert.throws(() => createGuardrailPolicy("computeVnet", { config: { effect: "Nope" } }), /config of policy 'azure-ml-guardrail-computeVnet' is invalid/);
      assert.throws(() => createGuardrailPolicy("workspaceV1LegacyMode"), /has no preflight check/);
    });
  });

  describe("pack config from the governance config", () => {
    function packConfig(extra: Record<string, unknown>) {
      const r = validateGovernanceConfig({ ...BASE, ...extra }, { now: NOW });
      if (!r.ok) assert.fail(JSON.stringify(r.errors));
      return guardrailPackConfig(r.config.baseline, r.config.enforcementMode);
    }

    it("one entry per enabled guardrail with a preflight; Modify / AuditIfNotExists twins become Audit; the strongest wins", () => {
      assert.deepEqual(packConfig({}), {});
      assert.deepEqual(
        packConfig({
          identityLocation: "westeurope",
          guardrails: {
            computeIdleShutdown: { effect: "Deny" },
            configureDisableLocalAuth: {},
            workspacePublicNetworkAccess: { effect: "Deny" },
            configureWorkspacePublicNetworkAccess: {},
            workspaceCustomerManagedKeyIfNotExists: {},
            workspaceV1LegacyMode: { effect: "Deny" },
            computeVnet: { effect: "Disabled" },
            serverlessSparkJobs: {},
          },
          registryBuiltins: { approvedRegistryModels: {} },
        }),
        {
          "azure-ml-guardrail-computeIdleShutdown": { effect: "Deny", enforcementLevel: "mandatory" },
          "azure-ml-guardrail-disableLocalAuth": { effect: "Audit", enforcementLevel: "advisory" },
          "azure-ml-guardrail-computeVnet": { effect: "Disabled", enforcementLevel: "disabled" },
          "azure-ml-guardrail-workspacePublicNetworkAccess": { effect: "Deny", enforcementLevel: "mandatory" },
          "azure-ml-guardrail-workspaceCustomerManagedKey": { effect: "Audit", enforcementLevel: "advisory" },
          "azure-ml-guardrail-serverlessSparkJobs": { effect: "Deny", enforcementLevel: "mandatory" },
        },
      );
    });

    it("DoNotEnforce makes them advisory, as for the model policy", () => {
      assert.deepEqual(packConfig({ enforcementMode: "DoNotEnforce", guardrails: { computePublicIp: {} } }), {
        "azure-ml-guardrail-computePublicIp": { effect: "Deny", enforcementLevel: "advisory" },
      });
    });

    it("the derived entries are valid configs of the policies", () => {
      for (const entry of Object.values(packConfig({ guardrails: { computePublicIp: {}, computeVnet: {} } }))) {
        const { enforcementLevel: _level, ...properties } = entry;
        assert.deepEqual(resolveGuardrailPackConfig(properties), { ok: true, effect: entry.effect });
      }
      assert.deepEqual(resolveGuardrailPackConfig(undefined), { ok: true, effect: "Disabled" });
    });
  });
});

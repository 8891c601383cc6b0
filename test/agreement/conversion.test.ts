/**
 * The shared tables the differential test stands on: the one alias table (core/surfaces.ts
 * `aliasTable()`) used by the renderer and the evaluator, the Pulumi → ARM conversion of every
 * surface in every token form, and the rendered definitions against Azure's authoring limits.
 */
import assert from "node:assert/strict";
import { armTypeOfGenericResource } from "../../core/arm-template";
import { azureNativeForm } from "../../core/pulumi-tokens";
import {
  aliasTable,
  armPropertiesFromInputs,
  armResourceFromPulumi,
  POLICY_SURFACES as SURFACES,
  surfaceForArmType,
  surfaceForToken,
} from "../../core/surfaces";
import { checkAuthoringLimits, limitViolations } from "../../azure-policy/evaluator";
import { classifyTemplateString, parseExpression, walkExpression } from "../../azure-policy/evaluator/parser";
import { aliasResourceType, effectiveConfig, renderFor } from "./harness";
import { armProperties, pulumiResource, TOKEN_FORMS } from "./surface-cases";
import { say } from "./run";
import { ATTACK_CONFIG, ATTACK_CONFIG_APPROVED } from "../cases/attacker-ids";

/** Every `field` condition name and every `field('…')` argument in a rendered rule. */
function fieldsOf(rule: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      const t = classifyTemplateString(v);
      if (t.kind !== "expression") return;
      walkExpression(parseExpression(t.source), (n) => {
        if (n.kind === "call" && n.name.toLowerCase() === "field" && n.args[0]?.kind === "string") out.add(n.args[0].value);
      });
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "field" && typeof x === "string") out.add(x);
        visit(x);
      }
    }
  };
  visit(rule);
  return out;
}

describe("agreement: shared tables and conversions", () => {
  const plan = renderFor(effectiveConfig({ ...ATTACK_CONFIG, allowedModels: [...ATTACK_CONFIG_APPROVED.allowedModels] })).plan;

  describe("one alias table for the renderer and the evaluator", () => {
    it("every field the rendered definitions read is `type` or an alias of core/surfaces.ts aliasTable()", () => {
      const table = aliasTable();
      for (const d of plan.definitions) {
        for (const f of fieldsOf(d.policyRule)) {
          if (f === "type") continue;
          assert.ok(table.has(f.toLowerCase()), `${d.referenceId} reads '${f}', which aliasTable() does not define`);
        }
      }
    });

    it("every alias of the table is read by the rendered rules (no dead or duplicate entries)", () => {
      const used = new Set<string>();
      for (const d of plan.definitions) for (const f of fieldsOf(d.policyRule)) used.add(f.toLowerCase());
      for (const alias of aliasTable().keys()) assert.ok(used.has(alias), `alias ${alias} is in the table but no rule reads it`);
    });

    it("each alias belongs (by its name) to the resource type of the surface that declares it", () => {
      for (const s of SURFACES) {
        for (const f of [s.modelField, s.referenceTypeField, s.gate]) {
          if (!f) continue;
          assert.equal(aliasResourceType(f.alias).toLowerCase(), s.armType.toLowerCase(), `${f.alias} (surface ${s.key})`);
          assert.equal(aliasTable().get(f.alias.toLowerCase()), f.armPath);
          assert.ok(f.armPath.startsWith("properties."), `${f.alias}: ARM path ${f.armPath} is not under properties`);
        }
        assert.equal(surfaceForArmType(s.armType.toUpperCase()), s);
      }
    });
  });

  describe("Pulumi resource → ARM resource (armResourceFromPulumi)", () => {
    const sample = "azureml://registries/azureml/models/Phi-4/versions/1";

    it("is the identity on the ARM part for every surface, token form and properties input name", () => {
      let checked = 0;
      for (const s of SURFACES) {
        const properties = armProperties(s, sample);
        for (const form of TOKEN_FORMS) {
          for (const v2 of [false, true]) {
            const r = pulumiResource(s, properties, form, v2);
            if (r.type === "azure-native:resources:Resource") {
              // The generic resource: the pack maps it through its namespace/parent path/type.
              assert.equal(armResourceFromPulumi(r.type, r.inputs), undefined);
              assert.equal(armTypeOfGenericResource(r.inputs), s.armType, r.form);
              assert.equal(r.inputs.properties, properties);
              checked++;
              continue;
            }
            const arm = armResourceFromPulumi(r.type, r.inputs);
            assert.ok(arm, `${s.key}: ${r.type} is not recognised`);
            assert.equal(arm.type, s.armType, `${s.key}: ${r.form}`);
            assert.equal(arm.properties, properties, `${s.key}: ${r.form} must hand over the very same properties object`);
            assert.equal(surfaceForToken(r.type), s);
            checked++;
          }
        }
      }
      say(`${checked} surface x token form x input name combinations convert to the ARM resource unchanged`);
    });

    it("reads the v3 `properties` input before the v2 one, and nothing else", () => {
      for (const s of SURFACES) {
        const native = azureNativeForm(s.key);
        if (!native) continue;
        const v3 = armProperties(s, "azureml://registries/azureml/models/Phi-4");
        const v2 = armProperties(s, "azureml://registries/evil/models/Phi-4");
        const both: Record<string, unknown> = { properties: v3 };
        if (native.propertiesKey) both[native.propertiesKey] = v2;
        assert.equal(armPropertiesFromInputs(s, both), v3);
        assert.equal(armPropertiesFromInputs(s, { somethingElse: v2 }), undefined);
        assert.equal(armPropertiesFromInputs(s, { properties: null }), null);
      }
    });

    it("recognises no token outside the surfaces' azure-native classes", () => {
      const near = [
        "azure-native:machinelearningservices:ServerlessEndpointX",
        "azure-native:machinelearningservices:Workspace",
        "azure-native:machinelearningservices:OnlineEndpoint",
        "azure-native:cognitiveservices:Account",
        "azure:machinelearning/serverlessEndpoint:ServerlessEndpoint",
        "azure-nativex:machinelearningservices:ServerlessEndpoint",
        "azure-native:machinelearningservices/latest/x:ServerlessEndpoint",
        "azure-native_cognitiveservices_v20240101:machinelearningservices/v20240101:Deployment",
        "azure-native:cognitiveservices:Deployments",
        "azure-native:machinelearningservices:serverlessendpoint:x",
        "",
      ];
      for (const t of near) assert.equal(armResourceFromPulumi(t, { properties: {} }), undefined, t);
      // Case-insensitive, as type tokens are compared by the pack.
      assert.equal(surfaceForToken("AZURE-NATIVE:MACHINELEARNINGSERVICES:SERVERLESSENDPOINT")?.key, "serverlessEndpoint");
    });
  });

  describe("authoring limits", () => {
    it("every rendered definition is within the documented limits other than the function count", () => {
      for (const d of plan.definitions) {
        const report = checkAuthoringLimits(d.policyRule, {
          parameters: Object.fromEntries(Object.entries(plan.assignments[0]?.parameters ?? {}).map(([k, v]) => [k, v.value])),
        });
        const others = limitViolations({ ...report, functionCount: 0 });
        assert.deepEqual(others, [], `${d.referenceId}: ${others.join("; ")}`);
      }
    });

    it("every rendered definition has at most 2048 policy functions (Azure rejects larger rules at creation)", () => {
      const lines = plan.definitions.map((d) => {
        const r = checkAuthoringLimits(d.policyRule);
        return { id: d.referenceId, functions: r.functionCount, chars: JSON.stringify(d.policyRule).length, longest: r.longestExpression };
      });
      say(`functions per rendered rule: ${lines.map((l) => `${l.id} ${l.functions}`).join(", ")} (limit 2048)`);
      const over = lines.filter((l) => l.functions > 2048);
      if (over.length > 0) throw new Error(`over the limit: ${over.map((l) => `${l.id} (${l.functions} functions, ${l.chars} chars)`).join(", ")}`);
    });
  });
});

/**
 * The two custom guardrail definitions, after the Azure ML governance docs
 * (`how-to-integrate-azure-policy.md`, "Create custom definitions"), with three changes:
 *
 * - a `type` guard, so each rule evaluates only its resource type;
 * - an `effect` parameter (Deny, Audit, Disabled; default Deny) for a staged rollout;
 * - public IP: the docs' rule fires only on `enableNodePublicIP equals true`, but the API default
 *   is true, so a compute created without the property got a public IP and passed. Here a missing
 *   value counts as a public IP, and the rule names the two computes that have the property
 *   (AmlCompute, ComputeInstance) instead of "not AKS", which would also catch attached computes
 *   that have no such property.
 *
 * The aliases are the docs' own (`…/computes/computeType`, `…/computes/enableNodePublicIP`,
 * `…/jobs/jobType`); the preflight checks in `core/guardrails/preflight.ts` decide the same way.
 */
import { CustomGuardrail, GuardrailEffect } from "../../core/guardrails";
import { PolicyDefinitionBody } from "../plan";
import { customGuardrailDefinitionName } from "./names";

const WS = "Microsoft.MachineLearningServices/workspaces";

const RULES: Readonly<Record<string, { if: unknown }>> = {
  computePublicIp: {
    if: {
      allOf: [
        { field: "type", equals: `${WS}/computes` },
        { field: `${WS}/computes/computeType`, in: ["AmlCompute", "ComputeInstance"] },
        {
          anyOf: [
            { field: `${WS}/computes/enableNodePublicIP`, exists: false },
            { field: `${WS}/computes/enableNodePublicIP`, notEquals: false },
          ],
        },
      ],
    },
  },
  serverlessSparkJobs: {
    if: {
      allOf: [
        { field: "type", equals: `${WS}/jobs` },
        { field: `${WS}/jobs/jobType`, equals: "Spark" },
      ],
    },
  },
};

/** The `policyRule` of a custom guardrail. */
export function customGuardrailRule(key: string): { if: unknown; then: { effect: string } } {
  const rule = RULES[key];
  if (!rule) throw new Error(`no custom guardrail rule for '${key}'`);
  return { if: rule.if, then: { effect: "[parameters('effect')]" } };
}

/** The definition body of a custom guardrail. */
export function customGuardrailDefinition(componentName: string, custom: CustomGuardrail): PolicyDefinitionBody {
  return {
    name: customGuardrailDefinitionName(componentName, custom.key),
    referenceId: custom.key,
    displayName: custom.displayName,
    description: custom.description.slice(0, 512),
    mode: custom.mode === "Indexed" ? "Indexed" : "All",
    metadata: { category: "Machine Learning", version: custom.version, source: "azure-ml-governance", guardrail: custom.key, basedOn: custom.source },
    parameters: {
      effect: {
        type: "String",
        allowedValues: [...custom.allowedEffects] as GuardrailEffect[],
        defaultValue: custom.defaultEffect,
        metadata: { displayName: "Effect", description: "Deny refuses, Audit reports, Disabled skips evaluation." },
      },
    },
    policyRule: customGuardrailRule(custom.key),
  };
}

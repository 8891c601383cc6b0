/**
 * Shared fixtures for the evaluator tests: the example resource from "Author policies for array
 * properties on Azure resources" and an alias table for it and for ML serverless endpoints.
 */
import { ArmResource, EvaluationResult, ParameterDefinition, createAliasResolver, evaluateCondition, evaluatePolicy } from "../../../azure-policy/evaluator";

export const T = "Microsoft.Test/resourceType";
export const SERVERLESS = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints";
export const MODEL_ID = `${SERVERLESS}/modelSettings.modelId`;

export const aliases = createAliasResolver({
  [`${T}/missingArray`]: "properties.missingArray",
  [`${T}/missingArray[*]`]: "properties.missingArray[*]",
  [`${T}/missingArray[*].property`]: "properties.missingArray[*].property",
  [`${T}/stringArray`]: "properties.stringArray",
  [`${T}/stringArray[*]`]: "properties.stringArray[*]",
  [`${T}/objectArray[*]`]: "properties.objectArray[*]",
  [`${T}/objectArray[*].property`]: "properties.objectArray[*].property",
  [`${T}/objectArray[*].nestedArray`]: "properties.objectArray[*].nestedArray",
  [`${T}/objectArray[*].nestedArray[*]`]: "properties.objectArray[*].nestedArray[*]",
  [`${T}/text`]: "properties.text",
  [`${T}/number`]: "properties.number",
  [`${T}/flag`]: "properties.flag",
  [`${T}/settings`]: "properties.settings",
  [`${T}/missing`]: "properties.missing",
  [MODEL_ID]: "properties.modelSettings.modelId",
  [`${SERVERLESS}/offer.publisher`]: "properties.offer.publisher",
});

/** The example request content of the arrays article (with the nested values it uses). */
export function docResource(extra: Record<string, unknown> = {}): ArmResource {
  return {
    type: T,
    name: "res1",
    tags: { env: "prod" },
    properties: {
      stringArray: ["a", "b", "c"],
      objectArray: [
        { property: "value1", nestedArray: [1, 2] },
        { property: "value2", nestedArray: [3, 4] },
      ],
      ...extra,
    },
  };
}

/** A serverless endpoint referencing `modelId` (omitted when `undefined`). */
export function serverless(modelId: string | undefined): ArmResource {
  return {
    type: SERVERLESS,
    name: "ep1",
    location: "eastus2",
    id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/ws1/serverlessEndpoints/ep1",
    properties: modelId === undefined ? { authMode: "Key" } : { modelSettings: { modelId }, authMode: "Key" },
  };
}

export interface RunOptions {
  resource?: ArmResource;
  parameters?: Record<string, unknown>;
  definitionParameters?: Record<string, ParameterDefinition>;
  effect?: string;
  requestContext?: { apiVersion?: string };
}

/** Evaluates one condition (no policy wrapper). */
export function holds(condition: unknown, options: RunOptions = {}): boolean {
  return evaluateCondition(condition, {
    resource: options.resource ?? docResource(),
    aliases,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.definitionParameters ? { definitionParameters: options.definitionParameters } : {}),
    ...(options.requestContext ? { requestContext: options.requestContext } : {}),
  });
}

/** Evaluates `{ if: condition, then: { effect } }`. */
export function run(condition: unknown, options: RunOptions = {}): EvaluationResult {
  return evaluatePolicy({
    policyRule: { if: condition, then: { effect: options.effect ?? "Deny" } },
    resource: options.resource ?? docResource(),
    aliases,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.definitionParameters ? { definitionParameters: options.definitionParameters } : {}),
    ...(options.requestContext ? { requestContext: options.requestContext } : {}),
  });
}

/** The outcome name of a result. */
export function outcome(result: EvaluationResult): EvaluationResult["outcome"] {
  return result.outcome;
}

/** A `value` condition on a literal or expression. */
export function valueIs(value: unknown, op: string, operand: unknown): Record<string, unknown> {
  return { value, [op]: operand };
}

/** A `field` condition. */
export function fieldIs(field: string, op: string, operand: unknown): Record<string, unknown> {
  return { field, [op]: operand };
}

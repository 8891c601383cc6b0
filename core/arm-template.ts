/**
 * ARM template deployments: finding the Azure ML / Foundry deployment surfaces inside a template
 * and deciding them with the rules core, so a template is no way around the policy pack or the CLI.
 * The pieces live in `core/arm/`: key lookup (keys.ts), the expression parser and evaluator,
 * template values and scopes, the walker, and the Pulumi resources that deploy templates.
 *
 * Read as ARM reads it:
 * - keys are case-insensitive wherever ARM's are (`Resources`, `Template`, `Parameters`,
 *   `expressionEvaluationOptions`, property names such as `model.Source`); two keys that differ
 *   only in case are ambiguous and denied; only own keys are read, `__proto__` included;
 * - `template.resources` as an array or as symbolic names (languageVersion 2.0); child resources
 *   with relative or full types; `copy` loops (count 0 deploys nothing); `condition: false` and
 *   `existing: true` resources deploy nothing;
 * - `Microsoft.Resources/deployments` (outer or inner expression scope) and
 *   `Microsoft.Resources/deploymentStacks` (own scope) with inline templates, also when the
 *   template is an expression such as `[variables('nested')]`;
 * - expressions over values knowable before deployment: parameters (given or default),
 *   variables, copyIndex(), and the pure functions in `arm/expressions.ts`.
 *
 * Failed closed (rule `model-reference`, `unchecked`), with a message naming the field, the exact
 * expression and what to do: deployment-time values (`reference()`, `list*()`, `resourceId()`, …)
 * and parameters with no value, where a decision reads them (the type, or a field a surface reads);
 * linked templates and parametersLink; Key Vault parameter references; nesting deeper than
 * {@link MAX_TEMPLATE_DEPTH} deployments or {@link MAX_CHILD_DEPTH} child levels. Expressions
 * anywhere else are ignored. A `deploymentScripts` resource is reported as a warning: its script
 * can create anything, which only Azure Policy sees.
 *
 * The walk is iterative and bounded; reads are property accesses only and nothing is caught except
 * {@link TemplateExpressionError}, so Pulumi's unknown-value proxy still signals preview-time
 * unknowns to the caller.
 */
import { CompiledRules } from "./decision";
import { getKey, isObject } from "./arm/keys";
import { TemplateExpressionError } from "./arm/keys";
import { TemplateResult, uncheckedResult, walkDeployment } from "./arm/walk";

export { TemplateExpressionError } from "./arm/keys";
export { isTemplateExpression } from "./arm/expressions";
export {
  ARM_DEPLOYMENT_SCRIPT_TYPE,
  ARM_DEPLOYMENT_STACK_TYPE,
  ARM_DEPLOYMENT_TYPE,
  MAX_CHILD_DEPTH,
  MAX_TEMPLATE_DEPTH,
  MAX_WALKED_RESOURCES,
  TemplateResult,
} from "./arm/walk";
export * from "./arm/pulumi-resources";
export { parameterPair, parametersFileValues, ParameterValues } from "./arm/parameters-file";

/**
 * Checks a template deployment body: `{template | templateLink, parameters?, parametersLink?}`,
 * i.e. ARM's deployment `properties` (Pulumi: the `properties` input of `resources:Deployment`, or
 * the inputs of `resources:DeploymentStackAt*`). Returns every governed resource with its decision,
 * every surface that does not apply, every fail-closed denial and every warning; an empty list
 * means the template deploys no Azure ML / Foundry model.
 */
export function checkArmDeployment(compiled: CompiledRules, body: unknown): TemplateResult[] {
  return walkDeployment(compiled, body);
}

/** Checks a template with optional parameter values (`{name: {value}}`, as in a parameters file's `parameters`). */
export function checkArmTemplate(compiled: CompiledRules, template: unknown, parameters?: Record<string, unknown>): TemplateResult[] {
  return checkArmDeployment(compiled, parameters === undefined ? { template } : { template, parameters });
}

/**
 * Checks a JSON document that is an ARM template, `az group export` output, or a deployment
 * (`{properties: {template, parameters}}` or `{template, parameters}`); keys case-insensitive.
 * `parameters` (`{name: {value}}`) override the deployment's own. `undefined` when it is none of these.
 */
export function checkArmDocument(compiled: CompiledRules, json: unknown, parameters: Record<string, unknown> = {}): TemplateResult[] | undefined {
  if (!isObject(json)) return undefined;
  try {
    return dispatchDocument(compiled, json, parameters);
  } catch (e) {
    // Ambiguous top-level keys (`properties` and `Properties`, …): fail closed.
    if (!(e instanceof TemplateExpressionError)) throw e;
    return [uncheckedResult({ path: "(deployment)" }, `The document's ${e.message}`, e.fix ?? "Keep one of the keys.")];
  }
}

function dispatchDocument(compiled: CompiledRules, json: Record<string, unknown>, parameters: Record<string, unknown>): TemplateResult[] | undefined {
  const has = (obj: unknown, key: string): boolean => getKey(obj, key, key) !== undefined;
  const withParameters = (body: Record<string, unknown>): Record<string, unknown> => {
    const own = getKey(body, "parameters", "parameters");
    return { ...withoutKeys(body, ["parameters"]), parameters: { ...withoutKeys(isObject(own) ? own : {}, Object.keys(parameters)), ...parameters } };
  };
  if (has(json, "resources") || has(json, "$schema")) return checkArmDeployment(compiled, { template: json, parameters });
  const properties = getKey(json, "properties", "properties");
  if (isObject(properties) && (has(properties, "template") || has(properties, "templateLink"))) return checkArmDeployment(compiled, withParameters(properties));
  if (has(json, "template") || has(json, "templateLink")) return checkArmDeployment(compiled, withParameters(json));
  return undefined;
}

/** A copy of an object without the given keys (case-insensitive), so overrides never leave two keys differing in case. */
function withoutKeys(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!drop.has(k.toLowerCase())) out[k] = obj[k];
  return out;
}

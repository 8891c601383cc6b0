/**
 * ARM template deployments: finding the Azure ML / Foundry deployment surfaces inside a template
 * and deciding them with the rules core, so a template is no way around the policy pack or the CLI.
 *
 * Pure TypeScript, no Pulumi imports. The policy pack uses it for `azure-native:resources:Deployment`
 * (and the other template-deploying resources below); the CLI can use it for `check --arm-template`.
 *
 * What is walked:
 * - `template.resources` as an array, or as an object of symbolic names (languageVersion 2.0);
 * - child `resources` of any resource, with relative types (`onlineEndpoints` under a workspace) or
 *   full types;
 * - `Microsoft.Resources/deployments` with an inline `properties.template`, recursively, with the
 *   parameter scope ARM uses (`expressionEvaluationOptions.scope` `outer`, the default, or `inner`);
 * - resources marked `existing: true` are references, not deployments, and are skipped.
 *
 * Template expressions. Only the whole-string forms `[parameters('name')]` and `[variables('name')]`
 * are evaluated, from the deployment's literal parameter values, the template's `defaultValue`s and
 * `variables` (recursively, with the same two forms). Any other expression (`[concat(...)]`,
 * `[format(...)]`, `[reference(...)]`, `[copyIndex()]` in a copy loop, user functions ...) is not
 * evaluated. Where such an expression decides whether or how a model is deployed — the resource
 * `type`, or a field a surface reads (the model id, batch `referenceType`, the Foundry endpoint's
 * `endpointType`, or any object on the way to them) — the resource is **denied** under rule
 * `model-reference` (fail closed), with a message naming the field and the expression. Expressions
 * anywhere else (names, locations, SKUs, non-ML resources) are irrelevant and ignored.
 *
 * Also failed closed (rule `model-reference`): a linked template (`templateLink`: the pack cannot
 * fetch it, and its content could change after the check), a `[parameters()]` reference whose
 * value comes from a `parametersLink` or a Key Vault reference, a `template` that is neither an
 * object nor JSON text, and nesting deeper than {@link MAX_TEMPLATE_DEPTH}. Azure Policy still
 * evaluates whatever the deployment creates; the fail-closed rule only means the pack and the CLI
 * never *allow* something they could not read.
 *
 * Reads are property accesses only and nothing is caught except this module's own
 * {@link TemplateExpressionError}, so Pulumi's unknown-value proxy still signals preview-time
 * unknowns to the caller.
 */
import { CompiledRules, Decision, decide } from "./decision";
import { Rule } from "./enums";
import { readSurface, Surface, SURFACES, surfaceForArmType } from "./surfaces";
import { resourcesTokenPattern } from "./pulumi-tokens";

/** Deepest nesting of inline deployments that is walked; deeper is denied. */
export const MAX_TEMPLATE_DEPTH = 16;

/** ARM type of a nested template deployment. */
export const ARM_DEPLOYMENT_TYPE = "Microsoft.Resources/deployments";

// ---------------------------------------------------------------------------------------------
// Results

/** One checked place in a template deployment. */
export interface TemplateResult {
  /** Where, as a path from the deployment body: `template.resources[0].resources[1]`, `template.resources['ep']`. */
  path: string;
  /** The full ARM type, when it could be read. */
  armType?: string;
  /** The resource name as written (expressions are not evaluated), when it is a string. */
  name?: string;
  /** The deployment surface, for governed resources. */
  surface?: Surface;
  /**
   * The verdict for a governed resource, or the fail-closed denial (rule `model-reference`) of
   * something that could not be read. Absent when the surface does not apply ({@link notApplicable}).
   */
  decision?: Decision;
  /** Why a governed resource type does not apply here (e.g. a Foundry deployment without a registry source). */
  notApplicable?: string;
  /** True when the denial is because the pack could not read the template (expression, link, depth). */
  unchecked?: boolean;
}

/** Thrown while reading a template field whose value is an expression this module does not evaluate. */
export class TemplateExpressionError extends Error {
  constructor(
    /** Field path, e.g. `properties.modelSettings.modelId`. */
    public readonly field: string,
    /** The expression as written. */
    public readonly expression: string,
    /** Why it cannot be evaluated. */
    public readonly why: string,
  ) {
    super(`${field} is ${why}: ${JSON.stringify(expression)}`);
    this.name = "TemplateExpressionError";
  }
}

// ---------------------------------------------------------------------------------------------
// Expression scope

/** A looked-up value; `literal` values (given parameter values) are used as they are, never evaluated. */
type Lookup = { found: true; value: unknown; literal: boolean } | { found: false; why: string };

interface Scope {
  parameter(name: string): Lookup;
  variable(name: string): Lookup;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Case-insensitive own-key lookup (ARM parameter and variable names are case-insensitive). */
function getCaseInsensitive(obj: unknown, name: string): { found: boolean; value?: unknown } {
  if (!isObject(obj)) return { found: false };
  if (Object.prototype.hasOwnProperty.call(obj, name)) return { found: true, value: obj[name] };
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return { found: true, value: obj[key] };
  return { found: false };
}

/** An ARM expression is a string in `[...]` that does not start with the `[[` escape. */
export function isTemplateExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith("[") && !value.startsWith("[[") && value.endsWith("]");
}

const REFERENCE_EXPRESSION = /^\[\s*(parameters|variables)\s*\(\s*'((?:[^']|'')*)'\s*\)\s*\]$/i;
const MAX_RESOLUTION_DEPTH = 32;

/** A template string after evaluation; `literal` values (given parameter values) are used as they are. */
interface Resolved {
  value: unknown;
  literal: boolean;
}

/**
 * Evaluates a template string in a scope: literals (with the `[[` escape undone), and whole-string
 * `[parameters('x')]` / `[variables('x')]`, recursively. Throws {@link TemplateExpressionError}
 * for anything else.
 */
function resolveString(value: string, scope: Scope, field: string, depth = 0): Resolved {
  if (!isTemplateExpression(value)) return { value: value.startsWith("[[") ? value.slice(1) : value, literal: true };
  const m = REFERENCE_EXPRESSION.exec(value);
  if (!m) throw new TemplateExpressionError(field, value, "a template expression the pack does not evaluate");
  if (depth >= MAX_RESOLUTION_DEPTH) throw new TemplateExpressionError(field, value, "a chain of parameters/variables that is too deep to follow");
  const name = m[2].replace(/''/g, "'");
  const found = m[1].toLowerCase() === "parameters" ? scope.parameter(name) : scope.variable(name);
  if (!found.found) throw new TemplateExpressionError(field, value, found.why);
  if (found.literal) return { value: found.value, literal: true };
  return typeof found.value === "string" ? resolveString(found.value, scope, field, depth + 1) : { value: found.value, literal: false };
}

/** A resolved value as the reader sees it: template objects wrapped for evaluation, literals as they are. */
function view(r: Resolved, scope: Scope, field: string): unknown {
  return !r.literal && r.value !== null && typeof r.value === "object" ? resolving(r.value, scope, field) : r.value;
}

/**
 * Wraps a template value so that reading a field evaluates the supported expressions and throws
 * {@link TemplateExpressionError} for the others. Objects are wrapped lazily, one access at a time,
 * so untouched fields (and their preview-time unknowns) are never read.
 */
function resolving(value: unknown, scope: Scope, field: string): unknown {
  if (typeof value === "string") return view(resolveString(value, scope, field), scope, field);
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol") return Reflect.get(target, prop, receiver);
      const v: unknown = Reflect.get(target, prop, receiver);
      const sub = field === "" ? prop : /^\d+$/.test(prop) ? `${field}[${prop}]` : `${field}.${prop}`;
      if (typeof v === "string") return view(resolveString(v, scope, sub), scope, sub);
      return v !== null && typeof v === "object" ? resolving(v, scope, sub) : v;
    },
  });
}

/** Reads `obj[key]` as a plain value (no evaluation); `undefined` for non-objects. */
function rawAt(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === "object" ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * The scope of a template: parameter values given to the deployment (`value`s only; for an
 * inner-scope nested deployment `deploymentParameters` is already evaluated in the outer scope),
 * else the template's `defaultValue`; variables from the template. Lookups are lazy.
 */
function templateScope(template: unknown, deploymentParameters: unknown, parametersLink: boolean): Scope {
  return {
    parameter(name) {
      if (parametersLink) return { found: false, why: `a parameter ('${name}') whose value comes from a parametersLink, which the pack cannot read` };
      const given = getCaseInsensitive(deploymentParameters, name);
      if (given.found) {
        const entry = given.value;
        if (isObject(entry) && "value" in entry) return { found: true, value: entry.value, literal: true };
        if (isObject(entry) && "reference" in entry)
          return { found: false, why: `a parameter ('${name}') whose value is a Key Vault reference, which the pack cannot read` };
        return { found: false, why: `a parameter ('${name}') without a literal value` };
      }
      const declared = getCaseInsensitive(rawAt(template, "parameters"), name);
      if (declared.found && isObject(declared.value) && "defaultValue" in declared.value)
        return { found: true, value: declared.value.defaultValue, literal: false };
      return { found: false, why: `a parameter ('${name}') that has no value and no defaultValue` };
    },
    variable(name) {
      const v = getCaseInsensitive(rawAt(template, "variables"), name);
      return v.found ? { found: true, value: v.value, literal: false } : { found: false, why: `a variable ('${name}') that the template does not define` };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Walking

interface Walk {
  compiled: CompiledRules;
  out: TemplateResult[];
}

function unchecked(walk: Walk, at: { path: string; armType?: string; name?: string; surface?: Surface }, problem: string, fix: string): void {
  const result: TemplateResult = {
    ...at,
    unchecked: true,
    decision: {
      allowed: false,
      rule: Rule.ModelReference,
      reason: `${problem}, so the model it deploys cannot be checked (denied so nothing slips through). ${fix}`,
    },
  };
  walk.out.push(result);
}

const EXPRESSION_FIX = "Write the value literally, or pass it as [parameters('name')] with a literal parameter value.";
const LINK_FIX = "Inline the template (properties.template) instead of linking it, or deploy the Azure ML resources as Pulumi resources.";

/** Whether an ARM type's first segment is a provider namespace (`Microsoft.X`), i.e. a full type. */
const isFullType = (type: string): boolean => type.split("/")[0].includes(".");

function visitResource(walk: Walk, resource: unknown, parentType: string | undefined, scope: Scope, path: string, depth: number): void {
  if (!isObject(resource)) return; // not a resource; ARM rejects such templates
  if (resource.existing === true) return; // a reference to an existing resource: nothing is deployed
  let type: unknown;
  try {
    type = resolveString(typeof resource.type === "string" ? resource.type : "", scope, "type").value;
  } catch (e) {
    if (!(e instanceof TemplateExpressionError)) throw e;
    return unchecked(walk, { path }, `The resource type is ${e.why}: ${JSON.stringify(e.expression)}`, EXPRESSION_FIX);
  }
  const name = typeof resource.name === "string" ? resource.name : undefined;
  if (typeof type !== "string" || type === "") {
    return unchecked(walk, name === undefined ? { path } : { path, name }, "The resource has no type", "Give every template resource a literal type.");
  }
  const armType = parentType !== undefined && !isFullType(type) ? `${parentType}/${type}` : type;
  const at = name === undefined ? { path, armType } : { path, armType, name };

  const surface = surfaceForArmType(armType);
  if (surface) {
    try {
      const reading = readSurface(surface, resolving(resource.properties, scope, "properties"));
      if (!reading.applies) walk.out.push({ ...at, surface, notApplicable: reading.reason });
      else walk.out.push({ ...at, surface, decision: decide(walk.compiled, reading.reference) });
    } catch (e) {
      if (!(e instanceof TemplateExpressionError)) throw e;
      unchecked(walk, { ...at, surface }, `The field ${e.message}`, EXPRESSION_FIX);
    }
  } else if (armType.toLowerCase() === ARM_DEPLOYMENT_TYPE.toLowerCase()) {
    visitNestedDeployment(walk, resource, at, scope, depth);
  }
  if (resource.resources !== undefined) visitResources(walk, resource.resources, armType, scope, `${path}.resources`, depth);
}

function visitResources(walk: Walk, resources: unknown, parentType: string | undefined, scope: Scope, path: string, depth: number): void {
  if (Array.isArray(resources)) {
    for (let i = 0; i < resources.length; i++) visitResource(walk, resources[i], parentType, scope, `${path}[${i}]`, depth);
  } else if (isObject(resources)) {
    // languageVersion 2.0: resources keyed by symbolic name.
    for (const key of Object.keys(resources)) visitResource(walk, resources[key], parentType, scope, `${path}[${JSON.stringify(key)}]`, depth);
  } else if (typeof resources === "string") {
    unchecked(walk, { path }, `The resource list is a template expression (${JSON.stringify(resources)})`, "List the resources literally.");
  }
}

function visitNestedDeployment(
  walk: Walk,
  resource: Record<string, unknown>,
  at: { path: string; armType: string; name?: string },
  scope: Scope,
  depth: number,
): void {
  const rawProperties = resource.properties;
  try {
    // Read through the outer scope: expressionEvaluationOptions and the parameter values are evaluated there.
    const body = resolving(rawProperties, scope, "properties") as Record<string, unknown> | undefined;
    const innerScope =
      isObject(body?.expressionEvaluationOptions) &&
      typeof body?.expressionEvaluationOptions.scope === "string" &&
      body.expressionEvaluationOptions.scope.toLowerCase() === "inner";
    // The nested template itself is read raw: its expressions belong to its own evaluation.
    visitDeploymentBody(walk, rawProperties, body, innerScope ? undefined : scope, `${at.path}.properties`, depth + 1, at);
  } catch (e) {
    if (!(e instanceof TemplateExpressionError)) throw e;
    unchecked(walk, at, `The nested deployment's ${e.message}`, EXPRESSION_FIX);
  }
}

/**
 * Walks one deployment body (`{template | templateLink, parameters?, parametersLink?}`). `rawBody`
 * is read as written (template, links); `body` is the same object read for parameter values.
 * `sameScope` is the scope to evaluate the template in when it shares its parent's (outer
 * scope); otherwise the template gets its own scope.
 */
function visitDeploymentBody(
  walk: Walk,
  rawBody: unknown,
  body: Record<string, unknown> | undefined,
  sameScope: Scope | undefined,
  path: string,
  depth: number,
  at: { path: string; armType?: string; name?: string },
): void {
  if (depth > MAX_TEMPLATE_DEPTH) {
    return unchecked(walk, at, `Template deployments are nested more than ${MAX_TEMPLATE_DEPTH} deep`, "Flatten the nesting.");
  }
  if (!isObject(rawBody)) {
    return unchecked(walk, at, "The deployment has no properties (no template)", "Give the deployment an inline template.");
  }
  const link = rawBody.templateLink;
  if (link !== undefined && link !== null) {
    const target = isObject(link)
      ? typeof link.uri === "string"
        ? link.uri
        : typeof link.id === "string"
          ? link.id
          : typeof link.relativePath === "string"
            ? link.relativePath
            : undefined
      : undefined;
    return unchecked(
      walk,
      at,
      `The deployment uses a linked template${target !== undefined ? ` (${target})` : ""}, which the pack cannot fetch and which could change after the check`,
      LINK_FIX,
    );
  }
  let template = rawBody.template;
  if (typeof template === "string") {
    if (isTemplateExpression(template)) {
      return unchecked(
        walk,
        at,
        `The deployment's template is a template expression (${JSON.stringify(template.length > 80 ? `${template.slice(0, 77)}...` : template)})`,
        "Inline the template as JSON.",
      );
    }
    try {
      template = JSON.parse(template) as unknown;
    } catch {
      return unchecked(walk, at, "The deployment's template is a string that is not JSON", "Pass the template as an object (or valid JSON text).");
    }
  }
  if (!isObject(template)) {
    return unchecked(walk, at, "The deployment has no inline template", "Give the deployment an inline template (properties.template).");
  }
  const scope =
    sameScope ??
    templateScope(template, body === undefined ? undefined : body.parameters, rawBody.parametersLink !== undefined && rawBody.parametersLink !== null);
  visitResources(walk, template.resources, undefined, scope, `${path}.template.resources`, depth);
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Checks a template deployment body: `{template | templateLink, parameters?, parametersLink?}`,
 * i.e. ARM's deployment `properties` (Pulumi: the `properties` input of `resources:Deployment`, or
 * the inputs of `resources:DeploymentStackAt*`). Returns every governed resource with its decision,
 * every surface that does not apply, and every fail-closed denial; an empty list means the
 * template deploys no Azure ML / Foundry model.
 */
export function checkArmDeployment(compiled: CompiledRules, body: unknown): TemplateResult[] {
  const walk: Walk = { compiled, out: [] };
  const b = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  visitDeploymentBody(walk, body, b, undefined, "", 0, { path: "(deployment)" });
  return walk.out.map((r) => ({ ...r, path: r.path.replace(/^\./, "") }));
}

/** Checks a template with optional parameter values (`{name: {value}}`, as in a parameters file's `parameters`). */
export function checkArmTemplate(compiled: CompiledRules, template: unknown, parameters?: Record<string, unknown>): TemplateResult[] {
  return checkArmDeployment(compiled, parameters === undefined ? { template } : { template, parameters });
}

// ---------------------------------------------------------------------------------------------
// Pulumi resources that deploy ARM content

/** Where a template-deploying Pulumi resource keeps the deployment body. */
export interface TemplateDeploymentResource {
  /** azure-native `resources` class name. */
  resource: string;
  /** `properties`: the body is the `properties` input; `inputs`: the body is the inputs themselves. */
  body: "properties" | "inputs";
}

/** azure-native `resources` classes that deploy a template. */
export const TEMPLATE_DEPLOYMENT_RESOURCES: readonly TemplateDeploymentResource[] = [
  { resource: "Deployment", body: "properties" },
  { resource: "DeploymentAtScope", body: "properties" },
  { resource: "DeploymentAtSubscriptionScope", body: "properties" },
  { resource: "DeploymentAtManagementGroupScope", body: "properties" },
  { resource: "DeploymentAtTenantScope", body: "properties" },
  { resource: "DeploymentStackAtResourceGroup", body: "inputs" },
  { resource: "DeploymentStackAtSubscription", body: "inputs" },
  { resource: "DeploymentStackAtManagementGroup", body: "inputs" },
];

/** azure-native's generic ARM resource (`resources:Resource`: namespace, parent path, type, properties). */
export const GENERIC_RESOURCE = "Resource";

const TEMPLATE_TOKEN = resourcesTokenPattern(TEMPLATE_DEPLOYMENT_RESOURCES.map((r) => r.resource));
const GENERIC_TOKEN = resourcesTokenPattern([GENERIC_RESOURCE]);

/** The template-deploying resource a Pulumi type token names, in any token form; `undefined` otherwise. */
export function templateDeploymentForToken(token: string): TemplateDeploymentResource | undefined {
  const m = TEMPLATE_TOKEN.exec(token);
  if (!m) return undefined;
  return TEMPLATE_DEPLOYMENT_RESOURCES.find((r) => r.resource.toLowerCase() === m[1].toLowerCase());
}

/** Whether a Pulumi type token is azure-native's generic `resources:Resource`, in any token form. */
export function isGenericResourceToken(token: string): boolean {
  return GENERIC_TOKEN.test(token);
}

/** The deployment body of a template-deploying resource's inputs. */
export function deploymentBodyFromInputs(kind: TemplateDeploymentResource, inputs: Record<string, unknown>): unknown {
  return kind.body === "properties" ? inputs.properties : inputs;
}

/** Provider namespaces of the surfaces, lower case (derived from the surface table). */
const SURFACE_NAMESPACES = new Set(SURFACES.map((s) => s.armType.split("/")[0].toLowerCase()));

/**
 * The ARM type of a generic `resources:Resource` (`{namespace}/{parent types}/{resourceType}`), or
 * `undefined` when its namespace is not one a surface lives in. `parentResourcePath` and
 * `resourceType` alternate type and name segments; the types are the even ones.
 */
export function armTypeOfGenericResource(inputs: Record<string, unknown>): string | undefined {
  const namespace = inputs.resourceProviderNamespace;
  if (typeof namespace !== "string" || !SURFACE_NAMESPACES.has(namespace.toLowerCase())) return undefined;
  const parent = typeof inputs.parentResourcePath === "string" ? inputs.parentResourcePath : "";
  const type = typeof inputs.resourceType === "string" ? inputs.resourceType : "";
  const segments = `${parent}/${type}`.split("/").filter((s) => s !== "");
  const types = segments.filter((_, i) => i % 2 === 0);
  return [namespace, ...types].join("/");
}

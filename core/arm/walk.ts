/**
 * Walks a template deployment and decides every governed resource in it. Iterative (an explicit
 * work stack, never recursion over the input), and bounded in nesting and in total work, so any
 * input ends in a verdict or a fail-closed denial.
 */
import { CompiledRules, Decision, decide } from "../decision";
import { Rule } from "../enums";
import { readSurface, Surface, surfaceForArmType } from "../surfaces";
import { ControlDecision, templateControlResults } from "../deployment-controls";
import { copyCount, evaluateString, force, TemplateText, withLoop, Scope } from "./expressions";
import { isObject, lookupKey, ownEntries, TemplateExpressionError } from "./keys";
import { givenParameters, nodeChild, present, resolveNode, templateScope, view } from "./template-values";

/** Deepest nesting of template deployments (deployments, deployment stacks) that is walked; deeper is denied. */
export const MAX_TEMPLATE_DEPTH = 16;
/** Deepest nesting of child resources that is walked; deeper is denied (real ARM types have a handful of segments). */
export const MAX_CHILD_DEPTH = 32;
/** Most resources (copies included) walked in one deployment; more is denied. */
export const MAX_WALKED_RESOURCES = 100_000;

/** ARM type of a nested template deployment. */
export const ARM_DEPLOYMENT_TYPE = "Microsoft.Resources/deployments";
/** ARM type of a deployment stack (its template is walked like a nested deployment's, in its own scope). */
export const ARM_DEPLOYMENT_STACK_TYPE = "Microsoft.Resources/deploymentStacks";
/** ARM type of a deployment script: it runs code that can create anything, which no reader can see. */
export const ARM_DEPLOYMENT_SCRIPT_TYPE = "Microsoft.Resources/deploymentScripts";

/** One checked place in a template deployment. */
export interface TemplateResult {
  /** Where, as a path from the deployment body: `template.resources[0].resources[1]`, `template.resources["ep"]`, `…(copy 2)`. */
  path: string;
  /** The full ARM type, when it could be read. */
  armType?: string;
  /** The resource name (evaluated when it can be), when it is a string. */
  name?: string;
  /** The deployment surface, for governed resources. */
  surface?: Surface;
  /**
   * The verdict for a governed resource, or the fail-closed denial (rule `model-reference`) of
   * something that could not be read, or a deployment-control verdict. Absent when the surface
   * does not apply ({@link notApplicable}).
   */
  decision?: Decision | ControlDecision;
  /** Why a governed resource type does not apply here (e.g. a Foundry deployment without a registry source). */
  notApplicable?: string;
  /** True when the denial is because the reader could not read the template (expression, link, depth). */
  unchecked?: boolean;
  /**
   * A warning, not a denial: something deploys in a way no reader can see before deployment (a
   * deployment script). Azure Policy still evaluates whatever it creates.
   */
  warning?: string;
}

/** Where a result is. */
export interface At {
  path: string;
  armType?: string;
  name?: string;
  surface?: Surface;
}

type Work =
  | {
      kind: "resource";
      resource: unknown;
      parentType: string | undefined;
      scope: Scope;
      path: string;
      depth: number;
      childDepth: number;
      /** One copy of a `copy` loop (the loop is not expanded again). */
      copied?: true;
    }
  | { kind: "body"; body: unknown; outer: Scope | undefined; inner: boolean; path: string; depth: number; at: At };

interface Walk {
  compiled: CompiledRules;
  out: TemplateResult[];
  stack: Work[];
  walked: number;
}

const LINK_FIX = "Inline the template (properties.template) instead of linking it, or deploy the Azure ML resources as Pulumi resources.";

/** The fail-closed denial of something that could not be read. */
export function uncheckedResult(at: At, problem: string, fix: string): TemplateResult {
  return {
    ...at,
    unchecked: true,
    decision: {
      allowed: false,
      rule: Rule.ModelReference,
      reason: `${problem}, so the model it deploys cannot be checked (denied so nothing slips through). ${fix}`,
    },
  };
}

function unchecked(walk: Walk, at: At, problem: string, fix: string): void {
  walk.out.push(uncheckedResult(at, problem, fix));
}

function expressionDenial(walk: Walk, at: At, e: TemplateExpressionError, prefix: string): void {
  unchecked(walk, at, `${prefix}${e.message}`, e.fix ?? "Write the value literally.");
}

/** Whether an ARM type's first segment is a provider namespace (`Microsoft.X`), i.e. a full type. */
const isFullType = (type: string): boolean => type.split("/")[0].includes(".");

/**
 * Decides one governed resource. The single place a surface reader is given a template resource:
 * `root` is the whole resource (properties, sku, …) as an evaluating, case-insensitive view.
 */
function decideResource(compiled: CompiledRules, surface: Surface, root: Record<string, unknown>): { decision: Decision } | { notApplicable: string } {
  const reading = readSurface(surface, root.properties);
  return reading.applies ? { decision: decide(compiled, reading.reference) } : { notApplicable: reading.reason };
}

/** Reads a scalar field of a resource, evaluated in scope; `undefined` when absent. */
function scalar(resource: unknown, key: string, scope: Scope, field: string): unknown {
  const hit = lookupKey(resource, key, field);
  if (!hit.found) return undefined;
  return typeof hit.value === "string" ? force(evaluateString(hit.value, scope, field), field) : hit.value;
}

/** A readable name for results: evaluated when that works, else as written. */
function displayName(resource: unknown, scope: Scope): string | undefined {
  const raw = lookupKey(resource, "name", "name");
  if (!raw.found || typeof raw.value !== "string") return undefined;
  try {
    const v = force(evaluateString(raw.value, scope, "name"), "name");
    return typeof v === "string" ? v : raw.value;
  } catch (e) {
    if (e instanceof TemplateExpressionError) return raw.value;
    throw e;
  }
}

/** Whether `condition` is known to be false (then the resource is not deployed); unreadable counts as deployed. */
function conditionFalse(resource: unknown, scope: Scope): boolean {
  try {
    return scalar(resource, "condition", scope, "condition") === false;
  } catch (e) {
    if (e instanceof TemplateExpressionError) return false;
    throw e;
  }
}

function visitResource(walk: Walk, w: Extract<Work, { kind: "resource" }>): void {
  const { resource, scope, path } = w;
  if (!isObject(resource)) return; // not a resource; ARM rejects such templates
  const name = displayName(resource, scope);
  let at: At = name === undefined ? { path } : { path, name };
  let type: unknown;
  try {
    if (scalar(resource, "existing", scope, "existing") === true) return; // a reference, nothing is deployed
    const copy = lookupKey(resource, "copy", "copy");
    if (copy.found && !w.copied) return expandCopy(walk, w, copy.value);
    if (conditionFalse(resource, scope)) return;
    type = scalar(resource, "type", scope, "type");
  } catch (e) {
    if (!(e instanceof TemplateExpressionError)) throw e;
    return expressionDenial(walk, at, e, "The resource's ");
  }
  if (typeof type !== "string" || type === "") return unchecked(walk, at, "The resource has no type", "Give every template resource a literal type.");
  const armType = w.parentType !== undefined && !isFullType(type) ? `${w.parentType}/${type}` : type;
  at = { ...at, armType };

  // Children first on the stack, so a nested deployment's content (pushed last) is reported first.
  const children = lookupKey(resource, "resources", "resources");
  if (children.found) {
    if (w.childDepth >= MAX_CHILD_DEPTH) {
      unchecked(
        walk,
        at,
        `Child resources are nested more than ${MAX_CHILD_DEPTH} deep`,
        "Declare deep child resources at the top level with their full type.",
      );
    } else pushResources(walk, children.value, armType, scope, `${path}.resources`, w.depth, w.childDepth + 1);
  }

  const lower = armType.toLowerCase();
  const surface = surfaceForArmType(armType);
  if (surface) {
    try {
      const r = decideResource(walk.compiled, surface, view(new TemplateText(resource, scope), "") as Record<string, unknown>);
      walk.out.push({ ...at, surface, ...r });
    } catch (e) {
      if (!(e instanceof TemplateExpressionError)) throw e;
      expressionDenial(walk, { ...at, surface }, e, "The field ");
    }
    // Deployment controls: sku, raiPolicyName, versionUpgradeOption of the same resource.
    const root = view(new TemplateText(resource, scope), "");
    walk.out.push(
      ...templateControlResults(walk.compiled, { ...at, armType }, root, (e) =>
        e instanceof TemplateExpressionError ? { problem: e.message, ...(e.fix === undefined ? {} : { fix: e.fix }) } : undefined,
      ),
    );
  } else if (lower === ARM_DEPLOYMENT_TYPE.toLowerCase() || lower === ARM_DEPLOYMENT_STACK_TYPE.toLowerCase()) {
    const body = nodeChild(new TemplateText(resource, scope), "properties", "properties");
    let inner = lower === ARM_DEPLOYMENT_STACK_TYPE.toLowerCase();
    try {
      const scopeOption = view(
        nodeChild(nodeChild(body, "expressionEvaluationOptions", "properties"), "scope", "properties"),
        "properties.expressionEvaluationOptions.scope",
      );
      if (typeof scopeOption === "string" && scopeOption.toLowerCase() === "inner") inner = true;
    } catch (e) {
      if (!(e instanceof TemplateExpressionError)) throw e;
      return expressionDenial(walk, at, e, "The nested deployment's ");
    }
    walk.stack.push({ kind: "body", body, outer: scope, inner, path: `${path}.properties`, depth: w.depth + 1, at });
  } else if (lower === ARM_DEPLOYMENT_SCRIPT_TYPE.toLowerCase()) {
    walk.out.push({
      ...at,
      warning:
        "A deployment script runs code at deployment that can create model deployments no template reader can see; only Azure Policy checks what it creates. Deploy models as template or Pulumi resources so they are checked before deployment.",
    });
  }
}

function expandCopy(walk: Walk, w: Extract<Work, { kind: "resource" }>, copy: unknown): void {
  const loopName = lookupKey(copy, "name", "copy.name");
  let count: number;
  try {
    count = copyCount(copy, w.scope, "copy");
  } catch (e) {
    if (!(e instanceof TemplateExpressionError)) throw e;
    return expressionDenial(walk, { path: w.path }, e, "The resource's ");
  }
  for (let i = count - 1; i >= 0; i--) {
    const scope = withLoop(w.scope, { name: loopName.found && typeof loopName.value === "string" ? loopName.value : undefined, index: i });
    walk.stack.push({ ...w, scope, path: `${w.path}(copy ${i})`, copied: true });
  }
}

function pushResources(walk: Walk, resources: unknown, parentType: string | undefined, scope: Scope, path: string, depth: number, childDepth: number): void {
  let items: Array<[string, unknown]>;
  if (Array.isArray(resources)) items = resources.map((r, i) => [`${path}[${i}]`, r]);
  else if (isObject(resources))
    items = ownEntries(resources).map(([k, r]) => [`${path}[${JSON.stringify(k)}]`, r]); // languageVersion 2.0 symbolic names
  else {
    if (typeof resources === "string")
      unchecked(walk, { path }, `The resource list is a template expression (${JSON.stringify(resources)})`, "List the resources literally.");
    return;
  }
  for (let i = items.length - 1; i >= 0; i--) {
    walk.stack.push({ kind: "resource", resource: items[i][1], parentType, scope, path: items[i][0], depth, childDepth });
  }
}

function visitBody(walk: Walk, w: Extract<Work, { kind: "body" }>): void {
  const { at } = w;
  if (w.depth > MAX_TEMPLATE_DEPTH) return unchecked(walk, at, `Template deployments are nested more than ${MAX_TEMPLATE_DEPTH} deep`, "Flatten the nesting.");
  try {
    const body = resolveNode(w.body, "properties");
    const raw = body instanceof TemplateText ? body.raw : body;
    if (!isObject(raw)) return unchecked(walk, at, "The deployment has no properties (no template)", "Give the deployment an inline template.");
    const link = nodeChild(body, "templateLink", "templateLink");
    if (present(link)) {
      const target = ["uri", "id", "relativePath"]
        .map((k) => nodeChild(link, k, "templateLink"))
        .map((n) => (n instanceof TemplateText ? n.raw : n))
        .find((v) => typeof v === "string");
      return unchecked(
        walk,
        at,
        `The deployment uses a linked template${typeof target === "string" ? ` (${target})` : ""}, which the reader cannot fetch and which could change after the check`,
        LINK_FIX,
      );
    }
    let template = lookupKey(raw, "template", "template").found ? nodeChild(body, "template", "template") : undefined;
    // The template itself as an expression (`[variables('nested')]`, how Bicep inlines loadJsonContent): evaluate it to data.
    if (template instanceof TemplateText && typeof template.raw === "string" && template.raw.startsWith("[") && !template.raw.startsWith("[[")) {
      template = force(resolveNode(template, "template"), "template");
    }
    let t = template instanceof TemplateText ? template.raw : template;
    if (typeof t === "string") {
      try {
        t = JSON.parse(t) as unknown;
      } catch {
        return unchecked(walk, at, "The deployment's template is a string that is not JSON", "Pass the template as an object (or valid JSON text).");
      }
    }
    if (!isObject(t)) return unchecked(walk, at, "The deployment has no inline template", "Give the deployment an inline template (properties.template).");
    const scope =
      !w.inner && w.outer !== undefined
        ? w.outer
        : templateScope(t, givenParameters(nodeChild(body, "parameters", "parameters"), present(nodeChild(body, "parametersLink", "parametersLink"))));
    const resources = lookupKey(t, "resources", "template.resources");
    if (resources.found) pushResources(walk, resources.value, undefined, scope, `${w.path}.template.resources`, w.depth, 0);
  } catch (e) {
    if (!(e instanceof TemplateExpressionError)) throw e;
    expressionDenial(walk, at, e, at.path === "(deployment)" ? "The deployment's " : "The nested deployment's ");
  }
}

/**
 * Walks a deployment body (`{template | templateLink, parameters?, parametersLink?}`) whose
 * parameter values are literal data. Returns every decided, not-applicable, denied and warned place.
 */
export function walkDeployment(compiled: CompiledRules, body: unknown): TemplateResult[] {
  const walk: Walk = { compiled, out: [], stack: [], walked: 0 };
  walk.stack.push({ kind: "body", body, outer: undefined, inner: true, path: "", depth: 0, at: { path: "(deployment)" } });
  for (let w = walk.stack.pop(); w !== undefined; w = walk.stack.pop()) {
    if (++walk.walked > MAX_WALKED_RESOURCES) {
      unchecked(walk, { path: "(deployment)" }, `The deployment has more than ${MAX_WALKED_RESOURCES} resources to walk`, "Split the deployment.");
      break;
    }
    try {
      if (w.kind === "resource") visitResource(walk, w);
      else visitBody(walk, w);
    } catch (e) {
      // Defence in depth: a value too deep for a built-in (JSON.stringify of a given parameter) is a denial, not a crash.
      if (!(e instanceof RangeError)) throw e;
      unchecked(walk, { path: w.path === "" ? "(deployment)" : w.path }, "A value in the template is too deeply nested to read", "Flatten the value.");
    }
  }
  return walk.out.map((r) => ({ ...r, path: r.path.replace(/^\./, "") }));
}

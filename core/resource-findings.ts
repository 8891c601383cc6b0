/**
 * A governed resource → its findings: which deployment surface or ARM template a type token names
 * (in every token form), and the decision for each model reference it holds. The policy pack and
 * the CLI's `check` both call {@link targetOf} and {@link evaluate}, so they cannot disagree, and
 * neither adapter imports the other.
 *
 * Property access only on inputs: Pulumi's unknown-value proxy may throw the SDK's
 * `UnknownValueError` during preview, which the pack turns into its advisory note.
 */
import { CompiledRules, Decision, decide, ModelReferenceInput } from "./decision";
import { readSurface, Surface, surfaceForArmType, surfaceFormForToken } from "./surfaces";
import { AZURE_CLASSIC_PREFIX, propertiesInputs, PulumiForm } from "./pulumi-tokens";
import { Rule } from "./enums";
import { view } from "./arm/template-values";
import { TemplateExpressionError } from "./arm/keys";
import {
  armTypeOfGenericResource,
  checkArmDeployment,
  deploymentBodyFromInputs,
  isGenericResourceToken,
  TemplateDeploymentResource,
  templateDeploymentForToken,
} from "./arm-template";
import { classicControlFindings, ControlDecision, nativeControlFindings } from "./deployment-controls";

// ---------------------------------------------------------------------------------------------
// What a type token is

/** What the policy does with a resource type. */
export type PolicyTarget =
  { kind: "surface"; surface: Surface; form: PulumiForm } | { kind: "template"; deployment: TemplateDeploymentResource } | { kind: "generic" };

const AZURE_PROVIDERS = /^azure(?:-native|:)/i;
const targets = new Map<string, PolicyTarget | null>();

/** What the policy does with a type token (cached per token, so most resources cost one lookup). */
export function targetOf(type: string): PolicyTarget | undefined {
  let t = targets.get(type);
  if (t === undefined) {
    t = null;
    if (AZURE_PROVIDERS.test(type)) {
      const found = surfaceFormForToken(type);
      const deployment = found || type.toLowerCase().startsWith(AZURE_CLASSIC_PREFIX) ? undefined : templateDeploymentForToken(type);
      if (found) t = { kind: "surface", surface: found.surface, form: found.form };
      else if (deployment) t = { kind: "template", deployment };
      else if (isGenericResourceToken(type)) t = { kind: "generic" };
    }
    if (targets.size < 10_000) targets.set(type, t);
  }
  return t ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Findings and messages

/** One decided reference in a resource, with the message prefix that locates it. */
export interface Finding {
  /** `serverless endpoint (properties.modelSettings.modelId)`, `ARM template properties.template.resources[0] (…)`. */
  where: string;
  /** A model-rule decision, or a deployment-control verdict (rules deployment-types … capacity). */
  decision: Decision | ControlDecision;
  /** A warning, not a verdict (a deployment script): reported as advisory, never denies. */
  warning?: true;
}

/** The message of a denial: location, rule id, and the core's reason (same wording as the CLI). */
export function findingMessage(f: Finding): string {
  return `${f.where} [${f.decision.rule}]: ${f.decision.reason}`;
}

/**
 * The model reference's path under ARM `properties`, for messages: `modelSettings.modelId`; batch
 * and catalog models: `model`; a catalog surface's registry source: `model.source`.
 */
function referenceField(surface: Surface, reference: ModelReferenceInput, properties: unknown): string {
  if (surface.referenceKind === "model-id") return surface.modelField.armPath.replace(/^properties\./, "");
  if (surface.referenceKind === "catalog" && reference.kind === "model-id") {
    const type = properties !== null && typeof properties === "object" ? (properties as Record<string, unknown>).type : undefined;
    const managed = surface.catalog?.managedVariant;
    return managed && typeof type === "string" && type.toLowerCase() === managed.value.toLowerCase() ? "model" : "model.source";
  }
  return "model";
}

/** What evaluating a resource gave: findings, or why the resource is not applicable. */
export type Evaluation = { findings: Finding[] } | { notApplicable: string };

/**
 * An ARM resource as Azure holds it: a template resource, a generic resource's inputs, a Resource
 * Graph row. `type` is the full ARM type, in any letter case.
 */
export interface ArmResource {
  type: string;
  name?: unknown;
  properties?: unknown;
  sku?: unknown;
  kind?: unknown;
}

/** Reads and decides a surface; `where` names the location from the field the reference was read at. */
function evaluateSurface(surface: Surface, resource: Omit<ArmResource, "type">, where: (field: string) => string, rules: CompiledRules): Evaluation {
  const properties = resource.properties;
  const reading = readSurface(surface, properties);
  if (!reading.applies) return { notApplicable: reading.reason };
  return { findings: [{ where: where(referenceField(surface, reading.reference, properties)), decision: decide(rules, reading.reference) }] };
}

/**
 * Decides an ARM resource by its type: the readers and rules of the surface the type names, the
 * same ones the pack applies to the azure-native class. `label` says where it came from, for the
 * message (`generic resource …`); a type that is no surface is not applicable.
 */
export function evaluateArmResource(resource: ArmResource, rules: CompiledRules, label?: string): Evaluation {
  const surface = surfaceForArmType(resource.type);
  if (!surface) return { notApplicable: `${resource.type} is not a model deployment surface` };
  const model = evaluateSurface(
    surface,
    resource,
    (field) => `${surface.title} (${label === undefined ? `properties.${field}` : `${label}, properties.${field}`})`,
    rules,
  );
  const root = resource as unknown as Record<string, unknown>;
  return withControls(model, nativeControlFindings(rules, surface.armType, root, label === undefined ? surface.title : `${surface.title} (${label})`));
}

/** Adds deployment-control findings (issue 11) to a model evaluation; a not-applicable model reading leaves the controls. */
function withControls(model: Evaluation, controls: Finding[]): Evaluation {
  if (controls.length === 0) return model;
  return "notApplicable" in model ? { findings: controls } : { findings: [...model.findings, ...controls] };
}

/** Decides every model reference of a governed resource. May throw the SDK's UnknownValueError during preview. */
export function evaluate(target: PolicyTarget, inputs: Record<string, unknown>, rules: CompiledRules): Evaluation {
  switch (target.kind) {
    case "surface": {
      // v3 `properties` and a v2 `<resource>Properties` input are both decided: every denial is reported.
      const { surface, form } = target;
      const evaluations = propertiesInputs(form, inputs).map((c) => {
        // Getters: a field no rule reads is never touched, so its preview-time unknown stays harmless.
        const resource = {
          properties: c.properties,
          get sku() {
            return inputs.sku;
          },
          get kind() {
            return inputs.kind;
          },
        };
        return evaluateSurface(surface, resource, (field) => `${surface.title} (${c.key === undefined ? field : `${c.key}.${field}`})`, rules);
      });
      const findings = evaluations.flatMap((e) => ("findings" in e ? e.findings : []));
      const model = findings.length > 0 ? { findings } : evaluations[0];
      if (form.provider === "azure-classic") {
        const controls = classicControlFindings(rules, inputs);
        return withControls(model, "findings" in controls ? controls.findings : []);
      }
      return withControls(model, nativeControlFindings(rules, surface.armType, inputs, surface.title));
    }
    case "generic": {
      const armType = armTypeOfGenericResource(inputs);
      if (armType === undefined || !surfaceForArmType(armType))
        return {
          notApplicable: `Generic resource of type ${armType ?? "outside the Azure ML / Cognitive Services providers"} is not a model deployment surface`,
        };
      // The generic resource's properties go to ARM as they are: read them as ARM does (case-insensitive keys).
      const resource = {
        type: armType,
        properties: view(inputs.properties, "properties"),
        get name() {
          return inputs.resourceName;
        },
        get sku() {
          return inputs.sku;
        },
        get kind() {
          return inputs.kind;
        },
      };
      try {
        return evaluateArmResource(resource, rules, `generic resource ${armType}`);
      } catch (e) {
        if (!(e instanceof TemplateExpressionError)) throw e;
        const reason = `The ${e.message}, so the model it deploys cannot be checked (denied so nothing slips through). ${e.fix ?? ""}`.trim();
        return { findings: [{ where: `generic resource ${armType}`, decision: { allowed: false, rule: Rule.ModelReference, reason } }] };
      }
    }
    case "template": {
      const prefix = target.deployment.body === "properties" ? "properties." : "";
      const results = checkArmDeployment(rules, deploymentBodyFromInputs(target.deployment, inputs));
      const findings: Finding[] = [];
      for (const r of results) {
        if (!r.decision && r.warning === undefined) continue;
        const what = [r.armType, r.name === undefined ? undefined : `'${r.name}'`].filter((x) => x !== undefined).join(" ");
        const location = r.path === "(deployment)" ? "ARM template deployment" : `ARM template ${prefix}${r.path}`;
        const where = `${location}${what ? ` (${what})` : ""}${r.surface ? `: ${r.surface.title}` : ""}`;
        if (r.decision) findings.push({ where, decision: r.decision });
        else findings.push({ where, decision: { allowed: true, rule: Rule.ModelReference, reason: r.warning ?? "" }, warning: true });
      }
      if (results.length === 0) return { notApplicable: "The ARM template deploys no Azure ML / Foundry model deployment" };
      if (findings.length === 0)
        return {
          notApplicable: results
            .map((r) => r.notApplicable)
            .filter((x) => x !== undefined)
            .join("; "),
        };
      return { findings };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Unknown values during preview

/** What a preview-time unknown is told to the user, after the SDK's own "can't be known during preview". */
export function checkedAtUpNote(target: PolicyTarget): string {
  const what =
    target.kind === "template"
      ? "The model ids in this ARM template deployment"
      : target.kind === "surface"
        ? `The ${target.surface.title}'s model id`
        : "The model id";
  return `${what} will be checked again at \`pulumi up\`, once the value is known and before the resource is created.`;
}

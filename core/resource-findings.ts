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
import { AZURE_CLASSIC_PREFIX, armPropertiesOf, PulumiForm, propertiesInputName } from "./pulumi-tokens";
import {
  armTypeOfGenericResource,
  checkArmDeployment,
  deploymentBodyFromInputs,
  isGenericResourceToken,
  TemplateDeploymentResource,
  templateDeploymentForToken,
} from "./arm-template";

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
  decision: Decision;
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

/** Reads and decides a surface; `where` names the location from the field the reference was read at. */
function evaluateSurface(surface: Surface, properties: unknown, where: (field: string) => string, rules: CompiledRules): Evaluation {
  const reading = readSurface(surface, properties);
  if (!reading.applies) return { notApplicable: reading.reason };
  return { findings: [{ where: where(referenceField(surface, reading.reference, properties)), decision: decide(rules, reading.reference) }] };
}

/** Decides every model reference of a governed resource. May throw the SDK's UnknownValueError during preview. */
export function evaluate(target: PolicyTarget, inputs: Record<string, unknown>, rules: CompiledRules): Evaluation {
  switch (target.kind) {
    case "surface": {
      const { surface, form } = target;
      const key = propertiesInputName(form, inputs);
      return evaluateSurface(surface, armPropertiesOf(form, inputs), (field) => `${surface.title} (${key === undefined ? field : `${key}.${field}`})`, rules);
    }
    case "generic": {
      const armType = armTypeOfGenericResource(inputs);
      const surface = armType === undefined ? undefined : surfaceForArmType(armType);
      if (!surface)
        return {
          notApplicable: `Generic resource of type ${armType ?? "outside the Azure ML / Cognitive Services providers"} is not a model deployment surface`,
        };
      return evaluateSurface(surface, inputs.properties, (field) => `${surface.title} (generic resource ${armType}, properties.${field})`, rules);
    }
    case "template": {
      const prefix = target.deployment.body === "properties" ? "properties." : "";
      const results = checkArmDeployment(rules, deploymentBodyFromInputs(target.deployment, inputs));
      const findings: Finding[] = [];
      for (const r of results) {
        if (!r.decision) continue;
        const what = [r.armType, r.name === undefined ? undefined : `'${r.name}'`].filter((x) => x !== undefined).join(" ");
        const location = r.path === "(deployment)" ? "ARM template deployment" : `ARM template ${prefix}${r.path}`;
        findings.push({ where: `${location}${what ? ` (${what})` : ""}${r.surface ? `: ${r.surface.title}` : ""}`, decision: r.decision });
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

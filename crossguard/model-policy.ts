/**
 * The CrossGuard resource policy `azure-ml-model-governance`: every Azure ML / Foundry deployment
 * surface in a Pulumi program is decided with the rules core, exactly as the Azure Policy
 * definitions and the CLI decide it.
 *
 * - Matches type tokens, not classes: no `@pulumi/azure-native` import, and every token form
 *   (`azure-native:m:R`, v2 `azure-native:m/v2024…:R`, v3 local packages
 *   `azure-native_m_v2024…:m/v2024…:R`) through the core's {@link surfaceForToken}.
 * - Reads v3 (`properties`) and v2 (`<resource>Properties`) inputs through the core's
 *   {@link armPropertiesFromInputs}.
 * - ARM template deployments (`resources:Deployment`, `DeploymentAt*`, `DeploymentStackAt*`) and
 *   the generic `resources:Resource` are checked through `core/arm-template.ts`.
 * - Any other resource is not applicable after one cached map lookup.
 * - Values unknown during preview are left to the SDK (advisory "can't run policy … during
 *   preview"); the message is extended to say the model id will be checked again at `pulumi up`.
 *
 * Only type imports from `@pulumi/policy`: the pack's own copy of the SDK serves these objects.
 */
import type { EnforcementLevel, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
  armPropertiesFromInputs,
  Decision,
  decide,
  Effect,
  formatIssues,
  GovernanceConfigError,
  MODEL_POLICY_NAME,
  policyPackConfigSchema,
  readSurface,
  Surface,
  surfaceForArmType,
  surfaceForToken,
} from "../core";
import {
  armTypeOfGenericResource,
  checkArmDeployment,
  deploymentBodyFromInputs,
  isGenericResourceToken,
  TemplateDeploymentResource,
  templateDeploymentForToken,
} from "../core/arm-template";
import { DEFAULT_ENFORCEMENT_LEVEL, notApplicableWithoutStack, PackRules, PackRulesCache, reportLevelForEffect, resolvePackRules } from "./enforcement";

export { MODEL_POLICY_NAME };

/** The policy's description: the first line of every violation message. */
export const MODEL_POLICY_DESCRIPTION =
  "Azure ML and Foundry model deployments may only use models the platform's governance rules allow (trusted registries, blocked and approved models, workspace models).";

/** Reason given for resources the policy does not govern. */
export const NOT_AN_ML_DEPLOYMENT = "Not an Azure ML model deployment or ARM template deployment";

/** Options for {@link createModelGovernancePolicy}. */
export interface ModelGovernancePolicyOptions {
  /** Policy name, and the key of its entry in `--policy-pack-config`. Default {@link MODEL_POLICY_NAME}. */
  name?: string;
  /**
   * The level used when the config sets none, and the ceiling for `effect` (see enforcement.ts).
   * Default `mandatory`.
   */
  enforcementLevel?: EnforcementLevel;
  /**
   * Rule config given in code (the pack config's rule keys: `allowedRegistries`, `effect`, ...),
   * for organisations that compose the policy into a pack of their own. Validated now (throws a
   * `GovernanceConfigError` listing every problem); the policy then declares no `configSchema` and
   * ignores config properties from `--policy-pack-config` (an `enforcementLevel` there still applies).
   */
  config?: unknown;
}

// ---------------------------------------------------------------------------------------------
// What a type token is

/** What the policy does with a resource type. */
export type PolicyTarget = { kind: "surface"; surface: Surface } | { kind: "template"; deployment: TemplateDeploymentResource } | { kind: "generic" };

const AZURE_NATIVE = /^azure-native/i;
const targets = new Map<string, PolicyTarget | null>();

/** What the policy does with a type token (cached per token, so most resources cost one lookup). */
export function targetOf(type: string): PolicyTarget | undefined {
  let t = targets.get(type);
  if (t === undefined) {
    t = null;
    if (AZURE_NATIVE.test(type)) {
      const surface = surfaceForToken(type);
      const deployment = surface ? undefined : templateDeploymentForToken(type);
      if (surface) t = { kind: "surface", surface };
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

/** The model reference's path under ARM `properties` (`modelSettings.modelId`; batch: `model`). */
function referenceField(surface: Surface): string {
  return surface.referenceKind === "asset-reference" ? "model" : surface.modelField.armPath.replace(/^properties\./, "");
}

/** The Pulumi input path of a surface's model reference, for messages (`serverlessEndpointProperties.modelSettings.modelId`). */
function inputField(surface: Surface, inputs: Record<string, unknown>): string {
  const v2 = surface.pulumi?.v2PropertiesKey;
  const key = inputs.properties === undefined && v2 !== undefined && inputs[v2] !== undefined ? v2 : "properties";
  return `${key}.${referenceField(surface)}`;
}

/** What evaluating a resource gave: findings, or why the resource is not applicable. */
export type Evaluation = { findings: Finding[] } | { notApplicable: string };

function evaluateSurface(surface: Surface, properties: unknown, where: string, rules: Extract<PackRules, { ok: true }>): Evaluation {
  const reading = readSurface(surface, properties);
  if (!reading.applies) return { notApplicable: reading.reason };
  return { findings: [{ where, decision: decide(rules.compiled, reading.reference) }] };
}

/** Decides every model reference of a governed resource. May throw the SDK's UnknownValueError during preview. */
export function evaluate(target: PolicyTarget, inputs: Record<string, unknown>, rules: Extract<PackRules, { ok: true }>): Evaluation {
  switch (target.kind) {
    case "surface": {
      const { surface } = target;
      return evaluateSurface(surface, armPropertiesFromInputs(surface, inputs), `${surface.title} (${inputField(surface, inputs)})`, rules);
    }
    case "generic": {
      const armType = armTypeOfGenericResource(inputs);
      const surface = armType === undefined ? undefined : surfaceForArmType(armType);
      if (!surface)
        return {
          notApplicable: `Generic resource of type ${armType ?? "outside the Azure ML / Cognitive Services providers"} is not a model deployment surface`,
        };
      return evaluateSurface(surface, inputs.properties, `${surface.title} (generic resource ${armType}, properties.${referenceField(surface)})`, rules);
    }
    case "template": {
      const prefix = target.deployment.body === "properties" ? "properties." : "";
      const results = checkArmDeployment(rules.compiled, deploymentBodyFromInputs(target.deployment, inputs));
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

/** The SDK's `UnknownValueError` (JS-only export; recognised by shape, not imported). */
function isUnknownValueError(e: unknown): e is Error {
  return e instanceof Error && e.constructor.name === "UnknownValueError" && Array.isArray((e as { props?: unknown }).props);
}

// ---------------------------------------------------------------------------------------------
// The policy

/** Creates the model governance policy (see module docs). */
export function createModelGovernancePolicy(options: ModelGovernancePolicyOptions = {}): ResourceValidationPolicy {
  const name = options.name ?? MODEL_POLICY_NAME;
  let fixed: PackRules | undefined;
  if (options.config !== undefined) {
    fixed = resolvePackRules(options.config);
    if (!fixed.ok) throw new GovernanceConfigError(fixed.errors, `config of policy '${name}'`);
  }
  const cache = new PackRulesCache();

  const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    const target = targetOf(args.type);
    if (!target) return notApplicableWithoutStack(args, NOT_AN_ML_DEPLOYMENT);

    const rules = fixed ?? cache.get(args.getConfig());
    const report = reportViolation as unknown as (v: { message: string; enforcementLevel?: EnforcementLevel }) => void;
    if (!rules.ok) {
      // Fail closed: mandatory whatever the effect or the configured level (only `disabled` skips the policy).
      report({
        message: `${MODEL_POLICY_DESCRIPTION}\nThe config of policy '${name}' is invalid, so every Azure ML deployment is denied until it is fixed (${rules.errors.length} problem${rules.errors.length === 1 ? "" : "s"}):\n${formatIssues(rules.errors)}`,
        enforcementLevel: "mandatory",
      });
      return;
    }
    if (rules.rules.effect === Effect.Disabled) return notApplicableWithoutStack(args, `effect is ${Effect.Disabled} in the config of policy '${name}'`);

    let evaluation: Evaluation;
    try {
      evaluation = evaluate(target, args.props, rules);
    } catch (e) {
      // Only the SDK's unknown-value signal is touched: its message gains the `pulumi up` note and
      // it is rethrown, so the SDK still reports it (as advisory). Everything else propagates as is.
      if (isUnknownValueError(e)) e.message = `${e.message}. ${checkedAtUpNote(target)}`;
      throw e;
    }
    if ("notApplicable" in evaluation) return notApplicableWithoutStack(args, evaluation.notApplicable);
    const enforcementLevel = reportLevelForEffect(rules.rules.effect);
    for (const f of evaluation.findings) {
      if (f.decision.allowed) continue;
      const message = `${MODEL_POLICY_DESCRIPTION}\n${findingMessage(f)}`;
      report(enforcementLevel === undefined ? { message } : { message, enforcementLevel });
    }
  };

  const policy: ResourceValidationPolicy = {
    name,
    description: MODEL_POLICY_DESCRIPTION,
    enforcementLevel: options.enforcementLevel ?? DEFAULT_ENFORCEMENT_LEVEL,
    severity: "high",
    validateResource,
  };
  if (!fixed) policy.configSchema = policyPackConfigSchema;
  return policy;
}

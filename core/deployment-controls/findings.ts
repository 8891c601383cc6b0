/**
 * Deployment-control findings for the enforcement points: a Pulumi resource (azure-native surface
 * classes in every token form, the generic `resources:Resource`, the classic provider's token) or
 * a resource inside an ARM template becomes the ARM root Azure sees, and each rule that is on
 * gives one verdict. `core/resource-findings.ts` and `core/arm-template.ts` call these beside the
 * model findings, so the pack and `check` read deployments the same way.
 */
import type { CompiledRules } from "../decision";
import { ControlRule } from "../enums";
import { Surface, surfaceForArmType } from "../surfaces";
import { DeploymentControls } from "./config";
import { ControlDecision, decideControls } from "./decision";
import { armRootFromClassicInputs, armRootFromNativeInputs, CLASSIC_CONTROL_SURFACE, ControlSurface, controlSurfaceForArmType } from "./surfaces";

/** One control verdict with the message prefix that locates it. */
export interface ControlFinding {
  where: string;
  decision: ControlDecision;
}

/**
 * The validated controls travel inside the compiled rule set (`EffectiveRules.deploymentControls`,
 * set by config validation), so the callers' signatures do not change.
 */
export function controlsOf(compiled: CompiledRules): DeploymentControls | undefined {
  const rules = compiled.rules as { deploymentControls?: DeploymentControls };
  return rules.deploymentControls;
}

function findingsFor(controls: DeploymentControls, surface: ControlSurface, root: unknown, where: string): ControlFinding[] {
  const reading = decideControls(controls, surface, root);
  if (!reading.applies) return [];
  return reading.decisions.map((decision) => ({ where, decision }));
}

/**
 * Control findings of an azure-native resource of ARM type `armType` (a surface class or the
 * generic resource): `properties` and top-level `sku` inputs. Empty when no control is on or the
 * type has no control fields.
 */
export function nativeControlFindings(compiled: CompiledRules, armType: string, inputs: Record<string, unknown>, where: string): ControlFinding[] {
  const controls = controlsOf(compiled);
  const surface = controls && controlSurfaceForArmType(armType);
  if (!controls || !surface) return [];
  return findingsFor(controls, surface, armRootFromNativeInputs(inputs), where);
}

/** Control findings of a classic `azure:cognitive/deployment:Deployment`, or why there are none. */
export function classicControlFindings(compiled: CompiledRules, inputs: Record<string, unknown>): { findings: ControlFinding[] } | { notApplicable: string } {
  const controls = controlsOf(compiled);
  if (!controls) return { notApplicable: "No deployment control (allowedDeploymentTypes, content filters, version upgrades, capacity) is configured" };
  return {
    findings: findingsFor(
      controls,
      CLASSIC_CONTROL_SURFACE,
      armRootFromClassicInputs(inputs),
      `${CLASSIC_CONTROL_SURFACE.title} (classic azure:cognitive/deployment)`,
    ),
  };
}

/** A template result of a control verdict (the shape of `TemplateResult` in arm-template.ts). */
export interface ControlTemplateResult {
  path: string;
  armType?: string;
  name?: string;
  surface?: Surface;
  decision: ControlDecision;
  unchecked?: boolean;
}

/**
 * Control verdicts of one template resource. `root` reads the resource with template expressions
 * evaluated; `expressionProblem` recognises the walker's "cannot evaluate" error and describes
 * it, so an unevaluable field a rule needs is denied under that rule (fail closed).
 */
export function templateControlResults(
  compiled: CompiledRules,
  at: { path: string; armType: string; name?: string },
  root: unknown,
  expressionProblem: (e: unknown) => { problem: string; fix?: string } | undefined,
): ControlTemplateResult[] {
  const controls = controlsOf(compiled);
  const surface = controls && controlSurfaceForArmType(at.armType);
  if (!controls || !surface) return [];
  const model = surfaceForArmType(at.armType);
  const base = model ? { ...at, surface: model } : { ...at };
  const results: ControlTemplateResult[] = [];
  // Each rule on its own: an expression in one field denies only the rules that read it.
  for (const only of splitControls(controls)) {
    try {
      const reading = decideControls(only.controls, surface, root);
      if (reading.applies) for (const decision of reading.decisions) results.push({ ...base, decision });
    } catch (e) {
      const described = expressionProblem(e);
      if (described === undefined) throw e;
      results.push({
        ...base,
        unchecked: true,
        decision: {
          allowed: false,
          rule: only.rule,
          reason: `The field ${described.problem}, so the deployment's ${only.rule} setting cannot be checked (denied so nothing slips through). ${described.fix ?? "Make the value knowable before deployment (a parameter value, or check --parameters)."}`,
        },
      });
    }
  }
  return results;
}

/** The controls split into one single-rule set per rule that is on. */
function splitControls(controls: DeploymentControls): Array<{ rule: ControlRule; controls: DeploymentControls }> {
  const out: Array<{ rule: ControlRule; controls: DeploymentControls }> = [];
  if (controls.deploymentTypes) out.push({ rule: ControlRule.DeploymentTypes, controls: { deploymentTypes: controls.deploymentTypes } });
  if (controls.contentFilters) out.push({ rule: ControlRule.ContentFilters, controls: { contentFilters: controls.contentFilters } });
  if (controls.versionUpgrades) out.push({ rule: ControlRule.VersionUpgrades, controls: { versionUpgrades: controls.versionUpgrades } });
  if (controls.capacity) out.push({ rule: ControlRule.Capacity, controls: { capacity: controls.capacity } });
  return out;
}

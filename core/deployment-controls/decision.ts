/**
 * The deployment-control decision: one verdict per rule that is on, for one deployment's ARM
 * resource root. The Azure Policy definitions (azure-policy/deployment-controls.ts) encode the
 * same reading, value for value, and the differential (test/deployment-controls/) proves it:
 *
 * - a text field (sku.name, raiPolicyName, versionUpgradeOption) that is absent, null or "" is
 *   missing; any other non-string is unreadable and denied by every rule that reads it;
 * - names compare case-insensitively (lower-cased, then exact);
 * - a Foundry ML deployment whose `properties.type` is `managedOnlineEndpoint` has none of the
 *   fields and is not governed; a non-string `properties.type` is unreadable (denied by every rule);
 * - missing values fail closed where the rule needs them: sku.name for deployment-types,
 *   raiPolicyName when a content filter is required, versionUpgradeOption always, sku.capacity
 *   when a ceiling applies.
 */
import { ControlRule } from "../enums";
import { DeploymentControls } from "./config";
import { DISABLING_CONTENT_FILTERS } from "./catalogue";
import { ControlField, ControlSurface, readArmPath } from "./surfaces";

/** A deployment-control verdict. */
export interface ControlDecision {
  allowed: boolean;
  rule: ControlRule;
  reason: string;
}

/** The control verdicts of one deployment, or why the surface does not apply. */
export type ControlReading = { applies: true; decisions: ControlDecision[] } | { applies: false; reason: string };

/** A text field as read: missing, a string, or a value that is not one. */
type Text = { kind: "missing" } | { kind: "text"; value: string; lower: string } | { kind: "unreadable"; value: unknown };

function readText(root: unknown, surface: ControlSurface, field: ControlField): Text {
  const v = readArmPath(root, surface.fields[field].armPath);
  if (v === undefined || v === null || v === "") return { kind: "missing" };
  if (typeof v === "string") return { kind: "text", value: v, lower: v.toLowerCase() };
  return { kind: "unreadable", value: v };
}

/** A short, safe description of a value for reasons (never calls toString on objects). */
function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === undefined) return "(missing)";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return typeof v === "number" || typeof v === "boolean" ? String(v) : `a ${typeof v}`;
}

const deny = (rule: ControlRule, reason: string): ControlDecision => ({ allowed: false, rule, reason });
const allow = (rule: ControlRule, reason: string): ControlDecision => ({ allowed: true, rule, reason });
const listed = (items: readonly string[]): string => items.join(", ");

function unreadable(rule: ControlRule, path: string, value: unknown, fix: string): ControlDecision {
  return deny(rule, `${path} is ${shown(value)}, not a string, so it cannot be checked (denied so nothing slips through). ${fix}`);
}

function deploymentTypes(c: NonNullable<DeploymentControls["deploymentTypes"]>, surface: ControlSurface, root: unknown): ControlDecision {
  const rule = ControlRule.DeploymentTypes;
  const path = surface.fields.skuName.armPath;
  const fix = `Use one of the allowed deployment types: ${listed(c.allowed)}.`;
  const t = readText(root, surface, "skuName");
  if (t.kind === "unreadable") return unreadable(rule, path, t.value, fix);
  if (t.kind === "missing") return deny(rule, `The deployment sets no deployment type (${path}), so where it processes data is unknown. Set ${path}. ${fix}`);
  const match = c.allowed.find((a) => a.toLowerCase() === t.lower);
  if (match === undefined) return deny(rule, `Deployment type ${shown(t.value)} (${path}) is not in allowedDeploymentTypes. ${fix}`);
  return allow(rule, `Deployment type ${match} is allowed.`);
}

function contentFilters(c: NonNullable<DeploymentControls["contentFilters"]>, surface: ControlSurface, root: unknown): ControlDecision {
  const rule = ControlRule.ContentFilters;
  const path = surface.fields.raiPolicyName.armPath;
  const choices = c.allowed.length > 0 ? `one of ${listed(c.allowed)}` : "a content filter (RAI policy) such as Microsoft.DefaultV2";
  const t = readText(root, surface, "raiPolicyName");
  if (t.kind === "unreadable") return unreadable(rule, path, t.value, `Name ${choices}.`);
  if (t.kind === "missing") {
    return c.required
      ? deny(rule, `The deployment names no content filter (${path}), and requireContentFilter is true. Set ${path} to ${choices}.`)
      : allow(rule, "No content filter is named (Azure applies its default), and none is required.");
  }
  if (DISABLING_CONTENT_FILTERS.some((d) => d.toLowerCase() === t.lower))
    return deny(rule, `Content filter ${shown(t.value)} (${path}) turns content filtering off. Use ${choices}.`);
  if (c.allowed.length > 0 && !c.allowed.some((a) => a.toLowerCase() === t.lower))
    return deny(rule, `Content filter ${shown(t.value)} (${path}) is not in allowedContentFilters. Use ${choices}.`);
  return allow(rule, `Content filter ${t.value} is allowed.`);
}

function versionUpgrades(c: NonNullable<DeploymentControls["versionUpgrades"]>, surface: ControlSurface, root: unknown): ControlDecision {
  const rule = ControlRule.VersionUpgrades;
  const path = surface.fields.versionUpgradeOption.armPath;
  const fix = `Set ${path} to ${c.allowed.length === 1 ? c.allowed[0] : `one of ${listed(c.allowed)}`}.`;
  const t = readText(root, surface, "versionUpgradeOption");
  if (t.kind === "unreadable") return unreadable(rule, path, t.value, fix);
  if (t.kind === "missing")
    return deny(
      rule,
      `The deployment sets no version upgrade option (${path}); without one Azure chooses (the API behaves as OnceCurrentVersionExpired, the classic provider sends OnceNewDefaultVersionAvailable). ${fix}`,
    );
  const match = c.allowed.find((a) => a.toLowerCase() === t.lower);
  if (match === undefined)
    return deny(
      rule,
      `Version upgrade option ${shown(t.value)} (${path}) is not in allowedVersionUpgradeOptions, so Azure could move the deployment to a version nobody approved. ${fix}`,
    );
  return allow(rule, `Version upgrade option ${match} is allowed.`);
}

function capacity(c: NonNullable<DeploymentControls["capacity"]>, surface: ControlSurface, root: unknown): ControlDecision {
  const rule = ControlRule.Capacity;
  const skuPath = surface.fields.skuName.armPath;
  const capPath = surface.fields.capacity.armPath;
  // The ceiling depends on the type, so the type is read whether or not a per-type ceiling exists.
  const t = readText(root, surface, "skuName");
  if (t.kind === "unreadable") return unreadable(rule, skuPath, t.value, "Set it to a deployment type such as Standard.");
  const typed = t.kind === "text" ? Object.keys(c.byType).find((k) => k.toLowerCase() === t.lower) : undefined;
  const cap = typed !== undefined ? c.byType[typed] : c.max;
  if (cap === undefined) return allow(rule, `No capacity ceiling applies to deployment type ${t.kind === "text" ? t.value : "(none)"}.`);
  const source = typed !== undefined ? `maxCapacityByDeploymentType.${typed}` : "maxCapacity";
  const v = readArmPath(root, capPath);
  if (typeof v !== "number" || !Number.isInteger(v))
    return deny(
      rule,
      `The deployment's capacity (${capPath}) is ${shown(v)}, not a whole number, so the ceiling of ${cap} (${source}) cannot be checked. Set ${capPath} to at most ${cap}.`,
    );
  if (v > cap)
    return deny(rule, `Capacity ${v} (${capPath}) is above the ceiling of ${cap} (${source}). Request at most ${cap}, or ask the platform team to raise it.`);
  return allow(rule, `Capacity ${v} is within the ceiling of ${cap} (${source}).`);
}

/** Decides every control that is on for one deployment (`root`: the ARM resource `{properties, sku}`). */
export function decideControls(controls: DeploymentControls, surface: ControlSurface, root: unknown): ControlReading {
  const decisions: ControlDecision[] = [];
  if (surface.gate) {
    const g = readArmPath(root, surface.gate.armPath);
    if (typeof g === "string" && g.toLowerCase() === surface.gate.notApplicableValue.toLowerCase())
      return {
        applies: false,
        reason: `${surface.title}: ${surface.gate.armPath} is ${surface.gate.notApplicableValue}, which has no deployment-control fields`,
      };
    if (g !== undefined && g !== null && typeof g !== "string") {
      const fix = `Set ${surface.gate.armPath} to a deployment type string such as Azure.OpenAI.`;
      for (const rule of enabledRules(controls)) decisions.push(unreadable(rule, surface.gate.armPath, g, fix));
      return { applies: true, decisions };
    }
  }
  if (controls.deploymentTypes) decisions.push(deploymentTypes(controls.deploymentTypes, surface, root));
  if (controls.contentFilters) decisions.push(contentFilters(controls.contentFilters, surface, root));
  if (controls.versionUpgrades) decisions.push(versionUpgrades(controls.versionUpgrades, surface, root));
  if (controls.capacity) decisions.push(capacity(controls.capacity, surface, root));
  return { applies: true, decisions };
}

/** The rules that are on, in {@link ControlRule} order. */
export function enabledRules(controls: DeploymentControls | undefined): ControlRule[] {
  if (!controls) return [];
  const on: ControlRule[] = [];
  if (controls.deploymentTypes) on.push(ControlRule.DeploymentTypes);
  if (controls.contentFilters) on.push(ControlRule.ContentFilters);
  if (controls.versionUpgrades) on.push(ControlRule.VersionUpgrades);
  if (controls.capacity) on.push(ControlRule.Capacity);
  return on;
}

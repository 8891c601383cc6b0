/**
 * The members of the baseline initiative (`guardrails` and `registryBuiltins` keys): each enabled
 * key's effect and parameters checked against its catalogue definition, registry built-in
 * parameters derived from the rules.
 */
import type { ConfigIssue } from "../config/issues";
import { BuiltinParameter, GUARDRAIL_DEFINITIONS, GuardrailDefinition, IDENTITY_EFFECTS, isDataPlane, ParameterKind } from "./catalogue";
import type { BaselineContext, EffectiveMember } from "./effective";
import { isResourceId, resourceIdHasType } from "./resource-ids";
import { GuardrailEffect } from "./types";
import { definitionLabel, fieldOf, isObject } from "./validate-helpers";
import { deriveAllowedRegistry, deriveApprovedModels, deriveRestrictedModels } from "./validate-registry-builtins";

function memberSetting(input: Record<string, unknown>, def: GuardrailDefinition): Record<string, unknown> | undefined {
  const group = input[def.group];
  if (!isObject(group)) return undefined;
  const setting = group[def.key];
  return isObject(setting) ? setting : undefined;
}

function resourceIdFix(p: BuiltinParameter): string {
  return `set it to a resource id like /subscriptions/{id}/resourceGroups/{name}/providers/${p.resourceType}/${p.resourceType === "Microsoft.Network/virtualNetworks/subnets" ? "{vnet}/subnets/{subnet}" : "{name}"}`;
}

function checkParameters(def: GuardrailDefinition, setting: Record<string, unknown>, errors: ConfigIssue[]): Record<string, unknown> {
  const given = isObject(setting.parameters) ? setting.parameters : {};
  const out: Record<string, unknown> = {};
  for (const p of def.parameters) {
    const field = fieldOf(def, `.parameters.${p.name}`);
    const value = given[p.name];
    if (value === undefined || (p.required && value === "")) {
      if (p.required) {
        errors.push({
          field,
          value,
          message: `is required by ${definitionLabel(def)}: the definition has no default, so Azure refuses an assignment without it`,
          fix: p.kind === ParameterKind.ResourceId ? resourceIdFix(p) : `set ${p.name} (${p.description})`,
        });
      }
      continue;
    }
    if (p.kind === ParameterKind.ResourceId && typeof value === "string" && value !== "") {
      if (!isResourceId(value) || !resourceIdHasType(value, p.resourceType ?? "")) {
        errors.push({ field, value, message: `is not a ${p.resourceType} resource id (${p.description})`, fix: resourceIdFix(p) });
        continue;
      }
    }
    if (p.name === "requiredRetentionDays" && typeof value === "string" && !/^\d{1,4}$/.test(value)) {
      errors.push({ field, value, message: "must be a number of days written as digits (the definition's parameter is a String)", fix: 'write it like "365"' });
      continue;
    }
    if (p.type === "Array" && Array.isArray(value)) {
      const index = value.findIndex((v) => typeof v !== "string" || v.trim() === "");
      if (index >= 0) {
        errors.push({ field: `${field}[${index}]`, value: value[index], message: "is empty", fix: "remove the empty entry" });
        continue;
      }
    }
    out[p.name] = value;
  }
  return out;
}

function effectOf(def: GuardrailDefinition, setting: Record<string, unknown>, errors: ConfigIssue[]): GuardrailEffect | undefined {
  const raw = setting.effect;
  if (raw === undefined) {
    if (def.defaultEffect !== undefined) return def.defaultEffect;
    errors.push({
      field: fieldOf(def, ".effect"),
      value: undefined,
      message: `is required: ${definitionLabel(def)} has no default effect`,
      fix: `set effect to ${def.allowedEffects.join(" or ")}`,
    });
    return undefined;
  }
  // The schema reports an effect the definition does not allow (see refineBaselineIssue).
  return typeof raw === "string" && (def.allowedEffects as readonly string[]).includes(raw) ? (raw as GuardrailEffect) : undefined;
}

/** The members, and every enabled key that remediates (even one with other problems: all problems at once). */
export function checkMembers(
  input: Record<string, unknown>,
  ctx: BaselineContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): { members: EffectiveMember[]; remediating: string[] } {
  const members: EffectiveMember[] = [];
  const remediating: string[] = [];
  for (const def of GUARDRAIL_DEFINITIONS) {
    const setting = memberSetting(input, def);
    if (!setting) continue;
    const before = errors.length;
    const effect = effectOf(def, setting, errors);
    const params = checkParameters(def, setting, errors);
    if (effect === undefined) continue;
    const needsIdentity = (IDENTITY_EFFECTS as readonly string[]).includes(effect);
    if (needsIdentity) remediating.push(`${def.key} (${effect})`);
    if (def.key === "allowedRegistry") {
      deriveAllowedRegistry({ def, effect, params, ctx, errors, warnings });
      deriveRestrictedModels({ def, effect, params, ctx, errors, warnings });
    } else if (def.key === "approvedRegistryModels" || def.key === "cognitiveServicesApprovedModels") {
      deriveApprovedModels({ def, effect, params, ctx, errors, warnings });
    }
    if (errors.length > before) continue;
    members.push({
      key: def.key,
      definition: def,
      effect,
      parameters: { [def.effectParameter]: effect, ...params },
      dataPlane: isDataPlane(def),
      needsIdentity,
      roleDefinitionIds: needsIdentity ? [...def.roleDefinitionIds] : [],
      permissionResourceIds: needsIdentity
        ? def.parameters.filter((p) => p.assignPermissions && typeof params[p.name] === "string" && params[p.name] !== "").map((p) => params[p.name] as string)
        : [],
    });
  }
  return { members, remediating };
}

/**
 * Schema issues under the baseline keys made specific: the fix for each top-level key, and an
 * effect or parameter a definition does not have named with the definition (and its twin).
 */
import type { ConfigIssue } from "../config/issues";
import { CatalogueGroup, GUARDRAIL_DEFINITIONS, guardrailDefinition } from "./catalogue";
import { BASELINE_LIMITS } from "./schema";
import { definitionLabel } from "./validate-helpers";

/** Audit/Deny guardrails and their Modify twins: an effect one of them lacks, the other has. */
const TWINS: Readonly<Record<string, string>> = {
  disableLocalAuth: "configureDisableLocalAuth",
  configureDisableLocalAuth: "disableLocalAuth",
  workspacePublicNetworkAccess: "configureWorkspacePublicNetworkAccess",
  configureWorkspacePublicNetworkAccess: "workspacePublicNetworkAccess",
  workspaceCustomerManagedKey: "workspaceCustomerManagedKeyIfNotExists",
  workspaceCustomerManagedKeyIfNotExists: "workspaceCustomerManagedKey",
};

/** Fixes for schema issues of the baseline keys (the top-level key → fix). */
export const BASELINE_FIXES: Readonly<Record<string, string>> = {
  guardrails: `use keys from ${GUARDRAIL_DEFINITIONS.filter((d) => d.group === CatalogueGroup.Guardrail)
    .map((d) => d.key)
    .join(", ")}, each {"effect": ..., "parameters": {...}}`,
  registryBuiltins: 'use allowedRegistry, approvedRegistryModels or cognitiveServicesApprovedModels, each {"effect": ..., "parameters": {...}}',
  exemptions: 'list {"scope", "category": "Waiver"|"Mitigated", "expiresOn", "reason", "requestedBy", "rules"?}',
  exemptionMaxDays: `use a whole number of days between 1 and ${BASELINE_LIMITS.exemptionMaxDays}`,
  monitoring: 'write {"resourceGroupId": "/subscriptions/{id}/resourceGroups/{name}", "emailReceivers": [{"name", "emailAddress"}]}',
  identityLocation: "write an Azure region such as westeurope",
};

/**
 * Rewrites a schema issue under `guardrails` / `registryBuiltins` to name the definition: an effect
 * it does not allow, or a parameter name it does not have (`allowedModelPublishers`).
 */
export function refineBaselineIssue(issue: ConfigIssue): ConfigIssue {
  const m = /^(guardrails|registryBuiltins)\.([A-Za-z0-9]+)(\.effect|\.parameters\.([A-Za-z0-9]+))?$/.exec(issue.field);
  if (!m) return issue;
  const def = guardrailDefinition(m[2]);
  if (!def || def.group !== m[1]) return issue;
  if (m[3] === ".effect" && issue.message.startsWith("must be one of")) {
    const twin = TWINS[def.key] ? guardrailDefinition(TWINS[def.key]) : undefined;
    const twinHint =
      twin && typeof issue.value === "string" && (twin.allowedEffects as readonly string[]).includes(issue.value)
        ? `; for ${issue.value}, enable ${twin.group}.${twin.key} (${definitionLabel(twin)}) instead`
        : "";
    return {
      ...issue,
      message: `is not an effect of ${definitionLabel(def)}: it allows only ${def.allowedEffects.join(", ")}`,
      fix: `use ${def.allowedEffects.join(" or ")}${twinHint}`,
    };
  }
  if (m[4] !== undefined && issue.message === "is not a known setting") {
    if (m[4] === "allowedModelPublishers") {
      return {
        ...issue,
        message: `is not a parameter of ${definitionLabel(def)}: the Foundry docs' Bicep sample used this name, but the definition's parameter is allowedPublishers (Azure would refuse the assignment)`,
        fix: "rename it to allowedPublishers",
      };
    }
    return {
      ...issue,
      message: `is not a parameter of ${definitionLabel(def)}`,
      fix: def.parameters.length > 0 ? `use ${def.parameters.map((p) => p.name).join(", ")}` : "it takes no parameters; remove it",
    };
  }
  return issue;
}

/** Default non-compliance messages: each names its rule, and reads "must" or "should" by enforcement mode. */
import { EnforcementMode, Rule } from "../core/enums";
import { EffectiveConfig } from "../core/config/validate";
import { NonComplianceMessage } from "./plan";

/** Azure's limit on one non-compliance message (characters). */
export const MESSAGE_MAX = 1024;

function listPreview(items: readonly string[], budget: number): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const next = out ? `${out}, ${items[i]}` : items[i];
    if (next.length > budget) return `${out}, … (${items.length} in all)`;
    out = next;
  }
  return out;
}

/** What the approval list means for a deployer: nothing set, every version of each entry, or pinned versions. */
function approvedModelsNote(config: EffectiveConfig): string {
  const n = config.allowedModels.length + config.allowedCatalogModels.length;
  if (n === 0) return "no approval list is set: every model from an allowed registry or publisher passes this rule";
  const entries = `${n} approved ${n === 1 ? "entry" : "entries"}`;
  if (config.allowedCatalogModels.some((e) => e.version !== undefined))
    return `${entries}; where an entry names a version, pin that version (catalog models also with versionUpgradeOption NoAutoUpgrade)`;
  return config.allowedModels.some((e) => e.version !== undefined)
    ? `${entries}; where an entry names a version, pin that version`
    : `${entries}, each covering every version`;
}

/** The messages for an assignment: the user's one message, or one per rule. */
export function nonComplianceMessages(config: EffectiveConfig): NonComplianceMessage[] {
  if (config.nonComplianceMessage) return [{ message: config.nonComplianceMessage }];
  const verb = config.enforcementMode === EnforcementMode.DoNotEnforce ? "should" : "must";
  const contact = config.owner ? ` Contact: ${config.owner}.` : "";
  const registries = listPreview(config.allowedRegistries, 600);
  const text: Record<Exclude<Rule, "allowed">, string> = {
    [Rule.ModelReference]: `[${Rule.ModelReference}] Azure ML model deployments ${verb} reference the model by a recognised id such as azureml://registries/{registry}/models/{model}/versions/{version}; missing or unrecognised references are denied.`,
    [Rule.BlockedModels]: `[${Rule.BlockedModels}] Azure ML model deployments ${verb} not use a blocked model (a blocked version also blocks references that pin no version).`,
    [Rule.TrustedRegistries]: `[${Rule.TrustedRegistries}] Azure ML model deployments ${verb} use models from the allowed registries: ${registries}.`,
    [Rule.TrustedPublishers]: `[${Rule.TrustedPublishers}] Foundry model deployments ${verb} use a catalog model (model.format / model.publisher) from the allowed publishers: ${config.allowedPublishers.length > 0 ? listPreview(config.allowedPublishers, 600) : "none are allowed"}.`,
    [Rule.ApprovedModels]: `[${Rule.ApprovedModels}] Azure ML and Foundry model deployments ${verb} use an approved model (${approvedModelsNote(config)}).`,
    [Rule.WorkspaceModels]: `[${Rule.WorkspaceModels}] Azure ML model deployments ${verb} use models from the allowed registries (${registries}), not workspace models or data paths.`,
  };
  return (Object.keys(text) as Array<keyof typeof text>).map((rule) => ({
    message: `${text[rule]}${contact}`.slice(0, MESSAGE_MAX),
    policyDefinitionReferenceId: rule,
  }));
}

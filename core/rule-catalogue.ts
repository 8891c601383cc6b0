/**
 * The facts of every rule that can deny, in one table: its id, its family (a model rule or a
 * deployment control), its title and description, the Azure Policy parameters its definition reads
 * and its default non-compliance message. The Azure Policy renderer, the pack and the CLI read
 * them from here. What belongs to one adapter stays there, keyed by the same rule ids: the Azure
 * Policy conditions, parameter definitions and message length limit in `azure-policy/`.
 */
import { ControlRule, DENY_RULES, DenyRule, EnforcementMode, Rule } from "./enums";
import type { EffectiveConfig } from "./config/validate";
import type { CONTROL_KEYS } from "./deployment-controls/config";

/** Every rule that can deny a deployment: a model rule or a deployment control. */
export type GovernanceRule = DenyRule | ControlRule;

/** Which decision a rule belongs to: the model rules (core/decision.ts) or the deployment controls (core/deployment-controls/). */
export type RuleFamily = "model" | "deployment-control";

/** The Azure Policy parameters of the model rules' definitions, besides the shared `effect`. */
export const MODEL_PARAMETER = {
  allowedRegistries: "allowedRegistries",
  blockedModelKeys: "blockedModelKeys",
  allowedModelKeys: "allowedModelKeys",
  workspaceModels: "workspaceModels",
  allowedPublishers: "allowedPublishers",
} as const;
/** One of {@link MODEL_PARAMETER}. */
export type ModelParameter = (typeof MODEL_PARAMETER)[keyof typeof MODEL_PARAMETER];

/** The deployment controls' Azure Policy parameters are their config keys, by the same names. */
export type ControlParameter = (typeof CONTROL_KEYS)[number];

/** The settings a default non-compliance message reads. */
export type MessageConfig = Pick<
  EffectiveConfig,
  "enforcementMode" | "owner" | "allowedRegistries" | "allowedPublishers" | "allowedModels" | "allowedCatalogModels" | "deploymentControls"
>;

/** What one rule is, the same for every adapter. */
export interface RuleFacts<F extends RuleFamily = RuleFamily, P extends string = ModelParameter | ControlParameter> {
  family: F;
  /** Short, lower-case: follows "Azure ML model governance: " or "Foundry deployment controls: ". */
  title: string;
  /** What the rule denies, in one or two sentences. */
  description: string;
  /** The parameters its Azure Policy definition reads besides `effect` (for a control: also its config keys). */
  parameters: readonly P[];
  /**
   * The body of its default non-compliance message, after the `[rule]` prefix; `verb` is `must`,
   * or `should` under `DoNotEnforce`. A control's is only asked for while the control is on.
   */
  message(config: MessageConfig, verb: string): string;
}

/** A preview of a list that stops before `budget` characters, saying how many there are in all. */
function listPreview(items: readonly string[], budget: number): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const next = out ? `${out}, ${items[i]}` : items[i];
    if (next.length > budget) return `${out}, … (${items.length} in all)`;
    out = next;
  }
  return out;
}

/** Characters of a message given to one list (Azure allows 1,024 per message). */
const LIST_BUDGET = 600;

/** What the approval list means for a deployer: nothing set, every version of each entry, or pinned versions. */
function approvedModelsNote(config: MessageConfig): string {
  const n = config.allowedModels.length + config.allowedCatalogModels.length;
  if (n === 0) return "no approval list is set: every model from an allowed registry or publisher passes this rule";
  const entries = `${n} approved ${n === 1 ? "entry" : "entries"}`;
  if (config.allowedCatalogModels.some((e) => e.version !== undefined))
    return `${entries}; where an entry names a version, pin that version (catalog models also with versionUpgradeOption NoAutoUpgrade)`;
  return config.allowedModels.some((e) => e.version !== undefined)
    ? `${entries}; where an entry names a version, pin that version`
    : `${entries}, each covering every version`;
}

/** The model rules, in evaluation order (the order of `DENY_RULES`). */
const MODEL_RULES: { readonly [R in DenyRule]: RuleFacts<"model", ModelParameter> } = {
  [Rule.ModelReference]: {
    family: "model",
    title: "model reference must be recognisable",
    description: "Denies Azure ML deployments whose model reference is missing or not a recognised model id (fail closed).",
    parameters: [],
    message: (_c, verb) =>
      `Azure ML model deployments ${verb} reference the model by a recognised id such as azureml://registries/{registry}/models/{model}/versions/{version}; missing or unrecognised references are denied.`,
  },
  [Rule.BlockedModels]: {
    family: "model",
    title: "blocked models",
    description: "Denies Azure ML deployments of blocked registry models (a blocked version also blocks references that pin no version).",
    parameters: [MODEL_PARAMETER.blockedModelKeys],
    message: (_c, verb) => `Azure ML model deployments ${verb} not use a blocked model (a blocked version also blocks references that pin no version).`,
  },
  [Rule.TrustedRegistries]: {
    family: "model",
    title: "trusted registries",
    description: "Denies Azure ML deployments of registry models from registries that are not allowed (whole, case-insensitive name match).",
    parameters: [MODEL_PARAMETER.allowedRegistries],
    message: (c, verb) => `Azure ML model deployments ${verb} use models from the allowed registries: ${listPreview(c.allowedRegistries, LIST_BUDGET)}.`,
  },
  [Rule.TrustedPublishers]: {
    family: "model",
    title: "trusted publishers",
    description:
      "Denies Foundry and AI Services deployments of catalog models (format/name/version) whose publisher (model.format, and model.publisher where set) is not allowed (whole, case-insensitive name match).",
    parameters: [MODEL_PARAMETER.allowedPublishers],
    message: (c, verb) =>
      `Foundry model deployments ${verb} use a catalog model (model.format / model.publisher) from the allowed publishers: ${c.allowedPublishers.length > 0 ? listPreview(c.allowedPublishers, LIST_BUDGET) : "none are allowed"}.`,
  },
  [Rule.ApprovedModels]: {
    family: "model",
    title: "approved models",
    description: "When an approval list is set, denies Azure ML deployments of registry models it does not cover.",
    parameters: [MODEL_PARAMETER.allowedModelKeys],
    message: (c, verb) => `Azure ML and Foundry model deployments ${verb} use an approved model (${approvedModelsNote(c)}).`,
  },
  [Rule.WorkspaceModels]: {
    family: "model",
    title: "workspace models",
    description: "When workspaceModels is Deny, denies Azure ML deployments of models that do not come from a registry.",
    parameters: [MODEL_PARAMETER.workspaceModels],
    message: (c, verb) =>
      `Azure ML model deployments ${verb} use models from the allowed registries (${listPreview(c.allowedRegistries, LIST_BUDGET)}), not workspace models or data paths.`,
  },
};

/** The deployment controls, in {@link ControlRule} order. */
const CONTROL_RULES: { readonly [R in ControlRule]: RuleFacts<"deployment-control", ControlParameter> } = {
  [ControlRule.DeploymentTypes]: {
    family: "deployment-control",
    title: "allowed deployment types",
    description: "Denies model deployments whose deployment type (sku.name: Global*, DataZone*, regional) is not allowed, or that set none.",
    parameters: ["allowedDeploymentTypes"],
    message: (c, verb) => `Model deployments ${verb} use one of the deployment types ${c.deploymentControls?.deploymentTypes?.allowed.join(", ")} (sku.name).`,
  },
  [ControlRule.ContentFilters]: {
    family: "deployment-control",
    title: "content filters",
    description: "Denies model deployments whose RAI policy (raiPolicyName) is missing when required, not allowed, or one that disables filtering.",
    parameters: ["requireContentFilter", "allowedContentFilters"],
    message: (c, verb) => {
      const f = c.deploymentControls?.contentFilters;
      return `Model deployments ${verb} ${f?.required ? "name" : "only name"} a content filter (raiPolicyName)${f?.allowed.length ? ` among ${f.allowed.join(", ")}` : ""} that does not disable filtering.`;
    },
  },
  [ControlRule.VersionUpgrades]: {
    family: "deployment-control",
    title: "version upgrade options",
    description: "Denies model deployments whose versionUpgradeOption is missing or not allowed, so Azure cannot move them to an unapproved version.",
    parameters: ["allowedVersionUpgradeOptions"],
    message: (c, verb) => `Model deployments ${verb} set versionUpgradeOption to ${c.deploymentControls?.versionUpgrades?.allowed.join(" or ")}.`,
  },
  [ControlRule.Capacity]: {
    family: "deployment-control",
    title: "capacity ceiling",
    description: "Denies model deployments whose sku.capacity is above the ceiling for their deployment type, or not a whole number when a ceiling applies.",
    parameters: ["maxCapacity", "maxCapacityByDeploymentType"],
    message: (c, verb) => {
      const capacity = c.deploymentControls?.capacity;
      const byType = Object.entries(capacity?.byType ?? {}).map(([t, n]) => `${t} ${n}`);
      const max = capacity?.max === undefined ? [] : [`otherwise ${capacity.max}`];
      return `Model deployments ${verb} keep sku.capacity within the ceiling (${[...byType, ...max].join(", ")}).`;
    },
  },
};

/** The model rules in evaluation order: {@link DENY_RULES}, typed. */
export const MODEL_RULE_IDS: readonly DenyRule[] = DENY_RULES.filter((r): r is DenyRule => r !== Rule.Allowed);

/** Every rule that can deny, by id: the one table of per-rule facts. */
export const RULE_CATALOGUE: {
  readonly [R in GovernanceRule]: R extends DenyRule ? RuleFacts<"model", ModelParameter> : RuleFacts<"deployment-control", ControlParameter>;
} = { ...MODEL_RULES, ...CONTROL_RULES };

/** Whether a rule is a deployment control (else a model rule). */
export function isControlRule(rule: GovernanceRule): rule is ControlRule {
  return RULE_CATALOGUE[rule].family === "deployment-control";
}

/**
 * The default non-compliance message of a rule: `[rule]`, the rule's message, and the owner to
 * contact when one is set. Azure's length limit is the renderer's to apply.
 */
export function defaultNonComplianceMessage(rule: GovernanceRule, config: MessageConfig): string {
  const verb = config.enforcementMode === EnforcementMode.DoNotEnforce ? "should" : "must";
  const contact = config.owner ? ` Contact: ${config.owner}.` : "";
  return `[${rule}] ${RULE_CATALOGUE[rule].message(config, verb)}${contact}`;
}

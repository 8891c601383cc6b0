/**
 * Renders a validated governance config into the Azure Policy objects to deploy: one custom
 * definition per rule, one initiative, one assignment per scope.
 */
import { Effect, WorkspaceModels } from "../core/enums";
import { EffectiveConfig } from "../core/config/validate";
import { allowedModelKeys, blockedModelKeys } from "../core/model-list";
import { allowedCatalogKeys, blockedCatalogKeys } from "../core/catalog-model";
import { AssignmentBody, GovernancePlan, ParameterDefinition, PolicyDefinitionBody } from "./plan";
import { assignmentKey, assignmentName, definitionName, initiativeName } from "./names";
import { nonComplianceMessages } from "./messages";
import { PARAM, policyRuleFor } from "./rules";
import { enabledRules } from "../core/deployment-controls";
import { ControlParameter, GovernanceRule, isControlRule, MODEL_RULE_IDS, RULE_CATALOGUE, RuleFamily } from "../core/rule-catalogue";
import { CONTROL_PARAMETERS, controlAssignmentParameters, controlInitiativeParameters, controlPolicyRule } from "./deployment-controls";

/** Version of the rendered definitions; bump when a rule's logic changes. */
export const DEFINITION_VERSION = "1.0.0";
const CATEGORY = "Machine Learning";
const SOURCE = "azure-ml-governance";

const PARAMETERS: Record<(typeof PARAM)[keyof typeof PARAM], ParameterDefinition> = {
  [PARAM.effect]: {
    type: "String",
    allowedValues: Object.values(Effect),
    defaultValue: Effect.Deny,
    metadata: { displayName: "Effect", description: "Deny refuses, Audit reports, Disabled skips evaluation." },
  },
  [PARAM.allowedRegistries]: {
    type: "Array",
    metadata: { displayName: "Allowed registries", description: "Lower-case Azure ML registry names whose models may be deployed (whole-name match)." },
  },
  [PARAM.blockedModelKeys]: {
    type: "Array",
    defaultValue: [],
    metadata: {
      displayName: "Blocked model keys",
      description:
        "Generated from blockedModels: '{registry}/{model}' and 'catalog:{publisher}/{model}' block every version; '…/versions/{v}' blocks v; '…/versions/*' blocks references that pin no version.",
    },
  },
  [PARAM.allowedModelKeys]: {
    type: "Array",
    defaultValue: [],
    metadata: {
      displayName: "Approved model keys",
      description:
        "Generated from allowedModels: '{registry}/{model}' and 'catalog:{publisher}/{model}' approve every version; '…/versions/{v}' approves v (held). Empty: no approval list.",
    },
  },
  [PARAM.allowedPublishers]: {
    type: "Array",
    defaultValue: [],
    metadata: {
      displayName: "Allowed publishers",
      description:
        "Lower-case catalog publishers (model.format, and model.publisher where set) whose models may be deployed by name. Empty: no catalog model may be deployed.",
    },
  },
  [PARAM.workspaceModels]: {
    type: "String",
    allowedValues: Object.values(WorkspaceModels),
    defaultValue: WorkspaceModels.Allow,
    metadata: { displayName: "Workspace models", description: "Deny to refuse models that do not come from a registry." },
  },
};

/** How the definitions of each family of rules are titled, and what they cover. */
const FAMILY_TEXT: Record<RuleFamily, { prefix: string; covers: string }> = {
  model: {
    prefix: "Azure ML model governance",
    covers:
      "Covers serverless endpoints, online and batch deployments, marketplace subscriptions, Foundry endpoint and connection deployments, AI Services (Cognitive Services) account deployments and (denied outright, no alias) inference groups.",
  },
  "deployment-control": {
    prefix: "Foundry deployment controls",
    covers: "Covers Cognitive Services (Foundry) account deployments and Foundry endpoint and connection deployments.",
  },
};

/** Every parameter definition a rule's definition can take. */
const RULE_PARAMETER_DEFINITIONS: Record<keyof typeof PARAMETERS | ControlParameter, ParameterDefinition> = { ...PARAMETERS, ...CONTROL_PARAMETERS };

/** The custom definition of one rule: its catalogue facts, its parameters and its condition. */
function definitionFor(componentName: string, rule: GovernanceRule): PolicyDefinitionBody {
  const facts = RULE_CATALOGUE[rule];
  const text = FAMILY_TEXT[facts.family];
  const parameters: Record<string, ParameterDefinition> = { [PARAM.effect]: PARAMETERS[PARAM.effect] };
  for (const p of facts.parameters) parameters[p] = RULE_PARAMETER_DEFINITIONS[p];
  return {
    name: definitionName(componentName, rule),
    referenceId: rule,
    displayName: `${text.prefix}: ${facts.title}`,
    description: `${facts.description} ${text.covers}`,
    // All, not Indexed: marketplace subscriptions and Foundry deployments have no location or tags,
    // and Indexed mode would skip them.
    mode: "All",
    metadata: { category: CATEGORY, version: DEFINITION_VERSION, source: SOURCE, rule },
    parameters,
    policyRule: isControlRule(rule) ? controlPolicyRule(rule) : policyRuleFor(rule),
  };
}

/** The assignment parameter values: the lists, as the keys both enforcement points compare. */
export function assignmentParameters(config: EffectiveConfig): Record<string, { value: unknown }> {
  return {
    [PARAM.effect]: { value: config.effect },
    [PARAM.allowedRegistries]: { value: [...config.allowedRegistries] },
    [PARAM.blockedModelKeys]: { value: [...blockedModelKeys(config.blockedModels), ...blockedCatalogKeys(config.blockedCatalogModels)] },
    [PARAM.allowedModelKeys]: { value: [...allowedModelKeys(config.allowedModels), ...allowedCatalogKeys(config.allowedCatalogModels)] },
    [PARAM.allowedPublishers]: { value: config.allowedPublishers.map((p) => p.toLowerCase()) },
    [PARAM.workspaceModels]: { value: config.workspaceModels },
    ...controlAssignmentParameters(config.deploymentControls),
  };
}

/** Renders the whole plan. Pure: the same config always gives the same JSON. */
export function renderGovernancePlan(componentName: string, config: EffectiveConfig): GovernancePlan {
  // Every model rule; of the deployment controls (issue 11), those that are on.
  const definitions = [...MODEL_RULE_IDS, ...enabledRules(config.deploymentControls)].map((rule) => definitionFor(componentName, rule));
  const parameters = assignmentParameters(config);
  const metadata: Record<string, unknown> = { source: SOURCE, component: componentName };
  if (config.owner) metadata.owner = config.owner;
  const assignments: AssignmentBody[] = config.scopes.map((scope) => ({
    name: assignmentName(componentName, scope.id),
    key: assignmentKey(scope.id),
    scope: scope.id,
    displayName: `Azure ML model governance (${componentName})`.slice(0, 128),
    description: `Trusted registries, blocked and approved models for Azure ML deployments at ${scope.id}.`.slice(0, 512),
    enforcementMode: config.enforcementMode,
    notScopes: [...config.notScopes],
    parameters,
    nonComplianceMessages: nonComplianceMessages(config),
    metadata: { ...metadata, assignedBy: SOURCE },
  }));
  return {
    definitionScope: config.definitionScope,
    definitions,
    initiative: {
      name: initiativeName(componentName),
      displayName: `Azure ML model governance (${componentName})`.slice(0, 128),
      description:
        "Model supply-chain rules for Azure ML and Foundry deployments: recognised references, blocked models, trusted registries, approved models, workspace models.",
      metadata: { category: CATEGORY, version: DEFINITION_VERSION, ...metadata },
      parameters: { ...PARAMETERS, ...controlInitiativeParameters(config.deploymentControls) },
      policyDefinitions: definitions.map((d) => ({
        definitionName: d.name,
        policyDefinitionReferenceId: d.referenceId,
        parameters: Object.fromEntries(Object.keys(d.parameters).map((p) => [p, { value: `[parameters('${p}')]` }])),
      })),
    },
    assignments,
  };
}

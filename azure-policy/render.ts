/**
 * Renders a validated governance config into the Azure Policy objects to deploy: one custom
 * definition per rule, one initiative, one assignment per scope.
 */
import { DENY_RULES, Effect, Rule, WorkspaceModels } from "../core/enums";
import { EffectiveConfig } from "../core/config/validate";
import { allowedModelKeys, blockedModelKeys } from "../core/model-list";
import { allowedCatalogKeys, blockedCatalogKeys } from "../core/catalog-model";
import { AssignmentBody, GovernancePlan, ParameterDefinition, PolicyDefinitionBody } from "./plan";
import { assignmentKey, assignmentName, definitionName, initiativeName } from "./names";
import { nonComplianceMessages } from "./messages";
import { PARAM, policyRuleFor, RULE_PARAMETERS } from "./rules";
import { enabledRules } from "../core/deployment-controls";
import { controlAssignmentParameters, controlDefinitionBody, controlInitiativeParameters, controlNonComplianceMessages } from "./deployment-controls";
import { MESSAGE_MAX } from "./messages";

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

const TITLES: Record<Exclude<Rule, "allowed">, { title: string; description: string }> = {
  [Rule.ModelReference]: {
    title: "model reference must be recognisable",
    description: "Denies Azure ML deployments whose model reference is missing or not a recognised model id (fail closed).",
  },
  [Rule.BlockedModels]: {
    title: "blocked models",
    description: "Denies Azure ML deployments of blocked registry models (a blocked version also blocks references that pin no version).",
  },
  [Rule.TrustedRegistries]: {
    title: "trusted registries",
    description: "Denies Azure ML deployments of registry models from registries that are not allowed (whole, case-insensitive name match).",
  },
  [Rule.TrustedPublishers]: {
    title: "trusted publishers",
    description:
      "Denies Foundry and AI Services deployments of catalog models (format/name/version) whose publisher (model.format, and model.publisher where set) is not allowed (whole, case-insensitive name match).",
  },
  [Rule.ApprovedModels]: {
    title: "approved models",
    description: "When an approval list is set, denies Azure ML deployments of registry models it does not cover.",
  },
  [Rule.WorkspaceModels]: {
    title: "workspace models",
    description: "When workspaceModels is Deny, denies Azure ML deployments of models that do not come from a registry.",
  },
};

function definitionFor(componentName: string, rule: Exclude<Rule, "allowed">): PolicyDefinitionBody {
  const parameters: Record<string, ParameterDefinition> = { [PARAM.effect]: PARAMETERS[PARAM.effect] };
  for (const p of RULE_PARAMETERS[rule]) parameters[p] = PARAMETERS[p];
  return {
    name: definitionName(componentName, rule),
    referenceId: rule,
    displayName: `Azure ML model governance: ${TITLES[rule].title}`,
    description: `${TITLES[rule].description} Covers serverless endpoints, online and batch deployments, marketplace subscriptions, Foundry endpoint and connection deployments, AI Services (Cognitive Services) account deployments and (denied outright, no alias) inference groups.`,
    // All, not Indexed: marketplace subscriptions and Foundry deployments have no location or tags,
    // and Indexed mode would skip them.
    mode: "All",
    metadata: { category: CATEGORY, version: DEFINITION_VERSION, source: SOURCE, rule },
    parameters,
    policyRule: policyRuleFor(rule),
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
  const definitions = [
    ...DENY_RULES.map((rule) => definitionFor(componentName, rule as Exclude<Rule, "allowed">)),
    // Deployment controls (issue 11): one definition per rule that is on.
    ...enabledRules(config.deploymentControls).map((rule) =>
      controlDefinitionBody(rule, definitionName(componentName, rule), PARAMETERS[PARAM.effect], {
        category: CATEGORY,
        version: DEFINITION_VERSION,
        source: SOURCE,
      }),
    ),
  ];
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
    nonComplianceMessages: [...nonComplianceMessages(config), ...controlNonComplianceMessages(config, MESSAGE_MAX)],
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

/**
 * ARM templates written by hand in the shapes of public Foundry / Azure ML templates (not copied
 * from them), and the attacker's variants of issue 15: key-case tricks, ambiguous keys, a
 * `__proto__` symbolic name, deployment stacks and scripts, deep nesting.
 */
import type { Props } from "./fixtures";

export const GOOD = "azureml://registries/azureml/models/Phi-4/versions/7";
export const EVIL = "azureml://registries/evil/models/x";
const WS = "Microsoft.MachineLearningServices/workspaces";
const SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/**
 * The shape of an Azure Verified Modules deployment module: the model is a required object
 * parameter (no default), so only the parameters it is deployed with decide it.
 */
export function avmServerlessModule(): Props {
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    metadata: { _generator: { name: "bicep", version: "0.30.23.60470" } },
    parameters: {
      workspaceName: { type: "string" },
      name: { type: "string" },
      model: { type: "object", metadata: { description: "Required. The model to deploy: {modelId}." } },
      authMode: { type: "string", defaultValue: "Key" },
    },
    resources: [
      {
        type: `${WS}/serverlessEndpoints`,
        apiVersion: "2024-10-01",
        name: "[format('{0}/{1}', parameters('workspaceName'), parameters('name'))]",
        location: "[resourceGroup().location]",
        sku: { name: "Consumption" },
        properties: { authMode: "[parameters('authMode')]", modelSettings: { modelId: "[parameters('model').modelId]" } },
      },
    ],
  };
}

/** The deployment parameters file such a module is deployed with (`az deployment group create --parameters @file`). */
export function parametersFile(values: Record<string, unknown>): Props {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    contentVersion: "1.0.0.0",
    parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v as Props }])),
  };
}

/**
 * The shape of an azd starter: a copy loop over a `deployments` array parameter (default empty)
 * read through `coalesce(…, createArray())[copyIndex()]`, on Cognitive Services deployments and
 * serverless endpoints.
 */
export function azdStarter(deployments?: unknown[]): Props {
  const item = (field: string) => `coalesce(parameters('deployments'), createArray())[copyIndex()].${field}`;
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    parameters: {
      accountName: { type: "string", defaultValue: "[format('ai-{0}', uniqueString(resourceGroup().id))]" },
      deployments: { type: "array", nullable: true, ...(deployments === undefined ? {} : { defaultValue: deployments as Props[] }) },
    },
    variables: { workspace: "hub" },
    resources: [
      {
        type: "Microsoft.CognitiveServices/accounts",
        apiVersion: "2024-10-01",
        name: "[parameters('accountName')]",
        kind: "AIServices",
        properties: {},
      },
      {
        copy: { name: "deployment", count: "[length(coalesce(parameters('deployments'), createArray()))]", mode: "serial", batchSize: 1 },
        type: "Microsoft.CognitiveServices/accounts/deployments",
        apiVersion: "2024-10-01",
        name: `[format('{0}/{1}', parameters('accountName'), ${item("name")})]`,
        sku: `[${item("sku")}]`,
        properties: {
          model: `[${item("model")}]`,
          raiPolicyName: `[tryGet(coalesce(parameters('deployments'), createArray())[copyIndex()], 'raiPolicyName')]`,
        },
        dependsOn: ["[resourceId('Microsoft.CognitiveServices/accounts', parameters('accountName'))]"],
      },
      {
        copy: { name: "endpoint", count: "[length(coalesce(parameters('deployments'), createArray()))]" },
        condition: `[not(empty(tryGet(${item("model")}, 'source')))]`,
        type: `${WS}/serverlessEndpoints`,
        apiVersion: "2024-10-01",
        name: `[format('{0}/{1}', variables('workspace'), ${item("name")})]`,
        properties: { modelSettings: { modelId: `[toLower(${item("model")}.source)]` } },
      },
    ],
  };
}

/**
 * The shape Bicep compiles a module that loads its template with `loadJsonContent` into: the
 * nested template is a variable (its own expressions escaped `[[`), deployed in inner scope.
 */
export function bicepNestedViaVariable(inner: Props[], modelId: string): Props {
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    parameters: { modelId: { type: "string", defaultValue: modelId } },
    variables: {
      "$fxv#0": {
        $schema: SCHEMA,
        contentVersion: "1.0.0.0",
        parameters: { modelId: { type: "string" }, workspace: { type: "string", defaultValue: "ws" } },
        resources: inner,
      },
    },
    resources: [
      {
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: "models",
        properties: {
          expressionEvaluationOptions: { scope: "inner" },
          mode: "Incremental",
          parameters: { modelId: { value: "[parameters('modelId')]" } },
          template: "[variables('$fxv#0')]",
        },
      },
    ],
  };
}

/** A serverless endpoint whose model id is written in (escaped) template text. */
export const escapedServerless = (modelId: string): Props => ({
  type: `${WS}/serverlessEndpoints`,
  apiVersion: "2024-10-01",
  name: "[[format('{0}/ep', parameters('workspace'))]",
  properties: { modelSettings: { modelId } },
});

/** A deployment stack resource inside a template, deploying `inner`. */
export function stackInTemplate(inner: Props): Props {
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    resources: [
      {
        type: "Microsoft.Resources/deploymentStacks",
        apiVersion: "2024-03-01",
        name: "ml-stack",
        properties: { actionOnUnmanage: { resources: "detach" }, denySettings: { mode: "none" }, template: inner },
      },
    ],
  };
}

/** A deployment script inside a template (it could create anything). */
export function scriptInTemplate(): Props {
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    resources: [
      {
        type: "Microsoft.Resources/deploymentScripts",
        apiVersion: "2023-08-01",
        name: "make-endpoint",
        kind: "AzureCLI",
        properties: { azCliVersion: "2.60.0", retentionInterval: "PT1H", scriptContent: "az ml serverless-endpoint create --file ep.yml" },
      },
    ],
  };
}

/** The key-case variants Azure reads the same as the canonical keys (each deploys `EVIL`). */
export function keyCaseVariants(): Array<[string, Props]> {
  const ep = (modelId: string): Props => ({ type: `${WS}/serverlessEndpoints`, name: "ws/ep", properties: { modelSettings: { modelId } } });
  return [
    ["Resources", { $schema: SCHEMA, Resources: [ep(EVIL)] }],
    [
      "Properties / ModelSettings / ModelId",
      { $schema: SCHEMA, resources: [{ Type: `${WS}/serverlessEndpoints`, Name: "ws/ep", Properties: { ModelSettings: { ModelId: EVIL } } }] },
    ],
    [
      "Template and Parameters of a nested deployment, ExpressionEvaluationOptions.Scope",
      {
        $schema: SCHEMA,
        parameters: { m: { type: "string", defaultValue: GOOD } },
        resources: [
          {
            type: "Microsoft.Resources/deployments",
            name: "n",
            Properties: {
              ExpressionEvaluationOptions: { Scope: "Inner" },
              Parameters: { m: { Value: EVIL } },
              Template: { Parameters: { M: { type: "string" } }, Resources: [ep("[parameters('m')]")] },
            },
          },
        ],
      },
    ],
    [
      "EndpointType of a Foundry endpoint",
      {
        $schema: SCHEMA,
        resources: [{ type: `${WS}/endpoints`, name: "ws/e", properties: { EndpointType: "serverlessEndpoint", ModelSettings: { modelId: EVIL } } }],
      },
    ],
    [
      "model.Source of a Cognitive Services deployment",
      { $schema: SCHEMA, resources: [{ type: "Microsoft.CognitiveServices/accounts/deployments", name: "a/d", properties: { Model: { Source: EVIL } } }] },
    ],
  ];
}

/** Keys differing only in case: Azure reads one of them, so the template is ambiguous. */
export function ambiguousVariants(): Array<[string, Props]> {
  const ep = (modelId: string): Props => ({ type: `${WS}/serverlessEndpoints`, name: "ws/ep", properties: { modelSettings: { modelId } } });
  return [
    ["resources and Resources", { $schema: SCHEMA, resources: [ep(GOOD)], Resources: [ep(EVIL)] }],
    ["modelId and ModelId", { $schema: SCHEMA, resources: [{ ...ep(GOOD), properties: { modelSettings: { modelId: GOOD, ModelID: EVIL } } }] }],
  ];
}

/** A languageVersion 2.0 template whose symbolic name is `__proto__`, as JSON text (an object literal would set the prototype). */
export const PROTO_TEMPLATE_JSON = `{"$schema":"${SCHEMA}","languageVersion":"2.0","contentVersion":"1.0.0.0","resources":{"__proto__":{"type":"${WS}/serverlessEndpoints","apiVersion":"2024-10-01","name":"ws/ep","properties":{"modelSettings":{"modelId":"${EVIL}"}}}}}`;

/** Child resources nested `depth` levels (no model anywhere). */
export function deepChildren(depth: number): Props {
  let r: Props = { type: "leaf", name: "x" };
  for (let i = 0; i < depth; i++) r = { type: "level", name: `l${i}`, resources: [r] };
  return { $schema: SCHEMA, resources: [{ ...r, type: "Microsoft.Storage/storageAccounts" }] };
}

/** Nested deployments `depth` levels deep, a serverless endpoint at the bottom. */
export function deepDeployments(depth: number): Props {
  let t: Props = { resources: [{ type: `${WS}/serverlessEndpoints`, name: "ws/ep", properties: { modelSettings: { modelId: GOOD } } }] };
  for (let i = 0; i < depth; i++)
    t = { resources: [{ type: "Microsoft.Resources/deployments", name: `d${i}`, properties: { mode: "Incremental", template: t } }] };
  return { $schema: SCHEMA, ...t };
}

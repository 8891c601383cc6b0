/**
 * Synthetic `pulumi stack export` files for the `check --stack-export` tests: the deployment
 * version 3 shape the Pulumi CLI writes (stack, providers, custom resources with inputs, outputs,
 * parent, provider, dependencies), with Azure ML surfaces in every token form, ARM template
 * deployments, generic resources, secrets, and filler resources of other providers.
 */

export const SECRET_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** A ciphertext secret, as `pulumi stack export` writes it. */
export const ciphertext = (): Record<string, string> => ({ [SECRET_KEY]: SECRET_VALUE, ciphertext: "v1:Zm9vYmFyYmF6cXV4cXV1eA==:AAAAAAAAAAAAAAAAAAAAAA==" });
/** A plaintext secret, as `pulumi stack export --show-secrets` writes it. */
export const plaintext = (value: unknown): Record<string, string> => ({ [SECRET_KEY]: SECRET_VALUE, plaintext: JSON.stringify(value) });

const STACK = "dev";
const PROJECT = "ml-apps";
export const urn = (type: string, name: string): string => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** One exported custom resource. */
export function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    urn: urn(type, name),
    custom: true,
    id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/x/${name}`,
    type,
    inputs,
    outputs: { ...inputs, id: name, provisioningState: "Succeeded" },
    parent: urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`),
    provider: `${urn("pulumi:providers:azure-native", "default_3_28_0")}::3e5c0b0a-1111-4c0e-9a2b-4f6d8e0a1b2c`,
    dependencies: [],
    created: "2025-06-01T12:00:00.000Z",
    modified: "2025-06-01T12:00:00.000Z",
    ...extra,
  };
}

/** The export document around a resource list. */
export function stackExport(resources: unknown[]): Record<string, unknown> {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2025-06-01T12:00:00.000Z", magic: "0".repeat(64), version: "v3.190.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
      resources: [
        { urn: urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`), custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        {
          urn: urn("pulumi:providers:azure-native", "default_3_28_0"),
          custom: true,
          id: "3e5c0b0a-1111-4c0e-9a2b-4f6d8e0a1b2c",
          type: "pulumi:providers:azure-native",
          inputs: { version: "3.28.0" },
          outputs: { version: "3.28.0" },
        },
        ...resources,
      ],
    },
  };
}

const WS = { resourceGroupName: "rg-ml", workspaceName: "ws-ml", location: "westeurope" };

/** A serverless endpoint (v3 `properties`). */
export const serverless = (name: string, modelId: unknown, type = "azure-native:machinelearningservices:ServerlessEndpoint"): Record<string, unknown> =>
  resource(type, name, { ...WS, name, sku: { name: "Consumption" }, properties: { authMode: "Key", modelSettings: { modelId } } });

/** Filler: a resource no policy reads, with a few kilobytes of inputs. */
export function filler(i: number): Record<string, unknown> {
  const tags: Record<string, string> = {};
  for (let t = 0; t < 12; t++) tags[`tag-${t}`] = `value-${i}-${t}-${"x".repeat(24)}`;
  return resource(
    i % 3 === 0 ? "azure-native:storage:StorageAccount" : i % 3 === 1 ? "azure-native:network:VirtualNetwork" : "random:index/randomPet:RandomPet",
    `res-${i}`,
    {
      resourceGroupName: `rg-${i % 40}`,
      location: "westeurope",
      tags,
      properties: {
        addressSpace: { addressPrefixes: [`10.${i % 250}.0.0/16`] },
        subnets: Array.from({ length: 4 }, (_, s) => ({ name: `snet-${s}`, addressPrefix: `10.${i % 250}.${s}.0/24` })),
      },
      accessKey: ciphertext(),
    },
  );
}

/**
 * A stack export of at least `targetBytes` as `pulumi stack export` writes it (4-space indent):
 * filler resources with an Azure ML deployment every 20
 * resources (alternating allowed and untrusted models) and an ARM template deployment every 200.
 */
export function largeStackExport(targetBytes: number): { json: string; ml: number; templates: number; resources: number } {
  const resources: unknown[] = [];
  const base = JSON.stringify(stackExport([]), null, 4).length;
  // Each resource sits three levels deep in the document: 12 more spaces on each of its lines.
  const size = (r: unknown): number => {
    const text = JSON.stringify(r, null, 4);
    return text.length + 12 * (text.split("\n").length + 1) + 2;
  };
  let bytes = base;
  let ml = 0;
  let templates = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    let r: Record<string, unknown>;
    if (i % 200 === 199) {
      templates++;
      r = resource("azure-native:resources:Deployment", `arm-${i}`, {
        resourceGroupName: "rg-ml",
        properties: {
          mode: "Incremental",
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            parameters: { model: { type: "string", defaultValue: "azureml://registries/azureml/models/Phi-4" } },
            resources: [
              {
                type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
                name: `ws/ep-${i}`,
                properties: { modelSettings: { modelId: "[parameters('model')]" } },
              },
            ],
          },
        },
      });
    } else if (i % 20 === 0) {
      ml++;
      r = serverless(`ep-${i}`, i % 40 === 0 ? "azureml://registries/azureml/models/Phi-4" : "azureml://registries/azureml-evil/models/Phi-4");
    } else {
      r = filler(i);
    }
    resources.push(r);
    bytes += size(r);
  }
  const json = JSON.stringify(stackExport(resources), null, 4);
  return { json, ml, templates, resources: resources.length };
}

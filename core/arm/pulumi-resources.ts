/**
 * Pulumi resources that deploy ARM content: the azure-native `resources` classes that deploy a
 * template (and where their deployment body is), and the generic `resources:Resource`.
 */
import { SURFACES } from "../surfaces";
import { resourcesTokenPattern } from "../pulumi-tokens";
/** Where a template-deploying Pulumi resource keeps the deployment body. */
export interface TemplateDeploymentResource {
  /** azure-native `resources` class name. */
  resource: string;
  /** `properties`: the body is the `properties` input; `inputs`: the body is the inputs themselves. */
  body: "properties" | "inputs";
}

/** azure-native `resources` classes that deploy a template. */
export const TEMPLATE_DEPLOYMENT_RESOURCES: readonly TemplateDeploymentResource[] = [
  { resource: "Deployment", body: "properties" },
  { resource: "DeploymentAtScope", body: "properties" },
  { resource: "DeploymentAtSubscriptionScope", body: "properties" },
  { resource: "DeploymentAtManagementGroupScope", body: "properties" },
  { resource: "DeploymentAtTenantScope", body: "properties" },
  { resource: "DeploymentStackAtResourceGroup", body: "inputs" },
  { resource: "DeploymentStackAtSubscription", body: "inputs" },
  { resource: "DeploymentStackAtManagementGroup", body: "inputs" },
];

/** azure-native's generic ARM resource (`resources:Resource`: namespace, parent path, type, properties). */
export const GENERIC_RESOURCE = "Resource";

const TEMPLATE_TOKEN = resourcesTokenPattern(TEMPLATE_DEPLOYMENT_RESOURCES.map((r) => r.resource));
const GENERIC_TOKEN = resourcesTokenPattern([GENERIC_RESOURCE]);

/** The template-deploying resource a Pulumi type token names, in any token form; `undefined` otherwise. */
export function templateDeploymentForToken(token: string): TemplateDeploymentResource | undefined {
  const m = TEMPLATE_TOKEN.exec(token);
  if (!m) return undefined;
  return TEMPLATE_DEPLOYMENT_RESOURCES.find((r) => r.resource.toLowerCase() === m[1].toLowerCase());
}

/** Whether a Pulumi type token is azure-native's generic `resources:Resource`, in any token form. */
export function isGenericResourceToken(token: string): boolean {
  return GENERIC_TOKEN.test(token);
}

/** The deployment body of a template-deploying resource's inputs. */
export function deploymentBodyFromInputs(kind: TemplateDeploymentResource, inputs: Record<string, unknown>): unknown {
  return kind.body === "properties" ? inputs.properties : inputs;
}

/** Provider namespaces of the surfaces, lower case (derived from the surface table). */
const SURFACE_NAMESPACES = new Set(SURFACES.map((s) => s.armType.split("/")[0].toLowerCase()));

/**
 * The ARM type of a generic `resources:Resource` (`{namespace}/{parent types}/{resourceType}`), or
 * `undefined` when its namespace is not one a surface lives in. `parentResourcePath` and
 * `resourceType` alternate type and name segments; the types are the even ones.
 */
export function armTypeOfGenericResource(inputs: Record<string, unknown>): string | undefined {
  const namespace = inputs.resourceProviderNamespace;
  if (typeof namespace !== "string" || !SURFACE_NAMESPACES.has(namespace.toLowerCase())) return undefined;
  const parent = typeof inputs.parentResourcePath === "string" ? inputs.parentResourcePath : "";
  const type = typeof inputs.resourceType === "string" ? inputs.resourceType : "";
  const segments = `${parent}/${type}`.split("/").filter((s) => s !== "");
  const types = segments.filter((_, i) => i % 2 === 0);
  return [namespace, ...types].join("/");
}

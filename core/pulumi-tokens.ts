/**
 * Pulumi type tokens and input shapes: the one place that knows how a Pulumi program names an
 * Azure resource type and where it keeps the fields ARM keeps under `properties`. The surface
 * table (core/surfaces.ts), the ARM template reader (core/arm-template.ts) and the guardrail
 * preflight (core/guardrails/preflight.ts) all read it, so a token form added here reaches the
 * pack, `check` and the converters at once.
 *
 * Token forms of an azure-native class `m:R`:
 * - default `azure-native:m:R`;
 * - v2 versioned `azure-native:m/v20240101preview:R`;
 * - v3 parameterised local packages `azure-native_m_v20240101preview:m/v20240101preview:R`.
 * Matching is case-insensitive (a token in another case is still the same resource to an attacker).
 *
 * No Pulumi imports: pure data and string tests.
 */

/** The prefix every azure-native token form starts with (lower case). */
export const AZURE_NATIVE_PREFIX = "azure-native";
/** The prefix of the classic (Terraform-bridged) provider's tokens (lower case). */
export const AZURE_CLASSIC_PREFIX = "azure:";

/** The pattern of azure-native classes of one module, in all three token forms. */
export function azureNativeTokenPattern(module: string, resources: string | readonly string[]): RegExp {
  const names = typeof resources === "string" ? resources : `(${resources.join("|")})`;
  return new RegExp(`^azure-native(?:_${module}_v[0-9a-z]+)?:${module}(?:/v[0-9a-z]+)?:${names}$`, "i");
}

/**
 * Where a Pulumi resource keeps the fields ARM has under `properties`:
 * - `properties`: the v3 `properties` input, else the v2 `<v2PropertiesKey>` input;
 * - `named`: only the `<v2PropertiesKey>` input (azure-native's preview `Inference*` classes keep
 *   `inferenceGroupProperties` in v3 too);
 * - `flattened`: the inputs themselves (azure-native flattens a Workspace's properties to the top level);
 * - `classic-cognitive-deployment`: the classic provider's flattened arguments (`model`,
 *   `versionUpgradeOption`, `raiPolicyName` at the top level; `sku` too, which ARM keeps at the top).
 */
export type InputShape = "properties" | "named" | "flattened" | "classic-cognitive-deployment";

/** One way a Pulumi program declares a surface. */
export interface PulumiForm {
  /** `azure-native` (three token forms) or `azure-classic` (one exact token). */
  provider: "azure-native" | "azure-classic";
  /** azure-native module, or the classic token. */
  module: string;
  /** azure-native class name (unused for classic). */
  resource: string;
  shape: InputShape;
  /** The v2 (or only) name of the properties input. */
  propertiesKey?: string;
}

/** The Pulumi forms of each surface, keyed by the surface key of core/surfaces.ts. */
export const PULUMI_FORMS: Readonly<Record<string, readonly PulumiForm[]>> = {
  serverlessEndpoint: [
    {
      provider: "azure-native",
      module: "machinelearningservices",
      resource: "ServerlessEndpoint",
      shape: "properties",
      propertiesKey: "serverlessEndpointProperties",
    },
  ],
  onlineDeployment: [
    {
      provider: "azure-native",
      module: "machinelearningservices",
      resource: "OnlineDeployment",
      shape: "properties",
      propertiesKey: "onlineDeploymentProperties",
    },
  ],
  batchDeployment: [
    {
      provider: "azure-native",
      module: "machinelearningservices",
      resource: "BatchDeployment",
      shape: "properties",
      propertiesKey: "batchDeploymentProperties",
    },
  ],
  marketplaceSubscription: [
    {
      provider: "azure-native",
      module: "machinelearningservices",
      resource: "MarketplaceSubscription",
      shape: "properties",
      propertiesKey: "marketplaceSubscriptionProperties",
    },
  ],
  endpointDeployment: [{ provider: "azure-native", module: "machinelearningservices", resource: "EndpointDeployment", shape: "properties" }],
  connectionDeployment: [{ provider: "azure-native", module: "machinelearningservices", resource: "ConnectionDeployment", shape: "properties" }],
  cognitiveServicesDeployment: [
    { provider: "azure-native", module: "cognitiveservices", resource: "Deployment", shape: "properties" },
    { provider: "azure-classic", module: "azure:cognitive/deployment:Deployment", resource: "Deployment", shape: "classic-cognitive-deployment" },
  ],
  inferenceGroup: [
    { provider: "azure-native", module: "machinelearningservices", resource: "InferenceGroup", shape: "named", propertiesKey: "inferenceGroupProperties" },
  ],
};

const MLS = "machinelearningservices";

/**
 * The Pulumi forms of the resources the guardrail preflight reads (core/guardrails/preflight.ts):
 * not model surfaces, but named and shaped by the same rules.
 */
export const GUARDRAIL_FORMS = {
  Compute: { provider: "azure-native", module: MLS, resource: "Compute", shape: "properties" },
  Workspace: { provider: "azure-native", module: MLS, resource: "Workspace", shape: "flattened" },
  Job: { provider: "azure-native", module: MLS, resource: "Job", shape: "properties", propertiesKey: "jobBaseProperties" },
} as const satisfies Record<string, PulumiForm>;

/** The first azure-native form of a surface (its class and v2 properties input), if it has one. */
export function azureNativeForm(surfaceKey: string): PulumiForm | undefined {
  return PULUMI_FORMS[surfaceKey]?.find((f) => f.provider === "azure-native");
}

/**
 * A matcher from type tokens to the entries of a table of forms: azure-native forms in all three
 * token forms, classic ones by their exact token, both case-insensitively. Tokens of any other
 * provider are refused before any pattern runs (the pack sees every resource of a stack).
 */
export function tokenMatcher<T>(entries: readonly T[], formOf: (entry: T) => PulumiForm): (token: string) => T | undefined {
  const compiled = entries.map((entry) => {
    const form = formOf(entry);
    const pattern = form.provider === "azure-native" ? azureNativeTokenPattern(form.module, form.resource) : undefined;
    const classic = form.module.toLowerCase();
    return { entry, test: (token: string) => (pattern ? pattern.test(token) : token.toLowerCase() === classic) };
  });
  return (token) => {
    const lower = token.toLowerCase();
    if (!lower.startsWith(AZURE_NATIVE_PREFIX) && !lower.startsWith(AZURE_CLASSIC_PREFIX)) return undefined;
    for (const c of compiled) if (c.test(token)) return c.entry;
    return undefined;
  };
}

/** The surface key and form a type token names; `undefined` when it names no surface. */
export const pulumiFormForToken: (token: string) => { key: string; form: PulumiForm } | undefined = tokenMatcher(
  Object.entries(PULUMI_FORMS).flatMap(([key, forms]) => forms.map((form) => ({ key, form }))),
  (e) => e.form,
);

/**
 * The ARM `properties` object of a resource's inputs, for its form. Property access only, and for
 * the classic shape a view whose getters read the inputs lazily, so Pulumi's unknown-value proxy
 * signals a preview-time unknown only when the rules actually read that field.
 */
export function armPropertiesOf(form: PulumiForm, inputs: Record<string, unknown>): unknown {
  switch (form.shape) {
    case "properties": {
      const v3 = inputs.properties;
      if (v3 !== undefined) return v3;
      return form.propertiesKey !== undefined ? inputs[form.propertiesKey] : undefined;
    }
    case "named":
      return form.propertiesKey !== undefined ? inputs[form.propertiesKey] : undefined;
    case "flattened":
      return inputs;
    case "classic-cognitive-deployment":
      return {
        get model() {
          return inputs.model;
        },
        get versionUpgradeOption() {
          return inputs.versionUpgradeOption;
        },
        get raiPolicyName() {
          return inputs.raiPolicyName;
        },
      };
  }
}

/**
 * Every input a Pulumi resource gives Azure properties in, with its name: both the v3 `properties`
 * and the v2 `<resource>Properties` input when both are set (the pack decides each), else the one
 * the form reads.
 */
export function propertiesInputs(form: PulumiForm, inputs: Record<string, unknown>): Array<{ key: string | undefined; properties: unknown }> {
  if (form.shape !== "properties") return [{ key: propertiesInputName(form, inputs), properties: armPropertiesOf(form, inputs) }];
  const out: Array<{ key: string; properties: unknown }> = [];
  if (inputs.properties !== undefined) out.push({ key: "properties", properties: inputs.properties });
  const v2 = form.propertiesKey === undefined ? undefined : inputs[form.propertiesKey];
  if (form.propertiesKey !== undefined && v2 !== undefined) out.push({ key: form.propertiesKey, properties: v2 });
  return out.length > 0 ? out : [{ key: "properties", properties: undefined }];
}

/** The name of the input that holds the ARM properties, for messages (`properties`, `inferenceGroupProperties`; flattened and classic: none). */
export function propertiesInputName(form: PulumiForm, inputs: Record<string, unknown>): string | undefined {
  switch (form.shape) {
    case "flattened":
      return undefined;
    case "properties":
      return inputs.properties === undefined && form.propertiesKey !== undefined && inputs[form.propertiesKey] !== undefined
        ? form.propertiesKey
        : "properties";
    case "named":
      return form.propertiesKey;
    case "classic-cognitive-deployment":
      return undefined;
  }
}

const authorizationPatterns = new Map<string, RegExp>();

/**
 * Whether `token` is an azure-native `authorization` class (`PolicyAssignment`, …), at
 * subscription or management group (`…AtManagementGroup`), in any token form: how the CLI finds
 * the resources the component registered.
 */
export function isAuthorizationToken(token: string, cls: string): boolean {
  let pattern = authorizationPatterns.get(cls);
  if (!pattern) authorizationPatterns.set(cls, (pattern = azureNativeTokenPattern("authorization", [cls, `${cls}AtManagementGroup`])));
  return pattern.test(token);
}

/** azure-native `resources` classes in their three token forms (used by the ARM template reader). */
export function resourcesTokenPattern(classes: readonly string[]): RegExp {
  return azureNativeTokenPattern("resources", classes);
}

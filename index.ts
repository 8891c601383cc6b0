/**
 * The platform team's stack program: reads the governance config from stack config
 * (`Pulumi.<stack>.yaml`, keys declared in `Pulumi.yaml`), deploys one `MlDeploymentGovernance`
 * and exports what app teams and auditors need — above all `policyPackConfig`, the file app teams
 * pass to `pulumi preview --policy-pack ... --policy-pack-config`.
 *
 * Every config problem is reported at once (with the config key, the bad value and the fix)
 * before anything is registered.
 *
 * This is a plain Pulumi program (config through `pulumi.Config`, no top-level await), so the
 * `render` command can also run it under mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigIssue, CONFIG_KEYS, GovernanceConfigError, governanceConfigSchema, validateGovernanceConfig } from "./core";
// Keep this import: the Pulumi component analyzer (`pulumi package add`, ComponentProvider.getSchema)
// cannot map package.json `main` (dist/lib.js) back to a source file, falls back to this index.ts,
// and finds the component by following its imports.
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "./components/ml-deployment-governance";

const config = new pulumi.Config();
const namespace = config.name;

/** Keys whose declared type is an array: their config values arrive JSON-encoded. */
const ARRAY_KEYS = new Set(
  Object.entries(governanceConfigSchema.properties as Record<string, { type?: string }>)
    .filter(([, schema]) => schema.type === "array")
    .map(([key]) => key),
);

/**
 * Builds the raw governance config from stack config. Nothing here throws: values that do not
 * parse are passed through as they are, so the core's validator reports them together with every
 * other problem. An empty string means "not set" (the `Pulumi.yaml` default of optional keys).
 */
function readStackConfig(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const read = (key: string): void => {
    const value = config.get(key);
    if (value === undefined || value === "") return;
    if (!ARRAY_KEYS.has(key)) {
      raw[key] = value;
      return;
    }
    try {
      raw[key] = JSON.parse(value);
    } catch {
      raw[key] = value; // not JSON: the validator reports "must be array" with the value
    }
  };
  CONFIG_KEYS.forEach(read);
  // Keys of this project that the governance config does not know (typos such as
  // `allowedRegistry`): hand them to the validator, which suggests the intended key.
  const prefix = `${namespace}:`;
  for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
    if (fullKey.startsWith(prefix) && !CONFIG_KEYS.includes(fullKey.slice(prefix.length))) read(fullKey.slice(prefix.length));
  }
  return raw;
}

/** Names issues by their stack config key (`azure-ml-governance:allowedRegistries[1]`). */
function asConfigIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues.map((issue) => ({ ...issue, field: issue.field === "(config)" ? `${namespace}:*` : `${namespace}:${issue.field}` }));
}

const rawConfig = readStackConfig();
const validation = validateGovernanceConfig(rawConfig);
if (!validation.ok) {
  const error = new GovernanceConfigError(asConfigIssues(validation.errors), `stack config of stack '${pulumi.getStack()}' (Pulumi.${pulumi.getStack()}.yaml)`);
  // Reported like a pulumi.RunError: the engine prints the message (every problem), no stack trace.
  Object.defineProperty(error, "__pulumiRunError", { value: true });
  throw error;
}

/** The governance component; its warnings (duplicates and the like) are logged by the component. */
const governance = new MlDeploymentGovernance("ml-governance", rawConfig as unknown as MlDeploymentGovernanceArgs);

/** Initiative (policy set definition) id. */
export const initiativeId = governance.initiativeId;
/** Policy definition ids by rule id. */
export const definitionIds = governance.definitionIds;
/** Policy assignment ids by scope. */
export const assignmentIds = governance.assignmentIds;
/** Policy assignment names (≤ 24 characters) by scope. */
export const assignmentNames = governance.assignmentNames;
/** The normalised governance config. */
export const effectiveConfig = governance.effectiveConfig;
/** `pulumi stack output policyPackConfig --json > ml-policy.json`: the CrossGuard pack config for app teams. */
export const policyPackConfig = governance.policyPackConfig;

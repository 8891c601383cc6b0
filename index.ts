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
import { ConfigIssue, GovernanceConfigError, governanceConfigFromStackValues, validateGovernanceConfig } from "./core";
// Keep this import: the Pulumi component analyzer (`pulumi package add`, ComponentProvider.getSchema)
// cannot map package.json `main` (dist/lib.js) back to a source file, falls back to this index.ts,
// and finds the component by following its imports.
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "./components/ml-deployment-governance";

const config = new pulumi.Config();
const namespace = config.name;

/** Names issues by their stack config key (`azure-ml-governance:allowedRegistries[1]`). */
function asConfigIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues.map((issue) => ({ ...issue, field: issue.field === "(config)" ? `${namespace}:*` : `${namespace}:${issue.field}` }));
}

const rawConfig = governanceConfigFromStackValues(pulumi.runtime.allConfig(), namespace);
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

/**
 * Test support: Pulumi mocks that record every registration, with realistic ARM ids.
 *
 * Mocks are process-global: call {@link installMocks} in a `before`/`beforeEach` of every suite
 * that registers resources, and filter the records by the logical names the suite used.
 */
import * as pulumi from "@pulumi/pulumi";

/** The subscription the mocked azure-native provider works in (where subscription-level definitions land). */
export const MOCK_PROVIDER_SUBSCRIPTION = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/** One `newResource` call seen by the mock monitor. */
export interface RecordedResource {
  type: string;
  name: string;
  /** Inputs as the monitor received them (plain JSON; Outputs resolved). */
  inputs: Record<string, any>;
  custom: boolean;
  /** The id the mock returned. */
  id: string;
}

/** How many of `records` there are of each type. */
export function countByType(records: readonly RecordedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

const AUTHZ = "/providers/Microsoft.Authorization";

/** The ARM id Azure would give a resource, computed from its inputs. */
export function mockId(type: string, name: string, inputs: Record<string, any>): string {
  const mg = (id: unknown) => `/providers/Microsoft.Management/managementGroups/${String(id)}`;
  const sub = `/subscriptions/${MOCK_PROVIDER_SUBSCRIPTION}`;
  switch (type) {
    case "azure-native:authorization:PolicyDefinition":
      return `${sub}${AUTHZ}/policyDefinitions/${inputs.policyDefinitionName}`;
    case "azure-native:authorization:PolicyDefinitionAtManagementGroup":
      return `${mg(inputs.managementGroupId)}${AUTHZ}/policyDefinitions/${inputs.policyDefinitionName}`;
    case "azure-native:authorization:PolicySetDefinition":
      return `${sub}${AUTHZ}/policySetDefinitions/${inputs.policySetDefinitionName}`;
    case "azure-native:authorization:PolicySetDefinitionAtManagementGroup":
      return `${mg(inputs.managementGroupId)}${AUTHZ}/policySetDefinitions/${inputs.policySetDefinitionName}`;
    case "azure-native:authorization:PolicyAssignment":
      return `${inputs.scope}${AUTHZ}/policyAssignments/${inputs.policyAssignmentName}`;
    default:
      return `${name}-id`;
  }
}

/** Mocks that record every registration. */
export class RecordingMocks implements pulumi.runtime.Mocks {
  public readonly resources: RecordedResource[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    const inputs = (args.inputs ?? {}) as Record<string, any>;
    const id = mockId(args.type, args.name, inputs);
    this.resources.push({ type: args.type, name: args.name, inputs, custom: args.custom ?? false, id });
    return { id, state: { ...inputs } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    return args.inputs;
  }

  /** Records of the component `componentName` and its children (logical names `componentName` or `componentName-*`). */
  of(componentName: string): RecordedResource[] {
    return this.resources.filter((r) => r.name === componentName || r.name.startsWith(`${componentName}-`));
  }

  /** Records of one type among {@link of}. */
  ofType(componentName: string, type: string): RecordedResource[] {
    return this.of(componentName).filter((r) => r.type === type);
  }
}

/** Installs fresh recording mocks (a new mock monitor) and returns them. */
export async function installMocks(project = "azure-ml-governance", stack = "test"): Promise<RecordingMocks> {
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  return mocks;
}

/** The value of an Output (mocks are not in preview, so every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    output.apply((v) => {
      resolve(v);
      return v;
    });
  });
}

/** Lets pending registrations reach the mock monitor. */
export function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A JSON round trip: what a body looks like after the wire (undefined members dropped). */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Type tokens. */
export const T = {
  component: "azure-ml-governance:index:MlDeploymentGovernance",
  definition: "azure-native:authorization:PolicyDefinition",
  definitionAtMg: "azure-native:authorization:PolicyDefinitionAtManagementGroup",
  initiative: "azure-native:authorization:PolicySetDefinition",
  initiativeAtMg: "azure-native:authorization:PolicySetDefinitionAtManagementGroup",
  assignment: "azure-native:authorization:PolicyAssignment",
} as const;

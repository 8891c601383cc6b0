import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DENY_RULES, EnforcementMode, GovernanceConfigError, policyPackConfigFor, validateGovernanceConfig } from "../../core";
import { GovernancePlan } from "../../azure-policy/plan";
import { renderGovernancePlan } from "../../azure-policy/render";
import { MlDeploymentGovernance, MlDeploymentGovernanceArgs } from "../../components/ml-deployment-governance";
import { countByType, installMocks, MOCK_PROVIDER_SUBSCRIPTION, RecordedResource, RecordingMocks, settle, T, valueOf, wire } from "./mocks";

const SUB = "22222222-2222-2222-2222-222222222222";
const SUB2 = "33333333-3333-3333-3333-333333333333";
const SUB_SCOPE = `/subscriptions/${SUB}`;
const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/rg-ml-team-a`;
const MG = "contoso-ml";
const MG_SCOPE = `/providers/Microsoft.Management/managementGroups/${MG}`;

const BASE: MlDeploymentGovernanceArgs = {
  scope: SUB_SCOPE,
  allowedRegistries: ["azureml", "azureml-meta", "contoso-models"],
  blockedModels: ["azureml://registries/azureml-meta/models/Llama-2-7b"],
  allowedModels: ["azureml://registries/azureml/models/Phi-4", "azureml://registries/contoso-models/models/claims-classifier/versions/3", "OpenAI/gpt-4o-mini"],
  allowedPublishers: ["OpenAI"],
  owner: "ml-platform@contoso.com",
};

interface Deployed {
  component: MlDeploymentGovernance;
  outputs: {
    definitionIds: Record<string, string>;
    initiativeId: string;
    assignmentIds: Record<string, string>;
    assignmentNames: Record<string, string>;
    effectiveConfig: Record<string, unknown>;
    policyPackConfig: Record<string, unknown>;
    urn: string;
  };
  records: RecordedResource[];
  /** Parent of each child, as seen by a component-level transformation. */
  parents: Map<string, pulumi.Resource | undefined>;
  plan: GovernancePlan;
}

/** Constructs the component, waits for every registration, and returns what the mocks saw. */
async function deploy(mocks: RecordingMocks, name: string, args: MlDeploymentGovernanceArgs): Promise<Deployed> {
  const parents = new Map<string, pulumi.Resource | undefined>();
  const component = new MlDeploymentGovernance(name, args, {
    transformations: [
      (a) => {
        parents.set(a.name, a.opts.parent);
        return undefined;
      },
    ],
  });
  const [definitionIds, initiativeId, assignmentIds, assignmentNames, effectiveConfig, policyPackConfig, urn] = await Promise.all([
    valueOf(component.definitionIds),
    valueOf(component.initiativeId),
    valueOf(component.assignmentIds),
    valueOf(component.assignmentNames),
    valueOf(component.effectiveConfig),
    valueOf(component.policyPackConfig),
    valueOf(component.urn),
  ]);
  await settle();
  const validation = validateGovernanceConfig(args);
  assert.ok(validation.ok);
  return {
    component,
    outputs: {
      definitionIds,
      initiativeId,
      assignmentIds,
      assignmentNames,
      effectiveConfig: effectiveConfig as unknown as Record<string, unknown>,
      policyPackConfig,
      urn,
    },
    records: mocks.of(name),
    parents,
    plan: renderGovernancePlan(name, validation.config),
  };
}

function only(records: RecordedResource[], type: string): RecordedResource {
  const found = records.filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected exactly one ${type}, got ${found.length}`);
  return found[0];
}

describe("MlDeploymentGovernance (component, under mocks)", function () {
  this.timeout(20_000);
  let mocks: RecordingMocks;
  beforeEach(async () => {
    mocks = await installMocks();
  });

  describe("subscription scope", () => {
    let d: Deployed;
    beforeEach(async () => {
      d = await deploy(mocks, "gov-sub", BASE);
    });

    it("registers the component, one definition per rule, one initiative and one assignment, with exact type tokens", () => {
      assert.deepEqual(countByType(d.records), {
        [T.component]: 1,
        [T.definition]: DENY_RULES.length,
        [T.initiative]: 1,
        [T.assignment]: 1,
      });
      const component = only(d.records, T.component);
      assert.equal(component.custom, false);
      assert.equal(component.name, "gov-sub");
      assert.ok(
        d.records.filter((r) => r.type !== T.component).every((r) => r.custom),
        "children are custom resources",
      );
      assert.match(d.outputs.urn, /::azure-ml-governance:index:MlDeploymentGovernance::gov-sub$/);
    });

    it("parents every child to the component", () => {
      const children = d.records.filter((r) => r.type !== T.component);
      assert.equal(d.parents.size, children.length + 1, "the transformation saw the component and each child");
      for (const child of children) assert.equal(d.parents.get(child.name), d.component, `${child.name} is parented to the component`);
    });

    it("uses explicit, stable logical names derived from the component name, rule ids and scope keys", () => {
      const names = d.records
        .filter((r) => r.type !== T.component)
        .map((r) => r.name)
        .sort();
      const expected = [...DENY_RULES.map((rule) => `gov-sub-${rule}`), "gov-sub-initiative", `gov-sub-${d.plan.assignments[0].key}`].sort();
      assert.deepEqual(names, expected);
    });

    it("passes every definition body: name, display name, description, mode, metadata, parameters, rule, Custom type", () => {
      const defs = d.records.filter((r) => r.type === T.definition);
      for (const body of d.plan.definitions) {
        const rec = defs.find((r) => r.inputs.policyDefinitionName === body.name);
        assert.ok(rec, `definition ${body.name} registered`);
        assert.equal(rec.name, `gov-sub-${body.referenceId}`);
        assert.equal(rec.inputs.policyType, "Custom");
        assert.equal(rec.inputs.displayName, body.displayName);
        assert.equal(rec.inputs.description, body.description);
        assert.equal(rec.inputs.mode, body.mode);
        assert.deepEqual(rec.inputs.metadata, wire(body.metadata));
        assert.deepEqual(rec.inputs.parameters, wire(body.parameters));
        assert.deepEqual(rec.inputs.policyRule, wire(body.policyRule));
        assert.equal(rec.inputs.managementGroupId, undefined);
      }
    });

    it("wires the initiative to each definition's id output by reference id", () => {
      const initiative = only(d.records, T.initiative);
      const body = d.plan.initiative;
      assert.equal(initiative.name, "gov-sub-initiative");
      assert.equal(initiative.inputs.policySetDefinitionName, body.name);
      assert.equal(initiative.inputs.policyType, "Custom");
      assert.equal(initiative.inputs.displayName, body.displayName);
      assert.deepEqual(initiative.inputs.parameters, wire(body.parameters));
      assert.deepEqual(initiative.inputs.metadata, wire(body.metadata));
      const members = initiative.inputs.policyDefinitions as Array<Record<string, any>>;
      assert.equal(members.length, DENY_RULES.length);
      for (const member of body.policyDefinitions) {
        const def = d.records.find((r) => r.type === T.definition && r.inputs.policyDefinitionName === member.definitionName);
        assert.ok(def);
        const wired = members.find((m) => m.policyDefinitionReferenceId === member.policyDefinitionReferenceId);
        assert.ok(wired, `member ${member.policyDefinitionReferenceId}`);
        assert.equal(wired.policyDefinitionId, def.id);
        assert.equal(
          wired.policyDefinitionId,
          `/subscriptions/${MOCK_PROVIDER_SUBSCRIPTION}/providers/Microsoft.Authorization/policyDefinitions/${member.definitionName}`,
        );
        assert.deepEqual(wired.parameters, wire(member.parameters));
      }
    });

    it("assigns the initiative with an explicit ≤24-character name, its id, parameters, mode, notScopes, messages and metadata", () => {
      const assignment = only(d.records, T.assignment);
      const initiative = only(d.records, T.initiative);
      const body = d.plan.assignments[0];
      assert.equal(assignment.inputs.scope, SUB_SCOPE);
      assert.equal(assignment.inputs.policyAssignmentName, body.name);
      assert.ok(body.name.length > 0 && body.name.length <= 24, `'${body.name}' has at most 24 characters`);
      assert.equal(assignment.inputs.policyDefinitionId, initiative.id);
      assert.equal(assignment.inputs.displayName, body.displayName);
      assert.equal(assignment.inputs.description, body.description);
      assert.equal(assignment.inputs.enforcementMode, "Default");
      assert.deepEqual(assignment.inputs.notScopes, []);
      assert.deepEqual(assignment.inputs.parameters, wire(body.parameters));
      assert.deepEqual(assignment.inputs.nonComplianceMessages, wire(body.nonComplianceMessages));
      assert.deepEqual(assignment.inputs.metadata, wire(body.metadata));
      assert.equal(assignment.inputs.location, undefined, "no identity, so no location");
      assert.equal(assignment.inputs.identity, undefined);
    });

    it("carries the lists as assignment parameters (canonical keys)", () => {
      const params = only(d.records, T.assignment).inputs.parameters as Record<string, { value: unknown }>;
      assert.deepEqual(params.allowedRegistries, { value: ["azureml", "azureml-meta", "contoso-models"] });
      assert.deepEqual(params.effect, { value: "Deny" });
      assert.ok(Array.isArray(params.blockedModelKeys.value) && (params.blockedModelKeys.value as unknown[]).length > 0);
      assert.ok(Array.isArray(params.allowedModelKeys.value) && (params.allowedModelKeys.value as unknown[]).length === 3);
    });

    it("resolves its outputs", () => {
      const defs = d.records.filter((r) => r.type === T.definition);
      assert.deepEqual(Object.keys(d.outputs.definitionIds).sort(), [...DENY_RULES].sort());
      for (const rule of DENY_RULES) {
        const def = defs.find((r) => r.name === `gov-sub-${rule}`);
        assert.ok(def);
        assert.equal(d.outputs.definitionIds[rule], def.id);
      }
      assert.equal(d.outputs.initiativeId, only(d.records, T.initiative).id);
      const assignment = only(d.records, T.assignment);
      assert.deepEqual(d.outputs.assignmentIds, { [SUB_SCOPE]: assignment.id });
      assert.deepEqual(d.outputs.assignmentNames, { [SUB_SCOPE]: assignment.inputs.policyAssignmentName });
      assert.deepEqual(d.outputs.effectiveConfig, {
        scopes: [SUB_SCOPE],
        definitionScope: SUB_SCOPE,
        allowedRegistries: ["azureml", "azureml-meta", "contoso-models"],
        allowedPublishers: ["OpenAI"],
        effect: "Deny",
        blockedModels: ["azureml://registries/azureml-meta/models/llama-2-7b"],
        allowedModels: [
          "azureml://registries/azureml/models/phi-4",
          "azureml://registries/contoso-models/models/claims-classifier/versions/3",
          "OpenAI/gpt-4o-mini",
        ],
        workspaceModels: "Allow",
        enforcementMode: "Default",
        notScopes: [],
        owner: "ml-platform@contoso.com",
      });
      const validation = validateGovernanceConfig(BASE);
      assert.ok(validation.ok);
      assert.deepEqual(d.outputs.policyPackConfig, wire(policyPackConfigFor(validation.config, validation.config.enforcementMode)));
      assert.deepEqual(d.outputs.policyPackConfig, {
        "azure-ml-model-governance": {
          allowedRegistries: ["azureml", "azureml-meta", "contoso-models"],
          allowedPublishers: ["OpenAI"],
          blockedModels: ["azureml://registries/azureml-meta/models/llama-2-7b"],
          allowedModels: [
            "azureml://registries/azureml/models/phi-4",
            "azureml://registries/contoso-models/models/claims-classifier/versions/3",
            "OpenAI/gpt-4o-mini",
          ],
          workspaceModels: "Allow",
          effect: "Deny",
        },
      });
    });

    it("exposes outputs as pulumi.Output members", () => {
      for (const key of ["definitionIds", "initiativeId", "assignmentIds", "assignmentNames", "effectiveConfig", "policyPackConfig"] as const) {
        assert.ok(pulumi.Output.isInstance(d.component[key]), `${key} is an Output`);
      }
    });
  });

  describe("resource-group scope", () => {
    it("keeps definitions and the initiative in the subscription and assigns at the canonical resource group id", async () => {
      const d = await deploy(mocks, "gov-rg", { ...BASE, scope: `/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/rg-ml-team-a` });
      assert.deepEqual(countByType(d.records), { [T.component]: 1, [T.definition]: DENY_RULES.length, [T.initiative]: 1, [T.assignment]: 1 });
      const assignment = only(d.records, T.assignment);
      assert.equal(assignment.inputs.scope, RG_SCOPE);
      assert.ok((assignment.inputs.policyAssignmentName as string).length <= 24);
      assert.equal(assignment.id, `${RG_SCOPE}/providers/Microsoft.Authorization/policyAssignments/${assignment.inputs.policyAssignmentName}`);
      assert.deepEqual(d.outputs.assignmentIds, { [RG_SCOPE]: assignment.id });
      assert.equal(d.outputs.effectiveConfig.definitionScope, SUB_SCOPE);
      assert.deepEqual(d.outputs.effectiveConfig.scopes, [RG_SCOPE]);
    });
  });

  describe("management-group scope", () => {
    let d: Deployed;
    beforeEach(async () => {
      d = await deploy(mocks, "gov-mg", { ...BASE, scope: MG_SCOPE });
    });

    it("uses the AtManagementGroup variants with managementGroupId", () => {
      assert.deepEqual(countByType(d.records), { [T.component]: 1, [T.definitionAtMg]: DENY_RULES.length, [T.initiativeAtMg]: 1, [T.assignment]: 1 });
      for (const r of d.records.filter((x) => x.type === T.definitionAtMg || x.type === T.initiativeAtMg)) {
        assert.equal(r.inputs.managementGroupId, MG);
        assert.equal(r.inputs.policyType, "Custom");
      }
    });

    it("wires management-group ids and assigns with a name that fits Azure's 24-character management-group limit", () => {
      const initiative = only(d.records, T.initiativeAtMg);
      for (const member of initiative.inputs.policyDefinitions as Array<Record<string, any>>) {
        assert.match(member.policyDefinitionId, new RegExp(`^${MG_SCOPE}/providers/Microsoft.Authorization/policyDefinitions/`));
      }
      const assignment = only(d.records, T.assignment);
      assert.equal(assignment.inputs.scope, MG_SCOPE);
      assert.equal(assignment.inputs.policyDefinitionId, initiative.id);
      assert.match(initiative.id, new RegExp(`^${MG_SCOPE}/providers/Microsoft.Authorization/policySetDefinitions/`));
      assert.ok((assignment.inputs.policyAssignmentName as string).length <= 24);
      assert.equal(d.outputs.initiativeId, initiative.id);
      assert.equal(d.outputs.effectiveConfig.definitionScope, MG_SCOPE);
    });
  });

  describe("several scopes", () => {
    it("creates one assignment per scope, all of the same initiative, with distinct ≤24-character names", async () => {
      const scopes = [SUB_SCOPE, `/subscriptions/${SUB2}`, `/subscriptions/${SUB2}/resourceGroups/rg-ml-team-b`];
      const d = await deploy(mocks, "gov-multi", { ...BASE, scope: scopes[0], additionalScopes: scopes.slice(1), definitionScope: MG_SCOPE });
      assert.deepEqual(countByType(d.records), { [T.component]: 1, [T.definitionAtMg]: DENY_RULES.length, [T.initiativeAtMg]: 1, [T.assignment]: 3 });
      const initiative = only(d.records, T.initiativeAtMg);
      const assignments = d.records.filter((r) => r.type === T.assignment);
      assert.deepEqual(assignments.map((a) => a.inputs.scope).sort(), [...scopes].sort());
      const names = assignments.map((a) => a.inputs.policyAssignmentName as string);
      assert.equal(new Set(names).size, 3);
      assert.equal(new Set(assignments.map((a) => a.name)).size, 3);
      for (const a of assignments) {
        assert.ok((a.inputs.policyAssignmentName as string).length <= 24);
        assert.equal(a.inputs.policyDefinitionId, initiative.id);
        assert.equal(d.outputs.assignmentIds[a.inputs.scope as string], a.id);
        assert.equal(d.outputs.assignmentNames[a.inputs.scope as string], a.inputs.policyAssignmentName);
      }
      assert.deepEqual(Object.keys(d.outputs.assignmentIds).sort(), [...scopes].sort());
    });

    it("two scopes in one subscription share the subscription's definitions", async () => {
      const d = await deploy(mocks, "gov-two", { ...BASE, scope: SUB_SCOPE, additionalScopes: [RG_SCOPE.replace("team-a", "team-c")] });
      assert.deepEqual(countByType(d.records), { [T.component]: 1, [T.definition]: DENY_RULES.length, [T.initiative]: 1, [T.assignment]: 2 });
    });
  });

  describe("assignment settings", () => {
    it("passes DoNotEnforce, notScopes and a custom non-compliance message, and makes the pack advisory", async () => {
      const notScopes = [`${SUB_SCOPE}/resourceGroups/rg-ml-sandbox`];
      const d = await deploy(mocks, "gov-settings", {
        ...BASE,
        effect: "Audit",
        enforcementMode: EnforcementMode.DoNotEnforce,
        notScopes,
        nonComplianceMessage: "Only approved models; see https://contoso.example/ml-models",
        workspaceModels: "Deny",
      });
      const assignment = only(d.records, T.assignment);
      assert.equal(assignment.inputs.enforcementMode, "DoNotEnforce");
      assert.deepEqual(assignment.inputs.notScopes, notScopes);
      assert.deepEqual(assignment.inputs.nonComplianceMessages, [{ message: "Only approved models; see https://contoso.example/ml-models" }]);
      assert.deepEqual((assignment.inputs.parameters as Record<string, unknown>).effect, { value: "Audit" });
      assert.deepEqual((assignment.inputs.parameters as Record<string, unknown>).workspaceModels, { value: "Deny" });
      const entry = (d.outputs.policyPackConfig as Record<string, Record<string, unknown>>)["azure-ml-model-governance"];
      assert.equal(entry.effect, "Audit");
      assert.equal(entry.workspaceModels, "Deny");
      assert.equal(entry.enforcementLevel, "advisory");
      assert.equal(d.outputs.effectiveConfig.enforcementMode, "DoNotEnforce");
      assert.equal(d.outputs.effectiveConfig.nonComplianceMessage, "Only approved models; see https://contoso.example/ml-models");
    });
  });

  describe("stable names across list edits", () => {
    /** Deploys `args` under fresh mocks, as a separate `pulumi up` would. */
    async function run(args: MlDeploymentGovernanceArgs): Promise<Deployed> {
      const fresh = await installMocks();
      return deploy(fresh, "gov-stable", args);
    }
    const key = (r: RecordedResource) => `${r.type}::${r.name}`;
    const azureName = (r: RecordedResource) =>
      r.inputs.policyDefinitionName ?? r.inputs.policySetDefinitionName ?? `${r.inputs.scope}|${r.inputs.policyAssignmentName}`;

    it("keeps every logical name, Azure name and scope when the lists change; only assignment values differ", async () => {
      const before = await run(BASE);
      const after = await run({
        ...BASE,
        effect: "Audit",
        allowedRegistries: ["azureml", "contoso-models", "fabrikam-models"],
        blockedModels: ["azureml://registries/azureml/models/gpt2", "azureml://registries/azureml-meta/models/Llama-2-7b/versions/3"],
        allowedModels: [],
        workspaceModels: "Deny",
      });
      assert.deepEqual(after.records.map(key).sort(), before.records.map(key).sort(), "same types and logical names: nothing is replaced or recreated");
      for (const b of before.records.filter((r) => r.custom)) {
        const a = after.records.find((r) => key(r) === key(b));
        assert.ok(a);
        assert.equal(azureName(a), azureName(b), `${b.name}: same Azure name (replacement keys unchanged)`);
        if (b.type === T.assignment) {
          assert.equal(a.inputs.scope, b.inputs.scope);
          assert.notDeepEqual(a.inputs.parameters, b.inputs.parameters, "the new lists arrive as new parameter values");
          const { parameters: _p1, nonComplianceMessages: _m1, ...restAfter } = a.inputs;
          const { parameters: _p2, nonComplianceMessages: _m2, ...restBefore } = b.inputs;
          assert.deepEqual(restAfter, restBefore, "nothing else on the assignment changes");
        } else {
          assert.deepEqual(a.inputs, b.inputs, `${b.name}: definitions and the initiative do not depend on the lists`);
        }
      }
      assert.deepEqual(after.outputs.assignmentNames, before.outputs.assignmentNames);
      assert.deepEqual(after.outputs.definitionIds, before.outputs.definitionIds);
      assert.equal(after.outputs.initiativeId, before.outputs.initiativeId);
    });

    it("adding a scope adds one assignment and leaves the existing one's names alone", async () => {
      const before = await run(BASE);
      const after = await run({ ...BASE, additionalScopes: [RG_SCOPE] });
      const existingBefore = only(before.records, T.assignment);
      const existingAfter = after.records.find((r) => r.type === T.assignment && r.inputs.scope === SUB_SCOPE);
      assert.ok(existingAfter);
      assert.equal(existingAfter.name, existingBefore.name);
      assert.equal(existingAfter.inputs.policyAssignmentName, existingBefore.inputs.policyAssignmentName);
      assert.equal(after.records.filter((r) => r.type === T.assignment).length, 2);
    });
  });

  describe("invalid config", () => {
    const BAD = {
      scope: "/subscriptions/not-a-guid",
      allowedRegistries: ["azureml", "bad registry!"],
      effect: "Block",
      blockedModels: ["azureml://registries/azureml/models/phi-3/labels/latest"],
      allowedRegistry: ["typo"],
    } as unknown as MlDeploymentGovernanceArgs;

    it("throws a GovernanceConfigError listing every problem and registers nothing, not even the component", async () => {
      let thrown: unknown;
      try {
        new MlDeploymentGovernance("gov-broken", BAD);
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof GovernanceConfigError, `expected a GovernanceConfigError, got ${String(thrown)}`);
      const fields = thrown.issues.map((i) => i.field);
      for (const field of ["scope", "allowedRegistries[1]", "effect", "blockedModels[0]", "allowedRegistry"]) {
        assert.ok(fields.includes(field), `issue for ${field} (got ${fields.join(", ")})`);
        assert.ok(thrown.message.includes(`${field}:`), `message names ${field}`);
      }
      assert.match(thrown.message, /^Invalid MlDeploymentGovernance 'gov-broken' args \(\d+ problems\):/);
      assert.match(thrown.message, /did you mean allowedRegistries\?/);
      assert.ok(pulumi.RunError.isInstance(thrown), "reported like a RunError (message, no stack trace)");
      await settle(50);
      assert.deepEqual(mocks.of("gov-broken"), [], "no resource registered");
      assert.equal(mocks.resources.length, 0, "the mock monitor saw nothing at all");
    });

    it("rejects a missing scope and registries with the core's messages", () => {
      assert.throws(
        () => new MlDeploymentGovernance("gov-empty", {} as unknown as MlDeploymentGovernanceArgs),
        (err: unknown) =>
          err instanceof GovernanceConfigError && err.issues.some((i) => i.field === "scope") && err.issues.some((i) => i.field === "allowedRegistries"),
      );
    });

    it("rejects a resource-group definition scope and scopes outside the definition scope", async () => {
      assert.throws(
        () => new MlDeploymentGovernance("gov-outside", { ...BASE, definitionScope: RG_SCOPE }),
        (err: unknown) => err instanceof GovernanceConfigError && err.issues.some((i) => i.field === "definitionScope"),
      );
      assert.throws(
        () => new MlDeploymentGovernance("gov-outside", { ...BASE, additionalScopes: [`/subscriptions/${SUB2}`] }),
        (err: unknown) => err instanceof GovernanceConfigError && err.issues.some((i) => i.field === "additionalScopes[0]"),
      );
      await settle();
      assert.deepEqual(mocks.of("gov-outside"), []);
    });
  });

  describe("warnings", () => {
    const log = pulumi.log as unknown as { warn: (msg: string, resource?: pulumi.Resource) => void };
    let original: typeof log.warn;
    let warnings: Array<{ msg: string; resource?: pulumi.Resource }>;
    beforeEach(() => {
      original = log.warn;
      warnings = [];
      log.warn = (msg, resource) => {
        warnings.push({ msg, resource });
      };
    });
    afterEach(() => {
      log.warn = original;
      pulumi.runtime.setAllConfig({});
    });

    it("logs validation warnings on the component and still deploys", async () => {
      const d = await deploy(mocks, "gov-warn", { ...BASE, allowedRegistries: ["azureml", "AzureML", "contoso-models"] });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].msg, /allowedRegistries\[1\]: repeats registry 'azureml'/);
      assert.equal(warnings[0].resource, d.component);
      assert.equal(d.records.filter((r) => r.type === T.assignment).length, 1);
    });

    it("warns when the provider's subscription is not the subscription definition scope", async () => {
      pulumi.runtime.setAllConfig({ "azure-native:subscriptionId": SUB2 });
      await deploy(mocks, "gov-provider", BASE);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].msg, /azure-native:subscriptionId/);
      warnings.length = 0;
      pulumi.runtime.setAllConfig({ "azure-native:subscriptionId": SUB.toUpperCase() });
      await deploy(mocks, "gov-provider-ok", BASE);
      assert.deepEqual(warnings, []);
    });
  });
});

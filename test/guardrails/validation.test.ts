/**
 * Validation of the baseline keys: effects a definition does not allow, missing required
 * parameters, the registry built-ins' combinations, exemptions against a pinned clock, monitoring,
 * identity location. Every problem is reported at once with field, value and fix, alongside the
 * model rules' problems.
 */
import * as assert from "node:assert/strict";
import { ConfigIssue, EffectiveConfig, validateGovernanceConfig } from "../../core";
import { EffectiveMember } from "../../core/guardrails";

import { BASE, DNS_ZONE, inDays, LAW, MG_SCOPE, NOW, RG_SCOPE, SUB, SUB2, SUB_SCOPE, SUBNET } from "./fixtures";

function validate(extra: Record<string, unknown>): ReturnType<typeof validateGovernanceConfig> {
  return validateGovernanceConfig({ ...BASE, ...extra }, { now: NOW });
}

function errorsOf(extra: Record<string, unknown>): ConfigIssue[] {
  const r = validate(extra);
  assert.equal(r.ok, false, `expected errors for ${JSON.stringify(extra)}`);
  return (r as { errors: ConfigIssue[] }).errors;
}

function okConfig(extra: Record<string, unknown>): { config: EffectiveConfig; warnings: ConfigIssue[] } {
  const r = validate(extra);
  if (!r.ok) assert.fail(`expected a valid config, got ${JSON.stringify(r.errors, null, 2)}`);
  return { config: r.config, warnings: r.warnings };
}

function issue(issues: ConfigIssue[], field: string): ConfigIssue {
  const found = issues.find((i) => i.field === field);
  assert.ok(found, `no issue for ${field} in ${JSON.stringify(issues, null, 2)}`);
  return found;
}

function member(config: EffectiveConfig, key: string): EffectiveMember {
  const m = config.baseline?.members.find((x) => x.key === key);
  assert.ok(m, `member ${key}`);
  return m;
}

describe("baseline validation", () => {
  describe("opt-in", () => {
    it("without baseline keys there is no baseline, and the config is what it was", () => {
      const { config, warnings } = okConfig({});
      assert.equal(config.baseline, undefined);
      assert.equal("baseline" in config, false);
      assert.deepEqual(warnings, []);
    });

    it("an empty guardrails object gives an empty baseline", () => {
      const { config } = okConfig({ guardrails: {} });
      assert.deepEqual(config.baseline?.members, []);
    });
  });

  describe("guardrails: effects and parameters", () => {
    it("defaults each effect to the definition's default, with the exact effect parameter name", () => {
      const { config } = okConfig({ guardrails: { computeIdleShutdown: {}, computeLatestOsImage: {}, computeVnet: { effect: "Disabled" } } });
      assert.deepEqual(member(config, "computeIdleShutdown").parameters, { effect: "Audit" });
      assert.deepEqual(member(config, "computeLatestOsImage").parameters, { effects: "Audit" }, "f110a506's parameter is `effects`");
      assert.deepEqual(member(config, "computeVnet").parameters, { effect: "Disabled" });
    });

    it("rejects an effect the definition does not allow, naming the definition and the allowed effects", () => {
      const e = issue(errorsOf({ guardrails: { computeVnet: { effect: "Deny" } } }), "guardrails.computeVnet.effect");
      assert.equal(e.value, "Deny");
      assert.equal(
        e.message,
        'is not an effect of built-in 7804b5c7 "Azure Machine Learning Computes should be in a virtual network": it allows only Audit, Disabled',
      );
      assert.equal(e.fix, "use Audit or Disabled");
    });

    it("points an audit guardrail asked to Modify to its Modify twin (and back)", () => {
      const e = issue(errorsOf({ guardrails: { disableLocalAuth: { effect: "Modify" } } }), "guardrails.disableLocalAuth.effect");
      assert.match(e.fix, /^use Audit or Deny or Disabled; for Modify, enable guardrails\.configureDisableLocalAuth/);
      const back = issue(
        errorsOf({ guardrails: { configureWorkspacePublicNetworkAccess: { effect: "Deny" } } }),
        "guardrails.configureWorkspacePublicNetworkAccess.effect",
      );
      assert.match(back.fix, /for Deny, enable guardrails\.workspacePublicNetworkAccess/);
    });

    for (const [key, param] of [
      ["configureWorkspacePrivateDnsZones", "privateDnsZoneId"],
      ["configureWorkspacePrivateEndpoint", "privateEndpointSubnetId"],
      ["configureWorkspaceDiagnosticLogs", "logAnalytics"],
    ] as const) {
      it(`rejects ${key} without its required ${param}, with a resource-id fix`, () => {
        const errors = errorsOf({ identityLocation: "westeurope", guardrails: { [key]: {} } });
        const e = issue(errors, `guardrails.${key}.parameters.${param}`);
        assert.equal(e.value, undefined);
        assert.match(e.message, /^is required by built-in [0-9a-f]{8} ".+": the definition has no default, so Azure refuses an assignment without it$/);
        assert.match(e.fix, /^set it to a resource id like \/subscriptions\/\{id\}\/resourceGroups\/\{name\}\/providers\//);
        // An empty string is as missing as no value.
        assert.ok(
          errorsOf({ identityLocation: "westeurope", guardrails: { [key]: { parameters: { [param]: "" } } } }).some(
            (i) => i.field === `guardrails.${key}.parameters.${param}`,
          ),
        );
      });
    }

    it("rejects a resource id of the wrong type", () => {
      const e = issue(
        errorsOf({ identityLocation: "westeurope", guardrails: { configureWorkspacePrivateDnsZones: { parameters: { privateDnsZoneId: SUBNET } } } }),
        "guardrails.configureWorkspacePrivateDnsZones.parameters.privateDnsZoneId",
      );
      assert.match(e.message, /^is not a Microsoft\.Network\/privateDnsZones resource id/);
    });

    it("accepts the parameters by their exact names and passes them on", () => {
      const { config } = okConfig({
        identityLocation: "West Europe",
        guardrails: {
          configureWorkspacePrivateDnsZones: { parameters: { privateDnsZoneId: DNS_ZONE } },
          configureWorkspacePrivateEndpoint: { parameters: { privateEndpointSubnetId: SUBNET } },
          configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW, metricsEnabled: false } },
          workspaceResourceLogs: { parameters: { requiredRetentionDays: "90" } },
        },
      });
      assert.deepEqual(member(config, "configureWorkspacePrivateDnsZones").parameters, { effect: "DeployIfNotExists", privateDnsZoneId: DNS_ZONE });
      assert.deepEqual(member(config, "configureWorkspacePrivateEndpoint").parameters, { effect: "DeployIfNotExists", privateEndpointSubnetId: SUBNET });
      assert.deepEqual(member(config, "configureWorkspaceDiagnosticLogs").parameters, {
        effect: "DeployIfNotExists",
        logAnalytics: LAW,
        metricsEnabled: false,
      });
      assert.deepEqual(member(config, "configureWorkspaceDiagnosticLogs").permissionResourceIds, [LAW]);
      assert.deepEqual(member(config, "workspaceResourceLogs").parameters, { effect: "AuditIfNotExists", requiredRetentionDays: "90" });
      assert.equal(config.baseline?.identityLocation, "westeurope");
    });

    it("rejects requiredRetentionDays that is not digits", () => {
      assert.ok(
        errorsOf({ guardrails: { workspaceResourceLogs: { parameters: { requiredRetentionDays: "a year" } } } }).some(
          (i) => i.field === "guardrails.workspaceResourceLogs.parameters.requiredRetentionDays",
        ),
      );
    });

    it("an unknown guardrail key gets a 'did you mean' among the guardrail keys, with its full path", () => {
      const e = issue(errorsOf({ guardrails: { computeIdleShutdwn: {} } }), "guardrails.computeIdleShutdwn");
      assert.equal(e.message, "is not a known setting");
      assert.equal(e.fix, "did you mean computeIdleShutdown?");
    });

    it("an unknown parameter names the definition's parameters", () => {
      const e = issue(
        errorsOf({ identityLocation: "westeurope", guardrails: { configureWorkspacePrivateEndpoint: { parameters: { privateEndpointSubnetID: SUBNET } } } }),
        "guardrails.configureWorkspacePrivateEndpoint.parameters.privateEndpointSubnetID",
      );
      assert.match(e.message, /^is not a parameter of built-in 7838fd83/);
      assert.equal(e.fix, "use privateEndpointSubnetId");
    });
  });

  describe("identity location", () => {
    it("is required when a member remediates (DeployIfNotExists / Modify), and names them", () => {
      const e = issue(errorsOf({ guardrails: { configureDisableLocalAuth: {} } }), "identityLocation");
      assert.match(e.message, /^is required: configureDisableLocalAuth \(Modify\) remediate through the assignment's system-assigned managed identity/);
    });

    it("is not required when the remediating member is Disabled; then it only warns that it is unused", () => {
      const { config, warnings } = okConfig({ identityLocation: "westeurope", guardrails: { configureDisableLocalAuth: { effect: "Disabled" } } });
      assert.equal(member(config, "configureDisableLocalAuth").needsIdentity, false);
      assert.equal(config.baseline?.identityLocation, undefined);
      assert.ok(warnings.some((w) => w.field === "identityLocation"));
    });

    it("rejects something that is not a region name", () => {
      assert.ok(
        errorsOf({ identityLocation: "/subscriptions/x", guardrails: { configureDisableLocalAuth: {} } }).some(
          (i) => i.field === "identityLocation" && i.message === "is not an Azure region name",
        ),
      );
    });

    it("derives the roles from the catalogue, only for remediating members", () => {
      const { config } = okConfig({
        identityLocation: "westeurope",
        guardrails: {
          configureDisableLocalAuth: {},
          configureWorkspaceDiagnosticLogs: { parameters: { logAnalytics: LAW } },
          disableLocalAuth: { effect: "Deny" },
        },
      });
      assert.deepEqual(member(config, "configureDisableLocalAuth").roleDefinitionIds, ["b24988ac-6180-42a0-ab88-20f7382dd24c"]);
      assert.deepEqual(member(config, "configureWorkspaceDiagnosticLogs").roleDefinitionIds, [
        "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
        "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
      ]);
      assert.deepEqual(member(config, "disableLocalAuth").roleDefinitionIds, []);
    });
  });

  describe("registry built-ins", () => {
    describe("19539b54 allowedRegistry", () => {
      it("requires an effect: the definition has none", () => {
        const e = issue(errorsOf({ registryBuiltins: { allowedRegistry: {} } }), "registryBuiltins.allowedRegistry.effect");
        assert.match(e.message, /^is required: built-in 19539b54 .* has no default effect$/);
        assert.equal(e.fix, "set effect to Deny or Disabled");
      });

      it("derives allowedRegistryName from a single trusted registry, and restrictedModels from versioned blocked models", () => {
        const { config, warnings } = okConfig({
          blockedModels: ["azureml://registries/azureml/models/Phi-3/versions/2", "azureml://registries/azureml/models/gpt2"],
          registryBuiltins: { allowedRegistry: { effect: "Deny" } },
        });
        assert.deepEqual(member(config, "allowedRegistry").parameters, {
          effect: "Deny",
          allowedRegistryName: "azureml",
          // In the case written: Microsoft documents the data-plane asset ids as case-sensitive.
          restrictedModels: ["azureml://registries/azureml/models/Phi-3/versions/2"],
        });
        const w = issue(warnings, "registryBuiltins.allowedRegistry.parameters.restrictedModels");
        assert.match(w.message, /^leaves out 1 blockedModels entry without a version/);
        assert.deepEqual(w.value, ["azureml://registries/azureml/models/gpt2"]);
      });

      it("refuses several trusted registries with Deny: several assignments would block each other's registries", () => {
        const e = issue(
          errorsOf({ allowedRegistries: ["azureml", "azureml-meta"], registryBuiltins: { allowedRegistry: { effect: "Deny" } } }),
          "registryBuiltins.allowedRegistry",
        );
        assert.deepEqual(e.value, ["azureml", "azureml-meta"]);
        assert.match(
          e.message,
          /allows a single registry per assignment \(allowedRegistryName is a String\)\. Several Deny assignments of it would each deny the others' registries, so every registry model would be blocked$/,
        );
        assert.match(e.fix, /trusted-registries rule \(a custom definition that takes up to 100 registries\)/);
      });

      it("refuses an explicit name when other registries are trusted, or when it is not trusted at all", () => {
        const other = issue(
          errorsOf({
            allowedRegistries: ["azureml", "azureml-meta"],
            registryBuiltins: { allowedRegistry: { effect: "Deny", parameters: { allowedRegistryName: "azureml" } } },
          }),
          "registryBuiltins.allowedRegistry.parameters.allowedRegistryName",
        );
        assert.match(other.message, /but allowedRegistries also trusts azureml-meta/);
        const untrusted = issue(
          errorsOf({ registryBuiltins: { allowedRegistry: { effect: "Deny", parameters: { allowedRegistryName: "contoso" } } } }),
          "registryBuiltins.allowedRegistry.parameters.allowedRegistryName",
        );
        assert.match(untrusted.message, /^is not in allowedRegistries \(azureml\)/);
      });

      it("warns that an empty allowedRegistryName blocks every registry model", () => {
        const { config, warnings } = okConfig({ registryBuiltins: { allowedRegistry: { effect: "Deny", parameters: { allowedRegistryName: "" } } } });
        assert.equal(member(config, "allowedRegistry").parameters.allowedRegistryName, "");
        const w = issue(warnings, "registryBuiltins.allowedRegistry.parameters.allowedRegistryName");
        assert.match(w.message, /^is empty: built-in 19539b54 .* then denies every registry model \(its pattern becomes azureml:\/\/registries\/\/\*\)$/);
      });

      it("with effect Disabled several registries are fine (nothing is enforced)", () => {
        const { config } = okConfig({ allowedRegistries: ["azureml", "azureml-meta"], registryBuiltins: { allowedRegistry: { effect: "Disabled" } } });
        assert.equal(member(config, "allowedRegistry").parameters.allowedRegistryName, "");
      });

      it("checks explicit restrictedModels and warns on unversioned ones", () => {
        const errors = errorsOf({ registryBuiltins: { allowedRegistry: { effect: "Deny", parameters: { restrictedModels: ["not a model"] } } } });
        assert.match(issue(errors, "registryBuiltins.allowedRegistry.parameters.restrictedModels[0]").message, /^is not a model asset id/);
        const { warnings } = okConfig({
          registryBuiltins: { allowedRegistry: { effect: "Deny", parameters: { restrictedModels: ["azureml://registries/azureml/models/gpt2"] } } },
        });
        assert.match(issue(warnings, "registryBuiltins.allowedRegistry.parameters.restrictedModels[0]").message, /^pins no version/);
      });

      it("refuses an exemption that targets it: Azure does not honour exemptions on data-plane built-ins", () => {
        const e = issue(
          errorsOf({
            registryBuiltins: { allowedRegistry: { effect: "Deny" } },
            exemptions: [{ scope: RG_SCOPE, category: "Waiver", expiresOn: inDays(30), reason: "pilot", requestedBy: "alice", rules: ["allowedRegistry"] }],
          }),
          "exemptions[0].rules[0]",
        );
        assert.match(e.message, /evaluates in the data-plane mode Microsoft\.MachineLearningServices\.v2\.Data: Azure does not honour exemptions there$/);
      });
    });

    for (const key of ["approvedRegistryModels", "cognitiveServicesApprovedModels"] as const) {
      describe(`${key} (${key === "approvedRegistryModels" ? "12e5dd16" : "aafe3651"})`, () => {
        it("derives allowedAssetIds from allowedRegistries (with a trailing slash: azureml never admits azureml-meta)", () => {
          const { config } = okConfig({ allowedRegistries: ["azureml", "azureml-meta"], registryBuiltins: { [key]: {} } });
          assert.deepEqual(member(config, key).parameters, {
            effect: "Audit",
            // aafe3651 governs Foundry deployments: the trusted publishers, as written; 12e5dd16 (Azure ML): none.
            allowedPublishers: key === "cognitiveServicesApprovedModels" ? ["OpenAI"] : [],
            allowedAssetIds: ["azureml://registries/azureml/", "azureml://registries/azureml-meta/"],
          });
        });

        it("derives allowedAssetIds from allowedModels: unversioned entries end in '/' so Phi-4 never admits Phi-4-mini", () => {
          const { config } = okConfig({
            allowedModels: ["azureml://registries/azureml/models/Phi-4", "azureml://registries/azureml/models/Llama-3/versions/2"],
            registryBuiltins: { [key]: { effect: "Deny" } },
          });
          assert.deepEqual(member(config, key).parameters.allowedAssetIds, [
            "azureml://registries/azureml/models/Phi-4/",
            "azureml://registries/azureml/models/Llama-3/versions/2",
          ]);
        });

        it("uses allowedPublishers (never allowedModelPublishers) and warns that a publisher admits all its models", () => {
          const { config, warnings } = okConfig({ registryBuiltins: { [key]: { parameters: { allowedPublishers: ["OpenAI", "Meta"] } } } });
          assert.deepEqual(member(config, key).parameters.allowedPublishers, ["OpenAI", "Meta"]);
          assert.match(issue(warnings, `registryBuiltins.${key}.parameters.allowedPublishers`).message, /^admits every model of a listed publisher/);
          const e = issue(
            errorsOf({ registryBuiltins: { [key]: { parameters: { allowedModelPublishers: ["OpenAI"] } } } }),
            `registryBuiltins.${key}.parameters.allowedModelPublishers`,
          );
          assert.match(e.message, /the Foundry docs' Bicep sample used this name, but the definition's parameter is allowedPublishers/);
          assert.equal(e.fix, "rename it to allowedPublishers");
        });

        it("refuses more than 100 asset ids (the built-in's value count) and empty entries", () => {
          const many = Array.from({ length: 101 }, (_, i) => `azureml://registries/azureml/models/m${i}/`);
          assert.match(
            issue(errorsOf({ registryBuiltins: { [key]: { parameters: { allowedAssetIds: many } } } }), `registryBuiltins.${key}.parameters.allowedAssetIds`)
              .message,
            /more than 100 entries/,
          );
          assert.equal(
            issue(errorsOf({ registryBuiltins: { [key]: { parameters: { allowedAssetIds: [""] } } } }), `registryBuiltins.${key}.parameters.allowedAssetIds[0]`)
              .message,
            "is empty",
          );
        });

        it("warns that blockedModels are not expressed (allow lists only)", () => {
          const { warnings } = okConfig({ blockedModels: ["azureml://registries/azureml/models/gpt2"], registryBuiltins: { [key]: {} } });
          assert.match(issue(warnings, `registryBuiltins.${key}`).message, /^does not express blockedModels/);
        });
      });
    }
  });

  describe("exemptions", () => {
    const ok = {
      scope: RG_SCOPE,
      category: "Waiver",
      expiresOn: inDays(30),
      reason: "migration to private endpoints in progress",
      requestedBy: "alice@contoso.com (CHG-123)",
    };

    it("targets the model assignment containing the scope, normalises the expiry, keeps reason and requester", () => {
      const { config, warnings } = okConfig({ exemptions: [ok] });
      assert.deepEqual(warnings, []);
      assert.deepEqual(config.baseline?.exemptions, [
        {
          index: 0,
          scope: RG_SCOPE,
          category: "Waiver",
          expiresOn: inDays(30),
          reason: ok.reason,
          requestedBy: ok.requestedBy,
          rules: [],
          targets: [{ initiative: "governance", assignmentScope: SUB_SCOPE }],
        },
      ]);
    });

    it("rejects an expiry in the past, relative to the injected clock", () => {
      const e = issue(errorsOf({ exemptions: [{ ...ok, expiresOn: inDays(-1) }] }), "exemptions[0].expiresOn");
      assert.match(e.message, /^is in the past \(now is 2026-01-15T12:00:00.000Z\)/);
      // The same exemption is valid a week earlier.
      assert.ok(validateGovernanceConfig({ ...BASE, exemptions: [{ ...ok, expiresOn: inDays(-1) }] }, { now: new Date(NOW.getTime() - 7 * 86_400_000) }).ok);
    });

    it("rejects an exemption without a reason or without a requester", () => {
      const errors = errorsOf({
        exemptions: [
          { ...ok, reason: "  " },
          { ...ok, scope: SUB_SCOPE, requestedBy: undefined },
        ],
      });
      assert.match(issue(errors, "exemptions[0].reason").message, /^is required: an exemption without a reason cannot be reviewed$/);
      assert.match(issue(errors, "exemptions[1].requestedBy").message, /^is required/);
    });

    it("warns past exemptionMaxDays (default 90; configurable), and when it expires within 15 days", () => {
      assert.match(
        issue(okConfig({ exemptions: [{ ...ok, expiresOn: inDays(120) }] }).warnings, "exemptions[0].expiresOn").message,
        /^lasts 120 days, longer than exemptionMaxDays \(90\)$/,
      );
      assert.deepEqual(okConfig({ exemptionMaxDays: 180, exemptions: [{ ...ok, expiresOn: inDays(120) }] }).warnings, []);
      assert.equal(issue(okConfig({ exemptions: [{ ...ok, expiresOn: inDays(3) }] }).warnings, "exemptions[0].expiresOn").message, "expires in 3 days");
      assert.ok(errorsOf({ exemptionMaxDays: 0 }).some((e) => e.field === "exemptionMaxDays"));
    });

    it("rejects dates that are not ISO 8601, unknown categories, unknown rules and guardrails that are not enabled", () => {
      const errors = errorsOf({
        guardrails: { computeVnet: {} },
        exemptions: [
          { ...ok, expiresOn: "next Tuesday" },
          { ...ok, scope: SUB_SCOPE, category: "Forever" },
          { ...ok, scope: `${RG_SCOPE}/providers/Microsoft.MachineLearningServices/workspaces/ws1`, rules: ["trusted-registry", "computeIdleShutdown"] },
        ],
      });
      assert.equal(issue(errors, "exemptions[0].expiresOn").message, "is not an ISO 8601 date");
      assert.match(issue(errors, "exemptions[1].category").message, /^must be one of Waiver, Mitigated/);
      const unknown = issue(errors, "exemptions[2].rules[0]");
      assert.equal(unknown.message, "is not a rule of this component");
      assert.match(
        unknown.fix,
        /model rule id \(model-reference, blocked-models, trusted-registries, trusted-publishers, approved-models, workspace-models\) or an enabled guardrail key \(computeVnet\)/,
      );
      assert.equal(issue(errors, "exemptions[2].rules[1]").message, "is not enabled in guardrails");
    });

    it("splits rules between the model assignment and the baseline assignment", () => {
      const { config } = okConfig({
        guardrails: { computeVnet: {}, computeIdleShutdown: {} },
        exemptions: [{ ...ok, rules: ["trusted-registries", "computeVnet"] }],
      });
      assert.deepEqual(config.baseline?.exemptions[0].targets, [
        { initiative: "governance", assignmentScope: SUB_SCOPE, referenceIds: ["trusted-registries"] },
        { initiative: "baseline", assignmentScope: SUB_SCOPE, referenceIds: ["computeVnet"] },
      ]);
    });

    it("an exemption of every rule names only the members Azure can exempt when data-plane built-ins are present, and says so", () => {
      const { config, warnings } = okConfig({ guardrails: { computeVnet: {} }, registryBuiltins: { approvedRegistryModels: {} }, exemptions: [ok] });
      assert.deepEqual(config.baseline?.exemptions[0].targets, [
        { initiative: "governance", assignmentScope: SUB_SCOPE },
        { initiative: "baseline", assignmentScope: SUB_SCOPE, referenceIds: ["computeVnet"] },
      ]);
      assert.match(
        issue(warnings, "exemptions[0]").message,
        /^does not cover approvedRegistryModels: Azure does not honour exemptions on data-plane built-ins$/,
      );
    });

    it("exempts a resource from every assignment scope that contains it", () => {
      const { config } = okConfig({
        additionalScopes: [RG_SCOPE],
        exemptions: [{ ...ok, scope: `${RG_SCOPE}/providers/Microsoft.MachineLearningServices/workspaces/ws1` }],
      });
      assert.deepEqual(
        config.baseline?.exemptions[0].targets.map((t) => t.assignmentScope),
        [SUB_SCOPE, RG_SCOPE],
      );
    });

    it("rejects a scope outside every assignment scope, and asks for assignmentScope when management groups are ambiguous", () => {
      assert.match(
        issue(errorsOf({ exemptions: [{ ...ok, scope: `/subscriptions/${SUB2}/resourceGroups/x` }] }), "exemptions[0].scope").message,
        /^is outside every assignment scope/,
      );
      const mg2 = "/providers/Microsoft.Management/managementGroups/contoso-ml-2";
      const errors = errorsOf({
        scope: MG_SCOPE,
        additionalScopes: [mg2],
        definitionScope: MG_SCOPE,
        exemptions: [{ ...ok, scope: `/subscriptions/${SUB2}` }],
      });
      assert.match(issue(errors, "exemptions[0].assignmentScope").message, /cannot be told apart offline/);
      const { config } = okConfig({ scope: MG_SCOPE, exemptions: [{ ...ok, scope: `/subscriptions/${SUB2}` }] });
      assert.deepEqual(config.baseline?.exemptions[0].targets, [{ initiative: "governance", assignmentScope: MG_SCOPE }]);
    });

    it("rejects two exemptions of one scope unless they have distinct names", () => {
      assert.match(issue(errorsOf({ exemptions: [ok, ok] }), "exemptions[1].scope").message, /^repeats exemptions\[0\]/);
      assert.equal(
        okConfig({
          exemptions: [
            { ...ok, name: "a" },
            { ...ok, name: "b" },
          ],
        }).config.baseline?.exemptions.length,
        2,
      );
    });
  });

  describe("monitoring", () => {
    const mon = {
      resourceGroupId: `${SUB_SCOPE}/resourceGroups/rg-monitoring`,
      emailReceivers: [{ name: "platform", emailAddress: "ml-platform@contoso.com" }],
    };

    it("alerts at the assignment scopes of its subscription, with the default short name", () => {
      const { config, warnings } = okConfig({ additionalScopes: [RG_SCOPE], monitoring: mon });
      assert.deepEqual(warnings, []);
      assert.deepEqual(config.baseline?.monitoring, {
        resourceGroupId: mon.resourceGroupId,
        subscriptionId: SUB,
        resourceGroupName: "rg-monitoring",
        emailReceivers: mon.emailReceivers,
        actionGroupShortName: "mlgov-deny",
        alertScopes: [SUB_SCOPE],
      });
    });

    it("needs receivers with valid, distinct e-mail receivers and a resource group id", () => {
      const errors = errorsOf({ monitoring: { resourceGroupId: SUB_SCOPE, emailReceivers: [] } });
      assert.match(issue(errors, "monitoring.resourceGroupId").message, /^is not a resource group id/);
      assert.match(issue(errors, "monitoring.emailReceivers").message, /^must list at least one receiver/);
      const bad = errorsOf({
        monitoring: {
          ...mon,
          emailReceivers: [
            { name: "a", emailAddress: "nope" },
            { name: "A", emailAddress: "a@b.c" },
          ],
        },
      });
      assert.equal(issue(bad, "monitoring.emailReceivers[0].emailAddress").message, "is not an e-mail address");
      assert.match(issue(bad, "monitoring.emailReceivers[1].name").message, /^repeats a receiver name/);
      assert.ok(errorsOf({ monitoring: { ...mon, actionGroupShortName: "much-too-long-name" } }).some((e) => e.field === "monitoring.actionGroupShortName"));
    });

    it("warns about scopes an activity-log alert cannot watch, and about DoNotEnforce", () => {
      const { config, warnings } = okConfig({ scope: MG_SCOPE, monitoring: mon, enforcementMode: "DoNotEnforce" });
      assert.deepEqual(config.baseline?.monitoring?.alertScopes, [SUB_SCOPE]);
      assert.ok(warnings.some((w) => /cannot watch the management group/.test(w.message)));
      assert.ok(warnings.some((w) => /will not fire while enforcementMode is DoNotEnforce/.test(w.message)));
      const other = okConfig({ additionalScopes: [`/subscriptions/${SUB2}`], definitionScope: MG_SCOPE, monitoring: mon });
      assert.ok(other.warnings.some((w) => w.message.startsWith(`does not watch /subscriptions/${SUB2}`)));
    });
  });

  describe("all problems at once", () => {
    it("reports model rule, guardrail, registry, exemption and monitoring problems together, and only once each", () => {
      const r = validateGovernanceConfig(
        {
          scope: SUB_SCOPE,
          allowedRegistries: ["azureml", "azureml-meta"],
          effect: "Block",
          guardrails: { computeVnet: { effect: "Deny" }, configureWorkspacePrivateDnsZones: {} },
          registryBuiltins: { allowedRegistry: { effect: "Deny" }, approvedRegistryModels: { parameters: { allowedModelPublishers: [] } } },
          exemptions: [{ scope: RG_SCOPE, category: "Waiver", expiresOn: inDays(-3), reason: "", requestedBy: "bob" }],
          monitoring: { resourceGroupId: "rg", emailReceivers: [] },
        },
        { now: NOW },
      );
      assert.equal(r.ok, false);
      const fields = (r as { errors: ConfigIssue[] }).errors.map((e) => e.field);
      for (const f of [
        "effect",
        "guardrails.computeVnet.effect",
        "guardrails.configureWorkspacePrivateDnsZones.parameters.privateDnsZoneId",
        "identityLocation",
        "registryBuiltins.allowedRegistry",
        "registryBuiltins.approvedRegistryModels.parameters.allowedModelPublishers",
        "exemptions[0].expiresOn",
        "exemptions[0].reason",
        "monitoring.resourceGroupId",
        "monitoring.emailReceivers",
      ]) {
        assert.equal(fields.filter((x) => x === f).length, 1, `exactly one issue for ${f}: ${JSON.stringify(fields)}`);
      }
      for (const e of (r as { errors: ConfigIssue[] }).errors) assert.ok(e.fix.length > 0, `${e.field} has a fix`);
    });
  });

  describe("aafe3651 publishers from the config", () => {
    it("passes allowedPublishers as written when no approval entry names a catalog model", () => {
      const { config } = okConfig({ allowedPublishers: ["OpenAI", "Mistral AI"], registryBuiltins: { cognitiveServicesApprovedModels: { effect: "Deny" } } });
      assert.deepEqual(member(config, "cognitiveServicesApprovedModels").parameters.allowedPublishers, ["OpenAI", "Mistral AI"]);
    });
    it("derives no publisher when allowedModels names catalog models, and says why", () => {
      const { config, warnings } = okConfig({
        allowedModels: ["OpenAI/gpt-4o-mini", "azureml://registries/azureml/models/Phi-4"],
        registryBuiltins: { cognitiveServicesApprovedModels: { effect: "Deny" } },
      });
      assert.deepEqual(member(config, "cognitiveServicesApprovedModels").parameters.allowedPublishers, []);
      assert.match(issue(warnings, "registryBuiltins.cognitiveServicesApprovedModels.parameters.allowedPublishers").message, /names catalog models/);
    });
  });
});

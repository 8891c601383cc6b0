/**
 * The catalogue against the reference: every built-in's GUID, display name (where the reference
 * gives it), mode, version, pinned definitionVersion, effect parameter name, allowed and default
 * effects, other parameters (required or default) and roles are read from
 * shared/reference/azure-policy-ml.md §1 and compared with `core/guardrails/catalogue.ts`.
 *
 * The fixture `fixtures/azure-policy-ml-section1.md` is §1 verbatim; when the shared reference is
 * present on the machine, the fixture is also checked to still equal it.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  BUILTIN_DEFINITIONS,
  BuiltinDefinition,
  builtinDefinitionId,
  CUSTOM_GUARDRAILS,
  GUARDRAIL_DEFINITIONS,
  GUARDRAIL_KEYS,
  GuardrailEffect,
  IDENTITY_EFFECTS,
  isDataPlane,
  REGISTRY_BUILTIN_KEYS,
  ROLE_NAMES,
} from "../../core/guardrails";

const FIXTURE = path.resolve(__dirname, "..", "..", "..", "test", "guardrails", "fixtures", "azure-policy-ml-section1.md");
const SHARED_REFERENCE = "/work/shared/reference/azure-policy-ml.md";
const text = fs.readFileSync(FIXTURE, "utf8");

const ABBREVIATIONS: Record<string, string> = { AINE: "AuditIfNotExists", DINE: "DeployIfNotExists" };

/** One row of the §1d table. */
interface TableRow {
  guid: string;
  file: string;
  mode: string;
  version: string;
  effectParameter: string;
  allowed: string[];
  defaultEffect: string;
  notes: string;
}

function tableRows(): TableRow[] {
  const rows: TableRow[] = [];
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 7) continue;
    const guid = /^`([0-9a-f-]{36})`$/.exec(cells[2]);
    if (!guid) continue;
    const file = /^(\S+\.json) \((\w+), ([\w.-]+)\)$/.exec(cells[3]);
    const effect = /^(?:\*\*)?`(\w+)`(?:\*\*)?: ([\w, ]+) \((\w+)\)$/.exec(cells[4]);
    assert.ok(file, `file cell of ${guid[1]}: ${cells[3]}`);
    assert.ok(effect, `effect cell of ${guid[1]}: ${cells[4]}`);
    rows.push({
      guid: guid[1],
      file: file[1],
      mode: file[2],
      version: file[3],
      effectParameter: effect[1],
      allowed: effect[2].split(",").map((s) => s.trim()),
      defaultEffect: ABBREVIATIONS[effect[3]] ?? effect[3],
      notes: cells[5],
    });
  }
  return rows;
}

/** A §1a–§1c section: its header, version, mode and parameter table. */
function registrySection(guid: string): {
  displayName: string;
  version: string;
  mode: string;
  params: Map<string, { type: string; defaultValue: string; allowed: string }>;
  body: string;
} {
  const start = text.indexOf(`\`${guid}\`: "`);
  assert.ok(start >= 0, `section of ${guid}`);
  const end = text.indexOf("\n### ", start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  const displayName = /^`[0-9a-f-]+`: "(.*)"$/m.exec(body)![1];
  const version = /\*\*Version:\*\* `([^`]+)`/.exec(body)![1];
  const mode = /\*\*Mode:\*\* `([^`]+)`/.exec(body)![1];
  const params = new Map<string, { type: string; defaultValue: string; allowed: string }>();
  for (const line of body.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`(\w+)`$/.exec(cells[1] ?? "");
    if (name && cells.length >= 6) params.set(name[1], { type: cells[2].replace(/`/g, ""), defaultValue: cells[3], allowed: cells[4] });
  }
  return { displayName, version, mode, params, body };
}

const byGuid = (guid: string): BuiltinDefinition => {
  const def = BUILTIN_DEFINITIONS.find((d) => d.guid === guid);
  assert.ok(def, `catalogue has ${guid}`);
  return def;
};

describe("guardrail catalogue against the reference (azure-policy-ml.md §1)", () => {
  it("the fixture is §1 of the shared reference, verbatim (when the reference is on this machine)", function () {
    if (!fs.existsSync(SHARED_REFERENCE)) this.skip();
    const shared = fs.readFileSync(SHARED_REFERENCE, "utf8");
    const section = shared.slice(shared.indexOf("## 1. Built-in definitions"), shared.indexOf("\n## 2. ") + 1);
    assert.equal(text, section);
  });

  describe("§1d table: the Azure ML guardrail built-ins", () => {
    const rows = tableRows();

    it("has the 16 rows this test expects", () => {
      assert.equal(rows.length, 16);
    });

    for (const row of tableRows()) {
      it(`${row.guid} (${row.file}): mode, version, pin, effect parameter, effects, default`, () => {
        const def = byGuid(row.guid);
        assert.equal(def.source, `Machine Learning/${row.file}`);
        assert.equal(def.mode, row.mode);
        assert.equal(def.version, row.version);
        assert.equal(def.definitionVersion, `${row.version.split(".")[0]}.*.*`);
        assert.equal(def.effectParameter, row.effectParameter);
        assert.deepEqual([...def.allowedEffects], row.allowed);
        assert.equal(def.defaultEffect, row.defaultEffect);
        assert.equal(def.group, "guardrails");
        assert.equal(isDataPlane(def), false);
      });

      it(`${row.guid}: every parameter named in the reference, required ones marked, roles by prefix`, () => {
        const def = byGuid(row.guid);
        for (const p of def.parameters) {
          assert.ok(row.notes.includes(`\`${p.name}\``), `${p.name} is named in the reference row`);
          const bold = row.notes.includes(`**\`${p.name}\`**`);
          assert.equal(p.required, bold, `${p.name}: required iff the reference marks it (bold, "required")`);
          if (p.required) assert.match(row.notes, new RegExp(`\\*\\*\`${p.name}\`\\*\\* \\([^)]*required`));
          else assert.ok(p.defaultValue !== undefined, `${p.name} has a default`);
          if (p.strongType) assert.ok(row.notes.includes(`strongType \`${p.strongType}\``), `${p.name} strongType`);
        }
        // Every backticked lower-camel name followed by a type/default in the notes is a parameter we carry.
        for (const m of row.notes.matchAll(/(?:\*\*)?`([a-z][A-Za-z]+)`(?:\*\*)? \((String|Boolean|default)/g)) {
          assert.ok(
            def.parameters.some((p) => p.name === m[1]),
            `reference parameter ${m[1]} is in the catalogue`,
          );
        }
        // Roles: each catalogue role is named in the row (by its 8-hex prefix or its name), and each
        // role prefix in the row is catalogued.
        const referenced = [...row.notes.matchAll(/`([0-9a-f]{8})-…`/g)].map((m) => m[1]);
        for (const prefix of referenced)
          assert.ok(
            def.roleDefinitionIds.some((r) => r.startsWith(prefix)),
            `role ${prefix} is catalogued`,
          );
        for (const r of def.roleDefinitionIds) {
          assert.ok(ROLE_NAMES[r], `role ${r} has a name`);
          assert.ok(
            referenced.includes(r.slice(0, 8)) || new RegExp(`\\b${ROLE_NAMES[r]} role\\b|role ${ROLE_NAMES[r]}\\b`).test(row.notes),
            `role ${ROLE_NAMES[r]} is in the reference row`,
          );
        }
        // Only DeployIfNotExists / Modify definitions carry roles.
        assert.equal(
          def.roleDefinitionIds.length > 0,
          def.allowedEffects.some((e) => (IDENTITY_EFFECTS as readonly string[]).includes(e)),
        );
      });
    }
  });

  describe("§1a–§1c: the registry built-ins", () => {
    it("19539b54: one registry, restrictedModels, effect Deny/Disabled with no default, v2.Data, preview", () => {
      const s = registrySection("19539b54-c61e-4196-9a38-67598701be90");
      const def = byGuid("19539b54-c61e-4196-9a38-67598701be90");
      assert.equal(def.key, "allowedRegistry");
      assert.equal(def.displayName, s.displayName);
      assert.equal(def.version, s.version);
      assert.equal(def.mode, s.mode);
      assert.equal(def.definitionVersion, "1.*.*-preview");
      assert.ok(s.body.includes("`definitionVersion` `1.*.*-preview`"), "MCSB pins the same");
      assert.equal(def.preview, true);
      assert.equal(def.effectParameter, "effect");
      assert.deepEqual([...def.allowedEffects], ["Deny", "Disabled"]);
      assert.match(s.params.get("effect")!.defaultValue, /none/);
      assert.equal(def.defaultEffect, undefined);
      assert.deepEqual(
        def.parameters.map((p) => [p.name, p.type, JSON.stringify(p.defaultValue)]),
        [
          ["allowedRegistryName", "String", '""'],
          ["restrictedModels", "Array", "[]"],
        ],
      );
      assert.equal(s.params.get("allowedRegistryName")!.defaultValue, '`""`');
      assert.equal(s.params.get("restrictedModels")!.defaultValue, "`[]`");
    });

    for (const guid of ["12e5dd16-d201-47ff-849b-8454061c293d", "aafe3651-cb78-4f68-9f81-e7e41509110f"]) {
      it(`${guid}: allowedPublishers and allowedAssetIds (never allowedModelPublishers), effect Audit/Deny/Disabled default Audit`, () => {
        const s = registrySection(guid);
        const def = byGuid(guid);
        // aafe3651 was renamed in the Foundry docs ("the policy definition ID is unchanged";
        // shared/reference/foundry-deployments.md §4.1); the stored definition keeps the old name.
        if (guid.startsWith("aafe3651")) {
          assert.equal(s.displayName, "Cognitive Services Deployments should only use approved Registry Models");
          assert.equal(def.displayName, "Foundry model deployments should only use approved models");
        } else assert.equal(def.displayName, s.displayName);
        assert.equal(def.version, s.version);
        assert.equal(def.mode, s.mode);
        assert.equal(def.definitionVersion, `${s.version.split(".")[0]}.*.*${s.version.endsWith("-preview") ? "-preview" : ""}`);
        assert.deepEqual([...def.allowedEffects], ["Audit", "Deny", "Disabled"]);
        assert.equal(def.defaultEffect, "Audit");
        assert.deepEqual(
          def.parameters.map((p) => [p.name, p.type, JSON.stringify(p.defaultValue), p.required]),
          [
            ["allowedPublishers", "Array", "[]", false],
            ["allowedAssetIds", "Array", "[]", false],
          ],
        );
        if (guid.startsWith("12e5dd16")) {
          for (const p of ["effect", "allowedPublishers", "allowedAssetIds"]) assert.ok(s.params.has(p), `reference table has ${p}`);
          assert.equal(s.params.get("effect")!.allowed, "`Audit`, `Deny`, `Disabled`");
        } else {
          assert.match(
            s.body,
            /\*\*Parameters:\*\* identical to 12e5dd16: `effect` \(Audit\/Deny\/Disabled, default Audit\),\s+`allowedPublishers` \(Array, `\[\]`\), `allowedAssetIds` \(Array, `\[\]`\)/,
          );
        }
        assert.equal(isDataPlane(def), true);
        assert.equal(def.group, "registryBuiltins");
      });
    }

    it("no entry anywhere uses the wrong parameter name allowedModelPublishers", () => {
      assert.ok(text.includes("**That name does not exist in the definition; the real one is `allowedPublishers`.**"));
      for (const def of GUARDRAIL_DEFINITIONS) for (const p of def.parameters) assert.notEqual(p.name, "allowedModelPublishers");
    });
  });

  describe("shape", () => {
    it("every GUID in §1 that the catalogue leaves out is deliberate", () => {
      const all = new Set([...text.matchAll(/`([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`/g)].map((m) => m[1]));
      const left = [...all].filter((g) => !BUILTIN_DEFINITIONS.some((d) => d.guid === g)).sort();
      assert.deepEqual(left, [
        "1d413020-63de-11ea-bc55-0242ac130003", // v1 Data-mode (legacy, enforceSetting) definitions
        "3948394e-63de-11ea-bc55-0242ac130003",
        "40cec1dd-a100-4920-b15b-3024fe8901ab", // deprecated v1 private link
        "5207647b-3e83-4e28-b836-c382cb5e2a2e", // an initiative
        "53c70b02-63dd-11ea-bc55-0242ac130003",
        "5853517a-63de-11ea-bc55-0242ac130003",
        "6a6f7384-63de-11ea-bc55-0242ac130003",
        "6ddb1705-c8cf-450e-aa4b-19ad6703c440", // managed network: the reference gives no version to pin
        "77eeea86-7e81-4a7d-9067-de844d096752",
        "85793e88-5a58-4555-93fa-4df63c86ae9c", // deprecated test copy
        "930f48f9-f07e-427c-9494-52603581c6a9", // Cognitive Services RAI siblings: no parameters in the reference
        "af253d37-136a-42f8-a1fc-30010c083d41",
        "c1ad46c6-37f8-4af0-9c71-c208375c87dd",
        "e3ec7e09-768c-4b64-882c-fcada3772047", // MCSB v2 initiative
        "f3a9c2e0-7b4d-4d8f-9c3a-2e1f6b9a8d4e",
      ]);
    });

    it("keys are unique, readable, grouped; ids are the built-in id form", () => {
      const keys = GUARDRAIL_DEFINITIONS.map((d) => d.key);
      assert.equal(new Set(keys).size, keys.length);
      for (const k of keys) assert.match(k, /^[a-z][A-Za-z0-9]+$/);
      assert.deepEqual(REGISTRY_BUILTIN_KEYS, ["allowedRegistry", "approvedRegistryModels", "cognitiveServicesApprovedModels", "foundryModelEligibility"]);
      assert.ok(
        GUARDRAIL_KEYS.includes("computeIdleShutdown") &&
          GUARDRAIL_KEYS.includes("disableLocalAuth") &&
          GUARDRAIL_KEYS.includes("workspacePublicNetworkAccess"),
      );
      assert.ok(GUARDRAIL_KEYS.includes("computePublicIp") && GUARDRAIL_KEYS.includes("serverlessSparkJobs"));
      for (const d of BUILTIN_DEFINITIONS) assert.equal(builtinDefinitionId(d), `/providers/Microsoft.Authorization/policyDefinitions/${d.guid}`);
    });

    it("roles are the Azure built-in role GUIDs of their names", () => {
      assert.deepEqual(ROLE_NAMES, {
        "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
        "4d97b98b-1d4f-4787-a291-c67834d212e7": "Network Contributor",
        "749f88d5-cbae-40b8-bcfc-e573ddc772fa": "Monitoring Contributor",
        "92aaf0da-9dab-42b6-94a3-d43ce8d16293": "Log Analytics Contributor",
      });
    });

    it("the two custom definitions: effects Deny/Audit/Disabled, default Deny, mode All, no roles", () => {
      assert.deepEqual(
        CUSTOM_GUARDRAILS.map((c) => [c.key, [...c.allowedEffects], c.defaultEffect, c.mode, c.roleDefinitionIds.length]),
        [
          ["computePublicIp", [GuardrailEffect.Deny, GuardrailEffect.Audit, GuardrailEffect.Disabled], "Deny", "All", 0],
          ["serverlessSparkJobs", [GuardrailEffect.Deny, GuardrailEffect.Audit, GuardrailEffect.Disabled], "Deny", "All", 0],
        ],
      );
    });
  });

  it("8791d062 (Foundry eligibility): the documented parameters, and the provenance of its GUID stated in the entry", () => {
    const def = byGuid("8791d062-ba96-4c34-b604-8538f7e30ca0");
    assert.equal(def.kind, "builtin");
    if (def.kind !== "builtin") return;
    assert.equal(def.key, "foundryModelEligibility");
    assert.equal(def.displayName, "Foundry model deployments should meet eligibility requirements");
    assert.deepEqual(
      def.parameters.map((p) => [p.name, p.type, p.defaultValue]),
      [
        ["onlyAllowDirectFromAzure", "Boolean", false],
        ["denyPreviewModels", "Boolean", false],
      ],
    );
    assert.match(def.provenance ?? "", /not in the stored Azure\/azure-policy snapshot/);
    assert.match(def.provenance ?? "", /third-party/);
  });
});

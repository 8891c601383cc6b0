/**
 * The public API (CHANGELOG.md, "Public API") is what package.json `exports` names, and each entry
 * exports exactly the names listed here: at run time (the keys of `require()` of the built entry)
 * and in its declarations (what the TypeScript checker sees exported, types included). Adding,
 * removing or renaming a public name fails this test, so the change is made deliberately, here
 * and in the CHANGELOG. Every name of the package root carries TSDoc.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./source-graph";

/** Entry → [source file, runtime names, type-only names]. */
const CORE_VALUES = [
  "checkArmDeployment",
  "checkArmTemplate",
  "compileRules",
  "decide",
  "decideModelId",
  "DENY_RULES",
  "Effect",
  "effectiveConfigJson",
  "EnforcementMode",
  "ExemptionCategory",
  "formatIssues",
  "governanceConfigFromStackValues",
  "GovernanceConfigError",
  "governanceConfigSchema",
  "GuardrailEffect",
  "MODEL_POLICY_NAME",
  "ModelSource",
  "parseModelId",
  "policyPackConfigFor",
  "policyPackConfigSchema",
  "Rule",
  "validateGovernanceConfig",
  "validateRuleConfig",
  "WorkspaceModels",
];
const CORE_TYPES = [
  "CompiledRules",
  "ConfigIssue",
  "Decision",
  "EffectiveConfig",
  "EffectiveGovernanceConfig",
  "EffectiveRules",
  "ExemptionConfig",
  "GovernanceConfig",
  "GuardrailsConfig",
  "ModelPolicyConfig",
  "ModelRef",
  "ModelReferenceInput",
  "MonitoringConfig",
  "ParseResult",
  "RegistryBuiltinsConfig",
  "TemplateResult",
  "ValidationOptions",
  "ValidationResult",
];

const ENTRIES: Record<string, { source: string; values: string[]; types: string[] }> = {
  ".": {
    source: "lib.ts",
    values: [...CORE_VALUES, "ML_DEPLOYMENT_GOVERNANCE_TYPE", "MlDeploymentGovernance", "renderGovernancePlan"],
    types: [...CORE_TYPES, "BaselineOutputs", "ComplianceQueries", "GovernancePlan", "MlDeploymentGovernanceArgs"],
  },
  "./core": { source: "core/index.ts", values: CORE_VALUES, types: CORE_TYPES },
  "./crossguard": {
    source: "crossguard/index.ts",
    values: [
      "createGuardrailPolicies",
      "createGuardrailPolicy",
      "createModelGovernancePolicy",
      "createPolicies",
      "GUARDRAIL_POLICY_PREFIX",
      "guardrailPolicies",
      "guardrailPolicyName",
      "MODEL_POLICY_DESCRIPTION",
      "MODEL_POLICY_NAME",
      "modelGovernancePolicy",
      "PACK_DESCRIPTION",
      "PACK_NAME",
      "packPolicies",
      "policies",
    ],
    types: ["GuardrailPolicyOptions", "ModelGovernancePolicyOptions"],
  },
};

const MAX_ROOT_NAMES = 60;

const sorted = (names: Iterable<string>) => [...names].sort((a, b) => a.localeCompare(b, "en"));

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  main: string;
  exports: Record<string, { types: string; default: string } | string>;
};

describe("architecture: the public API", function () {
  this.timeout(120_000);

  let checker: ts.TypeChecker;
  let program: ts.Program;
  before(() => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    program = ts.createProgram(
      Object.values(ENTRIES).map((e) => path.join(ROOT, e.source)),
      { ...config.options, noEmit: true },
    );
    checker = program.getTypeChecker();
  });

  function declaredExports(source: string): ts.Symbol[] {
    const file = program.getSourceFile(path.join(ROOT, source));
    assert.ok(file, `${source} is in the program`);
    return checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  }

  it("package.json exports exactly the pinned entry points", () => {
    assert.deepEqual(Object.keys(PKG.exports).sort(), [...Object.keys(ENTRIES), "./package.json"].sort());
    assert.equal(PKG.main, "dist/lib.js");
  });

  for (const [entry, { source, values, types }] of Object.entries(ENTRIES)) {
    it(`'${entry}' exports the pinned names at run time`, () => {
      const target = PKG.exports[entry];
      const file = typeof target === "string" ? target : target.default;
      assert.equal(file, `./dist/${source.replace(/\.ts$/, ".js")}`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(ROOT, file)) as Record<string, unknown>;
      assert.deepEqual(sorted(Object.keys(loaded)), sorted(values));
    });

    it(`'${entry}' declares the pinned names (values and types)`, () => {
      assert.deepEqual(sorted(declaredExports(source).map((s) => s.name)), sorted([...values, ...types]));
    });
  }

  it(`the package root exports at most ${MAX_ROOT_NAMES} names, each with TSDoc`, () => {
    const symbols = declaredExports("lib.ts");
    assert.ok(symbols.length <= MAX_ROOT_NAMES, `${symbols.length} names`);
    const undocumented = symbols.filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === "";
    });
    assert.deepEqual(
      undocumented.map((s) => s.name),
      [],
    );
  });

  it("the multi-language host finds MlDeploymentGovernance in the root entry", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.join(ROOT, PKG.main)) as Record<string, unknown>;
    assert.equal(typeof lib.MlDeploymentGovernance, "function");
  });
});

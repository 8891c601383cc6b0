/**
 * Agreement: the shared case table (test/cases/model-cases.ts) decided by the rules core and by the
 * pack — through every route a model reaches the pack (each Pulumi surface, each surface inside an
 * ARM template, the generic resource) — gives the same verdict, rule and reason. The served
 * variant (over gRPC, the pack as the CLI runs it) is in test/policypack/served.test.ts.
 */
import { strict as assert } from "assert";
import { readSurface, SURFACES, SurfaceKey } from "../../core/surfaces";
import { MODEL_POLICY_NAME, policies } from "../../crossguard";
import { caseConfig, caseLabel, MODEL_CASE_CONFIGS, MODEL_CASES, ModelCase } from "../cases/model-cases";
import { armResource, deploymentInputs, PULUMI_SURFACES, pulumiInputs, template, token, workspaceEndpointProperties } from "./fixtures";
import { coreDecision, groupBy, packVerdict, withSchemaDefaults } from "./helpers";
import { inProcessAnalyzer, InProcessResult } from "./in-process-analyzer";

const analyzer = inProcessAnalyzer(policies);

/** The core's verdict for a case on a surface (via the surface table: not applicable, or a decision). */
function coreVerdict(
  c: ModelCase,
  key: SurfaceKey,
  armProperties: unknown,
): { applies: false } | { applies: true; allowed: boolean; rule: string; reason: string } {
  const surface = SURFACES.find((s) => s.key === key)!;
  const reading = readSurface(surface, armProperties);
  if (!reading.applies) return { applies: false };
  const d = coreDecision(caseConfig(c), reading.reference);
  return { applies: true, allowed: d.allowed, rule: d.rule, reason: d.reason };
}

function assertAgrees(c: ModelCase, route: string, core: ReturnType<typeof coreVerdict>, result: InProcessResult): void {
  const label = `${route}: ${caseLabel(c)}`;
  if (!core.applies) {
    assert.deepEqual(result.diagnostics, [], label);
    assert.equal(result.notApplicable.length, 1, label);
    return;
  }
  const pack = packVerdict(result.diagnostics);
  assert.equal(pack.allowed, core.allowed, label);
  assert.equal(pack.rule, core.rule, label);
  if (!core.allowed) assert.equal(pack.reason, core.reason, label);
}

describe("agreement: the rules core and the pack decide the shared cases identically", () => {
  it("the core itself matches the table's expected verdicts", () => {
    for (const c of MODEL_CASES) {
      const d = coreDecision(caseConfig(c), { kind: "model-id", modelId: c.id });
      assert.deepEqual({ allowed: d.allowed, rule: d.rule }, c.expected, caseLabel(c));
    }
  });

  for (const [configName, cases] of groupBy(MODEL_CASES, (c) => c.config ?? "base")) {
    describe(`config '${configName}'`, () => {
      before(() =>
        analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: "mandatory", properties: withSchemaDefaults(MODEL_CASE_CONFIGS[configName]) } }),
      );

      it(`every Pulumi surface (${cases.length} cases × ${PULUMI_SURFACES.length} surfaces)`, async () => {
        for (const c of cases) {
          for (const s of PULUMI_SURFACES) {
            const result = await analyzer.analyze({ type: token(s.module, s.resource, "default"), properties: pulumiInputs(s, c.id) });
            assertAgrees(c, s.resource, coreVerdict(c, s.key, s.armProperties(c.id)), result);
          }
        }
      });

      it(`every surface inside an ARM template deployment (${cases.length} cases × ${Object.values(SurfaceKey).length} surfaces)`, async () => {
        for (const c of cases) {
          for (const key of Object.values(SurfaceKey)) {
            const resource = armResource(key, c.id, "ws/r");
            const result = await analyzer.analyze({ type: "azure-native:resources:Deployment", properties: deploymentInputs(template([resource])) });
            const armProperties = key === SurfaceKey.WorkspaceEndpoint ? workspaceEndpointProperties(c.id) : resource.properties;
            assertAgrees(c, `template ${key}`, coreVerdict(c, key, armProperties), result);
          }
        }
      });

      it(`a model id passed as a template parameter, and the generic resource (${cases.length} cases)`, async () => {
        for (const c of cases) {
          const t = template([armResource(SurfaceKey.ServerlessEndpoint, "[parameters('modelId')]", "ws/ep")], { parameters: { modelId: { type: "string" } } });
          const viaParameter = await analyzer.analyze({
            type: "azure-native:resources:Deployment",
            properties: deploymentInputs(t, { modelId: c.id === undefined ? {} : { value: c.id } }),
          });
          if (c.id === undefined) {
            // No value and no default: the pack cannot read the reference (fail closed, same rule).
            assert.equal(packVerdict(viaParameter.diagnostics).rule, "model-reference");
          } else {
            assertAgrees(c, "template parameter", coreVerdict(c, SurfaceKey.ServerlessEndpoint, { modelSettings: { modelId: c.id } }), viaParameter);
          }
          const generic = await analyzer.analyze({
            type: "azure-native:resources:Resource",
            properties: {
              resourceProviderNamespace: "Microsoft.MachineLearningServices",
              parentResourcePath: "workspaces/ws",
              resourceType: "serverlessEndpoints",
              apiVersion: "2024-10-01",
              properties: { modelSettings: c.id === undefined ? {} : { modelId: c.id } },
            },
          });
          assertAgrees(c, "generic resource", coreVerdict(c, SurfaceKey.ServerlessEndpoint, { modelSettings: { modelId: c.id } }), generic);
        }
      });
    });
  }
});

import assert from "node:assert/strict";

import { ModelSource } from "../../core/enums";
import { MODEL_ID_ALLOWED_CHARS, ModelRef, isValidSegment, nameKey, parseModelId, pinKey } from "../../core/model-id";
import { ATTACKER_IDS } from "../cases/attacker-ids";
import { expectedParse } from "./oracle";

const SUB = "00000000-0000-0000-0000-000000000000";
const ARM = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices`;
const arm = ARM.toLowerCase();

function parsed(id: unknown): ModelRef {
  const r = parseModelId(id);
  assert.ok(r.ok, `expected ${JSON.stringify(id)} to parse, got: ${r.ok ? "" : r.problem}`);
  return r.ref;
}

function problem(id: unknown): string {
  const r = parseModelId(id);
  assert.ok(!r.ok, `expected ${JSON.stringify(id)} to be refused, got ${JSON.stringify(r.ok && r.ref)}`);
  return r.problem;
}

describe("core/model-id", () => {
  describe("parseModelId: accepted forms", () => {
    const cases: Array<[string, string, ModelRef]> = [
      [
        "registry URI, unpinned",
        "azureml://registries/azureml/models/Phi-4",
        { source: ModelSource.Registry, registry: "azureml", model: "phi-4", canonical: "azureml://registries/azureml/models/phi-4" },
      ],
      [
        "registry URI, version",
        "azureml://registries/azureml-deepseek/models/DeepSeek-R1/versions/1",
        {
          source: ModelSource.Registry,
          registry: "azureml-deepseek",
          model: "deepseek-r1",
          version: "1",
          canonical: "azureml://registries/azureml-deepseek/models/deepseek-r1/versions/1",
        },
      ],
      [
        "registry URI, label",
        "azureml://registries/HuggingFace/models/bert-base-uncased/labels/latest",
        {
          source: ModelSource.Registry,
          registry: "huggingface",
          model: "bert-base-uncased",
          label: "latest",
          canonical: "azureml://registries/huggingface/models/bert-base-uncased/labels/latest",
        },
      ],
      [
        "registry URI, dotted model and semver version",
        "azureml://registries/azureml-meta/models/Llama-3.2-11B-Vision-Instruct/versions/1.0.0",
        {
          source: ModelSource.Registry,
          registry: "azureml-meta",
          model: "llama-3.2-11b-vision-instruct",
          version: "1.0.0",
          canonical: "azureml://registries/azureml-meta/models/llama-3.2-11b-vision-instruct/versions/1.0.0",
        },
      ],
      [
        "registry URI, keywords and names in odd case",
        "AzureML://REGISTRIES/TestFeed/Models/Model_Version_E2E/VERSIONS/V1",
        {
          source: ModelSource.Registry,
          registry: "testfeed",
          model: "model_version_e2e",
          version: "v1",
          canonical: "azureml://registries/testfeed/models/model_version_e2e/versions/v1",
        },
      ],
      [
        "registry URI, LABELS keyword upper case",
        "azureml://registries/azureml/models/Phi-4/LABELS/Default",
        {
          source: ModelSource.Registry,
          registry: "azureml",
          model: "phi-4",
          label: "default",
          canonical: "azureml://registries/azureml/models/phi-4/labels/default",
        },
      ],
      [
        "registry ARM id, version (canonical is the registry URI)",
        `${ARM}/registries/azureml/models/Phi-4/versions/7`,
        { source: ModelSource.Registry, registry: "azureml", model: "phi-4", version: "7", canonical: "azureml://registries/azureml/models/phi-4/versions/7" },
      ],
      [
        "registry ARM id, unpinned",
        `${ARM}/registries/azureml-meta/models/Meta-Llama-3-8B-Instruct`,
        {
          source: ModelSource.Registry,
          registry: "azureml-meta",
          model: "meta-llama-3-8b-instruct",
          canonical: "azureml://registries/azureml-meta/models/meta-llama-3-8b-instruct",
        },
      ],
      [
        "registry ARM id, upper case",
        `${ARM}/registries/azureml/models/Phi-4/versions/7`.toUpperCase(),
        { source: ModelSource.Registry, registry: "azureml", model: "phi-4", version: "7", canonical: "azureml://registries/azureml/models/phi-4/versions/7" },
      ],
      [
        "workspace ARM id, version",
        `${ARM}/workspaces/WS-Prod/models/Fraud/versions/3`,
        { source: ModelSource.Workspace, workspace: "ws-prod", model: "fraud", version: "3", canonical: `${arm}/workspaces/ws-prod/models/fraud/versions/3` },
      ],
      [
        "workspace ARM id, unpinned",
        `${ARM}/workspaces/ws-prod/models/fraud`,
        { source: ModelSource.Workspace, workspace: "ws-prod", model: "fraud", canonical: `${arm}/workspaces/ws-prod/models/fraud` },
      ],
      [
        "locations asset id, unpinned",
        "azureml://locations/westeurope/workspaces/ws-prod/models/fraud",
        { source: ModelSource.Workspace, workspace: "ws-prod", model: "fraud", canonical: "azureml://locations/westeurope/workspaces/ws-prod/models/fraud" },
      ],
      [
        "locations asset id, version",
        "azureml://locations/WestEurope/workspaces/ws-prod/models/Fraud/versions/3",
        {
          source: ModelSource.Workspace,
          workspace: "ws-prod",
          model: "fraud",
          version: "3",
          canonical: "azureml://locations/westeurope/workspaces/ws-prod/models/fraud/versions/3",
        },
      ],
      [
        "locations asset id, label",
        "azureml://locations/westeurope/workspaces/ws-prod/models/fraud/labels/latest",
        {
          source: ModelSource.Workspace,
          workspace: "ws-prod",
          model: "fraud",
          label: "latest",
          canonical: "azureml://locations/westeurope/workspaces/ws-prod/models/fraud/labels/latest",
        },
      ],
      [
        "subscriptions asset id, unpinned",
        `azureml://subscriptions/${SUB}/resourceGroups/rg-ml/workspaces/ws-prod/models/fraud`,
        {
          source: ModelSource.Workspace,
          workspace: "ws-prod",
          model: "fraud",
          canonical: `azureml://subscriptions/${SUB}/resourcegroups/rg-ml/workspaces/ws-prod/models/fraud`,
        },
      ],
      [
        "subscriptions asset id, version",
        `azureml://subscriptions/${SUB}/resourcegroups/rg-ml/workspaces/ws-prod/models/fraud/versions/3`,
        {
          source: ModelSource.Workspace,
          workspace: "ws-prod",
          model: "fraud",
          version: "3",
          canonical: `azureml://subscriptions/${SUB}/resourcegroups/rg-ml/workspaces/ws-prod/models/fraud/versions/3`,
        },
      ],
      [
        "subscriptions asset id, label",
        `azureml://subscriptions/${SUB}/resourceGroups/RG-ML/workspaces/ws-prod/models/fraud/labels/Latest`,
        {
          source: ModelSource.Workspace,
          workspace: "ws-prod",
          model: "fraud",
          label: "latest",
          canonical: `azureml://subscriptions/${SUB}/resourcegroups/rg-ml/workspaces/ws-prod/models/fraud/labels/latest`,
        },
      ],
      ["short form, version", "azureml:fraud:3", { source: ModelSource.Workspace, model: "fraud", version: "3", canonical: "azureml:fraud:3" }],
      [
        "short form, dotted version",
        "azureml:local-multimodel:3.1",
        { source: ModelSource.Workspace, model: "local-multimodel", version: "3.1", canonical: "azureml:local-multimodel:3.1" },
      ],
      [
        "short form, label",
        "azureml:mir-sample-sklearn-mlflow-model@latest",
        {
          source: ModelSource.Workspace,
          model: "mir-sample-sklearn-mlflow-model",
          label: "latest",
          canonical: "azureml:mir-sample-sklearn-mlflow-model@latest",
        },
      ],
      ["short form, upper case", "AZUREML:Fraud:V3", { source: ModelSource.Workspace, model: "fraud", version: "v3", canonical: "azureml:fraud:v3" }],
    ];
    for (const [title, id, expected] of cases) {
      it(`${title}: ${id}`, () => {
        assert.deepEqual(parsed(id), expected);
      });
    }

    it("every name, version and label is lower case whatever the input case", () => {
      const ref = parsed("AZUREML://REGISTRIES/AZUREML-META/MODELS/META-LLAMA/LABELS/LATEST");
      for (const v of [ref.registry, ref.model, ref.label, ref.canonical]) assert.equal(v, v?.toLowerCase());
      assert.equal(ref.registry, "azureml-meta");
    });

    it("the canonical form of each accepted id parses back to the same reference", () => {
      for (const [, id] of cases) {
        const ref = parsed(id);
        assert.deepEqual(parsed(ref.canonical), ref, id);
      }
    });
  });

  describe("parseModelId: refusals name the problem", () => {
    it("refuses values that are not strings", () => {
      assert.equal(problem(undefined), "no model id is given");
      assert.equal(problem(null), "no model id is given");
      assert.match(problem(42), /number, not a string/);
      assert.match(problem({ assetId: "azureml://registries/azureml/models/Phi-4" }), /object, not a string/);
      assert.match(problem(["azureml://registries/azureml/models/Phi-4"]), /an array, not a string/);
      assert.match(problem(true), /boolean, not a string/);
    });

    it("refuses the empty string", () => {
      assert.equal(problem(""), "the model id is empty");
    });

    const badChars: Array<[string, string, string]> = [
      ["leading space", " azureml://registries/azureml/models/Phi-4", "U+0020"],
      ["trailing newline", "azureml://registries/azureml/models/Phi-4\n", "U+000A"],
      ["tab", "azureml://registries/azureml\t/models/Phi-4", "U+0009"],
      ["NBSP", "azureml://registries/azureml/models/Phi-4\u00a0", "U+00A0"],
      ["percent", "azureml://registries/azureml%2Fmodels/Phi-4", "U+0025"],
      ["Cyrillic a", "azureml://registries/\u0430zureml/models/Phi-4", "U+0430"],
      ["Kelvin sign", "azureml://registries/azureml/models/\u212Aosmos", "U+212A"],
      ["dotless i", "azureml://registries/azureml/models/Ph\u0131-4", "U+0131"],
      ["long s", "azureml://regi\u017Ftries/azureml/models/Phi-4", "U+017F"],
      ["fullwidth a", "\uff41zureml://registries/azureml/models/Phi-4", "U+FF41"],
      ["zero-width joiner", "azureml://registries/azure\u200dml/models/Phi-4", "U+200D"],
      ["zero-width space", "azureml://registries/azureml\u200b/models/Phi-4", "U+200B"],
      ["NUL", "azureml:fraud:3\u0000", "U+0000"],
      ["query string", "azureml://registries/azureml/models/Phi-4?x=1", "U+003F"],
      ["fragment", "azureml://registries/azureml/models/Phi-4#x", "U+0023"],
      ["wildcard", "azureml://registries/azureml/models/Phi-4/versions/*", "U+002A"],
      ["backslash", "azureml:\\\\registries\\azureml", "U+005C"],
    ];
    for (const [title, id, code] of badChars) {
      it(`refuses a ${title} and names the character ${code}`, () => {
        const p = problem(id);
        assert.ok(p.includes(`character ${code}`), p);
        assert.match(p, /is not allowed; model ids use only ASCII letters, digits and \. _ - \/ : @/);
      });
    }

    it("names the first bad character, not a later one", () => {
      assert.match(problem("a b\u0430"), /U\+0020/);
    });

    const unknownScheme: string[] = [
      "https://ml.azure.com/registries/azureml/models/Phi-4",
      "http://azureml/registries/azureml/models/Phi-4",
      "hf://meta-llama/Llama-3-8B",
      "file:///tmp/model.bin",
      "oci://registry.example/models/phi:4",
      "azure-ml://registries/azureml/models/Phi-4",
      "azuremlx://registries/azureml/models/Phi-4",
      "subscriptions/x/resourceGroups/y",
      "//subscriptions/x",
      "registries/azureml/models/Phi-4",
      "Phi-4",
      "azureml",
    ];
    for (const id of unknownScheme) {
      it(`refuses an unknown scheme: ${id}`, () => {
        assert.equal(problem(id), "unknown scheme: model ids start with azureml://, azureml: or /subscriptions/");
      });
    }

    const unknownAzuremlForm: Array<[string, string]> = [
      ["azureml://feeds/azureml/models/Phi-4/versions/1", "feeds"],
      ["azureml://models/Phi-4/versions/1", "models"],
      ["azureml:///registries/azureml/models/Phi-4", ""],
      ["azureml://", ""],
      ["azureml://registry/azureml/models/Phi-4", "registry"],
    ];
    for (const [id, form] of unknownAzuremlForm) {
      it(`refuses the azureml:// form '${form}': ${id}`, () => {
        assert.equal(problem(id), `unknown azureml:// form '${form}' (only registries, locations and subscriptions model ids are recognised)`);
      });
    }

    const REGISTRY_EXPECTED = "expected azureml://registries/{registry}/models/{model}[/versions/{version} | /labels/{label}]";
    const badRegistryUris: Array<[string, string]> = [
      ["no registry", "azureml://registries"],
      ["empty registry", "azureml://registries//models/Phi-4"],
      ["no models segment", "azureml://registries/azureml"],
      ["no model", "azureml://registries/azureml/models"],
      ["empty model", "azureml://registries/azureml/models/"],
      ["empty model segment", "azureml://registries/azureml/models//versions/1"],
      ["versions without a version", "azureml://registries/azureml/models/Phi-4/versions"],
      ["empty version", "azureml://registries/azureml/models/Phi-4/versions/"],
      ["empty label", "azureml://registries/azureml/models/Phi-4/labels/"],
      ["trailing slash", "azureml://registries/azureml/models/Phi-4/"],
      ["trailing slash after a version", "azureml://registries/azureml/models/Phi-4/versions/1/"],
      ["double slash", "azureml://registries/azureml//models/Phi-4"],
      ["singular model", "azureml://registries/azureml/model/Phi-4"],
      ["singular version", "azureml://registries/azureml/models/Phi-4/version/1"],
      ["unknown pin kind", "azureml://registries/azureml/models/Phi-4/tags/latest"],
      ["two pins", "azureml://registries/azureml/models/Phi-4/versions/1/labels/latest"],
      ["an environment", "azureml://registries/azureml/environments/sklearn-1.5/labels/latest"],
      ["dot registry", "azureml://registries/./models/Phi-4"],
      ["dot-dot registry", "azureml://registries/../models/Phi-4"],
      ["hidden registry", "azureml://registries/.hidden/models/Phi-4"],
      ["dot model", "azureml://registries/azureml/models/."],
      ["dot-dot model", "azureml://registries/azureml/models/.."],
      ["hidden model", "azureml://registries/azureml/models/.hidden"],
      ["dot-dot version", "azureml://registries/azureml/models/Phi-4/versions/.."],
      ["hidden version", "azureml://registries/azureml/models/Phi-4/versions/.1"],
      ["dot label", "azureml://registries/azureml/models/Phi-4/labels/."],
      ["traversal into a trusted registry", "azureml://registries/azureml-evil/../azureml/models/Phi-4"],
      ["trailing dot segment", "azureml://registries/azureml/models/Phi-4/."],
    ];
    for (const [title, id] of badRegistryUris) {
      it(`refuses a registry URI with ${title}`, () => {
        assert.equal(problem(id), REGISTRY_EXPECTED);
      });
    }

    const badWorkspaceUris: Array<[string, RegExp]> = [
      ["azureml://locations/westeurope/workspaces//models/fraud", /^expected azureml:\/\/locations\/\{location\}\/workspaces/],
      ["azureml://locations//workspaces/ws/models/fraud", /^expected azureml:\/\/locations\//],
      ["azureml://locations/westeurope/workspaces/ws/models/fraud/versions/", /^expected azureml:\/\/locations\//],
      ["azureml://locations/westeurope/workspaces/ws/models/..", /^expected azureml:\/\/locations\//],
      ["azureml://locations/westeurope/workspace/ws/models/fraud", /^expected azureml:\/\/locations\//],
      [`azureml://subscriptions/${SUB}/resourceGroups/rg/workspaces/ws/models`, /^expected azureml:\/\/subscriptions\/\{id\}\/resourceGroups/],
      [`azureml://subscriptions/${SUB}/workspaces/ws/models/fraud`, /^expected azureml:\/\/subscriptions\//],
      [`azureml://subscriptions/${SUB}/resourceGroups/rg/workspaces/ws/models/fraud/versions/1/x`, /^expected azureml:\/\/subscriptions\//],
      [`azureml://subscriptions/${SUB}/resourceGroups/./workspaces/ws/models/fraud`, /^expected azureml:\/\/subscriptions\//],
    ];
    for (const [id, re] of badWorkspaceUris) {
      it(`refuses a malformed workspace asset id: ${id}`, () => {
        assert.match(problem(id), re);
      });
    }

    const colonAt: string[] = [
      "azureml://registries/azureml/models/Phi-4:1",
      "azureml://registries/azureml/models/Phi-4@latest",
      "azureml://registries/azureml:443/models/Phi-4",
      "azureml://evil@registries/azureml/models/Phi-4",
      "azureml://registries/evil/azureml://registries/azureml/models/Phi-4",
    ];
    for (const id of colonAt) {
      it(`refuses ':' or '@' after the azureml:// scheme: ${id}`, () => {
        assert.equal(problem(id), "':' and '@' are not allowed after the azureml:// scheme");
      });
    }

    const ARM_EXPECTED =
      "expected /subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.MachineLearningServices/{registries|workspaces}/{name}/models/{model}[/versions/{version}]";
    const badArm: Array<[string, string]> = [
      ["subscriptions only", "/subscriptions/"],
      ["a subscription", `/subscriptions/${SUB}`],
      ["a registry, no model", `${ARM}/registries/azureml`],
      ["a workspace, no model", `${ARM}/workspaces/ws-prod`],
      ["classic ML provider", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearning/registries/azureml/models/Phi-4`],
      ["provider with a suffix", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServicesX/registries/azureml/models/Phi-4`],
      ["Cognitive Services account", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/azureml/models/Phi-4`],
      ["singular resourceGroup", `/subscriptions/${SUB}/resourceGroup/rg/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`],
      ["no resource group", `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`],
      ["empty subscription", `/subscriptions//resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`],
      ["dot resource group", `/subscriptions/${SUB}/resourceGroups/./providers/Microsoft.MachineLearningServices/registries/azureml/models/Phi-4`],
      ["extra segment", `${ARM}/registries/azureml/models/Phi-4/versions/7/extra`],
      ["label (not an ARM form)", `${ARM}/registries/azureml/models/Phi-4/labels/latest`],
      ["empty version", `${ARM}/registries/azureml/models/Phi-4/versions/`],
      ["trailing slash", `${ARM}/registries/azureml/models/Phi-4/`],
      ["hidden model", `${ARM}/registries/azureml/models/.hidden`],
      ["dot-dot registry", `${ARM}/registries/../models/Phi-4`],
      ["unknown resource kind", `${ARM}/computes/azureml/models/Phi-4`],
      ["a deployment", `${ARM}/workspaces/ws-prod/onlineEndpoints/ep/deployments/blue`],
      ["two registries segments", `${ARM}/registries/azureml/registries/evil/models/Phi-4`],
    ];
    for (const [title, id] of badArm) {
      it(`refuses an ARM id: ${title}`, () => {
        assert.equal(problem(id), ARM_EXPECTED);
      });
    }

    it("refuses ':' and '@' in an ARM id", () => {
      assert.equal(problem(`${ARM}/registries/azureml/models/Phi-4:7`), "':' and '@' are not allowed in an ARM id");
      assert.equal(problem(`${ARM}/registries/azureml@evil/models/Phi-4`), "':' and '@' are not allowed in an ARM id");
    });

    const SHORT_EXPECTED = "expected azureml:{model}:{version} or azureml:{model}@{label}";
    const badShort: string[] = [
      "azureml:",
      "azureml:fraud",
      "azureml:fraud:",
      "azureml::3",
      "azureml:fraud:3:4",
      "azureml:fraud@latest@x",
      "azureml:fraud:3@latest",
      "azureml:fraud@latest:3",
      "azureml:fraud/1:3",
      "azureml:.hidden:1",
      "azureml:..:1",
      "azureml:fraud:.1",
      "azureml:fraud@",
      "azureml:@latest",
      "azureml:fraud@.x",
      "azureml:registries/azureml/models/Phi-4",
      "azureml:/registries/azureml/models/Phi-4",
    ];
    for (const id of badShort) {
      it(`refuses a short form: ${JSON.stringify(id)}`, () => {
        assert.equal(problem(id), SHORT_EXPECTED);
      });
    }
  });

  describe("segments and keys", () => {
    it("isValidSegment refuses empty, dot and hidden segments only", () => {
      for (const s of ["", ".", "..", ".hidden", ".1"]) assert.equal(isValidSegment(s), false, s);
      for (const s of ["a", "1", "a.b", "a..", "-", "_x", "Phi-4"]) assert.equal(isValidSegment(s), true, s);
    });

    it("MODEL_ID_ALLOWED_CHARS is ASCII letters, digits and . _ - / : @ exactly", () => {
      const expected = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@";
      assert.deepEqual([...MODEL_ID_ALLOWED_CHARS].sort(), [...expected].sort());
    });

    it("nameKey and pinKey spell the list keys", () => {
      assert.equal(nameKey("azureml", "phi-4"), "azureml/phi-4");
      assert.equal(pinKey("azureml", "phi-4", "3"), "azureml/phi-4/versions/3");
      assert.equal(pinKey("azureml", "phi-4", undefined), "azureml/phi-4/versions/*");
    });

    it("an unpinned key never equals a pinned key (no parsed version can be '*')", () => {
      assert.equal(parseModelId("azureml://registries/azureml/models/phi-4/versions/*").ok, false);
    });
  });

  describe("attacker corpus against an independent reading of the grammar", () => {
    it(`parses exactly what the reader expects, and refuses the rest (${ATTACKER_IDS.length} ids)`, () => {
      const disagreements: string[] = [];
      for (const { id, category } of ATTACKER_IDS) {
        const core = parseModelId(id);
        const reader = expectedParse(id);
        if (core.ok !== (reader !== undefined)) {
          disagreements.push(
            `${JSON.stringify(id)} [${category}]: core ${core.ok ? "parses" : `refuses (${core.problem})`}, reader ${reader ? "parses" : "refuses"}`,
          );
        } else if (core.ok && reader) {
          try {
            assert.deepEqual({ ...core.ref }, reader);
          } catch {
            disagreements.push(`${JSON.stringify(id)}: core ${JSON.stringify(core.ref)} vs reader ${JSON.stringify(reader)}`);
          }
        }
      }
      assert.deepEqual(disagreements, []);
    });

    it("refuses every id of the whitespace, unicode, percent-encoding, empty and scheme categories except the legitimate upper-case schemes", () => {
      const legit = new Set(["AZUREML://REGISTRIES/AZUREML/MODELS/PHI-4", "Azureml://registries/azureml/models/Phi-4"]);
      for (const { id, category } of ATTACKER_IDS) {
        if (!["whitespace", "unicode", "percent-encoding", "empty", "scheme"].includes(category) || legit.has(id)) continue;
        assert.equal(parseModelId(id).ok, false, JSON.stringify(id));
      }
      for (const id of legit) assert.equal(parseModelId(id).ok, true, id);
    });

    it("the corpus parses every legitimate id of the reference note", () => {
      for (const { id, category } of ATTACKER_IDS) if (category === "legit") assert.ok(parseModelId(id).ok, id);
    });
  });
});

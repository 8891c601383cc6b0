/**
 * Issue 15 through `check --arm-template` (with `--parameters`): the same templates as the served
 * pack test, decided the same way.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { main } from "../../cli/main";
import { capture, CheckJsonResult, checkJson, CLI_BIN as BIN, scratchFolder } from "../support/cli";
import {
  ambiguousVariants,
  avmServerlessModule,
  azdStarter,
  bicepNestedViaVariable,
  escapedServerless,
  EVIL,
  GOOD,
  keyCaseVariants,
  parametersFile,
  PROTO_TEMPLATE_JSON,
  scriptInTemplate,
  stackInTemplate,
} from "../crossguard/arm-template-shapes";
import { resource, stackExport } from "./stack-export-fixture";

const { file } = scratchFolder("amg-check-arm-");
// The azd deployments name OpenAI and Microsoft catalog models: trusted here, so the registry rules decide.
const RULES = file("rules.json", { allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI", "Microsoft"] });

const check = (...args: string[]) => checkJson("--config", RULES, ...args);
const rules = (rs: CheckJsonResult[]): string[] => rs.map((r) => (r.warning ? "warning" : r.rule));

describe("cli: check --arm-template, issue 15", () => {
  it("--parameters FILE (az deployment parameters format) and name=value decide a module whose model is a required parameter", async () => {
    const t = file("avm.json", avmServerlessModule());
    const none = await check("--arm-template", t);
    assert.equal(none.code, 1);
    assert.match(none.results[0].reason, /parameter 'model' has no value here.*--parameters/);
    const good = file("good.parameters.json", parametersFile({ workspaceName: "ws", name: "chat", model: { modelId: GOOD } }));
    assert.deepEqual(rules((await check("--arm-template", t, "--parameters", good)).results), ["allowed"]);
    assert.equal((await check("--arm-template", t, "--parameters", good)).code, 0);
    // name=value wins over the file given before it; JSON objects are parsed.
    const evil = await check("--arm-template", t, "--parameters", good, "--parameters", `model={"modelId":"${EVIL}"}`);
    assert.equal(evil.code, 1);
    assert.deepEqual(rules(evil.results), ["trusted-registries"]);
    // The bare {name: {value}} form az also reads, and @file.
    const bare = file("bare.json", { workspaceName: { value: "ws" }, name: { value: "c" }, model: { value: { modelId: EVIL } } });
    assert.deepEqual(rules((await check("--arm-template", t, "--parameters", `@${bare}`)).results), ["trusted-registries"]);
  });

  it("--parameters problems are usage errors naming the fix", async () => {
    const t = file("avm2.json", avmServerlessModule());
    const bad = await check("--arm-template", t, "--parameters", file("bad.json", { parameters: { model: 42 } }));
    assert.equal(bad.code, 2);
    const io = capture();
    assert.equal(await main(["check", "--config", RULES, "--model", GOOD, "--parameters", "a=b"], io), 2);
    assert.match(io.stderr, /--parameters gives values to --arm-template files/);
  });

  it("azd copy loops: nothing without deployments; each deployment decided with them", async () => {
    const t = file("azd.json", azdStarter());
    const none = await check("--arm-template", t);
    assert.equal(none.code, 0);
    assert.deepEqual(none.results, []);
    const deployments = [
      { name: "gpt", model: { format: "OpenAI", name: "gpt-4o", version: "1" }, sku: { name: "Standard" } },
      { name: "phi", model: { format: "Microsoft", name: "Phi-4", source: GOOD }, sku: { name: "Standard" } },
    ];
    const some = await check("--arm-template", t, "--parameters", `deployments=${JSON.stringify(deployments)}`);
    assert.equal(some.code, 0);
    // gpt-4o is decided as a catalog model too (issue 10), so three verdicts.
    assert.deepEqual(rules(some.results), ["allowed", "allowed", "allowed"]);
  });

  it("a Bicep nested template in a variable is decided on its model", async () => {
    const inner = [escapedServerless("[[parameters('modelId')]")];
    assert.equal((await check("--arm-template", file("b1.json", bicepNestedViaVariable(inner, GOOD)))).code, 0);
    assert.deepEqual(rules((await check("--arm-template", file("b2.json", bicepNestedViaVariable(inner, EVIL)))).results), ["trusted-registries"]);
  });

  it("key-case variants, ambiguous keys, a __proto__ symbolic name, deployment stacks and scripts", async () => {
    for (const [what, t] of keyCaseVariants())
      assert.deepEqual(rules((await check("--arm-template", file("k.json", t))).results), ["trusted-registries"], what);
    for (const [what, t] of ambiguousVariants()) {
      const r = await check("--arm-template", file("a.json", t));
      assert.equal(r.code, 1, what);
      assert.ok(
        r.results.some((x) => /differ only in case/.test(x.reason)),
        what,
      );
    }
    assert.deepEqual(rules((await check("--arm-template", file("p.json", PROTO_TEMPLATE_JSON))).results), ["trusted-registries"]);
    const inner = {
      resources: [{ type: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", name: "ws/e", properties: { modelSettings: { modelId: EVIL } } }],
    };
    assert.deepEqual(rules((await check("--arm-template", file("s.json", stackInTemplate(inner)))).results), ["trusted-registries"]);
    const script = await check("--arm-template", file("ds.json", scriptInTemplate()));
    assert.equal(script.code, 0, "a warning does not fail the check");
    assert.deepEqual(rules(script.results), ["warning"]);
  });

  it("--stack-export: a resource with both v3 properties and the v2 input is denied when either is (stricter wins)", async () => {
    const both = (v3: string, v2: string) =>
      resource("azure-native:machinelearningservices:ServerlessEndpoint", "ep", {
        resourceGroupName: "rg",
        properties: { modelSettings: { modelId: v3 } },
        serverlessEndpointProperties: { modelSettings: { modelId: v2 } },
      });
    const r = await check("--stack-export", file("both.json", stackExport([both(GOOD, EVIL), both(EVIL, GOOD)])));
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.results.filter((x) => !x.allowed).map((x) => x.rule),
      ["trusted-registries", "trusted-registries"],
    );
  });

  it("10,000-level nesting: a clean fail-closed denial from the real binary, no stack trace", () => {
    const n = 10_000;
    const text = `{"$schema":"x","resources":[${'{"type":"Microsoft.Storage/storageAccounts","name":"l","resources":['.repeat(n)}{"type":"leaf","name":"x"}${"]}".repeat(n)}]}`;
    const f = file("deep.json", text);
    const r = spawnSync(process.execPath, [BIN, "check", "--config", RULES, "--arm-template", f], { encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /DENY .*\n.*nested more than 32 deep/);
  });
});

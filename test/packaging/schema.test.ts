/**
 * The multi-language contract: what `pulumi package add` serves to Python, Go, C#, Java and YAML
 * programs is the schema the Pulumi component analyzer derives from the component's TypeScript
 * (`ComponentProvider.getSchema()`). This test holds that schema to the governance config JSON
 * Schema (`core/config/schema.ts`), key by key and level by level, required keys included: a
 * setting the config accepts is an input in every language, with the same type and enum values,
 * and every input is a plain value (the component validates its args synchronously).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { MlDeploymentGovernance, effectiveConfigJson } from "../../components/ml-deployment-governance";
import { governanceConfigSchema, validateGovernanceConfig } from "../../core";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const TOKEN = "azure-ml-governance:index:MlDeploymentGovernance";

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: unknown;
  description?: string;
};
type PulumiProp = {
  type?: string;
  $ref?: string;
  items?: PulumiProp;
  additionalProperties?: PulumiProp;
  plain?: boolean;
  optional?: boolean;
  description?: string;
};
type PulumiType = { type: string; enum?: Array<{ value: unknown }>; properties?: Record<string, PulumiProp>; required?: string[] };
interface PackageSchema {
  name: string;
  version: string;
  resources: Record<
    string,
    { isComponent: boolean; inputProperties: Record<string, PulumiProp>; requiredInputs: string[]; properties: Record<string, PulumiProp>; required?: string[] }
  >;
  types: Record<string, PulumiType>;
  language: Record<string, unknown>;
}

describe("packaging: the multi-language schema (pulumi package add)", function () {
  this.timeout(120_000);
  let schema: PackageSchema;

  before(async () => {
    const provider = new ComponentProvider({ components: [MlDeploymentGovernance], name: "azure-ml-governance", dirname: ROOT });
    schema = JSON.parse(await provider.getSchema()) as PackageSchema;
  });

  const typeOf = (ref: string): PulumiType => {
    const m = /^#\/types\/(.+)$/.exec(ref);
    assert.ok(m, `unexpected $ref ${ref}`);
    const t = schema.types[m[1]];
    assert.ok(t, `$ref ${ref} does not resolve`);
    return t;
  };

  /** Compares a JSON Schema node with the Pulumi schema property generated for it. */
  function compare(json: JsonSchema, prop: PulumiProp, at: string, input: boolean): void {
    if (input) assert.equal(prop.plain, true, `${at} must be a plain input (the component validates args synchronously)`);
    switch (json.type) {
      case "string":
        if (json.enum) {
          assert.ok(prop.$ref, `${at}: an enum in the config, so an enum type in every language`);
          const values = (typeOf(prop.$ref).enum ?? []).map((e) => e.value);
          for (const v of json.enum) assert.ok(values.includes(v), `${at}: enum value ${String(v)} missing from ${prop.$ref}`);
        } else {
          assert.equal(prop.type, "string", at);
        }
        return;
      case "integer":
      case "number":
        assert.ok(prop.type === "integer" || prop.type === "number", `${at}: ${prop.type}`);
        return;
      case "boolean":
        assert.equal(prop.type, "boolean", at);
        return;
      case "array":
        assert.equal(prop.type, "array", at);
        assert.ok(prop.items && json.items, `${at}: items`);
        compare(json.items, prop.items, `${at}[]`, input);
        return;
      case "object": {
        if (!json.properties) {
          assert.equal(prop.type, "object", at);
          return;
        }
        assert.ok(prop.$ref, `${at}: an object with named settings, so a named type`);
        const t = typeOf(prop.$ref);
        assert.equal(t.type, "object", at);
        assert.deepEqual(Object.keys(t.properties ?? {}).sort(), Object.keys(json.properties).sort(), `${at}: the settings of ${prop.$ref}`);
        assert.deepEqual([...(t.required ?? [])].sort(), [...(json.required ?? [])].sort(), `${at}: the required settings of ${prop.$ref}`);
        for (const [k, sub] of Object.entries(json.properties)) compare(sub, t.properties![k], `${at}.${k}`, input);
        return;
      }
      default:
        assert.fail(`${at}: JSON Schema type ${String(json.type)} is not mapped`);
    }
  }

  it("names the package and the component as the multi-language host expects", () => {
    assert.equal(schema.name, "azure-ml-governance");
    assert.equal(schema.version, (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    assert.equal(schema.resources[TOKEN]?.isComponent, true);
    for (const lang of ["python", "go", "csharp", "java", "nodejs"]) assert.ok(lang in schema.language, `language ${lang}`);
    assert.equal((YAML.parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8")) as { runtime: string }).runtime, "nodejs");
  });

  it("has one input per governance config key, required as the config requires, typed as the config types them", () => {
    const resource = schema.resources[TOKEN];
    const properties = governanceConfigSchema.properties as Record<string, JsonSchema>;
    assert.deepEqual(Object.keys(resource.inputProperties).sort(), Object.keys(properties).sort());
    assert.deepEqual([...resource.requiredInputs].sort(), [...(governanceConfigSchema.required as string[])].sort());
    for (const [key, json] of Object.entries(properties)) {
      const prop = resource.inputProperties[key];
      compare(json, prop, key, true);
      assert.ok((prop.description ?? "").length > 10, `${key} has a description for the generated SDKs`);
      assert.equal(prop.optional === true, !(governanceConfigSchema.required as string[]).includes(key), `${key}: optional`);
    }
  });

  it("keeps the top-level enums exactly the config's (Effect, WorkspaceModels, EnforcementMode)", () => {
    const properties = governanceConfigSchema.properties as Record<string, JsonSchema>;
    for (const key of ["effect", "workspaceModels", "enforcementMode"]) {
      const prop = schema.resources[TOKEN].inputProperties[key];
      assert.deepEqual((typeOf(prop.$ref!).enum ?? []).map((e) => e.value).sort(), [...(properties[key].enum as string[])].sort(), key);
    }
  });

  it("outputs: ids, names, the effective config (a named type covering effectiveConfigJson), the pack config", () => {
    const resource = schema.resources[TOKEN];
    const outputs = resource.properties;
    for (const key of ["initiativeId"]) assert.equal(outputs[key].type, "string", key);
    for (const key of ["definitionIds", "assignmentIds", "assignmentNames"]) {
      assert.equal(outputs[key].type, "object", key);
      assert.equal(outputs[key].additionalProperties?.type, "string", key);
    }
    assert.equal(outputs.policyPackConfig.type, "object");
    const effective = typeOf(outputs.effectiveConfig.$ref!);
    const sample = validateGovernanceConfig({
      scope: "/subscriptions/22222222-2222-2222-2222-222222222222",
      allowedRegistries: ["azureml"],
      nonComplianceMessage: "m",
      owner: "o",
    });
    assert.ok(sample.ok);
    const json = effectiveConfigJson(sample.config) as unknown as Record<string, unknown>;
    for (const key of Object.keys(json)) assert.ok(effective.properties && key in effective.properties, `effectiveConfig.${key} is in the schema type`);
    for (const key of effective.required ?? []) assert.ok(key in json, `required effectiveConfig.${key} is always set`);
  });

  it("every $ref in the schema resolves", () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.push(x);
          else walk(x);
        }
      }
    };
    walk(schema.resources);
    walk(schema.types);
    assert.ok(refs.length > 5);
    for (const ref of refs) if (!ref.startsWith("pulumi.json#/")) typeOf(ref);
  });

  it("the README's YAML consumer sets only inputs the schema has, with the required ones", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1])
      .filter((b) => b.includes("azure-ml-governance:index:MlDeploymentGovernance"));
    assert.ok(blocks.length > 0, "README has a YAML consumer");
    const program = YAML.parse(blocks[0]) as { resources: Record<string, { type: string; properties: Record<string, unknown> }> };
    const component = Object.values(program.resources).find((r) => r.type === TOKEN);
    assert.ok(component, "the YAML program declares the component");
    const inputs = schema.resources[TOKEN].inputProperties;
    for (const key of Object.keys(component.properties)) assert.ok(key in inputs, `README YAML sets unknown input ${key}`);
    for (const key of schema.resources[TOKEN].requiredInputs) assert.ok(key in component.properties, `README YAML lacks required ${key}`);
  });
});

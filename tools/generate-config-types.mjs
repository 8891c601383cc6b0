#!/usr/bin/env node
/**
 * Writes `core/config/config-types.generated.ts`, the TypeScript types of the governance config,
 * from its JSON Schema (`core/config/schema.ts`, read from `dist/` after `tsc`), so the schema is
 * the one source of every key, type, enum and required field.
 *
 *   node tools/generate-config-types.mjs          write the file (then build again)
 *   node tools/generate-config-types.mjs --check  exit 1 if the file is not what the schema gives
 *
 * The types stay readable by the Pulumi component analyzer (the multi-language schema): an object
 * node with a `title` becomes a named interface, and an enum node with a `title` refers to the
 * `as const` enum of that name instead of a literal union (the analyzer reads only named enums).
 * Docs come from `description`; a type several keys share takes its own doc from `$comment`.
 */
import { createRequire } from "node:module";
import process from "node:process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "core", "config", "config-types.generated.ts");
const require = createRequire(import.meta.url);

/** Where each named enum a schema `title` may refer to is declared (relative to core/config/). */
const ENUM_MODULES = {
  Effect: "../enums",
  WorkspaceModels: "../enums",
  EnforcementMode: "../enums",
  GuardrailEffect: "../guardrails/types",
  ExemptionCategory: "../guardrails/types",
  DeploymentTypeSetting: "../deployment-controls/catalogue",
  VersionUpgradeOption: "../deployment-controls/catalogue",
  PolicyGroupMode: "./pulumi-cloud",
};

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The enum values a named enum declares, from the built module. */
function enumValues(name) {
  const modulePath = path.join(ROOT, "dist", "core", "config", `${ENUM_MODULES[name]}.js`);
  const declared = require(modulePath)[name];
  if (!isObject(declared)) throw new Error(`${ENUM_MODULES[name]} does not export the enum ${name}`);
  return Object.values(declared);
}

/** The keys of a schema node whose values are maps of schemas (their keys are names, not keywords). */
const SCHEMA_MAPS = new Set(["properties", "definitions"]);

const mapValues = (map, f) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v, k)]));

/** A copy of a schema without some keywords, at every level (a property named like one is kept). */
function withoutKeywords(node, keywords) {
  if (Array.isArray(node)) return node.map((n) => withoutKeywords(n, keywords));
  if (!isObject(node)) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (keywords.includes(k)) continue;
    out[k] = SCHEMA_MAPS.has(k) ? mapValues(v, (sub) => withoutKeywords(sub, keywords)) : withoutKeywords(v, keywords);
  }
  return out;
}
const DOCS = ["description", "$comment"];

/** Two uses of one shared type: keep the docs they agree on; where they differ, the shared `$comment` (or none). */
function commonDocs(a, b) {
  if (Array.isArray(a)) return a.map((x, i) => commonDocs(x, b[i]));
  if (!isObject(a)) return a;
  const out = {};
  for (const [k, v] of Object.entries(a)) {
    if (k === "description") {
      const doc = b.description === v ? v : a.$comment === b.$comment ? a.$comment : undefined;
      if (doc !== undefined) out[k] = doc;
    } else if (SCHEMA_MAPS.has(k)) out[k] = mapValues(v, (sub, name) => commonDocs(sub, b[k][name]));
    else out[k] = commonDocs(v, b[k]);
  }
  return out;
}

/** Rewrites the schema for json-schema-to-typescript: titled enums → named enums, titled objects → named interfaces. */
function prepare(schema) {
  const interfaces = new Map();
  const enumsUsed = new Set();
  const visit = (node, at) => {
    if (!isObject(node)) return node;
    if (Array.isArray(node.enum) && typeof node.title === "string") {
      if (!(node.title in ENUM_MODULES)) throw new Error(`${at}: enum title ${node.title} is not a named enum (add it to ENUM_MODULES)`);
      const declared = enumValues(node.title);
      const missing = node.enum.filter((v) => !declared.includes(v));
      if (missing.length > 0) throw new Error(`${at}: ${node.title} lacks ${missing.join(", ")}`);
      enumsUsed.add(node.title);
      const docs = Object.fromEntries(["description", "$comment"].filter((k) => node[k] !== undefined).map((k) => [k, node[k]]));
      return { tsType: node.title, ...docs };
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "properties") out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, visit(sub, `${at}.${name}`)]));
      else if (k === "items")
        out[k] = withoutKeywords(visit(v, `${at}[]`), DOCS); // the array's own doc says it
      else out[k] = v;
    }
    if (node.type !== "object" || typeof node.title !== "string" || at === "") return out;
    // A named interface: its own doc is `$comment` (shared types) or the description.
    const { $comment, ...rest } = out;
    const body = { ...rest, description: $comment ?? node.description };
    const seen = interfaces.get(node.title);
    if (seen && JSON.stringify(withoutKeywords(seen, DOCS)) !== JSON.stringify(withoutKeywords(body, DOCS)))
      throw new Error(`${at}: title ${node.title} is used for two different shapes; give one another title`);
    interfaces.set(node.title, seen ? commonDocs(seen, body) : body);
    return { tsType: node.title, ...(node.description ? { description: node.description } : {}) };
  };
  const root = visit(schema, "");
  return { root: withoutKeywords({ ...root, definitions: Object.fromEntries(interfaces) }, ["$comment"]), enumsUsed };
}

async function generate() {
  const { compile } = require("json-schema-to-typescript");
  const prettier = require("prettier");
  const { governanceConfigSchema } = require(path.join(ROOT, "dist", "core", "config", "schema.js"));
  const { root, enumsUsed } = prepare(governanceConfigSchema);
  const body = await compile(root, String(governanceConfigSchema.title), {
    bannerComment: "",
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    format: false,
  });
  const byModule = new Map();
  for (const name of [...enumsUsed].sort()) byModule.set(ENUM_MODULES[name], [...(byModule.get(ENUM_MODULES[name]) ?? []), name]);
  const imports = [...byModule].map(([from, names]) => `import type { ${names.join(", ")} } from "${from}";`).join("\n");
  const text = [
    "// Generated by tools/generate-config-types.mjs from the governance config JSON Schema",
    "// (core/config/schema.ts and the fragments it spreads in). Do not edit: change the schema,",
    "// build, and run `npm run generate`; test/packaging/config-types.test.ts checks it is current.",
    imports,
    "",
    body,
  ].join("\n");
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  const formatted = await prettier.format(text, { ...options, filepath: OUT });
  // The library notes where each interface came from; the header says it once for all of them.
  return formatted
    .replace(/(?:\n \*)?\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g, "")
    .replace(/\/\*\*\n \*\/\n/g, "");
}

const text = await generate();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
  if (current !== text) {
    process.stderr.write(`${path.relative(ROOT, OUT)} is not what the schema gives: run npm run build && npm run generate\n`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(OUT, text);
  process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
}

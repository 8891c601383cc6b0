/**
 * The README's "Governance config reference" table is checked against the schema the code
 * validates with (`governanceConfigSchema`): every key documented and no other, required where
 * the schema requires it, the same type, enum values, default and limits.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { governanceConfigSchema } from "../../core";

const ROOT = path.resolve(__dirname, "..", "..", "..");

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  default?: unknown;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
};

/** One row of the reference table. */
interface Row {
  key: string;
  type: string;
  default: string;
  meaning: string;
}

/** The rows of the first table under `## Governance config reference`. */
export function referenceRows(readme: string): Row[] {
  const start = readme.indexOf("\n## Governance config reference\n");
  assert.ok(start >= 0, "README has a 'Governance config reference' section");
  const rest = readme.slice(start + 1);
  const end = rest.indexOf("\n## ", 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const lines = section.split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  assert.ok(first >= 0, "the section has a table");
  const table: string[] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith("|")) break;
    table.push(l);
  }
  const cells = (l: string) =>
    l
      .slice(1, l.endsWith("|") ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, "|"));
  const header = cells(table[0]).map((h) => h.toLowerCase());
  assert.deepEqual(header, ["key", "type", "default", "meaning"]);
  return table.slice(2).map((l) => {
    const [key, type, def, meaning] = cells(l);
    const m = /^`([A-Za-z]+)`$/.exec(key);
    assert.ok(m, `key cell ${key} is one backticked name`);
    return { key: m[1], type, default: def, meaning };
  });
}

/** What a type cell says: base type, enum values, required, limits. */
function parseType(cell: string): { base: string; enumValues?: string[]; required: boolean; range?: [number, number]; max?: number } {
  const parts = cell.split(",").map((p) => p.trim());
  const required = parts.includes("**required**");
  const base = parts[0];
  const out: { base: string; enumValues?: string[]; required: boolean; range?: [number, number]; max?: number } = { base, required };
  if (base.includes("`")) {
    out.enumValues = base.split("|").map((v) => {
      const m = /^`([^`]+)`$/.exec(v.trim());
      assert.ok(m, `enum value ${v} in ${cell}`);
      return m[1];
    });
    out.base = "enum";
  }
  for (const p of parts.slice(1)) {
    if (p === "**required**") continue;
    const range = /^(\d+)–(\d+)$/.exec(p);
    const max = /^≤ (\d+)$/.exec(p);
    if (range) out.range = [Number(range[1]), Number(range[2])];
    else if (max) out.max = Number(max[1]);
    else assert.fail(`unrecognised part '${p}' of type cell '${cell}' (use '1–100', '≤ 500' or '**required**')`);
  }
  return out;
}

/** The type cell's base for a schema node. */
function expectedBase(s: JsonSchema): string {
  if (s.enum) return "enum";
  if (s.type === "array") return `${expectedBase(s.items ?? {})}[]`;
  if (s.type === "integer" || s.type === "number") return "integer";
  return s.type ?? "?";
}

describe("packaging: the README config reference matches the schema", () => {
  const rows = referenceRows(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  const properties = governanceConfigSchema.properties as Record<string, JsonSchema>;
  const required = governanceConfigSchema.required as string[];

  it("documents every schema key once, and no key the schema does not have", () => {
    const documented = rows.map((r) => r.key);
    assert.equal(new Set(documented).size, documented.length, "a key is documented twice");
    const schemaKeys = Object.keys(properties);
    assert.deepEqual(
      schemaKeys.filter((k) => !documented.includes(k)),
      [],
      "schema keys missing from the README table",
    );
    assert.deepEqual(
      documented.filter((k) => !schemaKeys.includes(k)),
      [],
      "README keys the schema does not accept",
    );
  });

  for (const row of rows) {
    it(`${row.key}: type, required, enum values, limits and default match the schema`, function () {
      const s = properties[row.key];
      if (!s) this.skip(); // reported by the test above
      const t = parseType(row.type);
      assert.equal(t.base, expectedBase(s), `type of ${row.key}`);
      assert.equal(t.required, required.includes(row.key), `${row.key} is${required.includes(row.key) ? "" : " not"} required`);
      if (s.enum) assert.deepEqual(t.enumValues, s.enum, `enum values of ${row.key}, in schema order`);

      // Limits: documented ones must be the schema's, and the schema's must be documented.
      if (s.type === "array") {
        const min = s.minItems ?? 0;
        if (min > 0) assert.deepEqual(t.range, [min, s.maxItems], `${row.key}: write '${min}–${s.maxItems}'`);
        else if (s.maxItems !== undefined) assert.equal(t.max, s.maxItems, `${row.key}: write '≤ ${s.maxItems}'`);
        else assert.ok(t.max === undefined && t.range === undefined, `${row.key} has no limit in the schema`);
      } else if (s.type === "string") {
        if (s.maxLength !== undefined) assert.equal(t.max, s.maxLength, `${row.key}: write '≤ ${s.maxLength}'`);
        else assert.ok(t.max === undefined && t.range === undefined, `${row.key} has no limit in the schema`);
      } else if (s.type === "integer" || s.type === "number") {
        assert.deepEqual(t.range, [s.minimum, s.maximum], `${row.key}: write '${s.minimum}–${s.maximum}'`);
      } else {
        assert.ok(t.max === undefined && t.range === undefined, `${row.key}: no limits for ${s.type}`);
      }

      // Default: a literal default is written as code and equals the schema's.
      const literal = /^`([^`]*)`$/.exec(row.default);
      if (s.default !== undefined) {
        assert.ok(literal, `${row.key}: the schema default ${JSON.stringify(s.default)} should be written as \`…\``);
        const expected = typeof s.default === "string" ? s.default : JSON.stringify(s.default);
        assert.equal(literal[1], expected, `default of ${row.key}`);
      } else {
        assert.ok(!literal, `${row.key}: the README gives a literal default (${row.default}) the schema does not have`);
      }
      assert.ok(row.meaning.length > 10, `${row.key} has a meaning`);
    });
  }
});

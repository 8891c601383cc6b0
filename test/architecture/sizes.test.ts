/**
 * Rooms small enough to know (GUIDE.md: one topic per file and per function): outside tests and
 * benchmarks, no source file over 800 lines and no function over 150, measured with the TypeScript
 * API (a function's lines run from its first token to its closing brace, nested functions included).
 */
import { strict as assert } from "node:assert";
import { functionSizes, sourceModules } from "./source-graph";

const MAX_FILE_LINES = 800;
const MAX_FUNCTION_LINES = 150;

describe("architecture: file and function sizes", () => {
  const modules = [...sourceModules().values()];

  it(`no source file has more than ${MAX_FILE_LINES} lines`, () => {
    assert.deepEqual(
      modules.filter((m) => m.lines > MAX_FILE_LINES).map((m) => `${m.file}: ${m.lines} lines`),
      [],
    );
  });

  it(`no function has more than ${MAX_FUNCTION_LINES} lines`, () => {
    const sizes = modules.flatMap(functionSizes);
    assert.ok(sizes.length > 300, `measured ${sizes.length} functions`);
    assert.ok(
      sizes.some((f) => f.lines > 50),
      "the measure sees whole function bodies",
    );
    assert.deepEqual(
      sizes.filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.file}:${f.line} ${f.name}: ${f.lines} lines`),
      [],
    );
  });
});

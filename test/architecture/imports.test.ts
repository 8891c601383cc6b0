/**
 * The direction of imports (docs/architecture.md), read from the sources with the TypeScript API:
 * no cycles; the rules core imports no adapter and no Pulumi package; no adapter imports another
 * (azure-policy/ + components/ are one adapter, crossguard/ and cli/ the others); the offline
 * Azure Policy evaluator, the independent oracle of the agreement tests, imports nothing of the code
 * it checks.
 */
import { strict as assert } from "node:assert";
import { importCycles, SourceModule, sourceModules } from "./source-graph";

/** The layer a module belongs to; composition roots (entries and stack programs) may import any layer. */
function layerOf(file: string): "core" | "azure-policy" | "crossguard" | "cli" | "root" {
  if (file.startsWith("core/")) return "core";
  if (file.startsWith("azure-policy/") || file.startsWith("components/")) return "azure-policy";
  if (file.startsWith("crossguard/")) return "crossguard";
  // cli/programs/ holds stack programs the CLI runs by path under mocks, like index.ts: roots.
  if (file.startsWith("cli/programs/")) return "root";
  if (file.startsWith("cli/")) return "cli";
  return "root"; // lib.ts, index.ts, policypack/index.ts
}

function offending(modules: Map<string, SourceModule>, allowed: (from: string, to: string) => boolean): string[] {
  return [...modules.values()].flatMap((m) => m.imports.filter((to) => !allowed(m.file, to)).map((to) => `${m.file} → ${to}`));
}

describe("architecture: the direction of imports", () => {
  const modules = sourceModules();

  it("reads the whole source tree", () => {
    for (const f of ["lib.ts", "index.ts", "core/decision.ts", "azure-policy/evaluator/index.ts", "components/ml-deployment-governance.ts", "cli/main.ts"])
      assert.ok(modules.has(f), `${f} not read`);
    assert.ok(modules.get("cli/main.ts")!.imports.includes("cli/commands/check.ts"), "lazy import() calls count as imports");
  });

  it("has no import cycles, type-only imports included", () => {
    assert.deepEqual(
      importCycles(modules).map((c) => c.join(" → ")),
      [],
    );
  });

  it("finds a cycle when there is one (the check can fail)", () => {
    const fake = (file: string, imports: string[]) => [file, { ...modules.get("core/enums.ts")!, file, imports }] as const;
    const cyclic = new Map([fake("a.ts", ["b.ts"]), fake("b.ts", ["c.ts"]), fake("c.ts", ["a.ts"])]);
    assert.deepEqual(importCycles(cyclic), [["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("core/ imports no adapter and no Pulumi package", () => {
    assert.deepEqual(
      offending(modules, (from, to) => layerOf(from) !== "core" || layerOf(to) === "core"),
      [],
    );
    const pulumi = [...modules.values()]
      .filter((m) => layerOf(m.file) === "core")
      .flatMap((m) => m.specifiers.filter((s) => s.startsWith("@pulumi/")).map((s) => `${m.file} → ${s}`));
    assert.deepEqual(pulumi, []);
  });

  it("no adapter imports another adapter", () => {
    assert.deepEqual(
      offending(modules, (from, to) => {
        const [a, b] = [layerOf(from), layerOf(to)];
        return a === "root" || a === "core" || b === "core" || a === b;
      }),
      [],
    );
  });

  it("the offline evaluator imports only its own folder (aliases reach it as data)", () => {
    assert.deepEqual(
      offending(modules, (from, to) => !from.startsWith("azure-policy/evaluator/") || to.startsWith("azure-policy/evaluator/")),
      [],
    );
    const packages = modules.get("azure-policy/evaluator/index.ts")!.specifiers.filter((s) => !s.startsWith("."));
    assert.deepEqual(packages, []);
  });
});

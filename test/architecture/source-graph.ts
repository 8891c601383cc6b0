/**
 * The package's own sources read with the TypeScript compiler API, for the architecture tests: every
 * module outside tests and benchmarks, its relative imports (type-only ones included: a cycle of
 * types still ties two modules together) and its functions with their line counts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** The repository root (tests run from `dist/test/...`). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The source folders and entry files that ship (tests and benchmarks excluded). */
const SOURCE_DIRS = ["core", "azure-policy", "components", "crossguard", "cli"];
const SOURCE_FILES = ["lib.ts", "index.ts", "policypack/index.ts"];

/** One source module. */
export interface SourceModule {
  /** Path relative to the root, with `/` separators (`core/decision.ts`). */
  file: string;
  /** Relative paths of the modules it imports or re-exports (resolved inside the repository). */
  imports: string[];
  /** Every import specifier as written, for rules about packages (`@pulumi/...`). */
  specifiers: string[];
  lines: number;
  source: ts.SourceFile;
}

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : walk(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  throw new Error(`${from}: cannot resolve import '${specifier}'`);
}

function specifiersOf(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      // Lazy loads (`await import("./commands/render")`) and `require("...")` count as imports.
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

let cache: Map<string, SourceModule> | undefined;

/** Every source module, by relative path. */
export function sourceModules(): Map<string, SourceModule> {
  if (cache) return cache;
  cache = new Map();
  for (const file of [...SOURCE_DIRS.flatMap(walk), ...SOURCE_FILES].sort()) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const specifiers = specifiersOf(source);
    const imports = [...new Set(specifiers.map((s) => resolveImport(file, s)).filter((s): s is string => s !== undefined))];
    cache.set(file, { file, imports, specifiers, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), source });
  }
  return cache;
}

/** Every import cycle, each as the list of modules on it (first module repeated at the end). */
export function importCycles(modules: ReadonlyMap<string, SourceModule>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of modules.get(file)?.imports ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of modules.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

/** A function-like declaration with its name and size. */
export interface FunctionSize {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function functionName(node: ts.Node, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${(node.parent as ts.ClassDeclaration).name?.text ?? "class"}.constructor`;
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  return "(anonymous)";
}

/** Every function, method, constructor, accessor and arrow function of a module, with its line count. */
export function functionSizes(module: SourceModule): FunctionSize[] {
  const { source } = module;
  const sizes: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      sizes.push({ file: module.file, name: functionName(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

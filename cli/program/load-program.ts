/**
 * Finding and loading a Node.js Pulumi program the way `pulumi-language-nodejs` does (commonjs only):
 * resolve the entry file, register ts-node for TypeScript entries, `require` it, and afterwards forget
 * the modules it loaded so the next run in the same process executes the program again.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as path from "path";
import { isFile, isDirectory } from "./fs-checks";
import type * as TsNode from "ts-node";

/** Why a program could not be loaded. */
export type ProgramLoadErrorCode = "PROGRAM_NOT_FOUND" | "UNSUPPORTED_PROGRAM";

/** The program entry could not be found or is of a kind this runner does not load. */
export class ProgramLoadError extends Error {
    public readonly code: ProgramLoadErrorCode;
    /** The path the error is about. */
    public readonly file: string;

    constructor(code: ProgramLoadErrorCode, file: string, message: string) {
        super(message);
        this.name = "ProgramLoadError";
        this.code = code;
        this.file = file;
    }
}

const TS_EXTENSIONS = [".ts", ".tsx", ".cts"];

/**
 * Resolves `programPath` (a file, or a directory as `main:` in Pulumi.yaml allows) to the entry file:
 * a file is used as is; for a directory, `package.json` `main`, then `index.js`, then `index.ts` (the
 * language host prefers `index.js` when both exist).
 *
 * @throws {@link ProgramLoadError} `PROGRAM_NOT_FOUND` or `UNSUPPORTED_PROGRAM` (ES modules).
 */
export function resolveProgramEntry(programPath: string): string {
    const target = path.resolve(programPath);
    let entry: string | undefined;
    if (isFile(target)) {
        entry = target;
    } else if (isDirectory(target)) {
        entry = entryOfDirectory(target);
        if (entry === undefined) {
            throw new ProgramLoadError(
                "PROGRAM_NOT_FOUND",
                target,
                `No program entry in ${target}: expected package.json 'main', index.js or index.ts. ` + `Set 'main:' in Pulumi.yaml to the program file.`,
            );
        }
    } else {
        throw new ProgramLoadError(
            "PROGRAM_NOT_FOUND",
            target,
            `Program ${target} does not exist. Check 'main:' in Pulumi.yaml (paths are relative to the project directory).`,
        );
    }
    if (/\.(mjs|mts)$/.test(entry) || nearestPackageType(path.dirname(entry)) === "module") {
        throw new ProgramLoadError(
            "UNSUPPORTED_PROGRAM",
            entry,
            `${entry} is an ES module program; offline rendering loads commonjs programs only. ` +
                `Remove "type": "module" from package.json or point 'main:' at a commonjs build.`,
        );
    }
    return entry;
}

/** Whether the entry needs ts-node. */
export function isTypeScriptEntry(entry: string): boolean {
    return TS_EXTENSIONS.includes(path.extname(entry));
}

let registeredBy: string | undefined;

/**
 * Registers ts-node (transpile-only) once per process, like the language host does for TypeScript
 * programs. Loaded lazily so JavaScript programs and other CLI commands never pay its start-up cost.
 * The program's own ts-node/typescript are preferred, then this package's. `tsconfig.json` in
 * `projectDir` is honoured if present (as the host does), with `module` forced to commonjs because
 * the program is `require`d.
 *
 * @returns the directory whose tsconfig settings are in effect (the first registration wins).
 */
export function registerTypeScript(projectDir: string): string {
    if (registeredBy !== undefined) {
        return registeredBy;
    }
    let tsNodePath: string;
    try {
        tsNodePath = resolveFrom("ts-node", projectDir);
        resolveFrom("typescript", projectDir);
    } catch {
        // ts-node is an optional peer dependency: only TypeScript programs need it, and most projects have their own.
        throw new ProgramLoadError(
            "UNSUPPORTED_PROGRAM",
            projectDir,
            `Rendering the TypeScript program in ${projectDir} needs ts-node and typescript, and neither this package nor the project provides them. ` +
                `Fix: npm install --save-dev ts-node typescript in the project, or build the program and point 'main:' in Pulumi.yaml at the JavaScript output.`,
        );
    }
    const tsNode = require(tsNodePath) as typeof TsNode; // eslint-disable-line @typescript-eslint/no-require-imports
    if (process[tsNode.REGISTER_INSTANCE] !== undefined) {
        // Already running under ts-node (e.g. `ts-node cli/main.ts`): a second hook would compile twice.
        registeredBy = projectDir;
        return registeredBy;
    }
    const tsconfig = path.join(projectDir, "tsconfig.json");
    const hasTsconfig = isFile(tsconfig);
    tsNode.register({
        transpileOnly: true,
        compiler: resolveFrom("typescript", projectDir),
        ...(hasTsconfig ? { project: tsconfig } : { skipProject: true }),
        compilerOptions: {
            ...(hasTsconfig ? {} : { target: "ES2020", esModuleInterop: true }),
            module: "commonjs",
            moduleResolution: "node",
        },
    });
    registeredBy = projectDir;
    return registeredBy;
}

/**
 * `require`s the entry freshly (dropping a cached copy first) and returns its exports, applying the
 * host's rule that an exported function is called and its result awaited by the caller.
 */
export function requireProgram(entry: string): unknown {
    delete require.cache[entry];
    const exported: unknown = require(entry); // eslint-disable-line @typescript-eslint/no-require-imports
    return typeof exported === "function" ? (exported as () => unknown)() : exported;
}

/** Snapshot of the module cache, to undo what a run loaded. */
export function moduleCacheSnapshot(): Set<string> {
    return new Set(Object.keys(require.cache));
}

/**
 * Forgets modules loaded since `snapshot` except those under `node_modules`. The program's own files
 * must run again on the next run (their top level creates the resources); packages such as
 * `@pulumi/azure-native` stay cached, both for speed and because they must keep sharing the single
 * `@pulumi/pulumi` instance.
 */
export function forgetModulesSince(snapshot: Set<string>): void {
    const marker = `${path.sep}node_modules${path.sep}`;
    for (const key of Object.keys(require.cache)) {
        if (!snapshot.has(key) && !key.includes(marker)) {
            delete require.cache[key];
        }
    }
}

function entryOfDirectory(dir: string): string | undefined {
    const pkg = readJson(path.join(dir, "package.json"));
    const main = pkg !== undefined && typeof pkg["main"] === "string" ? pkg["main"] : undefined;
    const candidates: string[] = [];
    if (main !== undefined) {
        const base = path.resolve(dir, main);
        candidates.push(base, ...[".js", ".ts"].map((ext) => base + ext), ...["index.js", "index.ts"].map((f) => path.join(base, f)));
    }
    candidates.push(path.join(dir, "index.js"), path.join(dir, "index.ts"));
    return candidates.find(isFile);
}

function nearestPackageType(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const pkg = readJson(path.join(d, "package.json"));
        if (pkg !== undefined) {
            return typeof pkg["type"] === "string" ? pkg["type"] : undefined;
        }
        if (path.dirname(d) === d) {
            return undefined;
        }
    }
}

function resolveFrom(request: string, dir: string): string {
    try {
        return require.resolve(request, { paths: [dir] });
    } catch {
        return require.resolve(request);
    }
}

function readJson(file: string): Record<string, unknown> | undefined {
    if (!isFile(file)) {
        return undefined;
    }
    try {
        const value: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

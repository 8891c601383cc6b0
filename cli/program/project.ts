/**
 * Reading a Pulumi project (`Pulumi.yaml`) and one stack's settings file (`Pulumi.<stack>.yaml`) the way
 * the Pulumi CLI does, without the CLI: the result is the flat `"<namespace>:<key>" -> string` config map
 * that the engine hands to a Node.js program (through `PULUMI_CONFIG`), so `new pulumi.Config()` behaves
 * as it would under `pulumi preview`.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as path from "path";
import { isFile } from "./fs-checks";
import * as YAML from "yaml";

/** What went wrong while reading the project or stack files; lets callers map failures to exit codes. */
export type ProjectErrorCode =
    "PROJECT_NOT_FOUND" | "INVALID_YAML" | "INVALID_PROJECT" | "STACK_NOT_FOUND" | "INVALID_STACK_CONFIG" | "MISSING_CONFIG" | "CONFIG_TYPE_MISMATCH";

/**
 * A project or stack file could not be used. The message names the file and says how to fix it;
 * `code` is stable for programmatic handling.
 */
export class ProjectError extends Error {
    /** Stable machine-readable reason. */
    public readonly code: ProjectErrorCode;
    /** The file (or directory, for `PROJECT_NOT_FOUND`) the error is about. */
    public readonly file: string;
    /** For `STACK_NOT_FOUND`: the stacks that do have a settings file. */
    public readonly availableStacks?: readonly string[];

    constructor(code: ProjectErrorCode, file: string, message: string, availableStacks?: readonly string[]) {
        super(message);
        this.name = "ProjectError";
        this.code = code;
        this.file = file;
        if (availableStacks !== undefined) {
            this.availableStacks = availableStacks;
        }
    }
}

/** The value types a `Pulumi.yaml` config schema may declare (Pulumi CLI >= 3.44). */
export type ConfigSchemaType = "string" | "integer" | "boolean" | "array";

/** One entry of the `config:` section of `Pulumi.yaml`. */
export interface ConfigDeclaration {
    /** Fully qualified key, `"<namespace>:<name>"` (bare names get the project name as namespace). */
    readonly key: string;
    /** Declared type, when the entry is a schema (`type: integer`, ...). */
    readonly type?: ConfigSchemaType;
    readonly description?: string;
    /** `secret: true` in the schema: the value must be a secret. */
    readonly secret?: boolean;
    /** Whether `default` (or a plain value / `value:`) was given; `undefined` is a legal YAML default. */
    readonly hasDefault: boolean;
    /** Project-level value used when the stack does not set the key. */
    readonly default?: unknown;
}

/** A parsed `Pulumi.yaml`. */
export interface PulumiProject {
    /** Absolute directory containing `Pulumi.yaml`. */
    readonly dir: string;
    /** Absolute path of the project file (`Pulumi.yaml` or `Pulumi.yml`). */
    readonly file: string;
    readonly name: string;
    /** Runtime name (`nodejs`, `python`, ...), from either `runtime: x` or `runtime: {name: x}`. */
    readonly runtime: string;
    /** `runtime.options` (e.g. `typescript: false`, `nodeargs`), empty when absent. */
    readonly runtimeOptions: Readonly<Record<string, unknown>>;
    readonly description?: string;
    /** `main:` exactly as written, if present. */
    readonly main?: string;
    /** Absolute path of the program: `main` resolved against `dir`, or `dir` itself. */
    readonly programPath: string;
    /** Absolute directory holding `Pulumi.<stack>.yaml` files (`stackConfigDir`, default `dir`). */
    readonly stackConfigDir: string;
    /** The `config:` declarations in file order. */
    readonly config: readonly ConfigDeclaration[];
}

/** One stack's configuration, flattened the way the engine passes it to the program. */
export interface StackConfig {
    /** Stack name as given (may be `org/project/stack`). */
    readonly stack: string;
    /** Absolute path of `Pulumi.<stack>.yaml`. */
    readonly file: string;
    /**
     * `"<namespace>:<key>" -> string`. Numbers and booleans are stringified, objects and arrays are
     * JSON-encoded: exactly what `PULUMI_CONFIG` carries, so `Config.getNumber/getObject` parse them.
     */
    readonly config: Readonly<Record<string, string>>;
    /** Keys whose value is (or contains) a secret: `secure:` values and `secret: true` declarations. */
    readonly secretKeys: readonly string[];
    /** Things the offline reader could not honour (undecryptable secrets, ESC environments, ...). */
    readonly warnings: readonly string[];
}

/** Stands in for a `secure:` value: decrypting needs the stack's secrets provider, which is online. */
export const SECURE_PLACEHOLDER = "[secret: not decrypted offline]";

const PROJECT_FILE_NAMES = ["Pulumi.yaml", "Pulumi.yml"] as const;
const SCHEMA_KEYS = new Set(["type", "description", "secret", "default", "items", "value"]);
const SCHEMA_TYPES: readonly ConfigSchemaType[] = ["string", "integer", "boolean", "array"];

/**
 * Finds `Pulumi.yaml` (or `Pulumi.yml`) in `dir` or the nearest parent, as the Pulumi CLI does, and parses it.
 *
 * @param dir - Directory to start the search from (relative paths resolve against `process.cwd()`).
 * @throws {@link ProjectError} `PROJECT_NOT_FOUND`, `INVALID_YAML` or `INVALID_PROJECT`.
 */
export function loadProject(dir: string): PulumiProject {
    const start = path.resolve(dir);
    const file = findProjectFile(start);
    if (file === undefined) {
        throw new ProjectError(
            "PROJECT_NOT_FOUND",
            start,
            `No Pulumi.yaml found in ${start} or any parent directory. ` + `Run from (or point at) the directory that contains the project's Pulumi.yaml.`,
        );
    }
    const doc = readYamlFile(file);
    if (!isRecord(doc)) {
        throw new ProjectError("INVALID_PROJECT", file, `${file} must be a YAML mapping with at least 'name:' and 'runtime:'.`);
    }
    const name = doc["name"];
    if (typeof name !== "string" || name.trim() === "") {
        throw new ProjectError("INVALID_PROJECT", file, `${file} has no 'name:'. Add e.g. 'name: my-project'.`);
    }
    const { runtime, runtimeOptions } = parseRuntime(file, doc["runtime"]);
    const projectDir = path.dirname(file);
    const main = optionalString(file, doc, "main");
    const stackConfigDir = optionalString(file, doc, "stackConfigDir");
    const description = optionalString(file, doc, "description");
    return {
        dir: projectDir,
        file,
        name,
        runtime,
        runtimeOptions,
        ...(description !== undefined ? { description } : {}),
        ...(main !== undefined ? { main } : {}),
        programPath: main !== undefined ? path.resolve(projectDir, main) : projectDir,
        stackConfigDir: stackConfigDir !== undefined ? path.resolve(projectDir, stackConfigDir) : projectDir,
        config: parseDeclarations(file, name, doc["config"]),
    };
}

/**
 * Lists the stacks that have a settings file (`Pulumi.<stack>.yaml`) in the project's stack config dir.
 */
export function listStacks(project: PulumiProject): string[] {
    let entries: string[];
    try {
        entries = fs.readdirSync(project.stackConfigDir);
    } catch {
        return [];
    }
    const stacks = new Set<string>();
    for (const entry of entries) {
        const m = /^Pulumi\.(.+)\.ya?ml$/.exec(entry);
        if (m !== null && m[1] !== undefined) {
            stacks.add(m[1]);
        }
    }
    return [...stacks].sort();
}

/**
 * Reads `Pulumi.<stack>.yaml` from the project's `stackConfigDir` and returns the flat config map the
 * engine would pass to the program: stack values first, then `Pulumi.yaml` defaults for keys the stack
 * does not set. `secure:` values become {@link SECURE_PLACEHOLDER} with a warning.
 *
 * @param dir - Project directory (used only when `project` is a name rather than a loaded project).
 * @param project - The loaded project, or its name (then `dir` is loaded with {@link loadProject}).
 * @param stack - Stack name; a qualified `org/project/stack` uses its last segment for the file name.
 * @throws {@link ProjectError} `STACK_NOT_FOUND` (message lists existing stacks), `INVALID_YAML`,
 *   `INVALID_STACK_CONFIG`, `MISSING_CONFIG`, `CONFIG_TYPE_MISMATCH`.
 */
export function loadStackConfig(dir: string, project: PulumiProject | string, stack: string): StackConfig {
    const proj = typeof project === "string" ? loadProject(dir) : project;
    if (typeof project === "string" && proj.name !== project) {
        throw new ProjectError(
            "INVALID_PROJECT",
            proj.file,
            `${proj.file} declares project '${proj.name}', not '${project}'. Point at the right project directory.`,
        );
    }
    const shortName = stack.split("/").pop() ?? stack;
    const file = findStackFile(proj.stackConfigDir, shortName);
    if (file === undefined) {
        const existing = listStacks(proj);
        const expected = path.join(proj.stackConfigDir, `Pulumi.${shortName}.yaml`);
        const have = existing.length > 0 ? `Stacks with a settings file: ${existing.join(", ")}.` : `No stack settings files exist there yet.`;
        throw new ProjectError(
            "STACK_NOT_FOUND",
            expected,
            `Stack '${stack}' has no settings file: ${expected} does not exist. ${have} ` +
                `Pick one of those stacks or create ${path.basename(expected)} (pulumi stack init ${shortName}).`,
            existing,
        );
    }

    const doc = readYamlFile(file);
    if (doc !== null && doc !== undefined && !isRecord(doc)) {
        throw new ProjectError("INVALID_STACK_CONFIG", file, `${file} must be a YAML mapping (e.g. 'config:' with key/value pairs).`);
    }
    const raw = isRecord(doc) ? doc["config"] : undefined;
    if (raw !== undefined && raw !== null && !isRecord(raw)) {
        throw new ProjectError("INVALID_STACK_CONFIG", file, `'config:' in ${file} must be a mapping of '<namespace>:<key>' to values.`);
    }

    const warnings: string[] = [];
    if (isRecord(doc) && doc["environment"] !== undefined && doc["environment"] !== null) {
        warnings.push(`${file}: 'environment:' (Pulumi ESC) cannot be resolved offline; values it would provide are missing.`);
    }

    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const fromStack = new Set<string>();
    const typeProblems: string[] = [];
    for (const [rawKey, value] of Object.entries(raw ?? {})) {
        const key = qualifyKey(proj.name, rawKey);
        const decl = proj.config.find((d) => d.key === key);
        const problem = decl?.type === undefined ? undefined : typeProblem(key, decl.type, value);
        if (problem !== undefined) {
            typeProblems.push(problem);
        }
        const secure = { found: false };
        const replaced = replaceSecure(value, secure);
        if (secure.found) {
            secretKeys.add(key);
            warnings.push(`${file}: '${key}' is a secure value that cannot be decrypted offline; the program sees '${SECURE_PLACEHOLDER}'.`);
        }
        if (decl?.secret === true) {
            secretKeys.add(key);
        }
        config[key] = toConfigString(replaced);
        fromStack.add(key);
    }

    if (typeProblems.length > 0) {
        // Every problem at once, as the governance config reports its own.
        throw new ProjectError(
            "CONFIG_TYPE_MISMATCH",
            file,
            `Invalid stack config in ${file} (${typeProblems.length} problem${typeProblems.length === 1 ? "" : "s"}, types declared in Pulumi.yaml):\n${typeProblems.map((p) => `  - ${p}`).join("\n")}`,
        );
    }

    for (const decl of proj.config) {
        if (fromStack.has(decl.key)) {
            continue;
        }
        if (!decl.hasDefault) {
            throw new ProjectError(
                "MISSING_CONFIG",
                file,
                `Stack '${stack}' is missing configuration value '${decl.key}' (declared without a default in ${proj.file}). ` +
                    `Add it under 'config:' in ${file} or give it a 'default:' in Pulumi.yaml.`,
            );
        }
        if (decl.default === undefined) {
            continue;
        }
        config[decl.key] = toConfigString(decl.default);
        if (decl.secret === true) {
            secretKeys.add(decl.key);
        }
    }

    return { stack, file, config, secretKeys: [...secretKeys].sort(), warnings };
}

/** A stack of a project, loaded, and what running its program for that stack takes. */
export interface LoadedStack {
    readonly project: PulumiProject;
    readonly stackConfig: StackConfig;
    /** The program, project and stack names, config and secret keys, run from the project directory (as `runProgramUnderMocks` takes them). */
    readonly run: {
        readonly programPath: string;
        readonly project: string;
        readonly stack: string;
        readonly config: Readonly<Record<string, string>>;
        readonly secretKeys: readonly string[];
        readonly cwd: string;
    };
}

/**
 * Loads the project in `dir` and its `stack` ({@link loadProject}, {@link loadStackConfig}), with the
 * options that run its program as the engine would for that stack.
 */
export function loadStack(dir: string, stack: string): LoadedStack {
    const project = loadProject(dir);
    const stackConfig = loadStackConfig(dir, project, stack);
    return {
        project,
        stackConfig,
        run: {
            programPath: project.programPath,
            project: project.name,
            stack,
            config: stackConfig.config,
            secretKeys: stackConfig.secretKeys,
            cwd: project.dir,
        },
    };
}

function findProjectFile(start: string): string | undefined {
    for (let dir = start; ; dir = path.dirname(dir)) {
        for (const name of PROJECT_FILE_NAMES) {
            const candidate = path.join(dir, name);
            if (isFile(candidate)) {
                return candidate;
            }
        }
        if (path.dirname(dir) === dir) {
            return undefined;
        }
    }
}

function findStackFile(stackConfigDir: string, stack: string): string | undefined {
    for (const ext of ["yaml", "yml"]) {
        const candidate = path.join(stackConfigDir, `Pulumi.${stack}.${ext}`);
        if (isFile(candidate)) {
            return candidate;
        }
    }
    return undefined;
}

function readYamlFile(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    try {
        return YAML.parse(text);
    } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new ProjectError("INVALID_YAML", file, `${file} is not valid YAML: ${detail}\nFix the YAML syntax at the position shown.`);
    }
}

function parseRuntime(file: string, value: unknown): { runtime: string; runtimeOptions: Record<string, unknown> } {
    if (typeof value === "string" && value !== "") {
        return { runtime: value, runtimeOptions: {} };
    }
    if (isRecord(value) && typeof value["name"] === "string") {
        const options = value["options"];
        return { runtime: value["name"], runtimeOptions: isRecord(options) ? { ...options } : {} };
    }
    throw new ProjectError("INVALID_PROJECT", file, `${file} needs 'runtime:' as a name (e.g. 'runtime: nodejs') or a mapping with 'name:'.`);
}

function optionalString(file: string, doc: Record<string, unknown>, field: string): string | undefined {
    const value = doc[field];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "string") {
        throw new ProjectError("INVALID_PROJECT", file, `'${field}:' in ${file} must be a string.`);
    }
    return value;
}

function parseDeclarations(file: string, projectName: string, raw: unknown): ConfigDeclaration[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    if (!isRecord(raw)) {
        throw new ProjectError("INVALID_PROJECT", file, `'config:' in ${file} must be a mapping of keys to values or schemas.`);
    }
    return Object.entries(raw).map(([rawKey, value]) => parseDeclaration(file, qualifyKey(projectName, rawKey), value));
}

function parseDeclaration(file: string, key: string, value: unknown): ConfigDeclaration {
    // A mapping made only of schema keywords is a declaration; any other value is a plain project-level
    // value (Pulumi allows `aws:region: us-west-2` and structured values alike).
    const isSchema = isRecord(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => SCHEMA_KEYS.has(k));
    if (!isSchema) {
        return { key, hasDefault: true, default: value };
    }
    const schema = value;
    const type = schema["type"];
    if (type !== undefined && !SCHEMA_TYPES.includes(type as ConfigSchemaType)) {
        throw new ProjectError(
            "INVALID_PROJECT",
            file,
            `Config '${key}' in ${file} has type '${JSON.stringify(type)}'; use one of ${SCHEMA_TYPES.join(", ")}.`,
        );
    }
    const hasValue = "value" in schema;
    const hasDefault = "default" in schema || hasValue;
    const description = schema["description"];
    return {
        key,
        ...(type !== undefined ? { type: type as ConfigSchemaType } : {}),
        ...(typeof description === "string" ? { description } : {}),
        ...(schema["secret"] === true ? { secret: true } : {}),
        hasDefault,
        ...(hasDefault ? { default: hasValue ? schema["value"] : schema["default"] } : {}),
    };
}

/** `"key"` → `"<project>:key"`; keys that already carry a namespace are kept. */
function qualifyKey(projectName: string, key: string): string {
    return key.includes(":") ? key : `${projectName}:${key}`;
}

/** Fix lines by declared type: how the value is written in `Pulumi.<stack>.yaml`. */
const TYPE_FIXES: Record<ConfigSchemaType, string> = {
    string: "write a single value (quote it if it looks like a list or mapping)",
    integer: "write a whole number, e.g. 90",
    boolean: "write true or false",
    array: "write a YAML list: one '- item' per line under the key (or [a, b])",
};

/** The problem with `value` for a key declared with `type`, or undefined when it fits. */
function typeProblem(key: string, type: ConfigSchemaType, value: unknown): string | undefined {
    if (isSecure(value)) {
        return undefined; // ciphertext: the type is only checkable after decryption
    }
    const ok =
        type === "integer"
            ? (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value))
            : type === "boolean"
              ? typeof value === "boolean" || value === "true" || value === "false"
              : type === "array"
                ? Array.isArray(value)
                : typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    if (ok) {
        return undefined;
    }
    return `${key}: must be of type '${type}', got ${JSON.stringify(value)}. Fix: ${TYPE_FIXES[type]}.`;
}

function isSecure(value: unknown): value is { secure: string } {
    return isRecord(value) && Object.keys(value).length === 1 && typeof value["secure"] === "string";
}

/** Replaces every `{secure: ...}` (top level or nested in structured config) with the placeholder. */
function replaceSecure(value: unknown, found: { found: boolean }): unknown {
    if (isSecure(value)) {
        found.found = true;
        return SECURE_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map((v) => replaceSecure(v, found));
    }
    if (isRecord(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, found)]));
    }
    return value;
}

/** The engine passes every config value as a string; structured values as JSON. */
function toConfigString(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    if (value === null || value === undefined) {
        return "";
    }
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
        return String(value);
    }
    return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where a governance config comes from on the command line: a config file (JSON or YAML) or a
 * Pulumi stack's config (the same keys, in the project's namespace).
 *
 * Both `check` and `render` read config files here, so a file one of them accepts the other
 * accepts too. The natural mistakes get a way forward rather than a bare failure: keys written the
 * stack-config way (`azure-ml-governance:scope`) are read without the prefix (with a warning), a
 * whole `Pulumi.<stack>.yaml` is pointed to `--stack`, and file errors say how to fix them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { CONFIG_KEYS } from "../core/config/schema";
import { governanceConfigFromStackValues } from "../core/config/stack-config";
import { ConfigIssue, GovernanceConfigError, validateGovernanceConfig } from "../core/config/validate";
import { loadProject, loadStackConfig } from "./program/project";

/** A usage or input problem: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Why a file cannot be read, with the fix: for ENOENT, EISDIR, EACCES/EPERM a sentence a person can
 * act on, for anything else the system's message. `what` names the file's role ("config file").
 */
export function fileReadError(file: string, what: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  const shown = path.isAbsolute(file) ? file : `${file} (resolved from ${process.cwd()})`;
  switch (code) {
    case "ENOENT":
      return new UsageError(`The ${what} ${shown} does not exist. Fix: check the path and the file name's spelling.`);
    case "EISDIR":
      return new UsageError(
        `The ${what} ${file} is a directory, not a file. Fix: name the file inside it (e.g. ${path.join(file, "governance.yaml")}); for a Pulumi project directory use --cwd ${file} --stack NAME.`,
      );
    case "EACCES":
    case "EPERM":
      return new UsageError(
        `The ${what} ${file} cannot be read: permission denied. Fix: make it readable (chmod u+r ${file}) or run as a user who may read it.`,
      );
    default:
      return new UsageError(`Cannot read the ${what} ${file}: ${(e as Error).message}`);
  }
}

/** Reads a file as UTF-8 (`-` is standard input), turning read errors into {@link fileReadError}s. */
export function readTextFile(file: string, what: string): string {
  try {
    const text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    throw fileReadError(file, what, e);
  }
}

/** `line L, column C` of a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * Parses config text: a `.json` file as strict JSON (what the policy pack and `pulumi` read: a
 * trailing comma is an error, not silently accepted), anything else as YAML (a superset of JSON).
 */
function parseConfigText(file: string, text: string): unknown {
  if (path.extname(file).toLowerCase() === ".json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const message = (e as Error).message;
      // Node's message names the offending token, not always its position: find the commonest slip ourselves.
      const comma = /,\s*[\]}]/.exec(text);
      const at = /position (\d+)/.exec(message);
      const offset = comma ? comma.index : at ? Number(at[1]) : undefined;
      const where = offset === undefined ? "" : ` at ${position(text, offset)}`;
      const fix = comma
        ? "remove the trailing comma before the closing bracket (JSON allows none)"
        : "correct the JSON syntax at the position shown (or write the file as YAML)";
      throw new UsageError(`Config file ${file} is not valid JSON${where}: ${message}. Fix: ${fix}.`);
    }
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(`Config file ${file} is not valid JSON or YAML: ${(e as Error).message}. Fix: correct the syntax at the position shown.`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Keys a stack settings file has at the top level and a governance config never has. */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** Refuses a `Pulumi.<stack>.yaml`, naming the `--stack` invocation that reads it. */
function refuseStackFile(file: string, doc: Record<string, unknown>): void {
  if (!STACK_FILE_KEYS.some((k) => k in doc) || CONFIG_KEYS.some((k) => k in doc)) return;
  const stack = /^Pulumi\.(.+)\.ya?ml$/i.exec(path.basename(file))?.[1] ?? "NAME";
  const dir = path.dirname(file);
  const cwd = dir === "." ? "" : ` --cwd ${dir}`;
  throw new UsageError(
    `Config file ${file} is a Pulumi stack settings file ('${Object.keys(doc).find((k) => STACK_FILE_KEYS.includes(k))}:' at the top), not a governance config. ` +
      `Fix: read the stack's config with --stack ${stack}${cwd} (the project's Pulumi.yaml must be in that directory), ` +
      `or copy the governance keys, without their 'project:' prefix, into a config file.`,
  );
}

/**
 * Keys written the stack-config way (`azure-ml-governance:scope`, or any `<project>:<key>` whose key
 * is a governance setting) are read without the prefix; the warning says so. Other keys are left for
 * the validator, which names them and suggests the intended key.
 */
function dropNamespaces(file: string, doc: Record<string, unknown>, warn: (message: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const renamed: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const colon = key.indexOf(":");
    const bare = colon > 0 ? key.slice(colon + 1) : key;
    if (colon <= 0 || !CONFIG_KEYS.includes(bare)) {
      out[key] = value;
      continue;
    }
    if (bare in doc || bare in out)
      throw new UsageError(`Config file ${file} sets ${bare} twice, as '${bare}' and as '${key}'. Fix: keep one, without the prefix.`);
    out[bare] = value;
    renamed.push(key);
  }
  if (renamed.length > 0) {
    const ns = renamed[0].slice(0, renamed[0].indexOf(":"));
    warn(
      `config file ${file}: read ${renamed.map((k) => `'${k}'`).join(", ")} without the '${ns}:' prefix (stack-config spelling); a config file takes the bare keys, so drop the prefix.`,
    );
  }
  return out;
}

/**
 * Reads a JSON or YAML governance config file (or a policy pack config). `warn` receives notes about
 * what was forgiven (namespaced keys).
 */
export function loadConfigFile(file: string, warn: (message: string) => void = () => undefined): unknown {
  const doc = parseConfigText(file, readTextFile(file, "config file"));
  if (!isObject(doc)) return doc;
  refuseStackFile(file, doc);
  return dropNamespaces(file, doc, warn);
}

/**
 * The one validation of a governance config file that `check` and `render` share: every key the
 * file sets is checked as the component would check it. Only a missing `scope` is let through, since
 * `check` needs no scope (rules-only files are fine there); `render` requires it.
 */
export function checkConfigFile(config: unknown, file: string, options: { requireScope: boolean }): void {
  const result = validateGovernanceConfig(config);
  if (result.ok) return;
  const missingScope = (i: ConfigIssue) => i.field === "scope" && i.value === undefined;
  const errors = options.requireScope ? result.errors : result.errors.filter((i) => !missingScope(i));
  if (errors.length > 0) throw new GovernanceConfigError(errors, `config file ${file}`);
}

/** The governance config held by a stack (`<project>:<key>` entries of `Pulumi.<stack>.yaml` and project defaults). */
export function governanceConfigFromStack(dir: string, stack: string): Record<string, unknown> {
  const project = loadProject(dir);
  return governanceConfigFromStackValues(loadStackConfig(dir, project, stack).config, project.name);
}

/** The project directory: `--cwd`, else the current directory. */
export function projectDir(cwd: string | undefined): string {
  return path.resolve(cwd ?? process.cwd());
}

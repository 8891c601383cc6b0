/**
 * Where a governance config comes from on the command line: a config file (JSON or YAML) or a
 * Pulumi stack's config (the same keys, in the project's namespace).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { governanceConfigFromStackValues } from "../core/config/stack-config";
import { loadProject, loadStackConfig } from "./program/project";

/** A usage or input problem: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Reads a JSON or YAML governance config file. */
export function loadConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    // YAML 1.2 is a superset of JSON, so one parser serves both.
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(`Config file ${file} is not valid JSON or YAML: ${(e as Error).message}`);
  }
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

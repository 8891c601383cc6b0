#!/usr/bin/env node
/**
 * `azure-ml-governance`: render what the component would deploy, and check model ids, offline.
 * Exit codes: 0 success (everything allowed), 1 something denied, 2 usage or config errors.
 */
import { parseArgs, ParseArgsConfig } from "node:util";
import { runRender } from "./commands/render";
import { runCheck } from "./commands/check";
import { UsageError } from "./config-sources";

/** A CLI command: its help text, its options, and what it does with them. */
export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Record<string, unknown>, io: Io): Promise<number>;
}

/** Where a command writes; injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether colour may be used (stdout is a TTY and NO_COLOR is unset). */
  color: boolean;
}

const COMMANDS: Record<string, Command> = { render: runRender, check: runCheck };

const MAIN_HELP = `Usage: azure-ml-governance <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Run 'azure-ml-governance <command> --help' for a command's options.
Exit codes: 0 ok, 1 a model is denied, 2 usage or config error.
`;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.out(`${(require("../../package.json") as { version: string }).version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command '${name}'.\n\n${MAIN_HELP}`);
    return 2;
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${command.help}`);
    return 2;
  }
  if (values.help) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(values, io);
  } catch (e) {
    const err = e as Error;
    // Config problems come from the core (possibly a second module instance loaded by ts-node), so match by name.
    if (err instanceof UsageError || err.name === "GovernanceConfigError" || err.name === "ProjectError" || err.name === "ProgramLoadError") {
      io.err(`${err.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

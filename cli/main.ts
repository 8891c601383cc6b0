#!/usr/bin/env node
/**
 * `azure-ml-governance`: render what the component would deploy, and check model ids, offline.
 * Exit codes: 0 success (everything allowed), 1 something denied, 2 usage or config errors.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Command, Io } from "./command";
import { UsageError } from "./config-sources";

export type { Command, Io } from "./command";

/**
 * The commands, loaded on first use: `render` brings in the Pulumi SDK and the component (about a
 * second of start-up), which `check` and `--help` do not need.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  render: {
    summary: "print every resource the stack (or a config file) would register, offline",
    load: async () => (await import("./commands/render")).runRender,
  },
  check: {
    summary: "decide model ids, stack exports and ARM templates against a governance config, offline",
    load: async () => (await import("./commands/check")).runCheck,
  },
};

const MAIN_HELP = `Usage: azure-ml-governance <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Options:
  -h, --help     show this help
  --version      print the package version

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
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    io.out(`${pkg.version}\n`);
    return 0;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.err(`Unknown command '${name}'.\n\n${MAIN_HELP}`);
    return 2;
  }
  const command = await entry.load();
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
  // `check ... | head` closes stdout early: stop quietly, keeping the exit code decided so far.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
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

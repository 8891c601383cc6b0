/**
 * The contract between the CLI entry (`main.ts`) and its commands (`commands/*`), in a module of
 * its own so that the entry can load the commands and the commands can name the contract without
 * importing each other.
 */
import type { ParseArgsConfig } from "node:util";

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

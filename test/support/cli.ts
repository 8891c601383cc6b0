/** Running the CLI in process, and the scratch files its tests hand it. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main, Io } from "../../cli/main";

/** The repository root (tests run from dist/test/…). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** The built CLI, for tests that spawn it as a user would. */
export const CLI_BIN = path.join(REPO_ROOT, "dist", "cli", "main.js");

/** An {@link Io} that keeps what the CLI writes. */
export interface CapturedIo extends Io {
    stdout: string;
    stderr: string;
}

/** A fresh {@link CapturedIo}; `color` as a terminal would ask for it. */
export function capture(color = false): CapturedIo {
    const io: CapturedIo = { stdout: "", stderr: "", color, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
    return io;
}

/** Runs `main(args)` in process: the exit code and everything written. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = capture();
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

/**
 * One result of `check --format json` as its JSON contract states it: written out here, not
 * imported from cli/, so a change to the CLI's types cannot quietly move the tests with it.
 */
export interface CheckJsonResult {
    resource: string;
    type: string;
    modelId: string | null;
    allowed: boolean;
    rule: string;
    reason: string;
    where?: string;
    source: string;
    /** A template resource that could not be decided before deployment. */
    warning?: true;
    /** Resource Graph rows: where the resource is. */
    subscriptionId?: string | null;
    resourceGroup?: string | null;
    managementGroups?: string[];
}

/** `check <args> --format json` in process: the exit code, the results (none on a usage error, exit 2) and stderr. */
export async function checkJson(...args: string[]): Promise<{ code: number; results: CheckJsonResult[]; stderr: string }> {
    const io = capture();
    const code = await main(["check", ...args, "--format", "json"], io);
    return { code, results: code === 2 ? [] : (JSON.parse(io.stdout) as { results: CheckJsonResult[] }).results, stderr: io.stderr };
}

/** Writes `name` (subfolders allowed) into a scratch folder; returns its path. */
export type FileWriter = (name: string, content: unknown) => string;

/**
 * A scratch folder for this test file (`dir`), removed after the run, and its `file` writer.
 * Strings and buffers are written as they are, anything else as JSON with `indent`.
 */
export function scratchFolder(prefix: string, indent?: number): { dir: string; file: FileWriter } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file: FileWriter = (name, content) => {
        const f = path.join(dir, name);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, indent));
        return f;
    };
    return { dir, file };
}

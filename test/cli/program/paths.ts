/**
 * Locates source-tree fixtures from compiled tests: tests run from `dist/` (or any other outDir), but
 * the fixtures (Pulumi.yaml, stack files, JS programs) are not copied by tsc, so we walk up to the tree
 * that holds them.
 */
import * as fs from "fs";
import * as path from "path";

function findRepoRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "test", "fixtures", "mock-program", "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            // Compiled elsewhere (e.g. /tmp): fall back to the working directory, where mocha is run from.
            return process.cwd();
        }
    }
}

/** Repository root (the directory containing `test/fixtures`). */
export const REPO_ROOT = findRepoRoot(__dirname);
/** The mock-program fixture project directory. */
export const FIXTURE_DIR = path.join(REPO_ROOT, "test", "fixtures", "mock-program");
/** JS programs that fail in different ways. */
export const ERROR_FIXTURES_DIR = path.join(FIXTURE_DIR, "errors");
/** JS programs with unusual timing (I/O inside apply, leftover timers). */
export const EXTRA_FIXTURES_DIR = path.join(FIXTURE_DIR, "extra");

/** Where the servable pack is, and whether it is set up to be served. */
import * as fs from "fs";
import * as path from "path";

/** The repository root (holding policypack/), whether we run from dist/ or elsewhere. */
export function repoRoot(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "policypack", "PulumiPolicy.yaml")) && fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}

/** The repository root. */
export const ROOT = repoRoot();
/** The pack folder. */
export const PACK_DIR = path.join(ROOT, "policypack");

/** Why the pack cannot be served as it stands, or undefined. */
export function packSetupProblem(): string | undefined {
  const setup = "run: npm ci --prefix policypack --ignore-scripts && npx tsc -p policypack (after npm ci / npm run build at the root)";
  const bin = path.join(PACK_DIR, "bin", "index.js");
  if (!fs.existsSync(path.join(PACK_DIR, "node_modules", "@pulumi", "policy", "package.json"))) return `policypack/node_modules is not installed; ${setup}`;
  if (!fs.existsSync(bin)) return `policypack/bin/index.js is not built; ${setup}`;
  if (fs.statSync(bin).mtimeMs < fs.statSync(path.join(PACK_DIR, "index.ts")).mtimeMs)
    return `policypack/bin/index.js is older than policypack/index.ts; run: npx tsc -p policypack`;
  let entry: string;
  try {
    entry = require.resolve("azure-ml-governance/crossguard", { paths: [PACK_DIR] });
  } catch (e) {
    return `azure-ml-governance/crossguard does not resolve from policypack/ (${(e as Error).message.split("\n")[0]}); the root package.json needs "exports": {"./crossguard": ...} and ${setup}`;
  }
  if (fs.realpathSync(entry) !== fs.realpathSync(path.join(ROOT, "dist", "crossguard", "index.js")))
    return `azure-ml-governance/crossguard resolves to ${entry}, not this repository's dist/crossguard/index.js`;
  return undefined;
}

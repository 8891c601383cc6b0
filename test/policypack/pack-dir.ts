/** Where the servable pack is, and whether it is set up to be served. */
import * as fs from "fs";
import * as path from "path";
import { ServedPack, startPolicyPack } from "../support/policy-pack-server";
import { packConfigFile } from "../support/rule-config";

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

/** The bundle's sources: the pack entry, the policies and the rules core (the bundle must be newer than each). */
function bundleSources(): string[] {
  const out: string[] = [path.join(PACK_DIR, "index.ts")];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) out.push(p);
    }
  };
  walk(path.join(ROOT, "crossguard"));
  walk(path.join(ROOT, "core"));
  return out;
}

/** Why the pack cannot be served as it stands, or undefined. */
export function packSetupProblem(): string | undefined {
  const setup = "run: npm ci --prefix policypack --ignore-scripts && npm run build (after npm ci at the root)";
  const bin = path.join(PACK_DIR, "bin", "index.js");
  if (!fs.existsSync(path.join(PACK_DIR, "node_modules", "@pulumi", "policy", "package.json"))) return `policypack/node_modules is not installed; ${setup}`;
  if (!fs.existsSync(bin)) return `policypack/bin/index.js is not built; ${setup}`;
  const built = fs.statSync(bin).mtimeMs;
  const stale = bundleSources().find((f) => fs.statSync(f).mtimeMs > built);
  if (stale) return `policypack/bin/index.js is older than ${path.relative(ROOT, stale)}; run: node tools/bundle-policypack.mjs`;
  return undefined;
}

/** The repository's pack served with the config file for `rules`; throws naming the missing set-up. */
export async function serveRepositoryPack(rules: unknown): Promise<ServedPack> {
  const problem = packSetupProblem();
  if (problem) throw new Error(`the policy pack cannot be served: ${problem}`);
  return startPolicyPack(PACK_DIR, { policyPackConfig: packConfigFile(rules) });
}

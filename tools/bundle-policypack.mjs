// Builds the publishable policy pack: policypack/index.ts, the CrossGuard policies and the rules
// core (with ajv, which the core loads lazily) bundled into one file, policypack/bin/index.js.
//
// Why a bundle: Pulumi Cloud (and `pulumi policy publish`) upload the pack folder alone and every
// machine that runs it installs its dependencies from the npm registry, where this package is not
// published. Bundled, the pack needs only @pulumi/policy and @pulumi/pulumi, which stay external:
// run-policy-pack and the analyzer server must be the pack's own installed SDK, never a copy.
//
// The output is deterministic (same sources, same bytes): the Pulumi Service provider republishes
// a pack whenever the folder's content hash changes, so a rebuild must not change it.
import { build } from "esbuild";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// `--outfile <path>` builds elsewhere (the layout test rebuilds to compare bytes).
const outArg = process.argv.indexOf("--outfile");
const outfile = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, "policypack", "bin", "index.js");

// The default output folder is published whole: clear what earlier builds left there (source maps of
// the former tsc build), so the folder holds exactly this bundle.
if (outArg < 0) fs.rmSync(path.dirname(outfile), { recursive: true, force: true });

const result = await build({
  entryPoints: [path.join(root, "policypack", "index.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["@pulumi/policy", "@pulumi/pulumi"],
  // Readable output: whoever reviews the published pack reads the code that runs; minifying would
  // save little (V8 parses lazily) and hide it.
  minify: false,
  sourcemap: false,
  legalComments: "inline",
  logLevel: "warning",
  metafile: true,
  banner: {
    js: "// azure-ml-governance policy pack, bundled by tools/bundle-policypack.mjs from policypack/index.ts, crossguard/ and core/ (do not edit).",
  },
});

// A run-time import of anything but the pack's own SDK would fail where the pack is installed alone.
const externals = new Set();
for (const output of Object.values(result.metafile.outputs))
  for (const imp of output.imports) if (imp.external && !imp.path.startsWith("node:") && !builtinModules.includes(imp.path)) externals.add(imp.path);
const unexpected = [...externals].filter((p) => p !== "@pulumi/policy" && p !== "@pulumi/pulumi");
if (unexpected.length > 0) {
  process.stderr.write(`${outfile} would require ${unexpected.join(", ")} at run time; bundle or remove them\n`);
  process.exit(1);
}

/**
 * The Pulumi Cloud side of `MlDeploymentGovernance` (the `pulumiCloud` setting): publishes the
 * policy pack folder as a pack version (`pulumiservice:index:PolicyPack`) and applies that version,
 * with exactly the component's `policyPackConfig`, through policy groups
 * (`pulumiservice:index:PolicyGroup`): one on the organisation's stacks (preventative or audit),
 * one audit group on cloud accounts when accounts are listed.
 *
 * `@pulumi/pulumiservice` is required here, lazily, and only when the setting is present: a
 * component without it never loads the provider SDK.
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as pulumiserviceT from "@pulumi/pulumiservice";
import { EffectivePulumiCloud, PolicyGroupMode } from "../core/config/pulumi-cloud";
import { PACK_NAME } from "../core/pack-config";

/**
 * The publishable pack folder (`policypack/`, next to `dist/`, in the repository and in the
 * installed package): the bundled pack with only registry dependencies.
 */
export const PUBLISHABLE_PACK_DIR = path.resolve(__dirname, "..", "..", "policypack");

/** The organisation's default stack policy group, which Pulumi Cloud adds every new stack to. */
export const DEFAULT_STACK_GROUP = "default-policy-group";

/** What the provider leaves out of the uploaded tarball (pulumi-pulumiservice `tarballDirectory`). */
const NOT_UPLOADED = new Set(["node_modules", ".git", ".pulumi"]);

/** Every file the provider uploads from `dir`, relative, in a stable order. */
function uploadedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (NOT_UPLOADED.has(e.name)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Why `dir` cannot be published as it stands, or undefined. */
export function publishablePackProblem(dir: string): string | undefined {
  for (const f of ["package.json", "PulumiPolicy.yaml", path.join("bin", "index.js")])
    if (!fs.existsSync(path.join(dir, f))) return `${path.join(dir, f)} is missing: build the pack first (npm run build in the azure-ml-governance repository)`;
  return undefined;
}

/**
 * The default version tag: the pack's package.json version and the first 12 hex digits of a
 * SHA-256 over the names and contents of the files the provider uploads. The provider republishes
 * (replaces) a pack whenever those contents change, and Pulumi Cloud refuses a version tag twice,
 * so the tag must change exactly when the files do: editing the rules changes neither.
 */
export function defaultPackVersion(dir: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  const hash = crypto.createHash("sha256");
  for (const f of uploadedFiles(dir)) {
    hash.update(`${f}\0`);
    hash.update(fs.readFileSync(path.join(dir, f)));
    hash.update("\0");
  }
  return `${version}-${hash.digest("hex").slice(0, 12)}`;
}

/** The Pulumi Cloud enforcement as plain data (the component's `pulumiCloud` output). */
export interface PulumiCloudEnforcement {
  organization: string;
  packName: string;
  packVersion: string;
  /** Stack group name, if stacks are enforced. */
  stackGroup?: string;
  /** `preventative` or `audit`. */
  mode?: PolicyGroupMode;
  /** `["*"]` for every stack, else `project/stack` names. */
  stacks: string[];
  /** Audit group name, if accounts are scanned. */
  accountGroup?: string;
  accounts: string[];
}

/** Names, version and the resources' inputs, decided before anything is registered. */
export interface PulumiCloudPlan extends PulumiCloudEnforcement {
  sourcePath: string;
}

/** Decides the names and the version; throws (before registration) when the pack folder is not built. */
export function planPulumiCloud(componentName: string, cloud: EffectivePulumiCloud, packDir: string = PUBLISHABLE_PACK_DIR): PulumiCloudPlan {
  const problem = publishablePackProblem(packDir);
  if (problem) throw new Error(`MlDeploymentGovernance '${componentName}': pulumiCloud needs the publishable policy pack: ${problem}`);
  const packName = cloud.packName ?? PACK_NAME;
  const everyStack = cloud.stacks === "*";
  const stacks = cloud.stacks === "*" ? ["*"] : cloud.stacks.map((s) => `${s.project}/${s.stack}`);
  const plan: PulumiCloudPlan = {
    organization: cloud.organization,
    packName,
    packVersion: cloud.packVersion ?? defaultPackVersion(packDir),
    stacks,
    accounts: [...cloud.accounts],
    sourcePath: packDir,
  };
  if (stacks.length > 0) {
    plan.stackGroup = everyStack ? DEFAULT_STACK_GROUP : `${packName}-${componentName}`;
    plan.mode = cloud.mode;
  }
  if (cloud.accounts.length > 0) plan.accountGroup = `${packName}-${componentName}-accounts`;
  return plan;
}

/**
 * Registers the pack version and the groups as children of `parent`. `packConfig` is the very
 * object the component exports as `policyPackConfig`, so both enforcement points read one config:
 * editing the rules changes only the groups' `config` (an in-place update), never the pack version.
 */
export function registerPulumiCloud(
  parent: pulumi.Resource,
  componentName: string,
  plan: PulumiCloudPlan,
  cloud: EffectivePulumiCloud,
  packConfig: Record<string, unknown>,
): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when pulumiCloud is set
  const ps = require("@pulumi/pulumiservice") as typeof pulumiserviceT;
  const opts: pulumi.CustomResourceOptions = { parent };
  const pack = new ps.PolicyPack(
    `${componentName}-policy-pack`,
    { organization: plan.organization, name: plan.packName, versionTag: plan.packVersion, sourcePath: plan.sourcePath },
    opts,
  );
  const applied = [{ name: pack.name, versionTag: pack.versionTag, config: packConfig }];
  if (plan.stackGroup) {
    const everyStack = cloud.stacks === "*";
    new ps.PolicyGroup(
      `${componentName}-policy-group`,
      {
        organizationName: plan.organization,
        name: plan.stackGroup,
        entityType: "stacks",
        mode: plan.mode,
        policyPacks: applied,
        stacks: cloud.stacks === "*" ? undefined : cloud.stacks.map((s) => ({ name: s.stack, routingProject: s.project })),
      },
      everyStack
        ? // The organisation's default group holds every stack and outlives this component: its
          // stack list is Pulumi Cloud's to keep, and destroying the component must not delete it.
          { ...opts, ignoreChanges: ["stacks"], retainOnDelete: true }
        : opts,
    );
  }
  if (plan.accountGroup) {
    new ps.PolicyGroup(
      `${componentName}-policy-group-accounts`,
      {
        organizationName: plan.organization,
        name: plan.accountGroup,
        entityType: "accounts",
        // Account groups scan resources on a schedule; they can only report.
        mode: PolicyGroupMode.Audit,
        policyPacks: applied,
        accounts: [...cloud.accounts],
      },
      opts,
    );
  }
}

/** The plan as the component's `pulumiCloud` output. */
export function enforcementOf(plan: PulumiCloudPlan): PulumiCloudEnforcement {
  const { sourcePath: _sourcePath, ...enforcement } = plan;
  return enforcement;
}

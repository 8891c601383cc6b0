/**
 * The "Pulumi Cloud" section of `render --format markdown`: which stacks (and accounts) the policy
 * pack is enforced on, in which mode, with which pack version, read from the
 * `pulumiservice:index:PolicyPack` / `PolicyGroup` resources the program registered under mocks.
 */
import type { RegisteredResource } from "./program/mock-run";
import { mdCell, mdCode, mdTable } from "./markdown";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

const MODE_MEANING: Record<string, string> = {
  preventative: "runs in every `pulumi preview` and `pulumi up`; a mandatory violation stops the update",
  audit: "reports violations, blocks nothing",
};

function stacksOf(group: RegisteredResource): string {
  if (!Array.isArray(group.inputs.stacks)) return "every stack of the organisation (its default policy group)";
  const names = (group.inputs.stacks as unknown[]).filter(isObject).map((s) => `${str(s.routingProject) ?? "?"}/${str(s.name) ?? "?"}`);
  return names.length === 0 ? "none" : names.map(mdCode).join(", ");
}

/** Markdown lines (empty when the program registers no Pulumi Cloud resources). */
export function pulumiCloudSection(resources: readonly RegisteredResource[]): string[] {
  const packs = resources.filter((r) => r.type === "pulumiservice:index:PolicyPack");
  const groups = resources.filter((r) => r.type === "pulumiservice:index:PolicyGroup");
  if (packs.length === 0 && groups.length === 0) return [];
  const out = ["### Pulumi Cloud enforcement", ""];
  for (const p of packs)
    out.push(
      `Publishes policy pack ${mdCode(str(p.inputs.name) ?? "?")} version ${mdCode(str(p.inputs.versionTag) ?? "?")} to organisation ${mdCode(str(p.inputs.organization) ?? "?")}.`,
      "",
    );
  const rows = groups.map((g) => {
    const mode = str(g.inputs.mode) ?? "audit";
    const on =
      g.inputs.entityType === "accounts"
        ? `accounts ${Array.isArray(g.inputs.accounts) ? (g.inputs.accounts as unknown[]).map((a) => mdCode(String(a))).join(", ") : "none"}`
        : `stacks ${stacksOf(g)}`;
    return `| ${mdCode(str(g.inputs.name) ?? g.name)} | ${on} | **${mdCell(mode)}**${MODE_MEANING[mode] ? `: ${MODE_MEANING[mode]}` : ""} |`;
  });
  out.push(...mdTable(["policy group", "enforced on", "mode"], rows));
  out.push("", "Each group applies the pack with exactly this stack's `policyPackConfig`.", "");
  return out;
}

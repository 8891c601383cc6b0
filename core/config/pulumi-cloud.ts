/**
 * The optional `pulumiCloud` setting: publish the policy pack to a Pulumi Cloud organisation and
 * enforce it, with the same config the Azure side is rendered from, through a policy group on the
 * organisation's stacks (preventative or audit) and, optionally, an audit group on cloud accounts.
 *
 * Self-contained: its schema fragment, its fixes and its checks; `schema.ts` and `validate.ts` only
 * spread them in. No Pulumi import (the component in `components/pulumi-cloud.ts` registers it).
 */
import { Effect, EnforcementMode } from "../enums";
import type { ConfigIssue } from "./issues";

/** Mode of the stack policy group: `preventative` blocks a `pulumi preview`/`up`, `audit` only reports. */
export enum PolicyGroupMode {
  Preventative = "preventative",
  Audit = "audit",
}

/** One stack of the stack group. */
export interface StackRef {
  project: string;
  stack: string;
}

/** The validated `pulumiCloud` setting, `stacks` parsed and `mode` defaulted. */
export interface EffectivePulumiCloud {
  organization: string;
  /** `"*"`: every stack (the organisation's default stack group); else the listed stacks (possibly none). */
  stacks: "*" | StackRef[];
  accounts: string[];
  mode: PolicyGroupMode;
  /** As given; the component defaults it to the servable pack's name (`PACK_NAME`). */
  packName?: string;
  /** As given; the component derives the default from the pack's files. */
  packVersion?: string;
}

/** Names Pulumi Cloud accepts for packs and version tags (`@pulumi/policy` server, pulumi-pulumiservice `versionTagRegex`). */
const PACK_TOKEN = /^[a-zA-Z0-9-_.]{1,100}$/;
/** Organisation, project and stack names: letters, digits, `-`, `_` and `.`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9-_.]{0,99}$/;

/** The schema fragment spread into the governance config schema (types only; `validatePulumiCloud` checks the forms). */
export const PULUMI_CLOUD_PROPERTIES: Record<string, Record<string, unknown>> = {
  pulumiCloud: {
    type: "object",
    title: "PulumiCloudConfig",
    $comment: "The `pulumiCloud` setting: publish the policy pack to Pulumi Cloud and enforce it on stacks (and audit accounts).",
    description:
      "Publish the policy pack to a Pulumi Cloud organisation and enforce it, with this config, on its stacks (a policy group) and optionally audit cloud accounts.",
    additionalProperties: false,
    required: ["organization"],
    properties: {
      organization: { type: "string", minLength: 1, description: "Pulumi Cloud organisation." },
      stacks: {
        type: "array",
        description: 'Stacks to enforce the pack on, as "project/stack"; ["*"] for every stack of the organisation.',
        maxItems: 1000,
        items: { type: "string", minLength: 1 },
      },
      accounts: {
        type: "array",
        description: "Cloud accounts (Pulumi Insights) an audit policy group scans with the same pack and config.",
        maxItems: 1000,
        items: { type: "string", minLength: 1 },
      },
      mode: {
        type: "string",
        title: "PolicyGroupMode",
        enum: Object.values(PolicyGroupMode),
        description: "Stack group mode: preventative (blocks previews and updates) or audit. Default: preventative when effect is Deny, else audit.",
      },
      packName: { type: "string", minLength: 1, description: "Name of the pack in Pulumi Cloud. Default: azure-ml-governance." },
      packVersion: { type: "string", minLength: 1, description: "Version tag to publish. Default: the pack's version and a digest of its files." },
    },
  },
};

/** Fix for schema-level problems inside `pulumiCloud` (type, unknown key, missing organization). */
export const PULUMI_CLOUD_FIXES: Record<string, string> = {
  pulumiCloud:
    'set pulumiCloud to {"organization": "<org>", "stacks": ["<project>/<stack>", ...] or ["*"], optional "accounts", "mode" (preventative or audit), "packName", "packVersion"}',
};

/** What the checks need from the rest of the config. */
export interface PulumiCloudContext {
  effect: Effect;
  enforcementMode: EnforcementMode;
}

/**
 * Checks `input.pulumiCloud` (when set) beyond its types, pushing every problem with its field,
 * value and fix; returns the effective setting, or undefined when unset or invalid.
 */
export function validatePulumiCloud(
  input: Record<string, unknown>,
  ctx: PulumiCloudContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): EffectivePulumiCloud | undefined {
  const raw = input.pulumiCloud;
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined; // the schema reports it
  const pc = raw as Record<string, unknown>;
  const before = errors.length;
  const issue = (field: string, value: unknown, message: string, fix: string) => errors.push({ field: `pulumiCloud.${field}`, value, message, fix });

  if (typeof pc.organization === "string" && pc.organization !== "" && !NAME.test(pc.organization))
    issue(
      "organization",
      pc.organization,
      "is not a Pulumi Cloud organisation name",
      "use the organisation's name as in app.pulumi.com/<org> (letters, digits, -, _ and .)",
    );

  let stacks: "*" | StackRef[] = [];
  const rawStacks = Array.isArray(pc.stacks) ? pc.stacks : [];
  if (rawStacks.includes("*")) {
    if (rawStacks.length > 1)
      issue("stacks", rawStacks, '"*" means every stack and cannot be combined with named stacks', 'use ["*"] alone, or list "project/stack" names');
    stacks = "*";
  } else {
    const seen = new Set<string>();
    rawStacks.forEach((s, i) => {
      if (typeof s !== "string") return; // the schema reports it
      const parts = s.split("/");
      if (parts.length !== 2 || !parts.every((p) => NAME.test(p))) {
        const fix =
          parts.length === 3
            ? `drop the organisation ("${parts.slice(1).join("/")}"): it is pulumiCloud.organization`
            : 'write "project/stack", e.g. "ml-app/prod"';
        issue(`stacks[${i}]`, s, 'is not a "project/stack" name', fix);
        return;
      }
      const key = s.toLowerCase();
      if (seen.has(key)) warnings.push({ field: `pulumiCloud.stacks[${i}]`, value: s, message: "repeats a stack", fix: "remove the duplicate" });
      else (stacks as StackRef[]).push({ project: parts[0], stack: parts[1] });
      seen.add(key);
    });
  }
  const accounts = (Array.isArray(pc.accounts) ? pc.accounts : []).filter((a): a is string => typeof a === "string");
  if (stacks !== "*" && stacks.length === 0 && accounts.length === 0 && rawStacks.length === 0)
    issue(
      "stacks",
      pc.stacks,
      "names no stack and no account, so the pack would be enforced nowhere",
      'list "project/stack" names, ["*"] for every stack, or accounts to audit',
    );

  for (const key of ["packName", "packVersion"] as const) {
    const v = pc[key];
    if (typeof v === "string" && v !== "" && !PACK_TOKEN.test(v))
      issue(key, v, "has characters Pulumi Cloud does not accept", "use 1–100 letters, digits, -, _ and . (e.g. 0.1.0 or 2026-12-04.1)");
  }
  if (errors.length > before) return undefined;
  if (typeof pc.organization !== "string" || pc.organization === "") return undefined;

  const blocks = ctx.effect === Effect.Deny && ctx.enforcementMode === EnforcementMode.Default;
  const mode = (pc.mode as PolicyGroupMode | undefined) ?? (ctx.effect === Effect.Deny ? PolicyGroupMode.Preventative : PolicyGroupMode.Audit);
  if (mode === PolicyGroupMode.Preventative && !blocks && (stacks === "*" || stacks.length > 0))
    warnings.push({
      field: "pulumiCloud.mode",
      value: mode,
      message: `is preventative, but with effect ${ctx.effect} and enforcementMode ${ctx.enforcementMode} the pack only reports, so nothing is blocked`,
      fix: "set effect Deny (and enforcementMode Default) to block, or mode audit to say what happens",
    });
  const effective: EffectivePulumiCloud = { organization: pc.organization, stacks, accounts, mode };
  if (typeof pc.packName === "string") effective.packName = pc.packName;
  if (typeof pc.packVersion === "string") effective.packVersion = pc.packVersion;
  return effective;
}

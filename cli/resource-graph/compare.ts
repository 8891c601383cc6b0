/**
 * `--compare OLD_CONFIG`: the same inventory decided under the config in force (OLD_CONFIG) and the
 * proposed one (`--config` / `--stack`), and every deployment whose verdict changes between them:
 * the blast radius of a list edit. Only changed rows are kept.
 */
import { Rule } from "../../core/enums";
import { EstateRow, RowVerdict } from "./rows";

/** A verdict as a change reports it; `null` when the rules did not apply to the row. */
export interface VerdictSide {
  allowed: boolean;
  rule: Rule;
  reason: string;
}

/** One deployment whose verdict differs between the two configs. */
export interface VerdictChange {
  resource: string;
  type: string;
  subscriptionId?: string;
  resourceGroup?: string;
  modelId: string | null;
  /** Under OLD_CONFIG. */
  before: VerdictSide | null;
  /** Under the proposed config. */
  after: VerdictSide | null;
}

const side = (v: RowVerdict): VerdictSide | null =>
  v.kind === "decided" ? { allowed: v.decision.allowed, rule: v.decision.rule, reason: v.decision.reason } : null;
const isDenied = (v: RowVerdict): boolean => v.kind === "decided" && !v.decision.allowed;

/** Collects the rows whose verdict changes. */
export class VerdictChanges {
  readonly newlyDenied: VerdictChange[] = [];
  readonly newlyAllowed: VerdictChange[] = [];

  note(row: EstateRow, before: RowVerdict, after: RowVerdict): void {
    const was = isDenied(before);
    if (was === isDenied(after)) return;
    const reference = (after.kind === "decided" ? after.decision.reference : undefined) ?? (before.kind === "decided" ? before.decision.reference : undefined);
    const change: VerdictChange = { resource: row.id, type: row.type, modelId: reference?.canonical ?? null, before: side(before), after: side(after) };
    if (row.subscriptionId !== undefined) change.subscriptionId = row.subscriptionId;
    if (row.resourceGroup !== undefined) change.resourceGroup = row.resourceGroup;
    (was ? this.newlyAllowed : this.newlyDenied).push(change);
  }
}

/**
 * The rollout question, counted: of the model deployments in the estate, how many would be denied,
 * by which rule, in which subscription, resource group and management group, and what share of the
 * total that is. Counts only; nothing per row is kept, so memory does not grow with the estate.
 */
import { Rule } from "../../core/enums";
import { EstateRow, RowVerdict } from "./rows";

/** Deployments decided in a scope, and how many of them would be denied. */
export interface ScopeCount {
  /** Subscription id, `subscription/resource group`, or management group name. */
  scope: string;
  /** Management groups: the display name, when the rows carry it. */
  displayName?: string;
  deployments: number;
  denied: number;
  /** `denied / deployments`, 0 when there are none. */
  deniedShare: number;
}

/** The summary of one config's verdicts on an inventory (the JSON `summary`). */
export interface EstateSummary {
  /** Rows read (after duplicates were dropped). */
  rows: number;
  /** Rows whose id had been read before (overlapping or repeated pages), not counted again. */
  duplicates: number;
  /** Model deployments decided: the total the shares are of. */
  deployments: number;
  denied: number;
  allowed: number;
  /** `denied / deployments`, 0 when there are none. */
  deniedShare: number;
  /** Rows of a governed type the rules do not apply to, by reason. */
  notApplicable: { count: number; byReason: Record<string, number> };
  /** Rows of types that deploy no model. */
  otherTypes: number;
  /** Denials by rule, with their share of all deployments. */
  byRule: { rule: Rule; denied: number; share: number }[];
  /** Deployments by surface (ARM type as printed), with their denials. */
  byType: ScopeCount[];
  bySubscription: ScopeCount[];
  byResourceGroup: ScopeCount[];
  /** Per management group, counting every deployment beneath it (so the figure is what a Deny there would refuse). */
  byManagementGroup: ScopeCount[];
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

class Scopes {
  private readonly m = new Map<string, { scope: string; displayName?: string; deployments: number; denied: number }>();
  add(scope: string, denied: boolean, displayName?: string): void {
    const key = scope.toLowerCase();
    let s = this.m.get(key);
    if (s === undefined) {
      s = { scope, deployments: 0, denied: 0 };
      this.m.set(key, s);
    }
    if (displayName !== undefined) s.displayName = displayName;
    s.deployments++;
    if (denied) s.denied++;
  }
  /** Most denied first, then by name: what a reader has to act on comes first. */
  list(): ScopeCount[] {
    return [...this.m.values()]
      .map((s) => ({ ...s, deniedShare: share(s.denied, s.deployments) }))
      .sort((a, b) => b.denied - a.denied || b.deployments - a.deployments || a.scope.localeCompare(b.scope));
  }
}

/** Counts verdicts as they come. */
export class EstateTally {
  private rows = 0;
  private duplicates = 0;
  private deployments = 0;
  private denied = 0;
  private otherTypes = 0;
  private notApplicable = 0;
  private readonly notApplicableBy = new Map<string, number>();
  private readonly deniedBy = new Map<Rule, number>();
  private readonly types = new Scopes();
  private readonly subscriptions = new Scopes();
  private readonly resourceGroups = new Scopes();
  private readonly managementGroups = new Scopes();

  duplicate(): void {
    this.duplicates++;
  }

  add(row: EstateRow, verdict: RowVerdict): void {
    this.rows++;
    if (verdict.kind === "other") {
      this.otherTypes++;
      return;
    }
    if (verdict.kind === "not-applicable") {
      this.notApplicable++;
      this.notApplicableBy.set(verdict.reason, (this.notApplicableBy.get(verdict.reason) ?? 0) + 1);
      return;
    }
    const denied = !verdict.decision.allowed;
    this.deployments++;
    if (denied) {
      this.denied++;
      this.deniedBy.set(verdict.decision.rule, (this.deniedBy.get(verdict.decision.rule) ?? 0) + 1);
    }
    this.types.add(row.type, denied);
    this.subscriptions.add(row.subscriptionId ?? "(no subscription)", denied);
    this.resourceGroups.add(`${row.subscriptionId ?? "(no subscription)"}/${row.resourceGroup ?? "(no resource group)"}`, denied);
    for (const g of row.managementGroups) this.managementGroups.add(g.name, denied, g.displayName);
  }

  summary(): EstateSummary {
    return {
      rows: this.rows,
      duplicates: this.duplicates,
      deployments: this.deployments,
      denied: this.denied,
      allowed: this.deployments - this.denied,
      deniedShare: share(this.denied, this.deployments),
      notApplicable: { count: this.notApplicable, byReason: Object.fromEntries([...this.notApplicableBy].sort((a, b) => b[1] - a[1])) },
      otherTypes: this.otherTypes,
      byRule: [...this.deniedBy]
        .map(([rule, denied]) => ({ rule, denied, share: share(denied, this.deployments) }))
        .sort((a, b) => b.denied - a.denied || a.rule.localeCompare(b.rule)),
      byType: this.types.list(),
      bySubscription: this.subscriptions.list(),
      byResourceGroup: this.resourceGroups.list(),
      byManagementGroup: this.managementGroups.list(),
    };
  }
}

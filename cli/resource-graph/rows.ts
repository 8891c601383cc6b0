/**
 * A Resource Graph row → the ARM resource it describes, where it lives (subscription, resource
 * group, management groups), and its verdict. The verdict is the core's `evaluateArmResource`, the
 * reader the pack and `check --stack-export` use for the same ARM type; this file only adds what is
 * particular to Resource Graph output (column names in any case, ids, PowerShell's truncation).
 */
import { CompiledRules, Decision } from "../../core/decision";
import { Rule } from "../../core/enums";
import { ArmResource, evaluateArmResource } from "../../core/resource-findings";
import { surfaceForArmType } from "../../core/surfaces";

/** A management group the row's subscription sits under. */
export interface ManagementGroup {
  name: string;
  displayName?: string;
}

/** A row, read. */
export interface EstateRow {
  /** The ARM resource id (or, when the query did not project it, `row N`). */
  id: string;
  /** ARM type as Resource Graph prints it (lower case), or `(none)`. */
  type: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** From the immediate parent up to the tenant root group; empty when the query did not join them. */
  managementGroups: ManagementGroup[];
  resource: ArmResource;
  /** Why the row cannot be read (it is then denied, fail closed), and the fix. */
  unreadable?: Unreadable;
}

/** A row the readers cannot read: what is wrong, and how to export it again. */
export interface Unreadable {
  problem: string;
  fix: string;
}

/** What a row is under one config. */
export type RowVerdict =
  | { kind: "decided"; decision: Decision; where: string }
  /** A governed type the rules do not apply to (e.g. a Foundry deployment with no Azure ML source). */
  | { kind: "not-applicable"; reason: string }
  /** Not a model deployment type. */
  | { kind: "other" };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The row's columns by lower-case name (PowerShell and the REST API keep the query's case). */
function columns(row: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const k of Object.keys(row)) if (!m.has(k.toLowerCase())) m.set(k.toLowerCase(), row[k]);
  return m;
}

const QUERY_FIX = "Run the query in the README, which projects id, name, type, subscriptionId, resourceGroup, properties and sku.";
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const ID_SCOPE = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/i;

function managementGroupsOf(chain: unknown): ManagementGroup[] {
  if (!Array.isArray(chain)) return [];
  const out: ManagementGroup[] = [];
  for (const g of chain) {
    if (typeof g === "string" && g !== "") out.push({ name: g });
    else if (isObject(g) && str(g.name) !== undefined)
      out.push(str(g.displayName) === undefined ? { name: g.name as string } : { name: g.name as string, displayName: g.displayName as string });
  }
  return out;
}

/**
 * PowerShell's `ConvertTo-Json` writes objects deeper than `-Depth` (2 by default) as their .NET
 * text: `@{modelId=…}`, `System.Collections.Hashtable`, `System.Object[]`. Such a row has lost the
 * fields the rules read, and a Foundry deployment that lost its `model.source` would look like one
 * the rules do not govern: it is denied instead.
 */
const POWERSHELL_TEXT = /^(?:@\{[\s\S]*\}|System\.Collections\.[\w.`[\]]+|System\.Object\[\])$/;
function truncatedByPowerShell(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return POWERSHELL_TEXT.test(value);
  if (value === null || typeof value !== "object" || depth > 64) return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (truncatedByPowerShell(v, depth + 1)) return true;
  return false;
}

/** `properties` as the readers need it: an object (a JSON text of one is read), or why it is unreadable. */
function propertiesOf(cols: Map<string, unknown>): { properties?: unknown; unreadable?: Unreadable } {
  if (!cols.has("properties")) return { unreadable: { problem: "The row has no properties column", fix: QUERY_FIX } };
  let p = cols.get("properties");
  if (typeof p === "string" && p.trimStart().startsWith("{")) {
    try {
      p = JSON.parse(p) as unknown;
    } catch {
      return { unreadable: { problem: "The row's properties are text that is not JSON", fix: QUERY_FIX } };
    }
  }
  if (typeof p === "string" || truncatedByPowerShell(p))
    return {
      unreadable: {
        problem: "The row's properties were cut short by PowerShell's ConvertTo-Json (a nested object became .NET text such as @{…})",
        fix: "Export again with ConvertTo-Json -Depth 100.",
      },
    };
  return { properties: p };
}

/** Reads one row. Rows are whatever the input holds; anything that is not a row object is unreadable. */
export function readRow(row: unknown, index: number): EstateRow {
  if (!isObject(row)) {
    return {
      id: `row ${index + 1}`,
      type: "(none)",
      managementGroups: [],
      resource: { type: "" },
      unreadable: { problem: "The row is not an object", fix: QUERY_FIX },
    };
  }
  const cols = columns(row);
  const id = str(cols.get("id")) ?? `row ${index + 1}`;
  const scope = ID_SCOPE.exec(id);
  const type = str(cols.get("type"));
  const out: EstateRow = {
    id,
    type: type ?? "(none)",
    managementGroups: managementGroupsOf(cols.get("managementgroupancestorschain")),
    resource: { type: type ?? "", name: cols.get("name"), sku: cols.get("sku"), kind: cols.get("kind") },
  };
  const subscriptionId = str(cols.get("subscriptionid")) ?? scope?.[1];
  const resourceGroup = str(cols.get("resourcegroup")) ?? scope?.[2];
  if (subscriptionId !== undefined) out.subscriptionId = subscriptionId;
  if (resourceGroup !== undefined) out.resourceGroup = resourceGroup;
  if (type === undefined) {
    out.unreadable = { problem: "The row has no type column", fix: QUERY_FIX };
    return out;
  }
  // Only governed rows are looked into: the check costs nothing for the rest of the estate.
  if (surfaceForArmType(type)) {
    const p = propertiesOf(cols);
    if (p.unreadable !== undefined) out.unreadable = p.unreadable;
    else out.resource.properties = p.properties;
  }
  return out;
}

/** The verdict on a read row under one config: the core's decision for its ARM type. */
export function decideRow(row: EstateRow, rules: CompiledRules): RowVerdict {
  if (row.unreadable !== undefined) {
    const surface = surfaceForArmType(row.resource.type);
    return {
      kind: "decided",
      where: surface ? `${surface.title} (properties)` : "Resource Graph row",
      decision: {
        allowed: false,
        rule: Rule.ModelReference,
        reason: `${row.unreadable.problem}, so the model it deploys cannot be checked (denied so nothing slips through). ${row.unreadable.fix}`,
      },
    };
  }
  if (!surfaceForArmType(row.resource.type)) return { kind: "other" };
  const evaluation = evaluateArmResource(row.resource, rules);
  if ("notApplicable" in evaluation) return { kind: "not-applicable", reason: evaluation.notApplicable };
  // A surface holds one model reference, so one finding.
  const [finding] = evaluation.findings;
  return { kind: "decided", decision: finding.decision, where: finding.where };
}

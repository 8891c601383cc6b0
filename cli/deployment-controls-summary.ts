/**
 * The "Deployment controls" section of `render --format markdown`: the rules that are on, with the
 * values from the effective config (residency shorthands are already expanded there) and which
 * rule id each is, so a reviewer sees how models may be deployed, not only which.
 */
import { DEPLOYMENT_TYPES } from "../core/deployment-controls";
import { CONTROL_RULES } from "../core/enums";
import { RULE_CATALOGUE } from "../core/rule-catalogue";
import { mdCell, mdCode, mdTableSection } from "./markdown";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function residency(type: string): string {
  const t = DEPLOYMENT_TYPES.find((d) => d.name === type);
  return t ? `${mdCode(type)} (${t.residency})` : mdCode(type);
}

function value(key: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (key === "allowedDeploymentTypes") return strings(v).map(residency).join(", ");
  if (Array.isArray(v)) return strings(v).map(mdCode).join(", ");
  if (isObject(v))
    return Object.entries(v)
      .map(([k, n]) => `${mdCode(k)} ≤ ${mdCell(String(n))}`)
      .join(", ");
  return mdCode(JSON.stringify(v));
}

/** The section, or nothing when no deployment control is on. */
export function deploymentControlsSection(config: Json): string[] {
  const rows: string[] = [];
  for (const rule of CONTROL_RULES) {
    // A control's parameters are its config keys.
    const shown = RULE_CATALOGUE[rule].parameters.flatMap((k) => {
      const v = value(k, config[k]);
      return v === undefined ? [] : [`${mdCode(k)}: ${v}`];
    });
    if (shown.length > 0) rows.push(`| ${mdCode(rule)} | ${shown.join("<br>")} |`);
  }
  return mdTableSection(
    "Deployment controls",
    ["Rule", "Setting"],
    rows,
    "How models may be deployed (Foundry / Cognitive Services deployments and Foundry endpoint and connection deployments). A deployment that breaks a rule is denied under its rule id.",
  );
}

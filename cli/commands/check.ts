/**
 * `check`: decide model references offline, with the rules core, against a config file or a
 * stack's config. Three inputs, any mix:
 *
 * - `--model ID`: a model id, decided as is;
 * - `--stack-export FILE`: every resource of a `pulumi stack export`, read by the policy pack's own
 *   readers (`targetOf` + `evaluate` from `core/resource-findings.ts`, the functions the pack calls: every surface, token form,
 *   v2/v3 input name, ARM template deployment and generic resource, exactly as in a preview);
 * - `--arm-template FILE`: an ARM template, `az group export` output or a deployment, walked by
 *   the core's `checkArmDocument` (the walker the pack uses for template deployments), with the
 *   `--parameters` values a deployment would get.
 * - `--resource-graph FILE`: a whole estate from Azure Resource Graph, on its own; each row
 *   decided by the core's `evaluateArmResource` and summarised (`../resource-graph/`).
 *
 * Exit codes: 0 every reference allowed, 1 any denied, 2 usage or config errors.
 */
import * as fs from "node:fs";
import { Rule } from "../../core/enums";
import { GovernanceConfigError } from "../../core/config/validate";
import { CONFIG_KEYS, RULE_KEYS } from "../../core/config/schema";
import { decide, Decision } from "../../core/decision";
import type { ControlRule } from "../../core/enums";
import type { ControlDecision } from "../../core/deployment-controls";
import { checkArmDocument, parameterPair, parametersFileValues, ParameterValues, TemplateResult } from "../../core/arm-template";
import { MODEL_POLICY_NAME, PackRules, resolvePackRules } from "../../core/pack-config";
import { evaluate, Evaluation, PolicyTarget, targetOf } from "../../core/resource-findings";
import type { Command, Io } from "../command";
import { checkConfigFile, governanceConfigFromStack, loadConfigFile, projectDir, UsageError } from "../config-sources";
import { parseStackExport, readableInputs, readJsonFile, UnreadableSecretError } from "../stack-export";
import { mdCell, mdCode, mdTable } from "../markdown";
import { auditResourceGraph } from "../resource-graph/audit";

const HELP = `Usage: azure-ml-governance check (--config FILE | --stack NAME) [--model ID ...]
                                  [--stack-export FILE ...] [--arm-template FILE ...] [options]
       azure-ml-governance check (--config FILE | --stack NAME) --resource-graph FILE ...
                                  [--fail-above PERCENT] [--compare OLD_CONFIG] [options]

Decides model references offline, with the same rules core and the same resource readers as the
Azure Policy definitions and the policy pack. Give at least one of --model, --stack-export or
--arm-template (each may be repeated).

Options:
  --config FILE           governance config file (JSON or YAML), or the policy pack config
                          file app teams receive ({"azure-ml-model-governance":{…}})
  --stack NAME            use the governance config of stack NAME (Pulumi.NAME.yaml in --cwd)
  --model ID              a model id to check
  --stack-export FILE     the JSON of 'pulumi stack export' (- for standard input): every Azure ML
                          and Foundry deployment in it, ARM template deployments included; inputs
                          are read (outputs if a resource has none); an encrypted secret where a
                          model reference should be is denied (export with --show-secrets)
  --arm-template FILE     an ARM template, 'az group export' output, or a deployment
                          ({"properties":{"template":…,"parameters":…}})
  --parameters FILE|NAME=VALUE
                          parameter values for the --arm-template files, as 'az deployment
                          group create --parameters' takes them: a deployment parameters file
                          ({"parameters":{"name":{"value":…}}}) or name=value (JSON objects,
                          arrays, numbers and booleans are parsed); repeatable, later values win
  --resource-graph FILE   audit the estate: the JSON of 'az graph query' (or the REST API, or
                          Search-AzGraph | ConvertTo-Json -Depth 100) for the query in README,
                          pages concatenated, - for standard input; prints how many deployments
                          would be denied, by rule, subscription, resource group, management group
  --fail-above PERCENT    with --resource-graph: exit 1 only when the denied share is above
                          PERCENT (a "ready for Deny" gate), 0 otherwise
  --compare OLD_CONFIG    with --resource-graph: also decide under OLD_CONFIG (the config in
                          force) and list what the proposed config newly denies and newly allows
  --format FORMAT         text (default), json or markdown; json is
                          {"results":[{"resource":…,"type":…,"modelId":…,"allowed":…,"rule":…,"reason":…}]};
                          "warning":true marks a deployment script (a warning, not a denial)
                          catalog models add "catalog":{"publisher","name","version","versionHeld"}
  --cwd DIR               project directory for --stack (default: the current directory)
  -h, --help              show this help

Exit codes: 0 all allowed, 1 any denied, 2 usage or config errors.
`;

const FORMATS = ["text", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

/** One decided model reference. The first six fields are the documented JSON contract. */
export interface CheckResult {
  /** The URN (stack export), the path in the template (ARM template), or the id itself (`--model`). */
  resource: string;
  /** Pulumi type token, ARM type, or `model-id`. */
  type: string;
  /** The model reference as decided (canonical lower-case form), or null when none could be read. */
  modelId: string | null;
  allowed: boolean;
  /** A model rule, or a deployment-control rule (`deployment-types`, `content-filters`, `version-upgrades`, `capacity`). */
  rule: Rule | ControlRule;
  reason: string;
  /** Where in the resource the reference is (the policy pack's message prefix); absent for `--model`. */
  where?: string;
  /** The input it came from: the file, or `--model`. */
  source: string;
  /** A warning, not a verdict (a deployment script in a template): `allowed` stays true. */
  warning?: true;
  /** Catalog models (`{format, name, version}` deployments): the publisher(s), name and version as written. */
  catalog?: { publisher: string; name: string; version: string | null; versionHeld: boolean };
}

/** The catalog fields of a decision, for the JSON, text and markdown output. */
function catalogOf(d: Decision | ControlDecision): CheckResult["catalog"] | undefined {
  const c = "catalog" in d ? d.catalog : undefined;
  return c ? { publisher: c.publishers.join(" + "), name: c.name, version: c.version ?? null, versionHeld: c.pinned } : undefined;
}

/** A result for a decision, with the catalog fields where it is a catalog model. */
function resultOf(base: Omit<CheckResult, "modelId" | "allowed" | "rule" | "reason" | "catalog">, d: Decision | ControlDecision): CheckResult {
  // The documented JSON contract's fields come first, in order.
  const { resource, type, ...rest } = base;
  const r: CheckResult = { resource, type, modelId: modelIdOf(d), allowed: d.allowed, rule: d.rule, reason: d.reason, ...rest };
  const catalog = catalogOf(d);
  if (catalog) r.catalog = catalog;
  return r;
}

/**
 * The rule keys to decide with, from a governance config (component-only keys such as `scope` are
 * not needed to decide), or from a `--policy-pack-config` file (`{"azure-ml-model-governance":
 * {...}}`, as app teams receive it; its `enforcementLevel` and the guardrail entries are ignored).
 */
function ruleKeysOf(config: unknown): unknown {
  if (config === null || typeof config !== "object" || Array.isArray(config)) return config;
  const obj = config as Record<string, unknown>;
  const entry = obj[MODEL_POLICY_NAME];
  const isPackConfig = Object.keys(obj).every((k) => k === MODEL_POLICY_NAME || k === "all" || k.startsWith("azure-ml-guardrail-"));
  if (isPackConfig && entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
    const { enforcementLevel: _level, ...rules } = entry as Record<string, unknown>;
    return rules;
  }
  return Object.fromEntries(Object.entries(obj).filter(([k]) => RULE_KEYS.includes(k) || !CONFIG_KEYS.includes(k)));
}

type Rules = Extract<PackRules, { ok: true }>;

/** The registry id decided, or the catalog model as `Publisher/name[/versions/v]`; deployment controls decide no model: null. */
const modelIdOf = (d: Decision | ControlDecision): string | null => {
  const m = d as Partial<Decision>;
  return m.reference?.canonical ?? m.catalog?.display ?? null;
};

// ---------------------------------------------------------------------------------------------
// Stack exports: the pack's readers

/** The pack's evaluation of one exported resource, with encrypted secrets failing closed. */
function evaluateExported(target: PolicyTarget, inputs: Record<string, unknown>, rules: Rules): Evaluation {
  try {
    return evaluate(target, readableInputs(inputs), rules.compiled);
  } catch (e) {
    if (!(e instanceof UnreadableSecretError)) throw e;
    const what = target.kind === "surface" ? target.surface.title : target.kind === "template" ? "ARM template deployment" : "generic resource";
    return {
      findings: [
        {
          where: `${what} (${e.field === "" ? "inputs" : e.field})`,
          decision: {
            allowed: false,
            rule: Rule.ModelReference,
            reason: `${e.message}, so the model it deploys cannot be checked (denied so nothing slips through). Export the stack with 'pulumi stack export --show-secrets' to check it.`,
          },
        },
      ],
    };
  }
}

function checkStackExport(file: string, rules: Rules): { results: CheckResult[]; note: string } {
  const exported = parseStackExport(readJsonFile(file, "stack export"), file);
  const results: CheckResult[] = [];
  let governed = 0;
  let notApplicable = 0;
  for (const r of exported.resources) {
    const target = targetOf(r.type);
    if (!target) continue;
    const evaluation = evaluateExported(target, r.inputs, rules);
    if ("notApplicable" in evaluation) {
      notApplicable++;
      continue;
    }
    governed++;
    for (const f of evaluation.findings)
      results.push(resultOf({ resource: r.urn, type: r.type, where: f.where, source: file, ...(f.warning ? { warning: true as const } : {}) }, f.decision));
  }
  const n = exported.resources.length;
  const na = notApplicable > 0 ? ` (${notApplicable} more deploy no model: not applicable)` : "";
  return { results, note: `${file}: ${n} resource${n === 1 ? "" : "s"}, ${governed} with model deployments${na}` };
}

// ---------------------------------------------------------------------------------------------
// ARM templates: the core's walker

/** The location text of a template result (the path and type are in `resource` and `type`). */
function templateWhere(r: TemplateResult): string {
  return r.surface ? r.surface.title : r.path === "(deployment)" ? "ARM template deployment" : "template resource";
}

/** The `--parameters` values: files in the deployment parameters format, and name=value pairs; later wins. */
function parameterValues(args: readonly string[]): ParameterValues {
  const values: ParameterValues = {};
  for (const arg of args) {
    const pair = /^[^=@{[]+=/.test(arg) && !fs.existsSync(arg) ? parameterPair(arg) : undefined;
    if (pair && !pair.ok) throw new UsageError(`--parameters ${arg}: ${pair.problem}.`);
    const entries = pair?.ok ? { [pair.name]: pair.entry } : fileValues(arg.replace(/^@/, ""));
    for (const [name, entry] of Object.entries(entries)) {
      for (const k of Object.keys(values)) if (k.toLowerCase() === name.toLowerCase()) delete values[k];
      values[name] = entry;
    }
  }
  return values;
}

function fileValues(file: string): ParameterValues {
  const parsed = parametersFileValues(readJsonFile(file, "parameters file"));
  if (!parsed.ok)
    throw new UsageError(`--parameters ${file}: ${parsed.problem}. Expected a deployment parameters file {"parameters":{"name":{"value":…}}} or name=value.`);
  return parsed.values;
}

function checkTemplateFile(file: string, rules: Rules, parameters: ParameterValues): { results: CheckResult[]; note: string } {
  const checked = checkArmDocument(rules.compiled, readJsonFile(file, "ARM template"), parameters);
  if (checked === undefined)
    throw new UsageError(`${file} is not an ARM template: expected {"$schema":…,"resources":[…]} (or a deployment with properties.template).`);
  const results: CheckResult[] = [];
  for (const r of checked) {
    if (!r.decision && r.warning === undefined) continue;
    const resource = r.name === undefined ? r.path : `${r.path} (${r.name})`;
    const d = r.decision ?? { allowed: true, rule: Rule.ModelReference, reason: r.warning ?? "" };
    results.push(
      resultOf({ resource, type: r.armType ?? "(unknown)", where: templateWhere(r), source: file, ...(r.decision ? {} : { warning: true as const }) }, d),
    );
  }
  return { results, note: `${file}: ${results.length} model reference${results.length === 1 ? "" : "s"}` };
}

// ---------------------------------------------------------------------------------------------
// Output

const ANSI = { red: "\u001b[31m", green: "\u001b[32m", bold: "\u001b[1m", reset: "\u001b[0m" } as const;

function verdict(allowed: boolean, color: boolean, warning = false): string {
  const word = warning ? "WARN " : allowed ? "ALLOW" : "DENY ";
  if (!color) return word;
  return `${ANSI.bold}${allowed ? ANSI.green : ANSI.red}${word}${ANSI.reset}`;
}

function summary(results: readonly CheckResult[]): string {
  const denied = results.filter((r) => !r.allowed).length;
  const n = results.length;
  return `${n} model reference${n === 1 ? "" : "s"} checked: ${n - denied} allowed, ${denied} denied.`;
}

function formatText(results: readonly CheckResult[], notes: readonly string[], color: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${verdict(r.allowed, color, r.warning)} ${r.resource}`);
    if (r.catalog)
      lines.push(
        `      publisher ${r.catalog.publisher}, name ${r.catalog.name}, version ${r.catalog.version ?? "(none)"}${r.catalog.version !== null && !r.catalog.versionHeld ? " (may be upgraded)" : ""}`,
      );
    lines.push(r.where === undefined ? `      [${r.rule}] ${r.reason}` : `      ${r.where} [${r.rule}]: ${r.reason}`);
  }
  if (results.length === 0) lines.push("No Azure ML or Foundry model deployments found.");
  if (notes.length > 0 || results.length > 1) lines.push("", ...notes, summary(results));
  return `${lines.join("\n")}\n`;
}

/** The model column: the registry id, or the catalog publisher, name and version. */
function modelCell(r: CheckResult): string {
  if (r.catalog)
    return `publisher ${mdCode(r.catalog.publisher)}<br>name ${mdCode(r.catalog.name)}<br>version ${r.catalog.version === null ? "–" : mdCode(r.catalog.version)}`;
  return r.modelId === null ? "–" : mdCode(r.modelId);
}

function formatMarkdown(results: readonly CheckResult[], notes: readonly string[], rulesFrom: string): string {
  const denied = results.filter((r) => !r.allowed).length;
  const out = [`### Azure ML model governance check: ${denied === 0 ? "✅ all allowed" : `❌ ${denied} denied`}`, ""];
  out.push(`${summary(results)} Rules from ${rulesFrom}.`, "");
  if (results.length > 0) {
    // Denials first: they are what a reviewer has to act on.
    const rows = [...results]
      .sort((a, b) => Number(a.allowed) - Number(b.allowed))
      .map((r) => {
        const where = r.where === undefined ? "" : `<br>${mdCell(r.where)}`;
        return `| ${r.allowed ? "✅ allow" : "❌ deny"} | ${mdCode(r.resource)}${where} | ${mdCode(r.type)} | ${modelCell(r)} | \`${r.rule}\` | ${mdCell(r.reason)} |`;
      });
    out.push(...mdTable(["verdict", "resource", "type", "model", "rule", "reason"], rows), "");
  }
  if (notes.length > 0) out.push(...notes.map((n) => `- ${mdCell(n)}`), "");
  return `${out.join("\n")}`;
}

// ---------------------------------------------------------------------------------------------
// The command

/** A governance (or pack) config, resolved to the rules the pack decides with; `label` names it in errors. */
function rulesOf(raw: unknown, label: string): Rules {
  const rules = resolvePackRules(ruleKeysOf(raw));
  if (!rules.ok) throw new GovernanceConfigError(rules.errors, label);
  return rules;
}

/** `--fail-above`: a percentage from 0 to 100. */
function percentOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const p = Number(text.replace(/%$/, ""));
  if (text.trim() === "" || !Number.isFinite(p) || p < 0 || p > 100)
    throw new UsageError(`--fail-above must be a percentage from 0 to 100 (e.g. --fail-above 5), not '${text}'.`);
  return p;
}

function check(values: Record<string, unknown>, io: Io): Promise<number> {
  const stack = values.stack as string | undefined;
  const configFile = values.config as string | undefined;
  const models = (values.model as string[] | undefined) ?? [];
  const exports = (values["stack-export"] as string[] | undefined) ?? [];
  const templates = (values["arm-template"] as string[] | undefined) ?? [];
  const parameterArgs = (values.parameters as string[] | undefined) ?? [];
  const graphs = (values["resource-graph"] as string[] | undefined) ?? [];
  const compareFile = values.compare as string | undefined;
  const format = (values.format as string | undefined) ?? "text";
  if ((stack === undefined) === (configFile === undefined)) throw new UsageError(`Give exactly one of --config FILE or --stack NAME.\n\n${HELP}`);
  if (models.length + exports.length + templates.length + graphs.length === 0)
    throw new UsageError(`Give at least one --model ID, --stack-export FILE or --arm-template FILE (or --resource-graph FILE to audit an estate).\n\n${HELP}`);
  if (graphs.length > 0 && models.length + exports.length + templates.length > 0)
    throw new UsageError("--resource-graph audits an estate on its own: run --model, --stack-export and --arm-template in a separate check.");
  if (graphs.length === 0 && (values["fail-above"] !== undefined || compareFile !== undefined))
    throw new UsageError("--fail-above and --compare go with --resource-graph.");
  const failAbove = percentOf(values["fail-above"] as string | undefined);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FORMATS.join(", ")}, not '${format}'.`);
  if ([...exports, ...templates, ...graphs].filter((f) => f === "-").length > 1) throw new UsageError("Standard input (-) can be read only once.");

  if (parameterArgs.length > 0 && templates.length === 0)
    throw new UsageError("--parameters gives values to --arm-template files: give at least one --arm-template FILE.");
  const parameters = parameterValues(parameterArgs);
  const rulesFrom = stack !== undefined ? `stack '${stack}'` : `config file ${configFile}`;
  const raw =
    stack !== undefined
      ? governanceConfigFromStack(projectDir(values.cwd as string | undefined), stack)
      : loadConfigFile(configFile as string, (w) => io.err(`warning: ${w}\n`));
  // A governance config file is validated as `render --config` validates it (a pack config has its own shape).
  if (configFile !== undefined && !(typeof raw === "object" && raw !== null && MODEL_POLICY_NAME in raw))
    checkConfigFile(raw, configFile, { requireScope: false });
  // The pack's own config resolution (core validation, defaults, compiled lookups).
  const rules = rulesOf(raw, stack !== undefined ? `config of stack '${stack}'` : `config file ${configFile}`);

  if (graphs.length > 0) {
    const compare =
      compareFile === undefined
        ? undefined
        : { rules: rulesOf(loadConfigFile(compareFile), `config file ${compareFile} (--compare)`).compiled, from: `config file ${compareFile}` };
    return auditResourceGraph(
      {
        files: graphs,
        rules: rules.compiled,
        rulesFrom,
        format: format as Format,
        color: io.color,
        ...(compare ? { compare } : {}),
        ...(failAbove === undefined ? {} : { failAbove }),
      },
      io,
    );
  }

  const results: CheckResult[] = [];
  const notes: string[] = [];
  for (const modelId of models) {
    const d = decide(rules.compiled, { kind: "model-id", modelId });
    results.push({ resource: modelId, type: "model-id", modelId, allowed: d.allowed, rule: d.rule, reason: d.reason, source: "--model" });
  }
  for (const file of exports) {
    const r = checkStackExport(file, rules);
    results.push(...r.results);
    notes.push(r.note);
  }
  for (const file of templates) {
    const r = checkTemplateFile(file, rules, parameters);
    results.push(...r.results);
    notes.push(r.note);
  }

  switch (format as Format) {
    case "json":
      io.out(`${JSON.stringify({ results }, null, 2)}\n`);
      break;
    case "markdown":
      io.out(formatMarkdown(results, notes, rulesFrom));
      break;
    case "text":
      io.out(formatText(results, notes, io.color));
      break;
  }
  return Promise.resolve(results.every((r) => r.allowed) ? 0 : 1);
}

/** The `check` command. */
export const runCheck: Command = {
  summary: "decide model ids, stack exports, ARM templates and Resource Graph inventories against a governance config, offline (exit 1 if any is denied)",
  help: HELP,
  options: {
    stack: { type: "string" },
    config: { type: "string" },
    model: { type: "string", multiple: true },
    "stack-export": { type: "string", multiple: true },
    "arm-template": { type: "string", multiple: true },
    parameters: { type: "string", multiple: true },
    "resource-graph": { type: "string", multiple: true },
    "fail-above": { type: "string" },
    compare: { type: "string" },
    format: { type: "string" },
    cwd: { type: "string" },
  },
  run: check,
};

/** `check`: decide model ids with the rules core, offline, against a config file or a stack's config. */
import { compileRules, decide } from "../../core/decision";
import { GovernanceConfigError, validateRuleConfig } from "../../core/config/validate";
import { CONFIG_KEYS, RULE_KEYS } from "../../core/config/schema";
import type { Command, Io } from "../main";
import { governanceConfigFromStack, loadConfigFile, projectDir, UsageError } from "../config-sources";

const HELP = `Usage: azure-ml-governance check (--config FILE | --stack NAME) --model ID [--model ID ...] [options]

Decides each model id with the same rules core as the Azure Policy definitions and the policy pack.

Options:
  --config FILE           governance config file (JSON or YAML)
  --stack NAME            use the governance config of stack NAME (Pulumi.NAME.yaml in --cwd)
  --model ID              a model id to check (repeatable)
  --format text|json      text (default) or {"results":[{"modelId":…,"allowed":…,"rule":…,"reason":…}]}
  --cwd DIR               project directory for --stack (default: the current directory)
  -h, --help              show this help

Exit codes: 0 all allowed, 1 any denied, 2 usage or config errors.
`;

/** The rule keys of a governance config (component-only keys such as scope are not needed to decide). */
function ruleKeysOf(config: unknown): Record<string, unknown> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) return config as Record<string, unknown>;
  return Object.fromEntries(Object.entries(config).filter(([k]) => RULE_KEYS.includes(k) || !CONFIG_KEYS.includes(k)));
}

async function check(values: Record<string, unknown>, io: Io): Promise<number> {
  const stack = values.stack as string | undefined;
  const configFile = values.config as string | undefined;
  const models = (values.model as string[] | undefined) ?? [];
  const format = (values.format as string | undefined) ?? "text";
  if ((stack === undefined) === (configFile === undefined)) throw new UsageError(`Give exactly one of --config FILE or --stack NAME.\n\n${HELP}`);
  if (models.length === 0) throw new UsageError(`Give at least one --model ID.\n\n${HELP}`);
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'.`);

  const raw = stack !== undefined ? governanceConfigFromStack(projectDir(values.cwd as string | undefined), stack) : loadConfigFile(configFile as string);
  const checked = validateRuleConfig(ruleKeysOf(raw));
  if (!checked.ok) throw new GovernanceConfigError(checked.errors, stack !== undefined ? `config of stack '${stack}'` : `config file ${configFile}`);
  const compiled = compileRules(checked.config);
  const results = models.map((modelId) => ({ modelId, ...pick(decide(compiled, { kind: "model-id", modelId })) }));

  if (format === "json") io.out(`${JSON.stringify({ results }, null, 2)}\n`);
  else for (const r of results) io.out(`${r.allowed ? "ALLOW" : "DENY "} ${r.modelId}\n      [${r.rule}] ${r.reason}\n`);
  return results.every((r) => r.allowed) ? 0 : 1;
}

function pick(d: { allowed: boolean; rule: string; reason: string }): { allowed: boolean; rule: string; reason: string } {
  return { allowed: d.allowed, rule: d.rule, reason: d.reason };
}

/** The `check` command. */
export const runCheck: Command = {
  summary: "decide model ids against a governance config, offline (exit 1 if any is denied)",
  help: HELP,
  options: {
    stack: { type: "string" },
    config: { type: "string" },
    model: { type: "string", multiple: true },
    format: { type: "string" },
    cwd: { type: "string" },
  },
  run: check,
};

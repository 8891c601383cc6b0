/** `render`: run the stack program (or a config file) under Pulumi mocks and print what would be registered. */
import * as path from "node:path";
import { validateGovernanceConfig, GovernanceConfigError } from "../../core/config/validate";
import type { Command, Io } from "../command";
import { governanceConfigFromStack, loadConfigFile, projectDir, UsageError } from "../config-sources";
import { loadProject, loadStackConfig } from "../program/project";
import { runProgramUnderMocks, RegisteredResource } from "../program/mock-run";
import { formatResourcesJson, formatResourcesText } from "../program/format";
import { formatMarkdownSummary } from "../markdown-summary";
import { effectiveConfigJson } from "../../core/config/effective-config";

const HELP = `Usage: azure-ml-governance render (--stack NAME | --config FILE) [options]

Runs the platform stack program (or one MlDeploymentGovernance built from a config file) offline
under Pulumi mocks and prints every resource it would register. No cloud login is needed.

Options:
  --stack NAME            render the project's stack NAME (Pulumi.NAME.yaml; project in --cwd)
  --config FILE           render a governance config file (JSON or YAML) instead of a stack
  --format FORMAT         text for people (default); json for tools:
                          {"resources":[{"type":…,"name":…,"inputs":{…}}]}; markdown: a summary for
                          a pull request (scopes, effect, registries, model lists, assignments,
                          guardrails, exemptions with expiry)
  --policy-pack-config    print only the policy pack config JSON for app teams
                          (the same as 'pulumi stack output policyPackConfig --json')
  --cwd DIR               project directory (default: the current directory)
  -h, --help              show this help

Exit codes: 0 rendered, 2 usage or config errors (every problem is listed).
`;

const BUILTIN_PROGRAM = path.join(__dirname, "..", "programs", "governance-from-config.js");

/** Policy rules are tens of kilobytes of ARM expressions: people get a summary, tools the JSON. */
function forPeople(r: RegisteredResource): RegisteredResource {
  const rule = r.inputs.policyRule;
  if (rule === undefined) return r;
  const bytes = JSON.stringify(rule).length;
  return { ...r, inputs: { ...r.inputs, policyRule: `<${(bytes / 1024).toFixed(1)} KB policy rule; use --format json to see it>` } };
}

/**
 * The effective config when the program exports none (a stack program other than this package's):
 * the governance config of the stack or file, validated and normalised as the component does.
 */
function effectiveConfigOf(values: Record<string, unknown>, stack: string | undefined, configFile: string | undefined): unknown {
  const raw = stack !== undefined ? governanceConfigFromStack(projectDir(values.cwd as string | undefined), stack) : loadConfigFile(configFile as string);
  const checked = validateGovernanceConfig(raw);
  return checked.ok ? effectiveConfigJson(checked.config) : undefined;
}

async function render(values: Record<string, unknown>, io: Io): Promise<number> {
  const stack = values.stack as string | undefined;
  const configFile = values.config as string | undefined;
  const format = (values.format as string | undefined) ?? "text";
  if ((stack === undefined) === (configFile === undefined)) throw new UsageError(`Give exactly one of --stack NAME or --config FILE.\n\n${HELP}`);
  if (format !== "text" && format !== "json" && format !== "markdown") throw new UsageError(`--format must be text, json or markdown, not '${format}'.`);

  let run: Parameters<typeof runProgramUnderMocks>[0];
  let title: string;
  if (stack !== undefined) {
    const dir = projectDir(values.cwd as string | undefined);
    const project = loadProject(dir);
    const stackConfig = loadStackConfig(dir, project, stack);
    for (const w of stackConfig.warnings) io.err(`warning: ${w}\n`);
    run = {
      programPath: project.programPath,
      project: project.name,
      stack,
      config: stackConfig.config,
      secretKeys: stackConfig.secretKeys,
      cwd: project.dir,
      typescript: project.runtimeOptions.typescript !== false,
      redirectConsoleToStderr: true,
    };
    title = `stack '${stack}' of project '${project.name}'`;
  } else {
    const file = configFile as string;
    const governance = loadConfigFile(file);
    const checked = validateGovernanceConfig(governance);
    if (!checked.ok) throw new GovernanceConfigError(checked.errors, `config file ${file}`);
    run = {
      programPath: BUILTIN_PROGRAM,
      project: "azure-ml-governance",
      stack: "config",
      config: { "azure-ml-governance:governance": JSON.stringify(governance) },
      redirectConsoleToStderr: true,
    };
    title = `config file ${file}`;
  }

  const { resources, outputs } = await runProgramUnderMocks(run);
  if (values["policy-pack-config"]) {
    if (outputs.policyPackConfig === undefined) throw new UsageError(`The program of ${title} exports no policyPackConfig output.`);
    io.out(`${JSON.stringify(outputs.policyPackConfig, null, 2)}\n`);
  } else if (format === "json") {
    io.out(formatResourcesJson(resources));
  } else if (format === "markdown") {
    io.out(formatMarkdownSummary({ title, resources, effectiveConfig: outputs.effectiveConfig ?? effectiveConfigOf(values, stack, configFile) }));
  } else {
    io.out(`${resources.length} resources would be registered by ${title} (offline, under Pulumi mocks):\n\n`);
    io.out(formatResourcesText(resources.map(forPeople), { color: io.color }));
  }
  return 0;
}

/** The `render` command. */
export const runRender: Command = {
  summary: "print every resource the stack (or a config file) would register, offline",
  help: HELP,
  options: {
    stack: { type: "string" },
    config: { type: "string" },
    format: { type: "string" },
    "policy-pack-config": { type: "boolean" },
    cwd: { type: "string" },
  },
  run: render,
};

/** `render`: run the stack program (or a config file) under Pulumi mocks and print what would be registered. */
import * as path from "node:path";
import { validateGovernanceConfig } from "../../core/config/validate";
import type { Command, Io } from "../command";
import { checkConfigFile, governanceConfigFromStack, loadConfigFile, projectDir, UsageError } from "../config-sources";
import { loadStack } from "../program/project";
import { runProgramUnderMocks, RegisteredResource } from "../program/mock-run";
import { formatResourcesJson, formatResourcesText } from "../program/format";
import { formatMarkdownSummary } from "../markdown-summary";
import { resourceCounts, reviewSummary } from "../review-summary";
import { formatReviewText } from "../review-text";
import { isAuthorizationToken } from "../../core/pulumi-tokens";
import { effectiveConfigJson } from "../../core/config/effective-config";

const HELP = `Usage: azure-ml-governance render (--stack NAME | --config FILE) [options]

Runs the platform stack program (or one MlDeploymentGovernance built from a config file) offline
under Pulumi mocks. The text output starts with what the stack enforces (scopes, effect, registries,
model lists, guardrails, exemptions with expiry), then the warnings, then every resource it would
register, with the policy definitions' boilerplate folded. No cloud login is needed.

Options:
  --stack NAME            render the project's stack NAME (Pulumi.NAME.yaml; project in --cwd)
  --config FILE           render a governance config file (JSON or YAML) instead of a stack
  --format FORMAT         text for people (default); markdown: the same summary for a pull
                          request, with the assignments; json for tools:
                          {"resources":[{"type":…,"name":…,"inputs":{…}}]}
  --all                   text: show every input of every resource (nothing folded)
  --policy-pack-config    print only the policy pack config JSON for app teams
                          (the same as 'pulumi stack output policyPackConfig --json')
  --cwd DIR               project directory (default: the current directory)
  -h, --help              show this help

Exit codes: 0 rendered, 2 usage or config errors (every problem is listed).
`;

const FORMATS = ["text", "json", "markdown"] as const;
const BUILTIN_PROGRAM = path.join(__dirname, "..", "programs", "governance-from-config.js");

/** Policy rules are tens of kilobytes of ARM expressions: people get a summary, tools the JSON. */
function forPeople(r: RegisteredResource): RegisteredResource {
  const rule = r.inputs.policyRule;
  if (rule === undefined) return r;
  const bytes = JSON.stringify(rule).length;
  return { ...r, inputs: { ...r.inputs, policyRule: `<${(bytes / 1024).toFixed(1)} KB policy rule; use --format json to see it>` } };
}

/** Definitions are the same in every stack (the lists travel as assignment parameters): name them, fold the rest. */
const DEFINITION_SHOWN = ["displayName", "policyDefinitionName", "mode", "managementGroupId"];

/** Refuses flags that cannot be honoured together, rather than ignoring one of them. */
function refuseConflicts(values: Record<string, unknown>): void {
  const format = values.format as string | undefined;
  if ((values.stack === undefined) === (values.config === undefined)) throw new UsageError(`Give exactly one of --stack NAME or --config FILE.\n\n${HELP}`);
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be ${FORMATS.join(", ")}, not '${format}'.`);
  if (values["policy-pack-config"] && format !== undefined && format !== "json")
    throw new UsageError(
      `--policy-pack-config prints JSON, so --format ${format} cannot apply. Fix: drop --format ${format} (or drop --policy-pack-config for the ${format} view).`,
    );
  if (values.all && (values["policy-pack-config"] || (format !== undefined && format !== "text")))
    throw new UsageError(
      `--all unfolds the text view; it does not apply to ${values["policy-pack-config"] ? "--policy-pack-config" : `--format ${format}`}. Fix: drop --all.`,
    );
}

/** What to run, what to call it, and the config as written (for the summary's spelling of ids). */
interface Source {
  run: Parameters<typeof runProgramUnderMocks>[0];
  title: string;
  written: unknown;
  warnings: string[];
}

function stackSource(values: Record<string, unknown>, stack: string): Source {
  const dir = projectDir(values.cwd as string | undefined);
  const { project, stackConfig, run } = loadStack(dir, stack);
  return {
    run: {
      ...run,
      typescript: project.runtimeOptions.typescript !== false,
      redirectConsoleToStderr: true,
      collectWarnings: true,
    },
    title: `stack '${stack}' of project '${project.name}'`,
    written: governanceConfigFromStack(dir, stack),
    warnings: [...stackConfig.warnings],
  };
}

function fileSource(file: string): Source {
  const warnings: string[] = [];
  const governance = loadConfigFile(file, (w) => warnings.push(w));
  checkConfigFile(governance, file, { requireScope: true });
  return {
    run: {
      programPath: BUILTIN_PROGRAM,
      project: "azure-ml-governance",
      stack: "config",
      config: { "azure-ml-governance:governance": JSON.stringify(governance) },
      redirectConsoleToStderr: true,
      collectWarnings: true,
    },
    title: `config file ${file}`,
    written: governance,
    warnings,
  };
}

/**
 * The effective config: the program's `effectiveConfig` export, else what the component registered
 * as its output (any program that creates one), else the stack's or file's config, normalised.
 */
function effectiveConfigOf(outputs: Record<string, unknown>, resources: readonly RegisteredResource[], written: unknown): unknown {
  if (outputs.effectiveConfig !== undefined) return outputs.effectiveConfig;
  const registered = resources.find((r) => !r.custom && r.outputs?.effectiveConfig !== undefined);
  if (registered) return registered.outputs?.effectiveConfig;
  const checked = validateGovernanceConfig(written);
  return checked.ok ? effectiveConfigJson(checked.config) : undefined;
}

async function render(values: Record<string, unknown>, io: Io): Promise<number> {
  refuseConflicts(values);
  const format = (values.format as string | undefined) ?? "text";
  const source = values.stack !== undefined ? stackSource(values, values.stack as string) : fileSource(values.config as string);
  const { resources, outputs, warnings: logged } = await runProgramUnderMocks(source.run);
  const warnings = [...source.warnings, ...logged];

  if (values["policy-pack-config"]) {
    const packConfig = outputs.policyPackConfig ?? resources.find((r) => !r.custom && r.outputs?.policyPackConfig !== undefined)?.outputs?.policyPackConfig;
    if (packConfig === undefined)
      throw new UsageError(`The program of ${source.title} creates no MlDeploymentGovernance and exports no policyPackConfig output.`);
    for (const w of warnings) io.err(`warning: ${w}\n`);
    io.out(`${JSON.stringify(packConfig, null, 2)}\n`);
    return 0;
  }
  const effectiveConfig = effectiveConfigOf(outputs, resources, source.written);
  if (format === "json") {
    for (const w of warnings) io.err(`warning: ${w}\n`);
    io.out(formatResourcesJson(resources));
  } else if (format === "markdown") {
    io.out(formatMarkdownSummary({ title: source.title, resources, effectiveConfig, writtenConfig: source.written, warnings }));
  } else {
    io.out(`Azure ML model governance: ${source.title} (rendered offline, under Pulumi mocks)\n\n`);
    io.out(formatReviewText(reviewSummary({ effectiveConfig, writtenConfig: source.written, resources, warnings })));
    const counts = resourceCounts(resources);
    io.out(
      `\n${resources.length} resources would be registered${counts === undefined ? "" : ` (${counts})`}.` +
        `${values.all ? "" : " Definition boilerplate is folded (--all shows it)."} A pull-request summary: --format markdown.\n\n`,
    );
    const fold = values.all
      ? {}
      : {
          shownInputs: (r: RegisteredResource) => (isAuthorizationToken(r.type, "PolicyDefinition") ? DEFINITION_SHOWN : undefined),
          foldNote: "the same in every stack; --all shows them",
        };
    io.out(formatResourcesText(resources.map(forPeople), { color: io.color, ...fold }));
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
    all: { type: "boolean" },
    cwd: { type: "string" },
  },
  run: render,
};

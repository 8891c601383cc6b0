/**
 * The differential harness: one deployment, three deciders.
 *
 * 1. The rules core: `readSurface` + `decide` (or "not applicable").
 * 2. The Azure Policy the component deploys: every definition of the rendered plan, evaluated
 *    offline with the assignment's parameter values passed through the initiative exactly as
 *    Azure passes them (assignment → initiative parameters → member `[parameters('x')]` →
 *    definition parameters with their defaults). Deny iff a definition matches or fails
 *    (a failed evaluation is Azure's implicit deny).
 * 3. The CrossGuard pack: its policies served by `@pulumi/policy`'s own Analyze code path
 *    (test/crossguard/in-process-analyzer.ts), configured with the component's `policyPackConfig`.
 *
 * Agreement: the same verdict; when denied, the core's rule is the FIRST rule (in `DENY_RULES`
 * order) among the Azure definitions that matched or failed, and the rule the pack names.
 */
import { EffectiveConfig, validateGovernanceConfig } from "../../core/config/validate";
import { compileRules, CompiledRules, decide } from "../../core/decision";
import { DENY_RULES, Effect, EnforcementMode, Rule } from "../../core/enums";
import { MODEL_POLICY_NAME, policyPackConfigFor } from "../../core/pack-config";
import { aliasTable, readSurface, Surface } from "../../core/surfaces";
import { renderGovernancePlan } from "../../azure-policy/render";
import { GovernancePlan, PolicyDefinitionBody } from "../../azure-policy/plan";
import { AliasResolver, ArmResource, PolicyEvaluationError, resolveTemplateValue, validatePolicyRule } from "../../azure-policy/evaluator";
import { ConditionEvaluator } from "../../azure-policy/evaluator/conditions";
import { parameterLookup, resolveParameters } from "../../azure-policy/evaluator/parameters";
import * as evaluatorParser from "../../azure-policy/evaluator/parser";
import { policies as packPolicies } from "../../crossguard";
import { InProcessAnalyzer, inProcessAnalyzer } from "../crossguard/in-process-analyzer";
import { PulumiResource } from "./surface-cases";

/** The scope every harness config is assigned at. */
export const TEST_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

/** A verdict: allowed, or denied by one rule. */
export interface Verdict {
  allowed: boolean;
  /** The deciding rule (`allowed` when allowed). */
  rule: Rule;
}

/** What the core says, with "not applicable" kept apart from "allowed". */
export interface CoreVerdict extends Verdict {
  notApplicable: boolean;
  reason: string;
}

/** What the rendered Azure Policy says. */
export interface AzureVerdict extends Verdict {
  /** Definitions (rule ids) whose `if` matched. */
  matched: Rule[];
  /** Definitions whose evaluation failed (Azure: implicit deny), with the failure. */
  errors: Array<{ rule: Rule; error: string }>;
}

/** What the policy pack says. */
export interface PackVerdict extends Verdict {
  /** Messages of the pack's violations (mandatory or not). */
  messages: string[];
  /** The resource was reported not applicable. */
  notApplicable: boolean;
}

// ---------------------------------------------------------------------------------------------
// Configs

/** Validates a governance config (rule keys + the test scope); throws with every problem. */
export function effectiveConfig(rules: Record<string, unknown>): EffectiveConfig {
  const r = validateGovernanceConfig({ scope: TEST_SCOPE, ...rules });
  if (!r.ok) throw new Error(`invalid test config ${JSON.stringify(rules)}: ${JSON.stringify(r.errors)}`);
  return r.config;
}

/**
 * A valid config from generated rule keys: config validation refuses approved entries that could
 * never be deployed (untrusted registry or publisher, or blocked), so those are dropped.
 */
export function configDroppingRefusedApprovals(keys: Record<string, unknown>, allowedModels: readonly string[]): EffectiveConfig {
  let approved = [...allowedModels];
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = validateGovernanceConfig({ scope: TEST_SCOPE, ...keys, allowedModels: approved });
    if (r.ok) return r.config;
    const bad = new Set(
      r.errors
        .map((e) => /^allowedModels\[(\d+)\]$/.exec(e.field)?.[1])
        .filter((x): x is string => x !== undefined)
        .map(Number),
    );
    if (bad.size === 0) throw new Error(`generated config is invalid: ${JSON.stringify(r.errors)}`);
    approved = approved.filter((_, i) => !bad.has(i));
  }
  return effectiveConfig({ ...keys, allowedModels: approved });
}

// ---------------------------------------------------------------------------------------------
// Leg 1: the core

/** The core's verdict on a surface's ARM properties. */
export function coreVerdict(compiled: CompiledRules, surface: Surface, properties: unknown): CoreVerdict {
  const reading = readSurface(surface, properties);
  if (!reading.applies) return { allowed: true, rule: Rule.Allowed, notApplicable: true, reason: reading.reason };
  const d = decide(compiled, reading.reference);
  return { allowed: d.allowed, rule: d.rule, notApplicable: false, reason: d.reason };
}

// ---------------------------------------------------------------------------------------------
// Leg 2: the rendered Azure Policy, evaluated offline

/**
 * Memoises the evaluator's expression parser while the differential tests run. The evaluator
 * re-parses every expression string on every evaluation (≈ 70% of its time on these rules);
 * parsing is pure and the AST is never mutated, so memoising changes nothing but the speed
 * (checked by corpus.test.ts, which compares memoised and plain evaluations).
 */
export function memoiseExpressionParser(): () => void {
  const parser = evaluatorParser as { parseExpression: (source: string) => evaluatorParser.ExpressionNode };
  const original = parser.parseExpression;
  const memo = new Map<string, evaluatorParser.ExpressionNode>();
  parser.parseExpression = (source: string) => {
    let ast = memo.get(source);
    if (ast === undefined) {
      ast = original(source);
      memo.set(source, ast);
    }
    return ast;
  };
  return () => {
    parser.parseExpression = original;
  };
}

/**
 * How aliases resolve.
 * - `type-scoped` (Azure): an alias belongs to the resource type its name starts with
 *   (`{namespace}/{type}/{property}`); on a resource of another type it denotes nothing, so the
 *   field is absent. This is how Azure defines aliases (per resource type; `az provider show
 *   --expand resourceTypes/aliases`).
 * - `type-agnostic`: every alias resolves to its ARM path on any resource (what a single
 *   `createAliasResolver(aliasTable())` does). Used to show the rendered rules do not depend on
 *   the difference.
 */
export type AliasMode = "type-scoped" | "type-agnostic";

/** A top-level key no test resource has: the path of an alias on a resource of another type. */
const NO_SUCH_PROPERTY = "__aliasOfAnotherResourceType__";

/** The resource type an alias belongs to: its name up to the last `/`. */
export function aliasResourceType(alias: string): string {
  return alias.slice(0, alias.lastIndexOf("/"));
}

/** An alias resolver over the one alias table (core/surfaces.ts `aliasTable()`), for a resource of `resourceType`. */
export function aliasResolverFor(resourceType: string, mode: AliasMode): AliasResolver {
  const table = aliasTable();
  const type = resourceType.toLowerCase();
  return (alias) => {
    const path = table.get(alias.toLowerCase());
    if (path === undefined) return undefined;
    if (mode === "type-scoped" && aliasResourceType(alias).toLowerCase() !== type) return NO_SUCH_PROPERTY;
    return path;
  };
}

/**
 * Keeps, in every `anyOf`, only the per-surface branches that can apply to `resourceType`: a
 * branch `allOf: [{field: "type", equals: T}, ...]` with `T` another type is false whatever else
 * it holds, as long as nothing else in it fails — which holds when aliases are type-scoped (its
 * fields are then absent, and every absent field becomes '' before the guarded expressions run).
 * corpus.test.ts and property.test.ts check pruned against full rules on a sample of every run.
 */
export function pruneForType(cond: unknown, resourceType: string): unknown {
  if (cond === null || typeof cond !== "object" || Array.isArray(cond)) return cond;
  const obj = cond as Record<string, unknown>;
  const type = resourceType.toLowerCase();
  const branchType = (c: unknown): string | undefined => {
    if (c === null || typeof c !== "object" || !Array.isArray((c as Record<string, unknown>).allOf)) return undefined;
    const first = ((c as Record<string, unknown>).allOf as unknown[])[0] as Record<string, unknown> | undefined;
    return first && first.field === "type" && typeof first.equals === "string" && Object.keys(first).length === 2 ? first.equals.toLowerCase() : undefined;
  };
  if (Array.isArray(obj.anyOf)) {
    const kept = (obj.anyOf as unknown[]).filter((c) => {
      const t = branchType(c);
      return t === undefined || t === type;
    });
    return { anyOf: kept.map((c) => pruneForType(c, resourceType)) };
  }
  if (Array.isArray(obj.allOf)) return { allOf: (obj.allOf as unknown[]).map((c) => pruneForType(c, resourceType)) };
  if ("not" in obj) return { not: pruneForType(obj.not, resourceType) };
  return cond;
}

interface PreparedDefinition {
  rule: Rule;
  body: PolicyDefinitionBody;
  effect: string;
  parameter: (name: string) => unknown;
  pruned: Map<string, unknown>;
}

/** Options of {@link RenderedPolicy.evaluate}. */
export interface AzureEvaluationOptions {
  /** `full` evaluates every definition's whole rule; `pruned` (default) only the branches of the resource's type (type-scoped aliases only). */
  rules?: "full" | "pruned";
  aliases?: AliasMode;
}

/**
 * The Azure side of one rendered plan: its definitions, statically validated once, with their
 * parameter values resolved through the initiative from the first assignment.
 */
export class RenderedPolicy {
  readonly definitions: PreparedDefinition[];
  readonly denies: boolean;

  constructor(readonly plan: GovernancePlan) {
    const assignment = plan.assignments[0];
    if (!assignment) throw new Error("the plan has no assignment");
    // Assignment → initiative parameters (values, else the initiative's defaults).
    const assigned = Object.fromEntries(Object.entries(assignment.parameters).map(([k, v]) => [k, v.value]));
    const initiative = parameterLookup(resolveParameters(plan.initiative.parameters, assigned));
    this.definitions = plan.definitions.map((body) => {
      validatePolicyRule(body.policyRule);
      const member = plan.initiative.policyDefinitions.find((m) => m.definitionName === body.name);
      if (!member) throw new Error(`definition ${body.name} is not in the initiative`);
      // Initiative member: `{ p: { value: "[parameters('p')]" } }` → definition parameter values.
      const forwarded = Object.fromEntries(Object.entries(member.parameters).map(([k, v]) => [k, resolveTemplateValue(v.value, { parameter: initiative })]));
      const parameter = parameterLookup(resolveParameters(body.parameters, forwarded));
      const effect = resolveTemplateValue(body.policyRule.then.effect, { parameter });
      if (typeof effect !== "string") throw new Error(`effect of ${body.name} is not a string`);
      const rule = member.policyDefinitionReferenceId as Rule;
      if (!DENY_RULES.includes(rule)) throw new Error(`unknown rule id ${rule}`);
      return { rule, body, effect, parameter, pruned: new Map() };
    });
    this.denies = assignment.enforcementMode === EnforcementMode.Default;
  }

  /** Evaluates every definition on one ARM resource. */
  evaluate(resource: ArmResource, options: AzureEvaluationOptions = {}): AzureVerdict {
    const aliases = aliasResolverFor(resource.type, options.aliases ?? "type-scoped");
    const matched: Rule[] = [];
    const errors: Array<{ rule: Rule; error: string }> = [];
    let denied = false;
    for (const d of this.definitions) {
      let condition = d.body.policyRule.if;
      // Pruning is only sound with type-scoped aliases (see pruneForType).
      if ((options.rules ?? "pruned") === "pruned" && (options.aliases ?? "type-scoped") === "type-scoped") {
        const key = resource.type.toLowerCase();
        let p = d.pruned.get(key);
        if (p === undefined) {
          p = pruneForType(condition, resource.type);
          d.pruned.set(key, p);
        }
        condition = p;
      }
      try {
        if (new ConditionEvaluator({ resource, aliases, parameter: d.parameter }).evaluate(condition)) matched.push(d.rule);
        else continue;
      } catch (e) {
        if (!(e instanceof PolicyEvaluationError)) throw e;
        errors.push({ rule: d.rule, error: e.message });
      }
      // A match or a failure of a Deny definition in an enforced assignment refuses the request.
      if (this.denies && d.effect.toLowerCase() === Effect.Deny.toLowerCase()) denied = true;
    }
    const hit = new Set<Rule>([...matched, ...errors.map((x) => x.rule)]);
    const first = DENY_RULES.find((r) => hit.has(r));
    return { allowed: !denied, rule: denied && first ? first : Rule.Allowed, matched, errors };
  }
}

// ---------------------------------------------------------------------------------------------
// Leg 3: the policy pack

/** Finds the rule id a pack message names (`… [rule-id]: reason`). */
export function ruleOfPackMessage(message: string): Rule | undefined {
  let best: { rule: Rule; at: number } | undefined;
  for (const rule of DENY_RULES) {
    const at = message.indexOf(`[${rule}]: `);
    if (at >= 0 && (best === undefined || at < best.at)) best = { rule, at };
  }
  return best?.rule;
}

/**
 * A differential suite's set-up: the memoised expression parser for its tests (restored after them)
 * and its {@link PackUnderTest}, created for `config` before them.
 */
export function agreementSuite(config: () => EffectiveConfig): { readonly pack: PackUnderTest } {
  let pack: PackUnderTest | undefined;
  let restoreParser: (() => void) | undefined;
  before(async () => {
    restoreParser = memoiseExpressionParser();
    pack = await PackUnderTest.create(config());
  });
  after(() => restoreParser?.());
  return {
    get pack(): PackUnderTest {
      if (pack === undefined) throw new Error("the suite's pack is created in its before hook");
      return pack;
    },
  };
}

/** The pack's policies behind the SDK's Analyze code path, configured from a governance config. */
export class PackUnderTest {
  private constructor(private readonly analyzer: InProcessAnalyzer) {}

  /** Serves the pack's policies in-process, configured with the component's `policyPackConfig` for `config`. */
  static async create(config: EffectiveConfig): Promise<PackUnderTest> {
    const pack = new PackUnderTest(inProcessAnalyzer(packPolicies));
    await pack.configure(config);
    return pack;
  }

  /** Replaces the pack's config (one config at a time, as in a served pack). */
  async configure(config: EffectiveConfig): Promise<void> {
    const entries = policyPackConfigFor(config, config.enforcementMode);
    const { enforcementLevel, ...properties } = entries[MODEL_POLICY_NAME] as unknown as Record<string, unknown>;
    await this.analyzer.configure({ [MODEL_POLICY_NAME]: { enforcementLevel: (enforcementLevel as "advisory" | undefined) ?? "mandatory", properties } });
  }

  /** Analyzes one Pulumi resource. */
  async evaluate(resource: PulumiResource): Promise<PackVerdict> {
    const result = await this.analyzer.analyze({ type: resource.type, properties: resource.inputs });
    const ours = result.diagnostics.filter((d) => d.policyName === MODEL_POLICY_NAME);
    const mandatory = ours.filter((d) => d.enforcementLevel === "mandatory");
    const notApplicable = result.notApplicable.some((n) => n.policyName === MODEL_POLICY_NAME);
    // A denial whose message names no rule cannot agree with anything.
    const rule = mandatory.length > 0 ? (ruleOfPackMessage(mandatory[0]?.message ?? "") ?? ("(no rule named)" as Rule)) : Rule.Allowed;
    return { allowed: mandatory.length === 0, rule, messages: ours.map((d) => d.message), notApplicable };
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** One decided case and the disagreements found on it. */
export interface CaseOutcome {
  label: string;
  core: CoreVerdict;
  azure: AzureVerdict;
  pack?: PackVerdict;
  /** Empty when all deciders agree. */
  disagreements: string[];
  /** The core denies and an enforcement point allows (the dangerous direction). */
  bypass: boolean;
}

const show = (v: Verdict): string => (v.allowed ? "allow" : `deny [${v.rule}]`);

/** Compares the three verdicts of one case. */
export function compareVerdicts(label: string, core: CoreVerdict, azure: AzureVerdict, pack?: PackVerdict): CaseOutcome {
  const disagreements: string[] = [];
  if (core.allowed !== azure.allowed || core.rule !== azure.rule) {
    disagreements.push(
      `core ${show(core)} vs Azure ${show(azure)} (matched: ${azure.matched.join(", ") || "none"}${azure.errors.length ? `; errors: ${azure.errors.map((e) => `${e.rule}: ${e.error}`).join(" | ")}` : ""})`,
    );
  }
  if (pack && (core.allowed !== pack.allowed || core.rule !== pack.rule)) {
    disagreements.push(
      `core ${show(core)} vs pack ${show(pack)} (${pack.messages.join(" | ").slice(0, 300) || (pack.notApplicable ? "not applicable" : "no diagnostics")})`,
    );
  }
  const bypass = !core.allowed && (azure.allowed || (pack !== undefined && pack.allowed));
  const outcome: CaseOutcome = { label, core, azure, disagreements, bypass };
  if (pack) outcome.pack = pack;
  return outcome;
}

/** Running totals of a differential run. */
export class Tally {
  cases = 0;
  allowed = 0;
  notApplicable = 0;
  readonly byRule = new Map<Rule, number>();
  readonly disagreements: CaseOutcome[] = [];
  readonly bypasses: CaseOutcome[] = [];
  /** Cases where an Azure definition failed (implicit deny), by failure. */
  readonly azureErrors = new Map<string, { count: number; example: string }>();

  add(o: CaseOutcome): void {
    this.cases++;
    if (o.core.allowed) this.allowed++;
    if (o.core.notApplicable) this.notApplicable++;
    this.byRule.set(o.core.rule, (this.byRule.get(o.core.rule) ?? 0) + 1);
    if (o.disagreements.length > 0) this.disagreements.push(o);
    if (o.bypass) this.bypasses.push(o);
    const first = o.azure.errors[0];
    if (first) {
      // One entry per case: the failure, without the value it failed on.
      const key = `${o.azure.errors.length === DENY_RULES.length ? "every definition" : o.azure.errors.map((e) => e.rule).join("+")}: ${first.error.replace(/(got [a-z]+) .*$/, "$1").replace(/string of \d+ characters/, "string of > 131072 characters")}`;
      const entry = this.azureErrors.get(key);
      if (entry) entry.count++;
      else this.azureErrors.set(key, { count: 1, example: o.label.length > 200 ? `${o.label.slice(0, 200)}…` : o.label });
    }
  }

  /** `allowed 123, model-reference 456, …` */
  mix(): string {
    return [`allowed ${this.allowed} (${this.notApplicable} not applicable)`, ...DENY_RULES.map((r) => `${r} ${this.byRule.get(r) ?? 0}`)].join(", ");
  }

  /** The first disagreements, one per line, for a failure message. */
  report(limit = 15): string {
    return this.disagreements
      .slice(0, limit)
      .map((o) => `  - ${o.label}\n      ${o.disagreements.join("\n      ")}`)
      .join("\n");
  }

  /** Evaluator failures, one line each with a count. */
  errorSummary(): string {
    return [...this.azureErrors].map(([k, v]) => `${v.count} case${v.count === 1 ? "" : "s"}, ${k} (e.g. ${v.example})`).join("\n        ");
  }
}

/** A printable label for a model value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value) ?? `<${typeof value}>`;
  return text.length > 160 ? `${text.slice(0, 100)}…(${text.length} chars)` : text;
}

/** Renders a plan for a config (with the name every test uses). */
export function renderFor(config: EffectiveConfig): RenderedPolicy {
  return new RenderedPolicy(renderGovernancePlan("agreement", config));
}

/** Everything needed to decide cases under one config, built once. */
export interface Deciders {
  config: EffectiveConfig;
  compiled: CompiledRules;
  azure: RenderedPolicy;
}

/** Builds the core and Azure deciders of a config (the pack is configured separately: it is shared). */
export function decidersFor(config: EffectiveConfig): Deciders {
  return { config, compiled: compileRules(config), azure: renderFor(config) };
}

/** Rule configs for tests: validated (a bad one throws with every problem), compiled, or as the pack's config file. */
import { compileRules, CompiledRules, EffectiveRules, EnforcementMode, policyPackConfigFor, validateRuleConfig } from "../../core";

/** `rules` as the rules core validates them; throws with every problem. */
export function validRules(rules: unknown): EffectiveRules {
    const v = validateRuleConfig(rules);
    if (!v.ok) throw new Error(`invalid test config ${JSON.stringify(rules)}: ${JSON.stringify(v.errors)}`);
    return v.config;
}

/** `rules` validated and compiled, as the deciders take them. */
export function compiledRules(rules: unknown): CompiledRules {
    return compileRules(validRules(rules));
}

/** The config file the platform team hands out (the core's `policyPackConfigFor`, the component's `policyPackConfig` output), as JSON reads it back. */
export function packConfigFile(rules: unknown, mode: EnforcementMode = EnforcementMode.Default): Record<string, unknown> {
    return JSON.parse(JSON.stringify(policyPackConfigFor(validRules(rules), mode))) as Record<string, unknown>;
}

/** The rule keys of a governance config after validation and normalisation. */
import type { RuleSet } from "../decision";
import type { Effect } from "../enums";
import type { ModelEntry } from "../model-list";

/** The rule keys after normalisation, as the pack and the CLI use them. */
export interface EffectiveRules extends RuleSet {
  effect: Effect;
  blockedModels: ModelEntry[];
  allowedModels: ModelEntry[];
  allowedRegistries: string[];
}

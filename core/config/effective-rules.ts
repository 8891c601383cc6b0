/** The rule keys of a governance config after validation and normalisation. */
import type { RuleSet } from "../decision";
import type { Effect } from "../enums";
import type { ModelEntry } from "../model-list";
import type { DeploymentControls } from "../deployment-controls/config";
import type { CatalogEntry } from "../catalog-model";

/** The rule keys after normalisation, as the pack and the CLI use them. */
export interface EffectiveRules extends RuleSet {
  effect: Effect;
  blockedModels: ModelEntry[];
  allowedModels: ModelEntry[];
  allowedRegistries: string[];
  /** Lower-case trusted catalog publishers (model.format / model.publisher). */
  allowedPublishers: string[];
  blockedCatalogModels: CatalogEntry[];
  allowedCatalogModels: CatalogEntry[];
  /** The deployment controls that are on (absent: none). */
  deploymentControls?: DeploymentControls;
}

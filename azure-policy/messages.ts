/** Default non-compliance messages: each names its rule, and reads "must" or "should" by enforcement mode. */
import { EffectiveConfig } from "../core/config/validate";
import { enabledRules } from "../core/deployment-controls";
import { defaultNonComplianceMessage, MODEL_RULE_IDS } from "../core/rule-catalogue";
import { NonComplianceMessage } from "./plan";
import { LIMITS } from "../core/config/schema";

/** Azure's limit on one non-compliance message (characters). */
export const MESSAGE_MAX = LIMITS.nonComplianceMessage;

/** The messages for an assignment: the user's one message, or one per model rule and per control that is on. */
export function nonComplianceMessages(config: EffectiveConfig): NonComplianceMessage[] {
  if (config.nonComplianceMessage) return [{ message: config.nonComplianceMessage }];
  return [...MODEL_RULE_IDS, ...enabledRules(config.deploymentControls)].map((rule) => ({
    message: defaultNonComplianceMessage(rule, config).slice(0, MESSAGE_MAX),
    policyDefinitionReferenceId: rule,
  }));
}

/**
 * Deployment controls (issue 11): deployment type / data residency, content filters, version
 * upgrades and capacity, decided beside the model rules on every surface that has the fields.
 */
export * from "./catalogue";
export { CONTROL_FIXES, CONTROL_KEYS, CONTROL_PROPERTIES, controlsConfigJson, DeploymentControls, normaliseDeploymentControls } from "./config";
export { ControlDecision, ControlReading, decideControls, enabledRules } from "./decision";
export {
  CONTROL_SURFACES,
  ControlField,
  ControlSurface,
  controlAliasTable,
  controlSurfaceForArmType,
  controlSurfaceForToken,
  isClassicCognitiveDeploymentToken,
  readArmPath,
} from "./surfaces";
export { ControlFinding, classicControlFindings, controlsOf, nativeControlFindings, templateControlResults } from "./findings";

/**
 * The rules core: model-id parsing, config validation, the allow/deny decision and the
 * deployment-surface table. Pure TypeScript with no Pulumi imports, so the component, the policy
 * pack and the CLI all decide with exactly this code.
 */
export * from "./enums";
export * from "./model-id";
export * from "./model-list";
export * from "./decision";
export * from "./scope";
export * from "./surfaces";
export * from "./config/schema";
export * from "./config/validate";
export * from "./pack-config";
export * from "./config/stack-config";
export * from "./arm-template";
export * from "./guardrails";
export * from "./resource-findings";
export * from "./config/effective-config";
export * from "./config/pulumi-cloud";

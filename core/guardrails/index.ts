/**
 * The governance baseline in the rules core: the catalogue of Azure ML built-ins and the two custom
 * guardrails, the args types, their JSON Schema, validation, and the preflight checks the policy
 * pack runs on resource inputs. Pure TypeScript, no Pulumi imports.
 */
export * from "./types";
export * from "./catalogue";
export * from "./schema";
export * from "./validate";
export * from "./preflight";

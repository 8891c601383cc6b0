/** The governance baseline as Azure Policy: custom guardrail definitions, the baseline initiative, assignments, roles, exemptions, the deny alert, and the compliance queries. */
export * from "./names";
export * from "./custom-definitions";
export * from "./render";
export * from "./queries";

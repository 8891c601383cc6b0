/** The Azure Policy adapter: renders the core's rules as Azure Policy JSON (no Pulumi imports). */
export * from "./plan";
export * from "./render";
export * from "./names";
export { PARAM } from "./rules";

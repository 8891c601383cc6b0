/**
 * The Azure Policy adapter: renders the core's rules as Azure Policy JSON (no Pulumi imports).
 * Internal (not a package entry since the public API was drawn): the component, the tests and the
 * benchmarks import it; consumers get `renderGovernancePlan` from the package root.
 */
export * from "./plan";
export * from "./render";
export * from "./names";
export { PARAM } from "./rules";

/** `identityLocation`: required when an enabled guardrail remediates (DeployIfNotExists / Modify). */
import type { ConfigIssue } from "../config/issues";

const REGION = /^[A-Za-z][A-Za-z0-9 ]{1,40}$/;

/** Checks `identityLocation` against the remediating keys; returns the normalised region. */
export function checkIdentityLocation(
  input: Record<string, unknown>,
  needing: readonly string[],
  memberErrors: boolean,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): string | undefined {
  const raw = input.identityLocation;
  if (typeof raw === "string") {
    if (!REGION.test(raw.trim())) {
      errors.push({ field: "identityLocation", value: raw, message: "is not an Azure region name", fix: "write a region such as westeurope or eastus2" });
      return undefined;
    }
    if (needing.length === 0 && !memberErrors) {
      warnings.push({
        field: "identityLocation",
        value: raw,
        message: "is set, but no enabled guardrail uses DeployIfNotExists or Modify, so no assignment gets an identity",
        fix: "remove it, or keep it for later",
      });
    }
    return raw.trim().toLowerCase().replace(/\s+/g, "");
  }
  if (needing.length > 0) {
    errors.push({
      field: "identityLocation",
      value: undefined,
      message: `is required: ${needing.join(", ")} remediate through the assignment's system-assigned managed identity, and Azure needs a location for it`,
      fix: "set identityLocation to an Azure region such as westeurope",
    });
  }
  return undefined;
}

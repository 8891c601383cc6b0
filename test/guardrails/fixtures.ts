/** Shared constants of the guardrail tests. */

export const NOW = new Date("2026-01-15T12:00:00Z");
export const SUB = "22222222-2222-2222-2222-222222222222";
export const SUB2 = "33333333-3333-3333-3333-333333333333";
export const SUB_SCOPE = `/subscriptions/${SUB}`;
export const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-ml`;
export const MG_SCOPE = "/providers/Microsoft.Management/managementGroups/contoso-ml";
export const LAW = `/subscriptions/${SUB2}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-central`;
export const DNS_ZONE = `/subscriptions/${SUB2}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms`;
export const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-ml/subnets/pe`;

export const BASE = { scope: SUB_SCOPE, allowedRegistries: ["azureml"], allowedPublishers: ["OpenAI"] };

/** `days` after NOW, as ISO. */
export function inDays(days: number): string {
  return new Date(NOW.getTime() + days * 86_400_000).toISOString();
}

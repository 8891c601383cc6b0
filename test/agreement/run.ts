/**
 * Running cases through the three deciders, and the small utilities the agreement tests share.
 */
import { Surface } from "../../core/surfaces";
import { AzureEvaluationOptions, CaseOutcome, compareVerdicts, coreVerdict, Deciders, PackUnderTest } from "./harness";
import { armProperties, PulumiResource, pulumiResource, TOKEN_FORMS } from "./surface-cases";

/** Decides one deployment with all three deciders (the pack leg when `pack` is given). */
export async function decideCase(
  d: Deciders,
  pack: PackUnderTest | undefined,
  surface: Surface,
  properties: unknown,
  pulumi: PulumiResource | undefined,
  label: string,
  azureOptions: AzureEvaluationOptions = {},
): Promise<CaseOutcome> {
  const core = coreVerdict(d.compiled, surface, properties);
  const resource = properties === undefined ? { type: surface.armType, name: "dep-1" } : { type: surface.armType, name: "dep-1", properties };
  const azure = d.azure.evaluate(resource, azureOptions);
  const packVerdict = pack && pulumi ? await pack.evaluate(pulumi) : undefined;
  return compareVerdicts(label, core, azure, packVerdict);
}

/** The Pulumi resource of case number `i`: token forms and v2/v3 input names are cycled. */
export function pulumiFor(surface: Surface, properties: unknown, i: number): PulumiResource {
  return pulumiResource(surface, properties, TOKEN_FORMS[i % TOKEN_FORMS.length] ?? "default", Math.floor(i / TOKEN_FORMS.length) % 2 === 1);
}

/** Decides a model value on a surface, built the documented way for that surface. */
export function decideValue(
  d: Deciders,
  pack: PackUnderTest | undefined,
  surface: Surface,
  value: unknown,
  i: number,
  label: string,
  azureOptions?: AzureEvaluationOptions,
): Promise<CaseOutcome> {
  const properties = armProperties(surface, value);
  return decideCase(d, pack, surface, properties, pack ? pulumiFor(surface, properties, i) : undefined, label, azureOptions);
}

/** Prints a result line under the running test (mocha's indentation). */
export function say(line: string): void {
  // eslint-disable-next-line no-console
  console.log(`      ${line}`);
}

/** Seconds since `start` (ms), one decimal. */
export function seconds(start: number): string {
  return ((Date.now() - start) / 1000).toFixed(1);
}

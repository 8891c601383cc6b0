/**
 * An independent reading of the model-id grammar from the issue, written as one anchored regular
 * expression per form. It does not import the parser: the tests compare the two, so a mistake in
 * either shows up as a disagreement.
 *
 * The reader's rules: ASCII letters, digits and `. _ - / : @` only; every name, version and label
 * is non-empty, never `.`/`..`/`.hidden`, and holds no `/ : @`; keywords are case-insensitive; all
 * names compare in lower case.
 */

/** What a careful reader expects a model id to mean. Mirrors the shape of the core's ModelRef. */
export interface ExpectedRef {
  source: "registry" | "workspace";
  registry?: string;
  workspace?: string;
  model: string;
  version?: string;
  label?: string;
  canonical: string;
}

const SEG = "([a-z0-9_-][a-z0-9._-]*)";
const PIN = `(?:/(versions|labels)/${SEG})?`;

const REGISTRY_URI = new RegExp(`^azureml://registries/${SEG}/models/${SEG}${PIN}$`);
const LOCATIONS_URI = new RegExp(`^azureml://locations/${SEG}/workspaces/${SEG}/models/${SEG}${PIN}$`);
const SUBSCRIPTIONS_URI = new RegExp(`^azureml://subscriptions/${SEG}/resourcegroups/${SEG}/workspaces/${SEG}/models/${SEG}${PIN}$`);
const ARM = new RegExp(
  `^/subscriptions/${SEG}/resourcegroups/${SEG}/providers/microsoft\\.machinelearningservices/(registries|workspaces)/${SEG}/models/${SEG}(?:/versions/${SEG})?$`,
);
const SHORT_VERSION = new RegExp(`^azureml:${SEG}:${SEG}$`);
const SHORT_LABEL = new RegExp(`^azureml:${SEG}@${SEG}$`);

function pinned(base: Omit<ExpectedRef, "canonical">, kind: string | undefined, pin: string | undefined, canonical: string): ExpectedRef {
  const out: ExpectedRef = { ...base, canonical };
  if (kind === "versions") out.version = pin;
  if (kind === "labels") out.label = pin;
  return out;
}

function registryCanonical(registry: string, model: string, kind?: string, pin?: string): string {
  return `azureml://registries/${registry}/models/${model}${kind ? `/${kind}/${pin}` : ""}`;
}

/** The reader's parse of `id`, or `undefined` when the reader would refuse it. */
export function expectedParse(id: string): ExpectedRef | undefined {
  if (!/^[A-Za-z0-9._\-/:@]+$/.test(id)) return undefined;
  const s = id.toLowerCase();
  let m = REGISTRY_URI.exec(s);
  if (m) return pinned({ source: "registry", registry: m[1], model: m[2] }, m[3], m[4], registryCanonical(m[1], m[2], m[3], m[4]));
  m = LOCATIONS_URI.exec(s);
  if (m) return pinned({ source: "workspace", workspace: m[2], model: m[3] }, m[4], m[5], s);
  m = SUBSCRIPTIONS_URI.exec(s);
  if (m) return pinned({ source: "workspace", workspace: m[3], model: m[4] }, m[5], m[6], s);
  m = ARM.exec(s);
  if (m) {
    const kind = m[6] ? "versions" : undefined;
    if (m[3] === "registries") return pinned({ source: "registry", registry: m[4], model: m[5] }, kind, m[6], registryCanonical(m[4], m[5], kind, m[6]));
    return pinned({ source: "workspace", workspace: m[4], model: m[5] }, kind, m[6], s);
  }
  m = SHORT_VERSION.exec(s);
  if (m) return { source: "workspace", model: m[1], version: m[2], canonical: s };
  m = SHORT_LABEL.exec(s);
  if (m) return { source: "workspace", model: m[1], label: m[2], canonical: s };
  return undefined;
}

/**
 * The registry an id names, by the simplest possible reading (for invariant checks): the segment
 * after `azureml://registries/` or after `/providers/Microsoft.MachineLearningServices/registries/`.
 */
export function registryByRegex(id: string): string | undefined {
  const m =
    /^azureml:\/\/registries\/([^/]+)\//i.exec(id) ??
    /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/registries\/([^/]+)\//i.exec(id);
  return m ? m[1].toLowerCase() : undefined;
}

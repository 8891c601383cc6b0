/**
 * Reading `pulumi stack export` JSON for `check --stack-export`: the resources, their inputs, and
 * the secrets in them.
 *
 * A stack export is `{version, deployment: {resources: [{urn, type, inputs, outputs, ...}]}}`.
 * The policy pack sees a resource's inputs at preview, so the inputs are what is checked; a
 * resource without inputs (a state written by an old CLI, a read resource) falls back to its
 * outputs.
 *
 * Secrets are `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ...}` with
 * `ciphertext` (a plain export) or `plaintext` (the JSON text of the value, with
 * `--show-secrets`). They are resolved lazily, the way Pulumi's unknown values reach the pack: a
 * resource's inputs are wrapped so that *reading* a ciphertext secret throws
 * {@link UnreadableSecretError}, and reading a plaintext one returns its value. Secrets in fields
 * the decision never reads (keys, connection strings) are never touched.
 */
import * as fs from "node:fs";
import { UsageError } from "./config-sources";

/** The key and value that mark a secret in Pulumi's serialised state. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** One resource of a stack export, as far as `check` needs it. */
export interface ExportedResource {
  urn: string;
  type: string;
  /** Inputs (or outputs, when the state has no inputs), secrets still wrapped. */
  inputs: Record<string, unknown>;
  /** Where `inputs` came from. */
  from: "inputs" | "outputs";
}

/** What was read from an export. */
export interface StackExport {
  /** The export's `version` field, when present. */
  version?: number;
  /** Every resource except those pending deletion. */
  resources: ExportedResource[];
  /** Number of resource entries in the file (including skipped ones). */
  total: number;
}

/** Reading a field whose value is an encrypted secret. */
export class UnreadableSecretError extends Error {
  constructor(
    /** The input path, e.g. `properties.modelSettings.modelId`. */
    public readonly field: string,
    why: string,
  ) {
    super(`${field === "" ? "The resource's inputs are" : `The input ${field} is`} ${why}`);
    this.name = "UnreadableSecretError";
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Whether a value is Pulumi's serialised secret envelope. */
export function isSecretEnvelope(value: unknown): value is Record<string, unknown> {
  return isObject(value) && value[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** A value as the decision reads it: plaintext secrets opened, ciphertext secrets throwing, objects wrapped. */
function reveal(value: unknown, field: string): unknown {
  if (isSecretEnvelope(value)) {
    if (typeof value.plaintext !== "string") {
      throw new UnreadableSecretError(field, "a secret encrypted in the stack export (ciphertext), which cannot be read offline");
    }
    let opened: unknown;
    try {
      opened = JSON.parse(value.plaintext);
    } catch {
      throw new UnreadableSecretError(field, "a secret whose plaintext is not JSON");
    }
    return reveal(opened, field);
  }
  return value !== null && typeof value === "object" ? wrap(value, field) : value;
}

function wrap(target: object, field: string): unknown {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v: unknown = Reflect.get(t, prop, receiver);
      if (typeof prop === "symbol") return v;
      const sub = field === "" ? prop : /^\d+$/.test(prop) ? `${field}[${prop}]` : `${field}.${prop}`;
      return reveal(v, sub);
    },
  });
}

/**
 * The inputs of an exported resource as the pack's readers should see them: property reads open
 * plaintext secrets and throw {@link UnreadableSecretError} on ciphertext ones.
 */
export function readableInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  return reveal(inputs, "") as Record<string, unknown>;
}

/** Reads a JSON file, or standard input for `-`; exit-2 errors for unreadable or invalid files. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new UsageError(`${what[0].toUpperCase()}${what.slice(1)} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Parses `pulumi stack export` JSON (any deployment version with `deployment.resources`). */
export function parseStackExport(json: unknown, file: string): StackExport {
  const deployment = isObject(json) ? json.deployment : undefined;
  const list = isObject(deployment) ? deployment.resources : undefined;
  if (!isObject(json) || !isObject(deployment) || (list !== undefined && list !== null && !Array.isArray(list))) {
    const hint = isObject(json) && ("resources" in json || "$schema" in json) ? " It looks like an ARM template: use --arm-template." : "";
    throw new UsageError(`${file} is not a 'pulumi stack export' file: expected {"version":3,"deployment":{"resources":[…]}}.${hint}`);
  }
  const resources: ExportedResource[] = [];
  const entries = Array.isArray(list) ? (list as unknown[]) : [];
  entries.forEach((r, i) => {
    if (!isObject(r)) throw new UsageError(`${file}: deployment.resources[${i}] is not an object.`);
    if (typeof r.type !== "string" || typeof r.urn !== "string") throw new UsageError(`${file}: deployment.resources[${i}] has no string 'type' and 'urn'.`);
    if (r.delete === true) return; // pending deletion: replaced or removed, no longer deployed
    if (isObject(r.inputs) && Object.keys(r.inputs).length > 0) resources.push({ urn: r.urn, type: r.type, inputs: r.inputs, from: "inputs" });
    else if (isObject(r.outputs)) resources.push({ urn: r.urn, type: r.type, inputs: r.outputs, from: "outputs" });
    else resources.push({ urn: r.urn, type: r.type, inputs: {}, from: "inputs" });
  });
  const version = typeof json.version === "number" ? json.version : undefined;
  return version === undefined ? { resources, total: entries.length } : { version, resources, total: entries.length };
}

/**
 * fast-check generators for the differential property test: configs whose lists are drawn from
 * the same small name pools as the ids (so blocked and approved entries are hit often), and model
 * values built from the grammar's pieces, then mutated the way an attacker would.
 */
import fc from "fast-check";
import { POLICY_SURFACES as SURFACES } from "../../core/surfaces";
import { TOKEN_FORMS, TokenForm } from "./surface-cases";

/** The fixed seed of the property runs (printed with the results). */
export const AGREEMENT_SEED = 20261121;

const SUB = "00000000-0000-0000-0000-000000000000";
const ARM = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices`;

/** Registry names configs trust (or not). */
export const REGISTRY_POOL = ["azureml", "azureml-meta", "huggingface", "azure-openai", "testFeed", "reg_01"] as const;
/** Model names shared by ids and list entries. */
export const MODEL_POOL = ["Phi-4", "phi-4-mini", "gpt-35-turbo", "llama.3", "m_1", "bert-base"] as const;
const VERSION_POOL = ["1", "2", "10", "1.0.0"] as const;
const LABEL_POOL = ["latest", "default", "v1"] as const;

// ---------------------------------------------------------------------------------------------
// Configs

interface EntrySpec {
  registry: string;
  model: string;
  version: string | null;
  form: "uri" | "arm" | "upper";
}

const entrySpec: fc.Arbitrary<EntrySpec> = fc.record({
  registry: fc.constantFrom(...REGISTRY_POOL),
  model: fc.constantFrom(...MODEL_POOL),
  version: fc.option(fc.constantFrom(...VERSION_POOL), { freq: 2 }),
  form: fc.constantFrom("uri" as const, "arm" as const, "upper" as const),
});

function entryText(e: EntrySpec): string {
  const pin = e.version === null ? "" : `/versions/${e.version}`;
  if (e.form === "arm") return `${ARM}/registries/${e.registry}/models/${e.model}${pin}`;
  const uri = `azureml://registries/${e.registry}/models/${e.model}${pin}`;
  return e.form === "upper" ? uri.toUpperCase() : uri;
}

/** The rule keys of a generated config, as a platform team would write them. */
export interface RuleKeys {
  allowedRegistries: string[];
  blockedModels: string[];
  allowedModels: string[];
  workspaceModels: "Allow" | "Deny";
  effect: "Deny";
}

/**
 * Random rule keys. `allowedModels` entries that could never be deployed (untrusted registry or
 * blocked) are refused by config validation, so the caller drops the ones validation names.
 */
export const ruleKeys: fc.Arbitrary<RuleKeys> = fc
  .record({
    registries: fc.subarray([...REGISTRY_POOL], { minLength: 1, maxLength: 4 }),
    registryForms: fc.array(fc.constantFrom("name", "pattern", "upper", "pattern-no-slash"), { minLength: 4, maxLength: 4 }),
    blocked: fc.array(entrySpec, { maxLength: 3 }),
    allowed: fc.oneof({ arbitrary: fc.constant([] as EntrySpec[]), weight: 1 }, { arbitrary: fc.array(entrySpec, { minLength: 1, maxLength: 4 }), weight: 1 }),
    workspaceModels: fc.constantFrom("Allow" as const, "Deny" as const),
  })
  .map((r) => ({
    allowedRegistries: r.registries.map((name, i) => {
      switch (r.registryForms[i]) {
        case "pattern":
          return `azureml://registries/${name}/`;
        case "pattern-no-slash":
          return `azureml://registries/${name}`;
        case "upper":
          return name.toUpperCase();
        default:
          return name;
      }
    }),
    blockedModels: r.blocked.map(entryText),
    allowedModels: r.allowed.map(entryText),
    workspaceModels: r.workspaceModels,
    effect: "Deny" as const,
  }));

// ---------------------------------------------------------------------------------------------
// Model ids

/** Registry pieces: the pool, near misses of it, and oddities. */
const registryPiece = fc.oneof(
  { arbitrary: fc.constantFrom(...REGISTRY_POOL), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom(...REGISTRY_POOL), fc.constantFrom("-evil", "x", "_", "-", "0", ".evil", "-meta")).map(([r, s]) => r + s), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom("x", "evil-", "my"), fc.constantFrom(...REGISTRY_POOL)).map(([p, r]) => p + r), weight: 1 },
  { arbitrary: fc.constantFrom("azure", "ml", "azureml-deepseek", "registries", "models", ".", "..", ".hidden", ""), weight: 1 },
);
const modelPiece = fc.oneof(
  { arbitrary: fc.constantFrom(...MODEL_POOL), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom(...MODEL_POOL), fc.constantFrom("-x", "2", ".", "-instruct")).map(([m, s]) => m + s), weight: 1 },
  { arbitrary: fc.constantFrom("azureml", "versions", "labels", ".", "..", ".m", ""), weight: 1 },
);
const pinPiece = fc.oneof(
  { arbitrary: fc.constant(""), weight: 3 },
  { arbitrary: fc.constantFrom(...VERSION_POOL).map((v) => `/versions/${v}`), weight: 3 },
  { arbitrary: fc.constantFrom(...LABEL_POOL).map((l) => `/labels/${l}`), weight: 2 },
  { arbitrary: fc.constantFrom("/versions/", "/labels/", "/versions", "/versions/.1", "/tags/latest", "/versions/1/labels/latest"), weight: 1 },
);

/** An id assembled from grammar pieces in one of the forms (and some forms outside the grammar). */
const grammarId: fc.Arbitrary<string> = fc
  .record({
    form: fc.constantFrom(
      "registry-uri",
      "registry-uri",
      "registry-uri",
      "registry-arm",
      "ws-locations",
      "ws-subscriptions",
      "ws-arm",
      "short-version",
      "short-label",
      "feeds",
      "scheme",
    ),
    registry: registryPiece,
    model: modelPiece,
    pin: pinPiece,
    version: fc.constantFrom(...VERSION_POOL),
    label: fc.constantFrom(...LABEL_POOL),
    scheme: fc.constantFrom("azureml://", "AzureML://", "azureml:/", "azureml:///", "https://", "azureml//", "azure-ml://", ""),
  })
  .map((p) => {
    const armPin = p.pin.startsWith("/labels") ? "" : p.pin;
    switch (p.form) {
      case "registry-uri":
        return `azureml://registries/${p.registry}/models/${p.model}${p.pin}`;
      case "registry-arm":
        return `${ARM}/registries/${p.registry}/models/${p.model}${armPin}`;
      case "ws-locations":
        return `azureml://locations/westeurope/workspaces/${p.registry}/models/${p.model}${p.pin}`;
      case "ws-subscriptions":
        return `azureml://subscriptions/${SUB}/resourceGroups/rg-ml/workspaces/ws-prod/models/${p.model}${p.pin}`;
      case "ws-arm":
        return `${ARM}/workspaces/ws-prod/models/${p.model}${armPin}`;
      case "short-version":
        return `azureml:${p.model}:${p.version}`;
      case "short-label":
        return `azureml:${p.model}@${p.label}`;
      case "feeds":
        return `azureml://feeds/${p.registry}/models/${p.model}${p.pin}`;
      default:
        return `${p.scheme}registries/${p.registry}/models/${p.model}${p.pin}`;
    }
  });

/** Characters an attacker inserts: separators, dot segments, encodings, whitespace, look-alikes. */
const INSERTS = [
  "/",
  "//",
  ".",
  "..",
  "/./",
  "/../",
  "./",
  " ",
  "\t",
  "\n",
  "%2F",
  "%2f",
  "%2e",
  "%61",
  "%00",
  ":",
  "@",
  "\\",
  "?",
  "#",
  "*",
  "\u0430",
  "\u0435",
  "\u043e",
  "\u0131",
  "\u0130",
  "\u017f",
  "\u212a",
  "\uff0f",
  "\u2215",
  "\u2044",
  "\u200b",
  "\u200d",
  "\u00a0",
  "\ufeff",
  "\u0301",
  "\ud83d\ude00",
  "\ud800",
] as const;

type Mutation =
  | { op: "flip-case"; at: number }
  | { op: "insert"; at: number; text: string }
  | { op: "delete"; at: number; length: number }
  | { op: "replace"; at: number; text: string }
  | { op: "duplicate-segment"; at: number }
  | { op: "drop-segment"; at: number }
  | { op: "swap-segments"; at: number }
  | { op: "truncate"; at: number }
  | { op: "append"; text: string };

const insertText = fc.oneof(
  { arbitrary: fc.constantFrom(...INSERTS), weight: 5 },
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 2 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 1 },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip-case" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: insertText }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), text: insertText }),
  fc.record({ op: fc.constant("duplicate-segment" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("drop-segment" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap-segments" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("append" as const),
    text: fc.constantFrom("/", "//", "/.", "/..", "/versions/1", "/labels/latest", "?x=azureml", "#azureml", " ", "%20", ":1", "@latest"),
  }),
);

function applyMutation(s: string, m: Mutation): string {
  const pos = (n: number, len: number) => (len === 0 ? 0 : n % (len + 1));
  switch (m.op) {
    case "flip-case": {
      if (s.length === 0) return s;
      const i = m.at % s.length;
      const ch = s[i] ?? "";
      const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
      return s.slice(0, i) + flipped + s.slice(i + 1);
    }
    case "insert": {
      const i = pos(m.at, s.length);
      return s.slice(0, i) + m.text + s.slice(i);
    }
    case "delete": {
      const i = pos(m.at, s.length);
      return s.slice(0, i) + s.slice(i + m.length);
    }
    case "replace": {
      if (s.length === 0) return m.text;
      const i = m.at % s.length;
      return s.slice(0, i) + m.text + s.slice(i + 1);
    }
    case "duplicate-segment":
    case "drop-segment":
    case "swap-segments": {
      const parts = s.split("/");
      const i = m.at % parts.length;
      if (m.op === "duplicate-segment") parts.splice(i, 0, parts[i] ?? "");
      else if (m.op === "drop-segment") parts.splice(i, 1);
      else if (i + 1 < parts.length) [parts[i], parts[i + 1]] = [parts[i + 1] ?? "", parts[i] ?? ""];
      return parts.join("/");
    }
    case "truncate":
      return s.slice(0, pos(m.at, s.length));
    case "append":
      return s + m.text;
  }
}

const mutations = fc.oneof(
  { arbitrary: fc.constant([] as Mutation[]), weight: 1 },
  { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 1 },
);

/** A grammar id with 0–3 mutations (about half unmutated). */
export const attackerId: fc.Arbitrary<string> = fc.tuple(grammarId, mutations).map(([id, ms]) => ms.reduce(applyMutation, id));

/**
 * Ids aimed at a config's own list entries and registries: the entry's registry and model with
 * its version kept, dropped, changed or replaced by a label, in the URI or ARM form, in any case,
 * then (half the time) mutated. These make blocked and approved decisions frequent.
 */
function aimedId(keys: RuleKeys): fc.Arbitrary<string> {
  const targets: Array<{ registry: string; model: string; version?: string }> = [];
  for (const e of [...keys.blockedModels, ...keys.allowedModels]) {
    const m = /registries\/([^/]+)\/models\/([^/]+)(?:\/versions\/([^/]+))?$/i.exec(e);
    if (m) targets.push(m[3] === undefined ? { registry: m[1] ?? "", model: m[2] ?? "" } : { registry: m[1] ?? "", model: m[2] ?? "", version: m[3] });
  }
  for (const r of keys.allowedRegistries) targets.push({ registry: r.replace(/^azureml:\/\/registries\//i, "").replace(/\/$/, ""), model: MODEL_POOL[0] });
  return fc
    .record({
      target: fc.constantFrom(...targets),
      pin: fc.constantFrom("keep", "keep", "none", "other", "label"),
      other: fc.constantFrom(...VERSION_POOL),
      label: fc.constantFrom(...LABEL_POOL),
      arm: fc.boolean(),
      upper: fc.constantFrom(false, false, true),
      ms: mutations,
    })
    .map((p) => {
      const version = p.pin === "keep" ? p.target.version : p.pin === "other" ? p.other : undefined;
      const pin = version !== undefined ? `/versions/${version}` : p.pin === "label" && !p.arm ? `/labels/${p.label}` : "";
      const base = p.arm
        ? `${ARM}/registries/${p.target.registry}/models/${p.target.model}${pin}`
        : `azureml://registries/${p.target.registry}/models/${p.target.model}${pin}`;
      return p.ms.reduce(applyMutation, p.upper ? base.toUpperCase() : base);
    });
}

/** What sits where the model reference should be: mostly ids, sometimes not a string or nothing. */
export const modelValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: attackerId, weight: 90 },
  { arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc.constantFrom<unknown>(undefined, null, "", 42, 0, true, false, {}, [], ["azureml://registries/azureml/models/Phi-4"], {
      id: "azureml://registries/azureml/models/Phi-4",
    }),
    weight: 5,
  },
);

/** One generated case: a value on a surface, presented to the pack in one token form. */
export interface GeneratedCase {
  value: unknown;
  surfaceIndex: number;
  form: TokenForm;
  v2: boolean;
}

/** Cases for a config: 60% free model values, 40% aimed at the config's own entries and registries. */
export function generatedCase(keys: RuleKeys): fc.Arbitrary<GeneratedCase> {
  return fc.record({
    value: fc.oneof({ arbitrary: modelValue, weight: 3 }, { arbitrary: aimedId(keys), weight: 2 }),
    surfaceIndex: fc.nat(SURFACES.length - 1),
    form: fc.constantFrom(...TOKEN_FORMS),
    v2: fc.boolean(),
  });
}

/** A config and `n` cases for it. */
export function configWithCases(n: number): fc.Arbitrary<[RuleKeys, GeneratedCase[]]> {
  return ruleKeys.chain((keys) => fc.tuple(fc.constant(keys), fc.array(generatedCase(keys), { minLength: n, maxLength: n })));
}

/**
 * Attacker inputs the shared corpus (test/cases/attacker-ids.ts) does not hold: values that are
 * not strings or not there at all, characters whose case mapping differs between JavaScript and
 * .NET (the two runtimes that decide), evaluation-limit sizes, and expression look-alikes.
 */

/** One extra input. `value` is what the resource holds where the model id belongs (`undefined`: absent). */
export interface ExtraAttackerInput {
  value: unknown;
  note: string;
  category: "missing" | "not-a-string" | "case-mapping" | "size" | "expression" | "list-key";
}

const R = "azureml://registries";

export const EXTRA_ATTACKER_INPUTS: readonly ExtraAttackerInput[] = [
  // Missing and not-a-string.
  { value: undefined, note: "field absent", category: "missing" },
  { value: null, note: "null", category: "missing" },
  { value: 0, note: "number 0", category: "not-a-string" },
  { value: 42, note: "number", category: "not-a-string" },
  { value: true, note: "boolean", category: "not-a-string" },
  { value: {}, note: "empty object", category: "not-a-string" },
  { value: { id: `${R}/azureml/models/Phi-4` }, note: "object holding a trusted id", category: "not-a-string" },
  { value: [], note: "empty array", category: "not-a-string" },
  { value: [`${R}/azureml/models/Phi-4`], note: "array holding a trusted id", category: "not-a-string" },
  { value: [`${R}/azureml/models/Phi-4`, `${R}/evil/models/x`], note: "array: trusted then untrusted", category: "not-a-string" },

  // Characters that case-map to ASCII in one direction (JS full mapping vs .NET simple mapping).
  { value: `${R}/azureml/models/Phi-4/vers\u0130ons/1`, note: "dotted capital I (U+0130) in 'versions'", category: "case-mapping" },
  { value: `${R}/azureml/models/\u212Aey`, note: "Kelvin sign (U+212A) lower-cases to k", category: "case-mapping" },
  { value: `${R}/azureml/models/Phi-4/ver\u017Fions/1`, note: "long s (U+017F) upper-cases to S", category: "case-mapping" },
  { value: `AZUREML://REG\u0130STRIES/AZUREML/MODELS/PHI-4`, note: "dotted capital I in an upper-case id", category: "case-mapping" },
  { value: `${R}/azureml/models/\u1E9E`, note: "capital sharp s (U+1E9E)", category: "case-mapping" },
  { value: `${R}/azureml/models/\uFB00`, note: "ligature ff (U+FB00) upper-cases to FF in full mapping", category: "case-mapping" },
  { value: `${R}/azureml/models/\u0149`, note: "n preceded by apostrophe (U+0149) upper-cases to two characters", category: "case-mapping" },

  // Sizes around Azure's 131,072-character limit on strings a function returns.
  { value: `${R}/azureml/models/${"a".repeat(1000)}`, note: "1,000-character model name", category: "size" },
  { value: `${R}/azureml/models/${"a".repeat(131_072 - 36)}`, note: "id of exactly 131,072 characters", category: "size" },
  { value: `${R}/azureml/models/${"a".repeat(131_072 - 35)}`, note: "id of 131,073 characters", category: "size" },
  { value: `${R}/evil/models/${"a".repeat(140_000)}`, note: "140,000-character id from an untrusted registry", category: "size" },
  { value: `${R}/azureml/models/Phi-4${"/".repeat(5000)}`, note: "5,000 trailing slashes", category: "size" },

  // Expression and JSON look-alikes: resource values are data, never evaluated.
  { value: "[concat('azureml://registries/', 'azureml/models/Phi-4')]", note: "ARM expression text", category: "expression" },
  { value: "[[azureml://registries/azureml/models/Phi-4]", note: "escaped expression text", category: "expression" },
  { value: `${R}/azureml/models/[parameters('x')]`, note: "expression inside the model name", category: "expression" },
  { value: `${R}/azureml/models/Phi-4'`, note: "single quote", category: "expression" },
  { value: `${R}/azureml/models/Phi-4"`, note: "double quote", category: "expression" },

  // List keys: the strings both enforcement points compare.
  { value: `${R}/azureml/models/Phi-4/versions/*`, note: "the unpinned key's '*' as a version", category: "list-key" },
  { value: `${R}/azureml/models/Phi-4-multimodal-instruct/versions/*`, note: "'*' version of a blocked model", category: "list-key" },
  { value: "azureml/Phi-4-multimodal-instruct", note: "a bare list key", category: "list-key" },
  { value: `${R}/azureml-meta/models/Meta-Llama-3-8B-Instruct/labels/2`, note: "label spelled like the blocked version", category: "list-key" },
  { value: `${R}/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/02`, note: "blocked version with a leading zero", category: "list-key" },
  { value: `${R}/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/2.0`, note: "blocked version as 2.0", category: "list-key" },
];

/**
 * Keeping a `__proto__` key in the resource properties the policy SDK decodes.
 *
 * The engine sends a resource's inputs as a protobuf `Struct`. `@pulumi/policy` turns it into
 * JavaScript with google-protobuf's `Struct.prototype.toJavaScript` (`ret[key] = value`) and then
 * copies it in `deserializeProperty` (`obj[k] = …`). For the key `__proto__` both assignments set
 * the object's prototype instead of a property, so a languageVersion 2.0 template resource whose
 * symbolic name is `__proto__` would vanish before any policy sees it.
 *
 * {@link keepProtoKeysOnTheWire} replaces `toJavaScript` on the `Struct` class the SDK's request
 * messages use with one that defines every key as an own property. The SDK's own copy step then
 * still assigns `__proto__`, which leaves the value as the object's prototype, and the core's
 * key reader (`ownEntries` in core/arm/keys.ts) reads a non-standard prototype of a plain object
 * as that entry. (A value reached this way is not wrapped by the SDK's unknown-value proxy; an
 * unknown there is then denied as unreadable instead of reported as advisory: fail closed.)
 */
interface StructClass {
  prototype: { toJavaScript(this: StructInstance): unknown; __amgOwnKeys?: true };
}
interface StructInstance {
  getFieldsMap(): { forEach(cb: (value: { toJavaScript(): unknown }, key: string) => void): void };
}

/**
 * Patches the `Struct` decoding used by the `@pulumi/policy` found at `policyEntry` (the result of
 * `require.resolve("@pulumi/policy")` in the pack). Idempotent; returns false when the modules are
 * not where the SDK keeps them (nothing is patched then).
 */
export function keepProtoKeysOnTheWire(policyEntry: string): boolean {
  let struct: StructClass;
  try {
    // No `path` import: the compiled policies require nothing but their own modules (layout test).
    const dirname = (file: string): string => file.replace(/[\\/][^\\/]*$/, "");
    const analyzerPb = require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [dirname(policyEntry)] });
    const structPb = require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [dirname(analyzerPb)] });
    struct = (require(structPb) as { Struct: StructClass }).Struct;
  } catch {
    return false;
  }
  patchStruct(struct);
  return true;
}

/** Makes `Struct#toJavaScript` define every key as an own property (`__proto__` included). */
export function patchStruct(struct: StructClass): void {
  if (struct.prototype.__amgOwnKeys) return;
  struct.prototype.toJavaScript = function (this: StructInstance): unknown {
    const ret: Record<string, unknown> = {};
    this.getFieldsMap().forEach((value, key) => {
      Object.defineProperty(ret, key, { value: value.toJavaScript(), enumerable: true, writable: true, configurable: true });
    });
    return ret;
  };
  Object.defineProperty(struct.prototype, "__amgOwnKeys", { value: true });
}

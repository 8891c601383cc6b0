/**
 * Types for the two stream-json entry points the Resource Graph reader uses. stream-json 3 is an
 * ES module that Node (≥ 20.19, this package's floor) loads with `require`; its subpath exports are
 * invisible to this project's `node` module resolution, so the entry points are typed here, with
 * what the reader needs and no more.
 */
declare module "stream-json/core/parser.js" {
  /** A packed token (the parser is run with `streamValues: false`). */
  export type Token =
    | { name: "startObject" | "endObject" | "startArray" | "endArray" }
    | { name: "keyValue" | "stringValue" | "numberValue"; value: string }
    | { name: "nullValue"; value: null }
    | { name: "trueValue"; value: true }
    | { name: "falseValue"; value: false };
  export interface ParserOptions {
    packValues?: boolean;
    streamValues?: boolean;
    jsonStreaming?: boolean;
    maxDepth?: number;
  }
  /**
   * The synchronous tokenizer: call it with each text chunk, then with stream-chain's `none` to
   * flush; each call returns stream-chain's `none` or a "many" of tokens.
   */
  export function jsonParser(options?: ParserOptions): (chunk: string | symbol) => unknown;
}

declare module "stream-json/assembler.js" {
  import type { Token } from "stream-json/core/parser.js";
  /** Builds one JSON value from its tokens, as `JSON.parse` would. */
  export class Assembler {
    current: unknown;
    done: boolean;
    consume(token: Token): this;
  }
}

declare module "stream-chain/defs.js" {
  export const none: unique symbol;
  export function isMany(o: unknown): boolean;
  export function getManyValues<T>(o: unknown): T[];
}

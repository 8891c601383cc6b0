/**
 * Streaming reader of Azure Resource Graph query output, one row at a time, in memory bounded by a
 * row (or, where a tool wraps pages in an array, by a page), never by the file.
 *
 * Accepted, in any mix and any number of JSON values one after another (pages concatenated):
 * - `az graph query`: `{"count":…,"data":[rows…],"skip_token":…,"total_records":…}`;
 * - the REST API: `{"totalRecords":…,"count":…,"data":[rows…],"$skipToken":…}`, or the older table
 *   format `{"data":{"columns":[{"name":…,"type":…}],"rows":[[…]]}}`;
 * - PowerShell `Search-AzGraph … | ConvertTo-Json`: an array of rows, a single row object, or the
 *   response object (`{"Data":[…],"SkipToken":…}`); UTF-16 files (Windows PowerShell's `>`) too;
 * - an array of pages (`jq -s` of several `az graph query` outputs).
 *
 * Tokens come from stream-json's tokenizer; each row is built with its Assembler, so the values a
 * row holds are exactly what `JSON.parse` would give.
 */
import * as fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { Assembler } from "stream-json/assembler.js";
import { jsonParser, Token } from "stream-json/core/parser.js";
import { getManyValues, isMany, none } from "stream-chain/defs.js";
import { UsageError } from "../config-sources";

/** One row as the query printed it (an object keyed by column name), and its place in the input. */
export type RowHandler = (row: unknown, index: number) => void;

/** What a read found besides the rows. */
export interface ReadStats {
  /** Rows handed to the handler. */
  rows: number;
  /** Result pages (envelopes with `data`, or top-level arrays of rows). */
  pages: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value of a key, whatever its letter case (PowerShell writes `Data`, the CLI `data`). */
function keyOf(obj: Record<string, unknown>, lower: string): string | undefined {
  if (lower in obj) return lower;
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** A result page: has `data` and none of the columns a row has. */
function isPage(v: unknown): v is Record<string, unknown> {
  return isObject(v) && keyOf(v, "data") !== undefined && keyOf(v, "type") === undefined;
}

type Frame =
  /** Between top-level values. */
  | { kind: "top" }
  /** A top-level array: rows (a page of its own), or pages. */
  | { kind: "top-array"; heldRows: boolean }
  /** A top-level object: a page envelope, or (without `data`) a single row. */
  | { kind: "envelope"; key: string | null; fields: Record<string, unknown>; sawData: boolean }
  /** The `data` array of rows. */
  | { kind: "rows" }
  /** The table-format `data` object. */
  | { kind: "table"; key: string | null; columns?: unknown; buffered: unknown[][] }
  /** The table's `rows` array. */
  | { kind: "table-rows"; table: Extract<Frame, { kind: "table" }> };

/** The token state machine: frames for the containers it walks, an Assembler for the values it keeps. */
class GraphTokens {
  private readonly stack: Frame[] = [{ kind: "top" }];
  private asm: Assembler | null = null;
  private onValue: ((v: unknown) => void) | null = null;
  readonly stats: ReadStats = { rows: 0, pages: 0 };

  constructor(
    private readonly source: string,
    private readonly handler: RowHandler,
  ) {}

  private emitRow(row: unknown): void {
    this.handler(row, this.stats.rows++);
  }

  private emitPage(page: Record<string, unknown>): void {
    this.stats.pages++;
    const data = page[keyOf(page, "data") as string];
    if (Array.isArray(data)) for (const row of data) this.emitRow(row);
    else if (isObject(data)) this.emitTable(data[keyOf(data, "columns") ?? "columns"], data[keyOf(data, "rows") ?? "rows"]);
    else if (data !== null && data !== undefined) throw new UsageError(`${this.source}: a page's data is neither rows nor a table.`);
  }

  private emitTable(columns: unknown, rows: unknown): void {
    if (rows === undefined || rows === null) return;
    if (!Array.isArray(rows)) throw new UsageError(`${this.source}: the table's rows are not an array.`);
    for (const row of rows) this.emitRow(tableRow(columns, row, this.source));
  }

  /** Assembles the value that starts with `t`, then hands it to `done`. */
  private assemble(t: Token, done: (v: unknown) => void): void {
    const asm = this.asm ?? new Assembler();
    asm.consume(t);
    if (asm.done) return done(asm.current);
    this.asm = asm;
    this.onValue = done;
  }

  token(t: Token): void {
    if (this.asm !== null) {
      this.asm.consume(t);
      if (this.asm.done) {
        const done = this.onValue as (v: unknown) => void;
        const value = this.asm.current;
        this.asm = null;
        this.onValue = null;
        done(value);
      }
      return;
    }
    const frame = this.stack[this.stack.length - 1];
    switch (frame.kind) {
      case "top":
        if (t.name === "startArray") this.stack.push({ kind: "top-array", heldRows: false });
        else if (t.name === "startObject") this.stack.push({ kind: "envelope", key: null, fields: {}, sawData: false });
        else
          throw new UsageError(
            `${this.source} is not Resource Graph output: expected {"data":[…]} or an array of rows, found a ${t.name.replace(/Value$/, "")}.`,
          );
        return;
      case "top-array":
        if (t.name === "endArray") {
          this.stack.pop();
          if (frame.heldRows) this.stats.pages++;
        } else
          this.assemble(t, (v) => {
            if (isPage(v)) this.emitPage(v);
            else {
              frame.heldRows = true;
              this.emitRow(v);
            }
          });
        return;
      case "envelope":
        return this.envelopeToken(frame, t);
      case "rows":
        if (t.name === "endArray") this.stack.pop();
        else this.assemble(t, (v) => this.emitRow(v));
        return;
      case "table":
        return this.tableToken(frame, t);
      case "table-rows":
        if (t.name === "endArray") this.stack.pop();
        else
          this.assemble(t, (v) => {
            if (frame.table.columns === undefined) frame.table.buffered.push(v as unknown[]);
            else this.emitRow(tableRow(frame.table.columns, v, this.source));
          });
        return;
    }
  }

  private envelopeToken(frame: Extract<Frame, { kind: "envelope" }>, t: Token): void {
    if (t.name === "keyValue") {
      frame.key = t.value;
      return;
    }
    if (t.name === "endObject") {
      this.stack.pop();
      if (frame.sawData) this.stats.pages++;
      else this.emitRow(frame.fields); // a single row (PowerShell's ConvertTo-Json of one result)
      return;
    }
    const key = frame.key as string;
    frame.key = null;
    if (key.toLowerCase() === "data" && !frame.sawData && (t.name === "startArray" || t.name === "startObject")) {
      frame.sawData = true;
      this.stack.push(t.name === "startArray" ? { kind: "rows" } : { kind: "table", key: null, buffered: [] });
      return;
    }
    if (key.toLowerCase() === "data") frame.sawData = true;
    // Other envelope fields (count, skip_token, totalRecords…) are small; kept in case this is a row.
    this.assemble(t, (v) => void (frame.fields[key] = v));
  }

  private tableToken(frame: Extract<Frame, { kind: "table" }>, t: Token): void {
    if (t.name === "keyValue") {
      frame.key = t.value;
      return;
    }
    if (t.name === "endObject") {
      this.stack.pop();
      if (frame.buffered.length > 0) this.emitTable(frame.columns, frame.buffered);
      return;
    }
    const key = (frame.key as string).toLowerCase();
    frame.key = null;
    if (key === "rows" && t.name === "startArray") {
      this.stack.push({ kind: "table-rows", table: frame });
      return;
    }
    this.assemble(t, (v) => {
      if (key !== "columns") return;
      frame.columns = v;
      const buffered = frame.buffered.splice(0);
      if (buffered.length > 0) this.emitTable(v, buffered);
    });
  }

  /** After the last token: the input must have ended between values. */
  end(): void {
    if (this.stack.length !== 1 || this.asm !== null) throw new UsageError(`${this.source} ends in the middle of a JSON value (a truncated download?).`);
  }
}

/** A table-format row (an array of cells) as an object keyed by column name. */
function tableRow(columns: unknown, cells: unknown, source: string): Record<string, unknown> {
  if (!Array.isArray(columns) || !Array.isArray(cells)) throw new UsageError(`${source}: a table-format page needs data.columns and data.rows arrays.`);
  const row: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const name = isObject(c) && typeof c.name === "string" ? c.name : undefined;
    if (name === undefined) throw new UsageError(`${source}: data.columns[${i}] has no name.`);
    row[name] = cells[i];
  });
  return row;
}

/** Text decoding by byte-order mark: UTF-8 (the default), or UTF-16LE as Windows PowerShell writes. */
function decoderFor(first: Buffer, source: string): { decoder: StringDecoder; skip: number } {
  if (first[0] === 0xff && first[1] === 0xfe) return { decoder: new StringDecoder("utf16le"), skip: 2 };
  if (first[0] === 0xfe && first[1] === 0xff) throw new UsageError(`${source} is UTF-16 big-endian; save it as UTF-8 (PowerShell: Out-File -Encoding utf8).`);
  return { decoder: new StringDecoder("utf8"), skip: first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0 };
}

/**
 * Reads Resource Graph output from `file` (`-` for standard input), calling `handler` for each row
 * in order. Throws {@link UsageError} when the input cannot be read or is not Resource Graph output.
 */
export async function readResourceGraph(file: string, handler: RowHandler): Promise<ReadStats> {
  const source = file === "-" ? "standard input" : file;
  let input: NodeJS.ReadableStream;
  if (file === "-") input = process.stdin;
  else {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
      throw new UsageError(`Cannot read Resource Graph output ${file}: ${(e as Error).message}`);
    }
    input = fs.createReadStream(file, { highWaterMark: 1 << 16 });
  }
  const tokens = new GraphTokens(source, handler);
  // maxDepth bounds what a hostile file can make the parser hold; real rows are far shallower.
  const parse = jsonParser({ packValues: true, streamValues: false, jsonStreaming: true, maxDepth: 256 });
  const feed = (text: string | symbol): void => {
    let out: unknown;
    try {
      out = parse(text);
    } catch (e) {
      if (text === none) throw new UsageError(`${source} ends in the middle of a JSON value (a truncated download?): ${(e as Error).message}`);
      throw new UsageError(`${source} is not valid JSON: ${(e as Error).message}`);
    }
    if (out === none) return;
    if (isMany(out)) for (const t of getManyValues<Token>(out)) tokens.token(t);
    else tokens.token(out as Token);
  };
  let decoding: { decoder: StringDecoder; skip: number } | undefined;
  try {
    for await (const chunk of input) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (decoding === undefined) {
        decoding = decoderFor(buf, source);
        feed(decoding.decoder.write(buf.subarray(decoding.skip)));
      } else feed(decoding.decoder.write(buf));
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== undefined && !(e instanceof UsageError)) throw new UsageError(`Cannot read Resource Graph output ${source}: ${err.message}`);
    throw e;
  }
  if (decoding === undefined) throw new UsageError(`${source} is empty: expected the JSON that 'az graph query' prints.`);
  feed(decoding.decoder.end());
  feed(none);
  tokens.end();
  return tokens.stats;
}

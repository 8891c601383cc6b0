/**
 * A minimal builder for ARM template-language expressions, so rules are generated from small,
 * named pieces instead of hand-written strings.
 */

/** A single-quoted ARM string literal (quotes doubled). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A function call. */
export function call(fn: string, ...args: Array<string | number>): string {
  return `${fn}(${args.join(", ")})`;
}

/** Array indexing on an expression. */
export function idx(expr: string, i: number): string {
  return `${expr}[${i}]`;
}

/** Wraps an expression as a JSON string value Azure evaluates (`[...]`). */
export function expr(e: string): string {
  return `[${e}]`;
}

/** A `value` condition that is true when the boolean expression is true. */
export function isTrue(e: string): { value: string; equals: boolean } {
  return { value: expr(e), equals: true };
}

/** `parameters('name')`. */
export function param(name: string): string {
  return call("parameters", lit(name));
}

/** `and(...)` of the expressions (the one expression itself when there is one). */
export function and(...xs: string[]): string {
  return xs.length === 1 ? xs[0] : call("and", ...xs);
}

/** `or(...)` of the expressions (the one expression itself when there is one). */
export function or(...xs: string[]): string {
  return xs.length === 1 ? xs[0] : call("or", ...xs);
}

/** Removes each allowed character in turn: what remains of `e` is disallowed (an ASCII charset test). */
export function residue(e: string, allowed: string): string {
  let out = e;
  for (const ch of allowed) out = call("replace", out, lit(ch), lit(""));
  return out;
}

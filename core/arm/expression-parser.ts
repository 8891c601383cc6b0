/**
 * Parses ARM template language expressions (`[concat(parameters('a'), '-x')[0].name]`) into a small
 * tree. Pure and bounded: nesting deeper than {@link MAX_EXPRESSION_NESTING} is refused rather than
 * recursed into, so a hostile template cannot overflow the stack.
 *
 * Kept apart from the offline Azure Policy evaluator's parser on purpose: that evaluator is the
 * independent oracle the pack is proven against, so it imports nothing from core/.
 */

/** One node of a parsed expression; `start`/`end` index the expression text, for messages. */
export type ExprNode = { start: number; end: number } & (
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "literal"; value: boolean | null }
  | { kind: "call"; name: string; args: ExprNode[] }
  | { kind: "member"; target: ExprNode; name: string }
  | { kind: "index"; target: ExprNode; index: ExprNode }
);

/** Deepest nesting of calls, brackets and member accesses that is parsed. */
export const MAX_EXPRESSION_NESTING = 64;

/** A syntax error, with the position in the expression text. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    public readonly position: number,
  ) {
    super(message);
    this.name = "ExpressionSyntaxError";
  }
}

/** Parses the inside of `[...]` (the brackets already removed). */
export function parseExpression(text: string): ExprNode {
  const p = new Parser(text);
  const node = p.expression(0);
  p.skipSpace();
  if (p.pos < text.length) throw new ExpressionSyntaxError(`unexpected ${JSON.stringify(text[p.pos])}`, p.pos);
  return node;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT = /[\w$.]/;

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) throw new ExpressionSyntaxError(`expected '${ch}'`, this.pos);
    this.pos++;
  }

  expression(depth: number): ExprNode {
    if (depth > MAX_EXPRESSION_NESTING) throw new ExpressionSyntaxError(`nested more than ${MAX_EXPRESSION_NESTING} deep`, this.pos);
    let node = this.primary(depth);
    // Postfix accessors: `.name` and `[index]`.
    for (let n = 0; ; n++) {
      this.skipSpace();
      const ch = this.text[this.pos];
      if (n > MAX_EXPRESSION_NESTING) throw new ExpressionSyntaxError(`more than ${MAX_EXPRESSION_NESTING} accessors`, this.pos);
      if (ch === ".") {
        this.pos++;
        this.skipSpace();
        const start = this.pos;
        while (this.pos < this.text.length && /[\w$]/.test(this.text[this.pos])) this.pos++;
        if (this.pos === start) throw new ExpressionSyntaxError("expected a property name after '.'", this.pos);
        node = { kind: "member", target: node, name: this.text.slice(start, this.pos), start: node.start, end: this.pos };
      } else if (ch === "[") {
        this.pos++;
        const index = this.expression(depth + 1);
        this.expect("]");
        node = { kind: "index", target: node, index, start: node.start, end: this.pos };
      } else return node;
    }
  }

  private primary(depth: number): ExprNode {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === undefined) throw new ExpressionSyntaxError("unexpected end of expression", this.pos);
    if (ch === "'") {
      let value = "";
      this.pos++;
      for (;;) {
        const i = this.text.indexOf("'", this.pos);
        if (i < 0) throw new ExpressionSyntaxError("unterminated string", start);
        value += this.text.slice(this.pos, i);
        this.pos = i + 1;
        if (this.text[this.pos] === "'") {
          value += "'";
          this.pos++;
        } else break;
      }
      return { kind: "string", value, start, end: this.pos };
    }
    const num = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.pos, this.pos + 40));
    if (num) {
      this.pos += num[0].length;
      return { kind: "number", value: Number(num[0]), start, end: this.pos };
    }
    if (!IDENT_START.test(ch)) throw new ExpressionSyntaxError(`unexpected ${JSON.stringify(ch)}`, this.pos);
    while (this.pos < this.text.length && IDENT.test(this.text[this.pos])) this.pos++;
    const name = this.text.slice(start, this.pos);
    this.skipSpace();
    if (this.text[this.pos] !== "(") {
      const lower = name.toLowerCase();
      if (lower === "true" || lower === "false") return { kind: "literal", value: lower === "true", start, end: this.pos };
      if (lower === "null") return { kind: "literal", value: null, start, end: this.pos };
      throw new ExpressionSyntaxError(`'${name}' is not a function call`, start);
    }
    this.pos++;
    const args: ExprNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ")") this.pos++;
    else {
      for (;;) {
        args.push(this.expression(depth + 1));
        this.skipSpace();
        const sep = this.text[this.pos];
        this.pos++;
        if (sep === ")") break;
        if (sep !== ",") throw new ExpressionSyntaxError("expected ',' or ')'", this.pos - 1);
      }
    }
    return { kind: "call", name, args, start, end: this.pos };
  }
}

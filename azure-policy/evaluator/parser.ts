/**
 * Parser for ARM template language expressions as Azure Policy uses them.
 *
 * Grammar (documented in "Syntax and expressions in ARM templates"):
 * - a JSON string is an expression when it starts with `[` and ends with `]`; a string starting
 *   with `[[` (and ending with `]`) is the literal text with the first `[` removed;
 * - string literals use single quotes, `''` is an escaped quote;
 * - integer literals (optionally negative); no float literals;
 * - function calls `name(arg, ...)` (names are case-insensitive);
 * - `.property` access and `[index]` indexing on any result.
 */
import { InvalidPolicyDefinitionError } from "./errors";

/** A node of a parsed expression. */
export type ExpressionNode =
  | { kind: "string"; value: string }
  | { kind: "integer"; value: number }
  | { kind: "call"; name: string; args: ExpressionNode[] }
  | { kind: "property"; target: ExpressionNode; name: string }
  | { kind: "index"; target: ExpressionNode; index: ExpressionNode };

/** How a JSON string is read: as literal text, or as an expression (the text between the brackets). */
export type TemplateString = { kind: "literal"; value: string } | { kind: "expression"; source: string };

/** Classifies a JSON string value: expression (`[...]`), escaped literal (`[[...]`) or plain literal. */
export function classifyTemplateString(text: string): TemplateString {
  if (text.length >= 2 && text.startsWith("[") && text.endsWith("]")) {
    if (text.startsWith("[[")) return { kind: "literal", value: text.slice(1) };
    return { kind: "expression", source: text.slice(1, -1) };
  }
  return { kind: "literal", value: text };
}

/** True when the JSON string is a template expression. */
export function isExpressionString(text: string): boolean {
  return classifyTemplateString(text).kind === "expression";
}

type Token =
  | { type: "string"; value: string; pos: number }
  | { type: "integer"; value: number; pos: number }
  | { type: "identifier"; value: string; pos: number }
  | { type: "punct"; value: "(" | ")" | "," | "." | "[" | "]"; pos: number };

function syntaxError(source: string, pos: number, message: string): InvalidPolicyDefinitionError {
  return new InvalidPolicyDefinitionError(`Invalid template expression "[${source}]" at position ${pos}: ${message}`);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z_]/.test(ch);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") {
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length) throw syntaxError(source, start, "unterminated string literal");
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i];
        i++;
      }
      tokens.push({ type: "string", value, pos: start });
      continue;
    }
    if (isDigit(ch) || (ch === "-" && isDigit(source[i + 1]))) {
      const start = i;
      i++;
      while (isDigit(source[i])) i++;
      if (source[i] === "." && isDigit(source[i + 1])) throw syntaxError(source, start, "float literals are not supported in template expressions");
      const text = source.slice(start, i);
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw syntaxError(source, start, `integer literal ${text} is out of range`);
      tokens.push({ type: "integer", value, pos: start });
      continue;
    }
    if (isIdentStart(ch)) {
      const start = i;
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i])) i++;
      tokens.push({ type: "identifier", value: source.slice(start, i), pos: start });
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === "." || ch === "[" || ch === "]") {
      tokens.push({ type: "punct", value: ch, pos: i });
      i++;
      continue;
    }
    throw syntaxError(source, i, `unexpected character ${JSON.stringify(ch)}`);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): ExpressionNode {
    if (this.tokens.length === 0) throw syntaxError(this.source, 0, "empty expression");
    const node = this.parseExpression();
    const extra = this.tokens[this.pos];
    if (extra) throw syntaxError(this.source, extra.pos, `unexpected ${describeToken(extra)}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t !== undefined && t.type === "punct" && t.value === value;
  }

  private expectPunct(value: string): void {
    const t = this.peek();
    if (!t || t.type !== "punct" || t.value !== value) {
      throw syntaxError(this.source, t ? t.pos : this.source.length, `expected '${value}' but found ${t ? describeToken(t) : "end of expression"}`);
    }
    this.pos++;
  }

  private parseExpression(): ExpressionNode {
    let node = this.parsePrimary();
    for (;;) {
      if (this.isPunct(".")) {
        this.pos++;
        const t = this.peek();
        if (!t || t.type !== "identifier") {
          throw syntaxError(this.source, t ? t.pos : this.source.length, "expected a property name after '.'");
        }
        this.pos++;
        node = { kind: "property", target: node, name: t.value };
      } else if (this.isPunct("[")) {
        this.pos++;
        const index = this.parseExpression();
        this.expectPunct("]");
        node = { kind: "index", target: node, index };
      } else {
        return node;
      }
    }
  }

  private parsePrimary(): ExpressionNode {
    const t = this.peek();
    if (!t) throw syntaxError(this.source, this.source.length, "unexpected end of expression");
    if (t.type === "string") {
      this.pos++;
      return { kind: "string", value: t.value };
    }
    if (t.type === "integer") {
      this.pos++;
      return { kind: "integer", value: t.value };
    }
    if (t.type === "identifier") {
      this.pos++;
      if (!this.isPunct("(")) {
        throw syntaxError(this.source, t.pos, `'${t.value}' must be a function call (write true()/false() for booleans)`);
      }
      this.pos++;
      const args: ExpressionNode[] = [];
      if (!this.isPunct(")")) {
        for (;;) {
          args.push(this.parseExpression());
          if (this.isPunct(",")) {
            this.pos++;
            continue;
          }
          break;
        }
      }
      this.expectPunct(")");
      return { kind: "call", name: t.value, args };
    }
    throw syntaxError(this.source, t.pos, `unexpected ${describeToken(t)}`);
  }
}

function describeToken(t: Token): string {
  switch (t.type) {
    case "string":
      return `string '${t.value}'`;
    case "integer":
      return `integer ${t.value}`;
    case "identifier":
      return `identifier '${t.value}'`;
    case "punct":
      return `'${t.value}'`;
  }
}

/**
 * Parses the text *between* the outer brackets of an expression (for `"[concat('a', 'b')]"` pass
 * `concat('a', 'b')`). Throws {@link InvalidPolicyDefinitionError} on a syntax error.
 */
export function parseExpression(source: string): ExpressionNode {
  return new Parser(source, tokenize(source)).parseAll();
}

/** Visits every node of an expression tree, parents before children. */
export function walkExpression(node: ExpressionNode, visit: (node: ExpressionNode) => void): void {
  visit(node);
  switch (node.kind) {
    case "call":
      for (const a of node.args) walkExpression(a, visit);
      return;
    case "property":
      walkExpression(node.target, visit);
      return;
    case "index":
      walkExpression(node.target, visit);
      walkExpression(node.index, visit);
      return;
    default:
      return;
  }
}

/** Depth of nested function calls: `a()` is 1, `a(b(c()))` is 3; property access and indexing add nothing. */
export function functionNestingDepth(node: ExpressionNode): number {
  switch (node.kind) {
    case "call":
      return 1 + Math.max(0, ...node.args.map(functionNestingDepth));
    case "property":
      return functionNestingDepth(node.target);
    case "index":
      return Math.max(functionNestingDepth(node.target), functionNestingDepth(node.index));
    default:
      return 0;
  }
}

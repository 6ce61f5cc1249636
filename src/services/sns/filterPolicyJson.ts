/**
 * The JSON layer under SNS filter policies, shaped by what AWS does with a policy:
 *
 * 1. SNS parses the policy text with a strict JSON parser (Jackson). Malformed JSON fails with
 *    "FilterPolicy: failed to parse JSON. <parser message>\n at [Source: REDACTED (...); line: L,
 *    column: C]" (recorded from AWS). `parseStrictJson` reproduces the common parser messages.
 * 2. SNS hands the rule engine a compact re-serialization of that tree (every location in AWS's
 *    rule errors is a column in the compact text, and the "Source" it quotes is the compact text).
 *    `serializeCompact` writes that text and the token stream the rule compiler walks, with the
 *    parser location after each token, so rule errors can quote AWS's exact column.
 */

export type JNode =
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, JNode]> }
  | { readonly kind: 'array'; readonly items: readonly JNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string; readonly isInt: boolean }
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'null' };

/** A syntax error as the strict parser reports it: message and 1-based line/column. */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

export const REDACTED_SOURCE = 'REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';
const VALID_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

function isIsoControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** How the parser names a character in its messages. */
export function charDesc(code: number): string {
  if (isIsoControl(code)) return `(CTRL-CHAR, code ${code})`;
  const ch = String.fromCharCode(code);
  if (code > 255) return `'${ch}' (code ${code} / 0x${code.toString(16)})`;
  return `'${ch}' (code ${code})`;
}

function isIdentifierPart(ch: string): boolean {
  return /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\p{Sc}]$/u.test(ch);
}

interface Container {
  readonly type: 'Object' | 'Array';
  readonly line: number;
  readonly column: number;
}

/** Strict recursive-descent parser with the parser's error texts and locations. */
class StrictParser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  parseRoot(): JNode | undefined {
    const c = this.skipWs();
    if (c === undefined) return undefined; // no content: no tree
    // Only the first value is read; anything after it is not looked at.
    return this.parseValue(undefined, c);
  }

  private col(at = this.i): number {
    return at - this.lineStart + 1;
  }

  private failHere(message: string): never {
    throw new JsonSyntaxError(message, this.line, this.col());
  }

  /** Errors about the character just read point at that character. */
  private failAtPrev(message: string): never {
    throw new JsonSyntaxError(message, this.line, this.col(this.i - 1));
  }

  private unexpected(code: number, comment: string): never {
    this.failAtPrev(`Unexpected character (${charDesc(code)}): ${comment}`);
  }

  private markerDesc(c: Container): string {
    return `[Source: ${REDACTED_SOURCE}; line: ${c.line}, column: ${c.column}]`;
  }

  private eofInContainer(c: Container): never {
    this.failHere(`Unexpected end-of-input: expected close marker for ${c.type} (start marker at ${this.markerDesc(c)})`);
  }

  /** Skips white space; returns the next character (consumed) or undefined at the end. */
  private skipWs(): string | undefined {
    while (this.i < this.text.length) {
      const ch = this.text[this.i++]!;
      const code = ch.charCodeAt(0);
      if (code > 0x20) {
        if (ch === '/') this.unexpected(code, "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)");
        return ch;
      }
      if (ch === '\n') {
        this.line++;
        this.lineStart = this.i;
      } else if (ch === '\r') {
        if (this.text[this.i] === '\n') this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (ch !== ' ' && ch !== '\t') {
        this.failAtPrev(`Illegal character (${charDesc(code)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`);
      }
    }
    return undefined;
  }

  private parseValue(ctx: Container | undefined, c: string): JNode {
    switch (c) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"':
        return { kind: 'string', value: this.parseString('string value') };
      case 't':
        return this.parseLiteral('true');
      case 'f':
        return this.parseLiteral('false');
      case 'n':
        return this.parseLiteral('null');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber(c, ctx);
        return this.oddValue(ctx, c);
    }
  }

  private oddValue(ctx: Container | undefined, c: string): never {
    const code = c.charCodeAt(0);
    if (c === '}' && ctx?.type === 'Object') this.unexpected(code, 'expected a value');
    if (c === 'N' || c === 'I') {
      const word = c === 'N' ? 'NaN' : 'Infinity';
      if (this.text.startsWith(word.slice(1), this.i)) {
        this.i += word.length - 1;
        this.failHere(`Non-standard token '${word}': enable \`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS\` to allow`);
      }
    }
    if (/^[\p{L}\p{Nl}_$]$/u.test(c)) this.invalidToken(c);
    this.unexpected(code, `expected a valid value ${VALID_VALUES}`);
  }

  private invalidToken(matched: string): never {
    let token = matched;
    while (this.i < this.text.length && isIdentifierPart(this.text[this.i]!) && token.length < 256) {
      token += this.text[this.i++];
    }
    this.failHere(`Unrecognized token '${token}': was expecting ${VALID_VALUES}`);
  }

  private parseLiteral(word: 'true' | 'false' | 'null'): JNode {
    let k = 1;
    while (k < word.length) {
      if (this.text[this.i] !== word[k]) this.invalidToken(word.slice(0, k));
      this.i++;
      k++;
    }
    const next = this.text[this.i];
    if (next !== undefined && isIdentifierPart(next)) this.invalidToken(word);
    return { kind: word };
  }

  private parseNumber(first: string, ctx: Container | undefined): JNode {
    const start = this.i - 1;
    let c: string | undefined = first;
    if (c === '-') {
      c = this.text[this.i++];
      if (c === undefined) this.failHere('Unexpected end-of-input in a Number value');
      if (c === 'I' && this.text.startsWith('nfinity', this.i)) {
        this.i += 7;
        this.failHere("Non-standard token '-Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow");
      }
      if (c < '0' || c > '9') this.numberChar(c, 'expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    if (c === '0' && this.isDigit(this.text[this.i])) this.failHere('Invalid numeric value: Leading zeroes not allowed');
    this.skipDigits();
    let isInt = true;
    if (this.text[this.i] === '.') {
      isInt = false;
      this.i++;
      if (!this.isDigit(this.text[this.i])) this.numberCharAt('Decimal point not followed by a digit');
      this.skipDigits();
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      isInt = false;
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++;
      if (!this.isDigit(this.text[this.i])) this.numberCharAt('Exponent indicator not followed by a digit');
      this.skipDigits();
    }
    const text = this.text.slice(start, this.i);
    if (ctx === undefined) this.verifyRootSpace();
    return { kind: 'number', text, isInt };
  }

  private isDigit(c: string | undefined): boolean {
    return c !== undefined && c >= '0' && c <= '9';
  }

  private skipDigits(): void {
    while (this.isDigit(this.text[this.i])) this.i++;
  }

  private numberChar(c: string, comment: string): never {
    this.failAtPrev(`Unexpected character (${charDesc(c.charCodeAt(0))}) in numeric value: ${comment}`);
  }

  /** A bad character right after '.' or an exponent marker (end of input counts as one). */
  private numberCharAt(comment: string): never {
    const c = this.text[this.i];
    if (c === undefined) this.failHere('Unexpected end-of-input in a Number value');
    this.i++;
    this.numberChar(c, comment);
  }

  private verifyRootSpace(): void {
    const c = this.text[this.i];
    if (c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r') return;
    this.i++;
    this.failAtPrev(`Expected space separating root-level values`);
  }

  private parseString(what: 'string value' | 'name'): string {
    let out = '';
    let runStart = this.i;
    for (;;) {
      if (this.i >= this.text.length) {
        this.failHere(what === 'name' ? 'Unexpected end-of-input in field name' : 'Unexpected end-of-input: was expecting closing quote for a string value');
      }
      const ch = this.text[this.i++]!;
      if (ch === '"') return out + this.text.slice(runStart, this.i - 1);
      if (ch === '\\') {
        out += this.text.slice(runStart, this.i - 1) + this.parseEscape();
        runStart = this.i;
      } else if (ch.charCodeAt(0) < 0x20) {
        this.failAtPrev(`Illegal unquoted character (${charDesc(ch.charCodeAt(0))}): has to be escaped using backslash to be included in ${what}`);
      }
    }
  }

  private parseEscape(): string {
    const c = this.text[this.i++];
    if (c === undefined) this.failHere('Unexpected end-of-input in character escape sequence');
    switch (c) {
      case '"': case '\\': case '/':
        return c;
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': {
        let v = 0;
        for (let k = 0; k < 4; k++) {
          const h = this.text[this.i++];
          if (h === undefined) this.failHere('Unexpected end-of-input in character escape sequence');
          const d = parseInt(h, 16);
          if (Number.isNaN(d)) this.failAtPrev(`Unexpected character (${charDesc(h.charCodeAt(0))}): expected a hex-digit for character escape sequence`);
          v = v * 16 + d;
        }
        return String.fromCharCode(v);
      }
      default:
        this.failAtPrev(`Unrecognized character escape ${charDesc(c.charCodeAt(0))}`);
    }
  }

  private openContainer(type: 'Object' | 'Array'): Container {
    return { type, line: this.line, column: this.col(this.i - 1) };
  }

  private closeMismatch(got: string, ctx: Container): never {
    const expected = ctx.type === 'Object' ? '}' : ']';
    this.failAtPrev(`Unexpected close marker '${got}': expected '${expected}' (for ${ctx.type} starting at ${this.markerDesc(ctx)})`);
  }

  private parseObject(): JNode {
    const ctx = this.openContainer('Object');
    const entries = new Map<string, JNode>();
    let c = this.skipWs();
    if (c === undefined) this.eofInContainer(ctx);
    if (c === '}') return { kind: 'object', entries: [] };
    if (c === ']') this.closeMismatch(c, ctx);
    for (;;) {
      if (c !== '"') this.unexpected(c!.charCodeAt(0), 'was expecting double-quote to start field name');
      const name = this.parseString('name');
      c = this.skipWs();
      if (c === undefined) this.failHere('Unexpected end-of-input within/between Object entries');
      if (c !== ':') this.unexpected(c.charCodeAt(0), 'was expecting a colon to separate field name and value');
      c = this.skipWs();
      if (c === undefined) this.failHere('Unexpected end-of-input within/between Object entries');
      entries.set(name, this.parseValue(ctx, c)); // a repeated name keeps its first place, last value
      c = this.skipWs();
      if (c === undefined) this.eofInContainer(ctx);
      if (c === '}') return { kind: 'object', entries: [...entries] };
      if (c === ']') this.closeMismatch(c, ctx);
      if (c !== ',') this.unexpected(c.charCodeAt(0), 'was expecting comma to separate Object entries');
      c = this.skipWs();
      if (c === undefined) this.failHere('Unexpected end-of-input within/between Object entries');
    }
  }

  private parseArray(): JNode {
    const ctx = this.openContainer('Array');
    const items: JNode[] = [];
    let c = this.skipWs();
    if (c === undefined) this.eofInContainer(ctx);
    if (c === ']') return { kind: 'array', items };
    if (c === '}') this.closeMismatch(c, ctx);
    for (;;) {
      items.push(this.parseValue(ctx, c!));
      c = this.skipWs();
      if (c === undefined) this.eofInContainer(ctx);
      if (c === ']') return { kind: 'array', items };
      if (c === '}') this.closeMismatch(c, ctx);
      if (c !== ',') this.unexpected(c.charCodeAt(0), 'was expecting comma to separate Array entries');
      c = this.skipWs();
      if (c === undefined) this.failHere('Unexpected end-of-input within/between Array entries');
    }
  }
}

/** Parses like AWS's policy parser: undefined for empty input, JsonSyntaxError when malformed. */
export function parseStrictJson(text: string): JNode | undefined {
  return new StrictParser(text).parseRoot();
}

// ---------------------------------------------------------------------------------------------
// Compact re-serialization and the token stream of the rule compiler

export type TokenType =
  | 'START_OBJECT' | 'END_OBJECT' | 'START_ARRAY' | 'END_ARRAY' | 'FIELD_NAME'
  | 'VALUE_STRING' | 'VALUE_NUMBER_INT' | 'VALUE_NUMBER_FLOAT' | 'VALUE_TRUE' | 'VALUE_FALSE' | 'VALUE_NULL';

export interface Token {
  readonly type: TokenType;
  /** field name, string value, number text, or the literal / bracket itself */
  readonly text: string;
  /** 1-based column the parser reports once this token has been read */
  readonly column: number;
  /** column once a string's text has been read (the closing quote consumed) */
  readonly columnAfterText: number;
  /** offsets of the token in the compact text, [start, end) */
  readonly start: number;
  readonly end: number;
}

export interface CompactJson {
  readonly text: string;
  readonly tokens: readonly Token[];
}

/** Double.toString of the JVM: shortest digits, plain between 10^-3 and 10^7, else d.dddE<n>. */
export function javaDoubleToString(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const sign = d < 0 ? '-' : '';
  const abs = Math.abs(d);
  const [mantissa, expPart] = abs.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expPart);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exp}`;
}

/** How the policy tree writes a number back: integers keep their digits, others become doubles. */
export function canonicalNumber(text: string, isInt: boolean): { text: string; finite: boolean } {
  if (isInt) return { text: BigInt(text).toString(), finite: true };
  const d = Number(text);
  if (!Number.isFinite(d)) return { text: d > 0 ? 'Infinity' : '-Infinity', finite: false };
  return { text: javaDoubleToString(d), finite: true };
}

const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** The generator's string escaping: quote, backslash and control characters only. */
export function quoteJson(s: string): string {
  let out = '"';
  let run = 0;
  for (let k = 0; k < s.length; k++) {
    const code = s.charCodeAt(k);
    if (code >= 0x20 && code !== 34 && code !== 92) continue;
    out += s.slice(run, k) + (SHORT_ESCAPES[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
    run = k + 1;
  }
  return out + s.slice(run) + '"';
}

class CompactWriter {
  text = '';
  readonly tokens: Token[] = [];

  private push(type: TokenType, text: string, start: number, column: number, columnAfterText = column): void {
    this.tokens.push({ type, text, column, columnAfterText, start, end: this.text.length });
  }

  /** Writes a value; `pendingColumn` is set when the value was already read ahead with its field name. */
  writeValue(node: JNode, pendingColumn?: number): void {
    const start = this.text.length;
    switch (node.kind) {
      case 'object':
        this.text += '{';
        this.push('START_OBJECT', '{', start, pendingColumn ?? this.text.length + 1);
        node.entries.forEach(([name, value], idx) => this.writeEntry(name, value, idx > 0));
        this.text += '}';
        this.push('END_OBJECT', '}', this.text.length - 1, this.text.length + 1);
        return;
      case 'array':
        this.text += '[';
        this.push('START_ARRAY', '[', start, pendingColumn ?? this.text.length + 1);
        node.items.forEach((item, idx) => {
          if (idx > 0) this.text += ',';
          this.writeValue(item);
        });
        this.text += ']';
        this.push('END_ARRAY', ']', this.text.length - 1, this.text.length + 1);
        return;
      case 'string':
        this.writeString(node.value, start, pendingColumn);
        return;
      case 'number': {
        const { text, finite } = canonicalNumber(node.text, node.isInt);
        if (!finite) {
          this.writeString(text, start, pendingColumn);
          return;
        }
        this.text += text;
        this.push(node.isInt ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT', text, start, pendingColumn ?? this.text.length + 1);
        return;
      }
      default: {
        this.text += node.kind;
        const type = node.kind === 'true' ? 'VALUE_TRUE' : node.kind === 'false' ? 'VALUE_FALSE' : 'VALUE_NULL';
        this.push(type, node.kind, start, pendingColumn ?? this.text.length + 1);
      }
    }
  }

  private writeString(value: string, start: number, pendingColumn?: number): void {
    this.text += quoteJson(value);
    // Reading a string token consumes only its opening quote; reading its text consumes the rest.
    this.push('VALUE_STRING', value, start, pendingColumn ?? start + 2, this.text.length + 1);
  }

  /** A field name is read together with the start of its value (Jackson reads one value ahead). */
  private writeEntry(name: string, value: JNode, comma: boolean): void {
    if (comma) this.text += ',';
    const nameStart = this.text.length;
    this.text += quoteJson(name) + ':';
    const column = this.text.length + 1 + valueLookahead(value);
    this.tokens.push({ type: 'FIELD_NAME', text: name, column, columnAfterText: column, start: nameStart, end: this.text.length });
    this.writeValue(value, column);
  }
}

/** Characters the parser consumes of a value while reading the field name before it. */
function valueLookahead(value: JNode): number {
  switch (value.kind) {
    case 'object':
    case 'array':
    case 'string':
      return 1;
    case 'number': {
      const { text, finite } = canonicalNumber(value.text, value.isInt);
      return finite ? text.length : 1;
    }
    default:
      return value.kind.length;
  }
}

export function serializeCompact(root: JNode): CompactJson {
  const w = new CompactWriter();
  w.writeValue(root);
  return { text: w.text, tokens: w.tokens };
}

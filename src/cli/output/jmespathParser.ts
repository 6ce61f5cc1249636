/**
 * jmespath.py's lexer and parser: the same grammar, the same tree and the same error messages,
 * so that `--query` accepts and refuses what the AWS CLI does and evaluates to the same answer.
 * Positions count code points, as Python's do.
 */
import { pyFloat, pyRepr, pyStr, type Json } from './python.js';
import { setKey } from './values.js';

export class JmesPathError extends Error {}

/** The tree jmespath.py's parser builds (jmespath/ast.py), one kind per node type. */
export type Node =
  | { type: 'field'; name: string }
  | { type: 'subexpression'; children: Node[] }
  | { type: 'index_expression'; children: Node[] }
  | { type: 'index'; index: number }
  | { type: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { type: 'literal'; value: Json }
  | { type: 'current' }
  | { type: 'identity' }
  | { type: 'comparator'; op: Comparator; left: Node; right: Node }
  | { type: 'or' | 'and' | 'pipe'; left: Node; right: Node }
  | { type: 'not'; child: Node }
  | { type: 'expref'; child: Node; text: string }
  | { type: 'function'; name: string; args: Node[] }
  | { type: 'filter_projection'; left: Node; right: Node; condition: Node }
  | { type: 'projection' | 'value_projection'; left: Node; right: Node }
  | { type: 'flatten'; child: Node }
  | { type: 'multi_select_list'; children: Node[] }
  | { type: 'multi_select_dict'; pairs: [string, Node][] };

export type Comparator = 'eq' | 'ne' | 'lt' | 'gt' | 'lte' | 'gte';

type TokenType =
  | 'eof' | 'unquoted_identifier' | 'quoted_identifier' | 'literal' | 'rbracket' | 'rparen' | 'comma'
  | 'rbrace' | 'number' | 'current' | 'expref' | 'colon' | 'pipe' | 'or' | 'and' | 'eq' | 'gt' | 'lt'
  | 'gte' | 'lte' | 'ne' | 'flatten' | 'star' | 'filter' | 'dot' | 'not' | 'lbrace' | 'lbracket' | 'lparen';

interface Token {
  type: TokenType;
  value: string; // Python's str() of the token's value, as error messages show it
  start: number;
  end: number;
  literal?: Json; // a literal's value
  number?: number; // a number's value
}

const BINDING_POWER: Record<TokenType, number> = {
  eof: 0, unquoted_identifier: 0, quoted_identifier: 0, literal: 0, rbracket: 0, rparen: 0, comma: 0,
  rbrace: 0, number: 0, current: 0, expref: 0, colon: 0, pipe: 1, or: 2, and: 3, eq: 5, gt: 5, lt: 5,
  gte: 5, lte: 5, ne: 5, flatten: 9, star: 20, filter: 21, dot: 40, not: 45, lbrace: 50, lbracket: 55,
  lparen: 60,
};
const PROJECTION_STOP = 10;

const SIMPLE: Record<string, TokenType> = {
  '.': 'dot', '*': 'star', ']': 'rbracket', ',': 'comma', ':': 'colon', '@': 'current', '(': 'lparen',
  ')': 'rparen', '{': 'lbrace', '}': 'rbrace',
};

const isStartIdentifier = (c: string): boolean => /^[A-Za-z_]$/.test(c);
const isIdentifier = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

class LexerError extends JmesPathError {
  constructor(position: number, message: string, expression: string) {
    super(`Bad jmespath expression: ${message}:\n${expression}\n${' '.repeat(position)}^`);
  }
}

class ParseError extends JmesPathError {
  constructor(position: number, value: string, type: string, msg: string, expression: string) {
    super(`${msg}: Parse error at column ${position}, token "${value}" (${type.toUpperCase()}), for expression:\n"${expression}"\n${' '.repeat(position + 1)}^`);
  }
}

class IncompleteExpressionError extends JmesPathError {
  constructor(expression: string) {
    super(`Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${' '.repeat([...expression].length + 1)}^`);
  }
}

/** Python's json.loads of a JSON string, or the first part of its error message. */
function loadJsonString(lexeme: string): string | { error: string } {
  const body = [...lexeme.slice(1, -1)];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c.codePointAt(0)! < 0x20) return { error: 'Invalid control character at' };
    if (c === '\\') {
      const n = body[i + 1];
      if (n === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6).join(''))) return { error: 'Invalid \\uXXXX escape' };
        i += 5;
      } else if (n !== undefined && '"\\/bfnrt'.includes(n)) {
        i += 1;
      } else {
        return { error: 'Invalid \\escape' };
      }
    } else if (c === '"') {
      return { error: 'Extra data' };
    }
  }
  return JSON.parse(lexeme) as string;
}

/**
 * Python's json.loads, as a backtick literal needs it: a number with a fraction or an exponent
 * is a float (`1.0` stays one), NaN and ±Infinity are accepted, object keys keep their order.
 * Undefined where Python raises.
 */
export function pyJsonLoads(text: string): { value: Json } | undefined {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = value() as string;
        ws();
        if (text[i++] !== ':') fail();
        setKey(out, key, value());
        ws();
        const sep = text[i++];
        if (sep === '}') return out;
        if (sep !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const out: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return out;
        if (sep !== ',') fail();
      }
    }
    if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text) ?? fail();
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    for (const [word, v] of [['null', null], ['true', true], ['false', false], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text) ?? fail();
    i += m[0].length;
    const n = Number(m[0]);
    if (m[1] !== undefined || m[2] !== undefined) return pyFloat(n);
    return n === 0 ? 0 : n; // Python's int has no -0
  };
  try {
    const v = value();
    ws();
    return i === text.length ? { value: v } : undefined;
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof RangeError) return undefined;
    throw e;
  }
}

function tokenize(expression: string): Token[] {
  if (expression === '') throw new JmesPathError('Invalid JMESPath expression: cannot be empty.');
  const chars = [...expression];
  const length = chars.length;
  const tokens: Token[] = [];
  let position = 0;
  let current: string | undefined = chars[0];
  const next = (): string | undefined => {
    if (position === length - 1) current = undefined;
    else current = chars[++position];
    return current;
  };
  const token = (type: TokenType, value: string, start: number, extra: Partial<Token> = {}): Token =>
    ({ type, value, start, end: start, ...extra });
  const consumeUntil = (delimiter: string): string => {
    const start = position;
    let buff = '';
    next();
    while (current !== delimiter) {
      if (current === '\\') {
        buff += '\\';
        next();
      }
      if (current === undefined) throw new LexerError(start, `Unclosed ${delimiter} delimiter`, expression);
      buff += current;
      next();
    }
    next();
    return buff;
  };
  const matchOrElse = (expected: string, match: TokenType, other: TokenType): Token => {
    const start = position;
    const c = current!;
    if (next() === expected) {
      next();
      return token(match, c + expected, start);
    }
    return token(other, c, start);
  };
  const consumeNumber = (): string => {
    let buff = current!;
    while (isDigit(next())) buff += current!;
    return buff;
  };
  const number = (buff: string, start: number): Token => {
    const n = Number(buff) || 0; // int('-0') is 0
    return token('number', String(n), start, { number: n });
  };

  while (current !== undefined) {
    const c: string = current;
    const start = position;
    const count = tokens.length;
    if (c in SIMPLE) {
      tokens.push(token(SIMPLE[c]!, c, start));
      next();
    } else if (isStartIdentifier(c)) {
      let buff = c;
      while (isIdentifier(next())) buff += current!;
      tokens.push(token('unquoted_identifier', buff, start));
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      next();
    } else if (c === '[') {
      const n = next();
      if (n === ']') {
        next();
        tokens.push(token('flatten', '[]', start));
      } else if (n === '?') {
        next();
        tokens.push(token('filter', '[?', start));
      } else {
        tokens.push(token('lbracket', '[', start));
      }
    } else if (c === "'") {
      const lexeme = consumeUntil("'").replaceAll("\\'", "'");
      tokens.push(token('literal', lexeme, start, { literal: lexeme }));
    } else if (c === '|') {
      tokens.push(matchOrElse('|', 'or', 'pipe'));
    } else if (c === '&') {
      tokens.push(matchOrElse('&', 'and', 'expref'));
    } else if (c === '`') {
      const lexeme = consumeUntil('`').replaceAll('\\`', '`');
      let parsed = pyJsonLoads(lexeme);
      if (parsed === undefined) {
        // jmespath.py's deprecated form: invalid JSON is taken as a string
        const asString = loadJsonString(`"${lexeme.trimStart()}"`);
        if (typeof asString !== 'string') throw new LexerError(start, `Bad token ${lexeme}`, expression);
        parsed = { value: asString };
      }
      tokens.push(token('literal', pyStr(parsed.value), start, { literal: parsed.value }));
    } else if (isDigit(c)) {
      tokens.push(number(consumeNumber(), start));
    } else if (c === '-') {
      const buff = consumeNumber();
      if (buff.length > 1) tokens.push(number(buff, start));
      else throw new LexerError(start, `Unknown token '${buff}'`, expression);
    } else if (c === '"') {
      const lexeme = `"${consumeUntil('"')}"`;
      const value = loadJsonString(lexeme);
      if (typeof value !== 'string') throw new LexerError(start, value.error, expression);
      tokens.push(token('quoted_identifier', value, start));
    } else if (c === '<') {
      tokens.push(matchOrElse('=', 'lte', 'lt'));
    } else if (c === '>') {
      tokens.push(matchOrElse('=', 'gte', 'gt'));
    } else if (c === '!') {
      tokens.push(matchOrElse('=', 'ne', 'not'));
    } else if (c === '=') {
      if (next() === '=') {
        tokens.push(token('eq', '==', position - 1));
        next();
      } else {
        throw new LexerError(current === undefined ? position : position - 1, "Unknown token '='", expression);
      }
    } else {
      throw new LexerError(position, `Unknown token ${c}`, expression);
    }
    if (tokens.length > count) tokens[count]!.end = current === undefined ? length : position;
  }
  tokens.push(token('eof', '', length));
  return tokens;
}

const IDENTITY: Node = { type: 'identity' };

class Parser {
  private index = 0;
  private readonly chars: string[];

  constructor(private readonly tokens: Token[], private readonly expression: string) {
    this.chars = [...expression];
  }

  parse(): Node {
    const node = this.expr(0);
    if (this.current() !== 'eof') {
      const t = this.lookaheadToken(0);
      throw this.parseError(t, `Unexpected token: ${t.value}`);
    }
    return node;
  }

  private current(): TokenType {
    return this.tokens[this.index]!.type;
  }

  private lookahead(n: number): TokenType {
    return this.lookaheadToken(n).type;
  }

  private lookaheadToken(n: number): Token {
    const i = this.index + n;
    return this.tokens[i < 0 ? this.tokens.length + i : i] ?? this.tokens[this.tokens.length - 1]!;
  }

  private advance(): void {
    this.index++;
  }

  private parseError(t: Token, msg: string): JmesPathError {
    return new ParseError(t.start, t.value, t.type, msg, this.expression);
  }

  private match(type: TokenType): void {
    if (this.current() === type) this.advance();
    else throw this.errorMaybeEof(type, this.lookaheadToken(0));
  }

  private matchMultiple(types: TokenType[]): void {
    if (!types.includes(this.current())) throw this.errorMaybeEof(`[${types.map(pyRepr).join(', ')}]`, this.lookaheadToken(0));
    this.advance();
  }

  private errorMaybeEof(expected: string, t: Token): JmesPathError {
    if (t.type === 'eof') return new IncompleteExpressionError(this.expression);
    return this.parseError(t, `Expecting: ${expected}, got: ${t.type}`);
  }

  private expr(bindingPower: number): Node {
    const token = this.lookaheadToken(0);
    this.advance();
    let left = this.nud(token);
    let currentType = this.current();
    while (bindingPower < BINDING_POWER[currentType]) {
      const errorToken = this.lookaheadToken(0);
      this.advance();
      left = this.led(currentType, left, errorToken);
      currentType = this.current();
    }
    return left;
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case 'literal':
        return { type: 'literal', value: token.literal! };
      case 'current':
        return { type: 'current' };
      case 'unquoted_identifier':
        return { type: 'field', name: token.value };
      case 'quoted_identifier':
        if (this.current() === 'lparen') {
          const t = this.lookaheadToken(0);
          throw new ParseError(0, t.value, t.type, 'Quoted identifier not allowed for function names.', this.expression);
        }
        return { type: 'field', name: token.value };
      case 'star': {
        const right = this.current() === 'rbracket' ? IDENTITY : this.projectionRhs(BINDING_POWER.star);
        return { type: 'value_projection', left: IDENTITY, right };
      }
      case 'filter':
        return this.ledFilter(IDENTITY);
      case 'lbrace':
        return this.multiSelectHash();
      case 'lparen': {
        const inner = this.expr(0);
        this.match('rparen');
        return inner;
      }
      case 'flatten':
        return { type: 'projection', left: { type: 'flatten', child: IDENTITY }, right: this.projectionRhs(BINDING_POWER.flatten) };
      case 'not':
        return { type: 'not', child: this.expr(BINDING_POWER.not) };
      case 'lbracket':
        if (this.current() === 'number' || this.current() === 'colon') {
          return this.projectIfSlice(IDENTITY, this.indexExpression());
        }
        if (this.current() === 'star' && this.lookahead(1) === 'rbracket') {
          this.advance();
          this.advance();
          return { type: 'projection', left: IDENTITY, right: this.projectionRhs(BINDING_POWER.star) };
        }
        return this.multiSelectList();
      case 'expref': {
        const child = this.expr(BINDING_POWER.expref);
        const end = this.tokens[this.index - 1]!.end;
        return { type: 'expref', child, text: this.chars.slice(token.start, end).join('') };
      }
      case 'eof':
        throw new IncompleteExpressionError(this.expression);
      default:
        throw this.parseError(token, 'invalid token');
    }
  }

  private led(type: TokenType, left: Node, token: Token): Node {
    switch (type) {
      case 'dot':
        if (this.current() !== 'star') {
          const right = this.dotRhs(BINDING_POWER.dot);
          if (left.type === 'subexpression') {
            left.children.push(right);
            return left;
          }
          return { type: 'subexpression', children: [left, right] };
        }
        this.advance();
        return { type: 'value_projection', left, right: this.projectionRhs(BINDING_POWER.dot) };
      case 'pipe':
      case 'or':
      case 'and':
        return { type, left, right: this.expr(BINDING_POWER[type]) };
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return { type: 'comparator', op: type, left, right: this.expr(BINDING_POWER[type]) };
      case 'lparen': {
        if (left.type !== 'field') {
          const prev = this.lookaheadToken(-2);
          throw this.parseError(prev, `Invalid function name '${prev.value}'`);
        }
        const args: Node[] = [];
        while (this.current() !== 'rparen') {
          const arg = this.expr(0);
          if (this.current() === 'comma') this.match('comma');
          args.push(arg);
        }
        this.match('rparen');
        return { type: 'function', name: left.name, args };
      }
      case 'filter':
        return this.ledFilter(left);
      case 'flatten':
        return { type: 'projection', left: { type: 'flatten', child: left }, right: this.projectionRhs(BINDING_POWER.flatten) };
      case 'lbracket': {
        const t = this.lookaheadToken(0);
        if (t.type === 'number' || t.type === 'colon') {
          const right = this.indexExpression();
          if (left.type === 'index_expression') {
            left.children.push(right);
            return left;
          }
          return this.projectIfSlice(left, right);
        }
        this.match('star');
        this.match('rbracket');
        return { type: 'projection', left, right: this.projectionRhs(BINDING_POWER.star) };
      }
      default:
        // a token with binding power but no left denotation (star, not, lbrace)
        this.index--;
        throw this.parseError(token, 'invalid token');
    }
  }

  private ledFilter(left: Node): Node {
    const condition = this.expr(0);
    this.match('rbracket');
    const right = this.current() === 'flatten' ? IDENTITY : this.projectionRhs(BINDING_POWER.filter);
    return { type: 'filter_projection', left, right, condition };
  }

  private indexExpression(): Node {
    if (this.lookahead(0) === 'colon' || this.lookahead(1) === 'colon') return this.sliceExpression();
    const index = this.lookaheadToken(0).number!;
    this.advance();
    this.match('rbracket');
    return { type: 'index', index };
  }

  private sliceExpression(): Node {
    const parts: (number | null)[] = [null, null, null];
    let index = 0;
    let type = this.current();
    while (type !== 'rbracket' && index < 3) {
      if (type === 'colon') {
        index += 1;
        if (index === 3) throw this.parseError(this.lookaheadToken(0), 'syntax error');
        this.advance();
      } else if (type === 'number') {
        parts[index] = this.lookaheadToken(0).number!;
        this.advance();
      } else {
        throw this.parseError(this.lookaheadToken(0), 'syntax error');
      }
      type = this.current();
    }
    this.match('rbracket');
    return { type: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]! };
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpression: Node = { type: 'index_expression', children: [left, right] };
    if (right.type !== 'slice') return indexExpression;
    return { type: 'projection', left: indexExpression, right: this.projectionRhs(BINDING_POWER.star) };
  }

  private multiSelectList(): Node {
    const children: Node[] = [];
    for (;;) {
      children.push(this.expr(0));
      if (this.current() === 'rbracket') break;
      this.match('comma');
    }
    this.match('rbracket');
    return { type: 'multi_select_list', children };
  }

  private multiSelectHash(): Node {
    const pairs: [string, Node][] = [];
    for (;;) {
      const key = this.lookaheadToken(0);
      this.matchMultiple(['quoted_identifier', 'unquoted_identifier']);
      this.match('colon');
      pairs.push([key.value, this.expr(0)]);
      if (this.current() === 'comma') {
        this.match('comma');
      } else if (this.current() === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return { type: 'multi_select_dict', pairs };
  }

  private projectionRhs(bindingPower: number): Node {
    const type = this.current();
    if (BINDING_POWER[type] < PROJECTION_STOP) return IDENTITY;
    if (type === 'lbracket' || type === 'filter') return this.expr(bindingPower);
    if (type === 'dot') {
      this.match('dot');
      return this.dotRhs(bindingPower);
    }
    throw this.parseError(this.lookaheadToken(0), 'syntax error');
  }

  private dotRhs(bindingPower: number): Node {
    const type = this.current();
    if (type === 'quoted_identifier' || type === 'unquoted_identifier' || type === 'star') return this.expr(bindingPower);
    if (type === 'lbracket') {
      this.match('lbracket');
      return this.multiSelectList();
    }
    if (type === 'lbrace') {
      this.match('lbrace');
      return this.multiSelectHash();
    }
    const t = this.lookaheadToken(0);
    throw this.parseError(t, `Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: ${t.type}`);
  }
}

/** Parse an expression as jmespath.py does, or throw its error (a JmesPathError). */
export function parseJmesPath(expression: string): Node {
  return new Parser(tokenize(expression), expression).parse();
}

/**
 * --query: JMESPath as the AWS CLI evaluates it.
 *
 * The AWS CLI compiles the expression with jmespath.py when it parses its arguments and, on a
 * bad one, fails with "Bad value for --query EXPR: <jmespath.py's error>" (exit 252). The
 * community JMESPath library evaluates expressions here (legacy backtick literals on, as in
 * jmespath.py), but it accepts a larger language (arithmetic, let, $, more functions) and words
 * its errors differently, so the expression is first checked by a parser that follows
 * jmespath.py's grammar and error messages.
 *
 * The CLI queries what its parsers produced, where blobs are base64 text and timestamps ISO
 * 8601 text; Buffers and Dates are turned into those strings before the search.
 */
import { compile as compileCommunity, registerFunction, TreeInterpreter, TYPE_ARRAY, TYPE_EXPREF } from '@jmespath-community/jmespath';
import { CliError } from '../../core/errors.js';
import { compareCodePoints, pyRepr, pyStr, type Json } from './python.js';
import { toCliData } from './values.js';

/** Functions jmespath.py has; the community library's others fail there as unknown. */
const PY_FUNCTIONS = new Set([
  'abs', 'avg', 'contains', 'ceil', 'ends_with', 'floor', 'join', 'keys', 'length', 'map', 'max', 'max_by',
  'merge', 'min', 'min_by', 'not_null', 'reverse', 'sort', 'sort_by', 'starts_with', 'sum', 'to_array',
  'to_number', 'to_string', 'type', 'values',
]);

export interface CompiledQuery {
  readonly expression: string;
  /** a function the expression calls that jmespath.py does not have (search fails on it) */
  readonly unknownFunction?: string;
  search(data: unknown): unknown;
}

/** jmespath.py's name of a value's type. */
function jmesType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/**
 * sort_by as jmespath.py runs it: a stable sort (Python's sorted), keys all strings or all
 * numbers as the first one is, and its error messages. The community library's comparator
 * never finds two strings equal, so items with equal keys came out reordered.
 */
function sortBy(this: { _interpreter: { visit(node: unknown, value: unknown): unknown } }, args: unknown[]): Json {
  const [array, expref] = args as [Json[], unknown];
  if (array.length === 0) return array;
  const keys = array.map((item) => this._interpreter.visit(expref, item));
  const typeError = (value: unknown, received: string, expected: string[]) =>
    new Error(`In function sort_by(), invalid type for value: ${pyStr(value)}, expected one of: [${expected.map((t) => pyRepr(t)).join(', ')}], received: "${received}"`);
  const required = jmesType(keys[0]);
  if (required !== 'string' && required !== 'number') throw typeError(array[0], required, ['string', 'number']);
  keys.forEach((key) => {
    if (jmesType(key) !== required) throw typeError(key, jmesType(key), [required]);
  });
  const order = array.map((_, i) => i);
  order.sort((i, j) => {
    const [a, b] = [keys[i], keys[j]];
    const c = required === 'string' ? compareCodePoints(a as string, b as string) : (a as number) - (b as number);
    return c !== 0 ? c : i - j;
  });
  return order.map((i) => array[i]!);
}
registerFunction('sort_by', sortBy as never, [{ types: [TYPE_ARRAY] }, { types: [TYPE_EXPREF] }], { override: true });

/** Compile --query, or throw the CLI's usage error for a bad expression. */
export function compileQuery(expression: string): CompiledQuery {
  let functions: Set<string>;
  try {
    functions = validate(expression);
  } catch (e) {
    if (e instanceof JmesPathError) throw new CliError('usage', `Bad value for --query ${expression}: ${e.message}`);
    throw e;
  }
  let ast: ReturnType<typeof compileCommunity>;
  try {
    ast = compileCommunity(expression, { enable_legacy_literals: true });
  } catch (e) {
    throw new CliError('usage', `Bad value for --query ${expression}: ${(e as Error).message}`);
  }
  const unknown = [...functions].find((name) => !PY_FUNCTIONS.has(name));
  return {
    expression,
    unknownFunction: unknown,
    search(data: unknown): unknown {
      if (unknown !== undefined) throw new CliError('other', `Unknown function: ${unknown}()`);
      try {
        return TreeInterpreter.search(ast, toCliData(data) as never);
      } catch (e) {
        throw new CliError('other', (e as Error).message);
      }
    },
  };
}

/** Apply --query to a (shaped) response. A result of null prints as null (json) or None (text). */
export function applyQuery(data: unknown, expression: string): unknown {
  return compileQuery(expression).search(data);
}

// ---------------------------------------------------------------------------------------------
// jmespath.py's lexer and parser, kept only for what they accept and the errors they raise.

class JmesPathError extends Error {}

type TokenType =
  | 'eof' | 'unquoted_identifier' | 'quoted_identifier' | 'literal' | 'rbracket' | 'rparen' | 'comma'
  | 'rbrace' | 'number' | 'current' | 'expref' | 'colon' | 'pipe' | 'or' | 'and' | 'eq' | 'gt' | 'lt'
  | 'gte' | 'lte' | 'ne' | 'flatten' | 'star' | 'filter' | 'dot' | 'not' | 'lbrace' | 'lbracket' | 'lparen';

interface Token {
  type: TokenType;
  value: string; // Python's str() of the token's value, as error messages show it
  start: number;
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

/** Python's json.loads, as far as a backtick literal needs it. */
function loadJson(text: string): { value: Json } | undefined {
  const trimmed = text.trim();
  const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
  if (trimmed in special) return { value: special[trimmed]! };
  try {
    return { value: JSON.parse(text) as Json };
  } catch {
    return undefined;
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
      return { type: match, value: c + expected, start };
    }
    return { type: other, value: c, start };
  };
  const consumeNumber = (): string => {
    let buff = current!;
    while (isDigit(next())) buff += current!;
    return buff;
  };

  while (current !== undefined) {
    const c: string = current;
    const start = position;
    if (c in SIMPLE) {
      tokens.push({ type: SIMPLE[c]!, value: c, start });
      next();
    } else if (isStartIdentifier(c)) {
      let buff = c;
      while (isIdentifier(next())) buff += current!;
      tokens.push({ type: 'unquoted_identifier', value: buff, start });
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      next();
    } else if (c === '[') {
      const n = next();
      if (n === ']') {
        next();
        tokens.push({ type: 'flatten', value: '[]', start });
      } else if (n === '?') {
        next();
        tokens.push({ type: 'filter', value: '[?', start });
      } else {
        tokens.push({ type: 'lbracket', value: '[', start });
      }
    } else if (c === "'") {
      const lexeme = consumeUntil("'").replaceAll("\\'", "'");
      tokens.push({ type: 'literal', value: lexeme, start });
    } else if (c === '|') {
      tokens.push(matchOrElse('|', 'or', 'pipe'));
    } else if (c === '&') {
      tokens.push(matchOrElse('&', 'and', 'expref'));
    } else if (c === '`') {
      const lexeme = consumeUntil('`').replaceAll('\\`', '`');
      let parsed = loadJson(lexeme);
      if (parsed === undefined) {
        // jmespath.py's deprecated form: invalid JSON is taken as a string
        const asString = loadJsonString(`"${lexeme.trimStart()}"`);
        if (typeof asString !== 'string') throw new LexerError(start, `Bad token ${lexeme}`, expression);
        parsed = { value: asString };
      }
      tokens.push({ type: 'literal', value: typeof parsed.value === 'string' ? parsed.value : pyStr(parsed.value), start });
    } else if (isDigit(c)) {
      tokens.push({ type: 'number', value: String(Number(consumeNumber())), start });
    } else if (c === '-') {
      const buff = consumeNumber();
      if (buff.length > 1) tokens.push({ type: 'number', value: String(Number(buff)), start });
      else throw new LexerError(start, `Unknown token '${buff}'`, expression);
    } else if (c === '"') {
      const lexeme = `"${consumeUntil('"')}"`;
      const value = loadJsonString(lexeme);
      if (typeof value !== 'string') throw new LexerError(start, value.error, expression);
      tokens.push({ type: 'quoted_identifier', value, start });
    } else if (c === '<') {
      tokens.push(matchOrElse('=', 'lte', 'lt'));
    } else if (c === '>') {
      tokens.push(matchOrElse('=', 'gte', 'gt'));
    } else if (c === '!') {
      tokens.push(matchOrElse('=', 'ne', 'not'));
    } else if (c === '=') {
      if (next() === '=') {
        tokens.push({ type: 'eq', value: '==', start: position - 1 });
        next();
      } else {
        throw new LexerError(current === undefined ? position : position - 1, "Unknown token '='", expression);
      }
    } else {
      throw new LexerError(position, `Unknown token ${c}`, expression);
    }
  }
  tokens.push({ type: 'eof', value: '', start: length });
  return tokens;
}

/** The node kinds the parser's decisions depend on. */
interface Node {
  type: 'field' | 'subexpression' | 'index_expression' | 'other';
}

const FIELD: Node = { type: 'field' };
const OTHER: Node = { type: 'other' };

class Parser {
  private index = 0;
  readonly functions = new Set<string>();
  private lastFieldName = '';

  constructor(private readonly tokens: Token[], private readonly expression: string) {}

  parse(): void {
    this.expr(0);
    if (this.current() !== 'eof') {
      const t = this.lookaheadToken(0);
      throw this.parseError(t, `Unexpected token: ${t.value}`);
    }
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
      case 'current':
        return OTHER;
      case 'unquoted_identifier':
        this.lastFieldName = token.value;
        return FIELD;
      case 'quoted_identifier':
        if (this.current() === 'lparen') {
          const t = this.lookaheadToken(0);
          throw new ParseError(0, t.value, t.type, 'Quoted identifier not allowed for function names.', this.expression);
        }
        this.lastFieldName = token.value;
        return FIELD;
      case 'star':
        if (this.current() !== 'rbracket') this.projectionRhs(BINDING_POWER.star);
        return OTHER;
      case 'filter':
        return this.ledFilter();
      case 'lbrace':
        return this.multiSelectHash();
      case 'lparen': {
        const inner = this.expr(0);
        this.match('rparen');
        return inner;
      }
      case 'flatten':
        this.projectionRhs(BINDING_POWER.flatten);
        return OTHER;
      case 'not':
        this.expr(BINDING_POWER.not);
        return OTHER;
      case 'lbracket':
        if (this.current() === 'number' || this.current() === 'colon') {
          const right = this.indexExpression();
          this.projectIfSlice(right);
          return right === 'slice' ? OTHER : { type: 'index_expression' };
        }
        if (this.current() === 'star' && this.lookahead(1) === 'rbracket') {
          this.advance();
          this.advance();
          this.projectionRhs(BINDING_POWER.star);
          return OTHER;
        }
        return this.multiSelectList();
      case 'expref':
        this.expr(BINDING_POWER.expref);
        return OTHER;
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
          this.dotRhs(BINDING_POWER.dot);
          return { type: 'subexpression' };
        }
        this.advance();
        this.projectionRhs(BINDING_POWER.dot);
        return OTHER;
      case 'pipe':
      case 'or':
      case 'and':
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        this.expr(BINDING_POWER[type]);
        return OTHER;
      case 'lparen': {
        if (left.type !== 'field') {
          const prev = this.lookaheadToken(-2);
          throw this.parseError(prev, `Invalid function name '${prev.value}'`);
        }
        this.functions.add(this.lastFieldName);
        while (this.current() !== 'rparen') {
          this.expr(0);
          if (this.current() === 'comma') this.match('comma');
        }
        this.match('rparen');
        return OTHER;
      }
      case 'filter':
        return this.ledFilter();
      case 'flatten':
        this.projectionRhs(BINDING_POWER.flatten);
        return OTHER;
      case 'lbracket': {
        const t = this.lookaheadToken(0);
        if (t.type === 'number' || t.type === 'colon') {
          const right = this.indexExpression();
          if (left.type === 'index_expression') return left;
          this.projectIfSlice(right);
          return right === 'slice' ? OTHER : { type: 'index_expression' };
        }
        this.match('star');
        this.match('rbracket');
        this.projectionRhs(BINDING_POWER.star);
        return OTHER;
      }
      default:
        // a token with binding power but no left denotation (star, not, lbrace)
        this.index--;
        throw this.parseError(token, 'invalid token');
    }
  }

  private ledFilter(): Node {
    this.expr(0);
    this.match('rbracket');
    if (this.current() !== 'flatten') this.projectionRhs(BINDING_POWER.filter);
    return OTHER;
  }

  private indexExpression(): 'index' | 'slice' {
    if (this.lookahead(0) === 'colon' || this.lookahead(1) === 'colon') {
      this.sliceExpression();
      return 'slice';
    }
    this.advance();
    this.match('rbracket');
    return 'index';
  }

  private sliceExpression(): void {
    let index = 0;
    let type = this.current();
    while (type !== 'rbracket' && index < 3) {
      if (type === 'colon') {
        index += 1;
        if (index === 3) throw this.parseError(this.lookaheadToken(0), 'syntax error');
        this.advance();
      } else if (type === 'number') {
        this.advance();
      } else {
        throw this.parseError(this.lookaheadToken(0), 'syntax error');
      }
      type = this.current();
    }
    this.match('rbracket');
  }

  private projectIfSlice(right: 'index' | 'slice'): void {
    if (right === 'slice') this.projectionRhs(BINDING_POWER.star);
  }

  private multiSelectList(): Node {
    for (;;) {
      this.expr(0);
      if (this.current() === 'rbracket') break;
      this.match('comma');
    }
    this.match('rbracket');
    return OTHER;
  }

  private multiSelectHash(): Node {
    for (;;) {
      this.matchMultiple(['quoted_identifier', 'unquoted_identifier']);
      this.match('colon');
      this.expr(0);
      if (this.current() === 'comma') {
        this.match('comma');
      } else if (this.current() === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return OTHER;
  }

  private projectionRhs(bindingPower: number): void {
    const type = this.current();
    if (BINDING_POWER[type] < PROJECTION_STOP) return;
    if (type === 'lbracket' || type === 'filter') {
      this.expr(bindingPower);
    } else if (type === 'dot') {
      this.match('dot');
      this.dotRhs(bindingPower);
    } else {
      throw this.parseError(this.lookaheadToken(0), 'syntax error');
    }
  }

  private dotRhs(bindingPower: number): void {
    const type = this.current();
    if (type === 'quoted_identifier' || type === 'unquoted_identifier' || type === 'star') {
      this.expr(bindingPower);
    } else if (type === 'lbracket') {
      this.match('lbracket');
      this.multiSelectList();
    } else if (type === 'lbrace') {
      this.match('lbrace');
      this.multiSelectHash();
    } else {
      const t = this.lookaheadToken(0);
      throw this.parseError(t, `Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: ${t.type}`);
    }
  }
}

/** Check an expression as jmespath.py would; returns the names of the functions it calls. */
function validate(expression: string): Set<string> {
  const parser = new Parser(tokenize(expression), expression);
  parser.parse();
  return parser.functions;
}

/**
 * The AWS CLI's shorthand syntax: `Key=Value,Key2=[a,b],Key3={A=1,B=2}`.
 *
 * Two steps, as in the CLI: a purely syntactic parse (every scalar is a string), then a pass
 * over the argument's model that turns strings into the member types (numbers, booleans) and
 * wraps a single value given for a list member into a list. Error texts are the CLI v2's.
 */
import { CliError } from '../../core/errors.js';
import type { ServiceModel, Shape } from '../../model/types.js';
import { ASCII_WHITESPACE, floatError, intError, pyFloat, pyInt, pyRepr, pyRstrip } from './python.js';

export type ShorthandValue = string | Buffer | ShorthandValue[] | { [key: string]: ShorthandValue };
export type ShorthandObject = { [key: string]: ShorthandValue };

export class ShorthandParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShorthandParseError';
  }
}

/** Resolves `key@=file://...` values; returns undefined when the value names no file. */
export type ParamfileResolver = (value: string) => string | Buffer | undefined;

export interface ShorthandOptions {
  resolveParamfile?: ParamfileResolver;
}

/** The input echoed with a caret under the failing position, as the CLI prints it. */
function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spacesFrom = 0;
  const head = value.slice(0, index);
  if (head.includes('\n')) spacesFrom = head.lastIndexOf('\n') + 1;
  const numSpaces = Array.from(value.slice(spacesFrom, index)).length;
  const tail = value.slice(index);
  if (tail.includes('\n')) {
    const next = index + tail.indexOf('\n');
    consumed = value.slice(0, next);
    remaining = value.slice(next);
  }
  return `${consumed}\n${' '.repeat(numSpaces)}^${remaining}`;
}

class SyntaxErr extends ShorthandParseError {
  constructor(value: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n ${errorLocation(value, index)}`);
  }
}

class DuplicateKeyErr extends ShorthandParseError {
  constructor(key: string, value: string, index: number) {
    super(
      `Second instance of key "${key}" encountered for input:\n${errorLocation(value, index)}\n` +
        'This is often because there is a preceding "," instead of a space.',
    );
  }
}

// Character classes of the CLI's grammar (code points; astral characters fall outside them,
// exactly as in the CLI, whose classes stop at U+FFFF).
const PY_S = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = `${PY_S}!#-&(-+\\--\\\\^-|~-\\uffff`;
const SECOND_FOLLOW = `${PY_S}!#-&(-+\\--<>-\\uffff`;
const ESCAPED_COMMA = '(?:\\\\,)';

interface NamedRegex {
  name: string;
  re: RegExp;
}
const named = (name: string, src: string): NamedRegex => ({ name, re: new RegExp(src, 'uy') });
const FIRST_VALUE = named('first', `(?:${ESCAPED_COMMA}|[${START_WORD}])(?:${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`);
const SECOND_VALUE = named('second', `(?:${ESCAPED_COMMA}|[${START_WORD}])(?:${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`);
const SINGLE_QUOTED = named('singled quoted', "'(?:\\\\'|[^'])*'");
const DOUBLE_QUOTED = named('double quoted', '"(?:\\\\"|[^"])*"');
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;

class Parser {
  private index = 0;
  private resolveFiles = false;

  constructor(
    private readonly input: string,
    private readonly opts: ShorthandOptions,
  ) {}

  parse(): ShorthandObject {
    const params: ShorthandObject = {};
    const [key, val] = this.keyval();
    setProp(params, key, val);
    let lastIndex = this.index;
    while (this.index < this.input.length) {
      this.expect(',', true);
      const [k, v] = this.keyval();
      if (Object.prototype.hasOwnProperty.call(params, k)) throw new DuplicateKeyErr(k, this.input, lastIndex + 1);
      setProp(params, k, v);
      lastIndex = this.index;
    }
    return params;
  }

  private keyval(): [string, ShorthandValue] {
    const key = this.key();
    this.optionalAt();
    this.expect('=', true);
    return [key, this.values()];
  }

  /** `key@=value` reads file:// and fileb:// values (CLI v2). */
  private optionalAt(): void {
    this.resolveFiles = false;
    const save = this.index;
    this.consumeWhitespace();
    if (this.current() === '@') {
      this.index++;
      this.consumeWhitespace();
      this.resolveFiles = true;
    } else {
      this.index = save;
    }
  }

  private key(): string {
    const start = this.index;
    while (!this.atEof() && KEY_CHARS.test(this.input[this.index]!)) this.index++;
    return this.input.slice(start, this.index);
  }

  private values(): ShorthandValue {
    if (this.atEof()) return '';
    const c = this.current();
    if (c === '[') return this.explicitList();
    if (c === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): ShorthandValue {
    const first = this.firstValue();
    this.consumeWhitespace();
    if (this.atEof() || this.input[this.index] !== ',') return first;
    this.expect(',', true);
    const list: ShorthandValue[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof SyntaxErr) || this.atEof()) throw e;
        // `a=b,c=d`: the word after the comma was the next key; give it back.
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private value(): ShorthandValue {
    const m = this.match(FIRST_VALUE);
    if (m === undefined) return '';
    return this.maybeFile(pyRstrip(m.replace(/\\,/g, ',')));
  }

  private explicitList(): ShorthandValue[] {
    this.expect('[', true);
    const values: ShorthandValue[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValues());
      this.consumeWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.consumeWhitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(): ShorthandValue {
    const c = this.current();
    if (c === '[') return this.explicitList();
    if (c === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): ShorthandObject {
    this.expect('{', true);
    const out: ShorthandObject = {};
    while (this.current() !== '}') {
      const key = this.key();
      this.optionalAt();
      this.expect('=', true);
      const v = this.explicitValues();
      this.consumeWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.consumeWhitespace();
      }
      setProp(out, key, v);
    }
    this.expect('}');
    return out;
  }

  private firstValue(): ShorthandValue {
    const c = this.current();
    if (c === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (c === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.value();
  }

  private secondValue(): ShorthandValue {
    const c = this.current();
    if (c === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (c === '"') return this.quoted(DOUBLE_QUOTED, '"');
    const consumed = this.mustMatch(SECOND_VALUE);
    return this.maybeFile(pyRstrip(consumed.replace(/\\,/g, ',')));
  }

  private quoted(re: NamedRegex, quote: string): ShorthandValue {
    const raw = this.mustMatch(re).slice(1, -1);
    const value = raw.split('\\' + quote).join(quote).split('\\\\').join('\\');
    return this.maybeFile(value);
  }

  private maybeFile(value: string): ShorthandValue {
    if (!this.resolveFiles || !this.opts.resolveParamfile) return value;
    return this.opts.resolveParamfile(value) ?? value;
  }

  private match(re: NamedRegex): string | undefined {
    re.re.lastIndex = this.index;
    const m = re.re.exec(this.input);
    if (!m) return undefined;
    this.index += m[0].length;
    return m[0];
  }

  private mustMatch(re: NamedRegex): string {
    const m = this.match(re);
    if (m === undefined) throw new SyntaxErr(this.input, `<${re.name}>`, '<none>', this.index);
    return m;
  }

  private expect(ch: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.index >= this.input.length) throw new SyntaxErr(this.input, ch, 'EOF', this.index);
    const actual = String.fromCodePoint(this.input.codePointAt(this.index)!);
    if (actual !== ch) throw new SyntaxErr(this.input, ch, actual, this.index);
    this.index++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private current(): string | undefined {
    return this.index < this.input.length ? this.input[this.index] : undefined;
  }

  private atEof(): boolean {
    return this.index >= this.input.length;
  }

  private backtrackTo(ch: string): void {
    while (this.index >= 0 && this.input[this.index] !== ch) this.index--;
  }

  private consumeWhitespace(): void {
    while (!this.atEof() && ASCII_WHITESPACE.includes(this.input[this.index]!)) this.index++;
  }
}

function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Parse shorthand syntax into strings, lists and objects (no model involved). */
export function parseShorthand(value: string, opts: ShorthandOptions = {}): ShorthandObject {
  return new Parser(value, opts).parse();
}

/**
 * Does the CLI try shorthand for an argument of this shape? Structures, maps, and lists of
 * structures/lists/maps; a list of scalars is just space-separated values.
 */
export function supportsShorthand(shapeName: string, model: ServiceModel): boolean {
  const shape = model.shapes[shapeName];
  if (!shape) return false;
  if (shape.type === 'structure' || shape.type === 'map') return true;
  if (shape.type !== 'list' || !shape.member) return false;
  const member = model.shapes[shape.member.shape];
  return member?.type === 'structure' || member?.type === 'list' || member?.type === 'map';
}

/**
 * The CLI's pass after a shorthand parse: strings become the member types the model gives
 * (integer/long: Python int(); float/double: float(); boolean: only "true"/"false", any
 * case), and a single value given for a list member becomes a one-element list (its
 * contents are then left as they are, as in the CLI). Unknown keys are left for parameter
 * validation to report. A string that is not a number fails as Python's int() fails.
 */
export function applyShorthandTypes(value: unknown, shapeName: string, model: ServiceModel): unknown {
  const holder: Record<string, unknown> = { v: value };
  visit(holder, 'v', shapeName, model);
  // The CLI visits the top level through a throwaway parent, so a top-level wrap is lost.
  return value;
}

function visit(parent: Record<string, unknown> | unknown[], key: string | number, shapeName: string, model: ServiceModel): void {
  const shape = model.shapes[shapeName];
  if (!shape) return;
  const value = (parent as Record<string | number, unknown>)[key];
  switch (shape.type) {
    case 'structure':
      return visitStructure(value, shape, model);
    case 'list':
      if (!Array.isArray(value)) {
        if (value !== undefined && value !== null) (parent as Record<string | number, unknown>)[key] = [value];
        return;
      }
      value.forEach((_, i) => visit(value, i, shape.member!.shape, model));
      return;
    case 'map':
      if (!isPlainObject(value)) return;
      for (const k of Object.keys(value)) visit(value, k, shape.value!.shape, model);
      return;
    default:
      return visitScalar(parent, key, shape, value);
  }
}

function visitStructure(value: unknown, shape: Shape, model: ServiceModel): void {
  if (!isPlainObject(value)) return;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (Object.prototype.hasOwnProperty.call(value, name)) visit(value, name, ref.shape, model);
  }
}

function visitScalar(parent: Record<string | number, unknown> | unknown[], key: string | number, shape: Shape, value: unknown): void {
  if (value === undefined || value === null) return;
  const p = parent as Record<string | number, unknown>;
  switch (shape.type) {
    case 'integer':
    case 'long':
      p[key] = toPyInt(value);
      return;
    case 'double':
    case 'float':
      p[key] = toPyFloat(value);
      return;
    case 'boolean': {
      if (typeof value !== 'string') throw new CliError('other', `'${pyTypeWord(value)}' object has no attribute 'lower'`);
      const lower = value.toLowerCase();
      if (lower === 'true') p[key] = true;
      else if (lower === 'false') p[key] = false;
      return;
    }
    default:
      return;
  }
}

function toPyInt(value: unknown): number {
  if (typeof value !== 'string') {
    throw new CliError('other', `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeWord(value)}'`);
  }
  const n = pyInt(value);
  if (n === undefined) throw new CliError('other', intError(value));
  return n;
}

function toPyFloat(value: unknown): number {
  if (typeof value !== 'string') {
    throw new CliError('other', `float() argument must be a string or a real number, not '${pyTypeWord(value)}'`);
  }
  const n = pyFloat(value);
  if (n === undefined) throw new CliError('other', floatError(value));
  return n;
}

function pyTypeWord(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (Buffer.isBuffer(v)) return 'bytes';
  if (isPlainObject(v)) return 'dict';
  return pyRepr(v) === 'None' ? 'NoneType' : 'str';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

/**
 * jmespath.py's tree interpreter and built-in functions, with the Python semantics its answers
 * depend on: strings ordered by code point, ints apart from floats (`1.0` stays a float, avg()
 * is always one), Python's == (1 == 1.0 == True inside lists), first-wins min/max, stable
 * sorts, and Python's own wording where the CLI shows a Python error (a string compared with a
 * number, a slice step of zero, ...).
 */
import type { Comparator, Node } from './jmespathParser.js';
import { compareCodePoints, isObject, pyFloat, PyFloat, PyOpaque, pyRepr, pyStr, pyTypeName, type Json, type JsonObject } from './python.js';
import { pyJsonDumps } from './json.js';
import { setKey } from './values.js';

/** An error jmespath.py (or Python under it) raises while searching: the CLI prints str(e). */
export class JmesPathRuntimeError extends Error {}

/** jmespath.py's _Expression: what `&expr` evaluates to. Its str() here is its source text. */
export class ExpressionReference extends PyOpaque {
  readonly typeName = '_Expression';
  constructor(readonly node: Node, readonly text: string) {
    super();
  }
  str(): string {
    return this.text;
  }
}

// --- Python values ------------------------------------------------------------------------

/** isinstance(x, Number) and not a bool */
const isNumber = (v: Json): v is number | PyFloat => typeof v === 'number' || v instanceof PyFloat;
const num = (v: number | PyFloat): number => (v instanceof PyFloat ? v.value : v);
const isFloat = (v: number | PyFloat): boolean => pyTypeName(v) === 'float';
const isList = (v: Json): v is Json[] => Array.isArray(v);
const isDict = (v: Json): v is JsonObject => isObject(v);
const codePoints = (s: string): string[] => [...s];

/** Python's == (jmespath.py's _equals adds one rule on top: see equals()). */
function pyEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  const asNumber = (v: Json): number | undefined => (isNumber(v) ? num(v) : typeof v === 'boolean' ? Number(v) : undefined);
  const [x, y] = [asNumber(a), asNumber(b)];
  if (x !== undefined && y !== undefined) return x === y;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]!));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEquals(a[k]!, b[k]!));
  }
  return false;
}

/** jmespath.py's _equals: 0 and 1 are never equal to false and true at the top level. */
function equals(a: Json, b: Json): boolean {
  const special = (x: Json, y: Json) => isNumber(x) && (num(x) === 0 || num(x) === 1) && typeof y === 'boolean';
  if (special(a, b) || special(b, a)) return false;
  return pyEquals(a, b);
}

const OPERATOR: Record<Exclude<Comparator, 'eq' | 'ne'>, string> = { lt: '<', gt: '>', lte: '<=', gte: '>=' };

/**
 * Python's ordering of two numbers or two strings (strings by code point); a string against a
 * number raises Python's TypeError, which the CLI prints.
 */
function order(op: keyof typeof OPERATOR, a: number | PyFloat | string, b: number | PyFloat | string): boolean {
  let c: number;
  if (typeof a === 'string' && typeof b === 'string') {
    c = compareCodePoints(a, b);
  } else if (typeof a !== 'string' && typeof b !== 'string') {
    const [x, y] = [num(a), num(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    c = x < y ? -1 : x > y ? 1 : 0;
  } else {
    throw new JmesPathRuntimeError(`'${OPERATOR[op]}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  switch (op) {
    case 'lt':
      return c < 0;
    case 'gt':
      return c > 0;
    case 'lte':
      return c <= 0;
    case 'gte':
      return c >= 0;
  }
}

/** jmespath's falsiness: '', [], {}, null and false (0 is true). */
const isFalse = (v: Json): boolean =>
  v === '' || v === null || v === false || (isList(v) && v.length === 0) || (isDict(v) && Object.keys(v).length === 0);

/** Python's `not`: 0 is special-cased by jmespath.py to be "not false". */
function not(v: Json): boolean {
  if (isNumber(v)) return false; // !0 is false in jmespath.py; any other number is true in Python
  if (v instanceof PyOpaque) return false;
  return isFalse(v);
}

/** Python's list slicing (slice.indices), including a negative step. */
function slice(list: Json[], start: number | null, stop: number | null, step: number | null): Json[] {
  const s = step ?? 1;
  if (s === 0) throw new JmesPathRuntimeError('slice step cannot be zero');
  const n = list.length;
  const [lower, upper] = s < 0 ? [-1, n - 1] : [0, n];
  const clamp = (i: number | null, fallback: number): number => {
    if (i === null) return fallback;
    if (i < 0) return Math.max(i + n, lower);
    return Math.min(i, upper);
  };
  const from = clamp(start, s < 0 ? upper : lower);
  const to = clamp(stop, s < 0 ? lower : upper);
  const out: Json[] = [];
  for (let i = from; s > 0 ? i < to : i > to; i += s) out.push(list[i]!);
  return out;
}

const hasOwn = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

// --- the interpreter ----------------------------------------------------------------------

export function evaluate(node: Node, value: Json): Json {
  switch (node.type) {
    case 'field':
      return isDict(value) && hasOwn(value, node.name) ? value[node.name]! : null;
    case 'subexpression':
    case 'index_expression':
      return node.children.reduce<Json>((v, child) => evaluate(child, v), value);
    case 'pipe':
      return evaluate(node.right, evaluate(node.left, value));
    case 'index': {
      if (!isList(value)) return null;
      const i = node.index < 0 ? node.index + value.length : node.index;
      return i >= 0 && i < value.length ? value[i]! : null;
    }
    case 'slice':
      return isList(value) ? slice(value, node.start, node.stop, node.step) : null;
    case 'literal':
      return node.value;
    case 'current':
    case 'identity':
      return value;
    case 'comparator': {
      const left = evaluate(node.left, value);
      const right = evaluate(node.right, value);
      if (node.op === 'eq') return equals(left, right);
      if (node.op === 'ne') return !equals(left, right);
      // ordering is only for numbers and strings; anything else gives null
      const comparable = (v: Json): v is number | PyFloat | string => isNumber(v) || typeof v === 'string';
      if (!comparable(left) || !comparable(right)) return null;
      return order(node.op, left, right);
    }
    case 'or': {
      const left = evaluate(node.left, value);
      return isFalse(left) ? evaluate(node.right, value) : left;
    }
    case 'and': {
      const left = evaluate(node.left, value);
      return isFalse(left) ? left : evaluate(node.right, value);
    }
    case 'not':
      return not(evaluate(node.child, value));
    case 'expref':
      return new ExpressionReference(node.child, node.text);
    case 'function':
      return callFunction(node.name, node.args.map((arg) => evaluate(arg, value)));
    case 'filter_projection': {
      const base = evaluate(node.left, value);
      if (!isList(base)) return null;
      const out: Json[] = [];
      for (const element of base) {
        if (isFalse(evaluate(node.condition, element))) continue;
        const v = evaluate(node.right, element);
        if (v !== null) out.push(v);
      }
      return out;
    }
    case 'projection': {
      const base = evaluate(node.left, value);
      return isList(base) ? project(base, node.right) : null;
    }
    case 'value_projection': {
      const base = evaluate(node.left, value);
      return isDict(base) ? project(Object.values(base), node.right) : null;
    }
    case 'flatten': {
      const base = evaluate(node.child, value);
      return isList(base) ? base.flatMap((v) => (isList(v) ? v : [v])) : null;
    }
    case 'multi_select_list':
      return value === null ? null : node.children.map((child) => evaluate(child, value));
    case 'multi_select_dict': {
      if (value === null) return null;
      const out: JsonObject = {};
      for (const [key, child] of node.pairs) setKey(out, key, evaluate(child, value));
      return out;
    }
  }
}

function project(elements: Json[], right: Node): Json[] {
  const out: Json[] = [];
  for (const element of elements) {
    const v = evaluate(right, element);
    if (v !== null) out.push(v);
  }
  return out;
}

// --- functions ----------------------------------------------------------------------------

/** jmespath.py's names for Python's types (TYPES_MAP), and back (REVERSE_TYPES_MAP). */
const JMES_TYPE: Record<string, string> = {
  bool: 'boolean', list: 'array', dict: 'object', NoneType: 'null', str: 'string', float: 'number', int: 'number',
  _Expression: 'expref',
};
const PY_TYPES: Record<string, string[]> = {
  boolean: ['bool'], array: ['list'], object: ['dict'], null: ['NoneType'], string: ['str'], number: ['float', 'int'],
  expref: ['_Expression'],
};
const jmesType = (v: Json): string => JMES_TYPE[pyTypeName(v)] ?? 'unknown';

/** Python's list repr of strings, as jmespath.py's messages print the expected types. */
const listRepr = (items: string[]): string => `[${items.map(pyRepr).join(', ')}]`;

function typeError(fn: string, value: Json, actual: string, expected: string[]): JmesPathRuntimeError {
  return new JmesPathRuntimeError(`In function ${fn}(), invalid type for value: ${pyStr(value)}, expected one of: ${listRepr(expected)}, received: "${actual}"`);
}

/** One argument's types, as jmespath.py's @signature writes them ([] is any). */
type Signature = { types: string[]; variadic?: true }[];

interface JmesFunction {
  signature: Signature;
  call(args: Json[]): Json;
}

/** jmespath.py's _type_check_single: the argument's own type, then (for arrays) its elements'. */
function typeCheck(fn: string, value: Json, types: string[]): void {
  const allowed: string[] = [];
  const subtypes: string[][] = [];
  for (const t of types) {
    const [type, sub] = t.split('-', 2) as [string, string | undefined];
    if (sub !== undefined) subtypes.push(PY_TYPES[sub]!);
    allowed.push(...PY_TYPES[type]!);
  }
  const actual = pyTypeName(value);
  if (!allowed.includes(actual)) throw typeError(fn, value, jmesType(value), types);
  if (subtypes.length === 0) return;
  const elements = value as Json[];
  let expected: string[];
  if (subtypes.length === 1) {
    expected = subtypes[0]!;
  } else {
    if (elements.length === 0) return;
    // the first element decides which kind of array this must be
    const first = pyTypeName(elements[0]!);
    const found = subtypes.find((s) => s.includes(first));
    if (found === undefined) throw typeError(fn, elements[0]!, first, types);
    expected = found;
  }
  for (const element of elements) {
    // jmespath.py names the element's Python type here, not its JMESPath one
    if (!expected.includes(pyTypeName(element))) throw typeError(fn, element, pyTypeName(element), types);
  }
}

function callFunction(name: string, args: Json[]): Json {
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (fn === undefined) throw new JmesPathRuntimeError(`Unknown function: ${name}()`);
  const { signature } = fn;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (signature.at(-1)?.variadic) {
    if (args.length < signature.length) {
      throw new JmesPathRuntimeError(`Expected at least ${signature.length} ${plural(signature.length)} for function ${name}(), received ${args.length}`);
    }
  } else if (args.length !== signature.length) {
    throw new JmesPathRuntimeError(`Expected ${signature.length} ${plural(signature.length)} for function ${name}(), received ${args.length}`);
  }
  signature.forEach((spec, i) => {
    if (spec.types.length > 0) typeCheck(name, args[i]!, spec.types);
  });
  return fn.call(args);
}

const sig = (...types: string[][]): Signature => types.map((t) => ({ types: t }));
const variadic = (types: string[]): Signature => [{ types, variadic: true }];

/** Python's sum(): an int while every term is one. */
function sum(values: (number | PyFloat)[]): number | PyFloat {
  let total = 0;
  let float = false;
  for (const v of values) {
    total += num(v);
    float ||= isFloat(v);
  }
  return float ? pyFloat(total) : total;
}

/** math.ceil / math.floor: an int, and Python's errors for infinities and NaN. */
function toInt(v: number | PyFloat, round: (n: number) => number): number {
  const n = num(v);
  if (Number.isNaN(n)) throw new JmesPathRuntimeError('cannot convert float NaN to integer');
  if (!Number.isFinite(n)) throw new JmesPathRuntimeError('cannot convert float infinity to integer');
  return round(n) || 0;
}

/** Python's max() / min() of numbers or of strings: the first extreme element. */
function extreme(values: Json[], pick: 'max' | 'min'): Json {
  if (values.length === 0) return null;
  let best: Json = values[0]!;
  for (const v of values.slice(1)) {
    if (order(pick === 'max' ? 'gt' : 'lt', v as number | string, best as number | string)) best = v;
  }
  return best;
}

/** A stable sort of numbers or strings, as Python's sorted(). */
function compareSortable(a: Json, b: Json): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  const [x, y] = [num(a as number | PyFloat), num(b as number | PyFloat)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * min_by / max_by as Python's min(key=) and max(key=): each key is checked as it is reached
 * (a number or a string), compared with the best so far, the first extreme wins.
 */
function extremeBy(fn: 'min_by' | 'max_by', array: Json[], expref: ExpressionReference): Json {
  if (array.length === 0) return null;
  const key = (item: Json): number | PyFloat | string => {
    const k = evaluate(expref.node, item);
    if (!isNumber(k) && typeof k !== 'string') throw typeError(fn, k, jmesType(k), ['number', 'string']);
    return k;
  };
  let best: Json = array[0]!;
  let bestKey = key(best);
  for (const item of array.slice(1)) {
    const k = key(item);
    if (order(fn === 'max_by' ? 'gt' : 'lt', k, bestKey)) [best, bestKey] = [item, k];
  }
  return best;
}

/** sort_by: keys all strings or all numbers, as the first one is; stable. */
function sortBy(array: Json[], expref: ExpressionReference): Json {
  if (array.length === 0) return array;
  const keys = array.map((item) => evaluate(expref.node, item));
  const required = jmesType(keys[0]!);
  if (required !== 'string' && required !== 'number') throw typeError('sort_by', array[0]!, required, ['string', 'number']);
  keys.forEach((key) => {
    if (jmesType(key) !== required) throw typeError('sort_by', key, jmesType(key), [required]);
  });
  const order = array.map((_, i) => i);
  order.sort((i, j) => compareSortable(keys[i]!, keys[j]!) || i - j);
  return order.map((i) => array[i]!);
}

/** Python's str.isspace() characters, which int() and float() strip. */
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const DIGITS = '[0-9](?:_?[0-9])*';
const PY_INT = new RegExp(`^[+-]?${DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?$`);
const PY_FLOAT_WORD = /^[+-]?(?:inf|infinity|nan)$/i;

/** to_number of a string: int(s), else float(s), else null. */
function stringToNumber(s: string): Json {
  const t = s.replace(PY_STRIP, '');
  if (PY_INT.test(t)) return Number(t.replaceAll('_', '')) || 0;
  if (PY_FLOAT.test(t)) return pyFloat(Number(t.replaceAll('_', '')));
  if (PY_FLOAT_WORD.test(t)) {
    const sign = t.startsWith('-') ? -1 : 1;
    return /nan/i.test(t) ? NaN : sign * Infinity;
  }
  return null;
}

/** dict.update(arg) for merge()'s later arguments, which jmespath.py does not type-check. */
function update(target: JsonObject, arg: Json): void {
  if (isDict(arg)) {
    for (const [k, v] of Object.entries(arg)) setKey(target, k, v);
    return;
  }
  const items: Json[] | undefined = isList(arg) ? arg : typeof arg === 'string' ? codePoints(arg) : undefined;
  if (items === undefined) throw new JmesPathRuntimeError(`'${pyTypeName(arg)}' object is not iterable`);
  items.forEach((item, i) => {
    const pair: Json[] | undefined = isList(item) ? item : typeof item === 'string' ? codePoints(item) : isDict(item) ? Object.keys(item) : undefined;
    if (pair === undefined) throw new JmesPathRuntimeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
    if (pair.length !== 2) throw new JmesPathRuntimeError(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    const [key, value] = pair as [Json, Json];
    if (isList(key) || isDict(key)) throw new JmesPathRuntimeError(`unhashable type: '${pyTypeName(key)}'`);
    // a non-string key would stay an int or a bool in Python; here it becomes the text json.dumps writes for it
    setKey(target, typeof key === 'string' ? key : pyJsonDumps(key), value);
  });
}

/** Whether jmespath.py has a function of this name. */
export function isKnownFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

const FUNCTIONS: Record<string, JmesFunction> = {
  abs: {
    signature: sig(['number']),
    call: ([v]) => (isFloat(v as number) ? pyFloat(Math.abs(num(v as number))) : Math.abs(num(v as number))),
  },
  avg: {
    signature: sig(['array-number']),
    call: ([v]) => {
      const values = v as number[];
      return values.length === 0 ? null : pyFloat(num(sum(values)) / values.length);
    },
  },
  ceil: { signature: sig(['number']), call: ([v]) => toInt(v as number, Math.ceil) },
  contains: {
    signature: sig(['array', 'string'], []),
    call: ([subject, search]) => {
      if (typeof subject === 'string') {
        if (typeof search !== 'string') throw new JmesPathRuntimeError(`'in <string>' requires string as left operand, not ${pyTypeName(search!)}`);
        return subject.includes(search);
      }
      return (subject as Json[]).some((v) => v === search || pyEquals(v, search!));
    },
  },
  ends_with: { signature: sig(['string'], ['string']), call: ([s, suffix]) => (s as string).endsWith(suffix as string) },
  floor: { signature: sig(['number']), call: ([v]) => toInt(v as number, Math.floor) },
  join: { signature: sig(['string'], ['array-string']), call: ([sep, items]) => (items as string[]).join(sep as string) },
  keys: { signature: sig(['object']), call: ([o]) => Object.keys(o as JsonObject) },
  length: {
    signature: sig(['string', 'array', 'object']),
    call: ([v]) => (typeof v === 'string' ? codePoints(v).length : isList(v!) ? v.length : Object.keys(v as JsonObject).length),
  },
  map: {
    signature: sig(['expref'], ['array']),
    call: ([expref, items]) => (items as Json[]).map((item) => evaluate((expref as ExpressionReference).node, item)),
  },
  max: { signature: sig(['array-number', 'array-string']), call: ([v]) => extreme(v as Json[], 'max') },
  max_by: { signature: sig(['array'], ['expref']), call: ([a, e]) => extremeBy('max_by', a as Json[], e as ExpressionReference) },
  merge: {
    signature: variadic(['object']),
    call: (args) => {
      const out: JsonObject = {};
      for (const arg of args) update(out, arg);
      return out;
    },
  },
  min: { signature: sig(['array-number', 'array-string']), call: ([v]) => extreme(v as Json[], 'min') },
  min_by: { signature: sig(['array'], ['expref']), call: ([a, e]) => extremeBy('min_by', a as Json[], e as ExpressionReference) },
  not_null: { signature: variadic([]), call: (args) => args.find((v) => v !== null) ?? null },
  reverse: {
    signature: sig(['array', 'string']),
    call: ([v]) => (typeof v === 'string' ? codePoints(v).reverse().join('') : [...(v as Json[])].reverse()),
  },
  sort: { signature: sig(['array-string', 'array-number']), call: ([v]) => [...(v as Json[])].sort(compareSortable) },
  sort_by: { signature: sig(['array'], ['expref']), call: ([a, e]) => sortBy(a as Json[], e as ExpressionReference) },
  starts_with: { signature: sig(['string'], ['string']), call: ([s, prefix]) => (s as string).startsWith(prefix as string) },
  sum: { signature: sig(['array-number']), call: ([v]) => sum(v as number[]) },
  to_array: { signature: sig([]), call: ([v]) => (isList(v!) ? v : [v!]) },
  to_number: {
    signature: sig([]),
    call: ([v]) => {
      if (v === null || typeof v === 'boolean' || isList(v!) || isDict(v!)) return null;
      if (isNumber(v!)) return v!;
      if (typeof v === 'string') return stringToNumber(v);
      throw new JmesPathRuntimeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v!)}'`);
    },
  },
  to_string: {
    signature: sig([]),
    call: ([v]) => (typeof v === 'string' ? v : pyJsonDumps(v!, true, { compact: true, strDefault: true })),
  },
  type: {
    signature: sig([]),
    call: ([v]) => (v instanceof PyOpaque ? null : jmesType(v!)),
  },
  values: { signature: sig(['object']), call: ([o]) => Object.values(o as JsonObject) },
};

/**
 * Compiles the compact policy text into match branches the way SNS's rule engine (AWS's
 * event-ruler) does, reading token by token so that every error carries the engine's message and
 * the column where the engine stood. Two passes, as the engine makes them: first with "$or"
 * understood; if that fails, again with "$or" as an ordinary key (AWS: when the "$or" conditions
 * are not met, "$or" is treated as a regular attribute name) — and the second pass's error is the
 * one reported.
 */
import type { CompactJson, Token } from './filterPolicyJson.js';
import {
  anythingButMatching,
  anythingButNumbers,
  anythingButStrings,
  cidr,
  cidrRange,
  equalsIgnoreCase,
  exactIp,
  exactLiteral,
  exactNumber,
  exactString,
  looksLikeIp,
  numericEquals,
  numericKey,
  numericRange,
  NUMERIC_LIMIT,
  NUMERIC_RANGE_MESSAGE,
  parseIp,
  prefix,
  prefixIgnoreCase,
  suffix,
  suffixIgnoreCase,
  VT,
  wildcard,
  type ValuePattern,
} from './filterPolicyMatch.js';

/** One key of a branch: a leaf path and the alternatives of its policy array. */
export interface Condition {
  /** the key's path, segments joined with "." (body properties are flattened the same way) */
  readonly path: string;
  /** nesting level of the key in the policy, 1 at the top */
  readonly depth: number;
  /** number of entries in the policy array */
  readonly count: number;
  readonly patterns: readonly ValuePattern[];
  /** an {"exists": true} entry: any non-null value matches */
  readonly existsTrue: boolean;
  /** an {"exists": false} entry: the key's absence matches */
  readonly allowAbsent: boolean;
  /** the policy array as compact JSON, for explanations */
  readonly json: string;
}

export type Branch = Map<string, Condition>;

/** The engine refused the policy at a position: the message already ends with its location. */
export class RuleSyntaxError extends Error {}
/** The engine refused a value outright (no location, no second pass). */
export class RuleArgumentError extends Error {}

const SNIPPET_MAX = 500;

const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

const ANYTHING_BUT_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);

type MatchResult = { readonly pattern: ValuePattern } | { readonly exists: boolean };

function isNumeric(t: Token | undefined): boolean {
  return t?.type === 'VALUE_NUMBER_INT' || t?.type === 'VALUE_NUMBER_FLOAT';
}

/** Walks the tokens of the compact text like the engine's streaming parser. */
class TokenReader {
  private idx = -1;
  private textRead = false;

  constructor(private readonly json: CompactJson) {}

  next(): Token | undefined {
    this.idx++;
    this.textRead = false;
    return this.json.tokens[this.idx];
  }

  /** The current token's text; reading a string's text moves past its closing quote. */
  text(): string {
    const t = this.json.tokens[this.idx];
    this.textRead = true;
    return t ? t.text : '';
  }

  column(): number {
    const t = this.json.tokens[this.idx];
    if (!t) return this.json.text.length + 1;
    return this.textRead ? t.columnAfterText : t.column;
  }

  /** The compact JSON from the token at `from` to the current one. */
  sliceFrom(from: Token): string {
    const t = this.json.tokens[this.idx];
    return this.json.text.slice(from.start, t ? t.end : this.json.text.length);
  }

  /** "message\n at [Source: (String)"…"; line: 1, column: N]" */
  located(message: string): string {
    const src = this.json.text;
    const snippet = src.length > SNIPPET_MAX ? `"${src.slice(0, SNIPPET_MAX)}"[truncated ${src.length - SNIPPET_MAX} chars]` : `"${src}"`;
    return `${message}\n at [Source: (String)${snippet}; line: 1, column: ${this.column()}]`;
  }

  barf(message: string): never {
    throw new RuleSyntaxError(this.located(message));
  }
}

const arg = (message: string): never => {
  throw new RuleArgumentError(message);
};

// ---------------------------------------------------------------------------------------------
// Values of numeric expressions

function keyOrFail(d: number): number {
  const k = numericKey(d);
  return Number.isNaN(k) ? arg(NUMERIC_RANGE_MESSAGE) : k;
}

/** Checked in the engine's order: bottom below top, then each bound within ±10^9. */
function makeRange(low: number, lowOpen: boolean, high: number, highOpen: boolean): ValuePattern {
  if (low >= high) arg('Bottom must be less than top');
  return numericRange('', keyOrFail(low), lowOpen, keyOrFail(high), highOpen);
}

// ---------------------------------------------------------------------------------------------
// CIDR blocks, with the engine's messages (these carry no location)

function javaSplitSlash(s: string): string[] {
  const parts = s.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function parseJavaInt(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

function ipBytesOrFail(ip: string): number[] {
  if (!looksLikeIp(ip)) return arg(`Nonstandard IP address: ${ip}`);
  return parseIp(ip) ?? arg(`Invalid IP address: ${ip}`);
}

function compileCidr(text: string, label: string): ValuePattern {
  const parts = javaSplitSlash(text);
  if (parts.length !== 2) arg("Malformed CIDR, one '/' required");
  const mask = parseJavaInt(parts[1]!);
  if (mask === undefined) return arg('Malformed CIDR, mask bits must be an integer');
  if (mask < 0) arg('Malformed CIDR, mask bits must not be negative');
  const base = ipBytesOrFail(parts[0]!);
  if (base.length === 4 && mask > 31) arg('IPv4 mask bits must be < 32');
  if (base.length === 16 && mask > 127) arg('IPv6 mask bits must be < 128');
  return cidr(label, cidrRange(base, mask));
}

// ---------------------------------------------------------------------------------------------
// Wildcards: '*' runs, "\*" and "\\" escapes; positions are byte offsets in the quoted text

function wildcardProblem(text: string): string | undefined {
  const bytes = Buffer.from(`"${text}"`, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2a) {
      if (bytes[i + 1] === 0x2a) return `Consecutive wildcard characters at pos ${i}`;
    } else if (bytes[i] === 0x5c) {
      const next = bytes[i + 1];
      if (next !== 0x2a && next !== 0x5c) return `Invalid escape character at pos ${i}`;
      i++;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

class RuleCompiler {
  private readonly r: TokenReader;

  constructor(json: CompactJson, private readonly orAware: boolean) {
    this.r = new TokenReader(json);
  }

  compile(): Branch[] {
    if (this.r.next()?.type !== 'START_OBJECT') this.r.barf('Filter is not an object');
    const rules: Branch[] = this.orAware ? [] : [new Map()];
    this.parseObject(rules, [], false);
    return rules;
  }

  private parseObject(rules: Branch[], path: string[], insideOr: boolean): void {
    let fields = false;
    for (let t = this.r.next(); t && t.type !== 'END_OBJECT'; t = this.r.next()) {
      fields = true;
      const name = t.text;
      if (this.orAware && name === '$or') {
        this.parseOr(rules, path);
        continue;
      }
      if (this.orAware && insideOr && RESERVED_IN_OR.has(name)) {
        this.r.barf(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      const value = this.r.next();
      if (value?.type === 'START_OBJECT') {
        this.parseObject(rules, [...path, name], insideOr);
      } else if (value?.type === 'START_ARRAY') {
        this.writeRules(rules, [...path, name], value);
      } else {
        this.r.barf(`"${name}" must be an object or an array`);
      }
    }
    if (!fields) this.r.barf('Empty objects are not allowed');
  }

  private parseOr(rules: Branch[], path: string[]): void {
    const before = rules.map((rule) => new Map(rule));
    rules.length = 0;
    if (this.r.next()?.type !== 'START_ARRAY') this.r.barf('It must be an Array followed with $or.');
    let count = 0;
    for (let t = this.r.next(); t && t.type !== 'END_ARRAY'; t = this.r.next()) {
      count++;
      if (t.type !== 'START_OBJECT') this.r.barf('Only JSON object is allowed in array of $or relationship.');
      const alternative = before.length > 0 ? before.map((rule) => new Map(rule)) : [new Map()];
      this.parseObject(alternative, path, true);
      rules.push(...alternative);
    }
    if (count < 2) this.r.barf('There must have at least 2 Objects in $or relationship.');
  }

  private writeRules(rules: Branch[], path: string[], start: Token): void {
    const patterns: ValuePattern[] = [];
    let existsTrue = false;
    let allowAbsent = false;
    let count = 0;
    for (let t = this.r.next(); t && t.type !== 'END_ARRAY'; t = this.r.next()) {
      count++;
      if (t.type === 'START_OBJECT') {
        const m = this.matchExpression(t);
        if ('pattern' in m) patterns.push(m.pattern);
        else if (m.exists) existsTrue = true;
        else allowAbsent = true;
      } else {
        patterns.push(this.plainValue(t));
      }
    }
    if (count === 0) this.r.barf('Empty arrays are not allowed');
    const condition: Condition = {
      path: path.join('.'),
      depth: path.length,
      count,
      patterns,
      existsTrue,
      allowAbsent,
      json: this.r.sliceFrom(start),
    };
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(condition.path, condition);
  }

  private plainValue(t: Token): ValuePattern {
    switch (t.type) {
      case 'VALUE_STRING': {
        const s = this.r.text();
        const ip = looksLikeIp(s) ? parseIp(s) : undefined;
        return ip ? exactIp(s, ip) : exactString(s);
      }
      case 'VALUE_NUMBER_INT':
      case 'VALUE_NUMBER_FLOAT':
        return exactNumber(t.text, numericKey(Number(t.text)));
      case 'VALUE_TRUE':
        return exactLiteral(VT.True);
      case 'VALUE_FALSE':
        return exactLiteral(VT.False);
      case 'VALUE_NULL':
        return exactLiteral(VT.Null);
      default:
        return this.r.barf('Match value must be String, number, true, false, or null');
    }
  }

  private expectEnd(message: string): void {
    if (this.r.next()?.type !== 'END_OBJECT') this.r.barf(message);
  }

  private stringOperand(message: string): string {
    if (this.r.next()?.type !== 'VALUE_STRING') this.r.barf(message);
    return this.r.text();
  }

  private matchExpression(start: Token): MatchResult {
    const nameToken = this.r.next();
    if (nameToken?.type !== 'FIELD_NAME') this.r.barf('Match expression name not found');
    const build = (make: () => ValuePattern): MatchResult => {
      const p = make();
      return { pattern: { ...p, label: this.r.sliceFrom(start) } };
    };
    switch (nameToken.text) {
      case 'exactly':
        return build(() => this.simple('exact', exactString));
      case 'prefix':
        return build(() => this.prefixOrSuffix('prefix'));
      case 'suffix':
        return build(() => this.prefixOrSuffix('suffix'));
      case 'equals-ignore-case':
        return build(() => this.simple('equals-ignore-case', equalsIgnoreCase));
      case 'wildcard':
        return build(() => this.wildcardExpression());
      case 'numeric':
        return build(() => this.numericExpression());
      case 'anything-but':
        return build(() => this.anythingBut());
      case 'exists':
        return this.exists();
      case 'cidr':
        return build(() => this.cidrExpression());
      default:
        return this.r.barf(`Unrecognized match type ${nameToken.text}`);
    }
  }

  private simple(name: string, make: (s: string) => ValuePattern): ValuePattern {
    const s = this.stringOperand(`${name} match pattern must be a string`);
    this.expectEnd('Only one key allowed in match expression');
    return make(s);
  }

  private prefixOrSuffix(kind: 'prefix' | 'suffix'): ValuePattern {
    const t = this.r.next();
    if (t?.type === 'START_OBJECT') return this.ignoreCaseVariant(kind);
    if (t?.type !== 'VALUE_STRING') this.r.barf(`${kind} match pattern must be a string`);
    const s = this.r.text();
    this.expectEnd('Only one key allowed in match expression');
    return kind === 'prefix' ? prefix(s) : suffix(s);
  }

  private ignoreCaseVariant(kind: 'prefix' | 'suffix'): ValuePattern {
    const title = kind === 'prefix' ? 'Prefix' : 'Suffix';
    const op = this.r.next();
    if (op?.type !== 'FIELD_NAME') this.r.barf(`${title} expression name not found`);
    if (op.text !== 'equals-ignore-case') this.r.barf(`Unsupported ${kind} pattern: ${op.text}`);
    const s = this.stringOperand('equals-ignore-case match pattern must be a string');
    this.expectEnd('Only one key allowed in match expression');
    this.expectEnd('Only one key allowed in match expression');
    return kind === 'prefix' ? prefixIgnoreCase(s) : suffixIgnoreCase(s);
  }

  private wildcardExpression(): ValuePattern {
    const s = this.stringOperand('wildcard match pattern must be a string');
    const problem = wildcardProblem(s);
    if (problem) this.r.barf(problem);
    this.expectEnd('Only one key allowed in match expression');
    return wildcard(s);
  }

  private cidrExpression(): ValuePattern {
    const s = this.stringOperand('prefix match pattern must be a string');
    const p = compileCidr(s, '');
    this.expectEnd('Only one key allowed in match expression');
    return p;
  }

  private exists(): MatchResult {
    const t = this.r.next();
    if (t?.type !== 'VALUE_TRUE' && t?.type !== 'VALUE_FALSE') this.r.barf('exists match pattern must be either true or false.');
    this.expectEnd('Only one key allowed in match expression');
    return { exists: t.type === 'VALUE_TRUE' };
  }

  // numeric ---------------------------------------------------------------------------------

  private numericExpression(): ValuePattern {
    if (this.r.next()?.type !== 'START_ARRAY') this.r.barf('Value of numeric must be an array.');
    const p = this.numericTerms();
    if (this.r.next()?.type !== 'END_OBJECT') this.r.barf('Too many elements in numeric expression');
    return p;
  }

  private numericTerms(): ValuePattern {
    const first = this.r.next();
    if (first?.type !== 'VALUE_STRING') this.r.barf(`Invalid member in numeric match: ${this.r.text()}`);
    const op = this.r.text();
    const operand = this.r.next();
    try {
      return this.numericOperator(op, operand);
    } catch (e) {
      if (e instanceof RuleArgumentError) this.r.barf(e.message);
      throw e;
    }
  }

  private numericOperator(op: string, operand: Token | undefined): ValuePattern {
    const requireNumber = (name: string): number => {
      if (!isNumeric(operand)) this.r.barf(`Value of ${name} must be numeric`);
      return Number(operand!.text);
    };
    switch (op) {
      case '=': {
        const v = requireNumber('equals');
        if (this.r.next()?.type !== 'END_ARRAY') this.r.barf('Too many elements in numeric expression');
        return numericEquals('', keyOrFail(v));
      }
      case '>=':
      case '>': {
        const low = requireNumber(op);
        const t = this.r.next();
        if (t?.type === 'END_ARRAY') return makeRange(low, op === '>', NUMERIC_LIMIT, false);
        return this.completeRange(t, low, op === '>');
      }
      case '<=':
      case '<': {
        const high = requireNumber(op);
        if (this.r.next()?.type !== 'END_ARRAY') this.r.barf('Too many elements in numeric expression');
        return makeRange(-NUMERIC_LIMIT, false, high, op === '<');
      }
      default:
        return this.r.barf(`Unrecognized numeric range operator: ${op}`);
    }
  }

  private completeRange(t: Token | undefined, low: number, lowOpen: boolean): ValuePattern {
    if (t?.type !== 'VALUE_STRING') this.r.barf(`Bad value in numeric range: ${this.r.text()}`);
    const op = this.r.text();
    if (op !== '<' && op !== '<=') this.r.barf(`Bad numeric range operator: ${op}`);
    const top = this.r.next();
    if (!isNumeric(top)) this.r.barf(`Value of ${op} must be numeric`);
    const high = Number(top!.text);
    if (this.r.next()?.type !== 'END_ARRAY') this.r.barf('Too many terms in numeric range expression');
    return makeRange(low, lowOpen, high, op === '<');
  }

  // anything-but ----------------------------------------------------------------------------

  private anythingBut(): ValuePattern {
    let t = this.r.next();
    if (t?.type !== 'START_OBJECT') return this.plainAnythingBut(t);
    const op = this.r.next();
    if (op?.type !== 'FIELD_NAME') this.r.barf('Anything-But expression name not found');
    if (!ANYTHING_BUT_OPERATORS.has(op.text)) this.r.barf(`Unsupported anything-but pattern: ${op.text}`);
    t = this.r.next();
    const texts = t?.type === 'START_ARRAY' ? this.operatorList(op.text) : [this.operatorValue(t, op.text)];
    if (op.text === 'wildcard') {
      for (const s of texts) {
        const problem = wildcardProblem(s);
        if (problem) this.r.barf(problem);
      }
    }
    this.expectEnd('Only one key allowed in match expression');
    this.expectEnd('Only one key allowed in match expression');
    return anythingButMatching('', texts.map((s) => stringPattern(op.text, s)));
  }

  private operatorValue(t: Token | undefined, op: string): string {
    if (t?.type !== 'VALUE_STRING') this.r.barf(`${op} match pattern must be a string`);
    const s = this.r.text();
    if ((op === 'prefix' || op === 'suffix') && s === '') this.r.barf('Null prefix/suffix not allowed');
    return s;
  }

  /** Element errors are reported twice over, location and all, as the engine re-wraps them. */
  private operatorList(op: string): string[] {
    const texts: string[] = [];
    for (let t = this.r.next(); t && t.type !== 'END_ARRAY'; t = this.r.next()) {
      try {
        texts.push(this.operatorValue(t, op));
      } catch (e) {
        if (e instanceof RuleSyntaxError) this.r.barf(e.message);
        throw e;
      }
    }
    return texts;
  }

  private plainAnythingBut(t: Token | undefined): ValuePattern {
    let p: ValuePattern;
    if (t?.type === 'START_ARRAY') {
      p = this.anythingButList();
    } else if (t?.type === 'VALUE_STRING') {
      p = anythingButStrings('', [this.r.text()]);
    } else if (isNumeric(t)) {
      p = anythingButNumbers('', [keyOrFail(Number(t!.text))]); // out of range: refused without location
    } else {
      return this.r.barf('Value of anything-but must be an array or single string/number value.');
    }
    if (this.r.next()?.type !== 'END_OBJECT') this.r.barf('Too many elements in numeric expression');
    return p;
  }

  private anythingButList(): ValuePattern {
    const strings: string[] = [];
    const keys: number[] = [];
    for (let t = this.r.next(); t && t.type !== 'END_ARRAY'; t = this.r.next()) {
      if (t.type === 'VALUE_STRING') {
        strings.push(this.r.text());
      } else if (isNumeric(t)) {
        const k = numericKey(Number(t.text));
        if (Number.isNaN(k)) this.r.barf(NUMERIC_RANGE_MESSAGE);
        keys.push(k);
      } else {
        this.r.barf(this.r.located('Inside anything but list, start|null|boolean is not supported.'));
      }
    }
    if ((strings.length > 0) === (keys.length > 0)) {
      this.r.barf('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    return keys.length > 0 ? anythingButNumbers('', keys) : anythingButStrings('', strings);
  }
}

function stringPattern(op: string, s: string): ValuePattern {
  switch (op) {
    case 'prefix':
      return prefix(s);
    case 'suffix':
      return suffix(s);
    case 'equals-ignore-case':
      return equalsIgnoreCase(s);
    default:
      return wildcard(s);
  }
}

/**
 * Compiles the compact policy into its branches ($or alternatives), or throws RuleSyntaxError /
 * RuleArgumentError with the engine's message.
 */
export function compileRules(json: CompactJson): Branch[] {
  try {
    return new RuleCompiler(json, true).compile();
  } catch (e) {
    if (!(e instanceof RuleSyntaxError)) throw e;
  }
  return new RuleCompiler(json, false).compile();
}

/** Points of one key under the documented wildcard rules, and its most wildcards in a pattern. */
export function wildcardCost(c: Condition): { points: number; maxWildcards: number } {
  if (!c.patterns.some((p) => p.wildcards > 0)) return { points: 0, maxWildcards: 0 };
  let sum = 0;
  let maxWildcards = 0;
  for (const p of c.patterns) {
    sum += p.wildcards > 0 ? p.wildcards : p.anythingBut ? 1 : 0;
    maxWildcards = Math.max(maxWildcards, p.wildcardCount);
  }
  return { points: sum * c.count, maxWildcards };
}

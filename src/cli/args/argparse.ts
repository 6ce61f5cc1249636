/**
 * The parts of Python's argparse the AWS CLI's behaviour rests on, reproduced so that
 * awsmsg accepts, rejects and words argv as `aws` does: option prefixes (`--queue-u` for
 * `--queue-url`), `--opt=value`, values that look like options, negative numbers, `--`,
 * nargs ?, *, +, a value-less flag, the order errors are found in, and argparse's messages
 * ("argument --x: expected one argument", "the following arguments are required: ...").
 */
import { pyRepr } from './python.js';

/** An argparse error: the message argparse builds ("argument --x: ..."). */
export class ArgParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgParseError';
  }
}

/** Raised when `--version` is met (argparse prints the version and exits 0 there). */
export class VersionRequested extends Error {
  constructor() {
    super('version');
    this.name = 'VersionRequested';
  }
}

export type Nargs = undefined | '?' | '*' | '+' | 0;

/** Converts one string, returning undefined when it is not valid (argparse's type=). */
export interface ArgType {
  name: string;
  convert: (s: string) => unknown;
}

export interface OptionSpec {
  /** e.g. "--queue-url" */
  flag: string;
  dest: string;
  action?: 'store' | 'store_true' | 'store_false' | 'version';
  nargs?: Nargs;
  const?: unknown;
  default?: unknown;
  type?: ArgType;
  choices?: readonly string[];
  required?: boolean;
}

export interface PositionalSpec {
  dest: string;
  nargs?: Nargs;
  choices?: readonly string[];
}

export interface ParserSpec {
  options: OptionSpec[];
  positionals: PositionalSpec[];
}

export interface ParseResult {
  values: Record<string, unknown>;
  extras: string[];
  /** indices of args taken by known options (the flags and their values) */
  consumed: Set<number>;
}

type Action = (OptionSpec & { positional: false }) | (PositionalSpec & { positional: true; flag?: undefined });
type OptionTuple = [Action | null, string, string | null];

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

function nargsPattern(action: Action): string {
  const nargs = effectiveNargs(action);
  let p: string;
  if (nargs === undefined) p = '(-*A-*)';
  else if (nargs === '?') p = '(-*A?-*)';
  else if (nargs === '*') p = '(-*[A-]*)';
  else if (nargs === '+') p = '(-*A[A-]*)';
  else p = '(-*-*)';
  if (!action.positional) p = p.replace(/-\*/g, '').replace(/-/g, '');
  return p;
}

function effectiveNargs(action: Action): Nargs {
  if (!action.positional && (action.action === 'store_true' || action.action === 'store_false' || action.action === 'version')) return 0;
  return action.nargs;
}

function actionName(action: Action): string {
  return action.positional ? action.dest : action.flag;
}

function argError(action: Action, msg: string): ArgParseError {
  return new ArgParseError(`argument ${actionName(action)}: ${msg}`);
}

/** argparse's parse_known_args over a spec; throws ArgParseError or VersionRequested. */
export function parseKnownArgs(spec: ParserSpec, args: readonly string[]): ParseResult {
  const byFlag = new Map<string, Action>();
  for (const o of spec.options) byFlag.set(o.flag, { ...o, positional: false });
  const values: Record<string, unknown> = {};
  const all: Action[] = [...byFlag.values(), ...spec.positionals.map((p) => ({ ...p, positional: true as const }))];
  for (const a of all) if (!(a.dest in values)) values[a.dest] = a.positional ? undefined : a.default;

  const optionIndices = new Map<number, OptionTuple>();
  const pattern: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      pattern.push('-');
      for (i++; i < args.length; i++) pattern.push('A');
      break;
    }
    const tuple = parseOptional(byFlag, arg);
    if (tuple === null) pattern.push('A');
    else {
      optionIndices.set(i, tuple);
      pattern.push('O');
    }
  }
  const argPattern = pattern.join('');

  const seen = new Set<Action>();
  const extras: string[] = [];
  const consumed = new Set<number>();
  let positionals = all.filter((a) => a.positional);

  const takeAction = (action: Action, strings: string[]): void => {
    seen.add(action);
    if (!action.positional && action.action === 'version') throw new VersionRequested();
    values[action.dest] = getValues(action, strings);
  };

  const consumeOptional = (start: number): number => {
    const [action, optionString, explicit] = optionIndices.get(start)!;
    if (action === null) {
      extras.push(args[start]!);
      return start + 1;
    }
    consumed.add(start);
    if (explicit !== null) {
      const count = matchArgument(action, 'A');
      if (count === 1) {
        takeAction(action, [explicit]);
        return start + 1;
      }
      throw argError(action, `ignored explicit argument ${pyRepr(explicit)}`);
    }
    const begin = start + 1;
    const count = matchArgument(action, argPattern.slice(begin));
    void optionString;
    for (let i = begin; i < begin + count; i++) consumed.add(i);
    takeAction(action, args.slice(begin, begin + count));
    return begin + count;
  };

  const consumePositionals = (start: number): number => {
    const counts = matchPartial(positionals, argPattern.slice(start));
    counts.forEach((count, i) => {
      takeAction(positionals[i]!, args.slice(start, start + count));
      start += count;
    });
    positionals = positionals.slice(counts.length);
    return start;
  };

  let start = 0;
  const maxOption = optionIndices.size ? Math.max(...optionIndices.keys()) : -1;
  while (start <= maxOption) {
    const nextOption = Math.min(...[...optionIndices.keys()].filter((i) => i >= start));
    if (start !== nextOption) {
      const end = consumePositionals(start);
      if (end > start) {
        start = end;
        continue;
      }
      start = end;
    }
    if (!optionIndices.has(start)) {
      extras.push(...args.slice(start, nextOption));
      start = nextOption;
    }
    start = consumeOptional(start);
  }
  const stop = consumePositionals(start);
  extras.push(...args.slice(stop));

  const missing = all.filter((a) => !seen.has(a) && !a.positional && a.required).map(actionName);
  const missingPositional = all.filter((a) => a.positional && !seen.has(a) && isRequiredPositional(a)).map(actionName);
  const required = [...missing, ...missingPositional];
  // argparse lists them in the order the arguments were added: options first here, as the
  // parsers that use this add positionals last.
  if (required.length) throw new ArgParseError(`the following arguments are required: ${required.join(', ')}`);
  return { values, extras, consumed };
}

function isRequiredPositional(a: Action): boolean {
  const n = effectiveNargs(a);
  return n !== '?' && n !== '*';
}

function parseOptional(byFlag: Map<string, Action>, arg: string): OptionTuple | null {
  if (!arg || arg[0] !== '-') return null;
  const exact = byFlag.get(arg);
  if (exact) return [exact, arg, null];
  if (arg.length === 1) return null;
  if (arg.includes('=')) {
    const eq = arg.indexOf('=');
    const action = byFlag.get(arg.slice(0, eq));
    if (action) return [action, arg.slice(0, eq), arg.slice(eq + 1)];
  }
  const tuples = optionTuples(byFlag, arg);
  if (tuples.length > 1) {
    const matches = tuples.map((t) => t[1]).join(', ');
    throw new ArgParseError(`ambiguous option: ${arg} could match ${matches}`);
  }
  if (tuples.length === 1) return tuples[0]!;
  if (NEGATIVE_NUMBER.test(arg)) return null;
  if (arg.includes(' ')) return null;
  return [null, arg, null];
}

/** Options this argument abbreviates (argparse allow_abbrev); every flag here is "--x". */
function optionTuples(byFlag: Map<string, Action>, arg: string): OptionTuple[] {
  const out: OptionTuple[] = [];
  if (arg[1] === '-') {
    const eq = arg.indexOf('=');
    const prefix = eq === -1 ? arg : arg.slice(0, eq);
    const explicit = eq === -1 ? null : arg.slice(eq + 1);
    for (const [flag, action] of byFlag) if (flag.startsWith(prefix)) out.push([action, flag, explicit]);
  } else {
    for (const [flag, action] of byFlag) if (flag.startsWith(arg)) out.push([action, flag, null]);
  }
  return out;
}

function matchArgument(action: Action, pattern: string): number {
  const m = new RegExp('^' + nargsPattern(action)).exec(pattern);
  if (m) return m[1]!.length;
  const nargs = effectiveNargs(action);
  if (nargs === undefined) throw argError(action, 'expected one argument');
  if (nargs === '?') throw argError(action, 'expected at most one argument');
  if (nargs === '+') throw argError(action, 'expected at least one argument');
  throw argError(action, `expected ${String(nargs)} arguments`);
}

function matchPartial(actions: Action[], pattern: string): number[] {
  for (let i = actions.length; i > 0; i--) {
    const re = new RegExp('^' + actions.slice(0, i).map(nargsPattern).join(''));
    const m = re.exec(pattern);
    if (m) return m.slice(1).map((g) => (g ?? '').length);
  }
  return [];
}

function getValues(action: Action, strings: string[]): unknown {
  const dd = strings.indexOf('--');
  if (dd !== -1) strings = [...strings.slice(0, dd), ...strings.slice(dd + 1)];
  if (!action.positional && (action.action === 'store_true' || action.action === 'store_false')) {
    return action.action === 'store_true';
  }
  const nargs = effectiveNargs(action);
  if (strings.length === 0 && nargs === '?') {
    const value = action.positional ? undefined : action.const;
    if (typeof value === 'string') checkChoice(action, convert(action, value));
    return value;
  }
  if (strings.length === 1 && (nargs === undefined || nargs === '?')) {
    const value = convert(action, strings[0]!);
    checkChoice(action, value);
    return value;
  }
  const list = strings.map((s) => convert(action, s));
  for (const v of list) checkChoice(action, v);
  return list;
}

function convert(action: Action, s: string): unknown {
  if (action.positional || !action.type) return s;
  const v = action.type.convert(s);
  if (v === undefined) throw argError(action, `invalid ${action.type.name} value: ${pyRepr(s)}`);
  return v;
}

function checkChoice(action: Action, value: unknown): void {
  const choices = action.choices;
  if (!choices || choices.includes(value as string)) return;
  throw argError(action, invalidChoiceMessage(String(value), choices));
}

/** The AWS CLI's wording for a value outside an argument's choices (after "argument X: "). */
export function invalidChoiceMessage(value: string, choices: readonly string[]): string {
  const msg = [`Found invalid choice '${value}'\n`];
  const possible = getCloseMatches(value, choices);
  if (possible.length) msg.push('Maybe you meant:\n', ...possible.map((w) => `  * ${w}`));
  return msg.join('\n');
}

/** difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8). */
export function getCloseMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.8): string[] {
  const scored: [number, string][] = [];
  for (const x of possibilities) {
    const r = ratio(x, word);
    if (r >= cutoff) scored.push([r, x]);
  }
  scored.sort((p, q) => q[0] - p[0] || (q[1] < p[1] ? -1 : q[1] > p[1] ? 1 : 0));
  return scored.slice(0, n).map(([, x]) => x);
}

/** SequenceMatcher(None, a, b).ratio() (b is short, so no autojunk). */
function ratio(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  const total = A.length + B.length;
  if (total === 0) return 1;
  const b2j = new Map<string, number[]>();
  B.forEach((ch, j) => {
    const list = b2j.get(ch) ?? [];
    list.push(j);
    b2j.set(ch, list);
  });
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(A[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    return [besti, bestj, bestsize];
  };
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, A.length, 0, B.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      matches += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  return (2 * matches) / total;
}

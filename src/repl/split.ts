/**
 * Shell-like word splitting for the REPL, scripts and tutorials: the subset of POSIX sh that
 * command lines for `aws` use — blanks between words, 'single' and "double" quotes, backslash
 * escapes and line continuations, `#` comments, $NAME / ${NAME} expansion and, when asked,
 * $(command) substitution, $? and field splitting of unquoted expansions. Pipes, lists and
 * loops are the shell's grammar (parse.ts): here those characters are ordinary. No globbing.
 */

export class SplitError extends Error {
  /** 'quote': a quote is still open at the end; 'escape': the text ends in a backslash */
  readonly reason: 'quote' | 'escape';
  constructor(reason: 'quote' | 'escape', message: string) {
    super(message);
    this.name = 'SplitError';
    this.reason = reason;
  }
}

/** Looks a variable up; undefined expands to nothing, as in sh. */
export type VarLookup = (name: string) => string | undefined;

export interface ScanOptions {
  /** when absent, `$` is an ordinary character */
  vars?: VarLookup;
  /**
   * The output of the command substitution `$(inner)` that starts at `start` in the text
   * (the shell runs them before splitting); when absent, `$(` is ordinary text.
   */
  subst?: (inner: string, start: number) => string;
  /** the value of `$?`; when absent, `$?` is ordinary text */
  lastStatus?: number;
  /** split the results of unquoted expansions at blanks, as sh does (no globbing) */
  fieldSplit?: boolean;
}

/** The line as the scanner left it at its end: for completion. */
export interface ScanState {
  /** finished words */
  words: string[];
  /** the word being typed at the end (its unquoted value; '' when the line ends in a blank) */
  current: string;
  /** offset in the line where the current word starts */
  currentStart: number;
  /** the quote still open at the end, if any */
  openQuote?: "'" | '"';
  /** the line ends in a backslash (an escape waiting for its character) */
  openEscape: boolean;
  /** the line ends inside a comment */
  inComment: boolean;
}

const BLANK = /[ \t\r\n]/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
// Inside double quotes a backslash escapes only these, as in sh.
const DQ_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

/** Scans a whole line; never throws. */
export function scan(line: string, opts: ScanOptions = {}): ScanState {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  // a word made only of expansions that came out empty is no word at all, as in sh
  let solid = false;
  let start = line.length;
  let quote: "'" | '"' | undefined;
  let i = 0;
  const begin = (at: number, literal = true) => {
    if (!inWord) {
      inWord = true;
      start = at;
    }
    if (literal) solid = true;
  };
  const blank = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n';
  /** Appends an expansion's value; unquoted and field splitting: blanks end the word. */
  const append = (value: string, quoted: boolean) => {
    if (quoted || !opts.fieldSplit) {
      word += value;
      return;
    }
    for (const ch of value) {
      if (blank(ch)) {
        if (inWord && (solid || word !== '')) words.push(word);
        word = '';
        inWord = false;
        solid = false;
      } else {
        begin(i);
        word += ch;
      }
    }
  };
  const expand = (quoted: boolean): boolean => {
    // at line[i] === '$'; returns true when it consumed an expansion
    const next = line[i + 1];
    if (next === '(' && opts.subst) {
      const end = skipSubstitution(line, i);
      if (end < 0) return false;
      const at = i;
      i = end;
      append(opts.subst(line.slice(at + 2, end - 1), at), quoted);
      return true;
    }
    if (next === '?' && opts.lastStatus !== undefined) {
      i += 2;
      append(String(opts.lastStatus), quoted);
      return true;
    }
    if (next === '{' && line.startsWith('${?}', i) && opts.lastStatus !== undefined) {
      i += 4;
      append(String(opts.lastStatus), quoted);
      return true;
    }
    if (!opts.vars) return false;
    if (next === '{') {
      const close = line.indexOf('}', i + 2);
      const name = close < 0 ? '' : line.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
      i = close + 1;
      append(opts.vars(name) ?? '', quoted);
      return true;
    }
    if (next === undefined || !NAME_START.test(next)) return false;
    let j = i + 1;
    while (j < line.length && NAME_CHAR.test(line[j]!)) j++;
    const name = line.slice(i + 1, j);
    i = j;
    append(opts.vars(name) ?? '', quoted);
    return true;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') {
        quote = undefined;
        i++;
      } else if (c === '\\' && i + 1 < line.length && DQ_ESCAPABLE.has(line[i + 1]!)) {
        if (line[i + 1] !== '\n') word += line[i + 1];
        i += 2;
      } else if (c === '\\' && i + 1 >= line.length) {
        return { words, current: word, currentStart: start, openQuote: quote, openEscape: true, inComment: false };
      } else if (c === '$' && expand(true)) {
        // expanded
      } else {
        word += c;
        i++;
      }
      continue;
    }
    if (BLANK.test(c)) {
      if (inWord && (solid || word !== '')) words.push(word);
      word = '';
      inWord = false;
      solid = false;
      start = line.length;
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      if (nl < 0) return { words, current: '', currentStart: line.length, openEscape: false, inComment: true };
      i = nl;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= line.length) {
        begin(i);
        return { words, current: word, currentStart: start, openEscape: true, inComment: false };
      }
      if (line[i + 1] === '\n') {
        i += 2; // line continuation
        continue;
      }
      begin(i);
      word += line[i + 1];
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      begin(i);
      quote = c;
      i++;
      continue;
    }
    if (c === '$') {
      begin(i, false);
      if (expand(false)) continue;
      solid = true;
    }
    begin(i);
    word += c;
    i++;
  }
  const current = inWord && (solid || word !== '');
  return {
    words,
    current: current ? word : '',
    currentStart: current ? start : line.length,
    openQuote: quote,
    openEscape: false,
    inComment: false,
  };
}

/** Splits a complete command line into words; throws SplitError when a quote or escape is left open. */
export function splitLine(line: string, opts: ScanOptions = {}): string[] {
  const s = scan(line, opts);
  if (s.openQuote) throw new SplitError('quote', `unterminated ${s.openQuote === "'" ? 'single' : 'double'} quote`);
  if (s.openEscape) throw new SplitError('escape', 'the line ends with a backslash');
  const words = [...s.words];
  if (s.currentStart < line.length || s.current !== '') words.push(s.current);
  return words;
}

/** Whether the text needs more lines before it is a whole command (open quote or trailing backslash). */
export function needsMore(text: string): boolean {
  const s = scan(text);
  return s.openQuote !== undefined || s.openEscape;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word so that splitLine gives it back unchanged (single quotes unless it is safe bare). */
export function quoteWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line that splits back into exactly these words. */
export const joinWords = (words: readonly string[]): string => words.map(quoteWord).join(' ');

/**
 * Where the command substitution `$(...)` that starts at `at` (the `$`) ends: the index after
 * its `)`, or -1 when the text ends first. Quotes, escapes and nested substitutions inside
 * are skipped as sh skips them.
 */
export function skipSubstitution(text: string, at: number): number {
  let depth = 1;
  let j = at + 2;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (c === "'") {
      const close = text.indexOf("'", j + 1);
      if (close < 0) return -1;
      j = close + 1;
    } else if (c === '"') {
      j = skipDoubleQuoted(text, j);
      if (j < 0) return -1;
    } else if (c === '$' && text[j + 1] === '(') {
      j = skipSubstitution(text, j);
      if (j < 0) return -1;
    } else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return -1;
}

/** Where the double-quoted string that opens at `at` ends (the index after its `"`), or -1. */
export function skipDoubleQuoted(text: string, at: number): number {
  let j = at + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if (c === '$' && text[j + 1] === '(') {
      j = skipSubstitution(text, j);
      if (j < 0) return -1;
    } else j++;
  }
  return -1;
}

/** The command substitutions `$(...)` of a word, outermost only, in order (not those in single quotes). */
export function substitutions(text: string): { start: number; inner: string }[] {
  const out: { start: number; inner: string }[] = [];
  let quoted = false;
  let j = 0;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (c === "'" && !quoted) {
      const close = text.indexOf("'", j + 1);
      j = close < 0 ? text.length : close + 1;
    } else if (c === '"') {
      quoted = !quoted;
      j++;
    } else if (c === '$' && text[j + 1] === '(') {
      const end = skipSubstitution(text, j);
      if (end < 0) break;
      out.push({ start: j, inner: text.slice(j + 2, end - 1) });
      j = end;
    } else j++;
  }
  return out;
}

/**
 * Shell-like word splitting for the REPL, scripts and tutorials: the subset of POSIX sh that
 * command lines for `aws` use — blanks between words, 'single' and "double" quotes, backslash
 * escapes and line continuations, `#` comments, and $NAME / ${NAME} expansion. No pipes,
 * redirections, globbing or command substitution: those characters are ordinary.
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
  const expand = (): boolean => {
    // at line[i] === '$'; returns true when it consumed a variable reference
    if (!opts.vars) return false;
    const next = line[i + 1];
    if (next === '{') {
      const close = line.indexOf('}', i + 2);
      const name = close < 0 ? '' : line.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
      word += opts.vars(name) ?? '';
      i = close + 1;
      return true;
    }
    if (next === undefined || !NAME_START.test(next)) return false;
    let j = i + 1;
    while (j < line.length && NAME_CHAR.test(line[j]!)) j++;
    word += opts.vars(line.slice(i + 1, j)) ?? '';
    i = j;
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
      } else if (c === '$' && expand()) {
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
      if (expand()) continue;
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

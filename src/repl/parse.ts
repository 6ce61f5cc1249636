/**
 * The shell's grammar: the part of POSIX sh that walk-throughs and learners type — commands
 * separated by `;`, newlines, `&&` and `||`; pipelines with `|` and `!`; redirections;
 * `NAME=value` assignments; and `for NAME in WORDS; do ...; done`. Words stay as typed (their
 * raw text and place in the line): they are expanded when they run (split.ts), since a loop
 * or an earlier command changes the variables they name. Anything else sh has (if, while,
 * case, subshells, background jobs, here-documents) is refused with a clear message.
 */
import { skipDoubleQuoted, skipSubstitution } from './split.js';

export interface Word {
  raw: string;
  start: number;
  end: number;
}

export interface Redirect {
  /** the operator as typed, with its file descriptor number if any: `>`, `2>`, `>>`, `2>&1`'s `>&` */
  start: number;
  end: number;
}

export interface SimpleCommand {
  kind: 'simple';
  assigns: Word[];
  words: Word[];
  redirects: Redirect[];
  start: number;
  end: number;
}

export interface ForCommand {
  kind: 'for';
  name: string;
  /** undefined: `for NAME; do` (the positional parameters, of which the shell has none) */
  items?: Word[];
  body: List;
  start: number;
  end: number;
}

export type Command = SimpleCommand | ForCommand;

export interface Pipeline {
  bang: boolean;
  commands: Command[];
  /** where each `|` is */
  pipes: number[];
  start: number;
  end: number;
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export type List = AndOr[];

export type Parsed =
  | { kind: 'ok'; list: List }
  | { kind: 'incomplete'; reason: string }
  | { kind: 'error'; message: string };

type Token = { kind: 'word'; raw: string; start: number; end: number } | { kind: 'op'; op: string; start: number; end: number };

class Incomplete extends Error {}
class SyntaxError_ extends Error {}

const OPERATORS = ['&&', '||', ';;', '>>', '<<', '>&', '<&', '>|', '&>', '<>', ';', '&', '|', '<', '>', '(', ')'];
const OP_START = new Set(';&|<>()');
const REDIRECTIONS = new Set(['>', '>>', '<', '>&', '<&', '>|', '&>', '<>']);
const UNSUPPORTED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'case', 'esac', '{', '}', 'function', 'select', '[[']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (c === '\\' && i + 1 === src.length) {
      throw new Incomplete('the line ends with a backslash');
    } else if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i, end: i + 1 });
      i++;
    } else if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (OP_START.has(c)) {
      const op = OPERATORS.find((o) => src.startsWith(o, i))!;
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
    } else {
      const start = i;
      i = wordEnd(src, i);
      const raw = src.slice(start, i);
      // `2>` : a number right before a redirection is its file descriptor
      if (/^\d+$/.test(raw) && (src[i] === '>' || src[i] === '<')) {
        const op = OPERATORS.find((o) => src.startsWith(o, i))!;
        tokens.push({ kind: 'op', op: `${raw}${op}`, start, end: i + op.length });
        i += op.length;
      } else tokens.push({ kind: 'word', raw, start, end: i });
    }
  }
  return tokens;
}

/** The end of the word that starts at `i`: quotes, escapes and substitutions are part of it. */
function wordEnd(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || OP_START.has(c)) return i;
    if (c === '\\') {
      if (i + 1 === src.length) throw new Incomplete('the line ends with a backslash');
      i += 2;
    } else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) throw new Incomplete('unterminated single quote');
      i = close + 1;
    } else if (c === '"') {
      i = skipDoubleQuoted(src, i);
      if (i < 0) throw new Incomplete('unterminated double quote');
    } else if (c === '$' && src[i + 1] === '(') {
      i = skipSubstitution(src, i);
      if (i < 0) throw new Incomplete('unterminated $( ... )');
    } else if (c === '$' && src[i + 1] === '{') {
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new Incomplete('unterminated ${ ... }');
      i = close + 1;
    } else i++;
  }
  return i;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }

  private isWord(raw: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.raw === raw;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.at++;
  }

  /** Commands up to the end, or up to one of the stop words in command position. */
  list(stop: ReadonlySet<string>): List {
    const items: List = [];
    this.skipNewlines();
    while (this.peek() && !this.atStop(stop)) {
      items.push(this.andOr());
      const t = this.peek();
      if (!t || this.atStop(stop)) break;
      if (t.kind === 'op' && (t.op === ';' || t.op === '\n')) {
        this.at++;
        this.skipNewlines();
        continue;
      }
      if (t.kind === 'op' && t.op === '&') throw new SyntaxError_('running a command in the background (&) is not supported here');
      throw this.unexpected(t);
    }
    return items;
  }

  private atStop(stop: ReadonlySet<string>): boolean {
    const t = this.peek();
    return t?.kind === 'word' && stop.has(t.raw);
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.at++;
      this.skipNewlines();
      if (!this.peek()) throw new Incomplete(`a command must follow ${t.op}`);
      rest.push({ op: t.op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    const bang = this.isWord('!');
    if (bang) this.at++;
    const commands = [this.command()];
    const pipes: number[] = [];
    while (this.isOp('|')) {
      pipes.push(this.peek()!.start);
      this.at++;
      this.skipNewlines();
      if (!this.peek()) throw new Incomplete('a command must follow |');
      commands.push(this.command());
    }
    return { bang, commands, pipes, start: commands[0]!.start, end: commands.at(-1)!.end };
  }

  private command(): Command {
    const t = this.peek();
    if (!t) throw new Incomplete('a command is missing');
    if (t.kind === 'word') {
      if (t.raw === 'for') return this.forClause();
      if (UNSUPPORTED_WORDS.has(t.raw)) throw new SyntaxError_(`'${t.raw}' is not supported here (the shell knows ;, &&, ||, |, redirections and for loops)`);
      if (t.raw === 'do' || t.raw === 'done' || t.raw === 'in') throw this.unexpected(t);
    } else if (t.op === '(' || t.op === ')') {
      throw new SyntaxError_('subshells ( ... ) are not supported here');
    }
    return this.simple();
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: 'simple', assigns: [], words: [], redirects: [], start: this.peek()!.start, end: this.peek()!.start };
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'word') {
        const w = { raw: t.raw, start: t.start, end: t.end };
        if (cmd.words.length === 0 && ASSIGNMENT.test(t.raw)) cmd.assigns.push(w);
        else cmd.words.push(w);
        cmd.end = t.end;
        this.at++;
        continue;
      }
      const op = t.op.replace(/^\d+/, '');
      if (op === '<<') throw new SyntaxError_('here-documents (<<) are not supported here');
      if (!REDIRECTIONS.has(op)) break;
      this.at++;
      const target = this.peek();
      if (!target) throw new SyntaxError_(`a file name must follow ${t.op}`);
      if (target.kind !== 'word') throw this.unexpected(target);
      this.at++;
      cmd.redirects.push({ start: t.start, end: target.end });
      cmd.end = target.end;
    }
    if (cmd.assigns.length + cmd.words.length + cmd.redirects.length === 0) throw this.unexpected(this.peek()!);
    return cmd;
  }

  private forClause(): ForCommand {
    const start = this.peek()!.start;
    this.at++;
    const name = this.peek();
    if (!name) throw new Incomplete('for needs a variable name');
    if (name.kind !== 'word' || !NAME.test(name.raw)) throw new SyntaxError_(`'${tokenText(name)}' is not a valid variable name for a for loop`);
    this.at++;
    let items: Word[] | undefined;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.at++;
      items = [];
      for (let t = this.peek(); t?.kind === 'word'; t = this.peek()) {
        items.push({ raw: t.raw, start: t.start, end: t.end });
        this.at++;
      }
      if (!this.peek()) throw new Incomplete('for needs do ... done');
      if (!this.isOp(';') && !this.isOp('\n')) throw this.unexpected(this.peek()!);
      this.at++;
    } else if (this.isOp(';')) this.at++;
    this.skipNewlines();
    if (!this.peek()) throw new Incomplete('for needs do ... done');
    if (!this.isWord('do')) throw this.unexpected(this.peek()!);
    this.at++;
    const body = this.list(new Set(['done']));
    if (!this.peek()) throw new Incomplete('for needs its done');
    const done = this.peek()!;
    this.at++;
    return { kind: 'for', name: name.raw, items, body, start, end: done.end };
  }

  private unexpected(t: Token): SyntaxError_ {
    return new SyntaxError_(`syntax error near '${tokenText(t)}'`);
  }
}

const tokenText = (t: Token): string => (t.kind === 'word' ? t.raw : t.op === '\n' ? 'newline' : t.op);

/** Parses a whole command text (one line, or several joined by newlines). */
export function parse(src: string): Parsed {
  try {
    const tokens = tokenize(src);
    const p = new Parser(tokens);
    const list = p.list(new Set());
    return { kind: 'ok', list };
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete', reason: e.message };
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message };
    throw e;
  }
}

/** Whether the text needs more lines to be a whole command (an open quote, `|` at the end, a for without done, ...). */
export const needsMore = (text: string): boolean => parse(text).kind === 'incomplete';

/**
 * For completion: the text of the simple command the line ends in (after the last `;`, `&&`,
 * `||` or `do`, or inside an open `$(`), or undefined when the cursor is in a pipeline's
 * system command or a redirection's file name, which the shell does not complete.
 */
export function commandBeingTyped(line: string): string | undefined {
  let from = 0;
  // inside an open $( ... ): complete what is typed there
  for (;;) {
    const open = openSubstitution(line, from);
    if (open < 0) break;
    from = open;
  }
  const text = line.slice(from);
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    // an open quote at the end: the word being typed starts after the last separator
    tokens = tokenize(text.slice(0, lastSafeCut(text)));
  }
  let start = 0;
  let commandStart = true;
  let system = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'op') {
      if (REDIRECTIONS.has(t.op.replace(/^\d+/, ''))) {
        // the file name after it is not completed; the command's words after it are
        const target = tokens[k + 1];
        if (!target || target.end === text.length) return undefined;
        k++;
        continue;
      }
      system = t.op === '|';
      start = t.end;
      commandStart = true;
      continue;
    }
    // words that come before the command: `do`, `!`, assignments (once typed in full)
    if (commandStart && t.end < text.length && (t.raw === 'do' || t.raw === '!' || ASSIGNMENT.test(t.raw))) {
      start = t.end;
      continue;
    }
    commandStart = false;
  }
  return system ? undefined : text.slice(start).replace(/^\s+/, '');
}

/** The offset after the innermost `$(` still open at the end of the line, or -1. */
function openSubstitution(line: string, from: number): number {
  let j = from;
  let quoted = false;
  while (j < line.length) {
    const c = line[j]!;
    if (c === '\\') j += 2;
    else if (c === "'" && !quoted) {
      const close = line.indexOf("'", j + 1);
      if (close < 0) return -1;
      j = close + 1;
    } else if (c === '"') {
      quoted = !quoted;
      j++;
    } else if (c === '$' && line[j + 1] === '(') {
      const end = skipSubstitution(line, j);
      if (end < 0) return j + 2;
      j = end;
    } else j++;
  }
  return -1;
}

/** Where the last word (maybe an open quote) of a line begins: the tokens before it are whole. */
function lastSafeCut(text: string): number {
  for (let cut = text.length; cut > 0; cut--) {
    const c = text[cut - 1]!;
    if (c !== ' ' && c !== '\t' && c !== '\n' && !OP_START.has(c)) continue;
    try {
      tokenize(text.slice(0, cut));
      return cut;
    } catch {
      // still inside a quote: look further back
    }
  }
  return 0;
}

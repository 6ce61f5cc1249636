/**
 * Runs what the shell parsed (parse.ts) as sh would, with awsmsg's commands run in this
 * process through runCommand and everything else handed to /bin/sh:
 * - variables: `Q=...` sets a shell variable, `export` puts it in the environment of the
 *   commands the shell runs, `unset` removes it; the process environment starts them;
 * - `$(...)` runs in this process too (a copy of the variables, as sh's subshell), its output
 *   the word's text with the trailing newlines removed;
 * - a pipe or redirection after an awsmsg command: the command runs here and its output (and
 *   its errors, on another descriptor) feed `/bin/sh -c` running the rest, so `| grep`,
 *   `| jq .`, `> file`, `2>&1` work as typed; the status is the pipeline's, as sh's without
 *   pipefail. A line whose command is a program on PATH runs in /bin/sh as it is.
 * Only the shell's own words (exit, quit, export, unset, cd) and awsmsg's commands are
 * decided here; the syntax of everything given to /bin/sh is sh's.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { constants as osConstants, homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EXIT } from '../cli/exit.js';
import type { CommandEvent, Io, Session } from '../cli/io.js';
import { runCommand } from '../cli/run.js';
import { ownCommandNames } from '../cli/commands/names.js';
import { SERVICE_NAMES } from '../model/types.js';
import { GLOBAL_SWITCHES } from './lines.js';
import { GLOBAL_OPTION_FLAGS } from '../cli/args/globals.js';
import { parse, type ForCommand, type List, type Pipeline, type SimpleCommand, type Word } from './parse.js';
import { quoteWord, splitLine, substitutions, SplitError } from './split.js';

/** What a hint-giver learns about a command that ran in this process. */
export interface Ran {
  argv: string[];
  status: number;
  events: CommandEvent[];
  /** variables the command's words named that are not set */
  unset: string[];
}

export interface ShellOptions {
  baseArgs: string[];
  session: Session;
  /** the output goes to this process's own stdout and stderr, so programs can write there directly */
  direct: boolean;
  /** what programs the shell starts read: the terminal (interactive), or nothing (a script) */
  childStdin: 'inherit' | 'ignore';
  /** how to start awsmsg itself (node and its script), for `awsmsg` inside /bin/sh */
  self?: string[];
  /** called after each awsmsg command this shell ran, to add a hint for learners */
  afterCommand?: (ran: Ran, io: Io) => Promise<void>;
}

export interface Outcome {
  status: number;
  /** `exit` or `quit` was run: leave the shell with this status */
  exit?: boolean;
}

/** The shell's own commands; every other word is awsmsg's or a program's. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set(['exit', 'quit', 'export', 'unset', 'cd']);

/** A line the shell cannot run: reported as a usage error. */
class ShellError extends Error {}

class ExitShell extends Error {
  constructor(readonly status: number) {
    super('exit');
  }
}

/** How a command line runs: its source text (for the parts given to sh), where output goes. */
interface Exec {
  src: string;
  io: Io;
  /** io.out is this process's stdout: programs may inherit it */
  direct: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Shell {
  readonly vars: Map<string, string>;
  readonly exported: Set<string>;
  /** the status of the last command ($?) */
  status = 0;
  /** how many awsmsg commands run in this process now, in this shell and its $(...) */
  private readonly running: { count: number };
  /** a program ended by Ctrl-C: the rest of the line does not run */
  private interrupted = false;
  private substStatus: number | undefined;

  constructor(
    private readonly opts: ShellOptions,
    env: NodeJS.ProcessEnv,
    parent?: Shell,
  ) {
    this.running = parent ? parent.running : { count: 0 };
    if (parent) {
      this.vars = new Map(parent.vars);
      this.exported = new Set(parent.exported);
      this.status = parent.status;
    } else {
      this.vars = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
      this.exported = new Set(this.vars.keys());
    }
  }

  /** An awsmsg command is running in this process (Ctrl-C is then for it, not for a program). */
  get inProcess(): boolean {
    return this.running.count > 0;
  }

  /** The environment of the commands the shell runs: its exported variables. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const out: NodeJS.ProcessEnv = {};
    for (const name of this.exported) {
      const v = this.vars.get(name);
      if (v !== undefined) out[name] = v;
    }
    return { ...out, ...extra };
  }

  /** Runs one whole command text (as the REPL or a script read it). */
  async run(text: string, io: Io): Promise<Outcome> {
    this.interrupted = false;
    const parsed = parse(text);
    if (parsed.kind !== 'ok') {
      io.err(`awsmsg: ${parsed.kind === 'incomplete' ? parsed.reason : parsed.message}\n`);
      this.status = EXIT.usage;
      return { status: this.status };
    }
    try {
      await this.list(parsed.list, { src: text, io, direct: this.opts.direct });
    } catch (e) {
      if (e instanceof ExitShell) return { status: e.status, exit: true };
      if (!(e instanceof ShellError)) throw e;
      io.err(`awsmsg: ${e.message}\n`);
      this.status = EXIT.usage;
    }
    return { status: this.status };
  }

  private stopped(x: Exec): boolean {
    return this.interrupted || x.io.signal.aborted;
  }

  private async list(list: List, x: Exec): Promise<void> {
    for (const item of list) {
      if (this.stopped(x)) return;
      await this.pipeline(item.first, x);
      for (const { op, pipeline } of item.rest) {
        if (this.stopped(x)) return;
        if ((op === '&&') === (this.status === 0)) await this.pipeline(pipeline, x);
      }
    }
  }

  private async pipeline(p: Pipeline, x: Exec): Promise<void> {
    const [first] = p.commands;
    let status: number;
    if (p.commands.length === 1 && first!.kind === 'for') status = await this.forLoop(first!, x);
    else if (p.commands.length === 1 && first!.kind === 'simple' && first!.redirects.length === 0) status = await this.simple(first as SimpleCommand, x);
    else status = await this.piped(p, x);
    if (x.io.signal.aborted && status === 0) status = EXIT.interrupted;
    this.status = p.bang ? Number(status === 0) : status;
  }

  private async forLoop(f: ForCommand, x: Exec): Promise<number> {
    const items = f.items ? (await this.expandWords(f.items, x, true)).words : [];
    let status = 0;
    for (const item of items) {
      if (this.stopped(x)) break;
      this.vars.set(f.name, item);
      await this.list(f.body, x);
      status = this.status;
    }
    return status;
  }

  /** What the first word of a command names, read without running any substitution. */
  private kindOf(first: Word | undefined): 'builtin' | 'awsmsg' | 'program' {
    if (!first) return 'awsmsg';
    let word: string;
    try {
      word = splitLine(first.raw, { vars: (n) => this.vars.get(n) })[0] ?? '';
    } catch {
      return 'awsmsg';
    }
    if (SHELL_BUILTINS.has(word)) return 'builtin';
    if (isAwsmsgWord(word)) return 'awsmsg';
    return findProgram(word, this.vars.get('PATH') ?? '') ? 'program' : 'awsmsg';
  }

  private async simple(cmd: SimpleCommand, x: Exec): Promise<number> {
    const kind = this.kindOf(cmd.words[0]);
    if (cmd.words.length === 0) return this.assign(cmd.assigns, x);
    if (kind === 'program') return this.sh(x.src.slice(cmd.start, cmd.end), x);
    if (kind === 'builtin') {
      const { words } = await this.expandWords(cmd.words, x, false);
      return this.builtin(words, x);
    }
    this.substStatus = undefined;
    const prefix = await this.prefixAssignments(cmd.assigns, x);
    const { words, unset } = await this.expandWords(cmd.words, x, true);
    // words that all expanded to nothing leave only the assignments, as in sh
    if (words.length === 0) {
      for (const [name, value] of Object.entries(prefix)) this.vars.set(name, value);
      return this.substStatus ?? 0;
    }
    return this.awsmsg(words, this.env(prefix), x, unset);
  }

  /** `NAME=value ...` alone: shell variables (in the environment too when exported). */
  private async assign(assigns: Word[], x: Exec): Promise<number> {
    this.substStatus = undefined;
    for (const [name, value] of Object.entries(await this.prefixAssignments(assigns, x))) this.vars.set(name, value);
    return this.substStatus ?? 0;
  }

  private async prefixAssignments(assigns: Word[], x: Exec): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const a of assigns) {
      const eq = a.raw.indexOf('=');
      const value: Word = { raw: a.raw.slice(eq + 1), start: a.start + eq + 1, end: a.end };
      out[a.raw.slice(0, eq)] = (await this.expandWords([value], x, false)).words[0] ?? '';
    }
    return out;
  }

  /** Expands words as sh does: variables, $?, $(...) (run here), then field splitting when asked. */
  private async expandWords(words: Word[], x: Exec, fieldSplit: boolean): Promise<{ words: string[]; unset: string[] }> {
    const out: string[] = [];
    const unset: string[] = [];
    const lastStatus = this.status;
    for (const w of words) {
      const results = new Map<number, string>();
      for (const s of substitutions(w.raw)) results.set(s.start, await this.capture(s.inner, x));
      const vars = (name: string) => {
        const v = this.vars.get(name);
        if (v === undefined && !unset.includes(name)) unset.push(name);
        return v;
      };
      try {
        out.push(...splitLine(w.raw, { vars, subst: (_inner, start) => results.get(start) ?? '', lastStatus, fieldSplit }));
      } catch (e) {
        // parse() saw whole words, so this is not expected; report it as a usage error
        if (e instanceof SplitError) throw new ShellError(e.message);
        throw e;
      }
    }
    return { words: out, unset };
  }

  /** `$(...)`: the inner commands with a copy of the variables, their output kept. */
  private async capture(inner: string, x: Exec): Promise<string> {
    let text = '';
    const io: Io = { ...x.io, out: (t) => void (text += t), stdoutIsTTY: false };
    const sub = new Shell(this.opts, {}, this);
    const parsed = parse(inner);
    if (parsed.kind !== 'ok') {
      x.io.err(`awsmsg: ${parsed.kind === 'incomplete' ? parsed.reason : parsed.message}\n`);
      this.substStatus = EXIT.usage;
      return '';
    }
    try {
      await sub.list(parsed.list, { src: inner, io, direct: false });
    } catch (e) {
      if (!(e instanceof ExitShell)) throw e;
      sub.status = e.status;
    }
    if (sub.interrupted) this.interrupted = true;
    this.substStatus = sub.status;
    return text.replace(/\n+$/, '');
  }

  private builtin(words: string[], x: Exec): number {
    const [name, ...args] = words;
    switch (name) {
      case 'exit':
      case 'quit': {
        const n = args[0] !== undefined && /^\d+$/.test(args[0]) ? Number(args[0]) & 255 : this.status;
        throw new ExitShell(n);
      }
      case 'export':
        return this.export(args, x);
      case 'unset':
        for (const n of args.filter((a) => !a.startsWith('-'))) {
          this.vars.delete(n);
          this.exported.delete(n);
        }
        return 0;
      default:
        return this.cd(args, x);
    }
  }

  private export(args: string[], x: Exec): number {
    if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
      for (const name of [...this.exported].sort()) {
        const v = this.vars.get(name);
        x.io.out(v === undefined ? `export ${name}\n` : `export ${name}=${quoteWord(v)}\n`);
      }
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!NAME.test(name)) {
        x.io.err(`awsmsg: export: '${arg}': not a valid name\n`);
        status = 1;
        continue;
      }
      if (eq >= 0) this.vars.set(name, arg.slice(eq + 1));
      this.exported.add(name);
    }
    return status;
  }

  private cd(args: string[], x: Exec): number {
    const home = this.vars.get('HOME') || homedir();
    const to = args[0] === undefined ? home : args[0] === '-' ? (this.vars.get('OLDPWD') ?? process.cwd()) : args[0];
    const target = resolve(process.cwd(), to);
    try {
      const from = process.cwd();
      process.chdir(target);
      this.vars.set('OLDPWD', from);
      this.vars.set('PWD', target);
      return 0;
    } catch {
      x.io.err(`awsmsg: cd: ${to}: no such directory\n`);
      return 1;
    }
  }

  /** One awsmsg command line, run in this process. */
  private async awsmsg(argv: string[], env: NodeJS.ProcessEnv, x: Exec, unset: string[] = [], io?: Partial<Io>): Promise<number> {
    const words = argv[0] === 'aws' || argv[0] === 'awsmsg' ? argv.slice(1) : argv;
    if (commandWord(words) === 'shell') {
      x.io.err('awsmsg: already in the awsmsg shell\n');
      return EXIT.usage;
    }
    const events: CommandEvent[] = [];
    const lineIo: Io = { ...x.io, ...io, env, observe: (e) => events.push(e) };
    this.running.count++;
    let status: number;
    try {
      status = await runCommand([...this.opts.baseArgs, ...words], lineIo, this.opts.session);
    } finally {
      this.running.count--;
    }
    if (this.opts.afterCommand) await this.opts.afterCommand({ argv: words, status, events, unset }, x.io);
    return status;
  }

  /** Lines that define the shell's own variables (and `awsmsg` itself) for /bin/sh. */
  private prelude(): string {
    const lines: string[] = [];
    for (const [name, value] of this.vars) if (!this.exported.has(name) && NAME.test(name)) lines.push(`${name}=${quoteWord(value)}`);
    if (this.opts.self) lines.push(`awsmsg() { ${[...this.opts.self, ...this.opts.baseArgs].map(quoteWord).join(' ')} "$@"; }`);
    // $? is the status of the shell's last command (a function's return sets it without a fork)
    if (this.status !== 0) lines.push(`__awsmsg_status() { return ${this.status & 255}; }; __awsmsg_status`);
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  /** Text that is sh's to run: a program, or a pipeline that starts with one. */
  private async sh(text: string, x: Exec): Promise<number> {
    const child = spawn('/bin/sh', ['-c', this.prelude() + text], { env: this.env(), stdio: this.stdio(x) });
    this.forward(child, x);
    return this.ended(child);
  }

  private stdio(x: Exec, stdin: 'pipe' | 'inherit' | 'ignore' = this.opts.childStdin): StdioOptions {
    return [stdin, x.direct ? 'inherit' : 'pipe', this.opts.direct ? 'inherit' : 'pipe'];
  }

  /** The output of a program that cannot write to the terminal itself goes through io. */
  private forward(child: ChildProcess, x: Exec): void {
    child.stdout?.setEncoding('utf8').on('data', (t: string) => x.io.out(t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => x.io.err(t));
  }

  /** The status of a program as sh reports it (128 + the signal that ended it). */
  private ended(child: ChildProcess): Promise<number> {
    return new Promise((done) => {
      // /bin/sh could not start: as sh reports a command it cannot run
      child.on('error', () => done(127));
      child.on('close', (code, signal) => {
        if (signal === 'SIGINT') this.interrupted = true;
        done(code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0));
      });
    });
  }

  /**
   * A pipeline or redirection. When it starts with an awsmsg command, that runs here, and
   * /bin/sh runs the rest with the command's output on its standard input and the
   * command's errors on descriptor 3, so redirections of 1 and 2 apply to them as typed.
   */
  private async piped(p: Pipeline, x: Exec): Promise<number> {
    const first = p.commands[0]!;
    if (first.kind === 'for') {
      x.io.err('awsmsg: the output of a for loop cannot be piped or redirected here; pipe the commands inside it\n');
      return EXIT.usage;
    }
    if (this.kindOf(first.words[0]) !== 'awsmsg' || first.words.length === 0) return this.sh(x.src.slice(p.start, p.end), x);
    const redirects = first.redirects.map((r) => x.src.slice(r.start, r.end)).join(' ');
    const rest = p.pipes.length ? x.src.slice(p.pipes[0], p.end) : '';
    // the group's redirections are in place when it writes the byte on 4: only then may the command run
    const script = `${this.prelude()}{ printf . >&4; exec 4>&-; cat <&3 >&2 & cat; wait; } ${redirects} ${rest}`;
    const child = spawn('/bin/sh', ['-c', script], { env: this.env(), stdio: [...(this.stdio(x, 'pipe') as string[]), 'pipe', 'pipe'] as StdioOptions });
    this.forward(child, x);
    const status = this.ended(child);
    const input = child.stdin!;
    const errors = child.stdio[3] as Writable;
    const readyPipe = child.stdio[4] as Readable;
    const ready = await new Promise<boolean>((done) => {
      readyPipe.once('data', () => done(true));
      readyPipe.once('end', () => done(false));
      child.once('error', () => done(false));
    });
    readyPipe.resume();
    if (!ready) return status;
    // a reader that stops early (`| head`) ends the command, as SIGPIPE ends it under sh
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    x.io.signal.addEventListener('abort', onAbort);
    let closed = false;
    const onError = () => {
      closed = true;
      stop.abort();
    };
    input.on('error', onError);
    errors.on('error', () => undefined);
    const write = (s: Writable) => (t: string) => void (closed || s.destroyed || s.write(t));
    const prefix = await this.prefixAssignments(first.assigns, x);
    const { words, unset } = await this.expandWords(first.words, x, true);
    let own: number;
    try {
      own = await this.awsmsg(words, this.env(prefix), x, unset, {
        out: write(input),
        err: write(errors),
        stdoutIsTTY: false,
        signal: stop.signal,
      });
    } finally {
      x.io.signal.removeEventListener('abort', onAbort);
      input.end();
      errors.end();
    }
    const shStatus = await status;
    return p.pipes.length ? shStatus : own;
  }
}

const SIGNALS = osConstants.signals as Record<string, number>;

/** Whether a command's first word is one of awsmsg's (or a global option, which only awsmsg takes). */
function isAwsmsgWord(word: string): boolean {
  return (
    word === 'aws' ||
    word === 'awsmsg' ||
    word === 'help' ||
    word.startsWith('-') ||
    (SERVICE_NAMES as readonly string[]).includes(word) ||
    ownCommandNames().includes(word)
  );
}

/** Whether a program of this name can be run: a path, or a file on PATH that may be executed. */
export function findProgram(word: string, path: string): boolean {
  if (word === '') return false;
  const candidates = word.includes('/') ? [word] : path.split(delimiter).filter(Boolean).map((d) => join(d, word));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

/** The command word of a line: the first word that is neither a global option nor its value. */
export function commandWord(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (GLOBAL_OPTION_FLAGS.includes(w)) {
      if (!GLOBAL_SWITCHES.has(w)) i++;
      continue;
    }
    if (!w.startsWith('-')) return w;
  }
  return undefined;
}

/** How to start this awsmsg again (node and its script), for `awsmsg` inside /bin/sh. */
export function selfArgv(): string[] | undefined {
  const script = process.argv[1];
  return script ? [process.execPath, script] : undefined;
}

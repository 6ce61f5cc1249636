/**
 * The interactive shell: a prompt on a terminal, Tab completion from the model and from the
 * state file, history kept next to the state file, Ctrl-C to cancel a line (or stop the
 * command running), Ctrl-D or `exit` to leave. Lines run through the shell's interpreter
 * (interp.ts): variables, `$(...)`, `;`, `&&`, `||`, for loops, and pipes into programs, with
 * every awsmsg command run through runCommand with the one session of the shell.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tildePath } from '../core/nodeOs.js';
import { dirname, join } from 'node:path';
import { createInterface, type Completer, type AsyncCompleter, type Interface, type Key } from 'node:readline';
import { Chalk } from 'chalk';
import { resolveConfig } from '../cli/config.js';
import { EXIT, reportError } from '../cli/exit.js';
import type { Io } from '../cli/io.js';
import { useColor } from '../cli/print.js';
import type { CommandEnv } from '../cli/run.js';
import { resolveStatePath } from '../store/db.js';
import { loadModel } from '../model/load.js';
import { SERVICE_NAMES } from '../model/types.js';
import { completeLine } from './complete.js';
import { hintPrinter } from './hints.js';
import { Shell, selfArgv } from './interp.js';
import { commandBeingTyped, needsMore } from './parse.js';

const HISTORY_SIZE = 1000;
export const HISTORY_FILE = '.awsmsg_history';
/** A history entry longer than this many lines is a damaged file, not a command. */
const MAX_ENTRY_LINES = 200;

export interface ReplStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** Runs the shell until `exit` or Ctrl-D; returns the exit status. */
export async function runRepl(env: CommandEnv, baseArgs: string[], streams: ReplStreams = defaultStreams()): Promise<number> {
  const { io } = env;
  let target: string | undefined;
  try {
    resolveConfig(env.globals, io.env);
    target = env.target()?.label;
  } catch (e) {
    return reportError(e, io.err, { debug: env.globals.debug });
  }
  const statePath = resolveStatePath(env.globals.db, io.env);
  const historyPath = join(dirname(statePath), HISTORY_FILE);
  const color = useColor(env.globals.color, io.env, io.stdoutIsTTY);
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const shell = new Shell(
    {
      baseArgs,
      session: env.session,
      direct: true,
      childStdin: 'inherit',
      self: selfArgv(),
      afterCommand: hintPrinter(useColor(env.globals.color, io.env, Boolean(process.stderr.isTTY))),
    },
    io.env,
  );
  // The prompt follows the shell's environment: `export AWS_REGION=...` moves it.
  const prompt = (status: number) => {
    const shellEnv = shell.env();
    let region = '?';
    try {
      region = resolveConfig(env.globals, shellEnv).region;
    } catch {
      // a bad profile shows in the next command's error
    }
    // a remote target names its endpoint where the state file would be
    const path = target ?? tildePath(resolveStatePath(env.globals.db, shellEnv), shellEnv);
    return `${status ? chalk.red(`[${status}] `) : ''}${chalk.bold('awsmsg')} ${chalk.cyan(region)} ${chalk.dim(path)}> `;
  };
  const completer: AsyncCompleter = (line, cb) => {
    const command = commandBeingTyped(line);
    if (command === undefined) {
      cb(null, [[], line]);
      return;
    }
    completeLine(command, { env: shell.env(), session: env.session, baseArgs, inShell: true }).then(
      (r) => cb(null, [r.candidates, r.replaces]),
      () => cb(null, [[], line]),
    );
  };
  // Load the service models now, so that the first Tab answers at once.
  for (const service of SERVICE_NAMES) void loadModel(service).catch(() => undefined);
  let history = loadHistory(historyPath);
  let status = 0;
  io.out(`awsmsg shell: AWS CLI commands without the "aws" (e.g. ${chalk.bold('sqs list-queues')}); exit or Ctrl-D leaves.\nNew here? Try ${chalk.bold('tutorial')}, ${chalk.bold('guide')}, Tab to complete anything, ${chalk.bold('help')} for every command.\n`);

  // The shell owns Ctrl-C while it runs an awsmsg command: a Ctrl-C stops that command
  // (waiters and watchers see their signal) and the shell carries on; a second one, for a
  // command that does not stop, leaves the shell as it leaves awsmsg. A program the shell
  // started gets Ctrl-C from the terminal itself, and decides. At the prompt, readline reads
  // Ctrl-C as a key and cancels the line.
  let running: AbortController | undefined;
  const saved = process.listeners('SIGINT');
  process.removeAllListeners('SIGINT');
  const onSigint = () => {
    if (!running || !shell.inProcess) return;
    if (running.signal.aborted) {
      streams.output.write('\n');
      process.exit(EXIT.interrupted);
    }
    running.abort();
  };
  process.on('SIGINT', onSigint);
  // A stop from outside (SIGTERM) ends the command in progress and the shell.
  const outer = io.signal;
  const onOuter = () => running?.abort();
  outer.addEventListener('abort', onOuter);
  const keys = new KeyCarry(streams.input);
  try {
    while (!outer.aborted) {
      let text = '';
      let more = false;
      let ended = false;
      do {
        const r = await readOneLine(streams, more ? '> ' : prompt(status), history, completer, outer, keys);
        if (r.kind === 'eof') {
          ended = !more;
          if (more) streams.output.write('\n');
          text = '';
          break;
        }
        if (r.kind === 'cancel') {
          text = '';
          break;
        }
        text = more ? `${text}\n${r.line}` : r.line;
        more = needsMore(text);
      } while (more);
      if (ended) {
        streams.output.write('\n');
        break;
      }
      if (text.trim() === '') continue;
      // the whole command, as typed: a continued line or a quoted newline stays a newline
      history = [text, ...history.filter((h) => h !== text)].slice(0, HISTORY_SIZE);
      saveHistory(historyPath, text);
      running = new AbortController();
      const lineIo: Io = { ...io, env: shell.env(), columns: streams.output.columns, signal: running.signal };
      try {
        const r = await shell.run(text, lineIo);
        if (r.exit) return r.status;
        status = r.status;
      } finally {
        running = undefined;
      }
    }
  } finally {
    outer.removeEventListener('abort', onOuter);
    process.removeListener('SIGINT', onSigint);
    for (const l of saved) process.on('SIGINT', l as NodeJS.SignalsListener);
  }
  return 0;
}

function defaultStreams(): ReplStreams {
  return { input: process.stdin, output: process.stdout };
}

type ReadResult = { kind: 'line'; line: string } | { kind: 'eof' } | { kind: 'cancel' };

/**
 * Keys typed (or pasted) after the Enter that ended a line, in the same burst: readline
 * reads a burst key by key, and a line's interface closes at its Enter, so the rest would be
 * lost. They are kept and replayed into the next line's interface, so several lines pasted
 * at once all run.
 */
class KeyCarry {
  private keys: [string | undefined, Key][] = [];
  private collecting?: (s: string | undefined, k: Key) => void;

  constructor(private readonly input: NodeJS.ReadStream) {}

  /**
   * Keeps the keys that arrive until the current burst is over: readline emits the rest of a
   * burst synchronously, so the next line's interface, made after that, stops collecting.
   */
  collect(): void {
    if (this.collecting) return;
    this.collecting = (s, k) => void this.keys.push([s, k]);
    this.input.on('keypress', this.collecting);
    setImmediate(() => this.stop());
  }

  private stop(): void {
    if (this.collecting) this.input.removeListener('keypress', this.collecting);
    this.collecting = undefined;
  }

  /** Replays kept keys into a fresh interface until it ends its line. */
  replay(done: () => boolean): void {
    this.stop();
    while (this.keys.length > 0 && !done()) {
      const [s, k] = this.keys.shift()!;
      this.input.emit('keypress', s, k);
    }
  }
}

/** Up past the oldest entry stays on it (readline would clear the line). */
function stayOnOldest(rl: Interface): void {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(rl)) as object;
  const symbols = Object.getOwnPropertySymbols(proto);
  const prev = symbols.find((s) => s.description === '_historyPrev');
  const refresh = symbols.find((s) => s.description === '_refreshLine');
  const r = rl as unknown as Record<symbol, () => void> & { line: string; cursor: number; history: string[]; historyIndex: number };
  if (!prev || !refresh || typeof r[prev] !== 'function' || !Array.isArray(r.history)) return;
  const original = r[prev];
  // defined, not assigned: readline's prototype holds these as read-only properties
  Object.defineProperty(r, prev, { configurable: true, writable: true, value: function (this: typeof r) {
    const before = { line: this.line, cursor: this.cursor, index: this.historyIndex };
    original.call(this);
    if (this.historyIndex >= this.history.length && before.index >= 0) {
      this.line = before.line;
      this.cursor = before.cursor;
      this.historyIndex = before.index;
      this[refresh]!();
    }
  } });
}

/**
 * One line from the terminal. A fresh readline interface per line: between lines the
 * terminal is back in its normal mode, so that Ctrl-C during a command is a signal the shell
 * turns into that command's abort, and prompts of a command (the guide) own the keyboard.
 */
function readOneLine(
  streams: ReplStreams,
  prompt: string,
  history: string[],
  completer: Completer | AsyncCompleter,
  signal: AbortSignal,
  keys: KeyCarry,
): Promise<ReadResult> {
  const rl = createInterface({
    input: streams.input,
    output: streams.output,
    completer,
    terminal: true,
    history: [...history],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    tabSize: 4,
  });
  stayOnOldest(rl);
  return new Promise((resolve) => {
    let settled = false;
    const onAbort = () => finish({ kind: 'eof' });
    const finish = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      if (r.kind === 'line') keys.collect();
      resolve(r);
    };
    rl.on('line', (line) => finish({ kind: 'line', line }));
    rl.on('SIGINT', () => {
      streams.output.write('^C\n');
      finish({ kind: 'cancel' });
    });
    rl.on('close', () => finish({ kind: 'eof' }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    rl.setPrompt(prompt);
    rl.prompt();
    keys.replay(() => settled);
  });
}

/**
 * History, newest first, from the file (oldest first). A command typed over several lines is
 * kept as typed, its lines one after the other: they are read back together as long as the
 * command is not complete, exactly as they were read when typed.
 */
export function loadHistory(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const entries: string[] = [];
    let pending: string[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      pending.push(line);
      const text = pending.join('\n');
      if (needsMore(text) && pending.length < MAX_ENTRY_LINES) continue;
      if (text.trim() !== '') entries.push(text);
      pending = [];
    }
    const newestFirst: string[] = [];
    const seen = new Set<string>();
    for (const e of entries.reverse()) {
      if (seen.has(e)) continue;
      seen.add(e);
      newestFirst.push(e);
      if (newestFirst.length >= HISTORY_SIZE) break;
    }
    return newestFirst;
  } catch {
    return [];
  }
}

function saveHistory(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, `${text}\n`, { mode: 0o600 });
  } catch {
    // history is a convenience: a read-only directory must not stop the shell
  }
}

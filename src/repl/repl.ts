/**
 * The interactive shell: a prompt on a terminal, Tab completion from the model and from the
 * state file, history kept next to the state file, Ctrl-C to cancel a line (or stop the
 * command running), Ctrl-D or `exit` to leave. Every line runs through runCommand with the
 * one session of the shell, exactly as the same words would run from a shell prompt.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Completer, type AsyncCompleter } from 'node:readline';
import { Chalk } from 'chalk';
import { resolveConfig } from '../cli/config.js';
import { EXIT, reportError } from '../cli/exit.js';
import type { Io } from '../cli/io.js';
import { useColor } from '../cli/print.js';
import type { CommandEnv } from '../cli/run.js';
import { runCommand } from '../cli/run.js';
import { resolveStatePath } from '../store/db.js';
import { loadModel } from '../model/load.js';
import { SERVICE_NAMES } from '../model/types.js';
import { completeLine } from './complete.js';
import { builtin, lineCommand } from './lines.js';
import { needsMore } from './split.js';

const HISTORY_SIZE = 1000;
export const HISTORY_FILE = '.awsmsg_history';

export interface ReplStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** Runs the shell until `exit` or Ctrl-D; returns the exit status. */
export async function runRepl(env: CommandEnv, baseArgs: string[], streams: ReplStreams = defaultStreams()): Promise<number> {
  const { io } = env;
  let region: string;
  let target: string | undefined;
  try {
    region = resolveConfig(env.globals, io.env).region;
    target = env.target()?.label;
  } catch (e) {
    return reportError(e, io.err, { debug: env.globals.debug });
  }
  const statePath = resolveStatePath(env.globals.db, io.env);
  const historyPath = join(dirname(statePath), HISTORY_FILE);
  const chalk = new Chalk({ level: useColor(env.globals.color, io.env, io.stdoutIsTTY) ? 1 : 0 });
  const prompt = (status: number) =>
    `${status ? chalk.red(`[${status}] `) : ''}${chalk.bold('awsmsg')} ${chalk.cyan(region)} ${chalk.dim(target ?? tildePath(statePath, io.env))}> `;
  const completer: AsyncCompleter = (line, cb) => {
    completeLine(line, { env: io.env, session: env.session, baseArgs }).then(
      (r) => cb(null, [r.candidates, r.replaces]),
      () => cb(null, [[], line]),
    );
  };
  // Load the service models now, so that the first Tab answers at once.
  for (const service of SERVICE_NAMES) void loadModel(service).catch(() => undefined);
  let history = loadHistory(historyPath);
  let status = 0;
  io.out(`awsmsg shell: AWS CLI commands without the "aws" (e.g. ${chalk.bold('sqs list-queues')}); Tab completes; exit or Ctrl-D leaves.\n`);

  // The shell owns Ctrl-C while it runs: a Ctrl-C stops the command in progress (waiters and
  // watchers see their signal) and the shell carries on; a second one, for a command that
  // does not stop, leaves the shell as it leaves awsmsg. At the prompt, readline reads Ctrl-C
  // as a key and cancels the line.
  let running: AbortController | undefined;
  const saved = process.listeners('SIGINT');
  process.removeAllListeners('SIGINT');
  const onSigint = () => {
    if (!running) return;
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
  try {
    while (!outer.aborted) {
      let text = '';
      let more = false;
      let ended = false;
      do {
        const r = await readOneLine(streams, more ? '> ' : prompt(status), history, completer, outer);
        history = r.history;
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
      saveHistory(historyPath, text);
      const cmd = lineCommand(text, io.env);
      if (cmd.kind === 'error') {
        io.err(`awsmsg: ${cmd.message}\n`);
        status = EXIT.usage;
        continue;
      }
      if (cmd.kind === 'empty') continue;
      const b = builtin(cmd.words);
      if (b?.kind === 'exit') return b.status ?? status;
      if (b?.kind === 'nested') {
        io.err('awsmsg: already in the awsmsg shell\n');
        status = EXIT.usage;
        continue;
      }
      running = new AbortController();
      const lineIo: Io = { ...io, columns: streams.output.columns, signal: running.signal };
      try {
        status = await runCommand([...baseArgs, ...cmd.words], lineIo, env.session);
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

type ReadResult = { history: string[] } & ({ kind: 'line'; line: string } | { kind: 'eof' } | { kind: 'cancel' });

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
  let current = history;
  rl.on('history', (h: string[]) => (current = h));
  return new Promise((resolve) => {
    let settled = false;
    const onAbort = () => finish({ kind: 'eof', history: current });
    const finish = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(r);
    };
    rl.on('line', (line) => finish({ kind: 'line', line, history: current }));
    rl.on('SIGINT', () => {
      streams.output.write('^C\n');
      finish({ kind: 'cancel', history: current });
    });
    rl.on('close', () => finish({ kind: 'eof', history: current }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    rl.setPrompt(prompt);
    rl.prompt();
  });
}

/** History, newest first, from the file (oldest first, one entry per line). */
export function loadHistory(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function saveHistory(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, `${oneLine(text)}\n`, { mode: 0o600 });
  } catch {
    // history is a convenience: a read-only directory must not stop the shell
  }
}

/** A command typed over several lines, as one line for the history file. */
const oneLine = (text: string): string => text.replace(/\\\n/g, '').replace(/\n/g, ' ').trimEnd();

function tildePath(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/**
 * `awsmsg shell` without a terminal: runs the lines it reads one by one, as a shell runs a
 * script. Blank lines and `#` comments are skipped, a command left open (a quote, a trailing
 * backslash or `|`, a for loop without its done) continues on the next line, each command is
 * echoed (`$ sqs ...`) before its output, and the first failing command stops the run with
 * its status unless told to go on.
 */
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import type { CommandEnv } from '../cli/run.js';
import { EXIT } from '../cli/exit.js';
import { useColor } from '../cli/print.js';
import { hintPrinter } from './hints.js';
import { Shell, selfArgv } from './interp.js';
import { needsMore, parse } from './parse.js';

export interface ScriptOptions {
  baseArgs: string[];
  /** carry on after a failing line (the run still ends non-zero) */
  keepGoing: boolean;
}

/** Lines of a stream, without their line ends. */
export function streamLines(input: NodeJS.ReadableStream): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Infinity, terminal: false });
}

export function fileLines(path: string): AsyncIterable<string> {
  return streamLines(createReadStream(path, { encoding: 'utf8' }));
}

/** Whole commands from lines: continuation lines joined. */
export async function* commands(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let pending: string | undefined;
  for await (const line of lines) {
    const text: string = pending === undefined ? line : `${pending}\n${line}`;
    if (needsMore(text)) {
      pending = text;
      continue;
    }
    pending = undefined;
    yield text;
  }
  if (pending !== undefined) yield pending; // reported as an unterminated quote
}

/** Whether a text holds no command at all (blank, or only comments). */
const isEmpty = (text: string): boolean => {
  const p = parse(text);
  return p.kind === 'ok' && p.list.length === 0;
};

export async function runScript(lines: AsyncIterable<string>, env: CommandEnv, opts: ScriptOptions): Promise<number> {
  const { io } = env;
  // hints are for people: only when someone watches the errors on a terminal
  const hints = process.stderr.isTTY ? hintPrinter(useColor(env.globals.color, io.env, true)) : undefined;
  const shell = new Shell(
    { baseArgs: opts.baseArgs, session: env.session, direct: true, childStdin: 'ignore', self: selfArgv(), afterCommand: hints },
    io.env,
  );
  let failed = 0;
  for await (const text of commands(lines)) {
    if (isEmpty(text)) continue;
    io.out(`$ ${text.trim()}\n`);
    const r = await shell.run(text, io);
    if (r.exit) return r.status;
    if (io.signal.aborted) return EXIT.interrupted;
    if (r.status !== 0) {
      if (!opts.keepGoing) return r.status;
      failed = r.status;
    }
  }
  return failed;
}

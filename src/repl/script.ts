/**
 * `awsmsg shell` without a terminal: runs the lines it reads one by one, as a shell runs a
 * script. Blank lines and `#` comments are skipped, a quote left open or a trailing
 * backslash continues on the next line, each command is echoed (`$ sqs ...`) before its
 * output, and the first failing command stops the run with its status unless told to go on.
 */
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import type { CommandEnv } from '../cli/run.js';
import { runCommand } from '../cli/run.js';
import { EXIT } from '../cli/exit.js';
import { builtin, lineCommand } from './lines.js';
import { needsMore } from './split.js';

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

/** Whole commands from lines: continuation lines joined, blank and comment-only ones kept out. */
async function* commands(lines: AsyncIterable<string>): AsyncGenerator<string> {
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

export async function runScript(lines: AsyncIterable<string>, env: CommandEnv, opts: ScriptOptions): Promise<number> {
  const { io } = env;
  let failed = 0;
  for await (const text of commands(lines)) {
    const cmd = lineCommand(text, io.env);
    if (cmd.kind === 'empty') continue;
    io.out(`$ ${text.trim()}\n`);
    let status: number;
    if (cmd.kind === 'error') {
      io.err(`awsmsg: ${cmd.message}\n`);
      status = EXIT.usage;
    } else {
      const b = builtin(cmd.words);
      if (b?.kind === 'exit') return b.status ?? failed;
      if (b?.kind === 'nested') {
        io.err('awsmsg: already in the awsmsg shell\n');
        status = EXIT.usage;
      } else {
        status = await runCommand([...opts.baseArgs, ...cmd.words], io, env.session);
      }
    }
    if (io.signal.aborted) return EXIT.interrupted;
    if (status !== 0) {
      if (!opts.keepGoing) return status;
      failed = status;
    }
  }
  return failed;
}

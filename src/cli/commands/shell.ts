import type { Command } from 'commander';
import { closeSync, openSync, statSync } from 'node:fs';
import { fsReason } from '../../core/fsErrors.js';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';
import { globalArgs } from '../../repl/globals.js';

/**
 * `awsmsg shell`: the interactive shell on a terminal; otherwise (standard input not a
 * terminal, or a file given) runs the commands it reads, one per line.
 */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .argument('[file]', 'run the commands in this file instead of reading standard input')
    .option('--continue', 'in a script, carry on after a failing command (the status is still non-zero)')
    .action(async (file: string | undefined, opts: { continue?: boolean }) => {
      const baseArgs = globalArgs(env.globals);
      if (file === undefined && env.io.stdinIsTTY) {
        const { runRepl } = await import('../../repl/repl.js');
        done(await runRepl(env, baseArgs));
        return;
      }
      const { fileLines, runScript, streamLines } = await import('../../repl/script.js');
      if (file !== undefined) readableFile(file);
      const lines = file === undefined ? streamLines(process.stdin) : fileLines(file);
      done(await runScript(lines, env, { baseArgs, keepGoing: Boolean(opts.continue) }));
    });
}

/** A script file that can be read, or the error that says why not (before any line runs). */
function readableFile(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    closeSync(openSync(file, 'r'));
  } catch (e) {
    throw new CliError('other', `Unable to read the file ${file}: ${fsReason(e)}.`);
  }
}

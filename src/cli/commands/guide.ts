import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';
import { globalArgs } from '../../repl/globals.js';

/** `awsmsg guide`: build and run commands step by step with prompts (needs a terminal). */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd.action(async () => {
    if (!env.io.stdinIsTTY) throw new CliError('usage', 'awsmsg guide asks questions, so it needs a terminal; try awsmsg help.');
    const { runGuide } = await import('../../guide/guide.js');
    done(await runGuide(env, { baseArgs: globalArgs(env.globals) }));
  });
}

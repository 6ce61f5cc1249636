import type { Command } from 'commander';
import type { CommandEnv } from '../run.js';
import { globalArgs } from '../../repl/globals.js';

/**
 * `awsmsg __complete <shell> <line>`: the candidates for the word at the end of <line> (the
 * command line up to the cursor, as typed), one per line, from the same completer as the
 * interactive shell. The completion scripts of `awsmsg completion` call it.
 */
export function define(cmd: Command, env: CommandEnv): void {
  cmd
    .argument('<shell>', 'bash, zsh, fish, or plain')
    .argument('[line]', 'the command line up to the cursor, program name first', '')
    .action(async (shell: string, line: string) => {
      const { completeForShell } = await import('../../repl/shellComplete.js');
      const out = await completeForShell(shell, line, { env: env.io.env, session: env.session, baseArgs: globalArgs(env.globals) });
      if (out.length) env.io.out(`${out.join('\n')}\n`);
    });
}

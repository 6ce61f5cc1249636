import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';

/** `awsmsg completion bash|zsh|fish`: a completion script that asks awsmsg for candidates. */
export function define(cmd: Command, env: CommandEnv): void {
  cmd
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      '\nInstall:\n  bash: echo \'eval "$(awsmsg completion bash)"\' >> ~/.bashrc\n' +
        '  zsh:  echo \'eval "$(awsmsg completion zsh)"\' >> ~/.zshrc\n' +
        '  fish: awsmsg completion fish > ~/.config/fish/completions/awsmsg.fish\n',
    )
    .action(async (shell: string) => {
      const { completionScript } = await import('../../repl/scripts.js');
      const script = completionScript(shell);
      if (script === undefined) throw new CliError('usage', `Unknown shell '${shell}': use bash, zsh or fish.`);
      env.io.out(script);
    });
}

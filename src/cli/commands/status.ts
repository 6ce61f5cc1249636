import type { Command } from 'commander';
import type { CommandEnv } from '../run.js';

export function define(cmd: Command, env: CommandEnv): void {
  cmd.action(() => env.io.out('not yet\n'));
}

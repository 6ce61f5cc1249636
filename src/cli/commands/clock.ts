import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import { parseDuration } from '../../store/clock.js';
import type { CommandEnv } from '../run.js';

/** The clock as a command prints it: the state file's time and how far it runs ahead. */
function clockView(now: number, offsetMs: number) {
  return { Now: new Date(now), OffsetSeconds: offsetMs / 1000 };
}

export function define(cmd: Command, env: CommandEnv): void {
  cmd.action(async () => {
    const { store } = env.ctx();
    await env.print(clockView(store.clock.now(), store.clock.offset()), 'Clock');
  });
  cmd
    .command('advance')
    .description('move the clock forward, e.g. 31s, 5m, 2h, 1d (never backward)')
    .argument('<duration>', 'how far: a number with s, m, h, d or ms (seconds when no unit)')
    .action(async (duration: string) => {
      const ms = parseDuration(duration);
      if (ms === undefined) {
        throw new CliError('usage', `Invalid duration '${duration}': use a number with s, m, h, d or ms, such as 31s.`);
      }
      const { store } = env.ctx();
      const now = store.clock.advance(ms);
      await env.print(clockView(now, store.clock.offset()), 'Clock');
    });
}

import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import { parseDuration } from '../../store/clock.js';
import type { CommandEnv } from '../run.js';

/** The clock as a command prints it: the state file's time and how far it runs ahead. */
function clockView(now: number, offsetMs: number) {
  return { Now: new Date(now), OffsetSeconds: offsetMs / 1000 };
}

/**
 * On a remote target the clock is the remote awsmsg server's (its /_awsmsg/clock); any other
 * endpoint (AWS, moto) keeps real time, and the command says so.
 */
async function remoteClock(env: CommandEnv, advance?: string): Promise<{ Now: Date; OffsetSeconds: number } | undefined> {
  const target = env.target();
  if (!target) return undefined;
  const answer = await target.own('clock', advance === undefined ? undefined : { advance });
  if (!answer) {
    const { localOnly } = await import('../../remote/target.js');
    throw localOnly('awsmsg clock', target, 'only awsmsg has a clock to move, and the endpoint is not an awsmsg server');
  }
  const body = answer.body as { now?: string; offsetSeconds?: number; message?: string };
  if (answer.status !== 200 || typeof body.now !== 'string') {
    throw new CliError('other', `The awsmsg server at ${target.label} refused: ${body.message ?? `HTTP ${answer.status}`}`);
  }
  return { Now: new Date(body.now), OffsetSeconds: Number(body.offsetSeconds ?? 0) };
}

const DURATION_HELP = 'use a number with s, m, h, d or ms, such as 31s';

/** The duration to advance by, or the usage error that says what is wrong with it. */
function durationArgument(text: string): number {
  // "-5s" is a duration with a sign, not an unknown option: say why it cannot be used
  if (text.startsWith('-')) {
    if (parseDuration(text.slice(1)) !== undefined) {
      throw new CliError('usage', `The clock only moves forward: '${text}' would move it back.`);
    }
    throw new CliError('usage', `error: unknown option '${text}'`);
  }
  const ms = parseDuration(text);
  if (ms === undefined) throw new CliError('usage', `Invalid duration '${text}': ${DURATION_HELP}.`);
  return ms;
}

export function define(cmd: Command, env: CommandEnv): void {
  cmd.action(async () => {
    const remote = await remoteClock(env);
    if (remote) return env.print(remote, 'Clock');
    const { store } = env.ctx();
    await env.print(clockView(store.clock.now(), store.clock.offset()), 'Clock');
  });
  cmd
    .command('advance')
    .description('move the clock forward, e.g. 31s, 5m, 2h, 1d (never backward)')
    .argument('<duration>', 'how far: a number with s, m, h, d or ms (seconds when no unit)')
    // a negative duration reaches the action, which explains that the clock only moves forward
    .allowUnknownOption()
    .action(async (duration: string) => {
      const ms = durationArgument(duration);
      const remote = await remoteClock(env, duration);
      if (remote) return env.print(remote, 'Clock');
      const { store } = env.ctx();
      const now = store.clock.advance(ms);
      await env.print(clockView(now, store.clock.offset()), 'Clock');
    });
}

import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';

/**
 * `awsmsg kinesis throughput-enforcement [on|off]`: Kinesis's per-shard limits (1 MiB/s or
 * 1,000 records/s in, 2 MiB/s and 5 reads/s out) are enforced by default, as on AWS; turn
 * them off for the account to load-test without throttling.
 */
export function define(cmd: Command, env: CommandEnv): void {
  cmd.argument('[state]', 'on or off; without it, shows the current setting').action(async (state?: string) => {
    const { isThroughputEnforced, setThroughputEnforcement } = await import('../../services/kinesis/index.js');
    const ctx = env.ctx();
    if (state !== undefined) {
      if (state !== 'on' && state !== 'off') throw new CliError('usage', `Expected on or off, not '${state}'.`);
      setThroughputEnforcement(ctx, state === 'on');
    }
    await env.print({ ThroughputEnforcement: isThroughputEnforced(ctx) ? 'on' : 'off' }, 'ThroughputEnforcement');
  });
}

/**
 * `awsmsg kinesis describe-leases --application-name A [--stream-name S]`: the application's
 * lease table, one row per shard lease with its owner, counter, checkpoint, lineage and lag
 * (records and milliseconds behind the shard's newest record). Printed with --output and
 * --query like an operation's result; `--output table` shows it as a table.
 */
import type { Command } from 'commander';
import type { Ctx } from '../../core/context.js';
import { describeLeases } from '../../kcl/describe.js';
import { parseWholeNumber } from '../../kcl/properties.js';

/** The part of the command line's CommandEnv (src/cli/run.ts) this command uses. */
export interface LeasesEnv {
  ctx(): Ctx;
  print(data: unknown, operationName: string): Promise<void>;
}

export function define(cmd: Command, env: LeasesEnv, done: (code: number) => void): void {
  cmd
    .description("show a KCL application's lease table: owner, checkpoint and lag per shard")
    .requiredOption('--application-name <name>', 'the application (the lease table) to show')
    .option('--stream-name <name>', 'only the leases of this stream')
    .option('--failover-time-millis <ms>', 'the failover time by which a lease counts as EXPIRED (10000)')
    .action(async (flags: { applicationName: string; streamName?: string; failoverTimeMillis?: string }) => {
      const failoverTimeMillis =
        flags.failoverTimeMillis === undefined ? undefined : parseWholeNumber(flags.failoverTimeMillis, '--failover-time-millis', { min: 1 });
      const ctx = env.ctx();
      const out = ctx.store.looking(() => describeLeases(ctx, {
        applicationName: flags.applicationName,
        ...(flags.streamName === undefined ? {} : { streamName: flags.streamName }),
        ...(failoverTimeMillis === undefined ? {} : { failoverTimeMillis }),
      }));
      await env.print(out, 'DescribeLeases');
      done(0);
    });
}

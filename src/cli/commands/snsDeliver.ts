import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';

/**
 * `awsmsg sns deliver`: perform the HTTP/S deliveries and retries that have fallen due. Every
 * awsmsg command already does this before it exits; this one can also keep going until
 * nothing is left to retry (--wait), following the clock.
 */
export function define(cmd: Command, env: CommandEnv): void {
  cmd
    .option('--wait', 'keep delivering until no delivery is pending (retries follow the DeliveryPolicy on the clock)')
    .option('--timeout <seconds>', 'with --wait, give up after this many real seconds', '60')
    .action(async (o: { wait?: boolean; timeout: string }) => {
      const seconds = Number(o.timeout);
      if (o.timeout.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
        throw new CliError('usage', `--timeout must be a number of seconds, not '${o.timeout}'.`);
      }
      const { runDueDeliveries } = await import('../../services/sns/index.js');
      const ctx = env.ctx();
      const deadline = Date.now() + seconds * 1000;
      let result = await runDueDeliveries(ctx, {});
      const total = { ...result };
      while (o.wait && result.pending > 0 && Date.now() < deadline && !env.io.signal.aborted) {
        await new Promise((r) => setTimeout(r, 200));
        result = await runDueDeliveries(ctx, {});
        for (const k of ['attempted', 'delivered', 'retrying', 'failed', 'deadLettered'] as const) total[k] += result[k];
        total.pending = result.pending;
        total.nextDueAt = result.nextDueAt;
      }
      await env.print(
        {
          Attempted: total.attempted,
          Delivered: total.delivered,
          Retrying: total.retrying,
          Failed: total.failed,
          DeadLettered: total.deadLettered,
          Pending: total.pending,
          NextDueAt: total.nextDueAt,
        },
        'Deliver',
      );
    });
}

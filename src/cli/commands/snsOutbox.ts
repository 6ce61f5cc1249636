import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';
import type { OutboxStatus } from '../../services/sns/outbox.js';

const STATUSES: readonly OutboxStatus[] = ['recorded', 'pending', 'delivered', 'failed', 'dead-lettered', 'cancelled'];
/** SNS's subscription protocols (Subscribe's Protocol) */
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

/** A filter value that can match nothing is a mistake worth saying, not an empty list. */
function checkChoice(flag: string, value: string | undefined, choices: readonly string[]): void {
  if (value !== undefined && !choices.includes(value)) {
    throw new CliError('usage', `${flag} must be one of ${choices.join(', ')}; not '${value}'.`);
  }
}

interface ListOptions {
  protocol?: string;
  endpoint?: string;
  topicArn?: string;
  subscriptionArn?: string;
  messageId?: string;
  status?: string;
  limit?: string;
  allRegions?: boolean;
}

/** `awsmsg sns outbox`: what SNS sent to endpoints awsmsg cannot reach (e-mail, SMS, push, ...) and HTTP/S delivery state. */
export function define(cmd: Command, env: CommandEnv): void {
  // `outbox clear --protocol sms`: options after a subcommand are the subcommand's (else the
  // list's --protocol took them and clear cleared every protocol)
  cmd.enablePositionalOptions();
  cmd
    .option('--protocol <protocol>', 'only this protocol (email, email-json, sms, application, lambda, firehose, http, https, sqs)')
    .option('--endpoint <endpoint>', 'only this endpoint')
    .option('--topic-arn <arn>', 'only deliveries of this topic')
    .option('--subscription-arn <arn>', 'only deliveries to this subscription')
    .option('--message-id <id>', 'only this message')
    .option('--status <status>', 'recorded, pending, delivered, failed, dead-lettered or cancelled')
    .option('--limit <n>', 'at most this many entries', '100')
    .option('--all-regions', 'entries of every region, not only the current one')
    .action(async (o: ListOptions) => {
      checkChoice('--protocol', o.protocol, PROTOCOLS);
      checkChoice('--status', o.status, STATUSES);
      const { listOutbox } = await import('../../services/sns/index.js');
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('usage', `--limit must be a positive whole number, not '${o.limit}'.`);
      const ctx = env.ctx();
      const entries = ctx.store.looking(() => listOutbox(ctx, { ...o, limit, allRegions: o.allRegions ?? false } as never));
      await env.print({ Entries: entries }, 'Outbox');
    });
  cmd
    .command('show')
    .description('one outbox entry, whole')
    .argument('<id>', 'the entry Id')
    .action(async (id: string) => {
      const { getOutboxEntry } = await import('../../services/sns/index.js');
      const ctx = env.ctx();
      const entry = /^\d+$/.test(id) ? ctx.store.looking(() => getOutboxEntry(ctx, Number(id))) : undefined;
      if (!entry) throw new CliError('other', `There is no outbox entry ${id}.`);
      await env.print(entry, 'OutboxEntry');
    });
  cmd
    .command('clear')
    .description('delete finished entries (pending HTTP/S deliveries stay)')
    .option('--protocol <protocol>', 'only this protocol')
    .option('--endpoint <endpoint>', 'only this endpoint')
    .option('--all-regions', 'every region')
    .action(async (o: { protocol?: string; endpoint?: string; allRegions?: boolean }) => {
      checkChoice('--protocol', o.protocol, PROTOCOLS);
      const { clearOutbox } = await import('../../services/sns/index.js');
      await env.print({ Cleared: clearOutbox(env.ctx(), o) }, 'ClearOutbox');
    });
}

import type { Command } from 'commander';
import { asOperation } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';

/**
 * `awsmsg sns visit-subscribe-url URL`: what visiting the SubscribeURL of a confirmation
 * message (or the link of a confirmation e-mail in the outbox) does on AWS: confirms it.
 */
export function define(cmd: Command, env: CommandEnv): void {
  cmd.argument('<url>', 'the SubscribeURL from a SubscriptionConfirmation message').action(async (url: string) => {
    const { confirmFromSubscribeUrl } = await import('../../services/sns/index.js');
    // visiting the URL calls ConfirmSubscription (its query string says Action=ConfirmSubscription)
    const ctx = env.ctx();
    await env.print(asOperation('ConfirmSubscription', () => confirmFromSubscribeUrl(ctx, url)), 'ConfirmSubscription');
  });
}

/**
 * `awsmsg sns explain-filter`: for one message, which subscriptions of a topic its filter
 * policies let through and why not the others. It takes exactly the arguments of
 * `sns publish` (--topic-arn, --message, --message-attributes, --message-structure), so a
 * publish command line can be turned into a question by changing its verb; nothing is sent.
 */
import { CliError } from '../../core/errors.js';
import { loadModel } from '../../model/load.js';
import { parseOperationArgs } from '../args/operation.js';
import { EXIT } from '../exit.js';
import type { CommandEnv } from '../run.js';

export async function run(args: string[], env: CommandEnv): Promise<number> {
  const model = await loadModel('sns');
  const parsed = parseOperationArgs(args, 'Publish', model, { binaryFormat: env.config().binaryFormat, paginated: false });
  if (parsed.help) {
    env.io.out(
      'awsmsg sns explain-filter --topic-arn <value> --message <value> [--message-attributes <value>] [--message-structure <value>]\n\n' +
        'Shows, for one message, which subscriptions of the topic would receive it and why the others would not.\n' +
        'Takes the arguments of `sns publish`; publishes nothing.\n',
    );
    return EXIT.ok;
  }
  const p = parsed.params as { TopicArn?: string; Message?: string; MessageAttributes?: never; MessageStructure?: string };
  if (p.TopicArn === undefined) throw new CliError('usage', 'the following arguments are required: --topic-arn', { showUsage: true });
  const input = { TopicArn: p.TopicArn, Message: p.Message ?? '', MessageAttributes: p.MessageAttributes, MessageStructure: p.MessageStructure };
  const ctx = env.ctx();
  // on a remote target the subscriptions are read through SNS's operations, then judged here;
  // locally nothing is sent: it only looks
  const result = ctx.target
    ? await (await import('../../remote/explain.js')).explainRemote(ctx, input)
    : await (async () => {
        const { explainFilterPolicies } = await import('../../services/sns/index.js');
        return ctx.store.looking(() => explainFilterPolicies(ctx, input));
      })();
  await env.print(result, 'ExplainFilter');
  return EXIT.ok;
}

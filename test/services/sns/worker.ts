/**
 * A separate OS process for the SNS concurrency tests (bundled by the tests with esbuild). One
 * JSON line on stdout per acknowledged step.
 *   worker publish <db> <topicArn> <count> <groupId> [dedupPrefix]   publish count messages
 *   worker deliver <db>                                              runDueDeliveries once
 */
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../../src/core/context.js';
import { handlers, runDueDeliveries } from '../../../src/services/sns/index.js';
import { openStore } from '../../../src/store/db.js';

const [mode, path, ...args] = process.argv.slice(2) as [string, string, ...string[]];
const store = openStore(path);
const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  if (mode === 'publish') {
    const [topicArn, count, groupId, dedupPrefix] = args as [string, string, string, string | undefined];
    for (let i = 0; i < Number(count); i++) {
      const input: Record<string, unknown> = { TopicArn: topicArn, Message: `${process.pid}-${i}`, MessageGroupId: groupId };
      if (dedupPrefix !== undefined) input.MessageDeduplicationId = `${dedupPrefix}${i}`;
      out(await handlers.Publish!(ctx, input));
    }
  } else if (mode === 'deliver') {
    out(await runDueDeliveries(ctx, { concurrency: 4 }));
  }
}

main()
  .then(() => store.close())
  .catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });

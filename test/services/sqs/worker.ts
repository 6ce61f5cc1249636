/**
 * A separate OS process for the concurrency tests: opens the state file and runs SQS operations,
 * reporting each acknowledged step on stdout as one JSON line. Bundled by the tests with esbuild.
 *   worker consume <db> <queueUrl> <name>   receive+delete until the queue is empty
 *   worker send <db> <queueUrl> <count>     send count messages, one line per acknowledged send
 *   worker drain <db> <queueUrl>            receive+delete forever, one line per acknowledged delete
 *   worker wait <db> <queueUrl>             one long-polling receive (20 s); prints when it starts and what it got
 */
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../../src/core/context.js';
import { handlers } from '../../../src/services/sqs/index.js';
import { openStore } from '../../../src/store/db.js';

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const [mode, path, queueUrl, arg] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = openStore(path);
const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
const call = async (op: string, req: Record<string, unknown>): Promise<Res> => ((await handlers[op]!(ctx, req)) ?? {}) as Res;
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

async function consume(name: string): Promise<void> {
  // start together: report ready, then wait for the parent's go
  out({ ready: name });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (;;) {
    const r = await call('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 });
    const messages = (r.Messages ?? []) as Array<{ MessageId: string; Body: string; ReceiptHandle: string }>;
    if (messages.length === 0) {
      const a = await call('GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['All'] });
      if (a.Attributes.ApproximateNumberOfMessages === '0' && a.Attributes.ApproximateNumberOfMessagesNotVisible === '0') return;
      continue;
    }
    for (const m of messages) out({ worker: name, id: m.MessageId, body: m.Body, at: store.clock.now() });
    const d = await call('DeleteMessageBatch', {
      QueueUrl: queueUrl,
      Entries: messages.map((m, i) => ({ Id: `e${i}`, ReceiptHandle: m.ReceiptHandle })),
    });
    if (d.Failed) out({ worker: name, failed: d.Failed });
  }
}

async function send(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await call('SendMessage', { QueueUrl: queueUrl, MessageBody: `m${i}` });
    out({ sent: r.MessageId });
  }
}

async function drain(): Promise<never> {
  for (;;) {
    const r = await call('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 1 });
    for (const m of (r.Messages ?? []) as Array<{ MessageId: string; ReceiptHandle: string }>) {
      await call('DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
      out({ deleted: m.MessageId });
    }
  }
}

async function waitOnce(): Promise<void> {
  out({ waiting: true });
  const r = await call('ReceiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20 });
  out({ got: (r.Messages ?? []).map((m: { Body: string }) => m.Body), at: Date.now() });
}

async function main(): Promise<void> {
  if (mode === 'consume') await consume(arg ?? 'w');
  else if (mode === 'send') await send(Number(arg));
  else if (mode === 'drain') await drain();
  else if (mode === 'wait') await waitOnce();
  else throw new Error(`unknown mode ${mode}`);
  store.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});

/**
 * Publish throughput with 1, 10 or 100 SQS subscribers (`npm run bench`), against the rate
 * at which a bare better-sqlite3 loop inserts the very same rows.
 *
 * deliveredPerSecond: messages that landed in queues per second of Publish calls (each Publish
 * is one write transaction: validation, signing, envelope, SQS delivery of every copy).
 * rawSqlitePerSecond: the same sqs_messages rows, copied from the publish run, inserted by a
 * prepared statement in a loop into a fresh state file, one transaction per published message
 * (the same commits as the publishes, nothing else).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../../core/context.js';
import { DEFAULT_ACCOUNT_ID } from '../../core/context.js';
import { openStore, type Store } from '../../store/db.js';
import { handlers as sqs } from '../sqs/index.js';
import { publish } from './publish.js';
import { signingIdentity } from './signing.js';
import { createTopic } from './topics.js';
import { subscribe } from './subscriptions.js';

export interface PublishBenchResult {
  deliveredPerSecond: number;
  rawSqlitePerSecond: number;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

function freshStore(path: string): Store {
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  return openStore(path);
}

function setUp(ctx: Ctx, subscribers: number, raw: boolean): string {
  const topicArn = createTopic(ctx, { Name: 'bench' }).TopicArn;
  for (let i = 0; i < subscribers; i++) {
    const { QueueUrl } = sqs.CreateQueue!(ctx, { QueueName: `bench-${i}` }) as { QueueUrl: string };
    const attrs = sqs.GetQueueAttributes!(ctx, { QueueUrl, AttributeNames: ['QueueArn'] }) as { Attributes: { QueueArn: string } };
    subscribe(ctx, {
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: attrs.Attributes.QueueArn,
      Attributes: raw ? { RawMessageDelivery: 'true' } : undefined,
    });
  }
  signingIdentity(ctx.store); // key generation is a one-off, not part of publishing
  return topicArn;
}

/** The same rows, inserted by a bare loop, one transaction per published message. */
function rawInsertRate(from: Store, path: string, subscribers: number): number {
  const to = freshStore(path);
  try {
    const queues = from.db.prepare('SELECT * FROM sqs_queues ORDER BY id').all() as Record<string, unknown>[];
    const rows = from.db.prepare('SELECT * FROM sqs_messages ORDER BY id').all() as Record<string, unknown>[];
    const insertRow = (table: string, sample: Record<string, unknown>) =>
      to.db.prepare(`INSERT INTO ${table} (${Object.keys(sample).join(', ')}) VALUES (${Object.keys(sample).map((k) => `@${k}`).join(', ')})`);
    const q = insertRow('sqs_queues', queues[0]!);
    to.db.transaction(() => queues.forEach((r) => q.run(r)))();
    const m = insertRow('sqs_messages', rows[0]!);
    const perMessage = to.db.transaction((batch: Record<string, unknown>[]) => {
      for (const r of batch) m.run(r);
    });
    const start = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += subscribers) perMessage.immediate(rows.slice(i, i + subscribers));
    return rows.length / seconds(start);
  } finally {
    to.close();
  }
}

/**
 * `opts.rawMessageDelivery` subscribes the queues with RawMessageDelivery (no envelope, so no
 * signature): the cost of the delivery path alone.
 */
export function benchPublish(
  dir: string,
  subscribers: 1 | 10 | 100,
  messages: number,
  opts: { rawMessageDelivery?: boolean } = {},
): PublishBenchResult {
  const path = join(dir, `sns-bench-${subscribers}.db`);
  const store = freshStore(path);
  try {
    const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
    const topicArn = setUp(ctx, subscribers, opts.rawMessageDelivery ?? false);
    const body = JSON.stringify({ order: 12345, items: ['book', 'pen'], note: 'x'.repeat(200) });
    const attrs = { kind: { DataType: 'String', StringValue: 'order' }, total: { DataType: 'Number', StringValue: '42.5' } };
    const start = process.hrtime.bigint();
    for (let i = 0; i < messages; i++) publish(ctx, { TopicArn: topicArn, Message: body, MessageAttributes: attrs });
    const elapsed = seconds(start);
    const delivered = store.db.prepare('SELECT count(*) FROM sqs_messages').pluck().get() as number;
    return {
      deliveredPerSecond: delivered / elapsed,
      rawSqlitePerSecond: rawInsertRate(store, join(dir, `sns-bench-raw-${subscribers}.db`), subscribers),
    };
  } finally {
    store.close();
  }
}

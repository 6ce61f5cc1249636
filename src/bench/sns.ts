/**
 * Publish throughput with 1, 10 or 100 SQS subscribers (`npm run bench`), against the rate
 * at which a bare better-sqlite3 loop inserts the very same rows.
 *
 * deliveredPerSecond: messages that landed in queues per second of Publish calls (each Publish
 * is one write transaction: validation, envelope, SQS delivery of every copy; the signature of
 * a queue copy is made when it is first received, which benchFirstReceive measures).
 * rawSqlitePerSecond: the same sqs_messages rows, copied from the publish run, inserted by a
 * prepared statement in a loop into a fresh state file, one transaction per published message
 * (the same commits as the publishes, nothing else).
 * Publishing and raw inserting alternate in rounds; each rate is the best round's, and the
 * ratio the median of the rounds' ratios, so a machine whose load changes during the run
 * disturbs both sides of each ratio alike.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.js';
import type { Ctx } from '../core/context.js';
import { DEFAULT_ACCOUNT_ID } from '../core/context.js';
import { openStore, type Store } from '../store/db.js';
import { handlers as sqs } from '../services/sqs/index.js';
import { receiveMessageNow } from '../services/sqs/receive.js';
import { publish } from '../services/sns/publish.js';
import { signingIdentity } from '../services/sns/signing.js';
import { createTopic } from '../services/sns/topics.js';
import { subscribe } from '../services/sns/subscriptions.js';

export interface PublishBenchResult {
  deliveredPerSecond: number;
  rawSqlitePerSecond: number;
  /** the median of the rounds' ratios of the two */
  ratio: number;
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

/** A fresh state file with the publish run's queues, and a bare insert of given rows into it. */
function rawInserter(from: Store, path: string, subscribers: number): { rate(rows: Record<string, unknown>[]): number; close(): void } {
  const to = freshStore(path);
  const queues = from.db.prepare('SELECT * FROM sqs_queues ORDER BY id').all() as Record<string, unknown>[];
  const insertInto = (table: string, sample: Record<string, unknown>) =>
    to.db.prepare(`INSERT INTO ${table} (${Object.keys(sample).join(', ')}) VALUES (${Object.keys(sample).map((k) => `@${k}`).join(', ')})`);
  const q = insertInto('sqs_queues', queues[0]!);
  to.db.transaction(() => queues.forEach((r) => q.run(r)))();
  let insert: ReturnType<typeof insertInto> | undefined;
  const perMessage = to.db.transaction((batch: Record<string, unknown>[]) => {
    for (const r of batch) insert!.run(r);
  });
  return {
    rate(rows) {
      insert ??= insertInto('sqs_messages', rows[0]!);
      const start = process.hrtime.bigint();
      for (let i = 0; i < rows.length; i += subscribers) perMessage.immediate(rows.slice(i, i + subscribers));
      return rows.length / seconds(start);
    },
    close: () => to.close(),
  };
}

/** Rounds of publishing and of inserting the same rows, alternated; the best round of each counts. */
const ROUNDS = 5;

export function benchPublish(
  dir: string,
  subscribers: 1 | 10 | 100,
  messages: number,
  opts: { rawMessageDelivery?: boolean } = {},
): PublishBenchResult {
  const path = join(dir, `sns-bench-${subscribers}.db`);
  const store = freshStore(path);
  let raw: ReturnType<typeof rawInserter> | undefined;
  try {
    const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
    const topicArn = setUp(ctx, subscribers, opts.rawMessageDelivery ?? false);
    raw = rawInserter(store, join(dir, `sns-bench-raw-${subscribers}.db`), subscribers);
    const body = JSON.stringify({ order: 12345, items: ['book', 'pen'], note: 'x'.repeat(200) });
    const attrs = { kind: { DataType: 'String', StringValue: 'order' }, total: { DataType: 'Number', StringValue: '42.5' } };
    const newRows = store.db.prepare('SELECT * FROM sqs_messages WHERE id > ? ORDER BY id');
    const perRound = Math.max(1, Math.floor(messages / ROUNDS));
    let lastId = 0;
    let best = 0;
    let bestRaw = 0;
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) publish(ctx, { TopicArn: topicArn, Message: body, MessageAttributes: attrs });
      const elapsed = seconds(start);
      const rows = newRows.all(lastId) as Record<string, unknown>[];
      lastId = rows.length ? (rows[rows.length - 1]!.id as number) : lastId;
      const delivered = rows.length / elapsed;
      const rawRate = raw.rate(rows);
      best = Math.max(best, delivered);
      bestRaw = Math.max(bestRaw, rawRate);
      ratios.push(delivered / rawRate);
    }
    return { deliveredPerSecond: best, rawSqlitePerSecond: bestRaw, ratio: median(ratios) };
  } finally {
    raw?.close();
    store.close();
  }
}

export interface FirstReceiveBenchResult {
  /** envelopes received per second the first time (each receive signs the copies it returns) */
  firstPerSecond: number;
  /** the same envelopes received again, already signed */
  laterPerSecond: number;
}

/**
 * Where the signature of an SQS copy is paid: ReceiveMessage (10 at a time) of `messages`
 * published envelopes the first time, against receiving the same copies again.
 */
export function benchFirstReceive(dir: string, messages: number): FirstReceiveBenchResult {
  const store = freshStore(join(dir, 'sns-bench-receive.db'));
  try {
    const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
    const topicArn = setUp(ctx, 1, false);
    const QueueUrl = (sqs.GetQueueUrl!(ctx, { QueueName: 'bench-0' }) as { QueueUrl: string }).QueueUrl;
    const body = JSON.stringify({ order: 12345, items: ['book', 'pen'], note: 'x'.repeat(200) });
    for (let i = 0; i < messages; i++) publish(ctx, { TopicArn: topicArn, Message: body });
    const pass = (): number => {
      const start = process.hrtime.bigint();
      let got = 0;
      for (;;) {
        const n = receiveMessageNow(ctx, { QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }).Messages?.length ?? 0;
        if (n === 0) break;
        got += n;
      }
      if (got !== messages) throw new Error(`received ${got} of ${messages} messages`);
      return got / seconds(start);
    };
    const firstPerSecond = pass();
    store.clock.advance(61_000);
    return { firstPerSecond, laterPerSecond: pass() };
  } finally {
    store.close();
  }
}

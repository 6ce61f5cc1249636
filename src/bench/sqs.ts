/**
 * Benchmarks of the SQS operation layer (run by `npm run bench`, not by the tests).
 *  - throughput: SendMessageBatch / ReceiveMessage / DeleteMessageBatch of 10 messages at a time,
 *    against a raw better-sqlite3 loop doing the same inserts, updates and deletes;
 *  - receive latency: median ReceiveMessage time on a queue of 1,000 vs 1,000,000 messages.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { median, pairedRatio } from './stats.js';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import { openRawDatabase, openStore, type Store } from '../store/db.js';
import { deleteMessageBatch, sendMessageBatch } from '../services/sqs/messageOps.js';
import { createQueue } from '../services/sqs/queueOps.js';
import { receiveMessageNow } from '../services/sqs/receive.js';

const BATCH = 10;

function contextFor(path: string): { store: Store; ctx: Ctx } {
  const store = openStore(path);
  return { store, ctx: { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID } };
}

const body = (i: number): string => `{"order":${i},"item":"widget","quantity":3,"note":"benchmark message body"}`;

function awsmsgThroughput(path: string, messages: number): number {
  const { store, ctx } = contextFor(path);
  try {
    const { QueueUrl } = createQueue(ctx, { QueueName: 'bench-throughput' });
    return timeRounds(messages, (done, n) => {
      sendMessageBatch(ctx, { QueueUrl, Entries: Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: body(done + i) })) });
      const got = receiveMessageNow(ctx, { QueueUrl, MaxNumberOfMessages: BATCH }).Messages ?? [];
      if (got.length > 0) deleteMessageBatch(ctx, { QueueUrl, Entries: got.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })) });
      return got.length;
    });
  } finally {
    store.close();
  }
}

/**
 * The same SQL work with nothing around it: the same table and index, the same rows inserted,
 * claimed (select + update) and deleted, ten at a time, one transaction per step.
 */
function rawThroughput(path: string, messages: number): number {
  const db = openRawDatabase(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE m (id INTEGER PRIMARY KEY, queue_id INTEGER NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL,
               md5_body TEXT NOT NULL, attributes TEXT, md5_attributes TEXT, sent_ms INTEGER NOT NULL, enqueued_ms INTEGER NOT NULL,
               visible_ms INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0, first_receive_ms INTEGER,
               received_ms INTEGER, nonce INTEGER NOT NULL DEFAULT 0, group_id TEXT, system TEXT);
             CREATE INDEX m_visible ON m (queue_id, visible_ms, enqueued_ms);`);
    const insert = db.prepare(
      `INSERT INTO m (queue_id, message_id, body, md5_body, sent_ms, enqueued_ms, visible_ms)
       VALUES (1, ?, ?, '00000000000000000000000000000000', ?, ?, ?)`,
    );
    const select = db.prepare('SELECT * FROM m WHERE queue_id = 1 AND visible_ms <= ? ORDER BY visible_ms, enqueued_ms, id LIMIT ?');
    const claim = db.prepare('UPDATE m SET visible_ms = ?, receive_count = receive_count + 1, received_ms = ? WHERE id = ?');
    const remove = db.prepare('DELETE FROM m WHERE id = ?');
    const send = db.transaction((rows: string[]) => {
      const now = Date.now();
      for (const r of rows) insert.run(randomUUID(), r, now, now, now);
    });
    const receive = db.transaction((n: number) => {
      const now = Date.now();
      const rows = select.all(now, n) as Array<{ id: number }>;
      for (const r of rows) claim.run(now + 30_000, now, r.id);
      return rows;
    });
    const del = db.transaction((ids: number[]) => {
      for (const id of ids) remove.run(id);
    });
    return timeRounds(messages, (done, n) => {
      send.immediate(Array.from({ length: n }, (_, i) => body(done + i)));
      const got = receive.immediate(BATCH);
      del.immediate(got.map((r) => r.id));
      return got.length;
    });
  } finally {
    db.close();
  }
}

/** Runs batches until `messages` have gone through; returns the seconds it took. */
function timeRounds(messages: number, batch: (done: number, n: number) => number): number {
  const started = process.hrtime.bigint();
  let done = 0;
  while (done < messages) {
    const got = batch(done, Math.min(BATCH, messages - done));
    if (got === 0) throw new Error('benchmark queue unexpectedly empty');
    done += got;
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Messages per second through send-batch / receive / delete-batch, awsmsg against raw SQLite.
 * The two alternate in rounds on fresh files; the ratio is the median of the rounds' ratios,
 * so a machine whose load changes during the run disturbs both sides of each ratio alike.
 */
export function benchThroughput(dir: string, messages: number): { awsmsgPerSecond: number; rawSqlitePerSecond: number; ratio: number } {
  awsmsgThroughput(join(dir, 'sqs-throughput-warmup.db'), 500); // first-use compilation, not measured
  rawThroughput(join(dir, 'raw-throughput-warmup.db'), 500);
  const rounds = 7;
  const per = Math.max(BATCH, Math.ceil(messages / rounds));
  const awsmsg: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < rounds; r++) {
    awsmsg.push(per / awsmsgThroughput(join(dir, `sqs-throughput-${r}.db`), per));
    raw.push(per / rawThroughput(join(dir, `raw-throughput-${r}.db`), per));
  }
  return { awsmsgPerSecond: median(awsmsg), rawSqlitePerSecond: median(raw), ratio: pairedRatio(awsmsg, raw) };
}

/**
 * Fills a queue fast, straight into the table (the bench's "direct insert path"): rows shaped
 * exactly as SendMessage writes them, sent a millisecond apart in the past.
 */
export function fillQueueDirect(store: Store, queueName: string, count: number, region = 'us-east-1'): void {
  const q = store.db
    .prepare('SELECT id FROM sqs_queues WHERE region = ? AND account_id = ? AND name = ?')
    .get(region, DEFAULT_ACCOUNT_ID, queueName) as { id: number } | undefined;
  if (!q) throw new Error(`no queue ${queueName}`);
  const start = store.clock.now() - count - 1000;
  const insert = store.db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, sent_ms, enqueued_ms, visible_ms)
     SELECT ?, lower(hex(randomblob(16))), 'message ' || i, lower(hex(randomblob(16))), ? + i, ? + i, ? + i FROM n`,
  );
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk) - 1;
    store.write(() => insert.run(from, to, q.id, start, start, start));
  }
}

function medianReceiveMs(ctx: Ctx, QueueUrl: string, rounds: number): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    const r = receiveMessageNow(ctx, { QueueUrl });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!r.Messages) throw new Error('benchmark queue unexpectedly empty');
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function benchReceiveLatency(dir: string, rounds = 300): { small: number; large: number } {
  const measure = (file: string, count: number): number => {
    const { store, ctx } = contextFor(join(dir, file));
    try {
      const { QueueUrl } = createQueue(ctx, { QueueName: 'bench-latency' });
      fillQueueDirect(store, 'bench-latency', count);
      medianReceiveMs(ctx, QueueUrl, 20); // warm-up
      return medianReceiveMs(ctx, QueueUrl, rounds);
    } finally {
      store.close();
    }
  };
  return { small: measure('sqs-latency-1k.db', 1_000), large: measure('sqs-latency-1m.db', 1_000_000) };
}

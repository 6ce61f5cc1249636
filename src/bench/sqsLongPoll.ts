/**
 * Benchmark (4) of `npm run bench`: how fast a long-polling receiver in one process sees a
 * message sent by another. Two halves:
 *  - longPollReceiver(args): the receiving process. args = [statePath, queueUrl, rounds].
 *    Per round it prints "ready", long-polls (WaitTimeSeconds 20), prints the real time it got
 *    the message, and deletes it.
 *  - benchLongPoll(dir, spawnReceiver): the sending side. spawnReceiver(args) must start a
 *    process that calls longPollReceiver(args) (e.g. the bench script re-run with a flag);
 *    returns the median milliseconds from send to receipt.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import { openStore } from '../store/db.js';
import { deleteMessage, sendMessage } from '../services/sqs/messageOps.js';
import { createQueue } from '../services/sqs/queueOps.js';
import { receiveMessage } from '../services/sqs/receive.js';

const line = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

export async function longPollReceiver(args: readonly string[]): Promise<void> {
  const [path, queueUrl, roundsText] = args as [string, string, string];
  const store = openStore(path);
  const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
  try {
    for (let i = 0; i < Number(roundsText); i++) {
      line({ ready: i });
      const r = await receiveMessage(ctx, { QueueUrl: queueUrl, WaitTimeSeconds: 20 });
      const at = Date.now();
      const m = r.Messages?.[0];
      line({ round: i, at, got: m?.Body ?? null });
      if (m) deleteMessage(ctx, { QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle });
    }
  } finally {
    store.close();
  }
}

/** Lines a child prints, as an async queue. */
function lines(child: ChildProcess): () => Promise<Record<string, unknown>> {
  const ready: Array<Record<string, unknown>> = [];
  const waiting: Array<(l: Record<string, unknown>) => void> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const l = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(l);
      else ready.push(l);
    }
  });
  return () => {
    const l = ready.shift();
    return l ? Promise.resolve(l) : new Promise((resolve) => waiting.push(resolve));
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Median milliseconds between a send in this process and its receipt by a long poll in another. */
export async function benchLongPoll(
  dir: string,
  spawnReceiver: (args: string[]) => ChildProcess,
  rounds = 20,
): Promise<number> {
  const path = join(dir, 'sqs-long-poll.db');
  const store = openStore(path);
  const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
  try {
    const { QueueUrl } = createQueue(ctx, { QueueName: 'bench-long-poll' });
    const child = spawnReceiver([path, QueueUrl, String(rounds)]);
    const next = lines(child);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const latencies: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await next(); // ready
      await sleep(150 + Math.floor(Math.random() * 50)); // well into its wait
      const sentAt = Date.now();
      sendMessage(ctx, { QueueUrl, MessageBody: `ping ${i}` });
      const got = await next();
      if (got.got === null) throw new Error('the long poll ended without the message');
      latencies.push((got.at as number) - sentAt);
    }
    await exited;
    latencies.sort((a, b) => a - b);
    return latencies[Math.floor(latencies.length / 2)]!;
  } finally {
    store.close();
  }
}

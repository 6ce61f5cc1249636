/**
 * Several OS processes on one state file: no message handed to two receivers within its
 * visibility timeout, none lost, nothing acknowledged undone by a killed process, and a long
 * poll in one process woken by a send (or a clock advance) in another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { bundleWorker } from '../../helpers/bundle.js';
import { ROOT } from '../../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsEnv } from './helpers.js';

let worker: Awaited<ReturnType<typeof bundleWorker>>;
let workerPath = '';

beforeAll(async () => {
  worker = await bundleWorker('test/services/sqs/worker.ts');
  workerPath = worker.path;
});
afterAll(() => worker?.remove());

type Line = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Worker {
  child: ChildProcess;
  lines: Line[];
  done: Promise<number | null>;
  /** resolves when a line satisfying the predicate has been printed */
  until(pred: (l: Line, all: Line[]) => boolean): Promise<void>;
}

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, [workerPath, ...args], {
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: Array<{ pred: (l: Line, all: Line[]) => boolean; resolve: () => void }> = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as Line;
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.pred(line, lines)) w.resolve();
        else waiters.push(w);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`worker ${args[0]} exited ${code}: ${stderr}\n`);
      resolve(code);
    }),
  );
  return {
    child,
    lines,
    done,
    until: (pred) =>
      new Promise<void>((resolve) => {
        if (lines.some((l) => pred(l, lines))) resolve();
        else waiters.push({ pred, resolve });
      }),
  };
}

describe('many processes, one state file', () => {
  const { env, call } = sqsEnv();

  async function queueWith(n: number): Promise<{ QueueUrl: string; ids: string[] }> {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'shared' });
    const ids: string[] = [];
    for (let i = 0; i < n; i += 10) {
      const Entries = Array.from({ length: Math.min(10, n - i) }, (_, j) => ({ Id: `e${j}`, MessageBody: `m${i + j}` }));
      const r = await call('SendMessageBatch', { QueueUrl, Entries });
      ids.push(...r.Successful.map((s: { MessageId: string }) => s.MessageId));
    }
    return { QueueUrl, ids };
  }

  it('four consumers receive every message exactly once', async () => {
    const { QueueUrl, ids } = await queueWith(400);
    const workers = ['a', 'b', 'c', 'd'].map((name) => startWorker(['consume', env().path, QueueUrl, name]));
    await Promise.all(workers.map((w) => w.until((l) => l.ready !== undefined)));
    for (const w of workers) w.child.stdin!.end('go\n');
    const codes = await Promise.all(workers.map((w) => w.done));
    expect(codes).toEqual([0, 0, 0, 0]);
    const received = workers.flatMap((w) => w.lines.filter((l) => l.id));
    expect(workers.flatMap((w) => w.lines.filter((l) => l.failed))).toEqual([]);
    const seen = received.map((l) => l.id as string);
    expect(new Set(seen).size).toBe(seen.length); // nobody got a message someone else held
    expect(new Set(seen)).toEqual(new Set(ids)); // and none was lost
    expect(workers.filter((w) => w.lines.length > 0).length).toBeGreaterThan(1);
    const left = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect([left.Attributes.ApproximateNumberOfMessages, left.Attributes.ApproximateNumberOfMessagesNotVisible]).toEqual(['0', '0']);
  });

  it('four senders at once lose nothing', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'shared' });
    const workers = [0, 1, 2, 3].map(() => startWorker(['send', env().path, QueueUrl, '100']));
    expect(await Promise.all(workers.map((w) => w.done))).toEqual([0, 0, 0, 0]);
    const sent = workers.flatMap((w) => w.lines.map((l) => l.sent as string));
    expect(new Set(sent).size).toBe(400);
    const left = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] });
    expect(left.Attributes.ApproximateNumberOfMessages).toBe('400');
  });

  it('a consumer killed mid-way undoes nothing it acknowledged', async () => {
    const { QueueUrl, ids } = await queueWith(300);
    const w = startWorker(['drain', env().path, QueueUrl]);
    await w.until((_l, all) => all.length >= 25);
    w.child.kill('SIGKILL');
    await w.done;
    const deleted = new Set(w.lines.map((l) => l.deleted as string));
    const remaining = new Set(
      (env().store.db.prepare('SELECT message_id FROM sqs_messages').all() as Array<{ message_id: string }>).map((r) => r.message_id),
    );
    for (const id of deleted) expect(remaining.has(id)).toBe(false);
    for (const id of remaining) expect(ids).toContain(id);
    // at most the one delete between its commit and its report can be missing from the report
    expect(deleted.size + remaining.size).toBeGreaterThanOrEqual(299);
    expect(deleted.size + remaining.size).toBeLessThanOrEqual(300);
  });

  it('a sender killed mid-way keeps every message it acknowledged', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'shared' });
    const w = startWorker(['send', env().path, QueueUrl, '100000']);
    await w.until((_l, all) => all.length >= 50);
    w.child.kill('SIGKILL');
    await w.done;
    const stored = new Set(
      (env().store.db.prepare('SELECT message_id FROM sqs_messages').all() as Array<{ message_id: string }>).map((r) => r.message_id),
    );
    const acknowledged = w.lines.map((l) => l.sent as string);
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    expect(stored.size - acknowledged.length).toBeLessThanOrEqual(1);
  });

  it('a long poll in one process returns when another process sends', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'shared' });
    const w = startWorker(['wait', env().path, QueueUrl]);
    await w.until((l) => l.waiting === true);
    await new Promise((r) => setTimeout(r, 300)); // let it settle into waiting
    await call('SendMessage', { QueueUrl, MessageBody: 'hello' });
    expect(await w.done).toBe(0);
    expect(w.lines.find((l) => l.got)?.got).toEqual(['hello']);
  });

  it('a long poll ends when another process moves the clock past its wait', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'shared' });
    const w = startWorker(['wait', env().path, QueueUrl]);
    await w.until((l) => l.waiting === true);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    env().advance(21_000);
    expect(await w.done).toBe(0);
    expect(w.lines.find((l) => l.got)?.got).toEqual([]);
    expect(Date.now() - started).toBeLessThan(15_000); // well before its 20 s of real time
  });
});

/**
 * Several OS processes on one state file: FIFO deduplication and sequence numbers hold across
 * processes, and HTTP deliveries run by two processes at once reach the endpoint once each.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { bundleWorker } from '../../helpers/bundle.js';
import { ROOT } from '../../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, runDueDeliveries } from '../../../src/services/sns/index.js';
import { env, sns } from './helpers.js';
import { createQueue, queueMessages } from './queues.js';

let worker: Awaited<ReturnType<typeof bundleWorker>>;
let workerPath = '';

beforeAll(async () => {
  worker = await bundleWorker('test/services/sns/worker.ts');
  workerPath = worker.path;
});
afterAll(() => worker?.remove());

type Line = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs a worker to completion; its stdout lines, parsed. */
function run(args: string[]): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerPath, ...args], {
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker ${args[0]} exited ${code}: ${stderr}`));
      else resolve(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line));
    });
  });
}

describe('SNS across processes', () => {
  it('deduplicates a FIFO topic across processes and keeps sequence numbers increasing', async () => {
    const e = env();
    const t = sns(e.ctx, 'CreateTopic', { Name: 'p.fifo', Attributes: { FifoTopic: 'true' } }).TopicArn as string;
    const q = await createQueue(e.ctx, 'p.fifo');
    sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    // four processes publish the same 25 deduplication ids at once
    const results = await Promise.all([0, 1, 2, 3].map(() => run(['publish', e.path, t, '25', 'g', 'id-'])));
    const byDedup = new Map<number, Set<string>>();
    results.forEach((lines) => lines.forEach((l, i) => (byDedup.get(i) ?? byDedup.set(i, new Set()).get(i)!).add(`${l.MessageId}/${l.SequenceNumber}`)));
    // every process got the same answer for the same id
    expect([...byDedup.values()].every((s) => s.size === 1)).toBe(true);
    const received = await queueMessages(e.ctx, q);
    expect(received).toHaveLength(25);
    const seqs = received.map((m) => BigInt(JSON.parse(m.Body).SequenceNumber as string));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
  });

  it('publishes from several processes into one queue without loss', async () => {
    const e = env();
    const t = sns(e.ctx, 'CreateTopic', { Name: 'many.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }).TopicArn as string;
    const q = await createQueue(e.ctx, 'many.fifo');
    sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    const results = await Promise.all([0, 1, 2].map(() => run(['publish', e.path, t, '20', 'g'])));
    const sequence = results.flat().map((l) => BigInt(l.SequenceNumber as string)).sort((a, b) => (a < b ? -1 : 1));
    expect(new Set(sequence).size).toBe(60);
    const received = (await queueMessages(e.ctx, q)).map((m) => BigInt(JSON.parse(m.Body).SequenceNumber as string));
    expect(received).toEqual(sequence);
  });

  it('delivers each HTTP notification once when two processes run the deliveries', async () => {
    const e = env();
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(`${req.headers['x-amz-sns-message-type']} ${req.headers['x-amz-sns-message-id']}`);
        setTimeout(() => res.writeHead(200).end(), 20);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const t = sns(e.ctx, 'CreateTopic', { Name: 'web' }).TopicArn as string;
      const sub = sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: url, ReturnSubscriptionArn: true }).SubscriptionArn as string;
      await runDueDeliveries(e.ctx);
      const token = /"Token" : "([0-9a-f]+)"/.exec(listOutbox(e.ctx, { subscriptionArn: sub })[0]!.Body)![1];
      sns(e.ctx, 'ConfirmSubscription', { TopicArn: t, Token: token });
      for (let i = 0; i < 30; i++) sns(e.ctx, 'Publish', { TopicArn: t, Message: `n${i}` });
      const [a, b] = await Promise.all([run(['deliver', e.path]), run(['deliver', e.path])]);
      expect(a[0]!.delivered + b[0]!.delivered).toBe(30);
      const notes = seen.filter((s) => s.startsWith('Notification'));
      expect(notes).toHaveLength(30);
      expect(new Set(notes).size).toBe(30);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

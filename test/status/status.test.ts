import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { DEFAULT_ACCOUNT_ID } from '../../src/core/context.js';
import { LeaseTable } from '../../src/kcl/leases.js';
import { openStore, type Store } from '../../src/store/db.js';
import { BIN, cliSandbox, type CliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

const okIn = (box: CliSandbox, args: string[], input?: string) => {
  const r = box.run(args, { input });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const ok = (args: string[]) => okIn(sb, args);

/**
 * The state file's bytes, with its WAL's: a write changes them. (Not the shared-memory index,
 * and not an empty WAL, which a reader that opened the file leaves behind and holds nothing.)
 */
function stateFingerprint(box: CliSandbox): string {
  const h = createHash('sha256');
  for (const f of readdirSync(box.dir).filter((n) => n.startsWith('state.db') && !n.endsWith('-shm')).sort()) {
    const bytes = readFileSync(join(box.dir, f));
    if (f.endsWith('-wal') && bytes.length === 0) continue;
    h.update(f).update(bytes);
  }
  return h.digest('hex');
}

/** Runs fn on the state file from this process, as another awsmsg process would. */
function withStore<T>(box: CliSandbox, fn: (store: Store) => T): T {
  const store = openStore(box.db);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

describe('awsmsg status', () => {
  it('says there is nothing to show, without creating a state file', () => {
    const r = sb.run(['status']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`No state file at ${sb.db} yet: nothing to show.\n`);
    expect(existsSync(sb.db)).toBe(false);
  });

  describe('with queues, a topic and a stream', () => {
    beforeAll(() => {
      ok(['sqs', 'create-queue', '--queue-name', 'orders-dlq']);
      const policy = JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', maxReceiveCount: '4' });
      ok(['sqs', 'create-queue', '--queue-name', 'orders', '--attributes', JSON.stringify({ RedrivePolicy: policy, DelaySeconds: '0' })]);
      const url = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders';
      ok(['sqs', 'send-message', '--queue-url', url, '--message-body', 'a']);
      ok(['sqs', 'send-message', '--queue-url', url, '--message-body', 'b']);
      ok(['sqs', 'send-message', '--queue-url', url, '--message-body', 'c', '--delay-seconds', '60']);
      ok(['sqs', 'receive-message', '--queue-url', url]);
      ok(['sns', 'create-topic', '--name', 'events']);
      const topic = 'arn:aws:sns:us-east-1:000000000000:events';
      ok(['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', 'arn:aws:sqs:us-east-1:000000000000:orders']);
      ok(['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'https', '--notification-endpoint', 'https://127.0.0.1:9/hook']);
      ok(['kinesis', 'create-stream', '--stream-name', 'clicks', '--shard-count', '3']);
      ok(['clock', 'advance', '5s']);
    });

    it('gives scripts the data with --output json', () => {
      const report = JSON.parse(ok(['status', '--output', 'json']));
      expect(report.StateFile).toBe(sb.db);
      expect(report.Region).toBe('us-east-1');
      expect(report.Queues).toEqual([
        { QueueName: 'orders', QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/orders', Fifo: false, Visible: 1, InFlight: 1, Delayed: 1, DeadLetterQueue: 'orders-dlq', MaxReceiveCount: 4 },
        { QueueName: 'orders-dlq', QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/orders-dlq', Fifo: false, Visible: 0, InFlight: 0, Delayed: 0, DeadLetterSources: ['orders'] },
      ]);
      expect(report.Topics).toEqual([
        {
          TopicName: 'events',
          TopicArn: 'arn:aws:sns:us-east-1:000000000000:events',
          Fifo: false,
          Subscriptions: { sqs: 1 },
          PendingConfirmation: 1,
          OutboxPending: 1,
          OutboxFailed: 0,
        },
      ]);
      expect(report.Streams).toEqual([
        {
          StreamName: 'clicks',
          StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
          Status: 'ACTIVE',
          Mode: 'PROVISIONED',
          OpenShards: 3,
          ClosedShards: 0,
          RetentionHours: 24,
          Consumers: 0,
          Records: 0,
          ThrottledReads: 0,
          ThrottledWrites: 0,
        },
      ]);
      expect(report.Applications).toEqual([]);
    });

    it('takes --query like an operation', () => {
      expect(ok(['status', '--query', 'Queues[].QueueName', '--output', 'text'])).toBe('orders\torders-dlq\n');
    });

    it('draws tables', () => {
      const out = ok(['status']);
      expect(out).toMatch(/^awsmsg status {2}\S+state\.db {2}us-east-1 {2}\d{4}-/);
      expect(out).toContain('Queues (2)');
      expect(out).toMatch(/│ orders +│ +1 │ +1 │ +1 │ orders-dlq +│ +4 │ +- │/);
      expect(out).toMatch(/│ orders-dlq +│ +0 │ +0 │ +0 │ \(DLQ of orders\) +│ +- │ +- │/);
      expect(out).toMatch(/│ events +│ sqs 1 +│ +1 │ +1 │ +0 │/);
      expect(out).toMatch(/│ clicks +│ ACTIVE +│ PROVISIONED +│ +3 │ +0 │ +24 │ +0 │ +0 │ +0 │ +0 │/);
      expect(out).not.toContain('\x1b[');
    });

    it('only looks: the state file is left as it was, even with an HTTP delivery due', () => {
      // make the pending confirmation request due now (as a retry falls due on the clock)
      withStore(sb, (store) => store.write(() => store.stmt("UPDATE sns_outbox SET next_attempt_at = 0 WHERE status = 'pending'").run()));
      const before = stateFingerprint(sb);
      ok(['status']);
      ok(['status', '--output', 'json']);
      expect(stateFingerprint(sb)).toBe(before);
      // a command that reads but is not status performs the due delivery (and records its failure)
      ok(['sqs', 'list-queues']);
      expect(stateFingerprint(sb)).not.toBe(before);
      // with nothing due, such a command leaves the file alone too
      const after = stateFingerprint(sb);
      ok(['sqs', 'list-queues']);
      expect(stateFingerprint(sb)).toBe(after);
    });

    it('redraws with --watch until interrupted', async () => {
      const child = spawn(process.execPath, [BIN, 'status', '--watch', '--output', 'json'], { env: sb.env, cwd: sb.dir });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        // two whole reports printed: stop it as Ctrl-C would
        if ((stdout.match(/^\}$/gm) ?? []).length === 2) child.kill('SIGINT');
      });
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      expect(status).toBe(130);
      const reports = stdout.trim().split(/\n(?=\{)/).map((t) => JSON.parse(t) as { Streams: { StreamName: string }[] });
      expect(reports).toHaveLength(2);
      expect(reports.map((r) => r.Streams[0]!.StreamName)).toEqual(['clicks', 'clicks']);
    });
  });
});

describe('awsmsg status: stream activity and consumer applications', () => {
  const box = cliSandbox();
  afterAll(() => box.cleanup());
  let failed = 0;

  beforeAll(() => {
    okIn(box, ['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '1']);
    okIn(box, ['clock', 'advance', '5s']);
    // 2 MB for one shard in one call: the 1 MiB/s write budget refuses about half
    const records = Array.from({ length: 100 }, (_, i) => ({ Data: 'x'.repeat(20_000), PartitionKey: `truck-${i}` }));
    const input = join(box.dir, 'records.json');
    writeFileSync(input, JSON.stringify({ StreamName: 'trucks', Records: records }));
    const out = JSON.parse(okIn(box, ['kinesis', 'put-records', '--cli-input-json', `file://${input}`, '--cli-binary-format', 'raw-in-base64-out'])) as {
      FailedRecordCount: number;
    };
    failed = out.FailedRecordCount;
    // two consumer applications' lease tables, as their workers leave them
    withStore(box, (store) => {
      const ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
      for (const [app, keys] of [['dispatch', ['shardId-000000000000']], ['billing', ['shardId-000000000000', 'shardId-000000000001']]] as const) {
        const table = new LeaseTable(ctx, app);
        for (const leaseKey of keys) {
          table.create({
            leaseKey,
            streamName: 'trucks',
            streamCreatedAt: 0,
            checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
            parentShardIds: [],
            hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
          });
        }
      }
    });
  });

  it("counts a stream's records and the writes refused for throughput", () => {
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(100);
    const report = JSON.parse(okIn(box, ['status', '--output', 'json']));
    expect(report.Streams).toHaveLength(1);
    expect(report.Streams[0]).toMatchObject({ StreamName: 'trucks', Records: 100 - failed, ThrottledReads: 0, ThrottledWrites: failed });
    const table = okIn(box, ['status']);
    expect(table).toMatch(/│ Stream +│ Status +│ Mode +│ Open shards +│ Closed shards +│ Retention \(h\) +│ EFO consumers +│ Records +│ Throttled reads +│ Throttled writes +│/);
    expect(table).toMatch(new RegExp(`│ trucks +│ ACTIVE +│ PROVISIONED +│ +1 │ +0 │ +24 │ +0 │ +${100 - failed} │ +0 │ +${failed} │`));
    expect(table).toContain('Throttled: calls (reads) and records (writes) refused for throughput in the last 5 minutes.');
  });

  it('lists every consumer application without --application-name, and only those named with it', () => {
    const all = JSON.parse(okIn(box, ['status', '--output', 'json'])) as { Applications: { ApplicationName: string; StreamName: string; Leases: number; Unassigned: number }[] };
    expect(all.Applications.map((a) => [a.ApplicationName, a.StreamName, a.Leases, a.Unassigned])).toEqual([
      ['billing', 'trucks', 2, 2],
      ['dispatch', 'trucks', 1, 1],
    ]);
    const one = JSON.parse(okIn(box, ['status', '--application-name', 'dispatch', '--output', 'json'])) as { Applications: { ApplicationName: string }[] };
    expect(one.Applications.map((a) => a.ApplicationName)).toEqual(['dispatch']);
    expect(okIn(box, ['status'])).toMatch(/Consumer applications \(2\)[\s\S]*│ billing +│ +2 │ +0 │ +0 │ +2 │ +0 │ +- │/);
  });
});

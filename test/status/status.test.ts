import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { BIN, cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

const ok = (args: string[]) => {
  const r = sb.run(args);
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

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
        { StreamName: 'clicks', StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', Status: 'ACTIVE', Mode: 'PROVISIONED', OpenShards: 3, ClosedShards: 0, RetentionHours: 24, Consumers: 0 },
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
      expect(out).toMatch(/│ clicks +│ ACTIVE +│ PROVISIONED +│ +3 │ +0 │ +24 │ +0 │/);
      expect(out).not.toContain('\x1b[');
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

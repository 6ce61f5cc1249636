/**
 * `awsmsg serve` as a user runs it (bin/awsmsg, built): what it prints, its log lines, its
 * usage errors, a port in use, and a clean stop on SIGINT/SIGTERM while a long poll waits and
 * a SubscribeToShard stream is open.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { BIN, cliSandbox } from '../helpers/cli.js';
import { decodeEventMessages } from '../../src/server/protocols/eventstream.js';
import { eventually, kinesisJson, sqsJson } from './harness.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

interface Serving {
  url: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
}

const running = new Set<Serving>();
afterAll(async () => {
  for (const s of running) {
    process.kill(s.pid, 'SIGKILL');
    await s.exited;
  }
});

/** Starts bin/awsmsg with these arguments, its output readable as it comes. */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Omit<Serving, 'url'> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...sb.env, ...env }, cwd: sb.dir });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      gone = true;
      resolve({ code, signal });
    }),
  );
  return { pid: child.pid!, stdout: () => stdout, stderr: () => stderr, exited, hasExited: () => gone };
}

/** `awsmsg serve --port 0 ...`, once it says where it listens. */
async function serve(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Serving> {
  const s = start(['serve', '--port', '0', ...args], env);
  const url = await eventually(
    () => {
      const m = /export AWS_ENDPOINT_URL=(\S+)/.exec(s.stdout())?.[1];
      if (!m && s.hasExited()) throw new Error(`serve exited: ${s.stdout()} ${s.stderr()}`);
      return m;
    },
    'the server to say where it listens',
  );
  const serving = { ...s, url };
  running.add(serving);
  void serving.exited.then(() => running.delete(serving));
  return serving;
}

describe('awsmsg serve', () => {
  it('prints the endpoint, how to use it, and one log line per request (operation, status, milliseconds)', async () => {
    const s = await serve();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.stdout()).toContain(`SQS, SNS and Kinesis on ${s.url} (state file ${sb.db})`);
    expect(s.stdout()).toContain(`export AWS_ENDPOINT_URL=${s.url}\n`);
    expect(s.stderr()).toBe('');
    await sqsJson(s.url, 'CreateQueue', { QueueName: 'logged' });
    await sqsJson(s.url, 'GetQueueUrl', { QueueName: 'nope' });
    await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    const lines = await eventually(() => {
      const l = s.stdout().split('\n').filter((x) => /^\d{4}-\d\d-\d\dT/.test(x));
      return l.length >= 3 ? l : undefined;
    }, 'three log lines');
    expect(lines[0]).toMatch(/^\S+ sqs CreateQueue 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^\S+ sqs GetQueueUrl 400 AWS\.SimpleQueueService\.NonExistentQueue \d+\.\dms$/);
    expect(lines[2]).toMatch(/^\S+ sns ListTopics 200 \d+\.\dms$/);
    process.kill(s.pid, 'SIGINT');
    expect((await s.exited).code).toBe(130);
    expect(s.stdout()).toMatch(/awsmsg serve: stopped\n$/);
  });

  it('--quiet logs no request', async () => {
    const s = await serve(['--quiet']);
    const before = s.stdout();
    expect((await sqsJson(s.url, 'ListQueues', {})).status).toBe(200);
    process.kill(s.pid, 'SIGTERM');
    expect((await s.exited).code).toBe(143);
    expect(s.stdout()).toBe(`${before}awsmsg serve: stopped\n`);
  });

  it('warns when it listens beyond loopback', async () => {
    const s = await serve(['--host', '0.0.0.0', '--quiet']);
    // stderr is its own pipe: the warning may come after the endpoint on stdout
    const warning = await eventually(() => s.stderr() || undefined, 'the warning');
    expect(warning).toMatch(/^warning: listening on 0\.0\.0\.0, not only on this machine's loopback/);
    expect(s.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    process.kill(s.pid, 'SIGINT');
    await s.exited;
  });

  it('a port in use is a clear error, no stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = start(['serve', '--port', String(port)]);
      const { code } = await s.exited;
      expect(code).not.toBe(0);
      expect(s.stderr()).toContain(`Port ${port} on 127.0.0.1 is in use`);
      expect(s.stderr()).not.toMatch(/\n\s+at /);
      expect(s.stdout()).toBe('');
    } finally {
      blocker.close();
    }
  });

  it.each(['abc', '70000', '-1', '1.5', ''])('--port %j is a usage error', async (port) => {
    const s = start(['serve', '--port', port]);
    const { code } = await s.exited;
    expect(code).toBe(252);
    expect(s.stderr()).toMatch(/Invalid port|argument missing/);
    expect(s.stderr()).not.toMatch(/\n\s+at /);
  });

  it('--verify-signatures takes --credentials; --credentials alone is a usage error', async () => {
    const alone = start(['serve', '--port', '0', '--credentials', 'AK:SECRET']);
    expect((await alone.exited).code).toBe(252);
    expect(alone.stderr()).toContain('--credentials goes with --verify-signatures');
    const bad = start(['serve', '--port', '0', '--verify-signatures', '--credentials', 'no-colon']);
    expect((await bad.exited).code).toBe(252);
    const none = start(['serve', '--port', '0', '--verify-signatures'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect((await none.exited).code).toBe(253);
    expect(none.stderr()).toContain('Unable to locate credentials');
    const s = await serve(['--verify-signatures', '--credentials', 'AKIDEXAMPLE:secret', '--quiet']);
    expect(await eventually(() => s.stderr() || undefined, 'the note on stderr')).toContain('checking signatures (1 access key)');
    const unsigned = await sqsJson(s.url, 'ListQueues', {});
    expect(unsigned.status).toBe(403);
    process.kill(s.pid, 'SIGINT');
    await s.exited;
  });

  it('takes the default account from AWSMSG_ACCOUNT_ID', async () => {
    const s = await serve(['--quiet'], { AWSMSG_ACCOUNT_ID: '123456789012' });
    expect((await sqsJson(s.url, 'CreateQueue', { QueueName: 'acct' })).json!.QueueUrl).toBe(`${s.url}/123456789012/acct`);
    process.kill(s.pid, 'SIGINT');
    await s.exited;
  });
});

describe('stopping', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while a long poll waits and a SubscribeToShard stream is open: the poll answers empty, the stream ends, the process exits',
    async (signal) => {
      const s = await serve(['--quiet']);
      const queueUrl = (await sqsJson(s.url, 'CreateQueue', { QueueName: `stop-${signal}` })).json!.QueueUrl as string;
      const stream = `stop-${signal}`;
      await kinesisJson(s.url, 'CreateStream', { StreamName: stream, ShardCount: 1 });
      await fetch(`${s.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
      const consumer = await kinesisJson(s.url, 'RegisterStreamConsumer', { StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`, ConsumerName: 'c' });
      const consumerArn = (consumer.json!.Consumer as { ConsumerARN: string }).ConsumerARN;
      await fetch(`${s.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });

      const poll = sqsJson(s.url, 'ReceiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20 });
      const sub = await fetch(s.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'Kinesis_20131202.SubscribeToShard', 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }),
      });
      expect(sub.status).toBe(200);
      const frames = (async () => {
        const reader = sub.body!.getReader();
        let buf: Buffer = Buffer.alloc(0);
        const types: string[] = [];
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return types;
          const decoded = decodeEventMessages(Buffer.concat([buf, Buffer.from(value)]));
          buf = decoded.rest;
          types.push(...decoded.messages.map((m) => m.headers[':event-type'] ?? m.headers[':message-type']!));
        }
      })();
      await eventually(async () => {
        const h = (await (await fetch(`${s.url}/_awsmsg/health`)).json()) as { waiting: number };
        return h.waiting === 2 ? true : undefined;
      }, 'the long poll and the subscription to wait');

      process.kill(s.pid, signal);
      const answered = await poll;
      expect(answered.status).toBe(200);
      expect(answered.json).toEqual({});
      expect((await frames)[0]).toBe('initial-response');
      const { code } = await s.exited;
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(s.stdout()).toMatch(/awsmsg serve: stopped\n$/);
      expect(s.stderr()).toBe('');
    },
  );
});

/**
 * What goes wrong on the way to an endpoint, as the AWS CLI v2 reports it: connection refused
 * and read timeouts (exit 255, its messages), retries of throttling and 5xx answers, an
 * answer that is not AWS's, and the choice of target: AWS only when asked for by name, a
 * service without an endpoint, AWSMSG_TARGET=local, awsmsg's local-only commands refused on a
 * remote target. All on loopback.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { freePort, remoteEnv, startServe, type Endpoint } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function awsmsg(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-remote-errors-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...remoteEnv(dir), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { status, stdout, stderr, dir };
}

describe('connection problems', () => {
  it('connection refused: the AWS CLI message, exit 255', async () => {
    const port = await freePort(); // nothing listens there
    const r = await awsmsg(['--endpoint-url', `http://127.0.0.1:${port}`, 'sqs', 'list-queues'], { AWS_MAX_ATTEMPTS: '1' });
    expect([r.status, r.stderr]).toEqual([255, `\nCould not connect to the endpoint URL: "http://127.0.0.1:${port}/"\n`]);
    // retried first, as the AWS CLI retries connection errors, then the same message
    const kinesis = await awsmsg(['--endpoint-url', `http://127.0.0.1:${port}`, 'kinesis', 'list-streams'], { AWS_MAX_ATTEMPTS: '2' });
    expect([kinesis.status, kinesis.stderr]).toEqual([255, `\nCould not connect to the endpoint URL: "http://127.0.0.1:${port}/"\n`]);
  });

  describe('an endpoint that accepts and never answers', () => {
    let silent: TcpServer;
    const sockets = new Set<Socket>();
    let url: string;
    beforeAll(async () => {
      silent = createTcpServer((s) => {
        sockets.add(s);
        s.on('error', () => undefined);
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });

    it('--cli-read-timeout: "Read timeout on endpoint URL", exit 255', async () => {
      const r = await awsmsg(['--endpoint-url', url, '--cli-read-timeout', '1', 'sns', 'list-topics'], { AWS_MAX_ATTEMPTS: '1' });
      expect([r.status, r.stderr]).toEqual([255, `\nRead timeout on endpoint URL: "${url}/"\n`]);
    });
  });
});

describe('answers that are not a success', () => {
  let flaky: Server;
  let url: string;
  let requests = 0;
  let mode: 'throttle-twice' | 'throttle' | 'html' = 'throttle-twice';
  beforeAll(async () => {
    flaky = createHttpServer((req, res) => {
      req.resume();
      requests++;
      if (mode === 'html') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not here</body></html>');
      if (requests <= 2 || mode === 'throttle') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'LimitExceededException', message: 'Rate exceeded for stream s.' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ StreamNames: ['s'], HasMoreStreams: false }));
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(flaky.address() as { port: number }).port}`;
  });
  afterAll(async () => new Promise((r) => flaky.close(r)));

  it('throttling is retried as the AWS CLI retries it (3 attempts in standard mode)', async () => {
    requests = 0;
    const r = await awsmsg(['--endpoint-url', url, 'kinesis', 'list-streams', '--query', 'StreamNames', '--output', 'text'], { AWS_MAX_ATTEMPTS: '3' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 's\n', '']);
    expect(requests).toBe(3);
    requests = 0;
    const once = await awsmsg(['--endpoint-url', url, 'kinesis', 'list-streams'], { AWS_MAX_ATTEMPTS: '1' });
    expect(once.status).toBe(254);
    // botocore's standard mode marks an error of the last attempt allowed
    expect(once.stderr).toBe('\nAn error occurred (LimitExceededException) when calling the ListStreams operation (reached max retries: 0): Rate exceeded for stream s.\n');
    expect(requests).toBe(1);
    mode = 'throttle';
    requests = 0;
    const exhausted = await awsmsg(['--endpoint-url', url, 'kinesis', 'list-streams'], { AWS_MAX_ATTEMPTS: '2' });
    expect(exhausted.stderr).toBe('\nAn error occurred (LimitExceededException) when calling the ListStreams operation (reached max retries: 1): Rate exceeded for stream s.\n');
    expect(requests).toBe(2);
    // legacy mode (the AWS CLI v1's) marks only an error it would have retried
    requests = 0;
    const legacy = await awsmsg(['--endpoint-url', url, 'kinesis', 'list-streams'], { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'legacy' });
    expect(legacy.stderr).toBe('\nAn error occurred (LimitExceededException) when calling the ListStreams operation (reached max retries: 0): Rate exceeded for stream s.\n');
  });

  it('an answer that is not AWS\'s: its HTTP status as the code, exit 254', async () => {
    mode = 'html';
    const r = await awsmsg(['--endpoint-url', url, 'sqs', 'list-queues']);
    expect([r.status, r.stderr]).toEqual([254, '\nAn error occurred (404) when calling the ListQueues operation: Not Found\n']);
    const legacy = await awsmsg(['--endpoint-url', url, 'sqs', 'list-queues'], { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'legacy' });
    expect(legacy.stderr).toBe('\nAn error occurred (404) when calling the ListQueues operation: Not Found\n');
    const sns = await awsmsg(['--endpoint-url', url, 'sns', 'list-topics']);
    expect([sns.status, sns.stderr]).toEqual([254, '\nAn error occurred (404) when calling the ListTopics operation: Not Found\n']);
  });
});

describe('choosing the target', () => {
  let server: Endpoint & { db: string };
  beforeAll(async () => {
    server = await startServe();
  });
  afterAll(async () => server?.stop());

  it('AWS only when asked by name: --remote without credentials stops before any request (253)', async () => {
    const r = await awsmsg(['--remote', 'sqs', 'list-queues'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect([r.status, r.stderr]).toEqual([253, '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n']);
    const env = await awsmsg(['sqs', 'list-queues'], { AWSMSG_TARGET: 'aws', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect(env.status).toBe(253);
  });

  it('AWS_ENDPOINT_URL sends everything to the endpoint; AWSMSG_TARGET=local keeps it local', async () => {
    await awsmsg(['sqs', 'create-queue', '--queue-name', 'on-server'], { AWS_ENDPOINT_URL: server.url });
    const remote = await awsmsg(['sqs', 'list-queues', '--query', 'QueueUrls', '--output', 'text'], { AWS_ENDPOINT_URL: server.url });
    expect(remote.stdout).toBe(`${server.url}/000000000000/on-server\n`);
    const local = await awsmsg(['sqs', 'list-queues'], { AWS_ENDPOINT_URL: server.url, AWSMSG_TARGET: 'local' });
    expect([local.status, local.stdout]).toEqual([0, '']);
    expect(existsSync(join(local.dir, 'local.db'))).toBe(true);
  });

  it('a service without an endpoint while another has one: refused, saying how to choose (253)', async () => {
    const r = await awsmsg(['sns', 'list-topics'], { AWS_ENDPOINT_URL_SQS: server.url });
    expect(r.status).toBe(253);
    expect(r.stderr).toContain('No endpoint is configured for SNS, while other services have one.');
    const sqs = await awsmsg(['sqs', 'list-queues'], { AWS_ENDPOINT_URL_SQS: server.url });
    expect(sqs.status).toBe(0);
  });

  it("awsmsg's local-only commands refuse on a remote target, saying why (252)", async () => {
    for (const args of [['sns', 'outbox'], ['sns', 'deliver'], ['sns', 'signing-cert'], ['kinesis', 'throughput-enforcement', 'off']]) {
      const r = await awsmsg(['--endpoint-url', server.url, ...args]);
      expect(r.status, args.join(' ')).toBe(252);
      expect(r.stderr).toContain(`awsmsg ${args.slice(0, 2).join(' ')} works on the local state file only`);
      expect(r.stderr).toContain(`the target is ${server.url}`);
    }
  });

  it("awsmsg clock moves a remote awsmsg server's clock, which every client of it sees", async () => {
    const before = await awsmsg(['--endpoint-url', server.url, 'clock', '--query', 'OffsetSeconds']);
    const moved = await awsmsg(['--endpoint-url', server.url, 'clock', 'advance', '90s', '--query', 'OffsetSeconds']);
    expect(Number(moved.stdout) - Number(before.stdout)).toBe(90);
    const direct = await fetch(`${server.url}/_awsmsg/clock`).then((r) => r.json() as Promise<{ offsetSeconds: number }>);
    expect(direct.offsetSeconds).toBe(Number(moved.stdout));
  });

  it('awsmsg clock refuses an endpoint that is not awsmsg', async () => {
    const other = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
      const r = await awsmsg(['--endpoint-url', url, 'clock', 'advance', '31s']);
      expect(r.status).toBe(252);
      expect(r.stderr).toContain('awsmsg clock works on the local state file only (only awsmsg has a clock to move');
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});

/**
 * awsmsg's own front ends on a remote target (`awsmsg serve` in another process): `status`
 * reads the endpoint through its operations, paced below AWS's control-plane rates; a KCL
 * worker consumes a remote stream by polling and by enhanced fan-out, its lease table in the
 * local state file; tutorials that can run remotely do, with names of their own, and clean up
 * even when stopped; the others refuse.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pacer, RemotePace } from '../../src/remote/pace.js';
import { BIN } from '../helpers/cli.js';
import { waitFor } from '../kcl/helpers.js';
import { remoteEnv, startServe, type Endpoint } from './helpers.js';

let server: Endpoint & { db: string };
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServe();
});
afterAll(async () => {
  await server?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function sandbox(): { dir: string; env: NodeJS.ProcessEnv; run(args: string[]): { status: number; stdout: string; stderr: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-remote-frontends-'));
  dirs.push(dir);
  const env = { ...remoteEnv(dir), AWS_ENDPOINT_URL: server.url };
  return {
    dir,
    env,
    run(args) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', cwd: dir });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

describe('status on a remote target', () => {
  it('shows the endpoint’s queues, topics and streams, what only a state file knows as "-", and creates no state file', () => {
    const sb = sandbox();
    sb.run(['sqs', 'create-queue', '--queue-name', 'status-q']);
    sb.run(['sqs', 'send-message', '--queue-url', `${server.url}/000000000000/status-q`, '--message-body', 'x']);
    sb.run(['sns', 'create-topic', '--name', 'status-t']);
    const json = sb.run(['status', '--output', 'json']);
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout);
    expect(report.StateFile).toBe(server.url);
    expect(report.Queues.find((q: { QueueName: string }) => q.QueueName === 'status-q')).toMatchObject({ Visible: 1, InFlight: 0 });
    const topic = report.Topics.find((t: { TopicName: string }) => t.TopicName === 'status-t');
    expect(topic).toBeDefined();
    expect(topic.OutboxPending).toBeUndefined();
    const text = sb.run(['status']).stdout;
    expect(text.split('\n')[0]).toContain(`awsmsg status  ${server.url}  us-east-1`);
    expect(text).toMatch(/│ status-t +│ +- +│ +0 │ +- │ +- │/);
    expect(existsSync(join(sb.dir, 'local.db'))).toBe(false);
  });

  it('paces its calls at half of AWS’s documented rates, per operation', () => {
    const p = new Pacer();
    // ListStreams: 5 a second on AWS, so one every 400 ms here
    expect([0, 0, 0].map(() => p.delayFor('kinesis.ListStreams', 1000))).toEqual([0, 400, 800]);
    // another operation has slots of its own (DescribeStreamSummary: 20/s, one every 100 ms)
    expect(p.delayFor('kinesis.DescribeStreamSummary', 1000)).toBe(0);
    expect(p.delayFor('kinesis.DescribeStreamSummary', 1000)).toBe(100);
    // a call after its slot has passed waits for nothing
    expect(p.delayFor('kinesis.ListStreams', 5000)).toBe(0);
  });

  it('--watch refreshes every 5 s at the quickest, slower when a refresh is slow, backing off to a minute when throttled', () => {
    const pace = new RemotePace();
    expect(pace.intervalMs).toBe(5_000);
    pace.refreshed(1_000);
    expect(pace.intervalMs).toBe(5_000);
    pace.refreshed(4_000);
    expect(pace.intervalMs).toBe(8_000);
    const throttled = [1, 2, 3, 4, 5].map(() => (pace.throttled(), pace.intervalMs));
    expect(throttled).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
    pace.refreshed(100);
    expect(pace.intervalMs).toBe(30_000);
    pace.refreshed(100);
    pace.refreshed(100);
    pace.refreshed(100);
    expect(pace.intervalMs).toBe(5_000);
  });
});

describe('a KCL worker on a remote stream', () => {
  for (const mode of ['POLLING', 'FANOUT'] as const) {
    it(`${mode}: every record reaches the processor; the lease table stays in the local state file`, async () => {
      const sb = sandbox();
      const stream = `kcl-${mode.toLowerCase()}`;
      expect(sb.run(['kinesis', 'create-stream', '--stream-name', stream, '--shard-count', '2']).status).toBe(0);
      sb.run(['clock', 'advance', '3s']);
      for (const key of ['a', 'b', 'c', 'd']) {
        expect(sb.run(['kinesis', 'put-record', '--stream-name', stream, '--partition-key', key, '--data', Buffer.from(`r-${key}`).toString('base64')]).status).toBe(0);
      }
      const out = join(sb.dir, 'out.jsonl');
      const worker = spawn(
        process.execPath,
        [BIN, 'kinesis', 'consume', '--stream-name', stream, '--application-name', `app-${mode}`, '--exec', `cat >> ${out}`, '--initial-position', 'TRIM_HORIZON', '--retrieval-mode', mode],
        { env: sb.env, cwd: sb.dir },
      );
      let log = '';
      worker.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
      worker.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
      const ended = new Promise<number | null>((r) => worker.on('close', (code) => r(code)));
      try {
        await waitFor('four records', () => existsSync(out) && readFileSync(out, 'utf8').trim().split('\n').length >= 4, 30_000, () => log);
        await waitFor('the checkpoints', () => {
          const leases = JSON.parse(sb.run(['kinesis', 'describe-leases', '--application-name', `app-${mode}`, '--output', 'json']).stdout || '{}');
          return leases.Leases?.length === 2 && leases.Leases.every((l: { Checkpoint: string }) => /^\d+$/.test(l.Checkpoint));
        }, 30_000, () => log);
      } finally {
        worker.kill('SIGINT');
      }
      expect(await ended).toBe(130);
      const texts = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text).sort();
      expect(texts).toEqual(['r-a', 'r-b', 'r-c', 'r-d']);
      // the lease table lives in the local state file, not on the server
      expect(existsSync(join(sb.dir, 'local.db'))).toBe(true);
      const onServer = spawnSync(process.execPath, [BIN, '--db', server.db, 'kinesis', 'describe-leases', '--application-name', `app-${mode}`, '--output', 'json'], {
        env: { ...sb.env, AWS_ENDPOINT_URL: '' },
        encoding: 'utf8',
      });
      expect(JSON.parse(onServer.stdout).Leases).toEqual([]);
    }, 90_000);
  }
});

describe('tutorials on a remote target', () => {
  it('a lesson that can run remotely plays with names of its own and removes what it created', () => {
    const sb = sandbox();
    const r = sb.run(['tutorial', 'sqs-basics', '--yes']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/sqs create-queue --queue-name awsmsg-tutorial-[0-9a-f]{6}-orders/);
    expect(r.stdout).toContain(`Removed what the lesson created on ${server.url} (1 of 1).`);
    expect(sb.run(['sqs', 'list-queues', '--queue-name-prefix', 'awsmsg-tutorial-']).stdout).toBe('');
  });

  it('a lesson stopped part way still removes what it created', async () => {
    const sb = sandbox();
    const child = spawn(process.execPath, [BIN, 'tutorial', 'sns-fan-out', '--yes'], { env: sb.env, cwd: sb.dir });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      // stop it once its queues exist
      if (out.includes('[3/') && !child.killed) child.kill('SIGINT');
    });
    const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    expect([0, 130]).toContain(status);
    expect(out).toMatch(/Removed what the lesson created on .* \(4 of 4\)\./);
    expect(sb.run(['sqs', 'list-queues', '--queue-name-prefix', 'awsmsg-tutorial-']).stdout).toBe('');
    expect(sb.run(['sns', 'list-topics', '--query', 'Topics[?contains(TopicArn, `awsmsg-tutorial-`)]']).stdout).toBe('[]\n');
  });

  it('a lesson that moves the clock refuses, naming the ones that can run', () => {
    const r = sandbox().run(['tutorial', 'dead-letter-queues', '--yes']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain(`The lesson dead-letter-queues moves the clock (awsmsg clock advance), which only a local state file has; the target is ${server.url}.`);
    expect(r.stderr).toContain('sqs-basics, long-polling, fifo-queues, sns-fan-out');
  });
});

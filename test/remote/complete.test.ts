/**
 * The shell completes names that exist on a remote target (queue URLs, topic ARNs, stream
 * names, shard ids of the stream on the line), read from `awsmsg serve` in another process,
 * and keeps them briefly: Tab again answers from the cache, the Tab after it has gone stale
 * refreshes, and a refresh slower than Tab's patience gives the names seen last.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWords } from '../../src/repl/complete.js';
import { cachedNames, clearCompletionCache, FRESH_MS } from '../../src/remote/complete.js';
import { BIN } from '../helpers/cli.js';
import { remoteEnv, startServe, type Endpoint } from './helpers.js';

let server: Endpoint & { db: string };
let dir: string;
let env: NodeJS.ProcessEnv;

function awsmsg(args: string[], extra: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  server = await startServe();
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-remote-complete-'));
  env = { ...remoteEnv(dir), AWS_ENDPOINT_URL: server.url };
  awsmsg(['sqs', 'create-queue', '--queue-name', 'orders']);
  awsmsg(['sns', 'create-topic', '--name', 'events']);
  awsmsg(['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '2']);
  awsmsg(['clock', 'advance', '3s']); // the server's clock: the stream is ACTIVE, its shards listed
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const words = (line: string) => line.split(' ').filter(Boolean);

describe('completing names of a remote target', () => {
  it('lists the endpoint’s queues, topics, streams and shards, and makes no local state file', async () => {
    clearCompletionCache();
    const cc = { env };
    expect(await completeWords(words('sqs send-message --queue-url'), '', cc)).toEqual([`${server.url}/000000000000/orders`]);
    expect(await completeWords(words('sqs get-queue-url --queue-name'), 'or', cc)).toEqual(['orders']);
    expect(await completeWords(words('sns publish --topic-arn'), '', cc)).toEqual(['arn:aws:sns:us-east-1:000000000000:events']);
    expect(await completeWords(words('kinesis put-record --stream-name'), '', cc)).toEqual(['trucks']);
    expect(await completeWords(words('kinesis get-shard-iterator --stream-name trucks --shard-id'), '', cc)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    expect(existsSync(join(dir, 'local.db'))).toBe(false);
  });

  it('takes the target from the line itself (--endpoint-url), as the shell and the completion scripts pass it', async () => {
    clearCompletionCache();
    const cc = { env: remoteEnv(dir) };
    expect(await completeWords(words(`--endpoint-url ${server.url} sns publish --topic-arn`), '', cc)).toEqual(['arn:aws:sns:us-east-1:000000000000:events']);
    expect(await completeWords(words('sns publish --topic-arn'), '', { env: remoteEnv(dir), baseArgs: ['--endpoint-url', server.url] })).toEqual([
      'arn:aws:sns:us-east-1:000000000000:events',
    ]);
    // and bash's completion script asks `awsmsg __complete`, a process of its own
    const out = awsmsg(['__complete', 'bash', `awsmsg --endpoint-url ${server.url} kinesis describe-stream --stream-name `], { AWS_ENDPOINT_URL: '' });
    expect(out).toBe('trucks\n');
  });

  it('offers a new stream once the listing is refreshed', async () => {
    clearCompletionCache();
    const cc = { env };
    expect(await completeWords(words('kinesis put-record --stream-name'), '', cc)).toEqual(['trucks']);
    awsmsg(['kinesis', 'create-stream', '--stream-name', 'vans', '--shard-count', '1']);
    clearCompletionCache(); // as FRESH_MS passing would (the cache's timing: below, on its own clock)
    expect(await completeWords(words('kinesis put-record --stream-name'), '', cc)).toEqual(['trucks', 'vans']);
  });
});

describe('the completion cache', () => {
  it('is fresh for a few seconds, then refreshed by the next Tab; a slow refresh offers the names seen last', async () => {
    clearCompletionCache();
    let now = 1_000_000;
    const clock = () => now;
    let calls = 0;
    let names = ['a'];
    let gate: Promise<void> | undefined;
    const list = async () => {
      calls++;
      if (gate) await gate;
      return [...names];
    };
    expect(await cachedNames('k', list, clock)).toEqual(['a']);
    now += FRESH_MS - 1;
    names = ['a', 'b'];
    expect(await cachedNames('k', list, clock)).toEqual(['a']);
    expect(calls).toBe(1);
    now += 2;
    expect(await cachedNames('k', list, clock)).toEqual(['a', 'b']);
    expect(calls).toBe(2);
    // a refresh that does not come back in time: the last names, and the fresh ones next time
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    names = ['a', 'b', 'c'];
    now += FRESH_MS + 1;
    expect(await cachedNames('k', list, clock)).toEqual(['a', 'b']);
    open();
    await new Promise((r) => setImmediate(r));
    expect(await cachedNames('k', list, clock)).toEqual(['a', 'b', 'c']);
    expect(calls).toBe(3);
  });
});

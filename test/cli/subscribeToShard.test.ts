import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

/** Resolves when the child's stdout has printed n complete JSON documents. */
function documents(out: () => string, n: number, timeoutMs = 15_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      const docs = out()
        .split(/\n(?=\{)/)
        .filter((d) => d.trim().endsWith('}'))
        .map((d) => JSON.parse(d));
      if (docs.length >= n) return resolve(docs);
      if (Date.now() - start > timeoutMs) return reject(new Error(`only ${docs.length} events after ${timeoutMs} ms:\n${out()}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe('kinesis subscribe-to-shard', () => {
  it('prints events as they arrive and stops on Ctrl-C with status 130', async () => {
    expect(sb.run(['kinesis', 'create-stream', '--stream-name', 'live', '--shard-count', '1']).status).toBe(0);
    expect(sb.run(['clock', 'advance', '3s']).status).toBe(0);
    const consumer = sb.run([
      'kinesis', 'register-stream-consumer', '--stream-arn', 'arn:aws:kinesis:us-east-1:000000000000:stream/live',
      '--consumer-name', 'watcher', '--query', 'Consumer.ConsumerARN', '--output', 'text',
    ]);
    expect(consumer.status).toBe(0);
    expect(sb.run(['clock', 'advance', '3s']).status).toBe(0);
    expect(sb.run(['kinesis', 'put-record', '--stream-name', 'live', '--partition-key', 'a', '--data', 'Zmlyc3Q=']).status).toBe(0);

    const child = spawn(process.execPath, [
      BIN, 'kinesis', 'subscribe-to-shard', '--consumer-arn', consumer.stdout.trim(),
      '--shard-id', 'shardId-000000000000', '--starting-position', 'Type=TRIM_HORIZON',
    ], { env: sb.env, cwd: sb.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    const [first] = (await documents(() => stdout, 1)) as { SubscribeToShardEvent: { Records: { Data: string }[] } }[];
    expect(first!.SubscribeToShardEvent.Records.map((r) => r.Data)).toEqual(['Zmlyc3Q=']);

    // a record put by another process while the subscription runs arrives as a later event
    expect(sb.run(['kinesis', 'put-record', '--stream-name', 'live', '--partition-key', 'a', '--data', 'c2Vjb25k']).status).toBe(0);
    const docs = (await documents(() => stdout, 2)) as { SubscribeToShardEvent: { Records: { Data: string }[] } }[];
    expect(docs.flatMap((d) => d.SubscribeToShardEvent.Records.map((r) => r.Data))).toEqual(['Zmlyc3Q=', 'c2Vjb25k']);

    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('');
  });
});

/**
 * Several processes writing to one state file at once: every record lands once, sequence
 * numbers stay unique and increasing per shard. The writer is this repository's code,
 * bundled with esbuild for a plain node child process.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { call, envWithStream, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const ROOT = resolve(__dirname, '../../..');

const WORKER = `
import { openStore } from ${JSON.stringify(join(ROOT, 'src/store/db.ts'))};
import { putRecords } from ${JSON.stringify(join(ROOT, 'src/services/kinesis/records.ts'))};
const [path, name, batches] = process.argv.slice(2);
const store = openStore(path);
const ctx = { store, region: 'us-east-1', accountId: '000000000000' };
const out = [];
for (let b = 0; b < Number(batches); b++) {
  const res = putRecords(ctx, { StreamName: 's', Records: Array.from({ length: 100 }, (_, i) => ({ PartitionKey: name + '-' + (i % 10), Data: Buffer.from(name + ':' + b + ':' + i) })) });
  for (const r of res.Records) out.push([r.ShardId, r.SequenceNumber]);
}
store.close();
process.stdout.write(JSON.stringify(out));
`;

function run(script: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 ? ok(stdout) : fail(new Error(`worker exited ${code}: ${stderr}`))));
  });
}

describe('several processes on one state file', () => {
  it('never lose, duplicate or reorder records', async () => {
    env = envWithStream('s', 2, { enforce: false });
    const src = join(env.dir, 'worker.ts');
    const bundle = join(env.dir, 'worker.cjs');
    writeFileSync(src, WORKER);
    await build({ entryPoints: [src], bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3'], outfile: bundle, logLevel: 'silent' });
    const outputs = await Promise.all(['a', 'b', 'c'].map((n) => run(bundle, [env.path, n, '20'])));
    const written = outputs.flatMap((o) => JSON.parse(o) as [string, string][]);
    expect(written).toHaveLength(3 * 20 * 100);
    expect(new Set(written.map(([, seq]) => seq)).size).toBe(written.length);
    for (const shardId of ['shardId-000000000000', 'shardId-000000000001']) {
      let it: string | undefined = call(env, 'GetShardIterator', { StreamName: 's', ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
      const seqs: bigint[] = [];
      const perKey = new Map<string, number[]>();
      while (it) {
        const out = call(env, 'GetRecords', { ShardIterator: it });
        if (out.Records.length === 0) break;
        for (const r of out.Records) {
          seqs.push(BigInt(r.SequenceNumber));
          const [name, b, i] = r.Data.toString().split(':');
          const key = `${name}-${Number(i) % 10}`;
          perKey.set(key, [...(perKey.get(key) ?? []), Number(b) * 100 + Number(i)]);
        }
        it = out.NextShardIterator;
      }
      for (let k = 1; k < seqs.length; k++) expect(seqs[k]! > seqs[k - 1]!).toBe(true);
      expect(seqs.length).toBe(written.filter(([s]) => s === shardId).length);
      for (const order of perKey.values()) expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });
});

/**
 * End-to-end throughput of the KCL-style consumer (`npm run bench`): 4 shards, 2 worker
 * processes (`awsmsg kinesis consume`, as users run it) on one state file, each running the
 * aws-kcl fixture record processor (fixtures/kcl/processor.js, checkpointing after every
 * batch) through the MultiLangDaemon
 * protocol. Once the workers hold 2 leases each, the clock starts; the records are put
 * (PutRecords, 500 records of 100 bytes a call) and the clock stops when every shard's
 * checkpoint has reached its last record. Throughput limits are switched off, as for any load
 * test; the workers read up to 10,000 records a call and wait 200 ms between calls of a shard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import { openStore } from '../store/db.js';
import { LIFECYCLE_MS } from '../services/kinesis/constants.js';
import { handlers } from '../services/kinesis/index.js';
import { setThroughputEnforcement } from '../services/kinesis/throughput.js';
import { repoRoot } from '../core/repoRoot.js';
import { LeaseTable } from '../kcl/leases.js';

export interface ConsumerBenchResult {
  records: number;
  shards: number;
  workers: number;
  seconds: number;
  recordsPerSecond: number;
}

const SHARDS = 4;
const WORKERS = 2;
const BATCH = 500;
const RECORD_BYTES = 100;

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > timeoutMs) throw new Error(`consumer bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A worker as users run it: `awsmsg kinesis consume` with the aws-kcl fixture processor. */
function startWorker(statePath: string, workerId: string): { proc: ChildProcess; exited: Promise<void> } {
  const bin = join(repoRoot(), 'bin', 'awsmsg');
  const args = [
    bin, '--db', statePath, '--region', 'us-east-1', 'kinesis', 'consume',
    '--stream-name', 'bench', '--application-name', 'bench', '--worker-id', workerId,
    '--multilang', 'node processor.js', '--initial-position', 'TRIM_HORIZON',
    '--max-records', '10000', '--idle-time-between-reads-millis', '200', '--quiet',
  ];
  const proc = spawn(process.execPath, args, { cwd: join(repoRoot(), 'fixtures', 'kcl'), stdio: ['ignore', 'ignore', 'ignore'] });
  return { proc, exited: new Promise((resolve) => proc.on('close', () => resolve())) };
}

function putAll(ctx: Ctx, records: number): Map<string, string> {
  const last = new Map<string, string>();
  const payload = Buffer.alloc(RECORD_BYTES, 0x61);
  for (let done = 0; done < records; done += BATCH) {
    const n = Math.min(BATCH, records - done);
    const entries = Array.from({ length: n }, (_, i) => ({ Data: payload, PartitionKey: `partition-${done + i}` }));
    const out = handlers.PutRecords!(ctx, { StreamName: 'bench', Records: entries }) as { Records: { ShardId: string; SequenceNumber: string }[] };
    for (const r of out.Records) last.set(r.ShardId, r.SequenceNumber);
  }
  return last;
}

export async function benchConsumer(dir: string, records: number): Promise<ConsumerBenchResult> {
  const statePath = join(dir, 'consumer.db');
  const store = openStore(statePath);
  const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
  setThroughputEnforcement(ctx, false);
  handlers.CreateStream!(ctx, { StreamName: 'bench', ShardCount: SHARDS });
  store.clock.advance(LIFECYCLE_MS.createStream);
  const table = new LeaseTable(ctx, 'bench');
  const workers = Array.from({ length: WORKERS }, (_, i) => startWorker(statePath, `worker-${i + 1}`));
  try {
    await until(
      'the workers to share the shards',
      () => {
        const owners = table.list().map((l) => l.leaseOwner);
        return owners.length === SHARDS && Array.from({ length: WORKERS }, (_, i) => owners.filter((o) => o === `worker-${i + 1}`).length).every((n) => n === SHARDS / WORKERS);
      },
      60_000,
    );
    const start = performance.now();
    const last = putAll(ctx, records);
    await until('every record to be checkpointed', () => table.list().every((l) => !last.has(l.leaseKey) || l.checkpoint.sequenceNumber === last.get(l.leaseKey)), 600_000);
    const seconds = (performance.now() - start) / 1000;
    return { records, shards: SHARDS, workers: WORKERS, seconds, recordsPerSecond: records / seconds };
  } finally {
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    store.close();
  }
}

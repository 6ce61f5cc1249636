/**
 * Throughput of the Kinesis operation layer against bare SQLite doing the same storage work
 * (`npm run bench` runs these side by side). Each measures records per second:
 *  - benchPutRecords: PutRecords of 500 records of 100 bytes each, vs a better-sqlite3 loop
 *    inserting the same rows 500 to a transaction;
 *  - benchGetRecords: GetRecords through a stream at up to 10,000 records a call, vs a loop
 *    reading the same rows in pages of 10,000.
 * Throughput limits are switched off for the measured account, as for any load test. Each
 * side runs ROUNDS times on fresh files, alternating, and the best round counts, so that a
 * busy machine disturbs the comparison as little as possible.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import type Database from 'better-sqlite3';
import { openRawDatabase, openStore } from '../store/db.js';
import { LIFECYCLE_MS } from '../services/kinesis/constants.js';
import { getRecords, getShardIterator, putRecords } from '../services/kinesis/records.js';
import { createStream } from '../services/kinesis/streams.js';
import { setThroughputEnforcement } from '../services/kinesis/throughput.js';

export interface BenchResult {
  awsmsgPerSecond: number;
  rawSqlitePerSecond: number;
}

const BATCH = 500;
const RECORD_BYTES = 100;
const READ_PAGE = 10_000;
const ROUNDS = 3;

function benchContext(path: string, shards: number): { ctx: Ctx; close: () => void } {
  const store = openStore(path);
  const ctx: Ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
  setThroughputEnforcement(ctx, false);
  createStream(ctx, { StreamName: 'bench', ShardCount: shards });
  store.clock.advance(LIFECYCLE_MS.createStream);
  return { ctx, close: () => store.close() };
}

function batchOf(batch: number): { Data: Buffer; PartitionKey: string }[] {
  const payload = Buffer.alloc(RECORD_BYTES, 0x61);
  return Array.from({ length: BATCH }, (_, i) => ({ Data: payload, PartitionKey: `partition-${batch}-${i}` }));
}

/** The table awsmsg keeps records in, for the raw comparison. */
function rawDatabase(path: string): Database.Database {
  const db = openRawDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS records (
    shard_pk INTEGER NOT NULL, seq INTEGER NOT NULL, arrival INTEGER NOT NULL, sequence_number TEXT NOT NULL,
    partition_key TEXT NOT NULL, data BLOB NOT NULL, encrypted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shard_pk, seq)) WITHOUT ROWID`);
  return db;
}

interface RawRow {
  shard: number;
  seq: number;
  arrival: number;
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
}

function rawRows(count: number): RawRow[] {
  const payload = Buffer.alloc(RECORD_BYTES, 0x61);
  const base = 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n;
  return Array.from({ length: count }, (_, i) => ({
    shard: i % 4,
    seq: i,
    arrival: 1_700_000_000_000 + i,
    sequenceNumber: (base + BigInt(i)).toString(),
    partitionKey: `partition-${Math.floor(i / BATCH)}-${i % BATCH}`,
    data: payload,
  }));
}

function insertRaw(db: Database.Database, rows: RawRow[]): number {
  const insert = db.prepare(
    'INSERT INTO records (shard_pk, seq, arrival, sequence_number, partition_key, data, encrypted) VALUES (?, ?, ?, ?, ?, ?, 0)',
  );
  const batch = db.transaction((slice: RawRow[]) => {
    for (const r of slice) insert.run(r.shard, r.seq, r.arrival, r.sequenceNumber, r.partitionKey, r.data);
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) batch.immediate(rows.slice(i, i + BATCH));
  return performance.now() - start;
}

function putRound(dir: string, batches: number): BenchResult {
  const { ctx, close } = benchContext(join(dir, 'put-awsmsg.db'), 4);
  const requests = Array.from({ length: batches }, (_, b) => ({ StreamName: 'bench', Records: batchOf(b) }));
  let awsmsgMs: number;
  try {
    const start = performance.now();
    for (const r of requests) {
      const out = putRecords(ctx, r);
      if (out.FailedRecordCount !== 0) throw new Error('bench: records were refused');
    }
    awsmsgMs = performance.now() - start;
  } finally {
    close();
  }
  const db = rawDatabase(join(dir, 'put-raw.db'));
  let rawMs: number;
  try {
    rawMs = insertRaw(db, rawRows(batches * BATCH));
  } finally {
    db.close();
  }
  const n = batches * BATCH;
  return { awsmsgPerSecond: (n * 1000) / awsmsgMs, rawSqlitePerSecond: (n * 1000) / rawMs };
}

function getRound(dir: string, records: number): BenchResult {
  const { ctx, close } = benchContext(join(dir, 'get-awsmsg.db'), 1);
  let awsmsgMs: number;
  try {
    for (let b = 0; b * BATCH < records; b++) {
      putRecords(ctx, { StreamName: 'bench', Records: batchOf(b).slice(0, Math.min(BATCH, records - b * BATCH)) });
    }
    let iterator: string | undefined = getShardIterator(ctx, { StreamName: 'bench', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
    let read = 0;
    const start = performance.now();
    while (iterator && read < records) {
      const out = getRecords(ctx, { ShardIterator: iterator, Limit: READ_PAGE });
      read += out.Records.length;
      iterator = out.NextShardIterator;
    }
    awsmsgMs = performance.now() - start;
    if (read !== records) throw new Error(`bench: read ${read} of ${records} records`);
  } finally {
    close();
  }
  const db = rawDatabase(join(dir, 'get-raw.db'));
  let rawMs: number;
  try {
    insertRaw(db, rawRows(records).map((r) => ({ ...r, shard: 0 })));
    const select = db.prepare(
      'SELECT seq, arrival, sequence_number, partition_key, data, encrypted FROM records WHERE shard_pk = ? AND seq >= ? ORDER BY seq LIMIT ?',
    );
    let from = 0;
    let read = 0;
    const start = performance.now();
    for (;;) {
      const rows = db.transaction(() => select.all(0, from, READ_PAGE) as { seq: number }[]).deferred();
      if (rows.length === 0) break;
      read += rows.length;
      from = rows[rows.length - 1]!.seq + 1;
    }
    rawMs = performance.now() - start;
    if (read !== records) throw new Error(`bench: raw read ${read} of ${records} records`);
  } finally {
    db.close();
  }
  return { awsmsgPerSecond: (records * 1000) / awsmsgMs, rawSqlitePerSecond: (records * 1000) / rawMs };
}

function bestOf(dir: string, round: (roundDir: string) => BenchResult): BenchResult {
  let best: BenchResult = { awsmsgPerSecond: 0, rawSqlitePerSecond: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const roundDir = join(dir, `round-${i}`);
    mkdirSync(roundDir, { recursive: true });
    try {
      const r = round(roundDir);
      best = {
        awsmsgPerSecond: Math.max(best.awsmsgPerSecond, r.awsmsgPerSecond),
        rawSqlitePerSecond: Math.max(best.rawSqlitePerSecond, r.rawSqlitePerSecond),
      };
    } finally {
      rmSync(roundDir, { recursive: true, force: true });
    }
  }
  return best;
}

/** PutRecords throughput (records/s) for `batches` batches of 500 records of 100 bytes. */
export function benchPutRecords(dir: string, batches: number): BenchResult {
  return bestOf(dir, (d) => putRound(d, batches));
}

/** GetRecords throughput (records/s) reading `records` records of 100 bytes from one shard. */
export function benchGetRecords(dir: string, records: number): BenchResult {
  return bestOf(dir, (d) => getRound(d, records));
}

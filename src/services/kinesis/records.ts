/**
 * The data plane: PutRecord, PutRecords, GetShardIterator, GetRecords, and the shard reading
 * that SubscribeToShard shares with GetRecords.
 */
import type { Ctx } from '../../core/context.js';
import type { AwsError } from '../../core/errors.js';
import {
  GET_RECORDS_MAX_BYTES,
  GET_RECORDS_MAX_LIMIT,
  ITERATOR_TTL_MS,
  putRecordsMaxBytes,
} from './constants.js';
import {
  findStream,
  openShards,
  parseShardId,
  requireStream,
  retainedSince,
  retentionMs,
  shardByIndex,
  shardClosed,
  shardIdOf,
  shardsOf,
  shardVisible,
  streamArnOf,
  streamStatus,
  type ShardRow,
  type StreamRow,
} from './data.js';
import {
  couldNotFindShard,
  expiredIterator,
  invalidArgument,
  invalidShardIterator,
  rateExceededMessage,
  shardDoesNotExist,
  streamNotFound,
} from './errors.js';
import { findRange, keyFromBigInt, MAX_HASH_KEY, partitionKeyHash } from './hashkey.js';
import { decodeIterator, encodeIterator, ensureSecret, readSecret, type IteratorState } from './iterator.js';
import { decodeSequenceNumber, ShardSeqEncoder } from './seqnum.js';
import { recordEncryption } from './streams.js';
import {
  chargeRead,
  isThroughputEnforced,
  noteThrottled,
  orThrow,
  saveWriteBudget,
  takeGetRecordsCall,
  takeGetShardIteratorCall,
  throttled,
  WriteBudget,
} from './throughput.js';
import { constraintMessage, timestampMs, validateRequest, validationException } from './validate.js';

type Input = Record<string, unknown>;

/** Writes and reads work on ACTIVE and UPDATING streams (and, as AWS allows, while DELETING). */
function requireWritableStream(ctx: Ctx, input: Input, now: number): StreamRow {
  const stream = requireStream(ctx, input, now);
  if (streamStatus(stream, now) === 'CREATING') throw streamNotFound(stream.name, ctx.accountId);
  return stream;
}

function hashKeyOf(partitionKey: string, explicit: string | undefined): Buffer {
  if (explicit === undefined) return partitionKeyHash(partitionKey);
  const n = BigInt(explicit);
  if (n > MAX_HASH_KEY) {
    throw invalidArgument(
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicit}`,
    );
  }
  return keyFromBigInt(n);
}

const maxRecordBytes = (stream: StreamRow): number => stream.max_record_kib * 1024;

function tooLarge(data: Uint8Array, path: string, limit: number): Error {
  const shown = `java.nio.HeapByteBuffer[pos=0 lim=${data.length} cap=${data.length}]`;
  return validationException([constraintMessage(shown, path, `Member must have length less than or equal to ${limit}`)]);
}

/** A shard taking records in one request: its row, its budget and where its sequence stands. */
class ShardWriter {
  readonly seqs: ShardSeqEncoder;
  readonly shardId: string;
  nextSeq: number;
  lastArrival: number;
  budget: WriteBudget | undefined;

  constructor(
    readonly shard: ShardRow,
    now: number,
    enforce: boolean,
  ) {
    this.seqs = new ShardSeqEncoder(shard.create_secs, shard.shard_index);
    this.shardId = shardIdOf(shard.shard_index);
    this.nextSeq = shard.next_seq;
    this.lastArrival = shard.last_arrival;
    this.budget = enforce ? new WriteBudget(shard, now) : undefined;
  }

  save(ctx: Ctx, now: number): void {
    ctx.store.stmt('UPDATE kinesis_shards SET next_seq = ?, last_arrival = ? WHERE id = ?').run(this.nextSeq, this.lastArrival, this.shard.id);
    if (this.budget) saveWriteBudget(ctx, this.shard.id, this.budget, now);
  }
}

interface Appended {
  shardId: string;
  sequenceNumber: string;
}

/** The request's open shards and writers, routing hash keys to the shard owning them. */
class Router {
  private readonly open: ShardRow[];
  readonly writers = new Map<number, ShardWriter>();
  private readonly insert;

  constructor(
    private readonly ctx: Ctx,
    private readonly stream: StreamRow,
    private readonly now: number,
    private readonly enforce: boolean,
  ) {
    this.open = openShards(ctx.store, stream.id, now);
    this.insert = ctx.store.stmt(
      'INSERT INTO kinesis_records (shard_pk, seq, arrival, sequence_number, partition_key, data, encrypted) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  writerFor(key: Uint8Array): ShardWriter {
    const shard = findRange(this.open, key);
    if (!shard) throw new Error('the open shards of a stream must cover the hash key space');
    let w = this.writers.get(shard.id);
    if (!w) {
      w = new ShardWriter(shard, this.now, this.enforce);
      this.writers.set(shard.id, w);
    }
    return w;
  }

  /** Appends one record to the shard; the caller has checked its throughput. */
  append(w: ShardWriter, partitionKey: string, data: Uint8Array, encrypted: boolean): Appended {
    const arrival = Math.max(this.now, w.lastArrival);
    const seq = w.nextSeq;
    const sequenceNumber = w.seqs.encode(seq, Math.floor(arrival / 1000));
    this.insert.run(w.shard.id, seq, arrival, sequenceNumber, partitionKey, data, encrypted ? 1 : 0);
    w.nextSeq = seq + 1;
    w.lastArrival = arrival;
    return { shardId: w.shardId, sequenceNumber };
  }

  finish(): void {
    for (const w of this.writers.values()) {
      w.save(this.ctx, this.now);
      purgeExpired(this.ctx, this.stream, w.shard, this.now);
    }
  }
}

/** Drops a shard's records older than the retention period (they are a prefix of the shard). */
function purgeExpired(ctx: Ctx, stream: StreamRow, shard: ShardRow, now: number): void {
  const cutoff = retainedSince(stream, now);
  const oldest = ctx.store
    .stmt<[number], { arrival: number }>('SELECT arrival FROM kinesis_records WHERE shard_pk = ? ORDER BY seq LIMIT 1')
    .get(shard.id);
  if (!oldest || oldest.arrival >= cutoff) return;
  const keep = ctx.store
    .stmt<[number, number], { seq: number }>('SELECT seq FROM kinesis_records WHERE shard_pk = ? AND arrival >= ? ORDER BY seq LIMIT 1')
    .get(shard.id, cutoff);
  if (keep) ctx.store.stmt('DELETE FROM kinesis_records WHERE shard_pk = ? AND seq < ?').run(shard.id, keep.seq);
  else ctx.store.stmt('DELETE FROM kinesis_records WHERE shard_pk = ?').run(shard.id);
}

/**
 * The records a stream holds now: those of its shards, open or closed, still within the
 * retention period (expired ones not yet purged do not count). Read-only; undefined when the
 * stream does not exist.
 */
export function streamRecordCount(ctx: Ctx, streamName: string): number | undefined {
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = findStream(ctx, { StreamName: streamName }, now);
    if (!stream) return undefined;
    return ctx.store
      .stmt<[number, number], { n: number }>(
        `SELECT count(*) AS n FROM kinesis_records r JOIN kinesis_shards s ON s.id = r.shard_pk
         WHERE s.stream_pk = ? AND r.arrival >= ?`,
      )
      .get(stream.id, retainedSince(stream, now))!.n;
  });
}

/** SequenceNumberForOrdering: a later record of the same shard must get a greater number. */
function applyOrdering(ctx: Ctx, stream: StreamRow, given: string, w: ShardWriter, now: number): void {
  const parts = decodeSequenceNumber(given);
  if (!parts || parts.arrivalSecs * 1000 > now) {
    throw invalidArgument(`ExclusiveMinimumSequenceNumber ${given} used in PutRecord on stream ${stream.name} under account ${ctx.accountId} is invalid.`);
  }
  if (parts.shardIndex === w.shard.shard_index && parts.createSecs === w.shard.create_secs && parts.seq >= BigInt(w.nextSeq)) {
    w.nextSeq = Number(parts.seq) + 1;
  }
}

export interface PutRecordOutput {
  ShardId: string;
  SequenceNumber: string;
  EncryptionType?: 'KMS';
}

export function putRecord(ctx: Ctx, input: Input): PutRecordOutput {
  validateRequest('PutRecord', input);
  const data = input.Data as Uint8Array;
  const partitionKey = input.PartitionKey as string;
  return orThrow(ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireWritableStream(ctx, input, now);
    const limit = maxRecordBytes(stream);
    if (data.length > limit) throw tooLarge(data, 'data', limit);
    const size = data.length + Buffer.byteLength(partitionKey, 'utf8');
    if (size > limit) {
      throw invalidArgument(`Record size ${size} bytes, data plus partition key, exceeds the maximum record size of ${limit} bytes.`); // (unverified)
    }
    const key = hashKeyOf(partitionKey, input.ExplicitHashKey as string | undefined);
    const router = new Router(ctx, stream, now, isThroughputEnforced(ctx));
    const w = router.writerFor(key);
    if (typeof input.SequenceNumberForOrdering === 'string') applyOrdering(ctx, stream, input.SequenceNumberForOrdering, w, now);
    if (w.budget && !w.budget.take(size)) return throttled(ctx, stream, w.shardId, 'write', now);
    const encrypted = recordEncryption(stream, now) === 'KMS';
    const put = router.append(w, partitionKey, data, encrypted);
    router.finish();
    return { ShardId: put.shardId, SequenceNumber: put.sequenceNumber, ...(encrypted ? { EncryptionType: 'KMS' as const } : {}) };
  }));
}

interface PutRecordsEntry {
  Data: Uint8Array;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

export type PutRecordsResultEntry =
  | { SequenceNumber: string; ShardId: string }
  | { ErrorCode: 'ProvisionedThroughputExceededException'; ErrorMessage: string };

export interface PutRecordsOutput {
  FailedRecordCount: number;
  Records: PutRecordsResultEntry[];
  EncryptionType?: 'KMS';
}

/** PutRecords: records are taken in order; a record over its shard's throughput fails alone. */
export function putRecords(ctx: Ctx, input: Input): PutRecordsOutput {
  validateRequest('PutRecords', input);
  const entries = input.Records as PutRecordsEntry[];
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireWritableStream(ctx, input, now);
    const limit = maxRecordBytes(stream);
    let total = 0;
    const sizes = entries.map((e, i) => {
      if (e.Data.length > limit) throw tooLarge(e.Data, `records.${i + 1}.member.data`, limit);
      const size = e.Data.length + Buffer.byteLength(e.PartitionKey, 'utf8');
      total += size;
      return size;
    });
    const maxTotal = putRecordsMaxBytes(stream.max_record_kib);
    if (total > maxTotal) throw invalidArgument(`Records size exceeds ${maxTotal / 1_048_576} MB limit`);
    const keys = entries.map((e) => hashKeyOf(e.PartitionKey, e.ExplicitHashKey));
    const router = new Router(ctx, stream, now, isThroughputEnforced(ctx));
    const encrypted = recordEncryption(stream, now) === 'KMS';
    let failed = 0;
    const failedByShard = new Map<string, number>();
    const results = entries.map((e, i): PutRecordsResultEntry => {
      const w = router.writerFor(keys[i]!);
      if (w.budget && !w.budget.take(sizes[i]!)) {
        failed++;
        failedByShard.set(w.shardId, (failedByShard.get(w.shardId) ?? 0) + 1);
        return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: rateExceededMessage(w.shardId, stream.name, ctx.accountId) };
      }
      const put = router.append(w, e.PartitionKey, e.Data, encrypted);
      return { SequenceNumber: put.sequenceNumber, ShardId: put.shardId };
    });
    router.finish();
    for (const [shardId, n] of failedByShard) noteThrottled(ctx, stream.id, shardId, 'write', now, n);
    return { FailedRecordCount: failed, Records: results, ...(encrypted ? { EncryptionType: 'KMS' as const } : {}) };
  });
}

const ITERATOR_TYPE_RULE =
  'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.';

/** What names a starting position in the request: GetShardIterator's members, or SubscribeToShard's StartingPosition. */
export interface StartingPosition {
  type: string;
  sequenceNumber?: string;
  timestamp?: number;
  /** the operation, for messages */
  operation: 'GetShardIterator' | 'SubscribeToShard';
}

/** The first sequence index to read for a starting position, with AWS's checks. */
export function startingSeq(ctx: Ctx, stream: StreamRow, shard: ShardRow, pos: StartingPosition, now: number): number {
  const shardId = shardIdOf(shard.shard_index);
  const seqGiven = pos.sequenceNumber !== undefined;
  switch (pos.type) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      if (seqGiven) throw invalidArgument(`${ITERATOR_TYPE_RULE} Request specified ${pos.type} and also a StartingSequenceNumber.`);
      return pos.type === 'TRIM_HORIZON' ? 0 : shard.next_seq;
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      if (!seqGiven) throw invalidArgument(`${ITERATOR_TYPE_RULE} Request specified ${pos.type} and no StartingSequenceNumber.`);
      const given = pos.sequenceNumber!;
      const where = `on shard ${shardId} in stream ${stream.name} under account ${ctx.accountId}`;
      const parts = decodeSequenceNumber(given);
      if (!parts) throw invalidArgument(`StartingSequenceNumber ${given} used in ${pos.operation} ${where} is invalid.`);
      if (parts.shardIndex !== shard.shard_index) {
        throw invalidArgument(
          `Invalid StartingSequenceNumber. It encodes ${shardIdOf(parts.shardIndex)}, while it was used in a call to a shard with ${shardId}`,
        );
      }
      if (parts.createSecs !== shard.create_secs) {
        throw invalidArgument(`StartingSequenceNumber ${given} used in ${pos.operation} ${where} is invalid because it did not come from this stream.`);
      }
      const seq = parts.seq + (pos.type === 'AFTER_SEQUENCE_NUMBER' ? 1n : 0n);
      return seq > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(seq);
    }
    case 'AT_TIMESTAMP': {
      if (pos.timestamp === undefined) {
        throw invalidArgument(
          'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
        );
      }
      if (pos.timestamp > now) {
        throw invalidArgument(
          `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${pos.timestamp}, currentTimestampInMillis: ${now}`,
        );
      }
      const at = Math.max(pos.timestamp, retainedSince(stream, now));
      const first = ctx.store
        .stmt<[number, number], { seq: number }>('SELECT seq FROM kinesis_records WHERE shard_pk = ? AND arrival >= ? ORDER BY seq LIMIT 1')
        .get(shard.id, at);
      return first ? first.seq : shard.next_seq;
    }
    default:
      throw invalidArgument(`Invalid ShardIteratorType: ${pos.type}`); // unreachable after validation
  }
}

/** The shard a shard id names in a stream, for reading: ResourceNotFoundException as GetShardIterator words it. */
export function requireReadableShard(ctx: Ctx, input: Input, shardIdText: string, now: number): { stream: StreamRow; shard: ShardRow } {
  const index = parseShardId(shardIdText);
  const name = streamNameForMessages(ctx, input);
  if (index === undefined) throw couldNotFindShard(shardIdText, name, ctx.accountId);
  const stream = findStream(ctx, input, now);
  if (!stream || streamStatus(stream, now) === 'CREATING') throw shardDoesNotExist(shardIdOf(index), name, ctx.accountId);
  const shard = shardByIndex(ctx.store, stream.id, index);
  if (!shard || !shardVisible(shard, now, retentionMs(stream))) throw shardDoesNotExist(shardIdOf(index), stream.name, ctx.accountId);
  return { stream, shard };
}

function streamNameForMessages(ctx: Ctx, input: Input): string {
  if (typeof input.StreamName === 'string') return input.StreamName;
  if (typeof input.StreamARN === 'string') return input.StreamARN.split('/').pop() ?? input.StreamARN;
  return '';
}

export function getShardIterator(ctx: Ctx, input: Input): { ShardIterator: string } {
  validateRequest('GetShardIterator', input);
  return orThrow(ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const { stream, shard } = requireReadableShard(ctx, input, input.ShardId as string, now);
    if (isThroughputEnforced(ctx) && !takeGetShardIteratorCall(ctx, shard, now)) {
      return throttled(ctx, stream, shardIdOf(shard.shard_index), 'read', now);
    }
    const nextSeq = startingSeq(ctx, stream, shard, {
      type: input.ShardIteratorType as string,
      sequenceNumber: input.StartingSequenceNumber as string | undefined,
      timestamp: timestampMs(input.Timestamp),
      operation: 'GetShardIterator',
    }, now);
    const state: IteratorState = {
      issuedAt: now,
      streamPk: stream.id,
      streamCreatedAt: stream.created_at,
      streamName: stream.name,
      shardIndex: shard.shard_index,
      nextSeq,
    };
    return { ShardIterator: encodeIterator(ensureSecret(ctx.store), state) };
  }));
}

export interface RecordOut {
  SequenceNumber: string;
  ApproximateArrivalTimestamp: Date;
  Data: Buffer;
  PartitionKey: string;
  EncryptionType?: 'KMS';
}

export interface ChildShardOut {
  ShardId: string;
  ParentShards: string[];
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
}

interface RecordRow {
  seq: number;
  arrival: number;
  sequence_number: string;
  partition_key: string;
  data: Buffer;
  encrypted: number;
}

export interface ShardRead {
  records: RecordOut[];
  /** bytes of data and partition keys returned */
  bytes: number;
  /** where the next read starts */
  nextSeq: number;
  /** the sequence number of the last record returned */
  lastSequenceNumber: string | undefined;
  /** milliseconds behind the tip: 0 when nothing is left to read, else the age of the next unread record */
  millisBehindLatest: number;
  /** set when the shard is closed and everything in it has been read */
  childShards: ChildShardOut[] | undefined;
}

const FIRST_CHUNK = 100;

/** Reads a shard from sequence index fromSeq: up to limit records and maxBytes bytes (at least one record). */
export function readShard(ctx: Ctx, stream: StreamRow, shard: ShardRow, fromSeq: number, limit: number, maxBytes: number, now: number): ShardRead {
  const cutoff = retainedSince(stream, now);
  const select = ctx.store.stmt<[number, number, number, number], RecordRow>(
    `SELECT seq, arrival, sequence_number, partition_key, data, encrypted FROM kinesis_records
     WHERE shard_pk = ? AND seq >= ? AND arrival >= ? ORDER BY seq LIMIT ?`,
  );
  const records: RecordOut[] = [];
  let bytes = 0;
  let nextSeq = fromSeq;
  let last: RecordRow | undefined;
  // Read in chunks sized by what has been seen, so that a page of large records does not
  // load far more than the byte cap while a page of small ones takes one or two queries.
  let chunk = FIRST_CHUNK;
  for (let from = fromSeq, full = false; !full && records.length < limit; ) {
    const want = Math.min(limit - records.length, chunk);
    const rows = select.all(shard.id, from, cutoff, want);
    for (const r of rows) {
      const size = r.data.length + Buffer.byteLength(r.partition_key, 'utf8');
      if (records.length > 0 && bytes + size > maxBytes) {
        full = true;
        break;
      }
      bytes += size;
      const out: RecordOut = {
        SequenceNumber: r.sequence_number,
        ApproximateArrivalTimestamp: new Date(r.arrival),
        Data: r.data,
        PartitionKey: r.partition_key,
      };
      if (r.encrypted) out.EncryptionType = 'KMS';
      records.push(out);
      last = r;
    }
    if (rows.length < want || !last) break;
    from = last.seq + 1;
    chunk = Math.max(FIRST_CHUNK, Math.floor((maxBytes - bytes) / Math.max(1, bytes / records.length)));
  }
  if (last) nextSeq = last.seq + 1;
  const following = ctx.store
    .stmt<[number, number, number], { seq: number; arrival: number }>(
      'SELECT seq, arrival FROM kinesis_records WHERE shard_pk = ? AND seq >= ? AND arrival >= ? ORDER BY seq LIMIT 1',
    )
    .get(shard.id, nextSeq, cutoff);
  const atEnd = !following && shardClosed(shard, now);
  return {
    records,
    bytes,
    nextSeq,
    lastSequenceNumber: last?.sequence_number,
    millisBehindLatest: following ? Math.max(0, now - following.arrival) : 0,
    childShards: atEnd ? childShardsOf(ctx, stream, shard, now) : undefined,
  };
}

/** The shards created from this one by a split or merge. */
export function childShardsOf(ctx: Ctx, stream: StreamRow, shard: ShardRow, now: number): ChildShardOut[] {
  return shardsOf(ctx.store, stream.id)
    .filter((s) => s.created_at <= now && (s.parent_index === shard.shard_index || s.adjacent_parent_index === shard.shard_index))
    .map((s) => ({
      ShardId: shardIdOf(s.shard_index),
      ParentShards: [s.parent_index, s.adjacent_parent_index].filter((p): p is number => p !== null).map(shardIdOf),
      HashKeyRange: { StartingHashKey: s.start_hash, EndingHashKey: s.end_hash },
    }));
}

export interface GetRecordsOutput {
  Records: RecordOut[];
  NextShardIterator?: string;
  MillisBehindLatest: number;
  ChildShards?: ChildShardOut[];
}

export function getRecords(ctx: Ctx, input: Input): GetRecordsOutput {
  validateRequest('GetRecords', input);
  const limit = (input.Limit as number | undefined) ?? GET_RECORDS_MAX_LIMIT;
  return orThrow(ctx.store.write((): GetRecordsOutput | AwsError => {
    const now = ctx.store.clock.now();
    const secret = readSecret(ctx.store);
    const it = decodeIterator(secret, input.ShardIterator as string);
    if (!it || it.issuedAt > now) throw invalidShardIterator();
    if (now - it.issuedAt > ITERATOR_TTL_MS) throw expiredIterator(it.issuedAt, now, ITERATOR_TTL_MS);
    const shardId = shardIdOf(it.shardIndex);
    const stream = ctx.store.stmt<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?').get(it.streamPk);
    if (!stream || stream.created_at !== it.streamCreatedAt || streamStatus(stream, now) === undefined) {
      throw shardDoesNotExist(shardId, it.streamName, ctx.accountId);
    }
    if (stream.account_id !== ctx.accountId || stream.region !== ctx.region) throw invalidShardIterator();
    if (typeof input.StreamARN === 'string' && input.StreamARN !== streamArnOf(stream)) {
      throw invalidArgument(`StreamARN ${input.StreamARN} does not match the stream of the ShardIterator.`); // (unverified)
    }
    const shard = shardByIndex(ctx.store, stream.id, it.shardIndex);
    if (!shard || !shardVisible(shard, now, retentionMs(stream))) throw shardDoesNotExist(shardId, stream.name, ctx.accountId);
    const enforce = isThroughputEnforced(ctx);
    if (enforce && !takeGetRecordsCall(ctx, shard, now)) return throttled(ctx, stream, shardId, 'read', now);
    purgeExpired(ctx, stream, shard, now);
    const read = readShard(ctx, stream, shard, it.nextSeq, limit, GET_RECORDS_MAX_BYTES, now);
    if (enforce) chargeRead(ctx, shard, read.bytes, now);
    const out: GetRecordsOutput = { Records: read.records, MillisBehindLatest: read.millisBehindLatest };
    if (read.childShards) {
      out.ChildShards = read.childShards;
    } else {
      out.NextShardIterator = encodeIterator(secret!, { ...it, issuedAt: now, nextSeq: read.nextSeq });
    }
    return out;
  }));
}

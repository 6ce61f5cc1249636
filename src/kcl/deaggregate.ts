/**
 * KPL aggregated records, unpacked into their user records as the KCL does before a record
 * processor sees them.
 *
 * The Kinesis Producer Library packs many user records into one Kinesis record: the 4 bytes
 * F3 89 9A C2, a protocol-buffers AggregatedRecord, and the MD5 of that message (16 bytes).
 *
 *   AggregatedRecord { repeated string partition_key_table = 1;
 *                      repeated string explicit_hash_key_table = 2;
 *                      repeated Record records = 3; }
 *   Record           { required uint64 partition_key_index = 1;
 *                      optional uint64 explicit_hash_key_index = 2;
 *                      required bytes data = 3;
 *                      repeated Tag tags = 4; }
 *
 * Each user record keeps the Kinesis record's sequence number and arrival time and gets a
 * sub-sequence number, its place in the aggregate (0, 1, ...). A record without the magic
 * bytes, with a wrong MD5 or with a message that does not parse is passed on as it is. After a
 * reshard, an aggregate whose user records hash outside the shard's range (the KPL put it
 * before the split) is dropped whole, as the KCL drops it: those records are read from the
 * child shard that owns them. An aggregate naming a key its tables lack keeps the user records
 * before that one, with a warning in the worker's log (the KCL fails such a batch instead).
 */
import { createHash } from 'node:crypto';
import type { KinesisRecord } from './api.js';
import type { KclRecord } from './processor.js';

const MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);
const DIGEST_BYTES = 16;

/** A shard's inclusive hash key range, as decimal strings (a lease's hashKeyRange). */
export interface HashRange {
  startingHashKey: string;
  endingHashKey: string;
}

class ProtobufError extends Error {}

/** Reads the fields of one protocol-buffers message. */
class MessageReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++]!;
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
    throw new ProtobufError('varint too long');
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw new ProtobufError('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const t = Number(this.varint());
    if (t >>> 3 === 0) throw new ProtobufError('field number 0');
    return { field: t >>> 3, wire: t & 7 };
  }

  /** Steps over an unknown field. Groups (wire types 3, 4), which the KPL never writes, count as malformed. */
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (this.pos + size > this.buf.length) throw new ProtobufError('truncated field');
      this.pos += size;
    } else throw new ProtobufError(`wire type ${wire}`);
  }
}

interface UserRecordEntry {
  partitionKeyIndex: number;
  explicitHashKeyIndex?: number;
  data: Buffer;
}

interface Aggregate {
  partitionKeys: string[];
  explicitHashKeys: string[];
  records: UserRecordEntry[];
}

function requireWire(wire: number, wanted: number): void {
  if (wire !== wanted) throw new ProtobufError(`wire type ${wire}, expected ${wanted}`);
}

function parseRecord(buf: Buffer): UserRecordEntry {
  const r = new MessageReader(buf);
  let partitionKeyIndex: number | undefined;
  let explicitHashKeyIndex: number | undefined;
  let data: Buffer | undefined;
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      requireWire(wire, 0);
      partitionKeyIndex = Number(r.varint());
    } else if (field === 2) {
      requireWire(wire, 0);
      explicitHashKeyIndex = Number(r.varint());
    } else if (field === 3) {
      requireWire(wire, 2);
      data = Buffer.from(r.bytes());
    } else r.skip(wire); // tags, and anything newer
  }
  // required fields, as protocol buffers 2 insists
  if (partitionKeyIndex === undefined || data === undefined) throw new ProtobufError('a required field is missing');
  return { partitionKeyIndex, explicitHashKeyIndex, data };
}

function parseAggregate(buf: Buffer): Aggregate {
  const r = new MessageReader(buf);
  const out: Aggregate = { partitionKeys: [], explicitHashKeys: [], records: [] };
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 || field === 2 || field === 3) requireWire(wire, 2);
    if (field === 1) out.partitionKeys.push(r.bytes().toString('utf8'));
    else if (field === 2) out.explicitHashKeys.push(r.bytes().toString('utf8'));
    else if (field === 3) out.records.push(parseRecord(r.bytes()));
    else r.skip(wire);
  }
  return out;
}

/** The aggregate inside a Kinesis record's data, or undefined when the data is not one. */
function aggregateOf(data: Buffer): Aggregate | undefined {
  if (data.length <= MAGIC.length + DIGEST_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const message = data.subarray(MAGIC.length, data.length - DIGEST_BYTES);
  const digest = data.subarray(data.length - DIGEST_BYTES);
  if (!createHash('md5').update(message).digest().equals(digest)) return undefined;
  try {
    return parseAggregate(message);
  } catch (e) {
    if (e instanceof ProtobufError) return undefined;
    throw e;
  }
}

/** The 128-bit hash key a user record routes by: its explicit hash key, else the MD5 of its partition key. */
function effectiveHashKey(partitionKey: string, explicitHashKey: string | undefined): bigint | undefined {
  if (explicitHashKey !== undefined) return /^\d+$/.test(explicitHashKey) ? BigInt(explicitHashKey) : undefined;
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/**
 * The user records of Kinesis records, in order: aggregates unpacked, other records as they
 * are (sub-sequence number 0). `warn` hears of an aggregate that could not be unpacked whole.
 */
export function deaggregate(records: readonly KinesisRecord[], range: HashRange | undefined, warn: (line: string) => void): KclRecord[] {
  const start = range ? BigInt(range.startingHashKey) : undefined;
  const end = range ? BigInt(range.endingHashKey) : undefined;
  const out: KclRecord[] = [];
  for (const r of records) {
    const plain: KclRecord = {
      data: Buffer.from(r.Data),
      partitionKey: r.PartitionKey,
      sequenceNumber: r.SequenceNumber,
      subSequenceNumber: 0,
      approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
    };
    const aggregate = aggregateOf(plain.data);
    if (!aggregate) {
      out.push(plain);
      continue;
    }
    const users: KclRecord[] = [];
    let dropped = false;
    for (const [i, u] of aggregate.records.entries()) {
      const partitionKey = aggregate.partitionKeys[u.partitionKeyIndex];
      const explicitHashKey = u.explicitHashKeyIndex === undefined ? undefined : aggregate.explicitHashKeys[u.explicitHashKeyIndex];
      if (partitionKey === undefined || (u.explicitHashKeyIndex !== undefined && explicitHashKey === undefined)) {
        warn(`the aggregated record ${r.SequenceNumber} names a key its tables do not have; its user records from ${i} on are skipped`);
        break;
      }
      const hash = effectiveHashKey(partitionKey, explicitHashKey);
      if (hash === undefined) {
        warn(`the aggregated record ${r.SequenceNumber} has an explicit hash key that is not a number; its user records from ${i} on are skipped`);
        break;
      }
      if (start !== undefined && end !== undefined && (hash < start || hash > end)) {
        dropped = true;
        break;
      }
      users.push({ ...plain, data: u.data, partitionKey, subSequenceNumber: i });
    }
    if (!dropped) out.push(...users);
  }
  return out;
}

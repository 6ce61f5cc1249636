/**
 * `awsmsg serve` with Kinesis requests in CBOR as the AWS SDK for Java sends them by default
 * (Content-Type application/x-amz-cbor-1.1): Jackson's generator writes every object and array
 * with indefinite length (0xBF…0xFF, 0x9F…0xFF), long texts as chunked indefinite strings,
 * integers in the smallest head, Data as a byte string and timestamps as tag 1 holding epoch
 * milliseconds. Bodies are built here by hand (a small Jackson-like writer) and with cbor-x;
 * answers are read with cbor-x, tag 1 kept as the raw number so milliseconds are checked.
 */
import { connect } from 'node:http2';
import { crc32 } from 'node:zlib';
import { addExtension, Decoder, Encoder, Tag } from 'cbor-x';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, REGION, startTestServer, type TestServer } from './clients-support.js';

/** A tag-1 timestamp as AWS's CBOR carries it: epoch milliseconds. */
class EpochMillis {
  constructor(
    readonly ms: number,
    /** whether the tag held an integer (cbor-x reads a 64-bit one as a bigint) */
    readonly integral = true,
  ) {}
}
addExtension({
  Class: EpochMillis,
  tag: 1,
  encode: (v: EpochMillis, encode: (x: unknown) => Buffer) => encode(v.ms),
  decode: (v: number | bigint) => new EpochMillis(Number(v), typeof v === 'bigint' || Number.isInteger(v)),
});

const cborx = new Encoder({ useRecords: false, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** CBOR as Jackson writes it: indefinite maps and arrays, chunked long texts, minimal integer heads. */
function jackson(v: unknown): Buffer {
  const head = (major: number, n: number | bigint): Buffer => {
    const m = major << 5;
    const b = BigInt(n);
    if (b < 24n) return Buffer.from([m | Number(b)]);
    if (b < 0x100n) return Buffer.from([m | 24, Number(b)]);
    if (b < 0x10000n) return Buffer.from([m | 25, Number(b) >> 8, Number(b) & 0xff]);
    if (b < 0x100000000n) {
      const out = Buffer.alloc(5);
      out[0] = m | 26;
      out.writeUInt32BE(Number(b), 1);
      return out;
    }
    const out = Buffer.alloc(9);
    out[0] = m | 27;
    out.writeBigUInt64BE(b, 1);
    return out;
  };
  const text = (s: string): Buffer => {
    const bytes = Buffer.from(s, 'utf8');
    if (bytes.length <= 64) return Buffer.concat([head(3, bytes.length), bytes]);
    // chunked: 0x7F, definite chunks, break
    const chunks: Buffer[] = [Buffer.from([0x7f])];
    for (let i = 0; i < bytes.length; i += 40) {
      const part = bytes.subarray(i, i + 40);
      chunks.push(head(3, part.length), part);
    }
    chunks.push(Buffer.from([0xff]));
    return Buffer.concat(chunks);
  };
  if (v instanceof EpochMillis) return Buffer.concat([Buffer.from([0xc1]), head(0, v.ms)]);
  if (typeof v === 'string') return text(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'boolean') return Buffer.from([v ? 0xf5 : 0xf4]);
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([Buffer.from([0x9f]), ...v.map(jackson), Buffer.from([0xff])]);
  if (typeof v === 'object' && v !== null) {
    const parts = Object.entries(v).flatMap(([k, x]) => [text(k), jackson(x)]);
    return Buffer.concat([Buffer.from([0xbf]), ...parts, Buffer.from([0xff])]);
  }
  throw new Error(`cannot write ${typeof v}`);
}

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

interface Answer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

async function call(operation: string, body: Buffer): Promise<Answer> {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-cbor-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/${REGION}/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      'x-amz-date': '20240101T000000Z',
      'user-agent': 'aws-sdk-java/1.12.600 Linux/6.1 OpenJDK_64-Bit_Server_VM/17',
    },
    body: new Uint8Array(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type'), body: bytes.length ? (decoder.decode(bytes) as Record<string, unknown>) : {} };
}

async function ok(operation: string, body: Buffer): Promise<Record<string, unknown>> {
  const a = await call(operation, body);
  if (a.status !== 200) throw new Error(`${operation}: ${a.status} ${JSON.stringify(a.body)}`);
  expect(a.contentType).toBe('application/x-amz-cbor-1.1');
  return a.body;
}

async function clockNow(): Promise<number> {
  const res = await fetch(`${t.url}/_awsmsg/clock`);
  return Date.parse(((await res.json()) as { now: string }).now);
}

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('Kinesis in CBOR, as the Java SDK sends it', () => {
  const stream = 'clients-cbor';

  beforeAll(async () => {
    // the body exactly as Jackson writes {"StreamName": ..., "ShardCount": 2}
    const create = Buffer.concat([
      Buffer.from([0xbf]),
      Buffer.from([0x6a]),
      Buffer.from('StreamName'),
      Buffer.from([0x6c]),
      Buffer.from(stream),
      Buffer.from([0x6a]),
      Buffer.from('ShardCount'),
      Buffer.from([0x02]),
      Buffer.from([0xff]),
    ]);
    await ok('CreateStream', create);
    await t.advance('3s');
  });

  it('describes a stream: timestamps come back as tag 1 with integer epoch milliseconds', async () => {
    const before = await clockNow();
    const out = (await ok('DescribeStream', jackson({ StreamName: stream }))) as { StreamDescription: Record<string, unknown> };
    const d = out.StreamDescription;
    expect(d.StreamStatus).toBe('ACTIVE');
    expect(d.StreamARN).toBe(`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`);
    expect((d.Shards as unknown[]).length).toBe(2);
    expect(d.StreamCreationTimestamp).toBeInstanceOf(EpochMillis);
    const ms = (d.StreamCreationTimestamp as EpochMillis).ms;
    expect((d.StreamCreationTimestamp as EpochMillis).integral).toBe(true);
    // created 3 s of clock before this call
    expect(before - ms).toBeGreaterThanOrEqual(3000);
    expect(before - ms).toBeLessThan(60_000);
  });

  it('puts binary Data as a byte string and reads it back with its arrival time', async () => {
    const before = await clockNow();
    const put = await ok('PutRecord', jackson({ StreamName: stream, PartitionKey: 'pk', Data: allBytes, ExplicitHashKey: '0' }));
    const after = await clockNow();
    expect(put.ShardId).toBe('shardId-000000000000');
    expect(put.SequenceNumber).toMatch(/^\d{56}$/);

    const it0 = await ok('GetShardIterator', jackson({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber }));
    const got = (await ok('GetRecords', jackson({ ShardIterator: it0.ShardIterator, Limit: 10 }))) as { Records: Record<string, unknown>[]; MillisBehindLatest: number };
    expect(got.Records).toHaveLength(1);
    const r = got.Records[0]!;
    expect(r.Data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(r.Data as Uint8Array)).toEqual(Buffer.from(allBytes));
    expect(r.PartitionKey).toBe('pk');
    expect(r.ApproximateArrivalTimestamp).toBeInstanceOf(EpochMillis);
    const arrived = (r.ApproximateArrivalTimestamp as EpochMillis).ms;
    expect(arrived).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(arrived).toBeLessThanOrEqual(after);
    expect(got.MillisBehindLatest).toBe(0);
  });

  it('takes an AT_TIMESTAMP iterator with the Timestamp as tag 1 milliseconds', async () => {
    await t.advance('2s');
    const put = await ok('PutRecord', jackson({ StreamName: stream, PartitionKey: 'ts', Data: Buffer.from('at timestamp'), ExplicitHashKey: '1' }));
    const r = (await ok(
      'GetRecords',
      jackson({
        ShardIterator: (await ok('GetShardIterator', jackson({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber }))).ShardIterator,
      }),
    )) as { Records: { ApproximateArrivalTimestamp: EpochMillis; SequenceNumber: string }[] };
    const arrived = r.Records[0]!.ApproximateArrivalTimestamp.ms;
    await t.advance('1s');
    // the millisecond of arrival finds the record; one millisecond later does not
    const at = await ok('GetShardIterator', jackson({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new EpochMillis(arrived) }));
    const from = (await ok('GetRecords', jackson({ ShardIterator: at.ShardIterator }))) as { Records: { SequenceNumber: string }[] };
    expect(from.Records.map((x) => x.SequenceNumber)).toEqual([put.SequenceNumber]);
    await t.advance('1s');
    const later = await ok('GetShardIterator', jackson({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new EpochMillis(arrived + 1) }));
    const none = (await ok('GetRecords', jackson({ ShardIterator: later.ShardIterator }))) as { Records: unknown[] };
    expect(none.Records).toEqual([]);
  });

  it('puts records in a batch (indefinite arrays, chunked long texts) and reports per-record results', async () => {
    const longKey = 'partition-key-'.repeat(10);
    const out = (await ok(
      'PutRecords',
      jackson({
        StreamName: stream,
        Records: [
          { Data: Buffer.from('one'), PartitionKey: longKey },
          { Data: new Uint8Array(0), PartitionKey: 'empty-data' },
          { Data: allBytes, PartitionKey: 'b', ExplicitHashKey: (2n ** 128n - 1n).toString() },
        ],
      }),
    )) as { FailedRecordCount: number; Records: { ShardId: string; SequenceNumber: string }[] };
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(3);
    expect(out.Records[2]!.ShardId).toBe('shardId-000000000001');
    const it1 = await ok('GetShardIterator', jackson({ StreamName: stream, ShardId: out.Records[0]!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: out.Records[0]!.SequenceNumber }));
    const got = (await ok('GetRecords', jackson({ ShardIterator: it1.ShardIterator, Limit: 1 }))) as { Records: { PartitionKey: string; Data: Uint8Array }[] };
    expect(got.Records[0]!.PartitionKey).toBe(longKey);
    expect(Buffer.from(got.Records[0]!.Data).toString()).toBe('one');
  });

  it('takes bodies written by cbor-x (definite lengths, 16-bit map heads, doubles for big integers)', async () => {
    const body = cborx.encode({ StreamName: stream, PartitionKey: 'cborx', Data: Buffer.from([0xde, 0xad, 0xbe, 0xef]) });
    const put = await ok('PutRecord', Buffer.from(body));
    expect(put.SequenceNumber).toMatch(/^\d+$/);
    const list = await ok('ListShards', Buffer.from(cborx.encode({ StreamName: stream, MaxResults: 1 })));
    expect((list.Shards as unknown[]).length).toBe(1);
    expect(list.NextToken).toMatch(/\S/);
    const summary = (await ok('DescribeStreamSummary', Buffer.from(cborx.encode({ StreamName: stream, Ignored: new Tag(5, 1) })))) as {
      StreamDescriptionSummary: { OpenShardCount: number; StreamCreationTimestamp: EpochMillis };
    };
    expect(summary.StreamDescriptionSummary.OpenShardCount).toBe(2);
  });

  it('answers errors in CBOR: ResourceNotFoundException, SerializationException, ValidationException', async () => {
    const missing = await call('DescribeStream', jackson({ StreamName: 'clients-cbor-nope' }));
    expect(missing.status).toBe(400);
    expect(missing.contentType).toBe('application/x-amz-cbor-1.1');
    expect(missing.body).toEqual({ __type: 'ResourceNotFoundException', message: `Stream clients-cbor-nope under account ${ACCOUNT} not found.` });

    const truncated = await call('DescribeStream', jackson({ StreamName: stream }).subarray(0, 5));
    expect(truncated.status).toBe(400);
    expect(truncated.body.__type).toBe('SerializationException');

    const notAMap = await call('DescribeStream', jackson(['StreamName', stream]));
    expect(notAMap.status).toBe(400);
    expect(notAMap.body.__type).toBe('SerializationException');

    const invalid = await call('PutRecord', jackson({ StreamName: stream, PartitionKey: '', Data: Buffer.from('x') }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.__type).toBe('ValidationException');
    expect(String(invalid.body.message)).toMatch(/partitionKey/i);

    const unknown = await call('NoSuchOperation', jackson({}));
    expect(unknown.status).toBe(400);
    expect(unknown.body.__type).toBe('UnknownOperationException');
  });

  it('streams SubscribeToShard events with CBOR payloads over HTTP/2', async () => {
    const { StreamDescription } = (await ok('DescribeStream', jackson({ StreamName: stream }))) as { StreamDescription: { StreamARN: string } };
    const reg = (await ok('RegisterStreamConsumer', jackson({ StreamARN: StreamDescription.StreamARN, ConsumerName: 'java-app' }))) as {
      Consumer: { ConsumerARN: string; ConsumerCreationTimestamp: EpochMillis };
    };
    expect(reg.Consumer.ConsumerCreationTimestamp).toBeInstanceOf(EpochMillis);
    await t.advance('3s');
    const put = await ok('PutRecord', jackson({ StreamName: stream, PartitionKey: 'sub', Data: allBytes, ExplicitHashKey: '2' }));

    const session = connect(t.url);
    try {
      const req = session.request({
        ':method': 'POST',
        ':path': '/',
        'content-type': 'application/x-amz-cbor-1.1',
        'x-amz-target': 'Kinesis_20131202.SubscribeToShard',
      });
      req.end(
        jackson({
          ConsumerARN: reg.Consumer.ConsumerARN,
          ShardId: 'shardId-000000000000',
          StartingPosition: { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: put.SequenceNumber },
        }),
      );
      const headers = await new Promise<Record<string, unknown>>((resolve) => req.once('response', resolve));
      expect(headers[':status']).toBe(200);
      expect(headers['content-type']).toBe('application/vnd.amazon.eventstream');
      const messages = await readEvents(req, (m) => m.headers[':event-type'] === 'SubscribeToShardEvent');
      req.close();
      expect(messages[0]!.headers).toMatchObject({ ':message-type': 'event', ':event-type': 'initial-response' });
      const event = messages.find((m) => m.headers[':event-type'] === 'SubscribeToShardEvent')!;
      expect(event.headers[':content-type']).toBe('application/x-amz-cbor-1.1');
      const body = decoder.decode(event.payload) as { Records: { Data: Uint8Array; SequenceNumber: string; ApproximateArrivalTimestamp: EpochMillis }[]; ContinuationSequenceNumber: string };
      expect(body.Records.map((r) => r.SequenceNumber)).toEqual([put.SequenceNumber]);
      expect(Buffer.from(body.Records[0]!.Data)).toEqual(Buffer.from(allBytes));
      expect(body.Records[0]!.ApproximateArrivalTimestamp).toBeInstanceOf(EpochMillis);
      expect(body.ContinuationSequenceNumber).toBe(put.SequenceNumber);
    } finally {
      session.destroy();
    }
  });
});

interface EventMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

/** Reads event-stream messages (checking both CRCs) until `until` matches one. */
function readEvents(stream: NodeJS.ReadableStream, until: (m: EventMessage) => boolean): Promise<EventMessage[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: EventMessage[] = [];
    stream.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        while (buf.length >= 12 && buf.length >= buf.readUInt32BE(0)) {
          const total = buf.readUInt32BE(0);
          const headersLength = buf.readUInt32BE(4);
          if (crc32(buf.subarray(0, 8)) !== buf.readUInt32BE(8)) throw new Error('prelude CRC mismatch');
          if (crc32(buf.subarray(0, total - 4)) !== buf.readUInt32BE(total - 4)) throw new Error('message CRC mismatch');
          const headers: Record<string, string> = {};
          let p = 12;
          while (p < 12 + headersLength) {
            const n = buf[p]!;
            const name = buf.toString('utf8', p + 1, p + 1 + n);
            p += 1 + n;
            if (buf[p] !== 7) throw new Error(`header type ${buf[p]}`);
            const len = buf.readUInt16BE(p + 1);
            headers[name] = buf.toString('utf8', p + 3, p + 3 + len);
            p += 3 + len;
          }
          const m = { headers, payload: Buffer.from(buf.subarray(12 + headersLength, total - 4)) };
          out.push(m);
          buf = buf.subarray(total);
          if (until(m)) return resolve(out);
        }
      } catch (e) {
        reject(e);
      }
    });
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

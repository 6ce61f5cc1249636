/**
 * The event stream framing of SubscribeToShard (application/vnd.amazon.eventstream), checked
 * against the AWS SDK's own codec (@smithy/core's EventStreamCodec, which the SDK uses to read
 * SubscribeToShard): byte-identical frames, CRCs the SDK accepts, and our reader's checks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import {
  decodeEventMessages,
  encodeEventMessage,
  errorMessage,
  eventMessage,
  exceptionMessage,
} from '../../src/server/protocols/eventstream.js';

const sdk = new EventStreamCodec(toUtf8, fromUtf8);

type Headers = Record<string, string>;

function sdkEncode(headers: Headers, payload: Buffer): Buffer {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string' as const, value: v }]));
  return Buffer.from(sdk.encode({ headers: h, body: new Uint8Array(payload) }));
}

function sdkDecode(frame: Buffer): { headers: Headers; payload: Buffer } {
  const m = sdk.decode(new Uint8Array(frame));
  const headers: Headers = {};
  for (const [k, v] of Object.entries(m.headers)) {
    expect(v.type).toBe('string');
    headers[k] = v.value as string;
  }
  return { headers, payload: Buffer.from(m.body) };
}

const headerName = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => Buffer.byteLength(s) <= 255);
const headers = fc.dictionary(headerName, fc.string({ maxLength: 60 }), { maxKeys: 6 });
const payload = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));

describe('event stream frames', () => {
  it('are byte for byte what the SDK codec writes', () => {
    fc.assert(
      fc.property(headers, payload, (h, p) => {
        expect(encodeEventMessage(h, p).toString('hex')).toBe(sdkEncode(h, p).toString('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('SubscribeToShard frames are read by the SDK codec (its CRC checks pass)', () => {
    const body = Buffer.from('{"Records":[],"ContinuationSequenceNumber":"1","MillisBehindLatest":0}');
    const frames = [
      eventMessage('initial-response', 'application/x-amz-json-1.1', Buffer.from('{}')),
      eventMessage('SubscribeToShardEvent', 'application/x-amz-json-1.1', body),
      exceptionMessage('ResourceNotFoundException', 'application/x-amz-json-1.1', Buffer.from('{"message":"gone"}')),
      errorMessage('InternalFailure', 'something broke'),
    ];
    expect(frames.map(sdkDecode)).toEqual([
      { headers: { ':message-type': 'event', ':event-type': 'initial-response', ':content-type': 'application/x-amz-json-1.1' }, payload: Buffer.from('{}') },
      { headers: { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': 'application/x-amz-json-1.1' }, payload: body },
      {
        headers: { ':message-type': 'exception', ':exception-type': 'ResourceNotFoundException', ':content-type': 'application/x-amz-json-1.1' },
        payload: Buffer.from('{"message":"gone"}'),
      },
      { headers: { ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'something broke' }, payload: Buffer.alloc(0) },
    ]);
  });

  it('round trip: any split of a run of frames decodes to the frames, leaving the incomplete tail', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(headers, payload), { minLength: 1, maxLength: 4 }), fc.nat(), (messages, cut) => {
        const stream = Buffer.concat(messages.map(([h, p]) => sdkEncode(h, p)));
        const at = cut % (stream.length + 1);
        const first = decodeEventMessages(stream.subarray(0, at));
        const second = decodeEventMessages(Buffer.concat([first.rest, stream.subarray(at)]));
        expect(second.rest.length).toBe(0);
        expect([...first.messages, ...second.messages]).toEqual(messages.map(([h, p]) => ({ headers: h, payload: p })));
      }),
      { numRuns: 200 },
    );
  });

  it('a header may be named __proto__: it is read as a header like any other', () => {
    const named = JSON.parse('{"__proto__":"x",":event-type":"e"}') as Record<string, string>;
    const { messages } = decodeEventMessages(encodeEventMessage(named, Buffer.alloc(0)));
    expect(Object.keys(messages[0]!.headers)).toEqual(['__proto__', ':event-type']);
    expect(messages[0]!.headers).toEqual(named);
  });

  it('a corrupted prelude or message fails its CRC, in our reader and in the SDK', () => {
    const frame = eventMessage('SubscribeToShardEvent', 'application/x-amz-json-1.1', Buffer.from('{"Records":[]}'));
    const flip = (i: number): Buffer => {
      const b = Buffer.from(frame);
      b[i]! ^= 0x01;
      return b;
    };
    expect(() => decodeEventMessages(flip(3))).toThrow(/prelude CRC/);
    expect(() => decodeEventMessages(flip(9))).toThrow(/prelude CRC/);
    expect(() => decodeEventMessages(flip(frame.length - 5))).toThrow(/message CRC/);
    expect(() => decodeEventMessages(flip(frame.length - 1))).toThrow(/message CRC/);
    expect(() => sdkDecode(flip(frame.length - 5))).toThrow(/checksum/i);
    expect(() => sdkDecode(flip(9))).toThrow(/checksum/i);
  });

  it('a prelude with impossible lengths is refused', () => {
    const frame = Buffer.alloc(16);
    frame.writeUInt32BE(8, 0); // shorter than a prelude and a CRC
    frame.writeUInt32BE(0, 4);
    frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
    expect(() => decodeEventMessages(frame)).toThrow(/bad lengths/);
  });
});

/**
 * The CBOR codec Kinesis speaks (application/x-amz-cbor-1.1), checked against an independent
 * implementation (cbor-x) in both directions, with the encodings cbor-x does not write made by
 * hand: indefinite lengths, half floats, AWS's tag 1 with epoch milliseconds, malformed input.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decoder, Encoder } from 'cbor-x';
import { AwsError } from '../../src/core/errors.js';
import { loadModel } from '../../src/model/load.js';
import { CborTimestamp, cborOutputValue, decodeCbor, decodeCborInput, encodeCbor } from '../../src/server/protocols/cbor.js';

const cborx = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
const cborx32 = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, useFloat32: 1 });
// int64AsNumber: cbor-x's own tag 1 reader fails on a 64-bit integer read as BigInt
const cborxDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** cbor-x gives 64-bit integers as BigInt and byte strings as Uint8Array: make them comparable. */
function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

function serializationError(f: () => unknown): AwsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    expect((e as AwsError).code).toBe('SerializationException');
    return e as AwsError;
  }
  throw new Error('expected a SerializationException');
}

/** Values both codecs express the same way (no Dates: tag 1 means milliseconds here, seconds in RFC 8949). */
const key = fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__');
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d) || !Number.isSafeInteger(d)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('map')),
  array: fc.array(tie('any'), { maxLength: 5 }),
  map: fc.dictionary(key, tie('any'), { maxKeys: 5 }),
})).any;

describe('CBOR round trips against cbor-x', () => {
  it('what we encode, cbor-x decodes to the same value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(normalise(cborxDecoder.decode(encodeCbor(v)))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('what cbor-x encodes (double and single floats), we decode to the same value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeCbor(cborx.encode(v))).toEqual(v);
        // with useFloat32 cbor-x writes floats that fit as single precision: same value back as cbor-x reads it
        const single = cborx32.encode(v);
        expect(decodeCbor(single)).toEqual(normalise(cborxDecoder.decode(single)));
      }),
      { numRuns: 300 },
    );
  });

  it('integers of every head size, up to the largest safe integer, both ways', () => {
    const ints = [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
    for (const n of [...ints, ...ints.map((i) => -i - 1)]) {
      expect(normalise(cborxDecoder.decode(encodeCbor(n)))).toBe(n);
      expect(decodeCbor(cborx.encode(n))).toBe(n);
    }
    // 64-bit heads as Jackson writes every long, even small ones
    expect(decodeCbor(hex('1b 0000000000000005'))).toBe(5);
    expect(decodeCbor(hex('1b 001fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeCbor(hex('3b 001ffffffffffffe'))).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('integers beyond 2^53 are refused, not rounded', () => {
    expect(serializationError(() => decodeCbor(hex('1b 0020000000000000'))).message).toMatch(/too large/);
    serializationError(() => decodeCbor(hex('1b ffffffffffffffff')));
    serializationError(() => decodeCbor(hex('3b ffffffffffffffff')));
  });
});

describe('CBOR encodings cbor-x does not write', () => {
  it('reads indefinite-length maps, arrays, byte strings and text strings (as Jackson writes them)', () => {
    // {_ "a": [_ 1, 2], "b": (_ h'0102', h'03'), "c": (_ "he", "llo")}
    const bytes = hex('bf 6161 9f 01 02 ff 6162 5f 42 0102 41 03 ff 6163 7f 62 6865 63 6c6c6f ff ff');
    expect(decodeCbor(bytes)).toEqual({ a: [1, 2], b: Buffer.from([1, 2, 3]), c: 'hello' });
    // empty indefinite containers
    expect(decodeCbor(hex('bf ff'))).toEqual({});
    expect(decodeCbor(hex('9f ff'))).toEqual([]);
    expect(decodeCbor(hex('5f ff'))).toEqual(Buffer.alloc(0));
    expect(decodeCbor(hex('7f ff'))).toBe('');
    // an indefinite map inside a definite array inside an indefinite map
    expect(decodeCbor(hex('bf 6178 81 bf 6179 f5 ff ff'))).toEqual({ x: [{ y: true }] });
  });

  it.each([
    ['f9 3c00', 1],
    ['f9 3e00', 1.5],
    ['f9 7bff', 65504],
    ['f9 0400', 2 ** -14],
    ['f9 0001', 2 ** -24],
    ['f9 c400', -4],
    ['f9 7c00', Infinity],
    ['f9 fc00', -Infinity],
    ['f9 8000', -0],
    ['fa 47c35000', 100000],
    ['fa 3fc00000', 1.5],
    ['fa 7f800000', Infinity],
    ['fb 3ff199999999999a', 1.1],
    ['fb 7e37e43c8800759c', 1e300],
  ])('reads the float %s as %s', (bytes, expected) => {
    expect(Object.is(decodeCbor(hex(bytes)), expected)).toBe(true);
  });

  it('reads half and single NaN', () => {
    expect(decodeCbor(hex('f9 7e00'))).toBeNaN();
    expect(decodeCbor(hex('fa 7fc00000'))).toBeNaN();
  });

  it('reads simple values and ignores tags other than 1', () => {
    expect(decodeCbor(hex('83 f4 f5 f6'))).toEqual([false, true, null]);
    expect(decodeCbor(hex('f7'))).toBeNull(); // undefined
    expect(decodeCbor(hex('d8 20 63 616263'))).toBe('abc'); // tag 32 (URI): the text itself
  });

  it('writes definite lengths and the smallest integer heads', () => {
    expect(encodeCbor({ a: [1, 'x'] }).toString('hex')).toBe('a1616182016178');
    expect(encodeCbor(24).toString('hex')).toBe('1818');
    expect(encodeCbor(-25).toString('hex')).toBe('3818');
    expect(encodeCbor(65536).toString('hex')).toBe('1a00010000');
    expect(encodeCbor(2 ** 32).toString('hex')).toBe('1b0000000100000000');
    expect(encodeCbor(1.5).toString('hex')).toBe('fb3ff8000000000000');
    expect(encodeCbor(Buffer.from('hi')).toString('hex')).toBe('426869');
    // members that are undefined are left out, not written as null
    expect(encodeCbor({ a: undefined, b: 1 }).toString('hex')).toBe('a1616201');
  });
});

describe('tag 1: epoch milliseconds, as Kinesis writes timestamps', () => {
  it('writes a Date as tag 1 holding whole milliseconds', () => {
    const ms = 1_700_000_000_123;
    const bytes = encodeCbor(new Date(ms));
    expect(bytes[0]).toBe(0xc1);
    expect(normalise(cborxDecoder.decode(bytes.subarray(1)))).toBe(ms);
    expect(decodeCbor(bytes)).toEqual(new CborTimestamp(ms));
  });

  it('reads tag 1 as milliseconds whatever number type holds them', () => {
    const ms = 1_700_000_000_123;
    for (const inner of [cborx.encode(ms), hex('1b 0000018bcfe5687b'), hex('fb 4278bcfe5687b000')]) {
      const bytes = Buffer.concat([hex('c1'), inner]);
      expect(decodeCbor(bytes)).toEqual(new CborTimestamp(ms));
    }
    serializationError(() => decodeCbor(hex('c1 63 616263'))); // tag 1 around text
  });

  it('reads a Kinesis timestamp member as a Date: tag 1 in milliseconds, a bare number in seconds', async () => {
    const kinesis = await loadModel('kinesis');
    const ms = 1_700_000_000_500;
    const tagged = Buffer.concat([
      hex('a4'),
      cborx.encode('StreamName'), cborx.encode('s'),
      cborx.encode('ShardId'), cborx.encode('shardId-000000000000'),
      cborx.encode('ShardIteratorType'), cborx.encode('AT_TIMESTAMP'),
      cborx.encode('Timestamp'), hex('c1'), cborx.encode(ms),
    ]);
    const input = decodeCborInput(kinesis, 'GetShardIteratorInput', tagged);
    expect(input).toEqual({ StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(ms) });
    const bare = decodeCborInput(kinesis, 'GetShardIteratorInput', cborx.encode({ StreamName: 's', Timestamp: 1_700_000_000.5 }));
    expect(bare.Timestamp).toEqual(new Date(ms));
  });

  it('writes Kinesis output timestamps and blobs as tag 1 and byte strings, with only model members', async () => {
    const kinesis = await loadModel('kinesis');
    const output = {
      Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: new Date(1_700_000_000_250), Data: Buffer.from([0, 255]), PartitionKey: 'k', Extra: 'dropped' }],
      MillisBehindLatest: 0,
      NotInModel: true,
    };
    const bytes = encodeCbor(cborOutputValue(kinesis, 'GetRecordsOutput', output));
    const back = decodeCbor(bytes) as { Records: Record<string, unknown>[] };
    expect(Object.keys(back)).toEqual(['Records', 'MillisBehindLatest']);
    expect(back.Records[0]).toEqual({
      SequenceNumber: '1',
      ApproximateArrivalTimestamp: new CborTimestamp(1_700_000_000_250),
      Data: Buffer.from([0, 255]),
      PartitionKey: 'k',
    });
    // cbor-x sees a byte string and tag 1 as well
    const seen = cborxDecoder.decode(bytes) as { Records: { Data: Uint8Array }[] };
    expect(Buffer.from(seen.Records[0]!.Data)).toEqual(Buffer.from([0, 255]));
  });

  it('reads a PutRecord body as the Java SDK sends it (Data a byte string)', async () => {
    const kinesis = await loadModel('kinesis');
    const body = cborx.encode({ StreamName: 'orders', Data: Buffer.from('hello'), PartitionKey: 'p' });
    expect(decodeCborInput(kinesis, 'PutRecordInput', body)).toEqual({ StreamName: 'orders', Data: Buffer.from('hello'), PartitionKey: 'p' });
  });
});

describe('malformed CBOR is a SerializationException, never a crash or a hang', () => {
  it('every truncation of a valid encoding is refused', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeCbor(v);
        for (let n = 0; n < bytes.length; n++) serializationError(() => decodeCbor(bytes.subarray(0, n)));
      }),
      { numRuns: 100 },
    );
  });

  it('random bytes give a value or a SerializationException', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        try {
          decodeCbor(Buffer.from(b));
        } catch (e) {
          expect(e).toBeInstanceOf(AwsError);
          expect((e as AwsError).code).toBe('SerializationException');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a length past the end', '5a ffffffff 00'],
    ['a 64-bit length past the end', '5b 0000000100000000 00'],
    ['a text length past the end', '7a 00000010 616263'],
    ['an array longer than the input', '9a ffffffff 01 02'],
    ['a map longer than the input', 'ba 00010000 6161 01'],
    ['a map key without its value', 'a1 6161'],
    ['reserved additional information 28', '1c'],
    ['reserved additional information 30', '5e'],
    ['an indefinite integer', '1f'],
    ['an indefinite tag', 'df 01'],
    ['a break outside an indefinite item', 'ff'],
    ['a break in a definite array', '82 01 ff'],
    ['a break as a map value', 'bf 6161 ff'],
    ['a nested indefinite string chunk', '5f 5f 41 01 ff ff'],
    ['an array chunk in an indefinite string', '5f 81 01 ff'],
    ['an unterminated indefinite array', '9f 01 02'],
    ['an unterminated indefinite map', 'bf 6161 01'],
    ['a map key that is not text', 'a1 01 02'],
    ['trailing bytes', '01 02'],
    ['a truncated half float', 'f9 3c'],
    ['a truncated double', 'fb 3ff0'],
    ['a one-byte simple value', 'f8 20'],
    ['an empty body', ''],
  ])('refuses %s', (_what, bytes) => {
    serializationError(() => decodeCbor(hex(bytes)));
  });

  it('refuses a text chunk inside an indefinite byte string, and a byte chunk inside a text string', () => {
    serializationError(() => decodeCbor(hex('5f 61 61 ff')));
    serializationError(() => decodeCbor(hex('7f 41 61 ff')));
  });

  it('refuses deep nesting without exhausting the stack', () => {
    for (const opener of ['81', '9f', 'a1 6161', 'bf 6161', 'c6']) {
      const deep = Buffer.concat([Buffer.from(hex(opener).toString('hex').repeat(100_000), 'hex'), hex('00')]);
      expect(serializationError(() => decodeCbor(deep)).message).toMatch(/nested too deeply/);
    }
  });

  it('a CBOR body that is not a map is refused for an operation', async () => {
    const kinesis = await loadModel('kinesis');
    for (const body of [cborx.encode([1, 2]), cborx.encode('x'), cborx.encode(Buffer.from('x')), hex('ff')]) {
      serializationError(() => decodeCborInput(kinesis, 'ListStreamsInput', body));
    }
  });
});

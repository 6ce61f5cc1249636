/**
 * AWS's JSON protocols (SQS awsJson 1.0, Kinesis 1.1): inputs typed by the model, outputs with
 * only the model's members in model order, blobs as base64 and timestamps as epoch seconds
 * never in exponent notation; malformed bodies and wrong types are SerializationException.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AwsError } from '../../src/core/errors.js';
import { loadModel } from '../../src/model/load.js';
import type { ServiceModel } from '../../src/model/types.js';
import { decodeJsonInput, encodeJsonOutput } from '../../src/server/protocols/json.js';
import { epochSecondsText } from '../../src/server/wire.js';

let sqs: ServiceModel;
let kinesis: ServiceModel;
beforeAll(async () => {
  sqs = await loadModel('sqs');
  kinesis = await loadModel('kinesis');
});

const body = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

function serializationError(f: () => unknown): AwsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    expect((e as AwsError).code).toBe('SerializationException');
    expect((e as AwsError).httpStatus).toBe(400);
    return e as AwsError;
  }
  throw new Error('expected a SerializationException');
}

describe('JSON timestamps', () => {
  it('are epoch seconds with at most a millisecond fraction, never in exponent notation, exact', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }), (d) => {
        const text = epochSecondsText(d);
        expect(text).toMatch(/^-?\d+(\.\d{1,3})?$/);
        // read back exactly (Number(text) * 1000 would round at these magnitudes)
        const [whole, frac = ''] = text.replace('-', '').split('.');
        const ms = Number(whole) * 1000 + Number(frac.padEnd(3, '0'));
        expect(text.startsWith('-') ? -ms : ms).toBe(d.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [1_700_000_000_000, '1700000000'],
    [1_700_000_000_100, '1700000000.1'],
    [1_700_000_000_123, '1700000000.123'],
    [1_700_000_000_020, '1700000000.02'],
    [0, '0'],
    [5, '0.005'],
    [-1500, '-1.5'],
    [-1, '-0.001'],
  ])('%s ms is %s', (ms, text) => {
    expect(epochSecondsText(new Date(ms))).toBe(text);
  });

  it('in a Kinesis response, as a bare number', () => {
    const out = encodeJsonOutput(kinesis, 'GetRecordsOutput', {
      Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: new Date(1_700_000_000_123), Data: Buffer.from('hi'), PartitionKey: 'p' }],
      MillisBehindLatest: 0,
    });
    expect(out).toBe('{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":1700000000.123,"Data":"aGk=","PartitionKey":"p"}],"MillisBehindLatest":0}');
  });
});

describe('JSON responses', () => {
  it('carry only the model members, in model order, whatever order the handler used', () => {
    const out = encodeJsonOutput(sqs, 'ReceiveMessageResult', {
      Unknown: 1,
      Messages: [{ Body: 'b', Extra: true, MessageId: 'm', Attributes: { SentTimestamp: '1' }, MD5OfBody: 'x' }],
    });
    expect(out).toBe('{"Messages":[{"MessageId":"m","MD5OfBody":"x","Body":"b","Attributes":{"SentTimestamp":"1"}}]}');
  });

  it('write every blob as base64, Buffer or Uint8Array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50 }), (bytes) => {
        const out = JSON.parse(encodeJsonOutput(kinesis, 'GetRecordsOutput', { Records: [{ Data: bytes }, { Data: Buffer.from(bytes) }] }));
        const b64 = Buffer.from(bytes).toString('base64');
        expect(out.Records).toEqual([{ Data: b64 }, { Data: b64 }]);
      }),
    );
  });

  it('write large integers in full, not as 1e+21', () => {
    const out = encodeJsonOutput(kinesis, 'GetRecordsOutput', { Records: [], MillisBehindLatest: 1e21 });
    expect(out).toBe('{"Records":[],"MillisBehindLatest":1000000000000000000000}');
  });

  it('escape strings as JSON and keep non-ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = encodeJsonOutput(sqs, 'GetQueueUrlResult', { QueueUrl: s });
        expect(JSON.parse(out)).toEqual({ QueueUrl: s });
      }),
    );
  });

  it('leave out absent and null members; an empty result is {}', () => {
    expect(encodeJsonOutput(sqs, 'ListQueuesResult', { QueueUrls: undefined, NextToken: null })).toBe('{}');
    expect(encodeJsonOutput(sqs, undefined, { anything: 1 })).toBe('{}');
  });
});

describe('JSON requests', () => {
  it('are typed by the model: blobs from base64, timestamps from epoch seconds or ISO text', () => {
    const put = decodeJsonInput(kinesis, 'PutRecordInput', body({ StreamName: 's', Data: 'aGVsbG8=', PartitionKey: 'p' }), false);
    expect(put).toEqual({ StreamName: 's', Data: Buffer.from('hello'), PartitionKey: 'p' });
    const at = (t: unknown) => decodeJsonInput(kinesis, 'GetShardIteratorInput', body({ Timestamp: t }), false).Timestamp;
    expect(at(1_700_000_000.5)).toEqual(new Date(1_700_000_000_500));
    expect(at('1700000000.5')).toEqual(new Date(1_700_000_000_500));
    expect(at('2023-11-14T22:13:20.500Z')).toEqual(new Date(1_700_000_000_500));
    const batch = decodeJsonInput(
      sqs,
      'SendMessageBatchRequest',
      body({ QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'x', MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'AAE=' } } }] }),
      true,
    );
    expect(batch).toEqual({ QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'x', MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1]) } } }] });
  });

  it('drop members the model does not have, and nulls', () => {
    expect(decodeJsonInput(sqs, 'GetQueueUrlRequest', body({ QueueName: 'q', Bogus: 1, QueueOwnerAWSAccountId: null }), true)).toEqual({ QueueName: 'q' });
  });

  it('a "__proto__" map key is an ordinary key, not a prototype', () => {
    const input = decodeJsonInput(sqs, 'TagQueueRequest', body('{"QueueUrl":"u","Tags":{"__proto__":{"x":1},"a":"b"}}'), false);
    const tags = input.Tags as Record<string, unknown>;
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.keys(tags)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('an empty body is an empty input', () => {
    expect(decodeJsonInput(sqs, 'ListQueuesRequest', Buffer.alloc(0), true)).toEqual({});
    expect(decodeJsonInput(sqs, 'ListQueuesRequest', body('  \n'), true)).toEqual({});
  });

  it.each(['{', '{"QueueName": }', 'nul', '[]', '"text"', '42', 'null', '{"a":1}x', '\u0000'])('malformed or non-object body %j is SerializationException', (text) => {
    serializationError(() => decodeJsonInput(sqs, 'GetQueueUrlRequest', body(text), true));
    serializationError(() => decodeJsonInput(kinesis, 'ListStreamsInput', body(text), false));
  });

  it.each([
    ['GetQueueUrlRequest', { QueueName: 5 }],
    ['GetQueueUrlRequest', { QueueName: ['q'] }],
    ['ReceiveMessageRequest', { QueueUrl: 'u', MaxNumberOfMessages: '10' }],
    ['ReceiveMessageRequest', { QueueUrl: 'u', MaxNumberOfMessages: 1.5 }],
    ['ReceiveMessageRequest', { QueueUrl: 'u', AttributeNames: 'All' }],
    ['CreateQueueRequest', { QueueName: 'q', Attributes: ['VisibilityTimeout'] }],
    ['CreateQueueRequest', { QueueName: 'q', Attributes: { VisibilityTimeout: 30 } }],
    ['SendMessageBatchRequest', { QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'x', DelaySeconds: true }] }],
    ['SendMessageRequest', { QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { a: 'x' } }],
  ])('SQS: a value of the wrong JSON type in %s is SerializationException', (shape, input) => {
    serializationError(() => decodeJsonInput(sqs, shape, body(input), true));
  });

  it("names where the wrong value is: a member's path through lists and maps", () => {
    const entries = [{ Id: '1', MessageBody: 'x' }, { Id: '2', MessageBody: 'y', DelaySeconds: true }];
    expect(serializationError(() => decodeJsonInput(sqs, 'SendMessageBatchRequest', body({ QueueUrl: 'u', Entries: entries }), true)).message).toBe(
      "Value of 'Entries[1].DelaySeconds' must be a integer, not a boolean.",
    );
    const attributes = { a: { DataType: 'String', StringValue: 'x' }, b: { DataType: 7 } };
    expect(serializationError(() => decodeJsonInput(sqs, 'SendMessageRequest', body({ QueueUrl: 'u', MessageBody: 'x', MessageAttributes: attributes }), true)).message).toBe(
      "Value of 'MessageAttributes.b.DataType' must be a string, not a number.",
    );
    expect(serializationError(() => decodeJsonInput(sqs, 'GetQueueUrlRequest', body({ QueueName: 5 }), true)).message).toBe(
      "Value of 'QueueName' must be a string, not a number.",
    );
  });

  it('a blob that is not base64 is SerializationException, for SQS and Kinesis alike', () => {
    serializationError(() =>
      decodeJsonInput(sqs, 'SendMessageRequest', body({ QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { a: { DataType: 'Binary', BinaryValue: 'no!' } } }), true),
    );
    serializationError(() => decodeJsonInput(kinesis, 'PutRecordInput', body({ StreamName: 's', Data: 'a=b', PartitionKey: 'p' }), false));
  });

  it('round trip: any SQS input written as the SDK writes it reads back the same', () => {
    const attr = fc.oneof(
      fc.record({ DataType: fc.constant('String'), StringValue: fc.string() }),
      fc.record({ DataType: fc.constant('Binary'), BinaryValue: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)) }),
    );
    const entry = fc.record(
      { Id: fc.string(), MessageBody: fc.string({ unit: 'grapheme' }), DelaySeconds: fc.integer({ min: 0, max: 900 }), MessageAttributes: fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'), attr, { maxKeys: 3 }) },
      { requiredKeys: ['Id', 'MessageBody'] },
    );
    const input = fc.record({ QueueUrl: fc.webUrl(), Entries: fc.array(entry, { maxLength: 4 }) });
    fc.assert(
      fc.property(input, (v) => {
        const wire = JSON.stringify(v, (_k, x: unknown) =>
          x && typeof x === 'object' && (x as { type?: string }).type === 'Buffer' ? Buffer.from((x as { data: number[] }).data).toString('base64') : x,
        );
        expect(decodeJsonInput(sqs, 'SendMessageBatchRequest', Buffer.from(wire), true)).toEqual(v);
      }),
    );
  });
});

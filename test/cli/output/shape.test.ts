import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/model/load.js';
import { shapeOutput } from '../../../src/cli/output/shape.js';
import { formatOutput } from '../../../src/cli/output/format.js';

const sqs = await loadModel('sqs');
const sns = await loadModel('sns');
const kinesis = await loadModel('kinesis');
const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});

const keysDeep = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(keysDeep) : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => [k, keysDeep(x)]) : v;

describe('shapeOutput', () => {
  it('orders structure members as the model does and drops absent and unknown ones', () => {
    const out = shapeOutput({
      Messages: [{
        Body: 'hi', MessageAttributes: { b: { DataType: 'String', StringValue: 'x' }, a: { BinaryValue: Buffer.from([0, 1, 2]), DataType: 'Binary' } },
        MessageId: 'm1', Internal: 'secret', MD5OfMessageAttributes: undefined, ReceiptHandle: null, MD5OfBody: 'abc',
      }],
    }, 'ReceiveMessageResult', sqs);
    expect(keysDeep(out)).toEqual([['Messages', [[
      ['MessageId', 'm1'], ['MD5OfBody', 'abc'], ['Body', 'hi'],
      ['MessageAttributes', [
        ['b', [['StringValue', 'x'], ['DataType', 'String']]],
        ['a', [['BinaryValue', 'AAEC'], ['DataType', 'Binary']]],
      ]],
    ]]]]);
  });

  it('keeps map keys in insertion order and accepts a Map', () => {
    const attrs = new Map([['VisibilityTimeout', '30'], ['DelaySeconds', '0'], ['QueueArn', 'arn']]);
    expect(Object.keys(shapeOutput({ Attributes: attrs }, 'GetQueueAttributesResult', sqs) as object)).toEqual(['Attributes']);
    expect(Object.keys((shapeOutput({ Attributes: attrs }, 'GetQueueAttributesResult', sqs) as { Attributes: object }).Attributes))
      .toEqual(['VisibilityTimeout', 'DelaySeconds', 'QueueArn']);
  });

  it('returns {} for an operation without output, which prints nothing', () => {
    const out = shapeOutput(undefined, sqs.operations.DeleteQueue!.output, sqs);
    expect(out).toEqual({});
    expect(formatOutput(out, { output: 'json', operationName: 'DeleteQueue' })).toBe('');
  });

  it('keeps empty lists (botocore parses them) and drops null members', () => {
    const out = shapeOutput({ Records: [], NextShardIterator: null, MillisBehindLatest: 0, ChildShards: [] }, 'GetRecordsOutput', kinesis);
    expect(out).toEqual({ Records: [], MillisBehindLatest: 0, ChildShards: [] });
  });

  it.each([
    ['UTC', new Date(Date.UTC(2024, 2, 1, 12, 30, 45)), '2024-03-01T12:30:45+00:00'],
    ['UTC', new Date(Date.UTC(2024, 2, 1, 12, 30, 45, 120)), '2024-03-01T12:30:45.120000+00:00'],
    ['Asia/Kolkata', new Date(Date.UTC(2024, 2, 1, 12, 30, 45)), '2024-03-01T18:00:45+05:30'],
    ['America/New_York', new Date(Date.UTC(2024, 0, 15, 12, 0, 0)), '2024-01-15T07:00:00-05:00'],
    ['America/New_York', new Date(Date.UTC(2024, 6, 15, 12, 0, 0)), '2024-07-15T08:00:00-04:00'],
    ['UTC', 1709296245.5, '2024-03-01T12:30:45.500000+00:00'],
  ])('prints Kinesis (JSON protocol) timestamps in the local zone: TZ=%s %s', (tz, value, expected) => {
    process.env.TZ = tz;
    const out = shapeOutput({ Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: value, Data: Buffer.from('hi'), PartitionKey: 'k' }] },
      'GetRecordsOutput', kinesis) as { Records: { ApproximateArrivalTimestamp: string; Data: string }[] };
    expect(out.Records[0]!.ApproximateArrivalTimestamp).toBe(expected);
    expect(out.Records[0]!.Data).toBe('aGk=');
  });

  it('prints SNS (query protocol) timestamps with the UTC offset they have on the wire', () => {
    process.env.TZ = 'Asia/Tokyo';
    const out = shapeOutput({ PhoneNumbers: [{ CreatedAt: new Date(Date.UTC(2024, 2, 1)), PhoneNumber: '+15550100' }] },
      'ListOriginationNumbersResult', sns);
    expect(out).toEqual({ PhoneNumbers: [{ CreatedAt: '2024-03-01T00:00:00+00:00', PhoneNumber: '+15550100' }] });
  });
});

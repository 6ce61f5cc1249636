import { describe, expect, it } from 'vitest';
import { checkParams, validateParams } from '../../../src/cli/args/validate.js';
import { CliError } from '../../../src/core/errors.js';
import type { ServiceName } from '../../../src/model/types.js';
import { fixture } from './fixtures.js';
import { loadModelSync } from './model.js';

interface Case { service: ServiceName; operation: string; params: Record<string, unknown>; report: string }
const models = { sqs: loadModelSync('sqs'), sns: loadModelSync('sns'), kinesis: loadModelSync('kinesis') };

describe("validateParams matches botocore's report (recorded table)", () => {
  for (const c of fixture<Case[]>('validate.json')) {
    it(`${c.operation} ${JSON.stringify(c.params)}`, () => {
      const model = models[c.service];
      const input = model.operations[c.operation]!.input;
      expect(checkParams(structuredClone(c.params), input, model).join('\n')).toBe(c.report);
    });
  }
});

describe('validateParams', () => {
  const sqs = models.sqs;
  it('throws a usage error with the whole report', () => {
    let err: unknown;
    try {
      validateParams({ Entries: [{ Id: '1' }] }, 'SendMessageBatchRequest', sqs);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).kind).toBe('usage');
    expect((err as CliError).message).toBe(
      'Parameter validation failed:\nMissing required parameter in input: "QueueUrl"\nMissing required parameter in Entries[0]: "MessageBody"',
    );
  });
  it('accepts bytes and Dates where the CLI would have converted them', () => {
    expect(checkParams({ StreamName: 's', PartitionKey: 'k', Data: Buffer.from('x') }, 'PutRecordInput', models.kinesis)).toEqual([]);
    expect(
      checkParams({ StreamName: 's', ShardId: 'x', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(0) }, 'GetShardIteratorInput', models.kinesis),
    ).toEqual([]);
  });
  it('checks min, never max, enum or pattern', () => {
    expect(checkParams({ QueueUrl: 'u', MaxNumberOfMessages: 1000, AttributeNames: ['NotAnAttribute'] }, 'ReceiveMessageRequest', sqs)).toEqual([]);
    expect(checkParams({ StreamName: 'bad name!', PartitionKey: 'k'.repeat(1000), Data: 'x' }, 'PutRecordInput', models.kinesis)).toEqual([]);
  });
  it('counts string length in code points, as Python does', () => {
    expect(checkParams({ StreamName: '😀', PartitionKey: 'k', Data: 'x' }, 'PutRecordInput', models.kinesis)).toEqual([]);
  });
  it('nothing to check without an input shape', () => {
    expect(checkParams({ Anything: 1 }, undefined, sqs)).toEqual([]);
  });
});

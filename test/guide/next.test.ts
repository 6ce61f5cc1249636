import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../src/guide/next.js';

describe('what the guide offers next', () => {
  it('after a receive that got messages: delete-message first', () => {
    expect(nextSteps('sqs', 'ReceiveMessage', 'ok')[0]).toBe('DeleteMessage');
  });

  it('after a receive that got nothing, or failed: never delete-message', () => {
    expect(nextSteps('sqs', 'ReceiveMessage', 'empty')).toEqual(['ReceiveMessage', 'GetQueueAttributes', 'SendMessage']);
    expect(nextSteps('sqs', 'ReceiveMessage', 'failed')).toEqual(['ReceiveMessage', 'GetQueueAttributes', 'SendMessage']);
  });

  it('after a failure: the same operation again first', () => {
    expect(nextSteps('sqs', 'SendMessage', 'failed')[0]).toBe('SendMessage');
    expect(nextSteps('kinesis', 'PutRecord', 'failed')).toEqual(['PutRecord', 'GetShardIterator']);
  });

  it('after no records: read on, or put some', () => {
    expect(nextSteps('kinesis', 'GetRecords', 'empty')).toEqual(['GetRecords', 'PutRecord', 'GetShardIterator']);
  });
});

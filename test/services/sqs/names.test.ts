import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { isValidQueueName, parseQueueArn, parseQueueUrl, queueArn, queueUrl } from '../../../src/services/sqs/names.js';

describe('queue URLs', () => {
  it('are formatted in AWS form', () => {
    expect(queueUrl({ region: 'eu-west-1', accountId: '000000000000', name: 'q' })).toBe(
      'https://sqs.eu-west-1.amazonaws.com/000000000000/q',
    );
    expect(queueUrl({ region: 'cn-north-1', accountId: '1', name: 'q' })).toBe('https://sqs.cn-north-1.amazonaws.com.cn/1/q');
    expect(queueArn({ region: 'us-east-1', accountId: '000000000000', name: 'q.fifo' })).toBe(
      'arn:aws:sqs:us-east-1:000000000000:q.fifo',
    );
  });

  it.each([
    ['https://sqs.us-east-1.amazonaws.com/80398EXAMPLE/MyQueue', 'eu-west-1', 'us-east-1', 'MyQueue'],
    ['https://sqs.us-west-2.amazonaws.com/123456789012/MyQueue', 'us-east-1', 'us-west-2', 'MyQueue'],
    ['https://eu-central-1.queue.amazonaws.com/123456789012/q.fifo', 'us-east-1', 'eu-central-1', 'q.fifo'],
    ['https://queue.amazonaws.com/80398EXAMPLE/MyQueue', 'ap-south-1', 'ap-south-1', 'MyQueue'],
    ['http://localhost:4566/000000000000/name', 'us-east-2', 'us-east-2', 'name'],
    ['http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/name', 'us-east-1', 'eu-west-1', 'name'],
    ['http://localhost:4566/queue/ca-central-1/000000000000/name', 'us-east-1', 'ca-central-1', 'name'],
    ['http://127.0.0.1:9324/000000000000/name', 'us-east-1', 'us-east-1', 'name'],
  ])('%s resolves by region and name', (url, fallback, region, name) => {
    expect(parseQueueUrl(url, fallback)).toEqual({ region, name });
  });

  it.each(['foo', 'https://sqs.us-east-1.amazonaws.com/', 'ftp://host/1/q', 'https://host/onlyname'])(
    '%s is not a queue address',
    (url) => {
      let error: unknown;
      try {
        parseQueueUrl(url, 'us-east-1');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AwsError);
      expect((error as AwsError).code).toBe('InvalidAddress');
      expect((error as AwsError).message).toBe(`The address ${url} is not valid for this endpoint.`);
    },
  );
});

describe('queue names', () => {
  it.each([
    ['a', false, true],
    ['A-b_9', false, true],
    ['x'.repeat(80), false, true],
    ['x'.repeat(81), false, false],
    ['', false, false],
    ['has space', false, false],
    ['dot.name', false, false],
    ['q.fifo', false, false],
    ['q.fifo', true, true],
    [`${'x'.repeat(75)}.fifo`, true, true],
    [`${'x'.repeat(76)}.fifo`, true, false],
    ['q', true, false],
    ['.fifo', true, false],
  ])('%j (fifo %s) valid: %s', (name, fifo, valid) => {
    expect(isValidQueueName(name, fifo)).toBe(valid);
  });

  it('parses queue ARNs', () => {
    expect(parseQueueArn('arn:aws:sqs:us-east-1:000000000000:q')).toEqual({ region: 'us-east-1', accountId: '000000000000', name: 'q' });
    expect(parseQueueArn('arn:aws:sns:us-east-1:000000000000:t')).toBeUndefined();
    expect(parseQueueArn('not-an-arn')).toBeUndefined();
  });
});

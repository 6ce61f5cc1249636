/** receive-message's attribute lists through bin/awsmsg, as the AWS CLI sends them. */
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('receive-message attribute names', () => {
  it('--attribute-names and --message-system-attribute-names together give both; --message-attribute-names * gives all', () => {
    const url = JSON.parse(sb.run(['sqs', 'create-queue', '--queue-name', 'attrs', '--attributes', 'VisibilityTimeout=0']).stdout).QueueUrl;
    const sent = sb.run([
      'sqs', 'send-message', '--queue-url', url, '--message-body', 'x',
      '--message-attributes', '{"City": {"DataType": "String", "StringValue": "Any City"}, "bar.one": {"DataType": "Number", "StringValue": "1"}}',
    ]);
    expect(sent.status, sent.stderr).toBe(0);
    const got = sb.run([
      'sqs', 'receive-message', '--queue-url', url,
      '--attribute-names', 'SenderId', '--message-system-attribute-names', 'SentTimestamp', 'ApproximateReceiveCount',
      '--message-attribute-names', '*',
      '--query', 'Messages[0].[keys(Attributes), keys(MessageAttributes), MD5OfMessageAttributes]',
    ]);
    expect(got.status, got.stderr).toBe(0);
    const md5 = JSON.parse(sent.stdout).MD5OfMessageAttributes;
    expect(JSON.parse(got.stdout)).toEqual([['SenderId', 'ApproximateReceiveCount', 'SentTimestamp'], ['City', 'bar.one'], md5]);
  });
});

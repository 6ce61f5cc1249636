/**
 * `awsmsg serve` with the Debian AWS CLI v2 at /usr/bin/aws (2.9, from before SQS moved to
 * JSON): SQS in the query protocol, XML answers, errors with the query codes. Each command is
 * an `aws` process. Skipped, with a printed reason, where /usr/bin/aws is missing.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, attributesMd5, md5, REGION, runChild, startTestServer, type TestServer } from './clients-support.js';

const debianCli = '/usr/bin/aws';
/** Each command is an `aws` process: a few seconds apiece on a loaded machine. */
const CLI_TEST_MS = 120_000;
const hasDebianCli = existsSync(debianCli);

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

describe('Debian AWS CLI v2 (query protocol for SQS)', () => {
  if (!hasDebianCli) console.log(`skipped: ${debianCli} is not installed on this machine (the Debian AWS CLI v2 speaks SQS's query protocol)`);
  const run = (args: string[]) => runChild(debianCli, ['--endpoint-url', t.url, ...args], t.env, t.dir);

  it.skipIf(!hasDebianCli)('creates, sends, receives and deletes over the query protocol; errors carry the query code', async () => {
    const created = await run(['sqs', 'create-queue', '--queue-name', 'cli2-q', '--attributes', 'VisibilityTimeout=30']);
    expect(created.stderr).toBe('');
    const url = JSON.parse(created.stdout).QueueUrl;
    expect(url).toBe(`${t.url}/${ACCOUNT}/cli2-q`);
    const sent = await run([
      'sqs',
      'send-message',
      '--queue-url',
      url,
      '--message-body',
      'from aws v2 <&>',
      '--message-attributes',
      '{"t":{"DataType":"String.custom","StringValue":"x"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}',
    ]);
    expect(sent.stderr).toBe('');
    const sentOut = JSON.parse(sent.stdout);
    expect(sentOut.MD5OfMessageBody).toBe(md5('from aws v2 <&>'));
    expect(sentOut.MD5OfMessageAttributes).toBe(
      attributesMd5({ t: { DataType: 'String.custom', StringValue: 'x' }, b: { DataType: 'Binary', BinaryValue: Buffer.from('AAEC', 'base64') } }),
    );
    const got = await run(['sqs', 'receive-message', '--queue-url', url, '--message-attribute-names', 'All', '--attribute-names', 'All']);
    expect(got.stderr).toBe('');
    const m = JSON.parse(got.stdout).Messages[0];
    expect(m.Body).toBe('from aws v2 <&>');
    expect(m.MessageAttributes).toEqual({ t: { DataType: 'String.custom', StringValue: 'x' }, b: { DataType: 'Binary', BinaryValue: 'AAEC' } });
    expect(m.Attributes.ApproximateReceiveCount).toBe('1');

    // the CLI process moves the clock; the query client sees the message again
    expect(t.cli(['clock', 'advance', '31s']).status).toBe(0);
    const again = JSON.parse((await run(['sqs', 'receive-message', '--queue-url', url, '--attribute-names', 'ApproximateReceiveCount'])).stdout).Messages[0];
    expect(again.Attributes.ApproximateReceiveCount).toBe('2');
    expect((await run(['sqs', 'delete-message', '--queue-url', url, '--receipt-handle', again.ReceiptHandle])).status).toBe(0);

    const missing = await run(['sqs', 'get-queue-url', '--queue-name', 'cli2-nope']);
    expect(missing.status).toBe(254);
    expect(missing.stderr.trim()).toBe(
      'An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist.',
    );
  }, CLI_TEST_MS);

  it.skipIf(!hasDebianCli)('sends a batch with a failing entry and reads queue attributes', async () => {
    const url = JSON.parse((await run(['sqs', 'create-queue', '--queue-name', 'cli2-batch'])).stdout).QueueUrl;
    const batch = await run([
      'sqs',
      'send-message-batch',
      '--queue-url',
      url,
      '--entries',
      '[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":"two","DelaySeconds":1000}]',
    ]);
    const out = JSON.parse(batch.stdout);
    expect(out.Successful.map((s: { Id: string }) => s.Id)).toEqual(['a']);
    expect(out.Failed.map((f: { Id: string; SenderFault: boolean }) => [f.Id, f.SenderFault])).toEqual([['b', true]]);
    const attrs = JSON.parse((await run(['sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'All'])).stdout).Attributes;
    expect(attrs).toMatchObject({ ApproximateNumberOfMessages: '1', QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:cli2-batch` });
  }, CLI_TEST_MS);
});

/**
 * How argument values reach the service through bin/awsmsg, checked by what the service then
 * holds: file:// (text) and fileb:// (bytes), --cli-input-json and --cli-input-yaml with
 * explicit flags over them, and blob arguments (kinesis --data) as base64, as raw text with
 * --cli-binary-format raw-in-base64-out or the profile's cli_binary_format, and refused with
 * the AWS CLI v2's message when they are not base64.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { setThroughputEnforcement } from '../../src/services/kinesis/index.js';
import { cliState, type CliState } from '../helpers/cliState.js';

const ACCOUNT = '123456789012';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/inputs`;
let s: CliState;

beforeAll(async () => {
  s = cliState('us-east-1', ACCOUNT);
  await s.call('sqs', 'CreateQueue', { QueueName: 'inputs' });
  await s.call('kinesis', 'CreateStream', { StreamName: 'blobs', ShardCount: 1 });
  s.advance(LIFECYCLE_MS.createStream);
  // These tests read one shard several times in quick succession: whether that is more than
  // 5 calls within a second depends on how fast the machine is. The per-shard limits are not
  // what they check, so they must not decide whether the tests pass.
  setThroughputEnforcement(s.ctx, false);
});
afterAll(() => s?.close());

const file = (name: string, content: string | Buffer): string => {
  writeFileSync(join(s.sandbox.dir, name), content);
  return name;
};

function ok(args: string[], env?: NodeJS.ProcessEnv): any {
  const r = s.run(args, env);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

/** Receives the queue's messages (and deletes them) in this process. */
async function drain(): Promise<any[]> {
  const got = (await s.call('sqs', 'ReceiveMessage', { QueueUrl: QUEUE, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] })).Messages ?? [];
  for (const m of got) await s.call('sqs', 'DeleteMessage', { QueueUrl: QUEUE, ReceiptHandle: m.ReceiptHandle });
  return got;
}

/** The data of the stream's records put since the iterator was made. */
async function recordsAfter(put: () => void): Promise<Buffer[]> {
  const { ShardIterator } = await s.call('kinesis', 'GetShardIterator', { StreamName: 'blobs', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' });
  put();
  return (await s.call('kinesis', 'GetRecords', { ShardIterator })).Records.map((r: any) => Buffer.from(r.Data));
}

describe('argument values through bin/awsmsg', () => {
  it('file:// reads text (UTF-8, line breaks kept) for a string and JSON for a structure', async () => {
    file('body.txt', 'Dear customer,\nyour order ✓ shipped.\n');
    file('attrs.json', JSON.stringify({ Kind: { DataType: 'String', StringValue: 'notice' } }));
    const sent = ok(['sqs', 'send-message', '--queue-url', QUEUE, '--message-body', 'file://body.txt', '--message-attributes', 'file://attrs.json']);
    const [m] = await drain();
    expect(m.Body).toBe('Dear customer,\nyour order ✓ shipped.\n');
    expect(m.MessageAttributes).toEqual({ Kind: { DataType: 'String', StringValue: 'notice' } });
    expect(sent.MD5OfMessageBody).toBe(m.MD5OfBody);
    // a relative path is relative to the working directory; an absolute one works as well
    file('entries.json', JSON.stringify([{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two' }]));
    expect(ok(['sqs', 'send-message-batch', '--queue-url', QUEUE, '--entries', `file://${join(s.sandbox.dir, 'entries.json')}`]).Successful).toHaveLength(2);
    expect((await drain()).map((x) => x.Body).sort()).toEqual(['one', 'two']);
  });

  it('file:// of a missing file is a usage error naming the file', () => {
    const r = s.run(['sqs', 'send-message', '--queue-url', QUEUE, '--message-body', 'file://no-such.txt']);
    expect(r.status).toBe(252);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("Error parsing parameter '--message-body': Unable to load paramfile file://no-such.txt: [Errno 2] No such file or directory: 'no-such.txt'");
  });

  it('fileb:// sends the bytes as they are: every byte value survives put-record and get-records', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    file('all-bytes.bin', bytes);
    const got = await recordsAfter(() => ok(['kinesis', 'put-record', '--stream-name', 'blobs', '--partition-key', 'k', '--data', 'fileb://all-bytes.bin']));
    expect(got).toEqual([bytes]);
    // and get-records prints them in base64, as the AWS CLI does
    const { ShardIterator } = await s.call('kinesis', 'GetShardIterator', { StreamName: 'blobs', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const printed = ok(['kinesis', 'get-records', '--shard-iterator', ShardIterator, '--query', 'Records[-1].Data']);
    expect(printed).toBe(bytes.toString('base64'));
  });

  it('--data is base64 by default, raw text with --cli-binary-format raw-in-base64-out or the profile\'s setting', async () => {
    const put = (data: string, extra: string[] = [], env?: NodeJS.ProcessEnv) =>
      ok(['kinesis', 'put-record', '--stream-name', 'blobs', '--partition-key', 'k', '--data', data, ...extra], env);
    expect(await recordsAfter(() => put('aGVsbG8gd29ybGQ='))).toEqual([Buffer.from('hello world')]);
    expect(await recordsAfter(() => put('hello world', ['--cli-binary-format', 'raw-in-base64-out']))).toEqual([Buffer.from('hello world')]);
    const config = join(s.sandbox.dir, 'raw-profile');
    writeFileSync(config, '[default]\ncli_binary_format = raw-in-base64-out\n');
    expect(await recordsAfter(() => put('plain text', [], { AWS_CONFIG_FILE: config }))).toEqual([Buffer.from('plain text')]);
    // the flag wins over the profile
    expect(await recordsAfter(() => put('cGxhaW4=', ['--cli-binary-format', 'base64'], { AWS_CONFIG_FILE: config }))).toEqual([Buffer.from('plain')]);
  });

  it('--data that is not base64 fails with the AWS CLI v2\'s message, says how to send text, and puts nothing', async () => {
    const got = await recordsAfter(() => {
      const r = s.run(['kinesis', 'put-record', '--stream-name', 'blobs', '--partition-key', 'k', '--data', 'hello world']);
      expect(r.status).toBe(255);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toBe('Invalid base64: "hello world"');
      expect(r.stderr).toContain('--cli-binary-format raw-in-base64-out');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
    expect(got).toEqual([]);
  });

  it('--cli-input-json and --cli-input-yaml fill the request; flags on the line win', async () => {
    const request = { QueueUrl: QUEUE, MessageBody: 'from json', DelaySeconds: 0, MessageAttributes: { Source: { DataType: 'String', StringValue: 'input-json' } } };
    ok(['sqs', 'send-message', '--cli-input-json', JSON.stringify(request)]);
    ok(['sqs', 'send-message', '--cli-input-json', JSON.stringify(request), '--message-body', 'from the flag']);
    file('request.yaml', `QueueUrl: ${QUEUE}\nMessageBody: from yaml\n`);
    ok(['sqs', 'send-message', '--cli-input-yaml', 'file://request.yaml']);
    const bodies = (await drain()).map((m) => m.Body).sort();
    expect(bodies).toEqual(['from json', 'from the flag', 'from yaml']);
    const both = s.run(['sqs', 'send-message', '--cli-input-json', '{}', '--cli-input-yaml', 'file://request.yaml']);
    expect(both.status).toBe(252);
    expect(both.stderr.trim()).toBe('Only one --cli-input- parameter may be specified.');
    const bad = s.run(['sqs', 'send-message', '--cli-input-json', '{"QueueUrl": ']);
    expect(bad.status).toBe(252);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('shorthand and JSON give the same request', async () => {
    ok(['sqs', 'send-message', '--queue-url', QUEUE, '--message-body', 'short', '--message-attributes', 'A={DataType=Number,StringValue=1.5},B={DataType=String,StringValue=x y}']);
    ok(['sqs', 'send-message', '--queue-url', QUEUE, '--message-body', 'long', '--message-attributes', JSON.stringify({ A: { DataType: 'Number', StringValue: '1.5' }, B: { DataType: 'String', StringValue: 'x y' } })]);
    const got = await drain();
    expect(got).toHaveLength(2);
    expect(got[0].MessageAttributes).toEqual(got[1].MessageAttributes);
    expect(got[0].MD5OfMessageAttributes).toBe(got[1].MD5OfMessageAttributes);
  });
});

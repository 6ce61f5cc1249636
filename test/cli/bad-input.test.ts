/**
 * Bad input through bin/awsmsg: every malformed argument, out-of-range value, unknown
 * resource, bad JSON or shorthand, oversize or invalid body, bad blob, iterator or query gives
 * a clear error with the AWS CLI's exit status, never a stack trace, and leaves the state file's
 * content exactly as it was (compared as a dump of every table, before and after). A file that
 * is not an awsmsg state file is never written.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { cliState, type CliState } from '../helpers/cliState.js';
import { stateDigest } from '../helpers/stateDump.js';

const ACCOUNT = '123456789012';
const Q = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/orders`;
const T = `arn:aws:sns:us-east-1:${ACCOUNT}:orders`;
let s: CliState;
let subscription = '';
let iterator = '';

const noStackTrace = (stderr: string) =>
  expect(stderr, stderr).not.toMatch(/^\s+at .+[(:]\d+|node:internal|TypeError|ReferenceError|SyntaxError: |RangeError|\bE[A-Z]{2,}: |ERR_|SQLITE_/m);

interface Bad {
  args: string[];
  status: 252 | 254 | 255;
  /** what stderr says */
  says: RegExp;
}

const cases = (): Bad[] => [
  // sqs
  { args: ['sqs', 'send-message', '--queue-url', `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/nope`, '--message-body', 'x'], status: 254, says: /\(AWS\.SimpleQueueService\.NonExistentQueue\).*The specified queue does not exist/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', ''], status: 254, says: /\(MissingParameter\)/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--delay-seconds', '901'], status: 254, says: /\(InvalidParameterValue\).*DelaySeconds/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--message-attributes', '{"a":'], status: 252, says: /Error parsing parameter '--message-attributes': Invalid JSON/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'bell \u0007'], status: 254, says: /\(InvalidMessageContents\)/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'file://big.txt'], status: 254, says: /\(InvalidParameterValue\).*(shorter|1048576)/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'file://latin1.txt'], status: 252, says: /Error parsing parameter '--message-body': Unable to load paramfile \(latin1.txt\), text contents could not be decoded/ },
  { args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--message-attributes', 'A={DataType=Strange,StringValue=x}'], status: 254, says: /\(InvalidParameterValue\)/ },
  { args: ['sqs', 'send-message', '--queue-url', Q], status: 252, says: /the following arguments are required: --message-body/ },
  { args: ['sqs', 'send-message-batch', '--queue-url', Q, '--entries', ...Array.from({ length: 11 }, (_, i) => `Id=m${i},MessageBody=x`)], status: 254, says: /\(AWS\.SimpleQueueService\.TooManyEntriesInBatchRequest\)/ },
  { args: ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', 'VisibilityTimeout=abc'], status: 254, says: /\(InvalidAttributeValue\)/ },
  { args: ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', 'NoSuchAttribute=1'], status: 254, says: /\(InvalidAttributeName\)/ },
  { args: ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', 'VisibilityTimeout'], status: 252, says: /Error parsing parameter '--attributes'/ },
  { args: ['sqs', 'create-queue', '--queue-name', 'bad name'], status: 254, says: /\(InvalidParameterValue\)/ },
  { args: ['sqs', 'create-queue', '--queue-name', 'orders', '--attributes', 'VisibilityTimeout=61'], status: 254, says: /\(QueueAlreadyExists\)/ },
  { args: ['sqs', 'receive-message', '--queue-url', Q, '--max-number-of-messages', '11'], status: 254, says: /\(InvalidParameterValue\).*MaxNumberOfMessages/ },
  { args: ['sqs', 'receive-message', '--queue-url', Q, '--max-number-of-messages', 'ten'], status: 255, says: /^invalid literal for int\(\) with base 10: 'ten'$/m },
  { args: ['sqs', 'delete-message', '--queue-url', Q, '--receipt-handle', 'bogus'], status: 254, says: /\(ReceiptHandleIsInvalid\)/ },
  { args: ['sqs', 'change-message-visibility', '--queue-url', Q, '--receipt-handle', 'bogus', '--visibility-timeout', '43201'], status: 254, says: /\(InvalidParameterValue\)|\(ReceiptHandleIsInvalid\)/ },
  { args: ['sqs', 'list-queues', '--bogus'], status: 252, says: /Unknown options: --bogus/ },
  { args: ['sqs', 'send-message', '--cli-input-json', '{"QueueUrl": '], status: 252, says: /cli-input-json/ },
  // sns
  { args: ['sns', 'publish', '--topic-arn', `arn:aws:sns:us-east-1:${ACCOUNT}:nope`, '--message', 'x'], status: 254, says: /\(NotFound\).*Topic does not exist/ },
  { args: ['sns', 'publish', '--topic-arn', 'not-an-arn', '--message', 'x'], status: 254, says: /\(InvalidParameter\)/ },
  { args: ['sns', 'publish', '--topic-arn', T, '--message', 'x', '--message-attributes', '{"a":{"DataType":"String"}}'], status: 254, says: /\(ParameterValueInvalid\)|\(InvalidParameter/ },
  { args: ['sns', 'publish', '--topic-arn', T, '--message', 'file://big.txt'], status: 254, says: /\(InvalidParameter\).*Message too long/ },
  { args: ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'carrier-pigeon', '--notification-endpoint', 'x'], status: 254, says: /\(InvalidParameter\).*protocol/ },
  { args: ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'http', '--notification-endpoint', 'not a url'], status: 254, says: /\(InvalidParameter\)/ },
  { args: ['sns', 'create-topic', '--name', 'bad name'], status: 254, says: /\(InvalidParameter\)/ },
  { args: ['sns', 'publish-batch', '--topic-arn', T, '--publish-batch-request-entries', ...Array.from({ length: 11 }, (_, i) => `Id=m${i},Message=x`)], status: 254, says: /\(TooManyEntriesInBatchRequest\)/ },
  // kinesis
  { args: ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'not base64!'], status: 255, says: /raw-in-base64-out|fileb:/ },
  { args: ['kinesis', 'put-record', '--stream-name', 'nope', '--partition-key', 'k', '--data', 'eA=='], status: 254, says: /\(ResourceNotFoundException\)/ },
  { args: ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'eA==', '--explicit-hash-key', '340282366920938463463374607431768211456'], status: 254, says: /\(InvalidArgumentException\)/ },
  { args: ['kinesis', 'get-records', '--shard-iterator', 'bm90IGFuIGl0ZXJhdG9y'], status: 254, says: /\(InvalidArgumentException\)/ },
  { args: ['kinesis', 'get-shard-iterator', '--stream-name', 'trucks', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'AT_SEQUENCE_NUMBER', '--starting-sequence-number', '1'], status: 254, says: /\(InvalidArgumentException\)/ },
  { args: ['kinesis', 'increase-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '9000'], status: 254, says: /\(InvalidArgumentException\)/ },
  { args: ['kinesis', 'split-shard', '--stream-name', 'trucks', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '0'], status: 254, says: /\(InvalidArgumentException\)/ },
  { args: ['kinesis', 'create-stream', '--stream-name', 'x', '--shard-count', '0'], status: 252, says: /valid min value: 1/ },
  { args: ['kinesis', 'create-stream', '--stream-name', 'bad name!', '--shard-count', '1'], status: 254, says: /\(ValidationException\)/ },
  { args: ['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '1'], status: 254, says: /\(ResourceInUseException\)/ },
  // the command line itself
  { args: ['--output', 'xml', 'sqs', 'list-queues'], status: 252, says: /argument --output: Found invalid choice 'xml'|invalid choice/ },
  { args: ['sqs', 'list-queues', '--query', 'QueueUrls['], status: 252, says: /Bad value for --query|Incomplete expression/ },
  { args: ['sqss', 'list-queues'], status: 252, says: /Found invalid choice 'sqss'|\* sqs/ },
  { args: ['clock', 'advance', 'soon'], status: 252, says: /Invalid duration 'soon'/ },
  { args: ['clock', 'advance', '100000000d'], status: 252, says: /^The clock cannot move that far: it may not pass 2400-01-01T00:00:00Z/m },
  { args: ['clock', 'advance', '-5s'], status: 252, says: /^The clock only moves forward: '-5s' would move it back\.$/m },
  // awsmsg's own commands name the operation that failed, or say the error is theirs
  { args: ['kinesis', 'consume', '--stream-name', 'nope', '--application-name', 'a', '--exec', 'cat'], status: 254, says: /^An error occurred \(ResourceNotFoundException\) when calling the DescribeStreamSummary operation: Stream nope under account \d+ not found\.$/m },
  { args: ['sns', 'visit-subscribe-url', ''], status: 254, says: /^An error occurred \(InvalidParameter\) when calling the ConfirmSubscription operation: Invalid parameter: SubscribeURL$/m },
  { args: ['sns', 'explain-filter', '--topic-arn', `arn:aws:sns:us-east-1:${ACCOUNT}:nope`, '--message', 'x'], status: 254, says: /^An error occurred \(NotFound\) in awsmsg sns explain-filter: Topic does not exist$/m },
  { args: ['sns', 'outbox', '--status', 'sent'], status: 252, says: /^--status must be one of recorded, pending, delivered, failed, dead-lettered, cancelled; not 'sent'\.$/m },
  { args: ['sns', 'outbox', 'clear', '--protocol', 'pigeon'], status: 252, says: /^--protocol must be one of http, https, email, .*; not 'pigeon'\.$/m },
  { args: ['sns', 'deliver', '--timeout', 'soon'], status: 252, says: /^--timeout must be a number of seconds, not 'soon'\.$/m },
  // files: said in words, naming the file, never Node's "ENOTDIR: not a directory, open '...'"
  { args: ['--db', '/etc/passwd/x', 'sqs', 'list-queues'], status: 255, says: /^Unable to create the state file \/etc\/passwd\/x: a part of the path is not a directory\.$/m },
  { args: ['--db', '/dev/null', 'sqs', 'list-queues'], status: 255, says: /^The state file \/dev\/null is not a regular file; refusing to use it\.$/m },
  { args: ['--db', '.', 'sqs', 'list-queues'], status: 255, says: /^The state file \/.* is a directory\.$/m },
  { args: ['shell', '.'], status: 255, says: /^Unable to read the file \.: it is a directory\.$/m },
  { args: ['shell', 'missing.txt'], status: 255, says: /^Unable to read the file missing\.txt: no such file or directory\.$/m },
  { args: ['sqs', 'create-queue', '--cli-input-json', 'file://missing.json'], status: 252, says: /^Error parsing parameter '--cli-input-json': Unable to load paramfile file:\/\/missing\.json: \[Errno 2\] No such file or directory: 'missing\.json'$/m },
  { args: ['sqs', 'create-queue', '--queue-name', 'x', '--attributes', 'file://.'], status: 252, says: /^Error parsing parameter '--attributes': Unable to load paramfile file:\/\/\.: \[Errno 21\] Is a directory: '\.'$/m },
  { args: ['kinesis', 'consume', '--properties', '.', '--exec', 'cat'], status: 252, says: /^Unable to read the properties file \/.*: it is a directory\.$/m },
];

beforeAll(async () => {
  s = cliState('us-east-1', ACCOUNT);
  await s.call('sqs', 'CreateQueue', { QueueName: 'orders', Attributes: { VisibilityTimeout: '60' } });
  await s.call('sqs', 'SendMessage', { QueueUrl: Q, MessageBody: 'kept' });
  await s.call('sns', 'CreateTopic', { Name: 'orders' });
  subscription = (await s.call('sns', 'Subscribe', { TopicArn: T, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` })).SubscriptionArn;
  await s.call('kinesis', 'CreateStream', { StreamName: 'trucks', ShardCount: 1 });
  s.advance(LIFECYCLE_MS.createStream);
  iterator = (await s.call('kinesis', 'GetShardIterator', { StreamName: 'trucks', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
  writeFileSync(join(s.sandbox.dir, 'big.txt'), 'x'.repeat(1_048_577));
  writeFileSync(join(s.sandbox.dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
});
afterAll(() => s?.close());

describe('bad input through bin/awsmsg', () => {
  it('fails with the AWS CLI\'s status and message, no stack trace, and no change to the state file', async () => {
    const all = cases();
    const filterPolicy = { args: ['sns', 'set-subscription-attributes', '--subscription-arn', subscription, '--attribute-name', 'FilterPolicy', '--attribute-value', '{"a": [1'], status: 254 as const, says: /\(InvalidParameter\).*FilterPolicy/ };
    all.push(filterPolicy);
    const before = stateDigest(s.sandbox.db);
    // a few at a time: none may write anything, so their order does not matter
    for (let i = 0; i < all.length; i += 4) {
      const batch = all.slice(i, i + 4);
      const results = await Promise.all(batch.map((c) => s.sandbox.start(c.args)));
      results.forEach((r, j) => {
        const c = batch[j]!;
        const what = `${c.args.join(' ').slice(0, 120)}\n${r.stderr}`;
        expect(r.status, what).toBe(c.status);
        expect(r.stdout, what).toBe('');
        expect(r.stderr, what).toMatch(c.says);
        expect(r.stderr, what).not.toContain('unknown operation');
        noStackTrace(r.stderr);
      });
      expect(stateDigest(s.sandbox.db), `state changed by one of:\n${batch.map((c) => c.args.join(' ').slice(0, 100)).join('\n')}`).toBe(before);
    }
    // and what was there is still usable
    expect(s.run(['kinesis', 'get-records', '--shard-iterator', iterator, '--query', 'length(Records)']).stdout).toBe('0\n');
  }, 300_000); // some seventy processes: minutes on a busy machine

  it('a file that is not an awsmsg state file is refused and left as it was', () => {
    const notState = join(s.sandbox.dir, 'notes.txt');
    writeFileSync(notState, 'my notes, not a database\n');
    const r = s.run(['sqs', 'list-queues'], { AWSMSG_DB: notState });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).not.toBe('');
    noStackTrace(r.stderr);
    expect(readFileSync(notState, 'utf8')).toBe('my notes, not a database\n');
    // another program's SQLite database: the same
    const other = join(s.sandbox.dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (\'keep me\')');
    db.close();
    const digest = createHash('sha256').update(readFileSync(other)).digest('hex');
    const r2 = s.run(['sqs', 'create-queue', '--queue-name', 'x'], { AWSMSG_DB: other });
    expect(r2.status).not.toBe(0);
    noStackTrace(r2.stderr);
    expect(createHash('sha256').update(readFileSync(other)).digest('hex')).toBe(digest);
  });

  it('a state file that cannot be written is a clear error', () => {
    const locked = join(s.sandbox.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const r = s.run(['sqs', 'list-queues'], { AWSMSG_DB: join(locked, 'state.db') });
      // root may write anyway; otherwise the error says so plainly
      if (r.status !== 0) {
        expect(r.stderr.trim()).not.toBe('');
        noStackTrace(r.stderr);
      }
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

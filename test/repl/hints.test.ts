import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { formatHint, hintFor, hintPrinter } from '../../src/repl/hints.js';
import { shellSandbox, type ShellSandbox } from './shellHelper.js';

let sb: ShellSandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});
/** A shell that prints hints (without colour), on a state file whose clock stands still. */
const open = () => (sb = shellSandbox({ afterCommand: hintPrinter(false) }));
const hintOf = (err: string): string | undefined => {
  const at = err.indexOf('hint: ');
  return at < 0 ? undefined : err.slice(at).replace(/\n\s+/g, ' ').trim();
};
const Q = 'https://sqs.us-east-1.amazonaws.com/000000000000';

describe('hints after what puzzles learners', () => {
  it('a put to a stream that is still CREATING: wait for it', async () => {
    const s = open();
    await s.run('kinesis create-stream --stream-name trucks --shard-count 1');
    const r = await s.run('kinesis put-record --stream-name trucks --partition-key k --data aGk=');
    expect(r.status).toBe(254);
    expect(r.err).toContain('An error occurred (ResourceNotFoundException) when calling the PutRecord operation');
    expect(hintOf(r.err)).toBe(
      'hint: Stream trucks is still CREATING (for 2 seconds, as on AWS). Wait until it is ACTIVE: kinesis wait stream-exists --stream-name trucks (or move the clock: clock advance 2s)',
    );
    await s.run('clock advance 2s');
    const later = await s.run('kinesis put-record --stream-name trucks --partition-key k --data aGk=');
    expect(later.status).toBe(0);
    // a stream that does not exist at all gets no hint
    expect(hintOf((await s.run('kinesis put-record --stream-name nowhere --partition-key k --data aGk=')).err)).toBeUndefined();
  });

  it('a receive that finds nothing while messages are in flight: the visibility timeout and clock advance', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name orders --attributes VisibilityTimeout=30');
    await s.run(`sqs send-message --queue-url ${Q}/orders --message-body one`);
    expect((await s.run(`sqs receive-message --queue-url ${Q}/orders`)).err).toBe('');
    const r = await s.run(`sqs receive-message --queue-url ${Q}/orders`);
    expect(r).toMatchObject({ status: 0, out: '' });
    expect(hintOf(r.err)).toBe(
      'hint: 1 message in flight: received earlier and hidden until deleted or until the visibility timeout (30 s) runs out. Skip ahead: clock advance 30s',
    );
    await s.run('clock advance 30s');
    expect((await s.run(`sqs receive-message --queue-url ${Q}/orders --query 'Messages[0].Body' --output text`)).out).toBe('one\n');
    // an empty queue is simply empty
    await s.run('sqs create-queue --queue-name empty');
    expect((await s.run(`sqs receive-message --queue-url ${Q}/empty`)).err).toBe('');
  });

  it('a receive that finds nothing while messages are delayed', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name later --attributes DelaySeconds=45');
    await s.run(`sqs send-message --queue-url ${Q}/later --message-body one`);
    expect(hintOf((await s.run(`sqs receive-message --queue-url ${Q}/later`)).err)).toBe(
      'hint: 1 message delayed (DelaySeconds 45): not visible yet. Skip ahead: clock advance 45s',
    );
  });

  it('a FIFO receive that finds nothing while the group has a message in flight', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name jobs.fifo --attributes FifoQueue=true,ContentBasedDeduplication=true');
    for (const body of ['a', 'b']) await s.run(`sqs send-message --queue-url ${Q}/jobs.fifo --message-group-id g --message-body ${body}`);
    await s.run(`sqs receive-message --queue-url ${Q}/jobs.fifo`);
    expect(hintOf((await s.run(`sqs receive-message --queue-url ${Q}/jobs.fifo`)).err)).toBe(
      "hint: 1 message waits behind 1 message in flight: a FIFO queue hands out a message group's next message only after the one in flight is deleted or its visibility timeout (30 s) runs out.",
    );
  });

  it('a FIFO send without a message group', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name jobs.fifo --attributes FifoQueue=true');
    const r = await s.run(`sqs send-message --queue-url ${Q}/jobs.fifo --message-body x`);
    expect(r.err).toContain('MissingParameter');
    expect(hintOf(r.err)).toMatch(/^hint: A FIFO queue needs --message-group-id/);
  });

  it('a queue name used again within 60 seconds of its deletion', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name again');
    await s.run(`sqs delete-queue --queue-url ${Q}/again`);
    const r = await s.run('sqs create-queue --queue-name again');
    expect(r.err).toContain('QueueDeletedRecently');
    expect(hintOf(r.err)).toBe("hint: AWS keeps a deleted queue's name for 60 seconds. Move this state file's clock past it: clock advance 60s");
    await s.run('clock advance 60s');
    expect((await s.run('sqs create-queue --queue-name again')).status).toBe(0);
  });

  it('a receipt handle that is cut short, or no longer current', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name q.fifo --attributes FifoQueue=true,ContentBasedDeduplication=true,VisibilityTimeout=10');
    await s.run(`sqs send-message --queue-url ${Q}/q.fifo --message-group-id g --message-body x`);
    await s.run(`H=$(sqs receive-message --queue-url ${Q}/q.fifo --query 'Messages[0].ReceiptHandle' --output text)`);
    const cut = await s.run(`sqs delete-message --queue-url ${Q}/q.fifo --receipt-handle AQEBAAAA`);
    expect(cut.err).toContain('ReceiptHandleIsInvalid');
    expect(hintOf(cut.err)).toMatch(/^hint: A receipt handle must be copied whole\./);
    await s.run('clock advance 11s');
    const old = await s.run(`sqs delete-message --queue-url ${Q}/q.fifo --receipt-handle $H`);
    expect(old.err).toContain('The receipt handle has expired.');
    expect(hintOf(old.err)).toMatch(/^hint: A receipt handle works only until its visibility timeout runs out/);
  });

  it('a shard iterator used after 5 minutes', async () => {
    const s = open();
    await s.run('kinesis create-stream --stream-name s --shard-count 1');
    await s.run('clock advance 2s');
    await s.run('IT=$(kinesis get-shard-iterator --stream-name s --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)');
    await s.run('clock advance 301s');
    const r = await s.run('kinesis get-records --shard-iterator $IT');
    expect(r.err).toContain('ExpiredIteratorException');
    expect(hintOf(r.err)).toMatch(/^hint: A shard iterator lasts 5 minutes\. Get a fresh one with kinesis get-shard-iterator/);
  });

  it('an SQS subscription given the queue URL instead of its ARN', async () => {
    const s = open();
    await s.run('sns create-topic --name t');
    const r = await s.run(`sns subscribe --topic-arn arn:aws:sns:us-east-1:000000000000:t --protocol sqs --notification-endpoint ${Q}/orders`);
    expect(r.err).toContain('InvalidParameter');
    expect(hintOf(r.err)).toMatch(/^hint: An SQS subscription's endpoint is the queue's ARN, not its URL/);
  });

  it('a variable that is not set', async () => {
    const s = open();
    const r = await s.run('sqs send-message --queue-url $Q --message-body hi');
    expect(r.status).toBe(252);
    expect(hintOf(r.err)).toBe('hint: $Q is not set in this shell, so it expanded to nothing. Set it first: Q=...');
    const two = await s.run('sqs send-message --queue-url $Q --message-body $B');
    expect(hintOf(two.err)).toBe('hint: $Q and $B are not set in this shell, so they expanded to nothing. Set them first: Q=...');
    // a command that works needs no hint about the variables it did not use
    expect((await s.run('sqs list-queues --queue-name-prefix "x$NOTHING"')).err).toBe('');
  });

  it('too fast for a shard (an error the services raise under load)', async () => {
    const e = new AwsError('ProvisionedThroughputExceededException', 'Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.');
    const hint = await hintFor({ argv: [], status: 254, unset: [], events: [{ service: 'kinesis', operation: 'PutRecord', error: e }] });
    expect(hint).toMatch(/^A shard takes 1 MiB or 1,000 records a second in/);
  });
});

describe('formatHint', () => {
  it('wraps to the terminal, indented under "hint: "', () => {
    const text = formatHint('one two three four five six seven eight nine ten eleven twelve', 40);
    expect(text).toBe('hint: one two three four five six seven\n      eight nine ten eleven twelve\n');
  });
});

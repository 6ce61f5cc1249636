/**
 * The AWS CLI's client-side pagination through bin/awsmsg on real responses: --max-items and
 * --starting-token walk a listing in pieces that add up to the whole, --page-size changes the
 * calls but not the output, and --no-paginate makes one call and shows the service's own
 * markers. Set-up runs in-process on the same state file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { cliState, type CliState } from '../helpers/cliState.js';

const ACCOUNT = '123456789012';
let s: CliState;

beforeAll(async () => {
  s = cliState('us-east-1', ACCOUNT);
  for (let i = 0; i < 7; i++) await s.call('sqs', 'CreateQueue', { QueueName: `queue-${i}` });
  // more topics than one ListTopics page (100) holds
  for (let i = 0; i < 105; i++) await s.call('sns', 'CreateTopic', { Name: `topic-${String(i).padStart(3, '0')}` });
  for (let i = 0; i < 3; i++) {
    await s.call('sns', 'Subscribe', { TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:topic-000`, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${i}` });
  }
  for (let i = 0; i < 5; i++) await s.call('kinesis', 'CreateStream', { StreamName: `stream-${i}`, ShardCount: i === 0 ? 3 : 1 });
  s.advance(LIFECYCLE_MS.createStream);
});
afterAll(() => s?.close());

function json(args: string[]): any {
  const r = s.run(args);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

/** Walks a listing with --max-items and --starting-token; returns the pieces. */
function walk(args: string[], key: (page: any) => unknown[], maxItems: number): unknown[][] {
  const pieces: unknown[][] = [];
  let token: string | undefined;
  do {
    const page = json([...args, '--max-items', String(maxItems), ...(token ? ['--starting-token', token] : [])]);
    pieces.push(key(page));
    token = page.NextToken;
    expect(pieces.length).toBeLessThan(100);
  } while (token);
  return pieces;
}

describe('pagination through bin/awsmsg', () => {
  it('sqs list-queues: --max-items pieces add up to the listing; --page-size and --no-paginate', () => {
    const all = json(['sqs', 'list-queues']).QueueUrls;
    expect(all).toHaveLength(7);
    const pieces = walk(['sqs', 'list-queues'], (p) => p.QueueUrls, 3);
    expect(pieces.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pieces.flat()).toEqual(all);
    expect(json(['sqs', 'list-queues', '--page-size', '2'])).toEqual({ QueueUrls: all });
    // one call: the service's own NextToken shows, and no more than --max-results
    const one = json(['sqs', 'list-queues', '--no-paginate', '--max-results', '2']);
    expect(one.QueueUrls).toEqual(all.slice(0, 2));
    expect(typeof one.NextToken).toBe('string');
    const next = json(['sqs', 'list-queues', '--no-paginate', '--max-results', '2', '--next-token', one.NextToken]);
    expect(next.QueueUrls).toEqual(all.slice(2, 4));
  });

  it('sns list-topics: past the service\'s 100-topic page, with and without --no-paginate', () => {
    const all = json(['sns', 'list-topics']).Topics;
    expect(all).toHaveLength(105);
    const pieces = walk(['sns', 'list-topics'], (p) => p.Topics, 40);
    expect(pieces.map((p) => p.length)).toEqual([40, 40, 25]);
    expect(pieces.flat()).toEqual(all);
    const one = json(['sns', 'list-topics', '--no-paginate']);
    expect(one.Topics).toEqual(all.slice(0, 100));
    expect(typeof one.NextToken).toBe('string');
    expect(json(['sns', 'list-topics', '--no-paginate', '--next-token', one.NextToken]).Topics).toEqual(all.slice(100));
    // --query applies to the merged result in JSON, and page by page in text
    expect(json(['sns', 'list-topics', '--query', 'length(Topics)'])).toBe(105);
    const text = s.run(['sns', 'list-topics', '--query', 'length(Topics)', '--output', 'text']);
    expect(text.stdout).toBe('100\n5\n');
  });

  it('sns list-subscriptions and list-subscriptions-by-topic', () => {
    const all = json(['sns', 'list-subscriptions']).Subscriptions;
    expect(all).toHaveLength(3);
    expect(walk(['sns', 'list-subscriptions'], (p) => p.Subscriptions, 2).flat()).toEqual(all);
    const byTopic = walk(['sns', 'list-subscriptions-by-topic', '--topic-arn', `arn:aws:sns:us-east-1:${ACCOUNT}:topic-000`], (p) => p.Subscriptions, 1);
    expect(byTopic.map((p) => p.length)).toEqual([1, 1, 1]);
    expect(byTopic.flat()).toEqual(all);
  });

  it('kinesis list-streams: both result keys page together; --no-paginate shows HasMoreStreams', () => {
    const all = json(['kinesis', 'list-streams']);
    expect(all.StreamNames).toEqual(['stream-0', 'stream-1', 'stream-2', 'stream-3', 'stream-4']);
    expect(all.HasMoreStreams).toBeUndefined();
    const pieces = walk(['kinesis', 'list-streams'], (p) => p.StreamNames, 2);
    expect(pieces).toEqual([['stream-0', 'stream-1'], ['stream-2', 'stream-3'], ['stream-4']]);
    // botocore's paginator cuts only the first result key at --max-items, and empties the
    // others on a resumed page: the AWS CLI prints every summary first, then none
    const first = json(['kinesis', 'list-streams', '--max-items', '2']);
    expect(first.StreamSummaries.map((x: any) => x.StreamName)).toEqual(all.StreamNames);
    const resumed = json(['kinesis', 'list-streams', '--max-items', '2', '--starting-token', first.NextToken]);
    expect(resumed).toMatchObject({ StreamNames: ['stream-2', 'stream-3'], StreamSummaries: [] });
    expect(json(['kinesis', 'list-streams', '--page-size', '1'])).toEqual(all);
    const one = json(['kinesis', 'list-streams', '--no-paginate', '--limit', '2']);
    expect(one).toMatchObject({ StreamNames: ['stream-0', 'stream-1'], HasMoreStreams: true });
  });

  it('kinesis list-shards and describe-stream: shards in pieces; describe-stream keeps its stream members once', () => {
    const shards = json(['kinesis', 'list-shards', '--stream-name', 'stream-0']).Shards;
    expect(shards.map((x: any) => x.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    expect(walk(['kinesis', 'list-shards', '--stream-name', 'stream-0'], (p) => p.Shards, 2).flat()).toEqual(shards);
    // the paginator sends StreamName with the NextToken of the next page, which ListShards refuses:
    // the AWS CLI fails so (botocore issue 2009), and so does awsmsg
    const paged = s.run(['kinesis', 'list-shards', '--stream-name', 'stream-0', '--page-size', '1']);
    expect(paged.status).toBe(254);
    expect(paged.stderr.trim()).toBe('An error occurred (InvalidArgumentException) when calling the ListShards operation: NextToken and StreamName cannot be provided together.');

    const described = json(['kinesis', 'describe-stream', '--stream-name', 'stream-0']).StreamDescription;
    expect(Object.keys(described)).toEqual(['Shards', 'StreamARN', 'StreamName', 'StreamStatus', 'RetentionPeriodHours', 'EnhancedMonitoring', 'EncryptionType', 'KeyId', 'StreamCreationTimestamp']);
    expect(described.Shards).toEqual(shards);
    const first = json(['kinesis', 'describe-stream', '--stream-name', 'stream-0', '--max-items', '1']);
    expect(first.StreamDescription.Shards).toEqual(shards.slice(0, 1));
    expect(first.StreamDescription.StreamName).toBe('stream-0');
    const rest = json(['kinesis', 'describe-stream', '--stream-name', 'stream-0', '--max-items', '5', '--starting-token', first.NextToken]);
    expect(rest.StreamDescription.Shards).toEqual(shards.slice(1));
    expect(json(['kinesis', 'describe-stream', '--stream-name', 'stream-0', '--page-size', '1']).StreamDescription).toEqual(described);
    const one = json(['kinesis', 'describe-stream', '--stream-name', 'stream-0', '--no-paginate', '--limit', '1']).StreamDescription;
    expect(one.HasMoreShards).toBe(true);
    expect(one.Shards).toEqual(shards.slice(0, 1));
  });

  it('a bad --starting-token is a usage error, not a stack trace', () => {
    const r = s.run(['sqs', 'list-queues', '--max-items', '1', '--starting-token', 'not-a-token']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/token/i);
  });
});

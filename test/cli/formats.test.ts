/**
 * --output and --query through bin/awsmsg on real responses. Each command runs once per
 * format; the text and table outputs must be what the AWS CLI's own formatters make of the
 * JSON output (awscli_format.py, run once for all cases; skipped with a printed reason where
 * awscli is not installed), and the YAML output must hold the same data as the JSON.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { cliState, type CliState } from '../helpers/cliState.js';

const ACCOUNT = '123456789012';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/formats`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:formats`;

const oracle = spawnSync('python3', ['-c', 'import awscli.formatter'], { encoding: 'utf8' });
const noOracle = oracle.status === 0 ? undefined : 'the AWS CLI (python3 -c "import awscli") is not installed here';
if (noOracle) console.log(`test/cli/formats.test.ts: text and table comparisons skipped: ${noOracle}`);

/** The AWS CLI's rendering of each (operation, format, data), in one Python process. */
function awsCliRender(requests: { operation: string; format: 'text' | 'table'; data: unknown }[]): string[] {
  const script = fileURLToPath(new URL('./awscli_format.py', import.meta.url));
  const r = spawnSync('python3', [script], { input: requests.map((q) => JSON.stringify(q)).join('\n') + '\n', encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { out: string }).out);
}

interface Case {
  name: string;
  operation: string;
  args: string[];
}

let s: CliState;
let shardIterator = '';

beforeAll(async () => {
  s = cliState('us-east-1', ACCOUNT);
  await s.call('sqs', 'CreateQueue', { QueueName: 'formats', Attributes: { DelaySeconds: '0', VisibilityTimeout: '45' }, tags: { team: 'core' } });
  for (const [body, city] of [['first', 'Any City'], ['second ✓', 'Zürich']]) {
    await s.call('sqs', 'SendMessage', { QueueUrl: QUEUE, MessageBody: body, MessageAttributes: { City: { DataType: 'String', StringValue: city }, Count: { DataType: 'Number', StringValue: '3' } } });
  }
  await s.call('sns', 'CreateTopic', { Name: 'formats', Attributes: { DisplayName: 'Formats' } });
  for (const q of ['formats']) await s.call('sns', 'Subscribe', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:${q}` });
  await s.call('sns', 'Subscribe', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'ops@example.com' });
  await s.call('kinesis', 'CreateStream', { StreamName: 'formats', ShardCount: 2 });
  s.advance(LIFECYCLE_MS.createStream);
  await s.call('kinesis', 'PutRecord', { StreamName: 'formats', PartitionKey: 'a', Data: Buffer.from('{"reading": 1}'), ExplicitHashKey: '0' });
  await s.call('kinesis', 'PutRecord', { StreamName: 'formats', PartitionKey: 'b', Data: Buffer.from([0, 255, 128]), ExplicitHashKey: '1' });
  shardIterator = (await s.call('kinesis', 'GetShardIterator', { StreamName: 'formats', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
});
afterAll(() => s?.close());

const cases = (): Case[] => [
  { name: 'a map of attributes', operation: 'GetQueueAttributes', args: ['sqs', 'get-queue-attributes', '--queue-url', QUEUE, '--attribute-names', 'All', '--query', 'Attributes.{VisibilityTimeout: VisibilityTimeout, DelaySeconds: DelaySeconds, QueueArn: QueueArn, Messages: ApproximateNumberOfMessages}'] },
  { name: 'messages with attributes (receipt handles left out)', operation: 'ReceiveMessage', args: ['sqs', 'receive-message', '--queue-url', QUEUE, '--max-number-of-messages', '10', '--visibility-timeout', '0', '--message-attribute-names', 'All', '--query', 'sort_by(Messages, &Body)[].{Body: Body, MD5OfBody: MD5OfBody, MessageAttributes: MessageAttributes}'] },
  { name: 'a list of structures', operation: 'ListSubscriptionsByTopic', args: ['sns', 'list-subscriptions-by-topic', '--topic-arn', TOPIC, '--query', 'sort_by(Subscriptions, &Protocol)[].{Protocol: Protocol, Endpoint: Endpoint, Owner: Owner, TopicArn: TopicArn}'] },
  { name: 'attributes holding JSON documents', operation: 'GetTopicAttributes', args: ['sns', 'get-topic-attributes', '--topic-arn', TOPIC] },
  { name: 'nested structures with a null member', operation: 'DescribeStream', args: ['kinesis', 'describe-stream', '--stream-name', 'formats'] },
  { name: 'records with blobs and timestamps', operation: 'GetRecords', args: ['kinesis', 'get-records', '--shard-iterator', shardIterator, '--query', 'Records[].{Data: Data, PartitionKey: PartitionKey, ApproximateArrivalTimestamp: ApproximateArrivalTimestamp}'] },
  { name: 'a scalar from --query', operation: 'GetQueueUrl', args: ['sqs', 'get-queue-url', '--queue-name', 'formats', '--query', 'QueueUrl'] },
];

/** The formats each case is printed in: YAML where it holds more than a scalar and reads no changing state. */
const formatsOf = (c: Case): Format[] =>
  c.operation === 'GetQueueUrl' ? ['json', 'text', 'yaml'] : c.operation === 'ReceiveMessage' || c.operation === 'GetRecords' ? ['json', 'text', 'table'] : ['json', 'text', 'table', 'yaml'];

function run(args: string[]): string {
  const r = s.run(args);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}

type Format = 'json' | 'text' | 'table' | 'yaml';

/** Every case in every format, a few processes at a time. */
async function outputs(): Promise<Map<string, Record<Format, string>>> {
  const jobs = cases().flatMap((c) => formatsOf(c).map((f) => ({ c, f })));
  const out = new Map<string, Record<Format, string>>();
  for (let i = 0; i < jobs.length; i += 4) {
    await Promise.all(
      jobs.slice(i, i + 4).map(async ({ c, f }) => {
        const r = await s.sandbox.start([...c.args, '--output', f]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        out.set(c.name, { ...(out.get(c.name) ?? ({} as Record<Format, string>)), [f]: r.stdout });
      }),
    );
  }
  return out;
}

describe('--output and --query through bin/awsmsg', () => {
  let got: Map<string, Record<Format, string>>;
  beforeAll(async () => {
    got = await outputs();
  });

  it('text and table of real responses are what the AWS CLI prints from their JSON', { skip: Boolean(noOracle) }, () => {
    // a scalar has no table to compare; the other cases one text and one table each
    const requests = cases().flatMap((c) => {
      const data = JSON.parse(got.get(c.name)!.json);
      return [
        { operation: c.operation, format: 'text' as const, data },
        ...(c.operation === 'GetQueueUrl' ? [] : [{ operation: c.operation, format: 'table' as const, data }]),
      ];
    });
    const rendered = awsCliRender(requests);
    let i = 0;
    for (const c of cases()) {
      expect(got.get(c.name)!.text, `${c.name}: text`).toBe(rendered[i++]);
      if (c.operation !== 'GetQueueUrl') expect(got.get(c.name)!.table, `${c.name}: table`).toBe(rendered[i++]);
    }
  });

  it('yaml holds the same data as json', () => {
    for (const c of cases().filter((x) => formatsOf(x).includes('yaml'))) {
      expect(parseYaml(got.get(c.name)!.yaml), c.name).toEqual(JSON.parse(got.get(c.name)!.json));
    }
  });

  it('a --query that finds nothing prints null (json) or None (text); an empty response prints nothing', () => {
    expect(run(['sqs', 'get-queue-url', '--queue-name', 'formats', '--query', 'NoSuchMember'])).toBe('null\n');
    expect(run(['sqs', 'get-queue-url', '--queue-name', 'formats', '--query', 'NoSuchMember', '--output', 'text'])).toBe('None\n');
    expect(run(['sqs', 'tag-queue', '--queue-url', QUEUE, '--tags', 'x=y'])).toBe('');
  });

  it('a bad --query is a usage error with jmespath\'s message, before anything runs', () => {
    const r = s.run(['sqs', 'purge-queue', '--queue-url', QUEUE, '--query', 'Messages[']);
    expect(r.status).toBe(252);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Bad value for --query Messages\[: /m);
  });

  it('--query orders strings and keeps 1.0 a float, as jmespath.py does; its runtime errors are printed, exit 255', () => {
    const tags = ['sqs', 'list-queue-tags', '--queue-url', QUEUE];
    expect(run([...tags, '--query', "keys(Tags)[?@ > 'a' && @ < 'u']", '--output', 'text'])).toBe('team\n');
    expect(run([...tags, '--query', "max_by(`[{\"k\": \"b\"}, {\"k\": \"a\"}]`, &k).k"])).toBe('"b"\n');
    expect(run([...tags, '--query', 'to_string(`1.0`)'])).toBe('"1.0"\n');
    expect(run([...tags, '--query', 'avg(`[1, 2, 3]`)', '--output', 'yaml'])).toBe('2.0\n');
    expect(run([...tags, '--query', 'Tags.team[0:2]'])).toBe('null\n');
    expect(run([...tags, '--query', '&Tags', '--output', 'text'])).toBe('&Tags\n');
    for (const [query, message] of [
      ['keys(Tags)[?@ > `1`]', "'>' not supported between instances of 'str' and 'int'"],
      ['&Tags', 'Encountered unrecognized type in JSON encoder.'],
    ]) {
      const r = s.run([...tags, '--query', query!]);
      expect([r.status, r.stdout, r.stderr], query).toEqual([255, '', `\n${message}\n`]);
    }
  });

  it('--output from the environment and the profile, the flag first', () => {
    const config = `${s.sandbox.dir}/text-profile`;
    spawnSync('sh', ['-c', `printf '[default]\\noutput = text\\n' > ${config}`]);
    const args = ['sqs', 'get-queue-url', '--queue-name', 'formats'];
    expect(s.run(args, { AWS_CONFIG_FILE: config }).stdout).toBe(`${QUEUE}\n`);
    expect(s.run(args, { AWS_CONFIG_FILE: config, AWS_DEFAULT_OUTPUT: 'json' }).stdout).toBe(`{\n    "QueueUrl": "${QUEUE}"\n}\n`);
    expect(s.run([...args, '--output', 'yaml'], { AWS_CONFIG_FILE: config, AWS_DEFAULT_OUTPUT: 'json' }).stdout).toBe(`QueueUrl: ${QUEUE}\n`);
  });
});

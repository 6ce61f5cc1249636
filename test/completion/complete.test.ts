import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox } from '../helpers/cli.js';
import { completeLine, completeWords } from '../../src/repl/complete.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
const cc = () => ({ env: sb.env });
const words = (line: string) => line.split(' ').filter(Boolean);
const complete = (before: string, current: string) => completeWords(words(before), current, cc());

const ok = (args: string[]) => {
  const r = sb.run(args);
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

describe('completion without a state file', () => {
  it('inside the interactive shell, offers neither shell nor completion', async () => {
    const inShell = { env: sb.env, inShell: true };
    expect(await completeWords([], 's', inShell)).toEqual(['serve', 'sns', 'sqs', 'status']);
    expect(await completeWords([], 'compl', inShell)).toEqual([]);
    expect(await completeWords([], 'compl', cc())).toEqual(['completion']);
  });

  it('offers commands, operations, flags and enum values from the model', async () => {
    expect(await complete('', 's')).toEqual(['serve', 'shell', 'sns', 'sqs', 'status']);
    expect(await complete('', 'ki')).toEqual(['kinesis']);
    expect(await complete('aws sqs', 'send-')).toEqual(['send-message', 'send-message-batch']);
    expect(await complete('awsmsg kinesis', 'w')).toEqual(['wait']);
    expect(await complete('kinesis wait', '')).toEqual(['stream-exists', 'stream-not-exists']);
    expect(await complete('kinesis get-shard-iterator --shard-iterator-type', '')).toEqual([
      'AT_SEQUENCE_NUMBER',
      'AFTER_SEQUENCE_NUMBER',
      'TRIM_HORIZON',
      'LATEST',
      'AT_TIMESTAMP',
    ]);
    expect(await complete('sqs get-queue-attributes --queue-url q --attribute-names', 'Approx')).toContain('ApproximateNumberOfMessagesDelayed');
    // a list argument keeps taking values, and flags once one is given
    expect(await complete('sqs get-queue-attributes --queue-url q --attribute-names All', '--')).toContain('--cli-input-json');
    expect(await complete('sns subscribe --topic-arn t --protocol', 's')).toEqual(['sms', 'sqs']);
    expect(await complete('kinesis create-stream --stream-name s --stream-mode-details', 'StreamMode=')).toEqual([
      'StreamMode=PROVISIONED',
      'StreamMode=ON_DEMAND',
    ]);
    expect(await complete('--output', 't')).toEqual(['text', 'table']);
    expect(await complete('tutorial', 'fi')).toEqual(['fifo-queues']);
    expect(await complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await complete('config', '')).toEqual(['list', 'get', 'set', 'unset']);
    expect(await complete('config set', 'sqs.')).toEqual(['sqs.standard-queue-realism', 'sqs.realism-seed']);
    expect(await complete('config list', '')).toEqual([]);
  });

  it('puts required flags first and leaves out flags already used', async () => {
    const flags = await complete('sqs send-message', '--');
    expect(flags.slice(0, 2)).toEqual(['--queue-url', '--message-body']);
    const later = await complete('sqs send-message --queue-url q --message-body b --delay-seconds 5', '--');
    expect(later).not.toContain('--queue-url');
    expect(later).not.toContain('--delay-seconds');
    expect(later).toContain('--message-group-id');
    expect(await complete('sns subscribe --return-subscription-arn', '--no-ret')).toEqual([]);
    expect(await complete('--region eu-west-1 sqs list-queues', '--reg')).toEqual([]);
  });

  it('never creates a state file', async () => {
    expect(await complete('sqs send-message --queue-url', '')).toEqual([]);
    expect(existsSync(sb.db)).toBe(false);
  });
});

describe('completion of identifiers from the state file', () => {
  beforeAll(() => {
    ok(['sqs', 'create-queue', '--queue-name', 'orders']);
    ok(['sqs', 'create-queue', '--queue-name', 'orders-dlq']);
    ok(['sqs', 'create-queue', '--queue-name', 'other', '--region', 'eu-west-1']);
    ok(['sns', 'create-topic', '--name', 'events']);
    ok(['sns', 'subscribe', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:events', '--protocol', 'sqs', '--notification-endpoint', 'arn:aws:sqs:us-east-1:000000000000:orders']);
    ok(['kinesis', 'create-stream', '--stream-name', 'clicks', '--shard-count', '2']);
    ok(['clock', 'advance', '5s']);
    ok(['kinesis', 'register-stream-consumer', '--stream-arn', 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', '--consumer-name', 'reader-1']);
  });

  it('queue URLs, names and ARNs of the region in use', async () => {
    expect(await complete('sqs send-message --queue-url', 'https://sqs.us-east-1.amazonaws.com/000000000000/ord')).toEqual([
      'https://sqs.us-east-1.amazonaws.com/000000000000/orders',
      'https://sqs.us-east-1.amazonaws.com/000000000000/orders-dlq',
    ]);
    expect(await complete('sqs get-queue-url --queue-name', '')).toEqual(['orders', 'orders-dlq']);
    expect(await complete('--region eu-west-1 sqs get-queue-url --queue-name', '')).toEqual(['other']);
    expect(await completeWords(words('sqs get-queue-url --queue-name'), '', { env: sb.env, baseArgs: ['--region', 'eu-west-1'] })).toEqual(['other']);
    expect(await complete('sqs start-message-move-task --source-arn', '')).toContain('arn:aws:sqs:us-east-1:000000000000:orders-dlq');
  });

  it('topic and subscription ARNs', async () => {
    expect(await complete('sns publish --topic-arn', '')).toEqual(['arn:aws:sns:us-east-1:000000000000:events']);
    const subs = await complete('sns get-subscription-attributes --subscription-arn', '');
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatch(/^arn:aws:sns:us-east-1:000000000000:events:[0-9a-f-]{36}$/);
    expect(await complete('sns subscribe --topic-arn x --protocol sqs --notification-endpoint', 'arn:aws:sqs:us-east-1:000000000000:orders-')).toEqual([
      'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
    ]);
  });

  it('stream names and ARNs, shard ids and consumers of the stream named on the line', async () => {
    expect(await complete('kinesis describe-stream-summary --stream-name', '')).toEqual(['clicks']);
    expect(await complete('kinesis list-shards --stream-arn', '')).toEqual(['arn:aws:kinesis:us-east-1:000000000000:stream/clicks']);
    expect(await complete('kinesis get-shard-iterator --stream-name clicks --shard-id', '')).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    expect(await complete('kinesis get-shard-iterator --shard-id', '')).toEqual([]); // which stream?
    expect(await complete('kinesis describe-stream-consumer --stream-arn arn:aws:kinesis:us-east-1:000000000000:stream/clicks --consumer-name', '')).toEqual(['reader-1']);
    const arns = await complete('kinesis describe-stream-consumer --consumer-arn', '');
    expect(arns).toHaveLength(1);
    expect(arns[0]).toMatch(/^arn:aws:kinesis:us-east-1:000000000000:stream\/clicks\/consumer\/reader-1:\d+$/);
  });

  it('writes candidates for readline as they must be typed, with a space after a single one', async () => {
    expect(await completeLine('sqs get-queue-url --queue-name orders-d', cc())).toEqual({
      candidates: ['orders-dlq '],
      replaces: 'orders-d',
    });
    expect(await completeLine("sqs get-queue-url --queue-name 'orders-d", cc())).toEqual({
      candidates: ["'orders-dlq' "],
      replaces: "'orders-d",
    });
    expect((await completeLine('sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/o', cc())).candidates).toEqual([
      'https://sqs.us-east-1.amazonaws.com/000000000000/orders',
      'https://sqs.us-east-1.amazonaws.com/000000000000/orders-dlq',
    ]);
    expect((await completeLine('sqs list-queues # comm', cc())).candidates).toEqual([]);
  });

  it('reads another state file named with --db', async () => {
    expect(await complete(`--db ${join(sb.dir, 'empty.db')} sqs get-queue-url --queue-name`, '')).toEqual([]);
  });
});

/**
 * The same command lines through the local state file, through `awsmsg serve` in another
 * process and through moto_server print the same output, error lines and exit statuses:
 * whichever target answers, the CLI parses its answer into the shapes the local operation
 * layer returns and formats them the same way (json, text, table, yaml, --query,
 * pagination). What legitimately differs is masked: queue URLs name the endpoint that made
 * them, ids and handles are new each run. Where moto departs from AWS (AWS-NOTES.md) a step
 * says so and is not compared with moto.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { motoMissing, remoteEnv, startMoto, startServe, type Endpoint } from './helpers.js';

interface Step {
  cmd: string;
  /** not compared with moto, and why (moto's known departures from AWS) */
  motoDiffers?: string;
  /** moto has no clock: the step is left out there (its streams are ACTIVE at once) */
  clock?: boolean;
}

const SQS: Step[] = [
  { cmd: 'awsmsg sqs create-queue --queue-name q1 --attributes VisibilityTimeout=45,DelaySeconds=0' },
  { cmd: 'awsmsg sqs create-queue --queue-name q2.fifo --attributes FifoQueue=true,ContentBasedDeduplication=true --output text' },
  { cmd: 'awsmsg sqs list-queues --queue-name-prefix q --output text' },
  { cmd: 'awsmsg sqs list-queues --max-items 1 --query QueueUrls' },
  { cmd: 'Q=$(awsmsg sqs get-queue-url --queue-name q1 --query QueueUrl --output text); echo "$Q"' },
  {
    cmd: 'awsmsg sqs get-queue-attributes --queue-url $Q --attribute-names VisibilityTimeout DelaySeconds MaximumMessageSize',
    motoDiffers: 'moto orders the attributes map its own way',
  },
  { cmd: `awsmsg sqs get-queue-attributes --queue-url $Q --attribute-names DelaySeconds --query 'Attributes.DelaySeconds'` },
  {
    cmd: `awsmsg sqs send-message --queue-url $Q --message-body 'hello é <&>' --message-attributes '{"n":{"DataType":"Number","StringValue":"5"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}'`,
  },
  { cmd: 'awsmsg sqs receive-message --queue-url $Q --message-attribute-names All --attribute-names ApproximateReceiveCount --output yaml' },
  { cmd: 'awsmsg sqs send-message-batch --queue-url $Q --entries Id=a,MessageBody=x Id=b,MessageBody=y --query "Successful[].[Id,MD5OfMessageBody]" --output text' },
  { cmd: 'awsmsg sqs tag-queue --queue-url $Q --tags team=blue' },
  { cmd: 'awsmsg sqs list-queue-tags --queue-url $Q --output table' },
  { cmd: 'awsmsg sqs get-queue-url --queue-name nope' },
  { cmd: `awsmsg sqs send-message --queue-url $Q --message-body ''`, motoDiffers: 'moto accepts an empty body' },
  { cmd: 'awsmsg sqs set-queue-attributes --queue-url $Q --attributes VisibilityTimeout=99999', motoDiffers: 'moto accepts a VisibilityTimeout above 43200' },
  { cmd: 'awsmsg sqs receive-message --queue-url $Q --max-number-of-messages 11', motoDiffers: 'moto repeats "An error occurred (...)" inside its message' },
  { cmd: 'awsmsg sqs delete-queue --queue-url $Q' },
  { cmd: 'awsmsg sqs list-queues' },
];

const SNS: Step[] = [
  { cmd: 'awsmsg sns create-topic --name t1 --output text' },
  { cmd: 'T=arn:aws:sns:us-east-1:000000000000:t1; awsmsg sqs create-queue --queue-name sub1 --output text' },
  {
    cmd: 'awsmsg sns subscribe --topic-arn $T --protocol sqs --notification-endpoint arn:aws:sqs:us-east-1:000000000000:sub1 --attributes RawMessageDelivery=true --output text',
  },
  { cmd: `awsmsg sns list-subscriptions-by-topic --topic-arn $T --query 'Subscriptions[].[Protocol,Endpoint,TopicArn]' --output text` },
  { cmd: `awsmsg sns set-topic-attributes --topic-arn $T --attribute-name DisplayName --attribute-value 'Orders & <more>'` },
  { cmd: 'awsmsg sns get-topic-attributes --topic-arn $T --query Attributes.DisplayName' },
  { cmd: `awsmsg sns publish --topic-arn $T --message 'hi <there> & "you"' --message-attributes '{"k":{"DataType":"String","StringValue":"v"}}'` },
  {
    cmd: `awsmsg sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/sub1 --message-attribute-names All --query 'Messages[0].[Body, MessageAttributes.k.StringValue]' --output text`,
  },
  { cmd: 'awsmsg sns tag-resource --resource-arn $T --tags Key=a,Value=b' },
  { cmd: 'awsmsg sns list-tags-for-resource --resource-arn $T' },
  { cmd: 'awsmsg sns get-topic-attributes --topic-arn arn:aws:sns:us-east-1:000000000000:nope' },
  { cmd: 'awsmsg sns list-topics --output table' },
  { cmd: 'awsmsg sns delete-topic --topic-arn $T' },
  { cmd: 'awsmsg sns list-topics' },
];

const KINESIS: Step[] = [
  { cmd: 'awsmsg kinesis create-stream --stream-name k1 --shard-count 2' },
  { cmd: 'awsmsg clock advance 3s > /dev/null', clock: true },
  { cmd: `awsmsg kinesis describe-stream-summary --stream-name k1 --query 'StreamDescriptionSummary.[StreamStatus,OpenShardCount,RetentionPeriodHours]' --output text` },
  { cmd: 'awsmsg kinesis put-record --stream-name k1 --partition-key a --data aGVsbG8= --query ShardId' },
  { cmd: `awsmsg kinesis put-records --stream-name k1 --records Data=eA==,PartitionKey=b Data=eQ==,PartitionKey=c --query 'Records[].ShardId'` },
  { cmd: `awsmsg kinesis list-shards --stream-name k1 --query 'Shards[].[ShardId,HashKeyRange.StartingHashKey,HashKeyRange.EndingHashKey]' --output text` },
  {
    cmd: 'IT=$(awsmsg kinesis get-shard-iterator --stream-name k1 --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text); awsmsg kinesis get-records --shard-iterator $IT --query "Records[].[PartitionKey,Data]" --output text',
  },
  { cmd: 'awsmsg kinesis list-streams --query StreamNames' },
  { cmd: 'awsmsg kinesis describe-stream --stream-name nope' },
  { cmd: 'awsmsg kinesis add-tags-to-stream --stream-name k1 --tags a=b' },
  { cmd: 'awsmsg kinesis list-tags-for-stream --stream-name k1' },
  { cmd: 'awsmsg kinesis wait stream-exists --stream-name k1' },
  { cmd: 'awsmsg kinesis put-record --stream-name k1 --partition-key a --data not-base64' },
];

const MARK = '@@awsmsg-target-step@@';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Out {
  stdout: string;
  stderr: string;
  status: number;
}

function run(steps: Step[], env: NodeJS.ProcessEnv, opts: { prelude?: string; moto?: boolean } = {}): Out[] {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-targets-'));
  dirs.push(dir);
  const body = steps.flatMap((s, i) => [
    `echo ${MARK}`,
    `{ ${opts.moto && s.clock ? 'true' : s.cmd}\n} 2>"${dir}/err.${i}"`,
    `echo "${MARK}status $?"`,
  ]);
  const r = spawnSync('bash', ['-c', [opts.prelude ?? '', ...body].join('\n')], {
    env: { ...remoteEnv(dir), ...env, PATH: `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}` },
    encoding: 'utf8',
    cwd: dir,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return r.stdout
    .split(`${MARK}\n`)
    .slice(1)
    .map((p, i) => {
      const m = new RegExp(`${MARK}status (\\d+)\\n$`).exec(p);
      return { stdout: m ? p.slice(0, m.index) : p, status: m ? Number(m[1]) : -1, stderr: readFileSync(join(dir, `err.${i}`), 'utf8') };
    });
}

/** Masks what differs from run to run and from endpoint to endpoint, keeping the rest exact. */
function normal(text: string, ep?: Endpoint): string {
  let t = ep ? text.replaceAll(ep.url, 'https://sqs.us-east-1.amazonaws.com') : text;
  t = t
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/(ReceiptHandle["']?:\s*["']?)[^\s"',]+/g, '$1<handle>')
    .replace(/("SequenceNumber": ")\d+/g, '$1<seq>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)/g, '<time>');
  return t;
}

function compare(name: string, steps: Step[], local: Out[], remote: Out[], ep: Endpoint, moto: boolean): void {
  expect(remote).toHaveLength(steps.length);
  steps.forEach((s, i) => {
    if (moto && (s.motoDiffers || s.clock)) return;
    const where = `${name}: $ ${s.cmd}`;
    expect(remote[i]!.status, `${where}\n${remote[i]!.stderr}`).toBe(local[i]!.status);
    expect(normal(remote[i]!.stderr, ep), where).toBe(normal(local[i]!.stderr));
    expect(normal(remote[i]!.stdout, ep), where).toBe(normal(local[i]!.stdout));
  });
}

const SUITES: [string, Step[]][] = [
  ['SQS', SQS],
  ['SNS', SNS],
  ['Kinesis', KINESIS],
];

describe('the same command lines through the local file and through awsmsg serve', () => {
  let server: Endpoint & { db: string };
  beforeAll(async () => {
    server = await startServe();
  });
  afterAll(async () => server?.stop());

  for (const [name, steps] of SUITES) {
    it(`${name}: same output, errors and exit statuses`, () => {
      const local = run(steps, {});
      expect(local.some((o) => o.status === 254), 'the steps include service errors').toBe(true);
      const remote = run(steps, { AWS_ENDPOINT_URL: server.url });
      compare(name, steps, local, remote, server, false);
    }, 90_000);
  }

  it('leaves no local state file behind when everything went to the server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-targets-'));
    dirs.push(dir);
    const r = spawnSync(process.execPath, [BIN, 'sqs', 'list-queues'], { env: { ...remoteEnv(dir), AWS_ENDPOINT_URL: server.url }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'local.db'))).toBe(false);
  });
});

const noMoto = motoMissing('test/remote/targets.test.ts');

describe.skipIf(noMoto)('the same command lines through the local file and through moto_server (--endpoint-url)', () => {
  let moto: Endpoint;
  beforeAll(async () => {
    moto = await startMoto();
  }, 30_000);
  afterAll(async () => moto?.stop());

  for (const [name, steps] of SUITES) {
    it(`${name}: same output, errors and exit statuses (moto's known departures aside)`, () => {
      const local = run(steps, {});
      const remote = run(steps, {}, { prelude: `awsmsg() { command awsmsg --endpoint-url ${moto.url} "$@"; }`, moto: true });
      compare(name, steps, local, remote, moto, true);
    }, 90_000);
  }
});

/**
 * Differential check against the real AWS CLI, when it is installed: the same argv through
 * `aws` and through awsmsg's argument layer must give the same request parameters (read from
 * `aws --debug`'s log of the request body, sent to a closed loopback port) or the same error.
 * SQS and Kinesis speak JSON, so their bodies are the parameters themselves.
 *
 * The installed CLI may be v1: blobs are then compared under raw-in-base64-out (v1's only
 * behaviour), and only messages both versions word alike are compared.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsCli, type AwsCli } from '../../helpers/awscli.js';
import { splitGlobals } from '../../../src/cli/args/globals.js';
import { parseOperationArgs } from '../../../src/cli/args/operation.js';
import { validateParams } from '../../../src/cli/args/validate.js';
import { CliError } from '../../../src/core/errors.js';
import { findOperation } from '../../../src/model/load.js';
import type { ServiceName } from '../../../src/model/types.js';
import { loadModelSync } from './model.js';

const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const awsVersion = probe.status === 0 ? `${probe.stdout}${probe.stderr}`.trim() : undefined;
if (!awsVersion) console.log('differential tests skipped: the `aws` command is not installed');
const isV1 = !!awsVersion?.startsWith('aws-cli/1.');

const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_MAX_ATTEMPTS: '1',
  AWS_RETRY_MODE: 'standard',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
};

type Outcome = { params: unknown } | { error: string };

/** What `aws` sent (the JSON body) or the error it printed (its last stderr line, prefix removed). */
async function realAws(cli: AwsCli, argv: string[]): Promise<Outcome> {
  const extra = isV1 ? [] : ['--cli-binary-format', 'raw-in-base64-out'];
  const { stderr } = await cli.run(['--debug', '--endpoint-url', 'http://127.0.0.1:9', '--cli-connect-timeout', '1', ...extra, ...argv]);
  const m = /'body': b'(.*?)', 'url':/.exec(stderr);
  if (m) return { params: JSON.parse(m[1]!.replace(/\\\\/g, '\\')) };
  const lines = stderr.split('\n').filter((l) => l.trim() && !/ - (DEBUG|INFO|WARNING) - /.test(l) && !l.startsWith('Traceback') && !l.startsWith('  '));
  const last = lines[lines.length - 1] ?? '';
  return { error: last.replace(/^aws: (\[ERROR\]: )?(error: )?/, '') };
}

/** awsmsg's parameters, serialized as botocore's JSON serializer would put them. */
function ours(argv: string[]): Outcome {
  try {
    const { globals, rest } = splitGlobals(argv);
    const service = rest[0] as ServiceName;
    const model = loadModelSync(service);
    const [opName] = findOperation(model, rest[1]!)!;
    const parsed = parseOperationArgs(rest.slice(2), opName, model, {
      binaryFormat: 'raw-in-base64-out',
      paginated: !!model.paginators[opName],
      noPaginate: globals.noPaginate,
    });
    validateParams(parsed.params, model.operations[opName]!.input, model);
    return { params: JSON.parse(JSON.stringify(parsed.params, wire)) };
  } catch (e) {
    if (e instanceof CliError) return { error: e.message.split('\n').slice(-1)[0]! };
    throw e;
  }
}

function wire(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return Math.floor(raw.getTime() / 1000);
  if (Buffer.isBuffer(raw)) return raw.toString('base64');
  return value;
}

const CASES: string[][] = [
  ['sqs', 'send-message', '--queue-url', 'http://q/1', '--message-body', 'hello world', '--delay-seconds', '5'],
  ['sqs', 'send-message', '--queue-u', 'http://q/1', '--message-b=a=b', '--region', 'eu-west-1'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', 'City={DataType=String,StringValue=Any City},Pop={DataType=Number,StringValue=1}'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', '{"a": {"DataType": "String", "StringListValues": ["b"]}}'],
  ['sqs', 'send-message-batch', '--queue-url', 'u', '--entries', 'Id=1,MessageBody=a,DelaySeconds=3', 'Id=2,MessageBody=b c'],
  ['sqs', 'send-message-batch', '--queue-url', 'u', '--entries', 'Id=1,MessageAttributes={k={DataType=String,StringListValues=one}}'],
  ['sqs', 'receive-message', '--queue-url', 'u', '--attribute-names', 'All', 'SenderId', '--max-number-of-messages', '10'],
  ['sqs', 'receive-message', '--queue-url', 'u', '--message-attribute-names', '["All"]', '--wait-time-seconds', '-1'],
  ['sqs', 'create-queue', '--queue-name', 'q', '--attributes', 'VisibilityTimeout=60,DelaySeconds=10', '--tags', 'Priority=Highest'],
  ['sqs', 'create-queue', '--queue-name', 'q', '--attributes', 'Policy="a,b",RedrivePolicy=x'],
  ['sqs', 'change-message-visibility-batch', '--queue-url', 'u', '--entries', 'Id=1,ReceiptHandle=r,VisibilityTimeout=30'],
  ['sqs', 'list-queues', '--queue-name-prefix', 'p', '--max-results', '5', '--next-token', 't'],
  ['kinesis', 'put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'hello'],
  ['kinesis', 'put-records', '--stream-name', 's', '--records', 'Data=blob1,PartitionKey=partitionkey1', 'Data=blob2,PartitionKey=partitionkey2'],
  ['kinesis', 'get-shard-iterator', '--stream-name', 's', '--shard-id', 'x', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '2016-04-04T19:58:46-00:00'],
  ['kinesis', 'get-shard-iterator', '--stream-name', 's', '--shard-id', 'x', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '1459799926'],
  ['kinesis', 'create-stream', '--stream-name', 's', '--stream-mode-details', 'StreamMode=ON_DEMAND', '--shard-count', '2'],
  ['kinesis', 'add-tags-to-stream', '--stream-name', 's', '--tags', 'Team=Alpha,Env=dev'],
  ['kinesis', 'describe-stream', '--stream-name', 's', '--limit', '2', '--exclusive-start-shard-id', 'shardId-000000000001'],
  ['kinesis', 'list-shards', '--stream-name', 's', '--shard-filter', 'Type=AT_TRIM_HORIZON'],
  // errors
  ['sqs', 'send-message', '--queue-url', 'u'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'x', '--foo', 'b', 'c'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'x', '--delay-seconds', 'abc'],
  ['sqs', 'list-queues', '--max-items', 'ten'],
  ['sqs', 'list-queues', '--max'],
  ['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'file:///nonexistent/awsmsg-test'],
  ['sqs', 'send-message-batch', '--queue-url', 'u', '--entries', '[{"Id": "1", "DelaySeconds": "5", "Foo": 1}]'],
  ['sqs', 'send-message-batch', '--queue-url', 'u', '--entries', '{"Id": "1"}', 'Id=2'],
  ['sqs', 'create-queue', '--queue-name', 'q', '--attributes', '{"VisibilityTimeout": 60}'],
  ['kinesis', 'put-records', '--stream-name', '', '--records', 'PartitionKey=k'],
  ['kinesis', 'get-shard-iterator', '--stream-name', 's', '--shard-id', 'x', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', 'yesterday'],
  ['sns', 'subscribe', '--topic-arn', 't', '--protocol', 'sqs', '--return-subscription-arn=yes'],
  ['sns', 'publish', '--message', 'm', '--message-attributes', '{"k": {"DataType": "String", "StringValue": 1}}'],
];

describe.skipIf(!awsVersion)(`the AWS CLI (${awsVersion ?? "not installed"}) and awsmsg read argv alike`, () => {
  let cli: AwsCli;
  beforeAll(async () => {
    cli = await startAwsCli(ENV);
  });
  afterAll(() => cli?.stop());
  for (const argv of CASES) {
    it(argv.join(" "), async () => {
      expect(ours(argv)).toEqual(await realAws(cli, argv));
    });
  }
});

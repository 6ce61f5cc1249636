/**
 * `awsmsg serve` as a process (bin/awsmsg serve --port 0), used by clients in other processes:
 * boto3 (current botocore: SQS in JSON with query-compatible errors) and the AWS CLI v1 (`aws`
 * from python3, JSON for SQS); the Debian AWS CLI v2 is in clients-awscli-query.test.ts. The
 * serve process shares its state file with bin/awsmsg commands, and stops on
 * SIGTERM with a long poll in flight answering empty.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsCli, type AwsCli } from '../helpers/awscli.js';
import { BIN, type CliResult } from '../helpers/cli.js';
import { ACCOUNT, attributesMd5, awsQueueUrl, credentials, md5, REGION, runChild } from './clients-support.js';

interface ServeProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `bin/awsmsg serve --port 0` and reads the endpoint it prints. */
async function serve(env: NodeJS.ProcessEnv, cwd: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...extra], { env, cwd });
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`awsmsg serve exited (${code}): ${out}`)));
  });
  return { url, child, output: () => out, exited };
}

let dir: string;
let env: NodeJS.ProcessEnv;
let server: ServeProcess;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-clients-proc-'));
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    TZ: 'UTC',
    AWSMSG_DB: join(dir, 'state.db'),
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  server = await serve(env, dir);
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const awsmsg = (args: string[]): CliResult => {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, cwd: dir, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

describe('boto3', () => {
  const script = `
import base64, datetime, hashlib, json, sys, urllib.request
import boto3
from botocore.config import Config

url = sys.argv[1]
cfg = Config(retries={"max_attempts": 1})
kw = dict(endpoint_url=url, region_name="${REGION}", config=cfg)
sqs, sns, kinesis = boto3.client("sqs", **kw), boto3.client("sns", **kw), boto3.client("kinesis", **kw)
out = {}

def advance(d):
    req = urllib.request.Request(url + "/_awsmsg/clock", data=json.dumps({"advance": d}).encode(), method="POST")
    urllib.request.urlopen(req).read()

# SQS: attributes of every type, MD5s, paginator, errors, FIFO, batch failures
q = sqs.create_queue(QueueName="boto-orders", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
out["queueUrl"] = q
attrs = {
    "s": {"DataType": "String", "StringValue": "héllo"},
    "n": {"DataType": "Number", "StringValue": "1.5"},
    "b": {"DataType": "Binary", "BinaryValue": bytes([0, 1, 254, 255])},
    "f": {"DataType": "Number.float", "StringValue": "2.5"},
}
sent = sqs.send_message(QueueUrl=q, MessageBody="boto ✓ body", MessageAttributes=attrs)
out["sent"] = {k: sent.get(k) for k in ("MessageId", "MD5OfMessageBody", "MD5OfMessageAttributes")}
got = sqs.receive_message(QueueUrl=q, MessageAttributeNames=["All"], AttributeNames=["All"])["Messages"][0]
out["received"] = {
    "Body": got["Body"], "MD5OfBody": got["MD5OfBody"], "MD5OfMessageAttributes": got["MD5OfMessageAttributes"],
    "bodyMd5Ok": hashlib.md5(got["Body"].encode()).hexdigest() == got["MD5OfBody"],
    "binary": list(got["MessageAttributes"]["b"]["BinaryValue"]),
    "attributes": {k: v.get("StringValue") for k, v in got["MessageAttributes"].items()},
    "receiveCount": got["Attributes"]["ApproximateReceiveCount"],
}
advance("31s")
again = sqs.receive_message(QueueUrl=q, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
out["receiveCountAfterClock"] = again["Attributes"]["ApproximateReceiveCount"]
sqs.delete_message(QueueUrl=q, ReceiptHandle=again["ReceiptHandle"])

for i in range(5):
    sqs.create_queue(QueueName="boto-page-%d" % i)
pages = [p.get("QueueUrls", []) for p in sqs.get_paginator("list_queues").paginate(QueueNamePrefix="boto-page-", PaginationConfig={"PageSize": 2})]
out["pages"] = [len(p) for p in pages]

try:
    sqs.get_queue_url(QueueName="boto-nope")
except sqs.exceptions.QueueDoesNotExist as e:
    out["missing"] = {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}

fq = sqs.create_queue(QueueName="boto.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
a = sqs.send_message(QueueUrl=fq, MessageBody="one", MessageGroupId="g")
b = sqs.send_message(QueueUrl=fq, MessageBody="one", MessageGroupId="g")
out["fifoDedup"] = a["MessageId"] == b["MessageId"]
batch = sqs.send_message_batch(QueueUrl=q, Entries=[{"Id": "ok", "MessageBody": "x"}, {"Id": "bad", "MessageBody": "y", "DelaySeconds": 901}])
out["batch"] = {"ok": [s["Id"] for s in batch.get("Successful", [])], "failed": [[f["Id"], f["SenderFault"]] for f in batch.get("Failed", [])]}

# SNS to SQS with a filter policy
topic = sns.create_topic(Name="boto-topic")["TopicArn"]
qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sqs.purge_queue(QueueUrl=q)
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"k": ["v"]})})
sns.publish(TopicArn=topic, Message="filtered out", MessageAttributes={"k": {"DataType": "String", "StringValue": "other"}})
sns.publish(TopicArn=topic, Message="delivered", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
out["snsDelivered"] = [m["Body"] for m in sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=10).get("Messages", [])]
try:
    sns.publish(TopicArn="arn:aws:sns:${REGION}:${ACCOUNT}:boto-nope", Message="x")
except sns.exceptions.NotFoundException as e:
    out["snsMissing"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]

# Kinesis: waiter after the clock, binary data, timestamps as datetimes
before = datetime.datetime.now(datetime.timezone.utc)
kinesis.create_stream(StreamName="boto-stream", ShardCount=1)
advance("3s")
kinesis.get_waiter("stream_exists").wait(StreamName="boto-stream", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
desc = kinesis.describe_stream(StreamName="boto-stream")["StreamDescription"]
out["streamStatus"] = desc["StreamStatus"]
out["creationIsDatetime"] = isinstance(desc["StreamCreationTimestamp"], datetime.datetime)
data = bytes(range(256))
put = kinesis.put_record(StreamName="boto-stream", PartitionKey="pk", Data=data)
it = kinesis.get_shard_iterator(StreamName="boto-stream", ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
recs = kinesis.get_records(ShardIterator=it)["Records"]
out["kinesis"] = {"same": recs[0]["Data"] == data, "seq": recs[0]["SequenceNumber"] == put["SequenceNumber"], "arrivalIsDatetime": isinstance(recs[0]["ApproximateArrivalTimestamp"], datetime.datetime)}
try:
    kinesis.describe_stream(StreamName="boto-nope")
except kinesis.exceptions.ResourceNotFoundException as e:
    out["kinesisMissing"] = e.response["Error"]["Code"]
print(json.dumps(out))
`;

  it.skipIf(!hasBoto3)('drives SQS, SNS and Kinesis through boto3', { timeout: 60_000 }, async () => {
    const file = join(dir, 'boto.py');
    writeFileSync(file, script);
    const r = await runChild('python3', [file, server.url], env, dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.queueUrl).toBe(`${server.url}/${ACCOUNT}/boto-orders`);
    const attrs = {
      s: { DataType: 'String', StringValue: 'héllo' },
      n: { DataType: 'Number', StringValue: '1.5' },
      b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 254, 255]) },
      f: { DataType: 'Number.float', StringValue: '2.5' },
    };
    expect(out.sent.MD5OfMessageBody).toBe(md5('boto ✓ body'));
    expect(out.sent.MD5OfMessageAttributes).toBe(attributesMd5(attrs));
    expect(out.received).toMatchObject({
      Body: 'boto ✓ body',
      bodyMd5Ok: true,
      MD5OfMessageAttributes: attributesMd5(attrs),
      binary: [0, 1, 254, 255],
      attributes: { s: 'héllo', n: '1.5', f: '2.5' },
      receiveCount: '1',
    });
    expect(out.receiveCountAfterClock).toBe('2');
    expect(out.pages).toEqual([2, 2, 1]);
    expect(out.missing).toEqual({ code: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.', status: 400 });
    expect(out.fifoDedup).toBe(true);
    expect(out.batch).toEqual({ ok: ['ok'], failed: [['bad', true]] });
    expect(out.snsDelivered).toEqual(['delivered']);
    expect(out.snsMissing).toEqual(['NotFound', 404]);
    expect(out.streamStatus).toBe('ACTIVE');
    expect(out.creationIsDatetime).toBe(true);
    expect(out.kinesis).toEqual({ same: true, seq: true, arrivalIsDatetime: true });
    expect(out.kinesisMissing).toBe('ResourceNotFoundException');
  });
});

describe('AWS CLI v1 (JSON protocol for SQS)', () => {
  let aws: AwsCli;
  beforeAll(async () => {
    // AWS_ENDPOINT_URL is set for the one test that relies on it; the others give --endpoint-url
    aws = await startAwsCli({ ...env, AWS_ENDPOINT_URL: server.url }, dir);
  });
  afterAll(() => aws?.stop());
  const run = (args: string[]) => aws.run(['--endpoint-url', server.url, ...args]);

  it('sends and receives SQS messages; an unknown queue is AWS.SimpleQueueService.NonExistentQueue', async () => {
    const created = await run(['sqs', 'create-queue', '--queue-name', 'cli1-q']);
    expect(created.stderr).toBe('');
    const url = JSON.parse(created.stdout).QueueUrl;
    expect(url).toBe(`${server.url}/${ACCOUNT}/cli1-q`);
    const sent = await run([
      'sqs',
      'send-message',
      '--queue-url',
      url,
      '--message-body',
      'from aws v1',
      '--message-attributes',
      '{"n":{"DataType":"Number","StringValue":"5"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}',
    ]);
    expect(sent.status).toBe(0);
    expect(JSON.parse(sent.stdout).MD5OfMessageBody).toBe(md5('from aws v1'));
    const got = await run(['sqs', 'receive-message', '--queue-url', url, '--message-attribute-names', 'All']);
    const m = JSON.parse(got.stdout).Messages[0];
    expect(m.Body).toBe('from aws v1');
    // the AWS CLI v1 sends a blob given as text as that text's bytes
    expect(m.MessageAttributes.b).toEqual({ DataType: 'Binary', BinaryValue: Buffer.from('AAEC').toString('base64') });
    expect(m.MD5OfMessageAttributes).toBe(
      attributesMd5({ n: { DataType: 'Number', StringValue: '5' }, b: { DataType: 'Binary', BinaryValue: Buffer.from('AAEC') } }),
    );
    expect(m.MD5OfMessageAttributes).toBe(JSON.parse(sent.stdout).MD5OfMessageAttributes);
    const missing = await run(['sqs', 'get-queue-url', '--queue-name', 'cli1-nope']);
    expect(missing.status).toBe(255);
    expect(missing.stderr.trim()).toBe(
      'An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist.',
    );
  });

  it('long-polls with receive-message while bin/awsmsg sends from another process', async () => {
    const url = JSON.parse((await run(['sqs', 'create-queue', '--queue-name', 'cli1-poll'])).stdout).QueueUrl;
    const polling = run(['sqs', 'receive-message', '--queue-url', url, '--wait-time-seconds', '20']);
    const sent = awsmsg(['sqs', 'send-message', '--queue-url', awsQueueUrl('cli1-poll'), '--message-body', 'woke you']);
    expect(sent.status).toBe(0);
    const got = await polling;
    expect(JSON.parse(got.stdout).Messages[0].Body).toBe('woke you');
  });

  it('creates a stream, waits for it, puts and gets records; SNS publishes', async () => {
    expect((await run(['kinesis', 'create-stream', '--stream-name', 'cli1-stream', '--shard-count', '1'])).status).toBe(0);
    expect(awsmsg(['clock', 'advance', '3s']).status).toBe(0);
    const waited = await run(['kinesis', 'wait', 'stream-exists', '--stream-name', 'cli1-stream']);
    expect(waited.stderr).toBe('');
    expect(waited.status).toBe(0);
    const put = await run(['kinesis', 'put-record', '--stream-name', 'cli1-stream', '--partition-key', 'p', '--data', 'raw text']);
    expect(put.stderr).toBe('');
    const seq = JSON.parse(put.stdout).SequenceNumber;
    const it = JSON.parse((await run(['kinesis', 'get-shard-iterator', '--stream-name', 'cli1-stream', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON'])).stdout);
    const recs = JSON.parse((await run(['kinesis', 'get-records', '--shard-iterator', it.ShardIterator])).stdout).Records;
    expect(recs.map((r: { SequenceNumber: string }) => r.SequenceNumber)).toEqual([seq]);
    // the AWS CLI v1 sends a text blob as its bytes
    expect(Buffer.from(recs[0].Data, 'base64').toString()).toBe('raw text');
    const missing = await run(['kinesis', 'describe-stream', '--stream-name', 'cli1-nope']);
    expect(missing.stderr).toContain('An error occurred (ResourceNotFoundException) when calling the DescribeStream operation: Stream cli1-nope under account');

    const topic = JSON.parse((await run(['sns', 'create-topic', '--name', 'cli1-topic'])).stdout).TopicArn;
    expect(topic).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:cli1-topic`);
    const pub = await run(['sns', 'publish', '--topic-arn', topic, '--message', 'hi']);
    expect(JSON.parse(pub.stdout).MessageId).toMatch(/\S/);
    const nf = await run(['sns', 'get-topic-attributes', '--topic-arn', `arn:aws:sns:${REGION}:${ACCOUNT}:cli1-nope`]);
    expect(nf.stderr.trim()).toBe('An error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist');
  });

  // The AWS CLI v1 ignores AWS_ENDPOINT_URL for SQS (its own customization puts back
  // queue.amazonaws.com), so only SNS and Kinesis are tried that way; SQS needs --endpoint-url.
  it('finds the server through AWS_ENDPOINT_URL for SNS and Kinesis', async () => {
    const r = await aws.run(['sns', 'create-topic', '--name', 'cli1-env']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:cli1-env`);
    const k = await aws.run(['kinesis', 'list-streams']);
    expect(k.stderr).toBe('');
    expect(JSON.parse(k.stdout).StreamNames).toContain('cli1-stream');
  });
});

describe('the serve process', () => {
  it('shares its state file: a message bin/awsmsg sent is there for the server, and the reverse', async () => {
    expect(awsmsg(['sqs', 'create-queue', '--queue-name', 'proc-shared']).status).toBe(0);
    const sqs = new SQSClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      awsmsg(['sqs', 'send-message', '--queue-url', awsQueueUrl('proc-shared'), '--message-body', 'from the cli']);
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${server.url}/${ACCOUNT}/proc-shared` }));
      expect(got.Messages!.map((m) => m.Body)).toEqual(['from the cli']);
      expect(server.output()).toMatch(/sqs ReceiveMessage 200 /);
    } finally {
      sqs.destroy();
    }
  });

  it('stops on SIGTERM; a long poll in flight answers empty', async () => {
    const own = await serve(env, dir, ['--quiet']);
    awsmsg(['sqs', 'create-queue', '--queue-name', 'proc-sigterm']);
    // a long poll in SQS's JSON protocol, sent with node:http so that we know when it is written
    const poll = httpRequest(own.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ReceiveMessage' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      poll.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      poll.on('error', reject);
    });
    await new Promise<void>((resolve) => poll.end(JSON.stringify({ QueueUrl: `${own.url}/${ACCOUNT}/proc-sigterm`, WaitTimeSeconds: 20 }), () => resolve()));
    // a round trip sent after the poll was written: the server has read the poll by then
    expect((await fetch(`${own.url}/_awsmsg/health`)).status).toBe(200);
    own.child.kill('SIGTERM');
    expect(await answer).toEqual({ status: 200, body: '{}' });
    // 143 (128 + SIGTERM) is the command line's status for a stop by SIGTERM, as 130 is for Ctrl-C
    expect(await own.exited).toBe(143);
    expect(own.output()).toContain('awsmsg serve: stopped');
  });
});

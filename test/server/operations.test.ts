/**
 * Every one of the 104 operations of the three models answers through its wire protocol: SQS
 * in JSON 1.0 and in query/XML, SNS in query/XML, Kinesis in JSON 1.1 and in CBOR. Each is
 * called with a valid request in a scenario that builds what it needs (queues, receipts,
 * streams, consumers), and answers 200 — or, where a valid request cannot be made here (a
 * one-time password, a task that already finished), an AWS error of the operation's own,
 * never a routing error, a 500 or a hang. Empty requests reach each operation too, and every
 * query response is read by botocore's parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Decoder, Encoder } from 'cbor-x';
import { loadModel } from '../../src/model/load.js';
import type { ServiceModel } from '../../src/model/types.js';
import { decodeEventMessages } from '../../src/server/protocols/eventstream.js';
import { kinesisJson, queryPost, sqsJson, testServer, toQueryParams, xmlText, xmlTexts, type TestServer } from './harness.js';

const cborEncoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);

/** Errors that mean the request never reached the operation, or the server failed. */
const NOT_REACHED = new Set(['UnknownOperationException', 'InvalidAction', 'MissingAction', 'SerializationException', 'InternalFailure', 'MalformedQueryString']);

let server: TestServer;
const models = {} as Record<'sqs' | 'sns' | 'kinesis', ServiceModel>;
beforeAll(async () => {
  server = await testServer();
  for (const s of ['sqs', 'sns', 'kinesis'] as const) models[s] = await loadModel(s);
});
afterAll(() => server.stop());

interface Answer {
  status: number;
  /** the error code (query Code, JSON __type without namespace), if any */
  code?: string;
  /** every value of fields of this name anywhere in the answer */
  all(name: string): string[];
  first(name: string): string | undefined;
  raw: string;
  requestId: string | null;
}

function jsonAnswer(status: number, value: unknown, raw: string, requestId: string | null): Answer {
  const all = (name: string): string[] => {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === name && (typeof x === 'string' || typeof x === 'number')) out.push(String(x));
          walk(x);
        }
      }
    };
    walk(value);
    return out;
  };
  const type = (value as { __type?: string } | undefined)?.__type;
  return { status, code: type?.replace(/^.*#/, ''), all, first: (n) => all(n)[0], raw, requestId };
}

function xmlAnswer(status: number, text: string, requestId: string | null): Answer {
  return { status, code: status === 200 ? undefined : xmlText(text, 'Code'), all: (n) => xmlTexts(text, n), first: (n) => xmlText(text, n), raw: text, requestId };
}

type Call = (operation: string, input: Record<string, unknown>) => Promise<Answer>;

const queryResponses: { service: 'sqs' | 'sns'; operation: string; status: number; body: string; requestId: string | null }[] = [];

function queryCaller(service: 'sqs' | 'sns'): Call {
  return async (operation, input) => {
    const r = await queryPost(server.url, toQueryParams(models[service], operation, input), { service });
    queryResponses.push({ service, operation, status: r.status, body: r.text, requestId: r.headers.get('x-amzn-requestid') });
    return xmlAnswer(r.status, r.text, r.headers.get('x-amzn-requestid'));
  };
}

/** JSON as an SDK writes it: blobs in base64. */
const toWire = (input: unknown): unknown =>
  JSON.parse(JSON.stringify(input, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v)));

const sqsJsonCall: Call = async (operation, input) => {
  const r = await sqsJson(server.url, operation, toWire(input));
  return jsonAnswer(r.status, r.json, r.text, r.headers.get('x-amzn-requestid'));
};

const kinesisJsonCall: Call = async (operation, input) => {
  const r = await kinesisJson(server.url, operation, toWire(input));
  return jsonAnswer(r.status, r.json, r.text, r.headers.get('x-amzn-requestid'));
};

const kinesisCborCall: Call = async (operation, input) => {
  const r = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': `Kinesis_20131202.${operation}` },
    body: new Uint8Array(cborEncoder.encode(input)),
  });
  const bytes = Buffer.from(await r.arrayBuffer());
  expect(r.headers.get('content-type')).toBe('application/x-amz-cbor-1.1');
  const value = bytes.length ? cborDecoder.decode(bytes) : {};
  return jsonAnswer(r.status, value, JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)), r.headers.get('x-amzn-requestid'));
};

async function advance(by: string): Promise<void> {
  const r = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: JSON.stringify({ advance: by }) });
  expect(r.status).toBe(200);
}

const called = new Set<string>();

/** Calls an operation and checks the answer: 200, or one of `allowed` error codes. */
async function step(service: string, call: Call, operation: string, input: Record<string, unknown>, allowed: string[] = []): Promise<Answer> {
  called.add(`${service}.${operation}`);
  const a = await call(operation, input);
  const where = `${service} ${operation} ${JSON.stringify(input).slice(0, 200)} -> ${a.status} ${a.raw.slice(0, 400)}`;
  expect(a.requestId, where).toMatch(/^[0-9a-f-]{36}$/);
  if (a.status !== 200) {
    expect(allowed, where).toContain(a.code);
    expect(a.status, where).toBeLessThan(500);
  }
  return a;
}

async function sqsScenario(call: Call, label: string): Promise<void> {
  const s = (op: string, input: Record<string, unknown>, allowed?: string[]) => step('sqs', call, op, input, allowed);
  const dlq = (await s('CreateQueue', { QueueName: `${label}-dlq` })).first('QueueUrl')!;
  const dlqAttributes = await s('GetQueueAttributes', { QueueUrl: dlq, AttributeNames: ['QueueArn'] });
  // JSON: {"Attributes": {"QueueArn": ...}}; XML: <Attribute><Name>QueueArn</Name><Value>...</Value></Attribute>
  const arn = dlqAttributes.first('QueueArn') ?? dlqAttributes.first('Value')!;
  expect(arn).toMatch(/^arn:aws:sqs:us-east-1:000000000000:/);
  const url = (
    await s('CreateQueue', {
      QueueName: label,
      Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 }) },
      tags: { team: 'a' },
    })
  ).first('QueueUrl')!;
  expect(url).toBe(`${server.url}/000000000000/${label}`);
  expect((await s('GetQueueUrl', { QueueName: label })).first('QueueUrl')).toBe(url);
  expect((await s('ListQueues', { QueueNamePrefix: label })).raw).toContain(url);
  await s('SetQueueAttributes', { QueueUrl: url, Attributes: { DelaySeconds: '0', MessageRetentionPeriod: '3600' } });
  const attrs = await s('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
  expect(attrs.raw).toContain('MessageRetentionPeriod');
  await s('TagQueue', { QueueUrl: url, Tags: { env: 'test' } });
  expect((await s('ListQueueTags', { QueueUrl: url })).raw).toContain('env');
  await s('UntagQueue', { QueueUrl: url, TagKeys: ['env'] });
  await s('AddPermission', { QueueUrl: url, Label: 'p', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] });
  await s('RemovePermission', { QueueUrl: url, Label: 'p' });
  await s('SendMessage', {
    QueueUrl: url,
    MessageBody: 'one & <two>',
    MessageAttributes: { n: { DataType: 'Number', StringValue: '1' }, b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) } },
  });
  const batch = await s('SendMessageBatch', {
    QueueUrl: url,
    Entries: [
      { Id: 'a', MessageBody: 'a' },
      { Id: 'b', MessageBody: 'b', DelaySeconds: 0 },
      { Id: 'c', MessageBody: 'c' },
      { Id: 'd', MessageBody: 'd' },
    ],
  });
  expect(batch.all('MessageId')).toHaveLength(4);
  const received = await s('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], AttributeNames: ['All'] });
  const handles = received.all('ReceiptHandle');
  expect(handles.length).toBeGreaterThanOrEqual(5);
  expect(received.raw).toContain('one &');
  await s('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: handles[0], VisibilityTimeout: 60 });
  await s('ChangeMessageVisibilityBatch', { QueueUrl: url, Entries: [{ Id: 'x', ReceiptHandle: handles[1], VisibilityTimeout: 60 }] });
  await s('DeleteMessage', { QueueUrl: url, ReceiptHandle: handles[2] });
  const deleted = await s('DeleteMessageBatch', { QueueUrl: url, Entries: [{ Id: 'y', ReceiptHandle: handles[3] }] });
  expect(deleted.all('Id')).toEqual(['y']);
  // JSON names the list queueUrls, XML each item QueueUrl
  expect((await s('ListDeadLetterSourceQueues', { QueueUrl: dlq })).raw).toContain(url);
  // a message in the dead-letter queue to move (to a named destination: it never came from a source queue)
  await s('SendMessage', { QueueUrl: dlq, MessageBody: 'dead' });
  const task = await s('StartMessageMoveTask', { SourceArn: arn, DestinationArn: `arn:aws:sqs:us-east-1:000000000000:${label}`, MaxNumberOfMessagesPerSecond: 1 });
  // RUNNING or, a second of clock later, COMPLETED: the task is listed either way
  expect((await s('ListMessageMoveTasks', { SourceArn: arn, MaxResults: 10 })).raw).toMatch(/RUNNING|COMPLETED/);
  // the task moves by the clock; if it has finished already, cancelling it is the operation's own error
  await s('CancelMessageMoveTask', { TaskHandle: task.first('TaskHandle') }, ['InvalidParameterValue']);
  await s('PurgeQueue', { QueueUrl: url });
  await s('DeleteQueue', { QueueUrl: url });
  await s('DeleteQueue', { QueueUrl: dlq });
}

async function snsScenario(): Promise<void> {
  const call = queryCaller('sns');
  const s = (op: string, input: Record<string, unknown>, allowed?: string[]) => step('sns', call, op, input, allowed);
  const queueArn = 'arn:aws:sqs:us-east-1:000000000000:sns-target';
  await sqsJson(server.url, 'CreateQueue', { QueueName: 'sns-target' });
  const topic = (await s('CreateTopic', { Name: 'ops', Attributes: { DisplayName: 'Ops' }, Tags: [{ Key: 'k', Value: 'v' }] })).first('TopicArn')!;
  expect(topic).toBe('arn:aws:sns:us-east-1:000000000000:ops');
  await s('SetTopicAttributes', { TopicArn: topic, AttributeName: 'DisplayName', AttributeValue: 'Ops & Co' });
  expect((await s('GetTopicAttributes', { TopicArn: topic })).raw).toContain('Ops &amp; Co');
  expect((await s('ListTopics', {})).all('TopicArn')).toContain(topic);
  const sub = (await s('Subscribe', { TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: true })).first('SubscriptionArn')!;
  expect(sub).toMatch(/^arn:aws:sns:us-east-1:000000000000:ops:/);
  await s('SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' });
  expect((await s('GetSubscriptionAttributes', { SubscriptionArn: sub })).raw).toContain('RawMessageDelivery');
  expect((await s('ListSubscriptions', {})).all('SubscriptionArn')).toContain(sub);
  expect((await s('ListSubscriptionsByTopic', { TopicArn: topic })).all('SubscriptionArn')).toContain(sub);
  await s('ConfirmSubscription', { TopicArn: topic, Token: 'not-a-token' }, ['InvalidParameter']);
  await s('Publish', { TopicArn: topic, Message: 'hello', MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } } });
  const pb = await s('PublishBatch', { TopicArn: topic, PublishBatchRequestEntries: [{ Id: '1', Message: 'x' }, { Id: '2', Message: 'y' }] });
  expect(pb.all('Id').sort()).toEqual(['1', '2']);
  const delivered = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: `${server.url}/000000000000/sns-target`, MaxNumberOfMessages: 10 });
  expect((delivered.json!.Messages as { Body: string }[]).map((m) => m.Body).sort()).toEqual(['hello', 'x', 'y']);
  await s('AddPermission', { TopicArn: topic, Label: 'p', AWSAccountId: ['111122223333'], ActionName: ['Publish'] });
  await s('RemovePermission', { TopicArn: topic, Label: 'p' });
  await s('TagResource', { ResourceArn: topic, Tags: [{ Key: 'a', Value: 'b' }] });
  expect((await s('ListTagsForResource', { ResourceArn: topic })).all('Key').sort()).toEqual(['a', 'k']);
  await s('UntagResource', { ResourceArn: topic, TagKeys: ['a'] });
  const policy = JSON.stringify({
    Name: 'p',
    Version: '2021-06-01',
    Statement: [{ Sid: 's', DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Audit: { SampleRate: '99', FindingsDestination: {} } } }],
  });
  await s('PutDataProtectionPolicy', { ResourceArn: topic, DataProtectionPolicy: policy });
  await s('GetDataProtectionPolicy', { ResourceArn: topic });
  await s('Unsubscribe', { SubscriptionArn: sub });
  await s('DeleteTopic', { TopicArn: topic });

  const app = (await s('CreatePlatformApplication', { Name: 'app', Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } })).first('PlatformApplicationArn')!;
  await s('GetPlatformApplicationAttributes', { PlatformApplicationArn: app });
  await s('SetPlatformApplicationAttributes', { PlatformApplicationArn: app, Attributes: { EventDeliveryFailure: topic } }, ['InvalidParameter', 'NotFound']);
  expect((await s('ListPlatformApplications', {})).all('PlatformApplicationArn')).toContain(app);
  const endpoint = (await s('CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'device-token' })).first('EndpointArn')!;
  await s('GetEndpointAttributes', { EndpointArn: endpoint });
  await s('SetEndpointAttributes', { EndpointArn: endpoint, Attributes: { CustomUserData: 'x' } });
  expect((await s('ListEndpointsByPlatformApplication', { PlatformApplicationArn: app })).all('EndpointArn')).toContain(endpoint);
  await s('DeleteEndpoint', { EndpointArn: endpoint });
  await s('DeletePlatformApplication', { PlatformApplicationArn: app });

  expect((await s('CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+12065550100' })).first('isOptedOut')).toBe('false');
  await s('OptInPhoneNumber', { phoneNumber: '+12065550100' });
  await s('ListPhoneNumbersOptedOut', {});
  await s('SetSMSAttributes', { attributes: { DefaultSMSType: 'Transactional' } });
  expect((await s('GetSMSAttributes', { attributes: ['DefaultSMSType'] })).raw).toContain('Transactional');
  await s('GetSMSSandboxAccountStatus', {});
  await s('CreateSMSSandboxPhoneNumber', { PhoneNumber: '+12065550101' });
  // the one-time password went to the phone
  await s('VerifySMSSandboxPhoneNumber', { PhoneNumber: '+12065550101', OneTimePassword: '000000' }, ['VerificationException']);
  expect((await s('ListSMSSandboxPhoneNumbers', {})).all('PhoneNumber')).toContain('+12065550101');
  await s('DeleteSMSSandboxPhoneNumber', { PhoneNumber: '+12065550101' });
  await s('ListOriginationNumbers', {});
}

async function kinesisScenario(call: Call, name: string): Promise<void> {
  const s = (op: string, input: Record<string, unknown>, allowed?: string[]) => step('kinesis', call, op, input, allowed);
  await s('CreateStream', { StreamName: name, ShardCount: 2 });
  await advance('1m');
  const described = await s('DescribeStream', { StreamName: name });
  const streamArn = described.first('StreamARN')!;
  expect(described.first('StreamStatus')).toBe('ACTIVE');
  await s('DescribeStreamSummary', { StreamName: name });
  expect((await s('ListStreams', {})).all('StreamName')).toContain(name);
  expect((await s('ListShards', { StreamName: name })).all('ShardId')).toEqual(['shardId-000000000000', 'shardId-000000000001']);
  await s('AddTagsToStream', { StreamName: name, Tags: { a: '1' } });
  expect((await s('ListTagsForStream', { StreamName: name })).all('Key')).toEqual(['a']);
  await s('RemoveTagsFromStream', { StreamName: name, TagKeys: ['a'] });
  await s('TagResource', { ResourceARN: streamArn, Tags: { b: '2' } });
  expect((await s('ListTagsForResource', { ResourceARN: streamArn })).all('Key')).toEqual(['b']);
  await s('UntagResource', { ResourceARN: streamArn, TagKeys: ['b'] });
  await s('IncreaseStreamRetentionPeriod', { StreamName: name, RetentionPeriodHours: 48 });
  await advance('1m');
  await s('DecreaseStreamRetentionPeriod', { StreamName: name, RetentionPeriodHours: 24 });
  await advance('1m');
  await s('EnableEnhancedMonitoring', { StreamName: name, ShardLevelMetrics: ['IncomingBytes'] });
  await advance('1m');
  await s('DisableEnhancedMonitoring', { StreamName: name, ShardLevelMetrics: ['IncomingBytes'] });
  await advance('1m');
  await s('PutRecord', { StreamName: name, Data: Buffer.from('first'), PartitionKey: 'p', ExplicitHashKey: '0' });
  await s('PutRecords', { StreamName: name, Records: [{ Data: Buffer.from('second'), PartitionKey: 'p', ExplicitHashKey: '0' }] });
  const iterator = (await s('GetShardIterator', { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).first('ShardIterator')!;
  const records = await s('GetRecords', { ShardIterator: iterator, Limit: 10 });
  expect(records.all('PartitionKey')).toEqual(['p', 'p']);
  await s('StartStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
  await advance('1m');
  await s('StopStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
  await advance('1m');
  const consumerArn = (await s('RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: 'c' })).first('ConsumerARN')!;
  await advance('1m');
  expect((await s('DescribeStreamConsumer', { ConsumerARN: consumerArn })).first('ConsumerStatus')).toBe('ACTIVE');
  expect((await s('ListStreamConsumers', { StreamARN: streamArn })).all('ConsumerARN')).toEqual([consumerArn]);
  await subscribeOnce(call === kinesisCborCall ? 'cbor' : 'json', consumerArn);
  await s('DeregisterStreamConsumer', { ConsumerARN: consumerArn });
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kinesis:GetRecords', Resource: streamArn }] });
  await s('PutResourcePolicy', { ResourceARN: streamArn, Policy: policy });
  expect((await s('GetResourcePolicy', { ResourceARN: streamArn })).first('Policy')).toBe(policy);
  await s('DeleteResourcePolicy', { ResourceARN: streamArn });
  await s('SplitShard', { StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '85070591730234615865843651857942052864' });
  await advance('1m');
  await s('MergeShards', { StreamName: name, ShardToMerge: 'shardId-000000000002', AdjacentShardToMerge: 'shardId-000000000003' });
  await advance('1m');
  await s('UpdateShardCount', { StreamName: name, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' });
  await advance('1m');
  await s('UpdateStreamMode', { StreamARN: streamArn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
  await advance('1m');
  await s('UpdateMaxRecordSize', { StreamARN: streamArn, MaxRecordSizeInKiB: 2048 });
  await advance('1m');
  // warm throughput needs the account's minimum throughput billing commitment
  await s('UpdateAccountSettings', { MinimumThroughputBillingCommitment: { Status: 'ENABLED' } });
  expect((await s('DescribeAccountSettings', {})).first('Status')).toBe('ENABLED');
  await s('UpdateStreamWarmThroughput', { StreamName: name, WarmThroughputMiBps: 10 });
  await advance('1m');
  await s('DescribeLimits', {});
  await s('DeleteStream', { StreamName: name, EnforceConsumerDeletion: true });
}

/** SubscribeToShard over HTTP/1.1: the initial response and a first event, then the client goes. */
async function subscribeOnce(protocol: 'json' | 'cbor', consumerArn: string): Promise<void> {
  called.add('kinesis.SubscribeToShard');
  const input = { ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } };
  const controller = new AbortController();
  const r = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': protocol === 'cbor' ? 'application/x-amz-cbor-1.1' : 'application/x-amz-json-1.1',
      'x-amz-target': 'Kinesis_20131202.SubscribeToShard',
    },
    body: protocol === 'cbor' ? new Uint8Array(cborEncoder.encode(input)) : JSON.stringify(input),
    signal: controller.signal,
  });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
  const reader = r.body!.getReader();
  let buf: Buffer = Buffer.alloc(0);
  const messages = [];
  while (messages.length < 2) {
    const { value, done } = await reader.read();
    if (done) break;
    buf = Buffer.concat([buf, Buffer.from(value)]);
    const decoded = decodeEventMessages(buf);
    messages.push(...decoded.messages);
    buf = decoded.rest;
  }
  controller.abort();
  await reader.cancel().catch(() => undefined);
  expect(messages.map((m) => m.headers[':event-type'])).toEqual(['initial-response', 'SubscribeToShardEvent']);
  const event = protocol === 'cbor' ? cborDecoder.decode(messages[1]!.payload) : JSON.parse(messages[1]!.payload.toString());
  expect((event as { Records: { Data: unknown }[] }).Records.map((x) => Buffer.from(protocol === 'cbor' ? (x.Data as Uint8Array) : Buffer.from(x.Data as string, 'base64')).toString())).toEqual(['first', 'second']);
}

describe('every operation through its protocol', () => {
  it('SQS in JSON 1.0', async () => {
    await sqsScenario(sqsJsonCall, 'ops-json');
  });

  it('SQS in query/XML', async () => {
    await sqsScenario(queryCaller('sqs'), 'ops-query');
  });

  it('SNS in query/XML', async () => {
    await snsScenario();
  });

  it('Kinesis in JSON 1.1', async () => {
    await kinesisScenario(kinesisJsonCall, 'ops-json');
  });

  it('Kinesis in CBOR', async () => {
    await kinesisScenario(kinesisCborCall, 'ops-cbor');
  });

  it('the scenarios called all 104 operations', () => {
    const all = (['sqs', 'sns', 'kinesis'] as const).flatMap((s) => Object.keys(models[s].operations).map((op) => `${s}.${op}`));
    expect(all).toHaveLength(104);
    expect(all.filter((op) => !called.has(op))).toEqual([]);
  });

  it('every query response (successes and errors) is read by botocore, with the request id of the header', () => {
    const script = fileURLToPath(new URL('./botocore_query.py', import.meta.url));
    // the Debian query-era SQS model lacks the message move task operations
    const jobs = queryResponses.filter((r) => !(r.service === 'sqs' && /MessageMoveTask/.test(r.operation)));
    expect(jobs.length).toBeGreaterThan(60);
    const run = spawnSync('python3', [script], {
      input: JSON.stringify(jobs.map((j) => ({ kind: 'parse', service: j.service, operation: j.operation, status: j.status, body: j.body }))),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const results = run.status === 0 ? (JSON.parse(run.stdout) as { parsed?: { ResponseMetadata?: { RequestId?: string } }; error?: string }[]) : undefined;
    if (!results || (results.length === 1 && results[0]!.error?.startsWith('botocore unavailable'))) {
      console.log(`skipped: botocore is not usable here (${results?.[0]?.error ?? run.stderr})`);
      return;
    }
    results.forEach((r, i) => {
      expect(r.error, `${jobs[i]!.operation}: ${jobs[i]!.body}`).toBeUndefined();
      expect(r.parsed!.ResponseMetadata!.RequestId).toBe(jobs[i]!.requestId);
    });
  });
});

describe('SQS in query and in JSON', () => {
  it('answer the same, as botocore reads the XML', async () => {
    const dlq = (await sqsJsonCall('CreateQueue', { QueueName: 'same-dlq' })).first('QueueUrl')!;
    const url = (
      await sqsJsonCall('CreateQueue', {
        QueueName: 'same',
        Attributes: { DelaySeconds: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:same-dlq', maxReceiveCount: 3 }) },
        tags: { a: '1', 'b c': 'x+y=z' },
      })
    ).first('QueueUrl')!;
    await sqsJsonCall('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } } });
    const calls: [string, Record<string, unknown>][] = [
      ['GetQueueUrl', { QueueName: 'same' }],
      ['ListQueues', { QueueNamePrefix: 'same' }],
      ['GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] }],
      ['ListQueueTags', { QueueUrl: url }],
      ['ListDeadLetterSourceQueues', { QueueUrl: dlq }],
    ];
    const jobs: { kind: string; service: string; operation: string; status: number; body: string }[] = [];
    const expected: unknown[] = [];
    for (const [operation, input] of calls) {
      const json = await sqsJson(server.url, operation, input);
      const xml = await queryPost(server.url, toQueryParams(models.sqs, operation, input), { service: 'sqs' });
      expect([json.status, xml.status], operation).toEqual([200, 200]);
      jobs.push({ kind: 'parse', service: 'sqs', operation, status: 200, body: xml.text });
      expected.push(json.json);
    }
    const script = fileURLToPath(new URL('./botocore_query.py', import.meta.url));
    const run = spawnSync('python3', [script], { input: JSON.stringify(jobs), encoding: 'utf8' });
    const results = run.status === 0 ? (JSON.parse(run.stdout) as { parsed?: Record<string, unknown>; error?: string }[]) : undefined;
    if (!results || results[0]!.error?.startsWith('botocore unavailable') || results[0]!.error?.startsWith('no model')) {
      console.log(`skipped: botocore or the query-era SQS model is not usable here (${results?.[0]?.error ?? run.stderr})`);
      return;
    }
    results.forEach((r, i) => {
      const { ResponseMetadata, ...parsed } = r.parsed!;
      expect(ResponseMetadata).toBeDefined();
      expect(parsed, calls[i]![0]).toEqual(expected[i]);
    });
  });
});

describe('an empty request reaches every operation', () => {
  it.each(['sqs', 'sns', 'kinesis'] as const)('%s: 200 or the operation\'s own error, never a routing error or a 500', async (service) => {
    const failures: string[] = [];
    for (const [operation, op] of Object.entries(models[service].operations)) {
      if (operation === 'SubscribeToShard') continue; // a stream: checked above
      const calls: Promise<Answer>[] =
        service === 'sns'
          ? [queryCaller('sns')(operation, {})]
          : service === 'sqs'
            ? [sqsJsonCall(operation, {}), queryCaller('sqs')(operation, {})]
            : [kinesisJsonCall(operation, {}), kinesisCborCall(operation, {})];
      for (const a of await Promise.all(calls)) {
        const required = [...((op.input && models[service].shapes[op.input]!.required) ?? [])];
        // query sends an empty map exactly as no map at all: SetSMSAttributes with {} is not an error
        if (operation === 'SetSMSAttributes') required.length = 0;
        const bad =
          a.status >= 500 ||
          (a.status !== 200 && (a.code === undefined || NOT_REACHED.has(a.code))) ||
          // an operation with required members cannot succeed without them
          (a.status === 200 && required.length > 0);
        if (bad) failures.push(`${operation} (required ${required.join(',') || 'none'}): ${a.status} ${a.raw.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/**
 * Random requests to every operation, shaped by the models but with values of any kind —
 * wrong JSON types for Kinesis (which judges types itself), odd text for every query
 * parameter, real resource names mixed in so that calls get past "not found" — never make the
 * server fail: every answer is 2xx or an AWS error of 4xx, never a 500 or InternalFailure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decoder, Encoder } from 'cbor-x';
import { loadModel } from '../../src/model/load.js';
import type { ServiceModel, ServiceName } from '../../src/model/types.js';
import { kinesisJson, queryPost, sqsJson, testServer, toQueryParams, type TestServer } from './harness.js';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);

let server: TestServer;
const models = {} as Record<ServiceName, ServiceModel>;
let known: Record<string, string[]> = {};

beforeAll(async () => {
  server = await testServer();
  for (const s of ['sqs', 'sns', 'kinesis'] as const) models[s] = await loadModel(s);
  const queueUrl = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'fuzz' })).json!.QueueUrl as string;
  await sqsJson(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: 'm' });
  const topicArn = /<TopicArn>([^<]+)</.exec((await queryPost(server.url, { Action: 'CreateTopic', Version: '2010-03-31', Name: 'fuzz' })).text)![1]!;
  await kinesisJson(server.url, 'CreateStream', { StreamName: 'fuzz', ShardCount: 2 });
  await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
  // names members go by, with values that exist here
  known = {
    QueueUrl: [queueUrl],
    QueueName: ['fuzz'],
    SourceArn: ['arn:aws:sqs:us-east-1:000000000000:fuzz'],
    TopicArn: [topicArn],
    ResourceArn: [topicArn],
    TargetArn: [topicArn],
    StreamName: ['fuzz'],
    StreamARN: ['arn:aws:kinesis:us-east-1:000000000000:stream/fuzz'],
    ResourceARN: ['arn:aws:kinesis:us-east-1:000000000000:stream/fuzz'],
    ShardId: ['shardId-000000000000', 'shardId-000000000001'],
    Protocol: ['sqs', 'email', 'sms', 'application', 'lambda', 'firehose'],
  };
});
afterAll(() => server.stop());

/** Any JSON value, or one of the known values for this member. */
function anyValue(member: string): fc.Arbitrary<unknown> {
  const values = known[member];
  const json = fc.jsonValue({ maxDepth: 2 });
  return values ? fc.oneof(fc.constantFrom(...values), json) : json;
}

/** Values of the right JSON type (SQS's JSON decoder refuses others before the operation). */
function typed(model: ServiceModel, shapeName: string, member: string, depth = 0): fc.Arbitrary<unknown> {
  const shape = model.shapes[shapeName]!;
  const values = known[member];
  const text = values ? fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 30 })) : fc.string({ maxLength: 30 });
  switch (shape.type) {
    case 'structure': {
      if (depth > 3) return fc.constant({});
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) rec[name] = typed(model, ref.shape, name, depth + 1);
      return fc.record(rec, { requiredKeys: [] });
    }
    case 'list':
      return fc.array(typed(model, shape.member!.shape, member, depth + 1), { maxLength: 3 });
    case 'map':
      return fc.dictionary(fc.oneof(fc.constantFrom('All', 'VisibilityTimeout', 'Policy', 'DelaySeconds', 'RedrivePolicy'), fc.string({ maxLength: 10 })), typed(model, shape.value!.shape, member, depth + 1), { maxKeys: 3 });
    case 'string':
      return shape.enum ? fc.oneof(fc.constantFrom(...shape.enum), text) : text;
    case 'integer':
    case 'long':
      return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer(), fc.constant(2 ** 53 - 1));
    case 'double':
    case 'float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'blob':
      return fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('base64'));
    case 'timestamp':
      return fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.constant('2024-01-01T00:00:00Z'));
  }
}

/** What a request must not be given here: waits on the real clock, or deliveries to the network. */
function tame(service: ServiceName, operation: string, input: Record<string, unknown>): Record<string, unknown> {
  if (operation === 'ReceiveMessage') return { ...input, WaitTimeSeconds: 0 };
  if (service === 'sns' && operation === 'Subscribe' && /^https?$/i.test(String(input.Protocol))) return { ...input, Protocol: 'email' };
  return input;
}

describe('random requests never make the server fail', () => {
  it.each(['sqs', 'sns', 'kinesis'] as const)(`%s (seed ${SEED})`, async (service) => {
    const failures: string[] = [];
    let seed = SEED;
    for (const [operation, op] of Object.entries(models[service].operations)) {
      if (operation === 'SubscribeToShard') continue; // a stream that stays open: operations.test.ts
      const shape = op.input ? models[service].shapes[op.input]! : undefined;
      const arb =
        service === 'kinesis'
          ? fc.record(Object.fromEntries(Object.keys(shape?.members ?? {}).map((m) => [m, anyValue(m)])), { requiredKeys: [] })
          : shape
            ? typed(models[service], op.input!, '')
            : fc.constant({});
      for (const sample of fc.sample(arb, { numRuns: PER_OPERATION, seed: seed++ })) {
        const input = tame(service, operation, sample as Record<string, unknown>);
        const r =
          service === 'sqs'
            ? await sqsJson(server.url, operation, input)
            : service === 'kinesis'
              ? await kinesisJson(server.url, operation, input)
              : await queryPost(server.url, toQueryParams(models.sns, operation, input), { service: 'sns' });
        if (r.status >= 500 || r.text.includes('InternalFailure')) failures.push(`${operation} ${JSON.stringify(input).slice(0, 300)} -> ${r.status} ${r.text.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`Kinesis in CBOR, byte strings and tags included (seed ${SEED})`, async () => {
    const failures: string[] = [];
    let seed = SEED;
    const cborValue = (member: string) =>
      fc.oneof(anyValue(member), fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)), fc.date({ noInvalidDate: true }));
    for (const [operation, op] of Object.entries(models.kinesis.operations)) {
      if (operation === 'SubscribeToShard') continue;
      const shape = op.input ? models.kinesis.shapes[op.input]! : undefined;
      const arb = fc.record(Object.fromEntries(Object.keys(shape?.members ?? {}).map((m) => [m, cborValue(m)])), { requiredKeys: [] });
      for (const input of fc.sample(arb, { numRuns: PER_OPERATION, seed: seed++ })) {
        const r = await fetch(server.url, {
          method: 'POST',
          headers: { 'x-amz-target': `Kinesis_20131202.${operation}`, 'content-type': 'application/x-amz-cbor-1.1' },
          body: new Uint8Array(cbor.encode(input)),
        });
        const bytes = Buffer.from(await r.arrayBuffer());
        const body = bytes.length ? (cborDecoder.decode(bytes) as { __type?: string }) : {};
        if (r.status >= 500 || body.__type === 'InternalFailure') failures.push(`${operation} ${String(Object.keys(input))} -> ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('SQS in query, with every parameter as odd text', async () => {
    const failures: string[] = [];
    let seed = SEED;
    const odd = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', ' ', '-1', '1e3', '0x10', 'true', 'NaN', '99999999999999999999', '%', 'AAE='));
    for (const [operation, op] of Object.entries(models.sqs.operations)) {
      if (!op.input) continue;
      const shape = models.sqs.shapes[op.input]!;
      const arb = fc.record(
        Object.fromEntries(Object.keys(shape.members ?? {}).map((m) => [m, known[m] ? fc.oneof(fc.constantFrom(...known[m]!), odd) : odd])),
        { requiredKeys: [] },
      );
      for (const sample of fc.sample(arb, { numRuns: PER_OPERATION, seed: seed++ })) {
        const params: Record<string, string> = { Action: operation, Version: '2012-11-05' };
        for (const [k, v] of Object.entries(sample)) params[k] = String(v);
        if (operation === 'ReceiveMessage') params.WaitTimeSeconds = '0';
        const r = await queryPost(server.url, params, { service: 'sqs' });
        if (r.status >= 500 || r.text.includes('InternalFailure')) failures.push(`${operation} ${JSON.stringify(params).slice(0, 300)} -> ${r.status} ${r.text.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/**
 * Standard-queue realism (`awsmsg config set sqs.standard-queue-realism on`): at-least-once
 * delivery and best-effort ordering as AWS documents them, drawn from a seeded sequence kept in
 * the state file. Off by default; never for FIFO queues.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../../src/services/sqs/index.js';
import { REALISM, REALISM_SEED } from '../../../src/services/sqs/realism.js';
import { setSetting } from '../../../src/store/settings.js';
import { testEnv, type TestEnv } from '../../helpers/ctx.js';

const envs: TestEnv[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));

/** A state file whose clock moves only when told, with realism as given. */
function world(opts: { realism?: 'on' | 'off'; seed?: string } = {}): TestEnv {
  const env = testEnv('us-east-1', { realNow: () => 1_800_000_000_000 });
  envs.push(env);
  if (opts.realism) setSetting(env.store, REALISM, opts.realism);
  if (opts.seed !== undefined) setSetting(env.store, REALISM_SEED, opts.seed);
  return env;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (env: TestEnv, op: string, req: Record<string, unknown>): Promise<any> => (await handlers[op]!(env.ctx, req)) ?? {};

/**
 * One consumer works through `count` messages: receive one, delete it, again; when nothing is
 * visible it lets 31 seconds pass (the visibility timeout is 30) and tries once more. Returns
 * what it received, as body:ApproximateReceiveCount.
 */
async function consumeAll(env: TestEnv, queue: string, count: number, fifo = false): Promise<string[]> {
  const name = fifo ? `${queue}.fifo` : queue;
  const attributes: Record<string, string> = { VisibilityTimeout: '30', ...(fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {}) };
  const url = (await call(env, 'CreateQueue', { QueueName: name, Attributes: attributes })).QueueUrl as string;
  for (let i = 1; i <= count; i++) await call(env, 'SendMessage', { QueueUrl: url, MessageBody: `m${i}`, ...(fifo ? { MessageGroupId: 'g' } : {}) });
  const got: string[] = [];
  for (let turn = 0; turn < count * 3; turn++) {
    let r = await call(env, 'ReceiveMessage', { QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] });
    if (!r.Messages) {
      env.advance(31_000);
      r = await call(env, 'ReceiveMessage', { QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] });
      if (!r.Messages) break;
    }
    const m = r.Messages[0];
    got.push(`${m.Body}:${m.Attributes.ApproximateReceiveCount}`);
    await call(env, 'DeleteMessage', { QueueUrl: url, ReceiptHandle: m.ReceiptHandle });
  }
  return got;
}

const inOrderOnce = (n: number): string[] => Array.from({ length: n }, (_, i) => `m${i + 1}:1`);

describe('standard-queue realism', () => {
  it('is off by default: a standard queue delivers in order, each message once', async () => {
    expect(await consumeAll(world(), 'strict', 20)).toEqual(inOrderOnce(20));
    expect(await consumeAll(world({ realism: 'off', seed: '7' }), 'strict', 20)).toEqual(inOrderOnce(20));
  });

  it('on: messages now and then out of order, and a deleted one now and then received again, after its visibility timeout', async () => {
    const got = await consumeAll(world({ realism: 'on', seed: '7' }), 'loose', 20);
    // every message at least once
    expect(new Set(got.map((g) => g.split(':')[0]))).toEqual(new Set(inOrderOnce(20).map((g) => g.split(':')[0])));
    // at least once: some came back after they were deleted, counted as a second receive
    const again = got.filter((g) => !g.endsWith(':1'));
    expect(again.length).toBeGreaterThan(0);
    for (const g of again) expect(got).toContain(`${g.split(':')[0]}:1`);
    // best-effort order: the first receives are not simply m1, m2, m3, ...
    const firsts = got.filter((g) => g.endsWith(':1'));
    expect(firsts).not.toEqual(inOrderOnce(20));
    // and all of it exactly so for this seed
    expect(got).toEqual(await consumeAll(world({ realism: 'on', seed: '7' }), 'loose', 20));
  });

  it('the same seed gives the same outcome; another seed another; setting the seed again starts its sequence again', async () => {
    const a = await consumeAll(world({ realism: 'on', seed: '1' }), 'q', 30);
    const b = await consumeAll(world({ realism: 'on', seed: '2' }), 'q', 30);
    expect(a).not.toEqual(b);
    const env = world({ realism: 'on', seed: '1' });
    expect(await consumeAll(env, 'first', 30)).toEqual(a);
    // the sequence has moved on: the same work now goes otherwise ...
    expect(await consumeAll(env, 'second', 30)).not.toEqual(a);
    // ... until the seed is set again
    setSetting(env.store, REALISM_SEED, '1');
    expect(await consumeAll(env, 'third', 30)).toEqual(a);
  });

  it('a missed delete succeeds, leaves the message in flight, and it comes back once its visibility timeout is over', async () => {
    // find a seed whose first draw misses the delete of the only message
    let env: TestEnv | undefined;
    let url = '';
    let handle = '';
    for (let seed = 0; seed < 200 && !env; seed++) {
      const e = world({ realism: 'on', seed: String(seed) });
      url = (await call(e, 'CreateQueue', { QueueName: 'one', Attributes: { VisibilityTimeout: '30' } })).QueueUrl;
      await call(e, 'SendMessage', { QueueUrl: url, MessageBody: 'only' });
      handle = (await call(e, 'ReceiveMessage', { QueueUrl: url })).Messages[0].ReceiptHandle;
      expect(await call(e, 'DeleteMessage', { QueueUrl: url, ReceiptHandle: handle })).toEqual({});
      const left = await call(e, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] });
      // the delete missed, and the receive left no copy behind
      if (left.Attributes.ApproximateNumberOfMessagesNotVisible === '1' && left.Attributes.ApproximateNumberOfMessages === '0') env = e;
    }
    expect(env, 'some seed below 200 misses the first delete (10% each) without a copy').toBeDefined();
    expect(await call(env!, 'ReceiveMessage', { QueueUrl: url })).toEqual({});
    env!.advance(29_000);
    expect(await call(env!, 'ReceiveMessage', { QueueUrl: url })).toEqual({});
    env!.advance(2_000);
    const again = await call(env!, 'ReceiveMessage', { QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] });
    expect(again.Messages[0]).toMatchObject({ Body: 'only', Attributes: { ApproximateReceiveCount: '2' } });
    expect(again.Messages[0].ReceiptHandle).not.toBe(handle);
  });

  it('a receive may leave a copy: another consumer gets the same message while the first holds it', async () => {
    let found: { env: TestEnv; url: string; first: { MessageId: string; ReceiptHandle: string } } | undefined;
    for (let seed = 0; seed < 300 && !found; seed++) {
      const env = world({ realism: 'on', seed: String(seed) });
      const url = (await call(env, 'CreateQueue', { QueueName: 'one', Attributes: { VisibilityTimeout: '30' } })).QueueUrl;
      await call(env, 'SendMessage', { QueueUrl: url, MessageBody: 'only' });
      const first = (await call(env, 'ReceiveMessage', { QueueUrl: url })).Messages[0];
      const left = await call(env, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] });
      if (left.Attributes.ApproximateNumberOfMessages === '1') found = { env, url, first };
    }
    expect(found, 'some seed below 300 leaves a copy on the first receive (5% each)').toBeDefined();
    const { env, url, first } = found!;
    const second = (await call(env, 'ReceiveMessage', { QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] })).Messages[0];
    expect(second).toMatchObject({ MessageId: first.MessageId, Body: 'only', Attributes: { ApproximateReceiveCount: '1' } });
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    // two messages in flight now, one per consumer, each deleted with its own handle
    const both = await call(env, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] });
    expect(both.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('2');
    expect(await call(env, 'DeleteMessage', { QueueUrl: url, ReceiptHandle: first.ReceiptHandle })).toEqual({});
    expect(await call(env, 'DeleteMessage', { QueueUrl: url, ReceiptHandle: second.ReceiptHandle })).toEqual({});
  });

  it('never touches FIFO queues: in order, once each', async () => {
    for (const seed of ['0', '1', '7', '42']) {
      expect(await consumeAll(world({ realism: 'on', seed }), 'orders', 20, true)).toEqual(inOrderOnce(20));
    }
  });

  it('applies to DeleteMessageBatch too', async () => {
    const env = world({ realism: 'on', seed: '3' });
    const url = (await call(env, 'CreateQueue', { QueueName: 'batch', Attributes: { VisibilityTimeout: '30' } })).QueueUrl;
    for (let i = 0; i < 10; i++) await call(env, 'SendMessage', { QueueUrl: url, MessageBody: `b${i}` });
    const received: { Body: string; ReceiptHandle: string }[] = [];
    for (let i = 0; i < 5 && received.length < 10; i++) {
      received.push(...((await call(env, 'ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 })).Messages ?? []));
    }
    expect(received).toHaveLength(10);
    const r = await call(env, 'DeleteMessageBatch', { QueueUrl: url, Entries: received.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
    expect(r.Successful).toHaveLength(10);
    env.advance(31_000);
    const back = (await call(env, 'ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 })).Messages ?? [];
    // exactly the copies the draws kept, each one of the ten
    expect(back.length).toBeLessThan(10);
    for (const m of back) expect(received.map((x) => x.Body)).toContain(m.Body);
  });
});

/**
 * `awsmsg serve` with sqs-producer and sqs-consumer, the usual pair for SQS in Node: a producer
 * sends (in batches), a consumer long-polls, processes and deletes; a handler that throws
 * leaves its message to come back after the visibility timeout, which the clock ends here.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { Producer } from 'sqs-producer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, REGION, startTestServer, type TestServer } from './clients-support.js';

let t: TestServer;
let sqs: SQSClient;

beforeAll(async () => {
  t = await startTestServer();
  sqs = new SQSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
});

afterAll(async () => {
  sqs?.destroy();
  await t?.stop();
});

async function createQueue(name: string, attributes?: Record<string, string>): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
}

async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes!.ApproximateNumberOfMessages), inFlight: Number(Attributes!.ApproximateNumberOfMessagesNotVisible) };
}

/** Resolves once `n` messages were processed (handled without error and deleted). */
function processed(consumer: Consumer, n: number): Promise<Message[]> {
  const seen: Message[] = [];
  return new Promise((resolve, reject) => {
    consumer.on('message_processed', (m) => {
      seen.push(m);
      if (seen.length === n) resolve(seen);
    });
    consumer.on('error', (e) => reject(e));
  });
}

describe('sqs-producer and sqs-consumer', () => {
  it('the producer sends in batches; the consumer processes and deletes every message', async () => {
    const url = await createQueue('clients-consumer-basic');
    const producer = Producer.create({ queueUrl: url, sqs, batchSize: 10 });
    const messages = Array.from({ length: 23 }, (_, i) => ({
      id: `m${i}`,
      body: `message ${i} ✓`,
      messageAttributes: { n: { DataType: 'Number', StringValue: String(i) }, kind: { DataType: 'String', StringValue: 'test' } },
    }));
    // a string message is its own id (so it must be a valid batch entry id)
    const sent = await producer.send([...messages, 'plain_string_body']);
    expect(sent).toHaveLength(24);
    expect(await producer.queueSize()).toBe(24);

    const bodies: string[] = [];
    const consumer = Consumer.create({
      queueUrl: url,
      sqs,
      batchSize: 10,
      waitTimeSeconds: 20,
      messageAttributeNames: ['All'],
      handleMessage: async (m) => {
        bodies.push(m.Body!);
        if (m.Body !== 'plain_string_body') expect(m.MessageAttributes!.kind!.StringValue).toBe('test');
        return m;
      },
    });
    const done = processed(consumer, 24);
    consumer.start();
    try {
      await done;
    } finally {
      consumer.stop({ abort: true });
    }
    expect(bodies.sort()).toEqual([...messages.map((m) => m.body), 'plain_string_body'].sort());
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('a handler that throws leaves the message; the clock past the visibility timeout brings it back', async () => {
    const url = await createQueue('clients-consumer-retry', { VisibilityTimeout: '30' });
    const producer = Producer.create({ queueUrl: url, sqs });
    await producer.send([{ id: 'flaky', body: 'fails once' }]);

    const attempts: string[] = [];
    const errors: string[] = [];
    const consumer = Consumer.create({
      queueUrl: url,
      sqs,
      waitTimeSeconds: 20,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      handleMessage: async (m) => {
        attempts.push(m.Attributes!.ApproximateReceiveCount!);
        if (attempts.length === 1) throw new Error('not yet');
        return m;
      },
    });
    const failed = new Promise<void>((resolve) =>
      consumer.on('processing_error', (e) => {
        errors.push(e.message);
        resolve();
      }),
    );
    const done = processed(consumer, 1);
    consumer.start();
    try {
      await failed;
      expect(await counts(url)).toEqual({ visible: 0, inFlight: 1 });
      await t.advance('31s');
      await done;
    } finally {
      consumer.stop({ abort: true });
    }
    expect(attempts).toEqual(['1', '2']);
    expect(errors).toEqual(['Unexpected message handler failure: not yet']);
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('FIFO: group order through the producer and a batch handler', async () => {
    const url = await createQueue('clients-consumer.fifo', { FifoQueue: 'true' });
    const producer = Producer.create({ queueUrl: url, sqs });
    const messages = Array.from({ length: 12 }, (_, i) => ({ id: `f${i}`, body: `${i % 2 ? 'odd' : 'even'}-${i}`, groupId: i % 2 ? 'odd' : 'even', deduplicationId: `d${i}` }));
    await producer.send(messages);
    await producer.send([{ id: 'again', body: 'even-0', groupId: 'even', deduplicationId: 'd0' }]);

    const order: string[] = [];
    const consumer = Consumer.create({
      queueUrl: url,
      sqs,
      batchSize: 10,
      waitTimeSeconds: 20,
      suppressFifoWarning: true,
      handleMessageBatch: async (batch) => {
        order.push(...batch.map((m) => m.Body!));
        return batch;
      },
    });
    const done = processed(consumer, 12);
    consumer.start();
    try {
      await done;
    } finally {
      consumer.stop({ abort: true });
    }
    expect(order.filter((b) => b.startsWith('even'))).toEqual(messages.filter((m) => m.groupId === 'even').map((m) => m.body));
    expect(order.filter((b) => b.startsWith('odd'))).toEqual(messages.filter((m) => m.groupId === 'odd').map((m) => m.body));
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('the producer reports entries the server refused', async () => {
    const url = await createQueue('clients-producer-fail', { MaximumMessageSize: '1024' });
    const producer = Producer.create({ queueUrl: url, sqs });
    let failure: (Error & { failedMessages?: string[] }) | undefined;
    try {
      await producer.send([
        { id: 'fine', body: 'ok' },
        { id: 'huge', body: 'x'.repeat(5000) },
      ]);
    } catch (e) {
      failure = e as Error & { failedMessages?: string[] };
    }
    expect(failure?.failedMessages).toEqual(['huge']);
    expect(await producer.queueSize()).toBe(1);
  });
});

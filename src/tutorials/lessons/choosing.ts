import type { Json, Lesson, LessonApi } from '../lesson.js';
import { messages, recordData } from './checks.js';

const ORDERS = [
  { order: 1, customer: 'ana' },
  { order: 2, customer: 'bo' },
  { order: 3, customer: 'ana' },
  { order: 4, customer: 'cy' },
  { order: 5, customer: 'bo' },
  { order: 6, customer: 'ana' },
];
const body = (o: (typeof ORDERS)[number]) => JSON.stringify(o);

/** Receives from a queue until it is empty, deleting each message; returns the bodies. */
async function drain(api: LessonApi, urlVar: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await api.run(`sqs receive-message --queue-url $${urlVar} --max-number-of-messages 10`);
    const got = messages(r);
    if (got.length === 0) return bodies;
    for (const m of got) {
      bodies.push(m.Body);
      api.vars.HANDLE = m.ReceiptHandle;
      await api.run(`sqs delete-message --queue-url $${urlVar} --receipt-handle $HANDLE`);
    }
  }
  return api.fail(`${urlVar} does not drain`);
}

/** Reads a whole stream from the oldest record, shard by shard. */
async function readStream(api: LessonApi): Promise<Json[]> {
  const shards = (await api.run('kinesis list-shards --stream-name orders --query "Shards[].ShardId"')).json as string[];
  const out: Json[] = [];
  for (const shard of shards) {
    const it = await api.run(`kinesis get-shard-iterator --stream-name orders --shard-id ${shard} --shard-iterator-type TRIM_HORIZON`);
    api.vars.ITERATOR = it.json.ShardIterator;
    const r = await api.run('kinesis get-records --shard-iterator $ITERATOR');
    out.push(...recordData(r.json.Records as Json[]).map((d) => JSON.parse(d)));
  }
  return out;
}

const orderList = (items: { order: number }[]) => items.map((o) => o.order).join(' ');

export const lesson: Lesson = {
  name: 'choosing',
  title: 'SQS, SNS or Kinesis? The same orders through all three',
  intro: `
The same six orders go through a queue, a topic and a stream, and two readers try to read
them each time. Who gets which order, what is left afterwards, and in what order, is what tells
the three services apart.`,
  steps: [
    {
      say: 'SQS: a queue of work. Create a queue, keeping its URL in a shell variable, and send the six orders to it.',
      async act(api) {
        await api.capture('WORK_URL', 'sqs create-queue --queue-name orders-work --query QueueUrl --output text');
        for (const o of ORDERS) await api.show(`sqs send-message --queue-url $WORK_URL --message-body '${body(o)}' --query MessageId --output text`);
      },
    },
    {
      say: 'Two workers, A and B, take turns receiving (one message each time) and delete what they process. Their first turns:',
      async act(api) {
        const got: Record<string, number[]> = { A: [], B: [] };
        for (let turn = 0; turn < 12; turn++) {
          const worker = turn % 2 === 0 ? 'A' : 'B';
          const shown = turn < 2;
          if (shown) api.comment(`worker ${worker}:`);
          const receive = 'sqs receive-message --queue-url $WORK_URL';
          const m = messages(shown ? await api.show(receive) : await api.run(receive))[0];
          if (!m) break;
          got[worker]!.push(JSON.parse(m.Body).order);
          const remove = 'sqs delete-message --queue-url $WORK_URL --receipt-handle $HANDLE';
          if (shown) {
            await api.assign('HANDLE', m.ReceiptHandle);
            await api.show(remove);
          } else {
            api.vars.HANDLE = m.ReceiptHandle;
            await api.run(remove);
          }
        }
        const all = [...got.A!, ...got.B!].sort();
        if (all.join(' ') !== '1 2 3 4 5 6') api.fail(`each order should be processed once, got ${all.join(' ')}`);
        api.summary(`turn by turn the same way, until the queue was empty:\nworker A processed orders ${got.A!.join(' ')}\nworker B processed orders ${got.B!.join(' ')}`);
        api.comment('a third reader:');
        const left = await api.show('sqs receive-message --queue-url $WORK_URL');
        if (messages(left).length) api.fail('the queue should be empty');
      },
      notice: 'Each order went to exactly one worker, and then it was gone: the third reader got nothing. SQS shares work out; adding workers makes the work go faster.',
    },
    {
      say: 'SNS: a topic for events that several services need. E-mail and analytics each subscribe a queue of their own; the six orders are published once each.',
      async act(api) {
        await api.capture('TOPIC_ARN', 'sns create-topic --name orders --query TopicArn --output text');
        for (const q of ['EMAIL', 'ANALYTICS']) {
          await api.capture(`${q}_URL`, `sqs create-queue --queue-name ${q.toLowerCase()} --query QueueUrl --output text`);
          await api.capture(`${q}_ARN`, `sqs get-queue-attributes --queue-url $${q}_URL --attribute-names QueueArn --query Attributes.QueueArn --output text`);
          await api.show(`sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $${q}_ARN --attributes RawMessageDelivery=true --query SubscriptionArn --output text`);
        }
        for (const o of ORDERS) await api.show(`sns publish --topic-arn $TOPIC_ARN --message '${body(o)}' --query MessageId --output text`);
        const lines: string[] = [];
        for (const q of ['EMAIL', 'ANALYTICS']) {
          const got = (await drain(api, `${q}_URL`)).map((b) => JSON.parse(b));
          if (got.length !== 6) api.fail(`${q.toLowerCase()} should get all 6 orders, got ${got.length}`);
          lines.push(`${q.toLowerCase().padEnd(9)} queue received orders ${orderList([...got].sort((a, b) => a.order - b.order))}`);
        }
        api.summary(`each service's queue, received and deleted until empty:\n${lines.join('\n')}`);
      },
      notice: 'Each service got its own copy of every order, in its own queue, to process at its own pace. Publishing once reached both.',
    },
    {
      say: 'Kinesis: a stream of events to keep and replay. Put the six orders in a stream of 2 shards, the customer as the partition key.',
      async act(api) {
        await api.show('kinesis create-stream --stream-name orders --shard-count 2');
        await api.show('clock advance 5s --output text');
        for (const o of ORDERS) {
          const r = await api.show(
            `kinesis put-record --stream-name orders --partition-key ${o.customer} --data '${body(o)}' --cli-binary-format raw-in-base64-out --query ShardId --output text`,
          );
          if (r.status !== 0) api.fail(`put-record failed: ${r.stderr}`);
        }
      },
      notice: 'Each customer\'s orders went to one shard: the partition key decides.',
    },
    {
      say: 'Two applications read the whole stream, each with its own iterators: fraud detection, then reporting. Then fraud detection reads it all again. Reading the first shard looks like this:',
      async act(api) {
        await api.capture('ITERATOR', 'kinesis get-shard-iterator --stream-name orders --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text');
        await api.show("kinesis get-records --shard-iterator $ITERATOR --query 'Records[].PartitionKey' --output text");
        const lines: string[] = [];
        for (const reader of ['fraud detection', 'reporting', 'fraud detection, again']) {
          const got = await readStream(api);
          if (got.length !== 6) api.fail(`${reader} should read all 6 orders, read ${got.length}`);
          for (const customer of ['ana', 'bo', 'cy']) {
            const own = got.filter((o) => o.customer === customer).map((o) => o.order);
            const sorted = [...own].sort((a, b) => a - b);
            if (own.join() !== sorted.join()) api.fail(`${customer}'s orders came out of order: ${own.join(' ')}`);
          }
          lines.push(`${reader.padEnd(22)} read orders ${orderList(got)}`);
        }
        api.summary(`each reader, shard by shard from the oldest record, the Data decoded:\n${lines.join('\n')}`);
      },
      notice: `
Every reader got every order, and reading removed nothing: the third read is a replay. The
order is by shard (shard by shard here), but each customer's orders are always in order,
because a customer's orders share a partition key and so a shard.`,
    },
  ],
  outro: `
- SQS: each message to ONE consumer, deleted once processed. For jobs: sending e-mails,
  resizing images, charging cards. Add consumers to go faster. Order only in FIFO queues.
- SNS: each message to EVERY subscriber, pushed as it is published. For events several
  services react to; pair it with an SQS queue per service (fan-out) for buffering and retries.
- Kinesis: every record to every reader, KEPT for the retention period and read by position.
  For streams that several applications read, replay, or process in order per key (click
  streams, telemetry, change logs). Shards set the write capacity and the parallelism.
They combine: SNS in front of queues, or a stream whose consumer puts jobs on a queue.`,
};

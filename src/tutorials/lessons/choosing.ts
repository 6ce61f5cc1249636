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
      say: 'SQS: a queue of work. Send the six orders to one queue.',
      shows: ['sqs create-queue --queue-name orders-work', ...ORDERS.map((o) => `sqs send-message --queue-url $WORK_URL --message-body '${body(o)}'`)],
      async act(api) {
        api.vars.WORK_URL = (await api.run('sqs create-queue --queue-name orders-work')).json.QueueUrl;
        for (const o of ORDERS) await api.run(`sqs send-message --queue-url $WORK_URL --message-body '${body(o)}'`);
        api.print('6 orders sent.');
      },
    },
    {
      say: 'Two workers, A and B, take turns receiving (one message each time) and delete what they process.',
      shows: ['sqs receive-message --queue-url $WORK_URL     # A, then B, then A, ...', 'sqs delete-message --queue-url $WORK_URL --receipt-handle $HANDLE'],
      async act(api) {
        const got: Record<string, number[]> = { A: [], B: [] };
        for (let turn = 0; turn < 12; turn++) {
          const worker = turn % 2 === 0 ? 'A' : 'B';
          const m = messages(await api.run('sqs receive-message --queue-url $WORK_URL'))[0];
          if (!m) break;
          got[worker]!.push(JSON.parse(m.Body).order);
          api.vars.HANDLE = m.ReceiptHandle;
          await api.run('sqs delete-message --queue-url $WORK_URL --receipt-handle $HANDLE');
        }
        const all = [...got.A!, ...got.B!].sort();
        if (all.join(' ') !== '1 2 3 4 5 6') api.fail(`each order should be processed once, got ${all.join(' ')}`);
        api.print(`worker A processed orders ${got.A!.join(' ')}\nworker B processed orders ${got.B!.join(' ')}`);
        const left = await drain(api, 'WORK_URL');
        if (left.length) api.fail('the queue should be empty');
        api.print('a third reader now finds the queue empty.');
      },
      notice: 'Each order went to exactly one worker, and then it was gone: SQS shares work out. Adding workers makes the work go faster.',
    },
    {
      say: 'SNS: a topic for events that several services need. E-mail and analytics each subscribe a queue; the six orders are published once each.',
      shows: [
        'sns create-topic --name orders',
        'sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $EMAIL_ARN --attributes RawMessageDelivery=true',
        'sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $ANALYTICS_ARN --attributes RawMessageDelivery=true',
        ...ORDERS.map((o) => `sns publish --topic-arn $TOPIC_ARN --message '${body(o)}'`),
      ],
      async act(api) {
        api.vars.TOPIC_ARN = (await api.run('sns create-topic --name orders')).json.TopicArn;
        for (const q of ['EMAIL', 'ANALYTICS']) {
          const url = (await api.run(`sqs create-queue --queue-name ${q.toLowerCase()}`)).json.QueueUrl;
          api.vars[`${q}_URL`] = url;
          api.vars[`${q}_ARN`] = (await api.run(`sqs get-queue-attributes --queue-url ${url} --attribute-names QueueArn`)).json.Attributes.QueueArn;
          await api.run(`sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $${q}_ARN --attributes RawMessageDelivery=true`);
        }
        for (const o of ORDERS) await api.run(`sns publish --topic-arn $TOPIC_ARN --message '${body(o)}'`);
        for (const q of ['EMAIL', 'ANALYTICS']) {
          const got = (await drain(api, `${q}_URL`)).map((b) => JSON.parse(b));
          if (got.length !== 6) api.fail(`${q.toLowerCase()} should get all 6 orders, got ${got.length}`);
          api.print(`${q.toLowerCase().padEnd(9)} queue received orders ${orderList([...got].sort((a, b) => a.order - b.order))}`);
        }
      },
      notice: 'Each service got its own copy of every order, in its own queue, to process at its own pace. Publishing once reached both.',
    },
    {
      say: 'Kinesis: a stream of events to keep and replay. Put the six orders in a stream of 2 shards, the customer as the partition key.',
      shows: [
        'kinesis create-stream --stream-name orders --shard-count 2',
        'clock advance 5s',
        ...ORDERS.map((o) => `kinesis put-record --stream-name orders --partition-key ${o.customer} --data '${body(o)}' --cli-binary-format raw-in-base64-out`),
      ],
      async act(api) {
        await api.run('kinesis create-stream --stream-name orders --shard-count 2');
        await api.run('clock advance 5s');
        for (const o of ORDERS) {
          const r = await api.run(`kinesis put-record --stream-name orders --partition-key ${o.customer} --data '${body(o)}' --cli-binary-format raw-in-base64-out`);
          if (r.status !== 0) api.fail(`put-record failed: ${r.stderr}`);
        }
        api.print('6 records written.');
      },
    },
    {
      say: 'Two applications read the whole stream, each with its own iterators: fraud detection, then reporting. Then fraud detection reads it all again.',
      shows: [
        'kinesis get-shard-iterator --stream-name orders --shard-id $SHARD --shard-iterator-type TRIM_HORIZON',
        'kinesis get-records --shard-iterator $ITERATOR',
      ],
      async act(api) {
        for (const reader of ['fraud detection', 'reporting', 'fraud detection, again']) {
          const got = await readStream(api);
          if (got.length !== 6) api.fail(`${reader} should read all 6 orders, read ${got.length}`);
          for (const customer of ['ana', 'bo', 'cy']) {
            const own = got.filter((o) => o.customer === customer).map((o) => o.order);
            const sorted = [...own].sort((a, b) => a - b);
            if (own.join() !== sorted.join()) api.fail(`${customer}'s orders came out of order: ${own.join(' ')}`);
          }
          api.print(`${reader.padEnd(22)} read orders ${orderList(got)}`);
        }
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

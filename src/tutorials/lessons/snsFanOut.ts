import type { Lesson } from '../lesson.js';
import { messages } from './checks.js';

const QUEUES = ['billing', 'shipping', 'analytics'] as const;

export const lesson: Lesson = {
  name: 'sns-fan-out',
  title: 'SNS fan-out to SQS, with a filter policy',
  intro: `
An SQS queue hands each message to one consumer. When several services each need every
event (billing, shipping, analytics), the producer publishes once to an SNS topic, and each
service subscribes its own queue: SNS puts a copy in every queue. A subscription can carry a
filter policy, so that a queue gets only the events it cares about.`,
  steps: [
    {
      say: 'Create the topic the order service publishes to.',
      run: 'sns create-topic --name orders',
      save: { TOPIC_ARN: (r) => r.TopicArn },
    },
    {
      say: 'Each service has its own queue. A subscription names a queue by its ARN, so look those up too.',
      shows: QUEUE_SETUP_SHOWN(),
      async act(api) {
        for (const q of QUEUES) {
          const created = await api.run(`sqs create-queue --queue-name ${q}`);
          const url = created.json?.QueueUrl as string;
          api.vars[`${q.toUpperCase()}_URL`] = url;
          const attrs = await api.run(`sqs get-queue-attributes --queue-url ${url} --attribute-names QueueArn`);
          const arn = attrs.json?.Attributes?.QueueArn as string | undefined;
          if (!arn) api.fail(`no ARN for ${q}`);
          api.vars[`${q.toUpperCase()}_ARN`] = arn as string;
          api.print(`${q.padEnd(10)} ${arn}`);
        }
      },
      notice: 'On AWS each queue would also need a queue policy that lets the topic send to it; awsmsg does not check permissions.',
    },
    {
      say: 'Billing wants every order event.',
      run: 'sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $BILLING_ARN',
      check: (r) => (String(r.json?.SubscriptionArn).startsWith('arn:aws:sns:') ? true : 'no subscription ARN'),
      notice: 'An SQS subscription is confirmed at once (HTTP and e-mail ones wait for a confirmation).',
    },
    {
      say: 'Shipping only cares about placed orders: its subscription gets a filter policy on the "event" message attribute. The policy is JSON inside the attribute map, so it goes in a file.',
      files: {
        'shipping-subscription.json': () =>
          `${JSON.stringify({ FilterPolicy: JSON.stringify({ event: ['order_placed'] }) }, null, 2)}\n`,
      },
      run: 'sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $SHIPPING_ARN --attributes file://shipping-subscription.json',
    },
    {
      say: 'Analytics wants every event too, but as the bare message, without the SNS envelope around it: RawMessageDelivery.',
      run: 'sns subscribe --topic-arn $TOPIC_ARN --protocol sqs --notification-endpoint $ANALYTICS_ARN --attributes RawMessageDelivery=true',
    },
    {
      say: 'The topic now has three subscriptions.',
      run: 'sns list-subscriptions-by-topic --topic-arn $TOPIC_ARN --query "Subscriptions[].[Protocol, Endpoint]"',
      check: (r) => (Array.isArray(r.json) && r.json.length === 3 ? true : 'expected three subscriptions'),
    },
    {
      say: 'The order service publishes one event: an order was placed. The event type travels as a message attribute, which is what the filter policy looks at.',
      run: `sns publish --topic-arn $TOPIC_ARN --message '{"order": 1, "total": 25}' --message-attributes 'event={DataType=String,StringValue=order_placed}'`,
    },
    {
      say: 'And a second one: an order was cancelled.',
      run: `sns publish --topic-arn $TOPIC_ARN --message '{"order": 2}' --message-attributes 'event={DataType=String,StringValue=order_cancelled}'`,
    },
    {
      say: 'What did each queue get?',
      shows: QUEUES.map((q) => `sqs receive-message --queue-url $${q.toUpperCase()}_URL --max-number-of-messages 10`),
      async act(api) {
        const expected: Record<string, number> = { billing: 2, shipping: 1, analytics: 2 };
        for (const q of QUEUES) {
          const r = await api.run(`sqs receive-message --queue-url $${q.toUpperCase()}_URL --max-number-of-messages 10`);
          const got = messages(r);
          if (got.length !== expected[q]) api.fail(`${q} should have ${expected[q]} messages, has ${got.length}`);
          const bodies = got.map((m) => (q === 'analytics' ? m.Body : JSON.parse(m.Body).Message));
          api.print(`${q.padEnd(10)} ${got.length} message${got.length === 1 ? ' ' : 's'}  ${bodies.join('  ')}`);
          if (q === 'shipping') api.vars.ENVELOPE = got[0].Body;
        }
      },
      notice: 'Billing and analytics got both events; shipping got only the placed order: the filter policy kept the cancellation out.',
    },
    {
      say: 'Billing and shipping see each event wrapped in an SNS envelope (analytics asked for the raw message). Here is shipping\'s, its signature shortened:',
      shows: [],
      async act(api) {
        const envelope = JSON.parse(api.vars.ENVELOPE!) as Record<string, unknown>;
        if (envelope.Type !== 'Notification') api.fail('the body should be an SNS notification envelope');
        envelope.Signature = `${String(envelope.Signature).slice(0, 16)}…`;
        api.print(JSON.stringify(envelope, null, 2));
      },
      notice: 'The original message is the "Message" string; the attributes, the topic and a signature come with it, so a consumer can check where it came from.',
    },
  ],
  outro: `
Publish once, deliver to many: each subscriber gets its own copy in its own queue, and reads it
at its own pace, with retries and a DLQ of its own. Filter policies (on message attributes, or
on the message body with FilterPolicyScope=MessageBody) keep unwanted events out of a queue
without any code in the consumer. RawMessageDelivery drops the envelope when the consumer wants
just the message.`,
};

function QUEUE_SETUP_SHOWN(): string[] {
  return QUEUES.flatMap((q) => [
    `sqs create-queue --queue-name ${q}`,
    `sqs get-queue-attributes --queue-url $${q.toUpperCase()}_URL --attribute-names QueueArn`,
  ]);
}

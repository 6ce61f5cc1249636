import type { Lesson } from '../lesson.js';

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
      async act(api) {
        for (const q of QUEUES) {
          const created = await api.show(`sqs create-queue --queue-name ${q}`);
          const url = created.json?.QueueUrl as string | undefined;
          if (!url) api.fail(`no URL for ${q}`);
          await api.assign(`${q.toUpperCase()}_URL`, url!);
          const attrs = await api.show(`sqs get-queue-attributes --queue-url $${q.toUpperCase()}_URL --attribute-names QueueArn`);
          const arn = attrs.json?.Attributes?.QueueArn as string | undefined;
          if (!arn) api.fail(`no ARN for ${q}`);
          await api.assign(`${q.toUpperCase()}_ARN`, arn!);
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
      say: 'How many messages did each queue get?',
      async act(api) {
        const expected: Record<string, string> = { billing: '2', shipping: '1', analytics: '2' };
        for (const q of QUEUES) {
          const r = await api.show(
            `sqs get-queue-attributes --queue-url $${q.toUpperCase()}_URL --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages --output text`,
          );
          if (r.stdout.trim() !== expected[q]) api.fail(`${q} should have ${expected[q]} messages, has ${r.stdout.trim()}`);
        }
      },
      notice: 'Billing and analytics got both events; shipping got only the placed order: the filter policy kept the cancellation out.',
    },
    {
      say: 'Billing and shipping get each event wrapped in an SNS envelope. Here is the body of the message in shipping\'s queue:',
      run: "sqs receive-message --queue-url $SHIPPING_URL --query 'Messages[0].Body' --output text",
      lines: 20,
      check: (r) => {
        let envelope: { Type?: string; Message?: string; MessageAttributes?: { event?: { Value?: string } } };
        try {
          envelope = JSON.parse(r.stdout);
        } catch {
          return 'the body should be an SNS envelope, in JSON';
        }
        return envelope.Type === 'Notification' && envelope.Message === '{"order": 1, "total": 25}' && envelope.MessageAttributes?.event?.Value === 'order_placed'
          ? true
          : 'the envelope should carry the placed order and its event attribute';
      },
      notice: 'The original message is the "Message" string; the attributes, the topic and a signature come with it, so a consumer can check where it came from.',
    },
    {
      say: 'Analytics asked for raw delivery: its messages are the events as they were published.',
      run: "sqs receive-message --queue-url $ANALYTICS_URL --max-number-of-messages 10 --query 'Messages[].Body'",
      check: (r) => (JSON.stringify(r.json) === JSON.stringify(['{"order": 1, "total": 25}', '{"order": 2}']) ? true : `analytics should get both events, got ${r.stdout}`),
    },
  ],
  outro: `
Publish once, deliver to many: each subscriber gets its own copy in its own queue, and reads it
at its own pace, with retries and a DLQ of its own. Filter policies (on message attributes, or
on the message body with FilterPolicyScope=MessageBody) keep unwanted events out of a queue
without any code in the consumer. RawMessageDelivery drops the envelope when the consumer wants
just the message.`,
};

/**
 * Differential scenarios for `sns` (and the SQS queues it delivers to): each command line runs
 * through the AWS CLI (v1) against moto_server and through awsmsg, and the normalised outputs
 * or errors must agree. Where moto departs from AWS's documented behaviour, the step asserts
 * AWS's behaviour for awsmsg and the test's name says what moto does instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, errorLine, okJson, skipReason, startDifferential, url, type Differential, type Side } from './harness.js';

const skip = skipReason('test/diff/sns.test.ts');
const TOPIC = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;
const QUEUE = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

/** The effective delivery policy AWS reports for a topic without one of its own. */
const DEFAULT_EFFECTIVE_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
};

describe.skipIf(skip)('sns: AWS CLI + moto_server against awsmsg', () => {
  let d: Differential;
  /** each side's subscription ARNs, by a name the test gives them */
  const subs: Record<Side, Record<string, string>> = { aws: {}, awsmsg: {} };
  beforeAll(async () => {
    d = await startDifferential();
  });
  afterAll(() => d?.stop());

  async function subscribe(name: string, topic: string, queue: string, extra: string[] = []): Promise<void> {
    const pair = await d.both(['sns', 'subscribe', '--topic-arn', TOPIC(topic), '--protocol', 'sqs', '--notification-endpoint', QUEUE(queue), ...extra]);
    for (const side of ['aws', 'awsmsg'] as const) subs[side][name] = okJson(pair[side]).SubscriptionArn;
    expect(subs.awsmsg[name]).toMatch(new RegExp(`^${TOPIC(topic)}:[0-9a-f-]{36}$`));
  }

  /** Both sides' messages in a queue, received once (and left in flight). */
  async function drain(queue: string): Promise<Record<Side, any[]>> {
    const pair = await d.both(['sqs', 'receive-message', '--queue-url', url(queue), '--max-number-of-messages', '10', '--message-attribute-names', 'All']);
    return { aws: okJson(pair.aws)?.Messages ?? [], awsmsg: okJson(pair.awsmsg)?.Messages ?? [] };
  }

  it('topics: create (idempotent), attributes, set-topic-attributes, list-topics, delete', async () => {
    await d.same(['sns', 'create-topic', '--name', 'orders']);
    await d.same(['sns', 'create-topic', '--name', 'orders']);
    await d.same(['sns', 'create-topic', '--name', 'orders-audit', '--attributes', 'DisplayName=Audit', '--tags', 'Key=team,Value=core']);
    await d.same(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('orders-audit'), '--query', 'Attributes.[Owner,TopicArn,DisplayName,SubscriptionsPending,SubscriptionsConfirmed,SubscriptionsDeleted]']);
    // the default policy: the same document (moto writes its statement's members in another order)
    const policies = await d.both(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('orders'), '--query', 'Attributes.Policy', '--output', 'text']);
    expect(JSON.parse(policies.awsmsg.stdout)).toEqual(JSON.parse(policies.aws.stdout));
    expect(policies.awsmsg.stdout).toMatch(/^\{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":\[\{"Sid":"__default_statement_ID","Effect":"Allow",/);
    await d.same(['sns', 'set-topic-attributes', '--topic-arn', TOPIC('orders'), '--attribute-name', 'DisplayName', '--attribute-value', 'Orders']);
    await d.same(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('orders'), '--query', 'Attributes.DisplayName']);
    await d.same(['sns', 'list-topics', '--query', 'sort_by(Topics, &TopicArn)']);
    // moto: "Topic names must be made up of only uppercase and lowercase ASCII letters, ..."
    await d.same(['sns', 'create-topic', '--name', 'bad name!'], { awsMessage: 'Invalid parameter: Topic Name' });
    await d.same(['sns', 'create-topic', '--name', 'short-lived']);
    await d.same(['sns', 'delete-topic', '--topic-arn', TOPIC('short-lived')]);
    await d.same(['sns', 'delete-topic', '--topic-arn', TOPIC('short-lived')]);
    await d.same(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('short-lived')]);
  });

  it('a topic without a delivery policy: no DeliveryPolicy attribute and AWS\'s EffectiveDeliveryPolicy (moto: "" and another policy)', async () => {
    const pair = await d.both(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('orders')]);
    const [a, b] = [okJson(pair.aws).Attributes, okJson(pair.awsmsg).Attributes];
    expect(a.DeliveryPolicy).toBe('');
    expect(b.DeliveryPolicy).toBeUndefined();
    expect(JSON.parse(b.EffectiveDeliveryPolicy)).toEqual(DEFAULT_EFFECTIVE_DELIVERY_POLICY);
    expect(Object.keys(b).sort()).toEqual(
      ['DisplayName', 'EffectiveDeliveryPolicy', 'Owner', 'Policy', 'SubscriptionsConfirmed', 'SubscriptionsDeleted', 'SubscriptionsPending', 'TopicArn'],
    );
  });

  it('set-topic-attributes refuses an unknown attribute name (moto sets it)', async () => {
    const pair = await d.both(['sns', 'set-topic-attributes', '--topic-arn', TOPIC('orders-audit'), '--attribute-name', 'NoSuchAttribute', '--attribute-value', 'x']);
    expect(pair.aws.status).toBe(0);
    expect(errorLine(pair.awsmsg.stderr)).toEqual({ code: 'InvalidParameter', operation: 'SetTopicAttributes', message: 'Invalid parameter: AttributeName' });
  });

  it('create-topic with other attributes than the existing topic fails (moto returns the topic)', async () => {
    const pair = await d.both(['sns', 'create-topic', '--name', 'orders', '--attributes', 'DisplayName=Other']);
    expect(okJson(pair.aws)).toEqual({ TopicArn: TOPIC('orders') });
    expect(errorLine(pair.awsmsg.stderr)).toEqual({
      code: 'InvalidParameter',
      operation: 'CreateTopic',
      message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    });
  });

  it('subscriptions to SQS queues: subscribe (idempotent), list, attributes, raw delivery, bad endpoints', async () => {
    for (const q of ['fan-a', 'fan-b']) await d.same(['sqs', 'create-queue', '--queue-name', q]);
    await subscribe('a', 'orders', 'fan-a');
    await subscribe('b', 'orders', 'fan-b', ['--attributes', 'RawMessageDelivery=true']);
    // the same subscription again: the same ARN
    const again = await d.both(['sns', 'subscribe', '--topic-arn', TOPIC('orders'), '--protocol', 'sqs', '--notification-endpoint', QUEUE('fan-a')]);
    expect(okJson(again.awsmsg).SubscriptionArn).toBe(subs.awsmsg.a);
    expect(okJson(again.aws).SubscriptionArn).toBe(subs.aws.a);
    await d.same(['sns', 'list-subscriptions-by-topic', '--topic-arn', TOPIC('orders'), '--query', 'sort_by(Subscriptions, &Endpoint)']);
    await d.same(['sns', 'list-subscriptions', '--query', 'sort_by(Subscriptions, &Endpoint)[].[Protocol,Endpoint,TopicArn,Owner]', '--output', 'text']);
    // AWS lists the subscription's principal too; moto does not (checked on its own below)
    const attrs = await d.both((side) => ['sns', 'get-subscription-attributes', '--subscription-arn', subs[side].b!]);
    expect({ ...okJson(attrs.awsmsg).Attributes, SubscriptionPrincipal: undefined, SubscriptionArn: undefined }).toEqual({
      ...okJson(attrs.aws).Attributes,
      SubscriptionArn: undefined,
    });
    await d.same(['sns', 'subscribe', '--topic-arn', TOPIC('orders'), '--protocol', 'sqs', '--notification-endpoint', 'not-an-arn']);
    await d.same(['sns', 'subscribe', '--topic-arn', TOPIC('no-such-topic'), '--protocol', 'sqs', '--notification-endpoint', QUEUE('fan-a')]);
    await d.same(['sns', 'get-subscription-attributes', '--subscription-arn', `${TOPIC('orders')}:00000000-0000-0000-0000-000000000000`]);
  });

  it('get-subscription-attributes names the SubscriptionPrincipal (moto: absent)', async () => {
    const pair = await d.both((side) => ['sns', 'get-subscription-attributes', '--subscription-arn', subs[side].a!, '--query', 'Attributes.SubscriptionPrincipal']);
    expect(pair.aws.stdout.trim()).toBe('null');
    expect(okJson(pair.awsmsg)).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it('an unknown protocol is refused (moto subscribes it)', async () => {
    const pair = await d.both(['sns', 'subscribe', '--topic-arn', TOPIC('orders-audit'), '--protocol', 'carrier-pigeon', '--notification-endpoint', 'coop-1']);
    expect(errorLine(pair.awsmsg.stderr)?.message).toBe('Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon');
    const arn = okJson(pair.aws).SubscriptionArn;
    expect((await d.aws(['sns', 'unsubscribe', '--subscription-arn', arn])).status).toBe(0);
  });

  it('RawMessageDelivery must be true or false (moto takes any value)', async () => {
    const pair = await d.both((side) => ['sns', 'set-subscription-attributes', '--subscription-arn', subs[side].a!, '--attribute-name', 'RawMessageDelivery', '--attribute-value', 'maybe']);
    expect(pair.aws.status).toBe(0);
    expect(errorLine(pair.awsmsg.stderr)?.message).toBe('Invalid parameter: RawMessageDelivery: Invalid value [maybe]. Must be true or false.');
    expect((await d.aws(['sns', 'set-subscription-attributes', '--subscription-arn', subs.aws.a!, '--attribute-name', 'RawMessageDelivery', '--attribute-value', 'false'])).status).toBe(0);
  });

  it('publish fans out: the envelope to one queue, the raw message with its attributes to the other', async () => {
    const published = await d.same([
      'sns', 'publish', '--topic-arn', TOPIC('orders'), '--subject', 'New order', '--message', 'order 1 placed',
      '--message-attributes', 'kind={DataType=String,StringValue=order},total={DataType=Number,StringValue=42.5}',
    ]);
    expect(published.awsmsg.MessageId).toBe('<uuid>');
    const [a, b] = [await drain('fan-a'), await drain('fan-b')];
    for (const side of ['aws', 'awsmsg'] as const) {
      expect(a[side]).toHaveLength(1);
      expect(b[side]).toHaveLength(1);
    }
    // the envelope: same members and values but for ids, signatures and URLs of the endpoint
    const envelope = (m: any) => JSON.parse(m.Body);
    const [ea, eb] = [envelope(a.aws[0]), envelope(a.awsmsg[0])];
    const pick = (e: any) => ({ Type: e.Type, TopicArn: e.TopicArn, Subject: e.Subject, Message: e.Message, MessageAttributes: e.MessageAttributes });
    expect(pick(eb)).toEqual(pick(ea));
    expect(pick(eb)).toEqual({
      Type: 'Notification',
      TopicArn: TOPIC('orders'),
      Subject: 'New order',
      Message: 'order 1 placed',
      MessageAttributes: { kind: { Type: 'String', Value: 'order' }, total: { Type: 'Number', Value: '42.5' } },
    });
    expect(Object.keys(eb).sort()).toEqual(Object.keys(ea).sort());
    expect(eb.UnsubscribeURL).toBe(`https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subs.awsmsg.a}`);
    // raw delivery: the message itself, its attributes as SQS message attributes
    const raw = (m: any) => ({ Body: m.Body, MD5OfBody: m.MD5OfBody, MessageAttributes: m.MessageAttributes, MD5OfMessageAttributes: m.MD5OfMessageAttributes });
    expect(raw(b.awsmsg[0])).toEqual(raw(b.aws[0]));
    expect(b.awsmsg[0].MessageAttributes).toEqual({ kind: { StringValue: 'order', DataType: 'String' }, total: { StringValue: '42.5', DataType: 'Number' } });
  });

  it('the envelope says SignatureVersion 1 and names the subscription it came through (moto: "2" and another subscription)', async () => {
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('orders'), '--message', 'order 2 placed']);
    const a = await drain('fan-a');
    const [ea, eb] = [JSON.parse(a.aws[0].Body), JSON.parse(a.awsmsg[0].Body)];
    expect(ea.SignatureVersion).toBe('2');
    expect(eb.SignatureVersion).toBe('1');
    expect(ea.UnsubscribeURL).not.toContain(subs.aws.a);
    expect(eb.UnsubscribeURL).toContain(subs.awsmsg.a);
    expect(eb.Signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(eb.SigningCertURL).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]+\.pem$/);
  });

  it('filter policies on attributes and on the body decide which queues get a message', async () => {
    await d.same(['sns', 'create-topic', '--name', 'events']);
    for (const q of ['big-orders', 'eu-events', 'all-events']) await d.same(['sqs', 'create-queue', '--queue-name', q]);
    await subscribe('big', 'events', 'big-orders', ['--attributes', JSON.stringify({
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify({ kind: ['order'], total: [{ numeric: ['>=', 100] }] }),
    })]);
    await subscribe('eu', 'events', 'eu-events', ['--attributes', JSON.stringify({
      RawMessageDelivery: 'true',
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({ region: [{ prefix: 'eu-' }], detail: { status: [{ 'anything-but': 'test' }] } }),
    })]);
    await subscribe('all', 'events', 'all-events', ['--attributes', 'RawMessageDelivery=true']);
    await d.same((side) => ['sns', 'get-subscription-attributes', '--subscription-arn', subs[side].eu!, '--query', 'Attributes.[FilterPolicy,FilterPolicyScope,RawMessageDelivery]']);
    const publish = (message: string, attrs?: string) =>
      d.same(['sns', 'publish', '--topic-arn', TOPIC('events'), '--message', message, ...(attrs ? ['--message-attributes', attrs] : [])]);
    await publish('small order', 'kind={DataType=String,StringValue=order},total={DataType=Number,StringValue=5}');
    await publish('big order', 'kind={DataType=String,StringValue=order},total={DataType=Number,StringValue=250}');
    await publish('big refund', 'kind={DataType=String,StringValue=refund},total={DataType=Number,StringValue=250}');
    await publish(JSON.stringify({ region: 'eu-west-1', detail: { status: 'live' } }));
    await publish(JSON.stringify({ region: 'eu-west-1', detail: { status: 'test' } }));
    await publish(JSON.stringify({ region: 'us-east-1', detail: { status: 'live' } }));
    await publish('not json at all');
    const bodies = async (queue: string) => {
      const got = await d.same(['sqs', 'receive-message', '--queue-url', url(queue), '--max-number-of-messages', '10', '--query', 'sort(Messages[].Body)']);
      return got.awsmsg as string[];
    };
    expect(await bodies('big-orders')).toEqual(['big order']);
    expect(await bodies('eu-events')).toEqual([JSON.stringify({ region: 'eu-west-1', detail: { status: 'live' } })]);
    expect(await bodies('all-events')).toHaveLength(7);
  });

  it('filter policy errors: bad JSON and too many keys', async () => {
    await d.same((side) => ['sns', 'set-subscription-attributes', '--subscription-arn', subs[side].all!, '--attribute-name', 'FilterPolicy', '--attribute-value', JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] })]);
    await d.same((side) => ['sns', 'set-subscription-attributes', '--subscription-arn', subs[side].all!, '--attribute-name', 'FilterPolicy', '--attribute-value', JSON.stringify({ a: 'not-a-list' })]);
  });

  it('publish errors: unknown topic, empty message, bad message structure, subject too long', async () => {
    // moto: "Endpoint does not exist"
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('no-such-topic'), '--message', 'x'], { awsMessage: 'Topic does not exist' });
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('orders'), '--message', '{"default": "x"', '--message-structure', 'json'], {
      awsMessage: 'Invalid parameter: Message Structure - JSON message body failed to parse',
    });
    // moto: "Subject must be less than 100 characters"
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('orders'), '--message', 'x', '--subject', 's'.repeat(101)], { awsMessage: 'Invalid parameter: Subject' });
  });

  it('an empty message is refused (moto publishes it)', async () => {
    const pair = await d.both(['sns', 'publish', '--topic-arn', TOPIC('orders-audit'), '--message', '']);
    expect(pair.aws.status).toBe(0);
    expect(errorLine(pair.awsmsg.stderr)).toEqual({ code: 'InvalidParameter', operation: 'Publish', message: 'Invalid parameter: Empty message' });
  });

  it('message structure json: each protocol its own message, the default for the rest', async () => {
    await d.same(['sqs', 'purge-queue', '--queue-url', url('fan-b')]);
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('orders'), '--message-structure', 'json', '--message', JSON.stringify({ default: 'plain', sqs: 'for queues', email: 'for people' })]);
    await d.same(['sqs', 'receive-message', '--queue-url', url('fan-b'), '--query', 'Messages[].Body']);
  });

  it('publish-batch: per-entry results, ids not distinct, too many entries', async () => {
    await d.same(['sns', 'publish-batch', '--topic-arn', TOPIC('orders-audit'), '--publish-batch-request-entries', 'Id=1,Message=one', 'Id=2,Message=two,Subject=s2']);
    await d.same(['sns', 'publish-batch', '--topic-arn', TOPIC('orders-audit'), '--publish-batch-request-entries', 'Id=1,Message=one', 'Id=1,Message=two']);
    const eleven = Array.from({ length: 11 }, (_, i) => `Id=m${i},Message=n${i}`);
    await d.same(['sns', 'publish-batch', '--topic-arn', TOPIC('orders-audit'), '--publish-batch-request-entries', ...eleven]);
  });

  it('FIFO topics: group ids required, delivery to FIFO queues in order, deduplication', async () => {
    await d.same(['sns', 'create-topic', '--name', 'ledger.fifo', '--attributes', 'FifoTopic=true,ContentBasedDeduplication=true']);
    await d.same(['sns', 'get-topic-attributes', '--topic-arn', TOPIC('ledger.fifo'), '--query', 'Attributes.[FifoTopic,ContentBasedDeduplication]']);
    // (moto wants the queue to deduplicate by content too, where AWS passes the topic's deduplication id on)
    await d.same(['sqs', 'create-queue', '--queue-name', 'ledger.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true']);
    await subscribe('ledger', 'ledger.fifo', 'ledger.fifo', ['--attributes', 'RawMessageDelivery=true']);
    await d.same(['sns', 'subscribe', '--topic-arn', TOPIC('orders'), '--protocol', 'sqs', '--notification-endpoint', QUEUE('ledger.fifo')]);
    for (const m of ['debit 1', 'credit 2', 'debit 3', 'debit 1']) {
      await d.same(['sns', 'publish', '--topic-arn', TOPIC('ledger.fifo'), '--message', m, '--message-group-id', 'acct-1', '--query', 'length(MessageId)']);
    }
    // the deduplicated resend delivers nothing more
    await d.same(['sqs', 'receive-message', '--queue-url', url('ledger.fifo'), '--max-number-of-messages', '10', '--query', 'Messages[].Body']);
  });

  it('a FIFO publish returns its SequenceNumber, increasing within the group (moto: none)', async () => {
    const publish = (message: string) => d.both(['sns', 'publish', '--topic-arn', TOPIC('ledger.fifo'), '--message', message, '--message-group-id', 'acct-2']);
    const [first, second] = [await publish('m1'), await publish('m2')];
    expect(Object.keys(okJson(first.aws))).toEqual(['MessageId']);
    const [r1, r2] = [okJson(first.awsmsg), okJson(second.awsmsg)];
    expect(r1.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(r2.SequenceNumber)).toBeGreaterThan(BigInt(r1.SequenceNumber));
  });

  it('a FIFO topic without a group id: InvalidParameter (moto: MissingParameter)', async () => {
    const pair = await d.both(['sns', 'publish', '--topic-arn', TOPIC('ledger.fifo'), '--message', 'no group']);
    expect(errorLine(pair.aws.stderr)?.code).toBe('MissingParameter');
    expect(errorLine(pair.awsmsg.stderr)).toEqual({
      code: 'InvalidParameter',
      operation: 'Publish',
      message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    });
  });

  it('tags on topics: tag-resource, list-tags-for-resource, untag-resource', async () => {
    await d.same(['sns', 'list-tags-for-resource', '--resource-arn', TOPIC('orders-audit')]);
    await d.same(['sns', 'tag-resource', '--resource-arn', TOPIC('orders-audit'), '--tags', 'Key=env,Value=test', 'Key=team,Value=payments']);
    await d.same(['sns', 'list-tags-for-resource', '--resource-arn', TOPIC('orders-audit'), '--query', 'sort_by(Tags, &Key)']);
    await d.same(['sns', 'untag-resource', '--resource-arn', TOPIC('orders-audit'), '--tag-keys', 'env']);
    await d.same(['sns', 'list-tags-for-resource', '--resource-arn', TOPIC('orders-audit')]);
    await d.same(['sns', 'tag-resource', '--resource-arn', TOPIC('no-such-topic'), '--tags', 'Key=a,Value=b']);
  });

  it('unsubscribe: the subscription is gone from the lists, its queue gets nothing more', async () => {
    await d.same((side) => ['sns', 'unsubscribe', '--subscription-arn', subs[side].b!]);
    await d.same(['sns', 'list-subscriptions-by-topic', '--topic-arn', TOPIC('orders'), '--query', 'sort(Subscriptions[].Endpoint)']);
    await d.same(['sqs', 'purge-queue', '--queue-url', url('fan-a')]);
    await d.same(['sns', 'publish', '--topic-arn', TOPIC('orders'), '--message', 'after unsubscribe']);
    await d.same(['sqs', 'receive-message', '--queue-url', url('fan-b')]);
  });

  it('list-topics and list-subscriptions page with --max-items and --starting-token', async () => {
    for (let i = 0; i < 2; i++) await d.same(['sns', 'create-topic', '--name', `page-${i}`]);
    const all = await d.same(['sns', 'list-topics', '--query', 'length(Topics)']);
    const collect = async (command: string, key: string): Promise<Record<Side, string[]>> => {
      const seen: Record<Side, string[]> = { aws: [], awsmsg: [] };
      let tokens: Partial<Record<Side, string>> = {};
      for (let page = 0; page < 20; page++) {
        const pair = await d.both((side) => ['sns', command, '--max-items', '3', ...(tokens[side] ? ['--starting-token', tokens[side]!] : [])]);
        const [a, b] = [okJson(pair.aws), okJson(pair.awsmsg)];
        expect(b[key].length).toBe(a[key].length);
        seen.aws.push(...a[key].map((t: any) => t.TopicArn));
        seen.awsmsg.push(...b[key].map((t: any) => t.TopicArn));
        expect(b.NextToken === undefined).toBe(a.NextToken === undefined);
        if (!a.NextToken) break;
        tokens = { aws: a.NextToken, awsmsg: b.NextToken };
      }
      return seen;
    };
    const topics = await collect('list-topics', 'Topics');
    expect(topics.awsmsg.length).toBe(Number(all.awsmsg));
    expect([...topics.awsmsg].sort()).toEqual([...topics.aws].sort());
    const subscriptions = await collect('list-subscriptions', 'Subscriptions');
    expect([...subscriptions.awsmsg].sort()).toEqual([...subscriptions.aws].sort());
  });
});

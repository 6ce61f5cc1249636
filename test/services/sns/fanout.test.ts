import { describe, expect, it } from 'vitest';
import { explainFilterPolicies, listOutbox } from '../../../src/services/sns/index.js';
import { env, sns } from './helpers.js';
import { createQueue, deleteQueue, queueMessages } from './queues.js';

describe('fan-out into SQS queues with filter policies', () => {
  it('delivers each message to the queues whose policies accept it', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'shop' }).TopicArn as string;
    const all = await createQueue(ctx, 'all');
    const retail = await createQueue(ctx, 'retail');
    const big = await createQueue(ctx, 'big');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: all });
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: retail,
      Attributes: { FilterPolicy: JSON.stringify({ channel: ['retail'], tags: [{ prefix: 'sale' }] }) },
    });
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: big,
      Attributes: { FilterPolicyScope: 'MessageBody', FilterPolicy: JSON.stringify({ order: { total: [{ numeric: ['>=', 100] }] } }) },
    });
    const publish = (Message: string, attrs?: Record<string, { DataType: string; StringValue: string }>): void =>
      void sns(ctx, 'Publish', { TopicArn: t, Message, MessageAttributes: attrs });
    publish('{"order": {"total": 250}}', { channel: { DataType: 'String', StringValue: 'retail' }, tags: { DataType: 'String.Array', StringValue: '["new", "sale-2024"]' } });
    publish('{"order": {"total": 20}}', { channel: { DataType: 'String', StringValue: 'wholesale' }, tags: { DataType: 'String.Array', StringValue: '["sale"]' } });
    publish('not json at all', { channel: { DataType: 'String', StringValue: 'retail' } });
    const messages = async (q: string): Promise<string[]> => (await queueMessages(ctx, q)).map((m) => JSON.parse(m.Body).Message as string);
    expect(await messages(all)).toEqual(['{"order": {"total": 250}}', '{"order": {"total": 20}}', 'not json at all']);
    expect(await messages(retail)).toEqual(['{"order": {"total": 250}}']);
    expect(await messages(big)).toEqual(['{"order": {"total": 250}}']);
  });

  it('takes {"anything-but": {"suffix": ...}} as the SNS guide documents it; other anything-but operators keep AWS\'s refusal', async () => {
    // https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html (anything-but; String.Array: none excluded)
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'sports' }).TopicArn as string;
    const attrs = await createQueue(ctx, 'attrs');
    const body = await createQueue(ctx, 'body');
    const policy = JSON.stringify({ customer_interests: [{ 'anything-but': { suffix: 'ball' } }] });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: attrs, Attributes: { FilterPolicy: policy } });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: body, Attributes: { FilterPolicy: policy, FilterPolicyScope: 'MessageBody' } });
    const publish = (Message: string, DataType?: string, StringValue?: string): void =>
      void sns(ctx, 'Publish', { TopicArn: t, Message, MessageAttributes: DataType ? { customer_interests: { DataType, StringValue } } : undefined });
    publish('{"customer_interests": ["hockey", "rugby", "soccer"]}', 'String', 'rugby');
    publish('{"customer_interests": ["baseball", "basketball"]}', 'String', 'football');
    publish('{"customer_interests": "tennis"}', 'String.Array', '["hockey", "tennis"]');
    publish('{"customer_interests": "netball"}', 'String.Array', '["hockey", "netball"]');
    publish('{"other": "x"}');
    const messages = async (q: string): Promise<string[]> => (await queueMessages(ctx, q)).map((m) => JSON.parse(m.Body).Message as string);
    expect(await messages(attrs)).toEqual(['{"customer_interests": ["hockey", "rugby", "soccer"]}', '{"customer_interests": "tennis"}']);
    expect(await messages(body)).toEqual(['{"customer_interests": ["hockey", "rugby", "soccer"]}', '{"customer_interests": "tennis"}']);
    const other = await createQueue(ctx, 'other');
    const refused = (operator: string, operand: unknown): string => {
      const text = JSON.stringify({ key: [{ 'anything-but': { [operator]: operand } }] });
      try {
        sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: other, Attributes: { FilterPolicy: text } });
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    // AWS's texts, recorded against AWS (LocalStack's test_filter_policy snapshots)
    expect(refused('exists', false)).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: exists\n at [Source: (String)"{"key":[{"anything-but":{"exists":false}}]}"; line: 1, column: 40]',
    );
    expect(refused('prefix', false)).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: prefix match pattern must be a string\n at [Source: (String)"{"key":[{"anything-but":{"prefix":false}}]}"; line: 1, column: 40]',
    );
    expect(refused('suffix', '')).toMatch(/^Invalid parameter: Attributes Reason: FilterPolicy: Null prefix\/suffix not allowed\n at \[Source: /);
    expect(refused('suffix', ['ball', 'ey'])).toBe('accepted');
  });

  it('marks SNS as the sender of what it delivers', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 's' }).TopicArn as string;
    const q = await createQueue(ctx, 'q');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'm' });
    expect((await queueMessages(ctx, q))[0]!.SenderId).toBe('AIDAIT2UOQQY3AUEKVGXU');
  });

  it('fails a raw delivery of more than 10 attributes: SQS refuses them, in the dead-letter queue too', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'many' }).TopicArn as string;
    const q = await createQueue(ctx, 'raw');
    const dlq = await createQueue(ctx, 'raw-dlq');
    const envelope = await createQueue(ctx, 'envelope');
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: q,
      Attributes: { RawMessageDelivery: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) },
    });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: envelope });
    const attrs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: String(i) }]));
    sns(ctx, 'Publish', { TopicArn: t, Message: 'eleven', MessageAttributes: attrs });
    expect(await queueMessages(ctx, q)).toEqual([]);
    // SNS accepts more than 10 attributes; the envelope carries them all
    expect(Object.keys(JSON.parse((await queueMessages(ctx, envelope))[0]!.Body).MessageAttributes)).toHaveLength(11);
    expect(listOutbox(ctx, { protocol: 'sqs', endpoint: q })[0]!.Status).toBe('failed');
  });

  it('delivers one raw copy alike to several queues, and reports a deleted queue before a message SQS refuses', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'alike' }).TopicArn as string;
    const queues = [await createQueue(ctx, 'r1'), await createQueue(ctx, 'r2'), await createQueue(ctx, 'r3')];
    for (const q of queues) sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q, Attributes: { RawMessageDelivery: 'true' } });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'same', MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } } });
    for (const q of queues) {
      expect(await queueMessages(ctx, q)).toEqual([
        { Body: 'same', MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } }, SenderId: 'AIDAIT2UOQQY3AUEKVGXU' },
      ]);
    }
    await deleteQueue(ctx, queues[0]!);
    const attrs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: String(i) }]));
    sns(ctx, 'Publish', { TopicArn: t, Message: 'eleven', MessageAttributes: attrs });
    const [gone] = listOutbox(ctx, { protocol: 'sqs', endpoint: queues[0]! });
    const [refused] = listOutbox(ctx, { protocol: 'sqs', endpoint: queues[1]! });
    expect(gone!.LastError).toMatch(/^AWS\.SimpleQueueService\.NonExistentQueue: /);
    expect(refused!.LastError).toMatch(/^InvalidParameterValue: Number of message attributes \[11\] exceeds the allowed maximum \[10\]/);
  });
});

describe('explainFilterPolicies', () => {
  it('says which subscriptions a message would reach and why not the others', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'why' }).TopicArn as string;
    const plain = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: await createQueue(ctx, 'plain') }).SubscriptionArn;
    const picky = sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: await createQueue(ctx, 'picky'),
      Attributes: { FilterPolicy: JSON.stringify({ store: ['example_corp'], price: [{ numeric: ['>', 100] }] }) },
    }).SubscriptionArn;
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'wait@example.com' });
    const r = explainFilterPolicies(ctx, {
      TopicArn: t,
      Message: 'hello',
      MessageAttributes: { store: { DataType: 'String', StringValue: 'example_corp' }, price: { DataType: 'Number', StringValue: '50' } },
    });
    expect(r.Subscriptions.map((s) => [s.SubscriptionArn, s.Matched])).toEqual([
      [plain, true],
      [picky, false],
      [expect.stringMatching(/^arn:aws:sns:/), false],
    ]);
    expect(r.Subscriptions[1]!.Reasons.join('\n')).toMatch(/price/);
    expect(r.Subscriptions[2]!.Reasons).toEqual(['the subscription is pending confirmation']);
    // nothing was published
    expect(listOutbox(ctx, { protocol: 'email' }).filter((e) => e.Type === 'Notification')).toEqual([]);
  });
});

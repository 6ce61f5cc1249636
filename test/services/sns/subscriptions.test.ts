import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/core/context.js';
import { confirmFromSubscribeUrl, listOutbox } from '../../../src/services/sns/index.js';
import { env, sns, snsError, topicArn, ACCOUNT } from './helpers.js';
import { createQueue, queueMessages } from './queues.js';

type Attrs = { Attributes: Record<string, string> };

function topic(ctx: Ctx, name = 'my-topic', attrs?: Record<string, string>): string {
  return sns(ctx, 'CreateTopic', attrs ? { Name: name, Attributes: attrs } : { Name: name }).TopicArn as string;
}

const queueArn = (name: string, account = ACCOUNT, region = 'us-east-1'): string => `arn:aws:sqs:${region}:${account}:${name}`;

/** The confirmation token sent to an endpoint (from the outbox). */
function tokenFor(ctx: Ctx, endpoint: string): string {
  const entries = listOutbox(ctx, { endpoint }).filter((e) => e.Type === 'SubscriptionConfirmation');
  const body = entries[entries.length - 1]!.Body;
  return body.startsWith('{') ? (JSON.parse(body).Token as string) : /Token: ([0-9a-f]+)/.exec(body)![1]!;
}

describe('Subscribe', () => {
  it('confirms an SQS queue of the same account at once', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const q = await createQueue(ctx, 'q1');
    const { SubscriptionArn } = sns<{ SubscriptionArn: string }>(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    expect(SubscriptionArn).toMatch(new RegExp(`^${t}:[0-9a-f-]{36}$`));
    const { Attributes } = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn });
    // in AWS's order (its developer guide's data protection page shows a response)
    expect(Object.entries(Attributes)).toEqual([
      ['SubscriptionPrincipal', `arn:aws:iam::${ACCOUNT}:root`],
      ['Owner', ACCOUNT],
      ['RawMessageDelivery', 'false'],
      ['TopicArn', t],
      ['Endpoint', q],
      ['Protocol', 'sqs'],
      ['PendingConfirmation', 'false'],
      ['ConfirmationWasAuthenticated', 'true'],
      ['SubscriptionArn', SubscriptionArn],
    ]);
    expect(sns<Attrs>(ctx, 'GetTopicAttributes', { TopicArn: t }).Attributes).toMatchObject({ SubscriptionsConfirmed: '1', SubscriptionsPending: '0' });
  });

  it('names the subscribing principal: the account root, in the partition of the region', () => {
    const { ctx } = env();
    const cn: Ctx = { ...ctx, region: 'cn-north-1', accountId: '123456789012' };
    const t = topic(cn);
    const { SubscriptionArn } = sns<{ SubscriptionArn: string }>(cn, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: 'arn:aws-cn:sqs:cn-north-1:123456789012:q' });
    expect(sns<Attrs>(cn, 'GetSubscriptionAttributes', { SubscriptionArn }).Attributes.SubscriptionPrincipal).toBe('arn:aws-cn:iam::123456789012:root');
  });

  it('leaves e-mail pending with the confirmation request in the outbox', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const r = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'my-email@example.com' });
    expect(r).toEqual({ SubscriptionArn: 'pending confirmation' });
    const [entry] = listOutbox(ctx, { protocol: 'email' });
    expect(entry).toMatchObject({ Type: 'SubscriptionConfirmation', Endpoint: 'my-email@example.com', Subject: 'AWS Notification - Subscription Confirmation', Status: 'recorded' });
    expect(entry!.Body).toContain(t);
    const subs = sns<{ Subscriptions: Record<string, string>[] }>(ctx, 'ListSubscriptions').Subscriptions;
    expect(subs).toEqual([{ SubscriptionArn: 'PendingConfirmation', Owner: ACCOUNT, Protocol: 'email', Endpoint: 'my-email@example.com', TopicArn: t }]);
    expect(sns<Attrs>(ctx, 'GetTopicAttributes', { TopicArn: t }).Attributes).toMatchObject({ SubscriptionsConfirmed: '0', SubscriptionsPending: '1' });
    // the link in the e-mail confirms
    const link = /^(https:\/\/sns\.us-east-1\.amazonaws\.com\/confirmation\.html\?\S+)$/m.exec(entry!.Body)![1]!;
    const arn = confirmFromSubscribeUrl(ctx, link).SubscriptionArn;
    expect(arn).toMatch(new RegExp(`^${t}:`));
    const attrs = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes;
    expect(attrs).toMatchObject({ PendingConfirmation: 'false', ConfirmationWasAuthenticated: 'false' });
    expect(sns<{ Subscriptions: Record<string, string>[] }>(ctx, 'ListSubscriptions').Subscriptions[0]!.SubscriptionArn).toBe(arn);
  });

  it('returns the pending ARN when ReturnSubscriptionArn is set', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const { SubscriptionArn } = sns<{ SubscriptionArn: string }>(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'https',
      Endpoint: 'https://example.com/hook',
      ReturnSubscriptionArn: true,
    });
    const a = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn }).Attributes;
    expect(a).toMatchObject({ PendingConfirmation: 'true', ConfirmationWasAuthenticated: 'false', Protocol: 'https' });
    expect(JSON.parse(a.EffectiveDeliveryPolicy!)).toEqual({
      healthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
      sicklyRetryPolicy: null,
      throttlePolicy: null,
      requestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
      guaranteed: false,
    });
    const [pending] = listOutbox(ctx, { protocol: 'https' });
    expect(pending).toMatchObject({ Type: 'SubscriptionConfirmation', Status: 'pending' });
    expect(pending!.Headers).toMatchObject({ 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-topic-arn': t });
    expect(pending!.Headers!['x-amz-sns-subscription-arn']).toBeUndefined();
  });

  it('validates protocol and endpoint as AWS does', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const cases: [string, string, string][] = [
      ['test-protocol', 'x', 'Invalid parameter: Amazon SNS does not support this protocol string: test-protocol'],
      ['sqs', 'https://sqs.us-east-1.amazonaws.com/000000000000/q', 'Invalid parameter: SQS endpoint ARN'],
      ['sqs', 'not-an-arn', 'Invalid parameter: SQS endpoint ARN'],
      ['sqs', queueArn('q.fifo'), 'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics'],
      ['http', 'https://example.com', 'Invalid parameter: Endpoint must match the specified protocol'],
      ['https', 'not a url', 'Invalid parameter: Endpoint must match the specified protocol'],
      ['email', 'nobody', 'Invalid parameter: Email address'],
      ['sms', 'invalid-number', 'Invalid SMS endpoint: invalid-number'],
      ['sms', '+15--551234567', 'Invalid SMS endpoint: +15--551234567'],
      ['sms', '+15551234567.', 'Invalid SMS endpoint: +15551234567.'],
      ['sms', '/+15551234567', 'Invalid SMS endpoint: /+15551234567'],
      ['application', 'arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/x', 'Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arnarn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/x'],
    ];
    for (const [Protocol, Endpoint, message] of cases) {
      const e = snsError(ctx, 'Subscribe', { TopicArn: t, Protocol, Endpoint });
      expect([e.code, e.message]).toEqual(['InvalidParameter', message]);
    }
    expect(snsError(ctx, 'Subscribe', { TopicArn: topicArn('nope'), Protocol: 'sqs', Endpoint: queueArn('q') }).message).toBe('Topic does not exist');
    expect(snsError(ctx, 'Subscribe', { TopicArn: 'arn:aws:sns:us-east-1', Protocol: 'sqs', Endpoint: queueArn('q') }).message).toBe(
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 4',
    );
    expect(sns(ctx, 'ListSubscriptions').Subscriptions).toEqual([]);
  });

  it('accepts only SQS on FIFO topics, standard and FIFO queues alike', async () => {
    const { ctx } = env();
    const t = topic(ctx, 't.fifo', { FifoTopic: 'true' });
    expect(snsError(ctx, 'Subscribe', { TopicArn: t, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' }).message).toBe(
      'Invalid parameter: Invalid protocol type: lambda',
    );
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: queueArn('q.fifo') }).SubscriptionArn).toMatch(/^arn:/);
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: queueArn('plain') }).SubscriptionArn).toMatch(/^arn:/);
  });

  it('is idempotent, and refuses the same endpoint with different attributes', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const q = queueArn('q');
    const a = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q, Attributes: { RawMessageDelivery: 'true' } });
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q, Attributes: { RawMessageDelivery: 'true' } })).toEqual(a);
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q })).toEqual(a);
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q, Attributes: {} })).toEqual(a);
    const e = snsError(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q, Attributes: { RawMessageDelivery: 'false' } });
    expect(e.message).toBe('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
  });

  it('compares a repeat Subscribe with the effective values, defaults included', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const sub = (Endpoint: string, Attributes?: Record<string, string>) =>
      sns<{ SubscriptionArn: string }>(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint, ...(Attributes ? { Attributes } : {}) }).SubscriptionArn;
    const raw = sub(queueArn('raw'), { RawMessageDelivery: 'true' });
    expect(sub(queueArn('raw'), { RawMessageDelivery: 'true', FilterPolicyScope: 'MessageAttributes' })).toBe(raw);
    expect(sub(queueArn('raw'), { FilterPolicyScope: 'MessageAttributes' })).toBe(raw);
    const plain = sub(queueArn('plain'));
    expect(sub(queueArn('plain'), { RawMessageDelivery: 'false' })).toBe(plain);
    expect(sub(queueArn('plain'), { RawMessageDelivery: 'false', FilterPolicyScope: 'MessageAttributes' })).toBe(plain);
    const differs = [
      [queueArn('raw'), { RawMessageDelivery: 'false', FilterPolicyScope: 'MessageBody' }],
      [queueArn('raw'), { FilterPolicyScope: 'MessageBody' }],
      [queueArn('plain'), { RawMessageDelivery: 'true' }],
    ] as const;
    for (const [Endpoint, Attributes] of differs) {
      const e = snsError(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint, Attributes });
      expect(e.message).toBe('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
    }
    expect(sns<{ Subscriptions: unknown[] }>(ctx, 'ListSubscriptions').Subscriptions).toHaveLength(2);
  });

  it('validates attributes with the Subscribe prefix', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const q = queueArn('q');
    const msg = (Attributes: Record<string, string>, Protocol = 'sqs', Endpoint = q): string =>
      snsError(ctx, 'Subscribe', { TopicArn: t, Protocol, Endpoint, Attributes }).message;
    expect(msg({ RawMessageDelivery: 'wrongvalue' })).toBe('Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.');
    expect(msg({ RawMessageDelivery: 'true' }, 'lambda', 'arn:aws:lambda:us-east-1:000000000000:function:f')).toBe(
      'Invalid parameter: Delivery protocol [lambda] does not support raw message delivery.',
    );
    expect(msg({ Unknown: 'x' })).toBe('Invalid parameter: Attributes Reason: AttributeName');
    expect(msg({ RedrivePolicy: '{"maxReceiveCount": 5}' })).toBe('Invalid parameter: Attributes Reason: RedrivePolicy: invalid JSON. Attribute maxReceiveCount is unknown.');
    expect(msg({ FilterPolicy: 'invalid' })).toMatch(/^Invalid parameter: Attributes Reason: FilterPolicy: /);
    expect(sns(ctx, 'ListSubscriptions').Subscriptions).toEqual([]);
  });
});

describe('cross-account queues', () => {
  it('must confirm: the request is delivered into the queue, and its SubscribeURL confirms', async () => {
    const e = env();
    const other: Ctx = { store: e.store, region: 'us-east-1', accountId: '111111111111' };
    const q = await createQueue(other, 'theirs');
    const t = topic(e.ctx);
    expect(sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q })).toEqual({ SubscriptionArn: 'pending confirmation' });
    const [m] = await queueMessages(other, q);
    const doc = JSON.parse(m!.Body);
    expect(doc).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: t, Message: `You have chosen to subscribe to the topic ${t}.\nTo confirm the subscription, visit the SubscribeURL included in this message.` });
    const { SubscriptionArn } = confirmFromSubscribeUrl(other, doc.SubscribeURL);
    expect(sns<Attrs>(e.ctx, 'GetSubscriptionAttributes', { SubscriptionArn }).Attributes).toMatchObject({ Endpoint: q, PendingConfirmation: 'false' });
  });
});

describe('ConfirmSubscription', () => {
  it('checks the topic ARN and the token as AWS does', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email-json', Endpoint: 'me@example.com' });
    const token = tokenFor(ctx, 'me@example.com');
    const err = (TopicArn: string, Token: string): string => snsError(ctx, 'ConfirmSubscription', { TopicArn, Token }).message;
    expect(err('not-an-arn', token)).toBe('Invalid parameter: Topic');
    expect(err(t, 'randomtoken')).toBe('Invalid token');
    expect(err(t, 'abc123')).toBe('Invalid parameter: Token');
    expect(err(topicArn('my-topic', 'eu-central-1'), token)).toBe('Invalid parameter: Topic');
    // a topic name that does not exist, in the right region, still confirms (as observed on AWS)
    const arn = sns<{ SubscriptionArn: string }>(ctx, 'ConfirmSubscription', { TopicArn: topicArn('other'), Token: token }).SubscriptionArn;
    expect(sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes.PendingConfirmation).toBe('false');
    // and confirming again is idempotent
    expect(sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: token, AuthenticateOnUnsubscribe: 'true' })).toEqual({ SubscriptionArn: arn });
  });

  it('refuses a token after two days', async () => {
    const e = env();
    const t = topic(e.ctx);
    sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'late@example.com' });
    const token = tokenFor(e.ctx, 'late@example.com');
    e.advance(2 * 24 * 3600 * 1000 + 1);
    expect(snsError(e.ctx, 'ConfirmSubscription', { TopicArn: t, Token: token }).message).toBe('Invalid parameter: Token');
  });

  it('records who authenticated the confirmation', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'auth@example.com' });
    const arn = sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: tokenFor(ctx, 'auth@example.com'), AuthenticateOnUnsubscribe: 'true' })
      .SubscriptionArn as string;
    expect(sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes.ConfirmationWasAuthenticated).toBe('true');
  });
});

describe('Unsubscribe', () => {
  it('sends nothing for a subscription that was never confirmed', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: 'http://example.com/', ReturnSubscriptionArn: true }).SubscriptionArn;
    sns(ctx, 'Unsubscribe', { SubscriptionArn: arn });
    expect(listOutbox(ctx, { endpoint: 'http://example.com/' }).map((e) => e.Type)).toEqual(['SubscriptionConfirmation']);
  });

  it('checks the ARN, deletes, and is idempotent', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: queueArn('q') }).SubscriptionArn as string;
    expect(snsError(ctx, 'Unsubscribe', { SubscriptionArn: 'foo' }).message).toBe('Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1');
    expect(snsError(ctx, 'Unsubscribe', { SubscriptionArn: 'arn:aws:sns:us-east-1:000000000000' }).message).toBe(
      'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5',
    );
    expect(snsError(ctx, 'Unsubscribe', { SubscriptionArn: t }).message).toBe('Invalid parameter: SubscriptionId');
    expect(snsError(ctx, 'Unsubscribe', { SubscriptionArn: '' }).message).toBe('Invalid parameter: SubscriptionArn Reason: no value for required parameter');
    expect(sns(ctx, 'Unsubscribe', { SubscriptionArn: arn })).toEqual({});
    expect(sns(ctx, 'Unsubscribe', { SubscriptionArn: arn })).toEqual({});
    expect(snsError(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).message).toBe('Subscription does not exist');
  });

  it('sends an UnsubscribeConfirmation whose token restores an HTTP subscription', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: 'http://example.com/', ReturnSubscriptionArn: true }).SubscriptionArn as string;
    sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: tokenFor(ctx, 'http://example.com/') });
    sns(ctx, 'Unsubscribe', { SubscriptionArn: arn });
    const entry = listOutbox(ctx, { endpoint: 'http://example.com/' }).find((e) => e.Type === 'UnsubscribeConfirmation')!;
    expect(entry.Headers!['x-amz-sns-subscription-arn']).toBe(arn);
    const doc = JSON.parse(entry.Body);
    expect(doc.Message).toBe(`You have chosen to deactivate subscription ${arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`);
    expect(sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: doc.Token })).toEqual({ SubscriptionArn: arn });
    expect(sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes.PendingConfirmation).toBe('false');
  });
});

describe('ListSubscriptions / ListSubscriptionsByTopic', () => {
  it('pages by 100 and lists only the topic asked for', async () => {
    const { ctx } = env();
    const t1 = topic(ctx, 't1');
    const t2 = topic(ctx, 't2');
    for (let i = 0; i < 150; i++) sns(ctx, 'Subscribe', { TopicArn: t1, Protocol: 'sqs', Endpoint: queueArn(`q${i}`) });
    sns(ctx, 'Subscribe', { TopicArn: t2, Protocol: 'sqs', Endpoint: queueArn('other') });
    const first = sns<{ Subscriptions: { Endpoint: string }[]; NextToken?: string }>(ctx, 'ListSubscriptionsByTopic', { TopicArn: t1 });
    expect(first.Subscriptions).toHaveLength(100);
    const second = sns<{ Subscriptions: { Endpoint: string }[]; NextToken?: string }>(ctx, 'ListSubscriptionsByTopic', { TopicArn: t1, NextToken: first.NextToken });
    expect(second.Subscriptions).toHaveLength(50);
    expect(second.NextToken).toBeUndefined();
    expect([...first.Subscriptions, ...second.Subscriptions].map((s) => s.Endpoint)).toEqual(Array.from({ length: 150 }, (_, i) => queueArn(`q${i}`)));
    const all = sns<{ Subscriptions: unknown[]; NextToken?: string }>(ctx, 'ListSubscriptions');
    expect(all.Subscriptions).toHaveLength(100);
    expect(sns<{ Subscriptions: unknown[] }>(ctx, 'ListSubscriptions', { NextToken: all.NextToken }).Subscriptions).toHaveLength(51);
    expect(snsError(ctx, 'ListSubscriptionsByTopic', { TopicArn: topicArn('nope') }).code).toBe('NotFound');
  });
});

describe('SetSubscriptionAttributes', () => {
  it('sets and removes attributes, with AWS checks', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: queueArn('q') }).SubscriptionArn as string;
    const set = (AttributeName: string, AttributeValue: string): unknown =>
      sns(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: arn, AttributeName, AttributeValue });
    const err = (AttributeName: string, AttributeValue: string): string =>
      snsError(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: arn, AttributeName, AttributeValue }).message;
    set('RawMessageDelivery', 'TRUE');
    set('FilterPolicy', '{ "anyMandatoryKey": ["any", "of", "these"] }');
    set('RedrivePolicy', JSON.stringify({ deadLetterTargetArn: queueArn('dlq') }));
    let a = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes;
    expect(a).toMatchObject({
      RawMessageDelivery: 'true',
      FilterPolicy: '{ "anyMandatoryKey": ["any", "of", "these"] }',
      FilterPolicyScope: 'MessageAttributes',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn('dlq') }),
    });
    set('FilterPolicy', '{}');
    a = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes;
    expect(a.FilterPolicy).toBeUndefined();
    expect(a.FilterPolicyScope).toBeUndefined();
    expect(err('RawMessageDelivery', '')).toBe('Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false.');
    expect(err('RawMessageDelivery', 'test-ValUe')).toBe('Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.');
    expect(err('Nope', 'x')).toBe('Invalid parameter: AttributeName');
    expect(err('RedrivePolicy', '{"deadLetterTargetArn": "not-an-arn"}')).toBe('Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
    expect(err('RedrivePolicy', '{invalid json}')).toBe(
      "Invalid parameter: RedrivePolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]",
    );
    expect(err('FilterPolicyScope', 'Everything')).toBe('Invalid parameter: FilterPolicyScope: Invalid value [Everything]. Please use either MessageBody or MessageAttributes');
    expect(snsError(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: `${t}:00000000-0000-0000-0000-000000000000`, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }).message).toBe(
      'Subscription does not exist',
    );
  });

  it('requires a FIFO dead-letter queue for a FIFO queue of a FIFO topic', async () => {
    const { ctx } = env();
    const t = topic(ctx, 't.fifo', { FifoTopic: 'true' });
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: queueArn('q.fifo') }).SubscriptionArn;
    expect(
      snsError(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: arn, AttributeName: 'RedrivePolicy', AttributeValue: JSON.stringify({ deadLetterTargetArn: queueArn('dlq') }) }).message,
    ).toBe('Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.');
  });

  it('normalises an HTTP delivery policy and merges the topic policy into the effective one', async () => {
    const { ctx } = env();
    const t = topic(ctx);
    sns(ctx, 'SetTopicAttributes', {
      TopicArn: t,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: 'application/json' } } }),
    });
    const arn = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: 'http://example.com/', ReturnSubscriptionArn: true }).SubscriptionArn;
    sns(ctx, 'SetSubscriptionAttributes', {
      SubscriptionArn: arn,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 0 }, throttlePolicy: { maxReceivesPerSecond: 1000 } }),
    });
    const a = sns<Attrs>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: arn }).Attributes;
    // the written retry policy as written; AWS's defaults for the rest only in the effective policy
    expect(a.DeliveryPolicy).toBe(
      '{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":0},"sicklyRetryPolicy":null,"throttlePolicy":{"maxReceivesPerSecond":1000},"requestPolicy":null,"guaranteed":false}',
    );
    const healthy = { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 0, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' };
    expect(JSON.parse(a.EffectiveDeliveryPolicy!)).toEqual({
      healthyRetryPolicy: healthy,
      sicklyRetryPolicy: null,
      throttlePolicy: { maxReceivesPerSecond: 1000 },
      requestPolicy: { headerContentType: 'application/json' },
      guaranteed: false,
    });
    expect(
      snsError(ctx, 'SetSubscriptionAttributes', {
        SubscriptionArn: arn,
        AttributeName: 'DeliveryPolicy',
        AttributeValue: JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 0, maxDelayTarget: 0, numRetries: 0 } }),
      }).message,
    ).toBe('Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1');
  });
});

/**
 * The AWS CLI's own examples for `aws sns` (awscli/examples/sns/*.rst), at the operation level,
 * in the examples' account and region. Output the examples show is compared as far as it is
 * not random (ids, tokens) — key order of attribute maps aside, which AWS does not fix.
 */
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/core/context.js';
import { listOutbox, optOutPhoneNumber } from '../../../src/services/sns/index.js';
import { env, sns } from './helpers.js';

const ACCOUNT = '123456789012';
const REGION = 'us-west-2';

function exampleCtx(): Ctx {
  const e = env(REGION);
  return { store: e.store, region: REGION, accountId: ACCOUNT };
}

const arn = (name: string): string => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;

/** An e-mail subscription, confirmed with the token from the confirmation e-mail. */
function confirmedEmail(ctx: Ctx, topic: string, email = 'my-email@example.com'): string {
  expect(sns(ctx, 'Subscribe', { TopicArn: topic, Protocol: 'email', Endpoint: email })).toEqual({ SubscriptionArn: 'pending confirmation' });
  const body = listOutbox(ctx, { endpoint: email }).find((e) => e.Type === 'SubscriptionConfirmation')!.Body;
  const token = /Token: ([0-9a-f]+)/.exec(body)![1]!;
  return sns<{ SubscriptionArn: string }>(ctx, 'ConfirmSubscription', { TopicArn: topic, Token: token }).SubscriptionArn;
}

describe('aws sns examples', () => {
  it('create-topic, list-topics, set/get-topic-attributes, delete-topic', () => {
    const ctx = exampleCtx();
    expect(sns(ctx, 'CreateTopic', { Name: 'my-topic' })).toEqual({ TopicArn: arn('my-topic') });
    expect(sns(ctx, 'ListTopics')).toEqual({ Topics: [{ TopicArn: arn('my-topic') }] });
    expect(sns(ctx, 'SetTopicAttributes', { TopicArn: arn('my-topic'), AttributeName: 'DisplayName', AttributeValue: 'my-topic' })).toEqual({});
    confirmedEmail(ctx, arn('my-topic'));
    const { Attributes } = sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn('my-topic') });
    expect(Object.keys(Attributes).sort()).toEqual(
      ['SubscriptionsConfirmed', 'DisplayName', 'SubscriptionsDeleted', 'EffectiveDeliveryPolicy', 'Owner', 'Policy', 'TopicArn', 'SubscriptionsPending'].sort(),
    );
    expect(Attributes).toMatchObject({
      SubscriptionsConfirmed: '1',
      DisplayName: 'my-topic',
      SubscriptionsDeleted: '0',
      Owner: ACCOUNT,
      TopicArn: arn('my-topic'),
      SubscriptionsPending: '0',
    });
    expect(JSON.parse(Attributes.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy).toEqual({
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    });
    expect(sns(ctx, 'DeleteTopic', { TopicArn: arn('my-topic') })).toEqual({});
    expect(sns(ctx, 'ListTopics')).toEqual({ Topics: [] });
  });

  it('subscribe, confirm-subscription, list-subscriptions(-by-topic), get/set-subscription-attributes, unsubscribe', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'my-topic' }).TopicArn as string;
    const sub = confirmedEmail(ctx, topic);
    expect(sub).toMatch(new RegExp(`^${arn('my-topic')}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    const listed = { Owner: ACCOUNT, Endpoint: 'my-email@example.com', Protocol: 'email', TopicArn: arn('my-topic'), SubscriptionArn: sub };
    expect(sns(ctx, 'ListSubscriptions')).toEqual({ Subscriptions: [listed] });
    expect(sns(ctx, 'ListSubscriptionsByTopic', { TopicArn: arn('my-topic') })).toEqual({ Subscriptions: [listed] });
    // the AWS CLI's example output predates SubscriptionPrincipal, which AWS now returns
    expect(sns(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: sub })).toEqual({
      Attributes: {
        SubscriptionPrincipal: `arn:aws:iam::${ACCOUNT}:root`,
        Endpoint: 'my-email@example.com',
        Protocol: 'email',
        RawMessageDelivery: 'false',
        ConfirmationWasAuthenticated: 'false',
        Owner: ACCOUNT,
        SubscriptionArn: sub,
        TopicArn: arn('my-topic'),
        PendingConfirmation: 'false',
      },
    });
    expect(sns(ctx, 'Unsubscribe', { SubscriptionArn: sub })).toEqual({});
    expect(sns(ctx, 'ListSubscriptions')).toEqual({ Subscriptions: [] });
  });

  it('set-subscription-attributes: RawMessageDelivery, a FilterPolicy, and removing it with "{}"', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'mytopic' }).TopicArn as string;
    const sub = sns(ctx, 'Subscribe', { TopicArn: topic, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:myqueue` }).SubscriptionArn as string;
    expect(sns(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' })).toEqual({});
    expect(
      sns(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: '{ "anyMandatoryKey": ["any", "of", "these"] }' }),
    ).toEqual({});
    const get = (): Record<string, string> => sns<{ Attributes: Record<string, string> }>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: sub }).Attributes;
    expect(get()).toMatchObject({ RawMessageDelivery: 'true', FilterPolicy: '{ "anyMandatoryKey": ["any", "of", "these"] }' });
    expect(sns(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: '{}' })).toEqual({});
    expect(get().FilterPolicy).toBeUndefined();
  });

  it('publish: a message from a file, and an SMS to a phone number', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'my-topic' }).TopicArn as string;
    const fromFile = sns<{ MessageId: string }>(ctx, 'Publish', { TopicArn: topic, Message: 'Hello World\nSecond Line\n' });
    expect(Object.keys(fromFile)).toEqual(['MessageId']);
    expect(fromFile.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const sms = sns<{ MessageId: string }>(ctx, 'Publish', { Message: 'Hello world!', PhoneNumber: '+1-555-555-0100' });
    expect(listOutbox(ctx, { protocol: 'sms' })).toEqual([expect.objectContaining({ MessageId: sms.MessageId, Endpoint: '+1-555-555-0100', Body: 'Hello world!' })]);
  });

  it('add-permission, remove-permission', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'MyTopic' }).TopicArn as string;
    expect(sns(ctx, 'AddPermission', { TopicArn: topic, Label: 'Publish-Permission', AWSAccountId: ['987654321098'], ActionName: ['Publish'] })).toEqual({});
    expect(sns(ctx, 'RemovePermission', { TopicArn: topic, Label: 'Publish-Permission' })).toEqual({});
  });

  it('tag-resource, list-tags-for-resource, untag-resource', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'MyTopic' }).TopicArn as string;
    expect(sns(ctx, 'TagResource', { ResourceArn: topic, Tags: [{ Key: 'Team', Value: 'Alpha' }] })).toEqual({});
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: topic })).toEqual({ Tags: [{ Key: 'Team', Value: 'Alpha' }] });
    expect(sns(ctx, 'UntagResource', { ResourceArn: topic, TagKeys: ['Team'] })).toEqual({});
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: topic })).toEqual({ Tags: [] });
  });

  it('put-data-protection-policy', () => {
    const ctx = exampleCtx();
    const topic = sns(ctx, 'CreateTopic', { Name: 'mytopic' }).TopicArn as string;
    const policy =
      '{"Name":"data_protection_policy","Description":"Example data protection policy","Version":"2021-06-01","Statement":[{"DataDirection":"Inbound","Principal":["*"],"DataIdentifier":["arn:aws:dataprotection::aws:data-identifier/CreditCardNumber"],"Operation":{"Deny":{}}}]}';
    expect(sns(ctx, 'PutDataProtectionPolicy', { ResourceArn: topic, DataProtectionPolicy: policy })).toEqual({});
  });

  it('create-platform-application, create-platform-endpoint, get/set-endpoint-attributes, list-endpoints, delete-endpoint', () => {
    const ctx = exampleCtx();
    const app = sns(ctx, 'CreatePlatformApplication', {
      Name: 'MyApplication',
      Platform: 'GCM',
      Attributes: { PlatformCredential: 'EXAMPLEabcd12345jklm67890stuv12345bcdef' },
    });
    expect(app).toEqual({ PlatformApplicationArn: 'arn:aws:sns:us-west-2:123456789012:app/GCM/MyApplication' });
    const { EndpointArn } = sns<{ EndpointArn: string }>(ctx, 'CreatePlatformEndpoint', {
      PlatformApplicationArn: 'arn:aws:sns:us-west-2:123456789012:app/GCM/MyApplication',
      Token: 'EXAMPLE12345...',
    });
    expect(EndpointArn).toMatch(/^arn:aws:sns:us-west-2:123456789012:endpoint\/GCM\/MyApplication\/[0-9a-f-]{36}$/);
    expect(sns(ctx, 'GetEndpointAttributes', { EndpointArn })).toEqual({ Attributes: { Enabled: 'true', Token: 'EXAMPLE12345...' } });
    expect(sns(ctx, 'ListEndpointsByPlatformApplication', { PlatformApplicationArn: app.PlatformApplicationArn })).toEqual({
      Endpoints: [{ Attributes: { Token: 'EXAMPLE12345...', Enabled: 'true' }, EndpointArn }],
    });
    expect(sns(ctx, 'SetEndpointAttributes', { EndpointArn, Attributes: { Enabled: 'false' } })).toEqual({});
    expect(sns(ctx, 'GetEndpointAttributes', { EndpointArn })).toEqual({ Attributes: { Enabled: 'false', Token: 'EXAMPLE12345...' } });
    expect(sns(ctx, 'SetPlatformApplicationAttributes', {
      PlatformApplicationArn: app.PlatformApplicationArn,
      Attributes: { EventDeliveryFailure: 'arn:aws:sns:us-west-2:123456789012:AnotherTopic' },
    })).toEqual({});
    expect(sns(ctx, 'DeleteEndpoint', { EndpointArn })).toEqual({});
    expect(sns(ctx, 'DeletePlatformApplication', { PlatformApplicationArn: app.PlatformApplicationArn })).toEqual({});
  });

  it('get-platform-application-attributes, list-platform-applications', () => {
    const ctx = exampleCtx();
    const adm = sns(ctx, 'CreatePlatformApplication', {
      Name: 'MyApplication',
      Platform: 'ADM',
      Attributes: { PlatformPrincipal: 'id', PlatformCredential: 'secret', SuccessFeedbackSampleRate: '100' },
    }).PlatformApplicationArn;
    const mpns = sns(ctx, 'CreatePlatformApplication', {
      Name: 'MyOtherApplication',
      Platform: 'MPNS',
      Attributes: { PlatformPrincipal: 'cert', PlatformCredential: 'key', SuccessFeedbackSampleRate: '100' },
    }).PlatformApplicationArn;
    expect(sns(ctx, 'GetPlatformApplicationAttributes', { PlatformApplicationArn: mpns })).toEqual({ Attributes: { Enabled: 'true', SuccessFeedbackSampleRate: '100' } });
    expect(sns(ctx, 'ListPlatformApplications')).toEqual({
      PlatformApplications: [
        { PlatformApplicationArn: 'arn:aws:sns:us-west-2:123456789012:app/ADM/MyApplication', Attributes: { SuccessFeedbackSampleRate: '100', Enabled: 'true' } },
        { PlatformApplicationArn: 'arn:aws:sns:us-west-2:123456789012:app/MPNS/MyOtherApplication', Attributes: { SuccessFeedbackSampleRate: '100', Enabled: 'true' } },
      ],
    });
    expect(adm).toBe('arn:aws:sns:us-west-2:123456789012:app/ADM/MyApplication');
  });

  it('set-sms-attributes, get-sms-attributes', () => {
    const ctx = exampleCtx();
    expect(sns(ctx, 'SetSMSAttributes', { attributes: { DefaultSenderID: 'MyName' } })).toEqual({});
    // the example's output shows DefaultSenderID; a new account also reports its spend limit
    expect(sns(ctx, 'GetSMSAttributes')).toEqual({ attributes: { MonthlySpendLimit: '1', DefaultSenderID: 'MyName' } });
  });

  it('check-if-phone-number-is-opted-out, list-phone-numbers-opted-out, opt-in-phone-number', () => {
    const ctx = exampleCtx();
    expect(sns(ctx, 'CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+1555550100' })).toEqual({ isOptedOut: false });
    optOutPhoneNumber(ctx, '+15555550100');
    expect(sns(ctx, 'ListPhoneNumbersOptedOut')).toEqual({ phoneNumbers: ['+15555550100'] });
    expect(sns(ctx, 'OptInPhoneNumber', { phoneNumber: '+15555550100' })).toEqual({});
    expect(sns(ctx, 'ListPhoneNumbersOptedOut')).toEqual({ phoneNumbers: [] });
  });
});

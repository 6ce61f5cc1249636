/**
 * The AWS CLI's documented examples for `aws sns` (awscli/examples/sns/*.rst), each run through
 * bin/awsmsg as written, after the set-up that makes it meaningful, and compared with the
 * documented output (see helpers.ts for what is compared). The examples' account is
 * 123456789012, the one awsmsg runs as here; subscription and endpoint ids are placeholders
 * for the ones the set-up made.
 */
import { describe, expect, it } from 'vitest';
import { listOutbox, optOutPhoneNumber } from '../../../src/services/sns/index.js';
import { ACCOUNT, exampleKey, expectLike, loadExamples, replaceArg, runExample, type ExampleEnv, type ServiceExamples } from './helpers.js';

const TOPIC = (name: string, region = 'us-west-2') => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
const DOC_SUBSCRIPTION = '8a21d249-4329-4871-acc6-7be709c6ea7f';
const DOC_ENDPOINT = 'arn:aws:sns:us-west-2:123456789012:endpoint/GCM/MyApplication/12345678-abcd-9012-efgh-345678901234';

const topic = async (env: ExampleEnv, name: string, region?: string): Promise<string> =>
  (await env.call('sns', 'CreateTopic', { Name: name }, region)).TopicArn;

/** An e-mail subscription as the examples have it, confirmed with the token its confirmation message carries. */
async function emailSubscription(env: ExampleEnv, topicArn: string, confirm = true): Promise<string> {
  expect(await env.call('sns', 'Subscribe', { TopicArn: topicArn, Protocol: 'email', Endpoint: 'my-email@example.com' })).toEqual({ SubscriptionArn: 'pending confirmation' });
  if (!confirm) return '';
  return (await env.call('sns', 'ConfirmSubscription', { TopicArn: topicArn, Token: confirmationToken(env) })).SubscriptionArn;
}

function confirmationToken(env: ExampleEnv): string {
  const sent = listOutbox(env.ctx, { endpoint: 'my-email@example.com' }).find((e) => e.Type === 'SubscriptionConfirmation')!;
  return /Token: ([0-9a-f]+)/.exec(sent.Body)![1]!;
}

/** An SQS subscription, for the examples that set attributes of one. */
async function sqsSubscription(env: ExampleEnv, name: string, region: string): Promise<string> {
  const TopicArn = await topic(env, name, region);
  await env.call('sqs', 'CreateQueue', { QueueName: `${name}-queue` }, region);
  return (await env.call('sns', 'Subscribe', { TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${region}:${ACCOUNT}:${name}-queue` }, region)).SubscriptionArn;
}

const platformApp = async (env: ExampleEnv, Name: string, Platform: string, Attributes: Record<string, string> = {}): Promise<string> =>
  (await env.call('sns', 'CreatePlatformApplication', { Name, Platform, Attributes: { PlatformCredential: 'EXAMPLEabcd12345jklm67890stuv12345bcdef', ...Attributes } })).PlatformApplicationArn;

async function gcmEndpoint(env: ExampleEnv): Promise<string> {
  const app = await platformApp(env, 'MyApplication', 'GCM');
  return (await env.call('sns', 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'EXAMPLE12345...' })).EndpointArn;
}

const subscriptionAttrs = async (env: ExampleEnv, arn: string, region: string) =>
  (await env.call('sns', 'GetSubscriptionAttributes', { SubscriptionArn: arn }, region)).Attributes;

/** The data protection policy of the first example, which the second loads from policy.json. */
const DATA_PROTECTION_POLICY = JSON.stringify({
  Name: 'data_protection_policy',
  Description: 'Example data protection policy',
  Version: '2021-06-01',
  Statement: [{ DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/CreditCardNumber'], Operation: { Deny: {} } }],
});

/** Each example's SQS subscription, by example, made in its set-up. */
const made = new Map<ExampleEnv, string>();

const setSubscriptionAttributes = (check: (attrs: Record<string, string>) => void, before?: Record<string, string>) => ({
  region: 'us-east-1',
  async setup(env: ExampleEnv) {
    const arn = await sqsSubscription(env, 'mytopic', 'us-east-1');
    for (const [AttributeName, AttributeValue] of Object.entries(before ?? {})) {
      await env.call('sns', 'SetSubscriptionAttributes', { SubscriptionArn: arn, AttributeName, AttributeValue }, 'us-east-1');
    }
    made.set(env, arn);
  },
  argv: (argv: string[], env: ExampleEnv) => replaceArg(argv, `${TOPIC('mytopic', 'us-east-1')}:f248de18-2cf6-578c-8592-b6f1eaa877dc`, made.get(env)!),
  async after(env: ExampleEnv) {
    check(await subscriptionAttrs(env, made.get(env)!, 'us-east-1'));
  },
});

const SNS: ServiceExamples = {
  service: 'sns',
  region: 'us-west-2',
  rewrite: (text) => text,
  plans: {
    'add-permission.rst#0': {
      setup: (env) => topic(env, 'MyTopic'),
      async after(env) {
        const policy = JSON.parse((await env.call('sns', 'GetTopicAttributes', { TopicArn: TOPIC('MyTopic') })).Attributes.Policy);
        expect(policy.Statement.find((s: any) => s.Sid === 'Publish-Permission')).toEqual({
          Sid: 'Publish-Permission',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::987654321098:root' },
          Action: 'SNS:Publish',
          Resource: TOPIC('MyTopic'),
        });
      },
    },
    'check-if-phone-number-is-opted-out.rst#0': {},
    'confirm-subscription.rst#0': {
      setup: async (env) => emailSubscription(env, await topic(env, 'my-topic'), false),
      argv: (argv, env) => argv.map((a) => (/^[0-9a-f]{100,}$/.test(a) ? confirmationToken(env) : a)),
      async after(env) {
        const { Subscriptions } = await env.call('sns', 'ListSubscriptionsByTopic', { TopicArn: TOPIC('my-topic') });
        expect(Subscriptions.map((s: any) => s.SubscriptionArn)).toEqual([expect.stringMatching(new RegExp(`^${TOPIC('my-topic')}:[0-9a-f-]{36}$`))]);
      },
    },
    'create-platform-application.rst#0': {},
    'create-platform-endpoint.rst#0': {
      setup: (env) => platformApp(env, 'MyApplication', 'GCM'),
      // the docs' ARN names a 10-digit account; the endpoint's id is AWS's to choose
      patch: (doc) => void (doc.EndpointArn = `arn:aws:sns:us-west-2:${ACCOUNT}:endpoint/GCM/MyApplication/...`),
    },
    'create-topic.rst#0': {
      // the docs show the response metadata, which the CLI never prints
      patch: (doc) => void delete doc.ResponseMetadata,
    },
    'delete-endpoint.rst#0': {
      async argv(argv, env) {
        return replaceArg(argv, DOC_ENDPOINT, await gcmEndpoint(env));
      },
      async after(env) {
        const { PlatformApplicationArn } = (await env.call('sns', 'ListPlatformApplications')).PlatformApplications[0];
        expect((await env.call('sns', 'ListEndpointsByPlatformApplication', { PlatformApplicationArn })).Endpoints).toEqual([]);
      },
    },
    'delete-platform-application.rst#0': {
      setup: (env) => platformApp(env, 'MyApplication', 'ADM', { PlatformPrincipal: 'client-id' }),
      async after(env) {
        expect((await env.call('sns', 'ListPlatformApplications')).PlatformApplications).toEqual([]);
      },
    },
    'delete-topic.rst#0': {
      setup: (env) => topic(env, 'my-topic'),
      async after(env) {
        expect((await env.call('sns', 'ListTopics')).Topics).toEqual([]);
      },
    },
    'get-endpoint-attributes.rst#0': {
      argv: async (argv, env) => replaceArg(argv, DOC_ENDPOINT, await gcmEndpoint(env)),
    },
    'get-platform-application-attributes.rst#0': {
      setup: (env) => platformApp(env, 'MyApplication', 'MPNS', { PlatformPrincipal: 'certificate', SuccessFeedbackSampleRate: '100' }),
    },
    'get-sms-attributes.rst#0': {
      setup: (env) => env.call('sns', 'SetSMSAttributes', { attributes: { DefaultSenderID: 'MyName' } }),
      // newer than the docs: AWS lists the default MonthlySpendLimit too
      like: { added: ['MonthlySpendLimit'] },
    },
    'get-subscription-attributes.rst#0': {
      async setup(env) {
        made.set(env, await emailSubscription(env, await topic(env, 'my-topic')));
      },
      argv: (argv, env) => replaceArg(argv, `${TOPIC('my-topic')}:${DOC_SUBSCRIPTION}`, made.get(env)!),
      // confirmed through the token here, as the docs' was; newer than the docs, AWS lists
      // PendingConfirmation and the SubscriptionPrincipal too
      like: { added: ['PendingConfirmation', 'SubscriptionPrincipal'] },
    },
    'get-topic-attributes.rst#0': {
      async setup(env) {
        await topic(env, 'my-topic');
        await env.call('sns', 'SetTopicAttributes', { TopicArn: TOPIC('my-topic'), AttributeName: 'DisplayName', AttributeValue: 'my-topic' });
        await emailSubscription(env, TOPIC('my-topic'));
      },
      // The docs' policy names its actions in another order and its owner with 13 digits, and
      // their effective delivery policy predates the defaultRequestPolicy AWS reports now: the
      // two JSON documents are compared by meaning, the rest as usual.
      check(r) {
        expect(r.status, r.stderr).toBe(0);
        const { Attributes } = JSON.parse(r.stdout);
        const example = loadExamples('sns').find((e) => e.file === 'get-topic-attributes.rst')!;
        const doc = JSON.parse(example.output!).Attributes;
        expectLike({ ...Attributes, Policy: '', EffectiveDeliveryPolicy: '' }, { ...doc, Policy: '', EffectiveDeliveryPolicy: '' });
        const [policy, docPolicy] = [JSON.parse(Attributes.Policy), JSON.parse(doc.Policy)];
        docPolicy.Statement[0].Condition.StringEquals['AWS:SourceOwner'] = ACCOUNT;
        const sortActions = (p: any) => ({ ...p, Statement: p.Statement.map((s: any) => ({ ...s, Action: [...s.Action].sort() })) });
        expect(sortActions(policy)).toEqual(sortActions(docPolicy));
        const delivery = JSON.parse(Attributes.EffectiveDeliveryPolicy);
        expect(delivery).toEqual({ http: { ...JSON.parse(doc.EffectiveDeliveryPolicy).http, defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' } } });
      },
    },
    'list-endpoints-by-platform-application.rst#0': {
      // the docs' JSON misses the quote that closes the token
      repair: (text) => text.replace('"EXAMPLE12345...,', '"EXAMPLE12345...",'),
      async setup(env) {
        made.set(env, await gcmEndpoint(env));
      },
      // the endpoint's id is AWS's to choose
      patch: (doc) => void (doc.Endpoints[0].EndpointArn = `arn:aws:sns:us-west-2:${ACCOUNT}:endpoint/GCM/MyApplication/...`),
    },
    'list-phone-numbers-opted-out.rst#0': {
      setup: (env) => optOutPhoneNumber(env.ctx, '+15555550100'),
    },
    'list-platform-applications.rst#0': {
      async setup(env) {
        await platformApp(env, 'MyApplication', 'ADM', { PlatformPrincipal: 'client-id', SuccessFeedbackSampleRate: '100' });
        await platformApp(env, 'MyOtherApplication', 'MPNS', { PlatformPrincipal: 'certificate', SuccessFeedbackSampleRate: '100' });
      },
    },
    'list-subscriptions-by-topic.rst#0': {
      setup: async (env) => emailSubscription(env, await topic(env, 'my-topic')),
    },
    'list-subscriptions.rst#0': {
      setup: async (env) => emailSubscription(env, await topic(env, 'my-topic')),
    },
    'list-tags-for-resource.rst#0': {
      setup: (env) => env.call('sns', 'CreateTopic', { Name: 'MyTopic', Tags: [{ Key: 'Team', Value: 'Alpha' }] }),
    },
    'list-topics.rst#0': {
      setup: (env) => topic(env, 'my-topic'),
    },
    'opt-in-phone-number.rst#0': {
      setup: (env) => optOutPhoneNumber(env.ctx, '+15555550100'),
      async after(env) {
        expect(await env.call('sns', 'CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+15555550100' })).toEqual({ isOptedOut: false });
      },
    },
    'publish.rst#0': {
      setup: async (env) => emailSubscription(env, await topic(env, 'my-topic')),
      after(env) {
        // the file's text, line break and all, is what the subscriber gets
        const sent = listOutbox(env.ctx, { endpoint: 'my-email@example.com' }).filter((e) => e.Type === 'Notification');
        expect(sent.map((e) => e.Body)).toEqual([expect.stringContaining('Hello World\nSecond Line\n')]);
      },
    },
    'publish.rst#1': {
      after(env) {
        expect(listOutbox(env.ctx, { protocol: 'sms' }).map((e) => e.Body)).toContain('Hello world!');
      },
    },
    'put-data-protection-policy.rst#0': {
      region: 'us-east-1',
      setup: (env) => topic(env, 'mytopic', 'us-east-1'),
      async after(env) {
        const got = await env.call('sns', 'GetDataProtectionPolicy', { ResourceArn: TOPIC('mytopic', 'us-east-1') }, 'us-east-1');
        expect(JSON.parse(got.DataProtectionPolicy)).toEqual(JSON.parse(DATA_PROTECTION_POLICY));
      },
    },
    'put-data-protection-policy.rst#1': {
      setup: (env) => topic(env, 'MyTopic'),
      // the docs do not show policy.json: here it holds the first example's policy
      inputs: () => ({ 'policy.json': DATA_PROTECTION_POLICY }),
      async after(env) {
        const got = await env.call('sns', 'GetDataProtectionPolicy', { ResourceArn: TOPIC('MyTopic') });
        expect(JSON.parse(got.DataProtectionPolicy)).toEqual(JSON.parse(DATA_PROTECTION_POLICY));
      },
    },
    'remove-permission.rst#0': {
      async setup(env) {
        await env.call('sns', 'AddPermission', { TopicArn: await topic(env, 'MyTopic'), Label: 'Publish-Permission', AWSAccountId: ['987654321098'], ActionName: ['Publish'] });
      },
      async after(env) {
        const policy = JSON.parse((await env.call('sns', 'GetTopicAttributes', { TopicArn: TOPIC('MyTopic') })).Attributes.Policy);
        expect(policy.Statement.map((s: any) => s.Sid)).toEqual(['__default_statement_ID']);
      },
    },
    'set-endpoint-attributes.rst#0': {
      argv: async (argv, env) => replaceArg(argv, DOC_ENDPOINT, await gcmEndpoint(env)),
      // SetEndpointAttributes answers with nothing; the docs show the attributes the endpoint then has
      async check(r, env) {
        expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
        const arn = (await env.call('sns', 'ListEndpointsByPlatformApplication', { PlatformApplicationArn: `arn:aws:sns:us-west-2:${ACCOUNT}:app/GCM/MyApplication` })).Endpoints[0].EndpointArn;
        const example = loadExamples('sns').find((e) => e.file === 'set-endpoint-attributes.rst')!;
        expectLike(await env.call('sns', 'GetEndpointAttributes', { EndpointArn: arn }), JSON.parse(example.output!));
      },
    },
    'set-platform-application-attributes.rst#0': {
      async setup(env) {
        await platformApp(env, 'MyApplication', 'GCM');
        await topic(env, 'AnotherTopic');
      },
      async after(env) {
        const got = await env.call('sns', 'GetPlatformApplicationAttributes', { PlatformApplicationArn: `arn:aws:sns:us-west-2:${ACCOUNT}:app/GCM/MyApplication` });
        expect(got.Attributes.EventDeliveryFailure).toBe(TOPIC('AnotherTopic'));
      },
    },
    'set-sms-attributes.rst#0': {
      async after(env) {
        expect(await env.call('sns', 'GetSMSAttributes', { attributes: ['DefaultSenderID'] })).toEqual({ attributes: { DefaultSenderID: 'MyName' } });
      },
    },
    'set-subscription-attributes.rst#0': setSubscriptionAttributes((attrs) => expect(attrs.RawMessageDelivery).toBe('true')),
    'set-subscription-attributes.rst#1': setSubscriptionAttributes((attrs) => {
      expect(JSON.parse(attrs.FilterPolicy!)).toEqual({ anyMandatoryKey: ['any', 'of', 'these'] });
      expect(attrs.FilterPolicyScope).toBe('MessageAttributes');
    }),
    'set-subscription-attributes.rst#2': setSubscriptionAttributes(
      (attrs) => expect(attrs.FilterPolicy).toBeUndefined(),
      { FilterPolicy: JSON.stringify({ anyMandatoryKey: ['any', 'of', 'these'] }) },
    ),
    'set-topic-attributes.rst#0': {
      setup: (env) => topic(env, 'MyTopic'),
      async after(env) {
        expect((await env.call('sns', 'GetTopicAttributes', { TopicArn: TOPIC('MyTopic') })).Attributes.DisplayName).toBe('MyTopicDisplayName');
      },
    },
    'subscribe.rst#0': {
      setup: (env) => topic(env, 'my-topic'),
      after(env) {
        // the confirmation request went to the address, as AWS's e-mail would
        expect(listOutbox(env.ctx, { endpoint: 'my-email@example.com' }).map((e) => e.Type)).toEqual(['SubscriptionConfirmation']);
      },
    },
    'tag-resource.rst#0': {
      setup: (env) => topic(env, 'MyTopic'),
      async after(env) {
        expect(await env.call('sns', 'ListTagsForResource', { ResourceArn: TOPIC('MyTopic') })).toEqual({ Tags: [{ Key: 'Team', Value: 'Alpha' }] });
      },
    },
    'unsubscribe.rst#0': {
      async setup(env) {
        made.set(env, await emailSubscription(env, await topic(env, 'my-topic')));
      },
      // The docs' ARN names account 0123456789012 (13 digits), where no such subscription is:
      // unsubscribing from one that does not exist succeeds and does nothing, as on AWS. With
      // the subscription's own ARN, the example does what it says.
      async check(r, env) {
        expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
        expect((await env.call('sns', 'ListSubscriptions')).Subscriptions).toHaveLength(1);
        const again = env.run(['sns', 'unsubscribe', '--subscription-arn', made.get(env)!]);
        expect(again).toMatchObject({ status: 0, stdout: '', stderr: '' });
        expect((await env.call('sns', 'ListSubscriptions')).Subscriptions).toEqual([]);
      },
    },
    'untag-resource.rst#0': {
      setup: (env) => env.call('sns', 'CreateTopic', { Name: 'MyTopic', Tags: [{ Key: 'Team', Value: 'Alpha' }] }),
      async after(env) {
        expect(await env.call('sns', 'ListTagsForResource', { ResourceArn: TOPIC('MyTopic') })).toEqual({ Tags: [] });
      },
    },
  },
};

const examples = loadExamples('sns');

describe('the AWS CLI examples for sns, through bin/awsmsg', () => {
  it('has a plan for every documented example and no other', () => {
    expect(Object.keys(SNS.plans).sort()).toEqual(examples.map(exampleKey).sort());
  });
  for (const example of examples) {
    it(`${exampleKey(example)}: ${example.command.slice(0, 2).join(' ')}`, () => runExample(example, SNS));
  }
});

import { describe, expect, it } from 'vitest';
import { env, sns, snsError, topicArn, ACCOUNT } from './helpers.js';

describe('CreateTopic', () => {
  it('returns the topic ARN and is idempotent', () => {
    const { ctx } = env();
    const a = sns(ctx, 'CreateTopic', { Name: 'orders' });
    expect(a).toEqual({ TopicArn: topicArn('orders') });
    expect(sns(ctx, 'CreateTopic', { Name: 'orders' })).toEqual(a);
    expect(sns(ctx, 'ListTopics').Topics).toEqual([{ TopicArn: topicArn('orders') }]);
  });

  it('accepts the same attributes again, refuses different ones', () => {
    const { ctx } = env();
    sns(ctx, 'CreateTopic', { Name: 't', Attributes: { DisplayName: 'Value1' } });
    expect(sns(ctx, 'CreateTopic', { Name: 't' })).toEqual({ TopicArn: topicArn('t') });
    expect(sns(ctx, 'CreateTopic', { Name: 't', Attributes: { DisplayName: 'Value1' } })).toEqual({ TopicArn: topicArn('t') });
    expect(sns(ctx, 'CreateTopic', { Name: 't', Attributes: { FifoTopic: 'false' } })).toEqual({ TopicArn: topicArn('t') });
    for (const Attributes of [{ DisplayName: 'Value2' }, { SignatureVersion: '2' }, { SignatureVersion: '2', DisplayName: 'Value1' }]) {
      const e = snsError(ctx, 'CreateTopic', { Name: 't', Attributes });
      expect([e.code, e.message]).toEqual(['InvalidParameter', 'Invalid parameter: Attributes Reason: Topic already exists with different attributes']);
    }
    const fifo = snsError(ctx, 'CreateTopic', { Name: 't', Attributes: { FifoTopic: 'true' } });
    expect(fifo.message).toBe('Invalid parameter: Topic Name');
    // nothing changed
    expect(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: topicArn('t') }).Attributes.DisplayName).toBe('Value1');
  });

  it('refuses different tags for an existing topic', () => {
    const { ctx } = env();
    sns(ctx, 'CreateTopic', { Name: 't', Tags: [{ Key: 'k1', Value: 'v1' }] });
    expect(sns(ctx, 'CreateTopic', { Name: 't', Tags: [{ Key: 'k1', Value: 'v1' }] })).toEqual({ TopicArn: topicArn('t') });
    const e = snsError(ctx, 'CreateTopic', { Name: 't', Tags: [{ Key: 'k2', Value: 'v2' }] });
    expect(e.message).toBe('Invalid parameter: Tags Reason: Topic already exists with different tags');
  });

  it('checks names as AWS does', () => {
    const { ctx } = env();
    expect(sns(ctx, 'CreateTopic', { Name: 'a'.repeat(256) }).TopicArn).toBe(topicArn('a'.repeat(256)));
    for (const Name of ['', 'a'.repeat(257), 'test.fifo', 'bad:name', 'bad;name', 'bad!name', 'bad@name', 'bad|name', 'bad^name', 'bad%name', 'bad name']) {
      const e = snsError(ctx, 'CreateTopic', { Name });
      expect([e.code, e.message, e.httpStatus]).toEqual(['InvalidParameter', 'Invalid parameter: Topic Name', 400]);
    }
    expect(snsError(ctx, 'CreateTopic', { Name: 'test', Attributes: { FifoTopic: 'true' } }).message).toBe('Invalid parameter: Topic Name');
    expect(sns(ctx, 'CreateTopic', { Name: 'test.fifo', Attributes: { FifoTopic: 'true' } }).TopicArn).toBe(topicArn('test.fifo'));
  });

  it('validates attributes with the CreateTopic prefix', () => {
    const { ctx } = env();
    expect(snsError(ctx, 'CreateTopic', { Name: 't', Attributes: { DisplayName: 'x'.repeat(101) } }).message).toBe(
      'Invalid parameter: Attributes Reason: DisplayName',
    );
    expect(snsError(ctx, 'CreateTopic', { Name: 't', Attributes: { Nope: '1' } }).message).toBe('Invalid parameter: Attributes Reason: AttributeName');
    expect(snsError(ctx, 'CreateTopic', { Name: 't', Attributes: { ContentBasedDeduplication: 'true' } }).message).toBe(
      'Invalid parameter: Attributes Reason: ContentBasedDeduplication',
    );
    expect(
      snsError(ctx, 'CreateTopic', {
        Name: 't',
        Attributes: { DeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":0,"maxDelayTarget":0,"numRetries":0}}}' },
      }).message,
    ).toBe('Invalid parameter: Attributes Reason: DeliveryPolicy: http.defaultHealthyRetryPolicy.minDelayTarget must be greater than or equal to 1');
    expect(sns(ctx, 'ListTopics').Topics).toEqual([]);
  });

  it('scopes topics by region', () => {
    const e = env();
    sns(e.ctx, 'CreateTopic', { Name: 'same' });
    const west = e.inRegion('us-west-2');
    expect(sns(west, 'CreateTopic', { Name: 'same' }).TopicArn).toBe(topicArn('same', 'us-west-2'));
    expect(sns(west, 'ListTopics').Topics).toEqual([{ TopicArn: topicArn('same', 'us-west-2') }]);
    expect(snsError(west, 'GetTopicAttributes', { TopicArn: topicArn('same') }).message).toBe('Invalid parameter: TopicArn');
  });
});

describe('GetTopicAttributes', () => {
  it('returns AWS defaults for a standard topic', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 'my-topic' }).TopicArn as string;
    const { Attributes } = sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn });
    expect(Object.keys(Attributes)).toEqual([
      'Policy',
      'Owner',
      'SubscriptionsPending',
      'TopicArn',
      'EffectiveDeliveryPolicy',
      'SubscriptionsConfirmed',
      'DisplayName',
      'SubscriptionsDeleted',
    ]);
    expect(Attributes).toMatchObject({ Owner: ACCOUNT, TopicArn: arn, DisplayName: '', SubscriptionsConfirmed: '0', SubscriptionsPending: '0', SubscriptionsDeleted: '0' });
    expect(JSON.parse(Attributes.EffectiveDeliveryPolicy!)).toEqual({
      http: {
        defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
      },
    });
    const policy = JSON.parse(Attributes.Policy!);
    expect(policy.Statement[0]).toMatchObject({ Sid: '__default_statement_ID', Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } });
  });

  it('shows FIFO attributes and the ones set', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 't.fifo', Attributes: { FifoTopic: 'true', DisplayName: 'TestTopic', SignatureVersion: '2' } }).TopicArn;
    const { Attributes } = sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn });
    expect(Attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'false', DisplayName: 'TestTopic', SignatureVersion: '2' });
  });

  it('reports a missing topic and a malformed ARN as AWS does', () => {
    const { ctx } = env();
    const nf = snsError(ctx, 'GetTopicAttributes', { TopicArn: topicArn('nope') });
    expect([nf.code, nf.message, nf.httpStatus]).toEqual(['NotFound', 'Topic does not exist', 404]);
    expect(snsError(ctx, 'GetTopicAttributes', { TopicArn: 'not-an-arn' }).message).toBe(
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    );
    expect(snsError(ctx, 'GetTopicAttributes', { TopicArn: 'arn:aws:sns:us-east-1' }).message).toBe(
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 4',
    );
  });
});

describe('SetTopicAttributes', () => {
  it('sets, replaces and validates attributes', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn;
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'MyTopicDisplayName' });
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'SignatureVersion', AttributeValue: '2' });
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'TracingConfig', AttributeValue: 'Active' });
    const a = sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes;
    expect(a).toMatchObject({ DisplayName: 'MyTopicDisplayName', SignatureVersion: '2', TracingConfig: 'Active' });
    expect(snsError(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'FifoTopic', AttributeValue: 'false' }).message).toBe(
      'Invalid parameter: AttributeName',
    );
    expect(snsError(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'SignatureVersion', AttributeValue: '3' }).message).toBe(
      'Invalid parameter: SignatureVersion',
    );
    expect(snsError(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'Policy', AttributeValue: 'nope' }).message).toBe(
      'Invalid parameter: Policy Error: null',
    );
  });

  it('returns a DeliveryPolicy as it was written (plus disableSubscriptionOverrides); AWS\'s defaults only in EffectiveDeliveryPolicy', () => {
    // the sequence and answers of AWS's own (recorded 2024: LocalStack's test_topic_delivery_policy_crud snapshot)
    const { ctx } = env();
    const attrs = () => sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes;
    const set = (value: string) => sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: value });
    const arn = sns(ctx, 'CreateTopic', {
      Name: 't',
      Attributes: { DeliveryPolicy: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: 'application/json' } } }) },
    }).TopicArn as string;
    const defaultHealthy = '{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"}';
    expect(attrs().DeliveryPolicy).toBe('{"http":{"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"application/json"}}}');
    expect(attrs().EffectiveDeliveryPolicy).toBe(
      `{"http":{"defaultHealthyRetryPolicy":${defaultHealthy},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"application/json"}}}`,
    );

    set(JSON.stringify({ http: { defaultHealthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 6, numRetries: 1 } } }));
    expect(attrs().DeliveryPolicy).toBe('{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":6,"numRetries":1},"disableSubscriptionOverrides":false}}');
    expect(attrs().EffectiveDeliveryPolicy).toBe(
      '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":6,"numRetries":1,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},'
        + '"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}',
    );

    set(JSON.stringify({ http: { defaultHealthyRetryPolicy: null } }));
    expect(attrs().DeliveryPolicy).toBe('{"http":{"disableSubscriptionOverrides":false}}');
    expect(attrs().EffectiveDeliveryPolicy).toBe(
      `{"http":{"defaultHealthyRetryPolicy":${defaultHealthy},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`,
    );

    // what was written is kept, in AWS's order of the members; a written default stays written
    set('{"http": {"defaultThrottlePolicy": {"maxReceivesPerSecond": 10}, "disableSubscriptionOverrides": true,'
      + ' "defaultHealthyRetryPolicy": {"backoffFunction": "exponential", "numRetries": 4, "minDelayTarget": 2, "maxDelayTarget": 30, "numNoDelayRetries": 0}}}');
    expect(attrs().DeliveryPolicy).toBe(
      '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":30,"numRetries":4,"numNoDelayRetries":0,"backoffFunction":"exponential"},'
        + '"disableSubscriptionOverrides":true,"defaultThrottlePolicy":{"maxReceivesPerSecond":10}}}',
    );
    expect(JSON.parse(attrs().EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy).toEqual({
      minDelayTarget: 2, maxDelayTarget: 30, numRetries: 4, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'exponential',
    });

    set('');
    expect(attrs().DeliveryPolicy).toBeUndefined();
    expect(attrs().EffectiveDeliveryPolicy).toBe(
      `{"http":{"defaultHealthyRetryPolicy":${defaultHealthy},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`,
    );
  });

  it('normalises a delivery policy as AWS returns it', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn;
    sns(ctx, 'SetTopicAttributes', {
      TopicArn: arn,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: 'application/json' } } }),
    });
    const a = sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes;
    expect(a.DeliveryPolicy).toBe('{"http":{"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"application/json"}}}');
    expect(JSON.parse(a.EffectiveDeliveryPolicy!).http.defaultRequestPolicy).toEqual({ headerContentType: 'application/json' });
    const bad = snsError(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: '{invalid' });
    expect(bad.message).toBe(
      "Invalid parameter: DeliveryPolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]",
    );
  });
});

describe('ListTopics', () => {
  it('pages by 100 with NextToken', () => {
    const { ctx } = env();
    const names = Array.from({ length: 250 }, (_, i) => `topic-${String(i).padStart(3, '0')}`);
    for (const Name of names) sns(ctx, 'CreateTopic', { Name });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const p = sns<{ Topics: { TopicArn: string }[]; NextToken?: string }>(ctx, 'ListTopics', token ? { NextToken: token } : {});
      seen.push(...p.Topics.map((t) => t.TopicArn));
      token = p.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(names.map((n) => topicArn(n)));
    expect(snsError(ctx, 'ListTopics', { NextToken: 'garbage' }).message).toBe('Invalid parameter: NextToken');
  });
});

describe('DeleteTopic', () => {
  it('deletes the topic and its subscriptions; deleting again is not an error', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn;
    sns(ctx, 'Subscribe', { TopicArn: arn, Protocol: 'sms', Endpoint: '+15555550100' });
    expect(sns(ctx, 'DeleteTopic', { TopicArn: arn })).toEqual({});
    expect(sns(ctx, 'DeleteTopic', { TopicArn: arn })).toEqual({});
    expect(snsError(ctx, 'GetTopicAttributes', { TopicArn: arn }).code).toBe('NotFound');
    expect(sns(ctx, 'ListSubscriptions').Subscriptions).toEqual([]);
    expect(snsError(ctx, 'DeleteTopic', { TopicArn: topicArn('t', 'eu-west-1') }).message).toBe('Invalid parameter: TopicArn');
  });
});

describe('AddPermission / RemovePermission', () => {
  it('adds a statement to the policy and removes it by label', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 'MyTopic' }).TopicArn;
    sns(ctx, 'AddPermission', { TopicArn: arn, Label: 'Publish-Permission', AWSAccountId: ['987654321098'], ActionName: ['Publish'] });
    sns(ctx, 'AddPermission', { TopicArn: arn, Label: 'two', AWSAccountId: ['111111111111'], ActionName: ['Publish', 'Subscribe'] });
    const policy = JSON.parse(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes.Policy!);
    expect(policy.Statement.slice(1)).toEqual([
      { Sid: 'Publish-Permission', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::987654321098:root' }, Action: 'SNS:Publish', Resource: arn },
      { Sid: 'two', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: arn },
    ]);
    expect(snsError(ctx, 'AddPermission', { TopicArn: arn, Label: 'two', AWSAccountId: ['1'], ActionName: ['Publish'] }).message).toBe(
      'Invalid parameter: Statement already exists',
    );
    expect(snsError(ctx, 'AddPermission', { TopicArn: arn, Label: 'x', AWSAccountId: ['1'], ActionName: ['Fly'] }).message).toBe(
      'Invalid parameter: Policy statement action out of service scope!',
    );
    expect(snsError(ctx, 'AddPermission', { TopicArn: topicArn('nope'), Label: 'x', AWSAccountId: ['1'], ActionName: ['Publish'] }).code).toBe('NotFound');
    sns(ctx, 'RemovePermission', { TopicArn: arn, Label: 'Publish-Permission' });
    const after = JSON.parse(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes.Policy!);
    expect(after.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['__default_statement_ID', 'two']);
    expect(snsError(ctx, 'RemovePermission', { TopicArn: topicArn('nope'), Label: 'x' }).message).toBe('Topic does not exist');
  });

  it('keeps a policy whose Statement is a single object (valid IAM JSON)', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 'MyTopic' }).TopicArn;
    const own = { Sid: 'own', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: arn };
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: own }) });
    const policyOf = () => JSON.parse(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes.Policy!);
    expect(snsError(ctx, 'AddPermission', { TopicArn: arn, Label: 'own', AWSAccountId: ['1'], ActionName: ['Publish'] }).message).toBe(
      'Invalid parameter: Statement already exists',
    );
    sns(ctx, 'AddPermission', { TopicArn: arn, Label: 'two', AWSAccountId: ['111111111111'], ActionName: ['Publish'] });
    expect(policyOf().Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['own', 'two']);
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: own }) });
    sns(ctx, 'RemovePermission', { TopicArn: arn, Label: 'own' });
    expect(policyOf().Statement).toEqual([]);
  });
});

describe('tags', () => {
  it('tags, lists, updates and removes tags', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 'MyTopic' }).TopicArn;
    sns(ctx, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] });
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] });
    sns(ctx, 'UntagResource', { ResourceArn: arn, TagKeys: ['k1'] });
    sns(ctx, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'k2', Value: 'v2b' }] });
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [{ Key: 'k2', Value: 'v2b' }] });
    expect(snsError(ctx, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }).message).toBe(
      'Invalid parameter: Duplicated keys are not allowed.',
    );
    const nf = snsError(ctx, 'ListTagsForResource', { ResourceArn: topicArn('nope') });
    expect([nf.code, nf.message]).toEqual(['ResourceNotFound', 'Resource does not exist']);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `n${i}`, Value: 'v' }));
    const limit = snsError(ctx, 'TagResource', { ResourceArn: arn, Tags: many });
    expect(limit.code).toBe('TagLimitExceeded');
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [{ Key: 'k2', Value: 'v2b' }] });
  });

  it('are created with the topic and go with it', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 't', Tags: [{ Key: 'Team', Value: 'Alpha' }] }).TopicArn;
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [{ Key: 'Team', Value: 'Alpha' }] });
    sns(ctx, 'DeleteTopic', { TopicArn: arn });
    sns(ctx, 'CreateTopic', { Name: 't' });
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [] });
  });
});

describe('data protection policy', () => {
  it('is stored and returned', () => {
    const { ctx } = env();
    const arn = sns(ctx, 'CreateTopic', { Name: 'mytopic' }).TopicArn;
    expect(sns(ctx, 'GetDataProtectionPolicy', { ResourceArn: arn })).toEqual({});
    const policy = JSON.stringify({
      Name: 'data_protection_policy',
      Description: 'Example data protection policy',
      Version: '2021-06-01',
      Statement: [{ DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/CreditCardNumber'], Operation: { Deny: {} } }],
    });
    expect(sns(ctx, 'PutDataProtectionPolicy', { ResourceArn: arn, DataProtectionPolicy: policy })).toEqual({});
    expect(sns(ctx, 'GetDataProtectionPolicy', { ResourceArn: arn })).toEqual({ DataProtectionPolicy: policy });
    expect(snsError(ctx, 'PutDataProtectionPolicy', { ResourceArn: topicArn('nope'), DataProtectionPolicy: policy }).code).toBe('NotFound');
    expect(snsError(ctx, 'PutDataProtectionPolicy', { ResourceArn: arn, DataProtectionPolicy: '{' }).code).toBe('InvalidParameter');
  });
});

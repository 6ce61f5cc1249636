/**
 * SNS answers in XML, which cannot carry characters outside XML 1.0's set even as references:
 * text that later answers show again (names, attributes, tags, policies) is refused with them,
 * and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { env, sns, snsError, topicArn } from './helpers.js';

describe('text outside XML 1.0 characters', () => {
  it('is refused in topic attributes and tags, and the topic is left as it was', () => {
    const { ctx } = env();
    const arn = sns<{ TopicArn: string }>(ctx, 'CreateTopic', { Name: 'plain', Attributes: { DisplayName: 'before' } }).TopicArn;
    const set = snsError(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'a\u0001b' });
    expect([set.code, set.message]).toEqual(['InvalidParameter', 'Invalid parameter: AttributeValue']);
    const tag = snsError(ctx, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v\uFFFE' }] });
    expect([tag.code, tag.message]).toEqual(['InvalidParameter', 'Invalid parameter: Tags']);
    expect(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: arn }).Attributes.DisplayName).toBe('before');
    expect(sns(ctx, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: [] });
  });

  it('is refused when a topic is made with it, and no topic is made', () => {
    const { ctx } = env();
    const e = snsError(ctx, 'CreateTopic', { Name: 'bad', Attributes: { DisplayName: 'x\u0008y' } });
    expect([e.code, e.message]).toEqual(['InvalidParameter', 'Invalid parameter: DisplayName']);
    expect(snsError(ctx, 'CreateTopic', { Name: 'bad', Tags: [{ Key: 'k\u001f', Value: 'v' }] }).message).toBe('Invalid parameter: Tags');
    // a name has a pattern of its own: its error is the one AWS gives for any name outside it
    expect(snsError(ctx, 'CreateTopic', { Name: 'a\u0001' }).message).toBe('Invalid parameter: Topic Name');
    expect(sns(ctx, 'ListTopics')).toEqual({ Topics: [] });
  });

  it('is refused in subscription attributes; tabs, new lines and characters beyond the BMP are kept', () => {
    const { ctx } = env();
    const arn = sns<{ TopicArn: string }>(ctx, 'CreateTopic', { Name: 't' }).TopicArn;
    const sub = sns<{ SubscriptionArn: string }>(ctx, 'Subscribe', {
      TopicArn: arn,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q',
      Attributes: { FilterPolicy: '{"a": ["x\\u0001"]}' }, // an escape in JSON text is plain ASCII: kept
    }).SubscriptionArn;
    const role = 'arn:aws:iam::000000000000:role/a\u0001b';
    const e = snsError(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'SubscriptionRoleArn', AttributeValue: role });
    expect(e.code).toBe('InvalidParameter');
    expect(sns<{ Attributes: Record<string, string> }>(ctx, 'GetSubscriptionAttributes', { SubscriptionArn: sub }).Attributes.SubscriptionRoleArn).toBeUndefined();
    const name = 'tab\tnew\nline 😀';
    sns(ctx, 'SetTopicAttributes', { TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: name });
    expect(sns<{ Attributes: Record<string, string> }>(ctx, 'GetTopicAttributes', { TopicArn: topicArn('t') }).Attributes.DisplayName).toBe(name);
  });

  it('is still published: a message is not shown again in an answer', () => {
    const { ctx } = env();
    const arn = sns<{ TopicArn: string }>(ctx, 'CreateTopic', { Name: 'p' }).TopicArn;
    expect(sns<{ MessageId: string }>(ctx, 'Publish', { TopicArn: arn, Message: 'bell \u0007' }).MessageId).toBeTruthy();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { LIFECYCLE_MS } from '../../../src/services/kinesis/index.js';
import { ACCOUNT, call, envWithStream, expectError, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());
const STREAM_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;

describe('tags on streams', () => {
  it('adds, overwrites, lists in key order with paging, and removes', () => {
    env = envWithStream('s', 1);
    call(env, 'AddTagsToStream', { StreamName: 's', Tags: { b: '2', a: '1' } });
    call(env, 'AddTagsToStream', { StreamARN: STREAM_ARN, Tags: { a: 'one', c: '' } });
    expect(call(env, 'ListTagsForStream', { StreamName: 's' })).toEqual({
      Tags: [{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '' }],
      HasMoreTags: false,
    });
    expect(call(env, 'ListTagsForStream', { StreamName: 's', Limit: 1, ExclusiveStartTagKey: 'a' })).toEqual({ Tags: [{ Key: 'b', Value: '2' }], HasMoreTags: true });
    call(env, 'RemoveTagsFromStream', { StreamName: 's', TagKeys: ['a', 'missing'] });
    expect(call(env, 'ListTagsForResource', { ResourceARN: STREAM_ARN })).toEqual({ Tags: [{ Key: 'b', Value: '2' }, { Key: 'c', Value: '' }] });
  });

  it('rejects bad characters and more than 50 tags, with AWS messages', () => {
    env = envWithStream('s', 1);
    expectError(env, 'AddTagsToStream', { StreamName: 's', Tags: { 'abc;def': '1' } }, 'InvalidArgumentException',
      'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
    expectError(env, 'AddTagsToStream', { StreamName: 's', Tags: { 'abc%def': '1' } }, 'InvalidArgumentException',
      `Failed to add tags to stream s under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectError(env, 'AddTagsToStream', { StreamName: 's', Tags: many }, 'InvalidArgumentException',
      `Failed to add tags to stream s under account ${ACCOUNT} because a given stream cannot have more than 50 tags associated with it.`);
    expectError(env, 'AddTagsToStream', { StreamName: 'nope', Tags: { a: 'b' } }, 'ResourceNotFoundException', `Stream nope under account ${ACCOUNT} not found.`);
    expect(call(env, 'ListTagsForStream', { StreamName: 's' }).Tags).toEqual([]);
  });
});

describe('tags and policies on any resource ARN', () => {
  it('tags consumers too', () => {
    env = envWithStream('s', 1);
    const consumer = call(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'app', Tags: { owner: 'me' } }).Consumer.ConsumerARN;
    env.advance(LIFECYCLE_MS.registerConsumer);
    call(env, 'TagResource', { ResourceARN: consumer, Tags: { env: 'test' } });
    expect(call(env, 'ListTagsForResource', { ResourceARN: consumer }).Tags).toEqual([{ Key: 'env', Value: 'test' }, { Key: 'owner', Value: 'me' }]);
    call(env, 'UntagResource', { ResourceARN: consumer, TagKeys: ['owner'] });
    expect(call(env, 'ListTagsForResource', { ResourceARN: consumer }).Tags).toEqual([{ Key: 'env', Value: 'test' }]);
    expect(call(env, 'ListTagsForResource', { ResourceARN: STREAM_ARN }).Tags).toEqual([]);
  });

  it('puts, gets and deletes resource policies', () => {
    env = envWithStream('s', 1);
    expect(call(env, 'GetResourcePolicy', { ResourceARN: STREAM_ARN })).toEqual({ Policy: '{}' });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'kinesis:GetRecords', Resource: STREAM_ARN }] });
    call(env, 'PutResourcePolicy', { ResourceARN: STREAM_ARN, Policy: policy });
    expect(call(env, 'GetResourcePolicy', { ResourceARN: STREAM_ARN })).toEqual({ Policy: policy });
    expectError(env, 'PutResourcePolicy', { ResourceARN: STREAM_ARN, Policy: 'not json' }, 'InvalidArgumentException');
    call(env, 'DeleteResourcePolicy', { ResourceARN: STREAM_ARN });
    expectError(env, 'DeleteResourcePolicy', { ResourceARN: STREAM_ARN }, 'ResourceNotFoundException', `No resource policy found for resource ARN ${STREAM_ARN}.`);
    expectError(env, 'GetResourcePolicy', { ResourceARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nope` }, 'ResourceNotFoundException');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { data, expectError, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const v = (...errors: string[]): string =>
  `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`;
const at = (value: string | null, path: string, constraint: string): string =>
  `Value ${value === null ? 'null' : `'${value}'`} at '${path}' failed to satisfy constraint: ${constraint}`;
const NAME_PATTERN = 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+';

describe('request validation (ValidationException as AWS words it)', () => {
  it('reports missing required members in AWS order', () => {
    env = testEnv();
    expectError(env, 'PutRecord', {}, 'ValidationException',
      v(at(null, 'partitionKey', 'Member must not be null'), at(null, 'data', 'Member must not be null')));
    expectError(env, 'GetShardIterator', { StreamName: 's' }, 'ValidationException',
      v(at(null, 'shardId', 'Member must not be null'), at(null, 'shardIteratorType', 'Member must not be null')));
    expectError(env, 'CreateStream', {}, 'ValidationException', v(at(null, 'streamName', 'Member must not be null')));
  });

  it('reports patterns before lengths, member by member (PutRecord)', () => {
    env = testEnv();
    expectError(env, 'PutRecord', { StreamName: '', PartitionKey: '', Data: data(''), ExplicitHashKey: '', SequenceNumberForOrdering: '' }, 'ValidationException',
      v(
        at('', 'sequenceNumberForOrdering', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})'),
        at('', 'partitionKey', 'Member must have length greater than or equal to 1'),
        at('', 'explicitHashKey', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})'),
        at('', 'streamName', NAME_PATTERN),
        at('', 'streamName', 'Member must have length greater than or equal to 1'),
      ));
    const name = 'a'.repeat(129);
    const pk = 'a'.repeat(257);
    expectError(env, 'PutRecord', { StreamName: name, PartitionKey: pk, Data: data('') }, 'ValidationException',
      v(at(pk, 'partitionKey', 'Member must have length less than or equal to 256'), at(name, 'streamName', 'Member must have length less than or equal to 128')));
  });

  it('shows blobs as Java byte buffers', () => {
    env = testEnv();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: big }, 'ValidationException',
      v(at('java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]', 'data', 'Member must have length less than or equal to 10485760')));
  });

  it('lists enums in AWS order', () => {
    env = testEnv();
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-0', ShardIteratorType: 'FIRST' }, 'ValidationException',
      v(at('FIRST', 'shardIteratorType', 'Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]')));
    expectError(env, 'CreateStream', { StreamName: 's', StreamModeDetails: { StreamMode: 'FAST' } }, 'ValidationException',
      v(at('FAST', 'streamModeDetails.streamMode', 'Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]')));
  });

  it('checks numeric ranges', () => {
    env = testEnv();
    expectError(env, 'CreateStream', { StreamName: '', ShardCount: 0 }, 'ValidationException',
      v(at('0', 'shardCount', 'Member must have value greater than or equal to 1'), at('', 'streamName', NAME_PATTERN), at('', 'streamName', 'Member must have length greater than or equal to 1')));
    expectError(env, 'GetRecords', { ShardIterator: 'x', Limit: 10001 }, 'ValidationException',
      v(at('10001', 'limit', 'Member must have value less than or equal to 10000')));
    expectError(env, 'ListShards', { StreamName: 'a'.repeat(129), MaxResults: 0 }, 'ValidationException',
      v(at('0', 'maxResults', 'Member must have value greater than or equal to 1'), at('a'.repeat(129), 'streamName', 'Member must have length less than or equal to 128')));
  });

  it('checks lists, their members and maps', () => {
    env = testEnv();
    expectError(env, 'PutRecords', { StreamName: 's', Records: [] }, 'ValidationException',
      v(at('[]', 'records', 'Member must have length greater than or equal to 1')));
    expectError(env, 'PutRecords', { StreamName: 's', Records: [{ PartitionKey: 'k', Data: data('') }, { PartitionKey: '', Data: data(''), ExplicitHashKey: 'x' }] }, 'ValidationException',
      v(at('', 'records.2.member.partitionKey', 'Member must have length greater than or equal to 1'),
        at('x', 'records.2.member.explicitHashKey', 'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})')));
    const e = expectError(env, 'PutRecords', { StreamName: 's', Records: Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: data('') })) }, 'ValidationException');
    expect(e.message).toMatch(/^1 validation error detected: Value '\[.*\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/);
    expectError(env, 'AddTagsToStream', { StreamName: 's', Tags: {} }, 'ValidationException',
      v(at('{}', 'tags', 'Member must have length greater than or equal to 1')));
    const longKey = 'k'.repeat(129);
    expectError(env, 'AddTagsToStream', { StreamName: 's', Tags: { [longKey]: 'v' } }, 'ValidationException',
      v(at(`{${longKey}=v}`, 'tags', 'Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]')));
    expectError(env, 'RemoveTagsFromStream', { StreamName: 's', TagKeys: [''] }, 'ValidationException',
      v(at('[]', 'tagKeys', 'Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]')));
    expectError(env, 'EnableEnhancedMonitoring', { StreamName: 's', ShardLevelMetrics: ['Bytes'] }, 'ValidationException',
      v(at('[Bytes]', 'shardLevelMetrics', 'Member must satisfy constraint: [Member must satisfy enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]]')));
  });

  it('stops at ten errors', () => {
    env = testEnv();
    const e = expectError(env, 'PutRecords', { StreamName: 's', Records: Array.from({ length: 12 }, () => ({ PartitionKey: '', Data: data('') })) }, 'ValidationException');
    expect(e.message).toMatch(/^10 validation errors detected: /);
  });

  it('reports values of the wrong type as SerializationException', () => {
    env = testEnv();
    expectError(env, 'CreateStream', { StreamName: 's', ShardCount: '3' }, 'SerializationException', 'class java.lang.String can not be converted to an Integer');
    expectError(env, 'CreateStream', { StreamName: 5 }, 'SerializationException',
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: 'aGVsbG8=' }, 'SerializationException',
      'class java.lang.String can not be converted to a Blob');
    expectError(env, 'PutRecords', { StreamName: 's', Records: {} }, 'SerializationException', 'Start of structure or map found where not expected.');
  });
});

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { javaDate } from '../../../src/services/kinesis/errors.js';
import { handlers } from '../../../src/services/kinesis/index.js';
import { ACCOUNT, call, createActive, data, envWithStream, expectError, T0, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const SHARD0 = 'shardId-000000000000';
const trimHorizon = (e: Env, stream = 's'): string =>
  call(e, 'GetShardIterator', { StreamName: stream, ShardId: SHARD0, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;

describe('shard iterators', () => {
  it('are base64, start like AWS (00 00 00 00 00 00 00 01) and fit the 512-character limit', () => {
    env = envWithStream('a'.repeat(128), 1, { enforce: false });
    const it = trimHorizon(env, 'a'.repeat(128));
    expect(it.length).toBeLessThanOrEqual(512);
    expect(Buffer.from(it, 'base64').subarray(0, 8)).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]));
    expect(Buffer.from(it, 'base64').toString('latin1')).not.toContain('aaaa'); // the stream name does not show
  });

  it('are tamper-evident: any change makes them invalid', () => {
    env = envWithStream('s', 1, { enforce: false });
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('x') });
    const it = trimHorizon(env);
    const raw = Buffer.from(it, 'base64');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), (pos, flip) => {
        const forged = Buffer.from(raw);
        forged[pos] = forged[pos]! ^ flip;
        expectError(env, 'GetRecords', { ShardIterator: forged.toString('base64') }, 'InvalidArgumentException', 'Invalid ShardIterator.');
      }),
      { numRuns: 60 },
    );
    expectError(env, 'GetRecords', { ShardIterator: 'not-an-iterator' }, 'InvalidArgumentException', 'Invalid ShardIterator.');
    expectError(env, 'GetRecords', { ShardIterator: raw.subarray(0, raw.length - 1).toString('base64') }, 'InvalidArgumentException', 'Invalid ShardIterator.');
    expect(call(env, 'GetRecords', { ShardIterator: it }).Records).toHaveLength(1);
  });

  it('are bound to the state file that issued them', () => {
    env = envWithStream('s', 1, { enforce: false });
    const other = envWithStream('s', 1, { enforce: false });
    try {
      const foreign = trimHorizon(other);
      expectError(env, 'GetRecords', { ShardIterator: foreign }, 'InvalidArgumentException', 'Invalid ShardIterator.');
    } finally {
      other.cleanup();
    }
  });

  it('expire 5 minutes after they are issued, with AWS message', () => {
    env = envWithStream('s', 1, { enforce: false });
    const it = trimHorizon(env);
    const issued = T0 + 2000;
    env.advance(300_000);
    expect(call(env, 'GetRecords', { ShardIterator: it }).Records).toEqual([]);
    env.advance(1);
    expectError(env, 'GetRecords', { ShardIterator: it }, 'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${javaDate(issued)} while right now it is ${javaDate(issued + 300_001)} ` +
        'which is further in the future than the tolerated delay of 300000 milliseconds.');
    expect(javaDate(issued)).toBe('Thu Jan 15 12:00:02 UTC 2026');
  });

  it('hand out fresh NextShardIterators: each lasts 5 minutes from its own issue', () => {
    env = envWithStream('s', 1, { enforce: false });
    let it = trimHorizon(env);
    for (let i = 0; i < 5; i++) {
      env.advance(299_000);
      it = call(env, 'GetRecords', { ShardIterator: it }).NextShardIterator;
    }
    expect(typeof it).toBe('string');
  });

  it('of a deleted stream stop working, even if a stream of the same name is created', () => {
    env = testEnv();
    createActive(env, 's', 1);
    const it = trimHorizon(env);
    call(env, 'DeleteStream', { StreamName: 's' });
    env.advance(5000);
    createActive(env, 's', 1);
    expectError(env, 'GetRecords', { ShardIterator: it }, 'ResourceNotFoundException', `Shard ${SHARD0} in stream s under account ${ACCOUNT} does not exist`);
  });

  it('are not honoured in another region', () => {
    env = envWithStream('s', 1, { enforce: false });
    const it = trimHorizon(env);
    const west = env.inRegion('us-west-2');
    expect(() => handlers.GetRecords(west, { ShardIterator: it })).toThrow('Invalid ShardIterator.');
  });
});

import { describe, expect, test } from 'vitest';
import { ShardCheckpointer } from '../../src/kcl/checkpointer.js';
import { CheckpointError } from '../../src/kcl/processor.js';
import { compareEsn, esn, SHARD_END, type ExtendedSequenceNumber } from '../../src/kcl/sequence.js';

function checkpointer(start = esn('TRIM_HORIZON')) {
  const written: ExtendedSequenceNumber[] = [];
  const c = new ShardCheckpointer('shardId-000000000000', start, (v) => written.push(v));
  return { c, written };
}

async function errorOf(p: Promise<unknown>): Promise<CheckpointError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CheckpointError) return e;
    throw e;
  }
  throw new Error('expected a CheckpointError');
}

describe('checkpoint values', () => {
  test('sentinels order before every record, except SHARD_END after', () => {
    expect(compareEsn(esn('TRIM_HORIZON'), esn('1'))).toBe(-1);
    expect(compareEsn(esn('LATEST'), esn('1'))).toBe(-1);
    expect(compareEsn(esn('AT_TIMESTAMP'), esn('1'))).toBe(-1);
    expect(compareEsn(SHARD_END, esn('9'.repeat(60)))).toBe(1);
    expect(compareEsn(esn('10'), esn('9'))).toBe(1);
    expect(compareEsn(esn('10', 1), esn('10', 0))).toBe(1);
  });
});

describe('the checkpointer', () => {
  test('checkpoint() records the last record delivered', async () => {
    const { c, written } = checkpointer();
    c.delivered(esn('100'));
    expect(await c.checkpoint()).toBe('100');
    expect(written).toEqual([esn('100')]);
  });

  test('a value already checkpointed is not written again', async () => {
    const { c, written } = checkpointer();
    c.delivered(esn('100'));
    await c.checkpoint('100');
    await c.checkpoint();
    expect(written).toEqual([esn('100')]);
  });

  test('before any record, checkpoint() writes nothing', async () => {
    const { c, written } = checkpointer(esn('55'));
    expect(await c.checkpoint()).toBe('55');
    expect(written).toEqual([]);
  });

  test('a sequence number past the last record delivered is refused with IllegalArgumentException', async () => {
    const { c, written } = checkpointer();
    c.delivered(esn('100'));
    const e = await errorOf(c.checkpoint('101'));
    expect(e.errorName).toBe('IllegalArgumentException');
    expect(e.message).toBe(
      'Could not checkpoint at extended sequence number {SequenceNumber: 101,SubsequenceNumber: 0} as it did not fall into acceptable range ' +
        'between the last checkpoint {SequenceNumber: TRIM_HORIZON,SubsequenceNumber: 0} and the greatest extended sequence number passed ' +
        'to this record processor {SequenceNumber: 100,SubsequenceNumber: 0}',
    );
    expect(written).toEqual([]);
  });

  test('going back before the last checkpoint is refused', async () => {
    const { c } = checkpointer(esn('50'));
    c.delivered(esn('100'));
    expect((await errorOf(c.checkpoint('49'))).errorName).toBe('IllegalArgumentException');
  });

  test('malformed sequence numbers and negative sub-sequence numbers are refused', async () => {
    const { c } = checkpointer();
    c.delivered(esn('100'));
    expect((await errorOf(c.checkpoint('abc'))).errorName).toBe('IllegalArgumentException');
    expect((await errorOf(c.checkpoint('50', -1))).message).toBe('Could not checkpoint at invalid, negative subsequence number -1');
  });

  test('at shard end, checkpoint() records SHARD_END, and so does the last record of the shard', async () => {
    const a = checkpointer();
    a.c.delivered(esn('100'));
    a.c.shardEnded();
    await a.c.checkpoint();
    expect(a.written).toEqual([SHARD_END]);

    const b = checkpointer();
    b.c.delivered(esn('100'));
    b.c.shardEnded();
    await b.c.checkpoint('100');
    expect(b.written).toEqual([SHARD_END]);
  });

  test('a shard ended with nothing in it checkpoints SHARD_END', async () => {
    const { c, written } = checkpointer();
    c.shardEnded();
    await c.checkpoint();
    expect(written).toEqual([SHARD_END]);
  });

  test("the writer's refusal reaches the processor", async () => {
    const c = new ShardCheckpointer('s', esn('TRIM_HORIZON'), () => {
      throw new CheckpointError('ShutdownException', "Can't update checkpoint - instance doesn't hold the lease for this shard");
    });
    c.delivered(esn('5'));
    expect((await errorOf(c.checkpoint())).errorName).toBe('ShutdownException');
  });
});

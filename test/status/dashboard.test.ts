import { afterEach, describe, expect, it } from 'vitest';
import { handlers as sqs } from '../../src/services/sqs/index.js';
import { handlers as kinesis, LIFECYCLE_MS, setThroughputEnforcement } from '../../src/services/kinesis/index.js';
import { collectDashboard, KEEP_SAMPLES, readQueueSamples, renderDashboard, SAMPLE_MS } from '../../src/status/dashboard.js';
import { bar, fitHeight, keyRange, middle, sparkline, table, visibleLength, type Column } from '../../src/status/fit.js';
import { testEnv, type TestEnv } from '../helpers/ctx.js';

const envs: TestEnv[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));
const frozen = (): TestEnv => {
  const env = testEnv('us-east-1', { realNow: () => 1_800_000_000_000 });
  envs.push(env);
  return env;
};

describe('fitting text', () => {
  it('shortens names in the middle, keeping both ends', () => {
    expect(middle('orders', 10)).toBe('orders');
    expect(middle('billing-department-events', 11)).toBe('billi…vents');
    expect(middle('billing-department-events', 11)).toHaveLength(11);
    expect(middle('shardId-000000000001', 12)).toBe('shardI…00001');
  });

  it('draws sparklines scaled to the largest value shown, blanks where there was no sample', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe('▁▂▃▅█');
    expect(sparkline([undefined, 0, undefined, 3], 4)).toBe(' ▁ █');
    expect(sparkline([5, 5], 4)).toBe('  ██');
    expect(sparkline([1, 2, 3, 4, 5, 6], 3)).toBe('▆▇█');
  });

  it("draws a shard's slice of the hash key space", () => {
    const q = (1n << 128n) / 4n;
    expect(keyRange(0n, q - 1n, 8)).toBe('██······');
    expect(keyRange(3n * q, (1n << 128n) - 1n, 8)).toBe('······██');
    expect(keyRange(5n, 6n, 8)).toBe('█·······');
    expect(bar(3, 6, 10)).toBe('█████');
    expect(bar(1, 1000, 10)).toBe('█');
    expect(bar(0, 10, 10)).toBe('');
  });

  it('drops columns by priority and shrinks flexible ones until rows fit the width', () => {
    const rows = [{ name: 'a-rather-long-queue-name-indeed', n: 1234, extra: 'details here' }];
    const columns: Column<(typeof rows)[number]>[] = [
      { title: 'Name', priority: 1, flex: { min: 6, comfortable: 12, max: 40 }, cell: (r, w) => middle(r.name, w) },
      { title: 'Count', priority: 1, align: 'right', cell: (r) => String(r.n) },
      { title: 'Extra', priority: 2, cell: (r) => r.extra },
    ];
    expect(table(columns, rows, 80)).toEqual(['Name                             Count  Extra', 'a-rather-long-queue-name-indeed   1234  details here']);
    // the name goes down to its comfortable width, then the optional column goes
    expect(table(columns, rows, 40)).toEqual(['Name                 Count  Extra', 'a-rather-…me-indeed   1234  details here']);
    expect(table(columns, rows, 30)).toEqual(['Name          Count', 'a-rath…ndeed   1234']);
    // then the name shrinks to its minimum
    expect(table(columns, rows, 13)).toEqual(['Name    Count', 'a-r…ed   1234']);
    for (const w of [10, 20, 25, 30, 40]) for (const l of table(columns, rows, w)) expect(visibleLength(l), `${w}: ${l}`).toBeLessThanOrEqual(w);
  });

  it('cuts sections to a height, longest first, saying how much is left out', () => {
    const lines = fitHeight(['head'], [
      { title: 'A', rows: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], trimOrder: 1 },
      { title: 'B', rows: ['b1', 'b2'], trimOrder: 2 },
    ], 8, (n) => `… ${n} more`);
    expect(lines).toEqual(['head', 'A', 'a1', 'a2', '… 4 more', 'B', 'b1', 'b2']);
    expect(fitHeight(['head'], [{ title: 'A', rows: ['a'], trimOrder: 1 }], 10, () => '')).toEqual(['head', 'A', 'a']);
  });
});

describe('the dashboard', () => {
  it('keeps queue samples only when asked (status --watch), one per period of the clock, for 5 minutes', async () => {
    const env = frozen();
    const url = ((await sqs.CreateQueue!(env.ctx, { QueueName: 'orders' })) as { QueueUrl: string }).QueueUrl;
    await collectDashboard(env.ctx, { sample: false });
    expect(readQueueSamples(env.store)).toEqual({});
    const bucket = (t: number) => Math.floor(t / SAMPLE_MS);
    const start = env.store.clock.now();
    await collectDashboard(env.ctx, { sample: true });
    await sqs.SendMessage!(env.ctx, { QueueUrl: url, MessageBody: 'a' });
    await collectDashboard(env.ctx, { sample: true }); // the same period: replaces its sample
    expect(readQueueSamples(env.store)).toEqual({ [url]: [[bucket(start), 1, 0]] });
    env.advance(SAMPLE_MS);
    await sqs.ReceiveMessage!(env.ctx, { QueueUrl: url });
    await collectDashboard(env.ctx, { sample: true });
    expect(readQueueSamples(env.store)[url]).toEqual([[bucket(start), 1, 0], [bucket(start) + 1, 0, 1]]);
    env.advance(KEEP_SAMPLES * SAMPLE_MS);
    await collectDashboard(env.ctx, { sample: true });
    // the older samples are gone; the message is visible again, its visibility timeout long over
    expect(readQueueSamples(env.store)[url]).toEqual([[bucket(start) + 1 + KEEP_SAMPLES, 1, 0]]);
  });

  it('draws trends from the samples and a hot shard with its refused puts, within the width and height', async () => {
    const env = frozen();
    const url = ((await sqs.CreateQueue!(env.ctx, { QueueName: 'orders' })) as { QueueUrl: string }).QueueUrl;
    for (let i = 0; i < 4; i++) {
      await sqs.SendMessage!(env.ctx, { QueueUrl: url, MessageBody: String(i) });
      await collectDashboard(env.ctx, { sample: true });
      env.advance(SAMPLE_MS);
    }
    await kinesis.CreateStream!(env.ctx, { StreamName: 'gps', ShardCount: 2 });
    env.advance(LIFECYCLE_MS.createStream);
    setThroughputEnforcement(env.ctx, true);
    // 2 MB on one key: one shard takes about half
    const put = (await kinesis.PutRecords!(env.ctx, {
      StreamName: 'gps',
      Records: Array.from({ length: 500 }, () => ({ Data: Buffer.alloc(4000), PartitionKey: 'truck-007' })),
    })) as { FailedRecordCount: number; Records: { ShardId?: string }[] };
    expect(put.FailedRecordCount).toBeGreaterThan(0);
    const hot = put.Records.find((r) => r.ShardId)!.ShardId!;
    const data = await collectDashboard(env.ctx, { sample: true });
    const shards = data.shards.get('gps')!;
    expect(shards.map((s) => [s.ShardId, s.RecordsPut, s.ThrottledWrites])).toEqual(
      ['shardId-000000000000', 'shardId-000000000001'].map((id) => (id === hot ? [id, 500 - put.FailedRecordCount, put.FailedRecordCount] : [id, 0, 0])),
    );
    const lines = renderDashboard(data, { width: 80, height: 24, color: false });
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(24);
    // visible 1, 2, 3, 4 and 4 again, one sample a period; nothing ever in flight
    expect(lines.find((l) => l.startsWith('orders '))).toMatch(/^orders +4 +▃▅▇██ +0 +▁▁▁▁▁ +0/);
    expect(lines.find((l) => l.includes(hot))).toMatch(new RegExp(`${hot} +[·█]+ +${500 - put.FailedRecordCount} +█+ +${put.FailedRecordCount}$`));
    expect(lines.join('\n')).toContain(`refused: ${put.FailedRecordCount} puts, 0 reads (5 min)`);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';
import { playTutorial, step } from './helpers.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('SNS and Kinesis lessons, played without a terminal', () => {
  it('sns-fan-out: billing and analytics get both events, shipping only the placed order', () => {
    const out = playTutorial(sb, 'sns-fan-out');
    expect(step(out, 4)).toContain('"FilterPolicy": "{\\"event\\":[\\"order_placed\\"]}"');
    expect(step(out, 9).split('\n').filter((l) => /^\d+$/.test(l))).toEqual(['2', '1', '2']);
    expect(step(out, 10)).toContain('"Type" : "Notification"');
    expect(step(out, 10)).toContain('"event" : {"Type":"String","Value":"order_placed"}');
    expect(step(out, 11)).toContain('"{\\"order\\": 1, \\"total\\": 25}",\n    "{\\"order\\": 2}"');
  });

  it('kinesis-ordering: 500 points over 5 shards, each truck in one shard and in order; the FIFO queue drained in order', () => {
    const out = playTutorial(sb, 'kinesis-ordering');
    expect(step(out, 3)).toContain('"shardId-000000000004"');
    expect(step(out, 4)).toContain('[summary] FailedRecordCount 0; records per shard:');
    const perShard = [...step(out, 4).matchAll(/^ +shardId-\d+ {2}(\d+)$/gm)].map((m) => Number(m[1]));
    expect(perShard).toHaveLength(5);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(500);
    expect(step(out, 6).match(/each truck's points in order/g)).toHaveLength(5);
    expect(step(out, 8)).toContain('50 batches, no failures.');
    expect(step(out, 9)).toMatch(/500 messages in \d+ receives,\n +every truck's points in order/);
  });

  it('hot-partition: one shard throttled, four shards fine, one key throttled again, a spread key fine', () => {
    const out = playTutorial(sb, 'hot-partition');
    expect(step(out, 3)).toMatch(/FailedRecordCount: [1-9]\d*\n/);
    expect(step(out, 3)).toContain('ProvisionedThroughputExceededException: Rate exceeded for shard shardId-000000000000 in stream gps');
    expect(step(out, 8).match(/"shardId-\d+"/g)).toHaveLength(4);
    expect(step(out, 9)).toContain('FailedRecordCount: 0');
    expect(step(out, 11)).toMatch(/FailedRecordCount: [1-9]\d*\n/);
    expect(step(out, 12)).toContain('FailedRecordCount: 0');
  });

  it('choosing: the queue shares the orders out, the topic copies them, the stream keeps them', () => {
    const out = playTutorial(sb, 'choosing');
    expect(step(out, 2)).toContain('worker A processed orders 1 3 5');
    expect(step(out, 2)).toContain('worker B processed orders 2 4 6');
    expect(step(out, 3)).toContain('email     queue received orders 1 2 3 4 5 6');
    expect(step(out, 3)).toContain('analytics queue received orders 1 2 3 4 5 6');
    expect(step(out, 5)).toMatch(/fraud detection, again read orders [1-6 ]+\n/);
    expect(out).toContain('- Kinesis: every record to every reader');
  });
});

describe('the KCL lesson, with real worker processes', () => {
  it('kcl-consumers: 2 workers split 4 shards, 4 workers take one each, a killed worker\'s shard moves on', () => {
    const out = playTutorial(sb, 'kcl-consumers');
    const owners = (n: number) => [...step(out, n).matchAll(/^shardId-\d+\t(worker-[A-D])\tHELD\t(\d+)$/gm)].map((m) => m[1]);
    expect(owners(2).sort()).toEqual(['worker-A', 'worker-A', 'worker-B', 'worker-B']);
    expect(step(out, 3)).toMatch(/^shardId-000000000003\tworker-[AB]\tHELD\t0$/m);
    expect(owners(4).sort()).toEqual(['worker-A', 'worker-B', 'worker-C', 'worker-D']);
    expect(step(out, 5)).toMatch(/\tworker-B\tHELD\t[1-9]\d*$/m);
    expect(owners(6)).not.toContain('worker-B');
    expect(owners(6)).toHaveLength(4);
    expect(step(out, 7)).toContain('All 300 records processed, each shard in order, none lost.');
    // each worker stopped with Ctrl-C ends with its one-line summary
    expect(step(out, 7).match(/^worker worker-[ACD] stopped: \d+ records? processed, \d+ checkpoints? written, \d shards? held \(.+\) and released$/gm)).toHaveLength(3);
  });
});

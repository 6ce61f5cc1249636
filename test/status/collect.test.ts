import { afterEach, describe, expect, it } from 'vitest';
import { handlers as sqs } from '../../src/services/sqs/index.js';
import { handlers as sns } from '../../src/services/sns/index.js';
import { handlers as kinesis, LIFECYCLE_MS } from '../../src/services/kinesis/index.js';
import { collectStatus } from '../../src/status/collect.js';
import { liveIdentifiers } from '../../src/repl/live.js';
import { testEnv, type TestEnv } from '../helpers/ctx.js';

const envs: TestEnv[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));

describe('collectStatus', () => {
  it('shows every queue, topic and stream, past the 200 that completion offers', async () => {
    const env = testEnv();
    envs.push(env);
    const { ctx } = env;
    const n = 205;
    const names = Array.from({ length: n }, (_, i) => `r${String(i).padStart(3, '0')}`);
    for (const name of names) {
      await sqs.CreateQueue!(ctx, { QueueName: name });
      await sns.CreateTopic!(ctx, { Name: name });
    }
    for (const [i, name] of names.entries()) {
      // at most 5 streams may be CREATING at once
      if (i % 5 === 0) env.advance(LIFECYCLE_MS.createStream);
      await kinesis.CreateStream!(ctx, { StreamName: name, ShardCount: 1 });
    }
    env.advance(LIFECYCLE_MS.createStream);

    const report = await collectStatus(ctx);
    expect(report.Queues.map((q) => q.QueueName).sort()).toEqual(names);
    expect(report.Topics.map((t) => t.TopicName).sort()).toEqual(names);
    expect(report.Streams.map((s) => s.StreamName).sort()).toEqual(names);

    // completion keeps its short lists
    for (const kind of ['queueUrl', 'topicArn', 'streamName'] as const) {
      expect(await liveIdentifiers(ctx, [kind])).toHaveLength(200);
    }
  });

  it('surfaces a fault instead of reporting zero counts', async () => {
    const env = testEnv();
    envs.push(env);
    const { ctx, store } = env;
    await sqs.CreateQueue!(ctx, { QueueName: 'orders' });
    // a damaged row: reading its attributes fails with a SyntaxError, not an AWS error
    store.write(() => store.stmt("UPDATE sqs_queues SET attributes = '{bad' WHERE name = 'orders'").run());
    await expect(collectStatus(ctx)).rejects.toThrow(SyntaxError);
  });
});

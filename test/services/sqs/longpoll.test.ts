import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../../src/core/context.js';
import { callOperation } from '../../../src/core/call.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { testEnv } from '../../helpers/ctx.js';
import { sqsEnv } from './helpers.js';

describe('long polling (in one process)', () => {
  const { env, call } = sqsEnv();

  /** A second connection to the same state file, as another process would have. */
  function other(): { ctx: Ctx; close: () => void } {
    const store = openStore(env().path);
    return { ctx: { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID }, close: () => store.close() };
  }

  it('returns as soon as another connection sends, holding no lock while it waits', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const o = other();
    try {
      const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
      await new Promise((r) => setTimeout(r, 50));
      await call('SendMessage', { QueueUrl, MessageBody: 'hi' }, o.ctx); // a write while the receive waits
      const got = await waiting;
      expect(got.Messages.map((m: { Body: string }) => m.Body)).toEqual(['hi']);
    } finally {
      o.close();
    }
  });

  it('returns when this same connection sends while it waits', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
    await new Promise((r) => setTimeout(r, 20));
    await call('SendMessage', { QueueUrl, MessageBody: 'same' });
    expect((await waiting).Messages[0].Body).toBe('same');
  });

  it("waits by the queue's ReceiveMessageWaitTimeSeconds when the request gives none", async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', Attributes: { ReceiveMessageWaitTimeSeconds: '20' } });
    const waiting = call('ReceiveMessage', { QueueUrl });
    await new Promise((r) => setTimeout(r, 20));
    await call('SendMessage', { QueueUrl, MessageBody: 'later' });
    expect((await waiting).Messages[0].Body).toBe('later');
    // WaitTimeSeconds 0 asks for a short poll, whatever the queue says
    expect(await call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 0 })).toEqual({});
  });

  it('returns a delayed message once its delay has passed on the clock', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    await call('SendMessage', { QueueUrl, MessageBody: 'delayed', DelaySeconds: 300 });
    const o = other();
    try {
      const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
      await new Promise((r) => setTimeout(r, 20));
      o.ctx.store.clock.advance(300_000);
      expect((await waiting).Messages[0].Body).toBe('delayed');
    } finally {
      o.close();
    }
  });

  it('ends empty when the clock passes the wait', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 5 });
    await new Promise((r) => setTimeout(r, 20));
    env().advance(5_000);
    expect(await waiting).toEqual({});
  });

  it('stops at once when the context\'s signal aborts, answering as an empty poll', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const controller = new AbortController();
    const ctx: Ctx = { ...env().ctx, signal: controller.signal };
    const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 }, ctx);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    // sent after the abort: an interrupted poll must not take it
    await call('SendMessage', { QueueUrl, MessageBody: 'after' });
    expect(await waiting).toEqual({});
    expect((await call('ReceiveMessage', { QueueUrl })).Messages[0].Body).toBe('after');
    // a poll that starts aborted still answers at once
    expect(await call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 }, ctx)).toEqual({});
  });

  it('fails if the queue is deleted while it waits', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 }).catch((e: Error & { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 20));
    await call('DeleteQueue', { QueueUrl });
    expect(await waiting).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });
});

describe('the wait of a long poll', () => {
  it('counts from the call, not from when its first look had the lock (time spent waiting for another process counts)', async () => {
    // the file's clock runs on a time source of the test's: it stands still until the receive
    // takes its write lock, then stands 10 s later, as if another process had held the lock so long
    let real = 1_800_000_000_000;
    const env = testEnv('us-east-1', { realNow: () => real });
    try {
      const { QueueUrl } = (await callOperation(env.ctx, 'sqs', 'CreateQueue', { QueueName: 'q' })) as { QueueUrl: string };
      const store: Store = {
        ...env.store,
        write: <T>(fn: () => T): T => {
          real = 1_800_000_010_000;
          return env.store.write(fn);
        },
      };
      // a 5-second wait begun 10 s ago is over: the answer is an empty poll, at once
      expect(await callOperation({ ...env.ctx, store }, 'sqs', 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 5 })).toEqual({});
    } finally {
      env.cleanup();
    }
  });
});

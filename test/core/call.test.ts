/**
 * callOperationsTogether, the server's group commit: calls made together share one write
 * transaction, and each is answered on its own.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callOperation, callOperationsTogether } from '../../src/core/call.js';
import { createChangeFeed } from '../../src/server/changes.js';
import type { Store } from '../../src/store/db.js';
import { testEnv, type TestEnv } from '../helpers/ctx.js';

let env: TestEnv;
let queueUrl: string;
beforeEach(async () => {
  env = testEnv();
  queueUrl = ((await callOperation(env.ctx, 'sqs', 'CreateQueue', { QueueName: 'together' })) as { QueueUrl: string }).QueueUrl;
});
afterEach(() => env.cleanup());

describe('calls made together', () => {
  it('answer each call when its own operation settles: a long poll does not hold a quick call grouped with it', async () => {
    const waiting = new AbortController();
    const [poll, attributes] = await callOperationsTogether(env.store, [
      { ctx: { ...env.ctx, signal: waiting.signal }, service: 'sqs', operation: 'ReceiveMessage', input: { QueueUrl: queueUrl, WaitTimeSeconds: 20 } },
      { ctx: env.ctx, service: 'sqs', operation: 'GetQueueAttributes', input: { QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] } },
    ]);
    expect(await attributes).toEqual({ ok: true, output: { Attributes: { ApproximateNumberOfMessages: '0' } } });
    // the long poll is still waiting for a message
    expect(await Promise.race([poll!.then(() => 'answered'), Promise.resolve('waiting')])).toBe('waiting');
    waiting.abort();
    expect(await poll).toEqual({ ok: true, output: {} });
  });

  it('fail only the call that fails: the others keep what they did', async () => {
    const [sent, refused] = await callOperationsTogether(env.store, [
      { ctx: env.ctx, service: 'sqs', operation: 'SendMessage', input: { QueueUrl: queueUrl, MessageBody: 'kept' } },
      { ctx: env.ctx, service: 'sqs', operation: 'SendMessage', input: { QueueUrl: `${queueUrl}-gone`, MessageBody: 'refused' } },
    ]);
    expect(await sent).toMatchObject({ ok: true, output: { MD5OfMessageBody: createHash('md5').update('kept').digest('hex') } });
    const failure = await refused;
    expect(failure.ok).toBe(false);
    expect(failure.ok ? undefined : (failure.error as { code?: string }).code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    const received = (await callOperation(env.ctx, 'sqs', 'ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10 })) as {
      Messages?: { Body: string }[];
    };
    expect(received.Messages?.map((m) => m.Body)).toEqual(['kept']);
  });

  it('when their shared commit fails: fail every call, and stop a long poll that began waiting (it has no one to answer)', async () => {
    const changes = createChangeFeed(env.store);
    try {
      const failing: Store = {
        ...env.store,
        write: <T>(fn: () => T): T =>
          env.store.write(() => {
            fn();
            throw new Error('disk I/O error');
          }),
      };
      await expect(
        callOperationsTogether(failing, [
          { ctx: { ...env.ctx, changes }, service: 'sqs', operation: 'ReceiveMessage', input: { QueueUrl: queueUrl, WaitTimeSeconds: 20 } },
          { ctx: env.ctx, service: 'sqs', operation: 'SendMessage', input: { QueueUrl: queueUrl, MessageBody: 'rolled back' } },
        ]),
      ).rejects.toThrow('disk I/O error');
      // the long poll registered its wait inside the failed transaction, and has left it
      expect(changes.waiting()).toBe(0);
      // a message sent now is there for the next receive, not taken by the abandoned poll
      await callOperation(env.ctx, 'sqs', 'SendMessage', { QueueUrl: queueUrl, MessageBody: 'after' });
      const received = (await callOperation(env.ctx, 'sqs', 'ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10 })) as {
        Messages?: { Body: string }[];
      };
      expect(received.Messages?.map((m) => m.Body)).toEqual(['after']);
    } finally {
      changes.close();
    }
  });
});

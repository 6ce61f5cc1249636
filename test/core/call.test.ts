/**
 * callOperationsTogether, the server's group commit: calls made together share one write
 * transaction, and each is answered on its own.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callOperation, callOperationsTogether } from '../../src/core/call.js';
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
});

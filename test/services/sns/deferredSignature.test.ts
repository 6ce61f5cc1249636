/**
 * The Signature of a notification's SQS copy is made when the copy is first received (a copy
 * may never be read). What a receiver sees must be exactly what an eager signature gives: a
 * signature that verifies with the state file's certificate, the same in every copy and in the
 * copies signed at publish (Lambda, HTTP), an MD5OfBody of the signed body, and the same body
 * on every later receive, wherever the copy has moved meanwhile.
 */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cliState, type CliState } from '../../helpers/cliState.js';
import type { Ctx } from '../../../src/core/context.js';
import { env, sns, verifiesSignature } from './helpers.js';
import { createQueue, deleteQueue, sqs, urlOf } from './queues.js';

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function receiveOne(ctx: Ctx, queueArn: string, visibility = 0): Promise<Res> {
  const r = await sqs(ctx, 'ReceiveMessage', { QueueUrl: urlOf(queueArn), WaitTimeSeconds: 0, VisibilityTimeout: visibility });
  expect(r.Messages).toHaveLength(1);
  return r.Messages[0];
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** What a subscriber checks on a received copy; returns the envelope. */
function checkSigned(ctx: Ctx, m: Res): Record<string, string> {
  expect(m.MD5OfBody).toBe(md5(m.Body));
  const doc = JSON.parse(m.Body) as Record<string, string>;
  expect(doc.Signature).toMatch(/^[A-Za-z0-9+/]{300,}={0,2}$/);
  expect(verifiesSignature(ctx, doc)).toBe(true);
  return doc;
}

/** The stored rows of a queue, as the state file holds them. */
function storedRows(ctx: Ctx, queueArn: string): { body: string; pending_signature: number | null }[] {
  return ctx.store.db
    .prepare('SELECT body, pending_signature FROM sqs_messages WHERE queue_id = (SELECT id FROM sqs_queues WHERE arn = ?)')
    .all(queueArn) as { body: string; pending_signature: number | null }[];
}

describe('deferred signatures of SQS copies', () => {
  it('a copy is stored unsigned, the length of its signed self, and signed for good on first receive', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const q = await createQueue(ctx, 'q');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'hello "world"\n', Subject: 'greeting' });
    const [before] = storedRows(ctx, q);
    expect(before!.pending_signature).not.toBeNull();
    const first = await receiveOne(ctx, q);
    checkSigned(ctx, first);
    expect(first.Body).toHaveLength(before!.body.length);
    const [after] = storedRows(ctx, q);
    expect(after).toEqual({ body: first.Body, pending_signature: null });
    const again = await receiveOne(ctx, q);
    expect(again.Body).toBe(first.Body);
    expect(again.MD5OfBody).toBe(first.MD5OfBody);
  });

  it('every copy carries the one signature, the same as the copies signed at publish', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't', Attributes: { SignatureVersion: '2' } }).TopicArn as string;
    const queues = [await createQueue(ctx, 'a'), await createQueue(ctx, 'b'), await createQueue(ctx, 'c')];
    for (const q of queues) sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' });
    const { MessageId } = sns(ctx, 'Publish', {
      TopicArn: t,
      Message: 'ünïcode ✓',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } },
    });
    const docs = [];
    for (const q of queues) docs.push(checkSigned(ctx, await receiveOne(ctx, q)));
    expect(new Set(docs.map((d) => d.Signature)).size).toBe(1);
    expect(docs[0]!.SignatureVersion).toBe('2');
    expect(docs[0]!.MessageId).toBe(MessageId);
    const outbox = ctx.store.db.prepare("SELECT body FROM sns_outbox WHERE protocol = 'lambda'").get() as { body: string };
    expect(JSON.parse(outbox.body).Records[0].Sns.Signature).toBe(docs[0]!.Signature);
  });

  it('a copy moved before it was ever received is signed where it is received', async () => {
    const e = env();
    const { ctx } = e;
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const source = await createQueue(ctx, 'dlq');
    const back = await createQueue(ctx, 'back');
    await sqs(ctx, 'SetQueueAttributes', {
      QueueUrl: urlOf(back),
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: source, maxReceiveCount: 3 }) },
    });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: source });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'moved' });
    await sqs(ctx, 'StartMessageMoveTask', { SourceArn: source, DestinationArn: back });
    e.advance(2_000); // a move task moves messages as the clock passes
    await sqs(ctx, 'ListMessageMoveTasks', { SourceArn: source });
    expect(storedRows(ctx, source)).toEqual([]);
    const stored = storedRows(ctx, back);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.pending_signature).not.toBeNull();
    expect(checkSigned(ctx, await receiveOne(ctx, back)).Message).toBe('moved');
  });

  it('a copy for a deleted queue reaches the dead-letter queue unsigned, and the outbox records it signed', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const gone = await createQueue(ctx, 'gone');
    const dlq = await createQueue(ctx, 'sub-dlq');
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: gone,
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) },
    });
    await deleteQueue(ctx, gone);
    sns(ctx, 'Publish', { TopicArn: t, Message: 'orphan' });
    const recorded = ctx.store.db.prepare("SELECT body, status FROM sns_outbox WHERE protocol = 'sqs'").get() as { body: string; status: string };
    expect(recorded.status).toBe('dead-lettered');
    const outboxDoc = JSON.parse(recorded.body) as Record<string, string>;
    expect(verifiesSignature(ctx, outboxDoc)).toBe(true);
    const doc = checkSigned(ctx, await receiveOne(ctx, dlq));
    expect(doc.Signature).toBe(outboxDoc.Signature);
  });

  it('a copy for a FIFO dead-letter queue is signed as it goes in, and only if the queue takes it', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const gone = await createQueue(ctx, 'gone');
    const { QueueUrl } = await sqs(ctx, 'CreateQueue', {
      QueueName: 'dlq.fifo',
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
    const { Attributes } = await sqs(ctx, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
    const dlq = Attributes.QueueArn as string;
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'sqs',
      Endpoint: gone,
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) },
    });
    await deleteQueue(ctx, gone);
    const signatures = () => ctx.store.db.prepare('SELECT count(*) AS n FROM sns_signatures').get() as { n: number };
    // no MessageGroupId: the FIFO queue refuses the copy, and nothing is signed for it
    sns(ctx, 'Publish', { TopicArn: t, Message: 'refused' });
    expect(signatures().n).toBe(0);
    expect(storedRows(ctx, dlq)).toEqual([]);
    // a standard topic forwards a MessageGroupId: the FIFO queue takes the copy, signed
    sns(ctx, 'Publish', { TopicArn: t, Message: 'taken', MessageGroupId: 'g' });
    const [row] = storedRows(ctx, dlq);
    expect(row!.pending_signature).toBeNull();
    const m = await receiveOne(ctx, dlq);
    expect(m.Body).toBe(row!.body);
    expect(checkSigned(ctx, m).Message).toBe('taken');
  });

  it('raw deliveries and FIFO topics have no signature to defer', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const raw = await createQueue(ctx, 'raw');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: raw, Attributes: { RawMessageDelivery: 'true' } });
    const f = sns(ctx, 'CreateTopic', { Name: 'f.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }).TopicArn as string;
    const fq = await createQueue(ctx, 'f.fifo');
    sns(ctx, 'Subscribe', { TopicArn: f, Protocol: 'sqs', Endpoint: fq });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'plain' });
    sns(ctx, 'Publish', { TopicArn: f, Message: 'ordered', MessageGroupId: 'g' });
    expect(storedRows(ctx, raw)).toEqual([{ body: 'plain', pending_signature: null }]);
    expect(storedRows(ctx, fq)[0]!.pending_signature).toBeNull();
    expect(JSON.parse((await receiveOne(ctx, fq)).Body).Signature).toBeUndefined();
  });
});

describe('deferred signatures across processes', () => {
  let s: CliState | undefined;
  afterAll(() => s?.close());

  it('a copy published by one bin/awsmsg is signed by another that receives it', async () => {
    s = cliState('us-east-1', '123456789012');
    const run = (...args: string[]): Res => {
      const r = s!.run(args);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim() ? JSON.parse(r.stdout) : {};
    };
    const topic = run('sns', 'create-topic', '--name', 'news').TopicArn as string;
    const url = run('sqs', 'create-queue', '--queue-name', 'reader').QueueUrl as string;
    run('sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', 'arn:aws:sqs:us-east-1:123456789012:reader');
    run('sns', 'publish', '--topic-arn', topic, '--message', 'from another process');
    const got = run('sqs', 'receive-message', '--queue-url', url).Messages as Res[];
    expect(got).toHaveLength(1);
    const doc = checkSigned(s.ctx, got[0]!);
    expect(doc.Message).toBe('from another process');
  });
});

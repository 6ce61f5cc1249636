import { describe, expect, it } from 'vitest';
import { awsError, sqsEnv, type Req } from './helpers.js';

type Msg = { Body: string; ReceiptHandle: string; MessageId: string; Attributes?: Record<string, string> };

describe('FIFO queues', () => {
  const { env, call } = sqsEnv();
  const fifo = async (attrs: Record<string, string> = {}, name = 'q.fifo') =>
    (await call('CreateQueue', { QueueName: name, Attributes: { FifoQueue: 'true', ...attrs } })).QueueUrl as string;
  const send = (QueueUrl: string, body: string, group: string, extra: Req = {}) =>
    call('SendMessage', { QueueUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: body, ...extra });
  const receive = async (QueueUrl: string, extra: Req = {}): Promise<Msg[]> =>
    (await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, ...extra })).Messages ?? [];
  const bodies = (ms: Msg[]) => ms.map((m) => m.Body);

  it('requires a MessageGroupId and a deduplication id (or content-based deduplication)', async () => {
    const QueueUrl = await fifo();
    const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' }));
    expect([e.code, e.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageGroupId.']);
    const d = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }));
    expect([d.code, d.message]).toEqual([
      'InvalidParameterValue',
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    ]);
    const b = await awsError(call('SendMessageBatch', { QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x', MessageDeduplicationId: 'd' }] }));
    expect([b.code, b.message]).toEqual(['InvalidParameterValue', 'The request must contain the parameter MessageGroupId.']);
    const c = await awsError(call('SendMessageBatch', { QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }] }));
    expect(c.message).toBe('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  });

  it('refuses a per-message delay but honours the queue delay', async () => {
    const QueueUrl = await fifo({ DelaySeconds: '5' });
    const e = await awsError(send(QueueUrl, 'a', 'g', { DelaySeconds: 2 }));
    expect(e.message).toBe('Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.');
    await send(QueueUrl, 'a', 'g', { DelaySeconds: 0 });
    expect(await receive(QueueUrl)).toEqual([]);
    env().advance(5_000);
    expect(bodies(await receive(QueueUrl))).toEqual(['a']);
  });

  it('answers with a SequenceNumber: a large decimal that increases', async () => {
    const QueueUrl = await fifo();
    const seqs: bigint[] = [];
    for (const b of ['1', '2', '3']) {
      const r = await send(QueueUrl, b, 'g');
      expect(r.SequenceNumber).toMatch(/^\d{20}$/);
      seqs.push(BigInt(r.SequenceNumber));
    }
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
    const got = await receive(QueueUrl, { AttributeNames: ['All'] });
    expect(got.map((m) => m.Attributes!.SequenceNumber)).toEqual(seqs.map(String));
    expect(got[0]!.Attributes).toMatchObject({ MessageGroupId: 'g', MessageDeduplicationId: '1' });
    expect(Object.keys(got[0]!.Attributes!)).toEqual([
      'SenderId',
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SentTimestamp',
      'SequenceNumber',
      'MessageDeduplicationId',
      'MessageGroupId',
    ]);
  });

  it('returns a group in order, as many of it as possible, before other groups', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    for (const [body, group] of [
      ['g1-m1', 'group-1'],
      ['g2-m1', 'group-2'],
      ['g1-m2', 'group-1'],
      ['g2-m2', 'group-2'],
      ['g1-m2', 'group-1'], // a duplicate: content-based deduplication drops it
      ['g1-m3', 'group-1'],
      ['g1-m4', 'group-1'],
      ['g3-m1', 'group-3'],
    ] as const) {
      await call('SendMessage', { QueueUrl, MessageBody: body, MessageGroupId: group });
    }
    const first = await receive(QueueUrl, { MaxNumberOfMessages: 2 });
    expect(bodies(first)).toEqual(['g1-m1', 'g1-m2']);
    for (const m of first) await call('DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    expect(bodies(await receive(QueueUrl))).toEqual(['g2-m1', 'g2-m2', 'g1-m3', 'g1-m4', 'g3-m1']);
  });

  it('holds back a group while one of its messages is in flight', async () => {
    const QueueUrl = await fifo({ VisibilityTimeout: '30' });
    await send(QueueUrl, 'a1', 'A');
    await send(QueueUrl, 'a2', 'A');
    await send(QueueUrl, 'b1', 'B');
    const got = await receive(QueueUrl, { MaxNumberOfMessages: 1 });
    expect(bodies(got)).toEqual(['a1']);
    expect(bodies(await receive(QueueUrl))).toEqual(['b1']);
    expect(await receive(QueueUrl)).toEqual([]);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: got[0]!.ReceiptHandle });
    expect(bodies(await receive(QueueUrl))).toEqual(['a2']);
  });

  it('after a visibility extension, returns the group only up to the message still in flight', async () => {
    for (const [position, expected] of [
      [0, []],
      [1, ['foo']],
      [2, ['foo', 'bar']],
    ] as const) {
      const QueueUrl = await fifo({ VisibilityTimeout: '1' }, `q${position}.fifo`);
      for (const b of ['foo', 'bar', 'baz']) await send(QueueUrl, b, '1');
      const all = await receive(QueueUrl, { MaxNumberOfMessages: 5 });
      expect(bodies(all)).toEqual(['foo', 'bar', 'baz']);
      await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: all[position]!.ReceiptHandle, VisibilityTimeout: 4 });
      env().advance(2_500);
      expect(bodies(await receive(QueueUrl, { MaxNumberOfMessages: 5 }))).toEqual(expected);
      env().advance(10_000);
    }
  });

  it('deduplicates for 5 minutes, even after the message is deleted, answering with the original ids', async () => {
    const QueueUrl = await fifo();
    const a = await send(QueueUrl, 'x', 'g', { MessageDeduplicationId: 'd1' });
    const b = await send(QueueUrl, 'y', 'g', { MessageDeduplicationId: 'd1' });
    expect(b.MessageId).toBe(a.MessageId);
    expect(b.SequenceNumber).toBe(a.SequenceNumber);
    expect(b.MD5OfMessageBody).toBe('415290769594460e2e485922904f345d'); // of what was sent
    const got = await receive(QueueUrl);
    expect(bodies(got)).toEqual(['x']);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: got[0]!.ReceiptHandle });
    env().advance(4 * 60_000);
    await send(QueueUrl, 'z', 'g', { MessageDeduplicationId: 'd1' });
    expect(await receive(QueueUrl)).toEqual([]);
    env().advance(60_000);
    const c = await send(QueueUrl, 'w', 'g', { MessageDeduplicationId: 'd1' });
    expect(c.MessageId).not.toBe(a.MessageId);
    expect(bodies(await receive(QueueUrl))).toEqual(['w']);
  });

  it('deduplicates by SHA-256 of the body with ContentBasedDeduplication; an explicit id overrides it', async () => {
    const QueueUrl = await fifo({ ContentBasedDeduplication: 'true' });
    await call('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
    await call('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g' });
    await call('SendMessage', { QueueUrl, MessageBody: 'same', MessageGroupId: 'g', MessageDeduplicationId: 'other' });
    const got = await receive(QueueUrl, { AttributeNames: ['MessageDeduplicationId'] });
    expect(got.map((m) => m.Attributes!.MessageDeduplicationId)).toEqual([
      '0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5',
      'other',
    ]);
  });

  it('deduplicates per message group with DeduplicationScope messageGroup', async () => {
    const QueueUrl = await fifo({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    await send(QueueUrl, 'x', 'g1', { MessageDeduplicationId: 'd' });
    await send(QueueUrl, 'y', 'g2', { MessageDeduplicationId: 'd' });
    await send(QueueUrl, 'z', 'g2', { MessageDeduplicationId: 'd' });
    expect(bodies(await receive(QueueUrl)).sort()).toEqual(['x', 'y']);
  });

  it('deduplicates within a batch and reports SequenceNumber per entry', async () => {
    const QueueUrl = await fifo();
    const r = await call('SendMessageBatch', {
      QueueUrl,
      Entries: [
        { Id: 'a', MessageBody: '1', MessageGroupId: 'g', MessageDeduplicationId: 'd1' },
        { Id: 'b', MessageBody: '2', MessageGroupId: 'g', MessageDeduplicationId: 'd1' },
        { Id: 'c', MessageBody: '3', MessageGroupId: 'g', MessageDeduplicationId: 'd2' },
      ],
    });
    expect(r.Failed).toBeUndefined();
    expect(r.Successful[1].MessageId).toBe(r.Successful[0].MessageId);
    expect(r.Successful.every((s: { SequenceNumber?: string }) => /^\d+$/.test(s.SequenceNumber ?? ''))).toBe(true);
    expect(bodies(await receive(QueueUrl))).toEqual(['1', '3']);
  });

  it('refuses to delete with a handle whose visibility timeout has passed', async () => {
    const QueueUrl = await fifo({ VisibilityTimeout: '1' });
    await send(QueueUrl, 'x', 'g');
    const [m] = await receive(QueueUrl);
    env().advance(2_000);
    const e = await awsError(call('DeleteMessage', { QueueUrl, ReceiptHandle: m!.ReceiptHandle }));
    expect([e.code, e.message]).toEqual([
      'InvalidParameterValue',
      `Value ${m!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    ]);
    const [again] = await receive(QueueUrl);
    await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: again!.ReceiptHandle, VisibilityTimeout: 10 });
    env().advance(2_000);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: again!.ReceiptHandle });
    expect(await receive(QueueUrl)).toEqual([]);
  });

  it('replays a receive with the same ReceiveRequestAttemptId while nothing changed', async () => {
    const QueueUrl = await fifo({ VisibilityTimeout: '30' });
    for (const b of ['1', '2', '3']) await send(QueueUrl, b, 'g');
    const first = await receive(QueueUrl, { MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'attempt-1' });
    expect(bodies(first)).toEqual(['1', '2']);
    env().advance(10_000);
    const retry = await receive(QueueUrl, { MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'attempt-1' });
    expect(retry.map((m) => m.ReceiptHandle)).toEqual(first.map((m) => m.ReceiptHandle));
    // the retry reset the visibility timeout: 25 s after it, still hidden
    env().advance(25_000);
    expect(await receive(QueueUrl)).toEqual([]);
    // once a message changes, the attempt is not replayed
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: first[0]!.ReceiptHandle });
    const other = await receive(QueueUrl, { MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'attempt-1' });
    expect(other).toEqual([]);
    const e = await awsError(call('ReceiveMessage', { QueueUrl, ReceiveRequestAttemptId: 'has space' }));
    expect(e.code).toBe('InvalidParameterValue');
  });

  it('only FIFO queues may be dead-letter queues of FIFO queues', async () => {
    const dlq = await fifo({}, 'dlq.fifo');
    const std = (await call('CreateQueue', { QueueName: 'std' })).QueueUrl;
    const stdArn = 'arn:aws:sqs:us-east-1:000000000000:std';
    const e = await awsError(
      call('CreateQueue', {
        QueueName: 'src.fifo',
        Attributes: { FifoQueue: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: stdArn, maxReceiveCount: 1 }) },
      }),
    );
    expect(e.code).toBe('InvalidParameterValue');
    const f = await awsError(
      call('SetQueueAttributes', {
        QueueUrl: std,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq.fifo', maxReceiveCount: 1 }) },
      }),
    );
    expect(f.code).toBe('InvalidParameterValue');
    expect(dlq).toBeTruthy();
  });
});

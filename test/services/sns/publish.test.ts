import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/core/context.js';
import { listOutbox, signingCertificate } from '../../../src/services/sns/index.js';
import { env, sns, snsError, topicArn, verifiesSignature } from './helpers.js';
import { createQueue, deleteQueue, queueMessages } from './queues.js';

async function fanout(ctx: Ctx, opts: { raw?: boolean; topic?: string; attrs?: Record<string, string> } = {}): Promise<{ t: string; q: string; sub: string }> {
  const t = sns(ctx, 'CreateTopic', { Name: opts.topic ?? 'orders', Attributes: opts.attrs }).TopicArn as string;
  const q = await createQueue(ctx, `${(opts.topic ?? 'orders').replace('.fifo', '')}-q${opts.topic?.endsWith('.fifo') ? '.fifo' : ''}`);
  const sub = sns(ctx, 'Subscribe', {
    TopicArn: t,
    Protocol: 'sqs',
    Endpoint: q,
    Attributes: opts.raw ? { RawMessageDelivery: 'true' } : undefined,
  }).SubscriptionArn as string;
  return { t, q, sub };
}

describe('Publish to SQS subscribers', () => {
  it('delivers AWS’s envelope, laid out as AWS does, with a verifiable signature', async () => {
    const { ctx } = env();
    const { t, q, sub } = await fanout(ctx);
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', {
      TopicArn: t,
      Message: 'Hello world!',
      Subject: 'My First Message',
      MessageAttributes: { store: { DataType: 'String', StringValue: 'example_corp' }, price: { DataType: 'Number', StringValue: '99.12' } },
    });
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const [m] = await queueMessages(ctx, q);
    const cert = signingCertificate(ctx.store);
    expect(m!.Body).toMatch(
      new RegExp(
        [
          '^\\{',
          '  "Type" : "Notification",',
          `  "MessageId" : "${MessageId}",`,
          `  "TopicArn" : "${t}",`,
          '  "Subject" : "My First Message",',
          '  "Message" : "Hello world!",',
          '  "Timestamp" : "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z",',
          '  "SignatureVersion" : "1",',
          '  "Signature" : "[A-Za-z0-9+/=]+",',
          `  "SigningCertURL" : "https://sns\\.us-east-1\\.amazonaws\\.com/${cert.fileName.replace('.', '\\.')}",`,
          `  "UnsubscribeURL" : "https://sns\\.us-east-1\\.amazonaws\\.com/\\?Action=Unsubscribe&SubscriptionArn=${sub}",`,
          '  "MessageAttributes" : \\{',
          '    "store" : \\{"Type":"String","Value":"example_corp"\\},',
          '    "price" : \\{"Type":"Number","Value":"99.12"\\}',
          '  \\}',
          '\\}$',
        ].join('\n'),
      ),
    );
    const doc = JSON.parse(m!.Body) as Record<string, string>;
    expect(verifiesSignature(ctx, doc)).toBe(true);
    expect(verifiesSignature(ctx, { ...doc, Message: 'tampered' })).toBe(false);
    expect(m!.MessageAttributes).toBeUndefined();
  });

  it('signs with SHA256 when the topic says SignatureVersion 2', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx, { attrs: { SignatureVersion: '2' } });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'v2' });
    const doc = JSON.parse((await queueMessages(ctx, q))[0]!.Body);
    expect(doc.SignatureVersion).toBe('2');
    expect(verifiesSignature(ctx, doc)).toBe(true);
  });

  it('delivers the raw message with its attributes when RawMessageDelivery is on', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx, { raw: true });
    sns(ctx, 'Publish', {
      TopicArn: t,
      Message: '{"id": 1}',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'a' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
    });
    const [m] = await queueMessages(ctx, q);
    expect(m!.Body).toBe('{"id": 1}');
    expect(Object.keys(m!.MessageAttributes!)).toEqual(['kind', 'blob']);
    expect(m!.MessageAttributes!.kind).toMatchObject({ DataType: 'String', StringValue: 'a' });
  });

  it('fans out to every subscribed queue in one transaction', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'fan' }).TopicArn as string;
    const queues = [await createQueue(ctx, 'a'), await createQueue(ctx, 'b'), await createQueue(ctx, 'c')];
    for (const q of queues) sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'to all' });
    for (const q of queues) expect(JSON.parse((await queueMessages(ctx, q))[0]!.Body).Message).toBe('to all');
  });

  it('delivers to none when the publish fails half-way', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'atomic' }).TopicArn as string;
    const a = await createQueue(ctx, 'a');
    const b = await createQueue(ctx, 'b');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: a });
    const subB = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: b }).SubscriptionArn;
    // a policy no engine can read, planted behind the API's back, makes the second delivery throw
    ctx.store.db.prepare('UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?').run(JSON.stringify({ FilterPolicy: '{broken' }), subB);
    expect(() => sns(ctx, 'Publish', { TopicArn: t, Message: 'all or nothing' })).toThrow();
    expect(await queueMessages(ctx, a)).toEqual([]);
    expect(await queueMessages(ctx, b)).toEqual([]);
  });

  it('chooses the per-protocol message of MessageStructure=json and leaves attributes out', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    const raw = await fanout(ctx, { raw: true, topic: 'raw' });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'me@example.com' });
    const message = JSON.stringify({ default: 'for everyone', sqs: 'for queues', email: 'for people', lambda: 42 });
    sns(ctx, 'Publish', { TopicArn: t, Message: message, MessageStructure: 'json', MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } } });
    const doc = JSON.parse((await queueMessages(ctx, q))[0]!.Body);
    expect(doc.Message).toBe('for queues');
    expect(doc.MessageAttributes).toBeUndefined();
    sns(ctx, 'Publish', { TopicArn: raw.t, Message: JSON.stringify({ default: 'plain default' }), MessageStructure: 'json' });
    expect((await queueMessages(ctx, raw.q))[0]!.Body).toBe('plain default');
    expect(snsError(ctx, 'Publish', { TopicArn: t, Message: JSON.stringify({ sqs: 'x' }), MessageStructure: 'json' }).message).toBe(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
    expect(snsError(ctx, 'Publish', { TopicArn: t, Message: '{not json', MessageStructure: 'json' }).message).toBe(
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
    expect(snsError(ctx, 'Publish', { TopicArn: t, Message: JSON.stringify({ default: 1 }), MessageStructure: 'json' }).message).toBe(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  });

  it('sends to the dead-letter queue when the subscribed queue is gone', async () => {
    const { ctx } = env();
    const { t, q, sub } = await fanout(ctx);
    const dlq = await createQueue(ctx, 'dlq');
    sns(ctx, 'SetSubscriptionAttributes', { SubscriptionArn: sub, AttributeName: 'RedrivePolicy', AttributeValue: JSON.stringify({ deadLetterTargetArn: dlq }) });
    await deleteQueue(ctx, q);
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', { TopicArn: t, Message: 'after delete' });
    const [m] = await queueMessages(ctx, dlq);
    expect(JSON.parse(m!.Body)).toMatchObject({ MessageId, Message: 'after delete' });
    const [failure] = listOutbox(ctx, { protocol: 'sqs' });
    expect(failure).toMatchObject({ Status: 'dead-lettered', Endpoint: q, MessageId });
    expect(failure!.LastError).toMatch(/^AWS\.SimpleQueueService\.NonExistentQueue: /);
  });

  it('records a delivery to a deleted queue without a dead-letter queue as failed', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    await deleteQueue(ctx, q);
    sns(ctx, 'Publish', { TopicArn: t, Message: 'lost' });
    expect(listOutbox(ctx, { protocol: 'sqs' })[0]).toMatchObject({ Status: 'failed', Endpoint: q });
  });
});

describe('Publish validation', () => {
  it('refuses what AWS refuses, and delivers nothing', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ Message: 'x', Subject: '' }, 'InvalidParameter', 'Invalid parameter: Subject'],
      [{ Message: 'x', Subject: 'a'.repeat(101) }, 'InvalidParameter', 'Invalid parameter: Subject'],
      [{ Message: 'x', Subject: 'two\nlines' }, 'InvalidParameter', 'Invalid parameter: Subject'],
      [{ Message: '' }, 'InvalidParameter', 'Invalid parameter: Empty message'],
      [{ Message: 'x'.repeat(262_145) }, 'InvalidParameter', 'Invalid parameter: Message too long'],
      [{ Message: 'x', MessageDeduplicationId: 'd' }, 'InvalidParameter', 'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type'],
      [{ Message: 'x', MessageAttributes: { attr1: { DataType: 'Foo', StringValue: 'v' } } }, 'ParameterValueInvalid', "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."],
      [{ Message: 'x', MessageAttributes: { attr1: { DataType: 'String', StringValue: '' } } }, 'ParameterValueInvalid', "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'."],
      [{ Message: 'x', MessageAttributes: { attr1: { DataType: 'Binary', StringValue: 'v' } } }, 'ParameterValueInvalid', "The message attribute 'attr1' with type 'Binary' must use field 'Binary'."],
      [{ Message: 'x', MessageAttributes: { attr1: { DataType: 'Number', BinaryValue: Buffer.from('1') } } }, 'ParameterValueInvalid', "The message attribute 'attr1' with type 'Number' must use field 'String'."],
      [{ Message: 'x', MessageAttributes: { attr1: { DataType: 'Number', StringValue: 'abc' } } }, 'ParameterValueInvalid', "Could not cast message attribute 'attr1' value to number."],
      [{ Message: 'x', MessageAttributes: { attr1: { StringValue: 'v' } } }, 'ValidationError', "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null"],
      [{ Message: 'x', MessageAttributes: { '.attr': { DataType: 'String', StringValue: 'v' } } }, 'ParameterValueInvalid', "Invalid message attribute name starting with character '.' was found."],
      [{ Message: 'x', MessageAttributes: { 'attr.': { DataType: 'String', StringValue: 'v' } } }, 'ParameterValueInvalid', "Invalid message attribute name ending with character '.' was found."],
      [{ Message: 'x', MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } } }, 'ParameterValueInvalid', "Message attribute name can not have successive '.' character."],
      [{ Message: 'x', MessageAttributes: { 'a^b': { DataType: 'String', StringValue: 'v' } } }, 'ParameterValueInvalid', "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."],
      [{ Message: 'x', MessageAttributes: { ['a'.repeat(257)]: { DataType: 'String', StringValue: 'v' } } }, 'ParameterValueInvalid', 'Length of message attribute name must be less than 256 bytes.'],
    ];
    for (const [input, code, message] of cases) {
      const e = snsError(ctx, 'Publish', { TopicArn: t, ...input });
      expect([e.code, e.message]).toEqual([code, message]);
    }
    // attributes count toward the 256 KiB
    const big = snsError(ctx, 'Publish', { TopicArn: t, Message: 'x'.repeat(262_000), MessageAttributes: { a: { DataType: 'String', StringValue: 'y'.repeat(200) } } });
    expect(big.message).toBe('Invalid parameter: Message too long');
    expect(sns(ctx, 'Publish', { TopicArn: t, Message: 'x'.repeat(262_144) }).MessageId).toBeDefined();
    expect(await queueMessages(ctx, q)).toHaveLength(1);
  });

  it('names the missing target and a missing topic', async () => {
    const { ctx } = env();
    expect(snsError(ctx, 'Publish', { Message: 'x' }).message).toBe('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    const nf = snsError(ctx, 'Publish', { TopicArn: topicArn('nope'), Message: 'x' });
    expect([nf.code, nf.message]).toEqual(['NotFound', 'Topic does not exist']);
    expect(snsError(ctx, 'Publish', { TopicArn: 'arn:aws:sns', Message: 'x' }).message).toBe('Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 3');
    expect(snsError(ctx, 'Publish', { TopicArn: topicArn('x', 'eu-west-1'), Message: 'x' }).message).toBe('Invalid parameter: TopicArn');
  });

  it('to a missing topic, in a state file without a signing key yet, makes no key (the file is left as it was)', () => {
    const { ctx, store } = env();
    const keys = () => store.db.prepare('SELECT count(*) AS n FROM sns_signing').get() as { n: number };
    expect(snsError(ctx, 'Publish', { TopicArn: topicArn('nope'), Message: 'x' }).code).toBe('NotFound');
    expect(snsError(ctx, 'PublishBatch', { TopicArn: topicArn('nope'), PublishBatchRequestEntries: [{ Id: '1', Message: 'x' }] }).code).toBe('NotFound');
    expect(keys().n).toBe(0);
  });

  it('accepts a topic ARN as TargetArn', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    sns(ctx, 'Publish', { TargetArn: t, Message: 'via target' });
    expect(JSON.parse((await queueMessages(ctx, q))[0]!.Body).Message).toBe('via target');
  });
});

describe('FIFO topics', () => {
  it('requires a group id, and a deduplication id unless content-based', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 't.fifo', Attributes: { FifoTopic: 'true' } }).TopicArn;
    expect(snsError(ctx, 'Publish', { TopicArn: t, Message: 'x' }).message).toBe('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    expect(snsError(ctx, 'Publish', { TopicArn: t, Message: 'x', MessageGroupId: 'g' }).message).toBe(
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  });

  it('delivers in order with SequenceNumber, group and dedup id, and no signature', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx, { topic: 'orders.fifo', attrs: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } });
    const plain = await createQueue(ctx, 'plain');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: plain });
    const outs = ['one', 'two', 'three'].map((Message) => sns<{ MessageId: string; SequenceNumber: string }>(ctx, 'Publish', { TopicArn: t, Message, MessageGroupId: 'g1' }));
    const seqs = outs.map((o) => BigInt(o.SequenceNumber));
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
    expect(outs[0]!.SequenceNumber).toMatch(/^\d{20}$/);
    const got = await queueMessages(ctx, q);
    expect(got.map((m) => JSON.parse(m.Body).Message)).toEqual(['one', 'two', 'three']);
    const doc = JSON.parse(got[0]!.Body);
    expect(Object.keys(doc)).toEqual(['Type', 'MessageId', 'SequenceNumber', 'TopicArn', 'Message', 'Timestamp', 'UnsubscribeURL']);
    expect(doc.SequenceNumber).toBe(outs[0]!.SequenceNumber);
    expect(got[0]).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: createHash('sha256').update('one').digest('hex') });
    // a standard queue gets the messages, without FIFO ids
    const plainGot = await queueMessages(ctx, plain);
    expect(plainGot).toHaveLength(3);
    expect(plainGot[0]!.MessageGroupId).toBeUndefined();
  });

  it('deduplicates on the topic for five minutes, answering as the first time', async () => {
    const e = env();
    const { t, q } = await fanout(e.ctx, { topic: 'd.fifo', attrs: { FifoTopic: 'true' } });
    const first = sns(e.ctx, 'Publish', { TopicArn: t, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'same' });
    const again = sns(e.ctx, 'Publish', { TopicArn: t, Message: 'b', MessageGroupId: 'other', MessageDeduplicationId: 'same' });
    expect(again).toEqual(first);
    expect((await queueMessages(e.ctx, q)).map((m) => JSON.parse(m.Body).Message)).toEqual(['a']);
    e.advance(5 * 60 * 1000);
    const later = sns(e.ctx, 'Publish', { TopicArn: t, Message: 'c', MessageGroupId: 'g', MessageDeduplicationId: 'same' });
    expect(later.MessageId).not.toBe(first.MessageId);
    expect((await queueMessages(e.ctx, q)).map((m) => JSON.parse(m.Body).Message)).toEqual(['c']);
  });

  it('deduplicates per message group when FifoThroughputScope is MessageGroup', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'g.fifo', Attributes: { FifoTopic: 'true', FifoThroughputScope: 'MessageGroup' } }).TopicArn;
    // a standard queue, so that only the topic deduplicates (a FIFO queue would again, queue-wide)
    const q = await createQueue(ctx, 'per-group');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'a', MessageGroupId: 'g1', MessageDeduplicationId: 'd' });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'b', MessageGroupId: 'g2', MessageDeduplicationId: 'd' });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'c', MessageGroupId: 'g1', MessageDeduplicationId: 'd' });
    expect((await queueMessages(ctx, q)).map((m) => JSON.parse(m.Body).Message)).toEqual(['a', 'b']);
  });
});

describe('PublishBatch', () => {
  it('publishes up to ten entries and reports each', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    const out = sns<{ Successful: { Id: string; MessageId: string }[]; Failed: unknown[] }>(ctx, 'PublishBatch', {
      TopicArn: t,
      PublishBatchRequestEntries: [
        { Id: 'm1', Message: 'one' },
        { Id: 'm2', Message: 'two', Subject: 's' },
        { Id: 'm3', Message: '' },
      ],
    });
    expect(out.Successful.map((s) => s.Id)).toEqual(['m1', 'm2']);
    expect(out.Failed).toEqual([{ Id: 'm3', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
    expect((await queueMessages(ctx, q)).map((m) => JSON.parse(m.Body).Message)).toEqual(['one', 'two']);
  });

  it('returns sequence numbers on FIFO topics', async () => {
    const { ctx } = env();
    const { t } = await fanout(ctx, { topic: 'b.fifo', attrs: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } });
    const out = sns<{ Successful: { SequenceNumber?: string }[] }>(ctx, 'PublishBatch', {
      TopicArn: t,
      PublishBatchRequestEntries: [
        { Id: 'a', Message: '1', MessageGroupId: 'g' },
        { Id: 'b', Message: '2', MessageGroupId: 'g' },
      ],
    });
    expect(out.Successful.every((s) => /^\d{20}$/.test(s.SequenceNumber!))).toBe(true);
  });

  it('fails the whole request as AWS does', async () => {
    const { ctx } = env();
    const { t, q } = await fanout(ctx);
    const fifo = sns(ctx, 'CreateTopic', { Name: 'x.fifo', Attributes: { FifoTopic: 'true' } }).TopicArn as string;
    const err = (TopicArn: string, PublishBatchRequestEntries: unknown[]): [string, string] => {
      const e = snsError(ctx, 'PublishBatch', { TopicArn, PublishBatchRequestEntries });
      return [e.code, e.message];
    };
    expect(err(t, [])).toEqual(['EmptyBatchRequest', "The batch request doesn't contain any entries."]);
    expect(err(fifo, Array.from({ length: 11 }, (_, i) => ({ Id: `Id_${i}`, Message: 'm' })))).toEqual([
      'TooManyEntriesInBatchRequest',
      'The batch request contains more entries than permissible.',
    ]);
    expect(err(fifo, [{ Id: '1', Message: 'a' }, { Id: '1', Message: 'b' }])).toEqual(['BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.']);
    expect(err(t, [{ Id: 'message.id', Message: 'a' }])).toEqual(['InvalidBatchEntryId', 'The Id of a batch entry in the batch request contains an impermissible character: message.id']);
    expect(err(t, [{ Id: 'a'.repeat(81), Message: 'a' }])).toEqual(['InvalidBatchEntryId', `The Id of a batch entry in the batch request is too long: ${'a'.repeat(81)}`]);
    expect(err(fifo, [{ Id: '1', Message: 'no group' }])).toEqual(['InvalidParameter', 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics']);
    expect(err(fifo, [{ Id: '1', Message: 'no dedup', MessageGroupId: 'g' }])).toEqual([
      'InvalidParameter',
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    ]);
    expect(err(t, [{ Id: '1', Message: JSON.stringify({ sqs: 'x' }), MessageStructure: 'json' }])).toEqual([
      'InvalidParameter',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    ]);
    expect(err(t, [{ Id: '1', Message: 'x', MessageAttributes: { attr1: { StringValue: 'v' } } }])).toEqual([
      'ValidationError',
      "1 validation error detected: Value null at 'publishBatchRequestEntries.1.member.messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    ]);
    expect(err(t, [{ Id: 'a', Message: 'x'.repeat(200_000) }, { Id: 'b', Message: 'y'.repeat(70_000) }])).toEqual([
      'BatchRequestTooLong',
      'The length of all the messages put together is more than the limit.',
    ]);
    expect(err(topicArn('nope'), [{ Id: 'a', Message: 'x' }])).toEqual(['NotFound', 'Topic does not exist']);
    expect(await queueMessages(ctx, q)).toEqual([]);
  });
});

describe('endpoints that cannot be reached from here', () => {
  it('records e-mail, e-mail JSON, SMS, Lambda and Firehose deliveries in the outbox', async () => {
    const { ctx } = env();
    const t = sns(ctx, 'CreateTopic', { Name: 'many', Attributes: { DisplayName: 'Shop' } }).TopicArn as string;
    const confirm = (endpoint: string): void => {
      const body = listOutbox(ctx, { endpoint }).find((e) => e.Type === 'SubscriptionConfirmation')!.Body;
      const token = body.startsWith('{') ? JSON.parse(body).Token : /Token: ([0-9a-f]+)/.exec(body)![1];
      sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: token });
    };
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email', Endpoint: 'a@example.com' });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'email-json', Endpoint: 'b@example.com' });
    confirm('a@example.com');
    confirm('b@example.com');
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'sms', Endpoint: '+15555550100' });
    const lambdaSub = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' }).SubscriptionArn;
    sns(ctx, 'Subscribe', {
      TopicArn: t,
      Protocol: 'firehose',
      Endpoint: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s',
      Attributes: { SubscriptionRoleArn: 'arn:aws:iam::000000000000:role/r' },
    });
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', {
      TopicArn: t,
      Message: 'Sale!',
      Subject: 'News',
      MessageAttributes: { n: { DataType: 'Number', StringValue: '5' } },
    });
    const sent = listOutbox(ctx, { messageId: MessageId });
    expect(sent.map((e) => e.Protocol)).toEqual(['email', 'email-json', 'sms', 'lambda', 'firehose']);
    const [email, emailJson, sms, lambda, firehose] = sent;
    expect(email).toMatchObject({ Subject: 'News', Status: 'recorded', Headers: { From: 'Shop <no-reply@sns.amazonaws.com>', To: 'a@example.com' } });
    expect(email!.Body.startsWith('Sale!\n\n--\nIf you wish to stop receiving notifications')).toBe(true);
    expect(JSON.parse(emailJson!.Body)).toMatchObject({ Type: 'Notification', Message: 'Sale!', Subject: 'News' });
    expect(sms).toMatchObject({ Body: 'Sale!', Endpoint: '+15555550100' });
    const event = JSON.parse(lambda!.Body);
    expect(event.Records[0]).toMatchObject({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: lambdaSub });
    expect(event.Records[0].Sns).toMatchObject({ Type: 'Notification', MessageId, Subject: 'News', Message: 'Sale!', MessageAttributes: { n: { Type: 'String', Value: '5' } } });
    expect(event.Records[0].Sns.SigningCertUrl).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
    expect(JSON.parse(firehose!.Body).Message).toBe('Sale!');
  });

  it('sends SMS to a phone number, and not to one that opted out', async () => {
    const { ctx } = env();
    const { optOutPhoneNumber } = await import('../../../src/services/sns/index.js');
    const a = sns<{ MessageId: string }>(ctx, 'Publish', { PhoneNumber: '+1-555-555-0100', Message: 'Hello world!' });
    expect(listOutbox(ctx, { messageId: a.MessageId })[0]).toMatchObject({ Protocol: 'sms', Endpoint: '+1-555-555-0100', Body: 'Hello world!', Status: 'recorded' });
    optOutPhoneNumber(ctx, '+15555550199');
    const b = sns<{ MessageId: string }>(ctx, 'Publish', { PhoneNumber: '+15555550199', Message: 'no' });
    expect(listOutbox(ctx, { messageId: b.MessageId })[0]!.Status).toBe('failed');
    expect(snsError(ctx, 'Publish', { PhoneNumber: 'NAA+15551234567', Message: 'x' }).message).toBe(
      'Invalid parameter: PhoneNumber Reason: NAA+15551234567 is not valid to publish to',
    );
    expect(snsError(ctx, 'Publish', { PhoneNumber: '+1a234', Message: 'x' }).message).toBe('Invalid parameter: PhoneNumber Reason: +1a234 is not valid to publish to');
  });
});

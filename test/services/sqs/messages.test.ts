import { describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from '../../../src/services/sqs/receive.js';
import { awsError, sqsEnv, type Req } from './helpers.js';

describe('SendMessage', () => {
  const { env, call } = sqsEnv();
  const queue = async (attrs: Record<string, string> = {}) => (await call('CreateQueue', { QueueName: 'q', Attributes: attrs })).QueueUrl as string;

  it('answers with MessageId and MD5s, omitting the attribute MD5s when there are none', async () => {
    const QueueUrl = await queue();
    const r = await call('SendMessage', { QueueUrl, MessageBody: 'foobar' });
    expect(Object.keys(r)).toEqual(['MessageId', 'MD5OfMessageBody']);
    expect(r.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.MD5OfMessageBody).toBe('3858f62230ac3c915f300c664312c63f');
    const s = await call('SendMessage', {
      QueueUrl,
      MessageBody: 'message-1',
      MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' } },
    });
    expect(s.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
    expect(s.MD5OfMessageSystemAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(s.SequenceNumber).toBeUndefined();
  });

  it('round-trips every kind of attribute, including binary and custom types', async () => {
    const QueueUrl = await queue();
    const attrs = {
      City: { DataType: 'String', StringValue: 'Any City' },
      Greeting: { DataType: 'Binary', BinaryValue: Buffer.from('Hello, World!') },
      Population: { DataType: 'Number', StringValue: '1250800' },
      Ratio: { DataType: 'Number.float', StringValue: '-1.5e10' },
      Picture: { DataType: 'Binary.gif', BinaryValue: Buffer.from([0, 1, 2, 255]) },
      'café.name': { DataType: 'String.utf8', StringValue: 'naïve ☃ 𝄞' },
    };
    const sent = await call('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes: attrs });
    const got = await call('ReceiveMessage', { QueueUrl, MessageAttributeNames: ['All'] });
    expect(got.Messages[0].MessageAttributes).toEqual(attrs);
    expect(got.Messages[0].MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
  });

  const attributeCases: Array<[string, Req, string]> = [
    ['more than 10', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }])), 'Number of message attributes [11] exceeds the allowed maximum [10].'],
    ['an empty String value', { ErrorDetails: { DataType: 'String', StringValue: '' } }, "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."],
    ['a Number that is not a number', { n: { DataType: 'Number', StringValue: 'abc' } }, "Can't cast the value of message (user) attribute 'n' to a number."],
    ['a Number with 39 digits', { n: { DataType: 'Number', StringValue: '1'.repeat(39) } }, "Can't cast the value of message (user) attribute 'n' to a number."],
    ['an unknown type', { t: { DataType: 'Date', StringValue: 'x' } }, "The type of message (user) attribute 't' is invalid. You must use only the following supported type prefixes: Binary, Number, String."],
    ['an empty Binary', { b: { DataType: 'Binary', BinaryValue: Buffer.alloc(0) } }, "Message (user) attribute 'b' must contain a non-empty value of type 'Binary'."],
    ['a reserved prefix', { 'AWS.x': { DataType: 'String', StringValue: 'v' } }, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."],
    ['a reserved prefix in other case', { 'amazon.x': { DataType: 'String', StringValue: 'v' } }, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."],
    ['a trailing period', { 'x.': { DataType: 'String', StringValue: 'v' } }, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."],
    ['successive periods', { 'a..b': { DataType: 'String', StringValue: 'v' } }, "Message (user) attribute name 'a..b' can not contain successive periods."],
    ['a bad character in the name', { 'a b': { DataType: 'String', StringValue: 'v' } }, 'Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. '],
    ['a name of 257 bytes', { ['n'.repeat(257)]: { DataType: 'String', StringValue: 'v' } }, 'Message (user) attribute names must be shorter than 256 Bytes'],
    ['list values', { l: { DataType: 'String', StringListValues: ['a'] } }, 'Message (user) attribute list values in SendMessage operation are not supported.'],
  ];
  it.each(attributeCases)('rejects message attributes with %s', async (_what, attrs, message) => {
    const QueueUrl = await queue();
    const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes: attrs }));
    expect([e.code, e.message]).toEqual(['InvalidParameterValue', message]);
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
  });

  it('accepts exactly 10 attributes and numbers in range', async () => {
    const QueueUrl = await queue();
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, { DataType: 'Number', StringValue: `${i}.5e-3` }]));
    await call('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes: ten });
    await call('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: '1'.repeat(38) } } });
  });

  it.each([
    ['\u0001', '#x1'],
    ['ok\u0000', '#x0'],
    ['\uFFFE', '#xFFFE'],
    ['lone \uD800 surrogate', '#xD800'],
    ['\u001B[31m', '#x1B'],
  ])('rejects the body %j with InvalidMessageContents', async (body, hex) => {
    const QueueUrl = await queue();
    const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: body }));
    expect(e.code).toBe('InvalidMessageContents');
    expect(e.message).toBe(
      `Invalid binary character '${hex}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  });

  it('accepts tabs, newlines, and characters from every allowed range', async () => {
    const QueueUrl = await queue();
    const body = 'a\tb\nc\rd \uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}';
    await call('SendMessage', { QueueUrl, MessageBody: body });
    expect((await call('ReceiveMessage', { QueueUrl })).Messages[0].Body).toBe(body);
  });

  it('requires a body', async () => {
    const QueueUrl = await queue();
    for (const body of [undefined, '']) {
      const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: body }));
      expect([e.code, e.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageBody.']);
    }
  });

  it('limits the size of body plus attributes to MaximumMessageSize', async () => {
    const QueueUrl = await queue();
    await call('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(1_048_576) });
    const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(1_048_577) }));
    expect([e.code, e.message]).toEqual([
      'InvalidParameterValue',
      'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    ]);
    // attributes count: name + type + value
    const attrs = { ab: { DataType: 'String', StringValue: 'cd' } }; // 2 + 6 + 2 = 10 bytes
    await call('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(1_048_566), MessageAttributes: attrs });
    expect((await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x'.repeat(1_048_567), MessageAttributes: attrs }))).code).toBe(
      'InvalidParameterValue',
    );
    // UTF-8 bytes, not characters
    await call('SetQueueAttributes', { QueueUrl, Attributes: { MaximumMessageSize: '1024' } });
    await call('SendMessage', { QueueUrl, MessageBody: 'é'.repeat(512) });
    const e2 = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'é'.repeat(513) }));
    expect(e2.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
  });

  it('validates DelaySeconds and the FIFO-only parameters', async () => {
    const QueueUrl = await queue();
    const e = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', DelaySeconds: 901 }));
    expect(e.message).toBe('Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.');
    const d = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'abc' }));
    expect(d.message).toBe('Value abc for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.');
    const g = await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'group 123' }));
    expect(g.message).toBe(
      'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  });

  it('accepts a MessageGroupId on a standard queue (fair queues) and reports it', async () => {
    const QueueUrl = await queue();
    await call('SendMessage', { QueueUrl, MessageBody: 'x', MessageGroupId: 'tenant-1' });
    const r = await call('ReceiveMessage', { QueueUrl, MessageSystemAttributeNames: ['MessageGroupId'] });
    expect(r.Messages[0].Attributes).toEqual({ MessageGroupId: 'tenant-1' });
  });

  it('rejects system attributes other than a String AWSTraceHeader', async () => {
    const QueueUrl = await queue();
    const bad = [
      { Other: { DataType: 'String', StringValue: 'x' } },
      { AWSTraceHeader: { DataType: 'Number', StringValue: '1' } },
    ];
    for (const sys of bad) {
      expect((await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x', MessageSystemAttributes: sys }))).code).toBe('InvalidParameterValue');
    }
  });

  it('delays messages by the message delay, else the queue delay', async () => {
    const QueueUrl = await queue({ DelaySeconds: '10' });
    await call('SendMessage', { QueueUrl, MessageBody: 'queue-delay' });
    await call('SendMessage', { QueueUrl, MessageBody: 'message-delay', DelaySeconds: 3 });
    await call('SendMessage', { QueueUrl, MessageBody: 'no-delay', DelaySeconds: 0 });
    const bodies = async () => ((await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 })).Messages ?? []).map((m: { Body: string }) => m.Body).sort();
    expect(await bodies()).toEqual(['no-delay']);
    env().advance(3_000);
    expect(await bodies()).toEqual(['message-delay', 'no-delay']);
    env().advance(7_000);
    expect(await bodies()).toEqual(['message-delay', 'no-delay', 'queue-delay']);
  });

  it('fails for a queue that does not exist, and for a malformed URL', async () => {
    const e = await awsError(call('SendMessage', { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/nope', MessageBody: 'x' }));
    expect([e.code, e.message]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.']);
    const f = await awsError(call('SendMessage', { QueueUrl: 'nope', MessageBody: 'x' }));
    expect([f.code, f.message]).toEqual(['InvalidAddress', 'The address nope is not valid for this endpoint.']);
  });
});

describe('batches', () => {
  const { call } = sqsEnv();
  const queue = async () => (await call('CreateQueue', { QueueName: 'q' })).QueueUrl as string;

  it('checks the request before any entry', async () => {
    const QueueUrl = await queue();
    const cases: Array<[string, Req, string, string]> = [
      ['SendMessageBatch', { Entries: [] }, 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.'],
      ['DeleteMessageBatch', { Entries: [] }, 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one DeleteMessageBatchRequestEntry in the request.'],
      ['ChangeMessageVisibilityBatch', {}, 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.'],
      ['SendMessageBatch', { Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })) }, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10. You have sent 11.'],
      ['SendMessageBatch', { Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] }, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Id a repeated.'],
      ['SendMessageBatch', { Entries: [{ Id: 'has.dot', MessageBody: 'x' }] }, 'AWS.SimpleQueueService.InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'],
      ['DeleteMessageBatch', { Entries: [{ Id: 'x'.repeat(81), ReceiptHandle: 'h' }] }, 'AWS.SimpleQueueService.InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'],
      ['SendMessageBatch', { Entries: [{ Id: 'a', MessageBody: 'x'.repeat(600_000) }, { Id: 'b', MessageBody: 'y'.repeat(448_577) }] }, 'AWS.SimpleQueueService.BatchRequestTooLong', 'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.'],
    ];
    for (const [op, req, code, message] of cases) {
      const e = await awsError(call(op, { QueueUrl, ...req }));
      expect([op, e.code, e.message]).toEqual([op, code, message]);
    }
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
  });

  it('reports per-entry failures and still sends the good entries', async () => {
    const QueueUrl = await queue();
    const Entries = [
      ...Array.from({ length: 8 }, (_, i) => ({ Id: String(i), MessageBody: String(i) })),
      { Id: '8', MessageBody: '\u0001' },
      { Id: '9', MessageBody: 'x', DelaySeconds: 1000 },
    ];
    const r = await call('SendMessageBatch', { QueueUrl, Entries });
    expect(r.Successful.map((s: { Id: string }) => s.Id)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(r.Successful[0].MD5OfMessageBody).toBe('cfcd208495d565ef66e7dff9f98764da');
    expect(r.Failed).toEqual([
      { Id: '8', SenderFault: true, Code: 'InvalidMessageContents', Message: expect.stringMatching(/^Invalid binary character '#x1'/) },
      { Id: '9', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.' },
    ]);
    const got = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] });
    expect(got.Attributes.ApproximateNumberOfMessages).toBe('8');
  });

  it('words an oversized entry as SQS does inside a batch', async () => {
    const QueueUrl = await queue();
    await call('SetQueueAttributes', { QueueUrl, Attributes: { MaximumMessageSize: '1024' } });
    const r = await call('SendMessageBatch', { QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x'.repeat(1025) }, { Id: 'b', MessageBody: 'ok' }] });
    expect(r.Failed).toEqual([
      { Id: 'a', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.' },
    ]);
    expect(r.Successful).toHaveLength(1);
  });

  it('deletes and changes visibility entry by entry', async () => {
    const QueueUrl = await queue();
    await call('SendMessageBatch', { QueueUrl, Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'b', MessageBody: '2' }] });
    const { Messages } = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    const handles = Messages.map((m: { ReceiptHandle: string }) => m.ReceiptHandle);
    const cv = await call('ChangeMessageVisibilityBatch', {
      QueueUrl,
      Entries: [
        { Id: 'FirstMessage', ReceiptHandle: handles[0], VisibilityTimeout: 36000 },
        { Id: 'SecondMessage', ReceiptHandle: handles[1], VisibilityTimeout: 43201 },
        { Id: 'junk', ReceiptHandle: 'garbage', VisibilityTimeout: 5 },
      ],
    });
    expect(cv.Successful).toEqual([{ Id: 'FirstMessage' }]);
    expect(cv.Failed).toEqual([
      { Id: 'SecondMessage', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.' },
      { Id: 'junk', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "garbage" is not a valid receipt handle.' },
    ]);
    const del = await call('DeleteMessageBatch', {
      QueueUrl,
      Entries: [
        { Id: 'FirstMessage', ReceiptHandle: handles[0] },
        { Id: 'SecondMessage', ReceiptHandle: handles[1] },
        { Id: 'junk', ReceiptHandle: 'garbage' },
      ],
    });
    expect(del.Successful).toEqual([{ Id: 'FirstMessage' }, { Id: 'SecondMessage' }]);
    expect(del.Failed).toEqual([{ Id: 'junk', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "garbage" is not a valid receipt handle.' }]);
    const left = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(left.Attributes.ApproximateNumberOfMessages).toBe('0');
    expect(left.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });
});

describe('ReceiveMessage', () => {
  const { env, call } = sqsEnv();
  const queue = async (attrs: Record<string, string> = {}) => (await call('CreateQueue', { QueueName: 'q', Attributes: attrs })).QueueUrl as string;

  it('validates its parameters', async () => {
    const QueueUrl = await queue();
    const cases: Array<[Req, string]> = [
      [{ MaxNumberOfMessages: 11 }, 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.'],
      [{ MaxNumberOfMessages: 0 }, 'Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.'],
      [{ WaitTimeSeconds: 21 }, 'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.'],
      [{ WaitTimeSeconds: -1 }, 'Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.'],
      [{ VisibilityTimeout: 43201 }, 'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.'],
    ];
    for (const [req, message] of cases) {
      const e = await awsError(call('ReceiveMessage', { QueueUrl, ...req }));
      expect([e.code, e.message]).toEqual(['InvalidParameterValue', message]);
    }
    const e = await awsError(call('ReceiveMessage', { QueueUrl, AttributeNames: ['Colour'] }));
    expect([e.code, e.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute Colour.']);
  });

  it('returns up to MaxNumberOfMessages, oldest first, and nothing (no Messages key) when empty', async () => {
    const QueueUrl = await queue();
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    for (let i = 0; i < 12; i++) await call('SendMessage', { QueueUrl, MessageBody: `m${i}` });
    const one = await call('ReceiveMessage', { QueueUrl });
    expect(one.Messages.map((m: { Body: string }) => m.Body)).toEqual(['m0']);
    const ten = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    expect(ten.Messages.map((m: { Body: string }) => m.Body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10']);
    expect(Object.keys(ten.Messages[0])).toEqual(['MessageId', 'ReceiptHandle', 'MD5OfBody', 'Body']);
  });

  it('hides received messages for the visibility timeout, queue default or per call', async () => {
    const QueueUrl = await queue({ VisibilityTimeout: '20' });
    await call('SendMessage', { QueueUrl, MessageBody: 'a' });
    expect((await call('ReceiveMessage', { QueueUrl })).Messages).toHaveLength(1);
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    env().advance(19_000);
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    env().advance(1_000);
    expect((await call('ReceiveMessage', { QueueUrl, VisibilityTimeout: 5 })).Messages).toHaveLength(1);
    env().advance(5_000);
    expect((await call('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 })).Messages).toHaveLength(1);
    expect((await call('ReceiveMessage', { QueueUrl })).Messages).toHaveLength(1);
  });

  it('gives a new receipt handle on every receive, and counts receives', async () => {
    const QueueUrl = await queue();
    await call('SendMessage', { QueueUrl, MessageBody: 'a' });
    const seen = new Set<string>();
    for (let i = 1; i <= 3; i++) {
      const r = await call('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0, AttributeNames: ['ApproximateReceiveCount'] });
      expect(r.Messages[0].Attributes.ApproximateReceiveCount).toBe(String(i));
      expect(r.Messages[0].ReceiptHandle).toMatch(/^AQEB[A-Za-z0-9+/]+=*$/);
      seen.add(r.Messages[0].ReceiptHandle);
    }
    expect(seen.size).toBe(3);
  });

  it('reports system attributes as asked: All, a list, or the newer MessageSystemAttributeNames', async () => {
    const QueueUrl = await queue({ VisibilityTimeout: '0' });
    const sentAt = env().store.clock.now();
    await call('SendMessage', { QueueUrl, MessageBody: 'msg', MessageAttributes: { Foo: { DataType: 'String', StringValue: 'Bar' } } });
    env().advance(1_500);
    const all = (await call('ReceiveMessage', { QueueUrl, MessageSystemAttributeNames: ['All'] })).Messages[0];
    expect(Object.keys(all.Attributes)).toEqual(['SenderId', 'ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SentTimestamp']);
    expect(all.Attributes.SenderId).toBe('000000000000');
    expect(Number(all.Attributes.SentTimestamp) - sentAt).toBeGreaterThanOrEqual(0);
    expect(Number(all.Attributes.SentTimestamp) - sentAt).toBeLessThan(1_000);
    expect(Number(all.Attributes.ApproximateFirstReceiveTimestamp) - Number(all.Attributes.SentTimestamp)).toBeGreaterThanOrEqual(1_500);
    expect(all.MessageAttributes).toBeUndefined();
    expect(all.MD5OfMessageAttributes).toBeUndefined();
    const both = (await call('ReceiveMessage', { QueueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] })).Messages[0];
    expect(both.Attributes.ApproximateReceiveCount).toBe('2');
    expect(both.Attributes.ApproximateFirstReceiveTimestamp).toBe(all.Attributes.ApproximateFirstReceiveTimestamp);
    expect(both.MD5OfMessageAttributes).toBe('ae7155c6026991b6d54b11589678bf9c');
    expect((await call('ReceiveMessage', { QueueUrl, AttributeNames: ['SenderId', 'SequenceNumber'] })).Messages[0].Attributes).toEqual({ SenderId: '000000000000' });
  });

  it('returns the union of AttributeNames and MessageSystemAttributeNames when both are given', async () => {
    const QueueUrl = await queue({ VisibilityTimeout: '0' });
    await call('SendMessage', { QueueUrl, MessageBody: 'msg' });
    const attributes = async (req: Req) => Object.keys((await call('ReceiveMessage', { QueueUrl, ...req })).Messages[0].Attributes ?? {});
    expect(await attributes({ AttributeNames: ['SenderId'], MessageSystemAttributeNames: ['SentTimestamp'] })).toEqual(['SenderId', 'SentTimestamp']);
    expect(await attributes({ AttributeNames: ['SenderId'], MessageSystemAttributeNames: ['All'] }))
      .toEqual(['SenderId', 'ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SentTimestamp']);
    expect(await attributes({ AttributeNames: ['All'], MessageSystemAttributeNames: ['SenderId'] }))
      .toEqual(['SenderId', 'ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SentTimestamp']);
    expect(await attributes({ AttributeNames: ['ApproximateReceiveCount'], MessageSystemAttributeNames: ['ApproximateReceiveCount'] })).toEqual(['ApproximateReceiveCount']);
    expect(await attributes({ AttributeNames: [], MessageSystemAttributeNames: ['SenderId'] })).toEqual(['SenderId']);
    // a name neither list knows is refused, in either list
    await expect(call('ReceiveMessage', { QueueUrl, AttributeNames: ['SenderId'], MessageSystemAttributeNames: ['Nope'] })).rejects.toMatchObject({ code: 'InvalidAttributeName' });
    await expect(call('ReceiveMessage', { QueueUrl, AttributeNames: ['Nope'], MessageSystemAttributeNames: ['SenderId'] })).rejects.toMatchObject({ code: 'InvalidAttributeName' });
  });

  it('filters message attributes by name, All, .* and prefix.*', async () => {
    const QueueUrl = await queue({ VisibilityTimeout: '0' });
    const attrs = {
      'bar.one': { DataType: 'String', StringValue: '1' },
      'bar.two': { DataType: 'String', StringValue: '2' },
      City: { DataType: 'String', StringValue: 'Any City' },
      PostalCode: { DataType: 'String', StringValue: 'ABC123' },
    };
    await call('SendMessage', { QueueUrl, MessageBody: 'x', MessageAttributes: attrs });
    const names = async (filter: string[]) => {
      const m = (await call('ReceiveMessage', { QueueUrl, MessageAttributeNames: filter })).Messages[0];
      return m.MessageAttributes ? Object.keys(m.MessageAttributes).sort() : [];
    };
    const everything = ['City', 'PostalCode', 'bar.one', 'bar.two'];
    expect(await names(['All'])).toEqual(everything);
    expect(await names(['.*'])).toEqual(everything);
    expect(await names(['*'])).toEqual(everything);
    expect(await names(['bar.*'])).toEqual(['bar.one', 'bar.two']);
    // a prefix is a plain string prefix: 'Ci.*' is every name starting with 'Ci'
    expect(await names(['Ci.*'])).toEqual(['City']);
    expect(await names(['bar.one.*'])).toEqual(['bar.one']);
    expect(await names(['PostalCode'])).toEqual(['PostalCode']);
    expect(await names(['PostalCode', 'bar.*', 'Nothing'])).toEqual(['PostalCode', 'bar.one', 'bar.two']);
    expect(await names(['Nothing'])).toEqual([]);
    expect(await names(['city', 'BAR.*', '*.one', 'City*', 'all'])).toEqual([]);
    // names no attribute could have are no error: they match nothing
    expect(await names(['AWS.', '..foo'])).toEqual([]);
    // the MD5 covers the attributes returned
    const one = (await call('ReceiveMessage', { QueueUrl, MessageAttributeNames: ['City'] })).Messages[0];
    const alone = await call('SendMessage', { QueueUrl, MessageBody: 'y', MessageAttributes: { City: attrs.City } });
    expect(one.MD5OfMessageAttributes).toBe(alone.MD5OfMessageAttributes);
  });

  it('drops messages past the retention period', async () => {
    const QueueUrl = await queue({ MessageRetentionPeriod: '60' });
    await call('SendMessage', { QueueUrl, MessageBody: 'old' });
    env().advance(30_000);
    await call('SendMessage', { QueueUrl, MessageBody: 'new' });
    env().advance(30_000);
    const r = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    expect(r.Messages.map((m: { Body: string }) => m.Body)).toEqual(['new']);
    env().advance(30_000);
    const attrs = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(attrs.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
    expect(attrs.Attributes.ApproximateNumberOfMessages).toBe('0');
  });

  it('applies a shorter retention to messages already queued', async () => {
    const QueueUrl = await queue();
    await call('SendMessage', { QueueUrl, MessageBody: 'a' });
    env().advance(120_000);
    await call('SetQueueAttributes', { QueueUrl, Attributes: { MessageRetentionPeriod: '60' } });
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
  });

  it('answers OverLimit to short polls past 120,000 messages in flight, and waits quietly when long polling', async () => {
    const QueueUrl = await queue();
    const { store } = env();
    const q = store.db.prepare("SELECT id FROM sqs_queues WHERE name = 'q'").get() as { id: number };
    const far = store.clock.now() + 3_600_000;
    store.db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, sent_ms, enqueued_ms, visible_ms, receive_count)
         SELECT ?, 'm' || i, 'x', '9dd4e461268c8034f5c8564e155c67a6', ?, ?, ?, 1 FROM n`,
      )
      .run(MAX_IN_FLIGHT, q.id, far - 3_600_000, far - 3_600_000, far);
    await call('SendMessage', { QueueUrl, MessageBody: 'one more' });
    const e = await awsError(call('ReceiveMessage', { QueueUrl }));
    expect([e.code, e.httpStatus]).toEqual(['OverLimit', 403]);
    expect(e.message).toBe(
      'Too many messages have been received without being deleted.\nPlease delete your received messages or let them timeout before receiving more.',
    );
    // a long poll returns empty instead; end its wait by moving the clock from "another process"
    const waiting = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
    setTimeout(() => env().store.clock.advance(20_000), 20);
    expect(await waiting).toEqual({});
  });
});

describe('DeleteMessage and ChangeMessageVisibility', () => {
  const { env, call } = sqsEnv();
  const queue = async (name = 'q', attrs: Record<string, string> = {}) => (await call('CreateQueue', { QueueName: name, Attributes: attrs })).QueueUrl as string;
  const receive = async (QueueUrl: string, extra: Req = {}) => (await call('ReceiveMessage', { QueueUrl, ...extra })).Messages?.[0];

  it('rejects junk and foreign receipt handles with ReceiptHandleIsInvalid', async () => {
    const a = await queue('a');
    const b = await queue('b');
    await call('SendMessage', { QueueUrl: a, MessageBody: 'x' });
    const m = await receive(a);
    const tampered = m.ReceiptHandle.slice(0, 10) + (m.ReceiptHandle[10] === 'A' ? 'B' : 'A') + m.ReceiptHandle.slice(11);
    for (const handle of ['garbage', tampered, 'AQEB']) {
      const e = await awsError(call('DeleteMessage', { QueueUrl: a, ReceiptHandle: handle }));
      expect([e.code, e.message]).toEqual(['ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`]);
    }
    expect((await awsError(call('DeleteMessage', { QueueUrl: b, ReceiptHandle: m.ReceiptHandle }))).code).toBe('ReceiptHandleIsInvalid');
    expect((await awsError(call('ChangeMessageVisibility', { QueueUrl: b, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 1 }))).code).toBe(
      'ReceiptHandleIsInvalid',
    );
    expect((await awsError(call('DeleteMessage', { QueueUrl: a }))).code).toBe('MissingParameter');
  });

  it('deletes with the latest handle, even after its timeout; repeated deletes succeed', async () => {
    const QueueUrl = await queue('q', { VisibilityTimeout: '1' });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    const m = await receive(QueueUrl);
    env().advance(2_000);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
  });

  it('does not delete with a stale handle once the message was received again', async () => {
    const QueueUrl = await queue('q', { VisibilityTimeout: '1' });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    const first = await receive(QueueUrl);
    env().advance(1_000);
    const second = await receive(QueueUrl);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: first.ReceiptHandle });
    const attrs = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] });
    expect(attrs.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('1');
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: second.ReceiptHandle });
    const after = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] });
    expect(after.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('changes visibility from now, terminates it with 0, and stops at 12 hours after the receive', async () => {
    const QueueUrl = await queue('q', { VisibilityTimeout: '60' });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    const m = await receive(QueueUrl);
    env().advance(15_000);
    await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 10 });
    env().advance(9_000);
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    env().advance(1_000);
    const again = await receive(QueueUrl);
    expect(again.MessageId).toBe(m.MessageId);
    await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 0 });
    const third = await receive(QueueUrl);
    expect(third.MessageId).toBe(m.MessageId);
    // 12 hours from this receive: nearly 43,200 now is fine (the receive started the 12 hours, as
    // AWS's guide warns); after an hour, 43,200 more is not
    await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 43195 });
    env().advance(3_600_000);
    const e = await awsError(call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 43200 }));
    expect([e.code, e.message]).toEqual([
      'InvalidParameterValue',
      'Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
    ]);
    await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 39590 });
  });

  it('leaves a message alone when its handle has already timed out, and refuses deleted messages', async () => {
    const QueueUrl = await queue('q', { VisibilityTimeout: '1' });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    const m = await receive(QueueUrl);
    env().advance(2_000);
    expect(await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 30 })).toEqual({});
    const again = await receive(QueueUrl);
    expect(again.MessageId).toBe(m.MessageId);
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: again.ReceiptHandle });
    const e = await awsError(call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 42 }));
    expect([e.code, e.message]).toEqual([
      'InvalidParameterValue',
      `Value ${again.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    ]);
    expect((await awsError(call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: again.ReceiptHandle }))).code).toBe('MissingParameter');
  });
});

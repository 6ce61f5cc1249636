import { describe, expect, it } from 'vitest';
import { askValue, type AskContext, type PromptsModule } from '../../src/guide/ask.js';
import { commandWords } from '../../src/guide/guide.js';
import { loadModel } from '../../src/model/load.js';
import type { CliArg } from '../../src/model/types.js';

/** Prompts that answer from a script and record what they were asked. */
function scripted(answers: unknown[]) {
  const asked: { kind: string; config: Record<string, unknown> }[] = [];
  const prompt = (kind: string) => async (config: Record<string, unknown>) => {
    asked.push({ kind, config });
    if (answers.length === 0) throw new Error(`no answer left for the ${kind} prompt "${String(config.message)}"`);
    return answers.shift();
  };
  const prompts = Object.fromEntries(
    ['select', 'input', 'number', 'confirm', 'checkbox', 'search', 'editor'].map((k) => [k, prompt(k)]),
  ) as unknown as PromptsModule;
  return { prompts, asked };
}

async function ask(service: 'sqs' | 'sns' | 'kinesis', op: string, member: string, answers: unknown[], remembered = new Map<string, string[]>()) {
  const model = await loadModel(service);
  const { prompts, asked } = scripted(answers);
  const ac: AskContext = { prompts, model, remembered, hints: {}, promptContext: {} };
  const shape = model.shapes[model.operations[op]!.input!]!.members![member]!.shape;
  const value = await askValue(ac, member, shape, member);
  return { value, asked };
}

describe('the guide asks each parameter as its model type calls for', () => {
  it('a list of choices for an enum', async () => {
    const { value, asked } = await ask('kinesis', 'GetShardIterator', 'ShardIteratorType', ['LATEST']);
    expect(value).toBe('LATEST');
    expect(asked[0]!.kind).toBe('select');
    expect((asked[0]!.config.choices as { value: string }[]).map((c) => c.value)).toEqual([
      'AT_SEQUENCE_NUMBER',
      'AFTER_SEQUENCE_NUMBER',
      'TRIM_HORIZON',
      'LATEST',
      'AT_TIMESTAMP',
    ]);
  });

  it('a number checked against the model\'s min and max', async () => {
    const { value, asked } = await ask('kinesis', 'GetRecords', 'Limit', [25]);
    expect(value).toBe(25);
    expect(asked[0]).toMatchObject({ kind: 'number', config: { min: 1, max: 10000, step: 1 } });
    expect(String(asked[0]!.config.message)).toContain('(1 to 10000)');
  });

  it('yes/no for a boolean', async () => {
    const { value, asked } = await ask('kinesis', 'DeleteStream', 'EnforceConsumerDeletion', [false]);
    expect(value).toBe(false);
    expect(asked[0]!.kind).toBe('confirm');
  });

  it('check boxes for a list of enum values', async () => {
    const { value, asked } = await ask('sqs', 'GetQueueAttributes', 'AttributeNames', [['QueueArn', 'DelaySeconds']]);
    expect(value).toEqual(['QueueArn', 'DelaySeconds']);
    expect(asked[0]!.kind).toBe('checkbox');
  });

  it('words for a list of strings, split as a shell splits them', async () => {
    const { value } = await ask('sqs', 'UntagQueue', 'TagKeys', ["team 'cost center'"]);
    expect(value).toEqual(['team', 'cost center']);
  });

  it('key by key for a map, with a value of the map\'s own type', async () => {
    const { value, asked } = await ask('sqs', 'TagQueue', 'Tags', ['pairs', 'team', 'blue', '']);
    expect(value).toEqual({ team: 'blue' });
    expect(asked.map((a) => a.kind)).toEqual(['select', 'input', 'input', 'input']);
  });

  it('a message attribute: its data type from the allowed ones, then a value checked for that type', async () => {
    const answers = [
      'pairs', // how to enter the map
      'colour', // a key
      'Number', // its data type
      '42', // its value
      '', // no more keys
    ];
    const { value, asked } = await ask('sqs', 'SendMessage', 'MessageAttributes', answers);
    expect(value).toEqual({ colour: { DataType: 'Number', StringValue: '42' } });
    const types = asked[2]!;
    expect(types.kind).toBe('select');
    expect((types.config.choices as { name: string }[]).map((c) => c.name)).toEqual([
      'String',
      'Number',
      'Binary',
      'a custom type (String.json, Number.float, ...)',
    ]);
    const validate = asked[3]!.config.validate as (v: string) => true | string;
    expect(validate('abc')).toBe('a number, such as 42, -7 or 3.14');
    expect(validate('-3.5e2')).toBe(true);
  });

  it('a Binary or custom-typed message attribute (SNS too)', async () => {
    const binary = await ask('sns', 'Publish', 'MessageAttributes', ['pairs', 'raw', 'Binary', 'bytes here', '']);
    expect(binary.value).toEqual({ raw: { DataType: 'Binary', BinaryValue: 'bytes here' } });
    const custom = await ask('sqs', 'SendMessage', 'MessageAttributes', ['pairs', 'price', '\u0000other', 'Number', 'float', '9.5', '']);
    expect(custom.value).toEqual({ price: { DataType: 'Number.float', StringValue: '9.5' } });
  });
  it('offers values seen earlier for identifiers, and free text as well', async () => {
    const remembered = new Map([['ReceiptHandle', ['AQEB-handle']]]);
    const { value, asked } = await ask('sqs', 'DeleteMessage', 'ReceiptHandle', ['AQEB-handle'], remembered);
    expect(value).toBe('AQEB-handle');
    expect((asked[0]!.config.choices as { name: string }[]).map((c) => c.name)).toEqual(['AQEB-handle', 'something else (type it)']);
  });

  it('checks text lengths from the model', async () => {
    const { asked } = await ask('kinesis', 'CreateStream', 'StreamName', ['s']);
    const validate = asked[0]!.config.validate as (v: string) => true | string;
    expect(validate('s')).toBe(true);
    expect(validate('x'.repeat(129))).toBe('at most 128 characters');
  });
});

describe('the guide checks values against AWS\'s limits before running anything', () => {
  it('numbers SQS\'s model leaves open: DelaySeconds 0-900, MaxNumberOfMessages 1-10, WaitTimeSeconds 0-20', async () => {
    for (const [op, member, min, max] of [
      ['SendMessage', 'DelaySeconds', 0, 900],
      ['ReceiveMessage', 'MaxNumberOfMessages', 1, 10],
      ['ReceiveMessage', 'WaitTimeSeconds', 0, 20],
      ['ChangeMessageVisibility', 'VisibilityTimeout', 0, 43200],
    ] as const) {
      const { asked } = await ask('sqs', op, member, [min]);
      expect(asked[0], member).toMatchObject({ kind: 'number', config: { min, max, step: 1 } });
      expect(String(asked[0]!.config.message)).toContain(`(${min} to ${max})`);
    }
  });

  it('a message body: 1 byte to 1 MiB, of the characters SQS allows', async () => {
    const { asked } = await ask('sqs', 'SendMessage', 'MessageBody', ['x']);
    expect(String(asked[0]!.config.message)).toBe('MessageBody (1 byte to 1 MiB)');
    const validate = asked[0]!.config.validate as (v: string) => true | string;
    expect(validate('hello')).toBe(true);
    expect(validate('x'.repeat(1_048_576))).toBe(true);
    expect(validate('x'.repeat(1_048_577))).toBe("at most 1 MiB (the queue's MaximumMessageSize may allow less)");
    expect(validate('bell \u0007')).toBe('the character #x7 is not allowed in a message body');
  });

  it('names and FIFO ids by the services\' own rules', async () => {
    const name = (await ask('sqs', 'CreateQueue', 'QueueName', ['q'])).asked[0]!.config.validate as (v: string) => true | string;
    expect(name('orders')).toBe(true);
    expect(name('orders.fifo')).toBe(true);
    expect(name('has space')).toMatch(/^up to 80 letters/);
    expect(name('x'.repeat(81))).toMatch(/^up to 80 letters/);
    const group = (await ask('sqs', 'SendMessage', 'MessageGroupId', ['g'])).asked[0]!.config.validate as (v: string) => true | string;
    expect(group('g-1')).toBe(true);
    expect(group('x'.repeat(129))).toContain('MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
    const subject = (await ask('sns', 'Publish', 'Subject', ['s'])).asked[0]!.config.validate as (v: string) => true | string;
    expect(subject('two\nlines')).toBe('no line breaks or control characters');
  });

  it('queue attributes by the service\'s own table: ranges as numbers, true/false and enums as lists', async () => {
    const { value, asked } = await ask('sqs', 'CreateQueue', 'Attributes', ['pairs', 'VisibilityTimeout', 60, 'FifoQueue', 'true', '\u0000done']);
    expect(value).toEqual({ VisibilityTimeout: '60', FifoQueue: 'true' });
    expect(asked[2]).toMatchObject({ kind: 'number', config: { min: 0, max: 43200 } });
    expect(asked[4]!.kind).toBe('select');
    expect((asked[4]!.config.choices as { value: string }[]).map((c) => c.value)).toEqual(['true', 'false']);
  });

  it('values the model leaves as text but AWS lists: SNS protocols', async () => {
    const { asked } = await ask('sns', 'Subscribe', 'Protocol', ['sqs']);
    expect(asked[0]!.kind).toBe('select');
    expect((asked[0]!.config.choices as { value: string }[]).map((c) => c.value)).toContain('email-json');
  });

  it('the model\'s patterns', async () => {
    const validate = (await ask('kinesis', 'CreateStream', 'StreamName', ['s'])).asked[0]!.config.validate as (v: string) => true | string;
    expect(validate('trucks_1.a-b')).toBe(true);
    expect(validate('no spaces')).toBe('must match [a-zA-Z0-9_.-]+');
  });
});

describe('the one-line command the guide shows', () => {
  it('adds --cli-binary-format only when a blob value is given', async () => {
    const model = await loadModel('sqs');
    const args = new Map(model.operations.SendMessage!.args.map((a) => [a.name, a]));
    const base: [CliArg, unknown][] = [
      [args.get('queue-url')!, 'https://sqs.us-east-1.amazonaws.com/000000000000/q'],
      [args.get('message-body')!, 'hi'],
    ];
    const withAttrs = (attrs: unknown) => commandWords(model, 'SendMessage', new Map<CliArg, unknown>([...base, [args.get('message-attributes')!, attrs]]));
    expect(withAttrs({ n: { DataType: 'Number', StringValue: '1' } })[0]).toBe('sqs');
    expect(withAttrs({ b: { DataType: 'Binary', BinaryValue: 'raw' } }).slice(0, 3)).toEqual(['--cli-binary-format', 'raw-in-base64-out', 'sqs']);
    expect(commandWords(model, 'SendMessage', new Map<CliArg, unknown>(base))[0]).toBe('sqs');
  });

  it('puts flags in the model order, booleans as --x / --no-x, structures as JSON, blobs raw', async () => {
    const model = await loadModel('kinesis');
    const args = (op: string) => new Map(model.operations[op]!.args.map((a) => [a.name, a]));
    const put = args('PutRecord');
    const v = new Map<CliArg, unknown>([
      [put.get('partition-key')!, 'truck-1'],
      [put.get('stream-name')!, 'trucks'],
      [put.get('data')!, 'hello world'],
    ]);
    expect(commandWords(model, 'PutRecord', v)).toEqual([
      '--cli-binary-format',
      'raw-in-base64-out',
      'kinesis',
      'put-record',
      '--stream-name',
      'trucks',
      '--data',
      'hello world',
      '--partition-key',
      'truck-1',
    ]);
    const del = args('DeleteStream');
    expect(commandWords(model, 'DeleteStream', new Map<CliArg, unknown>([[del.get('stream-name')!, 's'], [del.get('enforce-consumer-deletion')!, false]]))).toEqual([
      'kinesis',
      'delete-stream',
      '--stream-name',
      's',
      '--no-enforce-consumer-deletion',
    ]);
    const mode = args('UpdateStreamMode');
    expect(
      commandWords(model, 'UpdateStreamMode', new Map<CliArg, unknown>([[mode.get('stream-mode-details')!, { StreamMode: 'ON_DEMAND' }]])),
    ).toEqual(['kinesis', 'update-stream-mode', '--stream-mode-details', '{"StreamMode":"ON_DEMAND"}']);
  });
});

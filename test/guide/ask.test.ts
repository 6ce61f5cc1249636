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

  it('a map of structures asks each value member by member, required ones first', async () => {
    const answers = [
      'pairs', // how to enter the map
      'colour', // a key
      'members', // how to enter its value, a MessageAttributeValue
      'String', // DataType, required
      'StringValue', // "more members?"
      'red', // StringValue
      '\u0000done', // "more members?": no
      '', // no more keys
    ];
    const { value } = await ask('sqs', 'SendMessage', 'MessageAttributes', answers);
    expect(value).toEqual({ colour: { DataType: 'String', StringValue: 'red' } });
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

describe('the one-line command the guide shows', () => {
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

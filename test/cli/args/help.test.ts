import { describe, expect, it } from 'vitest';
import { renderOperationHelp, renderServiceHelp, renderText, renderTopHelp, shorthandExample } from '../../../src/cli/args/help.js';
import { loadModelSync } from './model.js';

const sqs = loadModelSync('sqs');
const sns = loadModelSync('sns');
const kinesis = loadModelSync('kinesis');

const synopsis = (text: string): string[] => {
  const lines = text.split('\n');
  const start = lines.indexOf('SYNOPSIS');
  const end = lines.indexOf('OPTIONS');
  return lines.slice(start + 1, end).map((l) => l.trim()).filter(Boolean);
};

describe('operation help', () => {
  it('lists every flag in the synopsis as the CLI does', () => {
    const s = synopsis(renderOperationHelp('SendMessage', sqs));
    expect(s.slice(0, 10)).toEqual([
      'send-message',
      '--queue-url <value>',
      '--message-body <value>',
      '[--delay-seconds <value>]',
      '[--message-attributes <value>]',
      '[--message-system-attributes <value>]',
      '[--message-deduplication-id <value>]',
      '[--message-group-id <value>]',
      '[--cli-input-json | --cli-input-yaml]',
      '[--generate-cli-skeleton <value>]',
    ]);
    expect(s).toContain('[--debug]');
    expect(s).toContain('[--output <value>]');
    expect(s).toContain('[--cli-binary-format <value>]');
  });
  it('pairs boolean flags and shows paging flags, hiding the raw paging parameters', () => {
    expect(synopsis(renderOperationHelp('Subscribe', sns))).toContain('[--return-subscription-arn | --no-return-subscription-arn]');
    const s = synopsis(renderOperationHelp('ListQueues', sqs));
    expect(s.slice(0, 6)).toEqual([
      'list-queues',
      '[--queue-name-prefix <value>]',
      '[--cli-input-json | --cli-input-yaml]',
      '[--starting-token <value>]',
      '[--page-size <value>]',
      '[--max-items <value>]',
    ]);
    expect(s.join(' ')).not.toContain('--next-token');
    expect(s.join(' ')).not.toContain('--max-results');
  });
  it('documents types, required members, allowed values, constraints and syntax', () => {
    const text = renderOperationHelp('PutRecords', kinesis);
    expect(text).toContain('       --records (list) [required]');
    expect(text).toContain('Data -> (blob) [required]');
    expect(text).toContain('Data=blob,ExplicitHashKey=string,PartitionKey=string ...');
    expect(text).toContain('"PartitionKey": "string"');
    expect(text).toContain('o entries: 1 to 500');
    expect(text).toContain('o length: 1 to 256');
    expect(renderOperationHelp('GetRecords', kinesis)).toContain('o value: 1 to 10000');
    const iterator = renderOperationHelp('GetShardIterator', kinesis);
    expect(iterator).toContain('--shard-iterator-type (string) [required]');
    expect(iterator).toContain('o AT_TIMESTAMP');
    expect(renderOperationHelp('ReceiveMessage', sqs)).toContain('"string" "string" ...');
  });
  it('describes the output shape', () => {
    const text = renderOperationHelp('SendMessage', sqs);
    expect(text.slice(text.indexOf('OUTPUT'))).toContain('MessageId -> (string)');
    expect(renderOperationHelp('DeleteQueue', sqs)).toMatch(/OUTPUT\n {7}None/);
  });
});

describe('shorthand examples', () => {
  it('match the CLI for the arguments that have them', () => {
    expect(shorthandExample('PutRecordsRequestEntryList', kinesis)).toBe('Data=blob,ExplicitHashKey=string,PartitionKey=string ...');
    expect(shorthandExample('StreamModeDetails', kinesis)).toBe('StreamMode=string');
    expect(shorthandExample('QueueAttributeMap', sqs)).toBe(
      'KeyName1=string,KeyName2=string\n\nWhere valid key names are:\n' +
        sqs.shapes.QueueAttributeName!.enum!.map((e) => `  ${e}\n`).join(''),
    );
    // too deep for shorthand: the CLI shows none for send-message-batch --entries
    expect(shorthandExample('SendMessageBatchRequestEntryList', sqs)).toBe('');
  });
});

describe('service and top help', () => {
  it('lists the commands of a service with one line each, then awsmsg\'s own', () => {
    const summaries = { PutRecord: 'put one record' };
    const text = renderServiceHelp(kinesis, { summaries, extras: [{ name: 'consume', summary: 'run a worker' }] });
    expect(text).toContain('AVAILABLE COMMANDS');
    for (const op of Object.values(kinesis.operations)) expect(text).toMatch(new RegExp(`^ {7}o ${op.cli}( |$)`, 'm'));
    expect(text).toMatch(/^ {7}o put-record +put one record$/m);
    expect(text).toMatch(/^ {7}o wait +wait until a condition holds\n +\(stream-exists, stream-not-exists\)$/m);
    expect(text.indexOf('AWSMSG COMMANDS FOR KINESIS')).toBeGreaterThan(text.indexOf('AVAILABLE COMMANDS'));
    expect(text).toMatch(/^ {7}o consume +run a worker$/m);
    const sqsText = renderServiceHelp(sqs, { summaries: {}, extras: [] });
    expect(sqsText).not.toContain('o wait');
    expect(sqsText).not.toContain('AWSMSG COMMANDS FOR');
  });
  it('top help lists the services, the own commands and the global options', () => {
    const text = renderTopHelp({
      services: [{ name: 'kinesis', summary: 'streams' }, { name: 'sqs', summary: 'queues' }],
      commands: [{ name: 'clock', summary: 'the clock' }],
    });
    expect(text).toMatch(/AVAILABLE SERVICES\n {7}o kinesis +streams\n {7}o sqs +queues\n/);
    expect(text).toMatch(/AWSMSG COMMANDS\n {7}o clock +the clock\n/);
    expect(text).toContain('--cli-binary-format (string)');
    expect(text).toContain('--db (string)');
  });
  it('a long name puts its summary on the next line, aligned with the others', () => {
    const text = renderServiceHelp(sqs, { summaries: { ListDeadLetterSourceQueues: 'the sources', ListQueues: 'the queues' }, extras: [] });
    expect(text).toMatch(/^ {7}o list-dead-letter-source-queues\n {35}the sources$/m);
    expect(text).toMatch(/^ {7}o list-queues {15}the queues$/m);
  });
});

describe('page text', () => {
  it('wraps paragraphs, turns "- " lines into bullets and keeps indented lines as they are', () => {
    const text = 'A first paragraph that is long enough to need wrapping at seventy-eight columns, surely.\n\n- a bullet\n  continued\n- another\n\n    awsmsg sqs list-queues   \nafter';
    expect(renderText(text, 7)).toEqual([
      '       A first paragraph that is long enough to need wrapping at seventy-eight',
      '       columns, surely.',
      '',
      '       o a bullet continued',
      '       o another',
      '',
      '         awsmsg sqs list-queues',
      '       after',
    ]);
  });
  it('puts the page\'s words under each option, nested member and output member', () => {
    const text = renderOperationHelp('SendMessageBatch', sqs, {
      summary: 'send up to 10',
      page: {
        description: 'Sends a batch.',
        options: { QueueUrl: 'Which queue.', Entries: 'The messages.', 'Entries.Id': 'Your id.', 'Entries.MessageAttributes.DataType': 'The type.' },
        output: { Failed: 'What failed.', 'Failed.Code': 'Why.' },
        examples: [{ title: 'To send two', command: 'awsmsg sqs send-message-batch --entries ...' }],
      },
      recorded: [{ command: 'awsmsg sqs send-message-batch --entries ...', output: '{\n    "Successful": []\n}\n' }],
    });
    expect(text).toContain('NAME\n       send-message-batch - send up to 10\n');
    expect(text).toContain('DESCRIPTION\n       Sends a batch.\n');
    expect(text).toMatch(/--queue-url \(string\) \[required\]\n {10}Which queue\.\n/);
    expect(text).toMatch(/--entries \(list\) \[required\]\n {10}The messages\.\n/);
    expect(text).toMatch(/\n {13}Id -> \(string\) \[required\]\n {16}Your id\.\n/);
    expect(text).toMatch(/\n {19}DataType -> \(string\) \[required\]\n {22}The type\.\n/);
    expect(text).toMatch(/\n {7}Failed -> \(list\)\n {10}What failed\.\n/);
    expect(text).toMatch(/\n {13}Code -> \(string\) \[required\]\n {16}Why\.\n/);
    expect(text).toMatch(/EXAMPLES\n {7}To send two\n\n {7}Command:\n\n {10}awsmsg sqs send-message-batch --entries \.\.\.\n\n {7}Output:\n\n {10}\{\n {14}"Successful": \[\]\n {10}\}\n/);
  });
  it('shows no output for an example recorded from another command', () => {
    const text = renderOperationHelp('DeleteQueue', sqs, {
      page: { description: 'x', options: {}, examples: [{ title: 'T', command: 'awsmsg sqs delete-queue --queue-url B' }] },
      recorded: [{ command: 'awsmsg sqs delete-queue --queue-url A', output: 'old' }],
    });
    expect(text).toContain('Command:');
    expect(text).not.toContain('Output:');
  });
});

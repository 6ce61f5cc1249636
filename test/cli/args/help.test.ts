import { describe, expect, it } from 'vitest';
import { renderOperationHelp, renderServiceHelp, renderTopHelp, shorthandExample } from '../../../src/cli/args/help.js';
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
    expect(text).toContain('o max: 500');
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
  it('lists the commands of a service', () => {
    const text = renderServiceHelp(kinesis);
    expect(text).toContain('AVAILABLE COMMANDS');
    for (const op of Object.values(kinesis.operations)) expect(text).toContain(`       o ${op.cli}\n`);
    expect(text).toContain('       o wait\n');
    expect(renderServiceHelp(sqs)).not.toContain('o wait');
  });
  it('top help lists the services and global options', () => {
    const text = renderTopHelp();
    expect(text).toContain('AVAILABLE SERVICES\n       o kinesis\n       o sns\n       o sqs\n');
    expect(text).toContain('--cli-binary-format (string)');
    expect(text).toContain('--db (string)');
  });
});

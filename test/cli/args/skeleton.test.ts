import { describe, expect, it } from 'vitest';
import * as yaml from 'yaml';
import { renderSkeleton, skeletonFor, YAML_BINARY } from '../../../src/cli/args/skeleton.js';
import type { ServiceName } from '../../../src/model/types.js';
import { fixture } from './fixtures.js';
import { loadModelSync } from './model.js';

interface Case { service: ServiceName; operation: string; input: string; output: unknown }
const models = { sqs: loadModelSync('sqs'), sns: loadModelSync('sns'), kinesis: loadModelSync('kinesis') };

const plain = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'string' && /^1970-01-01T00:00:00\.000Z$/.test(x) ? '1970-01-01T00:00:00' : x)));

describe('skeletons match botocore ArgumentGenerator (recorded table)', () => {
  for (const c of fixture<Case[]>('skeletons.json')) {
    const model = models[c.service];
    const op = model.operations[c.operation];
    if (!op) continue; // an operation the AWS CLI does not offer (not in awsmsg's model)
    it(`${c.service} ${op.cli} input text`, () => {
      expect(renderSkeleton(op.input, model, 'input')).toBe(c.input);
    });
    it(`${c.service} ${op.cli} output object`, () => {
      expect(plain(skeletonFor(op.output, model, 'output'))).toEqual(c.output);
    });
  }
});

describe('yaml-input skeleton', () => {
  const kinesis = models.kinesis;
  it('is YAML that loads back to the input skeleton, with [REQUIRED] and valid-value comments', () => {
    const text = renderSkeleton('GetShardIteratorInput', kinesis, 'yaml-input');
    expect(text).toContain('ShardId: \'\'  # [REQUIRED]');
    expect(text).toContain('ShardIteratorType: AT_SEQUENCE_NUMBER  # [REQUIRED] Valid values are: AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP.');
    const loaded = yaml.parse(text, { customTags: ['timestamp'] }) as Record<string, unknown>;
    expect(Object.keys(loaded)).toEqual(Object.keys(skeletonFor('GetShardIteratorInput', kinesis, 'yaml-input') as object));
  });
  it('nests lists of structures and maps', () => {
    const text = renderSkeleton('PutRecordsInput', kinesis, 'yaml-input');
    expect(text).toBe(
      [
        'Records:  # [REQUIRED]',
        "- Data: !!binary ''  # [REQUIRED]",
        "  ExplicitHashKey: ''",
        "  PartitionKey: ''  # [REQUIRED]",
        "StreamName: ''",
        "StreamARN: ''",
        "StreamId: ''",
        '',
      ].join('\n'),
    );
    const sqs = renderSkeleton('SendMessageRequest', models.sqs, 'yaml-input');
    expect(sqs).toContain("MessageAttributes:\n  KeyName:\n    StringValue: ''\n    BinaryValue: !!binary ''\n    StringListValues:\n    - ''\n");
    expect(yaml.parse(sqs)).toMatchObject({ QueueUrl: '', MessageAttributes: { KeyName: { StringListValues: [''] } } });
  });
  it('marks blobs for YAML output in the object form', () => {
    expect((skeletonFor('PutRecordInput', kinesis, 'yaml-input') as Record<string, unknown>).Data).toBe(YAML_BINARY);
  });
  it('an operation without input has an empty skeleton', () => {
    expect(renderSkeleton(undefined, kinesis, 'input')).toBe('{}\n');
    expect(renderSkeleton(undefined, kinesis, 'yaml-input')).toBe('{}\n');
  });
});

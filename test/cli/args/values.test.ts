import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pyB64Decode, parseTimestamp, convertWireValues } from '../../../src/cli/args/values.js';
import type { ServiceModel } from '../../../src/model/types.js';
import { fixture } from './fixtures.js';
import { loadModelSync } from './model.js';

interface Case { input: string; hex?: string; invalid?: boolean }

describe('base64 decoding matches Python base64.b64decode (recorded table)', () => {
  for (const c of fixture<Case[]>('base64.json')) {
    it(JSON.stringify(c.input), () => {
      const out = pyB64Decode(c.input);
      if (c.invalid || c.hex === undefined) expect(out).toBeUndefined();
      else expect(out?.toString('hex')).toBe(c.hex);
    });
  }
  it('decodes whatever Buffer.toString("base64") produced', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(pyB64Decode(Buffer.from(bytes).toString('base64'))).toEqual(Buffer.from(bytes));
    }));
  });
});

describe('timestamps the CLI accepts', () => {
  const table: [unknown, string | undefined][] = [
    ['2016-04-04T19:58:46.480-00:00', '2016-04-04T19:58:46.480Z'],
    ['2016-04-04T19:58:46Z', '2016-04-04T19:58:46.000Z'],
    ['2016-04-04T19:58:46+02:00', '2016-04-04T17:58:46.000Z'],
    ['2016-04-04T19:58:46+0200', '2016-04-04T17:58:46.000Z'],
    ['2016-04-04 19:58', '2016-04-04T19:58:00.000Z'],
    ['2016-04-04', '2016-04-04T00:00:00.000Z'],
    ['20160404T195846Z', '2016-04-04T19:58:46.000Z'],
    ['1459799926', '2016-04-04T19:58:46.000Z'],
    ['1459799926.5', '2016-04-04T19:58:46.500Z'],
    [1459799926, '2016-04-04T19:58:46.000Z'],
    ['Mon, 04 Apr 2016 19:58:46 GMT', '2016-04-04T19:58:46.000Z'],
    ['2016-13-01', undefined],
    ['2016-02-30', undefined],
    ['yesterday', undefined],
    ['', undefined],
    [null, undefined],
  ];
  for (const [input, iso] of table) {
    it(JSON.stringify(input), () => {
      expect(parseTimestamp(input)?.toISOString()).toBe(iso);
    });
  }
});

describe('convertWireValues', () => {
  const kinesis: ServiceModel = loadModelSync('kinesis');
  it('base64-decodes blobs inside lists of structures', () => {
    const params = { Records: [{ Data: 'aGk=', PartitionKey: 'k' }] };
    convertWireValues(params, 'PutRecordsInput', kinesis, 'base64');
    expect(params.Records[0]!.Data).toEqual(Buffer.from('hi'));
  });
  it('sends the UTF-8 bytes under raw-in-base64-out', () => {
    const params = { Data: 'héllo', PartitionKey: 'k' } as Record<string, unknown>;
    convertWireValues(params, 'PutRecordInput', kinesis, 'raw-in-base64-out');
    expect(params.Data).toEqual(Buffer.from('héllo', 'utf8'));
  });
  it('leaves bytes (fileb://) and non-strings alone', () => {
    const params = { Data: Buffer.from([0, 255]), PartitionKey: 'k' } as Record<string, unknown>;
    convertWireValues(params, 'PutRecordInput', kinesis, 'base64');
    expect(params.Data).toEqual(Buffer.from([0, 255]));
  });
  it('says how to pass raw text when base64 is invalid', () => {
    expect(() => convertWireValues({ Data: 'hello' }, 'PutRecordInput', kinesis, 'base64')).toThrow(
      /^Invalid base64: "hello"\n.*--cli-binary-format raw-in-base64-out/s,
    );
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/core/errors.js';
import { formatOutput } from '../../../src/cli/output/format.js';
import { applyQuery, compileQuery } from '../../../src/cli/output/query.js';

const dir = fileURLToPath(new URL('../../../fixtures/output/', import.meta.url));
const cases = new Map(
  (JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { name: string; data: unknown }[]).map((c) => [c.name, c.data]),
);
const queries = JSON.parse(readFileSync(`${dir}queries.json`, 'utf8')) as {
  case: string; expression: string; json?: string; error?: string;
}[];

describe('--query against jmespath.py and the AWS CLI (fixtures/output/queries.json)', () => {
  for (const q of queries) {
    it(`${q.expression || '(empty)'} on ${q.case}`, () => {
      if (q.error !== undefined) {
        let thrown: unknown;
        try {
          compileQuery(q.expression);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(CliError);
        expect((thrown as CliError).kind).toBe('usage');
        expect((thrown as CliError).message).toBe(q.error);
      } else {
        const result = applyQuery(cases.get(q.case), q.expression);
        expect(formatOutput(result, { output: 'json', operationName: 'Op' })).toBe(q.json);
      }
    });
  }
});

describe('query values', () => {
  const tz = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'UTC';
  });
  afterEach(() => {
    process.env.TZ = tz;
  });

  it('queries blobs as their base64 text and timestamps as ISO 8601 text', () => {
    const data = { Records: [{ Data: Buffer.from('hello'), ApproximateArrivalTimestamp: new Date(Date.UTC(2024, 2, 1, 12, 0, 0, 5)) }] };
    expect(applyQuery(data, 'Records[0].Data')).toBe('aGVsbG8=');
    expect(applyQuery(data, 'Records[0].ApproximateArrivalTimestamp')).toBe('2024-03-01T12:00:00.005000+00:00');
    expect(applyQuery(data, "Records[?starts_with(ApproximateArrivalTimestamp, '2024')] | length(@)")).toBe(1);
  });

  it('prints a query that yields null as null (json) and None (text)', () => {
    const result = applyQuery({ A: 1 }, 'B');
    expect(result).toBeNull();
    expect(formatOutput(result, { output: 'json', operationName: 'Op' })).toBe('null\n');
    expect(formatOutput(result, { output: 'text', operationName: 'Op' })).toBe('None\n');
    expect(formatOutput(result, { output: 'yaml', operationName: 'Op' })).toBe('null\n');
    expect(formatOutput(result, { output: 'table', operationName: 'Op' })).toBe('');
  });

  it('takes backtick literals that are not JSON as strings, as jmespath.py does', () => {
    expect(applyQuery({ A: 'x' }, 'A == `x`')).toBe(true);
  });

  it('fails at search time on functions jmespath.py does not have', () => {
    const q = compileQuery('upper(A)');
    expect(() => q.search({ A: 'x' })).toThrow('Unknown function: upper()');
  });

  it('sort_by is stable, as Python\'s sorted() is, and words type errors as jmespath.py does', () => {
    const items = [{ g: '1', b: 'x1' }, { g: '2', b: 'y' }, { g: '1', b: 'x2' }, { g: '1', b: 'x3' }, { g: '0', b: 'z' }];
    expect(applyQuery({ items }, 'sort_by(items, &g)[].b')).toEqual(['z', 'x1', 'x2', 'x3', 'y']);
    expect(applyQuery({ items: [{ n: 2, i: 0 }, { n: 1.5, i: 1 }, { n: 2, i: 2 }] }, 'sort_by(items, &n)[].i')).toEqual([1, 0, 2]);
    expect(applyQuery({ items: ['𝒳', '\uffff'] }, 'sort_by(items, &@)')).toEqual(['\uffff', '𝒳']);
    expect(() => applyQuery({ items }, 'sort_by(items, &missing)')).toThrow(
      `In function sort_by(), invalid type for value: {'g': '1', 'b': 'x1'}, expected one of: ['string', 'number'], received: "null"`,
    );
    expect(() => applyQuery({ items: [{ g: 'x' }, { g: 1 }] }, 'sort_by(items, &g)')).toThrow(
      `In function sort_by(), invalid type for value: 1, expected one of: ['string'], received: "number"`,
    );
  });

  it('prints a float with a whole value as a float in every format (the CLI keeps `1.0` a float)', () => {
    const result = applyQuery({}, '`{"a": [1.0, 2, 1e16, 0.5]}`');
    expect(formatOutput(result, { output: 'json', operationName: 'Op' })).toBe('{\n    "a": [\n        1.0,\n        2,\n        1e+16,\n        0.5\n    ]\n}\n');
    expect(formatOutput(result, { output: 'yaml', operationName: 'Op' })).toBe('a:\n- 1.0\n- 2\n- 1e+16\n- 0.5\n');
    expect(formatOutput(result, { output: 'text', operationName: 'Op' })).toBe('A\t1.0\nA\t2\nA\t1e+16\nA\t0.5\n');
    expect(formatOutput(applyQuery({}, 'avg(`[1, 3]`)'), { output: 'yaml', operationName: 'Op' })).toBe('2.0\n');
    expect(formatOutput(applyQuery({}, '`[2.0]`'), { output: 'table', operationName: 'Op' })).toContain('|  2.0  |');
  });

  it('prints an expression reference as its text where the CLI prints str(), and refuses it where the CLI\'s encoders do', () => {
    const result = applyQuery({}, '{x: &a.b}');
    const error = (output: 'json' | 'yaml') => {
      try {
        formatOutput(result, { output, operationName: 'Op' });
      } catch (e) {
        return e instanceof CliError ? [e.kind, e.message] : e;
      }
      return 'printed';
    };
    expect(error('json')).toEqual(['other', 'Encountered unrecognized type in JSON encoder.']);
    expect(error('yaml')).toEqual(['other', 'cannot represent an object: &a.b']);
    expect(formatOutput(result, { output: 'text', operationName: 'Op' })).toBe('&a.b\n');
    expect(applyQuery({}, 'to_string(`[1]` && [&a])')).toBe('["&a"]');
  });

  it('compiles once and searches many times', () => {
    const q = compileQuery('length(Items)');
    expect(q.search({ Items: [1, 2] })).toBe(2);
    expect(q.search({ Items: [] })).toBe(0);
    expect(q.expression).toBe('length(Items)');
  });
});

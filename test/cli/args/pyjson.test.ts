import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pyJsonLoads, PyJsonError } from '../../../src/cli/args/pyjson.js';
import { fixture } from './fixtures.js';

interface Case { input: string; ok?: unknown; error?: string }
const cases = fixture<Case[]>('pyjson.json');

describe('pyJsonLoads matches Python json.loads (recorded table)', () => {
  for (const c of cases) {
    it(JSON.stringify(c.input), () => {
      if (c.error !== undefined) {
        expect(() => pyJsonLoads(c.input)).toThrow(PyJsonError);
        expect(() => pyJsonLoads(c.input)).toThrow(c.error);
        try { pyJsonLoads(c.input); } catch (e) { expect((e as Error).message).toBe(c.error); }
      } else if (typeof c.ok === 'string' && /nan|inf/.test(c.ok) && c.input.includes('{"a"')) {
        const v = pyJsonLoads(c.input) as { a: number };
        expect(String(v.a)).toMatch(/NaN|Infinity/);
      } else if (c.input.includes('12345678901234567890')) {
        expect((pyJsonLoads(c.input) as { a: number }).a).toBe(12345678901234567890);
      } else {
        expect(pyJsonLoads(c.input)).toEqual(c.ok);
      }
    });
  }
});

describe('pyJsonLoads agrees with JSON.parse on valid JSON', () => {
  it('round-trips arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(pyJsonLoads(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
  it('keeps a "__proto__" key as data', () => {
    const v = pyJsonLoads('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('counts positions in code points, as Python does', () => {
    expect(() => pyJsonLoads('{"a": "😀", "b": }')).toThrow('Expecting value: line 1 column 17 (char 16)');
  });
});

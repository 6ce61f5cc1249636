import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseShorthand, ShorthandParseError } from '../../../src/cli/args/shorthand.js';
import { fixture } from './fixtures.js';

interface Case { input: string; ok?: unknown; error?: string }
const cases = fixture<Case[]>('shorthand.json');

describe('shorthand parser matches the AWS CLI (recorded table)', () => {
  for (const c of cases) {
    it(JSON.stringify(c.input), () => {
      if (c.error !== undefined) {
        let err: unknown;
        try { parseShorthand(c.input); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(ShorthandParseError);
        expect((err as Error).message).toBe(c.error);
      } else {
        expect(parseShorthand(c.input)).toEqual(c.ok);
      }
    });
  }
});

describe('shorthand parser properties', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9_.:\/-]{1,12}$/).filter((w) => !w.startsWith(' '));
  it('Key=Value pairs with plain words parse to the same object', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(word, word), { minLength: 1, maxLength: 6, selector: (p) => p[0] }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}=${v}`).join(',');
        expect(parseShorthand(text)).toEqual(Object.fromEntries(pairs));
      }),
    );
  });
  it('a double-quoted value comes back exactly, commas and brackets included', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }).filter((s) => !s.includes('"') && !s.includes('\\')), (v) => {
        expect(parseShorthand(`k="${v}"`)).toEqual({ k: v });
      }),
    );
  });
  it('explicit lists keep their order', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (items) => {
        expect(parseShorthand(`k=[${items.join(',')}]`)).toEqual({ k: items });
      }),
    );
  });
  it('never throws anything but a ShorthandParseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        try { parseShorthand(s); } catch (e) { expect(e).toBeInstanceOf(ShorthandParseError); }
      }),
      { numRuns: 500 },
    );
  });
  it('@= reads file:// values through the resolver; = does not', () => {
    const resolveParamfile = (v: string) => (v === 'file://body.txt' ? 'from file' : undefined);
    expect(parseShorthand('a@=file://body.txt,b=file://body.txt', { resolveParamfile })).toEqual({
      a: 'from file',
      b: 'file://body.txt',
    });
    expect(parseShorthand('a={b@=file://body.txt}', { resolveParamfile })).toEqual({ a: { b: 'from file' } });
    expect(parseShorthand("a@='file://body.txt'", { resolveParamfile })).toEqual({ a: 'from file' });
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyShorthandTypes, parseShorthand, ShorthandParseError, supportsShorthand } from '../../../src/cli/args/shorthand.js';
import { loadModelSync } from './model.js';
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

describe('applyShorthandTypes: shorthand strings to the model types', () => {
  const sqs = loadModelSync('sqs');
  const sns = loadModelSync('sns');
  it('integers, a single value for a list, nested maps', () => {
    const parsed = parseShorthand('Id=1,DelaySeconds= 7,MessageAttributes={k={DataType=String,StringListValues=one}}');
    expect(applyShorthandTypes(parsed, 'SendMessageBatchRequestEntry', sqs)).toEqual({
      Id: '1',
      DelaySeconds: 7,
      MessageAttributes: { k: { DataType: 'String', StringListValues: ['one'] } },
    });
  });
  it('booleans only from true/false (any case); other text stays for validation to report', () => {
    expect(applyShorthandTypes({ QueueUrl: 'u', Entries: 'x' }, 'SendMessageBatchRequest', sqs)).toEqual({ QueueUrl: 'u', Entries: ['x'] });
    expect(applyShorthandTypes(parseShorthand('TopicArn=t,Protocol=p,ReturnSubscriptionArn=TRUE'), 'SubscribeInput', sns)).toMatchObject({ ReturnSubscriptionArn: true });
    expect(applyShorthandTypes(parseShorthand('TopicArn=t,Protocol=p,ReturnSubscriptionArn=no'), 'SubscribeInput', sns)).toMatchObject({ ReturnSubscriptionArn: 'no' });
  });
  it('a bad integer fails with Python int() text (exit 255)', () => {
    expect(() => applyShorthandTypes(parseShorthand('Id=1,DelaySeconds=soon'), 'SendMessageBatchRequestEntry', sqs)).toThrow(
      "invalid literal for int() with base 10: 'soon'",
    );
    expect(() => applyShorthandTypes(parseShorthand('Id=1,DelaySeconds=[1]'), 'SendMessageBatchRequestEntry', sqs)).toThrow(
      "int() argument must be a string, a bytes-like object or a real number, not 'list'",
    );
  });
  it('knows which shapes take shorthand', () => {
    expect(supportsShorthand('QueueAttributeMap', sqs)).toBe(true);
    expect(supportsShorthand('SendMessageBatchRequestEntryList', sqs)).toBe(true);
    expect(supportsShorthand('AttributeNameList', sqs)).toBe(false);
    expect(supportsShorthand('String', sqs)).toBe(false);
  });
});

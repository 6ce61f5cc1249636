import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileFilterPolicy,
  explainFilterPolicy,
  FilterPolicyError,
  matchesFilterPolicy,
  type FilterMessage,
  type FilterPolicyScope,
} from '../../../src/services/sns/filterPolicy.js';
import { parseStrictJson, serializeCompact } from '../../../src/services/sns/filterPolicyJson.js';

const compile = (policy: unknown, scope: FilterPolicyScope = 'MessageBody') => compileFilterPolicy(JSON.stringify(policy), scope);
const bodyMessage = (body: unknown): FilterMessage => ({ attributes: {}, body: JSON.stringify(body) });
const stringAttribute = (value: string): FilterMessage => ({ attributes: { k: { DataType: 'String', StringValue: value } }, body: '' });

function refusal(policy: unknown, scope: FilterPolicyScope = 'MessageAttributes'): string | undefined {
  try {
    compile(policy, scope);
    return undefined;
  } catch (e) {
    if (e instanceof FilterPolicyError) return e.message;
    throw e;
  }
}

/** Text without characters that attribute-based filtering compares escaped, and without wildcard syntax. */
const plain = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !/["\\*]/.test(s));

describe('numeric ranges (values with up to 3 decimals, exact on both sides)', () => {
  const thousandths = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
  const lowOp = fc.constantFrom('>', '>=');
  const highOp = fc.constantFrom('<', '<=');

  it('matches exactly the numbers inside the range, bounds included or not as written', () => {
    fc.assert(
      fc.property(thousandths, thousandths, thousandths, lowOp, highOp, (a, b, x, lo, hi) => {
        fc.pre(a < b);
        const policy = compile({ k: [{ numeric: [lo, a / 1000, hi, b / 1000] }] }, 'MessageAttributes');
        const msg: FilterMessage = { attributes: { k: { DataType: 'Number', StringValue: String(x / 1000) } }, body: '' };
        const inside = (lo === '>' ? x > a : x >= a) && (hi === '<' ? x < b : x <= b);
        expect(matchesFilterPolicy(policy, msg)).toBe(inside);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a range whose bottom is not below its top', () => {
    fc.assert(
      fc.property(thousandths, thousandths, (a, b) => {
        fc.pre(a >= b);
        expect(refusal({ k: [{ numeric: ['>', a / 1000, '<', b / 1000] }] })).toMatch(/^Invalid parameter: FilterPolicy: Bottom must be less than top\n/);
      }),
    );
  });

  it('numeric equality ignores the spelling of the number', () => {
    fc.assert(
      fc.property(thousandths, (x) => {
        const policy = compile({ k: [{ numeric: ['=', x / 1000] }] }, 'MessageAttributes');
        const spelled = (x / 1000).toExponential();
        expect(matchesFilterPolicy(policy, { attributes: { k: { DataType: 'Number', StringValue: spelled } }, body: '' })).toBe(true);
      }),
    );
  });
});

describe('string operators against their plain definitions', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 10 });

  it('prefix is startsWith, suffix is endsWith (message body)', () => {
    fc.assert(
      fc.property(text, text, (p, s) => {
        expect(matchesFilterPolicy(compile({ k: [{ prefix: p }] }), bodyMessage({ k: s }))).toBe(s.startsWith(p));
        expect(matchesFilterPolicy(compile({ k: [{ suffix: p }] }), bodyMessage({ k: s }))).toBe(s.endsWith(p));
      }),
    );
  });

  it('prefix is startsWith on attributes too', () => {
    fc.assert(
      fc.property(plain, plain, (p, s) => {
        expect(matchesFilterPolicy(compile({ k: [{ prefix: p }] }, 'MessageAttributes'), stringAttribute(s))).toBe(s.startsWith(p));
      }),
    );
  });

  it('a prefix of the value always matches', () => {
    fc.assert(
      fc.property(text, fc.nat(), (s, cut) => {
        const p = s.slice(0, cut % (s.length + 1));
        expect(matchesFilterPolicy(compile({ k: [{ prefix: p }] }), bodyMessage({ k: s }))).toBe(true);
      }),
    );
  });

  it('equals-ignore-case is equality of lower-cased ASCII', () => {
    const ascii = fc.string({ maxLength: 6 });
    fc.assert(
      fc.property(ascii, ascii, (p, s) => {
        const expected = p.toLowerCase() === s.toLowerCase();
        expect(matchesFilterPolicy(compile({ k: [{ 'equals-ignore-case': p }] }), bodyMessage({ k: s }))).toBe(expected);
      }),
    );
  });

  it('anything-but is "not one of"', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), text, (list, s) => {
        expect(matchesFilterPolicy(compile({ k: [{ 'anything-but': list }] }), bodyMessage({ k: s }))).toBe(!list.includes(s));
      }),
    );
  });

  it('anything-but on a String.Array attribute is "none of the elements is listed"; a body array needs one element', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { minLength: 1, maxLength: 4 }), (list, xs) => {
        const policy = { k: [{ 'anything-but': list }] };
        const attrs: FilterMessage = { attributes: { k: { DataType: 'String.Array', StringValue: JSON.stringify(xs) } }, body: '' };
        expect(matchesFilterPolicy(compile(policy, 'MessageAttributes'), attrs)).toBe(xs.every((x) => !list.includes(x)));
        expect(matchesFilterPolicy(compile(policy), bodyMessage({ k: xs }))).toBe(xs.some((x) => !list.includes(x)));
      }),
    );
  });

  it('wildcards: "*x" is endsWith, "x*" is startsWith, no wildcard is equality', () => {
    fc.assert(
      fc.property(plain, plain, (p, s) => {
        const m = (w: string) => matchesFilterPolicy(compile({ k: [{ wildcard: w }] }), bodyMessage({ k: s }));
        expect(m(`*${p}`)).toBe(s.endsWith(p));
        expect(m(`${p}*`)).toBe(s.startsWith(p));
        expect(m(p)).toBe(s === p);
      }),
    );
  });
});

describe('cidr against 32-bit arithmetic', () => {
  const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  it('an IPv4 address is in a block when its first mask bits agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 31 }), (base, addr, mask) => {
        const inBlock = mask === 0 || base >>> (32 - mask) === addr >>> (32 - mask);
        const policy = compile({ k: [{ cidr: `${ip(base)}/${mask}` }] }, 'MessageAttributes');
        expect(matchesFilterPolicy(policy, stringAttribute(ip(addr)))).toBe(inBlock);
      }),
    );
  });
});

describe('limits', () => {
  it('flat policies are refused exactly when the product of their value counts exceeds 150', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }), (counts) => {
        const policy = Object.fromEntries(counts.map((n, i) => [`key${i}`, Array.from({ length: n }, (_, j) => `v${j}`)]));
        const product = counts.reduce((a, b) => a * b, 1);
        expect(refusal(policy)).toBe(product > 150 ? 'Invalid parameter: FilterPolicy: Filter policy is too complex' : undefined);
      }),
    );
  });

  it('more than five keys are refused whatever their values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 12 }), (n) => {
        const policy = Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, ['v']]));
        expect(refusal(policy)).toBe('Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys');
      }),
    );
  });
});

describe('explanations agree with matching', () => {
  const key = fc.constantFrom('a', 'b', 'c');
  const word = fc.constantFrom('x', 'y', 'xy', 'Y');
  const num = fc.integer({ min: -3, max: 3 });
  const condition = fc.oneof(
    word,
    num,
    word.map((w) => ({ prefix: w })),
    word.map((w) => ({ 'anything-but': w })),
    fc.boolean().map((b) => ({ exists: b })),
    num.map((n) => ({ numeric: ['>', n] })),
    word.map((w) => ({ 'equals-ignore-case': w })),
  );
  const leaf = fc.array(condition, { minLength: 1, maxLength: 3 });
  const flatPolicy = fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 3 });
  // nested one level down, keys count twice towards the 150 combinations: keep them small
  const nestedPolicy = fc.dictionary(key, fc.array(condition, { minLength: 1, maxLength: 2 }), { minKeys: 1, maxKeys: 3 });
  const policy = fc.oneof(flatPolicy, fc.tuple(flatPolicy, flatPolicy).map(([p, q]) => ({ $or: [p, q] })));
  const scalar = fc.oneof(word, num, fc.constant(null), fc.boolean());

  it('for attribute messages', () => {
    const attr = fc.oneof(
      word.map((w) => ({ DataType: 'String', StringValue: w })),
      num.map((n) => ({ DataType: 'Number', StringValue: String(n) })),
      fc.array(fc.oneof(word, num), { maxLength: 3 }).map((xs) => ({ DataType: 'String.Array', StringValue: JSON.stringify(xs) })),
      fc.constant({ DataType: 'Binary', BinaryValue: Buffer.from('b') }),
    );
    fc.assert(
      fc.property(policy, fc.dictionary(key, attr, { maxKeys: 3 }), (p, attributes) => {
        const compiled = compile(p, 'MessageAttributes');
        const msg: FilterMessage = { attributes, body: '' };
        expect(explainFilterPolicy(compiled, msg).matched).toBe(matchesFilterPolicy(compiled, msg));
      }),
      { numRuns: 300 },
    );
  });

  it('for bodies with arrays of objects', () => {
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
    const obj = fc.dictionary(key, value, { maxKeys: 3 });
    const body = fc.record({ r: fc.oneof(obj, fc.array(obj, { maxLength: 3 })) });
    fc.assert(
      fc.property(nestedPolicy, body, (p, b) => {
        const compiled = compile({ r: p });
        const msg = bodyMessage(b);
        expect(explainFilterPolicy(compiled, msg).matched).toBe(matchesFilterPolicy(compiled, msg));
      }),
      { numRuns: 300 },
    );
  });

  it('a body without arrays matches as its keys do one by one', () => {
    fc.assert(
      fc.property(flatPolicy, fc.dictionary(key, scalar, { maxKeys: 3 }), (p, b) => {
        const compiled = compile(p);
        const perKey = Object.keys(p).every((k) => matchesFilterPolicy(compile({ [k]: p[k] }), bodyMessage(b)));
        expect(matchesFilterPolicy(compiled, bodyMessage(b))).toBe(perKey);
      }),
      { numRuns: 300 },
    );
  });
});

describe('policy JSON layer', () => {
  it('reads any JSON text and writes back an equivalent compact text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const tree = parseStrictJson(text);
        expect(tree).toBeDefined();
        const compact = serializeCompact(tree!).text;
        expect(JSON.parse(compact)).toEqual(JSON.parse(text));
        expect(compact).not.toMatch(/\n/);
      }),
    );
  });

  it('puts every token where the compact text has it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const { text, tokens } = serializeCompact(parseStrictJson(JSON.stringify(v))!);
        for (const t of tokens) {
          if (t.type === 'START_OBJECT') expect(text[t.start]).toBe('{');
          if (t.type === 'END_ARRAY') expect(text[t.start]).toBe(']');
          if (t.type === 'VALUE_STRING') expect(text.slice(t.columnAfterText - 2, t.columnAfterText - 1)).toBe('"');
          expect(t.column).toBeGreaterThan(t.start);
        }
      }),
    );
  });
});

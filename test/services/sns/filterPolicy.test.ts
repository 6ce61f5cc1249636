import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import {
  asSubscribeAttributesError,
  compileFilterPolicy,
  explainFilterPolicy,
  FilterPolicyError,
  matchesFilterPolicy,
  parseFilterPolicyScope,
  type FilterMessage,
  type FilterPolicyScope,
  type MessageAttributeValue,
} from '../../../src/services/sns/filterPolicy.js';

interface CaseMessage {
  expect: boolean;
  attributes?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  why?: string;
}

interface Case {
  name: string;
  source: string;
  scope: FilterPolicyScope;
  policy?: unknown;
  policyText?: string;
  error?: string;
  messages?: CaseMessage[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/filter-policies/cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** policyText may abbreviate long runs: <c*N> is N copies of c. */
function policyText(c: Case): string {
  if (c.policyText !== undefined) return c.policyText.replace(/<(.)\*(\d+)>/g, (_m, ch: string, n: string) => ch.repeat(Number(n)));
  return JSON.stringify(c.policy);
}

/** "DataType:StringValue" (Binary values are base64). */
function attribute(spec: string): MessageAttributeValue {
  const i = spec.indexOf(':');
  const DataType = spec.slice(0, i);
  const value = spec.slice(i + 1);
  return DataType.startsWith('Binary') ? { DataType, BinaryValue: Buffer.from(value, 'base64') } : { DataType, StringValue: value };
}

function message(m: CaseMessage): FilterMessage {
  const attributes = Object.fromEntries(Object.entries(m.attributes ?? {}).map(([k, v]) => [k, attribute(v)]));
  const body = m.bodyText ?? (m.body === undefined ? '' : JSON.stringify(m.body));
  return { attributes, body };
}

function compileError(text: string, scope: FilterPolicyScope): FilterPolicyError {
  try {
    compileFilterPolicy(text, scope);
  } catch (e) {
    if (e instanceof FilterPolicyError) return e;
    throw e;
  }
  throw new Error('the policy was accepted');
}

describe('filter policy fixture', () => {
  it('has the documented examples and enough cases', () => {
    const tests = fixture.cases.reduce((n, c) => n + (c.messages?.length ?? 1), 0);
    expect(tests).toBeGreaterThanOrEqual(150);
    expect(fixture.cases.filter((c) => c.source.includes('docs.aws.amazon.com')).length).toBeGreaterThan(40);
  });

  for (const c of fixture.cases) {
    describe(`${c.name} [${c.scope}]`, () => {
      if (c.error !== undefined) {
        it('is refused with AWS\'s message', () => {
          const e = compileError(policyText(c), c.scope);
          expect(e).toBeInstanceOf(AwsError);
          expect(e.code).toBe('InvalidParameter');
          expect(e.httpStatus).toBe(400);
          expect(e.message).toBe(c.error);
        });
        return;
      }
      const policy = compileFilterPolicy(policyText(c), c.scope);
      (c.messages ?? []).forEach((m, i) => {
        it(`message ${i + 1} ${m.expect ? 'matches' : 'does not match'}${m.why ? ` (${m.why})` : ''}`, () => {
          const msg = message(m);
          expect(matchesFilterPolicy(policy, msg)).toBe(m.expect);
          const explained = explainFilterPolicy(policy, msg);
          expect(explained.matched).toBe(m.expect);
          expect(explained.reasons.length).toBeGreaterThan(0);
        });
      });
    });
  }
});

describe('errors for Subscribe', () => {
  it('puts "Attributes Reason:" in front of the reason, as AWS does for Subscribe', () => {
    const e = compileError('{"key": [{"cidr": "bad-filter"}]}', 'MessageAttributes');
    expect(asSubscribeAttributesError(e).message).toBe("Invalid parameter: Attributes Reason: FilterPolicy: Malformed CIDR, one '/' required");
    expect(e.reason).toBe("FilterPolicy: Malformed CIDR, one '/' required");
  });
});

describe('compiled policy', () => {
  it('keeps the compact policy text the rule engine sees and the leaf keys', () => {
    const p = compileFilterPolicy('{ "a" : { "b": [ 1e2, "x" ] }, "c": [true] }', 'MessageBody');
    expect(p.source).toBe('{"a":{"b":[100.0,"x"]},"c":[true]}');
    expect([...p.keys]).toEqual(['a.b', 'c']);
  });

  it('reads a repeated key once, with its last value', () => {
    const p = compileFilterPolicy('{"a": ["x"], "a": ["y"]}', 'MessageAttributes');
    expect(p.source).toBe('{"a":["y"]}');
    expect(matchesFilterPolicy(p, { attributes: { a: { DataType: 'String', StringValue: 'y' } }, body: '' })).toBe(true);
  });
});

describe('explanations', () => {
  const policy = compileFilterPolicy(JSON.stringify({ store: ['xyz'], price: [{ numeric: ['>', 10] }] }), 'MessageAttributes');

  it('names the value that failed and the policy values', () => {
    const r = explainFilterPolicy(policy, {
      attributes: { store: { DataType: 'String', StringValue: 'example_corp' }, price: { DataType: 'Number', StringValue: '12' } },
      body: '',
    });
    expect(r.matched).toBe(false);
    expect(r.reasons).toEqual([`key 'store': value 'example_corp' not in ["xyz"]`, `key 'price': value 12 matched {"numeric":[">",10]}`]);
  });

  it('says when an attribute is missing', () => {
    const r = explainFilterPolicy(policy, { attributes: { store: { DataType: 'String', StringValue: 'xyz' } }, body: '' });
    expect(r.reasons).toContain("key 'price': attribute missing");
  });

  it('tags each $or alternative and stops at the one that matches', () => {
    const p = compileFilterPolicy(JSON.stringify({ $or: [{ a: ['1'] }, { b: ['2'] }, { c: ['3'] }] }), 'MessageBody');
    const r = explainFilterPolicy(p, { attributes: {}, body: '{"b": "2", "c": "3"}' });
    expect(r).toEqual({
      matched: true,
      reasons: ["$or alternative 1: key 'a': property missing", `$or alternative 2: key 'b': value '2' matched "2"`],
    });
  });

  it('explains a failure that comes from array elements, not from single keys', () => {
    const p = compileFilterPolicy(JSON.stringify({ r: { a: ['x'], b: ['y'] } }), 'MessageBody');
    const r = explainFilterPolicy(p, { attributes: {}, body: JSON.stringify({ r: [{ a: 'x' }, { b: 'y' }] }) });
    expect(r.matched).toBe(false);
    expect(r.reasons.at(-1)).toMatch(/same element|single element/);
  });

  it('explains a body that is not JSON', () => {
    const p = compileFilterPolicy('{"a": ["x"]}', 'MessageBody');
    expect(explainFilterPolicy(p, { attributes: {}, body: 'hello' })).toEqual({
      matched: false,
      reasons: ['the message body is not a JSON object, so a MessageBody policy cannot match it'],
    });
  });
});

describe('FilterPolicyScope', () => {
  it('accepts the two scopes and refuses others with AWS\'s recorded message', () => {
    expect(parseFilterPolicyScope('MessageBody')).toBe('MessageBody');
    expect(parseFilterPolicyScope('MessageAttributes')).toBe('MessageAttributes');
    expect(() => parseFilterPolicyScope('RandomValue')).toThrow(
      'Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes',
    );
  });
});

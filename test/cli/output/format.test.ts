import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatOutput, formatYamlStreamPage } from '../../../src/cli/output/format.js';
import { compareCodePoints, pyFloatRepr, pyRound, pyStr, textWidth } from '../../../src/cli/output/python.js';
import { isoformat } from '../../../src/cli/output/values.js';

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const op = 'Op';
const savedTz = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'UTC';
});
afterEach(() => {
  process.env.TZ = savedTz;
});

describe('Python behaviours the output depends on', () => {
  it.each([
    [0.1, '0.1'], [1.5e-7, '1.5e-07'], [3e20, '3e+20'], [1e16, '1e+16'], [123456.789, '123456.789'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5, '-2.5'], [1e22, '1e+22'], [NaN, 'nan'], [Infinity, 'inf'],
  ])('repr(%s) is %s', (n, expected) => {
    expect(pyFloatRepr(n)).toBe(expected);
  });

  it.each([[0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [2.4999, 2], [2.5001, 3], [7, 7]])('round(%s) is %s', (x, expected) => {
    expect(pyRound(x)).toBe(expected);
  });

  it.each([[true, 'True'], [false, 'False'], [null, 'None'], [3, '3'], [0.5, '0.5'], ['x', 'x'], [['a', 1], "['a', 1]"]])(
    'str(%j) is %s', (v, expected) => {
      expect(pyStr(v)).toBe(expected);
    },
  );

  // Ambiguous-width characters (é, ü, Ω) count two, as unicodedata.east_asian_width says 'A'.
  it.each([['abc', 3], ['東京', 4], ['é', 2], ['🚀', 2], ['Ω', 2], ['ｱ', 1]])('table width of %s is %s', (s, w) => {
    expect(textWidth(s)).toBe(w);
  });

  it('sorts strings by code point, as Python does', () => {
    expect(['\u{1F600}', '\uFF21', 'b', 'B', 'a'].sort(compareCodePoints)).toEqual(['B', 'a', 'b', '\uFF21', '\u{1F600}']);
  });

  it.each([
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), 'utc', '2024-01-02T03:04:05+00:00'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 1)), 'utc', '2024-01-02T03:04:05.001000+00:00'],
    [new Date(Date.UTC(999, 0, 1)), 'utc', '0999-01-01T00:00:00+00:00'],
  ] as const)('isoformat(%s)', (d, zone, expected) => {
    expect(isoformat(d, zone)).toBe(expected);
  });
});

describe('formatOutput', () => {
  const data = { Records: [{ Data: Buffer.from('hi'), At: new Date(Date.UTC(2024, 2, 1, 12, 0, 0, 250)), N: 1 }] };

  it('prints Buffers as base64 and Dates as ISO 8601 in every format', () => {
    expect(formatOutput(data, { output: 'json', operationName: op })).toBe(
      '{\n    "Records": [\n        {\n            "Data": "aGk=",\n            "At": "2024-03-01T12:00:00.250000+00:00",\n            "N": 1\n        }\n    ]\n}\n',
    );
    expect(formatOutput(data, { output: 'text', operationName: op })).toBe('RECORDS\t2024-03-01T12:00:00.250000+00:00\taGk=\t1\n');
    expect(formatOutput(data, { output: 'yaml', operationName: op })).toBe(
      "Records:\n- At: '2024-03-01T12:00:00.250000+00:00'\n  Data: aGk=\n  N: 1\n",
    );
  });

  it.each(['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] as const)('prints nothing for an empty response (%s)', (output) => {
    expect(formatOutput({}, { output, operationName: op })).toBe('');
  });

  it('prints [] and "" for empty lists and strings in json', () => {
    expect(formatOutput([], { output: 'json', operationName: op })).toBe('[]\n');
    expect(formatOutput('', { output: 'json', operationName: op })).toBe('""\n');
    expect(formatOutput({ A: [], B: {} }, { output: 'json', operationName: op })).toBe('{\n    "A": [],\n    "B": {}\n}\n');
  });

  it('escapes JSON strings as Python does with ensure_ascii off', () => {
    expect(formatOutput('é "q" \\ \n \t \u0001 \u007f \u2028 🚀', { output: 'json', operationName: op }))
      .toBe('"é \\"q\\" \\\\ \\n \\t \\u0001 \u007f \u2028 🚀"\n');
  });

  it('colours JSON keys, strings, numbers and literals differently, and only when asked', () => {
    const value = { Name: 'x', Count: 2, On: true, Off: null };
    const plain = formatOutput(value, { output: 'json', operationName: op });
    const colored = formatOutput(value, { output: 'json', operationName: op, color: true });
    expect(plain).not.toContain('\x1b[');
    expect(stripAnsi(colored)).toBe(plain);
    const colorOf = (token: string): string => colored.match(new RegExp(`(\\x1b\\[\\d+m)${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))![1]!;
    const colors = [colorOf('"Name"'), colorOf('"x"'), colorOf('2'), colorOf('true')];
    expect(new Set(colors).size).toBe(4);
    expect(colorOf('null')).toBe(colorOf('true'));
  });

  it('sizes tables to 80 columns unless told the terminal width', () => {
    const wide = { Items: [{ A: 'a'.repeat(50), B: 'b'.repeat(50) }] };
    const at80 = formatOutput(wide, { output: 'table', operationName: op });
    const at200 = formatOutput(wide, { output: 'table', operationName: op, terminalWidth: 200 });
    expect(at80).toBe(formatOutput(wide, { output: 'table', operationName: op, terminalWidth: 80 }));
    // (expected lines checked against awscli's TableFormatter)
    // too wide for 80 columns: the single-row section becomes name/value rows
    expect(at80).toContain(`||  A|  ${'a'.repeat(50)}   ||\n`);
    expect(at80.split('\n')[0]).toHaveLength(63);
    // wide enough at 200: a header row and one value row
    expect(at200.split('\n')[5]).toMatch(/^\|\|\s+A\s+\|\s+B\s+\|\|$/);
    expect(at200.split('\n')[0]).toHaveLength(112);
  });

  it('prints each yaml-stream page as a one-item list, an empty page included (checked against ruamel.yaml)', () => {
    expect(formatYamlStreamPage({})).toBe('- {}\n');
    expect(formatYamlStreamPage({ QueueUrls: ['a'], NextToken: 'x' })).toBe('- NextToken: x\n  QueueUrls:\n  - a\n');
  });

  it('prints a table title for a scalar query result', () => {
    expect(formatOutput('abc', { output: 'table', operationName: 'GetQueueUrl' })).toBe(
      '-------------\n|GetQueueUrl|\n+-----------+\n',
    );
  });
});

// Round trips: what is printed reads back as the data that was printed.
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary', minLength: 1 }).filter((k) => !/^(0|[1-9]\d*)$/.test(k)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('round trips', () => {
  it('JSON output parses back to the data', () => {
    fc.assert(fc.property(jsonValue, (v) => {
      const out = formatOutput(v, { output: 'json', operationName: op });
      if (out === '') return;
      expect(JSON.parse(out)).toEqual(v);
    }), { numRuns: 300 });
  });

  it('keeps a "__proto__" key as data', () => {
    const v = JSON.parse('{"__proto__": {"DataType": "String"}, "b": 1}');
    expect(formatOutput(v, { output: 'json', operationName: op })).toBe(
      '{\n    "__proto__": {\n        "DataType": "String"\n    },\n    "b": 1\n}\n',
    );
  });

  it('YAML output parses back to the data (yaml package, YAML 1.2)', () => {
    // The yaml package drops a "__proto__" key when it reads YAML back, so that key is left out here.
    const key = fc.string({ unit: 'binary' }).filter((k) => !/^(0|[1-9]\d*)$/.test(k) && k !== '__proto__');
    fc.assert(fc.property(fc.dictionary(key, jsonValue, { minKeys: 1, maxKeys: 5 }), (v) => {
      const out = formatOutput(v, { output: 'yaml', operationName: op });
      // lone surrogates cannot be written as UTF-8; the CLI could not print them either
      fc.pre(!/[\uD800-\uDFFF]/.test(JSON.stringify(v).replace(/\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}/gi, '')));
      expect(parseYaml(out, { version: '1.2', schema: 'core', uniqueKeys: false })).toEqual(v);
    }), { numRuns: 300 });
  });
});

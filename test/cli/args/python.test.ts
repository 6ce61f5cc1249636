/**
 * int() and float() as the AWS CLI's Python applies them to integer, float and timestamp
 * arguments: Python takes any Unicode decimal digit as the ASCII digit of the same value.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { pyFloat, pyInt } from '../../../src/cli/args/python.js';
import { cliSandbox, okJson } from '../../helpers/cli.js';

// [input, Python's int(input), Python's float(input)]; undefined where Python raises ValueError
const TABLE: [string, number | undefined, number | undefined][] = [
  ['\u0663', 3, 3],                     // ARABIC-INDIC DIGIT THREE
  ['\uff11\uff12', 12, 12],             // FULLWIDTH DIGITS ONE TWO
  ['1\u0663', 13, 13],
  ['\u{1d7d9}\u{1d7da}', 12, 12],       // MATHEMATICAL DOUBLE-STRUCK ONE TWO
  ['\u{1d7ec}\u{1d7ed}', 1, 1],         // MATHEMATICAL SANS-SERIF BOLD ZERO ONE (a run adjacent to another)
  ['\u{1d7e1}', 9, 9],                  // MATHEMATICAL DOUBLE-STRUCK NINE
  ['\u09e6\u09ef', 9, 9],               // BENGALI ZERO NINE
  ['-\u0663', -3, -3],
  [' \u0663 ', 3, 3],
  ['\u0663_\u0663', 33, 33],
  ['\uff11.\uff15', undefined, 1.5],
  ['\uff11e\uff12', undefined, 100],
  ['\u0661\u066b\u0665', undefined, undefined], // the Arabic decimal separator is not '.'
  ['\u00b2', undefined, undefined],      // SUPERSCRIPT TWO is a digit but not a decimal digit
  ['\u2155', undefined, undefined],      // a vulgar fraction is numeric, not a digit
];

describe("Python's int() and float() on Unicode decimal digits", () => {
  for (const [input, int, float] of TABLE) {
    it(JSON.stringify(input), () => {
      expect(pyInt(input)).toBe(int);
      expect(pyFloat(input)).toBe(float);
    });
  }

  const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });
  it.skipIf(python.status !== 0)('the table is what python3 says', () => {
    const script = [
      'import json, sys',
      'def f(fn, s):',
      '    try: return fn(s)',
      '    except ValueError: return None',
      'print(json.dumps([[f(int, s), f(float, s)] for s in json.load(sys.stdin)]))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(TABLE.map((c) => c[0])), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(TABLE.map(([, i, f]) => [i ?? null, f ?? null]));
  });
  if (python.status !== 0) console.log('test/cli/args/python.test.ts: python3 not found, the oracle comparison is skipped');
});

describe('integer arguments written with non-ASCII digits', () => {
  const s = cliSandbox();
  afterAll(() => s.cleanup());
  const Q = 'https://sqs.us-east-1.amazonaws.com/000000000000/digits';

  it('--delay-seconds \uff19\uff10\uff10 delays the message 900 seconds, as the AWS CLI sends DelaySeconds=900', () => {
    okJson(s.run(['sqs', 'create-queue', '--queue-name', 'digits']));
    okJson(s.run(['sqs', 'send-message', '--queue-url', Q, '--message-body', 'late', '--delay-seconds', '\uff19\uff10\uff10']));
    const delayed = () => okJson(s.run(['sqs', 'get-queue-attributes', '--queue-url', Q, '--attribute-names', 'ApproximateNumberOfMessagesDelayed', '--query', 'Attributes.ApproximateNumberOfMessagesDelayed', '--output', 'text']));
    expect(delayed()).toBe(1);
    okJson(s.run(['clock', 'advance', '600s']));
    expect(delayed()).toBe(1);
    okJson(s.run(['clock', 'advance', '300s']));
    expect(okJson(s.run(['sqs', 'receive-message', '--queue-url', Q, '--query', 'Messages[].Body']))).toEqual(['late']);
  });

  it('--max-items \u0661 (ARABIC-INDIC ONE) truncates to one item', () => {
    okJson(s.run(['sqs', 'create-queue', '--queue-name', 'digits-2']));
    const out = okJson(s.run(['sqs', 'list-queues', '--max-items', '\u0661']));
    expect(out.QueueUrls).toHaveLength(1);
    expect(typeof out.NextToken).toBe('string');
  });

  it('a superscript digit is still refused, with the AWS CLI\'s message', () => {
    const r = s.run(['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--delay-seconds', '\u00b2']);
    expect(r.status).toBe(255);
    expect(r.stderr.trim()).toBe("invalid literal for int() with base 10: '\u00b2'");
  });
});

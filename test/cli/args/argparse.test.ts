import { describe, expect, it } from 'vitest';
import { ArgParseError, getCloseMatches, parseKnownArgs, VersionRequested, type ParserSpec } from '../../../src/cli/args/argparse.js';
import { fixture } from './fixtures.js';

describe('getCloseMatches matches difflib (recorded table)', () => {
  for (const [word, choices, expected] of fixture<[string, string[], string[]][]>('difflib.json')) {
    it(word, () => expect(getCloseMatches(word, choices)).toEqual(expected));
  }
});

describe('parseKnownArgs', () => {
  const spec: ParserSpec = {
    options: [
      { flag: '--name', dest: 'name', required: true },
      { flag: '--names', dest: 'names', nargs: '*' },
      { flag: '--count', dest: 'count', type: { name: 'int', convert: (s) => (/^-?\d+$/.test(s) ? Number(s) : undefined) } },
      { flag: '--on', dest: 'flag', action: 'store_true' },
      { flag: '--off', dest: 'flag', action: 'store_false' },
      { flag: '--kind', dest: 'kind', nargs: '?', const: 'a', choices: ['a', 'b'] },
      { flag: '--version', dest: 'version', action: 'version' },
    ],
    positionals: [{ dest: 'help', nargs: '?' }],
  };
  const run = (args: string[]) => parseKnownArgs(spec, args);
  const error = (args: string[]) => {
    try {
      run(args);
    } catch (e) {
      expect(e).toBeInstanceOf(ArgParseError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('stores values, lists, flags (last wins) and optional-value options', () => {
    const r = run(['--name', 'n', '--names', 'a', 'b', '--on', '--off', '--kind', '--count', '-3']);
    expect(r.values).toMatchObject({ name: 'n', names: ['a', 'b'], flag: false, kind: 'a', count: -3 });
    expect(r.extras).toEqual([]);
  });
  it('keeps unknown options and stray words as extras, in order', () => {
    const r = run(['--name', 'n', '--zzz', 'v1', 'v2']);
    expect(r.values.help).toBe('v1');
    expect(r.extras).toEqual(['--zzz', 'v2']);
  });
  it('words argparse errors as argparse does', () => {
    expect(error([])).toBe('the following arguments are required: --name');
    expect(error(['--name'])).toBe('argument --name: expected one argument');
    expect(error(['--name', 'n', '--count', 'x'])).toBe("argument --count: invalid int value: 'x'");
    expect(error(['--name', 'n', '--count', "it's"])).toBe('argument --count: invalid int value: "it\'s"');
    expect(error(['--name', 'n', '--kind', 'c'])).toBe("argument --kind: Found invalid choice 'c'\n");
    expect(error(['--name', 'n', '--on=1'])).toBe("argument --on: ignored explicit argument '1'");
    expect(error(['--nam', 'n'])).toBe('ambiguous option: --nam could match --name, --names');
  });
  it('treats negative numbers and words with spaces as values', () => {
    expect(run(['--name', '-5']).values.name).toBe('-5');
    expect(run(['--name', '-x y']).values.name).toBe('-x y');
    expect(error(['--name', '-x'])).toBe('argument --name: expected one argument');
  });
  it('stops at --version', () => {
    expect(() => run(['--version', '--count', 'x'])).toThrow(VersionRequested);
    expect(() => run(['--count', 'x', '--version'])).toThrow("argument --count: invalid int value: 'x'");
  });
});

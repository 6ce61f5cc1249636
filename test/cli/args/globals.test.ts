import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstPositional, invalidChoiceError, splitGlobals } from '../../../src/cli/args/globals.js';
import { CliError } from '../../../src/core/errors.js';

function fails(argv: string[], opts = {}): CliError {
  try {
    splitGlobals(argv, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected an error');
}

describe('splitGlobals', () => {
  it('takes global options from anywhere, both --opt value and --opt=value', () => {
    const { globals, rest, command } = splitGlobals([
      '--region', 'eu-west-1', 'sqs', 'send-message', '--queue-url', 'u', '--output=text',
      '--message-body', 'hi', '--query', 'MessageId', '--debug', '--no-cli-pager', '--db', '/tmp/s.db',
    ]);
    expect(command).toBe('sqs');
    expect(rest).toEqual(['sqs', 'send-message', '--queue-url', 'u', '--message-body', 'hi']);
    expect(globals).toMatchObject({
      region: 'eu-west-1', output: 'text', query: 'MessageId', debug: true, noCliPager: true, db: '/tmp/s.db',
      color: 'auto', noPaginate: false, version: false,
    });
  });

  it('parses every documented option', () => {
    const { globals } = splitGlobals([
      'sns', '--profile', 'p', '--endpoint-url', 'http://localhost:4566', '--no-verify-ssl', '--no-paginate',
      '--color', 'off', '--no-sign-request', '--ca-bundle', '/ca.pem', '--cli-read-timeout', '0',
      '--cli-connect-timeout', ' 15 ', '--cli-binary-format', 'raw-in-base64-out', '--output', 'yaml-stream',
      '--cli-error-format', 'legacy',
    ]);
    expect(globals).toMatchObject({
      profile: 'p', endpointUrl: 'http://localhost:4566', noVerifySsl: true, noPaginate: true, color: 'off',
      noSignRequest: true, caBundle: '/ca.pem', cliReadTimeout: 0, cliConnectTimeout: 15,
      cliBinaryFormat: 'raw-in-base64-out', output: 'yaml-stream', cliErrorFormat: 'legacy',
    });
  });

  it('accepts an unambiguous prefix of a global option, as argparse does', () => {
    expect(splitGlobals(['sqs', 'list-queues', '--out', 'table', '--reg=us-west-2']).globals).toMatchObject({
      output: 'table', region: 'us-west-2',
    });
    // `--endpoint` is a prefix of --endpoint-url: the reason sns subscribe calls it --notification-endpoint
    expect(splitGlobals(['sns', 'subscribe', '--endpoint', 'http://x']).globals.endpointUrl).toBe('http://x');
  });

  it('reads an option-looking value as the global option, as aws does', () => {
    const { globals, rest } = splitGlobals(['sqs', 'send-message', '--message-body', '--debug']);
    expect(globals.debug).toBe(true);
    expect(rest).toEqual(['sqs', 'send-message', '--message-body']);
  });

  it('keeps a value equal to a global value in place (order by position, not by text)', () => {
    const { rest } = splitGlobals(['--region', 'x', 'sqs', 'create-queue', '--queue-name', 'x']);
    expect(rest).toEqual(['sqs', 'create-queue', '--queue-name', 'x']);
  });

  it('stops at --version', () => {
    expect(splitGlobals(['--version']).globals.version).toBe(true);
    expect(splitGlobals(['sqs', '--version', '--output', 'bad']).globals.version).toBe(true);
  });

  const usage: [string[], string][] = [
    [['sqs', '--output', 'xml'], "argument --output: Found invalid choice 'xml'\n"],
    [['sqs', '--output', 'jsn'], "argument --output: Found invalid choice 'jsn'\n\nMaybe you meant:\n\n  * json"],
    [['sqs', '--color', 'of'], "argument --color: Found invalid choice 'of'\n\nMaybe you meant:\n\n  * off"],
    [['sqs', '--cli-binary-format', 'raw'], "argument --cli-binary-format: Found invalid choice 'raw'\n"],
    [['sqs', 'list-queues', '--region'], 'argument --region: expected one argument'],
    [['sqs', '--output', '--debug'], 'argument --output: expected one argument'],
    [['sqs', '--debug=yes'], "argument --debug: ignored explicit argument 'yes'"],
    [['sqs', '--no'], 'ambiguous option: --no could match --no-verify-ssl, --no-paginate, --no-sign-request, --no-cli-pager, --no-cli-auto-prompt'],
    [[], 'the following arguments are required: command'],
    [['--debug', '--region', 'x'], 'the following arguments are required: command'],
  ];
  for (const [argv, message] of usage) {
    it(`rejects ${JSON.stringify(argv)} as argparse does`, () => {
      const e = fails(argv);
      expect(e.kind).toBe('usage');
      expect(e.showUsage).toBe(true);
      expect(e.message).toBe(message);
    });
  }

  it('validates the command word when given the choices', () => {
    const e = fails(['sqss', 'list-queues'], { commands: ['sqs', 'sns', 'kinesis', 'help'] });
    expect(e.message).toBe("argument command: Found invalid choice 'sqss'\n\nMaybe you meant:\n\n  * sqs");
    expect(splitGlobals(['kinesis'], { commands: ['kinesis'] }).command).toBe('kinesis');
  });

  it('checks --endpoint-url for a scheme', () => {
    const e = fails(['sqs', '--endpoint-url', '127.0.0.1:4566']);
    expect(e.kind).toBe('usage');
    expect(e.showUsage).toBe(false);
    expect(e.message).toBe(
      'Bad value for --endpoint-url "127.0.0.1:4566": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/',
    );
    expect(splitGlobals(['sqs', '--endpoint-url', 'localhost:4566']).globals.endpointUrl).toBe('localhost:4566');
  });

  it('fails a non-integer timeout with Python int() text (exit 255 in the CLI)', () => {
    const e = fails(['sqs', '--cli-read-timeout', '1.5']);
    expect(e.kind).toBe('other');
    expect(e.message).toBe("invalid literal for int() with base 10: '1.5'");
  });

  it('refuses both auto-prompt forms', () => {
    expect(fails(['sqs', '--cli-auto-prompt', '--no-cli-auto-prompt']).message).toBe(
      'Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the same time.',
    );
  });

  it('leaves non-global words in order whatever globals are mixed in', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const globalPair = fc.constantFrom<[string, string]>(['--region', 'r'], ['--output', 'json'], ['--query', 'q'], ['--profile', 'p']);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(globalPair, { maxLength: 2 }), word), { minLength: 1, maxLength: 6 }), (items) => {
        const argv = items.flatMap(([pairs, w]) => [...pairs.flat(), w]);
        expect(splitGlobals(argv).rest).toEqual(items.map(([, w]) => w));
      }),
    );
  });
});

describe('firstPositional', () => {
  it('takes the first word argparse would see as positional', () => {
    expect(firstPositional(['send-message', '--queue-url', 'u'])).toEqual({ word: 'send-message', rest: ['--queue-url', 'u'] });
    // an unknown option does not consume a value at the service level
    expect(firstPositional(['--queue-url', 'u', 'send-message'])).toEqual({ word: 'u', rest: ['--queue-url', 'send-message'] });
    expect(firstPositional(['--x'])).toEqual({ rest: ['--x'] });
  });
  it('makes the CLI invalid-choice error', () => {
    const e = invalidChoiceError('operation', 'send-mesage', ['send-message', 'send-message-batch']);
    expect(e.message).toBe("argument operation: Found invalid choice 'send-mesage'\n\nMaybe you meant:\n\n  * send-message");
    expect(e.showUsage).toBe(true);
  });
});

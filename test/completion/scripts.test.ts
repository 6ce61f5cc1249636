import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { BIN, cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
const HAVE_BASH = spawnSync('bash', ['--version']).status === 0;
if (!HAVE_BASH) console.log('bash completion tests skipped: bash is not installed');

/**
 * Runs the generated bash function as bash's programmable completion would: COMP_LINE and
 * COMP_POINT for the line up to the cursor, COMP_WORDS/COMP_CWORD split at bash's word breaks.
 */
function bashComplete(line: string, compWords: string[]): string[] {
  const script = [
    'eval "$(awsmsg completion bash)"',
    `COMP_LINE=${JSON.stringify(line)}`,
    'COMP_POINT=${#COMP_LINE}',
    `COMP_WORDS=(${compWords.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${compWords.length - 1}`,
    '_awsmsg_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    env: { ...sb.env, PATH: `${dirname(BIN)}:${process.env.PATH}` },
    encoding: 'utf8',
    cwd: sb.dir,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe('awsmsg completion', () => {
  it('prints a script for bash, zsh and fish that calls awsmsg __complete', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = sb.run(['completion', shell]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`awsmsg __complete ${shell}`);
    }
    expect(sb.run(['completion', 'bash']).stdout).toContain('complete -o default -F _awsmsg_complete awsmsg');
    expect(sb.run(['completion', 'zsh']).stdout).toContain('compdef _awsmsg awsmsg');
    expect(sb.run(['completion', 'fish']).stdout).toContain("complete -c awsmsg -f -a '(__awsmsg_complete)'");
  });

  it('refuses another shell', () => {
    const r = sb.run(['completion', 'tcsh']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("Unknown shell 'tcsh'");
  });

  it('__complete answers one candidate per line', () => {
    const r = sb.run(['__complete', 'plain', 'awsmsg sqs list-q']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('list-queue-tags\nlist-queues\n');
  });
});

describe.skipIf(!HAVE_BASH)('the bash completion function', () => {
  beforeAll(() => {
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'orders']).status).toBe(0);
    expect(sb.run(['sns', 'create-topic', '--name', 'events']).status).toBe(0);
  });

  it('completes services, operations and flags', () => {
    expect(bashComplete('awsmsg ki', ['awsmsg', 'ki'])).toEqual(['kinesis']);
    expect(bashComplete('awsmsg sqs get-queue-u', ['awsmsg', 'sqs', 'get-queue-u'])).toEqual(['get-queue-url']);
    expect(bashComplete('awsmsg sqs get-queue-url --q', ['awsmsg', 'sqs', 'get-queue-url', '--q'])).toEqual([
      '--queue-name',
      '--queue-owner-aws-account-id',
      '--query',
    ]);
  });

  it('completes a live queue name', () => {
    expect(bashComplete('awsmsg sqs get-queue-url --queue-name or', ['awsmsg', 'sqs', 'get-queue-url', '--queue-name', 'or'])).toEqual([
      'orders',
    ]);
  });

  it('completes an ARN after the colons bash splits it at', () => {
    const line = 'awsmsg sns publish --topic-arn arn:aws:sns:us-east-1:000000000000:ev';
    const words = ['awsmsg', 'sns', 'publish', '--topic-arn', 'arn', ':', 'aws', ':', 'sns', ':', 'us-east-1', ':', '000000000000', ':', 'ev'];
    expect(bashComplete(line, words)).toEqual(['events']);
  });

  it('completes a queue URL after its last colon', () => {
    const line = 'awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/o';
    const words = ['awsmsg', 'sqs', 'send-message', '--queue-url', 'https', ':', '//sqs.us-east-1.amazonaws.com/000000000000/o'];
    expect(bashComplete(line, words)).toEqual(['//sqs.us-east-1.amazonaws.com/000000000000/orders']);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
const installed = (shell: string): boolean => spawnSync(shell, ['--version']).status === 0;
const HAVE_BASH = installed('bash');
const HAVE_ZSH = installed('zsh') && HAVE_TMUX;
const HAVE_FISH = installed('fish');
if (!HAVE_BASH) console.log('bash completion tests skipped: bash is not installed');
if (!HAVE_ZSH) console.log('zsh completion tests skipped: zsh or tmux is not installed');
if (!HAVE_FISH) console.log('fish completion tests skipped: fish is not installed');

/** PATH with bin/awsmsg and this Node.js first. */
const PATH = `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}`;

/** Live names the completions should offer. */
function createResources(): void {
  expect(sb.run(['sqs', 'create-queue', '--queue-name', 'orders']).status).toBe(0);
  expect(sb.run(['sns', 'create-topic', '--name', 'events']).status).toBe(0);
}

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
    env: { ...sb.env, PATH },
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

beforeAll(() => {
  if (HAVE_BASH || HAVE_ZSH || HAVE_FISH) createResources();
});

describe.skipIf(!HAVE_BASH)('the bash completion function', () => {
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

/** What fish offers for a command line (`complete -C`), with the script loaded as a user would. */
function fishComplete(line: string): string[] {
  const script = join(sb.dir, 'awsmsg.fish');
  writeFileSync(script, sb.run(['completion', 'fish']).stdout);
  const r = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], {
    env: { ...sb.env, PATH },
    encoding: 'utf8',
    cwd: sb.dir,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe.skipIf(!HAVE_FISH)('the fish completion', () => {
  it('completes services, operations and flags', () => {
    expect(fishComplete('awsmsg ki')).toEqual(['kinesis']);
    expect(fishComplete('awsmsg sqs get-queue-u')).toEqual(['get-queue-url']);
    expect(fishComplete('awsmsg sqs get-queue-url --q').sort()).toEqual(['--query', '--queue-name', '--queue-owner-aws-account-id']);
  });

  it('completes live names, whole ARNs and queue URLs', () => {
    expect(fishComplete('awsmsg sqs get-queue-url --queue-name or')).toEqual(['orders']);
    expect(fishComplete('awsmsg sns publish --topic-arn arn:aws:sns:us-east-1:000000000000:ev')).toEqual([
      'arn:aws:sns:us-east-1:000000000000:events',
    ]);
    expect(fishComplete('awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/o')).toEqual([
      'https://sqs.us-east-1.amazonaws.com/000000000000/orders',
    ]);
  });
});

describe.skipIf(!HAVE_ZSH)('the zsh completion, in a terminal', () => {
  let term: Terminal | undefined;
  afterEach(() => term?.kill());

  /** An interactive zsh whose .zshrc loads the script as the README says. */
  async function zsh(): Promise<Terminal> {
    writeFileSync(join(sb.dir, '.zshrc'), "PROMPT='zsh> '\neval \"$(awsmsg completion zsh)\"\n");
    term = Terminal.startProgram(['zsh', '-i'], { ...sb.env, PATH, HOME: sb.dir, ZDOTDIR: sb.dir }, { cwd: sb.dir });
    await term.waitFor('zsh> ');
    return term;
  }

  it('completes a live queue name, a topic ARN and a queue URL with Tab', async () => {
    const t = await zsh();
    t.type('awsmsg sqs get-queue-url --queue-name or');
    t.press('Tab');
    await t.waitFor('zsh> awsmsg sqs get-queue-url --queue-name orders ');
    t.press('C-u');
    t.type('awsmsg sns publish --topic-arn arn:aws:sns:us-east-1:000000000000:ev');
    t.press('Tab');
    await t.waitFor('zsh> awsmsg sns publish --topic-arn arn:aws:sns:us-east-1:000000000000:events ');
    t.press('C-u');
    t.type('awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/o');
    t.press('Tab');
    await t.waitFor('zsh> awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders ');
  });

  it('lists the flags a prefix leaves open', async () => {
    const t = await zsh();
    t.type('awsmsg sqs get-queue-url --q');
    t.press('Tab');
    await t.waitFor('zsh> awsmsg sqs get-queue-url --que');
    t.press('Tab');
    await t.waitFor(/--query\s+--queue-name\s+--queue-owner-aws-account-id/);
  });
});

/**
 * Help as a user meets it: `help` wherever the AWS CLI takes it and on every own command,
 * the listings of `awsmsg help` and `awsmsg <service> help`, the pager on a terminal, and the
 * shell's greeting pointing at it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import descriptions from '../../src/guide/descriptions.json' with { type: 'json' };
import { listedOwnCommands, SERVICE_EXTRAS, TOP_COMMANDS } from '../../src/cli/commands/names.js';
import { SERVICE_NAMES } from '../../src/model/types.js';
import { cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';
import { loadModelSync } from '../cli/args/model.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

/** A help page's first line: its title, twice. */
const titled = (text: string, name: string) => expect(text.split('\n')[0]).toMatch(new RegExp(`^${name.toUpperCase()}\\(\\) +${name.toUpperCase()}\\(\\)$`));

describe('help as a word', () => {
  const cases: [string[], string][] = [
    [['help'], 'awsmsg'],
    [['sqs', 'help'], 'sqs'],
    [['sqs', 'send-message', 'help'], 'send-message'],
    [['sns', 'publish', 'help'], 'publish'],
    [['kinesis', 'help'], 'kinesis'],
    [['kinesis', 'wait', 'help'], 'wait'],
    [['kinesis', 'wait', 'stream-exists', 'help'], 'stream-exists'],
    [['kinesis', 'wait', 'stream-not-exists', 'help'], 'stream-not-exists'],
    [['clock', 'help'], 'clock'],
    [['clock', '--help'], 'clock'],
    [['clock', 'advance', 'help'], 'clock-advance'],
    [['clock', 'advance', '-h'], 'clock-advance'],
    [['status', 'help'], 'status'],
    [['tutorial', 'help'], 'tutorial'],
    [['guide', 'help'], 'guide'],
    [['shell', 'help'], 'shell'],
    [['completion', 'help'], 'completion'],
    [['sns', 'outbox', 'help'], 'sns-outbox'],
    [['sns', 'outbox', 'show', 'help'], 'sns-outbox-show'],
    [['sns', 'outbox', 'clear', '--help'], 'sns-outbox-clear'],
    [['sns', 'explain-filter', 'help'], 'sns-explain-filter'],
    [['sns', 'explain-filter', '--help'], 'sns-explain-filter'],
    [['kinesis', 'consume', 'help'], 'kinesis-consume'],
    [['kinesis', 'describe-leases', '--help'], 'kinesis-describe-leases'],
  ];
  for (const [args, name] of cases) {
    it(`awsmsg ${args.join(' ')}`, () => {
      const r = sb.run(args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      titled(r.stdout, name);
    });
  }
  it('works on every own command, and --help as well', () => {
    for (const key of listedOwnCommands()) {
      for (const word of ['help', '--help']) {
        const r = sb.run([...key.split(' '), word]);
        expect(r.status, `${key} ${word}: ${r.stderr}`).toBe(0);
        titled(r.stdout, key.replace(/ /g, '-'));
      }
    }
  });
  it('a required option missing does not stand in the way of help', () => {
    const r = sb.run(['kinesis', 'describe-leases', 'help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--application-name <name> (string) [required]');
  });
  it('help creates no state file', () => {
    sb.run(['sqs', 'send-message', 'help']);
    sb.run(['clock', 'help']);
    expect(existsSync(sb.db)).toBe(false);
  });
});

describe('what help lists', () => {
  it('awsmsg help: the services and awsmsg\'s own commands, each with what it is for', () => {
    const text = sb.run(['help']).stdout;
    for (const s of SERVICE_NAMES) expect(text).toMatch(new RegExp(`^ {7}o ${s} +\\S`, 'm'));
    const own = text.slice(text.indexOf('AWSMSG COMMANDS'), text.indexOf('GLOBAL OPTIONS'));
    const listed = [...own.matchAll(/^ {7}o (\S+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(['shell', 'guide', 'tutorial', 'status', 'clock', 'config', 'serve', 'completion']);
    for (const name of listed) {
      const words = TOP_COMMANDS[name!]!.summary.split(' ').slice(0, 4).join(' ');
      expect(own.replace(/\s+/g, ' ')).toContain(`${name} ${words}`);
    }
    expect(text).not.toContain('__complete');
  });
  for (const service of SERVICE_NAMES) {
    it(`awsmsg ${service} help: every operation with its line, then awsmsg's own`, () => {
      const text = sb.run([service, 'help']).stdout;
      const flat = text.replace(/\s+/g, ' ');
      const model = loadModelSync(service);
      const lines = (descriptions as Record<string, Record<string, string>>)[service]!;
      for (const [name, op] of Object.entries(model.operations)) {
        expect(flat, op.cli).toContain(`o ${op.cli} ${lines[name]!.split(' ').slice(0, 3).join(' ')}`);
      }
      const extras = Object.keys(SERVICE_EXTRAS[service]);
      const own = text.indexOf(`AWSMSG COMMANDS FOR ${service.toUpperCase()}`);
      if (!extras.length) expect(own).toBe(-1);
      for (const extra of extras) {
        expect(own).toBeGreaterThan(0);
        expect(text.slice(own)).toMatch(new RegExp(`^ {7}o ${extra}( |$)`, 'm'));
      }
    });
  }
  it('lists the sns and kinesis extras the issue names', () => {
    expect(Object.keys(SERVICE_EXTRAS.sns).sort()).toEqual(['deliver', 'explain-filter', 'outbox', 'signing-cert', 'visit-subscribe-url']);
    expect(Object.keys(SERVICE_EXTRAS.kinesis).sort()).toEqual(['consume', 'describe-leases', 'throughput-enforcement']);
  });
});

describe('paging', () => {
  it('is not used when standard output is not a terminal', () => {
    const r = sb.run(['sqs', 'send-message', 'help'], { env: { AWS_PAGER: 'false', PAGER: 'false' } });
    expect(r.status).toBe(0);
    titled(r.stdout, 'send-message');
  });
});

if (!HAVE_TMUX) console.log('help pager terminal tests skipped: tmux is not installed');

describe.skipIf(!HAVE_TMUX)('paging on a terminal', () => {
  let term: Terminal | undefined;
  afterEach(() => term?.kill());
  const pagedTo = join(sb.dir, 'paged.txt');
  const open = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    (term = Terminal.start(args, { ...sb.env, ...env }, { cwd: sb.dir, width: 80, height: 24 }));

  it('goes through less -R by default: the first screen, then q leaves with status 0', async () => {
    const t = open(['sqs', 'send-message', 'help'], { PATH: process.env.PATH });
    const screen = await t.waitFor('SEND-MESSAGE()');
    expect(screen).toContain('send-message - put one message on a queue');
    expect(screen).not.toContain('[exit');
    t.press('q');
    expect(await t.exitStatus()).toBe(0);
  });

  it('uses AWS_PAGER before PAGER', async () => {
    const t = open(['sqs', 'help'], { AWS_PAGER: `cat > ${pagedTo}`, PAGER: 'false' });
    expect(await t.exitStatus()).toBe(0);
    titled(readFileSync(pagedTo, 'utf8'), 'sqs');
  });

  it('uses PAGER without AWS_PAGER, and the profile\'s cli_pager before it', async () => {
    let t = open(['clock', 'help'], { PAGER: `cat > ${pagedTo}.2` });
    expect(await t.exitStatus()).toBe(0);
    titled(readFileSync(`${pagedTo}.2`, 'utf8'), 'clock');
    t.kill();
    const config = join(sb.dir, 'pager-config');
    (await import('node:fs')).writeFileSync(config, `[default]\ncli_pager = cat > ${pagedTo}.3\n`);
    t = open(['kinesis', 'help'], { PAGER: 'false', AWS_CONFIG_FILE: config });
    expect(await t.exitStatus()).toBe(0);
    titled(readFileSync(`${pagedTo}.3`, 'utf8'), 'kinesis');
  });

  it('--no-cli-pager and an empty AWS_PAGER print directly', async () => {
    let t = open(['clock', 'help', '--no-cli-pager'], { AWS_PAGER: 'false' });
    expect(await t.waitFor('[exit 0]')).toContain('CLOCK()');
    t.kill();
    t = open(['clock', 'help'], { AWS_PAGER: '', PAGER: 'false' });
    expect(await t.waitFor('[exit 0]')).toContain('CLOCK()');
  });

  it('in the shell, help goes through the pager and the shell carries on after q', async () => {
    const t = open(['shell'], { PATH: process.env.PATH });
    await t.waitFor('awsmsg us-east-1');
    t.type('clock help');
    t.press('Enter');
    await t.waitFor('clock - show or advance');
    t.press('q');
    t.type('clock advance 1s --query OffsetSeconds');
    t.press('Enter');
    await t.waitFor(/^1$/m);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('the shell greets with what to try first', async () => {
    const t = open(['shell']);
    const screen = await t.waitFor('awsmsg us-east-1');
    const greeting = screen.slice(0, screen.indexOf('awsmsg us-east-1'));
    for (const word of ['tutorial', 'guide', 'Tab', 'help']) expect(greeting).toContain(word);
    expect(greeting.trim().split('\n').length).toBeLessThanOrEqual(2);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });
});

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
let term: Terminal | undefined;
afterEach(() => term?.kill());

if (!HAVE_TMUX) console.log('tutorial terminal tests skipped: tmux is not installed');

const PAUSE = 'Enter: next step · q: quit';
const count = (text: string, what: string) => text.split(what).length - 1;

describe.skipIf(!HAVE_TMUX)('a lesson in a terminal', () => {
  it('waits for a key between steps: Enter goes on, q alone stops it', async () => {
    const t = (term = Terminal.start(['tutorial', 'sqs-basics'], sb.env, { cwd: sb.dir }));
    await t.waitFor(PAUSE);
    expect(t.screen()).not.toContain('[1/10]');
    t.press('Enter');
    await t.waitFor('"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders"');
    expect(t.screen()).not.toContain('[2/10]');
    t.press('Enter');
    await t.waitFor('[2/10]');
    t.type('q');
    await t.waitFor('Stopped. Run awsmsg tutorial sqs-basics to start again.');
    expect(await t.exitStatus()).toBe(0);
  });

  it('plays straight through with --yes', async () => {
    const t = (term = Terminal.start(['tutorial', 'delay-queues', '--yes'], sb.env, { cwd: sb.dir }));
    await t.waitFor('What to take away');
    expect(await t.exitStatus()).toBe(0);
  });

  it('Ctrl-C at a pause leaves with 130', async () => {
    const t = (term = Terminal.start(['tutorial', 'sqs-basics'], sb.env, { cwd: sb.dir }));
    await t.waitFor(PAUSE);
    t.press('C-c');
    expect(await t.exitStatus()).toBe(130);
  });
});

describe.skipIf(!HAVE_TMUX)('a lesson in the awsmsg shell, 80x24', () => {
  const shell = () => (term = Terminal.start(['shell'], sb.env, { cwd: sb.dir, width: 80, height: 24 }));

  it('takes Enter and q without another Enter, then the shell reads the next line as typed', async () => {
    const t = shell();
    await t.waitFor('> ');
    t.type('tutorial delay-queues');
    t.press('Enter');
    await t.waitFor(PAUSE);
    t.press('Enter');
    await t.waitFor('[1/10]');
    await t.waitFor('"QueueUrl"');
    expect(count(t.screen(), PAUSE)).toBe(2);
    t.press('Enter');
    await t.waitFor('[2/10]');
    await t.waitFor(/"MessageId"[\s\S]*Enter: next step/);
    t.type('q');
    await t.waitFor('Stopped. Run awsmsg tutorial delay-queues to start again.');
    // no Enter was needed, none is left over: the prompt waits for a new line
    t.type('clock');
    t.press('Enter');
    const screen = await t.waitFor('"OffsetSeconds": 0');
    expect(screen).toMatch(/to start again\.\nawsmsg us-east-1 \S+> clock\n\{/);
    expect(screen).not.toContain('[3/10]');
  });

  it('keeps what was typed after q for the shell: nothing typed ahead is swallowed', async () => {
    const t = shell();
    await t.waitFor('> ');
    t.type('tutorial delay-queues');
    t.press('Enter');
    await t.waitFor(PAUSE);
    // q and the next command arrive together, as when typed fast
    t.type('qclock advance 7s');
    t.press('Enter');
    const screen = await t.waitFor('"OffsetSeconds": 7');
    expect(screen).toContain('Stopped. Run awsmsg tutorial delay-queues to start again.');
    expect(screen).toMatch(/> clock advance 7s\n/);
  });

  it('Ctrl-C at a pause stops the lesson with 130 and the shell carries on', async () => {
    const t = shell();
    await t.waitFor('> ');
    t.type('tutorial sqs-basics');
    t.press('Enter');
    await t.waitFor(PAUSE);
    t.press('C-c');
    await t.waitFor(/\[130\] awsmsg us-east-1 \S+> $/m);
    t.type('exit');
    t.press('Enter');
    expect(await t.exitStatus()).toBe(130);
  });
});

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
let term: Terminal | undefined;
afterEach(() => term?.kill());

if (!HAVE_TMUX) console.log('tutorial terminal tests skipped: tmux is not installed');

describe.skipIf(!HAVE_TMUX)('a lesson in a terminal', () => {
  it('waits for Enter between steps, and q stops it', async () => {
    const t = (term = Terminal.start(['tutorial', 'sqs-basics'], sb.env, { cwd: sb.dir }));
    await t.waitFor('Enter: next step · q: quit');
    expect(t.screen()).not.toContain('[1/10]');
    t.press('Enter');
    await t.waitFor('"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders"');
    expect(t.screen()).not.toContain('[2/10]');
    t.press('Enter');
    await t.waitFor('[2/10]');
    t.type('q');
    t.press('Enter');
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
    await t.waitFor('Enter: next step · q: quit');
    t.press('C-c');
    expect(await t.exitStatus()).toBe(130);
  });
});

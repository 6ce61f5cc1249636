import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from './tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
let term: Terminal | undefined;
afterEach(() => term?.kill());

const open = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => (term = Terminal.start(args, { ...sb.env, ...env }, { cwd: sb.dir }));
// HOME is the sandbox directory, so the state file shows as ~/state.db
const PROMPT = "awsmsg us-east-1 ~/state.db> ";

if (!HAVE_TMUX) console.log('REPL terminal tests skipped: tmux is not installed');

describe.skipIf(!HAVE_TMUX)('the REPL in a terminal', () => {
  beforeAll(() => {
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'orders-live']).status).toBe(0);
  });

  it('opens when awsmsg runs alone on a terminal, with region and state file in the prompt', async () => {
    const t = open();
    await t.waitFor(PROMPT);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('completes a live queue name and runs the line', async () => {
    const t = open(['shell']);
    await t.waitFor(PROMPT);
    t.type('sqs get-queue-url --queue-name orders-l');
    t.press('Tab');
    await t.waitFor(`${PROMPT}sqs get-queue-url --queue-name orders-live `);
    t.press('Enter');
    await t.waitFor('"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders-live"');
    t.type('exit');
    t.press('Enter');
    expect(await t.exitStatus()).toBe(0);
  });

  it('completes operations and only the flags not used yet', async () => {
    const t = open(['shell']);
    await t.waitFor(PROMPT);
    t.type('sqs send-mess');
    t.press('Tab');
    await t.waitFor(`${PROMPT}sqs send-message`);
    t.type(' --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders-live --message-b');
    t.press('Tab');
    await t.waitFor('--message-body ');
    // --queue-url is on the line already, so --q can only be --query
    t.type('x --q');
    t.press('Tab');
    await t.waitFor('--message-body x --query ');
    t.press('C-c');
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('keeps history from one run to the next, next to the state file', async () => {
    let t = open(['shell']);
    await t.waitFor(PROMPT);
    t.type('sqs list-queues --queue-name-prefix orders');
    t.press('Enter');
    await t.waitFor('"QueueUrls"');
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
    t.kill();
    expect(readFileSync(join(sb.dir, '.awsmsg_history'), 'utf8')).toContain('sqs list-queues --queue-name-prefix orders\n');

    t = open(['shell']);
    await t.waitFor(PROMPT);
    t.press('Up');
    await t.waitFor(`${PROMPT}sqs list-queues --queue-name-prefix orders`);
    t.press('Enter');
    await t.waitFor('orders-live');
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('Ctrl-C drops the line being typed, and stops a running command without leaving', async () => {
    const t = open(['shell']);
    await t.waitFor(PROMPT);
    t.type('sqs delete-queue --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders-live');
    t.press('C-c');
    await t.waitFor('^C');
    t.type('status --watch');
    t.press('Enter');
    await t.waitFor('refreshing every second; Ctrl-C to stop');
    t.press('C-c');
    await t.waitFor(/\[130\] awsmsg us-east-1/);
    t.type('sqs get-queue-url --queue-name orders-live');
    t.press('Enter');
    await t.waitFor('"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders-live"');
    t.type('exit');
    t.press('Enter');
    expect(await t.exitStatus()).toBe(0);
  });

  it('shows errors and their status without leaving, and colours JSON on a terminal', async () => {
    const t = open(['--region', 'eu-west-1', 'shell']);
    await t.waitFor("awsmsg eu-west-1 ~/state.db> ");
    t.type('aws sqs get-queue-url --queue-name nowhere');
    t.press('Enter');
    await t.waitFor('An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation');
    await t.waitFor(/\[254\] awsmsg eu-west-1/);
    t.type('sqs create-queue --queue-name colour');
    t.press('Enter');
    await t.waitFor('"QueueUrl"');
    expect(t.screen({ escapes: true })).toMatch(/\x1b\[\d+m"QueueUrl"/);
    t.type('exit 3');
    t.press('Enter');
    expect(await t.exitStatus()).toBe(3);
  });

  it('prints JSON without colour when NO_COLOR is set', async () => {
    const t = open(['shell'], { NO_COLOR: '1' });
    await t.waitFor(PROMPT);
    t.type('sqs get-queue-url --queue-name orders-live');
    t.press('Enter');
    await t.waitFor('"QueueUrl"');
    expect(t.screen({ escapes: true })).not.toMatch(/\x1b\[\d+m"QueueUrl"/);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe.skipIf(!HAVE_TMUX)('the REPL behaves like a shell (80×24)', () => {
  const small = (args: string[] = ['shell'], env: NodeJS.ProcessEnv = {}) =>
    (term = Terminal.start(args, { ...sb.env, ...env }, { cwd: sb.dir, width: 80, height: 24 }));
  const enter = (t: Terminal, line: string) => {
    t.type(line);
    t.press('Enter');
  };

  it('keeps variables, runs $(...) and pipes into programs and files', async () => {
    const t = small();
    await t.waitFor(PROMPT);
    enter(t, 'Q=$(sqs create-queue --queue-name piped --query QueueUrl --output text)');
    enter(t, 'echo "Q is $Q"');
    await t.waitFor('Q is https://sqs.us-east-1.amazonaws.com/000000000000/piped');
    enter(t, 'sqs list-queues | grep -c piped');
    await t.waitFor(/grep -c piped\n1\n/);
    enter(t, 'sqs get-queue-url --queue-name piped > url.json && echo saved');
    await t.waitFor(/\nsaved\n/);
    expect(JSON.parse(readFileSync(join(sb.dir, 'url.json'), 'utf8'))).toEqual({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/piped' });
    enter(t, 'sqs list-queues | grep nothing-like-this');
    await t.waitFor(/\[1\] awsmsg us-east-1/);
    enter(t, 'exit');
    expect(await t.exitStatus()).toBe(1);
  });

  it('runs every line of a paste, and keeps a multi-line command as typed in its history', async () => {
    const t = small();
    await t.waitFor(PROMPT);
    // one paste: a variable, then a command over three lines with a newline inside its body
    t.type("M=$(sqs create-queue --queue-name multi --query QueueUrl --output text)\nsqs send-message --queue-url $M \\\n  --message-body 'first line\nsecond line' --query MD5OfMessageBody --output text\n");
    await t.waitFor(/--query MD5OfMessageBody --output text\n[0-9a-f]{32}\n/);
    enter(t, "sqs receive-message --queue-url $M --query 'Messages[0].Body' --output text");
    await t.waitFor(/--output text\nfirst line\nsecond line\n/);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
    t.kill();
    expect(readFileSync(join(sb.dir, '.awsmsg_history'), 'utf8')).toContain(
      "sqs send-message --queue-url $M \\\n  --message-body 'first line\nsecond line' --query MD5OfMessageBody --output text\n",
    );

    const u = small();
    await u.waitFor(PROMPT);
    u.press('Up', 'Up');
    await u.waitFor(`${PROMPT}sqs send-message --queue-url $M \\\n  --message-body 'first line\nsecond line' --query MD5OfMessageBody --output text`);
    u.press('C-c');
    u.press('C-d');
    expect(await u.exitStatus()).toBe(0);
  });

  it('Up past the oldest history entry stays on the oldest', async () => {
    const home = mkdtempSync(join(tmpdir(), 'awsmsg-hist-'));
    try {
      writeFileSync(join(home, '.awsmsg_history'), 'sqs list-queues\nclock\n');
      const t = small(['shell'], { AWSMSG_DB: join(home, 'state.db') });
      await t.waitFor('> ');
      t.press('Up', 'Up', 'Up', 'Up');
      await t.waitFor(/> sqs list-queues$/m);
      t.press('Down');
      await t.waitFor(/> clock$/m);
      t.press('C-c');
      t.press('C-d');
      expect(await t.exitStatus()).toBe(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('Tab does not offer shell or completion inside the shell', async () => {
    const t = small();
    await t.waitFor(PROMPT);
    // `sh` would complete to `shell` at a login shell's prompt (awsmsg __complete); here it stays
    t.type('sh');
    t.press('Tab');
    t.type('X');
    await t.waitFor(/> shX$/m);
    t.press('C-u');
    t.type('st');
    t.press('Tab');
    await t.waitFor(`${PROMPT}status `);
    t.press('C-u');
    t.type('compl');
    t.press('Tab');
    t.type('X');
    await t.waitFor(/> complX$/m);
    t.press('C-c');
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('a dim hint follows a receive that finds the messages in flight; plain commands print none', async () => {
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'hinted', '--attributes', 'VisibilityTimeout=600']).status).toBe(0);
    const q = 'https://sqs.us-east-1.amazonaws.com/000000000000/hinted';
    expect(sb.run(['sqs', 'send-message', '--queue-url', q, '--message-body', 'x']).status).toBe(0);
    expect(sb.run(['sqs', 'receive-message', '--queue-url', q]).stdout).toContain('"Body": "x"');
    const plain = sb.run(['sqs', 'receive-message', '--queue-url', q]);
    expect(plain).toMatchObject({ status: 0, stdout: '', stderr: '' });

    const t = small();
    await t.waitFor(PROMPT);
    enter(t, `sqs receive-message --queue-url ${q}`);
    const screen = await t.waitFor(/hint: 1 message in flight: received earlier and hidden until deleted or until\n\s+the visibility timeout \(600 s\) runs out\. Skip ahead: clock advance 600s/);
    expect(screen).toContain('hint:');
    expect(t.isDim('hint: 1 message in flight')).toBe(true);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });

  it('Ctrl-C ends a program the shell started, and the shell carries on', async () => {
    const t = small();
    await t.waitFor(PROMPT);
    enter(t, 'sqs list-queues | sleep 600');
    await t.waitFor('sleep 600\n');
    t.press('C-c');
    await t.waitFor(/\[130\] awsmsg us-east-1/);
    enter(t, 'echo still here');
    await t.waitFor(/\nstill here\n/);
    t.press('C-d');
    expect(await t.exitStatus()).toBe(0);
  });
});

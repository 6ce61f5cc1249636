import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
let term: Terminal | undefined;
afterEach(() => term?.kill());
const open = () => (term = Terminal.start(['guide'], sb.env, { cwd: sb.dir }));
const URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/guided';

if (!HAVE_TMUX) console.log('guide terminal tests skipped: tmux is not installed');

describe('awsmsg guide without a terminal', () => {
  it('says it needs one', () => {
    const r = sb.run(['guide']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('awsmsg guide asks questions, so it needs a terminal');
  });
});

describe.skipIf(!HAVE_TMUX)('awsmsg guide in a terminal', () => {
  beforeAll(() => {
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'guided']).status).toBe(0);
  });

  it('sends a message end to end: service, operation, a picked queue, the body, the command, the result', async () => {
    const t = open();
    await t.waitFor('? Which service?');
    t.press('Enter'); // sqs is first
    await t.waitFor('? Which sqs operation?');
    t.type('send-message');
    await t.waitFor('put one message on a queue');
    t.press('Enter');
    await t.waitFor('send-message: put one message on a queue');
    // the queue picker lists the live queue
    await t.waitFor(`❯ ${URL}`);
    t.press('Enter');
    await t.waitFor('? --message-body');
    t.type('hello from the guide');
    t.press('Enter');
    await t.waitFor('? More options?');
    t.press('Enter'); // no more
    const screen = await t.waitFor('? Run it?');
    expect(screen).toContain(`awsmsg sqs send-message --queue-url ${URL} --message-body 'hello from the guide'`);
    t.press('Enter');
    const result = await t.waitFor('? What next?');
    expect(result).toMatch(/\|\s+SendMessage\s+\|/);
    expect(result).toMatch(/\|\s+MD5OfMessageBody\s+\|\s+MessageId\s+\|/);
    expect(result).toContain('❯ receive-message');
    t.press('Up', 'Enter'); // quit is last
    expect(await t.exitStatus()).toBe(0);

    const r = sb.run(['sqs', 'receive-message', '--queue-url', URL, '--query', 'Messages[0].Body', '--output', 'text']);
    expect(r.stdout).toBe('hello from the guide\n');
  });

  it('offers values from earlier results in the next step (the receipt handle after receive-message)', async () => {
    expect(sb.run(['sqs', 'send-message', '--queue-url', URL, '--message-body', 'second']).status).toBe(0);
    const t = open();
    await t.waitFor('? Which service?');
    t.press('Enter');
    await t.waitFor('? Which sqs operation?');
    t.type('receive-message');
    await t.waitFor('take up to 10 messages');
    t.press('Enter');
    await t.waitFor(`❯ ${URL}`);
    t.press('Enter');
    await t.waitFor('? More options?');
    t.press('Enter');
    await t.waitFor('? Run it?');
    t.press('Enter');
    await t.waitFor('? What next?');
    t.press('Enter'); // delete-message is the first suggestion
    await t.waitFor('delete-message: remove a message');
    await t.waitFor(`❯ ${URL}`);
    t.press('Enter');
    const handle = await t.waitFor(/\? --receipt-handle\n❯ AQEB\S+/);
    expect(handle).toContain('something else (type it)');
    t.press('Enter'); // both arguments are required: no options to offer
    await t.waitFor(/awsmsg sqs delete-message --queue-url \S+ --receipt-handle AQEB/);
    t.press('Enter');
    await t.waitFor('Done: this operation returns nothing.');
    await t.waitFor('? What next?');
    t.press('Up', 'Enter');
    expect(await t.exitStatus()).toBe(0);
  });

  it('Ctrl-C backs out a level at a time, and leaves with 130 at the top', async () => {
    const t = open();
    await t.waitFor('? Which service?');
    t.press('Down', 'Enter'); // sns
    await t.waitFor('? Which sns operation?');
    t.type('publish');
    await t.waitFor('send a message to a topic');
    t.press('Enter');
    await t.waitFor('? --message');
    t.press('C-c');
    await t.waitFor(/\(back\)\n\? Which sns operation\?/);
    t.press('C-c');
    await t.waitFor(/\(back\)\n\? Which service\?/);
    t.press('C-c');
    expect(await t.exitStatus()).toBe(130);
  });
});

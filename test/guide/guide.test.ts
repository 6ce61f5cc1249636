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

describe.skipIf(!HAVE_TMUX)('the guide remembers, checks and hints (80×24)', () => {
  const own = cliSandbox();
  afterAll(() => own.cleanup());
  const Q = 'https://sqs.us-east-1.amazonaws.com/000000000000';
  const start = () => (term = Terminal.start(['guide'], own.env, { cwd: own.dir, width: 80, height: 24 }));
  /** Waits for text on the screen as it is now (not in the scrollback). */
  const now = (t: Terminal, pattern: RegExp | string) => t.waitFor(pattern, 15_000, { visible: true });
  const pick = async (t: Terminal, service: 'sqs', op: string, blurb: string) => {
    await now(t, '? Which service?');
    expect(service).toBe('sqs');
    t.press('Enter');
    await now(t, `? Which ${service} operation?`);
    t.type(op);
    await now(t, blurb);
    t.press('Enter');
  };

  beforeAll(() => {
    for (const q of ['billing', 'orders']) expect(own.run(['sqs', 'create-queue', '--queue-name', q]).status).toBe(0);
  });

  it('after send-message to orders, receive and delete preselect orders and the handle just received; an empty receive offers no delete', async () => {
    const t = start();
    await pick(t, 'sqs', 'send-message', 'put one message on a queue');
    await now(t, `❯ ${Q}/billing`);
    t.press('Down');
    await now(t, `❯ ${Q}/orders`);
    t.press('Enter');
    await now(t, '? --message-body (1 byte to 1 MiB)');
    t.type('order 1');
    t.press('Enter');
    await now(t, '? More options?');
    t.press('Enter');
    await now(t, '? Run it?');
    t.press('Enter');
    await now(t, /\? What next\?\s*\n❯ receive-message/);
    t.press('Enter');
    // the queue it just sent to comes first, and the cursor is on it
    await now(t, 'receive-message: take up to 10 messages');
    await now(t, `❯ ${Q}/orders\n  ${Q}/billing`);
    t.press('Enter');
    await now(t, '? More options?');
    t.press('Enter');
    await now(t, '? Run it?');
    t.press('Enter');
    const got = await now(t, /\? What next\?\s*\n❯ delete-message/);
    expect(got).toContain('order 1');
    const handle = /ReceiptHandle\s*\|\s*(AQEB[A-Za-z0-9+/=]{10})/.exec(t.screen())?.[1];
    expect(handle).toBeDefined();
    t.press('Enter');
    await now(t, 'delete-message: remove a message');
    await now(t, `❯ ${Q}/orders`);
    t.press('Enter');
    await now(t, new RegExp(`\\? --receipt-handle\\s*\\n❯ ${handle!.replace(/[+/]/g, '\\$&')}`));
    t.press('Enter');
    await now(t, '? Run it?');
    t.press('Enter');
    await now(t, 'Done: this operation returns nothing.');
    await now(t, /\? What next\?\s*\n❯ receive-message/);
    t.press('Enter');
    await now(t, `❯ ${Q}/orders`);
    t.press('Enter');
    await now(t, '? More options?');
    t.press('Enter');
    await now(t, '? Run it?');
    t.press('Enter');
    await now(t, 'No messages.');
    const after = await now(t, /\? What next\?\s*\n❯ receive-message \(again\)\n\s+get-queue-attributes\n\s+send-message\n/);
    expect(after).not.toContain('delete-message');
    t.press('Up', 'Enter'); // quit is last
    expect(await t.exitStatus()).toBe(0);
  });

  it('refuses values outside AWS\'s limits as they are typed, lists message attribute types, and adds no --cli-binary-format for a Number attribute', async () => {
    const t = start();
    await pick(t, 'sqs', 'send-message', 'put one message on a queue');
    await now(t, `❯ ${Q}/billing`);
    t.press('Enter');
    await now(t, '? --message-body');
    t.type('hi');
    t.press('Enter');
    await now(t, '? More options?');
    t.type('--delay'); // a select moves to the option whose name starts with what is typed
    await now(t, '❯ --delay-seconds');
    t.press('Enter');
    await now(t, '? --delay-seconds (0 to 900)');
    t.type('901');
    t.press('Enter');
    await now(t, 'Value must be between 0 and 900');
    t.press('BSpace', 'BSpace', 'BSpace');
    t.type('5');
    t.press('Enter');
    await now(t, '? More options?');
    t.type('--message-a');
    await now(t, '❯ --message-attributes');
    t.press('Enter');
    await now(t, 'how do you want to enter it?');
    t.press('Enter'); // key by key
    await now(t, 'key (empty when done)');
    t.type('kind');
    t.press('Enter');
    const types = await now(t, /data type\n❯ String\n\s+Number\n\s+Binary\n\s+a custom type/);
    expect(types).toContain('text (UTF-8)');
    t.press('Down', 'Enter'); // Number
    await now(t, 'value (a number)');
    t.type('many');
    t.press('Enter');
    await now(t, 'a number, such as 42, -7 or 3.14');
    t.press('C-u');
    t.type('7');
    t.press('Enter');
    await now(t, 'key (empty when done)');
    t.press('Enter');
    await now(t, '? More options?');
    t.type('no more');
    await now(t, '❯ no more: show the command');
    t.press('Enter');
    const command = await now(t, '? Run it?');
    expect(command).toContain(`awsmsg sqs send-message --queue-url ${Q}/billing --message-body hi --delay-seconds 5 --message-attributes '{"kind":{"DataType":"Number","StringValue":"7"}}'`);
    expect(command).not.toContain('--cli-binary-format');
    t.press('C-c');
    await now(t, /\(back\)\n\? Which sqs operation\?/);
    t.press('C-c');
    await now(t, /\(back\)\n\? Which service\?/);
    t.press('C-c');
    expect(await t.exitStatus()).toBe(130);
  });

  it('a receive that finds the message in flight shows a dim hint', async () => {
    expect(own.run(['sqs', 'create-queue', '--queue-name', 'aaa-flight', '--attributes', 'VisibilityTimeout=600']).status).toBe(0);
    expect(own.run(['sqs', 'send-message', '--queue-url', `${Q}/aaa-flight`, '--message-body', 'x']).status).toBe(0);
    expect(own.run(['sqs', 'receive-message', '--queue-url', `${Q}/aaa-flight`]).stdout).toContain('"Body": "x"');
    const t = start();
    await pick(t, 'sqs', 'receive-message', 'take up to 10 messages');
    await now(t, `❯ ${Q}/aaa-flight`);
    t.press('Enter');
    await now(t, '? More options?');
    t.press('Enter');
    await now(t, '? Run it?');
    t.press('Enter');
    await now(t, /hint: 1 message in flight: received earlier and hidden until deleted or until\n\s+the visibility timeout \(600 s\) runs out\. Skip ahead: clock advance 600s/);
    expect(t.isDim('hint: 1 message in flight')).toBe(true);
    await now(t, /\? What next\?\s*\n❯ receive-message \(again\)/);
    t.press('Up', 'Enter');
    expect(await t.exitStatus()).toBe(0);
  });
});

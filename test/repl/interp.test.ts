import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellSandbox, type ShellSandbox } from './shellHelper.js';
import { Shell } from '../../src/repl/interp.js';
import { createSession, type Session } from '../../src/cli/io.js';

let sb: ShellSandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});
const open = () => (sb = shellSandbox());
const URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders';

describe('shell variables', () => {
  it('sets, expands ($Q, ${Q}, in double quotes) and unsets them', async () => {
    const s = open();
    expect((await s.run(`Q=${URL}`)).status).toBe(0);
    expect((await s.run('sqs create-queue --queue-name orders --query QueueUrl --output text')).out).toBe(`${URL}\n`);
    const sent = await s.run('sqs send-message --queue-url $Q --message-body "sent to ${Q}" --query MessageId --output text');
    expect(sent.status).toBe(0);
    const got = await s.run("sqs receive-message --queue-url ${Q} --query 'Messages[0].Body' --output text");
    expect(got.out).toBe(`sent to ${URL}\n`);
    await s.run('unset Q');
    const r = await s.run('sqs get-queue-url --queue-url $Q');
    expect(r.status).toBe(252);
  });

  it('an unexported variable stays out of the environment of programs; export puts it there', async () => {
    const s = open();
    await s.run('Q=one');
    expect((await s.run(`sh -c 'echo "[$Q]"'`)).out).toBe('[]\n');
    // but the shell itself expands it in a program's line, as sh would
    expect((await s.run('echo "[$Q]"')).out).toBe('[one]\n');
    await s.run('export Q');
    expect((await s.run(`sh -c 'echo "[$Q]"'`)).out).toBe('[one]\n');
    await s.run('export R=two S');
    expect((await s.run(`sh -c 'echo "[$R][$S]"'`)).out).toBe('[two][]\n');
    expect((await s.run('export -p')).out).toContain("export R=two\n");
    expect((await s.run('export 1x=3')).err).toContain("awsmsg: export: '1x=3': not a valid name");
  });

  it('the environment of awsmsg commands: an exported AWS_REGION, or one for a single command', async () => {
    const s = open();
    await s.run('export AWS_REGION=eu-west-1');
    expect((await s.run('sqs create-queue --queue-name r --query QueueUrl --output text')).out).toBe('https://sqs.eu-west-1.amazonaws.com/000000000000/r\n');
    expect((await s.run('AWS_REGION=us-west-2 sqs create-queue --queue-name r --query QueueUrl --output text')).out).toBe(
      'https://sqs.us-west-2.amazonaws.com/000000000000/r\n',
    );
    expect((await s.run('sqs list-queues --query QueueUrls --output text')).out).toBe('https://sqs.eu-west-1.amazonaws.com/000000000000/r\n');
  });
});

describe('command substitution', () => {
  it('runs $(awsmsg ...) in this process, trailing newlines removed, inside double quotes too', async () => {
    const s = open();
    expect((await s.run('Q=$(awsmsg sqs create-queue --queue-name orders --query QueueUrl --output text)')).status).toBe(0);
    expect((await s.run('echo "[$Q]"')).out).toBe(`[${URL}]\n`);
    await s.run('sqs send-message --queue-url "$(sqs get-queue-url --queue-name orders --query QueueUrl --output text)" --message-body hi');
    expect((await s.run('N="$(sqs get-queue-attributes --queue-url $Q --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages --output text)"; echo "n=$N"')).out).toBe(
      'n=1\n',
    );
  });

  it('takes a shard iterator as the README does, and reads with it', async () => {
    const s = open();
    await s.run('kinesis create-stream --stream-name trucks --shard-count 1');
    await s.run('clock advance 3s');
    await s.run("kinesis put-record --stream-name trucks --partition-key k --data aGVsbG8=");
    const it = await s.run('IT=$(awsmsg kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 \\\n  --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)');
    expect(it.status).toBe(0);
    const r = await s.run("kinesis get-records --shard-iterator $IT --query 'Records[].Data' --output text");
    expect(r.out).toBe('aGVsbG8=\n');
  });

  it('runs a program in /bin/sh: $(echo ... | base64)', async () => {
    const s = open();
    await s.run(`D="$(echo -n '{"lat": 48.85}' | base64)"`);
    expect((await s.run('echo $D')).out).toBe('eyJsYXQiOiA0OC44NX0=\n');
  });

  it('splits an unquoted substitution into words: a for loop over queue URLs', async () => {
    const s = open();
    await s.run('for q in a b c; do sqs create-queue --queue-name $q > /dev/null; done');
    const r = await s.run('for u in $(sqs list-queues --query QueueUrls --output text); do sqs get-queue-attributes --queue-url $u --attribute-names QueueArn --query Attributes.QueueArn --output text; done');
    expect(r.out).toBe(['a', 'b', 'c'].map((q) => `arn:aws:sqs:us-east-1:000000000000:${q}\n`).join(''));
  });

  it('keeps its variables to itself, as sh\'s subshell does; its status is $?', async () => {
    const s = open();
    await s.run('X=outer');
    expect((await s.run('Y=$(X=inner; echo $X); echo "$X $Y"')).out).toBe('outer inner\n');
    expect((await s.run('Z=$(exit 3)')).status).toBe(3);
    expect((await s.run('echo $?')).out).toBe('3\n');
  });
});

describe('pipes and redirections', () => {
  it('feeds an awsmsg command to programs: | grep, | wc', async () => {
    const s = open();
    await s.run('for q in orders billing; do sqs create-queue --queue-name $q > /dev/null; done');
    const r = await s.run('sqs list-queues | grep orders');
    expect(r).toMatchObject({ status: 0, out: `        "${URL}"\n` });
    expect((await s.run('sqs list-queues --output text | wc -l')).out.trim()).toBe('2');
  });

  it('the status of a pipeline is its last command\'s (sh without pipefail)', async () => {
    const s = open();
    expect((await s.run('sqs list-queues | grep nothing-like-this')).status).toBe(1);
    expect((await s.run('sqs get-queue-url --queue-name nowhere | cat')).status).toBe(0);
    expect((await s.run('! sqs get-queue-url --queue-name nowhere 2>/dev/null')).status).toBe(0);
  });

  it('redirects output to a file (> and >>), the status the command\'s own', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name orders > created.json');
    expect(JSON.parse(readFileSync(join(s.dir, 'created.json'), 'utf8'))).toEqual({ QueueUrl: URL });
    await s.run('sqs get-queue-url --queue-name orders --output text >> created.json');
    expect(readFileSync(join(s.dir, 'created.json'), 'utf8')).toMatch(/\}\n.*orders\n$/);
    expect((await s.run('sqs get-queue-url --queue-name nowhere > none.txt')).status).toBe(254);
  });

  it('sends errors where 2> and 2>&1 say', async () => {
    const s = open();
    const r = await s.run('sqs get-queue-url --queue-name nowhere 2>&1 | grep -o NonExistentQueue');
    expect(r).toMatchObject({ status: 0, out: 'NonExistentQueue\n', err: '' });
    const quiet = await s.run('sqs get-queue-url --queue-name nowhere 2> errors.txt');
    expect(quiet).toMatchObject({ status: 254, err: '' });
    expect(readFileSync(join(s.dir, 'errors.txt'), 'utf8')).toContain('An error occurred (AWS.SimpleQueueService.NonExistentQueue)');
  });

  it('does not run the command when its redirection cannot be made, as sh', async () => {
    const s = open();
    const r = await s.run('sqs create-queue --queue-name never > /nonexistent-dir/x.json');
    expect(r.status).not.toBe(0);
    expect(r.err).toContain('nonexistent-dir');
    expect((await s.run('sqs get-queue-url --queue-name never')).status).toBe(254);
  });

  it('a reader that stops early ends the command', async () => {
    const s = open();
    await s.run('for q in a b c d; do sqs create-queue --queue-name $q > /dev/null; done');
    expect(await s.run('sqs list-queues --output text | head -1')).toMatchObject({ status: 0, out: 'QUEUEURLS\thttps://sqs.us-east-1.amazonaws.com/000000000000/a\n' });
  });

  it('the shell\'s variables reach the part sh runs', async () => {
    const s = open();
    await s.run('sqs create-queue --queue-name orders > /dev/null; WANT=orders');
    expect((await s.run('sqs list-queues --output text | grep -c "$WANT"')).out).toBe('1\n');
  });

  it('runs `awsmsg` inside sh as this awsmsg', async () => {
    const s = shellSandbox({ self: [process.execPath, join(__dirname, '..', '..', 'bin', 'awsmsg')] });
    sb = s;
    // echo is a program: the whole line is sh's, and so is the $(awsmsg ...) in it
    const r = await s.run('echo "made $(awsmsg sqs create-queue --queue-name x1 --output text)"');
    expect(r.err).toBe('');
    expect(r.out).toBe('made https://sqs.us-east-1.amazonaws.com/000000000000/x1\n');
    expect((await s.run('sqs get-queue-url --queue-name x1 --output text')).out).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/x1\n');
  });
});

describe('lists, loops and the shell\'s own words', () => {
  it('runs ; && || and for loops', async () => {
    const s = open();
    expect((await s.run('sqs get-queue-url --queue-name nowhere 2>/dev/null || echo missing && echo and-then')).out).toBe('missing\nand-then\n');
    expect((await s.run('for q in billing shipping; do sqs create-queue --queue-name $q --output text; done')).out).toBe(
      'https://sqs.us-east-1.amazonaws.com/000000000000/billing\nhttps://sqs.us-east-1.amazonaws.com/000000000000/shipping\n',
    );
    expect((await s.run('false; echo $?')).out).toBe('1\n');
  });

  it('exit and quit leave with a status; shell inside the shell is refused', async () => {
    const s = open();
    expect(await s.run('exit 7')).toMatchObject({ exit: true, status: 7 });
    expect(await s.run('quit')).toMatchObject({ exit: true, status: 0 });
    expect(await s.run('shell')).toMatchObject({ status: 252, err: 'awsmsg: already in the awsmsg shell\n' });
    expect(await s.run('awsmsg --region eu-west-1 shell')).toMatchObject({ status: 252 });
  });

  it('says what it does not support, as a usage error', async () => {
    const s = open();
    expect(await s.run('if true; then echo; fi')).toMatchObject({ status: 252 });
    expect((await s.run('sqs list-queues &')).err).toBe('awsmsg: running a command in the background (&) is not supported here\n');
  });

  it('a word that is no command and no program is awsmsg\'s to refuse', async () => {
    const s = open();
    const r = await s.run('sqss list-queues');
    expect(r.status).toBe(252);
    expect(r.err).toContain("argument command: Found invalid choice 'sqss'");
  });
});

describe('corners of sh', () => {
  it('a command whose words all expand to nothing runs nothing, keeping its assignments', async () => {
    const s = open();
    expect(await s.run('X=1 $NOTHING')).toMatchObject({ status: 0, out: '', err: '' });
    expect((await s.run('echo $X')).out).toBe('1\n');
  });

  it('says an awsmsg command runs here (Ctrl-C is then for it) while one does, in a $(...) too', async () => {
    const s = open();
    const seen: boolean[] = [];
    // the state file is opened while the command runs: look at the shell then
    const realSession = createSession();
    const session: Session = { store: (path) => (seen.push(shell.inProcess), realSession.store(path)), settle: () => realSession.settle(), close: () => realSession.close() };
    const shell: Shell = new Shell({ baseArgs: ['--db', join(s.dir, 'other.db')], session, direct: false, childStdin: 'ignore' }, s.shell.env());
    const io = { out: () => undefined, err: () => undefined, env: shell.env(), stdoutIsTTY: false, stdinIsTTY: false, signal: new AbortController().signal };
    await shell.run('X=$(sqs create-queue --queue-name q --output text)', io);
    expect(shell.vars.get('X')).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/q');
    expect(seen).toContain(true);
    expect(seen.every(Boolean)).toBe(true);
    expect(shell.inProcess).toBe(false);
    realSession.close();
  });
});

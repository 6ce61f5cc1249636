import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

const URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/script-q';

describe('awsmsg shell reading commands from a pipe or a file', () => {
  it('runs each line, echoing it first, skipping blank lines and comments', () => {
    const script = [
      '# make a queue and use it',
      'sqs create-queue --queue-name script-q',
      '',
      `aws sqs send-message --queue-url ${URL} \\`,
      "  --message-body 'hello, pipe'   # a comment after the command",
      `awsmsg sqs receive-message --queue-url ${URL} --query 'Messages[0].Body' --output text`,
    ].join('\n');
    const r = sb.run(['shell'], { input: `${script}\n` });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('$ sqs create-queue --queue-name script-q');
    expect(r.stdout).toContain(`$ aws sqs send-message --queue-url ${URL} \\\n  --message-body 'hello, pipe'   # a comment after the command\n{`);
    expect(r.stdout).toContain(`$ awsmsg sqs receive-message --queue-url ${URL} --query 'Messages[0].Body' --output text\nhello, pipe\n`);
    expect(r.stdout).not.toContain('# make a queue');
  });

  it('stops at the first failing line with its status', () => {
    const r = sb.run(['shell'], { input: 'sqs get-queue-url --queue-name nowhere\nclock\n' });
    expect(r.status).toBe(254);
    expect(r.stdout).toBe('$ sqs get-queue-url --queue-name nowhere\n');
    expect(r.stderr).toContain('An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation');
  });

  it('carries on with --continue, and still ends with the failure status', () => {
    const r = sb.run(['shell', '--continue'], { input: 'sqs get-queue-url --queue-name nowhere\nclock --output text\n' });
    expect(r.status).toBe(254);
    expect(r.stdout).toMatch(/^\$ sqs get-queue-url --queue-name nowhere\n\$ clock --output text\n\d{4}-/);
  });

  it('reports a quote left open as a usage error', () => {
    const r = sb.run(['shell'], { input: "sqs send-message --message-body 'oops\n" });
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('awsmsg: unterminated single quote');
  });

  it('stops at exit with its status', () => {
    const r = sb.run(['shell'], { input: 'clock --output text\nexit 7\nsqs list-queues\n' });
    expect(r.status).toBe(7);
    expect(r.stdout).not.toContain('$ sqs list-queues');
  });

  it('runs a file of commands given as an argument, with the shell\'s global options', () => {
    const file = join(sb.dir, 'lesson.txt');
    writeFileSync(file, 'sqs create-queue --queue-name from-file\nsqs list-queues --queue-name-prefix from\n');
    const r = sb.run(['--region', 'eu-west-1', 'shell', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/000000000000/from-file"');
    expect(r.stdout).toContain('"https://sqs.eu-west-1.amazonaws.com/000000000000/from-file"\n    ]');
  });

  it('expands $VARIABLES from the environment', () => {
    const r = sb.run(['shell'], { input: 'sqs create-queue --queue-name "$QNAME"\n', env: { QNAME: 'from-env' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('/000000000000/from-env"');
  });

  it('refuses to nest a shell', () => {
    const r = sb.run(['shell'], { input: 'shell\n' });
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('already in the awsmsg shell');
  });

  it('without a terminal, awsmsg alone still prints the usage', () => {
    const r = sb.run([]);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('usage: awsmsg [options] <command> <subcommand>');
  });
});

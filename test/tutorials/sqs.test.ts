import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';
import { playTutorial, step } from './helpers.js';

// Each lesson checks, step by step, that what happened is what its text says; here each is
// played straight through (no terminal) and what it printed is checked at the key points.
const sb = cliSandbox();
afterAll(() => sb.cleanup());

const play = (name: string) => playTutorial(sb, name);

describe('SQS lessons, played without a terminal', () => {
  it('lists the lessons', () => {
    const r = sb.run(['tutorial']);
    expect(r.status).toBe(0);
    const names = [...r.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'sqs-basics',
      'visibility-timeout',
      'delay-queues',
      'long-polling',
      'dead-letter-queues',
      'fifo-queues',
      'idempotent-consumers',
      'sns-fan-out',
      'kinesis-ordering',
      'hot-partition',
      'kcl-consumers',
      'choosing',
    ]);
    expect(r.stdout).not.toContain('not in this build');
  });

  it('sqs-basics: send two, receive, delete, and the queue ends empty', () => {
    const out = play('sqs-basics');
    expect(out).toContain('━━ SQS basics');
    expect(step(out, 1)).toContain('$ awsmsg sqs create-queue --queue-name orders');
    expect(step(out, 1)).toContain('"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/orders"');
    expect(step(out, 4)).toContain('"ApproximateNumberOfMessages": "2"');
    expect(step(out, 5)).toContain('"Body": "{\\"order\\": 1, \\"item\\": \\"book\\"}"');
    expect(step(out, 6)).toContain('"ApproximateNumberOfMessagesNotVisible": "1"');
    expect(step(out, 10)).not.toContain('"Messages"');
    expect(out).toContain('What to take away');
    // the lesson's state file is its own: the sandbox's is untouched
    expect(sb.run(['sqs', 'list-queues']).stdout).toBe('');
  });

  it('visibility-timeout: the same message twice after the timeout, then extended in time', () => {
    const out = play('visibility-timeout');
    expect(step(out, 4)).not.toContain('"Messages"');
    expect(step(out, 5)).toContain('$ awsmsg clock advance 11s');
    expect(step(out, 6)).toContain('"ApproximateReceiveCount": "2"');
    expect(step(out, 10)).toContain('change-message-visibility');
    expect(step(out, 12)).not.toContain('"Messages"');
  });

  it('delay-queues: hidden for the delay, counted as delayed, then received', () => {
    const out = play('delay-queues');
    expect(step(out, 3)).not.toContain('"Messages"');
    expect(step(out, 4)).toContain('"ApproximateNumberOfMessagesDelayed": "1"');
    expect(step(out, 6)).toContain('"Body": "welcome ada@example.com"');
    expect(step(out, 10)).toContain('"Body": "password reset for ada"');
  });

  it('long-polling: the waiting consumer gets the message sent meanwhile', () => {
    const out = play('long-polling');
    expect(step(out, 4)).toContain('"Body": "price of lamp: 40"');
    expect(step(out, 4)).toContain('# terminal 1, the consumer, printed:');
    expect(step(out, 4)).toMatch(/long before\s+the 20 seconds\s+were\s+up/);
    expect(step(out, 6)).toContain('"ReceiveMessageWaitTimeSeconds": "20"');
  });

  it('dead-letter-queues: three failures, moved to the DLQ, redriven back', () => {
    const out = play('dead-letter-queues');
    expect(step(out, 3)).toContain("# orders-attributes.json, written in the lesson's folder:");
    expect(step(out, 5)).toContain('order 7: ship to ???\t1\n');
    expect(step(out, 5)).toContain('order 7: ship to ???\t3\n');
    expect(step(out, 6)).not.toContain('"Messages"');
    expect(step(out, 7)).toContain('"ApproximateNumberOfMessages": "1"');
    expect(step(out, 11)).toContain('"Status": "COMPLETED"');
    expect(step(out, 12)).toContain('"Body": "order 7: ship to ???"');
  });

  it('fifo-queues: a duplicate dropped, groups locked while in flight, order kept', () => {
    const out = play('fifo-queues');
    expect(step(out, 4)).toContain('"ApproximateNumberOfMessages": "5"');
    expect(step(out, 5)).toContain('"Body": "customer 1: order created"');
    expect(step(out, 6)).toContain('"Body": "customer 2: order created"');
    expect(step(out, 7)).not.toContain('"Messages"');
    expect(step(out, 9)).toContain('"Body": "customer 1: order paid"');
  });

  it('idempotent-consumers: with realism on and its seed, the payments come out of order and p-2 comes back after its delete', () => {
    const out = play('idempotent-consumers');
    expect(step(out, 1)).toContain('$ awsmsg config set sqs.standard-queue-realism on');
    const received = [...step(out, 5).matchAll(/^\{"payment":"(p-\d)".*\tAQEB\S+$/gm)].map((m) => m[1]);
    expect(received).toEqual(['p-1', 'p-3', 'p-6', 'p-2', 'p-4', 'p-5']);
    expect(step(out, 6)).toMatch(/^6$/m);
    expect(step(out, 7)).toContain('"ApproximateNumberOfMessagesNotVisible": "1"');
    expect(step(out, 9)).toContain('"Body": "{\\"payment\\":\\"p-2\\",\\"customer\\":\\"bo\\",\\"amount\\":35}"');
    expect(step(out, 9)).toContain('"ApproximateReceiveCount": "2"');
    expect(step(out, 10)).toContain('[summary] consumer B finds p-2 in charged.txt: it does not charge it again, and deletes the message.');
    expect([...step(out, 11).matchAll(/^ {4}"\{\\"payment\\":\\"(p-\d)/gm)].map((m) => m[1])).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6']);
    // the sandbox's own state file keeps its settings: realism stays off there
    expect(sb.run(['config', 'get', 'sqs.standard-queue-realism']).stdout).toBe('off\n');
  });

  it('refuses an unknown lesson', () => {
    const r = sb.run(['tutorial', 'nope']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("There is no lesson 'nope'");
  });
});

/**
 * Many bin/awsmsg processes on one state file: long-polling receivers and senders at once
 * (each message received exactly once), and `awsmsg clock advance` in one process making a
 * visibility timeout, a delay, a retention period or a deduplication window run out for the
 * others. No assertion here depends on how long anything takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okJson } from '../helpers/cli.js';
import { cliState, type CliState } from '../helpers/cliState.js';

const ACCOUNT = '123456789012';
const URL = (name: string) => `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${name}`;
let s: CliState;

beforeAll(() => {
  s = cliState('us-east-1', ACCOUNT);
});
afterAll(() => s?.close());

const ok = okJson;
const cli = (...args: string[]) => ok(s.run(args));
const bodies = (r: any): string[] => (r?.Messages ?? []).map((m: any) => m.Body);

describe('bin/awsmsg processes on one state file', () => {
  it('long-polling receivers and concurrent senders: every message received exactly once', async () => {
    cli('sqs', 'create-queue', '--queue-name', 'work');
    const receivers = Array.from({ length: 4 }, () =>
      s.sandbox.start(['sqs', 'receive-message', '--queue-url', URL('work'), '--wait-time-seconds', '20', '--max-number-of-messages', '10', '--visibility-timeout', '300']),
    );
    const sent = Array.from({ length: 3 }, (_, p) => Array.from({ length: 10 }, (_, i) => `p${p}-m${i}`));
    const senders = sent.map((batch) =>
      s.sandbox.start(['sqs', 'send-message-batch', '--queue-url', URL('work'), '--entries', ...batch.map((b, i) => `Id=e${i},MessageBody=${b}`)]),
    );
    for (const r of await Promise.all(senders)) expect(ok(r).Successful).toHaveLength(10);
    // one message at a time, one per receiver: each wakes a receiver still waiting, if any, so
    // none has to wait until its time is up
    const wake = ['wake-0', 'wake-1', 'wake-2', 'wake-3'];
    for (const body of wake) cli('sqs', 'send-message', '--queue-url', URL('work'), '--message-body', body);
    sent.push(wake);
    const byReceivers = (await Promise.all(receivers)).flatMap((r) => bodies(ok(r)));
    // what the receivers did not take is still there, once
    const rest: string[] = [];
    for (;;) {
      const got = bodies(cli('sqs', 'receive-message', '--queue-url', URL('work'), '--max-number-of-messages', '10', '--visibility-timeout', '300'));
      if (got.length === 0) break;
      rest.push(...got);
    }
    expect(new Set(byReceivers).size).toBe(byReceivers.length);
    expect([...byReceivers, ...rest].sort()).toEqual(sent.flat().sort());
    expect(cli('sqs', 'get-queue-attributes', '--queue-url', URL('work'), '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible').Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '34',
    });
  });

  it('clock advance in another process ends a visibility timeout', () => {
    cli('sqs', 'create-queue', '--queue-name', 'visibility');
    cli('sqs', 'send-message', '--queue-url', URL('visibility'), '--message-body', 'again');
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('visibility'), '--visibility-timeout', '30'))).toEqual(['again']);
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('visibility')))).toEqual([]);
    // (the clock runs on in real time too: the first step leaves that plenty of room)
    expect(cli('clock', 'advance', '15s').OffsetSeconds).toBeGreaterThanOrEqual(15);
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('visibility')))).toEqual([]);
    cli('clock', 'advance', '16s');
    const again = cli('sqs', 'receive-message', '--queue-url', URL('visibility'), '--attribute-names', 'ApproximateReceiveCount');
    expect(again.Messages.map((m: any) => [m.Body, m.Attributes.ApproximateReceiveCount])).toEqual([['again', '2']]);
  });

  it('clock advance ends a delay and a retention period', () => {
    cli('sqs', 'create-queue', '--queue-name', 'timed', '--attributes', 'MessageRetentionPeriod=60');
    cli('sqs', 'send-message', '--queue-url', URL('timed'), '--message-body', 'later', '--delay-seconds', '45');
    expect(cli('sqs', 'get-queue-attributes', '--queue-url', URL('timed'), '--attribute-names', 'ApproximateNumberOfMessagesDelayed').Attributes).toEqual({ ApproximateNumberOfMessagesDelayed: '1' });
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('timed')))).toEqual([]);
    cli('clock', 'advance', '46s');
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('timed'), '--visibility-timeout', '0'))).toEqual(['later']);
    // 60 s after it was sent, the message is gone
    cli('clock', 'advance', '15s');
    expect(cli('sqs', 'get-queue-attributes', '--queue-url', URL('timed'), '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed').Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    });
    expect(bodies(cli('sqs', 'receive-message', '--queue-url', URL('timed')))).toEqual([]);
  });

  it('clock advance ends a FIFO topic\'s 5-minute deduplication window', () => {
    cli('sqs', 'create-queue', '--queue-name', 'ledger.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true');
    const topic = cli('sns', 'create-topic', '--name', 'ledger.fifo', '--attributes', 'FifoTopic=true,ContentBasedDeduplication=true').TopicArn;
    cli('sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', `arn:aws:sqs:us-east-1:${ACCOUNT}:ledger.fifo`, '--attributes', 'RawMessageDelivery=true');
    const publish = () => cli('sns', 'publish', '--topic-arn', topic, '--message', 'debit 10', '--message-group-id', 'acct');
    const receiveAll = () => {
      const got = cli('sqs', 'receive-message', '--queue-url', URL('ledger.fifo'), '--max-number-of-messages', '10');
      for (const m of got?.Messages ?? []) cli('sqs', 'delete-message', '--queue-url', URL('ledger.fifo'), '--receipt-handle', m.ReceiptHandle);
      return bodies(got);
    };
    publish();
    publish();
    expect(receiveAll()).toEqual(['debit 10']);
    cli('clock', 'advance', '4m');
    publish();
    expect(receiveAll()).toEqual([]);
    cli('clock', 'advance', '61s');
    publish();
    expect(receiveAll()).toEqual(['debit 10']);
  });

  it('kinesis: records older than the retention period are gone once the clock passes it', () => {
    cli('kinesis', 'create-stream', '--stream-name', 'history', '--shard-count', '1');
    cli('clock', 'advance', '3s');
    cli('kinesis', 'put-record', '--stream-name', 'history', '--partition-key', 'k', '--data', 'b2xk');
    const read = () => {
      const it = cli('kinesis', 'get-shard-iterator', '--stream-name', 'history', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON').ShardIterator;
      return cli('kinesis', 'get-records', '--shard-iterator', it, '--query', 'Records[].Data');
    };
    expect(read()).toEqual(['b2xk']);
    cli('clock', 'advance', '23h');
    expect(read()).toEqual(['b2xk']);
    cli('clock', 'advance', '61m');
    expect(read()).toEqual([]);
  });

  it('kinesis wait stream-exists in one process returns when another moves the clock past CREATING', async () => {
    cli('kinesis', 'create-stream', '--stream-name', 'awaited', '--shard-count', '1');
    expect(cli('kinesis', 'describe-stream-summary', '--stream-name', 'awaited', '--query', 'StreamDescriptionSummary.StreamStatus')).toBe('CREATING');
    const waiter = s.sandbox.start(['kinesis', 'wait', 'stream-exists', '--stream-name', 'awaited']);
    cli('clock', 'advance', '3s');
    expect(await waiter).toEqual({ status: 0, stdout: '', stderr: '' });
    // and stream-not-exists after a delete, the arguments given as YAML this time
    cli('kinesis', 'delete-stream', '--stream-name', 'awaited');
    const gone = s.sandbox.start(['kinesis', 'wait', 'stream-not-exists', '--cli-input-yaml', 'StreamName: awaited']);
    cli('clock', 'advance', '3s');
    expect(await gone).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

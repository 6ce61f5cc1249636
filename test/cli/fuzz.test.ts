/**
 * Hostile command lines. Whatever is typed, awsmsg answers with one of the AWS CLI's exit
 * statuses, an error in words (no stack frame, no JavaScript error name, no Node or SQLite
 * error code), and a command that fails leaves the state file exactly as it was.
 *
 * First a table of command lines chosen to hurt, each run as a process of its own; then
 * command lines generated from the service models (every operation, its flags, values of
 * every kind, good and bad global options), seeded so that a failure can be replayed, run
 * in this process through the command line's own entry point (runCommand) on a state file
 * whose clock is frozen, so that nothing but a command can change it.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import type { Io, Session } from '../../src/cli/io.js';
import { loadModel } from '../../src/model/load.js';
import { SERVICE_NAMES, type ServiceModel } from '../../src/model/types.js';
import { openStore, type Store } from '../../src/store/db.js';
import { cliSandbox, type CliSandbox } from '../helpers/cli.js';
import { stateChanges, stateDump } from '../helpers/stateDump.js';

const Q = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders';
const QARN = 'arn:aws:sqs:us-east-1:000000000000:orders';
const T = 'arn:aws:sns:us-east-1:000000000000:events';
const S = 'arn:aws:kinesis:us-east-1:000000000000:stream/trucks';
const STATUSES = [0, 252, 253, 254, 255];

/** What may never reach the user: stack frames, JavaScript error names, Node's and SQLite's codes. */
function expectWords(stderr: string, what: string): void {
  expect(stderr, what).not.toMatch(/^ {4}at /m);
  expect(stderr, what).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError|ERR_|SQLITE_|EACCES|ENOENT|ENOTDIR|EISDIR|EPERM|EROFS|node:internal/);
  expect(stderr, what).not.toContain('unknown operation');
}

let sb: CliSandbox;
beforeAll(() => {
  sb = cliSandbox();
  for (const args of [
    ['sqs', 'create-queue', '--queue-name', 'orders'],
    ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'kept'],
    ['sns', 'create-topic', '--name', 'events'],
    ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'sqs', '--notification-endpoint', QARN],
    ['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '1'],
    ['clock', 'advance', '5s'],
  ]) {
    const r = sb.run(args);
    expect(r.status, r.stderr).toBe(0);
  }
  mkdirSync(join(sb.dir, 'a-directory'));
  writeFileSync(join(sb.dir, 'binary.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
  writeFileSync(join(sb.dir, 'notes.txt'), 'not a database\n');
});
afterAll(() => sb?.cleanup());

const HOSTILE: string[][] = [
  [],
  ['--'],
  ['-'],
  ['sqs'],
  ['sqs', '--'],
  ['sqs', 'send-message', '--'],
  ['sqs', 'send-message', '--queue-url'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--message-body', 'y'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', '\u0001'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--delay-seconds', '1e309'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--delay-seconds', '-0'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--message-attributes', '{"a":{"DataType":"Number","StringValue":"1e999999"}}'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'x', '--message-attributes', 'a={DataType=Binary,BinaryValue=!!!}'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'fileb://binary.bin'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'file://binary.bin'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'file://a-directory'],
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'file:///proc/self/mem'],
  ['sqs', 'send-message', '--cli-input-json', 'file://missing.json'],
  ['sqs', 'send-message', '--cli-input-json', '[1, 2]'],
  ['sqs', 'send-message', '--cli-input-json', '{"QueueUrl": {"x": 1}, "MessageBody": "x"}'],
  ['sqs', 'send-message', '--cli-input-yaml', '{{{'],
  ['sqs', 'send-message', '--cli-input-json', '{}', '--cli-input-yaml', '{}'],
  ['sqs', 'send-message', '--generate-cli-skeleton', 'bogus'],
  ['sqs', 'send-message-batch', '--queue-url', Q, '--entries', '[]'],
  ['sqs', 'send-message-batch', '--queue-url', Q, '--entries', 'Id=a,MessageBody=x', 'Id=a,MessageBody=y'],
  ['sqs', 'receive-message', '--queue-url', Q, '--max-number-of-messages', '0'],
  ['sqs', 'receive-message', '--queue-url', Q, '--wait-time-seconds', '-1'],
  ['sqs', 'receive-message', '--queue-url', 'not a url'],
  ['sqs', 'receive-message', '--queue-url', Q, '--query', 'Messages[?'],
  ['sqs', 'receive-message', '--queue-url', Q, '--query', '`'],
  ['sqs', 'list-queues', '--max-items', '-1'],
  ['sqs', 'list-queues', '--max-items', 'x'],
  ['sqs', 'list-queues', '--starting-token', 'garbage'],
  ['sqs', 'list-queues', '--starting-token', 'eyJOZXh0VG9rZW4iOiB7fX0='],
  ['sqs', 'list-queues', '--page-size', '0'],
  ['sqs', 'create-queue', '--queue-name', 'x'.repeat(81)],
  ['sqs', 'create-queue', '--queue-name', 'f.fifo', '--attributes', 'FifoQueue=false'],
  ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', '{"Policy": "{"}'],
  ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', 'RedrivePolicy={}'],
  ['sqs', 'tag-queue', '--queue-url', Q, '--tags', ''],
  ['--output', 'xml', 'sqs', 'list-queues'],
  ['--output'],
  ['--region', '!!', 'sqs', 'list-queues'],
  ['--region', '', 'sqs', 'list-queues'],
  ['--profile', 'nobody', 'sqs', 'send-message', '--queue-url', Q, '--message-body', 'x'],
  ['--color', 'purple', 'sqs', 'list-queues'],
  ['--cli-binary-format', 'hex', 'kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'eA=='],
  ['--cli-read-timeout', 'soon', 'sqs', 'list-queues'],
  ['--endpoint-url', 'nowhere', 'sqs', 'list-queues'],
  ['--db', '/etc/passwd/x', 'sqs', 'send-message', '--queue-url', Q, '--message-body', 'x'],
  ['--db', 'notes.txt', 'sqs', 'list-queues'],
  ['--db', 'a-directory', 'sqs', 'list-queues'],
  ['--db', '/dev/null', 'sqs', 'list-queues'],
  ['--db', '', 'sqs', 'list-queues'],
  ['sns', 'publish', '--topic-arn', T, '--message', 'x', '--message-structure', 'json'],
  ['sns', 'publish', '--topic-arn', T, '--message', '{"default": 1}', '--message-structure', 'json'],
  ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'sqs', '--notification-endpoint', QARN, '--attributes', 'FilterPolicy={"a":[{"numeric":[">",1e999]}]}'],
  ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'sqs', '--notification-endpoint', QARN, '--attributes', '{"FilterPolicy": "{\\"a\\": [{\\"anything-but\\": {}}]}"}'],
  ['sns', 'set-topic-attributes', '--topic-arn', T, '--attribute-name', 'DeliveryPolicy', '--attribute-value', '{"http": {"defaultHealthyRetryPolicy": {"numRetries": -1}}}'],
  ['sns', 'visit-subscribe-url', 'http://[::1'],
  ['sns', 'visit-subscribe-url', ''],
  ['sns', 'explain-filter', '--topic-arn', 'x', '--message', 'x'],
  ['sns', 'outbox', 'show', '-1'],
  ['sns', 'outbox', '--limit', '0'],
  ['sns', 'deliver', '--timeout', '-1'],
  ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', '', '--data', 'eA=='],
  ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'not base64'],
  ['kinesis', 'put-records', '--stream-name', 'trucks', '--records', '[]'],
  ['kinesis', 'get-records', '--shard-iterator', ''],
  ['kinesis', 'get-records', '--shard-iterator', 'AAAA'],
  ['kinesis', 'get-shard-iterator', '--stream-name', 'trucks', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', 'yesterday'],
  ['kinesis', 'get-shard-iterator', '--stream-name', 'trucks', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '99999999999999999'],
  ['kinesis', 'split-shard', '--stream-name', 'trucks', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '-1'],
  ['kinesis', 'list-shards', '--stream-name', 'trucks', '--next-token', 'x'],
  ['kinesis', 'consume', '--stream-name', 'nope', '--application-name', 'a', '--exec', 'cat'],
  ['kinesis', 'consume', '--properties', 'a-directory'],
  ['kinesis', 'consume', '--stream-name', 'trucks', '--application-name', 'a', '--exec', 'cat', '--max-records', '0'],
  ['kinesis', 'describe-leases', '--application-name', 'a', '--failover-time-millis', 'x'],
  ['kinesis', 'throughput-enforcement', 'maybe'],
  ['kinesis', 'wait', 'stream-exists'],
  ['kinesis', 'wait', 'nothing'],
  ['clock', 'advance', '100000000d'],
  ['clock', 'advance', '-5s'],
  ['clock', 'advance', ''],
  ['clock', 'advance', 'NaN'],
  ['clock', 'backward'],
  ['status', '--application-name'],
  ['tutorial', 'nope'],
  ['completion', 'powershell'],
  ['shell', 'a-directory'],
  ['shell', 'missing.txt'],
  ['help', 'me'],
  ['sqs', 'send-message', 'help', 'extra'],
];

describe('hostile command lines', () => {
  it('each exits with an AWS CLI status, in words, and a failure changes nothing', async () => {
    for (const args of HOSTILE) {
      const before = stateDump(sb.db);
      const r = sb.run(args);
      const what = `awsmsg ${args.map((a) => JSON.stringify(a)).join(' ')}\n${r.stderr.slice(0, 2000)}`;
      expect(STATUSES, what).toContain(r.status);
      expectWords(r.stderr, what);
      if (r.status !== 0 && !r.stderr.includes('ProvisionedThroughputExceededException')) {
        const after = stateDump(sb.db);
        expect(after === before, `${what}\nchanged the state file:\n${stateChanges(before, after)}`).toBe(true);
      }
    }
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Generated from the models, in this process

/** Values of every kind: the set-up's names, junk, edge numbers, file references, JSON, shorthand. */
const STRING_VALUES = [
  Q, QARN, T, S, 'orders', 'events', 'trucks', 'shardId-000000000000', 'k', 'x', 'eA==',
  '', ' ', '-1', '0', '1.5', '1e309', 'null', 'true', '--', '-', '{', '[', '{}', '[]', '{"a": 1}', 'a=b', 'a=b,c=d', 'a={b=c}',
  'file://', 'file://missing', 'file://a-directory', 'file://binary.bin', 'fileb://notes.txt', '\u0000', 'bell\u0007', 'é', '😀',
  'x'.repeat(300), 'http://127.0.0.1:1/', 'arn:aws:sqs:us-east-1:000000000000:nope', 'arn:', 'https://sqs.us-east-1.amazonaws.com/1/x',
  'AT_TIMESTAMP', 'TRIM_HORIZON', 'LATEST', 'All', 'String', 'Number', 'Binary', '2024-01-01T00:00:00Z', '99999999999999999999',
];
const stringValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRING_VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const numberValue = fc.oneof(
  fc.integer({ min: -3, max: 20 }).map(String),
  fc.constantFrom('0', '43200', '2147483648', '-2147483649', '1e3', '1.5', 'ten', '', '0x10'),
);
const valueFor = (type: string): fc.Arbitrary<string[]> => {
  switch (type) {
    case 'integer':
    case 'long':
      return numberValue.map((v) => [v]);
    case 'boolean':
      return fc.constant([]);
    case 'list':
      return fc.array(stringValue, { minLength: 0, maxLength: 3 });
    default:
      return stringValue.map((v) => [v]);
  }
};

/** Operations that would not end by themselves, or wait in real time. */
const SKIP_OPERATIONS = new Set(['SubscribeToShard']);
const SKIP_FLAGS = new Set(['--wait-time-seconds']);

const GLOBALS: fc.Arbitrary<readonly string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<readonly string[]>([]) },
  { weight: 1, arbitrary: fc.constantFrom(['--output', 'text'], ['--output', 'table'], ['--output', 'yaml'], ['--output', 'xml'], ['--output', 'off']) },
  { weight: 1, arbitrary: fc.constantFrom(['--query', '@'], ['--query', '[['], ['--query', 'length(@)'], ['--query', 'foo(@)'], ['--query', '`1`']) },
  { weight: 1, arbitrary: fc.constantFrom(['--region', 'eu-west-1'], ['--region', '!'], ['--profile', 'nobody'], ['--cli-binary-format', 'raw-in-base64-out']) },
  { weight: 1, arbitrary: fc.constantFrom(['--max-items', '1'], ['--max-items', '-1'], ['--page-size', '0'], ['--starting-token', 'x'], ['--no-paginate']) },
  { weight: 1, arbitrary: fc.constantFrom(['--cli-input-json', '{}'], ['--cli-input-json', '{"Unknown": 1}'], ['--cli-input-json', 'file://notes.txt'], ['--generate-cli-skeleton']) },
);

function commandLines(models: ServiceModel[]): fc.Arbitrary<string[]> {
  const ops = models.flatMap((m) =>
    Object.entries(m.operations)
      .filter(([name]) => !SKIP_OPERATIONS.has(name))
      .map(([, op]) => ({ service: m.service, op })),
  );
  return fc.constantFrom(...ops).chain(({ service, op }) => {
    const args = op.args.filter((a) => !SKIP_FLAGS.has(`--${a.name}`));
    const flags = args.map((a) =>
      fc.oneof(
        { weight: a.required ? 1 : 3, arbitrary: fc.constant<string[]>([]) },
        { weight: a.required ? 4 : 1, arbitrary: valueFor(a.type).map((v) => [`--${a.name}`, ...v]) },
      ),
    );
    return fc.tuple(GLOBALS, fc.tuple(...flags), fc.boolean()).map(([globals, chosen, globalsFirst]) => {
      const own = [service, op.cli, ...chosen.flat()];
      return globalsFirst ? [...globals, ...own] : [...own, ...globals];
    });
  });
}

/** The command line's Io, collecting what it writes. */
function captureIo(env: NodeJS.ProcessEnv): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    env,
    stdoutIsTTY: false,
    stdinIsTTY: false,
    signal: new AbortController().signal,
  };
  return io;
}

describe('command lines generated from the models', () => {
  it('each exits with an AWS CLI status, in words, and a failure changes nothing (seeded)', async () => {
    const models = await Promise.all(SERVICE_NAMES.map((s) => loadModel(s)));
    // the sandbox's state file, its clock frozen: only a command changes it
    const frozen = Date.now();
    const stores = new Map<string, Store>();
    const session: Session = {
      store: (path) => {
        let s = stores.get(path);
        if (!s) stores.set(path, (s = openStore(path, { realNow: () => frozen })));
        return s;
      },
      settle: () => stores.forEach((s) => s.trimLog(100)),
      close: () => stores.forEach((s) => s.close()),
    };
    const cwd = process.cwd();
    process.chdir(sb.dir); // file:// values are relative to the sandbox
    try {
      await fc.assert(
        fc.asyncProperty(commandLines(models), async (argv) => {
          const before = stateDump(sb.db);
          const io = captureIo({ ...sb.env, AWS_DEFAULT_REGION: 'us-east-1' });
          const status = await runCommand(argv, io, session);
          const what = `awsmsg ${argv.map((a) => JSON.stringify(a)).join(' ')}\n${io.stderr.slice(0, 2000)}`;
          expect(STATUSES, what).toContain(status);
          expectWords(io.stderr, what);
          if (status !== 0 && !io.stderr.includes('ProvisionedThroughputExceededException')) {
            const after = stateDump(sb.db);
            expect(after === before, `${what}\nchanged the state file:\n${stateChanges(before, after)}`).toBe(true);
          }
        }),
        { seed: Number(process.env.FUZZ_SEED ?? 20240607), numRuns: Number(process.env.FUZZ_RUNS ?? 1000), endOnFailure: true },
      );
    } finally {
      process.chdir(cwd);
      session.close();
    }
  }, 300_000);
});

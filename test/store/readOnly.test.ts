/**
 * A state file that cannot be written — on a read-only file system, or in a directory and a
 * file without write permission — still answers every command that only reads, and a command
 * that writes fails with a message naming the file and the reason, changing nothing. Both
 * with the file closed (no write-ahead log beside it) and while another process has it open
 * with changes still in its log.
 *
 * This machine's tests run as root, whom permission bits do not stop, so each way is made
 * real: a read-only bind mount in a mount namespace of its own (`unshare -m`), and for the
 * permission bits a command run as the user nobody. Where a way is not available (no
 * namespaces in a container, not root and not able to change user), its tests are skipped
 * with the reason printed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../src/core/context.js';
import { callOperation } from '../../src/core/call.js';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { openStore, type Store } from '../../src/store/db.js';
import { BIN, type CliResult } from '../helpers/cli.js';
import { stateDump } from '../helpers/stateDump.js';

const Q = `https://sqs.us-east-1.amazonaws.com/${DEFAULT_ACCOUNT_ID}/orders`;

interface Way {
  name: string;
  /** why it cannot be used here, if it cannot */
  unavailable(): string | undefined;
  /** the reason a write is refused, as the message says it */
  reason: RegExp;
  /** runs bin/awsmsg with the directory read-only */
  run(dir: string, args: string[]): CliResult;
  /** gets a directory ready (permissions) before a run, and back after */
  before?(dir: string): void;
  after?(dir: string): void;
}

const envFor = (dir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: dir,
  AWS_CONFIG_FILE: join(dir, 'aws-config'),
  AWSMSG_DB: join(dir, 'state.db'),
  TZ: 'UTC',
});
const result = (r: ReturnType<typeof spawnSync>): CliResult => ({ status: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) });

const MOUNT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';

const readOnlyMount: Way = {
  name: 'a read-only file system (bind mount, remounted read-only, in a mount namespace)',
  reason: /: the file system is read-only\./,
  unavailable() {
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-ro-probe-'));
    try {
      const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `${MOUNT}`, 'sh', dir, 'sh', '-c', `! touch "${dir}/x" 2>/dev/null`], { encoding: 'utf8' });
      if (r.error) return `unshare is not available (${r.error.message})`;
      return r.status === 0 ? undefined : `a read-only bind mount in a new mount namespace is not allowed here (${(r.stderr || '').trim() || `status ${r.status}`})`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  run(dir, args) {
    return result(
      spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', MOUNT, 'sh', dir, process.execPath, BIN, ...args], {
        env: envFor(dir),
        encoding: 'utf8',
        input: '',
      }),
    );
  },
};

/** The user nobody: as root, a command is run as nobody; otherwise as oneself. */
const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const noPermission: Way = {
  name: 'a directory and file without write permission',
  reason: /: permission denied\./,
  unavailable() {
    if (process.platform === 'win32') return 'no POSIX permissions';
    const r = spawnSync(process.execPath, [BIN, '--version'], { ...asOther, encoding: 'utf8' });
    if (r.error || r.status !== 0) return `bin/awsmsg cannot be run as ${'uid' in asOther ? 'the user nobody' : 'this user'} (${r.error?.message ?? r.stderr.trim()})`;
    return undefined;
  },
  run(dir, args) {
    return result(spawnSync(process.execPath, [BIN, ...args], { ...asOther, env: envFor(dir), encoding: 'utf8', input: '' }));
  },
  before(dir) {
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm']) {
      try {
        chmodSync(join(dir, f), 0o444);
      } catch {
        // not there
      }
    }
    chmodSync(dir, 0o555);
  },
  after(dir) {
    chmodSync(dir, 0o755);
  },
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

/** A state file with a queue holding a message, a topic and an active stream; its store left open. */
async function stateDir(): Promise<{ dir: string; store: Store }> {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-ro-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  const store = openStore(join(dir, 'state.db'));
  const ctx = { store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
  await callOperation(ctx, 'sqs', 'CreateQueue', { QueueName: 'orders' });
  await callOperation(ctx, 'sqs', 'SendMessage', { QueueUrl: Q, MessageBody: 'kept' });
  await callOperation(ctx, 'sns', 'CreateTopic', { Name: 'events' });
  await callOperation(ctx, 'kinesis', 'CreateStream', { StreamName: 'trucks', ShardCount: 1 });
  store.clock.advance(LIFECYCLE_MS.createStream);
  return { dir, store };
}

const READS: [string[], (out: string) => void][] = [
  [['sqs', 'list-queues', '--query', 'QueueUrls', '--output', 'text'], (out) => expect(out).toBe(`${Q}\n`)],
  [['sqs', 'get-queue-attributes', '--queue-url', Q, '--attribute-names', 'ApproximateNumberOfMessages', '--query', 'Attributes', '--output', 'text'], (out) => expect(out).toBe('1\n')],
  [['sns', 'list-topics', '--query', 'Topics[].TopicArn', '--output', 'text'], (out) => expect(out).toContain(':events')],
  [['kinesis', 'describe-stream-summary', '--stream-name', 'trucks', '--query', 'StreamDescriptionSummary.StreamStatus', '--output', 'text'], (out) => expect(out).toBe('ACTIVE\n')],
  [['status', '--query', 'Queues[].Visible', '--output', 'text'], (out) => expect(out).toBe('1\n')],
  [['clock', '--query', 'OffsetSeconds'], (out) => expect(out).toBe('2\n')],
];

const WRITES: string[][] = [
  ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'new'],
  ['sqs', 'receive-message', '--queue-url', Q],
  ['sqs', 'create-queue', '--queue-name', 'more'],
  ['clock', 'advance', '1s'],
];

for (const way of [readOnlyMount, noPermission]) {
  const why = way.unavailable();
  if (why !== undefined) {
    // eslint-disable-next-line no-console
    console.log(`test/store/readOnly.test.ts: skipping "${way.name}": ${why}`);
  }
  describe.skipIf(why !== undefined)(`a state file on ${way.name}`, () => {
    for (const open of [false, true]) {
      const when = open ? 'while another process has it open, changes still in its log' : 'with the file closed';
      it(`${when}: reading commands work; writing ones fail naming the file, and change nothing`, async () => {
        const { dir, store } = await stateDir();
        const path = join(dir, 'state.db');
        if (!open) store.close();
        else {
          // the newest change is only in the log (-wal) for as long as the store is open
          store.db.pragma('wal_autocheckpoint = 0');
          await callOperation({ store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID }, 'sqs', 'SetQueueAttributes', { QueueUrl: Q, Attributes: { DelaySeconds: '0' } });
        }
        const before = stateDump(path);
        way.before?.(dir);
        try {
          for (const [args, check] of READS) {
            const r = way.run(dir, args);
            expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
            check(r.stdout);
          }
          for (const args of WRITES) {
            const r = way.run(dir, args);
            expect(r.status, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(255);
            expect(r.stdout).toBe('');
            expect(r.stderr).toMatch(new RegExp(`^\\nUnable to write the state file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
            expect(r.stderr).toMatch(way.reason);
            expect(r.stderr).toMatch(/Commands that only read work; this one writes\.\n$/);
          }
        } finally {
          way.after?.(dir);
          if (open) store.close();
        }
        expect(stateDump(path)).toBe(before);
      });
    }

    it('a new state file there cannot be created: a clear error naming it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'awsmsg-ro-'));
      dirs.push(dir);
      chmodSync(dir, 0o755);
      way.before?.(dir);
      try {
        const r = way.run(dir, ['sqs', 'list-queues']);
        expect(r.status).toBe(255);
        expect(r.stderr).toMatch(new RegExp(`^\\nUnable to create the state file ${join(dir, 'state.db')}: `));
        expect(r.stderr).toMatch(way.reason);
      } finally {
        way.after?.(dir);
      }
    });
  });
}

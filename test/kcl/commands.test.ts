/**
 * The two commands' definitions, driven through commander as the command line will drive
 * them (bin/awsmsg registers them; these tests give them a stand-in environment).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Command } from 'commander';
import type { Ctx } from '../../src/core/context.js';
import { AwsError, CliError, LocalError } from '../../src/core/errors.js';
import { define as defineConsume, timestampOption } from '../../src/cli/commands/kinesisConsume.js';
import { define as defineLeases } from '../../src/cli/commands/kinesisLeases.js';
import { setThroughputEnforcement } from '../../src/services/kinesis/index.js';
import { createActive, testEnv, type Env } from '../services/kinesis/helpers.js';
import { FIXTURE_DIR, putRecords, waitFor } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

interface Fake {
  out: string[];
  err: string[];
  printed: { data: unknown; name: string }[];
  controller: AbortController;
  env: {
    io: { out(t: string): void; err(t: string): void; env: NodeJS.ProcessEnv; signal: AbortSignal };
    globals: { region?: string };
    ctx(): Ctx;
    print(data: unknown, name: string): Promise<void>;
  };
}

function fake(ctx: Ctx, globals: { region?: string } = {}): Fake {
  const f = { out: [] as string[], err: [] as string[], printed: [] as { data: unknown; name: string }[], controller: new AbortController() };
  return {
    ...f,
    env: {
      io: { out: (t) => f.out.push(t), err: (t) => f.err.push(t), env: process.env, signal: f.controller.signal },
      globals,
      ctx: () => ctx,
      print: async (data, name) => void f.printed.push({ data, name }),
    },
  };
}

async function run(
  definer: typeof defineConsume | typeof defineLeases,
  name: string,
  f: Fake,
  args: string[],
): Promise<number | undefined> {
  const cmd = new Command(name).exitOverride().configureOutput({ writeOut: (s) => f.out.push(s), writeErr: (s) => f.err.push(s) });
  let code: number | undefined;
  definer(cmd, f.env, (c) => (code = c));
  await cmd.parseAsync(args, { from: 'user' });
  return code;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the command to fail');
}

describe('awsmsg kinesis consume', () => {
  test('--exec prints what the command prints for each batch; Ctrl-C ends it gracefully with status 0', async () => {
    env = testEnv();
    createActive(env, 'trucks', 1);
    setThroughputEnforcement(env.ctx, false);
    putRecords(env.ctx, 'trucks', [{ data: '{"truck":7}', key: 'truck-7' }, { data: '{"truck":9}', key: 'truck-9' }]);
    const f = fake(env.ctx);
    const running = run(defineConsume, 'awsmsg kinesis consume', f, [
      '--stream-name', 'trucks',
      '--application-name', 'dispatch',
      '--exec', `${process.execPath} -e "process.stdin.pipe(process.stdout)"`,
      '--initial-position', 'TRIM_HORIZON',
      '--idle-time-between-reads-millis', '10',
      '--worker-id', 'w1',
    ]);
    await waitFor('the records', () => f.out.join('').split('\n').length === 3);
    f.controller.abort();
    expect(await running).toBe(0);
    const lines = f.out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.partitionKey, l.text])).toEqual([
      ['truck-7', '{"truck":7}'],
      ['truck-9', '{"truck":9}'],
    ]);
    const log = f.err.join('');
    expect(log).toContain('worker w1 of application dispatch consuming stream trucks\n');
    expect(log).toContain('took lease shardId-000000000000 (checkpoint TRIM_HORIZON, target 1)\n');
    expect(log).toContain('worker w1 stopped: 2 records processed, 1 checkpoint written, 1 shard held (shardId-000000000000) and released\n');
    expect(log).not.toContain('released lease');
  });

  test("the properties file's regionName counts unless --region is given", async () => {
    env = testEnv();
    createActive(env, 'kclsample', 1);
    const elsewhere = env.inRegion('eu-west-1');
    const f = fake(elsewhere);
    const cwd = process.cwd();
    process.chdir(FIXTURE_DIR);
    try {
      const running = run(defineConsume, 'c', f, ['--properties', 'sample.properties', '--quiet']);
      await waitFor('the lease', () => env.store.db.prepare("SELECT count(*) FROM kcl_leases WHERE region = 'us-east-1'").pluck().get() === 1);
      f.controller.abort();
      expect(await running).toBe(0);
      expect(f.err).toEqual([]);
      const g = fake(elsewhere, { region: 'eu-west-1' });
      const e = await failure(run(defineConsume, 'c', g, ['--properties', 'sample.properties']));
      expect(e).toBeInstanceOf(AwsError);
      expect((e as AwsError).code).toBe('ResourceNotFoundException');
    } finally {
      process.chdir(cwd);
    }
  });

  test('usage errors', async () => {
    env = testEnv();
    const f = fake(env.ctx);
    const e = await failure(run(defineConsume, 'c', f, ['--stream-name', 's', '--application-name', 'a']));
    expect(e).toBeInstanceOf(LocalError);
    expect(e.message).toBe('Give a record processor: --exec COMMAND, --multilang COMMAND, or --properties FILE with executableName.');
    const bad = await failure(run(defineConsume, 'c', f, ['--stream-name', 's', '--application-name', 'a', '--exec', 'cat', '--max-records', '0']));
    expect(bad.message).toBe("Invalid value for --max-records: '0' (a whole number from 1 to 10000).");
    expect(() => timestampOption('yesterday', '--initial-position-timestamp')).toThrow(
      "Invalid value for --initial-position-timestamp: 'yesterday' (an ISO 8601 time or epoch seconds).",
    );
    expect(timestampOption('1700000000', 'x')).toEqual(new Date(1_700_000_000_000));
    expect(timestampOption('2026-01-15T12:00:00Z', 'x')).toEqual(new Date(Date.UTC(2026, 0, 15, 12)));
  });

  test('--initial-position-timestamp without a zone is UTC, as the AWS CLI reads it, whatever TZ says', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(new Date(2026, 0, 15, 12).getTime()).not.toBe(Date.UTC(2026, 0, 15, 12)); // the zone took effect
      expect(timestampOption('2026-01-15T12:00:00', 'x')).toEqual(new Date(Date.UTC(2026, 0, 15, 12)));
      expect(timestampOption('2026-01-15 12:00:00.5', 'x')).toEqual(new Date(Date.UTC(2026, 0, 15, 12, 0, 0, 500)));
      expect(timestampOption('2026-01-15T12:00:00+02:00', 'x')).toEqual(new Date(Date.UTC(2026, 0, 15, 10)));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  test('a record processor that fails ends the command with its message', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    const f = fake(env.ctx);
    const e = await failure(run(defineConsume, 'c', f, ['--stream-name', 's', '--application-name', 'a', '--multilang', 'false', '--quiet']));
    expect(e).toBeInstanceOf(CliError);
    expect(e.message).toMatch(/^The record processor for shardId-000000000000 \(false\) exited with status 1: /);
  });
});

describe('awsmsg kinesis describe-leases', () => {
  test('prints the lease table as DescribeLeases', async () => {
    env = testEnv();
    createActive(env, 'trucks', 2);
    setThroughputEnforcement(env.ctx, false);
    putRecords(env.ctx, 'trucks', [{ data: 'x', hashKey: '0' }]);
    const c = fake(env.ctx);
    const running = run(defineConsume, 'c', c, [
      '--stream-name', 'trucks', '--application-name', 'dispatch', '--exec', 'true', '--initial-position', 'TRIM_HORIZON',
      '--worker-id', 'w1', '--idle-time-between-reads-millis', '10', '--quiet',
    ]);
    const f = fake(env.ctx);
    await waitFor('leases', async () => {
      f.printed.length = 0;
      await run(defineLeases, 'l', f, ['--application-name', 'dispatch']);
      const rows = (f.printed[0]!.data as { Leases: { LeaseOwner?: string; LagRecords?: number }[] }).Leases;
      return rows.length === 2 && rows.every((r) => r.LeaseOwner === 'w1' && r.LagRecords === 0);
    });
    c.controller.abort();
    await running;
    f.printed.length = 0;
    expect(await run(defineLeases, 'l', f, ['--application-name', 'dispatch', '--stream-name', 'trucks'])).toBe(0);
    expect(f.printed).toHaveLength(1);
    expect(f.printed[0]!.name).toBe('DescribeLeases');
    const data = f.printed[0]!.data as { ApplicationName: string; StreamName: string; Leases: Record<string, unknown>[] };
    expect(data.ApplicationName).toBe('dispatch');
    expect(data.StreamName).toBe('trucks');
    expect(data.Leases[0]).toEqual({
      LeaseKey: 'shardId-000000000000',
      LeaseCounter: expect.any(Number),
      LeaseState: 'UNASSIGNED',
      Checkpoint: expect.stringMatching(/^\d{56}$/),
      CheckpointSubSequenceNumber: 0,
      OwnerSwitchesSinceCheckpoint: 0,
      ParentShardIds: [],
      ChildShardIds: [],
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' },
      LagRecords: 0,
      LagMillis: 0,
    });
    expect(data.Leases[1]).toMatchObject({ LeaseKey: 'shardId-000000000001', Checkpoint: 'TRIM_HORIZON', LagRecords: 0, LagMillis: 0 });
  });

  test('--application-name is required', async () => {
    env = testEnv();
    const f = fake(env.ctx);
    const e = await failure(run(defineLeases, 'l', f, []));
    expect(e.message).toBe("error: required option '--application-name <name>' not specified");
  });
});

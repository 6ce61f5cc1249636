/** Helpers for the KCL tests: worker processes on one state file, the fixture's event log, waiting for a condition. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import agg from 'aws-kinesis-agg';
import type { Ctx } from '../../src/core/context.js';
import { handlers } from '../../src/services/kinesis/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/kcl/', import.meta.url));
export const SAMPLE_PROPERTIES = join(FIXTURE_DIR, 'sample.properties');

/** Polls until cond() returns a value other than undefined/false; fails with what was awaited after timeoutMs. */
export async function waitFor<T>(
  what: string,
  cond: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  debug?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${debug ? `\n${debug()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface WorkerProc {
  id: string;
  proc: ChildProcess;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

export const BIN = fileURLToPath(new URL('../../bin/awsmsg', import.meta.url));

/**
 * A worker as users start one: `awsmsg kinesis consume --properties FILE --worker-id ID` in the
 * fixture's directory. Extra options go into a copy of the properties file, by their keys.
 */
export function startWorker(
  statePath: string,
  request: { properties: string; workerId: string; extra?: Record<string, unknown>; ownProcessGroup?: boolean },
  env: NodeJS.ProcessEnv = {},
): WorkerProc {
  let properties = request.properties;
  const extra = Object.entries(request.extra ?? {});
  if (extra.length) {
    // beside the state file: its directory is the test's, removed with it
    properties = join(dirname(statePath), `worker-${request.workerId}.properties`);
    writeFileSync(properties, `${readFileSync(request.properties, 'utf8')}\n${extra.map(([k, v]) => `${k} = ${String(v)}`).join('\n')}\n`);
  }
  const args = [BIN, '--db', statePath, '--region', 'us-east-1', 'kinesis', 'consume', '--properties', properties, '--worker-id', request.workerId];
  // ownProcessGroup: the worker leads a process group, as a terminal's foreground job does, so
  // that a test can signal the group as Ctrl-C does
  const proc = spawn(process.execPath, args, {
    cwd: FIXTURE_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: request.ownProcessGroup ?? false,
  });
  const stderr: string[] = [];
  let stdout = '';
  let partial = '';
  proc.stderr!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { id: request.workerId, proc, stderr, exited };
}

export interface FixtureEvent {
  event: 'initialize' | 'record' | 'checkpoint' | 'leaseLost' | 'shardEnded' | 'shutdownRequested';
  shardId: string;
  sequenceNumber?: string;
  partitionKey?: string;
  data?: string;
  error?: string | null;
  pid: number;
}

export function readEvents(path: string): FixtureEvent[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as FixtureEvent);
}

export function kinesis<T = any>(ctx: Ctx, op: string, input: Record<string, unknown>): T {
  return handlers[op]!(ctx, input) as T;
}

/** Puts records with the given explicit hash keys' shards: returns each shard's sequence numbers in order, and data. */
export function putRecords(ctx: Ctx, stream: string, items: { data: string; hashKey?: string; key?: string }[]): { shardId: string; sequenceNumber: string; data: string }[] {
  return items.map((it, i) => {
    const out = kinesis<{ ShardId: string; SequenceNumber: string }>(ctx, 'PutRecord', {
      StreamName: stream,
      PartitionKey: it.key ?? `pk-${i}`,
      Data: Buffer.from(it.data),
      ...(it.hashKey ? { ExplicitHashKey: it.hashKey } : {}),
    });
    return { shardId: out.ShardId, sequenceNumber: out.SequenceNumber, data: it.data };
  });
}

/** The first hash key of each of n equal shards (how CreateStream splits the space). */
export function shardStartKeys(n: number): string[] {
  const space = 2n ** 128n;
  return Array.from({ length: n }, (_, i) => ((space / BigInt(n)) * BigInt(i)).toString());
}

/** A KPL user record. */
export interface UserRecord {
  partitionKey: string;
  data: string;
  explicitHashKey?: string;
}

/** The one Kinesis record AWS's aggregation library (the KPL's format) makes of these user records. */
export function aggregated(users: UserRecord[]): Promise<{ partitionKey: string; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const out: { partitionKey: string; data: Buffer }[] = [];
    agg.aggregate(
      users.map((u) => ({ ...u, data: Buffer.from(u.data) })),
      (encoded: { partitionKey: string; data: Buffer }, done?: () => void) => {
        out.push(encoded);
        done?.();
      },
      () => (out.length === 1 ? resolve(out[0]!) : reject(new Error(`${out.length} aggregated records`))),
      reject,
    );
  });
}

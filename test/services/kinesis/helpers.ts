import { expect } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { handlers, LIFECYCLE_MS, setThroughputEnforcement } from '../../../src/services/kinesis/index.js';
import { testEnv as sharedTestEnv, type TestEnv } from '../../helpers/ctx.js';

export type Env = TestEnv;

/** 2026-01-15T12:00:00Z: the real time seen by these tests' state files, frozen so that only advance() moves the clock. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Like testEnv(), with real time frozen at T0: time-dependent behaviour is exact to the millisecond. */
export const testEnv = (region = 'us-east-1'): Env => sharedTestEnv(region, { realNow: () => T0 });

/** Calls an operation by its AWS name, as an adapter would. */
export function call<T = any>(env: Env, op: string, input: Record<string, unknown> = {}): T {
  const out = handlers[op]!(env.ctx, input);
  if (out instanceof Promise) throw new Error(`${op} returned a promise`);
  return out as T;
}

/** The AwsError an operation throws (fails the test if it succeeds). */
export function callError(env: Env, op: string, input: Record<string, unknown> = {}): AwsError {
  try {
    call(env, op, input);
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error(`${op} succeeded but an error was expected`);
}

export function expectError(env: Env, op: string, input: Record<string, unknown>, code: string, message?: string | RegExp): AwsError {
  const e = callError(env, op, input);
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
  return e;
}

export const ACCOUNT = '000000000000';

/**
 * A fresh environment with a provisioned stream that is already ACTIVE. Throughput limits
 * are on, as on AWS, unless enforce is false (the clock is frozen, so a test making many
 * calls would otherwise be throttled as a real burst would be).
 */
export function envWithStream(name = 'samplestream', shards = 3, opts: { enforce?: boolean } = {}): Env {
  const env = testEnv();
  createActive(env, name, shards);
  if (opts.enforce === false) setThroughputEnforcement(env.ctx, false);
  return env;
}

export function createActive(env: Env, name: string, shards: number): void {
  call(env, 'CreateStream', { StreamName: name, ShardCount: shards });
  env.advance(LIFECYCLE_MS.createStream);
}

/** Lets a resharding or other update complete. */
export function settle(env: Env): void {
  env.advance(LIFECYCLE_MS.updateStream);
}

export const data = (s: string): Buffer => Buffer.from(s, 'utf8');

import { afterEach } from 'vitest';
import type { Ctx } from '../../../src/core/context.js';
import { AwsError } from '../../../src/core/errors.js';
import { handlers } from '../../../src/services/sqs/index.js';
import { testEnv, type TestEnv } from '../../helpers/ctx.js';

export type Req = Record<string, unknown>;
export type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh state file per test, cleaned up afterwards, with a caller for SQS operations. */
export function sqsEnv(): { env: () => TestEnv; call: (op: string, req?: Req, ctx?: Ctx) => Promise<Res> } {
  let current: TestEnv | undefined;
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  const env = (): TestEnv => (current ??= testEnv());
  const call = async (op: string, req: Req = {}, ctx?: Ctx): Promise<Res> => {
    const handler = handlers[op];
    if (!handler) throw new Error(`no handler for ${op}`);
    return ((await handler(ctx ?? env().ctx, req)) ?? {}) as Res;
  };
  return { env, call };
}

/** The AwsError an operation fails with (fails the test if it succeeds or throws something else). */
export async function awsError(p: Promise<unknown> | (() => unknown)): Promise<AwsError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError, but the operation succeeded');
}

/**
 * The one place an operation is called. Every adapter and front end — the command line, the
 * REPL, waiters, `status`, the server — goes through callOperation, so an operation behaves
 * the same whoever asks; only the transport differs.
 */
import type { Ctx } from './context.js';
import type { ServiceName } from '../model/types.js';
import { loadHandlers } from '../services/registry.js';
import { fromOperation } from './errors.js';

/** Operations that only look, by AWS's naming (the others change state). */
const LOOKING = /^(Get|List|Describe)/;

export type OperationInput = Record<string, unknown>;
export type OperationOutput = Record<string, unknown>;

/**
 * Calls `operation` of `service` (AWS's operation name, e.g. "SendMessage") with the AWS
 * request shape; resolves to the response shape ({} for an operation without output),
 * rejects with an AwsError for anything AWS would refuse.
 */
export async function callOperation(
  ctx: Ctx,
  service: ServiceName,
  operation: string,
  input: OperationInput = {},
): Promise<OperationOutput> {
  const handler = (await loadHandlers(service))[operation];
  // every operation of the models has a handler (test/smoke.test.ts): a miss is a bug
  if (!handler) throw new Error(`internal error: no ${service} handler for ${operation}`);
  // an operation that only looks may bring state up to date from the clock even in a file
  // that cannot be written (in memory); any other fails there at its first change
  const run = () => handler(ctx, input);
  try {
    return ((await (LOOKING.test(operation) ? ctx.store.looking(run) : run())) ?? {}) as OperationOutput;
  } catch (e) {
    // whoever reports it (a waiter, `status`, the KCL) can say which operation failed
    throw fromOperation(e, operation);
  }
}

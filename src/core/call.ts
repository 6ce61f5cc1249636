/**
 * The one place an operation is called. Every adapter and front end — the command line, the
 * REPL, waiters, `status`, the server — goes through callOperation, so an operation behaves
 * the same whoever asks; only the transport differs. A context with a remote target sends the
 * call over HTTP to that endpoint instead (src/remote/), so every front end works against AWS
 * or another awsmsg unchanged.
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
  if (ctx.target) return ctx.target.call(service, operation, input, ctx.signal);
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

/** One call of several made together. */
export interface GroupedCall {
  ctx: Ctx;
  service: ServiceName;
  operation: string;
  input: OperationInput;
}

export type Settled = { ok: true; output: OperationOutput } | { ok: false; error: unknown };

/**
 * Calls several operations of one state file inside a single write transaction: each
 * operation's own transaction becomes a savepoint of it, so one failing rolls back only its
 * own changes, exactly as alone. A server's group commit: one commit where there would be one
 * per call. What an operation does after it first waits (a long poll's later attempts) runs
 * in transactions of its own.
 *
 * Resolves, once the shared transaction has committed, with one promise per call, each
 * settling when that call's operation does: a quick call grouped with a long poll is not held
 * until the long poll ends.
 */
export async function callOperationsTogether(ctxStore: Ctx['store'], calls: readonly GroupedCall[]): Promise<Promise<Settled>[]> {
  const tables = new Map<ServiceName, Awaited<ReturnType<typeof loadHandlers>>>();
  for (const c of calls) if (!tables.has(c.service)) tables.set(c.service, await loadHandlers(c.service));
  const started = ctxStore.write(() =>
    calls.map((c): { value?: unknown; error?: unknown } => {
      const handler = tables.get(c.service)![c.operation];
      if (!handler) return { error: new Error(`internal error: no ${c.service} handler for ${c.operation}`) };
      try {
        // each operation's writes are already a transaction (here a savepoint) of its own
        return { value: handler(c.ctx, c.input) };
      } catch (error) {
        return { error };
      }
    }),
  );
  return started.map(async (s): Promise<Settled> => {
    if ('error' in s && s.error !== undefined) return { ok: false, error: s.error };
    try {
      return { ok: true, output: ((await s.value) ?? {}) as OperationOutput };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

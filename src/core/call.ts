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
  const group = new AbortController();
  const started: { value?: unknown; error?: unknown }[] = [];
  try {
    ctxStore.write(() => {
      for (const c of calls) {
        const handler = tables.get(c.service)![c.operation];
        if (!handler) {
          started.push({ error: new Error(`internal error: no ${c.service} handler for ${c.operation}`) });
          continue;
        }
        try {
          // each operation's writes are already a transaction (here a savepoint) of its own
          started.push({ value: handler(withGroupSignal(c.ctx, group.signal), c.input) });
        } catch (error) {
          started.push({ error });
        }
      }
    });
  } catch (e) {
    // The shared commit failed: every call is answered with its error, and whatever already
    // began waiting (a long poll) stops, since no one is left to answer (its own savepoint,
    // rolled back, holds nothing), and its end is nobody's concern.
    group.abort();
    for (const s of started) if (s.value instanceof Promise) s.value.catch(() => undefined);
    throw e;
  }
  return started.map(async (s): Promise<Settled> => {
    if ('error' in s && s.error !== undefined) return { ok: false, error: s.error };
    try {
      return { ok: true, output: ((await s.value) ?? {}) as OperationOutput };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

/**
 * The call's context whose signal also aborts with the group's. Its properties are copied as
 * they are (a server's signal is made only when an operation asks for it), and so is the
 * joined signal.
 */
function withGroupSignal(ctx: Ctx, group: AbortSignal): Ctx {
  const own = Object.getOwnPropertyDescriptor(ctx, 'signal');
  let joined: AbortSignal | undefined;
  return Object.defineProperties(Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)), {
    signal: {
      enumerable: true,
      get: () => {
        if (!joined) {
          const signal = own?.get ? (own.get.call(ctx) as AbortSignal | undefined) : (own?.value as AbortSignal | undefined);
          joined = signal ? AbortSignal.any([signal, group]) : group;
        }
        return joined;
      },
    },
  }) as Ctx;
}

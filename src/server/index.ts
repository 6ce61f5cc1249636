/**
 * `awsmsg serve` as a library: startServer() opens a state file and answers AWS's wire
 * protocols for SQS, SNS and Kinesis on one local port, over the same operation layer as the
 * command line. Import it in a test suite:
 *
 *   import { startServer } from 'awsmsg';
 *   const server = await startServer({ port: 0 });
 *   process.env.AWS_ENDPOINT_URL = server.url;
 *   ...
 *   await server.close();
 */
import { callOperation, callOperationsTogether, type GroupedCall, type OperationOutput } from '../core/call.js';
import { randomUUID } from 'node:crypto';
import { nodeCrypto } from '../core/nodeCrypto.js';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import { loadModel } from '../model/load.js';
import { SERVICE_NAMES, type ServiceModel, type ServiceName } from '../model/types.js';
import { openStore, resolveStatePath, type Store } from '../store/db.js';
import { hasDueDeliveries } from '../services/sns/due.js';
import { createChangeFeed } from './changes.js';
import { errorResponse, handleRequest, type Handled, type ServerState } from './handler.js';
import { listen } from './listener.js';
import { serverError, toWireError } from './errors.js';
import { signatureChecker } from './sigv4.js';
import type { WireRequest } from './wire.js';

declare const AWSMSG_VERSION: string;

// The options and the running server are described once, in the package's published types.
import type { RunningServer, ServerOptions } from './api.js';
export type { RunningServer, ServerOptions };

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
/** How often SNS HTTP/S retries that fell due are looked for, in real time. */
const DUE_CHECK_MS = 1000;

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const path = resolveStatePath(opts.db);
  const store = openStore(path);
  // A server digests and names many messages: Node's own MD5 and UUIDs from here on
  // (src/core/md5.ts, ids.ts), which a one-shot command does without.
  nodeCrypto();
  const models = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [s, await loadModel(s)] as const))) as Record<
    ServiceName,
    ServiceModel
  >;
  const changes = createChangeFeed(store);
  const deliveries = dueDeliveries(store, opts.accountId ?? process.env.AWSMSG_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID);
  const state: ServerState = {
    store,
    call: groupCommit(store),
    models,
    changes,
    defaultAccountId: opts.accountId ?? process.env.AWSMSG_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    verify: opts.credentials ? signatureChecker(opts.credentials) : undefined,
    afterCall: (service) => {
      if (service === 'sns') deliveries.soon();
    },
    version: typeof AWSMSG_VERSION === 'string' ? AWSMSG_VERSION : 'dev',
  };
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let listener;
  try {
    listener = await listen({
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 4566,
      maxBodyBytes,
      handle: async (req) => {
        const started = performance.now();
        const handled = await handleRequest(state, req);
        if (opts.log) {
          opts.log(logLine(handled, performance.now() - started));
          // an unexpected failure (a bug) is answered InternalFailure; its stack goes to the log
          const internal = handled.error?.internal;
          if (internal !== undefined) opts.log(internal instanceof Error && internal.stack ? internal.stack : String(internal));
        }
        return handled.response;
      },
      tooLarge: (req) => {
        const handled = tooLargeResponse(state, req, maxBodyBytes);
        if (opts.log) opts.log(logLine(handled, 0));
        return handled.response;
      },
    });
  } catch (e) {
    changes.close();
    deliveries.stop();
    store.close();
    throw e;
  }
  const host = listener.host.includes(':') ? `[${listener.host}]` : listener.host;
  return {
    url: `http://${host}:${listener.port}`,
    port: listener.port,
    stateFile: path,
    async close(): Promise<void> {
      deliveries.stop();
      changes.notifyAll();
      await listener.close();
      await deliveries.idle();
      changes.close();
      store.close();
    },
  };
}

/**
 * Calls that arrive while others are being read (one turn of the event loop) share one
 * commit: each is a savepoint of one write transaction. A call alone is called as it is.
 */
function groupCommit(store: Store): ServerState['call'] {
  let pending: { call: GroupedCall; resolve(o: OperationOutput): void; reject(e: unknown): void }[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      const { call, resolve, reject } = batch[0]!;
      callOperation(call.ctx, call.service, call.operation, call.input).then(resolve, reject);
      return;
    }
    callOperationsTogether(
      store,
      batch.map((b) => b.call),
    ).then(
      // each call is answered as soon as its own operation settles
      (each) => each.forEach((p, i) => void p.then((s) => (s.ok ? batch[i]!.resolve(s.output) : batch[i]!.reject(s.error)))),
      (e: unknown) => batch.forEach((b) => b.reject(e)),
    );
  };
  return (ctx, service, operation, input) =>
    new Promise((resolve, reject) => {
      pending.push({ call: { ctx, service, operation, input }, resolve, reject });
      if (pending.length === 1) setImmediate(flush);
    });
}

function logLine(h: Handled, ms: number): string {
  const what = h.service ? `${h.service} ${h.operation}` : (h.operation ?? '-');
  const error = h.error ? ` ${h.error.code}` : '';
  return `${new Date().toISOString()} ${what} ${h.response.status}${error} ${ms.toFixed(1)}ms`;
}

/** A body over the limit, answered without reading it: logged like any request, with a request id of its own. */
function tooLargeResponse(state: ServerState, req: WireRequest, limit: number): Handled {
  const json = req.headers['x-amz-target'] !== undefined;
  const model = (req.headers['x-amz-target'] ?? '').startsWith('AmazonSQS.') ? state.models.sqs : json ? state.models.kinesis : undefined;
  const cbor = (req.headers['content-type'] ?? '').startsWith('application/x-amz-cbor');
  const error = toWireError(model, serverError('RequestEntityTooLarge', `Request body is larger than ${limit} bytes.`, 413));
  return { response: errorResponse(model, cbor ? 'cbor' : json ? 'json' : 'query', error, randomUUID()), error };
}

/**
 * SNS HTTP/S deliveries: made right after the call that made them due (a publish, a
 * subscribe), and retries as they fall due on the clock, without waiting for a command.
 * One run at a time.
 */
function dueDeliveries(store: Store, accountId: string) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const controller = new AbortController();
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const pass = async (): Promise<void> => {
      try {
        do {
          again = false;
          if (!hasDueDeliveries(store)) break;
          const ctx: Ctx = { store, region: 'us-east-1', accountId, signal: controller.signal };
          const { runDueDeliveries } = await import('../services/sns/index.js');
          await runDueDeliveries(ctx, { attemptTimeoutMs: 5_000 });
        } while (again && !stopped);
      } catch {
        // a delivery problem leaves the delivery pending; the next run tries again
      }
    };
    // cleared once the pass has settled, never before it is set: a pass with nothing due ends
    // synchronously, and clearing inside it would leave `running` set for good (no delivery again)
    running = pass().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(run, DUE_CHECK_MS);
  timer.unref();
  return {
    soon: () => setImmediate(run),
    stop: () => {
      stopped = true;
      clearInterval(timer);
      controller.abort();
    },
    idle: async () => {
      await running;
    },
  };
}



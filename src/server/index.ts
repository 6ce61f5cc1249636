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
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import { loadModel } from '../model/load.js';
import { SERVICE_NAMES, type ServiceModel, type ServiceName } from '../model/types.js';
import { openStore, resolveStatePath, type Store } from '../store/db.js';
import { hasDueDeliveries } from '../services/sns/due.js';
import { createChangeFeed } from './changes.js';
import { errorResponse, handleRequest, type ServerState } from './handler.js';
import { listen } from './listener.js';
import { serverError, toWireError } from './errors.js';
import { signatureChecker } from './sigv4.js';
import type { WireRequest } from './wire.js';

declare const AWSMSG_VERSION: string;

export interface ServerOptions {
  /** the address to listen on (default 127.0.0.1: loopback only) */
  host?: string;
  /** the port (default 4566; 0 picks a free one) */
  port?: number;
  /** the state file (default: AWSMSG_DB, else ~/.awsmsg/awsmsg.db) */
  db?: string;
  /** receives one line per request (operation, status, milliseconds); none when absent */
  log?: (line: string) => void;
  /** check SigV4 signatures against these credentials (access key id -> secret) */
  credentials?: ReadonlyMap<string, string>;
  /** the account of requests whose access key id is not 12 digits (default AWSMSG_ACCOUNT_ID, else 000000000000) */
  accountId?: string;
  /** the largest request body taken, in bytes (default 16 MiB) */
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** http://host:port, for AWS_ENDPOINT_URL or an SDK's endpoint */
  readonly url: string;
  readonly port: number;
  readonly stateFile: string;
  /** finishes requests in flight (long polls answer empty, event streams end) and closes the state file */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
/** How often SNS HTTP/S retries that fell due are looked for, in real time. */
const DUE_CHECK_MS = 1000;

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const path = resolveStatePath(opts.db);
  const store = openStore(path);
  const models = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [s, await loadModel(s)] as const))) as Record<
    ServiceName,
    ServiceModel
  >;
  const changes = createChangeFeed(store);
  const deliveries = dueDeliveries(store, opts.accountId ?? process.env.AWSMSG_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID);
  const state: ServerState = {
    store,
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
        if (opts.log) opts.log(logLine(handled, performance.now() - started));
        return handled.response;
      },
      tooLarge: (req) => tooLargeResponse(state, req, maxBodyBytes),
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

function logLine(h: Awaited<ReturnType<typeof handleRequest>>, ms: number): string {
  const what = h.service ? `${h.service} ${h.operation}` : (h.operation ?? '-');
  const error = h.error ? ` ${h.error.code}` : '';
  return `${new Date().toISOString()} ${what} ${h.response.status}${error} ${ms.toFixed(1)}ms`;
}

function tooLargeResponse(state: ServerState, req: WireRequest, limit: number) {
  const json = req.headers['x-amz-target'] !== undefined;
  const model = (req.headers['x-amz-target'] ?? '').startsWith('AmazonSQS.') ? state.models.sqs : json ? state.models.kinesis : undefined;
  const cbor = (req.headers['content-type'] ?? '').startsWith('application/x-amz-cbor');
  const error = toWireError(model, serverError('RequestEntityTooLarge', `Request body is larger than ${limit} bytes.`, 413));
  return errorResponse(model, cbor ? 'cbor' : json ? 'json' : 'query', error, 'request-too-large');
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
    // cleared in a callback, never inside the run: a run with nothing due finishes without
    // awaiting, and clearing there would come before this assignment and leave it set for good
    running = drain().finally(() => {
      running = undefined;
    });
  };
  const drain = async (): Promise<void> => {
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



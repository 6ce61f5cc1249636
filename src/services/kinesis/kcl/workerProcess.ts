/**
 * A worker as its own process, for multi-process tests and the benchmark (bundled on demand
 * by buildWorkerEntry). Its one argument is JSON: { statePath, region, accountId?, request }
 * where request is a ConsumeRequest (a properties file and/or flags). SIGTERM or SIGINT
 * shuts it down gracefully; a second one ends it at once. Log lines go to stderr; at the end
 * a JSON summary goes to stdout.
 */
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../../core/context.js';
import { openStore } from '../../../store/db.js';
import { resolveConsume, type ConsumeRequest } from './options.js';
import { runWorker } from './worker.js';

interface Args {
  statePath: string;
  region: string;
  accountId?: string;
  request: ConsumeRequest;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const { options, regionName } = resolveConsume(args.request);
  const store = openStore(args.statePath);
  const ctx: Ctx = { store, region: regionName ?? args.region, accountId: args.accountId ?? DEFAULT_ACCOUNT_ID };
  const controller = new AbortController();
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    controller.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const id = options.workerId ?? 'worker';
  try {
    const result = await runWorker(ctx, { ...options, log: (line) => process.stderr.write(`[${id}] ${line}\n`) }, controller.signal);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (e) {
    process.stderr.write(`[${id}] worker failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    store.close();
  }
}

void main();

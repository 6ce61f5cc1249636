/**
 * Completion of live names (queues, topics, streams, ...) from a remote target: listed
 * through the paced target, kept for a few seconds so that pressing Tab again answers at
 * once, and refreshed by the Tab after that. A refresh that takes long does not hold Tab up:
 * the names seen last are offered meanwhile, and the fresh ones by the next Tab.
 */
import type { Ctx, RemoteTarget } from '../core/context.js';
import type { ResolvedConfig } from '../cli/config.js';
import { pacedTarget } from './pace.js';

/** how long a listing is fresh */
export const FRESH_MS = 5_000;
/** how long Tab waits for a refresh before offering the names seen last */
const PATIENCE_MS = 1_500;

interface Entry {
  names: string[];
  at: number;
  refreshing?: Promise<string[]>;
}

const cache = new Map<string, Entry>();
const targets = new Map<string, RemoteTarget>();

/** A context for completing against a remote target: its calls paced, no state file. */
export function remoteCompletionCtx(target: RemoteTarget, config: ResolvedConfig): Ctx {
  const key = JSON.stringify([target.label, config.region, config.profile]);
  let paced = targets.get(key);
  if (!paced) targets.set(key, (paced = pacedTarget(target)));
  return {
    get store(): never {
      throw new Error('completion from a remote target reads no state file');
    },
    region: config.region,
    accountId: config.accountId,
    target: paced,
  };
}

/** The names `list` gives, through the short-lived cache; `key` says what is listed where. */
export async function cachedNames(key: string, list: () => Promise<string[]>, now: () => number = Date.now): Promise<string[]> {
  const entry = cache.get(key);
  if (entry && now() - entry.at < FRESH_MS) return entry.names;
  const current = entry ?? { names: [], at: 0 };
  if (!entry) cache.set(key, current);
  current.refreshing ??= list().then(
    (names) => {
      current.names = names;
      current.at = now();
      current.refreshing = undefined;
      return names;
    },
    (e: unknown) => {
      current.refreshing = undefined;
      throw e;
    },
  );
  if (!entry || entry.at === 0) return current.refreshing;
  // something was seen before: wait a little for fresh names, else offer those
  const timeout = new Promise<string[]>((resolve) => setTimeout(() => resolve(current.names), PATIENCE_MS).unref());
  return Promise.race([current.refreshing.catch(() => current.names), timeout]);
}

/** Forgets every listing (tests). */
export function clearCompletionCache(): void {
  cache.clear();
}

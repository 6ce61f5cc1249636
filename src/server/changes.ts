/**
 * One watcher of the state file for every operation that waits (SQS long polls): a waiter
 * sleeps until its topic is touched in this process (a send to its queue), another process
 * commits, or the clock moves — not on a timer of its own, so thousands of open long polls
 * cost nothing while nothing happens.
 */
import type { ChangeFeed } from '../core/context.js';
import type { Store } from '../store/db.js';

/** How often the file is checked for other processes' commits while anyone waits. */
const WATCH_MS = 10;
/**
 * A waiter looks again at least this often even when nothing was said to change: what the
 * clock alone brings about (a move task's progress) is not announced. Rare, so that a
 * thousand idle long polls cost next to nothing.
 */
const RECHECK_MS = 5000;

interface Waiter {
  topic: string;
  wake: () => void;
}

export interface ServerChangeFeed extends ChangeFeed {
  /** wakes every waiter (the clock moved; the server stops) */
  notifyAll(): void;
  /** how many operations wait right now (long polls), for /_awsmsg/health */
  waiting(): number;
  close(): void;
}

export function createChangeFeed(store: Store): ServerChangeFeed {
  const byTopic = new Map<string, Set<Waiter>>();
  let count = 0;
  let watcher: NodeJS.Timeout | undefined;
  let version = -1;

  const wakeSet = (set: Set<Waiter> | undefined): void => {
    if (!set) return;
    for (const w of [...set]) w.wake();
  };
  const notifyAll = (): void => {
    for (const set of [...byTopic.values()]) wakeSet(set);
  };
  const watch = (): void => {
    let v: number;
    try {
      v = store.dataVersion();
    } catch {
      return; // the store is closing
    }
    if (version !== -1 && v !== version) notifyAll();
    version = v;
  };
  const startWatching = (): void => {
    if (watcher) return;
    version = store.dataVersion();
    watcher = setInterval(watch, WATCH_MS);
    watcher.unref();
  };
  const stopWatching = (): void => {
    if (watcher) clearInterval(watcher);
    watcher = undefined;
  };
  const stopTouches = store.onTouch((topic) => wakeSet(byTopic.get(topic)));

  return {
    wait(topic: string, ms: number, signal?: AbortSignal, sinceDataVersion?: number): Promise<void> {
      if (signal?.aborted) return Promise.resolve();
      // another process committed since the waiter last looked: look again now
      if (sinceDataVersion !== undefined && store.dataVersion() !== sinceDataVersion) return Promise.resolve();
      return new Promise((resolve) => {
        let set = byTopic.get(topic);
        if (!set) byTopic.set(topic, (set = new Set()));
        const waiter: Waiter = { topic, wake: () => done() };
        const timer = setTimeout(() => done(), Math.max(1, Math.min(ms, RECHECK_MS)));
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          const s = byTopic.get(topic);
          if (s?.delete(waiter)) {
            if (s.size === 0) byTopic.delete(topic);
            if (--count === 0) stopWatching();
          }
          resolve();
        };
        set.add(waiter);
        if (count++ === 0) startWatching();
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    notify(topic: string): void {
      wakeSet(byTopic.get(topic));
    },
    notifyAll,
    waiting: () => count,
    close(): void {
      stopTouches();
      notifyAll();
      stopWatching();
    },
  };
}

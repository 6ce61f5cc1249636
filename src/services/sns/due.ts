import type { Store } from '../../store/db.js';

/**
 * Whether an HTTP/S delivery (or a retry) has fallen due: one indexed lookup, cheap enough
 * for every command to ask before it exits, so that only then the SNS code is loaded.
 */
export function hasDueDeliveries(store: Store): boolean {
  const now = store.clock.now();
  return (
    store
      .stmt<[number], number>("SELECT 1 FROM sns_outbox WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1")
      .pluck()
      .get(now) !== undefined
  );
}

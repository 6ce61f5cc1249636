/**
 * Standard-queue realism, opt-in per state file (`awsmsg config set sqs.standard-queue-realism
 * on`). AWS promises standard queues only at-least-once delivery and best-effort ordering: a
 * message is occasionally delivered more than once (a copy on a server that a receive or a
 * delete did not reach) and messages occasionally come back in another order than they were
 * sent. awsmsg is strict by default; with realism on, now and then, a receive returns messages
 * out of order, a received message leaves a copy that another receive gets while the first is
 * in flight, and a delete misses a copy that comes back once the visibility timeout is over,
 * so that consumers can be seen to need idempotence. FIFO queues are never affected.
 *
 * The chances are drawn from a seeded sequence kept in the state file (the seed is a setting,
 * the position a meta row advanced in the same transaction as each draw): the same seed and the
 * same commands give the same outcomes, in any process.
 */
import { nodeCrypto } from '../../core/nodeCrypto.js';
import type { Store } from '../../store/db.js';
import { onOff, settingValue, wholeNumber, type SettingSpec } from '../../store/settings.js';

/** a receive that has several messages to choose from takes them out of order this often */
export const REORDER_RATE = 0.2;
/** how many messages past the oldest a reordered receive may pick from */
export const REORDER_WINDOW = 3;
/** a deleted message survives (and is received again after its visibility timeout) this often */
export const REDELIVER_RATE = 0.1;
/** a received message leaves a copy that another receive gets while it is in flight this often */
export const COPY_RATE = 0.05;

const DRAWS_KEY = 'sqs.realism-draws';

const restartDraws = (store: Store): void => void store.stmt('DELETE FROM meta WHERE key = ?').run(DRAWS_KEY);

export const REALISM: SettingSpec = {
  name: 'sqs.standard-queue-realism',
  description: 'standard queues now and then redeliver and reorder messages, as AWS allows',
  default: 'off',
  parse: onOff('sqs.standard-queue-realism'),
  onSet: restartDraws,
};

export const REALISM_SEED: SettingSpec = {
  name: 'sqs.realism-seed',
  description: 'the seed of those chances: same seed, same commands, same outcomes',
  default: '0',
  parse: wholeNumber('sqs.realism-seed'),
  onSet: restartDraws,
};

/** Draws numbers in [0, 1) from the state file's seeded sequence; call inside a write transaction. */
export interface Chances {
  draw(): number;
}

/** The chances when realism is on; undefined (strict) otherwise. */
export function realism(store: Store): Chances | undefined {
  if (settingValue(store, REALISM) !== 'on') return undefined;
  const seed = settingValue(store, REALISM_SEED);
  return {
    draw(): number {
      const row = store.stmt<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(DRAWS_KEY);
      const n = Number(row?.value ?? 0);
      store
        .stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(DRAWS_KEY, String(n + 1));
      return nodeCrypto().createHash('sha256').update(`${seed}:${n}`).digest().readUInt32BE(0) / 0x1_0000_0000;
    },
  };
}

/**
 * Which of the candidates (the oldest visible messages, in order, up to max + REORDER_WINDOW) a
 * receive returns: usually the first max, as when strict; now and then max of them in a
 * shuffled order.
 */
export function pickCandidates<T>(candidates: T[], max: number, chances: Chances): T[] {
  if (candidates.length < 2 || chances.draw() >= REORDER_RATE) return candidates.slice(0, max);
  const shuffled = [...candidates];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(chances.draw() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.slice(0, max);
}

/** Whether a delete misses a copy of the message, which is then received again. */
export const deleteMissesACopy = (chances: Chances): boolean => chances.draw() < REDELIVER_RATE;

/** Whether a receive leaves a visible copy of a message it returns (a copy on another server). */
export const receiveLeavesACopy = (chances: Chances): boolean => chances.draw() < COPY_RATE;

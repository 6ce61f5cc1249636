import type Database from 'better-sqlite3';
import { LocalError } from '../core/errors.js';

/**
 * The one clock of a state file: real time plus an offset stored in the file, so that
 * `awsmsg clock advance 31s` in one shell moves time for every process sharing the file.
 * Services read time only from here.
 */
export interface Clock {
  /** milliseconds since the epoch, as the state file sees it */
  now(): number;
  /** how far the clock runs ahead of real time, in milliseconds */
  offset(): number;
  /** moves the clock forward by ms (never backward) and returns the new time */
  advance(ms: number): number;
}

/**
 * The latest time the clock may show: 2400-01-01T00:00:00Z. Every time awsmsg keeps must stay
 * printable in each format it is shown in: JavaScript's Date (to the year 275760), ISO 8601
 * with four-digit years as the AWS CLI prints timestamps (to 9999), and Kinesis sequence
 * numbers, which carry their dates in seconds and, as AWS's do, only up to the year 2477. A
 * round date well inside all of them.
 */
export const MAX_CLOCK_MS = Date.UTC(2400, 0, 1);
const MAX_CLOCK_TEXT = '2400-01-01T00:00:00Z';

/** `inWrite` runs the advance in the store's write transaction (which checks the schema first). */
export function createClock(
  db: Database.Database,
  realNow: () => number = Date.now,
  inWrite: <T>(fn: () => T) => T,
  path = 'the state file',
): Clock {
  const read = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'clock_offset_ms'");
  const write = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('clock_offset_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const stored = (): number => {
    const value = read.get()?.value ?? '0';
    const ms = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(ms)) {
      throw new LocalError('state-file', `The clock of the state file ${path} is damaged (its offset is '${value.slice(0, 40)}', not a number of milliseconds).`);
    }
    return ms;
  };
  // A file whose clock was moved past the bound (by an awsmsg that did not check) reads as
  // standing at the bound, so that every command keeps working; the clock never goes back.
  const offsetAt = (real: number): number => Math.max(-real, Math.min(stored(), MAX_CLOCK_MS - real));
  return {
    now: () => {
      const real = realNow();
      return real + offsetAt(real);
    },
    offset: () => offsetAt(realNow()),
    advance(ms: number): number {
      if (Number.isNaN(ms) || ms < 0) throw new LocalError('invalid-input', 'The clock only moves forward.');
      return inWrite(() => {
        const real = realNow();
        const from = real + offsetAt(real);
        const to = from + Math.round(ms);
        if (!(to <= MAX_CLOCK_MS)) throw tooFar(from);
        write.run(String(to - real));
        return to;
      });
    },
  };
}

function tooFar(from: number): LocalError {
  const left = MAX_CLOCK_MS - from;
  const room = left >= 86_400_000 ? `${Math.floor(left / 86_400_000)}d` : left >= 1000 ? `${Math.floor(left / 1000)}s` : `${left}ms`;
  return new LocalError(
    'invalid-input',
    `The clock cannot move that far: it may not pass ${MAX_CLOCK_TEXT}, the latest time every timestamp awsmsg keeps ` +
      `can show (Kinesis sequence numbers, as AWS's, hold dates only up to the year 2477). It can move at most ${room} more.`,
  );
}

/** Parses "31s", "5m", "2h", "1d", "1500ms", or a bare number of seconds, into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(n * factor[unit]!);
}

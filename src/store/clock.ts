import type Database from 'better-sqlite3';

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

/** `inWrite` runs the advance in the store's write transaction (which checks the schema first). */
export function createClock(db: Database.Database, realNow: () => number = Date.now, inWrite: <T>(fn: () => T) => T): Clock {
  const read = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'clock_offset_ms'");
  const write = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('clock_offset_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const offset = (): number => Number(read.get()?.value ?? 0);
  return {
    now: () => realNow() + offset(),
    offset,
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      const next = inWrite(() => {
        const value = offset() + Math.round(ms);
        write.run(String(value));
        return value;
      });
      return realNow() + next;
    },
  };
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

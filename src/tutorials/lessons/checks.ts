/** Small checks the lessons share: each says what it expected when the result differs. */
import type { Json, RunResult } from '../lesson.js';

/** The messages of a receive-message result ([] when it printed nothing). */
export const messages = (r: RunResult): Json[] => (r.json?.Messages as Json[] | undefined) ?? [];

/** A queue attribute from get-queue-attributes has the given value. */
export function attr(r: RunResult, name: string, expected: string): true | string {
  const value = r.json?.Attributes?.[name];
  return value === expected ? true : `${name} was ${value ?? 'missing'}, the lesson expected ${expected}`;
}

/** All checks pass, or the first failure. */
export function all(...results: (true | string)[]): true | string {
  return results.find((r) => r !== true) ?? true;
}

/** The decoded Data of Kinesis records. */
export const recordData = (records: Json[]): string[] =>
  records.map((rec) => Buffer.from(String(rec.Data), 'base64').toString('utf8'));

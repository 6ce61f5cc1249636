/**
 * Pagination tokens (ListShards, ListStreams, ListStreamConsumers): opaque base64 of what the
 * next page needs plus the time they were issued; they expire after 300 seconds like AWS's.
 */
import { NEXT_TOKEN_TTL_MS } from './constants.js';
import { expiredNextToken, invalidArgument } from './errors.js';

export function encodeToken(payload: Record<string, unknown>, now: number): string {
  return Buffer.from(JSON.stringify({ ...payload, t: now }), 'utf8').toString('base64');
}

/** The token's payload; InvalidArgumentException if malformed, ExpiredNextTokenException if too old. */
export function decodeToken<T extends Record<string, unknown>>(token: string, now: number): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { t?: unknown }).t !== 'number') {
    throw invalidArgument(`Invalid NextToken: ${token}`); // (unverified)
  }
  if (now - (parsed as { t: number }).t > NEXT_TOKEN_TTL_MS) throw expiredNextToken();
  return parsed as T;
}

/** NextToken paging of list operations: opaque tokens that carry the last key of a page. */
import { invalidParameter } from './errors.js';

export const PAGE_SIZE = 100;

export function encodeToken(lastKey: string | number): string {
  return Buffer.from(JSON.stringify({ k: lastKey }), 'utf8').toString('base64');
}

/** The key a token continues after; a token this program did not make is InvalidParameter. */
export function decodeToken<T extends string | number>(token: string | undefined, kind: 'string' | 'number'): T | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const k = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { k?: unknown }).k;
    if (typeof k === kind) return k as T;
  } catch {
    // fall through
  }
  throw invalidParameter('NextToken');
}

/** Cuts a page of PAGE_SIZE + 1 fetched rows into the page and its NextToken. */
export function page<R>(rows: R[], key: (r: R) => string | number, size = PAGE_SIZE): { items: R[]; nextToken?: string } {
  if (rows.length <= size) return { items: rows };
  const items = rows.slice(0, size);
  return { items, nextToken: encodeToken(key(items[items.length - 1]!)) };
}

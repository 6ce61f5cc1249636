/** Reading request members defensively: the CLI sends typed values, other adapters may not. */
import { invalidValue, missingParameter } from './errors.js';

export type Input = Record<string, unknown>;

const absent = (v: unknown): boolean => v === undefined || v === null;

export function requiredString(input: Input, name: string): string {
  const v = input[name];
  if (absent(v) || v === '') throw missingParameter(name);
  if (typeof v !== 'string') throw invalidValue(JSON.stringify(v), name, 'Must be a string.');
  return v;
}

export function optionalString(input: Input, name: string): string | undefined {
  const v = input[name];
  if (absent(v)) return undefined;
  if (typeof v !== 'string') throw invalidValue(JSON.stringify(v), name, 'Must be a string.');
  return v;
}

export function optionalInteger(input: Input, name: string): number | undefined {
  const v = input[name];
  if (absent(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidValue(v, name, 'Must be an integer.');
  return n;
}

export function optionalList(input: Input, name: string): unknown[] | undefined {
  const v = input[name];
  if (absent(v)) return undefined;
  if (!Array.isArray(v)) throw invalidValue(JSON.stringify(v), name, 'Must be a list.');
  return v;
}

export function stringList(input: Input, name: string): string[] | undefined {
  const list = optionalList(input, name);
  if (!list) return undefined;
  for (const item of list) if (typeof item !== 'string') throw invalidValue(JSON.stringify(item), name, 'Must be a list of strings.');
  return list as string[];
}

export function optionalMap(input: Input, name: string): Record<string, unknown> | undefined {
  const v = input[name];
  if (absent(v)) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(JSON.stringify(v), name, 'Must be a map.');
  return v as Record<string, unknown>;
}

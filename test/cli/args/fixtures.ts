/** Readers for the tables recorded from the AWS CLI's own parsers (fixtures/args/generate.py). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixture<T>(name: string): T {
  const path = fileURLToPath(new URL(`../../../fixtures/args/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * Text output, as awscli/text.py writes it: one line per structure with its scalar members
 * (sorted by name, tab-separated, prefixed by the upper-cased name it was found under), then
 * its non-scalar members in name order; lists of scalars on one line, or one line each with
 * their name when nested.
 */
import { CliError } from '../../core/errors.js';
import { isObject, pyStr, pyTypeName, sortedKeys, type Json, type JsonObject } from './python.js';

const isContainer = (v: Json): v is Json[] | JsonObject => Array.isArray(v) || isObject(v);

export function formatText(data: Json): string {
  const out: string[] = [];
  formatItem(data, out, undefined, undefined);
  return out.join('');
}

function formatItem(item: Json, out: string[], identifier: string | undefined, scalarKeys: string[] | undefined): void {
  if (isObject(item)) formatDict(item as JsonObject, out, identifier, scalarKeys);
  else if (Array.isArray(item)) formatList(item, out, identifier);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(item: Json[], out: string[], identifier: string | undefined): void {
  if (item.length === 0) return;
  if (item.some(isObject)) {
    const keys = allScalarKeys(item);
    // The CLI treats every element as a structure here; a scalar among them makes it fail.
    for (const element of item) {
      if (!isObject(element)) {
        throw new CliError('other', `'${pyTypeName(element)}' object has no attribute 'items'`);
      }
      formatItem(element, out, identifier, keys);
    }
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter((el) => !isContainer(el));
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const nested of item.filter(isContainer)) formatItem(nested, out, identifier, undefined);
  } else {
    formatScalarList(item, out, identifier);
  }
}

function formatScalarList(elements: Json[], out: string[], identifier: string | undefined): void {
  if (identifier !== undefined) {
    const prefix = identifier.toUpperCase();
    for (const el of elements) out.push(`${prefix}\t${pyStr(el)}\n`);
  } else {
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

function formatDict(item: JsonObject, out: string[], identifier: string | undefined, scalarKeys: string[] | undefined): void {
  const scalars: string[] = [];
  const nonScalars: [string, Json][] = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(Object.keys(item))) {
      const value = item[key]!;
      if (isContainer(value)) nonScalars.push([key, value]);
      else scalars.push(pyStr(value));
    }
  } else {
    for (const key of scalarKeys) scalars.push(key in item ? pyStr(item[key]!) : '');
    const known = new Set(scalarKeys);
    for (const key of sortedKeys(Object.keys(item).filter((k) => !known.has(k)))) nonScalars.push([key, item[key]!]);
  }
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, value] of nonScalars) formatItem(value, out, key, undefined);
}

function allScalarKeys(list: Json[]): string[] {
  const seen = new Set<string>();
  for (const item of list) {
    if (!isObject(item)) continue;
    for (const [key, value] of Object.entries(item as JsonObject)) if (!isContainer(value)) seen.add(key);
  }
  return sortedKeys(seen);
}

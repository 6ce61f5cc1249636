/**
 * AWS's JSON protocols (awsJson 1.0 for SQS, 1.1 for Kinesis), driven by the service model:
 * requests are read into the operation layer's values (blobs from base64 into bytes,
 * timestamps into Dates), responses written member by member in model order (bytes as
 * base64, timestamps as epoch seconds with a fraction).
 */
import { isUtf8 } from 'node:buffer';
import type { MemberRef, ServiceModel, Shape } from '../../model/types.js';
import { decodeBase64, epochSecondsText, parseWireTimestamp, serializationError, shapeOf } from '../wire.js';

type Json = Record<string, unknown>;

/**
 * The operation's input from a JSON body. With `strict`, values of the wrong JSON type are a
 * SerializationException here; without, they pass through for the service to judge (Kinesis
 * validates types itself, in AWS's words).
 */
export function decodeJsonInput(model: ServiceModel, inputShape: string | undefined, body: Buffer, strict: boolean): Json {
  // JSON is UTF-8: bytes that are not are refused, never read as U+FFFD (a body would change unseen)
  if (!isUtf8(body)) throw serializationError('Invalid UTF-8 in the request body.');
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw serializationError('Start of structure or map found where not expected.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serializationError('Start of structure or map found where not expected.');
  }
  if (!inputShape) return {};
  return readValue(model, inputShape, value, strict, '', '') as Json;
}

/** A member's path for a message ("Entries[0].Id"), made only when one is needed: most requests need none. */
const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

function readValue(model: ServiceModel, shapeName: string, value: unknown, strict: boolean, parent: string, key: string | number): unknown {
  if (value === null) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return mismatch(strict, value, 'structure', childPath(parent, key));
      const path = childPath(parent, key);
      const out: Json = {};
      for (const [name, ref] of memberList(shape)) {
        if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
        const v = readValue(model, ref.shape, value[name], strict, path, name);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return mismatch(strict, value, 'list', childPath(parent, key));
      const path = childPath(parent, key);
      return value.map((v, i) => readValue(model, shape.member!.shape, v, strict, path, i));
    }
    case 'map': {
      if (!isObject(value)) return mismatch(strict, value, 'map', childPath(parent, key));
      const path = childPath(parent, key);
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        const read = readValue(model, shape.value!.shape, v, strict, path, k);
        if (read !== undefined) Object.defineProperty(out, k, { value: read, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'blob': {
      if (typeof value !== 'string') return mismatch(strict, value, 'blob', childPath(parent, key));
      const bytes = decodeBase64(value);
      if (!bytes) throw serializationError(`Base64 encoded value expected for '${childPath(parent, key)}'.`);
      return bytes;
    }
    case 'timestamp': {
      const d = parseWireTimestamp(value);
      if (!d) return mismatch(strict, value, 'timestamp', childPath(parent, key));
      return d;
    }
    case 'string':
      return typeof value === 'string' ? value : mismatch(strict, value, 'string', childPath(parent, key));
    case 'boolean':
      return typeof value === 'boolean' ? value : mismatch(strict, value, 'boolean', childPath(parent, key));
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? value : mismatch(strict, value, shape.type, childPath(parent, key));
    case 'double':
    case 'float':
      return typeof value === 'number' ? value : mismatch(strict, value, shape.type, childPath(parent, key));
  }
}

/** A structure's members as [name, member, name as JSON text], made once per shape. */
const memberLists = new WeakMap<Shape, [string, MemberRef, string][]>();
function memberList(shape: Shape): [string, MemberRef, string][] {
  let list = memberLists.get(shape);
  if (!list) memberLists.set(shape, (list = Object.entries(shape.members ?? {}).map(([n, ref]) => [n, ref, JSON.stringify(n)])));
  return list;
}

function mismatch(strict: boolean, value: unknown, expected: string, path: string): unknown {
  if (!strict) return value;
  throw serializationError(`Value of '${path}' must be a ${expected}, not ${jsonTypeName(value)}.`);
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** The response body: only the model's members, in model order, as AWS writes them. */
export function encodeJsonOutput(model: ServiceModel, outputShape: string | undefined, value: unknown): string {
  if (!outputShape || !isObject(value)) return '{}';
  return writeValue(model, outputShape, value) ?? '{}';
}

function writeValue(model: ServiceModel, shapeName: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return undefined;
      let text = '';
      for (const [name, ref, quoted] of memberList(shape)) {
        const v = value[name];
        if (v === undefined || v === null) continue;
        const member = writeValue(model, ref.shape, v);
        if (member !== undefined) text += `${text === '' ? '' : ','}${quoted}:${member}`;
      }
      return `{${text}}`;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      return `[${value.map((v) => writeValue(model, shape.member!.shape, v) ?? 'null').join(',')}]`;
    }
    case 'map': {
      if (!isObject(value)) return undefined;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        const text = writeValue(model, shape.value!.shape, v);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'blob':
      return JSON.stringify(Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value));
    case 'timestamp': {
      const d = value instanceof Date ? value : parseWireTimestamp(value);
      return d ? epochSecondsText(d) : undefined;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? numberText(value) : undefined;
    case 'string':
      return JSON.stringify(String(value));
  }
}

/** A JSON number without exponent notation. */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

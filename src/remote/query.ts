/**
 * The query protocol from the client's side, the inverse of src/server/protocols/query.ts:
 * the request shape written as form parameters (`Attributes.entry.1.key=...`), and the XML
 * response read back into the values the local operation layer returns (numbers, booleans,
 * Dates for timestamps, Buffers for blobs), by the service model's element names, as
 * botocore's query serializer and parser do.
 */
import { AwsError } from '../core/errors.js';
import type { MemberRef, ServiceModel, Shape } from '../model/types.js';
import { shapeOf } from '../server/wire.js';
import { child, childrenNamed, parseXml, type XmlElement } from './xml.js';
import { ResponseParseError } from './transport.js';

type Json = Record<string, unknown>;

/** The name a member goes by on the wire (as the server reads and writes it). */
function wireName(ref: MemberRef, shape: Shape, fallback: string): string {
  return ref.queryName ?? ref.locationName ?? shape.queryName ?? shape.locationName ?? fallback;
}

function itemName(shape: Shape): string | undefined {
  const m = shape.member!;
  return m.queryName ?? m.locationName;
}

const keyName = (shape: Shape): string => shape.key!.queryName ?? shape.key!.locationName ?? 'key';
const valueName = (shape: Shape): string => shape.value!.queryName ?? shape.value!.locationName ?? 'value';

/** The form body of a call: Action, Version, then the input's parameters. */
export function encodeQueryRequest(model: ServiceModel, operation: string, input: Json): string {
  const params: [string, string][] = [
    ['Action', operation],
    ['Version', model.apiVersion],
  ];
  const inputShape = model.operations[operation]?.input;
  if (inputShape) writeStructure(model, shapeOf(model, inputShape), input, '', params);
  return params.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
}

/** Percent-encoding as botocore writes form bodies: everything but unreserved characters. */
function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const join = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);

function writeStructure(model: ServiceModel, shape: Shape, value: Json, prefix: string, out: [string, string][]): void {
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    const target = shapeOf(model, ref.shape);
    writeValue(model, target, v, join(prefix, wireName(ref, target, member)), out);
  }
}

function writeValue(model: ServiceModel, shape: Shape, value: unknown, prefix: string, out: [string, string][]): void {
  switch (shape.type) {
    case 'structure':
      if (isObject(value)) writeStructure(model, shape, value, prefix, out);
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      if (value.length === 0) {
        out.push([prefix, '']); // the query protocol's empty list
        return;
      }
      let listPrefix: string;
      if (shape.flattened) {
        const items = itemName(shape);
        listPrefix = items ? [...prefix.split('.').slice(0, -1), items].join('.') : prefix;
      } else {
        listPrefix = `${prefix}.${itemName(shape) ?? 'member'}`;
      }
      const member = shapeOf(model, shape.member!.shape);
      value.forEach((v, i) => writeValue(model, member, v, `${listPrefix}.${i + 1}`, out));
      return;
    }
    case 'map': {
      if (!isObject(value)) return;
      const base = shape.flattened ? prefix : `${prefix}.entry`;
      const valueShape = shapeOf(model, shape.value!.shape);
      Object.entries(value).forEach(([k, v], i) => {
        out.push([`${base}.${i + 1}.${keyName(shape)}`, k]);
        writeValue(model, valueShape, v, `${base}.${i + 1}.${valueName(shape)}`, out);
      });
      return;
    }
    case 'blob':
      out.push([prefix, Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value)]);
      return;
    case 'timestamp':
      out.push([prefix, value instanceof Date ? value.toISOString() : String(value)]);
      return;
    case 'boolean':
      out.push([prefix, value ? 'true' : 'false']);
      return;
    default:
      out.push([prefix, String(value)]);
  }
}

/** The output of a successful call, from its XML body. */
export function decodeQueryResponse(model: ServiceModel, operation: string, body: string): Json {
  const op = model.operations[operation]!;
  if (!op.output) return {};
  const root = readXml(body);
  const result = child(root, op.resultWrapper ?? `${operation}Result`);
  if (!result) return {};
  return readStructure(model, shapeOf(model, op.output), result);
}

/** A query-protocol error body as the AwsError it names; undefined when the body is not one. */
export function decodeQueryError(body: string, status: number): AwsError | undefined {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch {
    return undefined;
  }
  // <ErrorResponse><Error>... (AWS) or <Response><Errors><Error>... (some emulators)
  const error = child(root, 'Error') ?? child(child(root, 'Errors'), 'Error') ?? (root.name === 'Error' ? root : undefined);
  const code = child(error, 'Code')?.text;
  if (!error || code === undefined) return undefined;
  const type = child(error, 'Type')?.text;
  return new AwsError(code, child(error, 'Message')?.text ?? '', {
    httpStatus: status,
    senderFault: type === undefined ? status < 500 : type !== 'Receiver',
  });
}

function readXml(body: string): XmlElement {
  try {
    return parseXml(body);
  } catch (e) {
    throw new ResponseParseError(`Unable to parse response (${(e as Error).message}), invalid XML received. Further retries may succeed:\n${body.slice(0, 2000)}`);
  }
}

/** The XML name of a structure member, flattened lists by their items' name (botocore's rule). */
function memberElementName(ref: MemberRef, target: Shape, member: string): string {
  if (target.type === 'list' && target.flattened) {
    const items = itemName(target);
    if (items !== undefined) return items;
  }
  return wireName(ref, target, member);
}

function readStructure(model: ServiceModel, shape: Shape, el: XmlElement): Json {
  const out: Json = {};
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const target = shapeOf(model, ref.shape);
    const name = memberElementName(ref, target, member);
    if (target.type === 'list' && target.flattened) {
      const items = childrenNamed(el, name);
      if (items.length > 0) out[member] = items.map((i) => readValue(model, shapeOf(model, target.member!.shape), i));
      continue;
    }
    if (target.type === 'map' && target.flattened) {
      const entries = childrenNamed(el, name);
      if (entries.length > 0) out[member] = readEntries(model, target, entries);
      continue;
    }
    const node = child(el, name);
    if (node) out[member] = readValue(model, target, node);
  }
  return out;
}

function readValue(model: ServiceModel, shape: Shape, el: XmlElement): unknown {
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, el);
    case 'list': {
      const member = shapeOf(model, shape.member!.shape);
      return childrenNamed(el, itemName(shape) ?? 'member').map((i) => readValue(model, member, i));
    }
    case 'map':
      return readEntries(model, shape, childrenNamed(el, 'entry'));
    default:
      return readScalar(shape, el.text);
  }
}

function readEntries(model: ServiceModel, shape: Shape, entries: XmlElement[]): Json {
  const out: Json = {};
  const valueShape = shapeOf(model, shape.value!.shape);
  for (const entry of entries) {
    const key = child(entry, keyName(shape))?.text;
    if (key === undefined) continue;
    const v = child(entry, valueName(shape));
    Object.defineProperty(out, key, {
      value: v ? readValue(model, valueShape, v) : undefined,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function readScalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return Number(text.trim());
    case 'boolean':
      return text.trim() === 'true';
    case 'blob':
      return Buffer.from(text, 'base64');
    case 'timestamp': {
      const t = text.trim();
      return /^-?\d+(\.\d+)?$/.test(t) ? new Date(Math.round(Number(t) * 1000)) : new Date(t);
    }
    default:
      return text;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

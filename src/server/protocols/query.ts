/**
 * AWS's query protocol (SNS, and SQS as SDKs spoke it until late 2023), driven by the
 * service model: form parameters (`Attribute.1.Name=VisibilityTimeout`) read into the
 * operation layer's values, and XML responses (`<SendMessageResponse><SendMessageResult>…`)
 * written with the model's element names, flattened lists and maps as AWS writes them.
 *
 * Wire names follow botocore's rules: a member's name is its locationName (for SQS the
 * query-era name, queryName) or else the member's own; a flattened list repeats its items
 * under the list member's name; a list that is not flattened wraps items in `member`, a map
 * that is not flattened wraps entries in `entry` with `key` and `value`.
 */
import { AwsError } from '../../core/errors.js';
import { XML_CHARS } from '../../core/xmlText.js';
import type { MemberRef, ServiceModel, Shape } from '../../model/types.js';
import { decodeBase64, parseWireTimestamp, shapeOf } from '../wire.js';

type Json = Record<string, unknown>;

/** A tree of form parameters: "A.1.B=x" becomes {A: {1: {B: "x"}}}; a leaf's own value is under "" when it also has children. */
interface ParamTree {
  value?: string;
  children: Map<string, ParamTree>;
}

/** Parses an application/x-www-form-urlencoded body or query string into name/value pairs (last one wins). */
export function parseForm(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === '') return out;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    out.set(formDecode(rawName), formDecode(rawValue));
  }
  return out;
}

function formDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    throw malformedQueryString(`Invalid percent-encoding in '${s.slice(0, 100)}'.`);
  }
}

export function malformedQueryString(message: string): AwsError {
  return new AwsError('MalformedQueryString', message);
}

function buildTree(params: Map<string, string>): ParamTree {
  const root: ParamTree = { children: new Map() };
  for (const [name, value] of params) {
    let node = root;
    for (const part of name.split('.')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.value = value;
  }
  return root;
}

/** The name a member goes by on the wire. */
function wireName(ref: MemberRef, shape: Shape, fallback: string): string {
  return ref.queryName ?? ref.locationName ?? shape.queryName ?? shape.locationName ?? fallback;
}

/**
 * The shape a member refers to, flattened when the member says so: SQS's query-era model marks
 * MessageAttributeValue.StringListValues flattened on the member, not on the StringList shape
 * (botocore merges the two the same way).
 */
function memberShape(model: ServiceModel, ref: MemberRef): Shape {
  const shape = shapeOf(model, ref.shape);
  return ref.flattened && !shape.flattened ? { ...shape, flattened: true } : shape;
}

/** The name of a list's items: `member` unless the model names them. */
function itemName(shape: Shape): string | undefined {
  const m = shape.member!;
  return m.queryName ?? m.locationName;
}

/** The operation's input from form parameters (Action and Version already taken out or ignored). */
export function decodeQueryInput(model: ServiceModel, inputShape: string | undefined, params: Map<string, string>): Json {
  if (!inputShape) return {};
  const tree = buildTree(params);
  return readStructure(model, shapeOf(model, inputShape), tree, '');
}

function readStructure(model: ServiceModel, shape: Shape, node: ParamTree, path: string): Json {
  const out: Json = {};
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const target = memberShape(model, ref);
    let name = wireName(ref, target, member);
    let child = node.children.get(name);
    // a flattened list is sent under its items' name (AttributeName.1), not the member's
    if (target.type === 'list' && target.flattened) {
      const items = itemName(target);
      if (items !== undefined && node.children.has(items)) {
        name = items;
        child = node.children.get(items);
      }
    }
    if (!child) continue;
    const value = readValue(model, ref.shape, target, child, path ? `${path}.${name}` : name);
    if (value !== undefined) out[member] = value;
  }
  return out;
}

function readValue(model: ServiceModel, shapeName: string, shape: Shape, node: ParamTree, path: string): unknown {
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, node, path);
    case 'list': {
      const items = shape.flattened ? node : node.children.get(itemName(shape) ?? 'member');
      // "Names=" (no items) is how the query protocol sends an empty list
      if (!items) return node.value !== undefined ? [] : undefined;
      const member = shapeOf(model, shape.member!.shape);
      return indexed(items, path).map(([i, n]) => readValue(model, shape.member!.shape, member, n, `${path}.${i}`));
    }
    case 'map': {
      const entries = shape.flattened ? node : node.children.get('entry');
      if (!entries) return node.value !== undefined ? {} : undefined;
      const keyName = shape.key!.queryName ?? shape.key!.locationName ?? 'key';
      const valueName = shape.value!.queryName ?? shape.value!.locationName ?? 'value';
      const valueShape = shapeOf(model, shape.value!.shape);
      const out: Json = {};
      for (const [i, entry] of indexed(entries, path)) {
        const key = entry.children.get(keyName)?.value;
        if (key === undefined) continue;
        const v = entry.children.get(valueName);
        const read = v ? readValue(model, shape.value!.shape, valueShape, v, `${path}.${i}.${valueName}`) : undefined;
        Object.defineProperty(out, key, { value: read, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return node.value === undefined ? undefined : readScalar(shapeName, shape, node.value, path);
  }
}

/** Children named 1, 2, 3... in numeric order. */
function indexed(node: ParamTree, path: string): [number, ParamTree][] {
  const out: [number, ParamTree][] = [];
  for (const [k, child] of node.children) {
    if (!/^[1-9]\d{0,5}$/.test(k)) {
      if (k === '') continue;
      throw malformedQueryString(`Unexpected parameter ${path}.${k}: expected an index.`);
    }
    out.push([Number(k), child]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function readScalar(shapeName: string, shape: Shape, text: string, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (/^[+-]?\d+$/.test(text.trim())) return Number(text.trim());
      throw invalidParameterValue(text, path, `${shapeName} must be an integer`);
    case 'double':
    case 'float': {
      const n = Number(text);
      if (text.trim() !== '' && Number.isFinite(n)) return n;
      throw invalidParameterValue(text, path, `${shapeName} must be a number`);
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw invalidParameterValue(text, path, 'must be true or false');
    case 'blob': {
      const bytes = decodeBase64(text);
      if (!bytes) throw invalidParameterValue(text.slice(0, 64), path, 'must be base64-encoded');
      return bytes;
    }
    case 'timestamp': {
      const d = parseWireTimestamp(text);
      if (!d) throw invalidParameterValue(text, path, 'must be an ISO 8601 timestamp or epoch seconds');
      return d;
    }
    default:
      return text;
  }
}

function invalidParameterValue(value: string, path: string, reason: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${value} for parameter ${path} is invalid. Reason: ${reason}.`);
}

/** The XML response of a successful call. */
export function encodeXmlResponse(model: ServiceModel, operation: string, value: unknown, requestId: string): string {
  const op = model.operations[operation]!;
  const ns = model.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  let result = '';
  if (op.output && isObject(value)) {
    const wrapper = op.resultWrapper ?? `${operation}Result`;
    result = `<${wrapper}>${writeMembers(model, shapeOf(model, op.output), value)}</${wrapper}>`;
  }
  return (
    `<?xml version="1.0"?>\n<${operation}Response${ns}>${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>\n`
  );
}

/** The XML error body: Type (Sender or Receiver), Code, Message, and the request id. */
export function encodeXmlError(model: ServiceModel | undefined, e: { code: string; message: string; senderFault: boolean }, requestId: string): string {
  const ns = model?.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  return (
    `<?xml version="1.0"?>\n<ErrorResponse${ns}><Error><Type>${e.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message><Detail/></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>\n`
  );
}

function writeMembers(model: ServiceModel, shape: Shape, value: Json): string {
  let out = '';
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    const target = memberShape(model, ref);
    out += writeNamed(model, target, wireName(ref, target, member), v);
  }
  return out;
}

function writeNamed(model: ServiceModel, shape: Shape, name: string, value: unknown): string {
  switch (shape.type) {
    case 'structure':
      return isObject(value) ? `<${name}>${writeMembers(model, shape, value)}</${name}>` : '';
    case 'list': {
      if (!Array.isArray(value)) return '';
      const member = shapeOf(model, shape.member!.shape);
      if (shape.flattened) {
        const item = itemName(shape) ?? name;
        return value.map((v) => writeNamed(model, member, item, v)).join('');
      }
      const item = itemName(shape) ?? 'member';
      return `<${name}>${value.map((v) => writeNamed(model, member, item, v)).join('')}</${name}>`;
    }
    case 'map': {
      if (!isObject(value)) return '';
      const keyName = shape.key!.queryName ?? shape.key!.locationName ?? 'key';
      const valueName = shape.value!.queryName ?? shape.value!.locationName ?? 'value';
      const valueShape = shapeOf(model, shape.value!.shape);
      const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => `<${keyName}>${escapeXml(k)}</${keyName}>${writeNamed(model, valueShape, valueName, v)}`);
      if (shape.flattened) return entries.map((e) => `<${name}>${e}</${name}>`).join('');
      return `<${name}>${entries.map((e) => `<entry>${e}</entry>`).join('')}</${name}>`;
    }
    default: {
      const text = scalarText(shape, value);
      return text === undefined ? '' : `<${name}>${text}</${name}>`;
    }
  }
}

function scalarText(shape: Shape, value: unknown): string | undefined {
  switch (shape.type) {
    case 'blob':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : escapeXml(String(value));
    case 'timestamp': {
      const d = value instanceof Date ? value : parseWireTimestamp(value);
      return d ? d.toISOString() : undefined;
    }
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return escapeXml(String(value));
  }
}

/**
 * Escapes text for an XML element; a carriage return is kept as a character reference so
 * parsers do not fold it. A character XML 1.0 cannot carry at all (inputs refuse them, but an
 * error may quote what it refused) becomes U+FFFD, so that the answer stays readable.
 */
export function escapeXml(s: string): string {
  return s.replace(ESCAPED, (c) => XML_ESCAPES[c] ?? '\uFFFD');
}

// (a carriage return is an XML character: the first alternative takes it)
const ESCAPED = new RegExp(`[&<>"\\r]|[^${XML_CHARS}]`, 'gu');

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;' };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

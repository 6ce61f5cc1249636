/**
 * What the server's protocol tests share: an in-process server on a fresh state file, and
 * plain HTTP clients (fetch, raw sockets, node:http2) that speak each protocol by hand, so the
 * tests see exactly the bytes a client would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as h2connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceModel, Shape } from '../../src/model/types.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

export interface TestServer extends RunningServer {
  dir: string;
  db: string;
  /** the lines the server logged */
  logs: string[];
  /** closes the server and removes its directory */
  stop(): Promise<void>;
}

export async function testServer(opts: Omit<ServerOptions, 'db' | 'port'> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-server-'));
  const db = join(dir, 'state.db');
  const logs: string[] = [];
  const server = await startServer({ port: 0, db, log: (l) => logs.push(l), ...opts });
  let stopped = false;
  return {
    url: server.url,
    port: server.port,
    stateFile: server.stateFile,
    close: () => server.close(),
    dir,
    db,
    logs,
    async stop() {
      if (!stopped) {
        stopped = true;
        await server.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** the body parsed as JSON (undefined when it is not JSON) */
  json: Record<string, unknown> | undefined;
}

async function reply(r: Response): Promise<Reply> {
  const text = await r.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

/** A SigV4-looking Authorization header (unverified unless the server checks signatures). */
export function authorization(opts: { accessKeyId?: string; region?: string; service?: string } = {}): string {
  const { accessKeyId = 'AKIDEXAMPLE', region = 'us-east-1', service = 'sqs' } = opts;
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

export interface CallOptions {
  headers?: Record<string, string>;
  region?: string;
  accessKeyId?: string;
  signal?: AbortSignal;
  /** the path to post to (default /) */
  path?: string;
}

function authHeaders(service: string, o: CallOptions): Record<string, string> {
  return o.region || o.accessKeyId ? { authorization: authorization({ region: o.region, accessKeyId: o.accessKeyId, service }) } : {};
}

/** An SQS call in JSON 1.0, as current SDKs make it. */
export async function sqsJson(url: string, operation: string, input: unknown = {}, o: CallOptions = {}): Promise<Reply> {
  const r = await fetch(`${url}${o.path ?? '/'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${operation}`,
      ...authHeaders('sqs', o),
      ...o.headers,
    },
    body: JSON.stringify(input),
    signal: o.signal,
  });
  return reply(r);
}

/** A Kinesis call in JSON 1.1. */
export async function kinesisJson(url: string, operation: string, input: unknown = {}, o: CallOptions = {}): Promise<Reply> {
  const r = await fetch(`${url}${o.path ?? '/'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      ...authHeaders('kinesis', o),
      ...o.headers,
    },
    body: JSON.stringify(input),
    signal: o.signal,
  });
  return reply(r);
}

/** A query-protocol call as a form POST (SNS, or SQS before late 2023). */
export async function queryPost(url: string, params: Record<string, string>, o: CallOptions & { service?: 'sqs' | 'sns' } = {}): Promise<Reply> {
  const r = await fetch(`${url}${o.path ?? '/'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...authHeaders(o.service ?? 'sqs', o), ...o.headers },
    body: new URLSearchParams(params).toString(),
    signal: o.signal,
  });
  return reply(r);
}

/** The text of the first element of this name in an XML document. */
export function xmlText(xml: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xml);
  return m ? m[1] : undefined;
}

/** Every text of elements of this name. */
export function xmlTexts(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) => m[1]!);
}

/**
 * Writes bytes on a fresh TCP connection and collects everything until the server closes it
 * (or `until` says the collected bytes are enough, when the connection is closed from here).
 */
export function rawExchange(
  port: number,
  chunks: (Buffer | string)[],
  until?: (received: Buffer) => boolean,
  opts: { paced?: boolean } = {},
): Promise<{ data: Buffer; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let done = false;
    socket.on('connect', async () => {
      if (!opts.paced) {
        for (const c of chunks) socket.write(c);
        return;
      }
      // each chunk its own segment, one turn of the event loop apart
      socket.setNoDelay(true);
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        await new Promise((r) => setImmediate(r));
      }
    });
    socket.on('data', (d: Buffer) => {
      parts.push(d);
      if (!done && until?.(Buffer.concat(parts))) {
        done = true;
        socket.destroy();
        resolve({ data: Buffer.concat(parts), closedByServer: false });
      }
    });
    socket.on('error', (e) => {
      if (!done) reject(e);
    });
    socket.on('close', () => {
      if (!done) {
        done = true;
        resolve({ data: Buffer.concat(parts), closedByServer: true });
      }
    });
  });
}

/** Count of complete HTTP/1.1 responses (with Content-Length bodies) in a byte stream. */
export function http1Responses(data: Buffer): { status: number; headers: Record<string, string>; body: string }[] {
  const out: { status: number; headers: Record<string, string>; body: string }[] = [];
  let rest = data.toString('latin1');
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.slice(0, end).split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0]!)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (rest.length < end + 4 + length) break;
    out.push({ status, headers, body: Buffer.from(rest.slice(end + 4, end + 4 + length), 'latin1').toString('utf8') });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

/** One HTTP/2 request over a prior-knowledge (h2c) session. */
export function h2Request(
  session: ClientHttp2Session,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': 'POST', ':path': '/', ...headers });
    const parts: Buffer[] = [];
    let responseHeaders: Record<string, unknown> = {};
    req.on('response', (h) => (responseHeaders = h));
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, body: Buffer.concat(parts) }));
    req.on('error', reject);
    req.end(body);
  });
}

export function h2Session(url: string): ClientHttp2Session {
  return h2connect(url);
}

/**
 * Waits for a condition that another process brings about: looks again every few
 * milliseconds, up to a generous overall limit (a failure, never a timing assertion).
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, limitMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * An input as query parameters, by botocore's rules (flattened lists and maps under their
 * items' names, others as member.N and entry.N.key/value). The server's reading of these is
 * checked against botocore's own serializer in query.test.ts; this is for driving calls.
 */
export function toQueryParams(model: ServiceModel, operation: string, input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { Action: operation, Version: model.apiVersion };
  const inputShape = model.operations[operation]?.input;
  if (inputShape) writeStructure(model, model.shapes[inputShape]!, input, '', out);
  return out;
}

function writeStructure(model: ServiceModel, shape: Shape, value: Record<string, unknown>, prefix: string, out: Record<string, string>): void {
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined) continue;
    const target = model.shapes[ref.shape]!;
    const flattened = Boolean(target.flattened || ref.flattened);
    const wire = ref.queryName ?? ref.locationName ?? target.queryName ?? target.locationName ?? name;
    writeValue(model, target, flattened, v, prefix ? `${prefix}.${wire}` : wire, out);
  }
}

function writeValue(model: ServiceModel, shape: Shape, flattened: boolean, v: unknown, name: string, out: Record<string, string>): void {
  switch (shape.type) {
    case 'structure':
      writeStructure(model, shape, v as Record<string, unknown>, name, out);
      return;
    case 'list': {
      const items = v as unknown[];
      if (items.length === 0) {
        out[name] = '';
        return;
      }
      const itemName = shape.member!.queryName ?? shape.member!.locationName;
      const base = flattened ? (itemName ? name.split('.').slice(0, -1).concat(itemName).join('.') : name) : `${name}.${itemName ?? 'member'}`;
      const member = model.shapes[shape.member!.shape]!;
      items.forEach((item, i) => writeValue(model, member, Boolean(member.flattened), item, `${base}.${i + 1}`, out));
      return;
    }
    case 'map': {
      const base = flattened ? name : `${name}.entry`;
      const key = shape.key!.queryName ?? shape.key!.locationName ?? 'key';
      const valueName = shape.value!.queryName ?? shape.value!.locationName ?? 'value';
      const valueShape = model.shapes[shape.value!.shape]!;
      Object.entries(v as Record<string, unknown>).forEach(([k, x], i) => {
        out[`${base}.${i + 1}.${key}`] = k;
        writeValue(model, valueShape, Boolean(valueShape.flattened), x, `${base}.${i + 1}.${valueName}`, out);
      });
      return;
    }
    case 'blob':
      out[name] = Buffer.isBuffer(v) ? v.toString('base64') : String(v);
      return;
    case 'timestamp':
      out[name] = v instanceof Date ? v.toISOString() : String(v);
      return;
    default:
      out[name] = String(v);
  }
}

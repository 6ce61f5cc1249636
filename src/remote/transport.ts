/**
 * Sending one HTTP request to an endpoint, with the AWS CLI's timeouts (--cli-connect-timeout,
 * --cli-read-timeout, 60 s each by default, 0 for none), TLS settings (--no-verify-ssl,
 * --ca-bundle) and its messages for what goes wrong on the way, which it prints with exit
 * status 255: `Could not connect to the endpoint URL: "http://127.0.0.1:1/"`, `Read timeout on
 * endpoint URL: "..."`. Responses are read whole, or as a stream of chunks (event streams);
 * HTTPS event streams go over HTTP/2, as AWS requires for SubscribeToShard.
 */
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';

/** A failure on the way to or from the endpoint (not an answer of the service). */
export class TransportError extends Error {
  constructor(
    message: string,
    /** worth another attempt (the AWS CLI retries connection errors and timeouts) */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export const endpointConnectionError = (url: string): TransportError =>
  new TransportError(`Could not connect to the endpoint URL: "${url}"`, true);
export const connectTimeoutError = (url: string): TransportError => new TransportError(`Connect timeout on endpoint URL: "${url}"`, true);
export const readTimeoutError = (url: string): TransportError => new TransportError(`Read timeout on endpoint URL: "${url}"`, true);
export const connectionClosedError = (url: string): TransportError =>
  new TransportError(`Connection was closed before we received a valid response from endpoint URL: "${url}".`, true);
export const sslError = (url: string, detail: string): TransportError => new TransportError(`SSL validation failed for ${url} ${detail}`, false);

/** A response the client cannot read (not the protocol it expects). */
export class ResponseParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

export interface TransportOptions {
  /** false: do not verify TLS certificates (--no-verify-ssl) */
  verifySsl: boolean;
  /** PEM certificates to trust instead of Node's (--ca-bundle, AWS_CA_BUNDLE, ca_bundle) */
  ca?: string | Buffer;
  /** milliseconds; 0 for no limit */
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export interface OutgoingRequest {
  url: URL;
  method: string;
  /** header names in lower case; `host` included (it is signed) */
  headers: Record<string, string>;
  body: Buffer;
}

export interface IncomingResponse {
  status: number;
  statusText: string;
  /** lower-case names */
  headers: Record<string, string>;
  /** the whole body, or (for a streamed response) the chunks as they arrive */
  body?: Buffer;
  stream?: AsyncIterable<Buffer>;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|HOSTNAME|ALTNAME|SSL|EPROTO/;
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN']);

/** The AWS CLI's message for a socket error, by when it happened. */
function classify(e: NodeJS.ErrnoException, url: string, connected: boolean): TransportError {
  const code = e.code ?? '';
  if (TLS_CODES.test(code) || /certificate|SSL|TLS/i.test(e.message)) return sslError(url, e.message);
  if (!connected || CONNECT_CODES.has(code)) return endpointConnectionError(url);
  return connectionClosedError(url);
}

/** Keep-alive agents, one per kind and TLS setting, shared by the calls of one process. */
const agents = new Map<string, http.Agent>();
function agentFor(url: URL, opts: TransportOptions): http.Agent {
  const key = `${url.protocol}${opts.verifySsl}${opts.ca ? 'ca' : ''}`;
  let agent = agents.get(key);
  if (!agent) {
    agent =
      url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, rejectUnauthorized: opts.verifySsl, ...(opts.ca ? { ca: opts.ca } : {}) })
        : new http.Agent({ keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Sends the request; resolves with the response (whole, or streamed when `stream` is set and
 * the status is 200). Rejects with a TransportError; an aborted `signal` rejects with an
 * AbortError.
 */
export function send(req: OutgoingRequest, opts: TransportOptions, signal?: AbortSignal, stream = false): Promise<IncomingResponse> {
  if (stream && req.url.protocol === 'https:') return sendHttp2(req, opts, signal);
  const href = req.url.href;
  return new Promise<IncomingResponse>((resolve, reject) => {
    let connected = false;
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const fail = (e: Error): void => {
      if (connectTimer) clearTimeout(connectTimer);
      if (settled) return;
      settled = true;
      reject(e);
    };
    const mod = req.url.protocol === 'https:' ? https : http;
    const out = mod.request(
      {
        protocol: req.url.protocol,
        hostname: req.url.hostname.replace(/^\[|\]$/g, ''),
        port: req.url.port || undefined,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: agentFor(req.url, opts),
        signal,
      },
      (res) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const base = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers };
        if (stream && base.status === 200) {
          settled = true;
          resolve({ ...base, stream: chunks(res, href, () => out.destroy()) });
          return;
        }
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({ ...base, body: Buffer.concat(parts) });
        });
        res.on('error', (e) => fail(signal?.aborted ? e : connectionClosedError(href)));
        res.on('aborted', () => fail(connectionClosedError(href)));
      },
    );
    const onConnected = (): void => {
      connected = true;
      if (connectTimer) clearTimeout(connectTimer);
      if (opts.readTimeoutMs > 0) out.setTimeout(opts.readTimeoutMs, () => out.destroy(readTimeoutError(href)));
    };
    if (opts.connectTimeoutMs > 0) connectTimer = setTimeout(() => out.destroy(connectTimeoutError(href)), opts.connectTimeoutMs);
    out.on('socket', (socket) => {
      if (!(socket as { connecting?: boolean }).connecting) onConnected();
      else socket.once(req.url.protocol === 'https:' ? 'secureConnect' : 'connect', onConnected);
    });
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof TransportError || e.name === 'AbortError') fail(e);
      else fail(classify(e, href, connected));
    });
    out.end(req.body);
  });
}

/**
 * The chunks of a streamed response body (HTTP/1.1 or an HTTP/2 stream); the read timeout
 * still applies between them. `done` releases the connection, however the reading ends.
 */
async function* chunks(body: AsyncIterable<unknown>, href: string, done: () => void): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk as Buffer;
  } catch (e) {
    if ((e as Error).name === 'AbortError' || e instanceof TransportError) throw e;
    throw connectionClosedError(href);
  } finally {
    done();
  }
}

/** One request over HTTP/2 (TLS), its response streamed. */
function sendHttp2(req: OutgoingRequest, opts: TransportOptions, signal?: AbortSignal): Promise<IncomingResponse> {
  const href = req.url.href;
  return new Promise<IncomingResponse>((resolve, reject) => {
    let settled = false;
    const session = http2.connect(req.url.origin, { rejectUnauthorized: opts.verifySsl, ...(opts.ca ? { ca: opts.ca } : {}) });
    const connectTimer = opts.connectTimeoutMs > 0 ? setTimeout(() => session.destroy(connectTimeoutError(href)), opts.connectTimeoutMs) : undefined;
    let connected = false;
    const fail = (e: Error): void => {
      if (connectTimer) clearTimeout(connectTimer);
      session.destroy();
      if (settled) return;
      settled = true;
      reject(e);
    };
    session.on('connect', () => {
      connected = true;
      if (connectTimer) clearTimeout(connectTimer);
    });
    session.on('error', (e: NodeJS.ErrnoException) => fail(e instanceof TransportError ? e : classify(e, href, connected)));
    const { host: _host, ...headers } = req.headers;
    const stream = session.request({ ':method': req.method, ':path': `${req.url.pathname}${req.url.search}`, ...headers }, { signal });
    if (opts.readTimeoutMs > 0) stream.setTimeout(opts.readTimeoutMs, () => stream.destroy(readTimeoutError(href)));
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof TransportError || e.name === 'AbortError') fail(e);
      else fail(classify(e, href, connected));
    });
    stream.on('response', (h) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) if (!k.startsWith(':') && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const status = Number(h[':status'] ?? 0);
      if (status === 200) {
        settled = true;
        resolve({ status, statusText: '', headers, stream: chunks(stream, href, () => session.close()) });
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () => {
        session.close();
        if (settled) return;
        settled = true;
        resolve({ status, statusText: '', headers, body: Buffer.concat(parts) });
      });
    });
    stream.end(req.body);
  });
}

/**
 * One cleartext port for HTTP/1.1 and HTTP/2 alike. The current AWS SDK for JavaScript talks
 * HTTP/2 with prior knowledge (h2c) to Kinesis, every other client HTTP/1.1; Node's HTTP/2
 * server needs TLS to negotiate both, so each connection is told apart by its first bytes
 * (the HTTP/2 connection preface, "PRI * HTTP/2.0") and handed to the matching server: HTTP/2
 * to Node's, HTTP/1.1 to the server's own reader (src/server/http1.ts), which leaves what it
 * does not read to Node's.
 */
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { drained, KEEP_ALIVE_MS, serveHttp1, type Http1Hooks } from './http1.js';
import type { WireRequest, WireResponse } from './wire.js';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export interface ListenerOptions {
  host: string;
  port: number;
  /** the largest request body taken; larger ones get `tooLarge` */
  maxBodyBytes: number;
  /** how long close() lets answers already written reach clients that read slowly (5 s) */
  closeFlushMs?: number;
  handle(req: WireRequest): Promise<WireResponse>;
  tooLarge(req: WireRequest): WireResponse;
}

export interface Listener {
  readonly port: number;
  readonly host: string;
  /** stops accepting, aborts every request in flight (long polls answer empty), waits for them, closes connections */
  close(): Promise<void>;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

export function listen(opts: ListenerOptions): Promise<Listener> {
  const inFlight = new Set<{ abort(): void; done: Promise<void>; reading: boolean; cut(): void }>();
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  let closing = false;

  /** A request in flight, from its start until its response is written or abandoned. */
  const track = (reading: boolean, cut: () => void) => {
    const stop = new LazyAbort();
    let finish!: () => void;
    const entry = { abort: () => stop.abort(), done: new Promise<void>((r) => (finish = r)), reading, cut };
    inFlight.add(entry);
    if (closing) stop.abort();
    return {
      stop,
      entry,
      end: () => {
        inFlight.delete(entry);
        finish();
      },
    };
  };

  const onRequest = (req: AnyRequest, res: AnyResponse): void => {
    // while its body is still coming, a request can only be cut off (a stalled upload must not hold close())
    const { stop, entry, end } = track(true, () => void req.destroy());
    // the client went away before the response was complete (an HTTP/2 reset reports
    // writableFinished too, so ask whether we ended it): whatever still runs for it stops
    res.on('close', () => {
      if (!res.writableEnded) stop.abort();
    });
    serve(req, res, stop, opts, () => (entry.reading = false))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      })
      .finally(end);
  };

  const h1 = createHttp1Server({ keepAliveTimeout: KEEP_ALIVE_MS }, onRequest);
  const h2 = createHttp2Server({}, onRequest);
  h2.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  // Node's HTTP/1.1 server takes what the fast path leaves (src/server/http1.ts)
  const handOff = (socket: Socket, unread: Buffer): void => {
    socket.pause();
    if (unread.length > 0) socket.unshift(unread);
    h1.emit('connection', socket);
    socket.resume();
  };
  const hooks: Http1Hooks = {
    maxBodyBytes: opts.maxBodyBytes,
    // its body already read whole
    begin: (cut) => track(false, cut),
    respond: (head, body, stop) => opts.handle(wireRequest(head.method, head.url, head.headers, body, stop, opts)),
    handOff,
    date: httpDates(),
  };

  // Nagle's algorithm off, as Node's own HTTP servers have it (they set it when they accept,
  // and here the accepting server is this one): a small response must not wait for an ACK
  const net: Server = createNetServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head: Buffer = Buffer.alloc(0);
    // a connection that says nothing is not held for ever
    const silent = (): void => void socket.destroy();
    socket.setTimeout(KEEP_ALIVE_MS);
    socket.once('timeout', silent);
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      const h2c = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (h2c && head.length < PREFACE.length) return; // not enough to tell yet
      socket.removeListener('data', onData);
      socket.removeListener('timeout', silent);
      socket.setTimeout(0);
      if (h2c) {
        socket.pause();
        // Node's HTTP/2 turns Nagle's algorithm off on a socket it is given, but not through
        // the wrapper: with it on, each small frame (a WINDOW_UPDATE) waits for the peer's
        // delayed ACK, and a megabyte takes a second to cross
        socket.setNoDelay(true);
        h2.emit('connection', replaying(socket, head));
      } else {
        serveHttp1(socket, head, hooks);
      }
    };
    socket.on('data', onData);
  });

  return new Promise((resolve, reject) => {
    net.once('error', reject);
    net.listen(opts.port, opts.host, () => {
      net.removeListener('error', reject);
      const address = net.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      resolve({
        port,
        host: opts.host,
        async close(): Promise<void> {
          closing = true;
          const stopped = new Promise<void>((r) => net.close(() => r()));
          for (const r of inFlight) {
            r.abort();
            if (r.reading) r.cut();
          }
          await Promise.all([...inFlight].map((r) => r.done));
          h1.closeIdleConnections();
          for (const s of sessions) s.close();
          // an answer still on its way out (a long poll's, answered as the server stopped) is
          // sent before its connection ends; a client that stops reading waits no longer than this
          const flushing: Promise<void>[] = [];
          for (const s of sockets) {
            if (s.destroyed || s.writableLength === 0) s.destroy();
            else flushing.push(endAfterFlush(s, opts.closeFlushMs ?? CLOSE_FLUSH_MS));
          }
          await Promise.all(flushing);
          await stopped;
        },
      });
    });
  });
}

/** How long close() lets answers already written reach clients that read slowly. */
const CLOSE_FLUSH_MS = 5_000;

/** Ends a socket once what is written has gone, or destroys it after `limitMs` (wall time). */
function endAfterFlush(socket: Socket, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), limitMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    // after the FIN, the client's own close (or its reset) closes the socket
    socket.end(() => socket.destroySoon());
  });
}

/**
 * A request's AbortSignal, made only when something asks for it: most requests never wait,
 * and making and aborting a signal for each one (an AbortError with its stack) costs more
 * than the rest of a SendMessage.
 */
class LazyAbort {
  private controller: AbortController | undefined;
  private stopped = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort();
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.stopped;
  }

  abort(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.controller?.abort();
  }
}

/**
 * A stream over the socket that first gives back the bytes already read: Node's HTTP/2
 * session reads the socket's handle directly and would miss what was unshifted.
 */
function replaying(socket: Socket, head: Buffer): Duplex {
  const d = new Duplex({
    read: () => void socket.resume(),
    write: (chunk, encoding, cb) => void socket.write(chunk, encoding, cb),
    final: (cb) => {
      socket.end();
      cb();
    },
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!d.push(chunk)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('close', () => d.destroy());
  socket.resume();
  return d;
}

async function serve(req: AnyRequest, res: AnyResponse, stop: LazyAbort, opts: ListenerOptions, bodyRead: () => void): Promise<void> {
  const headers = req.headers as Record<string, string | undefined>;
  const wire = wireRequest(req.method ?? 'GET', req.url ?? '/', headers, Buffer.alloc(0), stop, opts);
  const declared = Number(headers['content-length'] ?? 0);
  let response: WireResponse;
  if (declared > opts.maxBodyBytes) {
    bodyRead();
    response = opts.tooLarge(wire);
    req.resume();
    if ('shouldKeepAlive' in res) res.shouldKeepAlive = false;
  } else {
    const body = await readBody(req, opts.maxBodyBytes);
    bodyRead();
    // the client went away before its body was complete: a cut body is not a request to run
    if (body === ABORTED) return;
    if (body === TOO_LARGE) {
      response = opts.tooLarge(wire);
      if ('shouldKeepAlive' in res) res.shouldKeepAlive = false;
    } else {
      wire.body = body;
      response = await opts.handle(wire);
    }
  }
  await write(res, response, stop);
}

/** The request the protocols see, from either HTTP server. */
function wireRequest(
  method: string,
  url: string,
  headers: Record<string, string | undefined>,
  body: Buffer,
  stop: { readonly signal: AbortSignal },
  opts: ListenerOptions,
): WireRequest {
  const q = url.indexOf('?');
  const host = headers['host'] ?? headers[':authority'] ?? `${opts.host}:${opts.port}`;
  return {
    method,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body,
    origin: `http://${host}`,
    get signal() {
      return stop.signal;
    },
  };
}

/** The HTTP Date header's value, made once a second (wall time, as HTTP means). */
function httpDates(): () => string {
  let second = -1;
  let text = '';
  return () => {
    const now = Date.now();
    const s = Math.floor(now / 1000);
    if (s !== second) {
      second = s;
      text = new Date(now).toUTCString();
    }
    return text;
  };
}

const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

/** The whole body; TOO_LARGE once it grows past `limit`; ABORTED when the client goes before its end. */
function readBody(req: AnyRequest, limit: number): Promise<Buffer | typeof TOO_LARGE | typeof ABORTED> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? TOO_LARGE : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', () => resolve(ABORTED));
    req.on('aborted', () => resolve(ABORTED));
    // closed without 'end' (an HTTP/2 stream reset, a socket gone): the first of these settles it
    req.on('close', () => resolve(ABORTED));
  });
}

async function write(res: AnyResponse, response: WireResponse, stop: LazyAbort): Promise<void> {
  if (gone(res)) return;
  if (!response.stream) {
    const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
    const headers: Record<string, string | number> = { ...response.headers };
    if (body) headers['content-length'] = body.length;
    (res as ServerResponse).writeHead(response.status, headers);
    (res as ServerResponse).end(body);
    return;
  }
  (res as ServerResponse).writeHead(response.status, response.headers);
  // send the headers now: a subscriber waits for them before the first event
  (res as ServerResponse).flushHeaders?.();
  for await (const chunk of response.stream) {
    if (stop.aborted || gone(res)) break;
    if (!(res as ServerResponse).write(chunk) && !stop.aborted && !gone(res)) await drained(res, stop);
  }
  if (!gone(res)) res.end();
}

/** The response can no longer be written (its socket or HTTP/2 stream is gone). */
function gone(res: AnyResponse): boolean {
  return res.destroyed || ('stream' in res && res.stream.destroyed);
}

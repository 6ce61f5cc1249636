/**
 * HTTP/1.1 for the requests clients send most, without Node's HTTP server: a GET or POST with
 * its body's length declared (or no body), read whole, answered whole or in chunks. Node's
 * server builds a request and a response stream, their events and timers for every request,
 * which costs more than a SendMessage's own work. Anything else (a chunked or oversized
 * body, Expect, Upgrade, HTTP/1.0, a repeated header, a malformed head) is handed, with the
 * bytes not yet answered, to Node's HTTP server, which answers it and the rest of that
 * connection as it always did.
 */
import { STATUS_CODES } from 'node:http';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { WireResponse } from './wire.js';

/** A request head as read off the connection. */
export interface Http1Head {
  method: string;
  /** the request target as sent: path and query */
  url: string;
  /** header names in lower case */
  headers: Record<string, string>;
  /** the declared body length (0 when none is declared) */
  length: number;
  keepAlive: boolean;
}

/** Whether a request is still wanted: aborted when its client goes away. */
export interface Stop {
  readonly aborted: boolean;
  readonly signal: AbortSignal;
  abort(): void;
}

export interface Http1Hooks {
  maxBodyBytes: number;
  /** starts tracking a request in flight; `end` when its response is written or abandoned */
  begin(cut: () => void): { stop: Stop; end(): void };
  /** answers one complete request */
  respond(head: Http1Head, body: Buffer, stop: Stop): Promise<WireResponse>;
  /** gives the connection, and the bytes read but not answered, to Node's HTTP server */
  handOff(socket: Socket, unread: Buffer): void;
  /** the HTTP Date header's value, now */
  date(): string;
}

/** Node's own limit on a request head; a longer one goes to Node's server, which answers 431. */
const MAX_HEAD_BYTES = 16 * 1024;
/** An idle keep-alive connection is closed after this long, as Node's server was set to do. */
export const KEEP_ALIVE_MS = 65_000;
/** Bytes of later requests held while one is answered; past this, reading waits. */
const MAX_PIPELINED_BYTES = 64 * 1024;
/** A request must arrive whole within this long once it has begun, as Node's server's requestTimeout. */
const REQUEST_DEADLINE_MS = 300_000;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

/** Serves a connection whose first bytes (`first`) are not HTTP/2's preface. */
export function serveHttp1(socket: Socket, first: Buffer, hooks: Http1Hooks): void {
  let chunks: Buffer[] = first.length > 0 ? [first] : [];
  let buffered = first.length;
  /** a head read whose body is still coming: the bytes needed in all */
  let waiting: { head: Http1Head; bodyAt: number } | undefined;
  let busy = false;
  let gone = false;
  let current: Stop | undefined;
  /** closes a connection whose request has been arriving for too long (as Node's requestTimeout) */
  let deadline: NodeJS.Timeout | undefined;

  const unread = (): Buffer => {
    if (chunks.length > 1) chunks = [Buffer.concat(chunks, buffered)];
    return chunks[0] ?? EMPTY;
  };
  const keep = (rest: Buffer): void => {
    chunks = rest.length > 0 ? [rest] : [];
    buffered = rest.length;
  };
  const onData = (chunk: Buffer): void => {
    if (gone) return;
    chunks.push(chunk);
    buffered += chunk.length;
    if (!busy) next();
    // pipelined bytes wait in the socket, not here, while a request is answered
    else if (buffered > MAX_PIPELINED_BYTES) socket.pause();
  };
  const onClose = (): void => {
    gone = true;
    clearDeadline();
    current?.abort();
  };
  const onTimeout = (): void => {
    if (!busy) socket.destroy();
  };
  const clearDeadline = (): void => {
    if (deadline !== undefined) clearTimeout(deadline);
    deadline = undefined;
  };
  const detach = (): void => {
    socket.removeListener('data', onData);
    socket.removeListener('close', onClose);
    socket.removeListener('timeout', onTimeout);
    socket.setTimeout(0);
    clearDeadline();
  };
  const handOff = (): void => {
    gone = true;
    detach();
    const rest = unread();
    keep(EMPTY);
    hooks.handOff(socket, rest);
  };

  function next(): void {
    while (!busy && !gone) {
      if (!waiting) {
        if (buffered === 0) return;
        const bytes = unread();
        const end = bytes.indexOf(HEAD_END);
        if (end < 0) {
          // what cannot become a plain request goes to Node's server now, not at the head's limit
          if (buffered > MAX_HEAD_BYTES || !plausibleStart(bytes)) handOff();
          else startDeadline();
          return;
        }
        const head = end <= MAX_HEAD_BYTES ? parseHead(bytes.toString('latin1', 0, end)) : undefined;
        if (!head || head.length > hooks.maxBodyBytes) return handOff();
        waiting = { head, bodyAt: end + HEAD_END.length };
      }
      const need = waiting.bodyAt + waiting.head.length;
      if (buffered < need) {
        startDeadline();
        return;
      }
      clearDeadline();
      const bytes = unread();
      const { head, bodyAt } = waiting;
      waiting = undefined;
      keep(bytes.subarray(need));
      busy = true;
      void exchange(head, bytes.subarray(bodyAt, need));
    }
  }

  function startDeadline(): void {
    if (deadline !== undefined) return;
    deadline = setTimeout(() => socket.destroy(), REQUEST_DEADLINE_MS);
    deadline.unref();
  }

  async function exchange(head: Http1Head, body: Buffer): Promise<void> {
    const ticket = hooks.begin(() => socket.destroy());
    current = ticket.stop;
    let keepAlive = head.keepAlive;
    let started = false;
    try {
      const response = await hooks.respond(head, body, ticket.stop);
      if (!gone && !socket.destroyed) {
        started = true;
        await writeResponse(socket, response, keepAlive, ticket.stop, hooks.date());
        // the next request waits until the client has taken this answer
        if (socket.writableNeedDrain && !socket.destroyed && !ticket.stop.aborted) await drained(socket, ticket.stop);
      }
    } catch {
      if (started) socket.destroy();
      else if (!gone && !socket.destroyed) writeWhole(socket, 500, {}, EMPTY, false, hooks.date());
      keepAlive = false;
    } finally {
      current = undefined;
      ticket.end();
      busy = false;
    }
    if (gone || socket.destroyed) return;
    if (!keepAlive) {
      gone = true;
      detach();
      socket.destroySoon();
      return;
    }
    if (socket.isPaused()) socket.resume();
    next();
  }

  socket.on('data', onData);
  socket.on('close', onClose);
  socket.on('timeout', onTimeout);
  socket.setTimeout(KEEP_ALIVE_MS);
  next();
}

const REQUEST_LINE = /^(GET|POST) ([\x21-\x7e]+) HTTP\/1\.1$/;
/** Headers the fast path leaves to Node's server, with what they ask for. */
const HANDED_OFF = new Set(['transfer-encoding', 'expect', 'upgrade', 'http2-settings']);

/** The head of a plain request; undefined for anything Node's server should judge. */
export function parseHead(text: string): Http1Head | undefined {
  let eol = text.indexOf('\r\n');
  const line = REQUEST_LINE.exec(eol < 0 ? text : text.slice(0, eol));
  if (!line) return undefined;
  const headers: Record<string, string> = {};
  let length = 0;
  let keepAlive = true;
  while (eol >= 0) {
    const from = eol + 2;
    eol = text.indexOf('\r\n', from);
    const to = eol < 0 ? text.length : eol;
    const colon = headerName(text, from, to);
    if (colon < 0) return undefined;
    const at = colon & ~UPPER;
    let name = text.slice(from, at);
    if (colon & UPPER) name = name.toLowerCase();
    if (HANDED_OFF.has(name) || headers[name] !== undefined) return undefined;
    const value = headerValue(text, at + 1, to);
    if (value === undefined) return undefined;
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) return undefined;
      length = Number(value);
    } else if (name === 'connection') {
      for (const token of value.toLowerCase().split(',')) {
        const t = token.trim();
        if (t === 'close') keepAlive = false;
        else if (t !== 'keep-alive') return undefined;
      }
    }
    headers[name] = value;
  }
  // HTTP/1.1 requires Host; Node's server answers its absence with 400
  if (headers['host'] === undefined) return undefined;
  return { method: line[1]!, url: line[2]!, headers, length, keepAlive };
}

/** Marks headerName's answer when the name has capitals. */
const UPPER = 1 << 30;
/** token characters (RFC 9110), by character code */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 2;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** Where the name of the header line text[from, to) ends (its colon), with UPPER set when it has capitals; -1 when it is no token followed by a colon. */
function headerName(text: string, from: number, to: number): number {
  let upper = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return i === from ? -1 : i | upper;
    const kind = c < 128 ? TCHAR[c]! : 0;
    if (kind === 0) return -1;
    if (kind === 2) upper = UPPER;
  }
  return -1;
}

/** The value of text[from, to) without its surrounding spaces and tabs; undefined when it holds a control character (a bare CR or LF among them). */
function headerValue(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f || c > 0xff) return undefined;
  }
  while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
  while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
  return text.slice(from, to);
}

/** Whether a head still arriving can become a plain request: its first line, and no control bytes. */
function plausibleStart(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) return false;
    // line ends are CRLF: a bare LF, or a CR before anything but LF, is for Node's server to refuse
    if (b === 10 && bytes[i - 1] !== 13) return false;
    if (b === 13 && i + 1 < bytes.length && bytes[i + 1] !== 10) return false;
  }
  const lineEnd = bytes.indexOf('\r\n', 0, 'latin1');
  const first = bytes.toString('latin1', 0, lineEnd < 0 ? bytes.length : lineEnd);
  if (lineEnd >= 0) return REQUEST_LINE.test(first);
  return 'GET '.startsWith(first.slice(0, 4)) || 'POST '.startsWith(first.slice(0, 5));
}


const UNSAFE_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const UNSAFE_VALUES = /[^\t\x20-\x7e\x80-\xff]/g;

function headText(status: number, headers: Record<string, string>, date: string, keepAlive: boolean): string {
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
  for (const name in headers) {
    const value = headers[name]!;
    // a header is one line of latin1: nothing a response carries may break it
    text += `${name}: ${UNSAFE_VALUE.test(value) ? value.replace(UNSAFE_VALUES, '') : value}\r\n`;
  }
  return `${text}Date: ${date}\r\nConnection: ${keepAlive ? `keep-alive\r\nKeep-Alive: timeout=${KEEP_ALIVE_MS / 1000}` : 'close'}\r\n`;
}

function writeWhole(socket: Socket, status: number, headers: Record<string, string>, body: Buffer | string, keepAlive: boolean, date: string): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const head = `${headText(status, headers, date, keepAlive)}Content-Length: ${length}\r\n\r\n`;
  if (typeof body === 'string') {
    // one write: the head is ASCII, so the whole is the body's UTF-8 after it
    socket.write(head + body, 'utf8');
    return;
  }
  socket.cork();
  socket.write(head, 'latin1');
  if (length > 0) socket.write(body);
  socket.uncork();
}

async function writeResponse(socket: Socket, response: WireResponse, keepAlive: boolean, stop: Stop, date: string): Promise<void> {
  if (!response.stream) {
    writeWhole(socket, response.status, response.headers, response.body ?? EMPTY, keepAlive, date);
    return;
  }
  socket.write(`${headText(response.status, response.headers, date, keepAlive)}Transfer-Encoding: chunked\r\n\r\n`, 'latin1');
  for await (const chunk of response.stream) {
    if (stop.aborted || socket.destroyed) break;
    if (chunk.length === 0) continue; // an empty chunk would end the body
    socket.cork();
    socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
    socket.write(chunk);
    socket.write('\r\n', 'latin1');
    socket.uncork();
    if (socket.writableNeedDrain && !stop.aborted && !socket.destroyed) await drained(socket, stop);
  }
  if (!socket.destroyed) socket.write('0\r\n\r\n', 'latin1');
}

/**
 * Until a stream (a socket, a response) takes more, closes, or the request is stopped: a
 * client that stops reading must not hold the server's close.
 */
export function drained(stream: EventEmitter, stop: Pick<Stop, 'signal'>): Promise<void> {
  const signal = stop.signal;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

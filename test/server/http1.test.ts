/**
 * HTTP/1.1 on the port: the plain requests clients send are read by the server's own reader
 * (src/server/http1.ts), everything else by Node's HTTP server, on the same connection. What a
 * client sees must not tell the two apart: heads split anywhere, pipelined requests answered in
 * order across the hand-over, bodies' lengths in bytes, Connection: close honoured, and every
 * malformed head answered 400 or closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as netConnect, createServer as createNetServer, type Socket } from 'node:net';
import { parseHead, serveHttp1, type Http1Hooks } from '../../src/server/http1.js';
import { listen } from '../../src/server/listener.js';
import { eventually, http1Responses, rawExchange, sqsJson, testServer, type TestServer } from './harness.js';

let server: TestServer;
let queueUrl: string;
beforeAll(async () => {
  server = await testServer();
  queueUrl = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'h1' })).json!.QueueUrl as string;
});
afterAll(() => server.stop());

function jsonRequest(operation: string, input: unknown, extra = ''): string {
  const body = JSON.stringify(input);
  return (
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.${operation}\r\nContent-Type: application/x-amz-json-1.0\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`
  );
}

async function drain(): Promise<void> {
  await sqsJson(server.url, 'PurgeQueue', { QueueUrl: queueUrl });
  await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: JSON.stringify({ advance: '61s' }) });
}

describe('the head', () => {
  it('is read however it is split: one byte at a time, body too', async () => {
    const request = jsonRequest('GetQueueUrl', { QueueName: 'h1' });
    const bytes = [...Buffer.from(request)].map((b) => Buffer.from([b]));
    const { data } = await rawExchange(server.port, bytes, (got) => http1Responses(got).length >= 1, { paced: true });
    const [reply] = http1Responses(data);
    expect(reply!.status).toBe(200);
    expect(JSON.parse(reply!.body)).toEqual({ QueueUrl: 'http://127.0.0.1/000000000000/h1' });
  });

  it('answers a body of multi-byte characters with its length in bytes', async () => {
    const body = 'grüße, ✓ and 🚀';
    await sqsJson(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: body });
    const { data } = await rawExchange(server.port, [jsonRequest('ReceiveMessage', { QueueUrl: queueUrl })], (got) => http1Responses(got).length >= 1);
    const [reply] = http1Responses(data);
    expect(reply!.status).toBe(200);
    expect(Number(reply!.headers['content-length'])).toBe(Buffer.byteLength(reply!.body));
    expect((JSON.parse(reply!.body) as { Messages: { Body: string }[] }).Messages[0]!.Body).toBe(body);
    expect(new Date(reply!.headers['date']!).getTime()).not.toBeNaN();
    expect(reply!.headers['connection']).toBe('keep-alive');
    await drain();
  });

  it.each([
    ['a repeated Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['a bare CR inside a header', 'POST / HTTP/1.1\r\nHost: h\rX-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 2\r\n\r\n{}'],
    ['a header name with a space', 'POST / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\nContent-Length: 2\r\n\r\n{}'],
    ['a Content-Length that is no number', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2x\r\n\r\n{}'],
    ['no Host', 'POST / HTTP/1.1\r\nX-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 2\r\n\r\n{}'],
    ['lines ended by a bare LF', 'GET / HTTP/1.1\nHost: x\n\n'],
    ['a head ended by a bare LF', 'GET / HTTP/1.1\r\nHost: x\n\r\n'],
  ])('%s: answered 400 and closed, as Node.js answers it', async (_what, request) => {
    const { data, closedByServer } = await rawExchange(server.port, [request]);
    expect(closedByServer).toBe(true);
    expect(data.toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('the connection', () => {
  it('answers pipelined requests in order across the hand-over to Node.js and back', async () => {
    const chunkedBody = JSON.stringify({ QueueName: 'h1' });
    const chunked =
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\nContent-Type: application/x-amz-json-1.0\r\n' +
      `Transfer-Encoding: chunked\r\n\r\n${chunkedBody.length.toString(16)}\r\n${chunkedBody}\r\n0\r\n\r\n`;
    const requests = [
      jsonRequest('ListQueues', {}),
      chunked,
      jsonRequest('GetQueueUrl', { QueueName: 'missing' }),
      jsonRequest('ListQueues', { QueueNamePrefix: 'h' }),
    ];
    const { data, closedByServer } = await rawExchange(server.port, [requests.join('')], (got) => http1Responses(got).length >= 4);
    expect(closedByServer).toBe(false);
    const replies = http1Responses(data);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 400, 200]);
    expect(JSON.parse(replies[1]!.body)).toEqual({ QueueUrl: 'http://127.0.0.1/000000000000/h1' });
    expect((JSON.parse(replies[2]!.body) as { __type: string }).__type).toMatch(/QueueDoesNotExist$/);
  });

  it('honours Connection: close: answers, says so and closes', async () => {
    const { data, closedByServer } = await rawExchange(server.port, [jsonRequest('ListQueues', {}, 'Connection: close\r\n') + jsonRequest('ListQueues', {})]);
    expect(closedByServer).toBe(true);
    const replies = http1Responses(data);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.headers['connection']).toBe('close');
  });

  it('leaves HTTP/1.0 and Expect: 100-continue to Node.js, which answers them', async () => {
    const old = jsonRequest('ListQueues', {}).replace('HTTP/1.1', 'HTTP/1.0');
    const { data } = await rawExchange(server.port, [old]);
    expect(data.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    const body = JSON.stringify({ QueueName: 'h1' });
    const head =
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\nContent-Type: application/x-amz-json-1.0\r\n' +
      `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`;
    const socket = netConnect(server.port, '127.0.0.1');
    const got = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('error', reject);
      socket.on('connect', () => socket.write(head));
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !text.includes('200 OK')) socket.write(body);
        if (http1Responses(Buffer.from(text.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''), 'latin1')).length >= 1) resolve(text);
      });
    });
    socket.destroy();
    expect(got).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  });
});

describe('parseHead', () => {
  const head = (lines: string[]) => parseHead(lines.join('\r\n'));

  it('reads a plain request: names in lower case, values trimmed, the declared length', () => {
    expect(head(['POST /q?a=1 HTTP/1.1', 'Host: h:1', 'X-Amz-Target:  AmazonSQS.SendMessage\t', 'Content-Length: 12'])).toEqual({
      method: 'POST',
      url: '/q?a=1',
      headers: { host: 'h:1', 'x-amz-target': 'AmazonSQS.SendMessage', 'content-length': '12' },
      length: 12,
      keepAlive: true,
    });
    expect(head(['GET / HTTP/1.1', 'Host: h', 'Connection: Close'])?.keepAlive).toBe(false);
  });

  it.each([
    ['HTTP/1.0', ['GET / HTTP/1.0', 'Host: h']],
    ['another method', ['PUT / HTTP/1.1', 'Host: h']],
    ['a chunked body', ['POST / HTTP/1.1', 'Host: h', 'Transfer-Encoding: chunked']],
    ['Expect', ['POST / HTTP/1.1', 'Host: h', 'Expect: 100-continue']],
    ['Upgrade', ['GET / HTTP/1.1', 'Host: h', 'Connection: Upgrade', 'Upgrade: h2c']],
    ['a folded line', ['GET / HTTP/1.1', 'Host: h', 'X-A: one', ' two']],
    ['a repeated header', ['GET / HTTP/1.1', 'Host: h', 'X-A: 1', 'x-a: 2']],
    ['a control byte', ['GET / HTTP/1.1', 'Host: h', 'X-A: \u0001']],
    ['a space in the target', ['GET /a b HTTP/1.1', 'Host: h']],
    ['no Host', ['GET / HTTP/1.1']],
  ])('leaves %s to Node.js', (_what, lines) => {
    expect(head(lines)).toBeUndefined();
  });
});

describe('serveHttp1 on its own', () => {
  /** A port whose connections serveHttp1 answers with `respond`; `sockets` are the server's side of them. */
  async function bare(respond: Http1Hooks['respond']): Promise<{ port: number; sockets: Socket[]; close(): void }> {
    const sockets: Socket[] = [];
    const hooks: Http1Hooks = {
      maxBodyBytes: 1024 * 1024,
      begin: () => {
        const controller = new AbortController();
        return {
          stop: { get aborted() { return controller.signal.aborted; }, signal: controller.signal, abort: () => controller.abort() },
          end: () => undefined,
        };
      },
      respond,
      handOff: (socket) => socket.destroy(),
      date: () => 'Mon, 07 Dec 2026 00:00:00 GMT',
    };
    const server = createNetServer((socket) => {
      sockets.push(socket);
      serveHttp1(socket, Buffer.alloc(0), hooks);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    return {
      port,
      sockets,
      close: () => {
        for (const s of sockets) s.destroy();
        server.close();
      },
    };
  }
  const held = () => {
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = new Promise<void>((r) => (started = r));
    return { gate, running, release, started };
  };
  const plain = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n';

  it('stops reading while a request is answered, once later bytes pass a limit, and reads on after', async () => {
    const h = held();
    let calls = 0;
    const srv = await bare(async () => {
      calls++;
      h.started();
      await h.gate;
      return { status: 200, headers: {}, body: 'ok' };
    });
    try {
      const client = netConnect(srv.port, '127.0.0.1');
      client.on('error', () => undefined);
      client.write(plain);
      await h.running;
      client.write(Buffer.alloc(1024 * 1024, 0x41)); // a megabyte of what is not a request
      await eventually(() => srv.sockets[0]!.isPaused() || undefined, 'reading paused');
      h.release();
      const closed = await new Promise<string>((resolve) => {
        let text = '';
        client.on('data', (d: Buffer) => (text += d.toString('latin1')));
        client.on('close', () => resolve(text));
      });
      expect(closed).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(calls).toBe(1);
    } finally {
      srv.close();
    }
  });

  it('keeps its idle timeout after one that fell while a request was answered', async () => {
    const h = held();
    const srv = await bare(async () => {
      h.started();
      await h.gate;
      return { status: 200, headers: {}, body: 'ok' };
    });
    try {
      const client = netConnect(srv.port, '127.0.0.1');
      const answered = new Promise<void>((resolve) => client.on('data', () => resolve()));
      client.write(plain);
      await h.running;
      const socket = srv.sockets[0]!;
      socket.emit('timeout'); // busy: not idle
      expect(socket.destroyed).toBe(false);
      h.release();
      await answered;
      expect(socket.listenerCount('timeout')).toBe(1);
      const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
      socket.emit('timeout'); // idle now
      await closed;
      client.destroy();
    } finally {
      srv.close();
    }
  });

  it('writes no header line a value could break, in any character set', async () => {
    const srv = await bare(async () => ({ status: 200, headers: { 'x-a': 'v\u010d\u010aX-Injected: yes', 'x-b': 'one\r\ntwo' }, body: Buffer.from('ok') }));
    try {
      const { data } = await rawExchange(srv.port, [plain], (got) => http1Responses(got).length >= 1);
      const [reply] = http1Responses(data);
      expect(reply!.headers['x-injected']).toBeUndefined();
      expect(reply!.headers['x-a']).toBe('vX-Injected: yes');
      expect(reply!.headers['x-b']).toBe('onetwo');
      expect(reply!.body).toBe('ok');
    } finally {
      srv.close();
    }
  });
});

describe("the server's close()", () => {
  /** A listener whose one request is a long poll answered, when the server stops, with `size` bytes. */
  async function longPoll(size: number, closeFlushMs?: number): Promise<{ listener: Awaited<ReturnType<typeof listen>>; client: Socket }> {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const listener = await listen({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024,
      closeFlushMs,
      tooLarge: () => ({ status: 413, headers: {} }),
      handle: async (req) => {
        started();
        await new Promise<void>((r) => req.signal.addEventListener('abort', () => r(), { once: true }));
        return { status: 200, headers: {}, body: Buffer.alloc(size, 0x61) };
      },
    });
    const client = netConnect(listener.port, '127.0.0.1');
    client.on('error', () => undefined);
    client.pause(); // reads nothing yet
    client.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    await running;
    return { listener, client };
  }

  it('sends an answer already written in full to a client that reads it only afterwards', async () => {
    const size = 8 * 1024 * 1024; // more than loopback's socket buffers hold
    const { listener, client } = await longPoll(size);
    const closed = listener.close();
    const received = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      client.on('data', (d: Buffer) => parts.push(d));
      client.on('close', () => resolve(Buffer.concat(parts)));
      client.resume();
    });
    await closed;
    const [reply] = http1Responses(received);
    expect(reply?.status).toBe(200);
    expect(reply!.body.length).toBe(size);
  });

  it('waits no longer than its limit for a client that does not read', async () => {
    const { listener, client } = await longPoll(8 * 1024 * 1024, 50);
    await listener.close(); // resolves: the answer's connection is cut at the limit
    client.destroy();
  });
});

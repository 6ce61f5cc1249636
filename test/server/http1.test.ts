/**
 * HTTP/1.1 on the port: the plain requests clients send are read by the server's own reader
 * (src/server/http1.ts), everything else by Node's HTTP server, on the same connection. What a
 * client sees must not tell the two apart: heads split anywhere, pipelined requests answered in
 * order across the hand-over, bodies' lengths in bytes, Connection: close honoured, and every
 * malformed head answered 400 or closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as netConnect, type Socket } from 'node:net';
import { parseHead } from '../../src/server/http1.js';
import { http1Responses, rawExchange, sqsJson, testServer, type TestServer } from './harness.js';

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

/** Writes each piece as its own segment, one turn of the event loop apart, and collects what comes back until `until` or the close. */
function paced(port: number, pieces: (string | Buffer)[], until: (got: Buffer) => boolean): Promise<{ data: Buffer; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = netConnect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const parts: Buffer[] = [];
    let done = false;
    socket.on('connect', async () => {
      for (const p of pieces) {
        if (socket.destroyed) return;
        socket.write(p);
        await new Promise((r) => setImmediate(r));
      }
    });
    socket.on('data', (d: Buffer) => {
      parts.push(d);
      if (!done && until(Buffer.concat(parts))) {
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

async function drain(): Promise<void> {
  await sqsJson(server.url, 'PurgeQueue', { QueueUrl: queueUrl });
  await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: JSON.stringify({ advance: '61s' }) });
}

describe('the head', () => {
  it('is read however it is split: one byte at a time, body too', async () => {
    const request = jsonRequest('GetQueueUrl', { QueueName: 'h1' });
    const { data } = await paced(server.port, [...Buffer.from(request)].map((b) => Buffer.from([b])), (got) => http1Responses(got).length >= 1);
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

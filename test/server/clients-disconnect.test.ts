/**
 * A client that goes away in the middle of a streamed response (a SubscribeToShard whose SDK
 * client is destroyed) must abort the request's signal, over HTTP/2 as over HTTP/1.1; else the
 * subscription runs on, and the server's close() waits on it forever. Found with the SDK's
 * default (HTTP/2) Kinesis handler: an HTTP/2 response reports writableFinished once its
 * stream is closed, however it closed.
 */
import { request as http1Request } from 'node:http';
import { connect } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listener } from '../../src/server/listener.js';
import type { WireRequest } from '../../src/server/wire.js';

let listener: Listener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** A listener whose every response is a stream: one chunk, then nothing until the request is aborted. */
async function streamingListener(): Promise<{ port: number; aborted: Promise<string> }> {
  let onAbort!: (why: string) => void;
  const aborted = new Promise<string>((r) => (onAbort = r));
  listener = await listen({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024,
    tooLarge: () => ({ status: 413, headers: {} }),
    handle: async (req: WireRequest) => {
      req.signal.addEventListener('abort', () => onAbort('aborted'), { once: true });
      async function* body(): AsyncGenerator<Buffer> {
        yield Buffer.from('first');
        await new Promise<void>((r) => req.signal.addEventListener('abort', () => r(), { once: true }));
      }
      return { status: 200, headers: { 'content-type': 'application/octet-stream' }, stream: body() };
    },
  });
  return { port: listener.port, aborted };
}

describe('a streamed response whose client goes away', () => {
  it('is aborted when an HTTP/2 client destroys its session', async () => {
    const { port, aborted } = await streamingListener();
    const session = connect(`http://127.0.0.1:${port}`);
    const req = session.request({ ':method': 'POST', ':path': '/' });
    req.end();
    await new Promise<void>((resolve) => req.once('data', () => resolve()));
    session.destroy();
    expect(await aborted).toBe('aborted');
  });

  it('is aborted when an HTTP/2 client cancels the stream', async () => {
    const { port, aborted } = await streamingListener();
    const session = connect(`http://127.0.0.1:${port}`);
    try {
      const req = session.request({ ':method': 'POST', ':path': '/' });
      req.end();
      await new Promise<void>((resolve) => req.once('data', () => resolve()));
      req.close();
      expect(await aborted).toBe('aborted');
    } finally {
      session.destroy();
    }
  });

  it('is aborted when an HTTP/1.1 client closes its connection', async () => {
    const { port, aborted } = await streamingListener();
    const req = http1Request({ host: '127.0.0.1', port, method: 'POST', path: '/' });
    req.end();
    const res = await new Promise<import('node:http').IncomingMessage>((resolve) => req.once('response', resolve));
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    req.destroy();
    expect(await aborted).toBe('aborted');
  });
});

/**
 * awsmsg's own endpoints: /_awsmsg/health and /_awsmsg/clock (GET shows it; POST {"advance"}
 * moves it and wakes what waits on it), with 400s in JSON for bodies they cannot use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sqsJson, testServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.stop());

interface Clock {
  now: string;
  offsetSeconds: number;
}

const clock = async (): Promise<Clock> => (await (await fetch(`${server.url}/_awsmsg/clock`)).json()) as Clock;
const advance = (body: string, method = 'POST') => fetch(`${server.url}/_awsmsg/clock`, { method, body, headers: { 'content-type': 'application/json' } });
const waiting = async (): Promise<number> => ((await (await fetch(`${server.url}/_awsmsg/health`)).json()) as { waiting: number }).waiting;

describe('/_awsmsg/health', () => {
  it('says what is served and from which state file', async () => {
    const r = await fetch(`${server.url}/_awsmsg/health`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toEqual({ status: 'ok', version: expect.any(String), services: ['sqs', 'sns', 'kinesis'], stateFile: server.db, waiting: 0 });
    expect((await fetch(`${server.url}/_awsmsg/health/`)).status).toBe(200);
  });

  it('answers only GET', async () => {
    const r = await fetch(`${server.url}/_awsmsg/health`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(405);
    expect(await r.json()).toMatchObject({ error: 'MethodNotAllowed' });
  });
});

describe('/_awsmsg/clock', () => {
  it('GET shows the clock; POST moves it by a duration or by seconds', async () => {
    const before = await clock();
    expect(Date.parse(before.now)).not.toBeNaN();
    const moved = await advance('{"advance": "31s"}');
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as Clock;
    expect(after.offsetSeconds - before.offsetSeconds).toBeCloseTo(31, 0);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(31_000);
    const bySeconds = (await (await advance('{"advance": 2.5}')).json()) as Clock;
    expect(bySeconds.offsetSeconds - after.offsetSeconds).toBeCloseTo(2.5, 1);
    for (const d of ['1500ms', '2m', '1h', '1d']) expect((await advance(JSON.stringify({ advance: d }))).status).toBe(200);
    expect((await clock()).offsetSeconds - bySeconds.offsetSeconds).toBeCloseTo(1.5 + 120 + 3600 + 86_400, 0);
  });

  it.each(['not json', '{"advance": "soon"}', '{"advance": "-5s"}', '{"advance": -1}', '{}', '[]', 'null', '"31s"', '{"advance": null}', '{"advance": "Infinity"}', '{"advance": 1e400}'])(
    'a body it cannot use (%s) is a 400 in JSON and moves nothing',
    async (body) => {
      const before = await clock();
      const r = await advance(body);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/json');
      const problem = (await r.json()) as { error: string; message: string };
      expect(problem.error).toBe('InvalidRequest');
      expect(problem.message).toMatch(/advance/);
      expect((await clock()).offsetSeconds).toBe(before.offsetSeconds);
    },
  );

  it('other methods are 405 and move nothing', async () => {
    const before = await clock();
    for (const method of ['PUT', 'DELETE', 'PATCH']) expect((await advance('{"advance":"1d"}', method)).status).toBe(405);
    expect((await clock()).offsetSeconds).toBe(before.offsetSeconds);
  });

  it('moving it wakes a long poll whose message becomes visible: the poll returns the message', async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'clock-wake' })).json!.QueueUrl as string;
    await sqsJson(server.url, 'SendMessage', { QueueUrl: url, MessageBody: 'back again' });
    const first = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 30 });
    const [message] = first.json!.Messages as { MessageId: string }[];
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20, AttributeNames: ['ApproximateReceiveCount'] });
    await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
    expect((await advance('{"advance": "31s"}')).status).toBe(200);
    const r = await poll;
    expect(r.status).toBe(200);
    const messages = r.json!.Messages as { MessageId: string; Body: string; Attributes: Record<string, string> }[];
    expect(messages.map((m) => [m.MessageId, m.Body, m.Attributes.ApproximateReceiveCount])).toEqual([[message!.MessageId, 'back again', '2']]);
  });

  it('moving it past a long poll\'s wait time ends the poll empty', async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'clock-empty' })).json!.QueueUrl as string;
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
    await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
    await advance('{"advance": "20s"}');
    const r = await poll;
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
  });
});

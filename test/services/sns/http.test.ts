import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/core/context.js';
import { DEFAULT_ACCOUNT_ID } from '../../../src/core/context.js';
import { openStore } from '../../../src/store/db.js';
import { listOutbox, runDueDeliveries } from '../../../src/services/sns/index.js';
import { selfSignedCertificate } from '../../../src/services/sns/x509.js';
import { env, sns, verifiesSignature } from './helpers.js';
import { createQueue, queueMessages } from './queues.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Endpoint {
  url: string;
  received: Received[];
  /** status codes to answer with, in turn (the last one repeats); 'hang' never answers */
  answers: (number | 'hang')[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
});

async function endpoint(answers: (number | 'hang')[] = [200], delayMs = 0): Promise<Endpoint> {
  const received: Received[] = [];
  const ep: Partial<Endpoint> = { received, answers };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = ep.answers!.length > 1 ? ep.answers!.shift()! : ep.answers![0]!;
      if (answer === 'hang') return;
      setTimeout(() => res.writeHead(answer).end('ok'), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  ep.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`;
  ep.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return ep as Endpoint;
}

/** Topic + HTTP subscription, confirmed through the endpoint's own confirmation message. */
async function confirmedHttp(ctx: Ctx, ep: Endpoint, attributes?: Record<string, string>): Promise<{ t: string; sub: string }> {
  const t = sns(ctx, 'CreateTopic', { Name: 'web' }).TopicArn as string;
  const sub = sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: ep.url, Attributes: attributes, ReturnSubscriptionArn: true })
    .SubscriptionArn as string;
  await runDueDeliveries(ctx);
  const confirmation = JSON.parse(ep.received.at(-1)!.body);
  sns(ctx, 'ConfirmSubscription', { TopicArn: t, Token: confirmation.Token });
  return { t, sub };
}

describe('HTTP/S subscriptions', () => {
  it('POST a signed SubscriptionConfirmation, then signed notifications with AWS headers', async () => {
    const { ctx } = env();
    const ep = await endpoint();
    const t = sns(ctx, 'CreateTopic', { Name: 'web' }).TopicArn as string;
    expect(sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: ep.url })).toEqual({ SubscriptionArn: 'pending confirmation' });
    expect(await runDueDeliveries(ctx)).toMatchObject({ attempted: 1, delivered: 1, pending: 0 });
    const [conf] = ep.received;
    expect(conf!.method).toBe('POST');
    expect(conf!.url).toBe('/sns');
    expect(conf!.headers).toMatchObject({
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-topic-arn': t,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
    expect(conf!.headers['x-amz-sns-subscription-arn']).toBeUndefined();
    const doc = JSON.parse(conf!.body);
    expect(Object.keys(doc)).toEqual(['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    expect(conf!.headers['x-amz-sns-message-id']).toBe(doc.MessageId);
    expect(doc.SubscribeURL).toBe(`https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${t}&Token=${doc.Token}`);
    expect(verifiesSignature(ctx, doc)).toBe(true);

    const { SubscriptionArn } = sns<{ SubscriptionArn: string }>(ctx, 'ConfirmSubscription', { TopicArn: t, Token: doc.Token });
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', { TopicArn: t, Message: 'test_external_http_endpoint', Subject: 'Hi' });
    // nothing is sent until the deliveries run (after the publishing transaction)
    expect(ep.received).toHaveLength(1);
    expect(await runDueDeliveries(ctx)).toMatchObject({ attempted: 1, delivered: 1 });
    const note = ep.received[1]!;
    expect(note.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': t,
      'x-amz-sns-subscription-arn': SubscriptionArn,
    });
    const n = JSON.parse(note.body);
    expect(n).toMatchObject({ Type: 'Notification', MessageId, Message: 'test_external_http_endpoint', Subject: 'Hi' });
    expect(n.UnsubscribeURL).toBe(`https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    expect(verifiesSignature(ctx, n)).toBe(true);
    expect(listOutbox(ctx, { messageId: MessageId })[0]).toMatchObject({ Status: 'delivered', Attempts: 1, LastStatusCode: 200 });
  });

  it('sends no notification before confirmation', async () => {
    const { ctx } = env();
    const ep = await endpoint();
    const t = sns(ctx, 'CreateTopic', { Name: 'web' }).TopicArn as string;
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: ep.url });
    sns(ctx, 'Publish', { TopicArn: t, Message: 'too early' });
    await runDueDeliveries(ctx);
    expect(ep.received.map((r) => r.headers['x-amz-sns-message-type'])).toEqual(['SubscriptionConfirmation']);
  });

  it('delivers raw messages with the rawdelivery header and the policy content type', async () => {
    const { ctx } = env();
    const ep = await endpoint();
    const { t, sub } = await confirmedHttp(ctx, ep, { RawMessageDelivery: 'true' });
    sns(ctx, 'SetSubscriptionAttributes', {
      SubscriptionArn: sub,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ requestPolicy: { headerContentType: 'application/json' } }),
    });
    sns(ctx, 'Publish', { TopicArn: t, Message: '{"raw":true}' });
    await runDueDeliveries(ctx);
    const last = ep.received.at(-1)!;
    expect(last.body).toBe('{"raw":true}');
    expect(last.headers).toMatchObject({ 'x-amz-sns-rawdelivery': 'true', 'content-type': 'application/json' });
  });

  it('retries a failed delivery when the policy says, on the state file clock', async () => {
    const e = env();
    const ep = await endpoint([200]);
    const { t } = await confirmedHttp(e.ctx, ep);
    ep.answers.splice(0, ep.answers.length, 500, 503, 200);
    const { MessageId } = sns<{ MessageId: string }>(e.ctx, 'Publish', { TopicArn: t, Message: 'retry me' });
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, delivered: 0, retrying: 1, pending: 1 });
    // not due yet: the default policy waits 20 seconds
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 0, pending: 1 });
    e.advance(19_000);
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 0 });
    e.advance(1_000);
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, retrying: 1 });
    e.advance(20_000);
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, delivered: 1, pending: 0 });
    const notes = ep.received.filter((r) => r.headers['x-amz-sns-message-type'] === 'Notification');
    expect(notes).toHaveLength(3);
    // a retry carries the original message id
    expect(new Set(notes.map((r) => r.headers['x-amz-sns-message-id']))).toEqual(new Set([MessageId]));
    expect(listOutbox(e.ctx, { messageId: MessageId })[0]).toMatchObject({ Status: 'delivered', Attempts: 3, LastStatusCode: 200 });
  });

  it('retries by the effective policy: a topic policy\'s missing members take AWS\'s defaults', async () => {
    const e = env();
    const ep = await endpoint([200]);
    const { t } = await confirmedHttp(e.ctx, ep);
    sns(e.ctx, 'SetTopicAttributes', {
      TopicArn: t,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ http: { defaultHealthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 5, numRetries: 1 } } }),
    });
    ep.answers.splice(0, ep.answers.length, 500);
    sns(e.ctx, 'Publish', { TopicArn: t, Message: 'once more' });
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, retrying: 1, pending: 1 });
    e.advance(4_000);
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 0, pending: 1 });
    e.advance(1_000);
    // the one retry, 5 seconds on, and then no more
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, pending: 0 });
  });

  it('counts 4xx answers as delivered, as AWS does', async () => {
    const { ctx } = env();
    const ep = await endpoint([200]);
    const { t } = await confirmedHttp(ctx, ep);
    ep.answers.splice(0, ep.answers.length, 404);
    sns(ctx, 'Publish', { TopicArn: t, Message: 'x' });
    expect(await runDueDeliveries(ctx)).toMatchObject({ delivered: 1, retrying: 0 });
  });

  it('moves a notification that exhausts its policy to the dead-letter queue', async () => {
    const e = env();
    const ep = await endpoint([200]);
    const dlq = await createQueue(e.ctx, 'http-dlq');
    const { t, sub } = await confirmedHttp(e.ctx, ep, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) });
    sns(e.ctx, 'SetSubscriptionAttributes', {
      SubscriptionArn: sub,
      AttributeName: 'DeliveryPolicy',
      AttributeValue: JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 2, numNoDelayRetries: 1 } }),
    });
    ep.answers.splice(0, ep.answers.length, 500);
    const { MessageId } = sns<{ MessageId: string }>(e.ctx, 'Publish', { TopicArn: t, Message: 'doomed' });
    // first attempt, then the no-delay retry in the same run
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 2, retrying: 2 });
    e.advance(1_000);
    expect(await runDueDeliveries(e.ctx)).toMatchObject({ attempted: 1, deadLettered: 1, pending: 0 });
    const [m] = await queueMessages(e.ctx, dlq);
    expect(JSON.parse(m!.Body)).toMatchObject({ Type: 'Notification', MessageId, Message: 'doomed' });
    expect(listOutbox(e.ctx, { messageId: MessageId })[0]).toMatchObject({ Status: 'dead-lettered', Attempts: 3, LastError: 'HTTP 500' });
  });

  it('does not hang on a dead endpoint or one that never answers', async () => {
    const { ctx } = env();
    const dead = await endpoint();
    await dead.close();
    const hanging = await endpoint(['hang']);
    const t = sns(ctx, 'CreateTopic', { Name: 'web' }).TopicArn as string;
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: dead.url });
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'http', Endpoint: hanging.url });
    const r = await runDueDeliveries(ctx, { attemptTimeoutMs: 300 });
    expect(r).toMatchObject({ attempted: 2, delivered: 0, retrying: 2, pending: 2 });
    const errors = listOutbox(ctx, { protocol: 'http' }).map((x) => x.LastError);
    expect(errors).toEqual([expect.stringMatching(/ECONNREFUSED/), 'no answer within 300 ms']);
  });

  it('stops retrying a subscription that was deleted', async () => {
    const e = env();
    const ep = await endpoint([200]);
    const { t, sub } = await confirmedHttp(e.ctx, ep);
    ep.answers.splice(0, ep.answers.length, 500);
    const { MessageId } = sns<{ MessageId: string }>(e.ctx, 'Publish', { TopicArn: t, Message: 'x' });
    await runDueDeliveries(e.ctx);
    sns(e.ctx, 'Unsubscribe', { SubscriptionArn: sub });
    expect(listOutbox(e.ctx, { messageId: MessageId })[0]!.Status).toBe('cancelled');
    ep.answers.splice(0, ep.answers.length, 200);
    await runDueDeliveries(e.ctx);
    expect(ep.received.at(-1)!.headers['x-amz-sns-message-type']).toBe('UnsubscribeConfirmation');
  });

  it('never delivers twice when two processes run the deliveries at once', async () => {
    const e = env();
    const ep = await endpoint([200], 30);
    const { t } = await confirmedHttp(e.ctx, ep);
    for (let i = 0; i < 20; i++) sns(e.ctx, 'Publish', { TopicArn: t, Message: `m${i}` });
    const other = openStore(e.path);
    try {
      const otherCtx: Ctx = { store: other, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID };
      const [a, b] = await Promise.all([runDueDeliveries(e.ctx, { concurrency: 3 }), runDueDeliveries(otherCtx, { concurrency: 3 })]);
      expect(a.delivered + b.delivered).toBe(20);
    } finally {
      other.close();
    }
    const ids = ep.received.filter((r) => r.headers['x-amz-sns-message-type'] === 'Notification').map((r) => r.headers['x-amz-sns-message-id']);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it('delivers to HTTPS endpoints, verifying their certificate unless told not to', async () => {
    const { ctx } = env();
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = selfSignedCertificate({ publicKey, privateKey, subject: { commonName: '127.0.0.1' }, notBefore: Date.now() - 60_000, notAfter: Date.now() + 3_600_000 });
    const bodies: string[] = [];
    const server = createHttpsServer({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }), cert }, (req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(200).end();
      });
    });
    servers.push(server as unknown as Server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const t = sns(ctx, 'CreateTopic', { Name: 'tls' }).TopicArn as string;
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'https', Endpoint: url });
    // a self-signed certificate is refused, as AWS refuses it
    expect(await runDueDeliveries(ctx)).toMatchObject({ delivered: 0, retrying: 1 });
    expect(listOutbox(ctx, { protocol: 'https' })[0]!.LastError).toMatch(/self[- ]signed/i);
    expect(bodies).toEqual([]);
    const e2 = env();
    const t2 = sns(e2.ctx, 'CreateTopic', { Name: 'tls' }).TopicArn as string;
    sns(e2.ctx, 'Subscribe', { TopicArn: t2, Protocol: 'https', Endpoint: url });
    expect(await runDueDeliveries(e2.ctx, { rejectUnauthorized: false })).toMatchObject({ delivered: 1 });
    expect(JSON.parse(bodies[0]!).Type).toBe('SubscriptionConfirmation');
  });
});

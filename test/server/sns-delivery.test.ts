/**
 * The server makes SNS HTTP deliveries on its own: a subscription's confirmation and each
 * notification are POSTed to the endpoint by the server process right after the call that
 * made them due, and a failed delivery is retried when its time comes on the clock, with no
 * command asking for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { eventually, queryPost, testServer, xmlText, type TestServer } from './harness.js';

interface Delivery {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, string>;
}

let server: TestServer;
let endpoint: Server;
let endpointUrl: string;
const deliveries: Delivery[] = [];
/** the statuses the endpoint answers with, in order (then 200) */
const answers: number[] = [];

beforeAll(async () => {
  server = await testServer();
  endpoint = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      deliveries.push({ method: req.method!, path: req.url!, headers: req.headers, body: JSON.parse(text) as Record<string, string> });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', () => r()));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await server.stop();
  await new Promise((r) => endpoint.close(r));
});

const sns = (params: Record<string, string>) => queryPost(server.url, { Version: '2010-03-31', ...params });

describe('SNS HTTP deliveries by the server', () => {
  it('posts the confirmation, then each notification, without any command asking; retries a failure when it falls due', async () => {
    const topicArn = xmlText((await sns({ Action: 'CreateTopic', Name: 'hooked' })).text, 'TopicArn')!;
    const subscribed = await sns({ Action: 'Subscribe', TopicArn: topicArn, Protocol: 'http', Endpoint: endpointUrl, ReturnSubscriptionArn: 'true' });
    expect(subscribed.status).toBe(200);
    const subscriptionArn = xmlText(subscribed.text, 'SubscriptionArn')!;

    const [confirmation] = await eventually(() => (deliveries.length >= 1 ? deliveries.slice(0, 1) : undefined), 'the subscription confirmation');
    expect(confirmation!.method).toBe('POST');
    expect(confirmation!.path).toBe('/hook');
    expect(confirmation!.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
    expect(confirmation!.headers['x-amz-sns-topic-arn']).toBe(topicArn);
    expect(confirmation!.body).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: topicArn, Token: expect.any(String), SubscribeURL: expect.stringContaining('Action=ConfirmSubscription') });

    const confirmed = await sns({ Action: 'ConfirmSubscription', TopicArn: topicArn, Token: confirmation!.body.Token! });
    expect(confirmed.status).toBe(200);
    expect(xmlText(confirmed.text, 'SubscriptionArn')).toBe(subscriptionArn);

    await sns({ Action: 'Publish', TopicArn: topicArn, Message: 'hello, hook', Subject: 'greeting' });
    const [notification] = await eventually(() => (deliveries.length >= 2 ? deliveries.slice(1, 2) : undefined), 'the notification');
    expect(notification!.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(notification!.headers['x-amz-sns-subscription-arn']).toBe(subscriptionArn);
    expect(notification!.body).toMatchObject({ Type: 'Notification', Message: 'hello, hook', Subject: 'greeting', TopicArn: topicArn });

    // the endpoint fails the next delivery: the server tries again when the retry falls due on the clock
    answers.push(500);
    const published = await sns({ Action: 'Publish', TopicArn: topicArn, Message: 'try, try again' });
    const messageId = xmlText(published.text, 'MessageId');
    await eventually(() => (deliveries.length >= 3 ? true : undefined), 'the first attempt');
    expect(deliveries[2]!.body.MessageId).toBe(messageId);
    const moved = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"21s"}' });
    expect(moved.status).toBe(200);
    await eventually(() => (deliveries.length >= 4 ? true : undefined), 'the retry, made by the server on its own');
    expect(deliveries[3]!.body).toMatchObject({ Type: 'Notification', MessageId: messageId, Message: 'try, try again' });
  });

  it('retries an endpoint that answers 429 Too Many Requests, and not one that answers 404', async () => {
    // AWS: 5XX and 429 are retryable under the delivery policy; other answers are permanent (sns-http-https-endpoint-as-subscriber)
    const topicArn = xmlText((await sns({ Action: 'CreateTopic', Name: 'throttled' })).text, 'TopicArn')!;
    const before = deliveries.length;
    const subscribed = await sns({ Action: 'Subscribe', TopicArn: topicArn, Protocol: 'http', Endpoint: endpointUrl, ReturnSubscriptionArn: 'true' });
    await eventually(() => (deliveries.length > before ? true : undefined), 'the subscription confirmation');
    await sns({ Action: 'ConfirmSubscription', TopicArn: topicArn, Token: deliveries[before]!.body.Token! });
    const subscriptionArn = xmlText(subscribed.text, 'SubscriptionArn')!;
    const mine = () => deliveries.filter((d) => d.headers['x-amz-sns-subscription-arn'] === subscriptionArn);

    answers.push(404);
    await sns({ Action: 'Publish', TopicArn: topicArn, Message: 'not found is final' });
    await eventually(() => (mine().length === 1 ? true : undefined), 'the 404 attempt');
    answers.push(429);
    await sns({ Action: 'Publish', TopicArn: topicArn, Message: 'slow down' });
    await eventually(() => (mine().length === 2 ? true : undefined), 'the 429 attempt');

    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"21s"}' });
    await eventually(() => (mine().length === 3 ? true : undefined), 'the retry of the 429');
    expect(mine().map((d) => d.body.Message)).toEqual(['not found is final', 'slow down', 'slow down']);
    // nothing more is due: the 404 was not retried, the 429 was delivered on its retry
    const status = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"5m"}' });
    expect(status.status).toBe(200);
    const published = await sns({ Action: 'Publish', TopicArn: topicArn, Message: 'last' });
    expect(published.status).toBe(200);
    await eventually(() => (mine().length === 4 ? true : undefined), 'the last notification');
    expect(mine().map((d) => d.body.Message)).toEqual(['not found is final', 'slow down', 'slow down', 'last']);
  });
});

/**
 * Messages SNS makes through the server point back at the server: a subscriber that visits
 * SubscribeURL or fetches SigningCertURL reaches awsmsg, not AWS, and the signature verifies
 * with the certificate the server hands out.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SNSClient, CreateTopicCommand, SubscribeCommand, PublishCommand, GetSubscriptionAttributesCommand } from '@aws-sdk/client-sns';
import { SQSClient, CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startServer, type RunningServer } from '../../src/server/index.js';

let dir: string;
let server: RunningServer;
const client = <T>(C: new (c: object) => T): T =>
  new C({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-snsurls-'));
  server = await startServer({ port: 0, db: join(dir, 'state.db') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The string SNS signs (SignatureVersion 1: SHA1withRSA) for a Notification. */
function stringToSign(m: Record<string, string>): string {
  const keys = m.Type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys.filter((k) => m[k] !== undefined).map((k) => `${k}\n${m[k]}\n`).join('');
}

test('an SQS copy names the server in SigningCertURL and UnsubscribeURL, and verifies with the certificate it serves', async () => {
  const sns = client(SNSClient);
  const sqs = client(SQSClient);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'urls' }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'urls' }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:urls' }));
  await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  const envelope = JSON.parse(got.Messages![0]!.Body!) as Record<string, string>;
  expect(envelope.SigningCertURL!.startsWith(`${server.url}/SimpleNotificationService-`)).toBe(true);
  expect(envelope.UnsubscribeURL!.startsWith(`${server.url}/?Action=Unsubscribe&SubscriptionArn=`)).toBe(true);
  const pem = await (await fetch(envelope.SigningCertURL!)).text();
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  const ok = createVerify('RSA-SHA1').update(stringToSign(envelope)).verify(pem, envelope.Signature!, 'base64');
  expect(ok).toBe(true);
  expect((await fetch(`${server.url}/SimpleNotificationService-0000.pem`)).status).toBe(404);
});

test('an HTTP subscriber confirms by visiting the SubscribeURL the server sent it', async () => {
  const received: Record<string, string>[] = [];
  const endpoint = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  try {
    const sns = client(SNSClient);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'web' }));
    const port = (endpoint.address() as { port: number }).port;
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${port}/hook`, ReturnSubscriptionArn: true }),
    );
    for (let i = 0; i < 500 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const confirmation = received[0]!;
    expect(confirmation.Type).toBe('SubscriptionConfirmation');
    expect(confirmation.SubscribeURL!.startsWith(`${server.url}/?Action=ConfirmSubscription&TopicArn=`)).toBe(true);
    const visit = await fetch(confirmation.SubscribeURL!);
    expect(visit.status).toBe(200);
    expect(await visit.text()).toContain(`<SubscriptionArn>${SubscriptionArn}</SubscriptionArn>`);
    const attrs = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(attrs.Attributes!.PendingConfirmation).toBe('false');
  } finally {
    endpoint.close();
  }
});

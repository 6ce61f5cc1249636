/**
 * The ceiling for the server figures: a server that does no work at all, answering SQS (JSON
 * 1.0, HTTP/1.1) and Kinesis (JSON 1.1, h2c — the Kinesis SDK speaks HTTP/2) at once with
 * canned but valid responses. Valid means what the SDK checks: SendMessage's MD5 is the MD5
 * of the body it was sent, received messages carry the MD5 of their bodies. What a client
 * reaches against it is what the client itself can do on this machine.
 *
 * Runs as its own process (`node dist/bench/index.cjs --stub-server`), printing
 * `{"sqs": port, "kinesis": port}` on its first line.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createH2Server } from 'node:http2';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

const CANNED_BODY = 'x'.repeat(100);
const CANNED_MESSAGES = JSON.stringify({
  Messages: Array.from({ length: 10 }, (_, i) => ({
    MessageId: `00000000-0000-4000-8000-00000000000${i}`,
    ReceiptHandle: `handle-${i}`,
    MD5OfBody: md5(CANNED_BODY),
    Body: CANNED_BODY,
  })),
});

type Json = Record<string, unknown>;

function sqsAnswer(op: string, input: Json): string {
  switch (op) {
    case 'SendMessage':
      return JSON.stringify({ MD5OfMessageBody: md5(String(input.MessageBody)), MessageId: randomUUID() });
    case 'SendMessageBatch':
      return JSON.stringify({
        Successful: (input.Entries as Json[]).map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(String(e.MessageBody)) })),
      });
    case 'ReceiveMessage':
      return CANNED_MESSAGES;
    case 'DeleteMessageBatch':
      return JSON.stringify({ Successful: (input.Entries as Json[]).map((e) => ({ Id: e.Id })) });
    case 'CreateQueue':
    case 'GetQueueUrl':
      return JSON.stringify({ QueueUrl: `http://127.0.0.1/000000000000/${String(input.QueueName)}` });
    default:
      return '{}';
  }
}

const RECORD = { SequenceNumber: '49600000000000000000000000000000000000000000000000000000', ApproximateArrivalTimestamp: 1700000000.5, Data: Buffer.alloc(100, 1).toString('base64'), PartitionKey: 'pk' };
const CANNED_RECORDS = (n: number): string =>
  JSON.stringify({ Records: Array.from({ length: n }, () => RECORD), NextShardIterator: 'AAAA', MillisBehindLatest: 0 });

function kinesisAnswer(op: string, input: Json): string {
  switch (op) {
    case 'PutRecords':
      return JSON.stringify({
        FailedRecordCount: 0,
        Records: (input.Records as Json[]).map(() => ({ ShardId: 'shardId-000000000000', SequenceNumber: RECORD.SequenceNumber })),
      });
    case 'GetRecords':
      return CANNED_RECORDS(Number(input.Limit ?? 1000));
    case 'GetShardIterator':
      return JSON.stringify({ ShardIterator: 'AAAA' });
    default:
      return '{}';
  }
}

function answer(target: string, body: string): string {
  const dot = target.lastIndexOf('.');
  const input = (body ? JSON.parse(body) : {}) as Json;
  return target.startsWith('Kinesis') ? kinesisAnswer(target.slice(dot + 1), input) : sqsAnswer(target.slice(dot + 1), input);
}

export async function runStubServer(): Promise<void> {
  const sqs = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const out = answer(String(req.headers['x-amz-target'] ?? ''), body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(out), 'x-amzn-requestid': 'stub' });
      res.end(out);
    });
  });
  const kinesis = createH2Server((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const out = answer(String(req.headers['x-amz-target'] ?? ''), body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'stub' });
      res.end(out);
    });
  });
  const listen = (s: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) =>
    new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  const ports = { sqs: await listen(sqs), kinesis: await listen(kinesis) };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
}

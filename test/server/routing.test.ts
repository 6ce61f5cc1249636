/**
 * How requests find their service and operation (X-Amz-Target, Action and Version, the SigV4
 * scope for actions SQS and SNS share), and what a client gets for anything else: unknown
 * operations, missing actions, malformed bodies in every protocol, oversized bodies, garbage on
 * the socket, clients that go away — always an AWS error or a closed connection, never a 500,
 * a stack trace or a hang. HTTP/1.1 (keep-alive, pipelining, chunked bodies) and h2c share the port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as netConnect } from 'node:net';
import { Decoder, Encoder } from 'cbor-x';
import {
  authorization,
  eventually,
  h2Request,
  h2Session,
  http1Responses,
  kinesisJson,
  queryPost,
  rawExchange,
  sqsJson,
  testServer,
  xmlText,
  type TestServer,
} from './harness.js';
import { decodeEventMessages } from '../../src/server/protocols/eventstream.js';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);

let server: TestServer;
let queueUrl: string;
beforeAll(async () => {
  server = await testServer();
  queueUrl = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'r' })).json!.QueueUrl as string;
  await queryPost(server.url, { Action: 'CreateTopic', Version: '2010-03-31', Name: 'r' });
});
afterAll(() => server.stop());

async function health(): Promise<{ status: string; waiting: number }> {
  return (await (await fetch(`${server.url}/_awsmsg/health`)).json()) as { status: string; waiting: number };
}

async function queueMessages(url = queueUrl): Promise<number> {
  const r = await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] });
  const a = r.json!.Attributes as Record<string, string>;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

async function drain(url = queueUrl): Promise<void> {
  await sqsJson(server.url, 'PurgeQueue', { QueueUrl: url });
  await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"61s"}' });
}

describe('routing', () => {
  it('X-Amz-Target routes SQS JSON 1.0 and Kinesis JSON 1.1 and CBOR, each answered in its own content type', async () => {
    const sqs = await sqsJson(server.url, 'ListQueues', {});
    expect(sqs.status).toBe(200);
    expect(sqs.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(sqs.json).toEqual({ QueueUrls: [queueUrl] });
    const kinesis = await kinesisJson(server.url, 'ListStreams', {});
    expect(kinesis.status).toBe(200);
    expect(kinesis.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const c = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-cbor-1.1' },
      body: new Uint8Array(cbor.encode({})),
    });
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toBe('application/x-amz-cbor-1.1');
    expect(cborDecoder.decode(Buffer.from(await c.arrayBuffer()))).toMatchObject({ StreamNames: [], HasMoreStreams: false });
  });

  it('Action and Version route the query protocol: a form POST, a GET, the queue in QueueUrl or in the path', async () => {
    const post = await queryPost(server.url, { Action: 'SendMessage', Version: '2012-11-05', QueueUrl: queueUrl, MessageBody: 'by form' });
    expect(post.status).toBe(200);
    expect(post.headers.get('content-type')).toBe('text/xml');
    expect(xmlText(post.text, 'MD5OfMessageBody')).toMatch(/^[0-9a-f]{32}$/);
    // the queue named by the path posted to, as aws-sdk v2 does
    const path = await queryPost(server.url, { Action: 'SendMessage', Version: '2012-11-05', MessageBody: 'by path' }, { path: '/000000000000/r' });
    expect(path.status).toBe(200);
    // a GET with everything in the query string
    const get = await fetch(`${server.url}/000000000000/r?Action=ReceiveMessage&Version=2012-11-05&MaxNumberOfMessages=10`);
    const text = await get.text();
    expect(get.status).toBe(200);
    expect(text.match(/<Body>[^<]*<\/Body>/g)!.sort()).toEqual(['<Body>by form</Body>', '<Body>by path</Body>']);
    const sns = await fetch(`${server.url}/?Action=ListTopics&Version=2010-03-31`);
    expect(xmlText(await sns.text(), 'TopicArn')).toBe('arn:aws:sns:us-east-1:000000000000:r');
    await drain();
  });

  it('AddPermission and RemovePermission go to SQS or SNS by Version, or by the credential scope when there is none', async () => {
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:r';
    const sqsPolicy = async () => {
      const r = await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['Policy'] });
      return (r.json!.Attributes as Record<string, string> | undefined)?.Policy ?? '';
    };
    const snsPolicy = async () => {
      const r = await queryPost(server.url, { Action: 'GetTopicAttributes', Version: '2010-03-31', TopicArn: topicArn });
      return r.text;
    };
    const sqsAdd = { Action: 'AddPermission', QueueUrl: queueUrl, Label: 'sqs-label', 'AWSAccountId.1': '111122223333', 'ActionName.1': 'SendMessage' };
    const snsAdd = { Action: 'AddPermission', TopicArn: topicArn, Label: 'sns-label', 'AWSAccountId.member.1': '111122223333', 'ActionName.member.1': 'Publish' };

    expect((await queryPost(server.url, { ...sqsAdd, Version: '2012-11-05' })).status).toBe(200);
    expect((await queryPost(server.url, { ...snsAdd, Version: '2010-03-31' })).status).toBe(200);
    expect(await sqsPolicy()).toContain('sqs-label');
    expect(await snsPolicy()).toContain('sns-label');
    // no Version: the signature's scope says which service
    const scoped = (service: 'sqs' | 'sns') => ({ headers: { authorization: authorization({ service }) } });
    expect((await queryPost(server.url, { Action: 'RemovePermission', QueueUrl: queueUrl, Label: 'sqs-label' }, scoped('sqs'))).status).toBe(200);
    expect((await queryPost(server.url, { Action: 'RemovePermission', TopicArn: topicArn, Label: 'sns-label' }, scoped('sns'))).status).toBe(200);
    expect(await sqsPolicy()).not.toContain('sqs-label');
    expect(await snsPolicy()).not.toContain('sns-label');
    // SNS's AddPermission sent with SQS's scope reaches SQS, which asks for its own parameters
    const crossed = await queryPost(server.url, { ...snsAdd, Label: 'x' }, scoped('sqs'));
    expect(crossed.status).toBe(400);
    expect(crossed.text).toContain('http://queue.amazonaws.com/doc/2012-11-05/');
  });
});

describe('requests that reach no operation', () => {
  it.each([
    ['AmazonSQS.NoSuchThing', 'application/x-amz-json-1.0'],
    ['Kinesis_20131202.NoSuchThing', 'application/x-amz-json-1.1'],
    ['DynamoDB_20120810.GetItem', 'application/x-amz-json-1.0'],
    ['NoDotAtAll', 'application/x-amz-json-1.1'],
    ['', 'application/x-amz-json-1.1'],
  ])('target %j: 400 UnknownOperationException in JSON', async (target, contentType) => {
    const r = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': contentType }, body: '{}' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { __type: string; message: string };
    expect(body.__type).toMatch(/(^|#)UnknownOperationException$/);
    expect(body.message).toBeTruthy();
  });

  it('an unknown SQS target keeps the query error header SDKs read', async () => {
    const r = await sqsJson(server.url, 'NoSuchThing', {});
    expect(r.headers.get('x-amzn-query-error')).toBe('UnknownOperationException;Sender');
  });

  it('an unknown Action is InvalidAction, a missing one MissingAction, in XML', async () => {
    for (const version of ['2012-11-05', '2010-03-31', '']) {
      const r = await queryPost(server.url, { Action: 'NoSuchThing', Version: version });
      expect(r.status).toBe(400);
      expect(xmlText(r.text, 'Code')).toBe('InvalidAction');
      expect(xmlText(r.text, 'RequestId')).toBe(r.headers.get('x-amzn-requestid'));
    }
    for (const request of [
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Version=2012-11-05' }),
      fetch(server.url),
      fetch(`${server.url}/000000000000/r`),
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<SendMessage><QueueUrl>x</QueueUrl></SendMessage>' }),
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=' }),
    ]) {
      const r = await request;
      expect(r.status).toBe(400);
      expect(xmlText(await r.text(), 'Code')).toBe('MissingAction');
    }
  });

  it('an unknown /_awsmsg/ endpoint is a 404 in JSON that changes nothing', async () => {
    for (const path of ['/_awsmsg/nothing', '/_awsmsg/clock/advance', '/_awsmsg/']) {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', body: '{"advance":"1d"}' });
      expect(r.status).toBe(404);
      expect(((await r.json()) as { error: string }).error).toBe('NotFound');
    }
    const clock = (await (await fetch(`${server.url}/_awsmsg/clock`)).json()) as { offsetSeconds: number };
    expect(clock.offsetSeconds).toBeLessThan(86_400);
  });
});

describe('malformed bodies', () => {
  it.each(['{', '{"QueueName": }', '[1]', 'null', '\u00ff\u00fe', '{"QueueName": 5}'])('SQS JSON %j: 400 SerializationException with its query code', async (text) => {
    const r = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.GetQueueUrl', 'content-type': 'application/x-amz-json-1.0' },
      body: text,
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { __type: string }).__type).toMatch(/#SerializationException$/);
    expect(r.headers.get('x-amzn-query-error')).toBe('SerializationException;Sender');
  });

  it.each(['{', 'x', '[]', '{"StreamName": "s", "Limit": "ten"}', '{"StreamName": 5}', '{"StreamName": {"a": 1}}', '{"StreamName": ["s"]}'])(
    'Kinesis JSON %j: a 400 error, never a 500',
    async (text) => {
      const r = await fetch(server.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'Kinesis_20131202.DescribeStream', 'content-type': 'application/x-amz-json-1.1' },
        body: text,
      });
      const body = (await r.json()) as { __type: string };
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(['SerializationException', 'ValidationException']).toContain(body.__type);
    },
  );

  it('Kinesis JSON with objects where strings belong, even ones with a "toString" key: SerializationException', async () => {
    for (const body of ['{"StreamName":"s","Tags":{"k":{"toString":""}}}', '{"StreamName":"s","TagKeys":[{"toString":""}]}']) {
      const target = body.includes('TagKeys') ? 'RemoveTagsFromStream' : 'AddTagsToStream';
      const r = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': `Kinesis_20131202.${target}`, 'content-type': 'application/x-amz-json-1.1' }, body });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { __type: string }).__type).toBe('SerializationException');
    }
  });

  it.each([
    ['garbage', Buffer.from('this is not cbor')],
    ['truncated', cbor.encode({ StreamName: 'a-long-stream-name' }).subarray(0, 8)],
    ['an array', cbor.encode([1, 2])],
    ['deeply nested', Buffer.concat([Buffer.alloc(100_000, 0x81), Buffer.from([0])])],
    ['a wrong type', cbor.encode({ StreamName: 5 })],
    ['a byte string for a string', cbor.encode({ StreamName: Buffer.from('s') })],
  ])('Kinesis CBOR that is %s: a 400 error in CBOR', async (_what, bytes) => {
    const r = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'Kinesis_20131202.DescribeStreamSummary', 'content-type': 'application/x-amz-cbor-1.1' },
      body: new Uint8Array(bytes),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/x-amz-cbor-1.1');
    const body = cborDecoder.decode(Buffer.from(await r.arrayBuffer())) as { __type: string };
    expect(['SerializationException', 'ValidationException']).toContain(body.__type);
  });

  it('a form with broken percent-encoding is MalformedQueryString', async () => {
    const r = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05&x=%E0%A4' });
    expect(r.status).toBe(400);
    expect(xmlText(await r.text(), 'Code')).toBe('MalformedQueryString');
  });

  it('a query value of the wrong type is InvalidParameterValue', async () => {
    const r = await queryPost(server.url, { Action: 'ReceiveMessage', Version: '2012-11-05', QueueUrl: queueUrl, MaxNumberOfMessages: 'lots' });
    expect(r.status).toBe(400);
    expect(xmlText(r.text, 'Code')).toBe('InvalidParameterValue');
  });
});

describe('the connection', () => {
  it('serves HTTP/1.1 and HTTP/2 with prior knowledge (h2c) on the one port, streams in parallel', async () => {
    const session = h2Session(server.url);
    try {
      const replies = await Promise.all([
        h2Request(session, { 'x-amz-target': 'AmazonSQS.ListQueues', 'content-type': 'application/x-amz-json-1.0' }, '{}'),
        h2Request(session, { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-cbor-1.1' }, cbor.encode({})),
        h2Request(session, { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListTopics&Version=2010-03-31'),
        h2Request(session, { ':method': 'GET', ':path': '/_awsmsg/health' }),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(JSON.parse(replies[0]!.body.toString())).toEqual({ QueueUrls: [queueUrl] });
      expect(replies[0]!.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(cborDecoder.decode(replies[1]!.body)).toMatchObject({ StreamNames: [] });
      expect(replies[2]!.body.toString()).toContain('<TopicArn>arn:aws:sns:us-east-1:000000000000:r</TopicArn>');
      // the queue URL comes from :authority over HTTP/2
      const created = await h2Request(session, { 'x-amz-target': 'AmazonSQS.GetQueueUrl', 'content-type': 'application/x-amz-json-1.0', ':authority': 'h2.example:4566' }, '{"QueueName":"r"}');
      expect(JSON.parse(created.body.toString())).toEqual({ QueueUrl: 'http://h2.example:4566/000000000000/r' });
    } finally {
      session.close();
    }
  });

  it('keeps an HTTP/1.1 connection alive for many requests, pipelined', async () => {
    const json = '{"QueueName":"r"}';
    const request = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: ${json.length}\r\n\r\n${json}`;
    const n = 100;
    const { data, closedByServer } = await rawExchange(server.port, [request.repeat(n)], (got) => http1Responses(got).length >= n);
    expect(closedByServer).toBe(false);
    const responses = http1Responses(data);
    expect(responses).toHaveLength(n);
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.headers['x-amzn-requestid'])).size).toBe(n);
    expect(JSON.parse(responses[n - 1]!.body)).toEqual({ QueueUrl: 'http://127.0.0.1/000000000000/r' });
  });

  it('reads chunked request bodies', async () => {
    const body = JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'in chunks' });
    const pieces = [body.slice(0, 5), body.slice(5, 20), body.slice(20)];
    const chunked = pieces.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('') + '0\r\n\r\n';
    const head = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.SendMessage\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n';
    // written in separate pieces, as a streaming client would
    const { data } = await rawExchange(server.port, [head, ...chunked.match(/[\s\S]{1,7}/g)!], (got) => http1Responses(got).length >= 1);
    const [reply] = http1Responses(data);
    expect(reply!.status).toBe(200);
    expect((JSON.parse(reply!.body) as { MD5OfMessageBody: string }).MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    const received = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: queueUrl });
    expect((received.json!.Messages as { Body: string }[])[0]!.Body).toBe('in chunks');
    await drain();
  });

  it('refuses a body over the limit with 413, declared or chunked, and closes the connection instead of hanging', async () => {
    const small = await testServer({ maxBodyBytes: 1024 });
    try {
      const big = JSON.stringify({ QueueName: 'x'.repeat(2000) });
      const declared = await sqsJson(small.url, 'GetQueueUrl', JSON.parse(big));
      expect(declared.status).toBe(413);
      expect(declared.json!.__type).toMatch(/RequestEntityTooLarge$/);
      expect(declared.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      // logged like every other request
      expect(small.logs.at(-1)).toMatch(/ - 413 RequestEntityTooLarge \d+\.\dms$/);
      const form = await queryPost(small.url, { Action: 'SendMessage', Version: '2012-11-05', QueueUrl: 'x', MessageBody: 'y'.repeat(2000) });
      expect(form.status).toBe(413);
      expect(xmlText(form.text, 'Code')).toBe('RequestEntityTooLarge');
      // chunked, no length declared
      const head = 'POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n';
      const chunks = Array.from({ length: 4 }, () => `200\r\n${'a'.repeat(0x200)}\r\n`);
      const { data, closedByServer } = await rawExchange(small.port, [head, ...chunks, '0\r\n\r\n']);
      expect(closedByServer).toBe(true);
      expect(http1Responses(data)[0]!.status).toBe(413);
      // over HTTP/2
      const session = h2Session(small.url);
      try {
        const r = await h2Request(session, { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' }, big);
        expect(r.status).toBe(413);
      } finally {
        session.close();
      }
      expect((await sqsJson(small.url, 'ListQueues', {})).status).toBe(200);
    } finally {
      await small.stop();
    }
  });

  it.each([
    ['a garbage request line', ['GARBAGE\r\n\r\n']],
    ['binary noise', [Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256))]],
    ['a header without a colon', ['POST / HTTP/1.1\r\nHost: h\r\nthis is not a header\r\n\r\n']],
    ['a bad chunk size', ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n']],
    ['the HTTP/2 preface and then noise', ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', Buffer.alloc(64, 0xff)]],
  ])('%s: the connection is answered or closed, and the server goes on', async (_what, chunks) => {
    const { data, closedByServer } = await rawExchange(server.port, chunks as (string | Buffer)[]);
    expect(closedByServer).toBe(true);
    const text = data.toString('latin1');
    if (text.startsWith('HTTP/1.1')) expect(text).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
    expect((await health()).status).toBe('ok');
  });

  it('a client that goes away before its body is complete runs nothing', async () => {
    const logged = server.logs.length;
    const body = new URLSearchParams({ Action: 'SendMessage', Version: '2012-11-05', QueueUrl: queueUrl, MessageBody: 'cut off here, never sent' }).toString();
    const cut = body.slice(0, body.length - 10);
    await new Promise<void>((resolve, reject) => {
      const socket = netConnect(server.port, '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${cut}`, () => {
          socket.destroy();
          resolve();
        });
      });
      socket.on('error', reject);
    });
    // a few round trips on other connections: the server has seen the close by then
    for (let i = 0; i < 3; i++) await health();
    expect(await queueMessages()).toBe(0);
    expect(server.logs.slice(logged).some((l) => l.includes('SendMessage'))).toBe(false);
  });

  it('stopping the server does not wait for a client that stalls in the middle of its body', async () => {
    const own = await testServer();
    const socket = netConnect(own.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.on('connect', () => r()));
    socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=Lis');
    // round trips on other connections: the server has the stalled request by then
    for (let i = 0; i < 3; i++) expect((await fetch(`${own.url}/_awsmsg/health`)).status).toBe(200);
    await own.stop(); // resolves: the stalled upload is cut off
    await closed;
  });

  it('an HTTP/2 stream reset before its body is complete runs nothing', async () => {
    const session = h2Session(server.url);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/', 'content-type': 'application/x-www-form-urlencoded' });
      stream.write(new URLSearchParams({ Action: 'SendMessage', Version: '2012-11-05', QueueUrl: queueUrl, MessageBody: 'reset' }).toString());
      await new Promise<void>((r) => stream.once('ready', () => r()));
      stream.close(0x8); // CANCEL
      // the next stream on the same connection is read after the reset
      const r = await h2Request(session, { ':method': 'GET', ':path': '/_awsmsg/health' });
      expect(r.status).toBe(200);
    } finally {
      session.close();
    }
    for (let i = 0; i < 3; i++) await health();
    expect(await queueMessages()).toBe(0);
  });

  it('a client that goes away during a long poll frees it, and the message goes to the next receive', async () => {
    const controller = new AbortController();
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20 }, { signal: controller.signal }).catch((e: Error) => e);
    await eventually(async () => ((await health()).waiting === 1 ? true : undefined), 'the long poll to wait');
    controller.abort();
    expect(await poll).toBeInstanceOf(Error);
    await eventually(async () => ((await health()).waiting === 0 ? true : undefined), 'the server to free the long poll');
    await sqsJson(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: 'for the living' });
    const received = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: queueUrl });
    expect((received.json!.Messages as { Body: string }[]).map((m) => m.Body)).toEqual(['for the living']);
    await drain();
  });

  it('SubscribeToShard streams over HTTP/2 too; a reset frees the subscription; a takeover ends a stream with an exception event', async () => {
    await kinesisJson(server.url, 'CreateStream', { StreamName: 'h2s', ShardCount: 1 });
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
    const streamArn = 'arn:aws:kinesis:us-east-1:000000000000:stream/h2s';
    const consumer = await kinesisJson(server.url, 'RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: 'h2c' });
    const consumerArn = (consumer.json!.Consumer as { ConsumerARN: string }).ConsumerARN;
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
    await kinesisJson(server.url, 'PutRecord', { StreamName: 'h2s', Data: Buffer.from('over h2').toString('base64'), PartitionKey: 'p' });
    const session = h2Session(server.url);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/', 'x-amz-target': 'Kinesis_20131202.SubscribeToShard', 'content-type': 'application/x-amz-json-1.1' });
      stream.end(JSON.stringify({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
      let buf: Buffer = Buffer.alloc(0);
      const messages = await new Promise<ReturnType<typeof decodeEventMessages>['messages']>((resolve, reject) => {
        const got: ReturnType<typeof decodeEventMessages>['messages'] = [];
        stream.on('data', (d: Buffer) => {
          const decoded = decodeEventMessages(Buffer.concat([buf, d]));
          buf = decoded.rest;
          got.push(...decoded.messages);
          if (got.length >= 2) resolve(got);
        });
        stream.on('error', reject);
      });
      expect(messages[0]!.headers[':event-type']).toBe('initial-response');
      const event = JSON.parse(messages[1]!.payload.toString()) as { Records: { Data: string }[] };
      expect(Buffer.from(event.Records[0]!.Data, 'base64').toString()).toBe('over h2');
      expect((await health()).waiting).toBe(1);
      stream.close(0x8);
    } finally {
      session.close();
    }
    // the server stops the subscription it was serving
    await eventually(async () => ((await health()).waiting === 0 ? true : undefined), 'the subscription to end');
    // AWS takes a new subscription of the consumer to the shard 5 seconds after the last one
    const subscribe = () =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'Kinesis_20131202.SubscribeToShard', 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }),
      });
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"6s"}' });
    const later = await subscribe();
    expect(later.status).toBe(200);
    // a third subscription takes over after another 5 seconds: the second's stream ends with an exception event
    const reader = later.body!.getReader();
    const frames = (async () => {
      let buf: Buffer = Buffer.alloc(0);
      const got: ReturnType<typeof decodeEventMessages>['messages'] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return got;
        const decoded = decodeEventMessages(Buffer.concat([buf, Buffer.from(value)]));
        buf = decoded.rest;
        got.push(...decoded.messages);
      }
    })();
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"6s"}' });
    const third = await subscribe();
    expect(third.status).toBe(200);
    // the second looks at its shard when its next heartbeat falls due on the clock
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"6s"}' });
    const ended = await frames;
    const last = ended.at(-1)!;
    expect(last.headers).toMatchObject({ ':message-type': 'exception', ':exception-type': 'ResourceInUseException', ':content-type': 'application/x-amz-json-1.1' });
    expect((JSON.parse(last.payload.toString()) as { message: string }).message).toBeTruthy();
    await third.body!.cancel();
  });
});

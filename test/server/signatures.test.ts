/**
 * `--verify-signatures`: requests signed by the AWS SDK's own SigV4 signer
 * (@smithy/signature-v4) with the right secret pass, in every protocol, over HTTP/1.1 and h2c,
 * with headers or presigned; anything else gets AWS's error for it with 403. Freshness is
 * judged on wall-clock time: moving the emulated clock expires nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { h2Request, h2Session, testServer, xmlText, type TestServer } from './harness.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let server: TestServer;
beforeAll(async () => {
  server = await testServer({ credentials: new Map([[AKID, SECRET]]) });
});
afterAll(() => server.stop());

interface Signing {
  service: 'sqs' | 'sns' | 'kinesis';
  secret?: string;
  accessKeyId?: string;
  region?: string;
  /** sign as if at this wall-clock time */
  at?: Date;
  /** the SDK's x-amz-content-sha256 header (botocore sends none for these services) */
  contentSha?: boolean;
}

function signer(s: Signing): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: s.accessKeyId ?? AKID, secretAccessKey: s.secret ?? SECRET },
    region: s.region ?? 'us-east-1',
    service: s.service,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: s.contentSha ?? true,
  });
}

function host(): string {
  return `127.0.0.1:${server.port}`;
}

async function signedHeaders(s: Signing, headers: Record<string, string>, body: string, path = '/', query: Record<string, string> = {}): Promise<Record<string, string>> {
  const request = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: server.port, path, query, headers: { host: host(), ...headers }, body });
  const signed = await signer(s).sign(request, { signingDate: s.at });
  const out = { ...signed.headers };
  delete out.host; // fetch sends the same Host itself
  return out;
}

async function send(s: Signing, headers: Record<string, string>, body: string): Promise<{ status: number; text: string; code: string | undefined }> {
  const r = await fetch(server.url, { method: 'POST', headers: await signedHeaders(s, headers, body), body });
  const text = await r.text();
  const code = text.startsWith('<') ? xmlText(text, 'Code') : ((JSON.parse(text) as { __type?: string }).__type ?? '').replace(/^.*#/, '');
  return { status: r.status, text, code };
}

const sqsJson = (s: Omit<Signing, 'service'>, target = 'ListQueues', body = '{}') =>
  send({ service: 'sqs', ...s }, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` }, body);
const kinesis = (s: Omit<Signing, 'service'>) =>
  send({ service: 'kinesis', ...s }, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, '{}');
const snsQuery = (s: Omit<Signing, 'service'>) =>
  send({ service: 'sns', ...s }, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, 'Action=ListTopics&Version=2010-03-31');
const sqsQuery = (s: Omit<Signing, 'service'>) =>
  send({ service: 'sqs', ...s }, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, 'Action=ListQueues&Version=2012-11-05');

describe('signed with the right secret', () => {
  it('passes in SQS JSON and query, SNS query and Kinesis JSON, with and without x-amz-content-sha256', async () => {
    for (const contentSha of [true, false]) {
      for (const call of [sqsJson, sqsQuery, snsQuery, kinesis]) {
        const r = await call({ contentSha });
        expect(r.status, r.text).toBe(200);
      }
    }
  });

  it('passes with a body of any text, and a queue path', async () => {
    const created = await sqsJson({}, 'CreateQueue', '{"QueueName":"signed"}');
    expect(created.status, created.text).toBe(200);
    const body = new URLSearchParams({ Action: 'SendMessage', Version: '2012-11-05', MessageBody: 'ünïcödé & spaces + "quotes" / slashes ~*' }).toString();
    const headers = await signedHeaders({ service: 'sqs' }, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, '/000000000000/signed');
    const r = await fetch(`${server.url}/000000000000/signed`, { method: 'POST', headers, body });
    expect(r.status, await r.clone().text()).toBe(200);
  });

  it('passes over HTTP/2, where the host is :authority', async () => {
    const session = h2Session(server.url);
    try {
      const headers = await signedHeaders({ service: 'kinesis' }, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, '{}');
      const r = await h2Request(session, headers, '{}');
      expect(r.status, r.body.toString()).toBe(200);
    } finally {
      session.close();
    }
  });

  it('passes as a presigned GET URL, with the query string parameters signed', async () => {
    const request = new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: server.port,
      path: '/',
      query: { Action: 'ListQueues', Version: '2012-11-05', QueueNamePrefix: 'sig ned' },
      headers: { host: host() },
    });
    const presigned = await signer({ service: 'sqs' }).presign(request, { expiresIn: 300 });
    const url = `${server.url}/?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`;
    const r = await fetch(url);
    expect(r.status, await r.clone().text()).toBe(200);
    // the same URL with a parameter changed no longer matches
    const tampered = await fetch(url.replace('ListQueues', 'ListQueues&QueueNamePrefix=other'));
    expect(tampered.status).toBe(403);
  });

  it('the emulated clock moving a day expires no signature', async () => {
    const moved = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1d"}' });
    expect(moved.status).toBe(200);
    expect((await sqsJson({})).status).toBe(200);
    expect((await snsQuery({})).status).toBe(200);
  });
});

describe('signed by botocore', () => {
  it('its signed calls pass and a wrong secret fails; its presigned URL passes', async () => {
    const script = `
import json, sys, botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError
url, akid, secret = sys.argv[1:4]
def client(service, key):
    return botocore.session.get_session().create_client(service, region_name='eu-west-1', endpoint_url=url,
        aws_access_key_id=akid, aws_secret_access_key=key, config=Config(retries={'max_attempts': 0}))
out = {}
for service, call in (('sqs', 'list_queues'), ('sns', 'list_topics'), ('kinesis', 'list_streams')):
    for label, key in (('right', secret), ('wrong', 'not-' + secret)):
        try:
            getattr(client(service, key), call)()
            out[service + '-' + label] = 'ok'
        except ClientError as e:
            out[service + '-' + label] = e.response['Error']['Code']
# botocore signs a query-protocol URL as a POST unless told (AWS, like awsmsg, checks the method)
out['presigned'] = client('sns', secret).generate_presigned_url('list_topics', ExpiresIn=300, HttpMethod='GET')
print(json.dumps(out))
`;
    // not spawnSync: the server answering botocore runs in this process
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('python3', ['-c', script, server.url, AKID, SECRET]);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e) => resolve({ status: null, stdout, stderr: e.message }));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    if (r.status !== 0 && /No module named|ENOENT/.test(r.stderr)) {
      console.log(`skipped: botocore is not usable here (${r.stderr.trim().split('\n').pop()})`);
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out).toMatchObject({ 'sqs-right': 'ok', 'sns-right': 'ok', 'kinesis-right': 'ok', 'sns-wrong': 'SignatureDoesNotMatch', 'kinesis-wrong': 'InvalidSignatureException' });
    expect(['SignatureDoesNotMatch', 'InvalidSignatureException']).toContain(out['sqs-wrong']);
    expect((await fetch(out.presigned!)).status).toBe(200);
  });
});

// Statuses as AWS answers: query services 403 (IncompleteSignature and RequestExpired 400), SQS in
// JSON 403 with the query code in x-amzn-query-error, Kinesis (a coral JSON service) 400.
describe('anything else is refused with AWS\'s error and status', () => {
  it('a wrong secret: SignatureDoesNotMatch for the query services, InvalidSignatureException for Kinesis', async () => {
    for (const [call, code, status] of [
      [sqsQuery, 'SignatureDoesNotMatch', 403],
      [snsQuery, 'SignatureDoesNotMatch', 403],
      [kinesis, 'InvalidSignatureException', 400],
    ] as const) {
      const r = await call({ secret: 'not-the-secret' });
      expect(r.status).toBe(status);
      expect(r.code).toBe(code);
      expect(r.text).toContain('The request signature we calculated does not match the signature you provided.');
    }
    const json = await sqsJson({ secret: 'not-the-secret' });
    expect(json.status).toBe(403);
    expect(['SignatureDoesNotMatch', 'InvalidSignatureException']).toContain(json.code);
  });

  it('a body changed after signing does not match', async () => {
    const headers = await signedHeaders({ service: 'sqs', contentSha: false }, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' }, '{}');
    const r = await fetch(server.url, { method: 'POST', headers, body: '{"QueueNamePrefix":"x"}' });
    expect(r.status).toBe(403);
  });

  it('an unknown access key: InvalidClientTokenId (query), UnrecognizedClientException (Kinesis)', async () => {
    const q = await snsQuery({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00' });
    expect([q.status, q.code]).toEqual([403, 'InvalidClientTokenId']);
    const k = await kinesis({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00' });
    expect([k.status, k.code]).toEqual([400, 'UnrecognizedClientException']);
    expect(k.text).toContain('The security token included in the request is invalid.');
  });

  it('no Authorization at all: MissingAuthenticationToken', async () => {
    const q = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    expect(q.status).toBe(403);
    expect(xmlText(await q.text(), 'Code')).toBe('MissingAuthenticationToken');
    const j = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body: '{}' });
    expect(j.status).toBe(400);
    expect(((await j.json()) as { __type: string }).__type).toMatch(/^MissingAuthenticationToken/);
  });

  it('a request signed 20 minutes ago (wall time) has an expired signature', async () => {
    const at = new Date(Date.now() - 20 * 60 * 1000);
    for (const [call, status] of [
      [sqsQuery, 403],
      [kinesis, 400],
    ] as const) {
      const r = await call({ at });
      expect(r.status).toBe(status);
      expect(r.text).toMatch(/Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)/);
    }
    const future = await snsQuery({ at: new Date(Date.now() + 20 * 60 * 1000) });
    expect(future.status).toBe(403);
    expect(future.text).toMatch(/Signature not yet current/);
  });

  it('an expired presigned URL is refused', async () => {
    const request = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: server.port, path: '/', query: { Action: 'ListTopics', Version: '2010-03-31' }, headers: { host: host() } });
    const presigned = await signer({ service: 'sns' }).presign(request, { expiresIn: 60, signingDate: new Date(Date.now() - 10 * 60 * 1000) });
    const r = await fetch(`${server.url}/?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`);
    expect(r.status).toBe(400);
    expect(xmlText(await r.clone().text(), 'Code')).toBe('RequestExpired');
    expect(await r.text()).toContain('expired');
  });

  it('a malformed Authorization header is IncompleteSignature', async () => {
    for (const authorization of ['AWS4-HMAC-SHA256 Credential=x', 'Bearer abc', `AWS4-HMAC-SHA256 Credential=${AKID}/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host`]) {
      const r = await fetch(server.url, { method: 'POST', headers: { authorization, 'x-amz-date': '20240101T000000Z', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });
      expect(r.status).toBe(400);
      expect(xmlText(await r.text(), 'Code')).toBe('IncompleteSignature');
    }
  });

  it('awsmsg\'s own endpoints need no signature', async () => {
    expect((await fetch(`${server.url}/_awsmsg/health`)).status).toBe(200);
  });
});

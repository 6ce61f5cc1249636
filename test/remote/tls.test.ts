/**
 * HTTPS endpoints: certificates verified unless --no-verify-ssl, a CA bundle from --ca-bundle or
 * AWS_CA_BUNDLE, the AWS CLI's message when verification fails; and SubscribeToShard over
 * HTTP/2, as AWS requires it, its event stream printed as the local one is. The endpoint is a
 * small TLS server on loopback with a certificate made for the test (openssl; skipped, with
 * the reason printed, where it is missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventMessage } from '../../src/server/protocols/eventstream.js';
import { BIN } from '../helpers/cli.js';
import { remoteEnv, which } from './helpers.js';

const noOpenssl = which('openssl') ? undefined : 'openssl not found on PATH';
if (noOpenssl) console.log(`test/remote/tls.test.ts: ${noOpenssl}; the HTTPS tests are skipped`);

let dir: string;
let server: http2.Http2SecureServer;
let url: string;
const seen: { target?: string; httpVersion: string; signed: boolean }[] = [];

beforeAll(async () => {
  if (noOpenssl) return;
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-tls-'));
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ]);
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  server = http2.createSecureServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), allowHTTP1: true }, (req, res) => {
    req.resume();
    const target = req.headers['x-amz-target'] as string | undefined;
    seen.push({ target, httpVersion: req.httpVersion, signed: typeof req.headers.authorization === 'string' });
    if (target === 'Kinesis_20131202.SubscribeToShard') {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      const json = (v: unknown) => Buffer.from(JSON.stringify(v));
      res.write(eventMessage('initial-response', 'application/x-amz-json-1.1', json({})));
      res.write(
        eventMessage('SubscribeToShardEvent', 'application/x-amz-json-1.1', json({
          Records: [{ SequenceNumber: '49590338271490256608559692538361571095921575989136588898', ApproximateArrivalTimestamp: 1700000000.5, Data: Buffer.from('hi').toString('base64'), PartitionKey: 'k' }],
          ContinuationSequenceNumber: '49590338271490256608559692538361571095921575989136588898',
          MillisBehindLatest: 0,
        })),
      );
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ QueueUrls: [`https://127.0.0.1/000000000000/tls-q`] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function awsmsg(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, '--endpoint-url', url, ...args], { env: { ...remoteEnv(dir), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const status = await new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  return { status, stdout, stderr };
}

describe.skipIf(noOpenssl)('HTTPS endpoints', () => {
  it('refuses a certificate it cannot verify, as the AWS CLI does (exit 255)', async () => {
    const r = await awsmsg(['sqs', 'list-queues']);
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(new RegExp(`^\\nSSL validation failed for ${url.replace(/\./g, '\\.')}/ .*self-signed certificate`));
  });

  it('trusts the certificates of --ca-bundle or AWS_CA_BUNDLE, or none with --no-verify-ssl', async () => {
    const expected = '{\n    "QueueUrls": [\n        "https://127.0.0.1/000000000000/tls-q"\n    ]\n}\n';
    expect(await awsmsg(['--ca-bundle', join(dir, 'cert.pem'), 'sqs', 'list-queues'])).toEqual({ status: 0, stdout: expected, stderr: '' });
    expect(await awsmsg(['sqs', 'list-queues'], { AWS_CA_BUNDLE: join(dir, 'cert.pem') })).toEqual({ status: 0, stdout: expected, stderr: '' });
    expect(await awsmsg(['--no-verify-ssl', 'sqs', 'list-queues'])).toEqual({ status: 0, stdout: expected, stderr: '' });
    const missing = await awsmsg(['--ca-bundle', join(dir, 'nope.pem'), 'sqs', 'list-queues']);
    expect(missing.status).toBe(255);
    expect(missing.stderr).toContain(`Could not find a suitable TLS CA certificate bundle, invalid path: ${join(dir, 'nope.pem')}`);
  });

  it('subscribes to a shard over HTTP/2, signed, printing each event', async () => {
    const before = seen.length;
    const r = await awsmsg([
      '--ca-bundle', join(dir, 'cert.pem'), 'kinesis', 'subscribe-to-shard',
      '--consumer-arn', 'arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1', '--shard-id', 'shardId-000000000000',
      '--starting-position', 'Type=LATEST', '--query', 'SubscribeToShardEvent.Records[].[PartitionKey, Data, ApproximateArrivalTimestamp]', '--output', 'text',
    ]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe('k\taGk=\t2023-11-14T22:13:20.500000+00:00\n');
    const call = seen.slice(before).find((s) => s.target === 'Kinesis_20131202.SubscribeToShard')!;
    expect(call).toEqual({ target: 'Kinesis_20131202.SubscribeToShard', httpVersion: '2.0', signed: true });
  });
});

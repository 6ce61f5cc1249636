/**
 * Signatures and credentials against `awsmsg serve --verify-signatures` on loopback: requests
 * signed with the right secret are answered, a wrong secret gets SignatureDoesNotMatch (exit
 * 254), and the credential chain takes its sources in the AWS CLI's order. Each source signs
 * with a key of its own, a 12-digit one that names the account in the queue URL the server
 * hands back, so the URL shows which source won. STS, the SSO portal and the container
 * credentials endpoint are small fakes on loopback (AWS_ENDPOINT_URL_STS, _SSO, FULL_URI).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { startServe, type Endpoint } from './helpers.js';

const KEYS: Record<string, string> = {
  '111111111111': 'env-secret',
  '222222222222': 'file-secret',
  '333333333333': 'process-secret',
  '444444444444': 'config-secret',
  '555555555555': 'role-secret',
  '666666666666': 'sso-secret',
  '777777777777': 'container-secret',
};

let server: Endpoint;
let fakes: Server;
let fakesUrl: string;
/** the Authorization header of each request the fakes received, by path */
const seen: { path: string; auth?: string; token?: string; body: string }[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServe({ args: ['--verify-signatures', '--credentials', ...Object.entries(KEYS).map(([k, v]) => `${k}:${v}`)] });
  fakes = createServer((req, res) => {
    void body(req).then((text) => {
      seen.push({ path: req.url!, auth: req.headers.authorization, token: req.headers['x-amz-sso_bearer_token'] as string | undefined, body: text });
      if (req.url!.startsWith('/federation/credentials')) {
        if (req.headers['x-amz-sso_bearer_token'] !== 'sso-token') {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Session token not found or invalid"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ roleCredentials: { accessKeyId: '666666666666', secretAccessKey: 'sso-secret', sessionToken: 'sso-session', expiration: Date.now() + 3_600_000 } }));
      } else if (req.url === '/creds') {
        if (req.headers.authorization !== 'container-token') return void res.writeHead(403).end('{}');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ AccessKeyId: '777777777777', SecretAccessKey: 'container-secret', Token: 'tok', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
      } else {
        // STS AssumeRole
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
            '<AccessKeyId>555555555555</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>' +
            `<Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
        );
      }
    });
  });
  await new Promise<void>((r) => fakes.listen(0, '127.0.0.1', r));
  fakesUrl = `http://127.0.0.1:${(fakes.address() as { port: number }).port}`;
});

afterAll(async () => {
  await server?.stop();
  await new Promise((r) => fakes?.close(r));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.setEncoding('utf8').on('data', (d: string) => (s += d));
    req.on('end', () => resolve(s));
  });
}

interface Setup {
  env?: NodeJS.ProcessEnv;
  credentials?: string;
  config?: string;
  /** files under the home directory */
  files?: Record<string, string>;
}

let counter = 0;

/**
 * Runs awsmsg against the server with only the credentials the setup gives (in the
 * background: the fakes answer from this process).
 */
async function awsmsg(args: string[], setup: Setup = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'awsmsg-creds-'));
  dirs.push(home);
  writeFileSync(join(home, 'credentials'), setup.credentials ?? '');
  writeFileSync(join(home, 'config'), setup.config ?? '');
  for (const [name, content] of Object.entries(setup.files ?? {})) {
    mkdirSync(join(home, name, '..'), { recursive: true });
    writeFileSync(join(home, name), content);
  }
  const child = spawn(process.execPath, [BIN, '--endpoint-url', server.url, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      TZ: 'UTC',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWSMSG_DB: join(home, 'local.db'),
      AWS_DEFAULT_REGION: 'us-east-1',
      ...setup.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { status, stdout, stderr };
}

/** The account whose credentials signed: a queue created answers with its URL, which names it. */
async function signer(setup: Setup): Promise<string> {
  const r = await awsmsg(['sqs', 'create-queue', '--queue-name', `q${++counter}`, '--query', 'QueueUrl', '--output', 'text'], setup);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return new URL(r.stdout.trim()).pathname.split('/')[1]!;
}

const envKeys = (id: string): NodeJS.ProcessEnv => ({ AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: KEYS[id]! });
const section = (name: string, id: string) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = ${KEYS[id]}\n`;

describe('SigV4 signatures checked by awsmsg serve --verify-signatures', () => {
  it('answers requests signed with the right secret, in every protocol', async () => {
    const setup = { env: envKeys('111111111111') };
    expect((await awsmsg(['sqs', 'list-queues'], setup)).status).toBe(0);
    expect(await awsmsg(['sns', 'list-topics'], setup)).toMatchObject({ status: 0, stderr: '' });
    expect(await awsmsg(['kinesis', 'list-streams'], setup)).toMatchObject({ status: 0, stderr: '' });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (query) or InvalidSignatureException (JSON), exit 254', async () => {
    const setup = { env: { AWS_ACCESS_KEY_ID: '111111111111', AWS_SECRET_ACCESS_KEY: 'wrong' } };
    const sns = await awsmsg(['sns', 'list-topics'], setup);
    expect(sns.status).toBe(254);
    expect(sns.stderr).toBe(
      '\nAn error occurred (SignatureDoesNotMatch) when calling the ListTopics operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n',
    );
    const kinesis = await awsmsg(['kinesis', 'list-streams'], setup);
    expect(kinesis.status).toBe(254);
    expect(kinesis.stderr).toMatch(/^\nAn error occurred \(InvalidSignatureException\) when calling the ListStreams operation: The request signature we calculated/);
    expect((await awsmsg(['sqs', 'list-queues'], setup)).status).toBe(254);
  });

  it('signs the session token of temporary credentials', async () => {
    expect(await signer({ env: { ...envKeys('111111111111'), AWS_SESSION_TOKEN: 'FwoGZXIvYXdzE...' } })).toBe('111111111111');
  });

  it('refuses an unknown key, and an unsigned request (--no-sign-request)', async () => {
    const unknown = await awsmsg(['sns', 'list-topics'], { env: { AWS_ACCESS_KEY_ID: '999999999999', AWS_SECRET_ACCESS_KEY: 'x' } });
    expect(unknown.status).toBe(254);
    expect(unknown.stderr).toContain('An error occurred (InvalidClientTokenId) when calling the ListTopics operation');
    const unsigned = await awsmsg(['--no-sign-request', 'sns', 'list-topics']);
    expect(unsigned.status).toBe(254);
    expect(unsigned.stderr).toContain('An error occurred (MissingAuthenticationToken) when calling the ListTopics operation');
  });
});

describe('the credential chain, in the AWS CLI order', () => {
  it('environment before the shared credentials file', async () => {
    expect(await signer({ env: envKeys('111111111111'), credentials: section('default', '222222222222') })).toBe('111111111111');
  });

  it('--profile skips the environment; AWS_PROFILE does not', async () => {
    const credentials = section('p', '222222222222');
    const config = '[profile p]\nregion = us-east-1\n';
    expect(await signer({ env: envKeys('111111111111'), credentials, config: `${config}` })).toBe('111111111111');
    expect(await signer({ env: { ...envKeys('111111111111'), AWS_PROFILE: 'p' }, credentials, config })).toBe('111111111111');
    const flagged = await awsmsg(['--profile', 'p', 'sqs', 'create-queue', '--queue-name', 'flagged', '--query', 'QueueUrl', '--output', 'text'], {
      env: envKeys('111111111111'),
      credentials,
      config,
    });
    expect(flagged.stdout).toContain('/222222222222/flagged');
  });

  it('a profile found in the credentials file alone is a profile', async () => {
    const r = await awsmsg(['--profile', 'only', 'sqs', 'create-queue', '--queue-name', 'only', '--query', 'QueueUrl', '--output', 'text'], {
      credentials: section('only', '222222222222'),
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('/222222222222/only');
  });

  it('the credentials file before credential_process, credential_process before the config file', async () => {
    const process = `credential_process = ${JSON.stringify(globalThis.process.execPath)} -e "console.log(JSON.stringify({Version: 1, AccessKeyId: '333333333333', SecretAccessKey: 'process-secret'}))"\n`;
    const config = `[default]\n${process}aws_access_key_id = 444444444444\naws_secret_access_key = config-secret\n`;
    expect(await signer({ credentials: section('default', '222222222222'), config })).toBe('222222222222');
    expect(await signer({ config })).toBe('333333333333');
    expect(await signer({ config: section('default', '444444444444') })).toBe('444444444444');
  });

  it('a role assumed with STS from a source profile (AssumeRole signed with the source keys)', async () => {
    const config = `[profile r]\nrole_arn = arn:aws:iam::555555555555:role/app\nsource_profile = base\nrole_session_name = s1\n`;
    const before = seen.length;
    expect(await signer({ env: { AWS_PROFILE: 'r', AWS_ENDPOINT_URL_STS: fakesUrl }, credentials: section('base', '111111111111'), config })).toBe('555555555555');
    const sts = seen.slice(before).find((s) => s.body.includes('Action=AssumeRole'))!;
    expect(sts.body).toContain('RoleArn=arn%3Aaws%3Aiam%3A%3A555555555555%3Arole%2Fapp');
    expect(sts.body).toContain('RoleSessionName=s1');
    expect(sts.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=111111111111\/\d{8}\/us-east-1\/sts\/aws4_request/);
  });

  it('IAM Identity Center: the token aws sso login cached, exchanged for the role credentials', async () => {
    const config = `[profile s]\nsso_session = my\nsso_account_id = 666666666666\nsso_role_name = Dev\n[sso-session my]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n`;
    const cache = `.aws/sso/cache/${createHash('sha1').update('my').digest('hex')}.json`;
    const token = (expiresAt: string) => JSON.stringify({ accessToken: 'sso-token', expiresAt });
    const env = { AWS_PROFILE: 's', AWS_ENDPOINT_URL_SSO: fakesUrl };
    expect(await signer({ env, config, files: { [cache]: token(new Date(Date.now() + 3_600_000).toISOString()) } })).toBe('666666666666');
    const expired = await awsmsg(['sqs', 'list-queues'], { env, config, files: { [cache]: token('2020-01-01T00:00:00Z') } });
    expect(expired.status).toBe(255);
    expect(expired.stderr).toContain('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login');
    const none = await awsmsg(['sqs', 'list-queues'], { env, config });
    expect([none.status, none.stderr]).toEqual([255, '\nError when retrieving credentials from sso: Error loading SSO Token: Token for my does not exist\n']);
  });

  it('container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI) when nothing else has any', async () => {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fakesUrl}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-token' };
    expect(await signer({ env })).toBe('777777777777');
    expect(await signer({ env, credentials: section('default', '222222222222') })).toBe('222222222222');
  });

  it('none at all: "Unable to locate credentials", exit 253; partial ones say what is missing', async () => {
    const none = await awsmsg(['sqs', 'list-queues']);
    expect([none.status, none.stderr]).toEqual([253, '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n']);
    const partial = await awsmsg(['sqs', 'list-queues'], { env: { AWS_ACCESS_KEY_ID: '111111111111' } });
    expect([partial.status, partial.stderr]).toEqual([253, '\nPartial credentials found in env, missing: AWS_SECRET_ACCESS_KEY\n']);
  });

  it('a failing credential_process is an error of its own, exit 255', async () => {
    const config = `[default]\ncredential_process = ${JSON.stringify(process.execPath)} -e "console.error('boom'); process.exit(1)"\n`;
    const r = await awsmsg(['sqs', 'list-queues'], { config });
    expect([r.status, r.stderr]).toEqual([255, '\nError when retrieving credentials from custom-process: boom\n']);
  });
});

/**
 * Credentials as the AWS CLI v2 finds them, in botocore's order: the environment (skipped
 * when --profile names a profile), a role to assume (role_arn with source_profile or
 * credential_source), a web identity token, IAM Identity Center (SSO, from the token cache
 * `aws sso login` fills), the shared credentials file, credential_process, the config file,
 * and container credentials. Instance metadata (EC2) is not consulted: it would mean probing a
 * link-local address from every machine. The first source that has credentials wins; none
 * is the AWS CLI's "Unable to locate credentials" (exit status 253).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homeDir } from '../core/nodeOs.js';
import { join } from 'node:path';
import { CliError } from '../core/errors.js';
import { parseConfigFile } from '../cli/config.js';
import { configuredEndpointOf } from './choose.js';
import { signRequest, type SigningCredentials } from './sign.js';
import { send, type OutgoingRequest, type TransportOptions } from './transport.js';
import { child, parseXml } from './xml.js';

export interface AwsCredentials extends SigningCredentials {
  expiration?: Date;
  /** where they came from (botocore's method names): env, assume-role, sso, shared-credentials-file, ... */
  source: string;
}

export interface CredentialOptions {
  env: NodeJS.ProcessEnv;
  /** the profile in use ("default" unless named) */
  profile: string;
  /** --profile was given: the environment's keys are not used (botocore's rule) */
  profileFromFlag: boolean;
  region: string;
  transport: TransportOptions;
}

type Section = Record<string, string>;
type Sections = Map<string, Section>;

/** Failures of a credential source that the AWS CLI reports as errors of their own (exit 255). */
export class CredentialRetrievalError extends Error {
  constructor(provider: string, message: string) {
    super(`Error when retrieving credentials from ${provider}: ${message}`);
    this.name = 'CredentialRetrievalError';
  }
}

export const noCredentials = (): CliError =>
  new CliError('config', 'Unable to locate credentials. You can configure credentials by running "aws configure".');

const partial = (provider: string, missing: string): CliError =>
  new CliError('config', `Partial credentials found in ${provider}, missing: ${missing}`);

function readSections(path: string): Sections {
  try {
    return parseConfigFile(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}

export const configPath = (env: NodeJS.ProcessEnv): string => env.AWS_CONFIG_FILE || join(homeDir(env), '.aws', 'config');
export const credentialsPath = (env: NodeJS.ProcessEnv): string => env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir(env), '.aws', 'credentials');

/** Resolves the chain; rejects with CliError('config') when nothing has credentials. */
export async function resolveCredentials(o: CredentialOptions): Promise<AwsCredentials> {
  const files = { config: readSections(configPath(o.env)), credentials: readSections(credentialsPath(o.env)) };
  const found = await chain(o, files, o.profile, { env: !o.profileFromFlag, visited: new Set() });
  if (!found) throw noCredentials();
  return found;
}

interface ChainScope {
  /** the environment's keys may be used */
  env: boolean;
  /** profiles already on the way (source_profile loops) */
  visited: Set<string>;
}

async function chain(o: CredentialOptions, files: { config: Sections; credentials: Sections }, profile: string, scope: ChainScope): Promise<AwsCredentials | undefined> {
  const settings = files.config.get(profile) ?? {};
  if (scope.env) {
    const fromEnv = envCredentials(o.env);
    if (fromEnv) return fromEnv;
  }
  if (settings.role_arn && !settings.web_identity_token_file) {
    if (settings.source_profile || settings.credential_source) return assumeRole(o, files, profile, settings, scope);
  }
  const web = webIdentity(o.env, settings, scope.env);
  if (web) return assumeRoleWithWebIdentity(o, files, profile, web);
  if (settings.sso_session || settings.sso_start_url || settings.sso_account_id) return ssoCredentials(o, files, profile, settings);
  const shared = staticFrom(files.credentials.get(profile), 'shared-credentials-file');
  if (shared) return shared;
  if (settings.credential_process) return processCredentials(settings.credential_process);
  const config = staticFrom(settings, 'config-file');
  if (config) return config;
  if (scope.env) return containerCredentials(o);
  return undefined;
}

function envCredentials(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (!id && !secret) return undefined;
  if (!id) throw partial('env', 'AWS_ACCESS_KEY_ID');
  if (!secret) throw partial('env', 'AWS_SECRET_ACCESS_KEY');
  const token = env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN;
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}), source: 'env' };
}

function staticFrom(s: Section | undefined, source: string): AwsCredentials | undefined {
  if (!s) return undefined;
  const id = s.aws_access_key_id;
  const secret = s.aws_secret_access_key;
  if (!id && !secret) return undefined;
  if (!id) throw partial(source, 'aws_access_key_id');
  if (!secret) throw partial(source, 'aws_secret_access_key');
  const token = s.aws_session_token || s.aws_security_token;
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}), source };
}

/** credential_process: the command's JSON output (Version 1), as botocore runs it (no shell). */
async function processCredentials(command: string): Promise<AwsCredentials> {
  const words = shellWords(command);
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const p = spawn(words[0]!, words.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('error', (e) => reject(new CredentialRetrievalError('custom-process', e.message)));
    p.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  if (code !== 0) throw new CredentialRetrievalError('custom-process', stderr.trim());
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    throw new CredentialRetrievalError('custom-process', `Unable to parse JSON from credential process output: ${stdout.slice(0, 200)}`);
  }
  if (parsed.Version !== 1) {
    throw new CredentialRetrievalError('custom-process', `Unsupported version '${String(parsed.Version)}' for credential process provider, supported versions: 1`);
  }
  for (const key of ['AccessKeyId', 'SecretAccessKey']) {
    if (typeof parsed[key] !== 'string') throw new CredentialRetrievalError('custom-process', `Missing required key in response: '${key}'`);
  }
  return {
    accessKeyId: parsed.AccessKeyId as string,
    secretAccessKey: parsed.SecretAccessKey as string,
    ...(typeof parsed.SessionToken === 'string' ? { sessionToken: parsed.SessionToken } : {}),
    ...(typeof parsed.Expiration === 'string' ? { expiration: new Date(parsed.Expiration) } : {}),
    source: 'custom-process',
  };
}

/** Splits a command line as Python's shlex.split does (quotes and backslashes; no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** An endpoint of a helper service (STS, SSO portal): configured as for any service, else AWS's. */
function helperEndpoint(o: CredentialOptions, files: { config: Sections }, profile: string, id: string, fallback: string): string {
  const found = configuredEndpointOf(id, { env: o.env, profileSettings: files.config.get(profile) ?? {}, configSections: files.config });
  return found?.url ?? fallback;
}

const regionOf = (o: CredentialOptions, s: Section): string => s.region || o.region || 'us-east-1';
const stsHost = (region: string): string => `https://sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;

async function assumeRole(
  o: CredentialOptions,
  files: { config: Sections; credentials: Sections },
  profile: string,
  s: Section,
  scope: ChainScope,
): Promise<AwsCredentials> {
  if (s.mfa_serial) {
    throw new CliError('config', `The profile "${profile}" assumes its role with an MFA token (mfa_serial): awsmsg cannot ask for one. Use credentials from aws sso login or aws sts get-session-token instead.`);
  }
  let source: AwsCredentials | undefined;
  if (s.source_profile) {
    if (scope.visited.has(s.source_profile) && s.source_profile !== profile) {
      throw new CliError('config', `Infinite loop in credential configuration detected. Attempting to load from profile ${s.source_profile} which has already been visited. Visited profiles: ${[...scope.visited].join(' -> ')}`);
    }
    scope.visited.add(profile);
    source =
      s.source_profile === profile
        ? staticFrom(files.credentials.get(profile), 'shared-credentials-file') ?? staticFrom(s, 'config-file')
        : await chain(o, files, s.source_profile, { env: false, visited: scope.visited });
    if (!source) throw new CliError('config', `The source profile "${s.source_profile}" must have credentials.`);
  } else {
    const kind = s.credential_source!;
    if (kind === 'Environment') source = envCredentials(o.env);
    else if (kind === 'EcsContainer') source = await containerCredentials(o);
    else if (kind === 'Ec2InstanceMetadata') {
      throw new CliError('config', 'credential_source Ec2InstanceMetadata is not supported by awsmsg (it does not read instance metadata).');
    } else throw new CliError('config', `The credential_source "${kind}" is not supported.`);
    if (!source) throw new CredentialRetrievalError(kind, `No credentials found in credential_source referenced in profile ${profile}`);
  }
  const params: Record<string, string> = {
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: s.role_arn!,
    RoleSessionName: s.role_session_name || `botocore-session-${Math.floor(Date.now() / 1000)}`,
  };
  if (s.duration_seconds) params.DurationSeconds = s.duration_seconds;
  if (s.external_id) params.ExternalId = s.external_id;
  const region = regionOf(o, s);
  return stsCall(o, helperEndpoint(o, files, profile, 'STS', stsHost(region)), region, params, source, 'assume-role');
}

function webIdentity(env: NodeJS.ProcessEnv, s: Section, useEnv: boolean): { roleArn: string; tokenFile: string; sessionName?: string } | undefined {
  if (s.role_arn && s.web_identity_token_file) return { roleArn: s.role_arn, tokenFile: s.web_identity_token_file, sessionName: s.role_session_name };
  if (useEnv && env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    return { roleArn: env.AWS_ROLE_ARN, tokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE, sessionName: env.AWS_ROLE_SESSION_NAME };
  }
  return undefined;
}

async function assumeRoleWithWebIdentity(
  o: CredentialOptions,
  files: { config: Sections },
  profile: string,
  w: { roleArn: string; tokenFile: string; sessionName?: string },
): Promise<AwsCredentials> {
  let token: string;
  try {
    token = readFileSync(w.tokenFile, 'utf8').trim();
  } catch (e) {
    throw new CredentialRetrievalError('assume-role-with-web-identity', `Unable to read the web identity token file ${w.tokenFile}: ${(e as Error).message}`);
  }
  const region = regionOf(o, files.config.get(profile) ?? {});
  return stsCall(o, helperEndpoint(o, files, profile, 'STS', stsHost(region)), region, {
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: w.roleArn,
    RoleSessionName: w.sessionName || `botocore-session-${Math.floor(Date.now() / 1000)}`,
    WebIdentityToken: token,
  }, undefined, 'assume-role-with-web-identity');
}

/** One STS call (query protocol), signed with `source` when given; the Credentials of its result. */
async function stsCall(
  o: CredentialOptions,
  endpoint: string,
  region: string,
  params: Record<string, string>,
  source: SigningCredentials | undefined,
  provider: string,
): Promise<AwsCredentials> {
  const url = new URL(endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  const body = Buffer.from(new URLSearchParams(params).toString(), 'utf8');
  let req: OutgoingRequest = {
    url,
    method: 'POST',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(body.length) },
    body,
  };
  if (source) req = await signRequest(req, { credentials: source, region, service: 'sts' });
  const res = await send(req, o.transport);
  const text = (res.body ?? Buffer.alloc(0)).toString('utf8');
  let root;
  try {
    root = parseXml(text);
  } catch {
    throw new CredentialRetrievalError(provider, `STS answered HTTP ${res.status} with a body that is not XML.`);
  }
  if (res.status !== 200) {
    const error = child(root, 'Error');
    const code = child(error, 'Code')?.text ?? String(res.status);
    // the AWS CLI shows the STS error as the failing operation's
    throw new CredentialRetrievalError(provider, `An error occurred (${code}) when calling the ${params.Action} operation: ${child(error, 'Message')?.text ?? ''}`);
  }
  const creds = child(child(root, `${params.Action}Result`), 'Credentials');
  const id = child(creds, 'AccessKeyId')?.text;
  const secret = child(creds, 'SecretAccessKey')?.text;
  if (!id || !secret) throw new CredentialRetrievalError(provider, 'the STS response holds no credentials.');
  const expiration = child(creds, 'Expiration')?.text;
  return {
    accessKeyId: id,
    secretAccessKey: secret,
    sessionToken: child(creds, 'SessionToken')?.text,
    ...(expiration ? { expiration: new Date(expiration) } : {}),
    source: provider,
  };
}

const SSO_EXPIRED =
  'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.';

/** IAM Identity Center: the cached token of `aws sso login`, exchanged for the role's credentials. */
async function ssoCredentials(o: CredentialOptions, files: { config: Sections }, profile: string, s: Section): Promise<AwsCredentials> {
  let startUrl = s.sso_start_url;
  let ssoRegion = s.sso_region;
  let cacheKey = startUrl;
  if (s.sso_session) {
    const session = files.config.get(`sso-session ${s.sso_session}`);
    if (!session) throw new CliError('config', `The specified sso-session does not exist: "${s.sso_session}"`);
    startUrl = session.sso_start_url;
    ssoRegion = session.sso_region;
    cacheKey = s.sso_session;
  }
  const missing = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'].filter(
    (k) => !(k === 'sso_start_url' ? startUrl : k === 'sso_region' ? ssoRegion : s[k]),
  );
  if (missing.length > 0) {
    throw new CliError('config', `The profile "${profile}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}`);
  }
  const file = join(homeDir(o.env), '.aws', 'sso', 'cache', `${createHash('sha1').update(cacheKey!, 'utf8').digest('hex')}.json`);
  let token: { accessToken?: string; expiresAt?: string };
  try {
    token = JSON.parse(readFileSync(file, 'utf8')) as typeof token;
  } catch {
    throw new CredentialRetrievalError('sso', `Error loading SSO Token: Token for ${cacheKey} does not exist`);
  }
  if (!token.accessToken || !token.expiresAt || Date.parse(token.expiresAt) <= Date.now()) throw new CredentialRetrievalError('sso', SSO_EXPIRED);
  const endpoint = helperEndpoint(o, files, profile, 'SSO', `https://portal.sso.${ssoRegion}.amazonaws.com`);
  const url = new URL(`${endpoint.replace(/\/+$/, '')}/federation/credentials`);
  url.searchParams.set('account_id', s.sso_account_id!);
  url.searchParams.set('role_name', s.sso_role_name!);
  const res = await send({ url, method: 'GET', headers: { host: url.host, 'x-amz-sso_bearer_token': token.accessToken }, body: Buffer.alloc(0) }, o.transport);
  if (res.status === 401 || res.status === 403) throw new CredentialRetrievalError('sso', SSO_EXPIRED);
  let parsed: { roleCredentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number } };
  try {
    parsed = JSON.parse((res.body ?? Buffer.alloc(0)).toString('utf8')) as typeof parsed;
  } catch {
    throw new CredentialRetrievalError('sso', `the SSO portal answered HTTP ${res.status} with a body that is not JSON.`);
  }
  const rc = parsed.roleCredentials;
  if (res.status !== 200 || !rc?.accessKeyId || !rc.secretAccessKey) {
    throw new CredentialRetrievalError('sso', `GetRoleCredentials failed (HTTP ${res.status}).`);
  }
  return {
    accessKeyId: rc.accessKeyId,
    secretAccessKey: rc.secretAccessKey,
    ...(rc.sessionToken ? { sessionToken: rc.sessionToken } : {}),
    ...(rc.expiration ? { expiration: new Date(rc.expiration) } : {}),
    source: 'sso',
  };
}

/** ECS/EKS container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI). */
async function containerCredentials(o: CredentialOptions): Promise<AwsCredentials | undefined> {
  const { env } = o;
  let url: URL;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) url = new URL(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, 'http://169.254.170.2');
  else if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI) url = new URL(env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  else return undefined;
  const headers: Record<string, string> = { host: url.host, accept: 'application/json' };
  const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  if (token) headers.authorization = token;
  const res = await send({ url, method: 'GET', headers, body: Buffer.alloc(0) }, { ...o.transport, connectTimeoutMs: 2000, readTimeoutMs: 2000 }).catch(
    (e: Error) => {
      throw new CredentialRetrievalError('container-role', e.message);
    },
  );
  let parsed: Record<string, string>;
  try {
    parsed = JSON.parse((res.body ?? Buffer.alloc(0)).toString('utf8')) as Record<string, string>;
  } catch {
    throw new CredentialRetrievalError('container-role', `the container credentials endpoint answered HTTP ${res.status} with a body that is not JSON.`);
  }
  if (res.status !== 200 || !parsed.AccessKeyId || !parsed.SecretAccessKey) {
    throw new CredentialRetrievalError('container-role', `the container credentials endpoint answered HTTP ${res.status}.`);
  }
  return {
    accessKeyId: parsed.AccessKeyId,
    secretAccessKey: parsed.SecretAccessKey,
    ...(parsed.Token ? { sessionToken: parsed.Token } : {}),
    ...(parsed.Expiration ? { expiration: new Date(parsed.Expiration) } : {}),
    source: 'container-role',
  };
}

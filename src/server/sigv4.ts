/**
 * Checking AWS Signature Version 4 on requests (`awsmsg serve --verify-signatures`): the
 * canonical request, the string to sign and the signing key as AWS's documentation defines
 * them, from the Authorization header or a presigned query string. The check uses wall-clock
 * time, never the state file's clock: a signature's freshness is about the real world.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/errors.js';
import type { WireRequest } from './wire.js';

/** Throws the AWS error a client gets for a missing, malformed, unknown or wrong signature. */
export type SignatureCheck = (req: WireRequest, params?: Map<string, string>) => void;

/** How far a signed request's time may be from now, as AWS allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

interface Parsed {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  expiresSeconds?: number;
}

/**
 * A checker for these credentials (access key id -> secret). The request's protocol decides
 * AWS's error codes and statuses (AUTH_ERRORS): JSON and CBOR requests answer as coral
 * services do, query requests as the query services do.
 */
export function signatureChecker(secrets: ReadonlyMap<string, string>, now: () => number = Date.now): SignatureCheck {
  return (req, params) => {
    const json = styleOf(req);
    const parsed = parseSignature(req, params, json);
    const secret = secrets.get(parsed.accessKeyId);
    if (secret === undefined) {
      throw authError(json, 'unknownKey', 'The security token included in the request is invalid.');
    }
    const signedAt = parseAmzDate(parsed.amzDate);
    if (signedAt === undefined) throw authError(json, 'incomplete', `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'.`);
    const wall = now();
    if (parsed.presigned) {
      if (wall > signedAt + (parsed.expiresSeconds ?? 0) * 1000) throw authError(json, 'expired', 'Request has expired.');
    } else if (Math.abs(wall - signedAt) > MAX_SKEW_MS) {
      const earlier = signedAt < wall;
      throw authError(
        json,
        'mismatch',
        `Signature ${earlier ? 'expired' : 'not yet current'}: ${parsed.amzDate} is now ${earlier ? 'earlier' : 'later'} than ` +
          `${amzDate(earlier ? wall - MAX_SKEW_MS : wall + MAX_SKEW_MS)} (${amzDate(wall)} ${earlier ? '-' : '+'} 15 min.)`,
      );
    }
    const given = Buffer.from(parsed.signature, 'utf8');
    const matches = payloadHashes(req, parsed).some((payloadHash) => {
      const want = Buffer.from(computeSignature(req, parsed, secret, payloadHash), 'utf8');
      return given.length === want.length && timingSafeEqual(given, want);
    });
    if (!matches) {
      throw authError(
        json,
        'mismatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
  };
}

type AuthFailure = 'missing' | 'incomplete' | 'unknownKey' | 'mismatch' | 'expired';

/**
 * Who answers: a JSON service (Kinesis: coral's names, 400), SQS in JSON (coral's name in
 * __type, the query code and status in x-amzn-query-error, as SQS answers: a wrong signature is
 * 403 InvalidSignatureException there, which botocore reports as SignatureDoesNotMatch), or a
 * query service.
 */
type Style = 'coral' | 'queryJson' | 'query';

function styleOf(req: WireRequest): Style {
  const target = req.headers['x-amz-target'];
  if (target === undefined) return 'query';
  return target.startsWith('AmazonSQS.') ? 'queryJson' : 'coral';
}

/**
 * AWS's codes and statuses for a failed authentication. JSON services (coral: Kinesis, and SQS
 * in JSON) answer 400 with an ...Exception name, as DynamoDB documents and kinesalite (whose
 * tests run against Kinesis) does; query services answer the common errors: IncompleteSignature
 * and RequestExpired 400, the others 403.
 */
const AUTH_ERRORS: Record<AuthFailure, { json: string; query: string; queryStatus: number }> = {
  missing: { json: 'MissingAuthenticationTokenException', query: 'MissingAuthenticationToken', queryStatus: 403 },
  incomplete: { json: 'IncompleteSignatureException', query: 'IncompleteSignature', queryStatus: 400 },
  unknownKey: { json: 'UnrecognizedClientException', query: 'InvalidClientTokenId', queryStatus: 403 },
  mismatch: { json: 'InvalidSignatureException', query: 'SignatureDoesNotMatch', queryStatus: 403 },
  expired: { json: 'InvalidSignatureException', query: 'RequestExpired', queryStatus: 400 },
};

function authError(style: Style, failure: AuthFailure, message: string): AwsError {
  const e = AUTH_ERRORS[failure];
  if (style === 'coral') return new AwsError(e.json, message, { httpStatus: 400 });
  return new AwsError(e.query, message, { httpStatus: e.queryStatus, shape: style === 'queryJson' ? e.json : undefined });
}

function parseSignature(req: WireRequest, params: Map<string, string> | undefined, json: Style): Parsed {
  const auth = req.headers['authorization'];
  const query = new URLSearchParams(req.query);
  if (auth === undefined && !query.has('X-Amz-Signature')) {
    throw authError(json, 'missing', json === 'query' ? 'Request is missing Authentication Token' : 'Missing Authentication Token');
  }
  if (auth !== undefined) {
    if (!auth.startsWith(`${ALGORITHM} `)) throw authError(json, 'incomplete', `Unsupported AWS 'algorithm': '${auth.split(' ')[0]}'.`);
    const fields = new Map<string, string>();
    for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const credential = fields.get('Credential');
    const signed = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    const amz = req.headers['x-amz-date'] ?? '';
    if (!credential || !signed || !signature) {
      const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !fields.get(k));
      throw authError(json, 'incomplete', `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter. Authorization=${auth}`);
    }
    return { ...credentialParts(credential, json), signedHeaders: signed.split(';'), signature, amzDate: amz, presigned: false };
  }
  const credential = query.get('X-Amz-Credential') ?? params?.get('X-Amz-Credential') ?? '';
  return {
    ...credentialParts(credential, json),
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
    signature: query.get('X-Amz-Signature') ?? '',
    amzDate: query.get('X-Amz-Date') ?? '',
    presigned: true,
    expiresSeconds: Number(query.get('X-Amz-Expires') ?? '0'),
  };
}

function credentialParts(credential: string, json: Style): Pick<Parsed, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    throw authError(json, 'incomplete', `Credential should be scoped to a valid region, not '${parts[2] ?? ''}'. `);
  }
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  // the path arrives percent-encoded; every service but S3 signs each segment encoded once more
  return path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

function canonicalQuery(raw: string, presigned: boolean): string {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const v = safeDecode(eq < 0 ? '' : part.slice(eq + 1));
    if (presigned && k === 'X-Amz-Signature') continue;
    pairs.push([uriEncode(k), uriEncode(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

/**
 * The payload hashes a signature may have used: the x-amz-content-sha256 header's, else the
 * body's. A presigned URL of these services is signed over the (empty) body's hash by botocore
 * and the JavaScript SDK alike; S3's UNSIGNED-PAYLOAD is taken too.
 */
function payloadHashes(req: WireRequest, p: Parsed): string[] {
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined) return [declared];
  return p.presigned ? [sha256Hex(req.body), 'UNSIGNED-PAYLOAD'] : [sha256Hex(req.body)];
}

function computeSignature(req: WireRequest, p: Parsed, secret: string, payloadHash: string): string {
  const headers = p.signedHeaders
    .map((name) => `${name}:${headerValue(req, name)}\n`)
    .join('');
  const canonical = [req.method, canonicalUri(req.path), canonicalQuery(req.query, p.presigned), headers, p.signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${p.date}/${p.region}/${p.service}/aws4_request`;
  const stringToSign = [ALGORITHM, p.amzDate, scope, sha256Hex(Buffer.from(canonical, 'utf8'))].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, p.date);
  for (const part of [p.region, p.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function headerValue(req: WireRequest, name: string): string {
  const v = name === 'host' ? (req.headers['host'] ?? req.headers[':authority']) : req.headers[name];
  return (v ?? '').trim().replace(/\s+/g, ' ');
}

function sha256Hex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

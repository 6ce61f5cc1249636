/**
 * Signing notifications with the state file's key (made by signing.ts), including the deferred
 * signature of the copies SNS puts in SQS queues.
 *
 * An RSA signature costs more than everything else a publish does, and a copy in a queue may
 * never be read (purged, expired, deleted unseen). So a queue copy is stored with a placeholder
 * of the signature's exact length where the Signature value goes, and ReceiveMessage signs it
 * the first time it hands the copy out. RSA PKCS #1 v1.5 signatures are deterministic: the
 * bytes are those an eager signature would have had. A signature made is kept for an hour
 * (sns_signatures), so the message's other queue copies reuse it instead of signing again.
 */
import type { KeyObject } from 'node:crypto';
import { md5Hex } from '../../core/md5.js';
import { nodeCrypto } from '../../core/nodeCrypto.js';
import type { Store } from '../../store/db.js';

export interface SigningIdentity {
  privateKey: KeyObject;
  certificatePem: string;
  /** the 32 hex digits in the certificate's file name (an MD5 of the DER certificate) */
  certId: string;
  /** the length of a base64 signature made with this key */
  signatureLength: number;
}

export type MessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SignedFields {
  Type: MessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
}

export interface SigningRow {
  private_key: string;
  certificate: string;
}

// Parsed keys per open store: parsing a PEM key costs more than a small publish, and the
// identity of a state file never changes once made.
const identities = new WeakMap<Store, SigningIdentity>();

export function readSigningRow(store: Store): SigningRow | undefined {
  return store.stmt<[], SigningRow>('SELECT private_key, certificate FROM sns_signing WHERE id = 1').get();
}

/**
 * The identity made from a stored key, cached for the store. What a publish needs of it, the
 * certificate's id and the signature's length, is read from the PEM texts themselves; the key
 * is parsed by node:crypto (about 6 ms to load) only when something is signed.
 */
export function identityFromRow(store: Store, row: SigningRow): SigningIdentity {
  const cached = identities.get(store);
  if (cached) return cached;
  let privateKey: KeyObject | undefined;
  const identity: SigningIdentity = {
    get privateKey(): KeyObject {
      privateKey ??= nodeCrypto().createPrivateKey(row.private_key);
      return privateKey;
    },
    certificatePem: row.certificate,
    certId: md5Hex(pemBody(row.certificate)),
    signatureLength: 4 * Math.ceil(rsaModulusBytes(pemBody(row.private_key)) / 3),
  };
  identities.set(store, identity);
  return identity;
}

/** The DER bytes inside a PEM text (its first block). */
export function pemBody(pem: string): Buffer {
  const m = /-----BEGIN [^-]+-----([^-]*)-----END /.exec(pem);
  if (!m) throw new Error('not a PEM text');
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

/** Reads one DER element at `at`: its tag, where its content starts and ends. */
function derElement(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[start + i]!;
    start += n;
  }
  const end = start + length;
  if (tag === undefined || end > der.length) throw new Error('truncated DER');
  return { tag, start, end };
}

/**
 * The length in bytes of the modulus of an RSA key in PKCS #8 form: PrivateKeyInfo is a
 * SEQUENCE of version, algorithm and an OCTET STRING holding RSAPrivateKey, a SEQUENCE of
 * version, modulus, ... (RFC 5208, RFC 8017 A.1.2). Leading zero bytes do not count.
 */
export function rsaModulusBytes(pkcs8: Uint8Array): number {
  const expect = (tag: number, at: number) => {
    const e = derElement(pkcs8, at);
    if (e.tag !== tag) throw new Error(`PKCS #8: tag ${e.tag} where ${tag} was expected`);
    return e;
  };
  const info = expect(0x30, 0);
  const version = expect(0x02, info.start);
  const algorithm = expect(0x30, version.end);
  const octets = expect(0x04, algorithm.end);
  const rsaKey = expect(0x30, octets.start);
  const rsaVersion = expect(0x02, rsaKey.start);
  const modulus = expect(0x02, rsaVersion.end);
  let first = modulus.start;
  while (first < modulus.end && pkcs8[first] === 0) first++;
  return modulus.end - first;
}

export const cachedIdentity = (store: Store): SigningIdentity | undefined => identities.get(store);

/**
 * AWS's string to sign: name, newline, value, newline for each field in byte order
 * (Notification: Message, MessageId, Subject if present, Timestamp, TopicArn, Type;
 * confirmations: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type).
 */
export function stringToSign(f: SignedFields): string {
  const names =
    f.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
  let out = '';
  for (const n of names) {
    const v = f[n];
    if (v !== undefined) out += `${n}\n${v}\n`;
  }
  return out;
}

export function signatureOf(identity: SigningIdentity, f: SignedFields, version: '1' | '2'): string {
  return nodeCrypto().sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign(f), 'utf8'), identity.privateKey).toString(
    'base64',
  );
}

/** What stands where a deferred signature goes: as long as the signature will be. */
export const signaturePlaceholder = (identity: SigningIdentity): string => '='.repeat(identity.signatureLength);

/**
 * Signatures made for deferred copies are kept this long, for the message's other copies (a
 * fan-out's queues are usually read within it; a copy read later is simply signed again).
 */
const KEEP_SIGNATURES_MS = 3600 * 1000;

/**
 * A stored notification envelope with its signature filled in at `at` (where the placeholder
 * starts). Runs inside the caller's write transaction.
 */
export function signDeferred(store: Store, body: string, at: number, now: number): string {
  const envelope = JSON.parse(body) as Record<string, string | undefined>;
  const version = envelope.SignatureVersion === '2' ? '2' : '1';
  const fields: SignedFields = {
    Type: 'Notification',
    MessageId: envelope.MessageId!,
    TopicArn: envelope.TopicArn!,
    Subject: envelope.Subject,
    Message: envelope.Message!,
    Timestamp: envelope.Timestamp!,
  };
  const signed = nodeCrypto().hash('sha256', `${version}\n${stringToSign(fields)}`, 'hex');
  let signature = store
    .stmt<[string], { signature: string }>('SELECT signature FROM sns_signatures WHERE signed = ?')
    .get(signed)?.signature;
  if (signature === undefined) {
    signature = signatureOf(storedIdentity(store), fields, version);
    store.stmt('DELETE FROM sns_signatures WHERE created_ms < ?').run(now - KEEP_SIGNATURES_MS);
    store.stmt('INSERT OR REPLACE INTO sns_signatures (signed, signature, created_ms) VALUES (?, ?, ?)').run(signed, signature, now);
  }
  // the placeholder was made as long as this key's signatures: anything else there is not one
  if (body.slice(at, at + signature.length) !== '='.repeat(signature.length) || body[at + signature.length] !== '"') {
    throw new Error('a stored notification has no placeholder as long as its signature');
  }
  return body.slice(0, at) + signature + body.slice(at + signature.length);
}

/** The key of a state file that has one (a deferred copy was made with it). */
function storedIdentity(store: Store): SigningIdentity {
  const cached = cachedIdentity(store);
  if (cached) return cached;
  const row = readSigningRow(store);
  if (!row) throw new Error('a notification waits for its signature, but the state file has no signing key');
  return identityFromRow(store, row);
}

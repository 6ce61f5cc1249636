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

/** The identity made from a stored key, cached for the store. */
export function identityFromRow(store: Store, row: SigningRow): SigningIdentity {
  const cached = identities.get(store);
  if (cached) return cached;
  const { createHash, createPrivateKey, X509Certificate } = nodeCrypto();
  const privateKey = createPrivateKey(row.private_key);
  const modulusBytes = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
  const identity: SigningIdentity = {
    privateKey,
    certificatePem: row.certificate,
    certId: createHash('md5').update(new X509Certificate(row.certificate).raw).digest('hex'),
    signatureLength: 4 * Math.ceil(modulusBytes / 3),
  };
  identities.set(store, identity);
  return identity;
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

/**
 * Message signatures. Each state file has one RSA key and a self-signed certificate, made the
 * first time something needs signing and kept in the file; messages are signed as AWS signs
 * them (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA over the documented string to
 * sign), and SigningCertURL names the certificate by the same file name that
 * `signingCertificate()` reports.
 */
import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import type { Store } from '../../store/db.js';
import { serviceUrl } from './arn.js';
import { selfSignedCertificate } from './x509.js';

const KEY_BITS = 2048;
const CERT_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

export interface SigningIdentity {
  privateKey: KeyObject;
  certificatePem: string;
  /** the 32 hex digits in the certificate's file name (an MD5 of the DER certificate) */
  certId: string;
}

export interface SigningCertificateInfo {
  pem: string;
  /** "SimpleNotificationService-<id>.pem", the last segment of every SigningCertURL */
  fileName: string;
  /** SHA-256 fingerprint, colon-separated, as openssl prints it */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
}

// Parsed keys per open store: parsing a PEM key costs more than a small publish, and the
// identity of a state file never changes once made.
const identities = new WeakMap<Store, SigningIdentity>();

interface SigningRow {
  private_key: string;
  certificate: string;
}

function readRow(store: Store): SigningRow | undefined {
  return store.stmt<[], SigningRow>('SELECT private_key, certificate FROM sns_signing WHERE id = 1').get();
}

/** The state file's signing identity, created (outside any transaction) on first use. */
export function signingIdentity(store: Store): SigningIdentity {
  const cached = identities.get(store);
  if (cached) return cached;
  let row = readRow(store);
  if (!row) {
    // Key generation takes a while: do it before taking the write lock. Another process may
    // win the race; INSERT OR IGNORE keeps whichever identity was written first.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: KEY_BITS });
    const now = store.clock.now();
    const certificate = selfSignedCertificate({
      publicKey,
      privateKey,
      subject: { country: 'US', organization: 'awsmsg (local)', commonName: 'sns.amazonaws.com' },
      notBefore: now - 60_000,
      notAfter: now + CERT_VALIDITY_MS,
    });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    store.write(() =>
      store
        .stmt('INSERT OR IGNORE INTO sns_signing (id, private_key, certificate, created_at) VALUES (1, ?, ?, ?)')
        .run(pem, certificate, now),
    );
    row = readRow(store)!;
  }
  const identity: SigningIdentity = {
    privateKey: createPrivateKey(row.private_key),
    certificatePem: row.certificate,
    certId: createHash('md5').update(new X509Certificate(row.certificate).raw).digest('hex'),
  };
  identities.set(store, identity);
  return identity;
}

export function certFileName(certId: string): string {
  return `SimpleNotificationService-${certId}.pem`;
}

export function signingCertUrl(region: string, certId: string): string {
  return `${serviceUrl(region)}/${certFileName(certId)}`;
}

/** The certificate a subscriber verifies signatures with (what the CLI prints). */
export function signingCertificate(store: Store): SigningCertificateInfo {
  const identity = signingIdentity(store);
  const cert = new X509Certificate(identity.certificatePem);
  return {
    pem: identity.certificatePem,
    fileName: certFileName(identity.certId),
    fingerprint256: cert.fingerprint256,
    validFrom: cert.validFrom,
    validTo: cert.validTo,
  };
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
  return sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign(f), 'utf8'), identity.privateKey).toString(
    'base64',
  );
}

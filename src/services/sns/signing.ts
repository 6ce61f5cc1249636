/**
 * The signing identity. Each state file has one RSA key and a self-signed certificate, made the
 * first time something needs signing and kept in the file; messages are signed with it as AWS
 * signs them (signatures.ts), and SigningCertURL names the certificate by the same file name
 * that `signingCertificate()` reports.
 */
import { nodeCrypto } from '../../core/nodeCrypto.js';
import type { Store } from '../../store/db.js';
import { serviceUrl } from './arn.js';
import { cachedIdentity, identityFromRow, readSigningRow, type SigningIdentity } from './signatures.js';
import { selfSignedCertificate } from './x509.js';

const KEY_BITS = 2048;
const CERT_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

export interface SigningCertificateInfo {
  pem: string;
  /** "SimpleNotificationService-<id>.pem", the last segment of every SigningCertURL */
  fileName: string;
  /** SHA-256 fingerprint, colon-separated, as openssl prints it */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
}

/**
 * The state file's signing identity, created (outside any transaction) on first use.
 * `beforeMaking` runs only when the identity is about to be made (slowly, and written): a
 * caller that must fail first (a publish to a topic that does not exist) checks there.
 */
export function signingIdentity(store: Store, beforeMaking?: () => void): SigningIdentity {
  const cached = cachedIdentity(store);
  if (cached) return cached;
  let row = readSigningRow(store);
  if (!row) {
    beforeMaking?.();
    // Key generation takes a while: do it before taking the write lock. Another process may
    // win the race; INSERT OR IGNORE keeps whichever identity was written first.
    const { publicKey, privateKey } = nodeCrypto().generateKeyPairSync('rsa', { modulusLength: KEY_BITS });
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
    row = readSigningRow(store)!;
  }
  return identityFromRow(store, row);
}

export function certFileName(certId: string): string {
  return `SimpleNotificationService-${certId}.pem`;
}

export function signingCertUrl(region: string, certId: string, base?: string): string {
  return `${serviceUrl(region, base)}/${certFileName(certId)}`;
}

/** The certificate a subscriber verifies signatures with (what the CLI prints). */
export function signingCertificate(store: Store): SigningCertificateInfo {
  const identity = signingIdentity(store);
  const cert = new (nodeCrypto().X509Certificate)(identity.certificatePem);
  return {
    pem: identity.certificatePem,
    fileName: certFileName(identity.certId),
    fingerprint256: cert.fingerprint256,
    validFrom: cert.validFrom,
    validTo: cert.validTo,
  };
}

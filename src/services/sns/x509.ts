/**
 * A minimal self-signed X.509 v3 certificate, DER-encoded by hand: node:crypto can parse and
 * verify certificates but cannot build one. Only what a signing certificate needs: RSA public
 * key, sha256WithRSAEncryption, subject = issuer, validity, basicConstraints (not a CA) and a
 * subject key identifier. No keyUsage extension: with one, OpenSSL would not count the
 * certificate as its own issuer.
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../../core/nodeCrypto.js';

type Der = Buffer;

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
const octetString = (b: Buffer): Der => tlv(0x04, b);
const bitString = (b: Buffer, unusedBits = 0): Der => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), b]));
const nullValue = (): Der => Buffer.from([0x05, 0x00]);
const boolTrue = (): Der => Buffer.from([0x01, 0x01, 0xff]);
const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);

/** A non-negative INTEGER from big-endian bytes (minimal, with a sign byte when needed). */
function unsignedInteger(bytes: Buffer): Der {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let b = bytes.subarray(i);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
};

export interface DistinguishedName {
  country?: string;
  organization?: string;
  commonName: string;
}

function name(dn: DistinguishedName): Der {
  const rdns: Der[] = [];
  if (dn.country) rdns.push(set(sequence(oid(OID.country), tlv(0x13, Buffer.from(dn.country, 'ascii')))));
  if (dn.organization) rdns.push(set(sequence(oid(OID.organization), tlv(0x0c, Buffer.from(dn.organization, 'utf8')))));
  rdns.push(set(sequence(oid(OID.commonName), tlv(0x0c, Buffer.from(dn.commonName, 'utf8')))));
  return sequence(...rdns);
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(ms: number): Der {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function extension(id: string, critical: boolean, value: Der): Der {
  return critical ? sequence(oid(id), boolTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

export interface CertificateRequest {
  publicKey: KeyObject;
  privateKey: KeyObject;
  subject: DistinguishedName;
  notBefore: number;
  notAfter: number;
}

/** A self-signed certificate for the key pair, as PEM. */
export function selfSignedCertificate(req: CertificateRequest): string {
  const spki = req.publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = sequence(oid(OID.sha256WithRSA), nullValue());
  const serial = nodeCrypto().randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, never zero
  const keyId = nodeCrypto().createHash('sha1').update(spki).digest();
  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    algorithm,
    name(req.subject),
    sequence(time(req.notBefore), time(req.notAfter)),
    name(req.subject),
    spki,
    explicit(3, extensions),
  );
  const signature = nodeCrypto().sign('sha256', tbs, req.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

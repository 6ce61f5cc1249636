/**
 * AWS Signature Version 4 for outgoing requests, with the AWS SDK's own signer
 * (@smithy/signature-v4) and Node's crypto as its hash. Signing uses wall-clock time: a
 * signature is judged by the real world's clock, never the state file's.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { OutgoingRequest } from './transport.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The SDK's hash interface (a constructor with an optional HMAC key) over node:crypto. */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

function bytes(d: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof d === 'string') return d;
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

/** Adds x-amz-date, x-amz-security-token and Authorization to the request's headers. */
export async function signRequest(
  req: OutgoingRequest,
  opts: { credentials: SigningCredentials; region: string; service: string; now?: Date },
): Promise<OutgoingRequest> {
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: NodeSha256,
    // botocore signs non-S3 requests without an x-amz-content-sha256 header
    applyChecksum: false,
  });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: req.url.protocol,
      hostname: req.url.hostname,
      port: req.url.port ? Number(req.url.port) : undefined,
      path: req.url.pathname,
      query,
      headers: { ...req.headers },
      body: req.body,
    },
    { signingDate: opts.now ?? new Date() },
  );
  return { ...req, headers: signed.headers as Record<string, string> };
}

/**
 * `node:crypto`, loaded on first use. Loading it costs a one-shot command several
 * milliseconds (it brings Node's streams with it), so the paths every command takes — an id
 * for a message, the MD5 of a short body — do without it, and the rest ask for it here.
 */

type NodeCrypto = typeof import('node:crypto');
const loaded: { crypto?: NodeCrypto } = {};

export function nodeCrypto(): NodeCrypto {
  return (loaded.crypto ??= process.getBuiltinModule('node:crypto'));
}

/** `node:crypto` when something has already loaded it through here, else undefined. */
export function nodeCryptoIfLoaded(): NodeCrypto | undefined {
  return loaded.crypto;
}

/** Inputs this long are digested by node:crypto even before it is loaded: it digests them twice as fast. */
const NATIVE_FROM_BYTES = 64 * 1024;

/**
 * Digests made in JavaScript before a process loads node:crypto for them: one that digests
 * this many (a shell, a consumer, a batch workload in process) digests enough for loading it
 * (about 6 ms) to pay, as its one-shot hash of a short input is about four times quicker.
 */
const JS_DIGESTS_BEFORE_NATIVE = 256;
const counts = { jsDigests: 0 };

/**
 * A digest (MD5, SHA-256) by node:crypto's one-shot hash once something has loaded it, else
 * by `inJs` for short inputs: a one-shot command does not load node:crypto for a few digests.
 * (A Hash object, createHash then update then digest, costs a short input more than its digest.)
 */
export function digestOf(algorithm: 'md5' | 'sha256', data: string | Uint8Array, inJs: (bytes: Uint8Array) => Buffer, encoding: 'hex'): string;
export function digestOf(algorithm: 'md5' | 'sha256', data: string | Uint8Array, inJs: (bytes: Uint8Array) => Buffer, encoding: 'buffer'): Buffer;
export function digestOf(algorithm: 'md5' | 'sha256', data: string | Uint8Array, inJs: (bytes: Uint8Array) => Buffer, encoding: 'hex' | 'buffer'): string | Buffer {
  const native = loaded.crypto ?? (counts.jsDigests >= JS_DIGESTS_BEFORE_NATIVE ? nodeCrypto() : undefined);
  if (native) return encoding === 'hex' ? native.hash(algorithm, data, 'hex') : native.hash(algorithm, data, 'buffer');
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let digest: Buffer;
  if (bytes.length >= NATIVE_FROM_BYTES) digest = nodeCrypto().hash(algorithm, bytes, 'buffer');
  else {
    counts.jsDigests++;
    digest = inJs(bytes);
  }
  return encoding === 'hex' ? digest.toString('hex') : digest;
}

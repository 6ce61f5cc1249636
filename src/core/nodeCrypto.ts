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

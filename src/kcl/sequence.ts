/**
 * Checkpoint values as the KCL keeps them: a record's sequence number with a sub-sequence
 * number (for aggregated records; 0 here), or a sentinel. Sentinels order before every record
 * (TRIM_HORIZON, LATEST, AT_TIMESTAMP: nothing processed yet) or after every record
 * (SHARD_END: the shard is finished).
 */
export const SENTINELS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP', 'SHARD_END'] as const;
export type Sentinel = (typeof SENTINELS)[number];

export interface ExtendedSequenceNumber {
  sequenceNumber: string;
  subSequenceNumber: number;
}

export const isSentinel = (s: string): s is Sentinel => (SENTINELS as readonly string[]).includes(s);

export const esn = (sequenceNumber: string, subSequenceNumber = 0): ExtendedSequenceNumber => ({ sequenceNumber, subSequenceNumber });

export const SHARD_END: ExtendedSequenceNumber = esn('SHARD_END');

/** Whether a string is a sequence number a checkpoint can hold (a decimal integer). */
export const isSequenceNumber = (s: string): boolean => /^\d{1,129}$/.test(s);

/** The sentinels' places: before any record, except SHARD_END after every one. */
const SENTINEL_RANK: Record<Sentinel, bigint> = { AT_TIMESTAMP: -3n, TRIM_HORIZON: -2n, LATEST: -1n, SHARD_END: -4n };

function rank(sequenceNumber: string): { n: bigint; end: boolean } {
  if (sequenceNumber === 'SHARD_END') return { n: 0n, end: true };
  if (isSentinel(sequenceNumber)) return { n: SENTINEL_RANK[sequenceNumber], end: false };
  return { n: BigInt(sequenceNumber), end: false };
}

/** Orders two checkpoint values (sequence numbers must be decimal or sentinels). */
export function compareEsn(a: ExtendedSequenceNumber, b: ExtendedSequenceNumber): number {
  const ra = rank(a.sequenceNumber);
  const rb = rank(b.sequenceNumber);
  if (ra.end || rb.end) return ra.end === rb.end ? 0 : ra.end ? 1 : -1;
  if (ra.n !== rb.n) return ra.n < rb.n ? -1 : 1;
  return Math.sign(a.subSequenceNumber - b.subSequenceNumber);
}

export const sameEsn = (a: ExtendedSequenceNumber | undefined, b: ExtendedSequenceNumber | undefined): boolean =>
  a !== undefined && b !== undefined && a.sequenceNumber === b.sequenceNumber && a.subSequenceNumber === b.subSequenceNumber;

/** How the KCL prints one: {SequenceNumber: 4959..., SubsequenceNumber: 0}. */
export const formatEsn = (v: ExtendedSequenceNumber | undefined): string =>
  v === undefined ? 'null' : `{SequenceNumber: ${v.sequenceNumber},SubsequenceNumber: ${v.subSequenceNumber}}`;

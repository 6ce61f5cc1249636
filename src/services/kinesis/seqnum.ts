/**
 * Sequence numbers in AWS's form. A Kinesis sequence number is a 47-hex-digit (about 56
 * decimal digits) number laid out as
 *
 *   2 | shard creation time, epoch seconds (9 hex) | low nibble of the shard index (1)
 *     | sequence index within the shard (16, first digit <= 7) | 00
 *     | record arrival time, epoch seconds (9) | shard index (8) | 2 (version)
 *
 * as decoding real ones shows (e.g. 49600871682957036442365024926191073437251060580128653314).
 * Comparing two numbers of a shard compares their sequence index; a child shard is created
 * after its parents (strictly later creation seconds), so every child number is greater than
 * every parent number: the order holds across resharding.
 */

/** The largest sequence index: a closed shard's EndingSequenceNumber carries it. */
export const MAX_SEQ_INDEX = 0x7fff_ffff_ffff_ffffn;

export interface SeqParts {
  /** shard creation, epoch seconds */
  createSecs: number;
  shardIndex: number;
  /** position within the shard */
  seq: bigint;
  /** record arrival, epoch seconds */
  arrivalSecs: number;
}

const hex = (n: number | bigint, width: number): string => n.toString(16).padStart(width, '0');

/** Bit offsets of the sequence index and the arrival time within the number. */
const SEQ_SHIFT = 80n;
const ARRIVAL_SHIFT = 36n;

/**
 * A shard's numbers as arithmetic: the fixed digits once per shard, then index and arrival
 * added in (cheaper than formatting and parsing 47 hex digits for every record).
 */
export class ShardSeqEncoder {
  private readonly base: bigint;
  private arrivalSecs = -1;
  private withArrival = 0n;

  constructor(createSecs: number, shardIndex: number) {
    this.base = BigInt(`0x2${hex(createSecs, 9)}${hex(shardIndex & 0xf, 1)}${'0'.repeat(27)}${hex(shardIndex, 8)}2`);
  }

  encode(seq: number | bigint, arrivalSecs: number): string {
    if (arrivalSecs !== this.arrivalSecs) {
      this.arrivalSecs = arrivalSecs;
      this.withArrival = this.base + (BigInt(arrivalSecs) << ARRIVAL_SHIFT);
    }
    return (this.withArrival + (BigInt(seq) << SEQ_SHIFT)).toString();
  }
}

export function encodeSequenceNumber(p: SeqParts): string {
  return new ShardSeqEncoder(p.createSecs, p.shardIndex).encode(p.seq, p.arrivalSecs);
}

/** Sequence numbers dated after this (year 2477) are not AWS's: AWS rejects them. */
const MAX_SECS = 16_025_175_000;

/** The parts of a sequence number of AWS's current form, or undefined if it is not one. */
export function decodeSequenceNumber(s: string): SeqParts | undefined {
  if (!/^(0|[1-9]\d{0,128})$/.test(s)) return undefined;
  const h = BigInt(s).toString(16);
  if (h.length !== 47 || h[0] !== '2' || h[46] !== '2') return undefined;
  if (parseInt(h[11]!, 16) > 7 || parseInt(h[38]!, 16) > 7) return undefined;
  const createSecs = parseInt(h.slice(1, 10), 16);
  const arrivalSecs = parseInt(h.slice(29, 38), 16);
  if (createSecs >= MAX_SECS || arrivalSecs >= MAX_SECS) return undefined;
  const shardIndex = parseInt(h.slice(38, 46), 16);
  if (parseInt(h[10]!, 16) !== (shardIndex & 0xf)) return undefined;
  return { createSecs, shardIndex, seq: BigInt(`0x${h.slice(11, 27)}`), arrivalSecs };
}

/** The shard's StartingSequenceNumber: index 0 at its creation time. */
export function startingSequenceNumber(createSecs: number, shardIndex: number): string {
  return encodeSequenceNumber({ createSecs, shardIndex, seq: 0n, arrivalSecs: createSecs });
}

/** A closed shard's EndingSequenceNumber: the largest index, at its closing time. */
export function endingSequenceNumber(createSecs: number, shardIndex: number, closedAtMs: number): string {
  return encodeSequenceNumber({ createSecs, shardIndex, seq: MAX_SEQ_INDEX, arrivalSecs: Math.floor(closedAtMs / 1000) });
}

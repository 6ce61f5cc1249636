/**
 * A shard's checkpointer, with the KCL's rules: a checkpoint must lie between the last
 * checkpoint and the last record delivered to the processor; checkpoint() with no sequence
 * number means that last record (SHARD_END once the shard has ended); checkpointing the
 * shard's very last record at shard end records SHARD_END; a value already checkpointed is
 * not written again. Writing is the worker's: it fails with ShutdownException when the
 * lease is no longer this worker's.
 */
import { CheckpointError, type Checkpointer } from './processor.js';
import {
  compareEsn,
  esn,
  formatEsn,
  isSequenceNumber,
  isSentinel,
  sameEsn,
  SHARD_END,
  type ExtendedSequenceNumber,
} from './sequence.js';

export class ShardCheckpointer implements Checkpointer {
  /** the last record delivered (SHARD_END at shard end); undefined before any */
  largestPermitted: ExtendedSequenceNumber | undefined;
  /** the shard's last record, remembered at shard end */
  private sequenceNumberAtShardEnd: ExtendedSequenceNumber | undefined;

  constructor(
    readonly shardId: string,
    public lastCheckpoint: ExtendedSequenceNumber,
    private readonly write: (value: ExtendedSequenceNumber) => void,
  ) {}

  /** The processor has been handed records up to this one. */
  delivered(last: ExtendedSequenceNumber): void {
    this.largestPermitted = last;
  }

  /** The shard has been read to its end. */
  shardEnded(): void {
    if (this.largestPermitted && this.largestPermitted.sequenceNumber !== 'SHARD_END') {
      this.sequenceNumberAtShardEnd = this.largestPermitted;
    }
    this.largestPermitted = SHARD_END;
  }

  async checkpoint(sequenceNumber?: string | null, subSequenceNumber?: number | null): Promise<string> {
    if (sequenceNumber === undefined || sequenceNumber === null) {
      if (this.largestPermitted === undefined) return this.lastCheckpoint.sequenceNumber;
      return this.advance(this.largestPermitted);
    }
    const sub = subSequenceNumber ?? 0;
    if (!Number.isInteger(sub) || sub < 0) {
      throw new CheckpointError('IllegalArgumentException', `Could not checkpoint at invalid, negative subsequence number ${sub}`);
    }
    if (!isSequenceNumber(sequenceNumber) && !isSentinel(sequenceNumber)) {
      throw new CheckpointError('IllegalArgumentException', `Could not checkpoint at invalid sequence number ${sequenceNumber}`);
    }
    const value = esn(sequenceNumber, sub);
    const upper = this.largestPermitted;
    if (compareEsn(this.lastCheckpoint, value) > 0 || upper === undefined || compareEsn(value, upper) > 0) {
      throw new CheckpointError(
        'IllegalArgumentException',
        `Could not checkpoint at extended sequence number ${formatEsn(value)} as it did not fall into acceptable range ` +
          `between the last checkpoint ${formatEsn(this.lastCheckpoint)} and the greatest extended sequence number passed ` +
          `to this record processor ${formatEsn(upper)}`,
      );
    }
    return this.advance(value);
  }

  private advance(value: ExtendedSequenceNumber): string {
    const recorded = sameEsn(value, this.sequenceNumberAtShardEnd) ? SHARD_END : value;
    if (!sameEsn(value, this.lastCheckpoint) && !sameEsn(recorded, this.lastCheckpoint)) {
      this.write(recorded);
      this.lastCheckpoint = recorded;
    }
    return value.sequenceNumber;
  }
}

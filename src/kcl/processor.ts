/**
 * What a record processor is to the worker: the KCL's ShardRecordProcessor lifecycle. One
 * processor per shard lease: initialize once, processRecords zero or more times, then exactly
 * one of leaseLost, shardEnded (the shard is finished: checkpoint SHARD_END) or, on a graceful
 * shutdown, shutdownRequested followed by leaseLost.
 */

export interface KclRecord {
  data: Buffer;
  partitionKey: string;
  sequenceNumber: string;
  /** the user record's place in a KPL aggregated record; 0 for a record that is not one */
  subSequenceNumber: number;
  approximateArrivalTimestamp: Date;
}

export interface InitializeInput {
  shardId: string;
  /** the lease's checkpoint: a sequence number or TRIM_HORIZON, LATEST, AT_TIMESTAMP */
  sequenceNumber: string;
  subSequenceNumber: number;
}

/** The KCL's checkpoint exceptions, by the names the MultiLangDaemon reports them. */
export type CheckpointErrorName =
  | 'InvalidStateException'
  | 'ShutdownException'
  | 'IllegalArgumentException'
  | 'ThrottlingException'
  | 'KinesisClientLibDependencyException';

export class CheckpointError extends Error {
  constructor(
    readonly errorName: CheckpointErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

export interface Checkpointer {
  /**
   * Records progress: at the given record, or with no argument at the last record delivered
   * (SHARD_END in shardEnded). Throws CheckpointError. Resolves to what was checkpointed.
   */
  checkpoint(sequenceNumber?: string | null, subSequenceNumber?: number | null): Promise<string>;
}

export interface ProcessRecordsInput {
  records: KclRecord[];
  millisBehindLatest: number;
  checkpointer: Checkpointer;
}

export interface RecordProcessor {
  initialize(input: InitializeInput): Promise<void>;
  processRecords(input: ProcessRecordsInput): Promise<void>;
  leaseLost(): Promise<void>;
  shardEnded(input: { checkpointer: Checkpointer }): Promise<void>;
  shutdownRequested(input: { checkpointer: Checkpointer }): Promise<void>;
}

/** A record processor failed (threw, exited, broke the protocol): the worker stops, as the KCL's daemon does. */
export class ProcessorFailure extends Error {
  constructor(
    readonly shardId: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProcessorFailure';
  }
}

/**
 * One shard's consumer inside a worker: waits until the shard's parents are finished, starts
 * the record processor, reads the shard from the lease's checkpoint (GetShardIterator, then
 * GetRecords every idleTimeBetweenReadsInMillis), hands each batch to the processor, and
 * ends with leaseLost, shardEnded, or shutdownRequested + leaseLost.
 *
 * Reading backs off on ProvisionedThroughputExceededException and starts a fresh iterator
 * after the last record it received on ExpiredIteratorException. KPL aggregated records reach
 * the processor as their user records, with sub-sequence numbers (deaggregate.ts).
 */
import { AwsError } from '../../../core/errors.js';
import * as api from './api.js';
import { ShardCheckpointer } from './checkpointer.js';
import type { WorkerConfig } from './config.js';
import type { ShardContext } from './exec.js';
import { isFinished, type Lease } from './leases.js';
import { CheckpointError, type KclRecord, type RecordProcessor } from './processor.js';
import { deaggregate } from './deaggregate.js';
import { compareEsn, esn, isSequenceNumber, type ExtendedSequenceNumber } from './sequence.js';
import { Sleeper } from './sleep.js';
import type { Ctx } from '../../../core/context.js';

/** What a shard consumer needs from its worker. */
export interface ConsumerHost {
  readonly ctx: Ctx;
  readonly config: WorkerConfig;
  /** this worker's copy of the lease while it holds it */
  heldLease(leaseKey: string): Lease | undefined;
  parentsFinished(lease: Lease): boolean;
  createProcessor(shard: ShardContext): RecordProcessor;
  /** throws CheckpointError (ShutdownException when the lease is gone) */
  writeCheckpoint(leaseKey: string, value: ExtendedSequenceNumber): void;
  /** GetRecords, made only while the lease is still this worker's; 'lost' otherwise */
  readUnderLease(leaseKey: string, shardIterator: string, limit: number): api.GetRecordsOutput | 'lost';
  /** the shard was read to its end: create the children's leases */
  shardEnded(leaseKey: string, children: api.ChildShard[]): void;
  /** the consumer has stopped; retry > 0 asks for a new consumer after that many ms */
  consumerStopped(leaseKey: string, outcome: 'finished' | 'lost' | 'shutdown' | 'retry'): void;
}

export type ConsumerState = 'waiting-on-parents' | 'initializing' | 'processing' | 'shutting-down' | 'stopped';

/** a shard's read budget refills every second: waiting longer than that only delays */
const BACKOFF_CAP_MS = 1_000;

export class ShardConsumer {
  state: ConsumerState = 'waiting-on-parents';
  private lost = false;
  private shutdown = false;
  private readonly sleeper = new Sleeper();
  private processor: RecordProcessor | undefined;
  /** the last Kinesis record read: an expired iterator restarts after it */
  private lastRetrieved: string | undefined;
  readonly context: ShardContext;
  done: Promise<void> = Promise.resolve();
  recordsProcessed = 0;

  constructor(
    private readonly host: ConsumerHost,
    readonly shardId: string,
  ) {
    this.context = {
      shardId,
      streamName: host.config.streamName,
      applicationName: host.config.applicationName,
      workerId: host.config.workerId,
      active: () => !this.lost && !this.shutdown,
      sleep: (ms) => (this.lost || this.shutdown ? Promise.resolve() : this.sleeper.sleep(ms)),
    };
  }

  start(onError: (e: unknown) => void): void {
    this.done = this.run().then(
      (outcome) => {
        this.state = 'stopped';
        this.host.consumerStopped(this.shardId, outcome);
      },
      (e: unknown) => {
        this.state = 'stopped';
        onError(e);
      },
    );
  }

  /** The lease is gone: stop after the current call and tell the processor. */
  leaseLost(): void {
    this.lost = true;
    this.sleeper.wakeAll();
  }

  /** Graceful shutdown: stop after the current call, let the processor checkpoint. */
  requestShutdown(): void {
    this.shutdown = true;
    this.sleeper.wakeAll();
  }

  /** A parent finished in this worker: check again now. */
  wake(): void {
    this.sleeper.wakeAll();
  }

  /** The processor, for killing it when the worker fails. */
  get currentProcessor(): RecordProcessor | undefined {
    return this.processor;
  }

  private log(line: string): void {
    this.host.config.log(`${this.shardId}: ${line}`);
  }

  private stopping(): boolean {
    return this.lost || this.shutdown;
  }

  private async run(): Promise<'finished' | 'lost' | 'shutdown' | 'retry'> {
    const { config } = this.host;
    let lease = this.host.heldLease(this.shardId);
    while (lease && !this.stopping() && !this.host.parentsFinished(lease)) {
      await this.sleeper.sleep(config.parentShardPollIntervalMillis);
      lease = this.host.heldLease(this.shardId);
    }
    if (!lease || this.lost) return 'lost';
    if (this.shutdown) return 'shutdown';
    if (isFinished(lease)) return 'finished';
    this.state = 'initializing';
    const checkpointer = new ShardCheckpointer(this.shardId, lease.checkpoint, (v) => this.host.writeCheckpoint(this.shardId, v));
    const processor = this.host.createProcessor(this.context);
    this.processor = processor;
    await processor.initialize({
      shardId: this.shardId,
      sequenceNumber: lease.checkpoint.sequenceNumber,
      subSequenceNumber: lease.checkpoint.subSequenceNumber,
    });
    this.state = 'processing';
    let iterator = await this.iterator(lease.checkpoint);
    while (iterator !== undefined) {
      const read = await this.read(iterator);
      if (read === undefined) break;
      if (read.Records.length > 0) this.lastRetrieved = read.Records[read.Records.length - 1]!.SequenceNumber;
      const records = this.userRecords(read.Records, lease, checkpointer);
      if (records.length > 0 || config.callProcessRecordsEvenForEmptyRecordList) {
        if (records.length > 0) {
          const last = records[records.length - 1]!;
          checkpointer.delivered(esn(last.sequenceNumber, last.subSequenceNumber));
        }
        const kept = await this.underLease(() =>
          processor.processRecords({ records, millisBehindLatest: read.MillisBehindLatest, checkpointer }),
        );
        this.recordsProcessed += records.length;
        if (!kept || this.lost) break;
      }
      if (read.ChildShards && read.NextShardIterator === undefined) {
        return this.endShard(processor, checkpointer, read.ChildShards);
      }
      iterator = read.NextShardIterator;
      if (!this.stopping()) await this.sleeper.sleep(config.idleTimeBetweenReadsInMillis);
    }
    this.state = 'shutting-down';
    if (this.lost) {
      await processor.leaseLost();
      return 'lost';
    }
    const kept = await this.underLease(() => processor.shutdownRequested({ checkpointer }));
    await processor.leaseLost();
    return kept ? 'shutdown' : 'lost';
  }

  /**
   * What the processor gets of the records read: KPL aggregates unpacked into their user
   * records, and nothing at or before the lease's checkpoint (reading restarts at the
   * checkpointed record, whose later user records may not be processed yet).
   */
  private userRecords(read: api.KinesisRecord[], lease: Lease, checkpointer: ShardCheckpointer): KclRecord[] {
    return deaggregate(read, lease.hashKeyRange, (line) => this.log(line)).filter(
      (r) => compareEsn(esn(r.sequenceNumber, r.subSequenceNumber), checkpointer.lastCheckpoint) > 0,
    );
  }

  /**
   * Runs a processor call. A ShutdownException it lets through (its checkpoint was refused)
   * means the lease went to another worker meanwhile: this shard's consumer ends as on a lost
   * lease, and the worker goes on with its other leases, as the KCL does (LEASE_LOST).
   */
  private async underLease(call: () => Promise<void>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (e) {
      if (!(e instanceof CheckpointError) || e.errorName !== 'ShutdownException') throw e;
      this.log(`the record processor's checkpoint was refused (${e.message}): the lease is lost`);
      this.lost = true;
      return false;
    }
  }

  private async endShard(
    processor: RecordProcessor,
    checkpointer: ShardCheckpointer,
    children: api.ChildShard[],
  ): Promise<'finished' | 'lost' | 'retry'> {
    this.state = 'shutting-down';
    this.host.shardEnded(this.shardId, children);
    checkpointer.shardEnded();
    if (!(await this.underLease(() => processor.shardEnded({ checkpointer })))) return 'lost';
    const lease = this.host.heldLease(this.shardId);
    if (!lease) return 'lost';
    if (isFinished(lease)) return 'finished';
    this.log(
      "the record processor did not checkpoint at SHARD_END in shardEnded; the shard's remaining records will be processed again",
    );
    return 'retry';
  }

  /** A shard iterator for where the lease's checkpoint says to start. */
  private async iterator(checkpoint: ExtendedSequenceNumber): Promise<string | undefined> {
    const { config } = this.host;
    let position: api.IteratorPosition;
    if (this.lastRetrieved !== undefined) {
      position = { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: this.lastRetrieved };
    } else if (isSequenceNumber(checkpoint.sequenceNumber)) {
      // at, not after: an aggregated record may be checkpointed part way (userRecords skips the rest)
      position = { ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint.sequenceNumber };
    } else if (checkpoint.sequenceNumber === 'AT_TIMESTAMP') {
      if (config.initialPositionTimestamp) {
        position = { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: config.initialPositionTimestamp };
      } else {
        this.log('the lease starts AT_TIMESTAMP but this worker has no initial position timestamp; starting at TRIM_HORIZON');
        position = { ShardIteratorType: 'TRIM_HORIZON' };
      }
    } else {
      position = { ShardIteratorType: checkpoint.sequenceNumber === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON' };
    }
    return this.withBackoff('GetShardIterator', () => api.getShardIterator(this.host.ctx, config.streamName, this.shardId, position));
  }

  /** GetRecords under the lease; undefined when the consumer must stop (lease lost, shutdown). */
  private async read(iterator: string): Promise<api.GetRecordsOutput | undefined> {
    let current = iterator;
    for (;;) {
      if (this.stopping()) return undefined;
      try {
        const out = await this.withBackoff('GetRecords', () => this.host.readUnderLease(this.shardId, current, this.host.config.maxRecords));
        if (out === undefined) return undefined;
        if (out === 'lost') {
          this.lost = true;
          return undefined;
        }
        return out;
      } catch (e) {
        if (!(e instanceof AwsError) || e.code !== 'ExpiredIteratorException') throw e;
        this.log('the shard iterator expired; getting a new one');
        const lease = this.host.heldLease(this.shardId);
        if (!lease) return undefined;
        const fresh = await this.iterator(lease.checkpoint);
        if (fresh === undefined) return undefined;
        current = fresh;
      }
    }
  }

  /** Runs a Kinesis call, waiting and retrying while the shard is over its throughput. */
  private async withBackoff<T>(operation: string, fn: () => T): Promise<T | undefined> {
    let wait = this.host.config.taskBackoffTimeMillis;
    let reported = false;
    for (;;) {
      if (this.stopping()) return undefined;
      try {
        return fn();
      } catch (e) {
        if (!(e instanceof AwsError) || e.code !== 'ProvisionedThroughputExceededException') throw e;
        if (!reported) this.log(`${operation} was throttled (${e.message}); backing off`);
        reported = true;
        await this.sleeper.sleep(wait);
        wait = Math.min(wait * 2, BACKOFF_CAP_MS);
      }
    }
  }
}

/**
 * One shard's consumer inside a worker: waits until the shard's parents are finished, starts
 * the record processor, reads the shard from the lease's checkpoint, hands each batch to the
 * processor, and ends with leaseLost, shardEnded, or shutdownRequested + leaseLost.
 *
 * POLLING reads with GetShardIterator, then GetRecords every idleTimeBetweenReadsInMillis,
 * backing off on ProvisionedThroughputExceededException and starting a fresh iterator after
 * the last record read on ExpiredIteratorException. FANOUT takes the events SubscribeToShard
 * pushes to the application's stream consumer, subscribing again where the last event left
 * off. Either way KPL aggregated records reach the processor as their user records, with
 * sub-sequence numbers (deaggregate.ts).
 */
import { AwsError } from '../core/errors.js';
import * as api from './api.js';
import { ShardCheckpointer } from './checkpointer.js';
import type { WorkerConfig } from './config.js';
import type { ShardContext } from './exec.js';
import { isFinished, type Lease } from './leases.js';
import { CheckpointError, type KclRecord, type RecordProcessor } from './processor.js';
import { deaggregate } from './deaggregate.js';
import { compareEsn, esn, isSequenceNumber, type ExtendedSequenceNumber } from './sequence.js';
import { Sleeper } from './sleep.js';
import type { Ctx } from '../core/context.js';

/** What a shard consumer needs from its worker. */
export interface ConsumerHost {
  readonly ctx: Ctx;
  readonly config: WorkerConfig;
  /** FANOUT: the stream consumer this application reads with */
  readonly consumerArn: string | undefined;
  /** this worker's copy of the lease while it holds it */
  heldLease(leaseKey: string): Lease | undefined;
  parentsFinished(lease: Lease): boolean;
  createProcessor(shard: ShardContext): RecordProcessor;
  /** throws CheckpointError (ShutdownException when the lease is gone) */
  writeCheckpoint(leaseKey: string, value: ExtendedSequenceNumber): void;
  /** whether the lease row still carries this worker's counter */
  stillHeld(leaseKey: string): boolean;
  /** GetRecords, made only while the lease is still this worker's; 'lost' otherwise */
  readUnderLease(leaseKey: string, shardIterator: string, limit: number): Promise<api.GetRecordsOutput | 'lost'>;
  /** the shard was read to its end: create the children's leases */
  shardEnded(leaseKey: string, children: api.ChildShard[]): void;
  /** the consumer has stopped; retry > 0 asks for a new consumer after that many ms */
  consumerStopped(leaseKey: string, outcome: 'finished' | 'lost' | 'shutdown' | 'retry'): void;
}

/** Records read at once: a GetRecords answer or a SubscribeToShard event. */
interface Batch {
  records: api.KinesisRecord[];
  millisBehindLatest: number;
  /** the shard's children, when this batch reached the end of the (closed) shard */
  childShards?: api.ChildShard[];
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
  /** FANOUT: the subscription being read, aborted when the consumer must stop */
  private subscription: AbortController | undefined;
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
    this.subscription?.abort();
    this.sleeper.wakeAll();
  }

  /** Graceful shutdown: stop after the current call, let the processor checkpoint. */
  requestShutdown(): void {
    this.shutdown = true;
    this.subscription?.abort();
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
    const consumerArn = this.host.consumerArn;
    const batches = consumerArn === undefined ? this.polled(lease.checkpoint) : this.pushed(lease.checkpoint, consumerArn);
    for await (const batch of batches) {
      const records = this.userRecords(batch.records, lease, checkpointer);
      if (records.length > 0 || config.callProcessRecordsEvenForEmptyRecordList) {
        if (records.length > 0) {
          const last = records[records.length - 1]!;
          checkpointer.delivered(esn(last.sequenceNumber, last.subSequenceNumber));
        }
        const kept = await this.underLease(() =>
          processor.processRecords({ records, millisBehindLatest: batch.millisBehindLatest, checkpointer }),
        );
        this.recordsProcessed += records.length;
        if (!kept || this.lost) break;
      }
      if (batch.childShards) return this.endShard(processor, checkpointer, batch.childShards);
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

  /**
   * Where reading starts for a checkpoint: at a checkpointed record (not after it: an aggregated
   * record may be checkpointed part way, and userRecords skips what is done), or where the
   * lease's sentinel says.
   */
  private startingPosition(checkpoint: ExtendedSequenceNumber): api.StartingPosition {
    const { config } = this.host;
    if (isSequenceNumber(checkpoint.sequenceNumber)) return { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: checkpoint.sequenceNumber };
    if (checkpoint.sequenceNumber === 'AT_TIMESTAMP') {
      if (config.initialPositionTimestamp) return { Type: 'AT_TIMESTAMP', Timestamp: config.initialPositionTimestamp };
      this.log('the lease starts AT_TIMESTAMP but this worker has no initial position timestamp; starting at TRIM_HORIZON');
      return { Type: 'TRIM_HORIZON' };
    }
    return { Type: checkpoint.sequenceNumber === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON' };
  }

  /** A shard iterator for where the lease's checkpoint says to start (after the last record read, once there is one). */
  private async iterator(checkpoint: ExtendedSequenceNumber): Promise<string | undefined> {
    const p: api.StartingPosition =
      this.lastRetrieved !== undefined ? { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: this.lastRetrieved } : this.startingPosition(checkpoint);
    const position: api.IteratorPosition =
      p.Type === 'AT_SEQUENCE_NUMBER' || p.Type === 'AFTER_SEQUENCE_NUMBER'
        ? { ShardIteratorType: p.Type, StartingSequenceNumber: p.SequenceNumber }
        : p.Type === 'AT_TIMESTAMP'
          ? { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: p.Timestamp }
          : { ShardIteratorType: p.Type };
    return this.withBackoff('GetShardIterator', () => api.getShardIterator(this.host.ctx, this.host.config.streamName, this.shardId, position));
  }

  /** POLLING: batches read with GetRecords every idleTimeBetweenReadsInMillis, until the shard ends or the consumer stops. */
  private async *polled(checkpoint: ExtendedSequenceNumber): AsyncGenerator<Batch> {
    let iterator = await this.iterator(checkpoint);
    while (iterator !== undefined) {
      const read = await this.read(iterator);
      if (read === undefined) return;
      if (read.Records.length > 0) this.lastRetrieved = read.Records[read.Records.length - 1]!.SequenceNumber;
      const ended = read.ChildShards !== undefined && read.NextShardIterator === undefined;
      yield { records: read.Records, millisBehindLatest: read.MillisBehindLatest, childShards: ended ? read.ChildShards : undefined };
      iterator = read.NextShardIterator;
      if (!this.stopping()) await this.sleeper.sleep(this.host.config.idleTimeBetweenReadsInMillis);
    }
  }

  /**
   * FANOUT: batches pushed by SubscribeToShard to the application's stream consumer, one per
   * event. A subscription ends after 5 minutes; the next one starts where the last event left
   * off (its ContinuationSequenceNumber). A subscription refused (another one for this shard
   * started less than 5 seconds ago, or took over) is tried again after a backoff, while the
   * lease is still this worker's.
   */
  private async *pushed(checkpoint: ExtendedSequenceNumber, consumerArn: string): AsyncGenerator<Batch> {
    const { config, ctx } = this.host;
    let position = this.startingPosition(checkpoint);
    let wait = config.taskBackoffTimeMillis;
    while (!this.stopping()) {
      const subscription = new AbortController();
      this.subscription = subscription;
      try {
        for await (const message of api.subscribeToShard(ctx, consumerArn, this.shardId, position, subscription.signal)) {
          const e = message.SubscribeToShardEvent;
          wait = config.taskBackoffTimeMillis;
          // null at the shard's end (a remote endpoint's JSON null arrives as no member at all)
          const ended = e.ChildShards !== undefined && (e.ContinuationSequenceNumber === null || e.ContinuationSequenceNumber === undefined);
          if (e.ContinuationSequenceNumber) position = { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: e.ContinuationSequenceNumber };
          if (this.stopping()) return;
          if (!this.host.stillHeld(this.shardId)) {
            this.lost = true;
            return;
          }
          yield { records: e.Records, millisBehindLatest: e.MillisBehindLatest, childShards: ended ? e.ChildShards : undefined };
          if (ended) return;
        }
      } catch (err) {
        if (!(err instanceof AwsError) || err.code !== 'ResourceInUseException') throw err;
        // taken over: most likely another worker took the lease
        if (!this.host.stillHeld(this.shardId)) {
          this.lost = true;
          return;
        }
        this.log(`SubscribeToShard: ${err.message}; subscribing again`);
        await this.sleeper.sleep(wait);
        wait = Math.min(wait * 2, BACKOFF_CAP_MS);
      } finally {
        subscription.abort();
        this.subscription = undefined;
      }
    }
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
  private async withBackoff<T>(operation: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    let wait = this.host.config.taskBackoffTimeMillis;
    let reported = false;
    for (;;) {
      if (this.stopping()) return undefined;
      try {
        return await fn();
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

/**
 * A KCL-style worker: shares a stream's shards with the other workers of the same
 * application through the lease table in the state file.
 *
 * Every tick (a third of the failover time, at most a second, on real timers) it renews the
 * leases it holds that are due (judged on the state file's clock), notices leases taken
 * from it, and takes or steals leases towards its fair share. Each held lease gets a shard
 * consumer. Shards are listed at start, every shardSyncIntervalMillis, and children are
 * leased as soon as a parent's end is read. A lease held by this worker is only read while
 * the row still carries this worker's counter (checked in the same transaction as the
 * GetRecords call; with fan-out, before each pushed event is handed on), so exactly one worker
 * processes a shard at a time.
 *
 * Shutdown (the signal): no more taking; each consumer finishes its batch, gets
 * shutdownRequested and leaseLost; then the worker gives its leases up so that the other
 * workers take them at once. A failing record processor stops the worker, as it stops the
 * KCL's MultiLangDaemon; a checkpoint refused because the lease was taken meanwhile ends only
 * that shard's consumer (leaseLost), as in the KCL.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, LocalError } from '../core/errors.js';
import type { Ctx } from '../core/context.js';
import { wholeSecond } from '../services/kinesis/data.js';
import * as api from './api.js';
import { resolveConfig, type WorkerConfig, type WorkerOptions } from './config.js';
import { ShardConsumer, type ConsumerHost } from './consumer.js';
import { ExecProcessor, type ShardContext } from './exec.js';
import { isFinished, LeaseTable, type Lease } from './leases.js';
import { MultiLangProcessor } from './multilang.js';
import { CheckpointError, type RecordProcessor } from './processor.js';
import type { ExtendedSequenceNumber } from './sequence.js';
import { childLease, leasesToCreate, leasesToDelete, type StreamRef } from './shardSync.js';
import { Sleeper } from './sleep.js';
import { chooseLeasesToTake } from './taker.js';

export interface WorkerResult {
  workerId: string;
  /** records handed to record processors, per shard */
  recordsProcessed: Record<string, number>;
  /** the leases the worker held when it was asked to stop (given up since) */
  leasesHeld: string[];
  /** checkpoints written to the lease table */
  checkpoints: number;
}

/** Runs a worker until the signal is aborted (then ends gracefully) or a processor fails. */
export async function runWorker(ctx: Ctx, options: WorkerOptions, signal: AbortSignal): Promise<WorkerResult> {
  const worker = new Worker(ctx, options);
  return worker.run(signal);
}

/** Splits executableName as the MultiLangDaemon does: on white space. */
export const commandWords = (command: string): string[] => command.trim().split(/\s+/).filter((w) => w !== '');

/** how often a worker looks whether its new stream consumer is ACTIVE yet */
const CONSUMER_POLL_MS = 200;

/** consumers a stream may have */
const MAX_STREAM_CONSUMERS = 20;

const tickMillis = (failover: number): number => Math.max(20, Math.min(1000, Math.floor(failover / 3)));

class Worker implements ConsumerHost {
  readonly config: WorkerConfig;
  private readonly table: LeaseTable;
  private stream!: StreamRef;
  private readonly held = new Map<string, Lease>();
  private readonly consumers = new Map<string, ShardConsumer>();
  /** leases whose consumer asked to be started again later (shardEnded without checkpoint) */
  private readonly restartLater = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recordsProcessed: Record<string, number> = {};
  private checkpoints = 0;
  private leasesHeldAtStop: string[] = [];
  private readonly sleeper = new Sleeper();
  private failure: unknown;
  private shuttingDown = false;
  private shardSyncDue = false;
  /** FANOUT: the stream consumer that reads for this application */
  consumerArn: string | undefined;

  constructor(
    readonly ctx: Ctx,
    options: WorkerOptions,
  ) {
    this.config = resolveConfig(options, options.workerId ?? randomUUID());
    this.table = new LeaseTable(ctx, this.config.applicationName);
  }

  private log(line: string): void {
    this.config.log(line);
  }

  async run(signal: AbortSignal): Promise<WorkerResult> {
    const onAbort = (): void => {
      this.shuttingDown = true;
      this.sleeper.wakeAll();
    };
    signal.addEventListener('abort', onAbort);
    try {
      if (!signal.aborted) await this.start();
      this.every(this.config.shardSyncIntervalMillis, () => (this.shardSyncDue = true));
      while (!this.shuttingDown && this.failure === undefined) {
        await this.tick();
        await this.sleeper.sleep(tickMillis(this.config.failoverTimeMillis));
      }
      if (this.failure === undefined) await this.shutdown();
    } catch (e) {
      this.fail(e);
    } finally {
      signal.removeEventListener('abort', onAbort);
      for (const t of this.timers) clearTimeout(t);
    }
    if (this.failure !== undefined) {
      await this.abandon();
      throw this.failure;
    }
    return {
      workerId: this.config.workerId,
      recordsProcessed: { ...this.recordsProcessed },
      leasesHeld: this.leasesHeldAtStop,
      checkpoints: this.checkpoints,
    };
  }

  /** Runs fn every ms of real time while the worker runs. */
  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    this.timers.add(t);
  }

  /** Runs fn once after ms of real time, unless the worker has ended. */
  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Waits for the stream to be ACTIVE, checks the lease table belongs to it, and syncs shards. */
  private async start(): Promise<void> {
    const { streamName, applicationName } = this.config;
    let summary = await api.describeStreamSummary(this.ctx, streamName);
    while (summary.StreamStatus === 'CREATING' && !this.shuttingDown) {
      await this.sleeper.sleep(1000);
      summary = await api.describeStreamSummary(this.ctx, streamName);
    }
    this.stream = { streamName, streamCreatedAt: summary.StreamCreationTimestamp.getTime() };
    if (this.config.retrievalMode === 'FANOUT') await this.ensureStreamConsumer(summary.StreamARN);
    const leases = this.table.list();
    const other = leases.find((l) => l.streamName !== streamName);
    if (other) {
      throw new LocalError(
        'invalid-input',
        `The lease table of application ${applicationName} holds leases of stream ${other.streamName}, not ${streamName}. ` +
          'Use another application name for this stream.',
      );
    }
    const stale = leases.filter((l) => wholeSecond(l.streamCreatedAt) !== this.stream.streamCreatedAt);
    for (const l of stale) this.table.delete(l);
    if (stale.length > 0) this.log(`removed ${stale.length} leases left by an earlier stream named ${streamName}`);
    this.log(`worker ${this.config.workerId} of application ${applicationName} consuming stream ${streamName}`);
    await this.syncShards();
  }

  /**
   * FANOUT: the application's enhanced fan-out consumer of the stream (consumerArn, else the
   * one named consumerName, the application's name by default), registered if there is none,
   * once it is ACTIVE; as the KCL does before its first SubscribeToShard.
   */
  private async ensureStreamConsumer(streamArn: string): Promise<void> {
    const name = this.config.consumerName ?? this.config.applicationName;
    const arn = this.config.consumerArn;
    for (;;) {
      if (this.shuttingDown) return;
      const c = arn ? await api.describeStreamConsumerByArn(this.ctx, arn) : await api.describeStreamConsumer(this.ctx, streamArn, name);
      if (c && c.StreamARN !== streamArn) {
        throw new LocalError('invalid-input', `The stream consumer ${c.ConsumerARN} reads stream ${c.StreamARN}, not ${streamArn}.`);
      }
      if (c?.ConsumerStatus === 'ACTIVE') {
        this.consumerArn = c.ConsumerARN;
        this.log(`reading with enhanced fan-out, as stream consumer ${c.ConsumerName}`);
        return;
      }
      if (!c) await this.registerStreamConsumer(streamArn, name);
      await this.sleeper.sleep(CONSUMER_POLL_MS);
    }
  }

  private async registerStreamConsumer(streamArn: string, name: string): Promise<void> {
    try {
      await api.registerStreamConsumer(this.ctx, streamArn, name);
      this.log(`registered stream consumer ${name}`);
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      // another worker of the application registered it first
      if (e.code === 'ResourceInUseException') return;
      // too many consumers CREATING in the account just now: try again, as the KCL does;
      // the stream's 20 consumers taken is for the user to resolve
      if (e.code === 'LimitExceededException' && (await api.listStreamConsumers(this.ctx, streamArn)).length < MAX_STREAM_CONSUMERS) {
        this.log(`RegisterStreamConsumer: ${e.message}; trying again`);
        return;
      }
      throw e;
    }
  }

  /** Lists the shards and creates and removes leases accordingly. */
  private async syncShards(): Promise<void> {
    const shards = await api.listAllShards(this.ctx, this.config.streamName);
    const leases = this.table.list();
    for (const l of leasesToCreate(shards, leases, this.stream, this.config.initialPositionInStream)) {
      if (this.table.create(l)) this.log(`created lease ${l.leaseKey} at ${l.checkpoint.sequenceNumber}`);
    }
    for (const l of leasesToDelete(shards, this.table.list(), this.config.cleanupLeasesUponShardCompletion)) {
      if (this.held.has(l.leaseKey)) continue;
      if (this.table.delete(l)) this.log(`removed lease ${l.leaseKey} (${isFinished(l) ? 'finished, children started' : 'shard gone'})`);
    }
    this.shardSyncDue = false;
  }

  private async tick(): Promise<void> {
    if (this.shardSyncDue) await this.syncShards();
    const all = this.table.list();
    this.renew(all);
    // decide on the table as it is now: our renewals included
    if (!this.shuttingDown) this.take(all.map((l) => this.held.get(l.leaseKey) ?? l));
    this.startConsumers();
  }

  /** Renews what is due; a lease that changed under us, or vanished, is lost. */
  private renew(all: Lease[]): void {
    const rows = new Map(all.map((l) => [l.leaseKey, l]));
    const now = this.table.now();
    for (const [key, mine] of [...this.held]) {
      const row = rows.get(key);
      if (!row || row.leaseCounter !== mine.leaseCounter || row.leaseOwner !== this.config.workerId) {
        this.lose(key, row?.leaseOwner ? `now held by ${row.leaseOwner}` : 'taken away');
        continue;
      }
      if (now - mine.counterChangedAt < this.config.failoverTimeMillis / 3) continue;
      const renewed = this.table.renew(mine, this.config.workerId);
      if (renewed) this.held.set(key, renewed);
      else this.lose(key, 'renewal failed');
    }
  }

  private take(all: Lease[]): void {
    // leases the table says are ours but this process does not hold: left by an earlier run
    // with the same worker id; take them back at once rather than waiting for them to expire
    for (const l of all) {
      if (l.leaseOwner !== this.config.workerId || this.held.has(l.leaseKey) || this.consumers.has(l.leaseKey) || isFinished(l)) continue;
      const taken = this.table.take(l, this.config.workerId);
      if (!taken) continue;
      this.held.set(l.leaseKey, taken);
      this.log(`took back lease ${l.leaseKey} (checkpoint ${taken.checkpoint.sequenceNumber})`);
    }
    const decision = chooseLeasesToTake(all, {
      workerId: this.config.workerId,
      now: this.table.now(),
      failoverTimeMillis: this.config.failoverTimeMillis,
      maxLeasesForWorker: this.config.maxLeasesForWorker,
      maxLeasesToStealAtOneTime: this.config.maxLeasesToStealAtOneTime,
      random: this.config.random,
    });
    for (const lease of [...decision.take, ...decision.steal]) {
      if (this.consumers.has(lease.leaseKey) && !this.held.has(lease.leaseKey)) continue; // still shutting down
      const taken = this.table.take(lease, this.config.workerId);
      if (!taken) continue;
      this.held.set(lease.leaseKey, taken);
      const how = decision.steal.includes(lease) ? `stole lease ${lease.leaseKey} from ${lease.leaseOwner}` : `took lease ${lease.leaseKey}`;
      this.log(`${how} (checkpoint ${taken.checkpoint.sequenceNumber}, target ${decision.target})`);
    }
  }

  private startConsumers(): void {
    for (const key of this.held.keys()) {
      if (this.consumers.has(key) || this.restartLater.has(key)) continue;
      const consumer = new ShardConsumer(this, key);
      this.consumers.set(key, consumer);
      consumer.start((e) => this.fail(e));
    }
  }

  private lose(key: string, why: string): void {
    this.held.delete(key);
    this.log(`lost lease ${key} (${why})`);
    this.consumers.get(key)?.leaseLost();
  }

  /** Stops everything at once: a processor failed, or the worker could not go on. */
  private fail(e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = e;
    this.sleeper.wakeAll();
    for (const c of this.consumers.values()) c.leaseLost();
  }

  /** A stop asked for (Ctrl-C): quiet, the command sums it up in one line at the end. */
  private async shutdown(): Promise<void> {
    this.leasesHeldAtStop = [...this.held.keys()].sort();
    for (const c of this.consumers.values()) c.requestShutdown();
    const done = Promise.all([...this.consumers.values()].map((c) => c.done));
    // keep renewing while the processors finish, so the leases stay ours
    let finished = false;
    void done.then(() => {
      finished = true;
      this.sleeper.wakeAll();
    });
    while (!finished && this.failure === undefined) {
      this.renew(this.table.list());
      await this.sleeper.sleep(tickMillis(this.config.failoverTimeMillis));
    }
    await done;
    this.releaseAll(false);
  }

  /** After a failure: processes killed, leases given up. */
  private async abandon(): Promise<void> {
    for (const c of this.consumers.values()) {
      const p = c.currentProcessor;
      if (p instanceof MultiLangProcessor) p.kill();
    }
    await Promise.all([...this.consumers.values()].map((c) => c.done.catch(() => undefined)));
    this.releaseAll();
  }

  private releaseAll(logEach = true): void {
    for (const [key, lease] of [...this.held]) {
      this.held.delete(key);
      if (this.table.evict(lease, this.config.workerId) && logEach) this.log(`released lease ${key}`);
    }
  }

  // ConsumerHost

  heldLease(leaseKey: string): Lease | undefined {
    return this.held.get(leaseKey);
  }

  parentsFinished(lease: Lease): boolean {
    return lease.parentShardIds.every((p) => {
      const parent = this.table.get(p);
      return parent === undefined || isFinished(parent);
    });
  }

  createProcessor(shard: ShardContext): RecordProcessor {
    const spec = this.config.processor;
    const log = (line: string): void => this.log(line);
    switch (spec.kind) {
      case 'multilang':
        return new MultiLangProcessor({
          command: commandWords(spec.command),
          cwd: spec.cwd,
          env: spec.env,
          log,
          timeoutMs: this.config.timeoutInSeconds === undefined ? undefined : this.config.timeoutInSeconds * 1000,
        });
      case 'exec':
        return new ExecProcessor(
          { command: spec.command, cwd: spec.cwd, env: spec.env, out: this.config.out, log, backoffMs: spec.backoffMs },
          shard,
        );
      case 'factory':
        return spec.create(shard);
    }
  }

  writeCheckpoint(leaseKey: string, value: ExtendedSequenceNumber): void {
    const lease = this.held.get(leaseKey);
    const written = lease && this.table.checkpoint(lease, this.config.workerId, value);
    if (!written) {
      if (lease) this.lose(leaseKey, 'checkpoint refused');
      throw new CheckpointError('ShutdownException', "Can't update checkpoint - instance doesn't hold the lease for this shard");
    }
    this.held.set(leaseKey, written);
    this.checkpoints++;
    if (value.sequenceNumber === 'SHARD_END') this.log(`${leaseKey} checkpointed at SHARD_END`);
  }

  stillHeld(leaseKey: string): boolean {
    const mine = this.held.get(leaseKey);
    const row = this.table.get(leaseKey);
    return Boolean(mine && row && row.leaseCounter === mine.leaseCounter && row.leaseOwner === this.config.workerId);
  }

  async readUnderLease(leaseKey: string, shardIterator: string, limit: number): Promise<api.GetRecordsOutput | 'lost'> {
    if (this.ctx.target) {
      // a remote stream is read outside the lease table's transaction, as the KCL reads
      // outside its lease check: a lease taken meanwhile is noticed at the next read or
      // checkpoint, and its records are processed again (at-least-once, as with the KCL)
      if (!this.stillHeld(leaseKey)) return 'lost';
      return api.getRecords(this.ctx, shardIterator, limit);
    }
    const out = this.ctx.store.write((): api.GetRecordsOutput | 'lost' | AwsError => {
      if (!this.stillHeld(leaseKey)) return 'lost';
      try {
        return api.getRecordsNow(this.ctx, shardIterator, limit);
      } catch (e) {
        // a refused read is counted against the stream in this transaction: commit, then throw
        if (e instanceof AwsError && e.code === 'ProvisionedThroughputExceededException') return e;
        throw e;
      }
    });
    if (out instanceof AwsError) throw out;
    return out;
  }

  shardEnded(leaseKey: string, children: api.ChildShard[]): void {
    for (const c of children) {
      if (this.table.create(childLease(c, this.stream))) this.log(`created lease ${c.ShardId} (child of ${c.ParentShards.join(', ')})`);
    }
    const lease = this.held.get(leaseKey);
    const updated = lease && this.table.setChildShards(lease, this.config.workerId, children.map((c) => c.ShardId));
    if (updated) this.held.set(leaseKey, updated);
    else if (lease) this.lose(leaseKey, 'taken while ending the shard');
    this.log(`${leaseKey} ended; children ${children.map((c) => c.ShardId).join(', ')}`);
  }

  consumerStopped(leaseKey: string, outcome: 'finished' | 'lost' | 'shutdown' | 'retry'): void {
    const consumer = this.consumers.get(leaseKey);
    this.consumers.delete(leaseKey);
    if (consumer) this.recordsProcessed[leaseKey] = (this.recordsProcessed[leaseKey] ?? 0) + consumer.recordsProcessed;
    if (outcome === 'lost') {
      // the consumer may have seen the loss (a refused read) before the worker did
      const mine = this.held.get(leaseKey);
      const row = mine && this.table.get(leaseKey);
      if (mine && (!row || row.leaseCounter !== mine.leaseCounter || row.leaseOwner !== this.config.workerId)) {
        this.lose(leaseKey, 'found by its consumer');
      }
    } else if (outcome === 'finished') {
      this.held.delete(leaseKey);
      // children waiting in this worker may start now
      for (const c of this.consumers.values()) c.wake();
    } else if (outcome === 'retry') {
      this.restartLater.add(leaseKey);
      this.after(this.config.failoverTimeMillis, () => {
        this.restartLater.delete(leaseKey);
        this.sleeper.wakeAll();
      });
    }
    this.sleeper.wakeAll();
  }
}


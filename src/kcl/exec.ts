/**
 * The shell-command record processor (`awsmsg kinesis consume --exec CMD`): each batch of a
 * shard's records runs CMD once with `sh -c`, the records on its stdin, one JSON object per
 * line:
 *
 *   {"shardId":"shardId-000000000001","sequenceNumber":"4960...","subSequenceNumber":0,
 *    "partitionKey":"truck-7","approximateArrivalTimestamp":"2026-01-15T12:00:00.000Z",
 *    "data":"eyJsYXQiOjQ3LjZ9","text":"{\"lat\":47.6}"}
 *
 * data is the record's bytes in base64; text is the same bytes decoded as UTF-8, present only
 * when they are valid UTF-8. The command's exit status decides checkpointing: 0 checkpoints
 * the batch's last record (and SHARD_END when the shard has ended); anything else leaves the
 * checkpoint where it was and runs the same batch again after a back-off, for as long as this
 * worker holds the lease. The command also sees AWSMSG_SHARD_ID, AWSMSG_STREAM_NAME,
 * AWSMSG_APPLICATION_NAME, AWSMSG_WORKER_ID, AWSMSG_MILLIS_BEHIND_LATEST and
 * AWSMSG_RECORD_COUNT in its environment. Its stdout goes to the worker's stdout, line by
 * line; its stderr to the worker's log.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CheckpointError, type KclRecord, type ProcessRecordsInput, type RecordProcessor, type Checkpointer } from './processor.js';

export interface ShardContext {
  shardId: string;
  streamName: string;
  applicationName: string;
  workerId: string;
  /** false once the worker no longer processes this shard (lease lost, shutting down) */
  active(): boolean;
  /** waits, or returns early when the shard stops being active */
  sleep(ms: number): Promise<void>;
}

export interface ExecOptions {
  command: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  out: (text: string) => void;
  log: (line: string) => void;
  /** first wait before running a failed batch again; doubles up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(data: Buffer): string | undefined {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** One record as a line of the command's stdin. */
export function recordLine(shardId: string, r: KclRecord): string {
  const text = textOf(r.data);
  return JSON.stringify({
    shardId,
    sequenceNumber: r.sequenceNumber,
    subSequenceNumber: r.subSequenceNumber,
    partitionKey: r.partitionKey,
    approximateArrivalTimestamp: r.approximateArrivalTimestamp.toISOString(),
    data: r.data.toString('base64'),
    ...(text === undefined ? {} : { text }),
  });
}

export class ExecProcessor implements RecordProcessor {
  constructor(
    private readonly opts: ExecOptions,
    private readonly shard: ShardContext,
  ) {}

  async initialize(): Promise<void> {}

  async processRecords(input: ProcessRecordsInput): Promise<void> {
    const stdin = input.records.map((r) => `${recordLine(this.shard.shardId, r)}\n`).join('');
    let wait = this.opts.backoffMs ?? 1000;
    for (;;) {
      const status = await this.run(stdin, input);
      if (status === 0) {
        if (input.records.length > 0) await this.checkpoint(input.checkpointer, `the batch of ${input.records.length} records`);
        return;
      }
      if (!this.shard.active()) return;
      this.opts.log(
        `${this.shard.shardId}: the command exited with status ${status}; running the batch of ${input.records.length} records again in ${wait} ms`,
      );
      await this.shard.sleep(wait);
      if (!this.shard.active()) return;
      wait = Math.min(wait * 2, this.opts.maxBackoffMs ?? 30_000);
    }
  }

  async leaseLost(): Promise<void> {}

  async shardEnded(input: { checkpointer: Checkpointer }): Promise<void> {
    await this.checkpoint(input.checkpointer, 'the end of the shard');
  }

  /**
   * Checkpoints; a refusal because the lease went to another worker while the command ran is
   * logged, not thrown: that worker processes the batch again from the last checkpoint, and
   * this worker goes on with its other shards.
   */
  private async checkpoint(checkpointer: Checkpointer, what: string): Promise<void> {
    try {
      await checkpointer.checkpoint();
    } catch (e) {
      if (!(e instanceof CheckpointError) || e.errorName !== 'ShutdownException') throw e;
      this.opts.log(`${this.shard.shardId}: ${what} was not checkpointed: ${e.message}; the lease's new holder processes it again`);
    }
  }

  async shutdownRequested(): Promise<void> {}

  private run(stdin: string, input: ProcessRecordsInput): Promise<number> {
    const env = {
      ...(this.opts.env ?? process.env),
      AWSMSG_SHARD_ID: this.shard.shardId,
      AWSMSG_STREAM_NAME: this.shard.streamName,
      AWSMSG_APPLICATION_NAME: this.shard.applicationName,
      AWSMSG_WORKER_ID: this.shard.workerId,
      AWSMSG_MILLIS_BEHIND_LATEST: String(input.millisBehindLatest),
      AWSMSG_RECORD_COUNT: String(input.records.length),
    };
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', this.opts.command], { cwd: this.opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.on('error', () => undefined); // a command that does not read its stdin
      createInterface({ input: child.stdout }).on('line', (line) => this.opts.out(`${line}\n`));
      createInterface({ input: child.stderr }).on('line', (line) => this.opts.log(`${this.shard.shardId}: ${line}`));
      child.on('error', (e) => {
        this.opts.log(`${this.shard.shardId}: could not run the command: ${e.message}`);
        resolve(127);
      });
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      child.stdin.end(stdin);
    });
  }
}

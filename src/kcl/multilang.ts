/**
 * The MultiLangDaemon protocol: a record processor in a child process (written with aws-kcl
 * for Node.js, amazon_kclpy, the Ruby or .NET bindings, ...) talks JSON lines over its
 * stdin/stdout. One child per shard. The daemon sends an action and reads the child's lines
 * until a {"action":"status","responseFor":<action>}; meanwhile the child may send
 * {"action":"checkpoint","sequenceNumber":...}, answered with a checkpoint message carrying
 * the error's name, if any. Lines that are not messages are passed on as log output. After
 * leaseLost or shardEnded the child's stdin is closed and it is expected to exit.
 *
 * Each child runs in a process group of its own: a Ctrl-C in the terminal reaches the worker
 * alone, which then shuts the children down through the protocol (shutdownRequested, so they
 * may checkpoint) instead of finding them killed by the same keystroke. Children still running
 * when the worker's process exits are killed with it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  CheckpointError,
  ProcessorFailure,
  type Checkpointer,
  type InitializeInput,
  type KclRecord,
  type ProcessRecordsInput,
  type RecordProcessor,
} from './processor.js';

export interface MultiLangOptions {
  /** the executable and its arguments (executableName split on white space) */
  command: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** where the child's stderr lines and stray stdout lines go */
  log: (line: string) => void;
  /** timeoutInSeconds: a child that does not answer in time fails the worker */
  timeoutMs?: number;
  /** how long a child may take to exit after its stdin is closed before it is killed */
  exitGraceMs?: number;
}

interface Message {
  action: string;
  [k: string]: unknown;
}

/** A record as the daemon's JsonFriendlyRecord writes it. */
export function recordMessage(r: KclRecord): Record<string, unknown> {
  return {
    action: 'record',
    data: r.data.toString('base64'),
    partitionKey: r.partitionKey,
    sequenceNumber: r.sequenceNumber,
    approximateArrivalTimestamp: r.approximateArrivalTimestamp.getTime(),
    subSequenceNumber: r.subSequenceNumber,
  };
}

/** Children not yet exited, killed if the worker's process exits first (a second Ctrl-C). */
const running = new Set<ChildProcessWithoutNullStreams>();
let exitHook = false;

function track(child: ChildProcessWithoutNullStreams): void {
  running.add(child);
  child.on('close', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

export class MultiLangProcessor implements RecordProcessor {
  private child: ChildProcessWithoutNullStreams | undefined;
  private shardId = '';
  private readonly inbox: Message[] = [];
  private wake: (() => void) | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: Error | undefined;
  private exitPromise: Promise<void> | undefined;
  private timedOut = false;

  constructor(private readonly opts: MultiLangOptions) {}

  async initialize(input: InitializeInput): Promise<void> {
    this.shardId = input.shardId;
    this.start();
    await this.call({ action: 'initialize', shardId: input.shardId, sequenceNumber: input.sequenceNumber, subSequenceNumber: input.subSequenceNumber }, undefined);
  }

  async processRecords(input: ProcessRecordsInput): Promise<void> {
    await this.call(
      { action: 'processRecords', records: input.records.map(recordMessage), millisBehindLatest: input.millisBehindLatest },
      input.checkpointer,
    );
  }

  async leaseLost(): Promise<void> {
    if (!this.child) return;
    await this.call({ action: 'leaseLost' }, undefined);
    await this.finish();
  }

  async shardEnded(input: { checkpointer: Checkpointer }): Promise<void> {
    if (!this.child) return;
    await this.call({ action: 'shardEnded' }, input.checkpointer);
    await this.finish();
  }

  async shutdownRequested(input: { checkpointer: Checkpointer }): Promise<void> {
    if (!this.child) return;
    await this.call({ action: 'shutdownRequested' }, input.checkpointer);
  }

  /** Ends the child at once (the worker is failing or was interrupted twice). */
  kill(): void {
    if (this.child && !this.exited) this.child.kill('SIGKILL');
  }

  private start(): void {
    const [file, ...args] = this.opts.command;
    if (!file) throw new ProcessorFailure(this.shardId, 'The record processor command (executableName) is empty.');
    const child = spawn(file, args, { cwd: this.opts.cwd, env: this.opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    track(child);
    this.exitPromise = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exited = { code, signal };
        this.notify();
        resolve();
      });
    });
    child.on('error', (e) => {
      this.spawnError = e;
      this.exited ??= { code: null, signal: null };
      this.notify();
    });
    child.stdin.on('error', () => undefined); // a child that exits early: reported by 'close'
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr }).on('line', (line) => this.opts.log(`${this.shardId}: ${line}`));
  }

  private onLine(line: string): void {
    if (line === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      msg = undefined;
    }
    if (msg && typeof msg === 'object' && typeof (msg as Message).action === 'string') {
      this.inbox.push(msg as Message);
      this.notify();
    } else {
      this.opts.log(`${this.shardId}: skipping unexpected line on STDOUT: ${line}`);
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private send(message: Record<string, unknown>): void {
    if (this.exited) throw this.failure(`cannot write the ${String(message.action)} message`);
    this.child!.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private failure(what: string): ProcessorFailure {
    const how = this.spawnError
      ? `could not be started (${this.spawnError.message})`
      : this.exited?.signal
        ? `was ended by ${this.exited.signal}`
        : `exited with status ${this.exited?.code}`;
    return new ProcessorFailure(this.shardId, `The record processor for ${this.shardId} (${this.opts.command.join(' ')}) ${how}: ${what}.`);
  }

  private async next(action: string): Promise<Message> {
    for (;;) {
      const m = this.inbox.shift();
      if (m) return m;
      if (this.exited) throw this.failure(`no status message for ${action}`);
      if (this.timedOut) {
        this.kill();
        throw new ProcessorFailure(this.shardId, `Timed out waiting for the status message for ${action} from the record processor for ${this.shardId}.`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Sends an action and serves checkpoints until the child reports its status for it. */
  private async call(message: Record<string, unknown>, checkpointer: Checkpointer | undefined): Promise<void> {
    const action = message.action as string;
    this.send(message);
    this.timedOut = false;
    const timer =
      this.opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            this.timedOut = true;
            this.notify();
          }, this.opts.timeoutMs);
    try {
      await this.serve(action, checkpointer);
    } finally {
      clearTimeout(timer);
    }
  }

  private async serve(action: string, checkpointer: Checkpointer | undefined): Promise<void> {
    for (;;) {
      const m = await this.next(action);
      if (m.action === 'checkpoint') {
        this.send(await this.checkpoint(m, checkpointer));
      } else if (m.action === 'status') {
        if (m.responseFor !== action) {
          this.kill();
          throw new ProcessorFailure(this.shardId, `The record processor for ${this.shardId} answered ${String(m.responseFor)} while ${action} was expected.`);
        }
        return;
      }
    }
  }

  private async checkpoint(m: Message, checkpointer: Checkpointer | undefined): Promise<Record<string, unknown>> {
    const sequenceNumber = typeof m.sequenceNumber === 'string' ? m.sequenceNumber : null;
    const subSequenceNumber = typeof m.subSequenceNumber === 'number' ? m.subSequenceNumber : null;
    let error: string | null = null;
    if (!checkpointer) {
      error = 'InvalidStateException';
      this.opts.log(`${this.shardId}: was asked to checkpoint at ${sequenceNumber} but no checkpointer was provided`);
    } else {
      try {
        await checkpointer.checkpoint(sequenceNumber, subSequenceNumber);
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        error = e.errorName;
        this.opts.log(`${this.shardId}: checkpoint at ${sequenceNumber ?? 'the last record'} failed: ${e.message}`);
      }
    }
    return { action: 'checkpoint', sequenceNumber, subSequenceNumber, error };
  }

  /** Closes the child's stdin and waits for it to exit (killing it after the grace period). */
  private async finish(): Promise<void> {
    const child = this.child!;
    child.stdin.end();
    if (this.exited) return;
    const grace = this.opts.exitGraceMs ?? 30_000;
    const timer = setTimeout(() => this.kill(), grace);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

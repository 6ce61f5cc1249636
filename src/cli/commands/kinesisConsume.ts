/**
 * `awsmsg kinesis consume`: runs a KCL-style worker that shares a stream's shards with the
 * other workers of the same application (the lease table is in the state file), until Ctrl-C.
 *
 *   awsmsg kinesis consume --properties app.properties        # a KCL MultiLangDaemon properties file
 *   awsmsg kinesis consume --stream-name S --application-name A --multilang 'node processor.js'
 *   awsmsg kinesis consume --stream-name S --application-name A --exec 'jq -r .text'
 *   awsmsg kinesis consume ... --retrieval-mode FANOUT          # enhanced fan-out: SubscribeToShard
 *
 * Flags override the properties file. The worker's log (leases taken, lost, shards ended,
 * the record processors' stderr) goes to stderr; an --exec command's stdout to stdout.
 */
import type { Command } from 'commander';
import type { Ctx } from '../../core/context.js';
import { CliError } from '../../core/errors.js';
import { parseTimestamp } from '../args/values.js';
import { resolveConsume, type ConsumeRequest } from '../../kcl/options.js';
import { ProcessorFailure } from '../../kcl/processor.js';
import { parseInitialPosition, parseRetrievalMode, parseWholeNumber } from '../../kcl/properties.js';
import { runWorker, type WorkerResult } from '../../kcl/worker.js';

/** The part of the command line's CommandEnv (src/cli/run.ts) this command uses. */
export interface ConsumeEnv {
  io: { out(text: string): void; err(text: string): void; env: NodeJS.ProcessEnv; signal: AbortSignal };
  globals: { region?: string };
  ctx(): Ctx;
}

interface Flags {
  properties?: string;
  streamName?: string;
  applicationName?: string;
  exec?: string;
  multilang?: string;
  workerId?: string;
  initialPosition?: string;
  initialPositionTimestamp?: string;
  failoverTimeMillis?: string;
  maxRecords?: string;
  idleTimeBetweenReadsMillis?: string;
  retrievalMode?: string;
  consumerName?: string;
  quiet?: boolean;
}

/** A timestamp flag, read as the AWS CLI reads timestamps (a time without a zone is UTC). */
export function timestampOption(text: string, flag: string): Date {
  const d = parseTimestamp(text);
  if (!d) throw new CliError('usage', `Invalid value for ${flag}: '${text}' (an ISO 8601 time or epoch seconds).`);
  return d;
}

export function consumeRequest(flags: Flags, cwd: string): ConsumeRequest {
  const num = (v: string | undefined, flag: string, min: number, max?: number): number | undefined =>
    v === undefined ? undefined : parseWholeNumber(v, flag, { min, max });
  return {
    cwd,
    properties: flags.properties,
    streamName: flags.streamName,
    applicationName: flags.applicationName,
    exec: flags.exec,
    multilang: flags.multilang,
    workerId: flags.workerId,
    initialPosition: flags.initialPosition === undefined ? undefined : parseInitialPosition(flags.initialPosition, '--initial-position'),
    initialPositionTimestamp:
      flags.initialPositionTimestamp === undefined ? undefined : timestampOption(flags.initialPositionTimestamp, '--initial-position-timestamp'),
    failoverTimeMillis: num(flags.failoverTimeMillis, '--failover-time-millis', 1),
    maxRecords: num(flags.maxRecords, '--max-records', 1, 10_000),
    idleTimeBetweenReadsInMillis: num(flags.idleTimeBetweenReadsMillis, '--idle-time-between-reads-millis', 0),
    retrievalMode: flags.retrievalMode === undefined ? undefined : retrievalModeOption(flags.retrievalMode),
    consumerName: flags.consumerName,
  };
}

/** The one line a stopped worker ends with: what it did, and the leases it gave up. */
export function stoppedLine(r: WorkerResult): string {
  const records = Object.values(r.recordsProcessed).reduce((a, b) => a + b, 0);
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const held = r.leasesHeld.length === 0 ? 'no shards held' : `${n(r.leasesHeld.length, 'shard')} held (${r.leasesHeld.join(', ')}) and released`;
  return `worker ${r.workerId} stopped: ${n(records, 'record')} processed, ${n(r.checkpoints, 'checkpoint')} written, ${held}`;
}

/** As a properties file's retrievalMode; DEFAULT leaves the choice to the worker's rule. */
function retrievalModeOption(text: string): 'POLLING' | 'FANOUT' | undefined {
  const mode = parseRetrievalMode(text);
  return mode === 'DEFAULT' ? undefined : mode;
}

export function define(cmd: Command, env: ConsumeEnv, done: (code: number) => void): void {
  cmd
    .description("run a KCL-style worker: share a stream's shards with the application's other workers and hand their records to a record processor")
    .option('--properties <file>', 'a KCL MultiLangDaemon .properties file (executableName, streamName, applicationName, initialPositionInStream, ...)')
    .option('--stream-name <name>', 'the stream to consume')
    .option('--application-name <name>', "the application: workers of one application share the stream's shards and checkpoints")
    .option('--multilang <command>', 'a KCL record processor (aws-kcl, amazon_kclpy, ...), one process per shard, over the MultiLangDaemon protocol')
    .option('--exec <command>', 'a shell command run for each batch: records on stdin, one JSON object per line; exit 0 checkpoints')
    .option('--worker-id <id>', 'this worker, unique within the application (a random UUID by default)')
    .option('--initial-position <position>', 'where shards without a checkpoint start: TRIM_HORIZON, LATEST (default) or AT_TIMESTAMP')
    .option('--initial-position-timestamp <time>', 'for AT_TIMESTAMP: an ISO 8601 time or epoch seconds')
    .option('--failover-time-millis <ms>', 'a worker that has not renewed its leases for this long loses them (10000)')
    .option('--max-records <n>', 'records per GetRecords call (10000)')
    .option('--idle-time-between-reads-millis <ms>', "wait between a shard's GetRecords calls (1000)")
    .option('--retrieval-mode <mode>', 'POLLING (GetRecords), FANOUT (an enhanced fan-out consumer, SubscribeToShard) or DEFAULT (as the properties file decides; polling without one)')
    .option('--consumer-name <name>', "FANOUT: the stream consumer's name (the application's name by default)")
    .option('--quiet', "do not print the worker's log on stderr")
    .action(async (flags: Flags) => {
      const { options, regionName } = resolveConsume(consumeRequest(flags, process.cwd()));
      const base = env.ctx();
      // the properties file's regionName counts unless --region was given
      const ctx: Ctx = regionName && !env.globals.region ? { ...base, region: regionName } : base;
      const processor = options.processor.kind === 'factory' ? options.processor : { ...options.processor, env: env.io.env };
      const log = flags.quiet ? undefined : (line: string) => env.io.err(`${line}\n`);
      try {
        const result = await runWorker(ctx, { ...options, processor, log, out: (t) => env.io.out(t) }, env.io.signal);
        log?.(stoppedLine(result));
      } catch (e) {
        if (e instanceof ProcessorFailure) throw new CliError('other', e.message);
        throw e;
      }
      done(0);
    });
}

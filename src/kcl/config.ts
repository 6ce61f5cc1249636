/** The worker's settings, named as the KCL's properties name them, with the KCL's defaults. */
import type { ExecOptions, ShardContext } from './exec.js';
import type { RecordProcessor } from './processor.js';
import type { InitialPosition } from './shardSync.js';

export type ProcessorSpec =
  /** the MultiLangDaemon protocol: executableName, split on white space */
  | { kind: 'multilang'; command: string; cwd?: string; env?: NodeJS.ProcessEnv }
  /** a shell command run for each batch (see exec.ts) */
  | { kind: 'exec'; command: string; cwd?: string; env?: NodeJS.ProcessEnv; backoffMs?: ExecOptions['backoffMs'] }
  /** an in-process processor */
  | { kind: 'factory'; create: (shard: ShardContext) => RecordProcessor };

export interface WorkerOptions {
  streamName: string;
  /** names the lease table (the KCL's applicationName, or tableName when set) */
  applicationName: string;
  /** unique among the application's workers; a random UUID by default, as in the KCL */
  workerId?: string;
  processor: ProcessorSpec;
  /** where a shard without a checkpoint starts: LATEST by default, as in the KCL */
  initialPositionInStream?: InitialPosition;
  /** for AT_TIMESTAMP */
  initialPositionTimestamp?: Date;
  /** a lease whose counter has not moved for this long is expired (10 s) */
  failoverTimeMillis?: number;
  /**
   * how records are read: POLLING (GetRecords, the default here) or FANOUT (an enhanced fan-out
   * consumer of the stream, registered under consumerName, pushing with SubscribeToShard)
   */
  retrievalMode?: RetrievalMode;
  /** FANOUT: the stream consumer's name (the application's name by default) */
  consumerName?: string;
  /** FANOUT: a stream consumer that already exists, used as it is */
  consumerArn?: string;
  /** records per GetRecords (10,000) */
  maxRecords?: number;
  /** wait between GetRecords calls of a shard (1 s) */
  idleTimeBetweenReadsInMillis?: number;
  /** how often the worker lists the stream's shards for new leases (60 s) */
  shardSyncIntervalMillis?: number;
  /** how often a child waiting for its parents checks them (10 s) */
  parentShardPollIntervalMillis?: number;
  maxLeasesForWorker?: number;
  /** 1 */
  maxLeasesToStealAtOneTime?: number;
  callProcessRecordsEvenForEmptyRecordList?: boolean;
  /** remove a finished lease once its children have started (true) */
  cleanupLeasesUponShardCompletion?: boolean;
  /** first wait after a failed task, doubling (500 ms) */
  taskBackoffTimeMillis?: number;
  /** how long a multilang record processor may take to answer; no limit by default */
  timeoutInSeconds?: number;
  /** the worker's log lines (lease changes, processor stderr); nothing by default */
  log?: (line: string) => void;
  /** where an exec processor's stdout goes; process.stdout by default */
  out?: (text: string) => void;
  /** for tests: the random source of lease taking */
  random?: () => number;
}

export type RetrievalMode = 'POLLING' | 'FANOUT';

type OptionalSettings = 'initialPositionTimestamp' | 'timeoutInSeconds' | 'random' | 'consumerName' | 'consumerArn';

export type WorkerConfig = Required<Omit<WorkerOptions, OptionalSettings>> & Pick<WorkerOptions, OptionalSettings>;

export const DEFAULTS = {
  initialPositionInStream: 'LATEST',
  retrievalMode: 'POLLING',
  failoverTimeMillis: 10_000,
  maxRecords: 10_000,
  idleTimeBetweenReadsInMillis: 1_000,
  shardSyncIntervalMillis: 60_000,
  parentShardPollIntervalMillis: 10_000,
  maxLeasesForWorker: Number.MAX_SAFE_INTEGER,
  maxLeasesToStealAtOneTime: 1,
  callProcessRecordsEvenForEmptyRecordList: false,
  cleanupLeasesUponShardCompletion: true,
  taskBackoffTimeMillis: 500,
} as const;

export function resolveConfig(o: WorkerOptions, workerId: string): WorkerConfig {
  const defined = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as WorkerOptions;
  return {
    ...DEFAULTS,
    log: () => undefined,
    out: (t: string) => void process.stdout.write(t),
    ...defined,
    workerId,
  };
}

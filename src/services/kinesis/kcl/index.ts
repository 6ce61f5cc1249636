/**
 * The KCL-style consumer: workers sharing a stream's shards through a lease table in the
 * state file, record processors over the MultiLangDaemon protocol or a shell command, and
 * the lease table view. (The benchmark is bench.ts, imported directly.)
 */
export { runWorker, commandWords, type WorkerResult } from './worker.js';
export type { ProcessorSpec, WorkerOptions } from './config.js';
export { DEFAULTS as WORKER_DEFAULTS } from './config.js';
export { describeLeases, listApplications, type DescribeLeasesInput, type DescribeLeasesOutput, type LeaseRowView, type LeaseState } from './describe.js';
export { resolveConsume, type ConsumeRequest, type ResolvedConsume } from './options.js';
export { parseProperties, configFromProperties, type PropertiesConfig } from './properties.js';
export {
  CheckpointError,
  ProcessorFailure,
  type Checkpointer,
  type InitializeInput,
  type KclRecord,
  type ProcessRecordsInput,
  type RecordProcessor,
} from './processor.js';
export type { ShardContext } from './exec.js';
export { LeaseTable, isExpired, isFinished, type Lease, type NewLease } from './leases.js';
export { KCL_SCHEMA } from './schema.js';

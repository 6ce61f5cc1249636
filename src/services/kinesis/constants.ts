/** Limits and durations of the Kinesis emulation, in one place. */

/**
 * How long transitional states last on the state file's clock. AWS takes from seconds to
 * minutes; these are short so that scripts using `wait stream-exists` stay quick, and long
 * enough that a script which skips the wait sees AWS's errors.
 */
export const LIFECYCLE_MS = {
  /** CREATING -> ACTIVE */
  createStream: 2_000,
  /** UPDATING -> ACTIVE after SplitShard, MergeShards, UpdateShardCount, UpdateStreamMode, encryption, warm throughput */
  updateStream: 2_000,
  /** DELETING -> gone */
  deleteStream: 2_000,
  /** consumer CREATING -> ACTIVE */
  registerConsumer: 2_000,
  /** consumer DELETING -> gone */
  deregisterConsumer: 2_000,
} as const;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;
export const DEFAULT_RETENTION_HOURS = 24;

export const ON_DEMAND_SHARD_COUNT = 4;
export const ON_DEMAND_STREAM_LIMIT = 50;
/** provisioned shards per account and region: 500 in these regions, 200 elsewhere */
export const LARGE_SHARD_LIMIT_REGIONS = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);
export const shardLimitFor = (region: string): number => (LARGE_SHARD_LIMIT_REGIONS.has(region) ? 500 : 200);
/** UpdateShardCount: at most this many shards in one stream */
export const MAX_SHARDS_PER_STREAM_SCALING = 10_000;
export const SCALING_EVENTS_PER_DAY = 10;
export const MODE_SWITCHES_PER_DAY = 2;
export const MAX_CREATING_STREAMS = 5;

export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_CONSUMERS_PER_STREAM = 20;
export const MAX_CREATING_CONSUMERS = 5;

export const MIB = 1_048_576;
export const DEFAULT_MAX_RECORD_KIB = 1024;
/** PutRecords: bytes per request (10 MiB once a stream takes records over 1 MiB); the 500 records per request are the model's */
export const putRecordsMaxBytes = (maxRecordKib: number): number => (maxRecordKib > DEFAULT_MAX_RECORD_KIB ? 10 * MIB : 5 * MIB);

/** per shard, on the clock */
export const WRITE_BYTES_PER_SEC = MIB;
export const WRITE_RECORDS_PER_SEC = 1000;
export const READ_BYTES_PER_SEC = 2 * MIB;
export const GET_RECORDS_CALLS_PER_SEC = 5;
export const GET_SHARD_ITERATOR_CALLS_PER_SEC = 5;

export const GET_RECORDS_MAX_LIMIT = 10_000;
export const GET_RECORDS_MAX_BYTES = 10 * MIB;

export const ITERATOR_TTL_MS = 300_000;
export const NEXT_TOKEN_TTL_MS = 300_000;

/** SubscribeToShard: a subscription lasts 5 minutes; a second one within 5 s is refused */
export const SUBSCRIPTION_MS = 300_000;
export const SUBSCRIPTION_TAKEOVER_MS = 5_000;
export const SUBSCRIPTION_HEARTBEAT_MS = 5_000;

/** ListStreams / DescribeStream / ListStreamConsumers / ListShards page sizes */
export const LIST_STREAMS_DEFAULT = 100;
export const DESCRIBE_STREAM_DEFAULT = 100;
export const LIST_SHARDS_DEFAULT = 1000;
export const LIST_CONSUMERS_DEFAULT = 100;

export const ALL_SHARD_LEVEL_METRICS = [
  'IncomingBytes',
  'OutgoingRecords',
  'IteratorAgeMilliseconds',
  'IncomingRecords',
  'ReadProvisionedThroughputExceeded',
  'WriteProvisionedThroughputExceeded',
  'OutgoingBytes',
] as const;

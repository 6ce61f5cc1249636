/**
 * `awsmsg kinesis ... help`: the pages of the Kinesis Data Streams operations and waiters, in
 * awsmsg's own words. Limits and defaults are AWS's documented ones (the Kinesis API reference
 * and developer guide).
 */
import type { OperationHelp, RecordedOutputs, ServiceHelp } from './types.js';
import examples from './examples/kinesis.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/trucks';
/** a provisioned stream of 2 shards, past CREATING (2 seconds on the clock) */
const STREAM = ['awsmsg kinesis create-stream --stream-name trucks --shard-count 2', 'awsmsg clock advance 2s'];
const ONE_SHARD = ['awsmsg kinesis create-stream --stream-name trucks --shard-count 1', 'awsmsg clock advance 2s'];
const PUT = (key: string, data: string) =>
  `awsmsg kinesis put-record --stream-name trucks --partition-key ${key} --cli-binary-format raw-in-base64-out --data '${data}'`;
const CONSUMER = [
  ...STREAM,
  `awsmsg kinesis register-stream-consumer --stream-arn ${ARN} --consumer-name dashboard`,
  'awsmsg clock advance 2s',
];
const CONSUMER_ARN = `C=$(awsmsg kinesis describe-stream-consumer --stream-arn ${ARN} --consumer-name dashboard --query ConsumerDescription.ConsumerARN --output text)`;

const STREAM_NAME =
  "The stream's name. Give it or --stream-arn (AWS recommends the ARN); a stream of that name must exist in the region.";
const STREAM_ARN = "The stream's ARN, arn:aws:kinesis:REGION:ACCOUNT:stream/NAME: instead of, or as well as, --stream-name.";
const STREAM_ID = 'Reserved by AWS for future use; awsmsg accepts and ignores it, as AWS does.';
const STREAM_TARGET = { StreamName: STREAM_NAME, StreamARN: STREAM_ARN, StreamId: STREAM_ID };
const RESOURCE_ARN = 'The ARN of a stream (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME) or of an enhanced fan-out consumer (.../consumer/NAME:TIMESTAMP).';
const CONSUMER_NAME = "The consumer's name, unique in its stream: 1 to 128 letters, digits, underscores, periods and hyphens.";
const CONSUMER_ARN_TEXT = 'The consumer\'s ARN, as register-stream-consumer printed it. Instead of it, give --stream-arn and --consumer-name.';
const TAGS_MAP = 'Tags, KEY=VALUE: keys 1 to 128 characters, values up to 256 (letters, digits, spaces and _ . : / = + - @); at most 50 per resource. A key it has already gets the new value.';
const HASH_RANGE = 'The shard\'s hash key range: the partition keys whose MD5, read as a 128-bit number, falls from StartingHashKey to EndingHashKey (inclusive) go to it.';
const SHARD_FIELDS = {
  Shards: 'The shards, oldest first.',
  'Shards.ShardId': 'The shard\'s id, shardId-000000000000 and up.',
  'Shards.ParentShardId': 'The shard it was split from, or merged from (with AdjacentParentShardId), after a reshard.',
  'Shards.AdjacentParentShardId': 'The other parent of a merged shard.',
  'Shards.HashKeyRange': HASH_RANGE,
  'Shards.SequenceNumberRange': 'The sequence numbers of its records: StartingSequenceNumber, and EndingSequenceNumber once the shard is closed (by a split or merge).',
};
const MONITORING = {
  StreamName: 'The stream.',
  CurrentShardLevelMetrics: 'The shard-level metrics on before the call.',
  DesiredShardLevelMetrics: 'The shard-level metrics on after it.',
  StreamARN: "The stream's ARN.",
};
const METRICS =
  'The shard-level CloudWatch metrics: IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, or ALL. Recorded in the stream\'s description; awsmsg has no CloudWatch (awsmsg status shows throttling).';
const ENCRYPTION_KEY =
  'The KMS key: its id, its ARN, an alias (alias/NAME) or its ARN, or alias/aws/kinesis for the key Kinesis owns. Recorded; awsmsg stores records unencrypted.';
const CONSUMER_FIELDS = {
  ConsumerName: "The consumer's name.",
  ConsumerARN: "The consumer's ARN: the stream's ARN, /consumer/NAME and :the epoch second it was registered.",
  ConsumerStatus: 'CREATING (for 2 seconds here, as on AWS for a few), ACTIVE, or DELETING.',
  ConsumerCreationTimestamp: 'When it was registered.',
};
const prefixed = (prefix: string, texts: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([k, v]) => [`${prefix}.${k}`, v]));

const RECORD_FIELDS = {
  SequenceNumber: "The record's sequence number: a large decimal number, increasing within the shard.",
  ApproximateArrivalTimestamp: 'When the record reached the stream.',
  Data: 'The record\'s data, base64 in the output (decode it with base64 -d).',
  PartitionKey: 'The partition key it was put with.',
  EncryptionType: 'NONE, or KMS when the stream encrypted it.',
};

const pages: Record<string, OperationHelp> = {
  AddTagsToStream: {
    description: 'Adds tags to a stream, or changes the value of tags it has. Tags label streams for cost allocation and bookkeeping; Kinesis gives them no meaning. (tag-resource does the same by ARN, for consumers too.)',
    options: { ...STREAM_TARGET, Tags: TAGS_MAP },
    examples: [{ title: 'To tag a stream', setup: STREAM, command: 'awsmsg kinesis add-tags-to-stream --stream-name trucks --tags team=fleet,env=dev' }],
  },
  CreateStream: {
    description: `Creates a stream. A provisioned stream has the number of shards you give it; each shard takes 1 MiB or 1,000 records a second in, and gives 2 MiB a second out, so the shard count is the stream's capacity. An on-demand stream (--stream-mode-details StreamMode=ON_DEMAND) manages its shards itself (it starts with 4; here it does not scale).

A new stream is CREATING for a while (2 seconds of the clock here; on AWS up to a minute or so) and takes no records until it is ACTIVE: wait with awsmsg kinesis wait stream-exists, or move the clock (awsmsg clock advance 2s). Prints nothing when it succeeds.`,
    options: {
      StreamName: 'The name: 1 to 128 letters, digits, underscores, periods and hyphens, unique in the account and region.',
      ShardCount: 'How many shards (provisioned streams; required for them, not allowed on-demand): 1 or more, up to the account\'s shard limit (500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere; describe-limits shows it).',
      StreamModeDetails: 'The capacity mode: StreamMode=PROVISIONED (the default: you choose the shards) or StreamMode=ON_DEMAND (Kinesis chooses).',
      'StreamModeDetails.StreamMode': 'PROVISIONED or ON_DEMAND.',
      Tags: TAGS_MAP,
      WarmThroughputMiBps: 'On-demand streams, in accounts that enabled the minimum throughput billing commitment (update-account-settings): the write throughput, in MiB a second, to keep ready for bursts.',
      MaxRecordSizeInKiB: 'The largest record the stream takes, in KiB: 1,024 (1 MiB, the default) to 10,240 (10 MiB).',
    },
    examples: [
      { title: 'To create a stream of 5 shards', command: 'awsmsg kinesis create-stream --stream-name trucks --shard-count 5' },
      {
        title: 'To create an on-demand stream and wait until it takes records',
        command: "awsmsg kinesis create-stream --stream-name clicks --stream-mode-details StreamMode=ON_DEMAND && awsmsg kinesis wait stream-exists --stream-name clicks && awsmsg kinesis describe-stream-summary --stream-name clicks --query 'StreamDescriptionSummary.[StreamStatus, OpenShardCount]' --output text",
      },
    ],
  },
  DecreaseStreamRetentionPeriod: {
    description: 'Keeps records for less time. Records older than the new period are gone at once. The period can go down to 24 hours, the minimum.',
    options: { ...STREAM_TARGET, RetentionPeriodHours: 'The new retention period, in hours: at least 24, and less than the current one.' },
    examples: [
      {
        title: 'To go back to one day',
        setup: [...STREAM, 'awsmsg kinesis increase-stream-retention-period --stream-name trucks --retention-period-hours 72'],
        command: 'awsmsg kinesis decrease-stream-retention-period --stream-name trucks --retention-period-hours 24',
      },
    ],
  },
  DeleteResourcePolicy: {
    description: 'Removes the resource policy of a stream or consumer (set with put-resource-policy).',
    options: { ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID },
    examples: [
      {
        title: "To remove a stream's resource policy",
        setup: [...STREAM, `awsmsg kinesis put-resource-policy --resource-arn ${ARN} --policy '{"Version": "2012-10-17", "Statement": []}'`],
        command: `awsmsg kinesis delete-resource-policy --resource-arn ${ARN}`,
      },
    ],
  },
  DeleteStream: {
    description: `Deletes a stream with all its shards and records. The stream is DELETING for a while (2 seconds of the clock here), then gone: awsmsg kinesis wait stream-not-exists waits for that. A stream with registered enhanced fan-out consumers is refused unless --enforce-consumer-deletion.`,
    options: {
      ...STREAM_TARGET,
      EnforceConsumerDeletion: 'Delete the stream even if it has registered consumers (they are deregistered with it).',
    },
    examples: [
      {
        title: 'To delete a stream and wait until it is gone',
        setup: STREAM,
        command: 'awsmsg kinesis delete-stream --stream-name trucks && awsmsg kinesis wait stream-not-exists --stream-name trucks && awsmsg kinesis list-streams',
      },
    ],
  },
  DeregisterStreamConsumer: {
    description: 'Removes an enhanced fan-out consumer: its subscriptions end and it no longer counts toward the stream\'s 20 consumers. It is DELETING for 2 seconds of the clock, then gone.',
    options: {
      StreamARN: 'The stream\'s ARN, with --consumer-name.',
      ConsumerName: 'The consumer\'s name, with --stream-arn.',
      ConsumerARN: CONSUMER_ARN_TEXT,
      StreamId: STREAM_ID,
    },
    examples: [
      {
        title: 'To deregister a consumer by name',
        setup: CONSUMER,
        command: `awsmsg kinesis deregister-stream-consumer --stream-arn ${ARN} --consumer-name dashboard`,
      },
    ],
  },
  DescribeAccountSettings: {
    description: "Shows the account's Kinesis settings: whether the minimum throughput billing commitment (which on-demand warm throughput needs) is on.",
    options: {},
    output: {
      MinimumThroughputBillingCommitment: 'The commitment: Status (ENABLED, DISABLED, or ENABLED_UNTIL_EARLIEST_ALLOWED_END), and when on, StartedAt and EarliestAllowedEndAt; EndedAt once ended.',
    },
    examples: [{ title: 'To show the account settings', command: 'awsmsg kinesis describe-account-settings' }],
  },
  DescribeLimits: {
    description: "Shows the account's shard limit in the region and how much of it is used, and the same for on-demand streams. Creating or growing a stream past the limit fails with LimitExceededException.",
    options: {},
    output: {
      ShardLimit: 'Open shards the account may have in the region: 500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere.',
      OpenShardCount: 'Open shards it has.',
      OnDemandStreamCount: 'On-demand streams it has.',
      OnDemandStreamCountLimit: 'On-demand streams it may have: 50.',
    },
    examples: [{ title: 'To show the limits', setup: STREAM, command: 'awsmsg kinesis describe-limits' }],
  },
  DescribeStream: {
    description: `Shows a stream in detail: status, capacity mode, retention, encryption, monitoring, and every shard with its hash key range and sequence numbers. AWS now advises describe-stream-summary for the stream and list-shards for the shards; this one still works, and pages through the shards (100 a call).`,
    options: STREAM_TARGET,
    output: {
      StreamDescription: "The stream: StreamName, StreamARN, StreamStatus (CREATING, ACTIVE, UPDATING, DELETING), StreamModeDetails, Shards, RetentionPeriodHours, StreamCreationTimestamp, EnhancedMonitoring, EncryptionType and KeyId.",
      ...prefixed('StreamDescription', SHARD_FIELDS),
    },
    examples: [{ title: 'To describe a stream', setup: STREAM, command: 'awsmsg kinesis describe-stream --stream-name trucks' }],
  },
  DescribeStreamConsumer: {
    description: 'Shows one enhanced fan-out consumer: its ARN, status and when it was registered. Give its ARN, or the stream\'s ARN and its name.',
    options: {
      StreamARN: "The stream's ARN, with --consumer-name.",
      ConsumerName: "The consumer's name, with --stream-arn.",
      ConsumerARN: CONSUMER_ARN_TEXT,
      StreamId: STREAM_ID,
    },
    output: { ConsumerDescription: 'The consumer, with StreamARN.', ...prefixed('ConsumerDescription', CONSUMER_FIELDS) },
    examples: [
      {
        title: 'To describe a consumer by name',
        setup: CONSUMER,
        command: `awsmsg kinesis describe-stream-consumer --stream-arn ${ARN} --consumer-name dashboard`,
      },
    ],
  },
  DescribeStreamSummary: {
    description: "Shows a stream's status, capacity mode, retention, encryption, open shard count and consumer count, without listing the shards. The quick way to see whether a stream is ACTIVE.",
    options: STREAM_TARGET,
    output: {
      StreamDescriptionSummary: 'The stream: StreamName, StreamARN, StreamStatus, StreamModeDetails, RetentionPeriodHours, StreamCreationTimestamp, EnhancedMonitoring, EncryptionType and KeyId, OpenShardCount, ConsumerCount, MaxRecordSizeInKiB and (on-demand) WarmThroughput.',
    },
    examples: [
      { title: 'To see a stream at a glance', setup: STREAM, command: 'awsmsg kinesis describe-stream-summary --stream-name trucks' },
      {
        title: 'To see only its status',
        setup: ['awsmsg kinesis create-stream --stream-name trucks --shard-count 2'],
        command: 'awsmsg kinesis describe-stream-summary --stream-name trucks --query StreamDescriptionSummary.StreamStatus --output text',
        note: 'Right after create-stream the stream is still CREATING; it takes records once ACTIVE.',
      },
    ],
  },
  DisableEnhancedMonitoring: {
    description: 'Turns shard-level CloudWatch metrics off for a stream (see enable-enhanced-monitoring).',
    options: { ...STREAM_TARGET, ShardLevelMetrics: METRICS },
    output: MONITORING,
    examples: [
      {
        title: 'To turn all shard-level metrics off',
        setup: [...STREAM, 'awsmsg kinesis enable-enhanced-monitoring --stream-name trucks --shard-level-metrics ALL'],
        command: 'awsmsg kinesis disable-enhanced-monitoring --stream-name trucks --shard-level-metrics ALL',
      },
    ],
  },
  EnableEnhancedMonitoring: {
    description: "Turns shard-level CloudWatch metrics on for a stream, to see which shards are hot. awsmsg records the setting (describe-stream shows it) but has no CloudWatch; awsmsg status shows each stream's throttled reads and writes.",
    options: { ...STREAM_TARGET, ShardLevelMetrics: METRICS },
    output: MONITORING,
    examples: [
      {
        title: 'To watch incoming bytes and write throttling per shard',
        setup: STREAM,
        command: 'awsmsg kinesis enable-enhanced-monitoring --stream-name trucks --shard-level-metrics IncomingBytes WriteProvisionedThroughputExceeded',
      },
    ],
  },
  GetRecords: {
    description: `Reads records from one shard, from the position a shard iterator names, oldest first, and returns the iterator to read on from (NextShardIterator). A reader loops: get-shard-iterator once, then get-records with each NextShardIterator in turn. An empty Records list just means nothing new yet.

A shard serves 5 get-records calls and 2 MiB a second: past that a call fails with ProvisionedThroughputExceededException (on the clock here). At the end of a closed shard (after a split or merge), NextShardIterator is absent and ChildShards names where to go on.`,
    options: {
      ShardIterator: 'Where to read from: what get-shard-iterator returned, or the previous call\'s NextShardIterator. Iterators expire after 5 minutes.',
      Limit: 'At most how many records to return: 1 to 10,000 (the default). A call returns at most 10 MiB.',
      StreamARN: "The stream's ARN, when the iterator is read with a stream ARN (optional).",
      StreamId: STREAM_ID,
    },
    output: {
      Records: 'The records, in order.',
      ...prefixed('Records', RECORD_FIELDS),
      NextShardIterator: 'Where to read on from; absent at the end of a closed shard.',
      MillisBehindLatest: 'How far behind the newest record of the shard this read is, in milliseconds: 0 means caught up.',
      ChildShards: 'At the end of a closed shard: the shards that took over its hash keys (ShardId, ParentShards, HashKeyRange).',
    },
    examples: [
      {
        title: 'To read a shard from its oldest record',
        setup: [
          ...ONE_SHARD,
          PUT('truck-42', '{"lat": 52.52, "lon": 13.40}'),
          "IT=$(awsmsg kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)",
        ],
        command: 'awsmsg kinesis get-records --shard-iterator "$IT"',
      },
      {
        title: 'To print the data as text',
        setup: [
          ...ONE_SHARD,
          PUT('truck-42', '{"lat": 52.52, "lon": 13.40}'),
          PUT('truck-7', '{"lat": 48.85, "lon": 2.35}'),
          "IT=$(awsmsg kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)",
        ],
        command: `awsmsg kinesis get-records --shard-iterator "$IT" --query 'Records[].Data' --output text | tr '\\t' '\\n' | while read -r d; do echo "$d" | base64 -d; echo; done`,
      },
    ],
  },
  GetResourcePolicy: {
    description: 'Shows the resource policy of a stream or consumer (set with put-resource-policy). Without one, the policy is an empty JSON object.',
    options: { ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID },
    output: { Policy: 'The policy, as JSON text.' },
    examples: [
      {
        title: "To show a stream's resource policy",
        setup: [...STREAM, `awsmsg kinesis put-resource-policy --resource-arn ${ARN} --policy '{"Version": "2012-10-17", "Statement": []}'`],
        command: `awsmsg kinesis get-resource-policy --resource-arn ${ARN}`,
      },
    ],
  },
  GetShardIterator: {
    description: `Gets a shard iterator: a position in one shard to read from with get-records. Choose it by type: the oldest record kept (TRIM_HORIZON), just after the newest (LATEST, to read only what arrives from now on), at or after a sequence number, or at a time. The iterator is valid for 5 minutes; each get-records returns the next one.`,
    options: {
      ...STREAM_TARGET,
      ShardId: 'The shard to read: shardId-000000000000 and up (list-shards shows them).',
      ShardIteratorType: `Where to start:

- TRIM_HORIZON: the oldest record still kept.
- LATEST: just after the newest record: only records put from now on.
- AT_SEQUENCE_NUMBER: at the record with --starting-sequence-number.
- AFTER_SEQUENCE_NUMBER: just after it (to go on after the last record processed).
- AT_TIMESTAMP: at the first record that arrived at or after --timestamp.`,
      StartingSequenceNumber: 'For AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER: a sequence number of this shard.',
      Timestamp: 'For AT_TIMESTAMP: a time, ISO 8601 (2024-05-01T12:00:00Z) or epoch seconds (1714564800.480). Before the oldest record, reading starts at the oldest.',
    },
    output: { ShardIterator: 'The iterator, for get-records: an opaque string, valid for 5 minutes.' },
    examples: [
      {
        title: 'To start reading at the oldest record',
        setup: ONE_SHARD,
        command: 'awsmsg kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON',
      },
      {
        title: 'To go on after a record already processed',
        setup: [
          ...ONE_SHARD,
          `SEQ=$(${PUT('truck-42', 'first')} --query SequenceNumber --output text)`,
          PUT('truck-42', 'second'),
        ],
        command: `IT=$(awsmsg kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 --shard-iterator-type AFTER_SEQUENCE_NUMBER --starting-sequence-number "$SEQ" --query ShardIterator --output text) && awsmsg kinesis get-records --shard-iterator "$IT" --query 'Records[].Data' --output text | base64 -d`,
      },
    ],
  },
  IncreaseStreamRetentionPeriod: {
    description: "Keeps records longer: up to 8,760 hours (365 days). Records already past the old period are not brought back. The default is 24 hours.",
    options: { ...STREAM_TARGET, RetentionPeriodHours: 'The new retention period, in hours: more than the current one, at most 8,760.' },
    examples: [
      {
        title: 'To keep records for a week',
        setup: STREAM,
        command: "awsmsg kinesis increase-stream-retention-period --stream-name trucks --retention-period-hours 168 && awsmsg kinesis describe-stream-summary --stream-name trucks --query StreamDescriptionSummary.RetentionPeriodHours",
      },
    ],
  },
  ListShards: {
    description: `Lists a stream's shards with their hash key ranges, parents and sequence number ranges: which partition keys go where, and (after a reshard) which shards came from which. A filter shows only some: the open ones (AT_LATEST), those open at a time, those after a shard id.`,
    options: {
      ...STREAM_TARGET,
      ExclusiveStartShardId: 'List the shards after this one.',
      StreamCreationTimestamp: 'The stream\'s creation time, to tell apart streams of the same name created one after another.',
      ShardFilter: 'Which shards to list: Type=..., with ShardId or Timestamp when the type needs one.',
      'ShardFilter.Type': `- AT_LATEST: the open shards only.
- AT_TRIM_HORIZON: the shards open at the oldest record kept.
- FROM_TRIM_HORIZON (the default): every shard with records still kept.
- AFTER_SHARD_ID: the shards after ShardId.
- AT_TIMESTAMP: the shards open at Timestamp.
- FROM_TIMESTAMP: the shards open at or after Timestamp.`,
      'ShardFilter.ShardId': 'For AFTER_SHARD_ID.',
      'ShardFilter.Timestamp': 'For AT_TIMESTAMP and FROM_TIMESTAMP.',
    },
    output: { ...SHARD_FIELDS, NextToken: 'Only with --max-items, when more remain: pass it to --starting-token.' },
    examples: [
      { title: "To list a stream's shards", setup: STREAM, command: 'awsmsg kinesis list-shards --stream-name trucks' },
      {
        title: 'To list only the open shards after a split, as a table',
        setup: [...ONE_SHARD, 'awsmsg kinesis split-shard --stream-name trucks --shard-to-split shardId-000000000000 --new-starting-hash-key 170141183460469231731687303715884105728', 'awsmsg clock advance 2s'],
        command: "awsmsg kinesis list-shards --stream-name trucks --shard-filter Type=AT_LATEST --query 'Shards[].[ShardId, ParentShardId]' --output text",
      },
    ],
  },
  ListStreamConsumers: {
    description: "Lists the enhanced fan-out consumers registered with a stream, with their status.",
    options: {
      StreamARN: "The stream's ARN.",
      StreamCreationTimestamp: 'The stream\'s creation time, to tell apart streams of the same name created one after another.',
      StreamId: STREAM_ID,
    },
    output: {
      Consumers: 'The consumers.',
      ...prefixed('Consumers', CONSUMER_FIELDS),
      NextToken: 'Only with --max-items, when more remain: pass it to --starting-token.',
    },
    examples: [{ title: "To list a stream's consumers", setup: CONSUMER, command: `awsmsg kinesis list-stream-consumers --stream-arn ${ARN}` }],
  },
  ListStreams: {
    description: "Lists the account's streams in the region: their names, and a summary of each (ARN, status, capacity mode, creation time).",
    options: {},
    output: {
      StreamNames: 'The streams\' names, in order.',
      StreamSummaries: 'Per stream: StreamName, StreamARN, StreamStatus, StreamModeDetails, StreamCreationTimestamp.',
      HasMoreStreams: 'Absent: the AWS CLI pages through every stream and drops it.',
      NextToken: 'Only with --max-items, when more remain: pass it to --starting-token.',
    },
    examples: [
      {
        title: 'To list stream names',
        setup: [...STREAM, 'awsmsg kinesis create-stream --stream-name clicks --shard-count 1'],
        command: 'awsmsg kinesis list-streams --query StreamNames',
      },
    ],
  },
  ListTagsForResource: {
    description: 'Shows the tags on a stream or an enhanced fan-out consumer, by its ARN.',
    options: { ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID },
    output: { Tags: 'The tags, each a Key and a Value.' },
    examples: [
      {
        title: "To list a stream's tags",
        setup: [...STREAM, 'awsmsg kinesis add-tags-to-stream --stream-name trucks --tags team=fleet'],
        command: `awsmsg kinesis list-tags-for-resource --resource-arn ${ARN}`,
      },
    ],
  },
  ListTagsForStream: {
    description: 'Shows the tags on a stream, by name or ARN, a page at a time (the AWS CLI does not page it for you).',
    options: {
      ...STREAM_TARGET,
      ExclusiveStartTagKey: 'List the tags after this key (the last key of the previous page).',
      Limit: 'At most how many tags: 1 to 50. HasMoreTags says whether more remain.',
    },
    output: { Tags: 'The tags, each a Key and a Value.', HasMoreTags: 'true when more tags remain after these.' },
    examples: [
      {
        title: "To list a stream's tags",
        setup: [...STREAM, 'awsmsg kinesis add-tags-to-stream --stream-name trucks --tags team=fleet,env=dev'],
        command: 'awsmsg kinesis list-tags-for-stream --stream-name trucks',
      },
    ],
  },
  MergeShards: {
    description: `Merges two adjacent shards (their hash key ranges touch) into one, to lower a provisioned stream's capacity and cost. Both parents close; the new child takes their keys. Readers finish the parents before reading the child, as the KCL does. The stream is UPDATING for 2 seconds of the clock.`,
    options: {
      ...STREAM_TARGET,
      ShardToMerge: 'One of the two shards.',
      AdjacentShardToMerge: 'The other: its hash key range must touch the first one\'s.',
    },
    examples: [
      {
        title: 'To merge the two shards of a stream',
        setup: STREAM,
        command: "awsmsg kinesis merge-shards --stream-name trucks --shard-to-merge shardId-000000000000 --adjacent-shard-to-merge shardId-000000000001 && awsmsg clock advance 2s > /dev/null && awsmsg kinesis list-shards --stream-name trucks --shard-filter Type=AT_LATEST --query 'Shards[].[ShardId, ParentShardId, AdjacentParentShardId]' --output text",
      },
    ],
  },
  PutRecord: {
    description: `Writes one record to a stream. The partition key decides the shard: its MD5, read as a 128-bit number, falls in one shard's hash key range. So records with the same key always go to the same shard, in order, and a reader of that shard sees them in the order they were put. Choose keys with many values (a truck id, a user id) to spread load over the shards.

Each shard takes 1 MiB or 1,000 records a second; beyond that the put fails with ProvisionedThroughputExceededException (on the clock here; awsmsg kinesis throughput-enforcement off lifts it). The stream must be ACTIVE.`,
    options: {
      ...STREAM_TARGET,
      Data: 'The record\'s data, up to 1 MiB with the partition key (or the stream\'s MaxRecordSizeInKiB). As with the AWS CLI v2, base64 text unless --cli-binary-format raw-in-base64-out (then the text itself); fileb://FILE takes a file\'s bytes.',
      PartitionKey: 'Decides the shard (see above): 1 to 256 characters of Unicode.',
      ExplicitHashKey: 'A hash key to use instead of the partition key\'s MD5: a decimal number from 0 to 2^128 - 1, which picks the shard whose range holds it.',
      SequenceNumberForOrdering: 'The sequence number of the previous record you put with the same partition key: this record then gets a greater one, even across retries. Without it, records are ordered by arrival.',
    },
    output: {
      ShardId: 'The shard the record went to.',
      SequenceNumber: "The record's sequence number in that shard, a large decimal number.",
      EncryptionType: 'KMS when the stream encrypts records; absent otherwise.',
    },
    examples: [
      { title: 'To put a record as text', setup: STREAM, command: PUT('truck-42', '{"lat": 52.52, "lon": 13.40}') },
      {
        title: 'To put base64 data',
        setup: STREAM,
        command: `awsmsg kinesis put-record --stream-name trucks --partition-key truck-7 --data "$(echo -n '{"lat": 48.85, "lon": 2.35}' | base64)"`,
      },
    ],
  },
  PutRecords: {
    description: `Writes up to 500 records in one call (5 MiB in all, or 10 MiB on streams that take records over 1 MiB), each with its own partition key. Much faster than put-record in a loop. Records can fail one by one (a shard over its limits) while the rest succeed: FailedRecordCount says how many, and each failed entry of Records has an ErrorCode. Retry just those.`,
    options: {
      Records: 'The records, 1 to 500.',
      'Records.Data': 'The record\'s data (base64, or the text itself with --cli-binary-format raw-in-base64-out); up to 1 MiB with its partition key.',
      'Records.ExplicitHashKey': 'A hash key to use instead of the partition key\'s MD5 (0 to 2^128 - 1).',
      'Records.PartitionKey': 'Decides the record\'s shard: 1 to 256 characters.',
      ...STREAM_TARGET,
    },
    output: {
      FailedRecordCount: 'How many records failed (0 when all went in).',
      Records: 'One result per record, in the order given.',
      'Records.SequenceNumber': 'The record\'s sequence number, when it went in.',
      'Records.ShardId': 'Its shard, when it went in.',
      'Records.ErrorCode': 'Why it failed: ProvisionedThroughputExceededException or InternalFailure.',
      'Records.ErrorMessage': 'The details.',
      EncryptionType: 'KMS when the stream encrypts records.',
    },
    examples: [
      {
        title: 'To put three records in one call',
        setup: STREAM,
        command: 'awsmsg kinesis put-records --stream-name trucks --cli-binary-format raw-in-base64-out --records PartitionKey=truck-1,Data=a PartitionKey=truck-2,Data=b PartitionKey=truck-3,Data=c',
      },
    ],
  },
  PutResourcePolicy: {
    description: 'Attaches a resource-based policy to a stream or consumer: an IAM policy document saying which other accounts or roles may use it. awsmsg checks and stores it but does not enforce it (there are no credentials here).',
    options: { ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID, Policy: 'The policy document, as JSON text.' },
    examples: [
      {
        title: 'To let another account read a stream',
        setup: STREAM,
        command: `awsmsg kinesis put-resource-policy --resource-arn ${ARN} --policy '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary", "kinesis:ListShards"], "Resource": "${ARN}"}]}'`,
      },
    ],
  },
  RegisterStreamConsumer: {
    description: `Registers an enhanced fan-out consumer: a reader with its own 2 MiB a second per shard, pushed to it by subscribe-to-shard instead of polled with get-records, so that many applications can read one stream without sharing its read limits. A stream has at most 20. The consumer is CREATING for 2 seconds of the clock, then ACTIVE.`,
    options: {
      StreamARN: "The stream's ARN.",
      ConsumerName: CONSUMER_NAME,
      StreamId: STREAM_ID,
      Tags: TAGS_MAP,
    },
    output: { Consumer: 'The new consumer.', ...prefixed('Consumer', CONSUMER_FIELDS) },
    examples: [
      { title: 'To register a consumer', setup: STREAM, command: `awsmsg kinesis register-stream-consumer --stream-arn ${ARN} --consumer-name dashboard` },
    ],
  },
  RemoveTagsFromStream: {
    description: 'Removes tags from a stream, by key. Keys the stream does not have are ignored.',
    options: { ...STREAM_TARGET, TagKeys: 'The keys of the tags to remove (1 to 50).' },
    examples: [
      {
        title: 'To remove a tag',
        setup: [...STREAM, 'awsmsg kinesis add-tags-to-stream --stream-name trucks --tags team=fleet,env=dev'],
        command: 'awsmsg kinesis remove-tags-from-stream --stream-name trucks --tag-keys env',
      },
    ],
  },
  SplitShard: {
    description: `Splits a shard in two at a hash key, to add capacity where it is needed (a hot shard). The parent closes; one child takes the hash keys below the split point, the other the rest. Readers finish the parent before reading the children. The stream is UPDATING for 2 seconds of the clock. update-shard-count does uniform splits and merges for a whole stream.`,
    options: {
      ...STREAM_TARGET,
      ShardToSplit: 'The shard to split.',
      NewStartingHashKey: "Where the second child starts: a decimal hash key strictly inside the parent's range (its middle, for two even halves: the shard's StartingHashKey plus half its range).",
    },
    examples: [
      {
        title: 'To split a shard in two halves',
        setup: ONE_SHARD,
        command: "awsmsg kinesis split-shard --stream-name trucks --shard-to-split shardId-000000000000 --new-starting-hash-key 170141183460469231731687303715884105728 && awsmsg clock advance 2s > /dev/null && awsmsg kinesis list-shards --stream-name trucks --query 'Shards[].[ShardId, HashKeyRange.StartingHashKey, HashKeyRange.EndingHashKey]' --output text",
        note: 'shardId-000000000000 is closed now; the two children share its hash keys.',
      },
    ],
  },
  StartStreamEncryption: {
    description: 'Turns on server-side encryption of new records with a KMS key. The stream is UPDATING for 2 seconds of the clock; records put after that carry EncryptionType KMS. awsmsg records the setting but stores records unencrypted.',
    options: { ...STREAM_TARGET, EncryptionType: 'KMS.', KeyId: ENCRYPTION_KEY },
    examples: [
      {
        title: 'To encrypt with the key Kinesis owns',
        setup: STREAM,
        command: 'awsmsg kinesis start-stream-encryption --stream-name trucks --encryption-type KMS --key-id alias/aws/kinesis',
      },
    ],
  },
  StopStreamEncryption: {
    description: 'Turns server-side encryption off for new records (records already written stay as they are). The stream is UPDATING for 2 seconds of the clock.',
    options: { ...STREAM_TARGET, EncryptionType: 'KMS.', KeyId: 'The key the stream encrypts with now.' },
    examples: [
      {
        title: 'To stop encrypting',
        setup: [...STREAM, 'awsmsg kinesis start-stream-encryption --stream-name trucks --encryption-type KMS --key-id alias/aws/kinesis', 'awsmsg clock advance 2s'],
        command: 'awsmsg kinesis stop-stream-encryption --stream-name trucks --encryption-type KMS --key-id alias/aws/kinesis',
      },
    ],
  },
  SubscribeToShard: {
    description: `Subscribes an enhanced fan-out consumer to one shard: records are pushed as they arrive, as a series of events, for 5 minutes (then subscribe again from the last ContinuationSequenceNumber). awsmsg prints each event as it comes, until the 5 minutes (of the clock) are up or Ctrl-C. An event with no records comes at least every 5 seconds.

The consumer gets up to 2 MiB a second from the shard, whatever other readers do. A second subscription of the same consumer to the same shard within 5 seconds is refused.`,
    options: {
      ConsumerARN: 'The consumer\'s ARN (register-stream-consumer); it must be ACTIVE.',
      StreamId: STREAM_ID,
      ShardId: 'The shard to read.',
      StartingPosition: 'Where to start: Type=TRIM_HORIZON, Type=LATEST, Type=AT_SEQUENCE_NUMBER,SequenceNumber=N, Type=AFTER_SEQUENCE_NUMBER,SequenceNumber=N, or Type=AT_TIMESTAMP,Timestamp=T (as get-shard-iterator\'s types).',
      'StartingPosition.Type': 'TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP.',
      'StartingPosition.SequenceNumber': 'For AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER.',
      'StartingPosition.Timestamp': 'For AT_TIMESTAMP.',
    },
    output: {
      EventStream: 'Printed one event at a time, each a SubscribeToShardEvent.',
      'EventStream.SubscribeToShardEvent': 'Records (as get-records returns them), ContinuationSequenceNumber (where to subscribe again from), MillisBehindLatest, and ChildShards at the end of a closed shard.',
    },
    examples: [
      {
        title: 'To read a shard as it is written, stopping after the first event',
        setup: [
          ...CONSUMER,
          CONSUMER_ARN,
          PUT('truck-42', 'first'),
        ],
        command: `awsmsg kinesis subscribe-to-shard --consumer-arn "$C" --shard-id shardId-000000000001 --starting-position Type=TRIM_HORIZON --query 'SubscribeToShardEvent.Records[].[PartitionKey, Data]' | head -n 6`,
        note: 'subscribe-to-shard prints one result per event; head takes the first (the record put before) and ends the command at the next event, at most 5 seconds later.',
      },
    ],
  },
  TagResource: {
    description: 'Adds tags to a stream or an enhanced fan-out consumer, by its ARN, or changes the value of tags it has.',
    options: { Tags: TAGS_MAP, ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID },
    examples: [{ title: 'To tag a stream by ARN', setup: STREAM, command: `awsmsg kinesis tag-resource --resource-arn ${ARN} --tags team=fleet` }],
  },
  UntagResource: {
    description: 'Removes tags from a stream or an enhanced fan-out consumer, by key. Keys it does not have are ignored.',
    options: { TagKeys: 'The keys of the tags to remove (1 to 50).', ResourceARN: RESOURCE_ARN, StreamId: STREAM_ID },
    examples: [
      {
        title: 'To remove a tag by ARN',
        setup: [...STREAM, `awsmsg kinesis tag-resource --resource-arn ${ARN} --tags team=fleet,env=dev`],
        command: `awsmsg kinesis untag-resource --resource-arn ${ARN} --tag-keys env`,
      },
    ],
  },
  UpdateAccountSettings: {
    description: "Changes the account's Kinesis settings: turns the minimum throughput billing commitment on or off. On-demand streams can have warm throughput (create-stream --warm-throughput-mi-bps, update-stream-warm-throughput) only while it is on. Once on, it cannot be turned off for 24 hours (EarliestAllowedEndAt).",
    options: {
      MinimumThroughputBillingCommitment: 'Status=ENABLED or Status=DISABLED.',
      'MinimumThroughputBillingCommitment.Status': 'ENABLED or DISABLED.',
    },
    output: { MinimumThroughputBillingCommitment: 'The commitment as it now is: Status, StartedAt, EarliestAllowedEndAt (and EndedAt once ended).' },
    examples: [{ title: 'To turn the commitment on', command: 'awsmsg kinesis update-account-settings --minimum-throughput-billing-commitment Status=ENABLED' }],
  },
  UpdateMaxRecordSize: {
    description: 'Changes the largest record a stream takes, from 1 MiB (the default) up to 10 MiB. Streams that take records over 1 MiB take 10 MiB per put-records call.',
    options: {
      StreamARN: "The stream's ARN.",
      StreamId: STREAM_ID,
      MaxRecordSizeInKiB: 'The largest record, in KiB: 1,024 to 10,240.',
    },
    examples: [
      {
        title: 'To take records of up to 4 MiB',
        setup: STREAM,
        command: `awsmsg kinesis update-max-record-size --stream-arn ${ARN} --max-record-size-in-ki-b 4096`,
      },
    ],
  },
  UpdateShardCount: {
    description: `Scales a provisioned stream to a new number of shards, splitting or merging them evenly (UNIFORM_SCALING). In one call the count can at most double or halve; a stream can be scaled 10 times a day. The stream is UPDATING for 2 seconds of the clock, and keeps taking and serving records meanwhile.`,
    options: {
      ...STREAM_TARGET,
      TargetShardCount: 'The new number of shards: from half to double the current count, at most 10,000 per stream, within the account\'s shard limit.',
      ScalingType: 'UNIFORM_SCALING: shards of equal hash key ranges.',
    },
    output: {
      StreamName: 'The stream.',
      CurrentShardCount: 'Its shard count before the call.',
      TargetShardCount: 'The count it is scaling to.',
      StreamARN: "The stream's ARN.",
    },
    examples: [
      {
        title: 'To double a stream\'s shards',
        setup: STREAM,
        command: 'awsmsg kinesis update-shard-count --stream-name trucks --target-shard-count 4 --scaling-type UNIFORM_SCALING',
      },
    ],
  },
  UpdateStreamMode: {
    description: 'Switches a stream between provisioned (you choose the shards) and on-demand (Kinesis does) capacity. A stream can switch twice a day. The stream is UPDATING for 2 seconds of the clock.',
    options: {
      StreamARN: "The stream's ARN.",
      StreamId: STREAM_ID,
      StreamModeDetails: 'StreamMode=ON_DEMAND or StreamMode=PROVISIONED.',
      'StreamModeDetails.StreamMode': 'PROVISIONED or ON_DEMAND.',
      WarmThroughputMiBps: 'When switching to on-demand, in accounts with the minimum throughput billing commitment on: the write throughput to keep ready, in MiB a second.',
    },
    examples: [
      {
        title: 'To make a stream on-demand',
        setup: STREAM,
        command: `awsmsg kinesis update-stream-mode --stream-arn ${ARN} --stream-mode-details StreamMode=ON_DEMAND`,
      },
    ],
  },
  UpdateStreamWarmThroughput: {
    description: 'Sets how much write throughput an on-demand stream keeps ready for a sudden burst, in MiB a second. Needs the minimum throughput billing commitment on (update-account-settings). Recorded; awsmsg\'s on-demand streams do not scale.',
    options: {
      StreamARN: STREAM_ARN,
      StreamName: STREAM_NAME,
      StreamId: STREAM_ID,
      WarmThroughputMiBps: 'The write throughput to keep ready, in MiB a second (0 or more).',
    },
    output: {
      StreamARN: "The stream's ARN.",
      StreamName: 'The stream.',
      WarmThroughput: 'TargetMiBps, what was asked for now, and CurrentMiBps, the warm throughput the stream had before (absent the first time).',
    },
    examples: [
      {
        title: 'To keep 100 MiB/s ready on an on-demand stream',
        setup: [
          'awsmsg kinesis update-account-settings --minimum-throughput-billing-commitment Status=ENABLED',
          'awsmsg kinesis create-stream --stream-name clicks --stream-mode-details StreamMode=ON_DEMAND',
          'awsmsg clock advance 2s',
        ],
        command: 'awsmsg kinesis update-stream-warm-throughput --stream-name clicks --warm-throughput-mi-bps 100',
      },
    ],
  },
};

export const help: ServiceHelp = {
  about: `A stream keeps records, in order, for a while (24 hours by default, up to a year), and any number of readers can read them, each at its own pace, again if they like. Producers put records with a partition key; the key picks the shard, so records of one key stay in order. Readers read shards with get-shard-iterator and get-records, or are pushed records with enhanced fan-out (register-stream-consumer, subscribe-to-shard), or share the shards of a stream through a lease table as the Kinesis Client Library does (awsmsg kinesis consume).

Use Kinesis for ordered, replayable streams of events: clicks, sensor readings, change logs. A shard takes 1 MiB or 1,000 records a second in and gives 2 MiB a second out; awsmsg enforces these limits on the clock, as AWS does.`,
  pages,
  waiters: {
    StreamExists: {
      description: 'Waits until a stream is ACTIVE, so that it takes records: right after create-stream (or a reshard) it is CREATING (UPDATING) for a while.',
      examples: [
        {
          title: 'To wait for a new stream',
          setup: ['awsmsg kinesis create-stream --stream-name trucks --shard-count 2'],
          command: 'awsmsg kinesis wait stream-exists --stream-name trucks && echo ready',
        },
      ],
    },
    StreamNotExists: {
      description: 'Waits until a deleted stream is gone: after delete-stream it is DELETING for a while, and its name cannot be used again until then.',
      examples: [
        {
          title: 'To wait for a stream to be deleted',
          setup: [...STREAM, 'awsmsg kinesis delete-stream --stream-name trucks'],
          command: 'awsmsg kinesis wait stream-not-exists --stream-name trucks && echo gone',
        },
      ],
    },
  },
};

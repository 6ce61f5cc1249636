/**
 * Kinesis Data Streams: the operation layer. `handlers` maps every operation of the
 * kinesis 2013-12-02 model to a function taking the AWS request shape and returning the AWS
 * response shape (Buffers for blobs, Dates for timestamps). SubscribeToShard returns
 * { EventStream: AsyncIterable<{ SubscribeToShardEvent }> }; subscribeToShard() is the same
 * with an AbortSignal.
 */
import type { HandlerTable } from '../../core/context.js';
import {
  deregisterStreamConsumer,
  describeStreamConsumer,
  listStreamConsumers,
  registerStreamConsumer,
} from './consumers.js';
import { getRecords, getShardIterator, putRecord, putRecords } from './records.js';
import { listShards, mergeShards, splitShard, updateShardCount } from './shards.js';
import {
  createStream,
  decreaseStreamRetentionPeriod,
  deleteStream,
  describeAccountSettings,
  describeLimits,
  describeStream,
  describeStreamSummary,
  disableEnhancedMonitoring,
  enableEnhancedMonitoring,
  increaseStreamRetentionPeriod,
  listStreams,
  startStreamEncryption,
  stopStreamEncryption,
  updateAccountSettings,
  updateMaxRecordSize,
  updateStreamMode,
  updateStreamWarmThroughput,
} from './streams.js';
import { subscribeToShard } from './subscribe.js';
import {
  addTagsToStream,
  deleteResourcePolicy,
  getResourcePolicy,
  listTagsForResource,
  listTagsForStream,
  putResourcePolicy,
  removeTagsFromStream,
  tagResource,
  untagResource,
} from './tags.js';

/** The service's operations, by AWS operation name. */
export const handlers: HandlerTable = {
  AddTagsToStream: addTagsToStream,
  CreateStream: createStream,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  DeleteResourcePolicy: deleteResourcePolicy,
  DeleteStream: deleteStream,
  DeregisterStreamConsumer: deregisterStreamConsumer,
  DescribeAccountSettings: describeAccountSettings,
  DescribeLimits: describeLimits,
  DescribeStream: describeStream,
  DescribeStreamConsumer: describeStreamConsumer,
  DescribeStreamSummary: describeStreamSummary,
  DisableEnhancedMonitoring: disableEnhancedMonitoring,
  EnableEnhancedMonitoring: enableEnhancedMonitoring,
  GetRecords: getRecords,
  GetResourcePolicy: getResourcePolicy,
  GetShardIterator: getShardIterator,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  ListShards: listShards,
  ListStreamConsumers: listStreamConsumers,
  ListStreams: listStreams,
  ListTagsForResource: listTagsForResource,
  ListTagsForStream: listTagsForStream,
  MergeShards: mergeShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  PutResourcePolicy: putResourcePolicy,
  RegisterStreamConsumer: registerStreamConsumer,
  RemoveTagsFromStream: removeTagsFromStream,
  SplitShard: splitShard,
  StartStreamEncryption: startStreamEncryption,
  StopStreamEncryption: stopStreamEncryption,
  SubscribeToShard: (ctx, input) => ({ EventStream: subscribeToShard(ctx, input) }),
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAccountSettings: updateAccountSettings,
  UpdateMaxRecordSize: updateMaxRecordSize,
  UpdateShardCount: updateShardCount,
  UpdateStreamMode: updateStreamMode,
  UpdateStreamWarmThroughput: updateStreamWarmThroughput,
};

export { subscribeToShard } from './subscribe.js';
export type { SubscribeToShardEvent, SubscribeToShardEventMessage, SubscribeOptions } from './subscribe.js';
export { setThroughputEnforcement, isThroughputEnforced, throttledCalls, shardActivity, THROTTLE_KEEP_MS, type ShardActivity } from './throughput.js';
export { streamRecordCount } from './records.js';
export { LIFECYCLE_MS } from './constants.js';

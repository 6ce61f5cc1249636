/**
 * The Kinesis operations the consumer uses, called through the operation layer's handler
 * table with AWS's request and response shapes, as any client of the service would.
 */
import type { Ctx } from '../core/context.js';
import { asOperation, AwsError } from '../core/errors.js';
import { handlers, subscribeToShard as pushEvents, type SubscribeToShardEventMessage } from '../services/kinesis/index.js';

export interface ShardDescription {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

export interface ChildShard {
  ShardId: string;
  ParentShards: string[];
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
}

export interface KinesisRecord {
  SequenceNumber: string;
  ApproximateArrivalTimestamp: Date;
  Data: Buffer;
  PartitionKey: string;
}

export interface GetRecordsOutput {
  Records: KinesisRecord[];
  NextShardIterator?: string;
  MillisBehindLatest: number;
  ChildShards?: ChildShard[];
}

export interface StreamSummary {
  StreamName: string;
  StreamARN: string;
  StreamStatus: string;
  StreamCreationTimestamp: Date;
}

export type IteratorPosition =
  | { ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' }
  | { ShardIteratorType: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; StartingSequenceNumber: string }
  | { ShardIteratorType: 'AT_TIMESTAMP'; Timestamp: Date };

function call<T>(ctx: Ctx, operation: string, input: Record<string, unknown>): T {
  // an error the worker cannot handle reaches the user naming the operation that failed
  return asOperation(operation, () => handlers[operation]!(ctx, input) as T);
}

export function describeStreamSummary(ctx: Ctx, streamName: string): StreamSummary {
  return call<{ StreamDescriptionSummary: StreamSummary }>(ctx, 'DescribeStreamSummary', { StreamName: streamName }).StreamDescriptionSummary;
}

/** Every shard of the stream (ListShards, page by page). */
export function listAllShards(ctx: Ctx, streamName: string): ShardDescription[] {
  const shards: ShardDescription[] = [];
  let input: Record<string, unknown> = { StreamName: streamName };
  for (;;) {
    const page = call<{ Shards: ShardDescription[]; NextToken?: string }>(ctx, 'ListShards', input);
    shards.push(...page.Shards);
    if (!page.NextToken) return shards;
    input = { NextToken: page.NextToken };
  }
}

export function getShardIterator(ctx: Ctx, streamName: string, shardId: string, position: IteratorPosition): string {
  return call<{ ShardIterator: string }>(ctx, 'GetShardIterator', { StreamName: streamName, ShardId: shardId, ...position }).ShardIterator;
}

export function getRecords(ctx: Ctx, shardIterator: string, limit: number): GetRecordsOutput {
  return call<GetRecordsOutput>(ctx, 'GetRecords', { ShardIterator: shardIterator, Limit: limit });
}

export interface ConsumerDescription {
  ConsumerName: string;
  ConsumerARN: string;
  ConsumerStatus: string;
  StreamARN: string;
}

/** The stream consumer of this name, or undefined when there is none. */
export function describeStreamConsumer(ctx: Ctx, streamArn: string, consumerName: string): ConsumerDescription | undefined {
  try {
    return call<{ ConsumerDescription: ConsumerDescription }>(ctx, 'DescribeStreamConsumer', { StreamARN: streamArn, ConsumerName: consumerName })
      .ConsumerDescription;
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

export function describeStreamConsumerByArn(ctx: Ctx, consumerArn: string): ConsumerDescription {
  return call<{ ConsumerDescription: ConsumerDescription }>(ctx, 'DescribeStreamConsumer', { ConsumerARN: consumerArn }).ConsumerDescription;
}

export function registerStreamConsumer(ctx: Ctx, streamArn: string, consumerName: string): void {
  call(ctx, 'RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: consumerName });
}

/** The stream's consumers (ListStreamConsumers, page by page). */
export function listStreamConsumers(ctx: Ctx, streamArn: string): { ConsumerName: string; ConsumerARN: string }[] {
  const out: { ConsumerName: string; ConsumerARN: string }[] = [];
  let input: Record<string, unknown> = { StreamARN: streamArn };
  for (;;) {
    const page = call<{ Consumers: { ConsumerName: string; ConsumerARN: string }[]; NextToken?: string }>(ctx, 'ListStreamConsumers', input);
    out.push(...page.Consumers);
    if (!page.NextToken) return out;
    input = { StreamARN: streamArn, NextToken: page.NextToken };
  }
}

export type StartingPosition =
  | { Type: 'TRIM_HORIZON' | 'LATEST' }
  | { Type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string }
  | { Type: 'AT_TIMESTAMP'; Timestamp: Date };

/** SubscribeToShard's events (its errors are thrown by this call, before any event). */
export function subscribeToShard(
  ctx: Ctx,
  consumerArn: string,
  shardId: string,
  position: StartingPosition,
  signal: AbortSignal,
): AsyncIterable<SubscribeToShardEventMessage> {
  return asOperation('SubscribeToShard', () => pushEvents(ctx, { ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: position }, signal));
}

/**
 * The Kinesis operations the consumer uses, called through callOperation with AWS's request
 * and response shapes, as any client of the service would: on the state file, or on a remote
 * stream when the context has a target (the lease table stays in the local state file).
 */
import { callOperation } from '../core/call.js';
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

async function call<T>(ctx: Ctx, operation: string, input: Record<string, unknown>): Promise<T> {
  return (await callOperation(ctx, 'kinesis', operation, input)) as T;
}

export async function describeStreamSummary(ctx: Ctx, streamName: string): Promise<StreamSummary> {
  return (await call<{ StreamDescriptionSummary: StreamSummary }>(ctx, 'DescribeStreamSummary', { StreamName: streamName })).StreamDescriptionSummary;
}

/** Every shard of the stream (ListShards, page by page). */
export async function listAllShards(ctx: Ctx, streamName: string): Promise<ShardDescription[]> {
  const shards: ShardDescription[] = [];
  let input: Record<string, unknown> = { StreamName: streamName };
  for (;;) {
    const page = await call<{ Shards: ShardDescription[]; NextToken?: string }>(ctx, 'ListShards', input);
    shards.push(...page.Shards);
    if (!page.NextToken) return shards;
    input = { NextToken: page.NextToken };
  }
}

export async function getShardIterator(ctx: Ctx, streamName: string, shardId: string, position: IteratorPosition): Promise<string> {
  return (await call<{ ShardIterator: string }>(ctx, 'GetShardIterator', { StreamName: streamName, ShardId: shardId, ...position })).ShardIterator;
}

export function getRecords(ctx: Ctx, shardIterator: string, limit: number): Promise<GetRecordsOutput> {
  return call<GetRecordsOutput>(ctx, 'GetRecords', { ShardIterator: shardIterator, Limit: limit });
}

/**
 * GetRecords on the state file, synchronously: for a read made inside the lease table's
 * transaction (the handler callOperation would run, called directly so that no await splits
 * the transaction).
 */
export function getRecordsNow(ctx: Ctx, shardIterator: string, limit: number): GetRecordsOutput {
  return handlers.GetRecords!(ctx, { ShardIterator: shardIterator, Limit: limit }) as GetRecordsOutput;
}

export interface ConsumerDescription {
  ConsumerName: string;
  ConsumerARN: string;
  ConsumerStatus: string;
  StreamARN: string;
}

/** The stream consumer of this name, or undefined when there is none. */
export async function describeStreamConsumer(ctx: Ctx, streamArn: string, consumerName: string): Promise<ConsumerDescription | undefined> {
  try {
    return (await call<{ ConsumerDescription: ConsumerDescription }>(ctx, 'DescribeStreamConsumer', { StreamARN: streamArn, ConsumerName: consumerName }))
      .ConsumerDescription;
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

export async function describeStreamConsumerByArn(ctx: Ctx, consumerArn: string): Promise<ConsumerDescription> {
  return (await call<{ ConsumerDescription: ConsumerDescription }>(ctx, 'DescribeStreamConsumer', { ConsumerARN: consumerArn })).ConsumerDescription;
}

export async function registerStreamConsumer(ctx: Ctx, streamArn: string, consumerName: string): Promise<void> {
  await call(ctx, 'RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: consumerName });
}

/** The stream's consumers (ListStreamConsumers, page by page). */
export async function listStreamConsumers(ctx: Ctx, streamArn: string): Promise<{ ConsumerName: string; ConsumerARN: string }[]> {
  const out: { ConsumerName: string; ConsumerARN: string }[] = [];
  let input: Record<string, unknown> = { StreamARN: streamArn };
  for (;;) {
    const page = await call<{ Consumers: { ConsumerName: string; ConsumerARN: string }[]; NextToken?: string }>(ctx, 'ListStreamConsumers', input);
    out.push(...page.Consumers);
    if (!page.NextToken) return out;
    input = { StreamARN: streamArn, NextToken: page.NextToken };
  }
}

export type StartingPosition =
  | { Type: 'TRIM_HORIZON' | 'LATEST' }
  | { Type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string }
  | { Type: 'AT_TIMESTAMP'; Timestamp: Date };

/**
 * SubscribeToShard's events. Locally its errors are thrown by this call, before any event;
 * from a remote stream, by the first step of the iteration (the HTTP call).
 */
export function subscribeToShard(
  ctx: Ctx,
  consumerArn: string,
  shardId: string,
  position: StartingPosition,
  signal: AbortSignal,
): AsyncIterable<SubscribeToShardEventMessage> {
  const input = { ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: position };
  if (!ctx.target) return asOperation('SubscribeToShard', () => pushEvents(ctx, input, signal));
  return remoteEvents(Object.create(ctx, { signal: { value: signal } }) as Ctx, input);
}

async function* remoteEvents(ctx: Ctx, input: Record<string, unknown>): AsyncGenerator<SubscribeToShardEventMessage> {
  const out = await callOperation(ctx, 'kinesis', 'SubscribeToShard', input);
  const events = out.EventStream as AsyncIterable<SubscribeToShardEventMessage> | undefined;
  if (events) yield* events;
}

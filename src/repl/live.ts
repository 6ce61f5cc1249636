/**
 * Identifiers that exist in the state file right now, read through the services' own
 * operations (ListQueues, ListTopics, ListStreams, ListShards, ...), never their tables:
 * for completion, the guide's pickers and the status dashboard.
 */
import type { Ctx } from '../core/context.js';
import type { ServiceName } from '../model/types.js';
import { callOperation } from '../core/call.js';

export type IdKind =
  | 'queueUrl'
  | 'queueName'
  | 'queueArn'
  | 'topicArn'
  | 'subscriptionArn'
  | 'streamName'
  | 'streamArn'
  | 'shardId'
  | 'consumerName'
  | 'consumerArn';

/** Which identifiers an input member takes, by service and member name. */
const MEMBER_KINDS: Record<ServiceName, Record<string, IdKind[]>> = {
  sqs: {
    QueueUrl: ['queueUrl'],
    QueueName: ['queueName'],
    QueueNamePrefix: ['queueName'],
    SourceArn: ['queueArn'],
    DestinationArn: ['queueArn'],
  },
  sns: {
    TopicArn: ['topicArn'],
    SubscriptionArn: ['subscriptionArn'],
    ResourceArn: ['topicArn'],
    Endpoint: ['queueArn'],
  },
  kinesis: {
    StreamName: ['streamName'],
    StreamARN: ['streamArn'],
    ShardId: ['shardId'],
    ShardToSplit: ['shardId'],
    ShardToMerge: ['shardId'],
    AdjacentShardToMerge: ['shardId'],
    ExclusiveStartShardId: ['shardId'],
    ConsumerName: ['consumerName'],
    ConsumerARN: ['consumerArn'],
    ResourceARN: ['streamArn', 'consumerArn'],
  },
};

export const memberIdKinds = (service: ServiceName, member: string): readonly IdKind[] => MEMBER_KINDS[service][member] ?? [];

/** What the rest of the command line says, for identifiers that live inside something else. */
export interface IdHints {
  streamName?: string;
  streamArn?: string;
  topicArn?: string;
}

/** By default, stop listing after this many: completion lists and pickers stay short and quick. */
const LIMIT = 200;

type Rec = Record<string, unknown>;


/** Every page of a NextToken-paged list operation, up to `limit` items. */
async function pages(ctx: Ctx, service: ServiceName, op: string, input: Rec, key: string, limit = LIMIT): Promise<Rec[] | unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await callOperation(ctx, service, op, token ? { ...input, NextToken: token } : input);
    items.push(...((page[key] as unknown[] | undefined) ?? []));
    token = page.NextToken as string | undefined;
  } while (token && items.length < limit);
  return items.slice(0, limit);
}

/** The region's queue URLs, the first `limit` of them (Infinity: all). */
export async function queueUrls(ctx: Ctx, limit = LIMIT): Promise<string[]> {
  return (await pages(ctx, 'sqs', 'ListQueues', { MaxResults: 1000 }, 'QueueUrls', limit)) as string[];
}

export const queueNameOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

export async function queueArns(ctx: Ctx): Promise<string[]> {
  const out: string[] = [];
  for (const url of await queueUrls(ctx)) {
    const r = await callOperation(ctx, 'sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] });
    const arn = (r.Attributes as Rec | undefined)?.QueueArn;
    if (typeof arn === 'string') out.push(arn);
  }
  return out;
}

/** The region's topic ARNs, the first `limit` of them (Infinity: all). */
export async function topicArns(ctx: Ctx, limit = LIMIT): Promise<string[]> {
  return ((await pages(ctx, 'sns', 'ListTopics', {}, 'Topics', limit)) as Rec[]).map((t) => t.TopicArn as string);
}

export async function subscriptionArns(ctx: Ctx, topicArn?: string): Promise<string[]> {
  const subs = (
    topicArn
      ? await pages(ctx, 'sns', 'ListSubscriptionsByTopic', { TopicArn: topicArn }, 'Subscriptions')
      : await pages(ctx, 'sns', 'ListSubscriptions', {}, 'Subscriptions')
  ) as Rec[];
  return subs.map((s) => s.SubscriptionArn as string).filter((a) => a.startsWith('arn:'));
}

/** The region's streams, the first `limit` of them (Infinity: all). */
export async function streamSummaries(ctx: Ctx, limit = LIMIT): Promise<{ name: string; arn: string }[]> {
  const out: { name: string; arn: string }[] = [];
  let token: string | undefined;
  do {
    const page = await callOperation(ctx, 'kinesis', 'ListStreams', token ? { NextToken: token } : {});
    for (const s of (page.StreamSummaries as Rec[] | undefined) ?? []) {
      out.push({ name: s.StreamName as string, arn: s.StreamARN as string });
    }
    token = page.HasMoreStreams ? (page.NextToken as string | undefined) : undefined;
  } while (token && out.length < limit);
  return out;
}

const streamRef = (h: IdHints): Rec | undefined =>
  h.streamArn ? { StreamARN: h.streamArn } : h.streamName ? { StreamName: h.streamName } : undefined;

export async function shardIds(ctx: Ctx, hints: IdHints): Promise<string[]> {
  const ref = streamRef(hints);
  if (!ref) return [];
  return ((await pages(ctx, 'kinesis', 'ListShards', ref, 'Shards')) as Rec[]).map((s) => s.ShardId as string);
}

async function streamArnFor(ctx: Ctx, hints: IdHints): Promise<string | undefined> {
  if (hints.streamArn) return hints.streamArn;
  if (!hints.streamName) return undefined;
  const r = await callOperation(ctx, 'kinesis', 'DescribeStreamSummary', { StreamName: hints.streamName });
  return (r.StreamDescriptionSummary as Rec | undefined)?.StreamARN as string | undefined;
}

export async function consumers(ctx: Ctx, streamArn: string): Promise<{ name: string; arn: string }[]> {
  const list = (await pages(ctx, 'kinesis', 'ListStreamConsumers', { StreamARN: streamArn }, 'Consumers')) as Rec[];
  return list.map((c) => ({ name: c.ConsumerName as string, arn: c.ConsumerARN as string }));
}

/** Identifiers of the given kinds, each list read at this moment; a failing read gives nothing. */
export async function liveIdentifiers(ctx: Ctx, kinds: readonly IdKind[], hints: IdHints = {}): Promise<string[]> {
  const out: string[] = [];
  for (const kind of kinds) {
    try {
      out.push(...(await oneKind(ctx, kind, hints)));
    } catch {
      // an unknown stream, say: nothing to offer
    }
  }
  return out;
}

async function oneKind(ctx: Ctx, kind: IdKind, hints: IdHints): Promise<string[]> {
  switch (kind) {
    case 'queueUrl':
      return queueUrls(ctx);
    case 'queueName':
      return (await queueUrls(ctx)).map(queueNameOf);
    case 'queueArn':
      return queueArns(ctx);
    case 'topicArn':
      return topicArns(ctx);
    case 'subscriptionArn':
      return subscriptionArns(ctx, hints.topicArn);
    case 'streamName':
      return (await streamSummaries(ctx)).map((s) => s.name);
    case 'streamArn':
      return (await streamSummaries(ctx)).map((s) => s.arn);
    case 'shardId':
      return shardIds(ctx, hints);
    case 'consumerName': {
      const arn = await streamArnFor(ctx, hints);
      return arn ? (await consumers(ctx, arn)).map((c) => c.name) : [];
    }
    case 'consumerArn': {
      const arn = await streamArnFor(ctx, hints);
      const streams = arn ? [arn] : (await streamSummaries(ctx)).slice(0, 20).map((s) => s.arn);
      const out: string[] = [];
      for (const s of streams) out.push(...(await consumers(ctx, s)).map((c) => c.arn));
      return out;
    }
  }
}

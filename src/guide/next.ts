import type { ServiceName } from '../model/types.js';

/** What usually comes after an operation: the guide offers these first. */
const NEXT: Record<ServiceName, Record<string, string[]>> = {
  sqs: {
    CreateQueue: ['SendMessage', 'GetQueueAttributes', 'SetQueueAttributes'],
    ListQueues: ['GetQueueAttributes', 'SendMessage', 'ReceiveMessage'],
    GetQueueUrl: ['SendMessage', 'ReceiveMessage', 'GetQueueAttributes'],
    SendMessage: ['ReceiveMessage', 'SendMessage', 'GetQueueAttributes'],
    SendMessageBatch: ['ReceiveMessage', 'GetQueueAttributes'],
    ReceiveMessage: ['DeleteMessage', 'ChangeMessageVisibility', 'ReceiveMessage'],
    DeleteMessage: ['ReceiveMessage', 'GetQueueAttributes'],
    ChangeMessageVisibility: ['DeleteMessage', 'ReceiveMessage'],
    GetQueueAttributes: ['SetQueueAttributes', 'ReceiveMessage'],
    SetQueueAttributes: ['GetQueueAttributes'],
    ListDeadLetterSourceQueues: ['StartMessageMoveTask'],
    StartMessageMoveTask: ['ListMessageMoveTasks'],
    ListMessageMoveTasks: ['CancelMessageMoveTask'],
    PurgeQueue: ['GetQueueAttributes'],
    DeleteQueue: ['ListQueues'],
  },
  sns: {
    CreateTopic: ['Subscribe', 'Publish', 'GetTopicAttributes'],
    ListTopics: ['ListSubscriptionsByTopic', 'Publish', 'Subscribe'],
    Subscribe: ['Publish', 'SetSubscriptionAttributes', 'ListSubscriptionsByTopic'],
    Publish: ['Publish', 'ListSubscriptionsByTopic'],
    ListSubscriptionsByTopic: ['GetSubscriptionAttributes', 'Unsubscribe'],
    ListSubscriptions: ['GetSubscriptionAttributes', 'Unsubscribe'],
    GetSubscriptionAttributes: ['SetSubscriptionAttributes'],
    SetSubscriptionAttributes: ['GetSubscriptionAttributes', 'Publish'],
    GetTopicAttributes: ['SetTopicAttributes', 'Subscribe'],
    DeleteTopic: ['ListTopics'],
  },
  kinesis: {
    CreateStream: ['DescribeStreamSummary', 'PutRecord', 'ListShards'],
    ListStreams: ['DescribeStreamSummary', 'ListShards', 'PutRecord'],
    DescribeStreamSummary: ['ListShards', 'PutRecord'],
    PutRecord: ['GetShardIterator', 'PutRecord'],
    PutRecords: ['GetShardIterator'],
    ListShards: ['GetShardIterator', 'SplitShard'],
    GetShardIterator: ['GetRecords'],
    GetRecords: ['GetRecords', 'PutRecord'],
    SplitShard: ['ListShards'],
    MergeShards: ['ListShards'],
    UpdateShardCount: ['DescribeStreamSummary', 'ListShards'],
    RegisterStreamConsumer: ['DescribeStreamConsumer', 'ListStreamConsumers'],
    DeleteStream: ['ListStreams'],
  },
};

/** How an operation went, for what to offer next. */
export type Outcome = 'ok' | 'empty' | 'failed';

/**
 * After an answer with nothing in it: no delete-message after a receive that got no message,
 * and so on. The operation itself comes first (try again), then what explains the empty answer.
 */
const AFTER_EMPTY: Record<ServiceName, Record<string, string[]>> = {
  sqs: {
    ReceiveMessage: ['ReceiveMessage', 'GetQueueAttributes', 'SendMessage'],
    ListQueues: ['CreateQueue'],
  },
  sns: {
    ListTopics: ['CreateTopic'],
  },
  kinesis: {
    GetRecords: ['GetRecords', 'PutRecord', 'GetShardIterator'],
    ListStreams: ['CreateStream'],
  },
};

/** What to offer after an operation: what usually follows, or after a failure the operation again. */
export function nextSteps(service: ServiceName, op: string, outcome: Outcome = 'ok'): string[] {
  if (outcome === 'empty') return AFTER_EMPTY[service][op] ?? NEXT[service][op] ?? [];
  if (outcome === 'failed') {
    // what only makes sense after a success (a delete-message needs a received message) is not offered
    const then = AFTER_EMPTY[service][op] ?? NEXT[service][op] ?? [];
    return [op, ...then.filter((n) => n !== op)];
  }
  return NEXT[service][op] ?? [];
}

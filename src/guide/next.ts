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

export const nextSteps = (service: ServiceName, op: string): string[] => NEXT[service][op] ?? [];

/**
 * The lessons `awsmsg tutorial` knows, in the order a newcomer would take them. Listing and
 * completing them loads no lesson code: each lesson is its own module, loaded when played.
 */
import type { Lesson } from './lesson.js';

export interface TutorialInfo {
  name: string;
  title: string;
  summary: string;
  /**
   * The lesson can be played against a remote target (--endpoint-url, --remote): it does not
   * move the clock, which only a local state file has, and its resources are its own.
   */
  remote?: boolean;
  load: () => Promise<{ lesson: Lesson }>;
}

export const TUTORIALS: readonly TutorialInfo[] = [
  {
    name: 'sqs-basics',
    remote: true,
    title: 'SQS basics',
    summary: 'create a queue, send, receive, process and delete a message',
    load: () => import('./lessons/sqsBasics.js'),
  },
  {
    name: 'visibility-timeout',
    title: 'Visibility timeout',
    summary: 'two consumers, a timeout too short, double processing, and the fix',
    load: () => import('./lessons/visibilityTimeout.js'),
  },
  {
    name: 'delay-queues',
    title: 'Delay queues',
    summary: 'messages that stay hidden for a while after they are sent',
    load: () => import('./lessons/delayQueues.js'),
  },
  {
    name: 'long-polling',
    remote: true,
    title: 'Long polling',
    summary: 'wait for messages instead of asking again and again',
    load: () => import('./lessons/longPolling.js'),
  },
  {
    name: 'dead-letter-queues',
    title: 'Dead-letter queues',
    summary: 'a message that keeps failing moves aside, then is moved back',
    load: () => import('./lessons/deadLetterQueues.js'),
  },
  {
    name: 'fifo-queues',
    remote: true,
    title: 'FIFO queues',
    summary: 'order per message group, deduplication, one consumer per group',
    load: () => import('./lessons/fifoQueues.js'),
  },
  {
    name: 'idempotent-consumers',
    title: 'Idempotent consumers',
    summary: 'standard-queue realism on: a payment delivered twice, charged once',
    load: () => import('./lessons/idempotentConsumers.js'),
  },
  {
    name: 'sns-fan-out',
    remote: true,
    title: 'SNS fan-out to SQS',
    summary: 'one topic, several queues, and a filter policy that picks messages',
    load: () => import('./lessons/snsFanOut.js'),
  },
  {
    name: 'kinesis-ordering',
    title: 'Kinesis ordering',
    summary: '100 trucks over 5 shards, in order per truck; then the same with one FIFO queue',
    load: () => import('./lessons/kinesisOrdering.js'),
  },
  {
    name: 'hot-partition',
    title: 'A hot partition key',
    summary: 'one key overloads one shard; a better key or more shards fixes it',
    load: () => import('./lessons/hotPartition.js'),
  },
  {
    name: 'kcl-consumers',
    title: 'KCL-style consumers',
    summary: '4 shards shared by 2, then 4 workers; a worker dies and its shards move',
    load: () => import('./lessons/kclConsumers.js'),
  },
  {
    name: 'choosing',
    title: 'SQS, SNS or Kinesis?',
    summary: 'the same workload on all three, side by side',
    load: () => import('./lessons/choosing.js'),
  },
];

export const TUTORIAL_NAMES: readonly string[] = TUTORIALS.map((t) => t.name);

/** The lesson of that name, its module loaded now; undefined for an unknown name. */
export async function loadLesson(name: string): Promise<Lesson | undefined> {
  const info = TUTORIALS.find((t) => t.name === name);
  return info ? (await info.load()).lesson : undefined;
}

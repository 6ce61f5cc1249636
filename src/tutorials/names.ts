/**
 * The lessons `awsmsg tutorial` knows, in the order a newcomer would take them. Kept apart
 * from the lessons themselves so that listing and completing them loads no lesson code.
 */
export interface TutorialInfo {
  name: string;
  title: string;
  summary: string;
}

export const TUTORIALS: readonly TutorialInfo[] = [
  { name: 'sqs-basics', title: 'SQS basics', summary: 'create a queue, send, receive, process and delete a message' },
  { name: 'visibility-timeout', title: 'Visibility timeout', summary: 'two consumers, a timeout too short, double processing, and the fix' },
  { name: 'delay-queues', title: 'Delay queues', summary: 'messages that stay hidden for a while after they are sent' },
  { name: 'long-polling', title: 'Long polling', summary: 'wait for messages instead of asking again and again' },
  { name: 'dead-letter-queues', title: 'Dead-letter queues', summary: 'a message that keeps failing moves aside, then is moved back' },
  { name: 'fifo-queues', title: 'FIFO queues', summary: 'order per message group, deduplication, one consumer per group' },
  { name: 'sns-fan-out', title: 'SNS fan-out to SQS', summary: 'one topic, several queues, and a filter policy that picks messages' },
  { name: 'kinesis-ordering', title: 'Kinesis ordering', summary: '100 trucks over 5 shards, in order per truck; then the same with one FIFO queue' },
  { name: 'hot-partition', title: 'A hot partition key', summary: 'one key overloads one shard; a better key or more shards fixes it' },
  { name: 'kcl-consumers', title: 'KCL-style consumers', summary: '4 shards shared by 2, then 4 workers; a worker dies and its shards move' },
  { name: 'choosing', title: 'SQS, SNS or Kinesis?', summary: 'the same workload on all three, side by side' },
];

export const TUTORIAL_NAMES: readonly string[] = TUTORIALS.map((t) => t.name);

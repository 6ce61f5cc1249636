import type { Lesson } from './lesson.js';

/** Each lesson is its own module, loaded when played. */
const LESSONS: Record<string, () => Promise<{ lesson: Lesson }>> = {
  'sqs-basics': () => import('./lessons/sqsBasics.js'),
  'visibility-timeout': () => import('./lessons/visibilityTimeout.js'),
  'delay-queues': () => import('./lessons/delayQueues.js'),
  'long-polling': () => import('./lessons/longPolling.js'),
  'dead-letter-queues': () => import('./lessons/deadLetterQueues.js'),
  'fifo-queues': () => import('./lessons/fifoQueues.js'),
  'sns-fan-out': () => import('./lessons/snsFanOut.js'),
  'kinesis-ordering': () => import('./lessons/kinesisOrdering.js'),
  'hot-partition': () => import('./lessons/hotPartition.js'),
  'kcl-consumers': () => import('./lessons/kclConsumers.js'),
  choosing: () => import('./lessons/choosing.js'),
};

export async function loadLesson(name: string): Promise<Lesson | undefined> {
  const load = LESSONS[name];
  return load ? (await load()).lesson : undefined;
}

/** Lessons that can be played in this build (the others wait for their service). */
export const playableLessons = (): string[] => Object.keys(LESSONS);

import { performance } from 'node:perf_hooks';
import type { Lesson } from '../lesson.js';
import { messages } from './checks.js';

export const lesson: Lesson = {
  name: 'long-polling',
  title: 'Long polling: wait for messages instead of asking again and again',
  intro: `
A consumer that polls an empty queue gets an empty answer at once, so it asks again, and
again: every empty answer is a request (and on AWS, a request you pay for). With long polling
the consumer says "I will wait up to N seconds": SQS answers as soon as a message arrives, or
with nothing when the time is up.`,
  steps: [
    {
      say: 'Create a queue.',
      run: 'sqs create-queue --queue-name price-updates',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'A short poll on the empty queue: the answer comes back at once, empty.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'the queue should be empty'),
      notice: 'A consumer in a loop would now ask again immediately, many times a second.',
    },
    {
      say: 'A long poll of one second on the empty queue: it waits the second, then answers empty.',
      run: 'sqs receive-message --queue-url $QUEUE_URL --wait-time-seconds 1',
      check: (r) => (messages(r).length === 0 ? true : 'the queue should be empty'),
      notice: 'One request instead of hundreds, for the same (empty) result.',
    },
    {
      say: `
Now a consumer long-polls for up to 20 seconds in one terminal while, a moment later, a
producer sends a message in another.`,
      async act(api) {
        const started = performance.now();
        const consumer = api.start('consumer', 'sqs receive-message --queue-url $QUEUE_URL --wait-time-seconds 20     # terminal 1: the consumer waits');
        // give the consumer a moment to start waiting (were it later, it would find the message at once)
        await new Promise((r) => setTimeout(r, 500));
        const sent = await api.show('sqs send-message --queue-url $QUEUE_URL --message-body "price of lamp: 40"     # terminal 2: the producer');
        if (sent.status !== 0) api.fail(`send-message failed: ${sent.stderr}`);
        const status = await consumer.exited();
        const waited = (performance.now() - started) / 1000;
        const output = consumer.output();
        api.printed('terminal 1, the consumer, printed', output);
        let body: string | undefined;
        try {
          body = JSON.parse(output).Messages?.[0]?.Body;
        } catch {
          body = undefined;
        }
        if (status !== 0 || body !== 'price of lamp: 40') api.fail(`the long poll should return the message (status ${status}): ${output}`);
        if (waited >= 20) api.fail('the long poll should return before its 20 seconds are up');
      },
      notice: 'The consumer\'s answer came back as soon as the message was sent, long before the 20 seconds were up.',
    },
    {
      say: 'Long polling can be the queue\'s default, so that every consumer waits without asking for it.',
      run: 'sqs set-queue-attributes --queue-url $QUEUE_URL --attributes ReceiveMessageWaitTimeSeconds=20',
    },
    {
      say: 'Check the setting.',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ReceiveMessageWaitTimeSeconds',
      check: (r) => (r.json?.Attributes?.ReceiveMessageWaitTimeSeconds === '20' ? true : 'the wait time should be 20'),
    },
  ],
  outro: `
Use long polling (--wait-time-seconds up to 20, or the queue's ReceiveMessageWaitTimeSeconds):
fewer requests, fewer empty answers, and messages are received as soon as they arrive. Short
polling (0) is for a consumer that must never block, such as one that also does other work in
the same loop.`,
};

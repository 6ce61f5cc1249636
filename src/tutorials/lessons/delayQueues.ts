import type { Lesson } from '../lesson.js';
import { attr, messages } from './checks.js';

export const lesson: Lesson = {
  name: 'delay-queues',
  title: 'Delay queues: messages that wait before they can be received',
  intro: `
Sometimes work should not start at once: send a welcome e-mail a minute after sign-up, retry
a payment later. A delay queue hides every new message for its DelaySeconds (up to 15
minutes). A single message can also carry its own delay.`,
  steps: [
    {
      say: 'Create a queue whose messages are delayed by 60 seconds.',
      run: 'sqs create-queue --queue-name welcome-emails --attributes DelaySeconds=60',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'A new user signs up; the producer sends the e-mail job.',
      run: 'sqs send-message --queue-url $QUEUE_URL --message-body "welcome ada@example.com"',
    },
    {
      say: 'A consumer polls right away.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'the message should still be delayed'),
      notice: 'Nothing yet.',
    },
    {
      say: 'The queue knows about the message: it is counted as delayed.',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesDelayed',
      check: (r) => attr(r, 'ApproximateNumberOfMessagesDelayed', '1'),
    },
    {
      say: 'A minute passes.',
      run: 'clock advance 61s',
    },
    {
      say: 'The consumer polls again.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (messages(r).length === 1 ? true : 'the message should be visible after 60 seconds'),
      notice: 'Now it arrives, like any other message.',
    },
    {
      say: 'Delete it once the e-mail is sent.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE',
    },
    {
      say: 'One message can set its own delay, which replaces the queue\'s for that message. This one waits 5 seconds instead of 60.',
      run: 'sqs send-message --queue-url $QUEUE_URL --message-body "password reset for ada" --delay-seconds 5',
    },
    {
      say: '6 seconds later:',
      run: 'clock advance 6s',
    },
    {
      say: 'The consumer polls.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r)[0]?.Body === 'password reset for ada' ? true : 'the 5-second message should be visible'),
      notice: 'It came after its own 5 seconds, not the queue\'s 60.',
    },
  ],
  outro: `
DelaySeconds on the queue delays every message; --delay-seconds on one message overrides it
(standard queues only: FIFO queues take the queue's delay). The delay is counted from the
send, and a delayed message counts as ApproximateNumberOfMessagesDelayed until it is ready.
For a delay after a failed attempt, change the message's visibility instead.`,
};

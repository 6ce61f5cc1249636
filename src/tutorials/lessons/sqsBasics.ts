import type { Lesson } from '../lesson.js';
import { all, attr, messages } from './checks.js';

export const lesson: Lesson = {
  name: 'sqs-basics',
  title: 'SQS basics: produce, poll, process, delete',
  intro: `
A queue sits between a program that produces work and a program that does it. The producer
sends a message and moves on; a consumer asks the queue for messages when it is ready, does
the work, and then deletes the message. Until it is deleted, the message is not gone.

In this lesson you create a queue, send two orders to it, and process them one at a time.`,
  steps: [
    {
      say: 'Create a queue named "orders". SQS answers with its URL: every later command names the queue by that URL.',
      run: 'sqs create-queue --queue-name orders',
      save: { QUEUE_URL: (r) => r.QueueUrl },
      notice: 'The URL ends with the account id and the queue name. We keep it as $QUEUE_URL, as you would in a shell script.',
    },
    {
      say: 'The producer sends a first order. The body is any text up to 1 MiB; JSON is common.',
      run: `sqs send-message --queue-url $QUEUE_URL --message-body '{"order": 1, "item": "book"}'`,
      check: (r) => (typeof r.json?.MessageId === 'string' ? true : 'send-message returned no MessageId'),
      notice: 'SQS returns a MessageId and the MD5 of the body, so the producer can check that the body arrived intact.',
    },
    {
      say: 'And a second order.',
      run: `sqs send-message --queue-url $QUEUE_URL --message-body '{"order": 2, "item": "lamp"}'`,
    },
    {
      say: 'How many messages wait in the queue? The queue attributes tell.',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages',
      check: (r) => attr(r, 'ApproximateNumberOfMessages', '2'),
      notice: 'Two messages are visible: ready for any consumer. The count is "approximate" because on AWS it is gathered from many servers.',
    },
    {
      say: 'Now a consumer polls the queue. It gets at most one message unless it asks for more (up to 10).',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (messages(r).length === 1 ? true : `expected one message, got ${messages(r).length}`),
      notice: `
The message comes with a ReceiptHandle: the consumer's proof that it received this message,
needed to delete it. Receiving did not remove the message: it is now "in flight", hidden
from other consumers for the queue's visibility timeout (30 seconds by default).`,
    },
    {
      say: 'Look at the counts again: one message visible, one in flight.',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible',
      check: (r) => all(attr(r, 'ApproximateNumberOfMessages', '1'), attr(r, 'ApproximateNumberOfMessagesNotVisible', '1')),
    },
    {
      say: 'The consumer processes the order (ships the book, say) and then deletes the message with its receipt handle. Only now is it gone for good.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE',
      notice: 'delete-message prints nothing when it succeeds, like the AWS CLI. Had the consumer crashed before deleting, the message would have come back after the visibility timeout, for another try.',
    },
    {
      say: 'The consumer polls again, this time asking for up to 10 messages.',
      run: 'sqs receive-message --queue-url $QUEUE_URL --max-number-of-messages 10',
      save: { HANDLE: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => {
        const m = messages(r);
        return m.length === 1 && m[0].Body.includes('"order": 2') ? true : 'expected the second order alone';
      },
      notice: 'Only the second order is left. Standard queues do not promise the order in which messages come back (FIFO queues do).',
    },
    {
      say: 'Process and delete it too.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE',
    },
    {
      say: 'One more poll on the empty queue.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'the queue should be empty'),
      notice: 'An empty answer prints nothing at all. A real consumer runs this loop forever: receive, process, delete.',
    },
  ],
  outro: `
Producers send and forget; consumers receive, process, then delete. A received message is
only hidden, not removed: if the consumer fails before deleting it, the message returns to the
queue and is tried again. That is why SQS delivers "at least once", and why consumers should be
able to see the same message twice without harm. Next: awsmsg tutorial visibility-timeout.`,
};

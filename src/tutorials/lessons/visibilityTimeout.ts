import type { Lesson } from '../lesson.js';
import { all, messages } from './checks.js';

export const lesson: Lesson = {
  name: 'visibility-timeout',
  title: 'Visibility timeout: two consumers and one slow job',
  intro: `
When a consumer receives a message, SQS hides it from everyone else for the queue's
visibility timeout. If the consumer deletes it in time, nobody else ever sees it. If the
timeout runs out first, the message becomes visible again and another consumer gets it:
the same job done twice.

Two consumers, A and B, share a queue whose timeout is 10 seconds. Time moves with
"awsmsg clock advance", so nobody has to wait.`,
  steps: [
    {
      say: 'Create the queue "jobs" with a visibility timeout of 10 seconds.',
      run: 'sqs create-queue --queue-name jobs --attributes VisibilityTimeout=10',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'A producer sends one job.',
      run: 'sqs send-message --queue-url $QUEUE_URL --message-body "resize photo 42"',
      save: { JOB_ID: (r) => r.MessageId },
    },
    {
      say: 'Consumer A receives it and starts working.',
      run: 'sqs receive-message --queue-url $QUEUE_URL --message-system-attribute-names ApproximateReceiveCount',
      save: { HANDLE_A: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r, v) => (messages(r)[0]?.MessageId === v.JOB_ID ? true : 'consumer A should get the job'),
      notice: 'ApproximateReceiveCount is 1: this is the first time anyone received the job.',
    },
    {
      say: 'Consumer B polls at the same moment.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'consumer B should get nothing while A holds the job'),
      notice: 'Nothing: the job is in flight with A, invisible to B.',
    },
    {
      say: 'A is slow: the photo is large. 11 seconds pass and A has not finished.',
      run: 'clock advance 11s',
    },
    {
      say: 'B polls again.',
      run: 'sqs receive-message --queue-url $QUEUE_URL --message-system-attribute-names ApproximateReceiveCount',
      save: { HANDLE_B: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r, v) =>
        all(
          messages(r)[0]?.MessageId === v.JOB_ID ? true : 'B should get the same job again',
          messages(r)[0]?.Attributes?.ApproximateReceiveCount === '2' ? true : 'the receive count should be 2',
        ),
      notice: `
The same MessageId, received a second time (ApproximateReceiveCount 2), with a new receipt
handle. A and B are now both resizing photo 42: double processing. Nothing was lost, but the
work was done twice.`,
    },
    {
      say: 'B finishes first and deletes the job with its own, newest receipt handle.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE_B',
    },
    {
      say: 'Now the fix. Another job arrives, and A receives it.',
      run: 'sqs send-message --queue-url $QUEUE_URL --message-body "resize photo 43"',
      save: { JOB_ID: (r) => r.MessageId },
    },
    {
      say: 'A receives the new job.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE_A: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r, v) => (messages(r)[0]?.MessageId === v.JOB_ID ? true : 'A should get the new job'),
    },
    {
      say: 'A sees the photo is large and asks for more time before the 10 seconds run out: ChangeMessageVisibility sets a new timeout, counted from now.',
      run: 'sqs change-message-visibility --queue-url $QUEUE_URL --receipt-handle $HANDLE_A --visibility-timeout 60',
    },
    {
      say: 'The same 11 seconds pass.',
      run: 'clock advance 11s',
    },
    {
      say: 'B polls.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'B should get nothing: A extended the timeout'),
      notice: 'Nothing this time: the job stays with A.',
    },
    {
      say: 'A finishes and deletes the job. Done once, by one consumer.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE_A',
    },
  ],
  outro: `
Set the queue's visibility timeout above the time a job normally takes. For the odd long
job, the consumer extends it with change-message-visibility (a "heartbeat" every so often
while it works). And since a crash or a slow consumer can still make a message come back,
write consumers so that doing a job twice does no harm.`,
};

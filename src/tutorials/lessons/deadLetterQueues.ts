import type { Lesson } from '../lesson.js';
import { attr, messages } from './checks.js';

export const lesson: Lesson = {
  name: 'dead-letter-queues',
  title: 'Dead-letter queues: set failing messages aside, then move them back',
  intro: `
Some messages can never be processed: a bad address, a bug in the consumer. Without care such
a "poison" message comes back after every visibility timeout, forever. A dead-letter queue
(DLQ) catches it: after maxReceiveCount receives without a delete, SQS moves the message
there. Once the bug is fixed, a message move task sends it back.`,
  steps: [
    {
      say: 'Create the dead-letter queue first: it is an ordinary queue.',
      run: 'sqs create-queue --queue-name orders-dlq',
      save: { DLQ_URL: (r) => r.QueueUrl },
    },
    {
      say: 'A redrive policy names the DLQ by its ARN, so look the ARN up.',
      run: 'sqs get-queue-attributes --queue-url $DLQ_URL --attribute-names QueueArn',
      save: { DLQ_ARN: (r) => r.Attributes?.QueueArn },
    },
    {
      say: `
Create the work queue with a redrive policy: after 3 receives, move the message to the DLQ.
The policy is JSON inside the attribute map, so it is easiest to write in a file.`,
      files: {
        'orders-attributes.json': (v) =>
          `${JSON.stringify(
            {
              VisibilityTimeout: '5',
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: v.DLQ_ARN, maxReceiveCount: '3' }),
            },
            null,
            2,
          )}\n`,
      },
      run: 'sqs create-queue --queue-name orders --attributes file://orders-attributes.json',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'A message the consumer cannot handle arrives.',
      run: 'sqs send-message --queue-url $QUEUE_URL --message-body "order 7: ship to ???"',
    },
    {
      say: 'Three times, the consumer receives it, fails, and does not delete it; each time the 5-second visibility timeout runs out and the message comes back.',
      async act(api) {
        for (let i = 1; i <= 3; i++) {
          const r = await api.show(
            "sqs receive-message --queue-url $QUEUE_URL --message-system-attribute-names ApproximateReceiveCount --query 'Messages[0].[Body, Attributes.ApproximateReceiveCount]' --output text",
          );
          const [body, count] = r.stdout.trim().split('\t');
          if (body !== 'order 7: ship to ???' || count !== String(i)) api.fail(`receive ${i} should see the order with ApproximateReceiveCount ${i}, saw ${r.stdout.trim() || 'nothing'}`);
          api.comment('the consumer fails and does not delete the message; the timeout runs out');
          await api.show('clock advance 6s --output text');
        }
      },
      notice: 'The receive count went up by one each time: SQS counts every receive of a message that was not deleted.',
    },
    {
      say: 'The fourth receive.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : 'the message should have moved to the DLQ'),
      notice: 'Nothing: on this receive, the message had been received 3 times already, so SQS moved it to the DLQ instead of handing it out a fourth time.',
    },
    {
      say: 'It waits in the DLQ.',
      run: 'sqs get-queue-attributes --queue-url $DLQ_URL --attribute-names ApproximateNumberOfMessages',
      check: (r) => attr(r, 'ApproximateNumberOfMessages', '1'),
    },
    {
      say: 'Which queues send their failures to this DLQ?',
      run: 'sqs list-dead-letter-source-queues --queue-url $DLQ_URL',
      check: (r, v) => (r.json?.queueUrls?.includes(v.QUEUE_URL) ? true : 'orders should be a source of the DLQ'),
    },
    {
      say: 'The bug is fixed. Start a message move task: it moves the DLQ\'s messages back to the queue they came from.',
      run: 'sqs start-message-move-task --source-arn $DLQ_ARN',
      save: { TASK: (r) => r.TaskHandle },
    },
    {
      say: 'The task moves messages at a steady rate; a second is plenty for one.',
      run: 'clock advance 1s',
    },
    {
      say: 'Look at the task.',
      run: 'sqs list-message-move-tasks --source-arn $DLQ_ARN',
      check: (r) => {
        const t = r.json?.Results?.[0];
        return t?.Status === 'COMPLETED' && t?.ApproximateNumberOfMessagesMoved === 1 ? true : 'the task should have completed, moving 1 message';
      },
      notice: 'COMPLETED, one message moved.',
    },
    {
      say: 'The fixed consumer receives the order again, and this time processes it.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (messages(r)[0]?.Body === 'order 7: ship to ???' ? true : 'the message should be back in orders'),
    },
    {
      say: 'And deletes it.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE',
    },
  ],
  outro: `
Give every work queue a DLQ and a maxReceiveCount (3 to 5 is common), and watch the DLQ: a
message there means a bug or bad data. After the fix, start-message-move-task redrives the
messages to their source queue (or to --destination-arn). Keep the DLQ's retention period longer
than the source queue's, so that messages do not expire while they wait.`,
};

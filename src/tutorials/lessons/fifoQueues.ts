import type { Lesson } from '../lesson.js';
import { attr, messages } from './checks.js';

const SENDS: [group: string, id: string, body: string][] = [
  ['customer-1', 'c1-1', 'customer 1: order created'],
  ['customer-1', 'c1-2', 'customer 1: order paid'],
  ['customer-2', 'c2-1', 'customer 2: order created'],
  ['customer-1', 'c1-3', 'customer 1: order shipped'],
  ['customer-2', 'c2-2', 'customer 2: order paid'],
];

const sendCommand = ([group, id, body]: (typeof SENDS)[number]) =>
  `sqs send-message --queue-url $QUEUE_URL --message-group-id ${group} --message-deduplication-id ${id} --message-body "${body}"`;

const body = (r: Parameters<typeof messages>[0]) => messages(r)[0]?.Body as string | undefined;

export const lesson: Lesson = {
  name: 'fifo-queues',
  title: 'FIFO queues: order per group, no duplicates, one consumer per group',
  intro: `
A FIFO queue keeps messages in the order they were sent, within each message group, and drops
a message sent twice with the same deduplication id (within 5 minutes). While a consumer holds
a message of a group, the rest of that group waits: a group is handled by one consumer at a
time, in order. Different groups are handled in parallel.

The events of two customers' orders go through one FIFO queue, one group per customer.`,
  steps: [
    {
      say: 'A FIFO queue\'s name ends in ".fifo", and it is created with FifoQueue=true.',
      run: 'sqs create-queue --queue-name orders.fifo --attributes FifoQueue=true',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'Send five events, interleaved between the two customers. Each names its group and a deduplication id.',
      async act(api) {
        for (const s of SENDS) {
          const r = await api.show(sendCommand(s));
          if (r.status !== 0) api.fail(`send-message failed: ${r.stderr}`);
          if (s[1] === 'c1-2') api.vars.PAID_ID = r.json.MessageId;
        }
      },
      notice: 'Each message gets a SequenceNumber: its place in the queue.',
    },
    {
      say: 'A network hiccup: the producer is not sure "customer 1: order paid" arrived, and sends it again with the same deduplication id.',
      run: sendCommand(SENDS[1]!),
      check: (r, v) => (r.json?.MessageId === v.PAID_ID ? true : 'the resend should return the first message\'s id'),
      notice: 'SQS answers with the MessageId of the first send: the duplicate was accepted and dropped.',
    },
    {
      say: 'Five messages, not six.',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages',
      check: (r) => attr(r, 'ApproximateNumberOfMessages', '5'),
    },
    {
      say: 'Consumer A receives one message.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE_A: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (body(r) === 'customer 1: order created' ? true : `A should get customer 1's first event, got ${body(r)}`),
      notice: 'The oldest message: customer 1\'s first event.',
    },
    {
      say: 'Consumer B receives one message.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE_B: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (body(r) === 'customer 2: order created' ? true : `B should get customer 2's first event, got ${body(r)}`),
      notice: 'Not "customer 1: order paid": customer 1\'s group is locked while A holds its first event, so B gets the next group.',
    },
    {
      say: 'A third consumer, C, polls.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      check: (r) => (messages(r).length === 0 ? true : `C should get nothing, got ${body(r)}`),
      notice: 'Nothing: both groups are busy. Two groups, so at most two consumers work at once.',
    },
    {
      say: 'A finishes and deletes its message.',
      run: 'sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE_A',
    },
    {
      say: 'A receives again.',
      run: 'sqs receive-message --queue-url $QUEUE_URL',
      save: { HANDLE_A: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r) => (body(r) === 'customer 1: order paid' ? true : `A should get "customer 1: order paid", got ${body(r)}`),
      notice: 'Customer 1\'s second event, in order.',
    },
    {
      say: 'B finishes, and both take the rest, ten at a time: within each group, the order holds.',
      async act(api) {
        await api.show('sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE_B');
        await api.show('sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE_A');
        const r = await api.show('sqs receive-message --queue-url $QUEUE_URL --max-number-of-messages 10 --query "Messages[].Body"');
        const got = r.json as string[] | undefined;
        const want = ['customer 2: order paid', 'customer 1: order shipped'];
        if (!got || got.length !== 2 || !want.every((w) => got.includes(w))) api.fail(`expected the last two events, got ${JSON.stringify(got)}`);
      },
    },
  ],
  outro: `
Pick the message group id for the thing whose events must stay in order: a customer, an
account, a device. Order holds within a group, and groups spread the work over consumers; one
group for everything means one consumer at a time. Deduplication ids (or
ContentBasedDeduplication=true) make a retried send harmless for 5 minutes. FIFO queues
handle up to 300 sends a second (3,000 in batches), more with high-throughput mode.`,
};

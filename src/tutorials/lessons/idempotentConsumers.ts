import type { Json, Lesson } from '../lesson.js';
import { messages } from './checks.js';

/** The seed this lesson plays with: its receive comes back out of order, and one delete misses a copy. */
const SEED = 130;

const PAYMENTS = [
  { payment: 'p-1', customer: 'ana', amount: 20 },
  { payment: 'p-2', customer: 'bo', amount: 35 },
  { payment: 'p-3', customer: 'ana', amount: 12 },
  { payment: 'p-4', customer: 'cy', amount: 50 },
  { payment: 'p-5', customer: 'bo', amount: 8 },
  { payment: 'p-6', customer: 'cy', amount: 17 },
];

const paymentOf = (body: string): string => (JSON.parse(body) as { payment: string }).payment;

export const lesson: Lesson = {
  name: 'idempotent-consumers',
  title: 'Idempotent consumers: the same message twice, and a consumer it does not fool',
  intro: `
A standard queue promises at-least-once delivery and best-effort ordering: now and then a
message arrives out of order, reaches two consumers at once, or arrives again after it was
deleted (a copy on a server that the receive or the delete did not reach). A consumer that charges a card for every message it receives will, one
day, charge a card twice. An idempotent consumer can be given the same message twice and do
the work once.

awsmsg's standard queues are strict unless asked: this lesson turns on standard-queue realism
in its state file, with a fixed seed, so that what AWS does now and then happens here, the
same way every time.`,
  steps: [
    {
      say: 'Turn on standard-queue realism for this state file: from now on, standard queues now and then reorder and redeliver.',
      run: 'config set sqs.standard-queue-realism on',
      notice: 'Like the AWS CLI\'s configure set, it prints nothing. The setting lives in the state file: every process using the file sees it.',
    },
    {
      say: `Fix the seed of those chances, so that this lesson goes the same way every time (without it, seed 0).`,
      run: `config set sqs.realism-seed ${SEED}`,
    },
    {
      say: 'A queue of payments to charge, with a visibility timeout of 30 seconds.',
      run: 'sqs create-queue --queue-name payments --attributes VisibilityTimeout=30',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: 'The shop sends six payments in one batch, p-1 to p-6, in that order.',
      files: {
        'payments.json': () =>
          `${JSON.stringify(
            PAYMENTS.map((p, i) => ({ Id: String(i + 1), MessageBody: JSON.stringify(p) })),
            null,
            2,
          )}\n`,
      },
      run: "sqs send-message-batch --queue-url $QUEUE_URL --entries file://payments.json --query 'length(Successful)'",
      check: (r) => (r.json === 6 ? true : `all six should be sent, ${r.stdout.trim()} were`),
    },
    {
      say: 'Consumer A receives up to 10 payments, and charges each one it gets.',
      run: "sqs receive-message --queue-url $QUEUE_URL --max-number-of-messages 10 --query 'Messages[].[Body, ReceiptHandle]' --output text",
      check: (r, v) => {
        const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
        const order = rows.map(([body]) => paymentOf(body!));
        v.RECEIVED = order.join(' ');
        v.HANDLES = rows.map(([, handle]) => handle).join(' ');
        if ([...order].sort().join(' ') !== 'p-1 p-2 p-3 p-4 p-5 p-6') return `all six payments should come, got ${order.join(' ')}`;
        return order.join(' ') !== 'p-1 p-2 p-3 p-4 p-5 p-6' ? true : 'with this seed the payments should come out of order';
      },
      notice: (_r, v) => `
All six, but in the order ${v.RECEIVED}: a standard queue keeps order only on a best-effort
basis. Had the shop sent "cancel p-2" after p-2, a consumer could see the cancellation first.
(FIFO queues keep the order; more on them at the end.)`,
    },
    {
      say: 'Consumer A has charged all six and deletes them, in one batch. The receipt handles go in a file.',
      async act(api) {
        const handles = api.vars.HANDLES!.split(' ');
        api.writeFile('done.json', `${JSON.stringify(handles.map((h, i) => ({ Id: String(i + 1), ReceiptHandle: h })), null, 2)}\n`, { lines: 6 });
        const r = await api.show("sqs delete-message-batch --queue-url $QUEUE_URL --entries file://done.json --query 'length(Successful)'");
        if (r.json !== 6) api.fail(`all six deletes should succeed, ${r.stdout.trim()} did`);
        api.summary(`consumer A charged ${api.vars.RECEIVED!.split(' ').join(', ')}: six charges.`);
      },
      notice: 'Six deletes, six successes. The queue should be empty now.',
    },
    {
      say: 'Is it?',
      run: 'sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible',
      check: (r) => (r.json?.Attributes?.ApproximateNumberOfMessagesNotVisible === '1' ? true : 'one copy should still be in flight'),
      notice: `
One message is still in flight: one delete succeeded without reaching every copy of its
message. That copy is invisible for the rest of its visibility timeout, and then it comes back.`,
    },
    {
      say: 'Half a minute passes.',
      run: 'clock advance 31s --output text',
    },
    {
      say: 'Consumer B polls the queue.',
      run: 'sqs receive-message --queue-url $QUEUE_URL --message-system-attribute-names ApproximateReceiveCount',
      save: { HANDLE: (r) => r.Messages?.[0]?.ReceiptHandle },
      check: (r, v) => {
        const m = messages(r)[0] as Json;
        if (!m) return 'the surviving copy should be received';
        v.AGAIN = paymentOf(m.Body);
        return m.Attributes?.ApproximateReceiveCount === '2' ? true : 'its receive count should be 2';
      },
      notice: (_r, v) => `
Payment ${v.AGAIN} again, with ApproximateReceiveCount 2, although consumer A deleted it. A
consumer that simply charges what it receives charges ${v.AGAIN} a second time.`,
    },
    {
      say: `
An idempotent consumer keeps a record of the work it has done, under a key that identifies
the work: the payment id, not the MessageId (a producer that retries a send makes a new
message with a new MessageId, for the same payment). Before charging, it looks the key up;
after charging, it writes it down, in the same transaction as the charge where it can. Here
the record is a file of charged payment ids.`,
      async act(api) {
        const charged = api.vars.RECEIVED!.split(' ');
        api.writeFile('charged.txt', `${charged.join('\n')}\n`, { lines: 6 });
        const again = api.vars.AGAIN!;
        if (!charged.includes(again)) api.fail(`${again} should be among the charged payments`);
        api.summary(`consumer B finds ${again} in charged.txt: it does not charge it again, and deletes the message.`);
        const r = await api.show('sqs delete-message --queue-url $QUEUE_URL --receipt-handle $HANDLE');
        if (r.status !== 0) api.fail(`delete-message failed: ${r.stderr}`);
      },
      notice: 'Delivered twice, charged once. The check-then-record must survive a crash in between: put the record and the work in one database transaction, or make the work itself idempotent (a payment provider\'s idempotency key).',
    },
    {
      say: 'FIFO queues are never affected: they deliver in order and, within 5 minutes, once per deduplication id. The same payments through a FIFO queue, the payment id as deduplication id:',
      async act(api) {
        await api.capture('FIFO_URL', 'sqs create-queue --queue-name payments.fifo --attributes FifoQueue=true --query QueueUrl --output text');
        api.writeFile(
          'payments-fifo.json',
          `${JSON.stringify(
            PAYMENTS.map((p, i) => ({ Id: String(i + 1), MessageBody: JSON.stringify(p), MessageGroupId: 'payments', MessageDeduplicationId: p.payment })),
            null,
            2,
          )}\n`,
          { lines: 7 },
        );
        await api.show("sqs send-message-batch --queue-url $FIFO_URL --entries file://payments-fifo.json --query 'length(Successful)'");
        const r = await api.show("sqs receive-message --queue-url $FIFO_URL --max-number-of-messages 10 --query 'Messages[].Body'");
        const order = ((r.json as string[] | null) ?? []).map(paymentOf);
        if (order.join(' ') !== 'p-1 p-2 p-3 p-4 p-5 p-6') api.fail(`the FIFO queue should deliver p-1 to p-6 in order, gave ${order.join(' ')}`);
      },
      notice: 'In order, p-1 to p-6. A resend of p-3 within 5 minutes would be dropped as a duplicate. The price: 300 sends a second per action (3,000 in batches), more with high-throughput mode, and one consumer at a time per message group.',
    },
  ],
  outro: `
At-least-once means exactly that: any message may come more than once, late, or out of order
on a standard queue (and any Kinesis record may be processed twice after a worker's crash).
Make consumers idempotent: key the work by what it is (a payment id), remember what is done,
and skip what was already done, atomically with the work. Where order or single delivery
matter more than throughput, use a FIFO queue with deduplication ids. In your own state
file, "awsmsg config set sqs.standard-queue-realism on" lets your consumers meet this before
production does; "awsmsg config" shows the settings.`,
};

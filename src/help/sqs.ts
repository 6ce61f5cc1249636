/**
 * `awsmsg sqs ... help`: the pages of the SQS operations, in awsmsg's own words. Limits and
 * defaults are AWS's documented ones (the SQS API reference), which awsmsg enforces.
 */
import type { OperationHelp, RecordedOutputs, ServiceHelp } from './types.js';
import examples from './examples/sqs.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

const Q = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders-dlq';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:orders-dlq';
const MAKE_QUEUE = 'awsmsg sqs create-queue --queue-name orders';
const SEND = `awsmsg sqs send-message --queue-url ${Q} --message-body 'order 1'`;
const RECEIVE_HANDLE = `RH=$(awsmsg sqs receive-message --queue-url ${Q} --query 'Messages[0].ReceiptHandle' --output text)`;
/** a queue whose failed messages go to orders-dlq after one receive, with one message already moved there */
const WITH_DLQ = [
  'awsmsg sqs create-queue --queue-name orders-dlq',
  `awsmsg sqs create-queue --queue-name orders --attributes '{"VisibilityTimeout": "30", "RedrivePolicy": "{\\"deadLetterTargetArn\\": \\"${DLQ_ARN}\\", \\"maxReceiveCount\\": \\"1\\"}"}'`,
];
const ONE_IN_DLQ = [
  ...WITH_DLQ,
  SEND,
  `awsmsg sqs receive-message --queue-url ${Q}`,
  'awsmsg clock advance 31s',
  `awsmsg sqs receive-message --queue-url ${Q}`,
];

const QUEUE_URL =
  "The queue's URL, as create-queue and get-queue-url print it. Any form of it works: AWS's (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME), the legacy https://REGION.queue.amazonaws.com/ACCOUNT/NAME, or a local endpoint's http://localhost:4566/ACCOUNT/NAME; the queue is found by its region and name. Queue names are case-sensitive.";

const RECEIPT_HANDLE =
  'The receipt handle of a received message: the ReceiptHandle that receive-message returned with it. It names one receive of the message, not the message: each receive gives a new handle, and only the latest one works once the message has been received again.';

const BATCH_RESULT = {
  Successful: 'The entries that worked, each with the Id you gave it.',
  Failed:
    'The entries that did not, each with its Id, a Code and Message saying why, and SenderFault (true when the entry itself was wrong). A batch can partly fail: the call succeeds and lists the failures here.',
};

const QUEUE_ATTRIBUTES = `Queue attributes, NAME=VALUE (all values are strings). Those you can set:

- DelaySeconds: how long every new message stays hidden before it can be received, 0 to 900 seconds (15 minutes); default 0.
- MaximumMessageSize: the largest message accepted, in bytes (body and attributes), 1,024 to 1,048,576 (1 MiB); default 1,048,576.
- MessageRetentionPeriod: how long a message is kept before SQS deletes it, 60 to 1,209,600 seconds (14 days); default 345,600 (4 days).
- ReceiveMessageWaitTimeSeconds: how long receive-message waits for a message when the call does not say, 0 to 20 seconds; default 0 (short polling). Above 0 the queue long-polls.
- VisibilityTimeout: how long a received message stays hidden from other consumers, 0 to 43,200 seconds (12 hours); default 30.
- RedrivePolicy: JSON, {"deadLetterTargetArn": "ARN", "maxReceiveCount": "N"}: after N receives without a delete, a message moves to that dead-letter queue (of the same type: FIFO for a FIFO queue). maxReceiveCount 1 to 1,000.
- RedriveAllowPolicy: JSON saying which queues may use this one as their dead-letter queue: {"redrivePermission": "allowAll"} (the default), "denyAll", or "byQueue" with "sourceQueueArns": [up to 10 ARNs].
- Policy: the queue's access policy, an IAM policy document as JSON (stored and returned; awsmsg does not enforce IAM).
- KmsMasterKeyId, KmsDataKeyReusePeriodSeconds (60 to 86,400; default 300), SqsManagedSseEnabled: server-side encryption settings, stored and returned (awsmsg stores messages unencrypted).
- FifoQueue: "true" makes a FIFO queue (create-queue only; the name must end in .fifo). A queue's type never changes.
- ContentBasedDeduplication (FIFO): "true" uses a SHA-256 of the body as the deduplication id when a message has none.
- DeduplicationScope (FIFO): messageGroup or queue (default queue): where deduplication ids must be unique.
- FifoThroughputLimit (FIFO): perQueue or perMessageGroupId (default perQueue); perMessageGroupId with DeduplicationScope messageGroup is AWS's high-throughput mode.`;

const MESSAGE_ATTRIBUTES = `Up to 10 custom attributes that travel with the message, by name. Each has a DataType and a value: StringValue for String and Number, BinaryValue (base64 on the command line) for Binary. A DataType may carry a label after a dot, such as Number.float or String.json. Names are up to 256 characters of letters, digits, _, - and . (not starting with AWS. or Amazon.). Attributes count toward the 1 MiB message size, and their MD5 is returned as MD5OfMessageAttributes.`;

const SYSTEM_ATTRIBUTES =
  'Attributes SQS itself reads. The only one is AWSTraceHeader, a String holding an AWS X-Ray trace header; it does not count toward the message size.';

const ATTRIBUTE_VALUE = {
  DataType: 'String, Number or Binary, optionally with a custom label after a dot (Number.int, Binary.png).',
  StringValue: 'The value of a String or Number attribute. Numbers are written as text: up to 38 significant digits, positive or negative, with a magnitude from 10^-128 to 10^126.',
  BinaryValue: 'The value of a Binary attribute: base64 text on the command line (or fileb:// for a file), shown as base64 when received.',
  StringListValues: 'Reserved by AWS for future use; not accepted.',
  BinaryListValues: 'Reserved by AWS for future use; not accepted.',
};

const prefixed = (prefix: string, texts: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([k, v]) => [`${prefix}.${k}`, v]));

const DEDUP_ID =
  'FIFO queues only: the deduplication id. A second message with the same id within 5 minutes is accepted but not delivered again (the call returns the first message\'s MessageId). Required unless the queue has ContentBasedDeduplication. Up to 128 characters: letters, digits and punctuation.';

const GROUP_ID =
  'FIFO queues: the message group, required. Messages of one group are delivered in the order they were sent, one batch at a time: while one is in flight, later messages of its group wait. Different groups are independent, so use one group per thing whose order matters (a customer, an order). Standard queues accept it too (AWS uses it there for fair queues). Up to 128 characters: letters, digits and punctuation.';

const MESSAGE_SYSTEM_ATTRIBUTE_NAMES = `Which system attributes to return with each message, in its Attributes:

- All: every one below.
- ApproximateReceiveCount: how many times the message has been received (this receive included).
- ApproximateFirstReceiveTimestamp: when it was first received (epoch milliseconds).
- SentTimestamp: when it was sent (epoch milliseconds).
- SenderId: who sent it: the account id here, or SNS's own id for a message SNS delivered.
- AWSTraceHeader: the X-Ray trace header it was sent with.
- MessageDeduplicationId, MessageGroupId, SequenceNumber: the FIFO values it was sent with and given.
- DeadLetterQueueSourceArn: the queue it came from, when it was moved to a dead-letter queue.`;

const pages: Record<string, OperationHelp> = {
  AddPermission: {
    description: `Lets other AWS accounts call some actions on a queue, by adding a statement to the queue's access policy (its Policy attribute). Each permission has a label, so remove-permission can take it back. Use it for a quick cross-account grant; for anything finer (conditions, roles, services), set a full Policy with set-queue-attributes instead.

awsmsg keeps the policy exactly as SQS builds it and returns it from get-queue-attributes, but does not enforce it: there are no credentials here, so every caller is the queue's owner.`,
    options: {
      QueueUrl: QUEUE_URL,
      Label: 'A name for this permission, unique within the queue\'s policy (it becomes the statement\'s Sid): 1 to 80 letters, digits, hyphens and underscores.',
      AWSAccountIds: 'The 12-digit ids of the accounts to grant the actions to.',
      Actions:
        'The actions to allow, without the SQS: prefix, at most 7: SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes, GetQueueUrl, ListDeadLetterSourceQueues, PurgeQueue, or * for all of them. Batch forms are granted with their single forms (SendMessage covers send-message-batch). Actions only the owner may call (CreateQueue, SetQueueAttributes, ...) are refused.',
    },
    examples: [
      {
        title: 'To let another account send messages to a queue',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs add-permission --queue-url ${Q} --label partner-send --aws-account-ids 111122223333 --actions SendMessage`,
      },
      {
        title: 'To see the policy statement it added',
        setup: [MAKE_QUEUE, `awsmsg sqs add-permission --queue-url ${Q} --label partner-send --aws-account-ids 111122223333 --actions SendMessage`],
        command: `awsmsg sqs get-queue-attributes --queue-url ${Q} --attribute-names Policy --query Attributes.Policy --output text`,
      },
    ],
  },
  CancelMessageMoveTask: {
    description: `Stops a message move task (started by start-message-move-task) before it has moved everything. Messages already moved stay where they went; the rest stay in the dead-letter queue, and a new task can be started for them. Only a task that is RUNNING can be cancelled.`,
    options: {
      TaskHandle: 'The TaskHandle that start-message-move-task returned (list-message-move-tasks shows it too, for a running task).',
    },
    output: { ApproximateNumberOfMessagesMoved: 'How many messages the task had moved when it was cancelled.' },
    examples: [
      {
        title: 'To cancel a slow move task part way',
        setup: [
          ...WITH_DLQ,
          `awsmsg sqs send-message-batch --queue-url ${Q} --entries Id=1,MessageBody=one Id=2,MessageBody=two Id=3,MessageBody=three`,
          `awsmsg sqs receive-message --queue-url ${Q} --max-number-of-messages 10`,
          'awsmsg clock advance 31s',
          `awsmsg sqs receive-message --queue-url ${Q} --max-number-of-messages 10`,
          `TASK=$(awsmsg sqs start-message-move-task --source-arn ${DLQ_ARN} --max-number-of-messages-per-second 1 --query TaskHandle --output text)`,
        ],
        command: 'awsmsg sqs cancel-message-move-task --task-handle "$TASK"',
        varies: ['"ApproximateNumberOfMessagesMoved": \\d+'],
        note: 'The three messages went to orders-dlq after failing once; the task moves one a second, so it had moved none or few of them when it was cancelled. The rest stay in orders-dlq.',
      },
    ],
  },
  ChangeMessageVisibility: {
    description: `Changes how long a message you received stays hidden from other consumers. Call it while you are still working on a message that will take longer than the visibility timeout, so that nobody else receives it meanwhile (a "heartbeat"), or with 0 to give a message back at once so another consumer can take it.

The new timeout counts from now, not from when the message was received. A message cannot stay in flight for more than 12 hours after it was first received, however often its timeout is extended.`,
    options: {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: RECEIPT_HANDLE,
      VisibilityTimeout: 'Seconds from now until the message becomes visible again: 0 to 43,200 (12 hours). 0 makes it visible at once.',
    },
    examples: [
      {
        title: 'To keep a message hidden for another 10 minutes while processing it',
        setup: [MAKE_QUEUE, SEND, RECEIVE_HANDLE],
        command: `awsmsg sqs change-message-visibility --queue-url ${Q} --receipt-handle "$RH" --visibility-timeout 600`,
      },
      {
        title: 'To give a message back at once',
        setup: [MAKE_QUEUE, SEND, RECEIVE_HANDLE, `awsmsg sqs change-message-visibility --queue-url ${Q} --receipt-handle "$RH" --visibility-timeout 0`],
        command: `awsmsg sqs receive-message --queue-url ${Q} --attribute-names ApproximateReceiveCount --query 'Messages[0].[Body, Attributes.ApproximateReceiveCount]' --output text`,
        note: 'After change-message-visibility with 0 the message can be received again at once; this is its second receive.',
      },
    ],
  },
  ChangeMessageVisibilityBatch: {
    description: `Changes the visibility timeout of up to 10 received messages in one call, as change-message-visibility does for one. Each entry succeeds or fails on its own: look at Failed in the output.`,
    options: {
      QueueUrl: QUEUE_URL,
      Entries: 'One entry per message, 1 to 10 entries.',
      'Entries.Id': 'Your name for the entry, to find it in Successful or Failed: up to 80 letters, digits, hyphens and underscores, unique in the batch.',
      'Entries.ReceiptHandle': RECEIPT_HANDLE,
      'Entries.VisibilityTimeout': 'Seconds from now until that message becomes visible again: 0 to 43,200 (12 hours).',
    },
    output: BATCH_RESULT,
    examples: [
      {
        title: 'To extend two messages at once',
        setup: [
          MAKE_QUEUE,
          SEND,
          `awsmsg sqs send-message --queue-url ${Q} --message-body 'order 2'`,
          `read -r H1 H2 < <(awsmsg sqs receive-message --queue-url ${Q} --max-number-of-messages 2 --query 'Messages[].ReceiptHandle' --output text)`,
        ],
        command: `awsmsg sqs change-message-visibility-batch --queue-url ${Q} --entries Id=first,ReceiptHandle=$H1,VisibilityTimeout=300 Id=second,ReceiptHandle=$H2,VisibilityTimeout=300`,
      },
    ],
  },
  CreateQueue: {
    description: `Creates a queue and prints its URL, the name every other queue command takes. A name ending in .fifo with the attribute FifoQueue=true makes a FIFO queue (order per message group, exactly-once processing within 5 minutes); anything else is a standard queue (any order, at-least-once delivery, nearly unlimited throughput). The type cannot be changed later.

Creating a queue that already exists with the same attributes just returns its URL, so scripts can call it every time; with different attributes it fails with QueueAlreadyExists. After delete-queue, the name cannot be reused for 60 seconds.`,
    options: {
      QueueName:
        'The name: up to 80 letters, digits, hyphens and underscores; a FIFO queue\'s name ends in .fifo (counted in the 80). Names are case-sensitive and unique per account and region.',
      Attributes: QUEUE_ATTRIBUTES,
      tags: 'Tags to put on the queue as it is created, KEY=VALUE (up to 50; keys 1 to 128 characters, values up to 256). tag-queue adds more later.',
    },
    output: { QueueUrl: 'The queue\'s URL: https://sqs.REGION.amazonaws.com/ACCOUNT/NAME.' },
    examples: [
      {
        title: 'To create a standard queue',
        command: 'awsmsg sqs create-queue --queue-name orders',
      },
      {
        title: 'To create a FIFO queue with content-based deduplication',
        command: 'awsmsg sqs create-queue --queue-name orders.fifo --attributes FifoQueue=true,ContentBasedDeduplication=true',
      },
      {
        title: 'To create a queue whose failed messages go to a dead-letter queue after 5 receives',
        setup: ['awsmsg sqs create-queue --queue-name orders-dlq'],
        command: `awsmsg sqs create-queue --queue-name orders --attributes '{"VisibilityTimeout": "60", "RedrivePolicy": "{\\"deadLetterTargetArn\\": \\"${DLQ_ARN}\\", \\"maxReceiveCount\\": \\"5\\"}"}'`,
        note: 'RedrivePolicy is itself JSON inside a string, hence the escaped quotes. file://attributes.json saves the quoting.',
      },
    ],
  },
  DeleteMessage: {
    description: `Deletes a message you have finished processing, so that it is never delivered again. Receiving a message does not remove it: it only hides it for the visibility timeout, after which another consumer gets it. So a consumer receives, processes, then deletes.

Deleting needs the receipt handle of the latest receive. A handle that is no longer the latest (the message timed out and was received again) deletes nothing: a standard queue accepts the call anyway, as AWS does, and a FIFO queue refuses it (as it refuses a handle whose visibility timeout has passed). Deleting a message that is already gone succeeds.`,
    options: {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: RECEIPT_HANDLE,
    },
    examples: [
      {
        title: 'To delete a message after processing it',
        setup: [MAKE_QUEUE, SEND, RECEIVE_HANDLE],
        command: `awsmsg sqs delete-message --queue-url ${Q} --receipt-handle "$RH"`,
      },
    ],
  },
  DeleteMessageBatch: {
    description: `Deletes up to 10 received messages in one call, as delete-message does for one. A consumer that receives 10 at a time usually deletes them with one batch. Each entry succeeds or fails on its own: look at Failed in the output.`,
    options: {
      QueueUrl: QUEUE_URL,
      Entries: 'One entry per message, 1 to 10 entries.',
      'Entries.Id': 'Your name for the entry, to find it in Successful or Failed: up to 80 letters, digits, hyphens and underscores, unique in the batch.',
      'Entries.ReceiptHandle': RECEIPT_HANDLE,
    },
    output: BATCH_RESULT,
    examples: [
      {
        title: 'To delete two messages, one of them with a handle that is not a receipt handle',
        setup: [MAKE_QUEUE, SEND, RECEIVE_HANDLE],
        command: `awsmsg sqs delete-message-batch --queue-url ${Q} --entries Id=ok,ReceiptHandle=$RH Id=bad,ReceiptHandle=not-a-handle`,
        note: 'The call itself succeeds: one entry in Successful, one in Failed with the reason.',
      },
    ],
  },
  DeleteQueue: {
    description: `Deletes a queue and every message in it, whatever their state. It cannot be undone. A queue of the same name cannot be created again for 60 seconds (on the clock: awsmsg clock advance 60s).`,
    options: { QueueUrl: QUEUE_URL },
    examples: [
      {
        title: 'To delete a queue',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs delete-queue --queue-url ${Q}`,
      },
    ],
  },
  GetQueueAttributes: {
    description: `Shows a queue's settings (visibility timeout, delay, retention, redrive policy, ...) and how many messages it holds: visible (ApproximateNumberOfMessages), in flight (ApproximateNumberOfMessagesNotVisible) and delayed (ApproximateNumberOfMessagesDelayed). Use it to check a setting or to see whether a queue is backing up.

Here the counts are exact at the moment of the call; on AWS they are approximate.`,
    options: {
      QueueUrl: QUEUE_URL,
      AttributeNames: `The attributes to return; All for every one (without this option, none are returned). Besides those create-queue sets, these are computed:

- QueueArn: the queue's ARN (what a redrive policy or an SNS subscription names).
- ApproximateNumberOfMessages: messages that can be received now.
- ApproximateNumberOfMessagesNotVisible: messages in flight (received, not yet deleted or timed out).
- ApproximateNumberOfMessagesDelayed: messages still in their delay.
- CreatedTimestamp, LastModifiedTimestamp: epoch seconds.`,
    },
    output: { Attributes: 'The attributes asked for, NAME: VALUE, all values as strings.' },
    examples: [
      {
        title: 'To see how many messages a queue holds',
        setup: [MAKE_QUEUE, SEND, `awsmsg sqs send-message --queue-url ${Q} --message-body 'order 2'`, `awsmsg sqs receive-message --queue-url ${Q}`],
        command: `awsmsg sqs get-queue-attributes --queue-url ${Q} --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible`,
      },
      {
        title: 'To see every attribute',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs get-queue-attributes --queue-url ${Q} --attribute-names All`,
      },
    ],
  },
  GetQueueUrl: {
    description: `Finds a queue's URL from its name. Every other queue command takes the URL, so a script that knows only the name starts here.`,
    options: {
      QueueName: 'The queue\'s name (case-sensitive), with .fifo for a FIFO queue.',
      QueueOwnerAWSAccountId: 'The account that owns the queue, when it is not your own (awsmsg\'s account is 000000000000 unless AWSMSG_ACCOUNT_ID says otherwise).',
    },
    output: { QueueUrl: 'The queue\'s URL.' },
    examples: [
      {
        title: 'To find a queue\'s URL',
        setup: [MAKE_QUEUE],
        command: 'awsmsg sqs get-queue-url --queue-name orders',
      },
      {
        title: 'To use it in a script',
        setup: [MAKE_QUEUE],
        command: `Q=$(awsmsg sqs get-queue-url --queue-name orders --query QueueUrl --output text); echo "$Q"`,
      },
    ],
  },
  ListDeadLetterSourceQueues: {
    description: `Lists the queues whose RedrivePolicy names this queue as their dead-letter queue: the queues its messages came from. Useful before start-message-move-task, which by default moves each message back to the queue it came from.`,
    options: { QueueUrl: 'The dead-letter queue\'s URL (any of the forms queue commands accept).' },
    output: {
      queueUrls: 'The URLs of the source queues (the member\'s name is in lower camel case, as in AWS\'s API).',
      NextToken: 'Only with --max-items, when more remain: pass it to --starting-token.',
    },
    examples: [
      {
        title: 'To list the queues that use orders-dlq',
        setup: WITH_DLQ,
        command: `awsmsg sqs list-dead-letter-source-queues --queue-url ${DLQ}`,
      },
    ],
  },
  ListMessageMoveTasks: {
    description: `Shows the most recent message move tasks out of a dead-letter queue, newest first, with their status (RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED) and how many messages each has moved. Use it to follow a redrive started with start-message-move-task.`,
    options: {
      SourceArn: 'The ARN of the dead-letter queue the tasks move messages out of.',
      MaxResults: 'How many tasks to show, newest first: 1 to 10; default 1.',
    },
    output: {
      Results: 'The tasks, newest first.',
      'Results.TaskHandle': 'Only for a RUNNING task: what cancel-message-move-task takes.',
      'Results.Status': 'RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED.',
      'Results.SourceArn': 'The dead-letter queue.',
      'Results.DestinationArn': 'Where messages go, when the task named one; otherwise each goes back to its source queue.',
      'Results.MaxNumberOfMessagesPerSecond': 'The rate the task was started with, when it set one.',
      'Results.ApproximateNumberOfMessagesMoved': 'Messages moved so far.',
      'Results.ApproximateNumberOfMessagesToMove': 'Messages the task set out to move (those in the queue when it started).',
      'Results.FailureReason': 'Why a FAILED task stopped.',
      'Results.StartedTimestamp': 'When the task started, epoch milliseconds.',
    },
    examples: [
      {
        title: 'To see a finished redrive',
        setup: [...ONE_IN_DLQ, `awsmsg sqs start-message-move-task --source-arn ${DLQ_ARN}`, 'awsmsg clock advance 5s'],
        command: `awsmsg sqs list-message-move-tasks --source-arn ${DLQ_ARN}`,
      },
    ],
  },
  ListQueueTags: {
    description: 'Shows the tags on a queue (labels for cost allocation and bookkeeping; SQS gives them no meaning).',
    options: { QueueUrl: QUEUE_URL },
    output: { Tags: 'The tags, KEY: VALUE. Absent when the queue has none.' },
    examples: [
      {
        title: 'To list a queue\'s tags',
        setup: ['awsmsg sqs create-queue --queue-name orders --tags team=shop,env=dev'],
        command: `awsmsg sqs list-queue-tags --queue-url ${Q}`,
      },
    ],
  },
  ListQueues: {
    description: `Lists the URLs of your queues in the current region, optionally only those whose names start with a prefix. Queues of other regions (--region) are not listed.`,
    options: {
      QueueNamePrefix: 'Only queues whose names start with this (case-sensitive), up to 80 characters.',
    },
    output: {
      QueueUrls: 'The queues\' URLs, by name. Absent when there are none.',
      NextToken: 'Only with --max-items, when more remain: pass it to --starting-token.',
    },
    examples: [
      {
        title: 'To list every queue',
        setup: [MAKE_QUEUE, 'awsmsg sqs create-queue --queue-name orders-dlq', 'awsmsg sqs create-queue --queue-name payments'],
        command: 'awsmsg sqs list-queues',
      },
      {
        title: 'To list the queues whose names start with "orders"',
        setup: [MAKE_QUEUE, 'awsmsg sqs create-queue --queue-name orders-dlq', 'awsmsg sqs create-queue --queue-name payments'],
        command: 'awsmsg sqs list-queues --queue-name-prefix orders --output text',
      },
    ],
  },
  PurgeQueue: {
    description: `Deletes every message in a queue (visible, in flight and delayed) and keeps the queue with its settings. Use it to start a test over. A queue can be purged once every 60 seconds: a second purge within that time fails with PurgeQueueInProgress.`,
    options: { QueueUrl: QUEUE_URL },
    examples: [
      {
        title: 'To empty a queue',
        setup: [MAKE_QUEUE, SEND],
        command: `awsmsg sqs purge-queue --queue-url ${Q}`,
      },
    ],
  },
  ReceiveMessage: {
    description: `Takes up to 10 messages from a queue. A received message is not removed: it becomes invisible to other consumers for the visibility timeout (the queue's VisibilityTimeout, 30 seconds by default, or --visibility-timeout). Delete it with delete-message and the receipt handle that came with it once processed; otherwise it comes back when the timeout ends and is received again (its ApproximateReceiveCount grows; with a RedrivePolicy, too many receives move it to the dead-letter queue).

With no message available the command prints nothing. --wait-time-seconds (or the queue's ReceiveMessageWaitTimeSeconds) makes it wait up to 20 seconds for one to arrive, from any process: long polling, cheaper and quicker than asking again and again. In a FIFO queue, a message group with a message in flight gives no more messages until that one is deleted or times out.`,
    options: {
      QueueUrl: QUEUE_URL,
      AttributeNames: `The older name of --message-system-attribute-names (AWS keeps it for compatibility): which system attributes to return. ${MESSAGE_SYSTEM_ATTRIBUTE_NAMES.split('\n\n')[1]}`,
      MessageSystemAttributeNames: MESSAGE_SYSTEM_ATTRIBUTE_NAMES,
      MessageAttributeNames:
        'Which of the messages\' own attributes (those sent with --message-attributes) to return: names, All or .* for every one, or a prefix such as order.* . Without this option none are returned (and MD5OfMessageAttributes still is).',
      MaxNumberOfMessages: 'At most how many messages to return: 1 to 10; default 1. Fewer may come back.',
      VisibilityTimeout: 'How long the messages received by this call stay hidden, in seconds: 0 to 43,200 (12 hours). Default: the queue\'s VisibilityTimeout.',
      WaitTimeSeconds: 'How long to wait for a message when none is available: 0 to 20 seconds. It returns as soon as one arrives. Default: the queue\'s ReceiveMessageWaitTimeSeconds.',
      ReceiveRequestAttemptId:
        'FIFO queues: a token that makes a retried receive safe. Calling again with the same token within 5 minutes returns the same messages and receipt handles (while none of them has been deleted or changed), instead of new ones. Up to 128 characters: letters, digits and punctuation.',
    },
    output: {
      Messages: 'The messages received; absent when there were none.',
      'Messages.MessageId': 'The id send-message returned for it.',
      'Messages.ReceiptHandle': 'What delete-message and change-message-visibility take for this receive.',
      'Messages.MD5OfBody': 'The MD5 of the body, to check it arrived intact.',
      'Messages.Body': 'The message body, as sent.',
      'Messages.Attributes': 'The system attributes asked for with --message-system-attribute-names.',
      'Messages.MD5OfMessageAttributes': 'The MD5 of the message attributes (all of them, whether returned or not).',
      'Messages.MessageAttributes': 'The message attributes asked for with --message-attribute-names.',
    },
    examples: [
      {
        title: 'To receive a message',
        setup: [MAKE_QUEUE, SEND],
        command: `awsmsg sqs receive-message --queue-url ${Q}`,
      },
      {
        title: 'To receive up to 10 messages, waiting up to 20 seconds for the first, with their receive counts',
        setup: [MAKE_QUEUE, SEND],
        command: `awsmsg sqs receive-message --queue-url ${Q} --max-number-of-messages 10 --wait-time-seconds 20 --message-system-attribute-names ApproximateReceiveCount SentTimestamp`,
      },
      {
        title: 'To get just the receipt handle, for a script',
        setup: [MAKE_QUEUE, SEND],
        command: `awsmsg sqs receive-message --queue-url ${Q} --query 'Messages[0].ReceiptHandle' --output text`,
      },
    ],
  },
  RemovePermission: {
    description: 'Takes back a permission that add-permission gave, by its label: the statement with that Sid leaves the queue\'s policy.',
    options: {
      QueueUrl: QUEUE_URL,
      Label: 'The label the permission was added with.',
    },
    examples: [
      {
        title: 'To remove a permission',
        setup: [MAKE_QUEUE, `awsmsg sqs add-permission --queue-url ${Q} --label partner-send --aws-account-ids 111122223333 --actions SendMessage`],
        command: `awsmsg sqs remove-permission --queue-url ${Q} --label partner-send`,
      },
    ],
  },
  SendMessage: {
    description: `Puts one message on a queue. It can be received once its delay, if any, has passed. The body is text up to 1 MiB (1,048,576 bytes, attributes included; less if the queue's MaximumMessageSize says so): XML, JSON or any text of the characters XML allows (tab, newline, carriage return, and Unicode from #x20 up, without surrogates).

For a FIFO queue, give a --message-group-id, and a --message-deduplication-id unless the queue has ContentBasedDeduplication. Sending the same deduplication id again within 5 minutes is accepted but the message is not delivered twice.`,
    options: {
      QueueUrl: QUEUE_URL,
      MessageBody: 'The message: 1 byte to 1 MiB of text (see above for the characters allowed). file://PATH reads it from a file.',
      DelaySeconds: 'How long this message stays hidden before it can be received: 0 to 900 seconds (15 minutes). Default: the queue\'s DelaySeconds. Not allowed per message on a FIFO queue (set the queue\'s DelaySeconds instead).',
      MessageAttributes: MESSAGE_ATTRIBUTES,
      'MessageAttributes.key': 'The attribute\'s name.',
      ...prefixed('MessageAttributes', ATTRIBUTE_VALUE),
      MessageSystemAttributes: SYSTEM_ATTRIBUTES,
      ...prefixed('MessageSystemAttributes', ATTRIBUTE_VALUE),
      MessageDeduplicationId: DEDUP_ID,
      MessageGroupId: GROUP_ID,
    },
    output: {
      MD5OfMessageBody: 'The MD5 of the body as SQS received it: compare it with your own to check nothing was lost.',
      MD5OfMessageAttributes: 'The MD5 of the message attributes (SQS\'s own encoding of names, types and values); absent without attributes.',
      MD5OfMessageSystemAttributes: 'The MD5 of the system attributes; absent without them.',
      MessageId: 'The message\'s id, the same when it is received.',
      SequenceNumber: 'FIFO queues only: the message\'s place in the queue, a large number that grows with each message of a group.',
    },
    examples: [
      {
        title: 'To send a message',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs send-message --queue-url ${Q} --message-body '{"order": 1}'`,
      },
      {
        title: 'To send a message with attributes, hidden for 10 seconds',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs send-message --queue-url ${Q} --message-body 'order 2' --delay-seconds 10 --message-attributes '{"customer": {"DataType": "String", "StringValue": "c-42"}, "total": {"DataType": "Number", "StringValue": "99.50"}}'`,
      },
      {
        title: 'To send to a FIFO queue',
        setup: ['awsmsg sqs create-queue --queue-name orders.fifo --attributes FifoQueue=true'],
        command: 'awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders.fifo --message-body \'order 3\' --message-group-id customer-42 --message-deduplication-id order-3',
      },
    ],
  },
  SendMessageBatch: {
    description: `Puts up to 10 messages on a queue in one call: fewer calls for the same messages, as producers sending many do. Each entry is a message as send-message takes it, with an Id of your own to match the results. Together the entries may total 1 MiB. Each entry succeeds or fails on its own: look at Failed in the output.`,
    options: {
      QueueUrl: QUEUE_URL,
      Entries: 'One entry per message, 1 to 10 entries.',
      'Entries.Id': 'Your name for the entry, to find it in Successful or Failed: up to 80 letters, digits, hyphens and underscores, unique in the batch.',
      'Entries.MessageBody': 'The message, as for send-message.',
      'Entries.DelaySeconds': 'This message\'s delay, 0 to 900 seconds (not on FIFO queues).',
      'Entries.MessageAttributes': MESSAGE_ATTRIBUTES,
      ...prefixed('Entries.MessageAttributes', ATTRIBUTE_VALUE),
      'Entries.MessageSystemAttributes': SYSTEM_ATTRIBUTES,
      ...prefixed('Entries.MessageSystemAttributes', ATTRIBUTE_VALUE),
      'Entries.MessageDeduplicationId': DEDUP_ID,
      'Entries.MessageGroupId': GROUP_ID,
    },
    output: {
      Successful: 'The entries sent, each with its Id, MessageId, MD5s and (FIFO) SequenceNumber, as send-message prints them.',
      Failed: BATCH_RESULT.Failed,
    },
    examples: [
      {
        title: 'To send three messages in one call',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs send-message-batch --queue-url ${Q} --entries Id=a,MessageBody=one Id=b,MessageBody=two Id=c,MessageBody=three,DelaySeconds=30`,
      },
    ],
  },
  SetQueueAttributes: {
    description: `Changes a queue's settings: visibility timeout, delay, retention, maximum size, long-poll wait, dead-letter queue, access policy and encryption settings. Only the attributes given change. A FIFO queue's type cannot be changed, nor a standard queue made FIFO.

The change applies to messages from now on; lowering MessageRetentionPeriod also expires older messages that are now past it.`,
    options: {
      QueueUrl: QUEUE_URL,
      Attributes: `${QUEUE_ATTRIBUTES}

An empty RedrivePolicy ("") removes the dead-letter queue.`,
    },
    examples: [
      {
        title: 'To give consumers two minutes per message',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs set-queue-attributes --queue-url ${Q} --attributes VisibilityTimeout=120`,
      },
      {
        title: 'To make a queue long-poll by default',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs set-queue-attributes --queue-url ${Q} --attributes ReceiveMessageWaitTimeSeconds=20`,
      },
    ],
  },
  StartMessageMoveTask: {
    description: `Moves the messages of a dead-letter queue somewhere they will be processed again: by default each back to the queue it came from, or all to --destination-arn. This is the "redrive" of the SQS console, for after you have fixed whatever made them fail. The task moves the messages that are in the queue when it starts, in the background; follow it with list-message-move-tasks, stop it with cancel-message-move-task. One task at a time per queue.

Here the task progresses on the clock (awsmsg clock advance moves it along).`,
    options: {
      SourceArn: 'The ARN of the dead-letter queue to move messages out of. It must be a dead-letter queue: another queue\'s RedrivePolicy names it.',
      DestinationArn: 'The ARN of the queue to move every message to. Without it, each message returns to the queue it was moved from.',
      MaxNumberOfMessagesPerSecond: 'How many messages to move a second, at most 500. Without it, the task moves as fast as it can (500 a second here).',
    },
    output: { TaskHandle: 'The task\'s handle, for cancel-message-move-task.' },
    examples: [
      {
        title: 'To move the messages of a dead-letter queue back to their queue',
        setup: ONE_IN_DLQ,
        command: `awsmsg sqs start-message-move-task --source-arn ${DLQ_ARN}`,
      },
    ],
  },
  TagQueue: {
    description: 'Adds tags to a queue, or changes the value of tags it has. Tags label queues for cost allocation and bookkeeping; SQS gives them no meaning. A queue has at most 50.',
    options: {
      QueueUrl: QUEUE_URL,
      Tags: 'The tags, KEY=VALUE: keys 1 to 128 characters, values up to 256, both case-sensitive. A key the queue has already gets the new value.',
    },
    examples: [
      {
        title: 'To tag a queue',
        setup: [MAKE_QUEUE],
        command: `awsmsg sqs tag-queue --queue-url ${Q} --tags team=shop,cost-center=1234`,
      },
    ],
  },
  UntagQueue: {
    description: 'Removes tags from a queue, by key. Keys the queue does not have are ignored.',
    options: {
      QueueUrl: QUEUE_URL,
      TagKeys: 'The keys of the tags to remove.',
    },
    examples: [
      {
        title: 'To remove a tag',
        setup: ['awsmsg sqs create-queue --queue-name orders --tags team=shop,env=dev'],
        command: `awsmsg sqs untag-queue --queue-url ${Q} --tag-keys env`,
      },
    ],
  },
};

export const help: ServiceHelp = {
  about: `A queue holds messages until a consumer takes them. Producers send-message; consumers receive-message, process, and delete-message. A received message is hidden from other consumers for its visibility timeout, and comes back if it is not deleted in time, so a consumer that crashes loses nothing. Use SQS to hand work from one part of a system to another at its own pace.

Standard queues deliver at least once, in roughly the order sent; FIFO queues (names ending in .fifo) keep order per message group and deliver exactly once. A dead-letter queue (the RedrivePolicy attribute) collects messages that keep failing.`,
  pages,
};

/**
 * The pages of awsmsg's own commands (`awsmsg clock help`, `awsmsg sns outbox help`, ...), by
 * their words. The flags themselves come from each command's definition (commander); these
 * are the words about them, keyed by the long flag or the argument's name.
 */
import type { OwnCommandHelp, RecordedOutputs } from './types.js';
import examples from './examples/own.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

const T = 'arn:aws:sns:us-east-1:000000000000:orders';
const ORDERS_FANOUT = [
  'awsmsg sns create-topic --name orders',
  'awsmsg sqs create-queue --queue-name billing',
  'awsmsg sqs create-queue --queue-name shipping',
  `awsmsg sns subscribe --topic-arn ${T} --protocol sqs --notification-endpoint arn:aws:sqs:us-east-1:000000000000:billing`,
  `awsmsg sns subscribe --topic-arn ${T} --protocol sqs --notification-endpoint arn:aws:sqs:us-east-1:000000000000:shipping --attributes '{"FilterPolicy": "{\\"type\\": [\\"shipped\\"]}"}'`,
];
const EMAIL_SUBSCRIBED = ['awsmsg sns create-topic --name orders', `awsmsg sns subscribe --topic-arn ${T} --protocol email --notification-endpoint ops@example.com`];
const TRUCKS = [
  'awsmsg kinesis create-stream --stream-name trucks --shard-count 2',
  'awsmsg clock advance 2s',
  "awsmsg kinesis put-record --stream-name trucks --partition-key truck-42 --cli-binary-format raw-in-base64-out --data '{\"lat\": 52.52}'",
  "awsmsg kinesis put-record --stream-name trucks --partition-key truck-1 --cli-binary-format raw-in-base64-out --data '{\"lat\": 48.85}'",
];
const CONSUMED = [
  ...TRUCKS,
  "awsmsg kinesis consume --stream-name trucks --application-name fleet --worker-id w1 --initial-position TRIM_HORIZON --exec 'cat > /dev/null' --quiet &",
  "until awsmsg kinesis describe-leases --application-name fleet --query \"Leases[?LeaseKey=='shardId-000000000001'].Checkpoint\" --output text 2> /dev/null | grep -q '^[0-9]'; do sleep 0.1; done",
  'kill -INT $! && wait $! || true',
];

const OUTBOX_FILTERS = {
  '--protocol': 'Only entries of this protocol: email, email-json, sms, application, lambda, firehose, http, https or sqs.',
  '--endpoint': 'Only entries for this endpoint (an address, a number, a URL, an ARN).',
  '--all-regions': 'Entries of every region, not only the current one (--region).',
};

export const pages: Record<string, OwnCommandHelp> = {
  shell: {
    description: `An interactive shell for awsmsg: type commands as you would after "awsmsg" (sqs list-queues, kinesis put-record ...; a leading aws or awsmsg is accepted, so lines pasted from documentation work). Tab completes services, operations, flags, enum values, and the queue URLs, topic ARNs, stream names and shard ids that exist in the state file right now. Errors do not end it; the next prompt shows their status. History is kept next to the state file. exit, quit or Ctrl-D leaves.

awsmsg alone on a terminal opens it too. Without a terminal, or with a file, it runs the commands it reads, one per line, echoing each ($ ...) before its output, and stops at the first that fails: a file of commands is a script. Global options given to the shell (--region, --db, --output) apply to every line.`,
    options: {
      file: 'A file of commands to run, one per line (blank lines and # comments are skipped; a trailing backslash continues a line). Without it, standard input: the interactive shell on a terminal, the commands piped in otherwise.',
      '--continue': 'In a script, go on after a command fails; the shell still ends with the status of the last failure.',
    },
    examples: [
      {
        title: 'To run a file of commands',
        setup: ["printf '# a queue and a message\\nsqs create-queue --queue-name demo --output text\\nsqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/demo --message-body hello --query MD5OfMessageBody\\n' > demo.txt"],
        command: 'awsmsg shell demo.txt',
      },
    ],
  },
  guide: {
    description: `Builds a command with you, one question at a time, on a terminal: the service, then the operation (from a list you can filter by typing, each with a line on what it does), then its parameters, required ones first, each asked in the way its type needs: a list for allowed values, a number checked against its range, a picker of the queues, topics, streams and shards that exist (and of values from results you just had, such as a receipt handle). It then shows the equivalent awsmsg command, so you learn the syntax, runs it if you say so, and suggests what to do next. Ctrl-C goes back a step; at the top it leaves.

It needs a terminal: without one it says so and exits with status 252.`,
    options: {},
    examples: [
      {
        title: 'Without a terminal',
        command: 'awsmsg guide < /dev/null',
        exitStatus: 252,
        note: 'On a terminal the guide starts with "Which service?".',
      },
    ],
  },
  tutorial: {
    description: `Lessons that teach SQS, SNS and Kinesis by running real commands: each step says what is about to happen, shows the command, runs it, shows its output and what to notice in it, and moves time with awsmsg clock advance instead of waiting. Enter goes on, q stops. Without a name, the list of lessons.

A lesson works in a state file of its own, removed at the end, unless --db names one to keep (look around afterwards with awsmsg --db FILE status).`,
    options: {
      name: 'The lesson to play, from the list awsmsg tutorial prints.',
      '--yes': 'Play straight through without waiting for Enter (as any run without a terminal does).',
    },
    examples: [{ title: 'To find the lesson on SQS basics', command: 'awsmsg tutorial | grep sqs-basics' }],
  },
  status: {
    description: `Shows what the state file holds, as tables: each queue's messages (visible, in flight, delayed) and dead-letter queue; each topic's subscriptions by protocol, those waiting for confirmation, and HTTP/S deliveries pending or failed; each stream's status, shards, retention, records and recent throttling; and each KCL consumer application's leases, workers and lag. --watch redraws it every second.

With --output or --query the same data is printed as an operation's result would be, for scripts. Looking never creates a state file, and delivers nothing.`,
    options: {
      '--watch': 'Redraw every second until Ctrl-C (on a terminal, in place).',
      '--application-name': 'Show only these KCL consumer applications (all by default).',
    },
    output: {
      StateFile: 'The state file shown.',
      Region: 'The region shown.',
      Time: "The state file's clock.",
      Queues: 'QueueName, QueueUrl, Fifo, Visible, InFlight, Delayed, and the dead-letter queue settings when there are some.',
      Topics: 'Per topic: its subscriptions by protocol, those pending confirmation, and outbox counts.',
      Streams: 'Per stream: status, mode, open and closed shards, retention, consumers, records, throttled reads and writes.',
      Applications: 'Per KCL application: leases held, expired, unassigned and finished, workers, and lag.',
    },
    examples: [
      {
        title: 'To see each queue\'s messages, for a script',
        setup: [
          'awsmsg sqs create-queue --queue-name orders',
          'awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders --message-body one',
          'awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders --message-body two',
          'awsmsg sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders',
        ],
        command: "awsmsg status --query 'Queues[].[QueueName, Visible, InFlight]' --output text",
      },
    ],
  },
  clock: {
    description: `Shows the state file's clock. Every time in awsmsg comes from it: visibility timeouts, delays, message retention, deduplication windows, purge and name-reuse cool-downs, move tasks, stream and consumer lifecycles, record retention, iterator expiry, throughput windows, SNS retries, KCL lease expiry. It is real time plus an offset that only grows: awsmsg clock advance moves it forward for every process sharing the state file, so a lesson or a test never has to sleep.`,
    options: {},
    output: {
      Now: "The clock's time.",
      OffsetSeconds: 'How far it runs ahead of real time, in seconds.',
    },
    examples: [{ title: 'To show the clock', command: 'awsmsg clock' }],
  },
  'clock advance': {
    description: `Moves the state file's clock forward, at once, for every process using the file: a message whose visibility timeout has run out is visible again, a delayed message can be received, a new stream is ACTIVE, a due SNS retry is made. It never moves backward.`,
    options: { duration: 'How far: a number with ms, s, m, h or d (31s, 5m, 2h, 1d); a number alone is seconds.' },
    output: { Now: "The clock's new time.", OffsetSeconds: 'How far it now runs ahead of real time, in seconds.' },
    examples: [
      {
        title: 'To let a message\'s visibility timeout run out',
        setup: [
          'awsmsg sqs create-queue --queue-name orders',
          'awsmsg sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders --message-body hello',
          'awsmsg sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders',
        ],
        command: "awsmsg clock advance 31s --query OffsetSeconds && awsmsg sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/000000000000/orders --query 'Messages[0].Body' --output text",
        note: 'The first receive hid the message for the queue\'s 30-second visibility timeout; 31 seconds later it can be received again.',
      },
    ],
  },
  config: {
    description: `Shows the settings of the state file, with their values and what they do. Settings live in the state file itself, so every awsmsg process using the file (shells, servers, consumers) behaves alike. Looking never creates a state file.

- sqs.standard-queue-realism (off): on, standard queues now and then deliver out of order and deliver a message twice, as AWS's best-effort ordering and at-least-once delivery allow; FIFO queues are never affected. Off, standard queues are strict.
- sqs.realism-seed (1): the seed of the realism's choices: the same seed and the same commands give the same outcome.

With --output or --query the settings are printed as an operation's result would be.`,
    options: {},
    output: { Settings: 'Each setting: Name, Value, IsDefault, Description.' },
    examples: [{ title: 'To list the settings and their values, for a script', command: "awsmsg config --query 'Settings[].[Name, Value]' --output text" }],
  },
  'config list': {
    description: 'Every setting, its value, and what it does (as awsmsg config alone).',
    options: {},
    examples: [{ title: 'To list the settings', command: 'awsmsg config list' }],
  },
  'config get': {
    description: "One setting's value (its default when it was never set).",
    options: { name: 'The setting, e.g. sqs.standard-queue-realism.' },
    examples: [{ title: 'To see whether standard queues are realistic', command: 'awsmsg config get sqs.standard-queue-realism' }],
  },
  'config set': {
    description: 'Changes a setting of the state file; every process using the file sees the change. A value the setting does not take is refused before the state file is touched.',
    options: { name: 'The setting, e.g. sqs.standard-queue-realism.', value: 'Its new value: on or off for switches, a whole number for the seed.' },
    examples: [
      {
        title: 'To let standard queues reorder and redeliver as AWS may',
        command: 'awsmsg config set sqs.standard-queue-realism on && awsmsg config get sqs.standard-queue-realism',
      },
    ],
  },
  'config unset': {
    description: 'Puts a setting back to its default, as if it had never been set.',
    options: { name: 'The setting.' },
    examples: [
      {
        title: 'To make standard queues strict again',
        setup: ['awsmsg config set sqs.standard-queue-realism on'],
        command: 'awsmsg config unset sqs.standard-queue-realism && awsmsg config get sqs.standard-queue-realism',
      },
    ],
  },
  serve: {
    description: `Answers AWS's own wire protocols for SQS, SNS and Kinesis on one local port, over the state file the command line uses: any SDK, the AWS CLI, and libraries such as sqs-consumer or a KCL application work against awsmsg unchanged, and share its state with awsmsg commands in other shells. Point them at it with AWS_ENDPOINT_URL (or an SDK's endpoint option); any credentials and region do.

It speaks SQS's JSON protocol and its older query/XML protocol, SNS's query/XML protocol, Kinesis's JSON and CBOR protocols and SubscribeToShard's event stream, over HTTP/1.1 and HTTP/2 (h2c) on the same port. Queue URLs it returns point at it. It prints one line per request (operation, status, milliseconds) and stops cleanly on Ctrl-C: requests in flight finish, long polls answer empty, event streams end.

GET /_awsmsg/health says what it serves from which file; POST /_awsmsg/clock with {"advance": "31s"} moves the clock as awsmsg clock advance does.`,
    options: {
      '--host': 'The address to listen on: 127.0.0.1 (this machine only) unless you say otherwise; any other address is printed as a warning, since whoever reaches it can use the state file.',
      '--port': 'The port: 4566 by default (where tools expect a local AWS); 0 picks a free one, printed at start.',
      '--quiet': 'No line per request.',
      '--verify-signatures': "Check every request's SigV4 signature, as AWS does, and answer AWS's errors (SignatureDoesNotMatch, expired requests, unknown keys). Credentials come from --credentials, else your AWS profile.",
      '--credentials': 'ACCESS_KEY_ID:SECRET_ACCESS_KEY pairs that signatures are checked against (with --verify-signatures); give the option more than once for several.',
    },
    examples: [
      {
        title: 'To serve on a free port and call it with the AWS CLI',
        command:
          "awsmsg serve --port 0 > serve.log & until grep -qs export serve.log; do sleep 0.1; done; URL=$(sed -n 's/.*export AWS_ENDPOINT_URL=//p' serve.log); awsmsg sqs create-queue --queue-name orders --output text; curl -s $URL/_awsmsg/health | grep status; kill -INT %1; wait",
        note: 'The server and the command line share the state file: the queue created by awsmsg is there for any SDK pointed at the server.',
      },
    ],
  },
  completion: {
    description: `Prints a completion script for bash, zsh or fish. Loaded by your shell, it completes awsmsg command lines as the interactive shell does: services, operations, flags, allowed values, and the queue URLs, topic ARNs and stream names in the state file. (The script calls the hidden command awsmsg __complete.)

    bash, in ~/.bashrc:  eval "$(awsmsg completion bash)"
    zsh, in ~/.zshrc:    eval "$(awsmsg completion zsh)"
    fish:                awsmsg completion fish > ~/.config/fish/completions/awsmsg.fish`,
    options: { shell: 'bash, zsh or fish.' },
    examples: [{ title: 'To look at the start of the bash script', command: 'awsmsg completion bash | head -n 3' }],
  },
  'sns outbox': {
    description: `What SNS sent to endpoints awsmsg cannot reach, and the state of HTTP/S deliveries. E-mail, email-json, SMS, mobile push (application), Lambda and Firehose deliveries are recorded here instead of sent, with the body and headers they would have had; so are subscription confirmations (the e-mail with its confirmation link, the SMS sandbox's one-time passwords). HTTP/S deliveries are really made, and listed here with their attempts, status and next retry. Newest last.`,
    options: {
      ...OUTBOX_FILTERS,
      '--topic-arn': 'Only deliveries of this topic.',
      '--subscription-arn': 'Only deliveries to this subscription.',
      '--message-id': 'Only this message\'s deliveries.',
      '--status': 'Only entries in this state: recorded (not sendable from here), pending (an HTTP/S delivery waiting for its next attempt), delivered, failed, dead-lettered (moved to the subscription\'s dead-letter queue) or cancelled.',
      '--limit': 'At most this many entries.',
    },
    types: { '--limit': 'integer' },
    output: {
      Entries: 'The entries: Id, Timestamp, Region, Protocol, Endpoint, MessageId, Type (Notification, SubscriptionConfirmation, ...), Subject and Body, Headers, Status, Attempts, LastError, NextAttemptAt, TopicArn, SubscriptionArn.',
    },
    examples: [
      {
        title: 'To read the confirmation e-mail of a subscription',
        setup: EMAIL_SUBSCRIBED,
        command: "awsmsg sns outbox --protocol email --query 'Entries[0].[Type, Endpoint, Subject]' --output text",
      },
    ],
  },
  'sns outbox show': {
    description: 'Shows one outbox entry whole: body, headers, attempts and errors.',
    options: { id: 'The entry\'s Id, as awsmsg sns outbox lists it.' },
    examples: [
      {
        title: 'To show an entry',
        setup: EMAIL_SUBSCRIBED,
        command: "awsmsg sns outbox show 1 --query '[Type, Subject, Headers]'",
      },
    ],
  },
  'sns outbox clear': {
    description: 'Deletes finished entries from the outbox (recorded, delivered, failed, dead-lettered, cancelled). HTTP/S deliveries still pending stay.',
    options: OUTBOX_FILTERS,
    output: { Cleared: 'How many entries were deleted.' },
    examples: [{ title: 'To empty the outbox', setup: EMAIL_SUBSCRIBED, command: 'awsmsg sns outbox clear' }],
  },
  'sns explain-filter': {
    description: `Tells, for one message, which subscriptions of a topic would receive it and why the others would not, key by key of their filter policies. It takes exactly the arguments of sns publish, so a publish command becomes a question by changing its verb; nothing is published.`,
    synopsis: [
      '  awsmsg sns explain-filter',
      '--topic-arn <value>',
      '--message <value>',
      '[--message-attributes <value>]',
      '[--message-structure <value>]',
    ],
    flags: [
      { flag: '--topic-arn', type: 'string', required: true, text: 'The topic whose subscriptions to check.' },
      { flag: '--message', type: 'string', required: true, text: 'The message (its body is what a MessageBody-scoped filter policy looks at).' },
      { flag: '--message-attributes', type: 'map', text: 'The message attributes, as for sns publish: NAME={DataType=String,StringValue=VALUE} or JSON. What a MessageAttributes-scoped filter policy looks at.' },
      { flag: '--message-structure', type: 'string', text: 'json when --message holds one message per protocol, as for sns publish.' },
    ],
    options: {},
    output: {
      Subscriptions: 'Per subscription of the topic: SubscriptionArn, Protocol, Endpoint, Matched (true when it would receive the message), and Reasons: a line per filter-policy key saying why it matched or not.',
    },
    examples: [
      {
        title: 'To see why a message would not reach a queue',
        setup: ORDERS_FANOUT,
        command: `awsmsg sns explain-filter --topic-arn ${T} --message 'order 9 paid' --message-attributes '{"type": {"DataType": "String", "StringValue": "paid"}}' --query 'Subscriptions[].[Endpoint, Matched, join(\`; \`, Reasons)]' --output text`,
      },
    ],
  },
  'sns deliver': {
    description: `Makes the HTTP/S deliveries and retries that have fallen due on the clock. Every awsmsg command already does this before it exits, so this is seldom needed, except with --wait, to keep going until nothing is left to retry (the retries follow the subscriptions' DeliveryPolicy). Deliveries that exhaust their policy go to the subscription's dead-letter queue, if it has one.`,
    options: {
      '--wait': 'Keep delivering until no delivery is pending (or --timeout passes).',
      '--timeout': 'With --wait, give up after this many real seconds.',
    },
    types: { '--timeout': 'integer' },
    output: {
      Attempted: 'Deliveries attempted by this command.',
      Delivered: 'Of those, delivered (the endpoint answered 2xx).',
      Retrying: 'Failed and to be retried later.',
      Failed: 'Failed for good (policy exhausted, no dead-letter queue).',
      DeadLettered: 'Failed for good and moved to a dead-letter queue.',
      Pending: 'Deliveries still waiting for a retry.',
      NextDueAt: 'When the next retry falls due, on the clock.',
    },
    examples: [
      {
        title: 'To see a delivery waiting for its retry',
        setup: ['awsmsg sns create-topic --name orders', `awsmsg sns subscribe --topic-arn ${T} --protocol http --notification-endpoint http://127.0.0.1:9/hook`],
        command: "awsmsg sns deliver && awsmsg sns outbox --query 'Entries[0].[Type, Status, Attempts, LastError]' --output text",
        note: 'Nothing listens on port 9: the confirmation request failed when the subscription was made, and waits for its retry (20 seconds later, on the clock, by the default delivery policy).',
      },
    ],
  },
  'sns signing-cert': {
    description: `Prints the certificate that verifies the signatures of this state file's SNS messages (the one their SigningCertURL names), in PEM form. Each state file has its own RSA key and self-signed certificate, made on first use; messages are signed as AWS signs them, so a subscriber can check what it receives with this certificate.`,
    options: { '--details': 'Print the certificate\'s file name (as in SigningCertURL), SHA-256 fingerprint and validity, as a result, instead of the PEM text.' },
    output: {
      FileName: 'With --details: the name SigningCertURL ends with.',
      Fingerprint256: "With --details: the certificate's SHA-256 fingerprint.",
      ValidFrom: 'With --details: the start of its validity.',
      ValidTo: 'With --details: the end of its validity (ten years on).',
    },
    examples: [
      { title: 'To save the certificate', command: 'awsmsg sns signing-cert > sns.pem && head -n 1 sns.pem' },
      { title: 'To see its details', command: 'awsmsg sns signing-cert --details' },
    ],
  },
  'sns visit-subscribe-url': {
    description: `Does what visiting a SubscribeURL does on AWS: confirms the subscription. The URL is in the SubscribeURL field of an HTTP/S endpoint's SubscriptionConfirmation, or the link of a confirmation e-mail in the outbox.`,
    options: { url: 'The SubscribeURL, or the confirmation e-mail\'s link.' },
    output: { SubscriptionArn: "The confirmed subscription's ARN." },
    examples: [
      {
        title: 'To confirm an e-mail subscription from the link in its e-mail',
        setup: [...EMAIL_SUBSCRIBED, "URL=$(awsmsg sns outbox --protocol email --query 'Entries[0].Body' --output text | grep -o 'https://[^ ]*confirmation.html[^ ]*')"],
        command: 'awsmsg sns visit-subscribe-url "$URL"',
      },
    ],
  },
  'kinesis consume': {
    description: `Runs one worker of a KCL-style consumer application. The application's workers share the stream's shards through a lease table in the state file, as the Kinesis Client Library does with DynamoDB: each shard is read by one worker at a time, expired leases are taken over, the busiest worker gives some up when others join, and checkpoints let a restarted worker resume where the last one stopped. Start it in several shells to see the shards spread. Parents are finished before their children after a reshard. It runs until Ctrl-C.

The records go to a record processor: --multilang runs a processor written with the KCL's language bindings (for Node.js the aws-kcl package) over the MultiLangDaemon protocol, one process per shard; --exec runs any shell command per batch with one JSON record per line on its standard input (exit 0 checkpoints the batch). --properties reads the KCL's own .properties file. The worker's log goes to standard error.`,
    options: {
      '--properties': 'A KCL MultiLangDaemon .properties file: executableName, streamName, applicationName, initialPositionInStream, regionName, failoverTimeMillis, maxRecords, retrievalMode, ... Flags override it.',
      '--stream-name': 'The stream to consume.',
      '--application-name': "The application: workers of one application share the stream's shards and checkpoints. Its lease table is named after it (awsmsg kinesis describe-leases shows it).",
      '--multilang': 'A KCL record processor command (node processor.js, python app.py, ...), run once per shard, spoken to over the MultiLangDaemon protocol.',
      '--exec': 'A shell command run for each batch of a shard: the records on its standard input, one JSON object per line (shardId, sequenceNumber, subSequenceNumber, partitionKey, approximateArrivalTimestamp, data in base64, and text when the data is UTF-8). Exit 0 checkpoints the batch; anything else runs it again after a pause. Its standard output is the worker\'s.',
      '--worker-id': 'This worker\'s id, unique within the application (a random UUID by default).',
      '--initial-position': 'Where shards without a checkpoint start: TRIM_HORIZON (the oldest record), LATEST (the default: only new records) or AT_TIMESTAMP.',
      '--initial-position-timestamp': 'For AT_TIMESTAMP: an ISO 8601 time or epoch seconds.',
      '--failover-time-millis': 'A worker that has not renewed its leases for this long loses them to the others. Workers renew every third of it.',
      '--max-records': 'Records per GetRecords call: 1 to 10,000.',
      '--idle-time-between-reads-millis': "How long to wait between a shard's GetRecords calls.",
      '--retrieval-mode': 'POLLING (GetRecords), FANOUT (an enhanced fan-out consumer the workers register, records pushed by SubscribeToShard) or DEFAULT (as the properties file says: fan-out unless it has polling settings; polling without one).',
      '--consumer-name': 'With FANOUT: the name of the stream consumer to register (the application\'s name by default).',
      '--quiet': "Do not print the worker's log.",
    },
    types: { '--failover-time-millis': 'integer', '--max-records': 'integer', '--idle-time-between-reads-millis': 'integer' },
    examples: [
      {
        title: 'To print every record of a stream with a shell command',
        setup: TRUCKS,
        command: "awsmsg kinesis consume --stream-name trucks --application-name fleet --initial-position TRIM_HORIZON --quiet --exec cat",
        stopAfter: 'truck-1',
        exitStatus: 130,
        note: 'Each line is one record as --exec commands get it. Both went to shard 1 (their keys hash there), so they come in the order they were put.',
      },
    ],
  },
  'kinesis describe-leases': {
    description: `Shows a KCL application's lease table: one lease per shard, with its owner (the worker reading it), its counter (every renewal adds one), its checkpoint (where a new owner resumes), its lineage, and how far behind the shard's newest record it is. Printed as an operation's result, so --output table and --query work.`,
    options: {
      '--application-name': 'The application whose lease table to show.',
      '--stream-name': "Only the leases of this stream's shards.",
      '--failover-time-millis': 'The failover time by which a lease not renewed counts as EXPIRED.',
    },
    types: { '--failover-time-millis': 'integer' },
    output: {
      ApplicationName: 'The application.',
      StreamName: 'Its stream.',
      Leases: 'Per shard: LeaseKey (the shard id), LeaseOwner, LeaseCounter, LeaseState (HELD, EXPIRED, UNASSIGNED or FINISHED), Checkpoint (a sequence number, TRIM_HORIZON, LATEST or SHARD_END) and CheckpointSubSequenceNumber, OwnerSwitchesSinceCheckpoint, ParentShardIds, ChildShardIds, HashKeyRange, LagRecords and LagMillis.',
    },
    examples: [
      {
        title: 'To see where each shard was checkpointed',
        setup: CONSUMED,
        command: "awsmsg kinesis describe-leases --application-name fleet --query 'Leases[].[LeaseKey, LeaseState, Checkpoint, LagRecords]' --output text",
        note: 'The worker ran and stopped: its leases are UNASSIGNED, ready for the next worker, which resumes after the checkpoints. Shard 0 had no records, so it is still at TRIM_HORIZON.',
      },
    ],
  },
  'kinesis throughput-enforcement': {
    description: `Shows, or turns on and off, the per-shard throughput limits: 1 MiB or 1,000 records a second in, 2 MiB and 5 GetRecords calls a second out, as on AWS. They are on by default, so that a hot partition key fails as it would on AWS (ProvisionedThroughputExceededException); turn them off for load tests. The setting is per state file and account.`,
    options: { state: 'on or off; without it, the current setting is shown.' },
    output: { ThroughputEnforcement: 'on or off.' },
    examples: [
      { title: 'To lift the limits', command: 'awsmsg kinesis throughput-enforcement off' },
    ],
  },
};

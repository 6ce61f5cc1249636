/**
 * Everything the user typed is checked before the first write. The AWS CLI compiles --query
 * while it parses the global options, so a bad expression fails before the operation runs;
 * awsmsg must do the same for every command that changes state — or a send-message with a
 * typo in its --query stores the message, a receive-message puts messages in flight whose
 * receipt handles are never shown, and a delete-queue deletes the queue.
 *
 * Every operation of the three models that is not a Get/List/Describe (the list comes from
 * the models, so a new operation must be added here), plus awsmsg's own commands that write,
 * is run once with a bad --query: each must fail with the CLI's message and status 252 and
 * leave the state file exactly as it was. The same command lines without --query are then run
 * in order and must all succeed, which shows each would have changed state had it run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.js';
import { SERVICE_NAMES } from '../../src/model/types.js';
import { LIFECYCLE_MS } from '../../src/services/kinesis/constants.js';
import { listOutbox, optOutPhoneNumber } from '../../src/services/sns/index.js';
import { cliState, type CliState } from '../helpers/cliState.js';
import { stateChanges, stateDump } from '../helpers/stateDump.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const QURL = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const QARN = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const TARN = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const SARN = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
const BAD_QUERY = 'Messages[?';
const BAD_QUERY_SAYS = `Bad value for --query ${BAD_QUERY}: `;

let s: CliState;

/** What the set-up made that the command lines refer to. */
interface Made {
  handles: string[];
  moveTask: string;
  token: string;
  subscription: string;
  platformApp: string;
  endpoint: string;
  otp: string;
  consumerArn: string;
  subscribeUrl: string;
}
let made: Made;

/** One command line, and the operation of a model it runs (undefined for awsmsg's own commands). */
interface Line {
  op?: string;
  args: string[];
  /** run only with a bad --query: it would not end by itself (a stream, a worker) */
  badOnly?: boolean;
}

const advance: Line = { args: ['clock', 'advance', '1m'] };

function lines(m: Made): Line[] {
  const Q = QURL('orders');
  const T = TARN('orders');
  const trucks = SARN('trucks');
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kinesis:GetRecords', Resource: trucks }],
  });
  const dataProtection = JSON.stringify({
    Name: 'data_protection_policy',
    Description: 'test',
    Version: '2021-06-01',
    Statement: [{ DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/CreditCardNumber'], Operation: { Deny: {} } }],
  });
  return [
    // SQS
    { op: 'sqs CreateQueue', args: ['sqs', 'create-queue', '--queue-name', 'created'] },
    { op: 'sqs SendMessage', args: ['sqs', 'send-message', '--queue-url', Q, '--message-body', 'hello'] },
    { op: 'sqs SendMessageBatch', args: ['sqs', 'send-message-batch', '--queue-url', Q, '--entries', 'Id=a,MessageBody=x', 'Id=b,MessageBody=y'] },
    { op: 'sqs ChangeMessageVisibility', args: ['sqs', 'change-message-visibility', '--queue-url', Q, '--receipt-handle', m.handles[0]!, '--visibility-timeout', '100'] },
    { op: 'sqs ChangeMessageVisibilityBatch', args: ['sqs', 'change-message-visibility-batch', '--queue-url', Q, '--entries', `Id=a,ReceiptHandle=${m.handles[1]!},VisibilityTimeout=100`] },
    { op: 'sqs DeleteMessage', args: ['sqs', 'delete-message', '--queue-url', Q, '--receipt-handle', m.handles[0]!] },
    { op: 'sqs DeleteMessageBatch', args: ['sqs', 'delete-message-batch', '--queue-url', Q, '--entries', `Id=a,ReceiptHandle=${m.handles[1]!}`] },
    { op: 'sqs ReceiveMessage', args: ['sqs', 'receive-message', '--queue-url', Q, '--max-number-of-messages', '10'] },
    { op: 'sqs SetQueueAttributes', args: ['sqs', 'set-queue-attributes', '--queue-url', Q, '--attributes', 'VisibilityTimeout=45'] },
    { op: 'sqs TagQueue', args: ['sqs', 'tag-queue', '--queue-url', Q, '--tags', 'team=blue'] },
    { op: 'sqs UntagQueue', args: ['sqs', 'untag-queue', '--queue-url', Q, '--tag-keys', 'team'] },
    { op: 'sqs AddPermission', args: ['sqs', 'add-permission', '--queue-url', Q, '--label', 'p', '--aws-account-ids', ACCOUNT, '--actions', 'SendMessage'] },
    { op: 'sqs RemovePermission', args: ['sqs', 'remove-permission', '--queue-url', Q, '--label', 'p'] },
    { op: 'sqs CancelMessageMoveTask', args: ['sqs', 'cancel-message-move-task', '--task-handle', m.moveTask] },
    { op: 'sqs StartMessageMoveTask', args: ['sqs', 'start-message-move-task', '--source-arn', QARN('dlq'), '--destination-arn', QARN('orders')] },
    { op: 'sqs PurgeQueue', args: ['sqs', 'purge-queue', '--queue-url', Q] },
    { op: 'sqs DeleteQueue', args: ['sqs', 'delete-queue', '--queue-url', QURL('created')] },
    // SNS
    { op: 'sns CreateTopic', args: ['sns', 'create-topic', '--name', 'created'] },
    { op: 'sns SetTopicAttributes', args: ['sns', 'set-topic-attributes', '--topic-arn', T, '--attribute-name', 'DisplayName', '--attribute-value', 'Orders'] },
    { op: 'sns Subscribe', args: ['sns', 'subscribe', '--topic-arn', T, '--protocol', 'sqs', '--notification-endpoint', QARN('fanout')] },
    { op: 'sns SetSubscriptionAttributes', args: ['sns', 'set-subscription-attributes', '--subscription-arn', m.subscription, '--attribute-name', 'RawMessageDelivery', '--attribute-value', 'true'] },
    { op: 'sns ConfirmSubscription', args: ['sns', 'confirm-subscription', '--topic-arn', T, '--token', m.token] },
    { op: 'sns Publish', args: ['sns', 'publish', '--topic-arn', T, '--message', 'hello'] },
    { op: 'sns PublishBatch', args: ['sns', 'publish-batch', '--topic-arn', T, '--publish-batch-request-entries', 'Id=a,Message=x'] },
    { op: 'sns AddPermission', args: ['sns', 'add-permission', '--topic-arn', T, '--label', 'p', '--aws-account-id', ACCOUNT, '--action-name', 'Publish'] },
    { op: 'sns RemovePermission', args: ['sns', 'remove-permission', '--topic-arn', T, '--label', 'p'] },
    { op: 'sns TagResource', args: ['sns', 'tag-resource', '--resource-arn', T, '--tags', 'Key=team,Value=blue'] },
    { op: 'sns UntagResource', args: ['sns', 'untag-resource', '--resource-arn', T, '--tag-keys', 'team'] },
    { op: 'sns PutDataProtectionPolicy', args: ['sns', 'put-data-protection-policy', '--resource-arn', T, '--data-protection-policy', dataProtection] },
    { op: 'sns CreatePlatformApplication', args: ['sns', 'create-platform-application', '--name', 'created', '--platform', 'GCM', '--attributes', 'PlatformCredential=key'] },
    { op: 'sns SetPlatformApplicationAttributes', args: ['sns', 'set-platform-application-attributes', '--platform-application-arn', m.platformApp, '--attributes', 'SuccessFeedbackSampleRate=50'] },
    { op: 'sns CreatePlatformEndpoint', args: ['sns', 'create-platform-endpoint', '--platform-application-arn', m.platformApp, '--token', 'device-2'] },
    { op: 'sns SetEndpointAttributes', args: ['sns', 'set-endpoint-attributes', '--endpoint-arn', m.endpoint, '--attributes', 'Enabled=false'] },
    { op: 'sns DeleteEndpoint', args: ['sns', 'delete-endpoint', '--endpoint-arn', m.endpoint] },
    { op: 'sns DeletePlatformApplication', args: ['sns', 'delete-platform-application', '--platform-application-arn', m.platformApp] },
    { op: 'sns SetSMSAttributes', args: ['sns', 'set-sms-attributes', '--attributes', 'DefaultSMSType=Transactional'] },
    { op: 'sns CheckIfPhoneNumberIsOptedOut', args: ['sns', 'check-if-phone-number-is-opted-out', '--phone-number', '+15555550199'] },
    { op: 'sns OptInPhoneNumber', args: ['sns', 'opt-in-phone-number', '--phone-number', '+15555550199'] },
    { op: 'sns VerifySMSSandboxPhoneNumber', args: ['sns', 'verify-sms-sandbox-phone-number', '--phone-number', '+15555550100', '--one-time-password', m.otp] },
    { op: 'sns CreateSMSSandboxPhoneNumber', args: ['sns', 'create-sms-sandbox-phone-number', '--phone-number', '+15555550101'] },
    { op: 'sns DeleteSMSSandboxPhoneNumber', args: ['sns', 'delete-sms-sandbox-phone-number', '--phone-number', '+15555550101'] },
    { op: 'sns Unsubscribe', args: ['sns', 'unsubscribe', '--subscription-arn', m.subscription] },
    { op: 'sns DeleteTopic', args: ['sns', 'delete-topic', '--topic-arn', TARN('created')] },
    // awsmsg's own SNS commands that write
    { args: ['sns', 'visit-subscribe-url', m.subscribeUrl] },
    { args: ['sns', 'outbox', 'clear'] },
    { args: ['sns', 'deliver'] },
    // Kinesis
    { op: 'kinesis CreateStream', args: ['kinesis', 'create-stream', '--stream-name', 'created', '--shard-count', '1'] },
    { op: 'kinesis PutRecord', args: ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'eA=='] },
    { op: 'kinesis PutRecords', args: ['kinesis', 'put-records', '--stream-name', 'trucks', '--records', 'Data=eA==,PartitionKey=k'] },
    { op: 'kinesis AddTagsToStream', args: ['kinesis', 'add-tags-to-stream', '--stream-name', 'trucks', '--tags', 'team=blue'] },
    { op: 'kinesis RemoveTagsFromStream', args: ['kinesis', 'remove-tags-from-stream', '--stream-name', 'trucks', '--tag-keys', 'team'] },
    { op: 'kinesis TagResource', args: ['kinesis', 'tag-resource', '--resource-arn', trucks, '--tags', 'team=blue'] },
    { op: 'kinesis UntagResource', args: ['kinesis', 'untag-resource', '--resource-arn', trucks, '--tag-keys', 'team'] },
    { op: 'kinesis PutResourcePolicy', args: ['kinesis', 'put-resource-policy', '--resource-arn', trucks, '--policy', policy] },
    { op: 'kinesis DeleteResourcePolicy', args: ['kinesis', 'delete-resource-policy', '--resource-arn', trucks] },
    { op: 'kinesis EnableEnhancedMonitoring', args: ['kinesis', 'enable-enhanced-monitoring', '--stream-name', 'trucks', '--shard-level-metrics', 'IncomingBytes'] },
    { op: 'kinesis DisableEnhancedMonitoring', args: ['kinesis', 'disable-enhanced-monitoring', '--stream-name', 'trucks', '--shard-level-metrics', 'IncomingBytes'] },
    { op: 'kinesis IncreaseStreamRetentionPeriod', args: ['kinesis', 'increase-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '48'] },
    advance,
    { op: 'kinesis DecreaseStreamRetentionPeriod', args: ['kinesis', 'decrease-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '24'] },
    advance,
    { op: 'kinesis StartStreamEncryption', args: ['kinesis', 'start-stream-encryption', '--stream-name', 'trucks', '--encryption-type', 'KMS', '--key-id', 'alias/aws/kinesis'] },
    advance,
    { op: 'kinesis StopStreamEncryption', args: ['kinesis', 'stop-stream-encryption', '--stream-name', 'trucks', '--encryption-type', 'KMS', '--key-id', 'alias/aws/kinesis'] },
    advance,
    { op: 'kinesis SubscribeToShard', args: ['kinesis', 'subscribe-to-shard', '--consumer-arn', m.consumerArn, '--shard-id', 'shardId-000000000000', '--starting-position', 'Type=LATEST'], badOnly: true },
    { op: 'kinesis RegisterStreamConsumer', args: ['kinesis', 'register-stream-consumer', '--stream-arn', trucks, '--consumer-name', 'created'] },
    { op: 'kinesis DeregisterStreamConsumer', args: ['kinesis', 'deregister-stream-consumer', '--consumer-arn', m.consumerArn] },
    { op: 'kinesis SplitShard', args: ['kinesis', 'split-shard', '--stream-name', 'reshard', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '85070591730234615865843651857942052864'] },
    advance,
    { op: 'kinesis MergeShards', args: ['kinesis', 'merge-shards', '--stream-name', 'reshard', '--shard-to-merge', 'shardId-000000000002', '--adjacent-shard-to-merge', 'shardId-000000000003'] },
    advance,
    { op: 'kinesis UpdateShardCount', args: ['kinesis', 'update-shard-count', '--stream-name', 'reshard', '--target-shard-count', '3', '--scaling-type', 'UNIFORM_SCALING'] },
    advance,
    { op: 'kinesis UpdateMaxRecordSize', args: ['kinesis', 'update-max-record-size', '--stream-arn', trucks, '--max-record-size-in-ki-b', '2048'] },
    advance,
    { op: 'kinesis UpdateAccountSettings', args: ['kinesis', 'update-account-settings', '--minimum-throughput-billing-commitment', 'Status=ENABLED'] },
    { op: 'kinesis UpdateStreamMode', args: ['kinesis', 'update-stream-mode', '--stream-arn', SARN('modal'), '--stream-mode-details', 'StreamMode=ON_DEMAND'] },
    advance,
    { op: 'kinesis UpdateStreamWarmThroughput', args: ['kinesis', 'update-stream-warm-throughput', '--stream-name', 'modal', '--warm-throughput-mi-bps', '100'] },
    advance,
    { op: 'kinesis DeleteStream', args: ['kinesis', 'delete-stream', '--stream-name', 'created'] },
    // awsmsg's own Kinesis commands that write
    { args: ['kinesis', 'throughput-enforcement', 'off'] },
    { args: ['kinesis', 'consume', '--stream-name', 'trucks', '--application-name', 'app', '--exec', 'cat'], badOnly: true },
    // and the clock
    { args: ['clock', 'advance', '1s'] },
  ];
}

/** Command lines as a file of lines for `awsmsg shell`, each word quoted; returns its path. */
function script(commands: string[][], name: string): string {
  const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
  const path = join(s.sandbox.dir, name);
  writeFileSync(path, commands.map((words) => words.map(quote).join(' ')).join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  s = cliState(REGION, ACCOUNT);
  const sqs = (op: string, input: Record<string, unknown>) => s.call('sqs', op, input);
  const sns = (op: string, input: Record<string, unknown>) => s.call('sns', op, input);
  const kinesis = (op: string, input: Record<string, unknown>) => s.call('kinesis', op, input);
  // SQS: a queue with two received messages (their receipt handles), and two dead-letter
  // queues, one with a move task running
  await sqs('CreateQueue', { QueueName: 'dlq' });
  await sqs('CreateQueue', { QueueName: 'dlq2' });
  const redrive = (dlq: string) => JSON.stringify({ deadLetterTargetArn: QARN(dlq), maxReceiveCount: 5 });
  // (a visibility timeout long enough that the handles are still good when the lines run)
  await sqs('CreateQueue', { QueueName: 'orders', Attributes: { RedrivePolicy: redrive('dlq'), VisibilityTimeout: '43200' } });
  await sqs('CreateQueue', { QueueName: 'other', Attributes: { RedrivePolicy: redrive('dlq2') } });
  await sqs('CreateQueue', { QueueName: 'fanout' });
  for (const body of ['one', 'two']) await sqs('SendMessage', { QueueUrl: QURL('orders'), MessageBody: body });
  const received = await sqs('ReceiveMessage', { QueueUrl: QURL('orders'), MaxNumberOfMessages: 10 });
  const handles = (received.Messages as { ReceiptHandle: string }[]).map((x) => x.ReceiptHandle);
  // a move task of 300 messages at one a second is still running when the lines run
  for (const q of ['dlq', 'dlq2']) {
    for (let i = 0; i < 300; i += 10) {
      const Entries = Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `dead ${i + j}` }));
      await sqs('SendMessageBatch', { QueueUrl: QURL(q), Entries });
    }
  }
  const { TaskHandle: moveTask } = await sqs('StartMessageMoveTask', {
    SourceArn: QARN('dlq2'),
    DestinationArn: QARN('other'),
    MaxNumberOfMessagesPerSecond: 1,
  });
  // SNS: a topic with an SQS subscription, an e-mail one waiting for its token, an HTTP one
  // whose SubscribeURL is in the outbox; a platform application and endpoint; SMS sandbox
  await sns('CreateTopic', { Name: 'orders' });
  const { SubscriptionArn: subscription } = await sns('Subscribe', { TopicArn: TARN('orders'), Protocol: 'sqs', Endpoint: QARN('orders') });
  await sns('Subscribe', { TopicArn: TARN('orders'), Protocol: 'email', Endpoint: 'me@example.com' });
  const mail = listOutbox(s.ctx, { endpoint: 'me@example.com' }).find((e) => e.Type === 'SubscriptionConfirmation')!;
  const token = /Token: ([0-9a-f]+)/.exec(mail.Body)?.[1] ?? JSON.parse(mail.Body).Token;
  await sns('Subscribe', { TopicArn: TARN('orders'), Protocol: 'email-json', Endpoint: 'json@example.com' });
  const json = listOutbox(s.ctx, { endpoint: 'json@example.com' }).find((e) => e.Type === 'SubscriptionConfirmation')!;
  const subscribeUrl = JSON.parse(json.Body).SubscribeURL as string;
  const { PlatformApplicationArn: platformApp } = await sns('CreatePlatformApplication', {
    Name: 'app',
    Platform: 'GCM',
    Attributes: { PlatformCredential: 'key' },
  });
  const { EndpointArn: endpoint } = await sns('CreatePlatformEndpoint', { PlatformApplicationArn: platformApp, Token: 'device-1' });
  await sns('CreateSMSSandboxPhoneNumber', { PhoneNumber: '+15555550100' });
  const otp = /(\d{6})$/.exec(listOutbox(s.ctx, { endpoint: '+15555550100' })[0]!.Body)![1]!;
  optOutPhoneNumber(s.ctx, '+15555550199');
  // Kinesis: active streams and an active consumer
  await kinesis('CreateStream', { StreamName: 'trucks', ShardCount: 1 });
  await kinesis('CreateStream', { StreamName: 'reshard', ShardCount: 2 });
  await kinesis('CreateStream', { StreamName: 'modal', ShardCount: 1 });
  s.advance(LIFECYCLE_MS.createStream);
  const { Consumer } = await kinesis('RegisterStreamConsumer', { StreamARN: SARN('trucks'), ConsumerName: 'watcher' });
  s.advance(LIFECYCLE_MS.registerConsumer);
  made = { handles, moveTask, token, subscription, platformApp, endpoint, otp, consumerArn: Consumer.ConsumerARN, subscribeUrl };
});
afterAll(() => s?.close());

describe('a bad --query fails before anything runs', () => {
  it('covers every operation of the models that is not a Get, List or Describe', async () => {
    const covered = new Set(lines(made).flatMap((l) => (l.op ? [l.op] : [])));
    for (const service of SERVICE_NAMES) {
      const model = await loadModel(service);
      for (const op of Object.keys(model.operations)) {
        if (/^(Get|List|Describe)/.test(op)) continue;
        expect(covered.has(`${service} ${op}`), `${service} ${op} is not in the table`).toBe(true);
      }
    }
  });

  it('each state-changing command with a bad --query exits 252 and leaves the state file as it was', () => {
    // All of them through one `awsmsg shell` (the same runCommand as a process of its own,
    // without starting Node.js eighty times); --query before, inside and after the
    // command's own arguments: the CLI takes it anywhere.
    const all = lines(made).filter((l) => l !== advance && !l.badOnly);
    const bad = all.map((l, i) => {
      const args = [...l.args];
      args.splice([0, 2, args.length][i % 3]!, 0, '--query', BAD_QUERY);
      return args;
    });
    const before = stateDump(s.sandbox.db);
    const r = s.run(['shell', '--continue', script(bad, 'bad.txt')]);
    expect(r.status, r.stderr).toBe(252);
    // each line is echoed, then fails with the CLI's message and nothing on stdout
    expect(r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('$ ')), r.stdout).toEqual([]);
    expect(r.stderr.split(BAD_QUERY_SAYS).length - 1, r.stderr).toBe(bad.length);
    const after = stateDump(s.sandbox.db);
    expect(after === before, `the state file changed:\n${stateChanges(before, after)}`).toBe(true);
  });

  it('as a process of its own too: send, receive, delete a queue, publish, put a record, move the clock', async () => {
    const some = [
      ['sqs', 'send-message', '--queue-url', QURL('orders'), '--message-body', 'hello', '--query', BAD_QUERY],
      ['sqs', 'receive-message', '--query', BAD_QUERY, '--queue-url', QURL('orders')],
      ['--query', BAD_QUERY, 'sqs', 'delete-queue', '--queue-url', QURL('orders')],
      ['sns', 'publish', '--topic-arn', TARN('orders'), '--message', 'hello', `--query=${BAD_QUERY}`],
      ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', 'eA==', '--qu', BAD_QUERY],
      ['clock', 'advance', '1h', '--query', BAD_QUERY],
      // and the commands that would not end by themselves had they started
      ...lines(made).filter((l) => l.badOnly).map((l) => [...l.args, '--query', BAD_QUERY]),
    ];
    const before = stateDump(s.sandbox.db);
    const results = await Promise.all(
      some.map((args) => {
        const child = s.sandbox.start(args);
        // only for a command that wrongly started: a stream or a worker runs until stopped
        const stop = setTimeout(() => child.kill(), 20_000);
        return child.finally(() => clearTimeout(stop));
      }),
    );
    results.forEach((r, i) => {
      const what = `${some[i]!.join(' ')}\n${r.stderr}`;
      expect(r.status, what).toBe(252);
      expect(r.stderr, what).toBe(`\n${BAD_QUERY_SAYS}Invalid jmespath expression: Incomplete expression:\n"${BAD_QUERY}"\n           ^\n`);
      expect(r.stdout, what).toBe('');
    });
    const after = stateDump(s.sandbox.db);
    expect(after === before, `the state file changed:\n${stateChanges(before, after)}`).toBe(true);
  });

  it('a --query calling a function jmespath.py lacks fails as the CLI does (255), but before the operation runs', () => {
    const before = stateDump(s.sandbox.db);
    const r = s.run(['sqs', 'send-message', '--queue-url', QURL('orders'), '--message-body', 'hello', '--query', 'upper(MessageId)']);
    expect(r.status).toBe(255);
    expect(r.stderr).toBe('\nUnknown function: upper()\n');
    expect(stateDump(s.sandbox.db)).toBe(before);
  });

  it('the same command lines without the bad --query all run (so each would have changed state)', () => {
    const good = lines(made).filter((l) => !l.badOnly).map((l) => l.args);
    const before = stateDump(s.sandbox.db);
    const r = s.run(['shell', script(good, 'good.txt')]);
    expect(r.status, `${r.stdout.slice(-3000)}\n${r.stderr}`).toBe(0);
    expect(stateDump(s.sandbox.db)).not.toBe(before);
  });
});

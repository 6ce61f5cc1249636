/**
 * Hints for learners, after the AWS errors and empty answers that puzzle people new to SQS
 * and Kinesis. Only the shell and the guide give them, on standard error and dimmed: a
 * command's own output stays exactly the AWS CLI's. Each hint reads the state file through
 * the services' operations when it needs to know more (is the stream still CREATING? are
 * messages in flight?), and never changes anything.
 */
import { AwsError } from '../core/errors.js';
import type { CommandEvent, Io } from '../cli/io.js';
import type { Ctx } from '../core/context.js';
import { callOperation } from '../core/call.js';

type Rec = Record<string, unknown>;

export interface HintInput {
  /** the command's words, without `awsmsg` */
  argv: string[];
  status: number;
  events: CommandEvent[];
  /** variables the line named that are not set */
  unset: string[];
}

/** The hint that fits what happened, if any (plain text; the caller dims it). */
export async function hintFor(ran: HintInput): Promise<string | undefined> {
  if (ran.status !== 0 && ran.unset.length > 0) {
    const names = ran.unset.map((n) => `$${n}`);
    const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are` : `${names[0]} is`;
    return `${listed} not set in this shell, so ${names.length > 1 ? 'they' : 'it'} expanded to nothing. Set ${names.length > 1 ? 'them' : 'it'} first: ${ran.unset[0]}=...`;
  }
  const event = ran.events.at(-1);
  if (!event) return undefined;
  try {
    if (event.error instanceof AwsError) return await errorHint(event, event.error);
    if (event.result) return await resultHint(event);
  } catch {
    // a hint is a nicety: reading the state for it must never add an error of its own
  }
  return undefined;
}

async function errorHint(event: CommandEvent, e: AwsError): Promise<string | undefined> {
  const p: Rec = event.params ?? {};
  switch (e.code) {
    case 'ResourceNotFoundException':
    case 'ResourceInUseException':
      return event.service === 'kinesis' ? streamNotReady(event.ctx, p) : undefined;
    case 'ExpiredIteratorException':
      return 'A shard iterator lasts 5 minutes. Get a fresh one with kinesis get-shard-iterator (AFTER_SEQUENCE_NUMBER of the last record you read continues where you were), and read on with the NextShardIterator each get-records returns.';
    case 'ProvisionedThroughputExceededException':
      return 'A shard takes 1 MiB or 1,000 records a second in, and 5 get-records calls (2 MiB) a second out. Try again a second later (clock advance 1s), spread records over more partition keys, or lift the limits: kinesis throughput-enforcement off.';
    case 'AWS.SimpleQueueService.QueueDeletedRecently':
      return "AWS keeps a deleted queue's name for 60 seconds. Move this state file's clock past it: clock advance 60s";
    case 'ReceiptHandleIsInvalid':
      return "A receipt handle must be copied whole. --query 'Messages[0].ReceiptHandle' --output text prints it alone: H=$(sqs receive-message --queue-url $Q --query 'Messages[0].ReceiptHandle' --output text)";
    case 'InvalidParameterValue':
      if (/receipt handle has expired|not available for visibility timeout change/.test(e.message)) {
        return 'A receipt handle works only until its visibility timeout runs out or the message is received again. Receive the message again and use the new handle.';
      }
      return undefined;
    case 'MissingParameter':
      if (/MessageGroupId/.test(e.message)) {
        return 'A FIFO queue needs --message-group-id (messages of one group come out in order) and, unless the queue has ContentBasedDeduplication=true, --message-deduplication-id.';
      }
      return undefined;
    case 'InvalidParameter':
      if (event.operation === 'Subscribe' && /SQS endpoint ARN/.test(e.message)) {
        return "An SQS subscription's endpoint is the queue's ARN, not its URL: sqs get-queue-attributes --queue-url URL --attribute-names QueueArn --query Attributes.QueueArn --output text";
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A stream that exists but is not ACTIVE yet (or is resharding): say how to wait for it. */
async function streamNotReady(ctx: Ctx | undefined, p: Rec): Promise<string | undefined> {
  if (!ctx) return undefined;
  const ref = typeof p.StreamARN === 'string' ? { StreamARN: p.StreamARN } : typeof p.StreamName === 'string' ? { StreamName: p.StreamName } : undefined;
  if (!ref) return undefined;
  const r = await callOperation(ctx, 'kinesis', 'DescribeStreamSummary', ref);
  const summary = r.StreamDescriptionSummary as Rec | undefined;
  const status = summary?.StreamStatus;
  if (status !== 'CREATING' && status !== 'UPDATING') return undefined;
  const name = String(summary?.StreamName ?? p.StreamName);
  const why = status === 'CREATING' ? 'is still CREATING (for 2 seconds, as on AWS)' : 'is UPDATING (resharding)';
  return `Stream ${name} ${why}. Wait until it is ACTIVE: kinesis wait stream-exists --stream-name ${name} (or move the clock: clock advance 2s)`;
}

async function resultHint(event: CommandEvent): Promise<string | undefined> {
  if (event.service !== 'sqs' || event.operation !== 'ReceiveMessage' || !event.ctx) return undefined;
  const messages = event.result?.Messages as unknown[] | undefined;
  if (messages && messages.length > 0) return undefined;
  const url = event.params?.QueueUrl;
  if (typeof url !== 'string') return undefined;
  const r = await callOperation(event.ctx, 'sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
  const a = (r.Attributes ?? {}) as Record<string, string>;
  const inFlight = Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
  const delayed = Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
  const visible = Number(a.ApproximateNumberOfMessages ?? 0);
  const count = (n: number) => `${n} message${n === 1 ? '' : 's'}`;
  if (inFlight > 0 && visible > 0 && a.FifoQueue === 'true') {
    return `${count(visible)} ${visible === 1 ? 'waits' : 'wait'} behind ${count(inFlight)} in flight: a FIFO queue hands out a message group's next message only after the one in flight is deleted or its visibility timeout (${a.VisibilityTimeout} s) runs out.`;
  }
  if (inFlight > 0) {
    return `${count(inFlight)} in flight: received earlier and hidden until deleted or until the visibility timeout (${a.VisibilityTimeout} s) runs out. Skip ahead: clock advance ${a.VisibilityTimeout}s`;
  }
  if (delayed > 0) {
    return `${count(delayed)} delayed (DelaySeconds ${a.DelaySeconds}): not visible yet. Skip ahead: clock advance ${a.DelaySeconds === '0' ? '15m' : `${a.DelaySeconds}s`}`;
  }
  return undefined;
}

/** Wraps a hint to the terminal's width, `hint: ` first and the rest indented under it. */
export function formatHint(text: string, columns = 80): string {
  const width = Math.max(40, columns - 1);
  const lead = 'hint: ';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.split(' ')) {
    if (line.length > lead.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(lead.length) + word;
    } else line = line.length > lead.length ? `${line} ${word}` : `${line}${word}`;
  }
  lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** Prints the hint for a command, if there is one, dimmed when colour is on. */
export function hintPrinter(color: boolean): (ran: HintInput, io: Io) => Promise<void> {
  const dim = (t: string) => (color ? t.replace(/[^\n]+/g, (l) => `\x1b[2m${l}\x1b[22m`) : t);
  return async (ran, io) => {
    const text = await hintFor(ran);
    if (text) io.err(dim(formatHint(text, io.columns)));
  };
}

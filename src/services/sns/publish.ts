/**
 * Publish and PublishBatch: AWS's validation, FIFO deduplication and sequence numbers, and the
 * fan-out, all in one transaction (a publish that succeeded reached every matching queue; one
 * that failed reached none).
 */
import { randomUUID } from '../../core/ids.js';
import { sha256Hex } from '../../core/sha256.js';
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { requireArn } from './arn.js';
import { contentFor, fanOut, prepareFanOut, recordSms, sqsAttributesJson, type FanOut, type PublishedMessage } from './delivery.js';
import { timestampOf } from './envelope.js';
import { endpointDisabled, invalidParameter, platformApplicationDisabled } from './errors.js';
import {
  MAX_MESSAGE_BYTES,
  messageSize,
  parseMessageStructure,
  validateFifoId,
  validateMessageAttributes,
  validateSubject,
  type MessageAttributes,
  type MessageAttributeValue,
  type StructuredMessage,
} from './messages.js';
import { recordOutbox } from './outbox.js';
import { findPlatformApplication, findPlatformEndpoint } from './platform.js';
import { getTopic, type TopicRecord } from './records.js';
import type { SigningIdentity } from './signatures.js';
import { signingIdentity } from './signing.js';
import { isSmsNumber } from './subscriptions.js';

/** Five minutes: how long a FIFO topic remembers a deduplication id. */
const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const SMS_MAX_CHARS = 1600;

export interface PublishInput {
  TopicArn?: string;
  TargetArn?: string;
  PhoneNumber?: string;
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface PublishOutput {
  MessageId: string;
  SequenceNumber?: string;
}

/** A validated message, ready to be published to a topic (dedupId: the explicit one, if any). */
type Draft = Omit<PublishedMessage, 'messageId' | 'timestamp' | 'sequenceNumber'>;

const isFifoArn = (arn: string): boolean => arn.endsWith('.fifo');

function checkMessage(message: string | undefined, subject: string | undefined): string {
  validateSubject(subject);
  if (message === undefined || message === null || message === '') throw invalidParameter('Empty message');
  return message;
}

function checkStructure(structure: string | undefined, message: string, requireDefault: boolean): StructuredMessage | undefined {
  if (structure === undefined || structure === null) return undefined;
  if (structure !== 'json') throw invalidParameter('MessageStructure');
  return parseMessageStructure(message, requireDefault);
}

/** The FIFO rules that can be checked from the topic ARN alone (AWS checks them first). */
function checkFifoIds(fifo: boolean, groupId: string | undefined, dedupId: string | undefined): void {
  if (fifo) {
    if (groupId === undefined || groupId === '') {
      throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    }
  } else if (dedupId !== undefined) {
    throw invalidParameter(
      'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    );
  }
  if (groupId !== undefined) validateFifoId(groupId, 'MessageGroupId');
  if (dedupId !== undefined) validateFifoId(dedupId, 'MessageDeduplicationId');
}

/**
 * The identity that signs a standard topic's envelopes. It is made (and stored) on first use,
 * outside the publishing transaction; a publish to a topic that does not exist fails first,
 * leaving the state file as it was.
 */
function signingIdentityFor(ctx: Ctx, arn: string | undefined, fifo: boolean): SigningIdentity | undefined {
  if (fifo) return undefined;
  // a publish to a topic that does not exist fails with NotFound before the key is made; once
  // there is a key, the publish's own look at the topic (in its write transaction) says so
  return signingIdentity(ctx.store, () => ctx.store.read(() => getTopic(ctx, arn, 'TopicArn')));
}

export function publish(ctx: Ctx, input: PublishInput): PublishOutput {
  const message = checkMessage(input.Message, input.Subject);
  const targets = [input.TopicArn, input.TargetArn, input.PhoneNumber].filter((t) => t !== undefined && t !== null && t !== '');
  if (targets.length === 0) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  if (targets.length > 1) {
    throw invalidParameter('TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified');
  }
  if (input.PhoneNumber) return publishToPhone(ctx, input, message);
  const attributes = validateMessageAttributes(input.MessageAttributes);
  if (messageSize(message, attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  const arn = (input.TopicArn || input.TargetArn)!;
  const param = input.TopicArn ? 'TopicArn' : 'TargetArn';
  const parsed = requireArn(arn, param);
  if (param === 'TargetArn' && parsed.resource.startsWith('endpoint/')) {
    return publishToEndpoint(ctx, input, message, attributes);
  }
  const fifo = isFifoArn(arn);
  checkFifoIds(fifo, input.MessageGroupId, input.MessageDeduplicationId);
  const structured = checkStructure(input.MessageStructure, message, true);
  const identity = signingIdentityFor(ctx, arn, fifo);
  const draft: Draft = {
    message,
    structured,
    subject: input.Subject,
    attributes,
    groupId: input.MessageGroupId,
    dedupId: input.MessageDeduplicationId,
  };
  return ctx.store.write(() => {
    const topic = getTopic(ctx, arn, 'TopicArn');
    const fan = prepareFanOut(ctx, topic, identity);
    return publishDraft(ctx, fan, draft);
  });
}

/** Publishes one validated message to a topic (inside the caller's transaction). */
function publishDraft(ctx: Ctx, fan: FanOut, d: Draft): PublishOutput {
  const now = ctx.store.clock.now();
  const messageId = randomUUID();
  const msg: PublishedMessage = { ...d, messageId, timestamp: timestampOf(now) };
  if (!fan.topic.fifo) {
    fanOut(ctx, fan, msg);
    return { MessageId: messageId };
  }
  const dedupId = d.dedupId ?? contentDedupId(fan.topic, d.message);
  const scope = fan.topic.attributes.FifoThroughputScope === 'MessageGroup' ? d.groupId! : '';
  ctx.store.stmt('DELETE FROM sns_fifo_dedup WHERE topic_arn = ? AND expires_at <= ?').run(fan.topic.arn, now);
  const seen = ctx.store
    .stmt<[string, string, string], { message_id: string; sequence_number: string }>(
      'SELECT message_id, sequence_number FROM sns_fifo_dedup WHERE topic_arn = ? AND scope = ? AND dedup_id = ?',
    )
    .get(fan.topic.arn, scope, dedupId);
  // a duplicate is accepted and answered as the original was, but not delivered again
  if (seen) return { MessageId: seen.message_id, SequenceNumber: seen.sequence_number };
  const sequenceNumber = nextSequenceNumber(ctx, fan.topic, now);
  ctx.store
    .stmt(
      'INSERT INTO sns_fifo_dedup (topic_arn, scope, dedup_id, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(fan.topic.arn, scope, dedupId, messageId, sequenceNumber, now + DEDUP_WINDOW_MS);
  fanOut(ctx, fan, { ...msg, dedupId, sequenceNumber });
  return { MessageId: messageId, SequenceNumber: sequenceNumber };
}

const noDeduplicationId = (): AwsError =>
  invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');

/** ContentBasedDeduplication: the SHA-256 of the body (attributes not included). */
function contentDedupId(topic: TopicRecord, message: string): string {
  if (topic.attributes.ContentBasedDeduplication !== 'true') throw noDeduplicationId();
  return sha256Hex(message);
}

/**
 * SequenceNumber: a large, increasing, non-consecutive number per topic (20 digits here, as
 * SQS's are), derived from the clock and never smaller than the last one handed out.
 */
function nextSequenceNumber(ctx: Ctx, topic: TopicRecord, now: number): string {
  const row = ctx.store
    .stmt<[string], { last_sequence: string | null }>('SELECT last_sequence FROM sns_topics WHERE arn = ?')
    .get(topic.arn);
  const last = BigInt(row?.last_sequence ?? '0');
  const candidate = 10n ** 19n + BigInt(now) * 1000n;
  const next = candidate > last ? candidate : last + 1n;
  ctx.store.stmt('UPDATE sns_topics SET last_sequence = ? WHERE arn = ?').run(next.toString(), topic.arn);
  return next.toString();
}

function publishToPhone(ctx: Ctx, input: PublishInput, message: string): PublishOutput {
  const number = input.PhoneNumber!;
  if (!isSmsNumber(number)) throw invalidParameter(`PhoneNumber Reason: ${number} is not valid to publish to`);
  const attributes = validateMessageAttributes(input.MessageAttributes);
  if ([...message].length > SMS_MAX_CHARS || messageSize(message, attributes) > MAX_MESSAGE_BYTES) {
    throw invalidParameter('Message too long');
  }
  const messageId = randomUUID();
  ctx.store.write(() =>
    recordSms(ctx, { protocol: 'sms', endpoint: number, messageId, type: 'Notification', body: message, attributes }),
  );
  return { MessageId: messageId };
}

function publishToEndpoint(ctx: Ctx, input: PublishInput, message: string, attributes: MessageAttributes): PublishOutput {
  const arn = input.TargetArn!;
  const structured = checkStructure(input.MessageStructure, message, false);
  return ctx.store.write(() => {
    const endpoint = findPlatformEndpoint(ctx, arn);
    if (!endpoint) throw invalidParameter('TargetArn Reason: No endpoint found for the target arn specified');
    const app = findPlatformApplication(ctx, endpoint.applicationArn);
    if (app && app.attributes.Enabled === 'false') throw platformApplicationDisabled();
    if (endpoint.attributes.Enabled !== 'true') throw endpointDisabled();
    const messageId = randomUUID();
    const platform = app?.platform ?? 'default';
    recordOutbox(ctx, {
      protocol: 'application',
      endpoint: arn,
      messageId,
      type: 'Notification',
      body: structured ? contentFor({ structured, message } as PublishedMessage, platform) : message,
      messageAttributes: sqsAttributesJson(attributes),
      status: 'recorded',
    });
    return { MessageId: messageId };
  });
}

interface BatchEntry {
  Id?: string;
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

interface BatchOutput {
  Successful: { Id: string; MessageId: string; SequenceNumber?: string }[];
  Failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[];
}

const batchError = (code: string, message: string): AwsError => new AwsError(code, message, { httpStatus: 400 });

export function publishBatch(ctx: Ctx, input: { TopicArn?: string; PublishBatchRequestEntries?: BatchEntry[] }): BatchOutput {
  const entries = input.PublishBatchRequestEntries ?? [];
  if (entries.length === 0) throw batchError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
  if (entries.length > 10) {
    throw batchError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
  }
  const arn = input.TopicArn;
  const parsed = requireArn(arn, 'TopicArn');
  if (parsed.region !== ctx.region) throw invalidParameter('TopicArn');
  const ids = entries.map((e) => e.Id ?? '');
  if (new Set(ids).size !== ids.length) {
    throw batchError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  }
  for (const id of ids) {
    if (id.length > 80) throw batchError('InvalidBatchEntryId', `The Id of a batch entry in the batch request is too long: ${id}`);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) {
      throw batchError('InvalidBatchEntryId', `The Id of a batch entry in the batch request contains an impermissible character: ${id}`);
    }
  }
  const fifo = isFifoArn(arn!);
  // request-wide checks first (AWS fails the whole call for these), entry by entry
  const drafts: (Draft | AwsError)[] = [];
  let total = 0;
  entries.forEach((e, i) => {
    const attributes = validateMessageAttributes(
      e.MessageAttributes,
      (n) => `publishBatchRequestEntries.${i + 1}.member.messageAttributes.${n}.member.dataType`,
    );
    checkFifoIds(fifo, e.MessageGroupId, e.MessageDeduplicationId);
    total += messageSize(e.Message ?? '', attributes);
    let structured: StructuredMessage | undefined;
    if (e.MessageStructure !== undefined && e.Message) structured = checkStructure(e.MessageStructure, e.Message, true);
    try {
      // entry-level problems fail only their entry
      const message = checkMessage(e.Message, e.Subject);
      drafts.push({ message, structured, subject: e.Subject, attributes, groupId: e.MessageGroupId, dedupId: e.MessageDeduplicationId });
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      drafts.push(err);
    }
  });
  if (total > MAX_MESSAGE_BYTES) {
    throw batchError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
  }
  const identity = signingIdentityFor(ctx, arn, fifo);
  return ctx.store.write(() => {
    const topic = getTopic(ctx, arn, 'TopicArn');
    if (topic.fifo && topic.attributes.ContentBasedDeduplication !== 'true' && entries.some((e) => !e.MessageDeduplicationId)) {
      throw noDeduplicationId();
    }
    const fan = prepareFanOut(ctx, topic, identity);
    const out: BatchOutput = { Successful: [], Failed: [] };
    drafts.forEach((d, i) => {
      const id = ids[i]!;
      if (d instanceof AwsError) {
        out.Failed.push({ Id: id, Code: d.code, Message: d.message, SenderFault: d.senderFault });
        return;
      }
      const res = publishDraft(ctx, fan, d);
      out.Successful.push(res.SequenceNumber !== undefined ? { Id: id, MessageId: res.MessageId, SequenceNumber: res.SequenceNumber } : { Id: id, MessageId: res.MessageId });
    });
    return out;
  });
}


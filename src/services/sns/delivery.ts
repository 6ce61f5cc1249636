/**
 * Fan-out: one published message to every confirmed subscription whose filter policy accepts
 * it, inside the publishing transaction. SQS deliveries are written straight into the queues
 * (a failed one goes to the subscription's dead-letter queue); HTTP/S deliveries become
 * pending outbox entries that `runDueDeliveries` performs after commit; e-mail, SMS, mobile
 * push, Lambda and Firehose deliveries are recorded in the outbox.
 */
import type { Ctx } from '../../core/context.js';
import { parseArn } from '../../core/aws.js';
import { serviceUrl } from './arn.js';
import { DEFAULT_CONTENT_TYPE, effectiveSubscriptionDeliveryPolicy } from './deliveryPolicy.js';
import { lambdaEvent, notificationEnvelope, type NotificationEnvelope } from './envelope.js';
import { compileSubscriptionFilter, filterMatches, type CompiledFilterPolicy, type FilterScope } from './filtering.js';
import type { MessageAttributes, StructuredMessage } from './messages.js';
import { recordOutbox } from './outbox.js';
import { findPlatformEndpoint } from './platform.js';
import { topicSubscriptions, type SubscriptionRecord, type TopicRecord } from './records.js';
import { checkQueueMessage, deliverToQueue, deliveryScope, preloadQueues, type DeliveryScope, type QueueMessage } from './sqsBridge.js';
import { deadLetterQueueOf, isRawDelivery } from './subscriptionAttributes.js';
import { signatureVersionOf } from './topicAttributes.js';
import type { SigningIdentity } from './signatures.js';

export interface PublishedMessage {
  messageId: string;
  /** ISO 8601 with milliseconds, as in the envelope */
  timestamp: string;
  message: string;
  structured?: StructuredMessage;
  subject?: string;
  attributes: MessageAttributes;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
}

/** What one publishing call knows about a topic's subscriptions (reused across a batch). */
export interface FanOut {
  topic: TopicRecord;
  subscriptions: SubscriptionRecord[];
  filters: Map<string, CompiledFilterPolicy | null>;
  identity: SigningIdentity | undefined;
  /** the subscribed queues, each looked up once in the publishing transaction */
  queues: DeliveryScope;
}

export interface DeliveryCounts {
  sqs: number;
  outbox: number;
  failed: number;
}

export function prepareFanOut(ctx: Ctx, topic: TopicRecord, identity: SigningIdentity | undefined): FanOut {
  const subscriptions = topicSubscriptions(ctx, topic.arn).filter((s) => !s.pending);
  const queues = deliveryScope();
  preloadQueues(
    ctx,
    queues,
    subscriptions.filter((s) => s.protocol === 'sqs').map((s) => s.endpoint),
  );
  return { topic, subscriptions, filters: new Map(), identity, queues };
}

/** The key of a subscription in a MessageStructure=json message. */
export function structureKey(sub: SubscriptionRecord): string {
  if (sub.protocol !== 'application') return sub.protocol;
  // application endpoints take their platform's key (GCM, APNS, ...)
  return platformOfEndpointArn(sub.endpoint) ?? 'default';
}

export function platformOfEndpointArn(arn: string): string | undefined {
  const resource = parseArn(arn)?.resource ?? '';
  const m = /^endpoint\/([^/]+)\//.exec(resource);
  return m?.[1];
}

export function contentFor(msg: PublishedMessage, key: string): string {
  if (!msg.structured) return msg.message;
  return msg.structured[key] ?? msg.structured.default ?? '';
}

function filterOf(fan: FanOut, sub: SubscriptionRecord): CompiledFilterPolicy | null {
  let f = fan.filters.get(sub.arn);
  if (f === undefined) {
    const policy = sub.attributes.FilterPolicy;
    f = policy
      ? compileSubscriptionFilter(policy, (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterScope, false)
      : null;
    fan.filters.set(sub.arn, f);
  }
  return f;
}

/** Message attributes travel only with plain (not MessageStructure=json) messages. */
const deliveredAttributes = (msg: PublishedMessage): MessageAttributes => (msg.structured ? {} : msg.attributes);

/** Delivers one message to every matching subscription of the fan-out. */
export function fanOut(ctx: Ctx, fan: FanOut, msg: PublishedMessage): DeliveryCounts {
  const counts: DeliveryCounts = { sqs: 0, outbox: 0, failed: 0 };
  const envelopes = new Map<string, NotificationEnvelope>();
  const envelopeFor = (content: string): NotificationEnvelope => {
    let e = envelopes.get(content);
    if (!e) {
      e = notificationEnvelope({
        messageId: msg.messageId,
        topicArn: fan.topic.arn,
        region: fan.topic.region,
        message: content,
        subject: msg.subject,
        timestamp: msg.timestamp,
        attributes: deliveredAttributes(msg),
        sequenceNumber: msg.sequenceNumber,
        signatureVersion: signatureVersionOf(fan.topic),
        identity: fan.identity,
        urlBase: ctx.snsUrlBase,
      });
      envelopes.set(content, e);
    }
    return e;
  };
  // a raw copy is the same message in every queue: SQS checks it once
  const rawCopies = new Map<string, QueueMessage>();
  const rawCopyFor = (content: string): QueueMessage => {
    let qm = rawCopies.get(content);
    if (!qm) {
      qm = { body: content, messageAttributes: deliveredAttributes(msg) };
      qm.checked = checkQueueMessage(qm);
      rawCopies.set(content, qm);
    }
    return qm;
  };
  for (const sub of fan.subscriptions) {
    const content = contentFor(msg, structureKey(sub));
    const filter = filterOf(fan, sub);
    if (filter && !filterMatches(filter, { attributes: msg.attributes, body: content })) continue;
    const outcome = deliverOne(ctx, fan, msg, sub, content, { envelopeFor, rawCopyFor });
    counts[outcome]++;
  }
  return counts;
}

/** The copies of one message, made once and shared by the subscriptions that get them alike. */
interface Copies {
  envelopeFor(content: string): NotificationEnvelope;
  rawCopyFor(content: string): QueueMessage;
}

function deliverOne(
  ctx: Ctx,
  fan: FanOut,
  msg: PublishedMessage,
  sub: SubscriptionRecord,
  content: string,
  copies: Copies,
): keyof DeliveryCounts {
  const { envelopeFor } = copies;
  const raw = isRawDelivery(sub);
  const base = {
    protocol: sub.protocol,
    endpoint: sub.endpoint,
    topicArn: fan.topic.arn,
    subscriptionArn: sub.arn,
    messageId: msg.messageId,
    type: 'Notification' as const,
  };
  switch (sub.protocol) {
    case 'sqs': {
      let qm: QueueMessage;
      if (raw) {
        qm = { ...copies.rawCopyFor(content) };
      } else {
        const copy = envelopeFor(content).forQueue(sub.arn);
        qm = { body: copy.body, pendingSignature: copy.pendingSignature };
      }
      if (fan.topic.fifo) {
        if (sub.endpoint.endsWith('.fifo')) {
          qm.messageGroupId = msg.groupId;
          qm.messageDeduplicationId = msg.dedupId;
        }
      } else if (msg.groupId !== undefined) {
        qm.messageGroupId = msg.groupId; // standard topics forward it to (fair) standard queues
      }
      const res = deliverToQueue(ctx, sub.endpoint, qm, fan.queues);
      if (res.ok) return 'sqs';
      const recorded = raw ? content : envelopeFor(content).forSubscription(sub.arn);
      failDelivery(ctx, fan, sub, base, qm, recorded, `${res.error.code}: ${res.error.message}`);
      return 'failed';
    }
    case 'http':
    case 'https': {
      const policy = effectiveSubscriptionDeliveryPolicy(sub.attributes.DeliveryPolicy, fan.topic.attributes.DeliveryPolicy, sub.protocol);
      const headers: Record<string, string> = {
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': msg.messageId,
        'x-amz-sns-topic-arn': fan.topic.arn,
        'x-amz-sns-subscription-arn': sub.arn,
      };
      if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
      headers['Content-Type'] = policy.requestPolicy?.headerContentType ?? DEFAULT_CONTENT_TYPE;
      headers['User-Agent'] = 'Amazon Simple Notification Service Agent';
      headers['Accept-Encoding'] = 'gzip,deflate';
      recordOutbox(ctx, {
        ...base,
        subject: msg.subject,
        body: raw ? content : envelopeFor(content).forSubscription(sub.arn),
        headers,
        messageAttributes: raw ? sqsAttributesJson(deliveredAttributes(msg)) : undefined,
        status: 'pending',
        nextAttemptAt: ctx.store.clock.now(),
      });
      return 'outbox';
    }
    case 'email':
      recordOutbox(ctx, {
        ...base,
        subject: msg.subject ?? 'AWS Notification Message',
        body: emailBody(content, fan.topic.region, sub),
        headers: emailHeaders(fan.topic, sub.endpoint),
        status: 'recorded',
      });
      return 'outbox';
    case 'email-json':
      recordOutbox(ctx, {
        ...base,
        subject: msg.subject ?? 'AWS Notification Message',
        body: envelopeFor(content).forSubscription(sub.arn),
        headers: emailHeaders(fan.topic, sub.endpoint),
        status: 'recorded',
      });
      return 'outbox';
    case 'sms':
      return recordSms(ctx, { ...base, body: content, attributes: deliveredAttributes(msg) });
    case 'lambda':
      recordOutbox(ctx, { ...base, body: lambdaEvent(envelopeFor(content).fields(sub.arn), sub.arn), status: 'recorded' });
      return 'outbox';
    case 'firehose':
      recordOutbox(ctx, {
        ...base,
        body: raw ? content : envelopeFor(content).forSubscription(sub.arn),
        status: 'recorded',
      });
      return 'outbox';
    case 'application': {
      const endpoint = findPlatformEndpoint(ctx, sub.endpoint);
      const disabled = !endpoint ? 'Endpoint does not exist' : endpoint.attributes.Enabled !== 'true' ? 'Endpoint is disabled' : undefined;
      recordOutbox(ctx, {
        ...base,
        body: content,
        messageAttributes: sqsAttributesJson(deliveredAttributes(msg)),
        status: disabled ? 'failed' : 'recorded',
        lastError: disabled,
      });
      return disabled ? 'failed' : 'outbox';
    }
  }
  return 'failed';
}

/** Attributes as JSON-able SQS message attributes (Binary in base64). */
export function sqsAttributesJson(attrs: MessageAttributes): Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> | undefined {
  const names = Object.keys(attrs);
  if (names.length === 0) return undefined;
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const n of names) {
    const a = attrs[n]!;
    out[n] = a.BinaryValue ? { DataType: a.DataType, BinaryValue: a.BinaryValue.toString('base64') } : { DataType: a.DataType, StringValue: a.StringValue! };
  }
  return out;
}

export function attributesFromJson(json: unknown): MessageAttributes {
  const out: MessageAttributes = {};
  for (const [n, a] of Object.entries((json ?? {}) as Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>)) {
    out[n] = a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : { DataType: a.DataType, StringValue: a.StringValue! };
  }
  return out;
}

interface BaseRecord {
  protocol: string;
  endpoint: string;
  topicArn?: string;
  subscriptionArn?: string;
  messageId: string;
  type: 'Notification';
}

/**
 * A delivery that cannot be made: to the dead-letter queue if there is one, else dropped; the
 * outbox records `body`, the message as sent (signed).
 */
function failDelivery(
  ctx: Ctx,
  fan: FanOut,
  sub: SubscriptionRecord,
  base: BaseRecord,
  qm: QueueMessage,
  body: string,
  reason: string,
): void {
  const dlq = deadLetterQueueOf(sub);
  let status: 'dead-lettered' | 'failed' = 'failed';
  let lastError = reason;
  if (dlq) {
    const res = deliverToQueue(ctx, dlq, qm, fan.queues);
    if (res.ok) status = 'dead-lettered';
    else lastError = `${reason}; dead-letter queue ${dlq}: ${res.error.code}: ${res.error.message}`;
  }
  recordOutbox(ctx, {
    ...base,
    body,
    messageAttributes: qm.messageAttributes ? sqsAttributesJson(qm.messageAttributes) : undefined,
    status,
    lastError,
  });
}

export function recordSms(
  ctx: Ctx,
  r: BaseRecord & { body: string; attributes: MessageAttributes },
): 'outbox' | 'failed' {
  const optedOut = ctx.store
    .stmt<[string, string], { n: number }>('SELECT 1 AS n FROM sns_opted_out WHERE account = ? AND phone_number = ?')
    .get(ctx.accountId, normalisePhone(r.endpoint));
  recordOutbox(ctx, {
    protocol: 'sms',
    endpoint: r.endpoint,
    topicArn: r.topicArn,
    subscriptionArn: r.subscriptionArn,
    messageId: r.messageId,
    type: 'Notification',
    body: r.body,
    messageAttributes: sqsAttributesJson(r.attributes),
    status: optedOut ? 'failed' : 'recorded',
    lastError: optedOut ? 'The phone number has opted out of receiving SMS messages' : undefined,
  });
  return optedOut ? 'failed' : 'outbox';
}

/** +1-555-555-0100 and +15555550100 are the same number. */
export const normalisePhone = (n: string): string => n.replace(/[\s().\/-]/g, '');

function emailHeaders(topic: TopicRecord, to: string): Record<string, string> {
  const name = topic.attributes.DisplayName || 'AWS Notifications';
  return { From: `${name} <no-reply@sns.amazonaws.com>`, To: to };
}

function emailBody(content: string, region: string, sub: SubscriptionRecord): string {
  const unsubscribe = `${serviceUrl(region)}/unsubscribe.html?SubscriptionArn=${sub.arn}&Endpoint=${sub.endpoint}`;
  return (
    `${content}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n` +
    `${unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n`
  );
}

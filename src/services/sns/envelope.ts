/**
 * The JSON documents SNS sends: the notification envelope (to SQS, HTTP/S, email-json,
 * Firehose), subscription and unsubscribe confirmations, and the Lambda event. Laid out as AWS
 * lays them out ("Name" : value, two-space indent, attributes one per line), fields in AWS's
 * order; FIFO topics carry a SequenceNumber and no signature, as AWS sends them.
 */
import { subscribeUrl, unsubscribeUrl } from './arn.js';
import { envelopeAttributes, type MessageAttributes } from './messages.js';
import { signatureOf, signaturePlaceholder, type MessageType, type SigningIdentity } from './signatures.js';
import { signingCertUrl } from './signing.js';

export const timestampOf = (ms: number): string => new Date(ms).toISOString();

const field = (name: string, value: string): string => `  ${JSON.stringify(name)} : ${JSON.stringify(value)}`;

export interface NotificationInput {
  messageId: string;
  topicArn: string;
  region: string;
  message: string;
  subject?: string;
  timestamp: string;
  attributes: MessageAttributes;
  /** FIFO topics: the message's SequenceNumber (and no signature) */
  sequenceNumber?: string;
  signatureVersion: '1' | '2';
  identity?: SigningIdentity;
  /** where UnsubscribeURL points instead of AWS's endpoint (Ctx.snsUrlBase) */
  urlBase?: string;
}

/** A queue copy of an envelope; `pendingSignature` is where its signature placeholder starts. */
export interface QueueEnvelope {
  body: string;
  pendingSignature?: number;
}

/**
 * A notification envelope split around the one per-subscription field (UnsubscribeURL), so a
 * fan-out to many subscriptions serialises once, and signs once, when a copy first needs it:
 * copies for SQS queues are signed when first received (signatures.ts).
 */
export interface NotificationEnvelope {
  forSubscription(subscriptionArn: string): string;
  /** the envelope for an SQS queue, with its signature deferred (when it has one) */
  forQueue(subscriptionArn: string): QueueEnvelope;
  /** the envelope as an object (for the Lambda event and tests) */
  fields(subscriptionArn: string): Record<string, unknown>;
}

export function notificationEnvelope(n: NotificationInput): NotificationEnvelope {
  const lines: string[] = [field('Type', 'Notification'), field('MessageId', n.messageId)];
  if (n.sequenceNumber !== undefined) lines.push(field('SequenceNumber', n.sequenceNumber));
  lines.push(field('TopicArn', n.topicArn));
  if (n.subject !== undefined) lines.push(field('Subject', n.subject));
  lines.push(field('Message', n.message), field('Timestamp', n.timestamp));
  const identity = n.sequenceNumber === undefined ? n.identity : undefined;
  let certUrl: string | undefined;
  // the head is `beforeSignature + <signature> + afterSignature`, or all in beforeSignature when unsigned
  let beforeSignature: string;
  let afterSignature = '';
  if (identity) {
    certUrl = signingCertUrl(n.region, identity.certId);
    lines.push(field('SignatureVersion', n.signatureVersion));
    beforeSignature = lines.join(',\n') + ',\n  "Signature" : "';
    afterSignature = '",\n' + field('SigningCertURL', certUrl) + ',\n';
  } else {
    beforeSignature = lines.join(',\n') + ',\n';
  }
  let signature: string | undefined;
  const signed = (): string =>
    (signature ??= signatureOf(
      identity!,
      { Type: 'Notification', MessageId: n.messageId, TopicArn: n.topicArn, Subject: n.subject, Message: n.message, Timestamp: n.timestamp },
      n.signatureVersion,
    ));
  const attrs = envelopeAttributes(n.attributes);
  const names = Object.keys(attrs);
  const tail =
    names.length === 0
      ? '\n}'
      : ',\n  "MessageAttributes" : {\n' +
        names.map((k) => `    ${JSON.stringify(k)} : ${JSON.stringify(attrs[k])}`).join(',\n') +
        '\n  }\n}';
  const document = (subscriptionArn: string, sig: string): string =>
    '{\n' + beforeSignature + sig + afterSignature + field('UnsubscribeURL', unsubscribeUrl(n.region, subscriptionArn, n.urlBase)) + tail;
  return {
    forSubscription: (subscriptionArn) => document(subscriptionArn, identity ? signed() : ''),
    forQueue: (subscriptionArn) => {
      if (!identity) return { body: document(subscriptionArn, '') };
      // a signature already made (for an HTTP or email-json copy) is used as it is
      if (signature !== undefined) return { body: document(subscriptionArn, signature) };
      return { body: document(subscriptionArn, signaturePlaceholder(identity)), pendingSignature: 2 + beforeSignature.length };
    },
    fields: (subscriptionArn) => {
      const o: Record<string, unknown> = { Type: 'Notification', MessageId: n.messageId };
      if (n.sequenceNumber !== undefined) o.SequenceNumber = n.sequenceNumber;
      o.TopicArn = n.topicArn;
      if (n.subject !== undefined) o.Subject = n.subject;
      o.Message = n.message;
      o.Timestamp = n.timestamp;
      if (identity) {
        o.SignatureVersion = n.signatureVersion;
        o.Signature = signed();
        o.SigningCertURL = certUrl;
      }
      o.UnsubscribeURL = unsubscribeUrl(n.region, subscriptionArn, n.urlBase);
      if (names.length) o.MessageAttributes = attrs;
      return o;
    },
  };
}

export interface ConfirmationInput {
  type: Exclude<MessageType, 'Notification'>;
  messageId: string;
  token: string;
  topicArn: string;
  region: string;
  message: string;
  timestamp: string;
  signatureVersion: '1' | '2';
  identity: SigningIdentity;
  /** where SubscribeURL points instead of AWS's endpoint (Ctx.snsUrlBase) */
  urlBase?: string;
}

/** SubscriptionConfirmation / UnsubscribeConfirmation, signed. */
export function confirmationDocument(c: ConfirmationInput): string {
  const url = subscribeUrl(c.region, c.topicArn, c.token, c.urlBase);
  const signature = signatureOf(
    c.identity,
    { Type: c.type, MessageId: c.messageId, Token: c.token, TopicArn: c.topicArn, Message: c.message, SubscribeURL: url, Timestamp: c.timestamp },
    c.signatureVersion,
  );
  const lines = [
    field('Type', c.type),
    field('MessageId', c.messageId),
    field('Token', c.token),
    field('TopicArn', c.topicArn),
    field('Message', c.message),
    field('SubscribeURL', url),
    field('Timestamp', c.timestamp),
    field('SignatureVersion', c.signatureVersion),
    field('Signature', signature),
    field('SigningCertURL', signingCertUrl(c.region, c.identity.certId)),
  ];
  return '{\n' + lines.join(',\n') + '\n}';
}

export const subscriptionConfirmationText = (topicArn: string): string =>
  `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;

export const unsubscribeConfirmationText = (subscriptionArn: string): string =>
  `You have chosen to deactivate subscription ${subscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;

/**
 * The event a Lambda function receives (Records[0].Sns), as AWS Lambda documents it:
 * SigningCertUrl/UnsubscribeUrl spelled so, Subject null when absent, attributes always
 * present, String.Array and Number passed as String.
 */
export function lambdaEvent(envelope: Record<string, unknown>, subscriptionArn: string): string {
  const attrs = (envelope.MessageAttributes as Record<string, { Type: string; Value: string }> | undefined) ?? {};
  const lambdaAttrs: Record<string, { Type: string; Value: string }> = {};
  for (const [k, v] of Object.entries(attrs)) {
    lambdaAttrs[k] = { Type: v.Type.startsWith('Binary') ? 'Binary' : 'String', Value: v.Value };
  }
  const sns: Record<string, unknown> = {
    Type: envelope.Type,
    MessageId: envelope.MessageId,
    TopicArn: envelope.TopicArn,
    Subject: envelope.Subject ?? null,
    Message: envelope.Message,
    Timestamp: envelope.Timestamp,
    SignatureVersion: envelope.SignatureVersion,
    Signature: envelope.Signature,
    SigningCertUrl: envelope.SigningCertURL,
    UnsubscribeUrl: envelope.UnsubscribeURL,
    MessageAttributes: lambdaAttrs,
  };
  if (envelope.SequenceNumber !== undefined) sns.SequenceNumber = envelope.SequenceNumber;
  return JSON.stringify({
    Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: subscriptionArn, Sns: sns }],
  });
}

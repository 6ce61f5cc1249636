/** Subscription operations, confirmation tokens and the confirmation messages. */
import { randomBytes, randomUUID } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import { parseArn } from '../../core/aws.js';
import { requireArn } from './arn.js';
import { DEFAULT_CONTENT_TYPE } from './deliveryPolicy.js';
import { normalisePhone } from './delivery.js';
import {
  confirmationDocument,
  subscriptionConfirmationText,
  timestampOf,
  unsubscribeConfirmationText,
} from './envelope.js';
import { invalidParameter, invalidParameterRaw, notFound } from './errors.js';
import { recordOutbox } from './outbox.js';
import { decodeToken, page, PAGE_SIZE } from './pagination.js';
import { findPlatformEndpoint } from './platform.js';
import {
  boolString,
  deleteSubscriptionRow,
  findSubscription,
  findTopic,
  getSubscription,
  getTopic,
  insertSubscription,
  saveSubscriptionAttributes,
  toSubscription,
  topicSubscriptions,
  type SubscriptionRecord,
  type SubscriptionRow,
  type TopicRecord,
} from './records.js';
import { signingIdentity } from './signing.js';
import { deliverToQueue } from './sqsBridge.js';
import { effectiveSubscriptionAttribute, subscriptionAttributesView, validateSubscriptionAttribute } from './subscriptionAttributes.js';
import { signatureVersionOf } from './topicAttributes.js';

export const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

/** Confirmation tokens are valid for two days (AWS's Subscribe documentation). */
const TOKEN_VALIDITY_MS = 2 * 24 * 3600 * 1000;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** AWS's sms endpoint rule: E.164 with optional single separators, not at either end. */
export function isSmsNumber(n: string): boolean {
  if (/[./-]{2,}/.test(n) || /^[./-]|[./-]$/.test(n)) return false;
  return /^\+?[1-9]\d{1,14}$/.test(n.replace(/[./-]/g, ''));
}

function validateEndpoint(ctx: Ctx, topic: TopicRecord, protocol: string, endpoint: string): void {
  switch (protocol) {
    case 'http':
    case 'https': {
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== `${protocol}:` || !endpoint.toLowerCase().startsWith(`${protocol}://`)) {
        throw invalidParameter('Endpoint must match the specified protocol');
      }
      return;
    }
    case 'email':
    case 'email-json':
      if (!EMAIL.test(endpoint)) throw invalidParameter('Email address');
      return;
    case 'sms':
      if (!isSmsNumber(endpoint)) throw invalidParameterRaw(`Invalid SMS endpoint: ${endpoint}`);
      return;
    case 'sqs': {
      const arn = parseArn(endpoint);
      if (!arn || arn.service !== 'sqs' || arn.resource.includes(':') || arn.resource === '') {
        throw invalidParameter('SQS endpoint ARN');
      }
      if (!topic.fifo && arn.resource.endsWith('.fifo')) {
        throw invalidParameter(
          'Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
        );
      }
      return;
    }
    case 'lambda': {
      const arn = parseArn(endpoint);
      if (!arn || arn.service !== 'lambda' || !arn.resource.startsWith('function:')) throw invalidParameter('Lambda endpoint ARN');
      return;
    }
    case 'firehose': {
      const arn = parseArn(endpoint);
      if (!arn || arn.service !== 'firehose' || !arn.resource.startsWith('deliverystream/')) {
        throw invalidParameter('Firehose endpoint ARN');
      }
      return;
    }
    case 'application':
      // AWS's message has no space between "arn" and the ARN
      if (!findPlatformEndpoint(ctx, endpoint)) throw invalidParameter(`Endpoint Reason: Endpoint does not exist for endpoint arn${endpoint}`);
      return;
  }
}

/** Protocols that need the endpoint owner's confirmation. */
function needsConfirmation(ctx: Ctx, topic: TopicRecord, protocol: string, endpoint: string): boolean {
  if (['http', 'https', 'email', 'email-json'].includes(protocol)) return true;
  if (protocol === 'sqs' || protocol === 'lambda') {
    // an endpoint in another account than the topic's and the caller's must confirm
    const account = parseArn(endpoint)?.accountId;
    return account !== topic.account && account !== ctx.accountId;
  }
  return false;
}

interface SubscribeInput {
  TopicArn?: string;
  Protocol?: string;
  Endpoint?: string;
  Attributes?: Record<string, string>;
  ReturnSubscriptionArn?: boolean;
}

/** The topic a subscription is asked for, once its protocol and endpoint are known to be valid. */
function subscriptionTarget(ctx: Ctx, topicArn: string | undefined, protocol: string, endpoint: string): TopicRecord {
  const topic = getTopic(ctx, topicArn);
  if (!PROTOCOLS.includes(protocol)) {
    throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  }
  if (topic.fifo && protocol !== 'sqs') throw invalidParameter(`Invalid protocol type: ${protocol}`);
  validateEndpoint(ctx, topic, protocol, endpoint);
  return topic;
}

export function subscribe(ctx: Ctx, input: SubscribeInput): { SubscriptionArn: string } {
  const protocol = input.Protocol ?? '';
  const endpoint = input.Endpoint ?? '';
  if (['http', 'https', 'email-json'].includes(protocol)) {
    // The confirmation is signed: the key is made before the write lock, once the request is
    // known to be good (a request that fails writes nothing).
    ctx.store.read(() => subscriptionTarget(ctx, input.TopicArn, protocol, endpoint));
    signingIdentity(ctx.store);
  }
  return ctx.store.write(() => {
    const topic = subscriptionTarget(ctx, input.TopicArn, protocol, endpoint);
    const requested = input.Attributes ?? {};
    const attributes: Record<string, string> = {};
    // the scope first: the filter policy is checked in the scope it will have
    const ordered = Object.entries(requested).sort(([a], [b]) => Number(b === 'FilterPolicyScope') - Number(a === 'FilterPolicyScope'));
    for (const [k, v] of ordered) {
      const value = validateSubscriptionAttribute(k, v, { topic, protocol, endpoint, subscribeCall: true, attributes });
      if (value === null) delete attributes[k];
      else attributes[k] = value;
    }
    const existing = topicSubscriptions(ctx, topic.arn).find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) {
      // compared as the subscription behaves: an absent RawMessageDelivery is "false", and so on
      for (const [k, v] of Object.entries(attributes)) {
        if (effectiveSubscriptionAttribute(existing.attributes, k) !== v) {
          throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
        }
      }
      if (existing.pending) {
        sendConfirmation(ctx, topic, existing); // AWS sends a new confirmation request
        return { SubscriptionArn: input.ReturnSubscriptionArn ? existing.arn : 'pending confirmation' };
      }
      return { SubscriptionArn: existing.arn };
    }
    const pending = needsConfirmation(ctx, topic, protocol, endpoint);
    const sub: SubscriptionRecord = {
      seq: 0,
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      region: ctx.region,
      owner: ctx.accountId,
      protocol,
      endpoint,
      pending,
      authenticated: !pending,
      attributes,
      createdAt: ctx.store.clock.now(),
    };
    insertSubscription(ctx, sub);
    if (pending) {
      sendConfirmation(ctx, topic, sub);
      return { SubscriptionArn: input.ReturnSubscriptionArn ? sub.arn : 'pending confirmation' };
    }
    return { SubscriptionArn: sub.arn };
  });
}

/** AWS's tokens are long hex strings. */
const newToken = (): string => randomBytes(144).toString('hex');

function createToken(ctx: Ctx, kind: 'subscribe' | 'unsubscribe', sub: SubscriptionRecord, snapshot?: string): string {
  const token = newToken();
  ctx.store
    .stmt('INSERT INTO sns_tokens (token, kind, subscription_arn, region, snapshot, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(token, kind, sub.arn, sub.region, snapshot ?? null, ctx.store.clock.now() + TOKEN_VALIDITY_MS);
  return token;
}

/** Sends the SubscriptionConfirmation (HTTP/S, e-mail, or into a cross-account queue). */
function sendConfirmation(ctx: Ctx, topic: TopicRecord, sub: SubscriptionRecord): void {
  const token = createToken(ctx, 'subscribe', sub);
  sendConfirmationMessage(ctx, topic, sub, 'SubscriptionConfirmation', token, subscriptionConfirmationText(topic.arn));
}

function sendConfirmationMessage(
  ctx: Ctx,
  topic: TopicRecord,
  sub: SubscriptionRecord,
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation',
  token: string,
  message: string,
): void {
  const messageId = randomUUID();
  const document = (): string =>
    confirmationDocument({
      type,
      messageId,
      token,
      topicArn: topic.arn,
      region: topic.region,
      message,
      timestamp: timestampOf(ctx.store.clock.now()),
      signatureVersion: signatureVersionOf(topic),
      identity: signingIdentity(ctx.store),
      urlBase: ctx.snsUrlBase,
    });
  const base = { protocol: sub.protocol, endpoint: sub.endpoint, topicArn: topic.arn, subscriptionArn: sub.arn, messageId, type };
  switch (sub.protocol) {
    case 'http':
    case 'https': {
      const headers: Record<string, string> = {
        'x-amz-sns-message-type': type,
        'x-amz-sns-message-id': messageId,
        'x-amz-sns-topic-arn': topic.arn,
      };
      // AWS names the subscription in the headers of everything but the subscription request
      if (type === 'UnsubscribeConfirmation') headers['x-amz-sns-subscription-arn'] = sub.arn;
      headers['Content-Type'] = DEFAULT_CONTENT_TYPE;
      headers['User-Agent'] = 'Amazon Simple Notification Service Agent';
      headers['Accept-Encoding'] = 'gzip,deflate';
      recordOutbox(ctx, { ...base, body: document(), headers, status: 'pending', nextAttemptAt: ctx.store.clock.now() });
      return;
    }
    case 'email':
      recordOutbox(ctx, {
        ...base,
        subject: 'AWS Notification - Subscription Confirmation',
        body: emailConfirmationBody(topic, sub, token),
        headers: { From: `${topic.attributes.DisplayName || 'AWS Notifications'} <no-reply@sns.amazonaws.com>`, To: sub.endpoint },
        status: 'recorded',
      });
      return;
    case 'email-json':
      recordOutbox(ctx, {
        ...base,
        subject: 'AWS Notification - Subscription Confirmation',
        body: document(),
        headers: { From: 'AWS Notifications <no-reply@sns.amazonaws.com>', To: sub.endpoint },
        status: 'recorded',
      });
      return;
    case 'sqs': {
      const res = deliverToQueue(ctx, sub.endpoint, { body: document() });
      recordOutbox(ctx, {
        ...base,
        body: document(),
        status: res.ok ? 'delivered' : 'failed',
        lastError: res.ok ? undefined : `${res.error.code}: ${res.error.message}`,
      });
      return;
    }
    default:
      recordOutbox(ctx, { ...base, body: document(), status: 'recorded' });
  }
}

function emailConfirmationBody(topic: TopicRecord, sub: SubscriptionRecord, token: string): string {
  const url = `https://sns.${topic.region}.amazonaws.com/confirmation.html?TopicArn=${topic.arn}&Token=${token}&Endpoint=${sub.endpoint}`;
  return (
    `You have chosen to subscribe to the topic: \n${topic.arn}\n\n` +
    `To confirm this subscription, click or visit the link below (If this was in error no action is necessary): \n` +
    `${url}\n\nToken: ${token}\n\n` +
    `Please do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out\n`
  );
}

export function unsubscribe(ctx: Ctx, input: { SubscriptionArn?: string }): Record<string, never> {
  const text = input.SubscriptionArn ?? '';
  requireArn(text, 'SubscriptionArn');
  if (text.split(':').length === 6) throw invalidParameter('SubscriptionId');
  ctx.store.write(() => {
    const sub = findSubscription(ctx, text);
    if (!sub) return; // unsubscribing twice is not an error
    const topic = findTopic(ctx, sub.topicArn);
    deleteSubscriptionRow(ctx, sub.arn);
    if (topic && !sub.pending && (sub.protocol === 'http' || sub.protocol === 'https')) {
      const token = createToken(ctx, 'unsubscribe', sub, JSON.stringify(sub));
      sendConfirmationMessage(ctx, topic, sub, 'UnsubscribeConfirmation', token, unsubscribeConfirmationText(sub.arn));
    }
  });
  return {};
}

interface TokenRow {
  token: string;
  kind: 'subscribe' | 'unsubscribe';
  subscription_arn: string;
  region: string;
  snapshot: string | null;
  expires_at: number;
}

export function confirmSubscription(
  ctx: Ctx,
  input: { TopicArn?: string; Token?: string; AuthenticateOnUnsubscribe?: string },
): { SubscriptionArn: string } {
  const topicArn = parseArn(input.TopicArn ?? '');
  if (!topicArn) throw invalidParameter('Topic');
  const token = input.Token ?? '';
  if (!/^[0-9a-fA-F]+$/.test(token)) throw invalidParameterRaw('Invalid token');
  return ctx.store.write(() => {
    const row = ctx.store.stmt<[string], TokenRow>('SELECT * FROM sns_tokens WHERE token = ?').get(token);
    if (!row || row.expires_at <= ctx.store.clock.now()) throw invalidParameter('Token');
    // the token knows its region: a topic ARN of another region is refused (the topic name is not checked, as on AWS)
    if (topicArn.region !== row.region) throw invalidParameter('Topic');
    const authenticated = (input.AuthenticateOnUnsubscribe ?? '').toLowerCase() === 'true';
    if (row.kind === 'unsubscribe') return { SubscriptionArn: restoreSubscription(ctx, row, authenticated) };
    const sub = findSubscription(ctx, row.subscription_arn);
    if (!sub) throw invalidParameter('Token');
    if (sub.pending) {
      ctx.store
        .stmt('UPDATE sns_subscriptions SET pending = 0, authenticated = ? WHERE arn = ?')
        .run(authenticated ? 1 : 0, sub.arn);
    }
    return { SubscriptionArn: sub.arn };
  });
}

/** An UnsubscribeConfirmation's token brings the subscription back, with the same ARN. */
function restoreSubscription(ctx: Ctx, row: TokenRow, authenticated: boolean): string {
  const existing = findSubscription(ctx, row.subscription_arn);
  if (existing) return existing.arn;
  const snapshot = JSON.parse(row.snapshot!) as SubscriptionRecord;
  if (!findTopic(ctx, snapshot.topicArn)) throw invalidParameter('Token');
  insertSubscription(ctx, { ...snapshot, pending: false, authenticated });
  return snapshot.arn;
}

/**
 * Confirms a subscription from its SubscribeURL (what an endpoint "visits") or the link of a
 * confirmation e-mail: the URL's TopicArn and Token go to ConfirmSubscription. For an adapter
 * that serves these URLs, or the CLI.
 */
export function confirmFromSubscribeUrl(ctx: Ctx, url: string): { SubscriptionArn: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParameter('SubscribeURL');
  }
  const params = parsed.searchParams;
  // the SubscribeURL of HTTP/S and queue confirmations, or the link of a confirmation e-mail
  const confirms = params.get('Action') === 'ConfirmSubscription' || parsed.pathname.endsWith('/confirmation.html');
  if (!confirms) throw invalidParameter('SubscribeURL');
  return confirmSubscription(ctx, { TopicArn: params.get('TopicArn') ?? '', Token: params.get('Token') ?? '' });
}

interface SubscriptionSummary {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

const summary = (s: SubscriptionRecord): SubscriptionSummary => ({
  SubscriptionArn: s.pending ? 'PendingConfirmation' : s.arn,
  Owner: s.owner,
  Protocol: s.protocol,
  Endpoint: s.endpoint,
  TopicArn: s.topicArn,
});

export function listSubscriptions(ctx: Ctx, input: { NextToken?: string }): { Subscriptions: SubscriptionSummary[]; NextToken?: string } {
  const after = decodeToken<number>(input.NextToken, 'number') ?? 0;
  const rows = ctx.store
    .stmt<[string, string, number, number], SubscriptionRow>(
      'SELECT * FROM sns_subscriptions WHERE region = ? AND owner = ? AND seq > ? ORDER BY seq LIMIT ?',
    )
    .all(ctx.region, ctx.accountId, after, PAGE_SIZE + 1);
  const { items, nextToken } = page(rows, (r) => r.seq);
  const out: { Subscriptions: SubscriptionSummary[]; NextToken?: string } = {
    Subscriptions: items.map((r) => summary(toSubscription(r))),
  };
  if (nextToken) out.NextToken = nextToken;
  return out;
}

export function listSubscriptionsByTopic(
  ctx: Ctx,
  input: { TopicArn?: string; NextToken?: string },
): { Subscriptions: SubscriptionSummary[]; NextToken?: string } {
  return ctx.store.read(() => {
    const topic = getTopic(ctx, input.TopicArn);
    const after = decodeToken<number>(input.NextToken, 'number') ?? 0;
    const rows = ctx.store
      .stmt<[string, number, number], SubscriptionRow>(
        'SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(topic.arn, after, PAGE_SIZE + 1);
    const { items, nextToken } = page(rows, (r) => r.seq);
    const out: { Subscriptions: SubscriptionSummary[]; NextToken?: string } = {
      Subscriptions: items.map((r) => summary(toSubscription(r))),
    };
    if (nextToken) out.NextToken = nextToken;
    return out;
  });
}

export function getSubscriptionAttributes(ctx: Ctx, input: { SubscriptionArn?: string }): { Attributes: Record<string, string> } {
  requireArn(input.SubscriptionArn, 'SubscriptionArn');
  return ctx.store.read(() => {
    const sub = getSubscription(ctx, input.SubscriptionArn);
    return { Attributes: subscriptionAttributesView(sub, findTopic(ctx, sub.topicArn)) };
  });
}

export function setSubscriptionAttributes(
  ctx: Ctx,
  input: { SubscriptionArn?: string; AttributeName?: string; AttributeValue?: string },
): Record<string, never> {
  requireArn(input.SubscriptionArn, 'SubscriptionArn');
  return ctx.store.write(() => {
    const sub = getSubscription(ctx, input.SubscriptionArn);
    const topic = findTopic(ctx, sub.topicArn);
    if (!topic) throw notFound('Subscription does not exist');
    const name = input.AttributeName ?? '';
    const attributes = { ...sub.attributes };
    const value = validateSubscriptionAttribute(name, input.AttributeValue ?? '', {
      topic,
      protocol: sub.protocol,
      endpoint: sub.endpoint,
      subscribeCall: false,
      attributes,
    });
    if (value === null) delete attributes[name];
    else attributes[name] = value;
    saveSubscriptionAttributes(ctx, sub.arn, attributes);
    return {};
  });
}

/** DeleteTopic: the topic, its subscriptions, their tokens and pending deliveries, its dedup ids. */
export function deleteTopicCascade(ctx: Ctx, topicArn: string): void {
  for (const s of topicSubscriptions(ctx, topicArn)) deleteSubscriptionRow(ctx, s.arn);
  ctx.store.stmt('DELETE FROM sns_fifo_dedup WHERE topic_arn = ?').run(topicArn);
  ctx.store.stmt('DELETE FROM sns_topics WHERE arn = ?').run(topicArn);
}

export { boolString, normalisePhone };

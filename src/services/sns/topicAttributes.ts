/**
 * Topic attributes: which names CreateTopic and SetTopicAttributes accept, the values they
 * accept (normalised as AWS stores them), and GetTopicAttributes' view with its defaults.
 */
import type { Ctx } from '../../core/context.js';
import { parseArn } from '../../core/aws.js';
import { effectiveTopicDeliveryPolicy, parseTopicDeliveryPolicy } from './deliveryPolicy.js';
import { invalidParameter } from './errors.js';
import { parseJsonAttribute } from './json.js';
import type { TopicRecord } from './records.js';

const FEEDBACK = ['Application', 'HTTP', 'Firehose', 'Lambda', 'SQS'].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);

const COMMON = ['DeliveryPolicy', 'DisplayName', 'Policy', 'KmsMasterKeyId', 'SignatureVersion', ...FEEDBACK];
const STANDARD_ONLY = ['TracingConfig'];
const FIFO_ONLY = ['ContentBasedDeduplication', 'FifoThroughputScope', 'ArchivePolicy'];

export interface AttributeContext {
  fifo: boolean;
  /** "Attributes Reason: " for CreateTopic, "" for SetTopicAttributes */
  prefix: string;
}

/**
 * Validates one attribute. Returns the value to store, or null to remove it (an empty value
 * for an attribute whose absence means "the default").
 */
export function validateTopicAttribute(name: string, value: string, c: AttributeContext): string | null {
  const bad = (detail = name): never => {
    throw invalidParameter(`${c.prefix}${detail}`);
  };
  const known = COMMON.includes(name) || STANDARD_ONLY.includes(name) || FIFO_ONLY.includes(name);
  if (!known) bad('AttributeName');
  if (FIFO_ONLY.includes(name) && !c.fifo) bad();
  if (STANDARD_ONLY.includes(name) && c.fifo) bad();
  switch (name) {
    case 'DisplayName':
      if ([...value].length > 100) bad();
      return value;
    case 'Policy': {
      if (value === '') return null;
      let doc: unknown;
      try {
        doc = JSON.parse(value);
      } catch {
        doc = undefined;
      }
      // AWS's (odd) message for a policy it cannot read
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('Policy Error: null');
      return value;
    }
    case 'DeliveryPolicy':
      if (value === '') return null;
      return JSON.stringify(parseTopicDeliveryPolicy(value, c.prefix));
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') bad();
      return value;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') bad();
      return value;
    case 'KmsMasterKeyId':
      return value === '' ? null : value;
    case 'ContentBasedDeduplication': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') bad();
      return v;
    }
    case 'FifoThroughputScope':
      if (value !== 'Topic' && value !== 'MessageGroup') bad();
      return value;
    case 'ArchivePolicy': {
      if (value === '' || value === '{}') return null;
      const doc = parseJsonAttribute(value, `${c.prefix}ArchivePolicy`) as Record<string, unknown>;
      const days = Number(doc?.MessageRetentionPeriod);
      if (typeof doc !== 'object' || !Number.isInteger(days) || days < 1 || days > 365) {
        bad('ArchivePolicy Reason: MessageRetentionPeriod must be a number of days from 1 to 365');
      }
      return value;
    }
    default:
      if (name.endsWith('SampleRate')) {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n > 100) bad();
        return value;
      }
      if (value === '') return null;
      if (!parseArn(value)) bad();
      return value;
  }
}

export function defaultTopicPolicy(topicArn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

export function topicPolicy(t: TopicRecord): string {
  return t.attributes.Policy ?? defaultTopicPolicy(t.arn, t.account);
}

/** SignatureVersion used for the topic's messages ("1" unless set). */
export const signatureVersionOf = (t: TopicRecord): '1' | '2' => (t.attributes.SignatureVersion === '2' ? '2' : '1');

const BUILT_IN = new Set(['Policy', 'DisplayName', 'DeliveryPolicy', 'SignatureVersion', 'TracingConfig', 'KmsMasterKeyId', 'ContentBasedDeduplication', 'FifoThroughputScope', 'ArchivePolicy']);

/** GetTopicAttributes: AWS's attributes with defaults, in the order AWS usually returns them. */
export function topicAttributesView(ctx: Ctx, t: TopicRecord): Record<string, string> {
  const counts = ctx.store
    .stmt<[string], { confirmed: number; pending: number }>(
      'SELECT coalesce(sum(pending = 0), 0) AS confirmed, coalesce(sum(pending = 1), 0) AS pending FROM sns_subscriptions WHERE topic_arn = ?',
    )
    .get(t.arn)!;
  const a = t.attributes;
  const out: Record<string, string> = {
    Policy: topicPolicy(t),
    Owner: t.account,
    SubscriptionsPending: String(counts.pending),
    TopicArn: t.arn,
    EffectiveDeliveryPolicy: effectiveTopicDeliveryPolicy(a.DeliveryPolicy),
    SubscriptionsConfirmed: String(counts.confirmed),
    DisplayName: a.DisplayName ?? '',
    SubscriptionsDeleted: '0',
  };
  if (a.DeliveryPolicy !== undefined) out.DeliveryPolicy = a.DeliveryPolicy;
  if (a.SignatureVersion !== undefined) out.SignatureVersion = a.SignatureVersion;
  if (a.TracingConfig !== undefined) out.TracingConfig = a.TracingConfig;
  if (a.KmsMasterKeyId !== undefined) out.KmsMasterKeyId = a.KmsMasterKeyId;
  if (t.fifo) {
    out.FifoTopic = 'true';
    out.ContentBasedDeduplication = a.ContentBasedDeduplication ?? 'false';
    if (a.FifoThroughputScope !== undefined) out.FifoThroughputScope = a.FifoThroughputScope;
    if (a.ArchivePolicy !== undefined) {
      out.ArchivePolicy = a.ArchivePolicy;
      if (a.BeginningArchiveTime) out.BeginningArchiveTime = a.BeginningArchiveTime;
    }
  }
  for (const [k, v] of Object.entries(a)) if (!BUILT_IN.has(k) && k !== 'BeginningArchiveTime') out[k] = v;
  return out;
}

/**
 * The value GetTopicAttributes would show for an attribute a CreateTopic call names, to tell
 * "same attributes" (idempotent) from "different attributes" (an error).
 */
export function currentTopicAttribute(t: TopicRecord, name: string): string | undefined {
  if (name === 'DisplayName') return t.attributes.DisplayName ?? '';
  if (name === 'ContentBasedDeduplication' && t.fifo) return t.attributes.ContentBasedDeduplication ?? 'false';
  return t.attributes[name];
}

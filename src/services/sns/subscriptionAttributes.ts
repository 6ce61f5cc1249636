/**
 * Subscription attributes: the names Subscribe and SetSubscriptionAttributes accept, AWS's
 * checks of their values, and GetSubscriptionAttributes' view.
 */
import { parseArn } from '../../core/aws.js';
import { partitionOf } from './arn.js';
import { effectiveSubscriptionDeliveryPolicy, parseSubscriptionDeliveryPolicy } from './deliveryPolicy.js';
import { invalidParameter } from './errors.js';
import { asSubscribeAttributesError, FilterPolicyError, parseFilterPolicyScope } from './filterPolicy.js';
import { compileSubscriptionFilter, type FilterScope } from './filtering.js';
import { parseJsonAttribute } from './json.js';
import { boolString, type SubscriptionRecord, type TopicRecord } from './records.js';

export const SUBSCRIPTION_ATTRIBUTES = [
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
];

const RAW_PROTOCOLS = ['sqs', 'http', 'https', 'firehose'];

export interface SubscriptionContext {
  topic: TopicRecord;
  protocol: string;
  endpoint: string;
  /** Subscribe reports "Attributes Reason: ..."; SetSubscriptionAttributes does not */
  subscribeCall: boolean;
  /** the other attributes the subscription will have (for FilterPolicy vs FilterPolicyScope) */
  attributes: Record<string, string>;
}

/** Validates one attribute; returns the value to store, or null to remove the attribute. */
export function validateSubscriptionAttribute(name: string, value: string, c: SubscriptionContext): string | null {
  const prefix = c.subscribeCall ? 'Attributes Reason: ' : '';
  if (!SUBSCRIPTION_ATTRIBUTES.includes(name)) throw invalidParameter(`${prefix}AttributeName`);
  switch (name) {
    case 'RawMessageDelivery': {
      if (!RAW_PROTOCOLS.includes(c.protocol)) {
        throw invalidParameter(`Delivery protocol [${c.protocol}] does not support raw message delivery.`);
      }
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') {
        throw invalidParameter(`${prefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      }
      return v;
    }
    case 'FilterPolicyScope': {
      let scope: FilterScope;
      try {
        scope = parseFilterPolicyScope(value);
      } catch (e) {
        if (c.subscribeCall && e instanceof FilterPolicyError) throw asSubscribeAttributesError(e);
        throw e;
      }
      // the policy in place must make sense in the new scope
      const policy = c.attributes.FilterPolicy;
      if (policy) compileSubscriptionFilter(policy, scope, c.subscribeCall);
      return scope;
    }
    case 'FilterPolicy': {
      // "" and "{}" remove the policy ("{}" is how the AWS CLI's own example removes one)
      if (value.trim() === '' || /^\s*\{\s*\}\s*$/.test(value)) return null;
      const scope = (c.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterScope;
      compileSubscriptionFilter(value, scope, c.subscribeCall);
      return value;
    }
    case 'RedrivePolicy':
      return value.trim() === '' ? null : validateRedrivePolicy(value, prefix, c);
    case 'DeliveryPolicy':
      if (value.trim() === '') return null;
      return JSON.stringify(parseSubscriptionDeliveryPolicy(value, prefix));
    case 'SubscriptionRoleArn':
      if (value === '') return null;
      if (!parseArn(value)) throw invalidParameter(`${prefix}SubscriptionRoleArn`);
      return value;
    case 'ReplayPolicy':
      if (!c.topic.fifo) throw invalidParameter(`${prefix}ReplayPolicy`);
      if (value.trim() === '') return null;
      parseJsonAttribute(value, `${prefix}ReplayPolicy`);
      return value;
  }
  return value;
}

function validateRedrivePolicy(value: string, prefix: string, c: SubscriptionContext): string {
  const doc = parseJsonAttribute(value, `${prefix}RedrivePolicy`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidParameter(`${prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
  }
  for (const k of Object.keys(doc)) {
    if (k !== 'deadLetterTargetArn') throw invalidParameter(`${prefix}RedrivePolicy: invalid JSON. Attribute ${k} is unknown.`);
  }
  const target = (doc as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
  const arn = typeof target === 'string' ? parseArn(target) : undefined;
  if (!arn || arn.service !== 'sqs') throw invalidParameter(`${prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
  if (c.topic.fifo && c.endpoint.endsWith('.fifo') && !arn.resource.endsWith('.fifo')) {
    throw invalidParameter(`${prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.`);
  }
  return value;
}

/** The values a subscription has for attributes it was not given (what GetSubscriptionAttributes implies). */
const SUBSCRIPTION_DEFAULTS: Readonly<Record<string, string>> = {
  RawMessageDelivery: 'false',
  FilterPolicyScope: 'MessageAttributes',
};

/** A stored attribute's effective value: its own, else the default, else undefined (absent). */
export function effectiveSubscriptionAttribute(stored: Record<string, string>, name: string): string | undefined {
  return stored[name] ?? SUBSCRIPTION_DEFAULTS[name];
}

/** The dead-letter queue of a subscription, if it has a RedrivePolicy. */
export function deadLetterQueueOf(sub: SubscriptionRecord): string | undefined {
  const p = sub.attributes.RedrivePolicy;
  if (!p) return undefined;
  return (JSON.parse(p) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
}

export const isRawDelivery = (sub: SubscriptionRecord): boolean => sub.attributes.RawMessageDelivery === 'true';

/**
 * Who called Subscribe: locally always the account's root user, whose IAM ARN is
 * arn:<partition>:iam::<account>:root.
 */
export const subscriptionPrincipalOf = (sub: SubscriptionRecord): string => `arn:${partitionOf(sub.region)}:iam::${sub.owner}:root`;

/** GetSubscriptionAttributes, in the order AWS usually returns them. */
export function subscriptionAttributesView(sub: SubscriptionRecord, topic: TopicRecord | undefined): Record<string, string> {
  const a = sub.attributes;
  const out: Record<string, string> = {
    SubscriptionPrincipal: subscriptionPrincipalOf(sub),
    Owner: sub.owner,
    RawMessageDelivery: a.RawMessageDelivery ?? 'false',
    TopicArn: sub.topicArn,
    Endpoint: sub.endpoint,
    Protocol: sub.protocol,
    PendingConfirmation: boolString(sub.pending),
    ConfirmationWasAuthenticated: boolString(sub.authenticated),
    SubscriptionArn: sub.arn,
  };
  if (a.DeliveryPolicy !== undefined) out.DeliveryPolicy = a.DeliveryPolicy;
  if (sub.protocol === 'http' || sub.protocol === 'https') {
    out.EffectiveDeliveryPolicy = JSON.stringify(
      effectiveSubscriptionDeliveryPolicy(a.DeliveryPolicy, topic?.attributes.DeliveryPolicy, sub.protocol),
    );
  }
  if (a.FilterPolicy !== undefined) {
    out.FilterPolicy = a.FilterPolicy;
    out.FilterPolicyScope = a.FilterPolicyScope ?? 'MessageAttributes';
  }
  if (a.RedrivePolicy !== undefined) out.RedrivePolicy = a.RedrivePolicy;
  if (a.SubscriptionRoleArn !== undefined) out.SubscriptionRoleArn = a.SubscriptionRoleArn;
  if (a.ReplayPolicy !== undefined) out.ReplayPolicy = a.ReplayPolicy;
  return out;
}

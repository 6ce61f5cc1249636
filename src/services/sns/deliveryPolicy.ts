/**
 * HTTP/S delivery policies (topic DeliveryPolicy, subscription DeliveryPolicy) as AWS documents
 * them: validation, the form AWS stores and returns, the effective policy of a topic and of a
 * subscription, and the retry schedule it implies.
 *
 * AWS returns a DeliveryPolicy as it was written, re-serialised in its own member order, plus
 * the members it always writes (a topic's disableSubscriptionOverrides; a subscription's five
 * members, null where not given). Its defaults for the rest (numMaxDelayRetries, backoffFunction,
 * the content type, ...) appear only in EffectiveDeliveryPolicy, and govern the retries.
 */
import { invalidParameter } from './errors.js';
import { parseJsonAttribute } from './json.js';

export const BACKOFF_FUNCTIONS = ['linear', 'arithmetic', 'geometric', 'exponential'] as const;
export type BackoffFunction = (typeof BACKOFF_FUNCTIONS)[number];

export interface HealthyRetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: BackoffFunction;
}

export interface ThrottlePolicy {
  maxReceivesPerSecond: number;
}

export interface RequestPolicy {
  headerContentType: string;
}

/** A retry policy as written: the members given, in AWS's order (HEALTHY_MEMBERS). */
export type WrittenRetryPolicy = Partial<HealthyRetryPolicy>;

export interface TopicHttpPolicy {
  defaultHealthyRetryPolicy?: WrittenRetryPolicy;
  disableSubscriptionOverrides: boolean;
  defaultThrottlePolicy?: ThrottlePolicy;
  defaultRequestPolicy?: RequestPolicy;
}

/** A subscription's DeliveryPolicy as stored and returned. */
export interface WrittenSubscriptionDeliveryPolicy {
  healthyRetryPolicy: WrittenRetryPolicy | null;
  sicklyRetryPolicy: null;
  throttlePolicy: ThrottlePolicy | null;
  requestPolicy: RequestPolicy | null;
  guaranteed: boolean;
}

/** The policy that governs a subscription's deliveries: every member of the retry policy known. */
export interface SubscriptionDeliveryPolicy {
  healthyRetryPolicy: HealthyRetryPolicy | null;
  sicklyRetryPolicy: null;
  throttlePolicy: ThrottlePolicy | null;
  requestPolicy: RequestPolicy | null;
  guaranteed: boolean;
}

export const DEFAULT_HEALTHY_RETRY_POLICY: HealthyRetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};

export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** AWS's hard limit on the total retry time of an HTTP/S policy. */
const MAX_TOTAL_RETRY_SECONDS = 3600;

type Json = Record<string, unknown>;

/** The members of a retry policy, in the order AWS writes them. */
const HEALTHY_MEMBERS = [
  'minDelayTarget',
  'maxDelayTarget',
  'numRetries',
  'numMaxDelayRetries',
  'numNoDelayRetries',
  'numMinDelayRetries',
  'backoffFunction',
] as const;

/** A written retry policy with AWS's defaults for what it leaves out. */
export function withRetryDefaults(p: WrittenRetryPolicy): HealthyRetryPolicy {
  const out = { ...DEFAULT_HEALTHY_RETRY_POLICY };
  for (const k of HEALTHY_MEMBERS) if (p[k] !== undefined) (out as Record<string, unknown>)[k] = p[k];
  return out;
}

const TOPIC_POLICY_KEYS = [
  'defaultHealthyRetryPolicy',
  'disableSubscriptionOverrides',
  'defaultThrottlePolicy',
  'defaultRequestPolicy',
  'defaultSicklyRetryPolicy',
];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function integerField(obj: Json, key: string, where: string, fail: (m: string) => never, dflt?: number): number {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (dflt !== undefined) return dflt;
    fail(`${where}.${key} must be specified`);
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${where}.${key} must be an integer`);
  return v as number;
}

/** Validates a retry policy (with AWS's defaults for what it leaves out); returns it as written. */
function parseHealthy(v: unknown, where: string, fail: (m: string) => never): WrittenRetryPolicy {
  if (!isObject(v)) fail(`${where} must be an object`);
  const obj = v as Json;
  // minDelayTarget, maxDelayTarget and numRetries are required by AWS when the policy is given
  integerField(obj, 'minDelayTarget', where, fail);
  integerField(obj, 'maxDelayTarget', where, fail);
  integerField(obj, 'numRetries', where, fail);
  for (const k of ['numMaxDelayRetries', 'numNoDelayRetries', 'numMinDelayRetries']) integerField(obj, k, where, fail, 0);
  const fn = obj.backoffFunction ?? 'linear';
  if (typeof fn !== 'string' || !(BACKOFF_FUNCTIONS as readonly string[]).includes(fn)) {
    fail(`${where}.backoffFunction must be one of linear, arithmetic, geometric, exponential`);
  }
  const written: WrittenRetryPolicy = {};
  for (const k of HEALTHY_MEMBERS) if (obj[k] !== undefined && obj[k] !== null) (written as Json)[k] = obj[k];
  const p = withRetryDefaults(written);
  if (p.minDelayTarget < 1) fail(`${where}.minDelayTarget must be greater than or equal to 1`);
  if (p.maxDelayTarget > MAX_TOTAL_RETRY_SECONDS) fail(`${where}.maxDelayTarget must be less than or equal to 3600`);
  if (p.minDelayTarget > p.maxDelayTarget) fail(`${where}.minDelayTarget must be less than or equal to maxDelayTarget`);
  if (p.numRetries < 0 || p.numRetries > 100) fail(`${where}.numRetries must be between 0 and 100`);
  for (const k of ['numMaxDelayRetries', 'numNoDelayRetries', 'numMinDelayRetries'] as const) {
    if (p[k] < 0) fail(`${where}.${k} must be greater than or equal to 0`);
  }
  if (p.numNoDelayRetries + p.numMinDelayRetries + p.numMaxDelayRetries > p.numRetries) {
    fail(`${where}.numRetries must be greater than or equal to numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries`);
  }
  if (retryDelaysSeconds(p).reduce((a, b) => a + b, 0) > MAX_TOTAL_RETRY_SECONDS) {
    fail(`${where}: the total retry time must not exceed 3600 seconds`);
  }
  return written;
}

function parseThrottle(v: unknown, where: string, fail: (m: string) => never): ThrottlePolicy {
  if (!isObject(v)) fail(`${where} must be an object`);
  const n = integerField(v as Json, 'maxReceivesPerSecond', where, fail);
  if (n < 1) fail(`${where}.maxReceivesPerSecond must be greater than or equal to 1`);
  return { maxReceivesPerSecond: n };
}

function parseRequest(v: unknown, where: string, fail: (m: string) => never): RequestPolicy {
  if (!isObject(v)) fail(`${where} must be an object`);
  const ct = (v as Json).headerContentType;
  if (typeof ct !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(ct)) {
    fail(`${where}.headerContentType must be a valid content type`);
  }
  return { headerContentType: ct as string };
}

function failer(prefix: string): (m: string) => never {
  return (m: string): never => {
    throw invalidParameter(`${prefix}DeliveryPolicy: ${m}`);
  };
}

/**
 * A topic's DeliveryPolicy ({"http": {...}}), as AWS returns it: what was written, with
 * disableSubscriptionOverrides always. `prefix` is "Attributes Reason: " for CreateTopic, ""
 * for SetTopicAttributes.
 */
export function parseTopicDeliveryPolicy(text: string, prefix: string): Record<string, TopicHttpPolicy> {
  const fail = failer(prefix);
  const doc = parseJsonAttribute(text, `${prefix}DeliveryPolicy`);
  if (!isObject(doc)) fail('the policy must be a JSON object');
  const out: Record<string, TopicHttpPolicy> = {};
  for (const [proto, value] of Object.entries(doc as Json)) {
    if (proto !== 'http' && proto !== 'https') fail(`Attribute ${proto} is unknown`);
    if (!isObject(value)) fail(`${proto} must be an object`);
    const v = value as Json;
    for (const k of Object.keys(v)) {
      if (!TOPIC_POLICY_KEYS.includes(k)) {
        fail(`Attribute ${proto}.${k} is unknown`);
      }
    }
    // members in the order AWS writes them
    const ordered = {} as TopicHttpPolicy;
    if (v.defaultHealthyRetryPolicy != null) {
      ordered.defaultHealthyRetryPolicy = parseHealthy(v.defaultHealthyRetryPolicy, `${proto}.defaultHealthyRetryPolicy`, fail);
    }
    if (v.disableSubscriptionOverrides !== undefined && typeof v.disableSubscriptionOverrides !== 'boolean') {
      fail(`${proto}.disableSubscriptionOverrides must be a boolean`);
    }
    ordered.disableSubscriptionOverrides = (v.disableSubscriptionOverrides as boolean | undefined) ?? false;
    if (v.defaultThrottlePolicy != null) {
      ordered.defaultThrottlePolicy = parseThrottle(v.defaultThrottlePolicy, `${proto}.defaultThrottlePolicy`, fail);
    }
    if (v.defaultRequestPolicy != null) {
      ordered.defaultRequestPolicy = parseRequest(v.defaultRequestPolicy, `${proto}.defaultRequestPolicy`, fail);
    }
    out[proto] = ordered;
  }
  return out;
}

/** A subscription's DeliveryPolicy as AWS returns it: what was written, every member named. */
export function parseSubscriptionDeliveryPolicy(text: string, prefix: string): WrittenSubscriptionDeliveryPolicy {
  const fail = failer(prefix);
  const doc = parseJsonAttribute(text, `${prefix}DeliveryPolicy`);
  if (!isObject(doc)) fail('the policy must be a JSON object');
  const v = doc as Json;
  for (const k of Object.keys(v)) {
    if (!['healthyRetryPolicy', 'sicklyRetryPolicy', 'throttlePolicy', 'requestPolicy', 'guaranteed'].includes(k)) {
      fail(`Attribute ${k} is unknown`);
    }
  }
  return {
    healthyRetryPolicy: v.healthyRetryPolicy == null ? null : parseHealthy(v.healthyRetryPolicy, 'healthyRetryPolicy', fail),
    sicklyRetryPolicy: null,
    throttlePolicy: v.throttlePolicy == null ? null : parseThrottle(v.throttlePolicy, 'throttlePolicy', fail),
    requestPolicy: v.requestPolicy == null ? null : parseRequest(v.requestPolicy, 'requestPolicy', fail),
    guaranteed: false,
  };
}

function topicHttpPolicy(topicPolicyJson: string | undefined, protocol: 'http' | 'https'): TopicHttpPolicy | undefined {
  if (!topicPolicyJson) return undefined;
  const doc = JSON.parse(topicPolicyJson) as Record<string, TopicHttpPolicy>;
  // the documented key is "http"; it governs HTTPS subscriptions too unless "https" is given
  return doc[protocol] ?? doc.http;
}

/** The topic's EffectiveDeliveryPolicy attribute (a JSON string). */
export function effectiveTopicDeliveryPolicy(topicPolicyJson: string | undefined): string {
  const p = topicHttpPolicy(topicPolicyJson, 'http');
  const http: Record<string, unknown> = {
    defaultHealthyRetryPolicy: withRetryDefaults(p?.defaultHealthyRetryPolicy ?? {}),
    disableSubscriptionOverrides: p?.disableSubscriptionOverrides ?? false,
  };
  if (p?.defaultThrottlePolicy) http.defaultThrottlePolicy = p.defaultThrottlePolicy;
  http.defaultRequestPolicy = p?.defaultRequestPolicy ?? { headerContentType: DEFAULT_CONTENT_TYPE };
  return JSON.stringify({ http });
}

/** The policy that governs deliveries to one HTTP/S subscription. */
export function effectiveSubscriptionDeliveryPolicy(
  subscriptionPolicyJson: string | undefined,
  topicPolicyJson: string | undefined,
  protocol: 'http' | 'https',
): SubscriptionDeliveryPolicy {
  const t = topicHttpPolicy(topicPolicyJson, protocol);
  const s =
    subscriptionPolicyJson && !t?.disableSubscriptionOverrides
      ? (JSON.parse(subscriptionPolicyJson) as WrittenSubscriptionDeliveryPolicy)
      : undefined;
  return {
    healthyRetryPolicy: withRetryDefaults(s?.healthyRetryPolicy ?? t?.defaultHealthyRetryPolicy ?? {}),
    sicklyRetryPolicy: null,
    throttlePolicy: s?.throttlePolicy ?? t?.defaultThrottlePolicy ?? null,
    requestPolicy: s?.requestPolicy ?? t?.defaultRequestPolicy ?? { headerContentType: DEFAULT_CONTENT_TYPE },
    guaranteed: false,
  };
}

/**
 * Seconds to wait before each retry (index 0 = before the first retry): the no-delay phase,
 * the pre-backoff phase at minDelayTarget, the backoff phase from minDelayTarget to
 * maxDelayTarget, and the post-backoff phase at maxDelayTarget. AWS documents the phases but
 * not the curves; the four backoff functions here rise from the minimum to the maximum in
 * increasingly steep shapes. AWS adds jitter; this does not, so retries fall due predictably.
 */
export function retryDelaysSeconds(p: HealthyRetryPolicy): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.numNoDelayRetries; i++) out.push(0);
  for (let i = 0; i < p.numMinDelayRetries; i++) out.push(p.minDelayTarget);
  const backoff = Math.max(0, p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries);
  const span = p.maxDelayTarget - p.minDelayTarget;
  for (let i = 0; i < backoff; i++) {
    const t = backoff === 1 ? 0 : i / (backoff - 1);
    out.push(Math.round(p.minDelayTarget + span * curve(p.backoffFunction, t, backoff)));
  }
  for (let i = 0; i < p.numMaxDelayRetries; i++) out.push(p.maxDelayTarget);
  return out;
}

function curve(fn: BackoffFunction, t: number, steps: number): number {
  switch (fn) {
    case 'linear':
      return t;
    case 'arithmetic':
      return t * t;
    case 'geometric':
      return (Math.pow(4, t) - 1) / 3;
    case 'exponential': {
      const k = Math.min(steps, 10);
      return (Math.pow(2, k * t) - 1) / (Math.pow(2, k) - 1);
    }
  }
}

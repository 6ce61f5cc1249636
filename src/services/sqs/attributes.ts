/**
 * Queue attributes as data: which a user may set (and on which queue type), their ranges,
 * defaults and normal form, and the order GetQueueAttributes lists them in.
 */
import {
  invalidAttributeName,
  invalidAttributeValue,
  invalidValue,
  unknownAttribute,
} from './errors.js';

/** Settable attributes, normalised to AWS's string form. */
export type QueueAttributes = Record<string, string>;

interface IntRule {
  kind: 'int';
  min: number;
  max: number;
}
interface BoolRule {
  kind: 'bool';
}
interface EnumRule {
  kind: 'enum';
  values: readonly string[];
}
interface TextRule {
  kind: 'policy' | 'redrive' | 'redriveAllow' | 'text';
}
type Rule = (IntRule | BoolRule | EnumRule | TextRule) & { fifoOnly?: boolean; highThroughput?: boolean };

export const ATTRIBUTE_RULES: Readonly<Record<string, Rule>> = {
  DelaySeconds: { kind: 'int', min: 0, max: 900 },
  MaximumMessageSize: { kind: 'int', min: 1024, max: 1_048_576 },
  MessageRetentionPeriod: { kind: 'int', min: 60, max: 1_209_600 },
  ReceiveMessageWaitTimeSeconds: { kind: 'int', min: 0, max: 20 },
  VisibilityTimeout: { kind: 'int', min: 0, max: 43_200 },
  Policy: { kind: 'policy' },
  RedrivePolicy: { kind: 'redrive' },
  RedriveAllowPolicy: { kind: 'redriveAllow' },
  KmsMasterKeyId: { kind: 'text' },
  KmsDataKeyReusePeriodSeconds: { kind: 'int', min: 60, max: 86_400 },
  SqsManagedSseEnabled: { kind: 'bool' },
  FifoQueue: { kind: 'bool', fifoOnly: true },
  ContentBasedDeduplication: { kind: 'bool', fifoOnly: true },
  DeduplicationScope: { kind: 'enum', values: ['messageGroup', 'queue'], fifoOnly: true, highThroughput: true },
  FifoThroughputLimit: {
    kind: 'enum',
    values: ['perQueue', 'perMessageGroupId'],
    fifoOnly: true,
    highThroughput: true,
  },
};

/** Attributes every queue starts with. */
export const STANDARD_DEFAULTS: Readonly<QueueAttributes> = {
  VisibilityTimeout: '30',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};

export const FIFO_DEFAULTS: Readonly<QueueAttributes> = {
  ...STANDARD_DEFAULTS,
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Attributes SQS computes; GetQueueAttributes accepts them, Create/SetQueueAttributes do not. */
export const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

/** The order GetQueueAttributes lists attributes in. */
export const OUTPUT_ORDER = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'Policy',
  'RedriveAllowPolicy',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'ContentBasedDeduplication',
] as const;

export const ALL_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set<string>(OUTPUT_ORDER);

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns?: string[];
}

/** A value as the request carries it: the CLI sends strings, JSON input may carry numbers or booleans. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/**
 * Validates attributes of a CreateQueue or SetQueueAttributes request and returns them in normal
 * form. An empty string for Policy, RedrivePolicy, RedriveAllowPolicy or KmsMasterKeyId means
 * "remove"; it is kept as '' for the caller to apply.
 */
export function normaliseAttributes(
  input: Record<string, unknown>,
  fifo: boolean,
  mode: 'create' | 'set',
): QueueAttributes {
  const out: QueueAttributes = {};
  for (const [name, raw] of Object.entries(input)) {
    // own names only: "toString" or "constructor" is no attribute, whatever objects inherit
    const rule = Object.hasOwn(ATTRIBUTE_RULES, name) ? ATTRIBUTE_RULES[name] : undefined;
    if (!rule) throw unknownAttribute(name);
    if (rule.fifoOnly && !fifo) {
      if (rule.highThroughput) {
        throw invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
      }
      throw unknownAttribute(name);
    }
    const text = asText(raw);
    out[name] = normaliseValue(name, rule, text);
    if (name === 'FifoQueue' && out[name] !== 'true') {
      throw invalidAttributeValue('FifoQueue', mode === 'set' ? 'Modifying queue type is not supported.' : undefined);
    }
  }
  // a queue has one server-side encryption option; asking for both is refused, not resolved
  if (out.KmsMasterKeyId !== undefined && out.KmsMasterKeyId !== '' && out.SqsManagedSseEnabled === 'true') {
    throw invalidAttributeName(
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    );
  }
  return out;
}

function normaliseValue(name: string, rule: Rule, text: string): string {
  switch (rule.kind) {
    case 'int': {
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw invalidAttributeValue(name);
      const n = Number(text.trim());
      if (!Number.isSafeInteger(n) || n < rule.min || n > rule.max) throw invalidAttributeValue(name);
      return String(n);
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalidAttributeValue(name);
      return lower;
    }
    case 'enum':
      if (!rule.values.includes(text)) throw invalidAttributeValue(name);
      return text;
    case 'policy':
      if (text === '') return '';
      if (!isJsonObject(text)) throw invalidAttributeValue(name);
      return text;
    case 'redrive':
      return text === '' ? '' : JSON.stringify(parseRedrivePolicy(text));
    case 'redriveAllow':
      return text === '' ? '' : JSON.stringify(parseRedriveAllowPolicy(text));
    case 'text':
      return text;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function parseJsonObject(text: string, parameter: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalidValue(text, parameter, `${what} is not a valid JSON map.`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw invalidValue(text, parameter, `${what} is not a valid JSON map.`);
  }
  return v as Record<string, unknown>;
}

export function parseRedrivePolicy(text: string): RedrivePolicy {
  const v = parseJsonObject(text, 'RedrivePolicy', 'Redrive policy');
  for (const key of Object.keys(v)) {
    if (key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount') {
      throw invalidValue(text, 'RedrivePolicy', 'Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].');
    }
  }
  const target = v.deadLetterTargetArn;
  if (typeof target !== 'string' || target === '') {
    throw invalidValue(text, 'RedrivePolicy', 'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  const rawCount = v.maxReceiveCount;
  if (rawCount === undefined || rawCount === null) {
    throw invalidValue(text, 'RedrivePolicy', 'Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  }
  const count = typeof rawCount === 'number' ? rawCount : /^\s*\d+\s*$/.test(String(rawCount)) ? Number(rawCount) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidValue(
      text,
      'RedrivePolicy',
      `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTargetArn: target, maxReceiveCount: count };
}

export function parseRedriveAllowPolicy(text: string): RedriveAllowPolicy {
  const v = parseJsonObject(text, 'RedriveAllowPolicy', 'Redrive allow policy');
  const permission = v.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalidValue(
      text,
      'RedriveAllowPolicy',
      'Invalid value for redrivePermission. Valid values are allowAll, denyAll and byQueue.',
    );
  }
  for (const key of Object.keys(v)) {
    if (key !== 'redrivePermission' && key !== 'sourceQueueArns') {
      throw invalidValue(text, 'RedriveAllowPolicy', 'Only following attributes are supported: [redrivePermission, sourceQueueArns].');
    }
  }
  const arns = v.sourceQueueArns;
  if (permission !== 'byQueue') {
    if (arns !== undefined) {
      throw invalidValue(text, 'RedriveAllowPolicy', 'sourceQueueArns can be specified only when redrivePermission is byQueue.');
    }
    return { redrivePermission: permission };
  }
  if (!Array.isArray(arns) || arns.length === 0 || arns.some((a) => typeof a !== 'string')) {
    throw invalidValue(text, 'RedriveAllowPolicy', 'sourceQueueArns must be specified when redrivePermission is byQueue.');
  }
  if (arns.length > 10) {
    throw invalidValue(text, 'RedriveAllowPolicy', 'Maximum 10 sourceQueueArns are allowed.');
  }
  return { redrivePermission: permission, sourceQueueArns: arns as string[] };
}

/** Applies normalised changes to a queue's stored attributes ('' removes), returning the result. */
export function applyAttributes(current: QueueAttributes, changes: QueueAttributes): QueueAttributes {
  const next: QueueAttributes = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (name === 'FifoQueue') continue;
    if (value === '' && (name === 'Policy' || name === 'RedrivePolicy' || name === 'RedriveAllowPolicy' || name === 'KmsMasterKeyId')) {
      delete next[name];
    } else {
      next[name] = value;
    }
  }
  // one server-side encryption option at a time: a KMS key turns SSE-SQS off and back
  if (changes.KmsMasterKeyId !== undefined && changes.KmsMasterKeyId !== '') next.SqsManagedSseEnabled = 'false';
  if (changes.SqsManagedSseEnabled === 'true') delete next.KmsMasterKeyId;
  if (next.KmsDataKeyReusePeriodSeconds === '300' && next.KmsMasterKeyId === undefined) delete next.KmsDataKeyReusePeriodSeconds;
  return next;
}

/** Attribute values as GetQueueAttributes reports them (defaults of conditional ones filled in). */
export function reportedAttributes(stored: QueueAttributes): QueueAttributes {
  const out: QueueAttributes = { ...stored };
  if (out.KmsMasterKeyId !== undefined && out.KmsDataKeyReusePeriodSeconds === undefined) {
    out.KmsDataKeyReusePeriodSeconds = '300';
  }
  return out;
}

/** The value of an attribute as CreateQueue compares it with an existing queue's. */
export function comparableValue(stored: QueueAttributes, fifo: boolean, name: string): string | undefined {
  if (name === 'FifoQueue') return fifo ? 'true' : undefined;
  const reported = reportedAttributes(stored);
  const value = reported[name];
  if (value !== undefined) return value;
  if (name === 'KmsDataKeyReusePeriodSeconds') return '300';
  if (name === 'Policy' || name === 'RedrivePolicy' || name === 'RedriveAllowPolicy' || name === 'KmsMasterKeyId') return '';
  return undefined;
}

/** Compares two attribute values as SQS does: policies by their JSON meaning, the rest as text. */
export function sameAttributeValue(name: string, a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (name === 'Policy') {
    try {
      return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
    } catch {
      return false;
    }
  }
  return false;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

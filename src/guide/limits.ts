/**
 * What the guide checks a value against while it is typed, before "Run it?": the model's
 * min, max and pattern, and the limits AWS documents that the models do not carry (SQS's
 * model has none: DelaySeconds 0–900, MaxNumberOfMessages 1–10, a body of 1 byte to 1 MiB,
 * ...). Where a service already holds a rule as data or as a check, the guide asks it, so the
 * guide and the service cannot disagree.
 */
import type { ServiceName, Shape } from '../model/types.js';
import { ATTRIBUTE_RULES } from '../services/sqs/attributes.js';
import { firstInvalidChar } from '../core/xmlText.js';
import { checkFifoId } from '../services/sqs/messageInput.js';
import { isValidQueueName } from '../services/sqs/names.js';
import { MAX_MESSAGE_BYTES as SNS_MAX_MESSAGE_BYTES } from '../services/sns/messages.js';
import { MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from '../services/kinesis/constants.js';

export interface ValueRule {
  /** what is allowed, in a few words, shown with the question */
  describe?: string;
  /** whole numbers in this range (for numbers kept as text too, such as queue attributes) */
  range?: { min: number; max: number };
  /** the only values allowed: offered as a list */
  choices?: readonly string[];
  /** why a value is refused, or undefined when it is fine */
  check?: (value: string) => string | undefined;
}

const MIB = 1_048_576;
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const size = (n: number): string => (n % MIB === 0 ? `${n / MIB} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

/** A rule from a service's own check, which throws an AwsError with AWS's words. */
const byServiceCheck = (check: (v: string) => void): ((v: string) => string | undefined) => (v) => {
  try {
    check(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

const fifoId = (name: string): ValueRule => ({
  describe: '1 to 128 letters, digits and punctuation',
  check: byServiceCheck((x) => void checkFifoId(x, name)),
});

const BOOLEAN_TEXT: ValueRule = { choices: ['true', 'false'] };

/** SQS queue attributes, from the service's own table. */
function sqsAttributeRules(): Record<string, ValueRule> {
  const out: Record<string, ValueRule> = {};
  for (const [name, rule] of Object.entries(ATTRIBUTE_RULES)) {
    if (rule.kind === 'int') out[name] = { range: { min: rule.min, max: rule.max }, describe: `${rule.min} to ${rule.max}` };
    else if (rule.kind === 'bool') out[name] = BOOLEAN_TEXT;
    else if (rule.kind === 'enum') out[name] = { choices: rule.values };
  }
  return out;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** By `Operation.Member` or by `Member` (map keys such as attribute names count as members). */
const RULES: Record<ServiceName, Record<string, ValueRule>> = {
  sqs: {
    ...sqsAttributeRules(),
    MaxNumberOfMessages: { range: { min: 1, max: 10 }, describe: '1 to 10' },
    WaitTimeSeconds: { range: { min: 0, max: 20 }, describe: '0 to 20 seconds' },
    VisibilityTimeout: { range: { min: 0, max: 43_200 }, describe: '0 to 43200 seconds (12 hours)' },
    DelaySeconds: { range: { min: 0, max: 900 }, describe: '0 to 900 seconds (15 minutes)' },
    MessageBody: {
      describe: `1 byte to ${size(MIB)}`,
      check: (v) => {
        if (v === '') return 'a message body must have at least 1 byte';
        const bad = firstInvalidChar(v);
        if (bad !== undefined) return `the character #x${bad.toString(16).toUpperCase()} is not allowed in a message body`;
        if (bytes(v) > MIB) return `at most ${size(MIB)} (the queue's MaximumMessageSize may allow less)`;
        return undefined;
      },
    },
    QueueName: {
      describe: 'up to 80 letters, digits, - and _ (a FIFO queue ends in .fifo)',
      check: (v) => (isValidQueueName(v, v.endsWith('.fifo')) ? undefined : 'up to 80 letters, digits, hyphens and underscores; a FIFO queue name ends in .fifo'),
    },
    MessageGroupId: fifoId('MessageGroupId'),
    MessageDeduplicationId: fifoId('MessageDeduplicationId'),
    ReceiveRequestAttemptId: fifoId('ReceiveRequestAttemptId'),
  },
  sns: {
    Message: {
      describe: `up to ${size(SNS_MAX_MESSAGE_BYTES)}`,
      check: (v) => (v === '' ? 'a message cannot be empty' : bytes(v) > SNS_MAX_MESSAGE_BYTES ? `at most ${size(SNS_MAX_MESSAGE_BYTES)}` : undefined),
    },
    Subject: {
      describe: 'up to 100 characters, no line breaks',
      // eslint-disable-next-line no-control-regex
      check: (v) => ([...v].length > 100 ? 'at most 100 characters' : /[\u0000-\u001f\u007f]/.test(v) ? 'no line breaks or control characters' : undefined),
    },
    'CreateTopic.Name': {
      describe: 'up to 256 letters, digits, - and _ (a FIFO topic ends in .fifo)',
      check: (v) => ((v.endsWith('.fifo') ? FIFO_TOPIC_NAME : TOPIC_NAME).test(v) ? undefined : 'up to 256 letters, digits, hyphens and underscores; a FIFO topic name ends in .fifo'),
    },
    Protocol: { choices: ['sqs', 'http', 'https', 'email', 'email-json', 'sms', 'lambda', 'firehose', 'application'] },
    MessageGroupId: fifoId('MessageGroupId'),
    MessageDeduplicationId: fifoId('MessageDeduplicationId'),
    RawMessageDelivery: BOOLEAN_TEXT,
    FifoTopic: BOOLEAN_TEXT,
    ContentBasedDeduplication: BOOLEAN_TEXT,
    FilterPolicyScope: { choices: ['MessageAttributes', 'MessageBody'] },
    SignatureVersion: { choices: ['1', '2'] },
    TracingConfig: { choices: ['PassThrough', 'Active'] },
  },
  kinesis: {
    RetentionPeriodHours: { range: { min: MIN_RETENTION_HOURS, max: MAX_RETENTION_HOURS }, describe: `${MIN_RETENTION_HOURS} to ${MAX_RETENTION_HOURS} hours` },
  },
};

/** The rule for a value: AWS's documented limits over the model's own constraints. */
export function ruleFor(service: ServiceName, operation: string | undefined, member: string, shape: Shape): ValueRule | undefined {
  const table = RULES[service];
  const own = (operation && table[`${operation}.${member}`]) || table[member];
  const model = modelRule(shape);
  if (!own) return model;
  if (!model) return own;
  const checks = [model.check, own.check].filter((c): c is (v: string) => string | undefined => c !== undefined);
  return { ...model, ...own, check: checks.length ? (v) => checks.map((c) => c(v)).find((m) => m !== undefined) : undefined };
}

/** What the model says of a value: lengths (bytes for blobs), numeric ranges, a pattern. */
function modelRule(s: Shape): ValueRule | undefined {
  if (s.type === 'integer' || s.type === 'long') {
    if (s.min === undefined && s.max === undefined) return undefined;
    return { range: { min: s.min ?? -Infinity, max: s.max ?? Infinity } };
  }
  if (s.type !== 'string' && s.type !== 'blob') return undefined;
  const pattern = s.pattern ? new RegExp(`^(?:${s.pattern})$`, 'u') : undefined;
  if (s.min === undefined && s.max === undefined && !pattern) return undefined;
  const unit = s.type === 'blob' ? 'bytes' : 'characters';
  const length = (v: string) => (s.type === 'blob' ? bytes(v) : [...v].length);
  return {
    describe: s.max !== undefined ? `${s.min ?? 0} to ${s.max} ${unit}` : undefined,
    check: (v) => {
      if (s.min !== undefined && length(v) < s.min) return `at least ${s.min} ${unit}`;
      if (s.max !== undefined && length(v) > s.max) return `at most ${s.max} ${unit}`;
      if (pattern && !pattern.test(v)) return `must match ${s.pattern}`;
      return undefined;
    },
  };
}

/** A Number message attribute as SQS and SNS take it. */
export const NUMBER_VALUE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The data types of a message attribute, each with what its value is. */
export const MESSAGE_ATTRIBUTE_TYPES = [
  { name: 'String', description: 'text (UTF-8)' },
  { name: 'Number', description: 'a number, whole or decimal (up to 38 digits); filter policies compare it as a number' },
  { name: 'Binary', description: 'bytes (typed here as text; sent base64-encoded)' },
] as const;

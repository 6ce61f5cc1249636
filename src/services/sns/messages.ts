/**
 * What a Publish or PublishBatch entry may contain: message attributes, subject, message
 * structure, size, FIFO ids — with AWS's checks and messages — and the parsed form the
 * delivery code works with.
 */
import { setOwn } from '../../core/objects.js';
import { AwsError } from '../../core/errors.js';
import { invalidParameter, nullMember, parameterValueInvalid } from './errors.js';

/** A message attribute as the API takes it (BinaryValue: bytes, or base64 text as on the wire). */
export interface MessageAttributeValue {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Uint8Array | string;
}

/** A validated attribute: the type, and the value as text (base64 for Binary). */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export type MessageAttributes = Record<string, MessageAttribute>;

/** 256 KiB: the largest message (body plus attributes) and the largest PublishBatch. */
export const MAX_MESSAGE_BYTES = 262_144;

const NAME_CHARS = /^[A-Za-z0-9_.-]$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;

function checkName(name: string): void {
  if (Buffer.byteLength(name, 'utf8') > 256) {
    throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  }
  if (name.startsWith('.')) throw parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.')) throw parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (!NAME_CHARS.test(c)) {
      const hex = c.codePointAt(0)!.toString(16).toUpperCase();
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '#x${hex}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
    if (c === '.' && name[i - 1] === '.') {
      throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
    }
  }
}

function toBytes(v: Uint8Array | string): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

const hasSurrogates = (s: string): boolean => /[\uD800-\uDFFF]/.test(s);

/**
 * Validates Publish's MessageAttributes in AWS's order. `path` is where a missing DataType is
 * reported (messageAttributes.<name>.member.dataType, or the batch entry's path).
 */
export function validateMessageAttributes(
  input: Record<string, MessageAttributeValue> | undefined,
  path: (name: string) => string = (n) => `messageAttributes.${n}.member.dataType`,
): MessageAttributes {
  const out: MessageAttributes = {};
  for (const [name, attr] of Object.entries(input ?? {})) {
    checkName(name);
    const type = attr?.DataType;
    if (type === undefined || type === null) throw nullMember(path(name));
    if (!TYPE.test(type)) {
      throw parameterValueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const hasString = attr.StringValue !== undefined && attr.StringValue !== null;
    const hasBinary = attr.BinaryValue !== undefined && attr.BinaryValue !== null;
    if (!hasString && !hasBinary) {
      throw parameterValueInvalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    const binary = type.startsWith('Binary');
    if (binary ? !hasBinary : !hasString) {
      throw parameterValueInvalid(
        `The message attribute '${name}' with type '${type}' must use field '${binary ? 'Binary' : 'String'}'.`,
      );
    }
    if (binary) {
      const bytes = toBytes(attr.BinaryValue!);
      if (bytes.length === 0) {
        throw parameterValueInvalid(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
        );
      }
      setOwn<MessageAttribute>(out, name, { DataType: type, BinaryValue: bytes });
      continue;
    }
    const value = attr.StringValue!;
    if (value === '') {
      throw parameterValueInvalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (hasSurrogates(value)) throw parameterValueInvalid('Invalid attribute value was passed in for message attribute');
    if (type.startsWith('Number') && !isNumber(value)) {
      throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
    }
    setOwn<MessageAttribute>(out, name, { DataType: type, StringValue: value });
  }
  return out;
}

const isNumber = (s: string): boolean => /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) && Number.isFinite(Number(s));

/** Body plus every attribute's name, type and value, in bytes (AWS counts all of them). */
export function messageSize(body: string, attrs: MessageAttributes): number {
  let n = Buffer.byteLength(body, 'utf8');
  for (const [name, a] of Object.entries(attrs)) {
    n += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType, 'utf8');
    n += a.BinaryValue ? a.BinaryValue.length : Buffer.byteLength(a.StringValue ?? '', 'utf8');
  }
  return n;
}

/** Subject: non-empty, under 100 characters, no line breaks or control characters. */
export function validateSubject(subject: string | undefined): void {
  if (subject === undefined || subject === null) return;
  // eslint-disable-next-line no-control-regex
  if (subject === '' || [...subject].length > 100 || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw invalidParameter('Subject');
  }
}

/** The per-protocol messages of a MessageStructure=json publish (string values only). */
export type StructuredMessage = Record<string, string>;

export function parseMessageStructure(message: string, requireDefault: boolean): StructuredMessage {
  let doc: unknown;
  try {
    doc = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const out: StructuredMessage = {};
  // keys whose values are not strings are ignored, as AWS documents
  for (const [k, v] of Object.entries(doc)) if (typeof v === 'string') out[k] = v;
  if (requireDefault && out.default === undefined) {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return out;
}

/** MessageGroupId / MessageDeduplicationId: 1-128 alphanumeric or punctuation characters. */
export function validateFifoId(value: string, param: 'MessageGroupId' | 'MessageDeduplicationId'): void {
  if (value.length === 0 || value.length > 128 || !/^[\x21-\x7e]+$/.test(value)) {
    throw invalidParameter(`${param} Reason: ${param} can contain up to 128 alphanumeric and punctuation characters`);
  }
}

/** SNS's envelope form of the attributes: {"name": {"Type", "Value"}} with Binary in base64. */
export function envelopeAttributes(attrs: MessageAttributes): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attrs)) {
    setOwn(out, name, { Type: a.DataType, Value: a.BinaryValue ? a.BinaryValue.toString('base64') : a.StringValue! });
  }
  return out;
}

export function isAwsError(e: unknown, code?: string): e is AwsError {
  return e instanceof AwsError && (code === undefined || e.code === code);
}

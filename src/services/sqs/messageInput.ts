/**
 * Validation of what a sender supplies with a message: the body, message attributes, message
 * system attributes and the FIFO identifiers, with SQS's rules and error texts.
 */
import { setOwn } from '../../core/objects.js';
import { XML_CHAR_SET, firstInvalidChar } from '../../core/xmlText.js';
import { invalidMessageContents, invalidParameterValue, invalidValue, missingParameter } from './errors.js';
import { isBinaryType, md5Hex, md5OfAttributes, type AttributeValue } from './md5.js';

export const MAX_MESSAGE_ATTRIBUTES = 10;

export function checkBody(body: unknown): string {
  if (body === undefined || body === null || body === '') throw missingParameter('MessageBody');
  if (typeof body !== 'string') throw invalidValue(body, 'MessageBody', 'Must be a string.');
  const bad = firstInvalidChar(body);
  if (bad !== undefined) {
    throw invalidMessageContents(
      `Invalid binary character '#x${bad.toString(16).toUpperCase()}' was found in the message body, the set of allowed characters is ${XML_CHAR_SET}`,
    );
  }
  return body;
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

const toBuffer = (v: unknown): Buffer | undefined => {
  if (v === undefined || v === null) return undefined;
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return undefined;
};

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-\u00C0-\u017F]+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function checkAttributeName(name: string): void {
  if (utf8Length(name) > 256) {
    throw invalidParameterValue('Message (user) attribute names must be shorter than 256 Bytes');
  }
  if (!ATTRIBUTE_NAME.test(name)) {
    throw invalidParameterValue(
      'Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ',
    );
  }
  const lower = name.toLowerCase();
  if (lower.startsWith('aws.') || lower.startsWith('amazon.') || name.startsWith('.') || name.endsWith('.')) {
    throw invalidParameterValue(
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.",
    );
  }
  if (name.includes('..')) {
    throw invalidParameterValue(`Message (user) attribute name '${name}' can not contain successive periods.`);
  }
}

/** Validates one attribute value; returns it in stored form. */
function checkAttributeValue(name: string, raw: unknown, kind: 'user' | 'system'): AttributeValue {
  if (typeof raw !== 'object' || raw === null) {
    throw invalidParameterValue(`The message ${kind === 'user' ? '(user) ' : 'system '}attribute '${name}' must contain a DataType.`);
  }
  const v = raw as Record<string, unknown>;
  const dataType = v.DataType;
  if (dataType === undefined || dataType === null || dataType === '') {
    throw invalidParameterValue(`The message (${kind}) attribute '${name}' must contain a non-empty message attribute type.`);
  }
  if (typeof dataType !== 'string') throw invalidValue(dataType, 'DataType', 'Must be a string.');
  if (utf8Length(dataType) > 256) {
    throw invalidParameterValue(`Message (${kind}) attribute types must be shorter than 256 Bytes`);
  }
  if (firstInvalidChar(dataType) !== undefined) {
    throw invalidParameterValue(`Message (${kind}) attribute '${name}' has an invalid data type.`);
  }
  if (v.StringListValues !== undefined || v.BinaryListValues !== undefined) {
    throw invalidParameterValue(`Message (${kind}) attribute list values in SendMessage operation are not supported.`);
  }
  const base = dataType.split('.')[0];
  if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
    throw invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (isBinaryType(dataType)) {
    const bytes = toBuffer(v.BinaryValue);
    if (!bytes || bytes.length === 0 || v.StringValue !== undefined) {
      throw invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
    }
    return { DataType: dataType, BinaryValue: bytes };
  }
  const text = v.StringValue;
  if (typeof text !== 'string' || text === '' || v.BinaryValue !== undefined) {
    throw invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`);
  }
  const bad = firstInvalidChar(text);
  if (bad !== undefined) {
    throw invalidParameterValue(
      `Invalid binary character '#x${bad.toString(16).toUpperCase()}' was found in the message (${kind}) attribute '${name}', the set of allowed characters is ${XML_CHAR_SET}`,
    );
  }
  if (base === 'Number' && !isValidNumber(text)) {
    throw invalidParameterValue(`Can't cast the value of message (${kind}) attribute '${name}' to a number.`);
  }
  return { DataType: dataType, StringValue: text };
}

/** SQS numbers: up to 38 significant digits, magnitude between 10^-128 and 10^+126. */
function isValidNumber(text: string): boolean {
  const t = text.trim();
  if (!NUMBER.test(t)) return false;
  const mantissa = t.replace(/^[+-]/, '').toLowerCase().split('e')[0]!;
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 38) return false;
  const value = Math.abs(Number(t));
  return value === 0 || (value >= 1e-128 && value <= 1e126);
}

export interface CheckedAttributes {
  attributes?: Record<string, AttributeValue>;
  md5?: string;
  /** bytes the attributes add to the message size: names, types and values */
  size: number;
}

export function checkMessageAttributes(input: unknown): CheckedAttributes {
  if (input === undefined || input === null) return { size: 0 };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalidValue(JSON.stringify(input), 'MessageAttributes', 'Must be a map.');
  }
  const names = Object.keys(input);
  if (names.length === 0) return { size: 0 };
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  const attributes: Record<string, AttributeValue> = {};
  let size = 0;
  for (const name of names) {
    checkAttributeName(name);
    const value = checkAttributeValue(name, (input as Record<string, unknown>)[name], 'user');
    setOwn(attributes, name, value);
    size += utf8Length(name) + utf8Length(value.DataType);
    size += value.BinaryValue ? value.BinaryValue.length : utf8Length(value.StringValue!);
  }
  return { attributes, md5: md5OfAttributes(attributes), size };
}

export interface CheckedSystemAttributes {
  traceHeader?: string;
  md5?: string;
}

/** Message system attributes: AWSTraceHeader only, of type String. Their size does not count. */
export function checkSystemAttributes(input: unknown): CheckedSystemAttributes {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalidValue(JSON.stringify(input), 'MessageSystemAttributes', 'Must be a map.');
  }
  const names = Object.keys(input);
  if (names.length === 0) return {};
  const attributes: Record<string, AttributeValue> = {};
  for (const name of names) {
    if (name !== 'AWSTraceHeader') {
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    const value = checkAttributeValue(name, (input as Record<string, unknown>)[name], 'system');
    if (value.DataType !== 'String') {
      throw invalidParameterValue(`The message system attribute '${name}' must be of type 'String'.`);
    }
    setOwn(attributes, name, value);
  }
  return { traceHeader: attributes.AWSTraceHeader?.StringValue, md5: md5OfAttributes(attributes) };
}

const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/** MessageGroupId, MessageDeduplicationId and ReceiveRequestAttemptId share one rule. */
export function checkFifoId(value: unknown, parameter: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !FIFO_ID.test(value)) {
    throw invalidValue(
      value,
      parameter,
      `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return value;
}

export const md5OfBody = (body: string): string => md5Hex(body);

/** Stored form of message attributes: JSON with binary values in base64. */
export function serialiseAttributes(attributes: Record<string, AttributeValue> | undefined): string | null {
  if (!attributes) return null;
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, v] of Object.entries(attributes)) {
    setOwn(
      out,
      name,
      v.BinaryValue ? { DataType: v.DataType, BinaryValue: v.BinaryValue.toString('base64') } : { DataType: v.DataType, StringValue: v.StringValue! },
    );
  }
  return JSON.stringify(out);
}

export function deserialiseAttributes(text: string | null): Record<string, AttributeValue> | undefined {
  if (!text) return undefined;
  const stored = JSON.parse(text) as Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  const out: Record<string, AttributeValue> = {};
  for (const [name, v] of Object.entries(stored)) {
    setOwn(
      out,
      name,
      v.BinaryValue !== undefined
        ? { DataType: v.DataType, BinaryValue: Buffer.from(v.BinaryValue, 'base64') }
        : { DataType: v.DataType, StringValue: v.StringValue! },
    );
  }
  return out;
}

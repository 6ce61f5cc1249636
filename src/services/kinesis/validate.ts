/**
 * Server-side request validation from the service model: what AWS answers with
 * "N validation error(s) detected: Value 'x' at 'streamName' failed to satisfy constraint: ...".
 * Constraints (required, enum, pattern, length, range) are the model's; the order in which
 * AWS reports members is data below (observed on AWS for the classic operations; model order
 * for the rest).
 */
import model from '../../model/data/kinesis.json' with { type: 'json' };
import type { Shape } from '../../model/types.js';
import { AwsError } from '../../core/errors.js';

const shapes = (model as unknown as { shapes: Record<string, Shape> }).shapes;
const operations = (model as unknown as { operations: Record<string, { input?: string }> }).operations;

/** AWS's order of reported members, by input shape (top level and nested structures). */
const MEMBER_ORDER: Record<string, readonly string[]> = {
  AddTagsToStreamInput: ['Tags', 'StreamName'],
  CreateStreamInput: ['ShardCount', 'StreamName'],
  DecreaseStreamRetentionPeriodInput: ['RetentionPeriodHours', 'StreamName'],
  IncreaseStreamRetentionPeriodInput: ['RetentionPeriodHours', 'StreamName'],
  DescribeStreamInput: ['Limit', 'ExclusiveStartShardId', 'StreamName'],
  GetRecordsInput: ['Limit', 'ShardIterator'],
  GetShardIteratorInput: ['ShardId', 'ShardIteratorType', 'StartingSequenceNumber', 'StreamName', 'Timestamp'],
  ListShardsInput: ['MaxResults', 'ExclusiveStartShardId', 'StreamName', 'NextToken', 'StreamCreationTimestamp'],
  ListStreamsInput: ['Limit', 'ExclusiveStartStreamName'],
  ListTagsForStreamInput: ['Limit', 'ExclusiveStartTagKey', 'StreamName'],
  MergeShardsInput: ['ShardToMerge', 'AdjacentShardToMerge', 'StreamName'],
  PutRecordInput: ['SequenceNumberForOrdering', 'PartitionKey', 'ExplicitHashKey', 'Data', 'StreamName'],
  PutRecordsInput: ['Records', 'StreamName'],
  PutRecordsRequestEntry: ['PartitionKey', 'ExplicitHashKey', 'Data'],
  RemoveTagsFromStreamInput: ['TagKeys', 'StreamName'],
  SplitShardInput: ['NewStartingHashKey', 'StreamName', 'ShardToSplit'],
};

/** AWS lists some enums in its own order. */
const ENUM_ORDER: Record<string, readonly string[]> = {
  ShardIteratorType: ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
};

const MAX_REPORTED = 10;

const patterns = new Map<string, RegExp>(
  Object.entries(shapes)
    .filter(([, s]) => s.pattern !== undefined)
    .map(([name, s]) => [name, new RegExp(`^(?:${s.pattern})$`, 'u')]),
);

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function memberOrder(shapeName: string, shape: Shape): string[] {
  const all = Object.keys(shape.members ?? {});
  const order = MEMBER_ORDER[shapeName];
  if (!order) return all;
  return [...order.filter((m) => all.includes(m)), ...all.filter((m) => !order.includes(m))];
}

/** Each structure's members in reporting order, computed once. */
const orderedMembers = new Map<string, readonly string[]>(
  Object.entries(shapes)
    .filter(([, s]) => s.type === 'structure')
    .map(([name, s]) => [name, memberOrder(name, s)]),
);

/** Throws AWS's ValidationException (or SerializationException for a value of the wrong type). */
export function validateRequest(operation: string, input: Record<string, unknown>): void {
  const inputShape = operations[operation]?.input;
  if (!inputShape) return;
  const errors: string[] = [];
  checkStructure(inputShape, input, '', errors);
  if (errors.length > 0) throw validationException(errors);
}

export function validationException(errors: readonly string[]): AwsError {
  const n = errors.length;
  return new AwsError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`);
}

/** One constraint message in AWS's words. */
export function constraintMessage(value: string | null, path: string, constraint: string): string {
  const shown = value === null ? 'null' : `'${value}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function checkStructure(shapeName: string, value: Record<string, unknown>, path: string, errors: string[]): void {
  const shape = shapes[shapeName]!;
  const required = shape.required ?? [];
  for (const member of orderedMembers.get(shapeName)!) {
    if (errors.length >= MAX_REPORTED) return;
    const memberPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
    const memberShape = shape.members![member]!.shape;
    const v = value[member];
    if (v === undefined || v === null) {
      if (required.includes(member)) errors.push(constraintMessage(null, memberPath, 'Member must not be null'));
      continue;
    }
    checkValue(memberShape, v, memberPath, errors);
  }
}

function checkValue(shapeName: string, v: unknown, path: string, errors: string[]): void {
  const shape = shapes[shapeName]!;
  switch (shape.type) {
    case 'string':
      return checkString(shapeName, shape, expectType(v, 'string', 'String'), path, errors);
    case 'integer':
    case 'long':
      return checkNumber(shape, expectNumber(v, shape.type === 'long' ? 'Long' : 'Integer'), path, errors);
    case 'boolean':
      expectType(v, 'boolean', 'Boolean');
      return;
    case 'blob':
      return checkBlob(shape, expectBlob(v), path, errors);
    case 'timestamp':
      expectTimestamp(v);
      return;
    case 'list':
      return checkList(shape, expectArray(v), path, errors);
    case 'map':
      return checkMap(shape, expectMap(v), path, errors);
    case 'structure':
      return checkStructure(shapeName, expectMap(v), path, errors);
    default:
      return;
  }
}

function checkString(shapeName: string, shape: Shape, s: string, path: string, errors: string[]): void {
  if (shape.enum && !shape.enum.includes(s)) {
    const listed = ENUM_ORDER[shapeName] ?? shape.enum;
    errors.push(constraintMessage(s, path, `Member must satisfy enum value set: [${listed.join(', ')}]`));
  }
  const re = patterns.get(shapeName);
  if (re && !re.test(s)) {
    errors.push(constraintMessage(s, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
  }
  checkLength(shape, s, s.length, path, errors);
}

function checkLength(shape: Shape, shown: string, length: number, path: string, errors: string[]): void {
  if (shape.min !== undefined && length < shape.min) {
    errors.push(constraintMessage(shown, path, `Member must have length greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && length > shape.max) {
    errors.push(constraintMessage(shown, path, `Member must have length less than or equal to ${shape.max}`));
  }
}

function checkNumber(shape: Shape, n: number, path: string, errors: string[]): void {
  if (shape.min !== undefined && n < shape.min) {
    errors.push(constraintMessage(String(n), path, `Member must have value greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && n > shape.max) {
    errors.push(constraintMessage(String(n), path, `Member must have value less than or equal to ${shape.max}`));
  }
}

function checkBlob(shape: Shape, b: Uint8Array, path: string, errors: string[]): void {
  const shown = `java.nio.HeapByteBuffer[pos=0 lim=${b.length} cap=${b.length}]`;
  checkLength(shape, shown, b.length, path, errors);
}

function checkList(shape: Shape, items: unknown[], path: string, errors: string[]): void {
  const memberShapeName = shape.member!.shape;
  const memberShape = shapes[memberShapeName]!;
  // types first: a value of the wrong type is a SerializationException before any constraint,
  // and String() of an arbitrary JSON object can throw ({"toString": ""})
  const strings = memberShape.type === 'string' && !patterns.has(memberShapeName) ? items.map((i) => expectType<string>(i, 'string', 'String')) : undefined;
  const shown = `[${items.map((i) => (memberShape.type === 'structure' ? `com.amazonaws.kinesis.v20131202.${memberShapeName}` : shownValue(i))).join(', ')}]`;
  checkLength(shape, shown, items.length, path, errors);
  if (strings) {
    // AWS reports a list of constrained strings as one constraint on the whole list
    const phrases: string[] = [];
    if (memberShape.enum && strings.some((s) => !memberShape.enum!.includes(s))) {
      phrases.push(`Member must satisfy enum value set: [${(ENUM_ORDER[memberShapeName] ?? memberShape.enum).join(', ')}]`);
    }
    if (strings.some((s) => outside(memberShape, s.length))) phrases.push(lengthPhrases(memberShape));
    if (phrases.length > 0) errors.push(constraintMessage(shown, path, `Member must satisfy constraint: [${phrases.join(', ')}]`));
    return;
  }
  for (let i = 0; i < items.length && errors.length < MAX_REPORTED; i++) {
    const v = items[i];
    const memberPath = `${path}.${i + 1}.member`;
    if (v === undefined || v === null) {
      errors.push(constraintMessage(null, memberPath, 'Member must not be null'));
      continue;
    }
    checkValue(memberShapeName, v, memberPath, errors);
  }
}

/** A value as a constraint message shows it; never throws, whatever a request holds. */
function shownValue(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function checkMap(shape: Shape, map: Record<string, unknown>, path: string, errors: string[]): void {
  const keys = Object.keys(map);
  // types first, as for lists
  const values = keys.map((k) => expectType<string>(map[k], 'string', 'String'));
  const shown = `{${keys.map((k) => `${k}=${shownValue(map[k])}`).join(', ')}}`;
  checkLength(shape, shown, keys.length, path, errors);
  const keyShape = shapes[shape.key!.shape]!;
  const valueShape = shapes[shape.value!.shape]!;
  if (keys.some((k) => outside(keyShape, k.length))) {
    errors.push(constraintMessage(shown, path, `Map keys must satisfy constraint: [${lengthPhrases(keyShape)}]`));
  }
  if (values.some((v) => outside(valueShape, v.length))) {
    errors.push(constraintMessage(shown, path, `Map value must satisfy constraint: [${lengthPhrases(valueShape)}]`));
  }
}

const outside = (shape: Shape, length: number): boolean =>
  (shape.min !== undefined && length < shape.min) || (shape.max !== undefined && length > shape.max);

const lengthPhrases = (shape: Shape): string =>
  [
    shape.max !== undefined ? `Member must have length less than or equal to ${shape.max}` : undefined,
    shape.min !== undefined ? `Member must have length greater than or equal to ${shape.min}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');

function serialization(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

function describeJsType(v: unknown): string {
  if (Array.isArray(v)) return 'Start of list found where not expected';
  if (typeof v === 'object' && v !== null) return 'Start of structure or map found where not expected.';
  return '';
}

function expectType<T>(v: unknown, jsType: 'string' | 'boolean', javaType: string): T {
  if (typeof v === jsType) return v as T;
  const shape = describeJsType(v);
  if (shape) throw serialization(shape);
  const from = typeof v === 'number' ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber' : typeof v === 'boolean' ? 'java.lang.Boolean' : 'java.lang.String';
  throw serialization(`class ${from} can not be converted to an ${javaType}`);
}

function expectNumber(v: unknown, javaType: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const shape = describeJsType(v);
  if (shape) throw serialization(shape);
  const from = typeof v === 'boolean' ? 'java.lang.Boolean' : 'java.lang.String';
  throw serialization(`class ${from} can not be converted to an ${javaType}`);
}

function expectBlob(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) throw serialization('Start of list found where not expected');
  if (typeof v === 'object' && v !== null) throw serialization('Start of structure or map found where not expected.');
  const from = typeof v === 'number' ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber' : typeof v === 'boolean' ? 'java.lang.Boolean' : 'java.lang.String';
  throw serialization(`class ${from} can not be converted to a Blob`);
}

function expectTimestamp(v: unknown): void {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return;
  if (typeof v === 'number' && Number.isFinite(v)) return;
  const shape = describeJsType(v);
  if (shape) throw serialization(shape);
  const from = typeof v === 'boolean' ? 'java.lang.Boolean' : 'java.lang.String';
  throw serialization(`class ${from} can not be converted to milliseconds since epoch`);
}

function expectArray(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null) throw serialization('Start of structure or map found where not expected.');
  throw serialization('Expected list or null');
}

function expectMap(v: unknown): Record<string, unknown> {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date)) {
    return v as Record<string, unknown>;
  }
  if (Array.isArray(v)) throw serialization('Start of list found where not expected');
  throw serialization('Expected map or null');
}

/** A timestamp member as epoch milliseconds (Date, or epoch seconds as on the wire). */
export function timestampMs(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return Math.round(v * 1000);
  return undefined;
}

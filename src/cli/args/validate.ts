/**
 * botocore's client-side parameter validation, which runs before every AWS CLI request:
 * missing required members, members a structure does not have, wrong types, and the
 * `min` of strings (length), lists (length) and numbers (value). Nothing else: not `max`,
 * not enums, not patterns (those are the service's to reject). Every problem is reported,
 * in botocore's order and words:
 *
 *   Parameter validation failed:
 *   Missing required parameter in Entries[0]: "Id"
 *   Invalid type for parameter Entries[0].DelaySeconds, value: 5, type: <class 'str'>, valid types: <class 'int'>
 *
 * Values are judged as the Python values the CLI would hold (a JSON 1.5 is a float, a
 * boolean is also an int, as in Python).
 */
import { CliError } from '../../core/errors.js';
import type { ServiceModel, Shape } from '../../model/types.js';
import { pyStr, pyTypeName } from './python.js';
import { parseTimestamp } from './values.js';

type Report =
  | { kind: 'missing'; name: string; member: string }
  | { kind: 'unknown'; name: string; param: string; valid: string[] }
  | { kind: 'type'; name: string; param: unknown; valid: string[] }
  | { kind: 'range'; name: string; param: unknown; min: number }
  | { kind: 'length'; name: string; param: unknown; min: number };

const STR = "<class 'str'>";
const INT = "<class 'int'>";
const FLOAT = "<class 'float'>";
const DECIMAL = "<class 'decimal.Decimal'>";
const BOOL = "<class 'bool'>";
const DICT = "<class 'dict'>";
const LIST = "<class 'list'>";
const TUPLE = "<class 'tuple'>";

/** Throws CliError('usage', "Parameter validation failed:\n...") when botocore would. */
export function validateParams(params: Record<string, unknown>, inputShapeName: string | undefined, model: ServiceModel): void {
  const report = checkParams(params, inputShapeName, model);
  if (report.length) throw new CliError('usage', `Parameter validation failed:\n${report.join('\n')}`);
}

/** The report lines (empty when the parameters pass). */
export function checkParams(params: Record<string, unknown>, inputShapeName: string | undefined, model: ServiceModel): string[] {
  if (!inputShapeName) return [];
  const errors: Report[] = [];
  validate(params, inputShapeName, model, errors, '');
  return errors.map(format);
}

function displayName(name: string): string {
  if (!name) return 'input';
  return name.startsWith('.') ? name.slice(1) : name;
}

function format(e: Report): string {
  const name = displayName(e.name);
  switch (e.kind) {
    case 'missing':
      return `Missing required parameter in ${name}: "${e.member}"`;
    case 'unknown':
      return `Unknown parameter in ${name}: "${e.param}", must be one of: ${e.valid.join(', ')}`;
    case 'type':
      return `Invalid type for parameter ${name}, value: ${pyStr(e.param)}, type: ${pyTypeName(e.param)}, valid types: ${e.valid.join(', ')}`;
    case 'range':
      return `Invalid value for parameter ${name}, value: ${pyStr(e.param)}, valid min value: ${e.min}`;
    case 'length':
      return `Invalid length for parameter ${name}, value: ${pyStr(e.param)}, valid min length: ${e.min}`;
  }
}

const isDict = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
const isInt = (v: unknown): boolean => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
const isNumber = (v: unknown): boolean => typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint';

function validate(value: unknown, shapeName: string, model: ServiceModel, errors: Report[], name: string): void {
  const shape = model.shapes[shapeName];
  if (!shape) return;
  switch (shape.type) {
    case 'structure':
      return validateStructure(value, shape, model, errors, name);
    case 'list':
      if (!Array.isArray(value)) return void errors.push({ kind: 'type', name, param: value, valid: [LIST, TUPLE] });
      rangeCheck(name, value.length, value, shape, 'length', errors);
      value.forEach((item, i) => validate(item, shape.member!.shape, model, errors, `${name}[${i}]`));
      return;
    case 'map':
      if (!isDict(value)) return void errors.push({ kind: 'type', name, param: value, valid: [DICT] });
      for (const [k, v] of Object.entries(value)) {
        validate(k, shape.key!.shape, model, errors, `${name} (key: ${k})`);
        validate(v, shape.value!.shape, model, errors, `${name}.${k}`);
      }
      return;
    case 'string':
      if (typeof value !== 'string') return void errors.push({ kind: 'type', name, param: value, valid: [STR] });
      rangeCheck(name, Array.from(value).length, value, shape, 'length', errors);
      return;
    case 'integer':
    case 'long':
      if (!isInt(value)) return void errors.push({ kind: 'type', name, param: value, valid: [INT] });
      rangeCheck(name, Number(value), value, shape, 'range', errors);
      return;
    case 'float':
    case 'double':
      if (!isNumber(value)) return void errors.push({ kind: 'type', name, param: value, valid: [FLOAT, DECIMAL, INT] });
      rangeCheck(name, Number(value), value, shape, 'range', errors);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push({ kind: 'type', name, param: value, valid: [BOOL] });
      return;
    case 'blob':
      if (typeof value === 'string' || Buffer.isBuffer(value) || value instanceof Uint8Array) return;
      errors.push({ kind: 'type', name, param: value, valid: ["<class 'bytes'>", "<class 'bytearray'>", 'file-like object'] });
      return;
    case 'timestamp':
      // Python takes a bool as an int, so as epoch seconds
      if (typeof value !== 'boolean' && parseTimestamp(value) === undefined) {
        errors.push({ kind: 'type', name, param: value, valid: ["<class 'datetime.datetime'>", 'timestamp-string'] });
      }
      return;
  }
}

function validateStructure(value: unknown, shape: Shape, model: ServiceModel, errors: Report[], name: string): void {
  if (!isDict(value)) return void errors.push({ kind: 'type', name, param: value, valid: [DICT] });
  for (const member of shape.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(value, member)) errors.push({ kind: 'missing', name, member });
  }
  const members = shape.members ?? {};
  const known: string[] = [];
  for (const param of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(members, param)) {
      errors.push({ kind: 'unknown', name, param, valid: Object.keys(members) });
    } else known.push(param);
  }
  for (const param of known) validate(value[param], members[param]!.shape, model, errors, `${name}.${param}`);
}

/** botocore reports the measured length (not the value) for strings and lists. */
function rangeCheck(name: string, measured: number, param: unknown, shape: Shape, kind: 'length' | 'range', errors: Report[]): void {
  if (shape.min === undefined || !(measured < shape.min)) return;
  errors.push({ kind, name, param: kind === 'length' ? measured : param, min: shape.min });
}

/**
 * Amazon SNS subscription filter policies: validation with AWS's error texts, and matching of
 * messages (attribute scope or body scope) as AWS documents it. Pure: no storage, no clock.
 *
 * Decisions where AWS's documentation leaves room (each is pinned by a case in
 * fixtures/filter-policies/cases.json):
 * - anything-but on a String.Array attribute matches when none of its elements is excluded
 *   (the rule the current guide states for String.Array attributes; the same page still lists
 *   ["rugby", "baseball"] as a match, an example older than the rule). Other patterns match a
 *   String.Array when one element does. Arrays in the body, and the numeric page's
 *   "Number.Array" attribute, stay element by element ("it contains a value that isn't ...").
 * - anything-but never matches a missing key; it does match values of another type.
 * - exists:true needs a non-null value; exists:false needs no value at all (null is a value);
 *   an empty array gives no value.
 * - With MessageAttributes scope, a message without (non-Binary) attributes matches no policy,
 *   not even exists:false. Binary attributes are ignored; String.Array elements are matched one
 *   by one (objects inside them are ignored); Number attributes match numerically.
 * - Attribute string values are compared JSON-escaped (AWS: double quotes and backslashes must be
 *   double-escaped in attribute-based policies).
 * - With MessageBody scope a body that is not a JSON object matches nothing; keys of objects in
 *   arrays must all be satisfied by the same array element.
 */
import { AwsError } from '../../core/errors.js';
import { compileRules, RuleArgumentError, RuleSyntaxError, wildcardCost, type Branch, type Condition } from './filterPolicyCompile.js';
import { JsonSyntaxError, parseStrictJson, REDACTED_SOURCE, serializeCompact, type CompactJson } from './filterPolicyJson.js';
import {
  FALSE_VALUE,
  javaNumberText,
  NULL_VALUE,
  numberValue,
  parseDecimal,
  stringValue,
  TRUE_VALUE,
  VT,
  type EventValue,
  type ValuePattern,
} from './filterPolicyMatch.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer | Uint8Array;
}

export interface FilterMessage {
  attributes: Record<string, MessageAttributeValue>;
  body: string;
}

export interface CompiledFilterPolicy {
  readonly scope: FilterPolicyScope;
  /** the policy as AWS's rule engine sees it (compact JSON) */
  readonly source: string;
  /** leaf keys of the policy (dot-joined paths) */
  readonly keys: readonly string[];
  /** the "$or" alternatives; a message matches when one branch matches */
  readonly branches: readonly (readonly Condition[])[];
  /** body scope: paths and path prefixes worth reading from a body */
  readonly bodyPaths: ReadonlySet<string>;
  readonly bodyPrefixes: ReadonlySet<string>;
  /** attribute scope: whether some branch can match on absence alone */
  readonly matchesOnAbsence: boolean;
}

export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;
export const MAX_WILDCARD_COMPLEXITY = 100;
export const MAX_WILDCARDS_PER_PATTERN = 3;

/** An invalid filter policy. `reason` is the text after "Invalid parameter: ". */
export class FilterPolicyError extends AwsError {
  readonly reason: string;
  constructor(reason: string) {
    super('InvalidParameter', `Invalid parameter: ${reason}`);
    this.name = 'FilterPolicyError';
    this.reason = reason;
  }
}

/** The same error as Subscribe reports it ("Invalid parameter: Attributes Reason: …"). */
export function asSubscribeAttributesError(e: FilterPolicyError): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: Attributes Reason: ${e.reason}`);
}

const policyError = (message: string): FilterPolicyError => new FilterPolicyError(`FilterPolicy: ${message}`);

// ---------------------------------------------------------------------------------------------
// Compilation

function parseAndCompact(policyJson: string): CompactJson {
  try {
    const tree = parseStrictJson(policyJson);
    return tree ? serializeCompact(tree) : { text: '', tokens: [] };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw policyError(`failed to parse JSON. ${e.message}\n at [Source: ${REDACTED_SOURCE}; line: ${e.line}, column: ${e.column}]`);
  }
}

function compileBranches(json: CompactJson): Branch[] {
  try {
    return compileRules(json);
  } catch (e) {
    if (e instanceof RuleSyntaxError || e instanceof RuleArgumentError) throw policyError(e.message);
    throw e;
  }
}

/** Sum over the "$or" alternatives of the product, per key, of its values times its nesting level. */
function combinations(branches: readonly Branch[]): number {
  let total = 0;
  for (const branch of branches) {
    let product = 1;
    for (const c of branch.values()) product *= c.count * c.depth;
    total += product;
  }
  return total;
}

function checkWildcards(conditions: Iterable<Condition>): void {
  let points = 0;
  for (const c of conditions) {
    const cost = wildcardCost(c);
    if (cost.maxWildcards > MAX_WILDCARDS_PER_PATTERN) throw policyError('Filter policy is too complex');
    points += cost.points;
  }
  if (points > MAX_WILDCARD_COMPLEXITY) throw policyError('Filter policy is too complex');
}

function checkLimits(branches: readonly Branch[], scope: FilterPolicyScope): Condition[] {
  const distinct = new Set<Condition>();
  const keys = new Set<string>();
  for (const branch of branches) {
    for (const c of branch.values()) {
      distinct.add(c);
      keys.add(c.path);
    }
  }
  if (scope === 'MessageAttributes' && [...distinct].some((c) => c.depth > 1)) {
    throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy');
  }
  if (keys.size > MAX_FILTER_POLICY_KEYS) throw policyError(`Filter policy can not have more than ${MAX_FILTER_POLICY_KEYS} keys`);
  if (combinations(branches) > MAX_FILTER_POLICY_COMBINATIONS) throw policyError('Filter policy is too complex');
  checkWildcards(distinct);
  return [...distinct];
}

/** Conditions needing a value first; keys satisfied only by absence are checked last. */
function orderConditions(branch: Branch): Condition[] {
  const all = [...branch.values()];
  return [...all.filter((c) => c.patterns.length > 0 || c.existsTrue), ...all.filter((c) => c.patterns.length === 0 && !c.existsTrue)];
}

function pathPrefixes(paths: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const p of paths) {
    for (let i = p.indexOf('.'); i >= 0; i = p.indexOf('.', i + 1)) prefixes.add(p.slice(0, i));
  }
  return prefixes;
}

/** Reads a FilterPolicyScope attribute value, refusing others with AWS's message. */
export function parseFilterPolicyScope(value: string): FilterPolicyScope {
  if (value === 'MessageAttributes' || value === 'MessageBody') return value;
  throw new FilterPolicyError(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
}

/**
 * Validates a filter policy and prepares it for matching. Throws FilterPolicyError (an AwsError,
 * code InvalidParameter) with AWS's message when the policy is invalid. An empty FilterPolicy
 * removes the policy in AWS: callers handle "" before calling this.
 */
export function compileFilterPolicy(policyJson: string, scope: FilterPolicyScope): CompiledFilterPolicy {
  if (Buffer.byteLength(policyJson, 'utf8') > MAX_FILTER_POLICY_BYTES) throw policyError('Filter policy is too large');
  const json = parseAndCompact(policyJson);
  const branches = compileBranches(json);
  const conditions = checkLimits(branches, scope);
  const keys = [...new Set(conditions.map((c) => c.path))];
  return {
    scope,
    source: json.text,
    keys,
    branches: branches.map(orderConditions),
    bodyPaths: new Set(keys),
    bodyPrefixes: pathPrefixes(keys),
    matchesOnAbsence: conditions.some((c) => c.allowAbsent),
  };
}

// ---------------------------------------------------------------------------------------------
// Message values

/** Array memberships of a value: pairs of (array id, index), flattened. */
type Membership = readonly number[];
const NO_MEMBERSHIP: Membership = [];

interface Field {
  readonly v: EventValue;
  readonly m: Membership;
}

function escapeAttributeString(s: string): string {
  return s.indexOf('"') < 0 && s.indexOf('\\') < 0 ? s : s.replace(/[\\"]/g, '\\$&');
}

function arrayElementValue(x: unknown): EventValue | undefined {
  if (typeof x === 'string') return stringValue(escapeAttributeString(x));
  if (typeof x === 'number') return numberValue(javaNumberText(x), x);
  if (x === true) return TRUE_VALUE;
  if (x === false) return FALSE_VALUE;
  if (x === null) return NULL_VALUE;
  return undefined; // objects and arrays inside String.Array are not matched
}

function arrayAttributeValues(text: string): EventValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const values: EventValue[] = [];
  for (const x of parsed) {
    const v = arrayElementValue(x);
    if (v) values.push(v);
  }
  return values;
}

/** The values of one attribute, or undefined when the filter does not see it (Binary, absent). */
export function attributeValues(attr: MessageAttributeValue | undefined): EventValue[] | undefined {
  if (!attr || attr.StringValue === undefined) return undefined;
  const type = attr.DataType;
  if (type === 'String.Array' || type === 'Number.Array') return arrayAttributeValues(attr.StringValue);
  const base = type.split('.', 1)[0];
  if (base === 'String') return [stringValue(escapeAttributeString(attr.StringValue))];
  if (base === 'Number') return [numberValue(attr.StringValue.trim(), parseDecimal(attr.StringValue))];
  return undefined;
}

function isVisible(attr: MessageAttributeValue | undefined): boolean {
  if (!attr || attr.StringValue === undefined) return false;
  const base = attr.DataType.split('.', 1)[0];
  return base === 'String' || base === 'Number';
}

function hasVisibleAttribute(attributes: Record<string, MessageAttributeValue>): boolean {
  for (const name in attributes) if (isVisible(attributes[name])) return true;
  return false;
}

function bodyValue(x: unknown): EventValue | undefined {
  if (typeof x === 'string') return stringValue(x);
  if (typeof x === 'number') return numberValue(javaNumberText(x), x);
  if (x === true) return TRUE_VALUE;
  if (x === false) return FALSE_VALUE;
  if (x === null) return NULL_VALUE;
  return undefined;
}

class BodyFlattener {
  readonly fields = new Map<string, Field[]>();
  private nextArray = 0;

  constructor(private readonly policy: CompiledFilterPolicy) {}

  walk(node: unknown, path: string, m: Membership): void {
    if (Array.isArray(node)) {
      const id = this.nextArray++;
      node.forEach((el, idx) => this.walk(el, path, [...m, id, idx]));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        const p = path === '' ? key : `${path}.${key}`;
        if (this.policy.bodyPaths.has(p) || this.policy.bodyPrefixes.has(p)) this.walk((node as Record<string, unknown>)[key], p, m);
      }
      return;
    }
    const v = bodyValue(node);
    if (v && this.policy.bodyPaths.has(path)) {
      const list = this.fields.get(path);
      if (list) list.push({ v, m });
      else this.fields.set(path, [{ v, m }]);
    }
  }
}

/** Body properties on the policy's paths, or undefined when the body is not a JSON object. */
function bodyFields(policy: CompiledFilterPolicy, body: string): Map<string, Field[]> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const flattener = new BodyFlattener(policy);
  flattener.walk(parsed, '', NO_MEMBERSHIP);
  return flattener.fields;
}

// ---------------------------------------------------------------------------------------------
// Matching

function valueMatches(c: Condition, v: EventValue): boolean {
  if (c.existsTrue && v.t !== VT.Null) return true;
  for (const p of c.patterns) if (p.test(v)) return true;
  return false;
}

/** An attribute as a condition sees it: its values, and whether anything-but must pass them all. */
interface AttributeView {
  readonly values: EventValue[] | undefined;
  /** a String.Array: anything-but matches only when none of the elements is excluded */
  readonly wholeArray: boolean;
}

const attributeView = (attr: MessageAttributeValue | undefined): AttributeView => ({
  values: attributeValues(attr),
  wholeArray: attr?.DataType === 'String.Array',
});

/** What made a condition match present values: an element that exists, or a pattern (and the value it matched). */
type ValueMatch = { exists: EventValue } | { pattern: ValuePattern; values: readonly EventValue[] };

function matchValues(c: Condition, values: readonly EventValue[], wholeArray: boolean): ValueMatch | undefined {
  if (!wholeArray) {
    for (const v of values) {
      if (c.existsTrue && v.t !== VT.Null) return { exists: v };
      const p = c.patterns.find((x) => x.test(v));
      if (p) return { pattern: p, values: [v] };
    }
    return undefined;
  }
  const present = c.existsTrue ? values.find((v) => v.t !== VT.Null) : undefined;
  if (present) return { exists: present };
  for (const p of c.patterns) {
    if (p.anythingBut) {
      if (values.every((v) => p.test(v))) return { pattern: p, values };
    } else {
      const v = values.find((x) => p.test(x));
      if (v) return { pattern: p, values: [v] };
    }
  }
  return undefined;
}

function attributeConditionMatches(c: Condition, view: AttributeView): boolean {
  const { values } = view;
  if (values === undefined || values.length === 0) return c.allowAbsent;
  return matchValues(c, values, view.wholeArray) !== undefined;
}

function attributeBranchMatches(branch: readonly Condition[], attributes: Record<string, MessageAttributeValue>): boolean {
  for (const c of branch) {
    if (!attributeConditionMatches(c, attributeView(attributes[c.path]))) return false;
  }
  return true;
}

function matchesAttributes(policy: CompiledFilterPolicy, attributes: Record<string, MessageAttributeValue>): boolean {
  if (policy.matchesOnAbsence && !hasVisibleAttribute(attributes)) return false;
  for (const branch of policy.branches) if (attributeBranchMatches(branch, attributes)) return true;
  return false;
}

/** Merges two memberships; null when they disagree on the index of a shared array. */
function merge(a: Membership, b: Membership): Membership | null {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  let out: number[] | undefined;
  for (let i = 0; i < b.length; i += 2) {
    const j = indexOfArray(a, b[i]!);
    if (j < 0) (out ??= [...a]).push(b[i]!, b[i + 1]!);
    else if (a[j + 1] !== b[i + 1]) return null;
  }
  return out ?? a;
}

function indexOfArray(m: Membership, id: number): number {
  for (let i = 0; i < m.length; i += 2) if (m[i] === id) return i;
  return -1;
}

/**
 * A branch matches a body when each key gets a matching value, all taken from the same element
 * of any array they share; keys matched by absence must have no value in that same context.
 */
function bodyBranchMatches(branch: readonly Condition[], fields: Map<string, Field[]>): boolean {
  const absent: Condition[] = [];
  const absenceHolds = (m: Membership): boolean =>
    absent.every((c) => !(fields.get(c.path) ?? []).some((f) => merge(m, f.m) !== null));
  const choose = (i: number, m: Membership): boolean => {
    if (i === branch.length) return absenceHolds(m);
    const c = branch[i]!;
    for (const f of fields.get(c.path) ?? []) {
      if (!valueMatches(c, f.v)) continue;
      const next = merge(m, f.m);
      if (next !== null && choose(i + 1, next)) return true;
    }
    if (!c.allowAbsent) return false;
    absent.push(c);
    const ok = choose(i + 1, m);
    absent.pop();
    return ok;
  };
  return choose(0, NO_MEMBERSHIP);
}

function matchesBody(policy: CompiledFilterPolicy, body: string): boolean {
  const fields = bodyFields(policy, body);
  if (!fields) return false;
  for (const branch of policy.branches) if (bodyBranchMatches(branch, fields)) return true;
  return false;
}

/** Whether a subscription with this policy receives the message. */
export function matchesFilterPolicy(policy: CompiledFilterPolicy, message: FilterMessage): boolean {
  return policy.scope === 'MessageBody' ? matchesBody(policy, message.body) : matchesAttributes(policy, message.attributes);
}

// ---------------------------------------------------------------------------------------------
// Explanations

function shown(values: readonly EventValue[]): string {
  const texts = values.map((v) => (v.t === VT.String ? `'${v.s}'` : v.s));
  return values.length === 1 ? `value ${texts[0]}` : `values ${texts.join(', ')}`;
}

function explainCondition(
  c: Condition,
  values: readonly EventValue[] | undefined,
  what: string,
  wholeArray = false,
): { ok: boolean; reason: string } {
  const key = `key '${c.path}'`;
  if (!values || values.length === 0) {
    return c.allowAbsent ? { ok: true, reason: `${key}: absent, as ${c.json} allows` } : { ok: false, reason: `${key}: ${what} missing` };
  }
  const m = matchValues(c, values, wholeArray);
  if (m && 'exists' in m) return { ok: true, reason: `${key}: ${shown([m.exists])} exists` };
  if (m) return { ok: true, reason: `${key}: ${shown(m.values)} matched ${m.pattern.label}` };
  const excluded =
    wholeArray && values.length > 1 && c.patterns.some((p) => p.anythingBut)
      ? ' (anything-but needs every element of a String.Array to pass)'
      : '';
  return { ok: false, reason: `${key}: ${shown(values)} not in ${c.json}${excluded}` };
}

interface BranchReport {
  matched: boolean;
  reasons: string[];
}

function explainAttributes(policy: CompiledFilterPolicy, attributes: Record<string, MessageAttributeValue>): BranchReport[] | string {
  if (policy.matchesOnAbsence && !hasVisibleAttribute(attributes)) {
    return 'the message has no attributes the filter can see (Binary attributes are ignored), and such a message matches no attribute policy';
  }
  return policy.branches.map((branch) => {
    const parts = branch.map((c) => {
      const view = attributeView(attributes[c.path]);
      return explainCondition(c, view.values, 'attribute', view.wholeArray);
    });
    return { matched: parts.every((p) => p.ok), reasons: parts.map((p) => p.reason) };
  });
}

function explainBody(policy: CompiledFilterPolicy, body: string): BranchReport[] | string {
  const fields = bodyFields(policy, body);
  if (!fields) return 'the message body is not a JSON object, so a MessageBody policy cannot match it';
  return policy.branches.map((branch) => {
    const parts = branch.map((c) => explainCondition(c, fields.get(c.path)?.map((f) => f.v), 'property'));
    const matched = bodyBranchMatches(branch, fields);
    const reasons = parts.map((p) => p.reason);
    if (!matched && parts.every((p) => p.ok)) {
      reasons.push('no single element of the arrays involved satisfies every key at once (arrays of objects match element by element)');
    }
    return { matched, reasons };
  });
}

/** Why a message does or does not match: one line per key (per "$or" alternative). */
export function explainFilterPolicy(policy: CompiledFilterPolicy, message: FilterMessage): { matched: boolean; reasons: string[] } {
  const reports = policy.scope === 'MessageBody' ? explainBody(policy, message.body) : explainAttributes(policy, message.attributes);
  if (typeof reports === 'string') return { matched: false, reasons: [reports] };
  const reasons: string[] = [];
  const several = reports.length > 1;
  for (const [i, r] of reports.entries()) {
    const tag = several ? `$or alternative ${i + 1}: ` : '';
    reasons.push(...r.reasons.map((x) => tag + x));
    if (r.matched) return { matched: true, reasons };
  }
  return { matched: false, reasons };
}

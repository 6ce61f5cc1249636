/**
 * Asking for one value with the prompt its model type calls for: a list for enums, a
 * checked number for integers (the model's min/max), yes/no for booleans, a picker of live
 * queues, topics, streams and shards for identifiers, and member by member (or JSON in an
 * editor) for structures and maps.
 */
import type * as Prompts from '@inquirer/prompts';
import type { Ctx } from '../core/context.js';
import type { ServiceModel, Shape } from '../model/types.js';
import { liveIdentifiers, memberIdKinds } from '../repl/live.js';
import { splitLine, SplitError } from '../repl/split.js';
import { MESSAGE_ATTRIBUTE_TYPES, NUMBER_VALUE, ruleFor, type ValueRule } from './limits.js';

export type PromptsModule = typeof Prompts;
/** The prompts' second argument: streams, abort signal. */
export type PromptContext = NonNullable<Parameters<typeof Prompts.select>[1]>;

export interface AskContext {
  prompts: PromptsModule;
  model: ServiceModel;
  /** a context for reading live identifiers; undefined when there is no state file yet */
  ctx?: Ctx;
  /** values seen in earlier results and answers, by member name (newest first) */
  remembered: Map<string, string[]>;
  /** identifiers of what the answers so far name (the stream for shard ids, ...) */
  hints: { streamName?: string; streamArn?: string; topicArn?: string };
  /** prompts' context: input/output streams and the abort signal */
  promptContext: PromptContext;
  /** the operation being asked about (some limits are an operation's own) */
  operation?: string;
}

/** Sentinel choice values (not valid member values). */
const OTHER = '\u0000other';
const DONE = '\u0000done';
const EDITOR = '\u0000editor';

const shapeOf = (model: ServiceModel, name: string): Shape => {
  const s = model.shapes[name];
  if (!s) throw new Error(`no shape ${name} in the ${model.service} model`);
  return s;
};

const isScalar = (s: Shape): boolean => !['structure', 'list', 'map'].includes(s.type);

/** A short description of what a shape takes, for prompt messages. */
export function typeHint(model: ServiceModel, shapeName: string): string {
  const s = shapeOf(model, shapeName);
  if (s.enum) return 'one of a list';
  switch (s.type) {
    case 'string':
      return 'text';
    case 'integer':
    case 'long':
      return s.min !== undefined || s.max !== undefined ? `number ${s.min ?? ''}..${s.max ?? ''}` : 'number';
    case 'double':
    case 'float':
      return 'decimal number';
    case 'boolean':
      return 'yes/no';
    case 'blob':
      return 'text (sent as bytes)';
    case 'timestamp':
      return 'time';
    case 'list':
      return `list of ${typeHint(model, s.member!.shape)}`;
    case 'map':
      return 'key/value pairs';
    case 'structure':
      return 'structure';
  }
}

/**
 * Asks for the value of `member` (whose shape is `shapeName`); `label` names it in the
 * prompt. Returns the value in request form (numbers as numbers, booleans as booleans).
 */
export async function askValue(ac: AskContext, member: string, shapeName: string, label: string): Promise<unknown> {
  const { prompts: p, model, promptContext: pc } = ac;
  const s = shapeOf(model, shapeName);
  if (s.type === 'structure') {
    return isMessageAttributeValue(s) ? askMessageAttribute(ac, label) : askStructure(ac, shapeName, label);
  }
  if (s.type === 'map') return askMap(ac, s, label);
  if (s.type === 'list') return askList(ac, member, s, label);
  if (s.enum) {
    return p.select({ message: label, choices: s.enum.map((v) => ({ name: v, value: v })), pageSize: 12 }, pc);
  }
  const rule = ruleFor(model.service, ac.operation, member, s);
  if (rule?.choices) {
    return p.select({ message: label, choices: rule.choices.map((v) => ({ name: v, value: v })), pageSize: 12 }, pc);
  }
  if (s.type === 'boolean') return p.confirm({ message: label, default: true }, pc);
  const numeric = s.type === 'integer' || s.type === 'long' || s.type === 'double' || s.type === 'float';
  if (numeric || (s.type === 'string' && rule?.range)) {
    const whole = !(s.type === 'double' || s.type === 'float');
    const min = rule?.range?.min ?? s.min;
    const max = rule?.range?.max ?? s.max;
    const range = min !== undefined || max !== undefined ? ` (${fmt(min)} to ${fmt(max)})` : '';
    const n = await p.number(
      {
        message: `${label}${range}`,
        min: min !== undefined && Number.isFinite(min) ? min : undefined,
        max: max !== undefined && Number.isFinite(max) ? max : undefined,
        step: whole ? 1 : 'any',
        required: true,
      },
      pc,
    );
    // numbers kept as text (queue attributes) go back as text
    return s.type === 'string' ? String(n) : n;
  }
  // strings, blobs, timestamps: offer what exists and what was seen (the newest first), then free text
  const offers = await offered(ac, member);
  if (offers.length > 0) {
    const picked = await p.select(
      {
        message: label,
        choices: [...offers.map((v) => ({ name: v, value: v })), { name: 'something else (type it)', value: OTHER }],
        default: offers[0],
        pageSize: 12,
      },
      pc,
    );
    if (picked !== OTHER) return picked;
  }
  return p.input(
    {
      message: rule?.describe ? `${label} (${rule.describe})` : label,
      required: true,
      validate: (v) => checkText(s, rule, v),
    },
    pc,
  );
}

const fmt = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '…' : String(n));

/** Why a typed value cannot be sent, as the prompt shows it under the question; true when it can. */
export function checkText(s: Shape, rule: ValueRule | undefined, v: string): true | string {
  if (s.type === 'timestamp') {
    const ok = /^\d+(\.\d+)?$/.test(v.trim()) || !Number.isNaN(Date.parse(v));
    return ok || 'an ISO 8601 time (2024-05-01T12:00:00Z) or epoch seconds';
  }
  return rule?.check?.(v) ?? true;
}

/** SQS's and SNS's MessageAttributeValue: a data type and a string or binary value. */
const isMessageAttributeValue = (s: Shape): boolean =>
  Boolean(s.members?.DataType && s.members.StringValue && s.members.BinaryValue);

/**
 * A message attribute: its data type from the list AWS allows (String, Number, Binary, each
 * with an optional custom label such as Number.float), then its value, checked for its type.
 */
async function askMessageAttribute(ac: AskContext, label: string): Promise<Record<string, string>> {
  const { prompts: p, promptContext: pc } = ac;
  const types = MESSAGE_ATTRIBUTE_TYPES.map((t) => ({ name: t.name, value: t.name, description: t.description }));
  let base = await p.select(
    {
      message: `${label}: data type`,
      choices: [...types, { name: 'a custom type (String.json, Number.float, ...)', value: OTHER, description: 'one of the three, with a label of your own after a period' }],
    },
    pc,
  );
  let custom = '';
  if (base === OTHER) {
    base = await p.select({ message: `${label}: the custom type is a kind of`, choices: types }, pc);
    custom = await p.input(
      {
        message: `${label}: its label, after "${base}."`,
        required: true,
        validate: (v) => /^[A-Za-z0-9_.-]{1,200}$/.test(v) || 'letters, digits, hyphens, underscores and periods',
      },
      pc,
    );
  }
  const DataType = custom ? `${base}.${custom}` : base;
  if (base === 'Binary') {
    const value = await p.input({ message: `${label}: value (text, sent as bytes)`, required: true }, pc);
    return { DataType, BinaryValue: value };
  }
  const value = await p.input(
    {
      message: `${label}: value (${base === 'Number' ? 'a number' : 'text'})`,
      required: true,
      validate: (v) => base !== 'Number' || NUMBER_VALUE.test(v.trim()) || 'a number, such as 42, -7 or 3.14',
    },
    pc,
  );
  return { DataType, StringValue: base === 'Number' ? value.trim() : value };
}

/** Identifiers that exist now, and values seen earlier in this guide, for a member. */
async function offered(ac: AskContext, member: string): Promise<string[]> {
  const seen = [...(ac.remembered.get(member) ?? [])];
  const kinds = memberIdKinds(ac.model.service, member);
  const live = ac.ctx && kinds.length ? await liveIdentifiers(ac.ctx, kinds, ac.hints) : [];
  return [...new Set([...seen, ...live])].slice(0, 50);
}

async function askList(ac: AskContext, member: string, s: Shape, label: string): Promise<unknown[]> {
  const { prompts: p, model, promptContext: pc } = ac;
  const item = shapeOf(model, s.member!.shape);
  if (item.enum) {
    return p.checkbox({ message: label, choices: item.enum.map((v) => ({ name: v, value: v })), pageSize: 12, required: true }, pc);
  }
  if (isScalar(item)) {
    const text = await p.input(
      {
        message: `${label} (values separated by spaces; quote a value with spaces)`,
        required: true,
        validate: (v) => {
          try {
            splitLine(v);
            return true;
          } catch (e) {
            return e instanceof SplitError ? e.message : String(e);
          }
        },
      },
      pc,
    );
    const words = splitLine(text);
    return item.type === 'integer' || item.type === 'long' ? words.map(Number) : words;
  }
  const items: unknown[] = [];
  for (;;) {
    items.push(await askValue(ac, member, s.member!.shape, `${label}, item ${items.length + 1}`));
    if (s.max !== undefined && items.length >= s.max) break;
    if (!(await p.confirm({ message: `Add another item to ${label}?`, default: false }, pc))) break;
  }
  return items;
}

async function askMap(ac: AskContext, s: Shape, label: string): Promise<Record<string, unknown>> {
  const { prompts: p, model, promptContext: pc } = ac;
  const keyShape = shapeOf(model, s.key!.shape);
  const how = await p.select(
    {
      message: `${label}: how do you want to enter it?`,
      choices: [
        { name: 'key by key', value: 'pairs' },
        { name: 'as JSON, in your editor', value: EDITOR },
      ],
    },
    pc,
  );
  if (how === EDITOR) return (await editJson(ac, label, '{\n}\n')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (;;) {
    const key = keyShape.enum
      ? await p.select(
          {
            message: `${label}: which key? (${Object.keys(out).length} so far)`,
            choices: [
              { name: '(done)', value: DONE },
              ...keyShape.enum.filter((k) => !(k in out)).map((k) => ({ name: k, value: k })),
            ],
            pageSize: 14,
          },
          pc,
        )
      : await p.input({ message: `${label}: key (empty when done)` }, pc);
    if (key === DONE || key === '') break;
    out[key] = await askValue(ac, key, s.value!.shape, `${label}: value of ${key}`);
  }
  return out;
}

/** A structure: its required members, then any optional ones the user picks. */
export async function askStructure(ac: AskContext, shapeName: string, label: string): Promise<Record<string, unknown>> {
  const { prompts: p, model, promptContext: pc } = ac;
  const s = shapeOf(model, shapeName);
  const members = Object.entries(s.members ?? {});
  const how = await p.select(
    {
      message: `${label}: how do you want to enter it?`,
      choices: [
        { name: 'member by member', value: 'members' },
        { name: 'as JSON, in your editor', value: EDITOR },
      ],
    },
    pc,
  );
  if (how === EDITOR) return (await editJson(ac, label, '{\n}\n')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [name, ref] of members) {
    if (required.has(name)) out[name] = await askValue(ac, name, ref.shape, `${label}.${name}`);
  }
  for (;;) {
    const optional = members.filter(([name]) => !required.has(name) && !(name in out));
    if (optional.length === 0) break;
    const pick = await p.select(
      {
        message: `${label}: more members?`,
        choices: [
          { name: 'no, that is all', value: DONE },
          ...optional.map(([name, ref]) => ({ name: `${name} (${typeHint(model, ref.shape)})`, value: name })),
        ],
        pageSize: 12,
      },
      pc,
    );
    if (pick === DONE) break;
    out[pick] = await askValue(ac, pick, s.members![pick]!.shape, `${label}.${pick}`);
  }
  return out;
}

async function editJson(ac: AskContext, label: string, initial: string): Promise<unknown> {
  const text = await ac.prompts.editor(
    {
      message: `${label} (JSON; your editor opens on Enter)`,
      default: initial,
      postfix: '.json',
      validate: (v) => {
        try {
          JSON.parse(v);
          return true;
        } catch (e) {
          return `not JSON: ${(e as Error).message}`;
        }
      },
    },
    ac.promptContext,
  );
  return JSON.parse(text);
}

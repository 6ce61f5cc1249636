/** Queue-level operations: create, delete, look up, list, attributes, purge, tags, permissions. */
import { partitionOf, permissionStatement, policyStatements, type PolicyStatement } from '../../core/aws.js';
import type { Ctx } from '../../core/context.js';
import { setOwn } from '../../core/objects.js';
import {
  ALL_ATTRIBUTE_NAMES,
  COMPUTED_ATTRIBUTES,
  FIFO_DEFAULTS,
  OUTPUT_ORDER,
  STANDARD_DEFAULTS,
  applyAttributes,
  comparableValue,
  normaliseAttributes,
  reportedAttributes,
  sameAttributeValue,
} from './attributes.js';
import { queueTopic } from './enqueue.js';
import {
  invalidParameterValue,
  invalidValue,
  missingParameter,
  overLimit,
  purgeQueueInProgress,
  queueAlreadyExists,
  queueDeletedRecently,
  queueDoesNotExist,
  unknownAttribute,
} from './errors.js';
import { optionalInteger, optionalMap, optionalString, requiredString, stringList, type Input } from './input.js';
import { countMessages, expireMessages } from './messages.js';
import { advanceMoveTasks } from './moveTasks.js';
import { isValidQueueName, queueArn } from './names.js';
import {
  attributeColumns,
  checkQueueRelations,
  findQueue,
  queueUrlOf,
  requireQueue,
  saveAttributes,
  storedAttributes,
  type QueueRow,
} from './queues.js';

const RECREATE_DELAY_MS = 60_000;
const PURGE_INTERVAL_MS = 60_000;
export const MAX_TAGS = 50;

/** Runs an operation's body in one write transaction at one instant, with move tasks brought up to date. */
export function inTransaction<T>(ctx: Ctx, fn: (now: number) => T): T {
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    advanceMoveTasks(ctx.store, now);
    return fn(now);
  });
}

// ---------------------------------------------------------------- tags

// Made on first use: V8 builds a \p{...} class from Unicode's tables as the expression is
// created (about 0.2 ms), which every SQS command would pay as this module loads.
let tagChars: RegExp | undefined;
const isTagText = (s: string): boolean => (tagChars ??= /^[\p{L}\p{N}\p{Z}_.:/=+\-@]*$/u).test(s);

function checkTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(tags)) {
    const value = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : String(raw);
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > 128) {
      throw invalidParameterValue('Tag keys must be between 1 and 128 characters in length.');
    }
    if ([...value].length > 256) {
      throw invalidParameterValue('Tag values must be between 0 and 256 characters in length.');
    }
    if (!isTagText(key) || !isTagText(value)) {
      throw invalidParameterValue(
        'Tags can only contain Unicode letters, digits, white space, or these symbols: _ . : / = + - @',
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidParameterValue("Tag keys can't start with the reserved prefix aws:.");
    }
    setOwn(out, key, value);
  }
  return out;
}

function mergeTags(q: { name: string }, current: Record<string, string>, add: Record<string, string>): Record<string, string> {
  const merged = { ...current, ...add };
  if (Object.keys(merged).length > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue ${q.name}.`);
  return merged;
}

// ---------------------------------------------------------------- create / delete / lookup

export function createQueue(ctx: Ctx, input: Input): { QueueUrl: string } {
  const name = requiredString(input, 'QueueName');
  const rawAttributes = optionalMap(input, 'Attributes') ?? {};
  const rawTags = optionalMap(input, 'tags');
  const fifo = String(rawAttributes.FifoQueue ?? '').toLowerCase() === 'true';
  if (!isValidQueueName(name, fifo)) {
    throw invalidParameterValue(
      fifo
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  const given = normaliseAttributes(rawAttributes, fifo, 'create');
  const tags = rawTags ? checkTags(rawTags) : {};
  if (Object.keys(tags).length > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue ${name}.`);

  return inTransaction(ctx, (now) => {
    const existing = findQueue(ctx.store, ctx.region, ctx.accountId, name);
    if (existing) {
      const stored = storedAttributes(existing);
      for (const [attr, value] of Object.entries(given)) {
        if (!sameAttributeValue(attr, comparableValue(stored, fifo, attr), value)) throw queueAlreadyExists(attr);
      }
      return { QueueUrl: queueUrlOf(existing, ctx.queueUrlBase) };
    }
    const deleted = ctx.store
      .stmt<[string, string, string], { deleted_ms: number }>(
        'SELECT deleted_ms FROM sqs_deleted_queues WHERE region = ? AND account_id = ? AND name = ?',
      )
      .get(ctx.region, ctx.accountId, name);
    if (deleted && now - deleted.deleted_ms < RECREATE_DELAY_MS) throw queueDeletedRecently();

    const attributes = applyAttributes(fifo ? FIFO_DEFAULTS : STANDARD_DEFAULTS, given);
    const loc = { region: ctx.region, accountId: ctx.accountId, name };
    checkQueueRelations(ctx.store, { ...loc, fifo }, attributes);
    ctx.store
      .stmt(
        `INSERT INTO sqs_queues (region, account_id, name, arn, fifo, created_ms, modified_ms, attributes, tags,
           visibility_timeout, delay_seconds, retention_seconds, maximum_message_size, receive_wait_seconds,
           content_dedup, dedup_by_group, dlq_arn, max_receive_count)
         VALUES (@region, @account_id, @name, @arn, @fifo, @now, @now, @attributes, @tags,
           @visibility_timeout, @delay_seconds, @retention_seconds, @maximum_message_size, @receive_wait_seconds,
           @content_dedup, @dedup_by_group, @dlq_arn, @max_receive_count)`,
      )
      .run({
        ...attributeColumns(attributes),
        region: ctx.region,
        account_id: ctx.accountId,
        name,
        arn: queueArn(loc),
        fifo: fifo ? 1 : 0,
        now,
        attributes: JSON.stringify(attributes),
        tags: JSON.stringify(tags),
      });
    ctx.store.stmt('DELETE FROM sqs_deleted_queues WHERE region = ? AND account_id = ? AND name = ?').run(ctx.region, ctx.accountId, name);
    return { QueueUrl: queueUrlOf(findQueue(ctx.store, ctx.region, ctx.accountId, name)!, ctx.queueUrlBase) };
  });
}

export function deleteQueue(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    removeQueueData(ctx, q);
    ctx.store.stmt('DELETE FROM sqs_queues WHERE id = ?').run(q.id);
    // long polls waiting on it in this process (a server's) look again now, and end
    ctx.store.touch(queueTopic(q.id));
    ctx.store
      .stmt(
        `INSERT INTO sqs_deleted_queues (region, account_id, name, deleted_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (region, account_id, name) DO UPDATE SET deleted_ms = excluded.deleted_ms`,
      )
      .run(q.region, q.account_id, q.name, now);
    ctx.store.stmt('DELETE FROM sqs_deleted_queues WHERE deleted_ms <= ?').run(now - RECREATE_DELAY_MS);
    return {};
  });
}

function removeQueueData(ctx: Ctx, q: QueueRow): void {
  ctx.store.stmt('DELETE FROM sqs_fifo_groups WHERE queue_id = ?').run(q.id);
  ctx.store.stmt('DELETE FROM sqs_messages WHERE queue_id = ?').run(q.id);
  ctx.store.stmt('DELETE FROM sqs_fifo_dedup WHERE queue_id = ?').run(q.id);
  ctx.store.stmt('DELETE FROM sqs_receive_attempts WHERE queue_id = ?').run(q.id);
}

export function getQueueUrl(ctx: Ctx, input: Input): { QueueUrl: string } {
  const name = requiredString(input, 'QueueName');
  const owner = optionalString(input, 'QueueOwnerAWSAccountId');
  return inTransaction(ctx, () => {
    if (owner !== undefined && owner !== ctx.accountId) throw queueDoesNotExist();
    const q = findQueue(ctx.store, ctx.region, ctx.accountId, name);
    if (!q) throw queueDoesNotExist();
    return { QueueUrl: queueUrlOf(q, ctx.queueUrlBase) };
  });
}

// ---------------------------------------------------------------- listing

const MAX_RESULTS = 1000;

function pageParams(input: Input): { max: number | undefined; after: string | undefined; token: string | undefined } {
  const max = optionalInteger(input, 'MaxResults');
  if (max !== undefined && (max < 1 || max > MAX_RESULTS)) {
    throw invalidValue(max, 'MaxResults', 'MaxResults must be an integer between 1 and 1000.');
  }
  const token = optionalString(input, 'NextToken');
  let after: string | undefined;
  if (token !== undefined && token !== '') {
    try {
      const doc = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
      if (typeof doc.after !== 'string') throw new Error('no position');
      after = doc.after;
    } catch {
      throw invalidParameterValue('Invalid NextToken value.');
    }
  }
  return { max, after, token };
}

const nextToken = (after: string): string => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');

export function listQueues(ctx: Ctx, input: Input): { QueueUrls?: string[]; NextToken?: string } {
  const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
  const { max, after } = pageParams(input);
  return inTransaction(ctx, () => {
    const limit = max ?? MAX_RESULTS;
    const rows = ctx.store
      .stmt<[string, string, string, number, string, number], QueueRow>(
        `SELECT * FROM sqs_queues WHERE region = ? AND account_id = ? AND name > ? AND substr(name, 1, ?) = ?
         ORDER BY name LIMIT ?`,
      )
      .all(ctx.region, ctx.accountId, after ?? '', prefix.length, prefix, limit + 1);
    if (rows.length === 0) return {};
    const page = rows.slice(0, limit);
    const out: { QueueUrls?: string[]; NextToken?: string } = { QueueUrls: page.map((q) => queueUrlOf(q, ctx.queueUrlBase)) };
    if (max !== undefined && rows.length > limit) out.NextToken = nextToken(page[page.length - 1]!.name);
    return out;
  });
}

export function listDeadLetterSourceQueues(ctx: Ctx, input: Input): { queueUrls: string[]; NextToken?: string } {
  const { max, after } = pageParams(input);
  return inTransaction(ctx, () => {
    const dlq = requireQueue(ctx, input.QueueUrl);
    const limit = max ?? MAX_RESULTS;
    const rows = ctx.store
      .stmt<[string, string, number], QueueRow>('SELECT * FROM sqs_queues WHERE dlq_arn = ? AND name > ? ORDER BY name LIMIT ?')
      .all(dlq.arn, after ?? '', limit + 1);
    const page = rows.slice(0, limit);
    const out: { queueUrls: string[]; NextToken?: string } = { queueUrls: page.map((q) => queueUrlOf(q, ctx.queueUrlBase)) };
    if (max !== undefined && rows.length > limit) out.NextToken = nextToken(page[page.length - 1]!.name);
    return out;
  });
}

// ---------------------------------------------------------------- attributes

export function getQueueAttributes(ctx: Ctx, input: Input): { Attributes?: Record<string, string> } {
  const names = stringList(input, 'AttributeNames') ?? [];
  for (const n of names) if (n !== 'All' && !ALL_ATTRIBUTE_NAMES.has(n)) throw unknownAttribute(n);
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    if (names.length === 0) return {};
    const wanted = names.includes('All') ? ALL_ATTRIBUTE_NAMES : new Set(names);
    const stored = reportedAttributes(storedAttributes(q));
    const computed: Record<string, string> = {};
    if (COMPUTED_ATTRIBUTES.some((c) => wanted.has(c))) {
      expireMessages(ctx.store, q, now);
      const counts = countMessages(ctx.store, q, now);
      computed.QueueArn = q.arn;
      computed.ApproximateNumberOfMessages = String(counts.visible);
      computed.ApproximateNumberOfMessagesNotVisible = String(counts.notVisible);
      computed.ApproximateNumberOfMessagesDelayed = String(counts.delayed);
      computed.CreatedTimestamp = String(Math.floor(q.created_ms / 1000));
      computed.LastModifiedTimestamp = String(Math.floor(q.modified_ms / 1000));
    }
    const out: Record<string, string> = {};
    for (const name of OUTPUT_ORDER) {
      if (!wanted.has(name)) continue;
      const value = computed[name] ?? stored[name];
      if (value !== undefined) out[name] = value;
    }
    return Object.keys(out).length > 0 ? { Attributes: out } : {};
  });
}

export function setQueueAttributes(ctx: Ctx, input: Input): Record<string, never> {
  const raw = optionalMap(input, 'Attributes');
  if (!raw) throw missingParameter('Attributes');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const changes = normaliseAttributes(raw, Boolean(q.fifo), 'set');
    saveAttributes(ctx.store, q, changes, now);
    return {};
  });
}

export function purgeQueue(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    if (q.purged_ms !== null && now - q.purged_ms < PURGE_INTERVAL_MS) throw purgeQueueInProgress(q.name);
    ctx.store.stmt('DELETE FROM sqs_fifo_groups WHERE queue_id = ?').run(q.id);
    ctx.store.stmt('DELETE FROM sqs_messages WHERE queue_id = ?').run(q.id);
    ctx.store.stmt('DELETE FROM sqs_receive_attempts WHERE queue_id = ?').run(q.id);
    ctx.store.stmt('UPDATE sqs_queues SET purged_ms = ? WHERE id = ?').run(now, q.id);
    return {};
  });
}

// ---------------------------------------------------------------- tags

export function tagQueue(ctx: Ctx, input: Input): Record<string, never> {
  const raw = optionalMap(input, 'Tags');
  if (!raw || Object.keys(raw).length === 0) throw missingParameter('Tags');
  const tags = checkTags(raw);
  return inTransaction(ctx, () => {
    const q = requireQueue(ctx, input.QueueUrl);
    const merged = mergeTags(q, JSON.parse(q.tags) as Record<string, string>, tags);
    ctx.store.stmt('UPDATE sqs_queues SET tags = ? WHERE id = ?').run(JSON.stringify(merged), q.id);
    return {};
  });
}

export function untagQueue(ctx: Ctx, input: Input): Record<string, never> {
  const keys = stringList(input, 'TagKeys');
  if (!keys || keys.length === 0) throw missingParameter('TagKeys');
  return inTransaction(ctx, () => {
    const q = requireQueue(ctx, input.QueueUrl);
    const tags = JSON.parse(q.tags) as Record<string, string>;
    for (const k of keys) delete tags[k];
    ctx.store.stmt('UPDATE sqs_queues SET tags = ? WHERE id = ?').run(JSON.stringify(tags), q.id);
    return {};
  });
}

export function listQueueTags(ctx: Ctx, input: Input): { Tags?: Record<string, string> } {
  return inTransaction(ctx, () => {
    const q = requireQueue(ctx, input.QueueUrl);
    const tags = JSON.parse(q.tags) as Record<string, string>;
    return Object.keys(tags).length > 0 ? { Tags: tags } : {};
  });
}

// ---------------------------------------------------------------- permissions

/** Actions a queue owner can grant to others (the batch variants come with their single forms). */
const SHAREABLE_ACTIONS = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
]);
const OWNER_ONLY_ACTIONS = new Set([
  'AddPermission',
  'RemovePermission',
  'CreateQueue',
  'DeleteQueue',
  'ListQueues',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
  'ListQueueTags',
  'SendMessageBatch',
  'DeleteMessageBatch',
  'ChangeMessageVisibilityBatch',
  'StartMessageMoveTask',
  'CancelMessageMoveTask',
  'ListMessageMoveTasks',
]);
const MAX_POLICY_ACTIONS = 7;
const LABEL = /^[A-Za-z0-9_-]{1,80}$/;

interface PolicyDoc {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement[] | PolicyStatement;
  [k: string]: unknown;
}

export function addPermission(ctx: Ctx, input: Input): Record<string, never> {
  const label = requiredString(input, 'Label');
  const accounts = stringList(input, 'AWSAccountIds') ?? [];
  const actions = stringList(input, 'Actions') ?? [];
  if (!LABEL.test(label)) {
    throw invalidValue(label, 'Label', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.');
  }
  if (accounts.length === 0) throw invalidValue('[]', 'PrincipalId', 'Unable to verify.');
  // any account id is taken (there is no IAM here to verify it against), so the docs' examples run
  for (const a of accounts) if (!/^[A-Za-z0-9]+$/.test(a)) throw invalidValue(`[${a}]`, 'PrincipalId', 'Unable to verify.');
  if (actions.length === 0) throw missingParameter('Actions');
  if (actions.length > MAX_POLICY_ACTIONS) {
    throw overLimit(`${actions.length} Actions were found, maximum allowed is ${MAX_POLICY_ACTIONS}.`);
  }
  for (const action of actions) {
    if (SHAREABLE_ACTIONS.has(action)) continue;
    throw invalidValue(
      `SQS:${action}`,
      'ActionName',
      OWNER_ONLY_ACTIONS.has(action)
        ? 'Only the queue owner is allowed to invoke this action.'
        : 'Please refer to the appropriate WSDL for a list of valid actions.',
    );
  }
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const stored = storedAttributes(q);
    const policy: PolicyDoc = stored.Policy
      ? (JSON.parse(stored.Policy) as PolicyDoc)
      : { Version: '2008-10-17', Id: `${q.arn}/SQSDefaultPolicy`, Statement: [] };
    const statements = policyStatements(policy);
    if (statements.some((s) => s.Sid === label)) throw invalidValue(label, 'Label', 'Already exists.');
    statements.push(
      permissionStatement({ label, partition: partitionOf(q.region), accounts, actions: actions.map((a) => `SQS:${a}`), resource: q.arn }),
    );
    policy.Statement = statements;
    saveAttributes(ctx.store, q, { Policy: JSON.stringify(policy) }, now);
    return {};
  });
}

export function removePermission(ctx: Ctx, input: Input): Record<string, never> {
  const label = requiredString(input, 'Label');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const stored = storedAttributes(q);
    const policy = stored.Policy ? (JSON.parse(stored.Policy) as PolicyDoc) : undefined;
    const statements = policy ? policyStatements(policy) : [];
    const kept = statements.filter((s) => s.Sid !== label);
    if (!policy || kept.length === statements.length) throw invalidValue(label, 'Label', "can't find label on existing policy.");
    policy.Statement = kept;
    saveAttributes(ctx.store, q, { Policy: kept.length > 0 ? JSON.stringify(policy) : '' }, now);
    return {};
  });
}

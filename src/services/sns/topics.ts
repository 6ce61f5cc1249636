/** Topic operations: create, delete, list, attributes, permissions, tags, data protection. */
import { parseArn, permissionStatement, policyStatements, type PolicyStatement } from '../../core/aws.js';
import type { Ctx } from '../../core/context.js';
import { partitionOf, requireArn, topicArnFor } from './arn.js';
import { invalidParameter, resourceNotFound, tagLimitExceeded } from './errors.js';
import { decodeToken, page, PAGE_SIZE } from './pagination.js';
import {
  findTopic,
  getTopic,
  insertTopic,
  saveTopicAttributes,
  saveTopicTags,
  type Tag,
  type TopicRecord,
} from './records.js';
import { deleteTopicCascade } from './subscriptions.js';
import { currentTopicAttribute, topicAttributesView, topicPolicy, validateTopicAttribute } from './topicAttributes.js';

const STANDARD_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const MAX_TAGS = 50;
const MAX_DATA_PROTECTION_POLICY = 30_720;

interface CreateTopicInput {
  Name?: string;
  Attributes?: Record<string, string>;
  Tags?: Tag[];
  DataProtectionPolicy?: string;
}

export function createTopic(ctx: Ctx, input: CreateTopicInput): { TopicArn: string } {
  const name = input.Name ?? '';
  const requested = { ...(input.Attributes ?? {}) };
  const fifoFlag = requested.FifoTopic?.toLowerCase();
  if (fifoFlag !== undefined && fifoFlag !== 'true' && fifoFlag !== 'false') {
    throw invalidParameter('Attributes Reason: FifoTopic');
  }
  const fifo = fifoFlag === 'true';
  delete requested.FifoTopic; // not stored: the name and `fifo` say it
  if (!(fifo ? FIFO_NAME : STANDARD_NAME).test(name)) throw invalidParameter('Topic Name');
  const attributes: Record<string, string> = {};
  const context = { fifo, prefix: 'Attributes Reason: ' };
  for (const [k, v] of Object.entries(requested)) {
    const value = validateTopicAttribute(k, v, context);
    if (value !== null) attributes[k] = value;
  }
  const tags = validateTags(input.Tags ?? []);
  if (input.DataProtectionPolicy !== undefined) validateDataProtectionPolicy(input.DataProtectionPolicy);
  const arn = topicArnFor(ctx, name);
  return ctx.store.write(() => {
    const existing = findTopic(ctx, arn);
    if (existing) {
      // idempotent only when everything asked for is what the topic already has
      for (const k of Object.keys(requested)) {
        // compared in normalised form (what GetTopicAttributes would show)
        if (currentTopicAttribute(existing, k) !== attributes[k]) {
          throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
        }
      }
      for (const t of tags) {
        if (!existing.tags.some((e) => e.Key === t.Key && e.Value === t.Value)) {
          throw invalidParameter('Tags Reason: Topic already exists with different tags');
        }
      }
      return { TopicArn: arn };
    }
    const now = ctx.store.clock.now();
    if (attributes.ArchivePolicy) attributes.BeginningArchiveTime = new Date(now).toISOString();
    insertTopic(ctx, {
      arn,
      region: ctx.region,
      account: ctx.accountId,
      name,
      fifo,
      attributes,
      tags,
      dataProtectionPolicy: input.DataProtectionPolicy ?? null,
      lastSequence: null,
      createdAt: now,
    });
    return { TopicArn: arn };
  });
}

export function deleteTopic(ctx: Ctx, input: { TopicArn?: string }): Record<string, never> {
  const parsed = requireArn(input.TopicArn, 'TopicArn');
  if (parsed.region !== ctx.region) throw invalidParameter('TopicArn');
  // deleting a topic that does not exist is not an error (AWS documents this)
  ctx.store.write(() => deleteTopicCascade(ctx, input.TopicArn!));
  return {};
}

export function listTopics(ctx: Ctx, input: { NextToken?: string }): { Topics: { TopicArn: string }[]; NextToken?: string } {
  const after = decodeToken<string>(input.NextToken, 'string') ?? '';
  const rows = ctx.store
    .stmt<[string, string, string, number], { arn: string }>(
      'SELECT arn FROM sns_topics WHERE region = ? AND account = ? AND arn > ? ORDER BY arn LIMIT ?',
    )
    .all(ctx.region, ctx.accountId, after, PAGE_SIZE + 1);
  const { items, nextToken } = page(rows, (r) => r.arn);
  const out: { Topics: { TopicArn: string }[]; NextToken?: string } = { Topics: items.map((r) => ({ TopicArn: r.arn })) };
  if (nextToken) out.NextToken = nextToken;
  return out;
}

export function getTopicAttributes(ctx: Ctx, input: { TopicArn?: string }): { Attributes: Record<string, string> } {
  return ctx.store.read(() => ({ Attributes: topicAttributesView(ctx, getTopic(ctx, input.TopicArn)) }));
}

export function setTopicAttributes(
  ctx: Ctx,
  input: { TopicArn?: string; AttributeName?: string; AttributeValue?: string },
): Record<string, never> {
  const name = input.AttributeName ?? '';
  return ctx.store.write(() => {
    const topic = getTopic(ctx, input.TopicArn);
    const value = validateTopicAttribute(name, input.AttributeValue ?? '', { fifo: topic.fifo, prefix: '' });
    const attributes = { ...topic.attributes };
    if (value === null) delete attributes[name];
    else attributes[name] = value;
    if (name === 'ArchivePolicy') {
      if (value === null) delete attributes.BeginningArchiveTime;
      else attributes.BeginningArchiveTime ??= new Date(ctx.store.clock.now()).toISOString();
    }
    saveTopicAttributes(ctx, topic.arn, attributes);
    return {};
  });
}

const POLICY_ACTIONS = [
  'GetTopicAttributes',
  'SetTopicAttributes',
  'AddPermission',
  'RemovePermission',
  'DeleteTopic',
  'Subscribe',
  'ListSubscriptionsByTopic',
  'Publish',
  'Receive',
];

interface PolicyDocument {
  Statement?: PolicyStatement[] | PolicyStatement;
  [k: string]: unknown;
}

export function addPermission(
  ctx: Ctx,
  input: { TopicArn?: string; Label?: string; AWSAccountId?: string[]; ActionName?: string[] },
): Record<string, never> {
  const label = input.Label ?? '';
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) throw invalidParameter('Label');
  return ctx.store.write(() => {
    const topic = getTopic(ctx, input.TopicArn);
    const policy = JSON.parse(topicPolicy(topic)) as PolicyDocument;
    const statements = policyStatements(policy);
    if (statements.some((s) => s.Sid === label)) throw invalidParameter('Statement already exists');
    const actions = input.ActionName ?? [];
    if (actions.length === 0 || actions.some((a) => !POLICY_ACTIONS.includes(a))) {
      throw invalidParameter('Policy statement action out of service scope!');
    }
    const accounts = input.AWSAccountId ?? [];
    statements.push(
      permissionStatement({ label, partition: partitionOf(ctx.region), accounts, actions: actions.map((a) => `SNS:${a}`), resource: topic.arn }),
    );
    policy.Statement = statements;
    saveTopicAttributes(ctx, topic.arn, { ...topic.attributes, Policy: JSON.stringify(policy) });
    return {};
  });
}

export function removePermission(ctx: Ctx, input: { TopicArn?: string; Label?: string }): Record<string, never> {
  return ctx.store.write(() => {
    const topic = getTopic(ctx, input.TopicArn);
    const policy = JSON.parse(topicPolicy(topic)) as PolicyDocument;
    if (policy.Statement === undefined) return {};
    policy.Statement = policyStatements(policy).filter((s) => s.Sid !== input.Label);
    saveTopicAttributes(ctx, topic.arn, { ...topic.attributes, Policy: JSON.stringify(policy) });
    return {};
  });
}

function validateTags(tags: Tag[]): Tag[] {
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) throw invalidParameter('Duplicated keys are not allowed.');
    keys.add(t.Key);
    if (typeof t.Key !== 'string' || t.Key.length < 1 || t.Key.length > 128) throw invalidParameter('Tags Reason: Tag keys must be between 1 and 128 characters');
    if (typeof t.Value !== 'string' || t.Value.length > 256) throw invalidParameter('Tags Reason: Tag values must be at most 256 characters');
  }
  if (tags.length > MAX_TAGS) throw tagLimitExceeded();
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** The topic a tagging call names (only topics can be tagged in SNS). */
function taggedTopic(ctx: Ctx, arn: string | undefined): TopicRecord {
  const parsed = arn ? parseArn(arn) : undefined;
  const topic = parsed && parsed.region === ctx.region ? findTopic(ctx, arn!) : undefined;
  if (!topic) throw resourceNotFound();
  return topic;
}

export function tagResource(ctx: Ctx, input: { ResourceArn?: string; Tags?: Tag[] }): Record<string, never> {
  const tags = validateTags(input.Tags ?? []);
  return ctx.store.write(() => {
    const topic = taggedTopic(ctx, input.ResourceArn);
    const merged = [...topic.tags];
    for (const t of tags) {
      const i = merged.findIndex((e) => e.Key === t.Key);
      if (i >= 0) merged[i] = t;
      else merged.push(t);
    }
    if (merged.length > MAX_TAGS) throw tagLimitExceeded();
    saveTopicTags(ctx, topic.arn, merged);
    return {};
  });
}

export function untagResource(ctx: Ctx, input: { ResourceArn?: string; TagKeys?: string[] }): Record<string, never> {
  return ctx.store.write(() => {
    const topic = taggedTopic(ctx, input.ResourceArn);
    const drop = new Set(input.TagKeys ?? []);
    saveTopicTags(ctx, topic.arn, topic.tags.filter((t) => !drop.has(t.Key)));
    return {};
  });
}

export function listTagsForResource(ctx: Ctx, input: { ResourceArn?: string }): { Tags: Tag[] } {
  return { Tags: taggedTopic(ctx, input.ResourceArn).tags };
}

function validateDataProtectionPolicy(text: string): void {
  if (text.length > MAX_DATA_PROTECTION_POLICY) throw invalidParameter('DataProtectionPolicy');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalidParameter('DataProtectionPolicy Reason: the policy is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidParameter('DataProtectionPolicy Reason: the policy must be a JSON object');
  }
}

export function getDataProtectionPolicy(ctx: Ctx, input: { ResourceArn?: string }): { DataProtectionPolicy?: string } {
  const topic = getTopic(ctx, input.ResourceArn, 'ResourceArn');
  return topic.dataProtectionPolicy === null ? {} : { DataProtectionPolicy: topic.dataProtectionPolicy };
}

export function putDataProtectionPolicy(
  ctx: Ctx,
  input: { ResourceArn?: string; DataProtectionPolicy?: string },
): Record<string, never> {
  const text = input.DataProtectionPolicy ?? '';
  if (text !== '') validateDataProtectionPolicy(text);
  return ctx.store.write(() => {
    const topic = getTopic(ctx, input.ResourceArn, 'ResourceArn');
    ctx.store
      .stmt('UPDATE sns_topics SET data_protection_policy = ? WHERE arn = ?')
      .run(text === '' ? null : text, topic.arn);
    return {};
  });
}


/** Tags (stream and resource-ARN forms) and resource policies, for streams and consumers. */
import type { Ctx } from '../../core/context.js';
import { MAX_TAGS_PER_RESOURCE } from './constants.js';
import { consumerOwner, requireStream, streamOwner, streamStatus, type StreamRow } from './data.js';
import { invalidArgument, resourceInUse, resourceNotFound } from './errors.js';
import { requireConsumer } from './consumers.js';
import { validateRequest } from './validate.js';

type Input = Record<string, unknown>;

// Unicode letters, digits, white space and _ . : / = + - % @ (AWS rejects '%' with a second message)
// Made on first use: V8 builds a \p{...} class from Unicode's tables as the expression is
// created (about 0.2 ms), which every Kinesis command would pay as this module loads.
let tagChars: RegExp | undefined;
const isTagText = (s: string): boolean => (tagChars ??= /^[\p{L}\p{N}\p{Z}_.:/=+\-%@]*$/u).test(s);

export function tagsOf(ctx: Ctx, owner: string): Record<string, string> {
  const rows = ctx.store
    .stmt<[string], { key: string; value: string }>('SELECT key, value FROM kinesis_tags WHERE owner = ? ORDER BY key')
    .all(owner);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function writeTags(ctx: Ctx, owner: string, tags: Record<string, string>): void {
  const put = ctx.store.stmt('INSERT INTO kinesis_tags (owner, key, value) VALUES (?, ?, ?) ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(tags)) put.run(owner, k, v);
}

/** Checks tags as AddTagsToStream does; what names the resource in messages is `what` ("stream x"). */
export function checkNewTags(ctx: Ctx, what: string, owner: string | undefined, tags: Record<string, string>, verb = 'add tags to'): void {
  const all = [...Object.keys(tags), ...Object.values(tags)];
  if (all.some((t) => !isTagText(t))) {
    throw invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
  }
  if (all.some((t) => t.includes('%'))) {
    throw invalidArgument(
      `Failed to ${verb} ${what} under account ${ctx.accountId} because some tags contained illegal characters. ` +
        "The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
    );
  }
  const existing = owner ? Object.keys(tagsOf(ctx, owner)) : [];
  const total = new Set([...existing, ...Object.keys(tags)]).size;
  if (total > MAX_TAGS_PER_RESOURCE) {
    throw invalidArgument(
      `Failed to ${verb} ${what} under account ${ctx.accountId} because a given stream cannot have more than ${MAX_TAGS_PER_RESOURCE} tags associated with it.`,
    );
  }
}

function checkTagKeys(ctx: Ctx, what: string, keys: string[]): void {
  if (keys.some((t) => !isTagText(t))) {
    throw invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
  }
  if (keys.some((t) => t.includes('%'))) {
    throw invalidArgument(
      `Failed to remove tags from ${what} under account ${ctx.accountId} because some tags contained illegal characters. ` +
        "The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
    );
  }
}

/** Tags can change once a stream has left CREATING, and not while it is being deleted. */
function taggableStream(ctx: Ctx, input: Input, now: number): StreamRow {
  const stream = requireStream(ctx, input, now);
  const status = streamStatus(stream, now)!;
  if (status === 'CREATING' || status === 'DELETING') {
    throw resourceInUse(`Stream ${stream.name} under account ${ctx.accountId} not ACTIVE, instead in state ${status}`);
  }
  return stream;
}

export function addTagsToStream(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('AddTagsToStream', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = taggableStream(ctx, input, now);
    const tags = input.Tags as Record<string, string>;
    checkNewTags(ctx, `stream ${stream.name}`, streamOwner(stream.id), tags);
    writeTags(ctx, streamOwner(stream.id), tags);
    return {};
  });
}

export function removeTagsFromStream(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('RemoveTagsFromStream', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = taggableStream(ctx, input, now);
    const keys = input.TagKeys as string[];
    checkTagKeys(ctx, `stream ${stream.name}`, keys);
    const del = ctx.store.stmt('DELETE FROM kinesis_tags WHERE owner = ? AND key = ?');
    for (const k of keys) del.run(streamOwner(stream.id), k);
    return {};
  });
}

export function listTagsForStream(ctx: Ctx, input: Input): { Tags: { Key: string; Value: string }[]; HasMoreTags: boolean } {
  validateRequest('ListTagsForStream', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, input, now);
    const limit = (input.Limit as number | undefined) ?? 50;
    const start = input.ExclusiveStartTagKey as string | undefined;
    const all = Object.entries(tagsOf(ctx, streamOwner(stream.id))).filter(([k]) => start === undefined || k > start);
    return { Tags: all.slice(0, limit).map(([Key, Value]) => ({ Key, Value })), HasMoreTags: all.length > limit };
  });
}

interface ResolvedResource {
  owner: string;
  /** how messages name it */
  what: string;
}

const CONSUMER_ARN = /^arn:aws[a-z-]*:kinesis:[^:]*:\d{12}:stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:\d+$/;

/** A stream or consumer ARN as the owner of tags and policies. */
function resolveResource(ctx: Ctx, arn: string, now: number): ResolvedResource {
  if (CONSUMER_ARN.test(arn)) {
    const { consumer } = requireConsumer(ctx, { ConsumerARN: arn }, now);
    return { owner: consumerOwner(consumer.id), what: `consumer ${consumer.name}` };
  }
  if (!/^arn:aws[a-z-]*:kinesis:[^:]*:\d{12}:stream\/[^/]+$/.test(arn)) throw invalidArgument(`Invalid ResourceARN: ${arn}`); // (unverified)
  const stream = requireStream(ctx, { StreamARN: arn }, now);
  return { owner: streamOwner(stream.id), what: `stream ${stream.name}` };
}

export function tagResource(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('TagResource', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const res = resolveResource(ctx, input.ResourceARN as string, now);
    const tags = input.Tags as Record<string, string>;
    checkNewTags(ctx, res.what, res.owner, tags);
    writeTags(ctx, res.owner, tags);
    return {};
  });
}

export function untagResource(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('UntagResource', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const res = resolveResource(ctx, input.ResourceARN as string, now);
    const keys = input.TagKeys as string[];
    checkTagKeys(ctx, res.what, keys);
    const del = ctx.store.stmt('DELETE FROM kinesis_tags WHERE owner = ? AND key = ?');
    for (const k of keys) del.run(res.owner, k);
    return {};
  });
}

export function listTagsForResource(ctx: Ctx, input: Input): { Tags: { Key: string; Value: string }[] } {
  validateRequest('ListTagsForResource', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const res = resolveResource(ctx, input.ResourceARN as string, now);
    return { Tags: Object.entries(tagsOf(ctx, res.owner)).map(([Key, Value]) => ({ Key, Value })) };
  });
}

export function putResourcePolicy(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('PutResourcePolicy', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const res = resolveResource(ctx, input.ResourceARN as string, now);
    const policy = input.Policy as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(policy);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidArgument('Policy is not a valid JSON document.'); // (unverified)
    }
    ctx.store
      .stmt('INSERT INTO kinesis_policies (owner, policy) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET policy = excluded.policy')
      .run(res.owner, policy);
    return {};
  });
}

export function getResourcePolicy(ctx: Ctx, input: Input): { Policy: string } {
  validateRequest('GetResourcePolicy', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const res = resolveResource(ctx, input.ResourceARN as string, now);
    const row = ctx.store.stmt<[string], { policy: string }>('SELECT policy FROM kinesis_policies WHERE owner = ?').get(res.owner);
    return { Policy: row?.policy ?? '{}' };
  });
}

export function deleteResourcePolicy(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('DeleteResourcePolicy', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const arn = input.ResourceARN as string;
    const res = resolveResource(ctx, arn, now);
    const gone = ctx.store.stmt('DELETE FROM kinesis_policies WHERE owner = ?').run(res.owner);
    if (gone.changes === 0) throw resourceNotFound(`No resource policy found for resource ARN ${arn}.`);
    return {};
  });
}

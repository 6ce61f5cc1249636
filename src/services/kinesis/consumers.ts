/**
 * Enhanced fan-out consumers: Register/Describe/List/DeregisterStreamConsumer, with
 * CREATING -> ACTIVE and DELETING -> gone on the clock. ARNs are AWS's:
 * <stream ARN>/consumer/<name>:<creation epoch seconds>.
 */
import type { Ctx } from '../../core/context.js';
import { LIFECYCLE_MS, LIST_CONSUMERS_DEFAULT, MAX_CONSUMERS_PER_STREAM, MAX_CREATING_CONSUMERS } from './constants.js';
import { consumerOwner, requireStream, streamArnOf, streamStatus, wholeSecond, type StreamRow } from './data.js';
import { invalidArgument, limitExceeded, resourceInUse, resourceNotFound, streamNotActive } from './errors.js';
import { checkNewTags, writeTags } from './tags.js';
import { decodeToken, encodeToken } from './tokens.js';
import { timestampMs, validateRequest } from './validate.js';

type Input = Record<string, unknown>;

export type ConsumerStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

export interface ConsumerRow {
  id: number;
  stream_pk: number;
  name: string;
  arn: string;
  created_at: number;
  status: string;
  status_until: number | null;
}

/** The consumer's status at time now; undefined once deregistration has completed. */
export function consumerStatus(c: ConsumerRow, now: number): ConsumerStatus | undefined {
  const ended = c.status_until !== null && now >= c.status_until;
  if (c.status === 'DELETING') return ended ? undefined : 'DELETING';
  if (c.status === 'CREATING') return ended ? 'ACTIVE' : 'CREATING';
  return 'ACTIVE';
}

export function findConsumerByArn(ctx: Ctx, arn: string): ConsumerRow | undefined {
  return ctx.store.stmt<[string], ConsumerRow>('SELECT * FROM kinesis_consumers WHERE arn = ?').get(arn);
}

function consumersOf(ctx: Ctx, streamPk: number, now: number): ConsumerRow[] {
  return ctx.store
    .stmt<[number], ConsumerRow>('SELECT * FROM kinesis_consumers WHERE stream_pk = ? ORDER BY name')
    .all(streamPk)
    .filter((c) => consumerStatus(c, now) !== undefined);
}

export function activeConsumerCount(ctx: Ctx, streamPk: number, now: number): number {
  return consumersOf(ctx, streamPk, now).filter((c) => consumerStatus(c, now) !== 'DELETING').length;
}

/** DeleteStream with EnforceConsumerDeletion: the stream's consumers start deregistering. */
export function deleteConsumersOf(ctx: Ctx, streamPk: number, now: number): void {
  ctx.store
    .stmt("UPDATE kinesis_consumers SET status = 'DELETING', status_until = ? WHERE stream_pk = ? AND status != 'DELETING'")
    .run(now + LIFECYCLE_MS.deregisterConsumer, streamPk);
}

interface ConsumerOut {
  ConsumerName: string;
  ConsumerARN: string;
  ConsumerStatus: ConsumerStatus;
  ConsumerCreationTimestamp: Date;
}

const consumerOut = (c: ConsumerRow, now: number): ConsumerOut => ({
  ConsumerName: c.name,
  ConsumerARN: c.arn,
  ConsumerStatus: consumerStatus(c, now)!,
  ConsumerCreationTimestamp: new Date(wholeSecond(c.created_at)),
});

const consumerNotFound = (what: string, ctx: Ctx): Error => resourceNotFound(`Consumer ${what}, account ${ctx.accountId} not found.`); // (unverified)

/** Removes a consumer whose deregistration completed so its name can be reused. */
function clearGoneConsumer(ctx: Ctx, streamPk: number, name: string, now: number): void {
  const row = ctx.store.stmt<[number, string], ConsumerRow>('SELECT * FROM kinesis_consumers WHERE stream_pk = ? AND name = ?').get(streamPk, name);
  if (row && consumerStatus(row, now) === undefined) {
    ctx.store.stmt('DELETE FROM kinesis_subscriptions WHERE consumer_pk = ?').run(row.id);
    ctx.store.stmt('DELETE FROM kinesis_tags WHERE owner = ?').run(consumerOwner(row.id));
    ctx.store.stmt('DELETE FROM kinesis_policies WHERE owner = ?').run(consumerOwner(row.id));
    ctx.store.stmt('DELETE FROM kinesis_consumers WHERE id = ?').run(row.id);
  }
}

export function registerStreamConsumer(ctx: Ctx, input: Input): { Consumer: ConsumerOut } {
  validateRequest('RegisterStreamConsumer', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, { StreamARN: input.StreamARN }, now);
    const status = streamStatus(stream, now)!;
    if (status !== 'ACTIVE' && status !== 'UPDATING') throw streamNotActive(stream.name, ctx.accountId, status);
    const name = input.ConsumerName as string;
    clearGoneConsumer(ctx, stream.id, name, now);
    const existing = consumersOf(ctx, stream.id, now);
    if (existing.some((c) => c.name === name)) {
      throw resourceInUse(`Consumer ${name} under stream ${stream.name} already exists for account ${ctx.accountId}.`); // (unverified)
    }
    if (existing.length >= MAX_CONSUMERS_PER_STREAM) {
      throw limitExceeded(`Consumer limit of ${MAX_CONSUMERS_PER_STREAM} reached for stream ${stream.name} under account ${ctx.accountId}.`); // (unverified)
    }
    const creating = ctx.store
      .stmt<[string, number], { n: number }>(
        `SELECT count(*) AS n FROM kinesis_consumers c JOIN kinesis_streams s ON s.id = c.stream_pk
         WHERE s.account_id = ? AND c.status = 'CREATING' AND c.status_until > ?`,
      )
      .get(ctx.accountId, now)!.n;
    if (creating >= MAX_CREATING_CONSUMERS) {
      throw limitExceeded(`Cannot have more than ${MAX_CREATING_CONSUMERS} consumers in the CREATING state.`); // (unverified)
    }
    const tags = input.Tags as Record<string, string> | undefined;
    if (tags) checkNewTags(ctx, `consumer ${name}`, undefined, tags);
    const arn = `${streamArnOf(stream)}/consumer/${name}:${Math.floor(now / 1000)}`;
    const info = ctx.store
      .stmt("INSERT INTO kinesis_consumers (stream_pk, name, arn, created_at, status, status_until) VALUES (?, ?, ?, ?, 'CREATING', ?)")
      .run(stream.id, name, arn, now, now + LIFECYCLE_MS.registerConsumer);
    if (tags) writeTags(ctx, consumerOwner(Number(info.lastInsertRowid)), tags);
    const row = findConsumerByArn(ctx, arn)!;
    return { Consumer: consumerOut(row, now) };
  });
}

/** The consumer named by ConsumerARN, or by StreamARN + ConsumerName (which must agree if both are given). */
export function requireConsumer(ctx: Ctx, input: Input, now: number): { consumer: ConsumerRow; stream: StreamRow } {
  const arn = input.ConsumerARN as string | undefined;
  const streamArn = input.StreamARN as string | undefined;
  const name = input.ConsumerName as string | undefined;
  if (arn !== undefined) {
    const consumer = findConsumerByArn(ctx, arn);
    const stream = consumer && ctx.store.stmt<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?').get(consumer.stream_pk);
    if (
      !consumer ||
      !stream ||
      consumerStatus(consumer, now) === undefined ||
      streamStatus(stream, now) === undefined ||
      stream.account_id !== ctx.accountId ||
      stream.region !== ctx.region
    ) {
      throw consumerNotFound(arn, ctx);
    }
    if ((name !== undefined && name !== consumer.name) || (streamArn !== undefined && streamArn !== streamArnOf(stream))) {
      throw invalidArgument('ConsumerARN, StreamARN and ConsumerName do not name the same consumer.'); // (unverified)
    }
    return { consumer, stream };
  }
  if (streamArn === undefined || name === undefined) {
    throw invalidArgument('Either ConsumerARN or both StreamARN and ConsumerName must be provided.'); // (unverified)
  }
  const stream = requireStream(ctx, { StreamARN: streamArn }, now);
  const consumer = consumersOf(ctx, stream.id, now).find((c) => c.name === name);
  if (!consumer) throw consumerNotFound(`${name}`, ctx);
  return { consumer, stream };
}

export function describeStreamConsumer(ctx: Ctx, input: Input): { ConsumerDescription: ConsumerOut & { StreamARN: string } } {
  validateRequest('DescribeStreamConsumer', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const { consumer, stream } = requireConsumer(ctx, input, now);
    return { ConsumerDescription: { ...consumerOut(consumer, now), StreamARN: streamArnOf(stream) } };
  });
}

export function listStreamConsumers(ctx: Ctx, input: Input): { Consumers: ConsumerOut[]; NextToken?: string } {
  validateRequest('ListStreamConsumers', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, { StreamARN: input.StreamARN }, now);
    const created = timestampMs(input.StreamCreationTimestamp);
    if (created !== undefined && created !== wholeSecond(stream.created_at)) {
      throw resourceNotFound(`Stream ${stream.name} under account ${ctx.accountId} not found.`);
    }
    const limit = Math.min((input.MaxResults as number | undefined) ?? LIST_CONSUMERS_DEFAULT, LIST_CONSUMERS_DEFAULT);
    const after = typeof input.NextToken === 'string' ? decodeToken<{ after: string }>(input.NextToken, now).after : undefined;
    const all = consumersOf(ctx, stream.id, now).filter((c) => after === undefined || c.name > after);
    const page = all.slice(0, limit);
    return {
      Consumers: page.map((c) => consumerOut(c, now)),
      ...(all.length > limit ? { NextToken: encodeToken({ after: page[page.length - 1]!.name }, now) } : {}),
    };
  });
}

export function deregisterStreamConsumer(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('DeregisterStreamConsumer', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const { consumer } = requireConsumer(ctx, input, now);
    if (consumerStatus(consumer, now) === 'DELETING') {
      throw resourceInUse(`Consumer ${consumer.name} is already being deleted.`); // (unverified)
    }
    ctx.store
      .stmt("UPDATE kinesis_consumers SET status = 'DELETING', status_until = ? WHERE id = ?")
      .run(now + LIFECYCLE_MS.deregisterConsumer, consumer.id);
    return {};
  });
}

/**
 * Stream operations: create, delete, describe, list, retention, capacity mode, encryption,
 * enhanced monitoring, record size, warm throughput, limits and account settings.
 */
import { randomBytes } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import {
  ALL_SHARD_LEVEL_METRICS,
  DAY_MS,
  DEFAULT_RETENTION_HOURS,
  DESCRIBE_STREAM_DEFAULT,
  LIFECYCLE_MS,
  LIST_STREAMS_DEFAULT,
  MAX_CREATING_STREAMS,
  MAX_RETENTION_HOURS,
  MIN_RETENTION_HOURS,
  MODE_SWITCHES_PER_DAY,
  ON_DEMAND_SHARD_COUNT,
  ON_DEMAND_STREAM_LIMIT,
  shardLimitFor,
} from './constants.js';
import {
  countEvents,
  currentlyOpenProvisionedShards,
  openProvisionedShardCount,
  parseShardId,
  recordEvent,
  requireStream,
  retainedSince,
  retentionMs,
  shardOpen,
  shardOut,
  shardsOf,
  shardVisible,
  streamArnOf,
  streamOwner,
  streamStatus,
  sweepDeleted,
  type ShardOut,
  type StreamMode,
  type StreamRow,
  type StreamStatus,
  wholeSecond,
} from './data.js';
import { invalidArgument, limitExceeded, resourceInUse, shardLimitExceeded, streamExists, streamNotActive, validationError } from './errors.js';
import { evenRanges, keyFromBigInt } from './hashkey.js';
import { checkNewTags, writeTags } from './tags.js';
import { decodeToken, encodeToken } from './tokens.js';
import { validateRequest } from './validate.js';
import { activeConsumerCount, deleteConsumersOf } from './consumers.js';

type Input = Record<string, unknown>;
type Empty = Record<string, never>;

/** The stream, which must be ACTIVE for a control-plane change (ResourceInUseException otherwise). */
export function requireActiveStream(ctx: Ctx, input: Input, now: number): StreamRow {
  const stream = requireStream(ctx, input, now);
  const status = streamStatus(stream, now)!;
  if (status !== 'ACTIVE') throw streamNotActive(stream.name, ctx.accountId, status);
  return stream;
}

/** Puts the stream into UPDATING until the change completes; returns when that is. */
export function beginUpdate(ctx: Ctx, stream: StreamRow, now: number): number {
  const until = now + LIFECYCLE_MS.updateStream;
  ctx.store.stmt("UPDATE kinesis_streams SET status = 'UPDATING', status_until = ? WHERE id = ?").run(until, stream.id);
  return until;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function newStreamId(): string {
  const bytes = randomBytes(23);
  const pick = (i: number): string => ID_CHARS[bytes[i]! % ID_CHARS.length]!;
  let s = '';
  for (let i = 0; i < 20; i++) s += pick(i);
  return `${s}-${pick(20)}${pick(21)}${pick(22)}`;
}

/** Inserts count shards evenly covering the hash space, opening at openAt. */
function insertInitialShards(ctx: Ctx, streamPk: number, count: number, openAt: number): void {
  const insert = ctx.store.stmt(
    `INSERT INTO kinesis_shards (stream_pk, shard_index, start_hash, end_hash, start_key, end_key, created_at, create_secs)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  evenRanges(count).forEach((r, i) => {
    insert.run(streamPk, i, r.start.toString(), r.end.toString(), keyFromBigInt(r.start), keyFromBigInt(r.end), openAt, Math.floor(openAt / 1000));
  });
}

function onDemandStreamCount(ctx: Ctx, now: number): number {
  const row = ctx.store
    .stmt<[string, string, number], { n: number }>(
      `SELECT count(*) AS n FROM kinesis_streams WHERE account_id = ? AND region = ? AND mode = 'ON_DEMAND'
       AND NOT (status = 'DELETING' AND status_until <= ?)`,
    )
    .get(ctx.accountId, ctx.region, now);
  return row?.n ?? 0;
}

export function createStream(ctx: Ctx, input: Input): Empty {
  validateRequest('CreateStream', input);
  const name = input.StreamName as string;
  const requestedMode = (input.StreamModeDetails as { StreamMode?: StreamMode } | undefined)?.StreamMode;
  const shardCount = input.ShardCount as number | undefined;
  if (requestedMode === 'ON_DEMAND' && shardCount !== undefined) {
    throw validationError('ShardCount is not expected when StreamMode=ON_DEMAND');
  }
  if (requestedMode === 'PROVISIONED' && shardCount === undefined) {
    throw invalidArgument('ShardCount is required when StreamMode=PROVISIONED'); // (unverified)
  }
  // no mode and no shard count: an on-demand stream
  const mode: StreamMode = requestedMode ?? (shardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
  const count = mode === 'ON_DEMAND' ? ON_DEMAND_SHARD_COUNT : shardCount!;
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    sweepDeleted(ctx, now);
    const exists = ctx.store
      .stmt<[string, string, string], { id: number }>('SELECT id FROM kinesis_streams WHERE account_id = ? AND region = ? AND name = ?')
      .get(ctx.accountId, ctx.region, name);
    if (exists) throw streamExists(name, ctx.accountId);
    if (input.WarmThroughputMiBps !== undefined) checkWarmThroughputAllowed(ctx, mode, name, now);
    const creating = ctx.store
      .stmt<[string, string, number], { n: number }>(
        "SELECT count(*) AS n FROM kinesis_streams WHERE account_id = ? AND region = ? AND status = 'CREATING' AND status_until > ?",
      )
      .get(ctx.accountId, ctx.region, now)!.n;
    if (creating >= MAX_CREATING_STREAMS) {
      throw limitExceeded(`Cannot have more than ${MAX_CREATING_STREAMS} streams in the CREATING state.`); // (unverified)
    }
    if (mode === 'PROVISIONED') {
      const open = openProvisionedShardCount(ctx, now);
      const limit = shardLimitFor(ctx.region);
      if (open + count > limit) throw shardLimitExceeded(ctx.accountId, ctx.region, open, limit, count);
    } else if (onDemandStreamCount(ctx, now) >= ON_DEMAND_STREAM_LIMIT) {
      throw limitExceeded(
        `This request would exceed the on-demand stream limit of ${ON_DEMAND_STREAM_LIMIT} for the account ${ctx.accountId} in ${ctx.region}.`, // (unverified)
      );
    }
    const tags = input.Tags as Record<string, string> | undefined;
    if (tags) checkNewTags(ctx, `stream ${name}`, undefined, tags);
    const activeAt = now + LIFECYCLE_MS.createStream;
    const warm = input.WarmThroughputMiBps as number | undefined;
    const info = ctx.store
      .stmt(
        `INSERT INTO kinesis_streams (account_id, region, name, stream_id, created_at, status, status_until, mode,
           retention_hours, max_record_kib, warm_target_mibps, next_shard_index)
         VALUES (?, ?, ?, ?, ?, 'CREATING', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ctx.accountId,
        ctx.region,
        name,
        newStreamId(),
        now,
        activeAt,
        mode,
        DEFAULT_RETENTION_HOURS,
        (input.MaxRecordSizeInKiB as number | undefined) ?? 1024,
        warm ?? null,
        count,
      );
    const streamPk = Number(info.lastInsertRowid);
    insertInitialShards(ctx, streamPk, count, activeAt);
    if (tags) writeTags(ctx, streamOwner(streamPk), tags);
    return {};
  });
}

export function deleteStream(ctx: Ctx, input: Input): Empty {
  validateRequest('DeleteStream', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, input, now);
    const status = streamStatus(stream, now)!;
    if (status === 'CREATING' || status === 'DELETING') throw streamNotActive(stream.name, ctx.accountId, status);
    if (activeConsumerCount(ctx, stream.id, now) > 0) {
      if (input.EnforceConsumerDeletion !== true) {
        throw resourceInUse(
          `Stream ${stream.name} under account ${ctx.accountId} has registered consumers. ` +
            'Deregister them or set EnforceConsumerDeletion to delete the stream.', // (unverified)
        );
      }
      deleteConsumersOf(ctx, stream.id, now);
    }
    ctx.store
      .stmt("UPDATE kinesis_streams SET status = 'DELETING', status_until = ? WHERE id = ?")
      .run(now + LIFECYCLE_MS.deleteStream, stream.id);
    return {};
  });
}

function metricsOf(stream: StreamRow): string[] {
  return JSON.parse(stream.shard_metrics) as string[];
}

function encryptionOf(stream: StreamRow): { EncryptionType: 'NONE' | 'KMS'; KeyId?: string } {
  return stream.enc_type === 'KMS' ? { EncryptionType: 'KMS', KeyId: stream.enc_key! } : { EncryptionType: 'NONE' };
}

export interface StreamDescription {
  StreamName: string;
  StreamARN: string;
  StreamStatus: StreamStatus;
  StreamModeDetails: { StreamMode: StreamMode };
  Shards: ShardOut[];
  HasMoreShards: boolean;
  RetentionPeriodHours: number;
  StreamCreationTimestamp: Date;
  EnhancedMonitoring: { ShardLevelMetrics: string[] }[];
  EncryptionType: 'NONE' | 'KMS';
  KeyId: string | null;
}

export function describeStream(ctx: Ctx, input: Input): { StreamDescription: StreamDescription } {
  validateRequest('DescribeStream', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, input, now);
    const limit = Math.min((input.Limit as number | undefined) ?? DESCRIBE_STREAM_DEFAULT, DESCRIBE_STREAM_DEFAULT);
    const after = input.ExclusiveStartShardId as string | undefined;
    const afterIndex = after === undefined ? -1 : (parseShardId(after) ?? -1);
    const visible = shardsOf(ctx.store, stream.id).filter((s) => shardVisible(s, now, retentionMs(stream)) && s.shard_index > afterIndex);
    const enc = encryptionOf(stream);
    return {
      StreamDescription: {
        StreamName: stream.name,
        StreamARN: streamArnOf(stream),
        StreamStatus: streamStatus(stream, now)!,
        StreamModeDetails: { StreamMode: stream.mode },
        Shards: visible.slice(0, limit).map((s) => shardOut(s, now)),
        HasMoreShards: visible.length > limit,
        RetentionPeriodHours: stream.retention_hours,
        StreamCreationTimestamp: new Date(wholeSecond(stream.created_at)),
        EnhancedMonitoring: [{ ShardLevelMetrics: metricsOf(stream) }],
        EncryptionType: enc.EncryptionType,
        KeyId: enc.KeyId ?? null,
      },
    };
  });
}

function warmThroughputOf(ctx: Ctx, stream: StreamRow, now: number): { TargetMiBps?: number; CurrentMiBps?: number } | undefined {
  if (stream.mode !== 'ON_DEMAND' || stream.warm_target_mibps === null) return undefined;
  const updating = streamStatus(stream, now) === 'UPDATING';
  const current = updating ? (stream.warm_prev_mibps ?? undefined) : stream.warm_target_mibps;
  return { TargetMiBps: stream.warm_target_mibps, ...(current !== undefined ? { CurrentMiBps: current } : {}) };
}

export function describeStreamSummary(ctx: Ctx, input: Input): { StreamDescriptionSummary: Record<string, unknown> } {
  validateRequest('DescribeStreamSummary', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = requireStream(ctx, input, now);
    const open = shardsOf(ctx.store, stream.id).filter((s) => shardOpen(s, now)).length;
    const warm = warmThroughputOf(ctx, stream, now);
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: streamArnOf(stream),
        StreamStatus: streamStatus(stream, now)!,
        StreamModeDetails: { StreamMode: stream.mode },
        RetentionPeriodHours: stream.retention_hours,
        StreamCreationTimestamp: new Date(wholeSecond(stream.created_at)),
        EnhancedMonitoring: [{ ShardLevelMetrics: metricsOf(stream) }],
        ...encryptionOf(stream),
        OpenShardCount: open,
        ConsumerCount: activeConsumerCount(ctx, stream.id, now),
        ...(warm ? { WarmThroughput: warm } : {}),
        MaxRecordSizeInKiB: stream.max_record_kib,
      },
    };
  });
}

interface StreamSummary {
  StreamName: string;
  StreamARN: string;
  StreamStatus: StreamStatus;
  StreamModeDetails: { StreamMode: StreamMode };
  StreamCreationTimestamp: Date;
}

export function listStreams(
  ctx: Ctx,
  input: Input,
): { StreamNames: string[]; HasMoreStreams: boolean; NextToken?: string; StreamSummaries: StreamSummary[] } {
  validateRequest('ListStreams', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const limit = Math.min((input.Limit as number | undefined) ?? LIST_STREAMS_DEFAULT, LIST_STREAMS_DEFAULT);
    let after = input.ExclusiveStartStreamName as string | undefined;
    if (typeof input.NextToken === 'string') after = decodeToken<{ after: string }>(input.NextToken, now).after;
    const rows = ctx.store
      .stmt<[string, string], StreamRow>('SELECT * FROM kinesis_streams WHERE account_id = ? AND region = ? ORDER BY name')
      .all(ctx.accountId, ctx.region)
      .filter((s) => streamStatus(s, now) !== undefined && (after === undefined || s.name > after));
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    return {
      StreamNames: page.map((s) => s.name),
      HasMoreStreams: more,
      ...(more ? { NextToken: encodeToken({ after: page[page.length - 1]!.name }, now) } : {}),
      StreamSummaries: page.map((s) => ({
        StreamName: s.name,
        StreamARN: streamArnOf(s),
        StreamStatus: streamStatus(s, now)!,
        StreamModeDetails: { StreamMode: s.mode },
        StreamCreationTimestamp: new Date(wholeSecond(s.created_at)),
      })),
    };
  });
}

function checkRetentionBounds(hours: number): void {
  if (hours < MIN_RETENTION_HOURS) {
    throw invalidArgument(`Minimum allowed retention period is ${MIN_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too short.`);
  }
  if (hours > MAX_RETENTION_HOURS) {
    throw invalidArgument(`Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too long.`);
  }
}

/** Deletes records that have outlived the stream's current retention period. */
export function purgeExpiredRecords(ctx: Ctx, stream: StreamRow, now: number): void {
  ctx.store
    .stmt('DELETE FROM kinesis_records WHERE shard_pk IN (SELECT id FROM kinesis_shards WHERE stream_pk = ?) AND arrival < ?')
    .run(stream.id, retainedSince(stream, now));
}

export function increaseStreamRetentionPeriod(ctx: Ctx, input: Input): Empty {
  validateRequest('IncreaseStreamRetentionPeriod', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    const hours = input.RetentionPeriodHours as number;
    checkRetentionBounds(hours);
    if (hours < stream.retention_hours) {
      throw invalidArgument(
        `Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than existing retention period (${stream.retention_hours} hours). Use DecreaseRetentionPeriod API.`,
      );
    }
    // records that already expired stay gone: AWS does not bring them back
    purgeExpiredRecords(ctx, stream, now);
    ctx.store.stmt('UPDATE kinesis_streams SET retention_hours = ? WHERE id = ?').run(hours, stream.id);
    return {};
  });
}

export function decreaseStreamRetentionPeriod(ctx: Ctx, input: Input): Empty {
  validateRequest('DecreaseStreamRetentionPeriod', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    const hours = input.RetentionPeriodHours as number;
    checkRetentionBounds(hours);
    if (hours > stream.retention_hours) {
      throw invalidArgument(
        `Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than existing retention period (${stream.retention_hours} hours). Use IncreaseRetentionPeriod API.`,
      );
    }
    ctx.store.stmt('UPDATE kinesis_streams SET retention_hours = ? WHERE id = ?').run(hours, stream.id);
    purgeExpiredRecords(ctx, { ...stream, retention_hours: hours }, now);
    return {};
  });
}

export function updateStreamMode(ctx: Ctx, input: Input): Empty {
  validateRequest('UpdateStreamMode', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    const mode = (input.StreamModeDetails as { StreamMode: StreamMode }).StreamMode;
    if (mode === stream.mode) {
      throw invalidArgument(`Stream ${stream.name} under account ${ctx.accountId} is already in ${mode} mode.`); // (unverified)
    }
    if (input.WarmThroughputMiBps !== undefined) checkWarmThroughputAllowed(ctx, mode, stream.name, now);
    if (countEvents(ctx.store, stream.id, 'mode', now - DAY_MS) >= MODE_SWITCHES_PER_DAY) {
      throw limitExceeded(
        `Stream ${stream.name} under account ${ctx.accountId} has already switched capacity mode ${MODE_SWITCHES_PER_DAY} times in the last 24 hours.`, // (unverified)
      );
    }
    if (mode === 'PROVISIONED') {
      const own = shardsOf(ctx.store, stream.id).filter((s) => s.closed_at === null || s.closed_at > now).length;
      const open = openProvisionedShardCount(ctx, now);
      const limit = shardLimitFor(ctx.region);
      if (open + own > limit) throw shardLimitExceeded(ctx.accountId, ctx.region, open, limit, own);
    } else if (onDemandStreamCount(ctx, now) >= ON_DEMAND_STREAM_LIMIT) {
      throw limitExceeded(
        `This request would exceed the on-demand stream limit of ${ON_DEMAND_STREAM_LIMIT} for the account ${ctx.accountId} in ${ctx.region}.`, // (unverified)
      );
    }
    recordEvent(ctx.store, stream.id, 'mode', now);
    beginUpdate(ctx, stream, now);
    const warm = input.WarmThroughputMiBps as number | undefined;
    ctx.store
      .stmt('UPDATE kinesis_streams SET mode = ?, warm_prev_mibps = NULL, warm_target_mibps = ? WHERE id = ?')
      .run(mode, mode === 'ON_DEMAND' ? (warm ?? null) : null, stream.id);
    return {};
  });
}

/** The encryption records put at time now get. */
export function recordEncryption(stream: StreamRow, now: number): 'NONE' | 'KMS' {
  return now >= stream.enc_effective_at ? stream.enc_type : stream.enc_prev_type;
}

function changeEncryption(ctx: Ctx, op: string, input: Input, target: 'NONE' | 'KMS'): Empty {
  validateRequest(op, input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    if (input.EncryptionType !== 'KMS') {
      throw invalidArgument(`Invalid EncryptionType ${String(input.EncryptionType)}. The only valid EncryptionType is KMS.`); // (unverified)
    }
    const until = beginUpdate(ctx, stream, now);
    ctx.store
      .stmt('UPDATE kinesis_streams SET enc_prev_type = ?, enc_type = ?, enc_key = ?, enc_effective_at = ? WHERE id = ?')
      .run(recordEncryption(stream, now), target, target === 'KMS' ? (input.KeyId as string) : null, until, stream.id);
    return {};
  });
}

export const startStreamEncryption = (ctx: Ctx, input: Input): Empty => changeEncryption(ctx, 'StartStreamEncryption', input, 'KMS');
export const stopStreamEncryption = (ctx: Ctx, input: Input): Empty => changeEncryption(ctx, 'StopStreamEncryption', input, 'NONE');

interface EnhancedMonitoringOutput {
  StreamName: string;
  CurrentShardLevelMetrics: string[];
  DesiredShardLevelMetrics: string[];
  StreamARN: string;
}

function changeMonitoring(ctx: Ctx, op: string, input: Input, enable: boolean): EnhancedMonitoringOutput {
  validateRequest(op, input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    const given = input.ShardLevelMetrics as string[];
    const named = new Set(given.includes('ALL') ? ALL_SHARD_LEVEL_METRICS : given);
    const current = metricsOf(stream);
    const desired = ALL_SHARD_LEVEL_METRICS.filter((m) => (enable ? current.includes(m) || named.has(m) : current.includes(m) && !named.has(m)));
    ctx.store.stmt('UPDATE kinesis_streams SET shard_metrics = ? WHERE id = ?').run(JSON.stringify(desired), stream.id);
    return { StreamName: stream.name, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired, StreamARN: streamArnOf(stream) };
  });
}

export const enableEnhancedMonitoring = (ctx: Ctx, input: Input): EnhancedMonitoringOutput =>
  changeMonitoring(ctx, 'EnableEnhancedMonitoring', input, true);
export const disableEnhancedMonitoring = (ctx: Ctx, input: Input): EnhancedMonitoringOutput =>
  changeMonitoring(ctx, 'DisableEnhancedMonitoring', input, false);

export function updateMaxRecordSize(ctx: Ctx, input: Input): Empty {
  validateRequest('UpdateMaxRecordSize', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    ctx.store.stmt('UPDATE kinesis_streams SET max_record_kib = ? WHERE id = ?').run(input.MaxRecordSizeInKiB as number, stream.id);
    return {};
  });
}

/** Warm throughput needs an on-demand stream and an account with the billing commitment on. */
function checkWarmThroughputAllowed(ctx: Ctx, mode: StreamMode, name: string, now: number): void {
  if (mode !== 'ON_DEMAND') {
    throw validationError(`Warm throughput is only supported for on-demand streams. Stream ${name} under account ${ctx.accountId} is not on-demand.`); // (unverified)
  }
  if (!commitmentActive(accountSettingsRow(ctx), now)) {
    throw validationError(`Warm throughput requires MinimumThroughputBillingCommitment to be enabled for account ${ctx.accountId}.`); // (unverified)
  }
}

const MAX_WARM_MIBPS = 10_240;

export function updateStreamWarmThroughput(
  ctx: Ctx,
  input: Input,
): { StreamARN: string; StreamName: string; WarmThroughput: { TargetMiBps?: number; CurrentMiBps?: number } } {
  validateRequest('UpdateStreamWarmThroughput', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    checkWarmThroughputAllowed(ctx, stream.mode, stream.name, now);
    const target = input.WarmThroughputMiBps as number;
    if (target > MAX_WARM_MIBPS) {
      throw limitExceeded(`Warm throughput cannot exceed ${MAX_WARM_MIBPS} MiBps for an on-demand stream.`); // (unverified)
    }
    const previous = stream.warm_target_mibps;
    beginUpdate(ctx, stream, now);
    ctx.store.stmt('UPDATE kinesis_streams SET warm_prev_mibps = ?, warm_target_mibps = ? WHERE id = ?').run(previous, target, stream.id);
    return {
      StreamARN: streamArnOf(stream),
      StreamName: stream.name,
      WarmThroughput: { TargetMiBps: target, ...(previous !== null ? { CurrentMiBps: previous } : {}) },
    };
  });
}

export function describeLimits(
  ctx: Ctx,
  input: Input,
): { ShardLimit: number; OpenShardCount: number; OnDemandStreamCount: number; OnDemandStreamCountLimit: number } {
  validateRequest('DescribeLimits', input);
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    return {
      ShardLimit: shardLimitFor(ctx.region),
      OpenShardCount: currentlyOpenProvisionedShards(ctx, now),
      OnDemandStreamCount: onDemandStreamCount(ctx, now),
      OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT,
    };
  });
}

interface AccountSettingsRow {
  commitment_status: string;
  commitment_started_at: number | null;
  commitment_ended_at: number | null;
  commitment_earliest_end: number | null;
}

function accountSettingsRow(ctx: Ctx): AccountSettingsRow | undefined {
  return ctx.store
    .stmt<[string, string], AccountSettingsRow>('SELECT * FROM kinesis_account_settings WHERE account_id = ? AND region = ?')
    .get(ctx.accountId, ctx.region);
}

/** ENABLED, ENABLED_UNTIL_EARLIEST_ALLOWED_END (a disable waiting for the 24 h minimum) or DISABLED, at time now. */
function commitmentStatus(row: AccountSettingsRow | undefined, now: number): string {
  if (!row) return 'DISABLED';
  if (row.commitment_status === 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' && row.commitment_earliest_end !== null && now >= row.commitment_earliest_end) {
    return 'DISABLED';
  }
  return row.commitment_status;
}

const commitmentActive = (row: AccountSettingsRow | undefined, now: number): boolean => commitmentStatus(row, now) !== 'DISABLED';

interface CommitmentOut {
  Status: string;
  StartedAt?: Date;
  EndedAt?: Date;
  EarliestAllowedEndAt?: Date;
}

function commitmentOut(row: AccountSettingsRow | undefined, now: number): CommitmentOut {
  const status = commitmentStatus(row, now);
  const out: CommitmentOut = { Status: status };
  if (!row) return out;
  if (row.commitment_started_at !== null) out.StartedAt = new Date(row.commitment_started_at);
  if (status !== 'ENABLED' && row.commitment_ended_at !== null) out.EndedAt = new Date(row.commitment_ended_at);
  if (status !== 'DISABLED' && row.commitment_earliest_end !== null) out.EarliestAllowedEndAt = new Date(row.commitment_earliest_end);
  return out;
}

export function describeAccountSettings(ctx: Ctx, input: Input): { MinimumThroughputBillingCommitment: CommitmentOut } {
  validateRequest('DescribeAccountSettings', input);
  return ctx.store.read(() => ({ MinimumThroughputBillingCommitment: commitmentOut(accountSettingsRow(ctx), ctx.store.clock.now()) }));
}

/** Commitments last at least 24 hours; a disable before then is scheduled for the earliest allowed end. */
export function updateAccountSettings(ctx: Ctx, input: Input): { MinimumThroughputBillingCommitment: CommitmentOut } {
  validateRequest('UpdateAccountSettings', input);
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const wanted = (input.MinimumThroughputBillingCommitment as { Status: 'ENABLED' | 'DISABLED' }).Status;
    const row = accountSettingsRow(ctx);
    const status = commitmentStatus(row, now);
    let next: AccountSettingsRow;
    if (wanted === 'ENABLED') {
      next =
        status === 'DISABLED'
          ? { commitment_status: 'ENABLED', commitment_started_at: now, commitment_ended_at: null, commitment_earliest_end: now + DAY_MS }
          : { ...row!, commitment_status: 'ENABLED', commitment_ended_at: null };
    } else if (status === 'DISABLED') {
      next = row ?? { commitment_status: 'DISABLED', commitment_started_at: null, commitment_ended_at: null, commitment_earliest_end: null };
    } else if (row!.commitment_earliest_end !== null && now < row!.commitment_earliest_end) {
      next = { ...row!, commitment_status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END', commitment_ended_at: row!.commitment_earliest_end };
    } else {
      next = { ...row!, commitment_status: 'DISABLED', commitment_ended_at: now };
    }
    ctx.store
      .stmt(
        `INSERT INTO kinesis_account_settings (account_id, region, commitment_status, commitment_started_at, commitment_ended_at, commitment_earliest_end)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, region) DO UPDATE SET commitment_status = excluded.commitment_status,
           commitment_started_at = excluded.commitment_started_at, commitment_ended_at = excluded.commitment_ended_at,
           commitment_earliest_end = excluded.commitment_earliest_end`,
      )
      .run(ctx.accountId, ctx.region, next.commitment_status, next.commitment_started_at, next.commitment_ended_at, next.commitment_earliest_end);
    return { MinimumThroughputBillingCommitment: commitmentOut(next, now) };
  });
}

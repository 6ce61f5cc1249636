/**
 * What `awsmsg status` shows, gathered through the services' own operations (ListQueues,
 * GetQueueAttributes, ListTopics, ListSubscriptionsByTopic, ListStreams,
 * DescribeStreamSummary, ListShards, ...) and the few functions they export for what no AWS
 * operation tells (the SNS outbox, a stream's records and throttled calls, the KCL lease
 * table). It acts on nothing: like any command it brings what follows from the clock up to
 * date (the SQS reads run in a write transaction that advances message move tasks), but it
 * never sends, receives, deletes or delivers anything.
 */
import type { Ctx } from '../core/context.js';
import { AwsError } from '../core/errors.js';
// the listings completion uses, uncapped here: status shows everything
import { callOperation } from '../core/call.js';
import { queueNameOf, queueUrls, streamSummaries, topicArns } from '../repl/live.js';

type Rec = Record<string, unknown>;

export interface QueueStatus {
  QueueName: string;
  QueueUrl: string;
  Fifo: boolean;
  Visible: number;
  InFlight: number;
  Delayed: number;
  /** the queue its failures go to, and after how many receives */
  DeadLetterQueue?: string;
  MaxReceiveCount?: number;
  /** queues whose failures come here */
  DeadLetterSources?: string[];
  /** the newest message move task out of this queue */
  MoveTask?: { Status: string; Moved: number; ToMove?: number };
}

export interface TopicStatus {
  TopicName: string;
  TopicArn: string;
  Fifo: boolean;
  /** confirmed subscriptions by protocol */
  Subscriptions: Record<string, number>;
  PendingConfirmation: number;
  /** HTTP/S deliveries waiting in the outbox (first attempt or a retry); absent on a remote target */
  OutboxPending?: number;
  OutboxFailed?: number;
}

export interface StreamStatus {
  StreamName: string;
  StreamARN: string;
  Status: string;
  Mode: string;
  OpenShards: number;
  ClosedShards: number;
  RetentionHours: number;
  /** enhanced fan-out consumers */
  Consumers: number;
  /** records within the retention period, over all shards (absent on a remote target: no AWS operation tells) */
  Records?: number;
  /** GetRecords and GetShardIterator calls refused for throughput in the last THROTTLE_WINDOW_MS (absent remotely) */
  ThrottledReads?: number;
  /** records refused for throughput (PutRecord, PutRecords entries) in the last THROTTLE_WINDOW_MS (absent remotely) */
  ThrottledWrites?: number;
}

/** How far back the throttled counts look. */
export const THROTTLE_WINDOW_MS = 5 * 60_000;

export interface ApplicationStatus {
  ApplicationName: string;
  StreamName?: string;
  Leases: number;
  Held: number;
  Expired: number;
  Unassigned: number;
  Finished: number;
  Workers: string[];
  /** records not yet checkpointed, over all leases (absent for a remote stream) */
  LagRecords?: number;
  /** the oldest record not yet checkpointed, in milliseconds (absent for a remote stream) */
  MaxLagMillis?: number;
}

export interface StatusReport {
  /** the state file, or the remote endpoint the report was read from */
  StateFile: string;
  Region: string;
  /** the state file's clock */
  Time: Date;
  Queues: QueueStatus[];
  Topics: TopicStatus[];
  Streams: StreamStatus[];
  Applications: ApplicationStatus[];
}

const num = (v: unknown): number => (v === undefined || v === null || v === '' ? 0 : Number(v));
const lastSegment = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1);

/**
 * A call about a resource just listed: undefined when the service refuses it (the resource
 * was deleted mid-report by another process), so the report shows it with nothing counted.
 * Any other error is a fault and surfaces.
 */
async function unlessGone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof AwsError) return undefined;
    throw e;
  }
}

/**
 * The report. Applications: those named, else every application with leases in the region.
 */
export async function collectStatus(ctx: Ctx, opts: { applications?: string[]; localLeases?: boolean } = {}): Promise<StatusReport> {
  return (await collectStatusWithLeases(ctx, opts)).report;
}

/** A lease as the dashboard draws it (describe-leases' row). */
export interface LeaseView {
  LeaseKey: string;
  LeaseOwner?: string;
  LeaseState: string;
  LagRecords?: number;
}

/**
 * The report, and each application's leases (for the dashboard's leases per worker). On a
 * remote target everything comes through the operations; what only the state file knows
 * (outbox, records held, throttling) is left out, and the KCL lease tables are the local
 * file's, if there is one (localLeases).
 */
export async function collectStatusWithLeases(
  ctx: Ctx,
  opts: { applications?: string[]; localLeases?: boolean } = {},
): Promise<{ report: StatusReport; leases: Map<string, LeaseView[]> }> {
  const remote = ctx.target !== undefined;
  const apps = remote && !opts.localLeases ? [] : await applications(ctx, opts.applications);
  return {
    report: {
      StateFile: remote ? ctx.target!.label : ctx.store.path,
      Region: ctx.region,
      Time: remote ? new Date() : new Date(ctx.store.clock.now()),
      Queues: await queues(ctx),
      Topics: await topics(ctx),
      Streams: await streams(ctx),
      Applications: apps.map((a) => a.status),
    },
    leases: new Map(apps.map((a) => [a.status.ApplicationName, a.leases])),
  };
}

async function queues(ctx: Ctx): Promise<QueueStatus[]> {
  const out: QueueStatus[] = [];
  const byArn = new Map<string, QueueStatus>();
  for (const url of await queueUrls(ctx, Infinity)) {
    const r = await unlessGone(callOperation(ctx, 'sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] }));
    const a = (r?.Attributes ?? {}) as Record<string, string>;
    const q: QueueStatus = {
      QueueName: queueNameOf(url),
      QueueUrl: url,
      Fifo: a.FifoQueue === 'true',
      Visible: num(a.ApproximateNumberOfMessages),
      InFlight: num(a.ApproximateNumberOfMessagesNotVisible),
      Delayed: num(a.ApproximateNumberOfMessagesDelayed),
    };
    if (a.RedrivePolicy) {
      try {
        const p = JSON.parse(a.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: string | number };
        if (p.deadLetterTargetArn) q.DeadLetterQueue = lastSegment(p.deadLetterTargetArn);
        if (p.maxReceiveCount !== undefined) q.MaxReceiveCount = Number(p.maxReceiveCount);
      } catch {
        // a policy SQS accepted is JSON; nothing to show otherwise
      }
    }
    if (a.QueueArn) byArn.set(a.QueueArn, q);
    out.push(q);
  }
  // Dead-letter queues: who sends to them, and the latest redrive out of them.
  for (const q of out) {
    if (!q.DeadLetterQueue) continue;
    const dlq = out.find((d) => d.QueueName === q.DeadLetterQueue);
    if (dlq) (dlq.DeadLetterSources ??= []).push(q.QueueName);
  }
  for (const [arn, q] of byArn) {
    if (!q.DeadLetterSources) continue;
    const r = await unlessGone(callOperation(ctx, 'sqs', 'ListMessageMoveTasks', { SourceArn: arn, MaxResults: 1 }));
    const t = (r?.Results as Rec[] | undefined)?.[0];
    if (t) {
      q.MoveTask = {
        Status: String(t.Status),
        Moved: num(t.ApproximateNumberOfMessagesMoved),
        ...(t.ApproximateNumberOfMessagesToMove !== undefined ? { ToMove: num(t.ApproximateNumberOfMessagesToMove) } : {}),
      };
    }
  }
  return out;
}

async function topics(ctx: Ctx): Promise<TopicStatus[]> {
  const out: TopicStatus[] = [];
  const outbox = ctx.target ? undefined : await outboxCounter(ctx);
  for (const arn of await topicArns(ctx, Infinity)) {
    const attrs = ((await unlessGone(callOperation(ctx, 'sns', 'GetTopicAttributes', { TopicArn: arn })))?.Attributes ?? {}) as Record<string, string>;
    const subs: Rec[] = [];
    let token: string | undefined;
    do {
      const page = await callOperation(ctx, 'sns', 'ListSubscriptionsByTopic', { TopicArn: arn, ...(token ? { NextToken: token } : {}) });
      subs.push(...((page.Subscriptions as Rec[] | undefined) ?? []));
      token = page.NextToken as string | undefined;
    } while (token && subs.length < 10_000);
    const byProtocol: Record<string, number> = {};
    let pending = 0;
    for (const s of subs) {
      if (s.SubscriptionArn === 'PendingConfirmation') pending++;
      else byProtocol[String(s.Protocol)] = (byProtocol[String(s.Protocol)] ?? 0) + 1;
    }
    out.push({
      TopicName: lastSegment(arn),
      TopicArn: arn,
      Fifo: attrs.FifoTopic === 'true',
      Subscriptions: byProtocol,
      PendingConfirmation: attrs.SubscriptionsPending !== undefined ? num(attrs.SubscriptionsPending) : pending,
      ...(outbox ? { OutboxPending: outbox(arn, 'pending'), OutboxFailed: outbox(arn, 'failed') } : {}),
    });
  }
  return out;
}

/** Counts outbox entries by topic and status, through the SNS service's listOutbox. */
async function outboxCounter(ctx: Ctx): Promise<(topicArn: string, status: 'pending' | 'failed') => number> {
  const counts = new Map<string, number>();
  const { listOutbox } = await import('../services/sns/index.js');
  for (const status of ['pending', 'failed'] as const) {
    let afterId = 0;
    for (;;) {
      const page = listOutbox(ctx, { status, afterId, limit: 1000 });
      for (const e of page) {
        const key = `${status} ${e.TopicArn ?? ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (page.length < 1000) break;
      afterId = page[page.length - 1]!.Id;
    }
  }
  return (topicArn, status) => counts.get(`${status} ${topicArn}`) ?? 0;
}

async function streams(ctx: Ctx): Promise<StreamStatus[]> {
  const out: StreamStatus[] = [];
  const local = ctx.target ? undefined : await import('../services/kinesis/index.js');
  for (const s of await streamSummaries(ctx, Infinity)) {
    const sum = ((await unlessGone(callOperation(ctx, 'kinesis', 'DescribeStreamSummary', { StreamARN: s.arn })))?.StreamDescriptionSummary ??
      {}) as Rec;
    let open = 0;
    let closed = 0;
    let token: string | undefined;
    do {
      const page = await unlessGone(callOperation(ctx, 'kinesis', 'ListShards', token ? { NextToken: token } : { StreamARN: s.arn }));
      for (const sh of (page?.Shards as Rec[] | undefined) ?? []) {
        const range = sh.SequenceNumberRange as Rec | undefined;
        if (range?.EndingSequenceNumber !== undefined) closed++;
        else open++;
      }
      token = page?.NextToken as string | undefined;
    } while (token);
    const throttled = local?.throttledCalls(ctx, s.name, THROTTLE_WINDOW_MS);
    out.push({
      StreamName: s.name,
      StreamARN: s.arn,
      Status: String(sum.StreamStatus ?? '?'),
      Mode: String((sum.StreamModeDetails as Rec | undefined)?.StreamMode ?? '?'),
      OpenShards: open,
      ClosedShards: closed,
      RetentionHours: num(sum.RetentionPeriodHours),
      Consumers: num(sum.ConsumerCount),
      ...(local
        ? { Records: local.streamRecordCount(ctx, s.name) ?? 0, ThrottledReads: throttled?.Reads ?? 0, ThrottledWrites: throttled?.Writes ?? 0 }
        : {}),
    });
  }
  return out;
}

/** KCL applications: the names given, else all of the region's lease table. */
async function applications(ctx: Ctx, names: string[] | undefined): Promise<{ status: ApplicationStatus; leases: LeaseView[] }[]> {
  const { describeLeases, listApplications } = await import('../kcl/describe.js');
  const chosen = names && names.length > 0 ? names : listApplications(ctx);
  return chosen.map((name) => {
    const view = describeLeases(ctx, { applicationName: name });
    const count = (state: string) => view.Leases.filter((l) => l.LeaseState === state).length;
    const workers = [...new Set(view.Leases.filter((l) => l.LeaseState === 'HELD' && l.LeaseOwner).map((l) => l.LeaseOwner!))].sort();
    const status: ApplicationStatus = {
      ApplicationName: name,
      ...(view.StreamName ? { StreamName: view.StreamName } : {}),
      Leases: view.Leases.length,
      Held: count('HELD'),
      Expired: count('EXPIRED'),
      Unassigned: count('UNASSIGNED'),
      Finished: count('FINISHED'),
      Workers: workers,
      ...(ctx.target
        ? {}
        : {
            LagRecords: view.Leases.reduce((a, l) => a + (l.LagRecords ?? 0), 0),
            MaxLagMillis: view.Leases.reduce((a, l) => Math.max(a, l.LagMillis ?? 0), 0),
          }),
    };
    const leases = view.Leases.map((l) => ({ LeaseKey: l.LeaseKey, LeaseOwner: l.LeaseOwner, LeaseState: l.LeaseState, LagRecords: l.LagRecords }));
    return { status, leases };
  });
}

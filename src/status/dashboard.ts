/**
 * `awsmsg status` on a terminal: a dashboard that fits the terminal's width and height.
 *
 * - Queues: visible and in-flight counts, and each one's trend as a sparkline. The trends come
 *   from samples that `status --watch` keeps in the state file (meta row `status:queue-samples`):
 *   one per queue per SAMPLE_MS of the state file's clock, the last KEEP_SAMPLES of them. A
 *   one-off `status` shows the samples there are and writes none.
 * - Streams: each shard's slice of the hash key space as a bar, the records put in the last
 *   minute (counted from the records' arrival times) and the calls and records refused in the
 *   last 5 minutes, so that a hot shard stands out.
 * - Consumer applications: the leases each worker holds, and their lag.
 * - Topics: subscriptions, pending confirmations and the outbox.
 *
 * Plain `status` without a terminal, and `--output`, keep the tables of render.ts.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ctx } from '../core/context.js';
import type { Store } from '../store/db.js';
import type { ShardActivity } from '../services/kinesis/index.js';
import { collectStatusWithLeases, THROTTLE_WINDOW_MS, type LeaseView, type QueueStatus, type StatusReport, type StreamStatus } from './collect.js';
import { bar, cut, fitHeight, keyRange, middle, sparkline, table, type Column, type Section } from './fit.js';

/** one queue sample per this much of the state file's clock */
export const SAMPLE_MS = 10_000;
/** how many samples a queue keeps: 5 minutes */
export const KEEP_SAMPLES = 30;
const SAMPLES_KEY = 'status:queue-samples';
/** the window of "records put" per shard */
export const PUT_WINDOW_MS = 60_000;
/** at most this many of a shard's newest records are looked at to count the puts of the window */
const PUT_CAP = 60_000;

/** [bucket (clock / SAMPLE_MS), visible, in flight] */
type Sample = [number, number, number];
export type QueueSamples = Record<string, Sample[]>;

/** The queue samples the state file holds (by queue URL). */
export function readQueueSamples(store: Store): QueueSamples {
  const row = store.stmt<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(SAMPLES_KEY);
  if (!row) return {};
  try {
    const parsed = JSON.parse(row.value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as QueueSamples) : {};
  } catch {
    return {}; // samples are a convenience: a damaged row starts them afresh
  }
}

/**
 * Adds the queues' counts at time now to their samples (one per SAMPLE_MS: a later sample of
 * the same period replaces it), drops samples older than KEEP_SAMPLES periods and queues that
 * are gone. One write transaction.
 */
export function recordQueueSamples(store: Store, queues: QueueStatus[], now: number): void {
  const bucket = Math.floor(now / SAMPLE_MS);
  store.write(() => {
    const old = readQueueSamples(store);
    const next: QueueSamples = {};
    for (const q of queues) {
      const kept = (old[q.QueueUrl] ?? []).filter((s) => s[0] > bucket - KEEP_SAMPLES && s[0] < bucket);
      kept.push([bucket, q.Visible, q.InFlight]);
      next[q.QueueUrl] = kept;
    }
    store
      .stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(SAMPLES_KEY, JSON.stringify(next));
  });
}

export interface DashboardData {
  report: StatusReport;
  /** each application's leases */
  leases: Map<string, LeaseView[]>;
  samples: QueueSamples;
  /** each stream's shards, by stream name */
  shards: Map<string, ShardActivity[]>;
  /** the state file's clock */
  now: number;
}

/** Gathers what the dashboard draws; with `sample`, first records the queues' samples (status --watch). */
export async function collectDashboard(ctx: Ctx, opts: { applications?: string[]; sample: boolean }): Promise<DashboardData> {
  const { report, leases } = await collectStatusWithLeases(ctx, opts);
  const now = report.Time.getTime();
  if (opts.sample) recordQueueSamples(ctx.store, report.Queues, now);
  const shards = new Map<string, ShardActivity[]>();
  if (report.Streams.length > 0) {
    const { shardActivity } = await import('../services/kinesis/index.js');
    for (const s of report.Streams) {
      shards.set(s.StreamName, shardActivity(ctx, s.StreamName, { putWindowMs: PUT_WINDOW_MS, throttleWindowMs: THROTTLE_WINDOW_MS, putCap: PUT_CAP }) ?? []);
    }
  }
  return { report, leases, samples: readQueueSamples(ctx.store), shards, now };
}

export interface DashboardOptions {
  width: number;
  height: number;
  color: boolean;
  /** the home directory, for showing the state file as ~/... */
  home?: string;
}

/** A count; '-' where it is not known (what only a local state file can tell, on a remote target). */
const num = (n: number | undefined): string => (n === undefined ? '-' : n.toLocaleString('en-US'));
const plural = (n: number | undefined, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

/** The dashboard's lines, none wider than the width, no more of them than the height. */
export function renderDashboard(d: DashboardData, opts: DashboardOptions): string[] {
  const width = Math.max(20, opts.width);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const path = opts.home && d.report.StateFile.startsWith(`${opts.home}/`) ? `~${d.report.StateFile.slice(opts.home.length)}` : d.report.StateFile;
  const time = d.report.Time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const fixed = `awsmsg status    ${d.report.Region}  ${time}`;
  const head = [c.bold(`awsmsg status  ${middle(path, Math.max(8, width - fixed.length))}  ${d.report.Region}  ${time}`.slice(0, width))];
  const sections: Section[] = [
    queuesSection(d, width, c),
    streamsSection(d, width, c),
    ...(d.report.Applications.length > 0 ? [applicationsSection(d, width, c)] : []),
    topicsSection(d, width, c),
  ];
  return fitHeight(head, sections, Math.max(1, opts.height), (n) => c.dim(cut(`  … ${plural(n, 'more line')} (a taller terminal, or awsmsg status --output table, shows all)`, width)));
}

function title(c: ChalkInstance, width: number, name: string, n: number, note?: string): string {
  const t = cut(`${name} (${n})`, width);
  const rest = note && t.length + 3 < width ? cut(`  ${note}`, width - t.length) : '';
  return c.bold(t) + (rest ? c.dim(rest) : '');
}

// ---------------------------------------------------------------- queues

function series(samples: Sample[] | undefined, now: number, pick: 1 | 2): (number | undefined)[] {
  const bucket = Math.floor(now / SAMPLE_MS);
  const byBucket = new Map((samples ?? []).map((s) => [s[0], s[pick]]));
  return Array.from({ length: KEEP_SAMPLES }, (_, i) => byBucket.get(bucket - KEEP_SAMPLES + 1 + i));
}

function queuesSection(d: DashboardData, width: number, c: ChalkInstance): Section {
  const queues = d.report.Queues;
  const trends = queues.some((q) => (d.samples[q.QueueUrl]?.length ?? 0) > 0);
  // each count followed by its trend (when there are samples), untitled: the count's title covers it
  const spark = (pick: 1 | 2): Column<QueueStatus> => ({
    title: '',
    priority: 2,
    flex: { min: 6, comfortable: 12, max: KEEP_SAMPLES },
    cell: (q, w) => sparkline(series(d.samples[q.QueueUrl], d.now, pick), w),
    paint: (t) => (pick === 1 ? c.cyan(t) : c.yellow(t)),
  });
  const columns: Column<QueueStatus>[] = [
    { title: 'Queue', priority: 1, flex: { min: 8, comfortable: 18, max: 48 }, cell: (q, w) => middle(q.QueueName, w) },
    { title: 'Visible', priority: 1, align: 'right', cell: (q) => num(q.Visible) },
    ...(trends ? [spark(1)] : []),
    { title: 'In flight', priority: 1, align: 'right', cell: (q) => num(q.InFlight) },
    ...(trends ? [spark(2)] : []),
  ];
  columns.push(
    { title: 'Delayed', priority: 3, align: 'right', cell: (q) => num(q.Delayed) },
    {
      title: 'Dead letters',
      priority: 4,
      flex: { min: 8, comfortable: 16, max: 40 },
      cell: (q, w) =>
        q.DeadLetterQueue
          ? `→ ${middle(q.DeadLetterQueue, Math.max(1, w - 2 - String(q.MaxReceiveCount ?? '').length - 2))} ×${q.MaxReceiveCount ?? '?'}`
          : q.DeadLetterSources
            ? `← ${middle(q.DeadLetterSources.join(', '), Math.max(1, w - 2))}`
            : '',
    },
    { title: 'Redrive', priority: 5, cell: (q) => (q.MoveTask ? `${q.MoveTask.Status} ${q.MoveTask.Moved}${q.MoveTask.ToMove !== undefined ? `/${q.MoveTask.ToMove}` : ''}` : '') },
  );
  const note = trends ? `trends: a mark per ${SAMPLE_MS / 1000} s of the clock, newest on the right` : undefined;
  const lines = queues.length ? table(columns, queues, width, (h) => c.dim(h)) : [];
  return { title: title(c, width, 'Queues', queues.length, note), rows: lines, trimOrder: 1 };
}

// ---------------------------------------------------------------- streams

/** The parts that fit in width, in order, two spaces apart; the first shortened to fit if need be. */
function pack(parts: string[], width: number): string {
  let line = middle(parts[0]!, width);
  for (const p of parts.slice(1)) if (line.length + 2 + p.length <= width) line += `  ${p}`;
  return line;
}

function streamLine(s: StreamStatus, width: number, c: ChalkInstance): string {
  // most telling first; a part that does not fit is left out, the name shortened if it alone does not fit
  const parts = [
    s.StreamName,
    s.Status,
    ...(s.ThrottledWrites || s.ThrottledReads ? [`refused: ${plural(s.ThrottledWrites, 'put')}, ${plural(s.ThrottledReads, 'read')} (5 min)`] : []),
    `${plural(s.OpenShards, 'shard')}${s.ClosedShards ? ` (+${num(s.ClosedShards)} closed)` : ''}`,
    plural(s.Records, 'record'),
    s.Mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned',
    ...(s.Consumers ? [plural(s.Consumers, 'fan-out consumer')] : []),
    `retention ${s.RetentionHours} h`,
  ];
  const line = pack(parts, width);
  return line.replace(s.StreamName, c.bold(s.StreamName)).replace(/refused: .*? \(5 min\)/, (m) => c.red(m));
}

function streamsSection(d: DashboardData, width: number, c: ChalkInstance): Section {
  const rows: string[] = [];
  for (const s of d.report.Streams) {
    rows.push(streamLine(s, width, c));
    const shards = d.shards.get(s.StreamName) ?? [];
    if (shards.length === 0) continue;
    const busiest = Math.max(...shards.map((sh) => sh.RecordsPut));
    const hot = (sh: ShardActivity) => sh.ThrottledWrites > 0;
    const columns: Column<ShardActivity>[] = [
      { title: 'Shard', priority: 1, flex: { min: 7, comfortable: 20, max: 20 }, cell: (sh, w) => middle(sh.ShardId, w) },
      {
        title: 'Hash keys',
        priority: 1,
        flex: { min: 8, comfortable: 16, max: 32 },
        cell: (sh, w) => keyRange(BigInt(sh.StartingHashKey), BigInt(sh.EndingHashKey), w),
        paint: (t, sh) => (hot(sh) ? c.red(t) : sh.Open ? c.cyan(t) : c.dim(t)),
      },
      { title: 'Put/min', priority: 1, align: 'right', cell: (sh) => num(sh.RecordsPut) },
      { title: 'Load', priority: 3, flex: { min: 4, comfortable: 10, max: 20 }, cell: (sh, w) => bar(sh.RecordsPut, busiest, w), paint: (t, sh) => (hot(sh) ? c.red(t) : c.green(t)) },
      { title: 'Refused puts', priority: 2, align: 'right', cell: (sh) => (sh.ThrottledWrites ? num(sh.ThrottledWrites) : ''), paint: (t) => c.red(t) },
      { title: 'Refused reads', priority: 4, align: 'right', cell: (sh) => (sh.ThrottledReads ? num(sh.ThrottledReads) : ''), paint: (t) => c.red(t) },
      { title: '', priority: 3, cell: (sh) => (sh.Open ? '' : 'closed') },
    ];
    // indented under the stream's line
    rows.push(...table(columns, shards, width - 2, (h) => c.dim(h)).map((l) => `  ${l}`));
  }
  const note = 'put/min: in the last minute; refused: in the last 5 minutes';
  return { title: title(c, width, 'Streams', d.report.Streams.length, d.report.Streams.length ? note : undefined), rows, trimOrder: 2 };
}

// ---------------------------------------------------------------- consumer applications

interface WorkerRow {
  worker: string;
  leases: LeaseView[];
  expired: boolean;
}

function applicationsSection(d: DashboardData, width: number, c: ChalkInstance): Section {
  const rows: string[] = [];
  for (const a of d.report.Applications) {
    const parts = [
      a.ApplicationName,
      ...(a.StreamName ? [`stream ${a.StreamName}`] : []),
      `${plural(a.Leases, 'lease')}: ${num(a.Held)} held${a.Expired ? `, ${num(a.Expired)} expired` : ''}${a.Unassigned ? `, ${num(a.Unassigned)} unassigned` : ''}${a.Finished ? `, ${num(a.Finished)} finished` : ''}`,
      `lag ${plural(a.LagRecords, 'record')}, ${num(a.MaxLagMillis)} ms`,
    ];
    rows.push(pack(parts, width).replace(a.ApplicationName, c.bold(a.ApplicationName)));
    const leases = d.leases.get(a.ApplicationName) ?? [];
    const byWorker = new Map<string, WorkerRow>();
    for (const l of leases) {
      if (l.LeaseState === 'FINISHED') continue;
      const key = l.LeaseOwner ? `${l.LeaseOwner}\0${l.LeaseState}` : '\0unassigned';
      const row = byWorker.get(key) ?? { worker: l.LeaseOwner ?? '(no owner)', leases: [], expired: l.LeaseState === 'EXPIRED' };
      row.leases.push(l);
      byWorker.set(key, row);
    }
    const workers = [...byWorker.values()].sort((x, y) => x.worker.localeCompare(y.worker));
    if (workers.length === 0) continue;
    const most = Math.max(...workers.map((w) => w.leases.length));
    const lag = (w: WorkerRow) => w.leases.reduce((n, l) => n + (l.LagRecords ?? 0), 0);
    const columns: Column<WorkerRow>[] = [
      { title: 'Worker', priority: 1, flex: { min: 6, comfortable: 14, max: 36 }, cell: (w, n) => middle(w.worker, n) },
      { title: '', priority: 2, flex: { min: 1, comfortable: Math.min(8, most), max: Math.min(8, most) }, cell: (w, n) => bar(w.leases.length, most, n), paint: (t, w) => (w.expired || w.worker === '(no owner)' ? c.red(t) : c.green(t)) },
      { title: 'Leases', priority: 1, cell: (w) => `${plural(w.leases.length, 'lease')}${w.expired ? ' (expired)' : ''}` },
      { title: 'Lag', priority: 1, align: 'right', cell: (w) => `lag ${num(lag(w))}` },
      {
        title: 'Shards',
        priority: 3,
        flex: { min: 10, comfortable: 24, max: 200 },
        cell: (w, n) => cut(w.leases.map((l) => l.LeaseKey).sort().join(', '), n),
      },
    ];
    rows.push(...table(columns, workers, width - 2).slice(1).map((l) => `  ${l}`));
  }
  return { title: title(c, width, 'Consumer applications', d.report.Applications.length, 'leases per worker'), rows, trimOrder: 3 };
}

// ---------------------------------------------------------------- topics

function topicsSection(d: DashboardData, width: number, c: ChalkInstance): Section {
  const topics = d.report.Topics;
  const subs = (s: Record<string, number>) =>
    Object.entries(s)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([p, n]) => `${p} ${n}`)
      .join(', ');
  const columns: Column<(typeof topics)[number]>[] = [
    { title: 'Topic', priority: 1, flex: { min: 8, comfortable: 18, max: 48 }, cell: (t, w) => middle(t.TopicName, w) },
    { title: 'Subscriptions', priority: 1, flex: { min: 8, comfortable: 16, max: 40 }, cell: (t, w) => cut(subs(t.Subscriptions) || '-', w) },
    { title: 'Unconfirmed', priority: 2, align: 'right', cell: (t) => num(t.PendingConfirmation) },
    { title: 'Outbox pending', priority: 3, align: 'right', cell: (t) => num(t.OutboxPending) },
    { title: 'failed', priority: 3, align: 'right', cell: (t) => num(t.OutboxFailed), paint: (s, t) => (t.OutboxFailed ? c.red(s) : s) },
  ];
  const lines = topics.length ? table(columns, topics, width, (h) => c.dim(h)) : [];
  return { title: title(c, width, 'Topics', topics.length), rows: lines, trimOrder: 4 };
}

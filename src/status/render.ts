/** The status report as terminal tables (cli-table3), one per kind of resource. */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { THROTTLE_WINDOW_MS, type StatusReport } from './collect.js';

export interface RenderOptions {
  color: boolean;
}

function table(head: string[], rows: (string | number)[][], c: ChalkInstance, color: boolean): string {
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: color ? ['grey'] : [], 'padding-left': 1, 'padding-right': 1 },
    // no rule between rows: one line per resource
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // numbers to the right, words to the left
    colAligns: head.map((_, i) => (rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === dash) ? 'right' : 'left')),
  });
  for (const r of rows) t.push(r);
  return t.toString();
}

const dash = '-';
const protocols = (subs: Record<string, number>): string =>
  Object.entries(subs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, n]) => `${p} ${n}`)
    .join(', ') || dash;

export function renderStatus(report: StatusReport, opts: RenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const parts: string[] = [];
  parts.push(`${c.bold('awsmsg status')}  ${report.StateFile}  ${report.Region}  ${report.Time.toISOString()}`);

  parts.push(c.bold(`\nQueues (${report.Queues.length})`));
  if (report.Queues.length) {
    parts.push(
      table(
        ['Queue', 'Visible', 'In flight', 'Delayed', 'Dead-letter queue', 'Max receives', 'Redrive'],
        report.Queues.map((q) => [
          q.QueueName,
          q.Visible,
          q.InFlight,
          q.Delayed,
          q.DeadLetterQueue ?? (q.DeadLetterSources ? `(DLQ of ${q.DeadLetterSources.join(', ')})` : dash),
          q.MaxReceiveCount ?? dash,
          q.MoveTask ? `${q.MoveTask.Status} ${q.MoveTask.Moved}${q.MoveTask.ToMove !== undefined ? `/${q.MoveTask.ToMove}` : ''}` : dash,
        ]),
        c,
        opts.color,
      ),
    );
  }

  parts.push(c.bold(`\nTopics (${report.Topics.length})`));
  if (report.Topics.length) {
    parts.push(
      table(
        ['Topic', 'Subscriptions', 'Pending confirmation', 'Outbox pending', 'Outbox failed'],
        report.Topics.map((t) => [t.TopicName, protocols(t.Subscriptions), t.PendingConfirmation, t.OutboxPending ?? dash, t.OutboxFailed ?? dash]),
        c,
        opts.color,
      ),
    );
  }

  parts.push(c.bold(`\nStreams (${report.Streams.length})`));
  if (report.Streams.length) {
    parts.push(
      table(
        ['Stream', 'Status', 'Mode', 'Open shards', 'Closed shards', 'Retention (h)', 'EFO consumers', 'Records', 'Throttled reads', 'Throttled writes'],
        report.Streams.map((s) => [
          s.StreamName,
          s.Status,
          s.Mode,
          s.OpenShards,
          s.ClosedShards,
          s.RetentionHours,
          s.Consumers,
          s.Records ?? dash,
          s.ThrottledReads ?? dash,
          s.ThrottledWrites ?? dash,
        ]),
        c,
        opts.color,
      ),
    );
    if (report.Streams.some((s) => s.ThrottledReads !== undefined)) parts.push(`Throttled: calls (reads) and records (writes) refused for throughput in the last ${THROTTLE_WINDOW_MS / 60_000} minutes.`);
  }

  if (report.Applications.length) {
    parts.push(c.bold(`\nConsumer applications (${report.Applications.length})`));
    parts.push(
      table(
        ['Application', 'Leases', 'Held', 'Expired', 'Unassigned', 'Finished', 'Workers', 'Lag (records)', 'Lag (ms)'],
        report.Applications.map((a) => [
          a.ApplicationName,
          a.Leases,
          a.Held,
          a.Expired,
          a.Unassigned,
          a.Finished,
          a.Workers.join(', ') || dash,
          a.LagRecords ?? dash,
          a.MaxLagMillis ?? dash,
        ]),
        c,
        opts.color,
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}

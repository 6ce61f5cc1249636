/**
 * HTTP/S deliveries, performed after the publishing transaction has committed.
 *
 * Publish, Subscribe and Unsubscribe leave 'pending' outbox entries; `runDueDeliveries` claims
 * the ones due (a lease in a write transaction, so two processes never take the same entry),
 * POSTs them with a bounded timeout, and records each outcome: delivered (any 2xx-4xx answer
 * but 429, as AWS counts them), or failed and due again after the delay the effective delivery policy
 * gives — on the state file's clock, so a later invocation carries retries on. A notification
 * that exhausts its policy goes to the subscription's dead-letter queue when it has one.
 */
import { randomUUID } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import { attributesFromJson } from './delivery.js';
import { effectiveSubscriptionDeliveryPolicy, retryDelaysSeconds, DEFAULT_HEALTHY_RETRY_POLICY } from './deliveryPolicy.js';
import type { OutboxStatus, OutboxType } from './outbox.js';
import { findSubscription, findTopic } from './records.js';
import { deliverToQueue } from './sqsBridge.js';
import { deadLetterQueueOf } from './subscriptionAttributes.js';

export interface RunDeliveriesOptions {
  /** timeout of one HTTP attempt (AWS: 15 s) */
  attemptTimeoutMs?: number;
  /** requests in flight at once */
  concurrency?: number;
  /** stop starting attempts after this many milliseconds of real time (default: no limit) */
  budgetMs?: number;
  /** verify HTTPS certificates (AWS does; default true) */
  rejectUnauthorized?: boolean;
  /** only the context's region (default: every region of the file) */
  regionOnly?: boolean;
}

export interface RunDeliveriesResult {
  attempted: number;
  delivered: number;
  /** attempts that failed and are due again later */
  retrying: number;
  /** deliveries that exhausted their policy without a dead-letter queue */
  failed: number;
  deadLettered: number;
  /** pending deliveries left in the file, and when the next is due (ISO 8601) */
  pending: number;
  nextDueAt?: string;
}

interface PendingRow {
  id: number;
  protocol: string;
  endpoint: string;
  topic_arn: string | null;
  subscription_arn: string | null;
  type: OutboxType;
  body: string;
  headers: string | null;
  message_attributes: string | null;
  attempts: number;
}

interface AttemptResult {
  row: PendingRow;
  ok: boolean;
  statusCode?: number;
  error?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const LEASE_MARGIN_MS = 5_000;

/** Real time (the file's clock less its offset): leases must not expire when the clock is advanced. */
const realNow = (ctx: Ctx): number => ctx.store.clock.now() - ctx.store.clock.offset();

export async function runDueDeliveries(ctx: Ctx, opts: RunDeliveriesOptions = {}): Promise<RunDeliveriesResult> {
  const timeout = opts.attemptTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const started = realNow(ctx);
  const result: RunDeliveriesResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0, deadLettered: 0, pending: 0 };
  const attemptedIds = new Set<number>();
  for (;;) {
    if (opts.budgetMs !== undefined && realNow(ctx) - started >= opts.budgetMs) break;
    if (ctx.signal?.aborted) break; // the rest stay due for the next command
    const claim = randomUUID();
    const rows = claimDue(ctx, claim, concurrency, timeout + LEASE_MARGIN_MS, opts.regionOnly);
    if (rows.length === 0) break;
    const attempts = await Promise.all(rows.map((row) => attempt(row, timeout, opts.rejectUnauthorized ?? true)));
    ctx.store.write(() => {
      for (const a of attempts) {
        attemptedIds.add(a.row.id);
        result.attempted++;
        const status = recordAttempt(ctx, claim, a);
        if (status === 'delivered') result.delivered++;
        else if (status === 'pending') result.retrying++;
        else if (status === 'dead-lettered') result.deadLettered++;
        else if (status === 'failed') result.failed++;
      }
    });
  }
  const left = ctx.store
    .stmt<[], { n: number; next: number | null }>(
      "SELECT count(*) AS n, min(next_attempt_at) AS next FROM sns_outbox WHERE status = 'pending'",
    )
    .get()!;
  result.pending = left.n;
  if (left.next !== null) result.nextDueAt = new Date(left.next).toISOString();
  return result;
}

function claimDue(ctx: Ctx, claim: string, limit: number, leaseMs: number, regionOnly?: boolean): PendingRow[] {
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const real = realNow(ctx);
    const rows = ctx.store
      .stmt<[number, number, string, string, number], PendingRow>(
        `SELECT id, protocol, endpoint, topic_arn, subscription_arn, type, body, headers, message_attributes, attempts
           FROM sns_outbox
          WHERE status = 'pending' AND next_attempt_at <= ?
            AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
            AND (? = '' OR region = ?)
          ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(now, real, regionOnly ? ctx.region : '', ctx.region, limit);
    const mark = ctx.store.stmt('UPDATE sns_outbox SET claim_token = ?, claim_expires_at = ? WHERE id = ?');
    for (const r of rows) mark.run(claim, real + leaseMs, r.id);
    return rows;
  });
}

/** One POST, bounded by the timeout; never throws. */
function attempt(row: PendingRow, timeoutMs: number, rejectUnauthorized: boolean): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(row.endpoint);
    } catch {
      resolve({ row, ok: false, error: 'invalid endpoint URL' });
      return;
    }
    const body = Buffer.from(row.body, 'utf8');
    const headers: Record<string, string | number> = { ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}) };
    headers['Content-Length'] = body.length;
    // (loaded only when a delivery is made: Node's HTTP client brings streams, net and TLS)
    const send = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http').request;
    let settled = false;
    const done = (r: Omit<AttemptResult, 'row'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ row, ...r });
    };
    const req = send(url, { method: 'POST', headers, agent: false, rejectUnauthorized }, (res) => {
      res.resume(); // the answer's body does not matter
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        // AWS retries 5xx and 429 (Too Many Requests), timeouts and connection errors; any other answer ends the delivery
        const retryable = code >= 500 || code === 429 || code < 200;
        done({ ok: !retryable, statusCode: code, error: retryable ? `HTTP ${code}` : undefined });
      });
      res.on('error', (e) => done({ ok: false, statusCode: res.statusCode, error: e.message }));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e) => done({ ok: false, error: e.message }));
    req.end(body);
  });
}

/** Records an attempt's outcome (if our claim still holds) and returns the entry's new status. */
function recordAttempt(ctx: Ctx, claim: string, a: AttemptResult): OutboxStatus | undefined {
  const held = ctx.store
    .stmt<[number, string], { attempts: number }>("SELECT attempts FROM sns_outbox WHERE id = ? AND claim_token = ? AND status = 'pending'")
    .get(a.row.id, claim);
  if (!held) return undefined;
  const now = ctx.store.clock.now();
  const attempts = held.attempts + 1;
  const finish = (status: OutboxStatus, error?: string): OutboxStatus => {
    ctx.store
      .stmt(
        `UPDATE sns_outbox SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, completed_at = ?,
           next_attempt_at = NULL, claim_token = NULL, claim_expires_at = NULL WHERE id = ?`,
      )
      .run(status, attempts, a.statusCode ?? null, error ?? null, now, a.row.id);
    return status;
  };
  if (a.ok) return finish('delivered');
  const sub = a.row.subscription_arn ? findSubscription(ctx, a.row.subscription_arn) : undefined;
  if (!sub && a.row.type === 'Notification') return finish('cancelled', a.error);
  const topic = a.row.topic_arn ? findTopic(ctx, a.row.topic_arn) : undefined;
  const healthy =
    sub && (sub.protocol === 'http' || sub.protocol === 'https')
      ? effectiveSubscriptionDeliveryPolicy(sub.attributes.DeliveryPolicy, topic?.attributes.DeliveryPolicy, sub.protocol)
          .healthyRetryPolicy!
      : DEFAULT_HEALTHY_RETRY_POLICY;
  const delays = retryDelaysSeconds(healthy);
  if (attempts - 1 < delays.length) {
    ctx.store
      .stmt(
        `UPDATE sns_outbox SET attempts = ?, last_status_code = ?, last_error = ?, next_attempt_at = ?,
           claim_token = NULL, claim_expires_at = NULL WHERE id = ?`,
      )
      .run(attempts, a.statusCode ?? null, a.error ?? null, now + delays[attempts - 1]! * 1000, a.row.id);
    return 'pending';
  }
  // exhausted: notifications go to the dead-letter queue (confirmations never do)
  const dlq = sub && a.row.type === 'Notification' ? deadLetterQueueOf(sub) : undefined;
  if (dlq) {
    const res = deliverToQueue(ctx, dlq, {
      body: a.row.body,
      messageAttributes: a.row.message_attributes ? attributesFromJson(JSON.parse(a.row.message_attributes)) : undefined,
    });
    if (res.ok) return finish('dead-lettered', a.error);
    return finish('failed', `${a.error}; dead-letter queue ${dlq}: ${res.error.code}: ${res.error.message}`);
  }
  return finish('failed', a.error);
}

/**
 * ReceiveMessage: choosing messages (oldest visible first, or now and then out of order with
 * standard-queue realism on; FIFO by group, in order, never past a message still in flight), dead-letter redrive past maxReceiveCount, new receipt handles,
 * ReceiveRequestAttemptId replays, attribute filters — and long polling across processes.
 */
import { setOwn } from '../../core/objects.js';
import { sleep } from '../../core/sleep.js';
import type { Ctx } from '../../core/context.js';
import type { Store } from '../../store/db.js';
import { signDeferred } from '../sns/signatures.js';
import { ALL_ATTRIBUTE_NAMES } from './attributes.js';
import { invalidValue, overLimitInFlight, unknownAttribute } from './errors.js';
import { optionalInteger, stringList, type Input } from './input.js';
import { md5OfAttributes, type AttributeValue } from './md5.js';
import { checkFifoId, deserialiseAttributes, md5OfBody } from './messageInput.js';
import { countInFlight, isExpired, moveMessage, systemOf, type MessageRow } from './messages.js';
import { queueTopic } from './enqueue.js';
import { MAX_VISIBILITY_TIMEOUT } from './messageOps.js';
import { inTransaction } from './queueOps.js';
import { pickCandidates, realism, receiveLeavesACopy, REORDER_WINDOW } from './realism.js';
import { findQueueByArn, requireQueue, type QueueRow } from './queues.js';
import { encodeReceiptHandle, receiptKey, tagKey } from './receipt.js';

/** In-flight quota: standard queues answer OverLimit to short polls past it; FIFO queues return nothing more. */
export const MAX_IN_FLIGHT = 120_000;
export const ATTEMPT_TTL_MS = 5 * 60_000;
/** How often a waiting receive looks for another process's commit. */
export const POLL_INTERVAL_MS = 5;

const SYSTEM_ATTRIBUTE_ORDER = [
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;
const SYSTEM_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(SYSTEM_ATTRIBUTE_ORDER);

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, AttributeValue>;
}

export interface ReceiveResult {
  Messages?: ReceivedMessage[];
}

interface ReceiveParams {
  max: number;
  visibility?: number;
  wait?: number;
  systemNames: ReadonlySet<string>;
  messageAttributeNames: string[];
  attemptId?: string;
}

function parseParams(input: Input): ReceiveParams {
  const max = optionalInteger(input, 'MaxNumberOfMessages') ?? 1;
  if (max < 1 || max > 10) throw invalidValue(max, 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.');
  const visibility = optionalInteger(input, 'VisibilityTimeout');
  if (visibility !== undefined && (visibility < 0 || visibility > MAX_VISIBILITY_TIMEOUT)) {
    throw invalidValue(visibility, 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.');
  }
  const wait = optionalInteger(input, 'WaitTimeSeconds');
  if (wait !== undefined && (wait < 0 || wait > 20)) {
    throw invalidValue(wait, 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.');
  }
  // AttributeNames is the older name of MessageSystemAttributeNames; given both, SQS answers with both
  const names = [...(stringList(input, 'AttributeNames') ?? []), ...(stringList(input, 'MessageSystemAttributeNames') ?? [])];
  for (const n of names) {
    if (n !== 'All' && !SYSTEM_ATTRIBUTE_NAMES.has(n) && !ALL_ATTRIBUTE_NAMES.has(n)) throw unknownAttribute(n);
  }
  const systemNames = names.includes('All') ? SYSTEM_ATTRIBUTE_NAMES : new Set(names.filter((n) => SYSTEM_ATTRIBUTE_NAMES.has(n)));
  const attemptId = checkFifoId(input.ReceiveRequestAttemptId, 'ReceiveRequestAttemptId');
  return {
    max,
    visibility,
    wait,
    systemNames,
    messageAttributeNames: stringList(input, 'MessageAttributeNames') ?? [],
    attemptId,
  };
}

// ---------------------------------------------------------------- choosing messages

const MESSAGE_COLUMNS = 'SELECT * FROM sqs_messages';

/**
 * The columns a receive reads: what its answer needs, no more (reading a column into a row
 * object costs more than finding the row). `SELECT ... FROM sqs_messages`, by what was asked.
 */
function candidateColumns(params: ReceiveParams): string {
  let cols =
    'SELECT id, message_id, body, md5_body, md5_attributes, enqueued_ms, visible_ms, receive_count, nonce, group_id, pending_signature';
  if (params.messageAttributeNames.length > 0) cols += ', attributes';
  if (params.systemNames.size > 0) cols += ', sent_ms, first_receive_ms, system';
  return `${cols} FROM sqs_messages`;
}

/** Drops a message past retention; true if it was. */
function dropIfExpired(store: Store, q: QueueRow, m: MessageRow, now: number): boolean {
  if (!isExpired(q, m, now)) return false;
  store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(m.id);
  return true;
}

/** Moves a message that has been received maxReceiveCount times to the dead-letter queue; false if there is none. */
function redriveIfExhausted(store: Store, q: QueueRow, m: MessageRow, now: number): boolean {
  if (q.max_receive_count === null || q.dlq_arn === null || m.receive_count < q.max_receive_count) return false;
  const dlq = findQueueByArn(store, q.dlq_arn);
  if (!dlq || dlq.id === q.id || Boolean(dlq.fifo) !== Boolean(q.fifo)) return false;
  const full = store.stmt<[number], MessageRow>(`${MESSAGE_COLUMNS} WHERE id = ?`).get(m.id)!;
  moveMessage(store, full, dlq, { now, deadLetterSourceArn: q.arn });
  return true;
}

/** Standard queues: the messages visible longest, in the index's order (one range read). */
function chooseStandard(store: Store, q: QueueRow, max: number, now: number, cols: string): MessageRow[] {
  const chosen: MessageRow[] = [];
  let page = store
    .stmt<[number, number, number], MessageRow>(
      `${cols} WHERE queue_id = ? AND visible_ms <= ? ORDER BY visible_ms, enqueued_ms, id LIMIT ?`,
    )
    .all(q.id, now, max);
  let asked = max;
  while (page.length > 0) {
    let last = page[0]!;
    for (const m of page) {
      last = m;
      if (!dropIfExpired(store, q, m, now) && !redriveIfExhausted(store, q, m, now)) chosen.push(m);
    }
    // enough, or the page was the last there is
    if (chosen.length >= max || page.length < asked) break;
    asked = max - chosen.length;
    // some were dropped or dead-lettered: read on from where this page ended
    page = store
      .stmt<[number, number, number, number, number, number], MessageRow>(
        `${cols} WHERE queue_id = ? AND visible_ms <= ? AND (visible_ms, enqueued_ms, id) > (?, ?, ?)
         ORDER BY visible_ms, enqueued_ms, id LIMIT ?`,
      )
      .all(q.id, now, last.visible_ms, last.enqueued_ms, last.id, max - chosen.length);
  }
  return chosen;
}

/**
 * FIFO: groups in the order of their oldest message; from each, as many messages as possible,
 * in order, stopping at the first one not visible (in flight or delayed).
 */
function chooseFifo(store: Store, q: QueueRow, max: number, now: number, cols: string): MessageRow[] {
  const chosen: MessageRow[] = [];
  let afterHead = -Infinity;
  while (chosen.length < max) {
    const groups = store
      .stmt<[number, number, number, number], { group_id: string; head_id: number }>(
        `SELECT group_id, head_id FROM sqs_fifo_groups WHERE queue_id = ? AND head_visible_ms <= ? AND head_id > ?
         ORDER BY head_id LIMIT ?`,
      )
      .all(q.id, now, afterHead, max - chosen.length + 8);
    if (groups.length === 0) break;
    for (const g of groups) {
      afterHead = g.head_id;
      takeFromGroup(store, q, g.group_id, max - chosen.length, now, cols, chosen);
      if (chosen.length >= max) break;
    }
  }
  return chosen;
}

function takeFromGroup(
  store: Store,
  q: QueueRow,
  group: string,
  want: number,
  now: number,
  cols: string,
  into: MessageRow[],
): void {
  let afterId = -Infinity;
  let taken = 0;
  while (taken < want) {
    const rows = store
      .stmt<[number, string, number, number], MessageRow>(
        `${cols} WHERE queue_id = ? AND group_id = ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .all(q.id, group, afterId, want - taken + 4);
    if (rows.length === 0) return;
    for (const m of rows) {
      if (m.visible_ms > now) return;
      afterId = m.id;
      if (dropIfExpired(store, q, m, now) || redriveIfExhausted(store, q, m, now)) continue;
      into.push(m);
      if (++taken >= want) return;
    }
  }
}

// ---------------------------------------------------------------- answering

function systemAttributes(q: QueueRow, m: MessageRow, names: ReadonlySet<string>): Record<string, string> | undefined {
  if (names.size === 0) return undefined;
  const system = systemOf(m);
  const values: Record<string, string | undefined> = {
    SenderId: system.SenderId ?? q.account_id,
    ApproximateFirstReceiveTimestamp: m.first_receive_ms === null ? undefined : String(m.first_receive_ms),
    ApproximateReceiveCount: String(m.receive_count),
    SentTimestamp: String(m.sent_ms),
    SequenceNumber: system.SequenceNumber,
    MessageDeduplicationId: system.MessageDeduplicationId,
    MessageGroupId: m.group_id ?? system.MessageGroupId,
    AWSTraceHeader: system.AWSTraceHeader,
    DeadLetterQueueSourceArn: system.DeadLetterQueueSourceArn,
  };
  const out: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTE_ORDER) {
    const v = values[name];
    if (names.has(name) && v !== undefined) out[name] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Message attribute names as ReceiveMessage filters them: All, .* or * (every attribute), a
 * prefix followed by .* (every name that starts with it), or exact names (case-sensitive).
 */
export function matchesAttributeFilter(name: string, filters: readonly string[]): boolean {
  for (const f of filters) {
    if (f === 'All' || f === '.*' || f === '*' || f === name) return true;
    if (f.endsWith('.*') && name.startsWith(f.slice(0, -2))) return true;
  }
  return false;
}

function toReceived(q: QueueRow, m: MessageRow, handle: string, params: ReceiveParams): ReceivedMessage {
  const out: ReceivedMessage = { MessageId: m.message_id, ReceiptHandle: handle, MD5OfBody: m.md5_body, Body: m.body };
  const attrs = systemAttributes(q, m, params.systemNames);
  if (attrs) out.Attributes = attrs;
  if (m.attributes && params.messageAttributeNames.length > 0) {
    const all = deserialiseAttributes(m.attributes)!;
    const picked: Record<string, AttributeValue> = {};
    for (const [name, v] of Object.entries(all)) if (matchesAttributeFilter(name, params.messageAttributeNames)) setOwn(picked, name, v);
    const count = Object.keys(picked).length;
    if (count > 0) {
      out.MD5OfMessageAttributes = count === Object.keys(all).length && m.md5_attributes ? m.md5_attributes : md5OfAttributes(picked)!;
      out.MessageAttributes = picked;
    }
  }
  return out;
}

interface AttemptEntry {
  id: number;
  nonce: number;
  visible_ms: number;
}

/** Replays a FIFO receive attempt if none of its messages changed since; undefined otherwise. */
function replayAttempt(store: Store, q: QueueRow, attemptId: string, visibilityMs: number, now: number): MessageRow[] | undefined {
  const rec = store
    .stmt<[number, string], { expires_ms: number; result: string }>(
      'SELECT expires_ms, result FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ?',
    )
    .get(q.id, attemptId);
  if (!rec || rec.expires_ms <= now) return undefined;
  const entries = JSON.parse(rec.result) as AttemptEntry[];
  const rows: MessageRow[] = [];
  for (const e of entries) {
    const m = store.stmt<[number, number], MessageRow>(`${MESSAGE_COLUMNS} WHERE id = ? AND queue_id = ?`).get(e.id, q.id);
    if (!m || m.nonce !== e.nonce || m.visible_ms !== e.visible_ms) return undefined;
    rows.push(m);
  }
  for (const m of rows) {
    m.visible_ms = now + visibilityMs;
    store.stmt('UPDATE sqs_messages SET visible_ms = ? WHERE id = ?').run(m.visible_ms, m.id);
  }
  recordAttempt(store, q, attemptId, rows, now, rec.expires_ms);
  return rows;
}

function recordAttempt(store: Store, q: QueueRow, attemptId: string, rows: MessageRow[], now: number, expires?: number): void {
  store.stmt('DELETE FROM sqs_receive_attempts WHERE expires_ms <= ?').run(now);
  const entries: AttemptEntry[] = rows.map((m) => ({ id: m.id, nonce: m.nonce, visible_ms: m.visible_ms }));
  store
    .stmt(
      `INSERT INTO sqs_receive_attempts (queue_id, attempt_id, expires_ms, result) VALUES (?, ?, ?, ?)
       ON CONFLICT (queue_id, attempt_id) DO UPDATE SET expires_ms = excluded.expires_ms, result = excluded.result`,
    )
    .run(q.id, attemptId, expires ?? now + ATTEMPT_TTL_MS, JSON.stringify(entries));
}

interface Attempt {
  result: ReceiveResult;
  queue: QueueRow;
  /** when the next hidden message becomes visible, if any (when there is a wait to come) */
  nextVisibleMs?: number;
  /**
   * When nothing was received and there is a wait to come: the file's change mark as the
   * attempt left it (read inside its transaction, so that no commit falls between the look
   * and the mark the wait starts from).
   */
  mark?: string;
}

/**
 * Standard-queue realism: a copy of the message as it is before this receive, visible now, that
 * another receive gets while the original is in flight (the same MessageId, its own receipt
 * handles; deleting one leaves the other).
 */
function leaveACopy(store: Store, id: number, now: number): void {
  store
    .stmt(
      `INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, attributes, md5_attributes, sent_ms, enqueued_ms,
         visible_ms, receive_count, first_receive_ms, group_id, system, pending_signature)
       SELECT queue_id, message_id, body, md5_body, attributes, md5_attributes, sent_ms, enqueued_ms,
         ?, receive_count, first_receive_ms, group_id, system, pending_signature FROM sqs_messages WHERE id = ?`,
    )
    .run(now, id);
}

/**
 * Marks chosen messages received, in one statement: hidden until `visibleUntil`, counted, and
 * given a fresh random nonce (SQLite's randomness), which makes their new receipt handles.
 */
function claim(store: Store, rows: MessageRow[], now: number, visibleUntil: number): void {
  if (rows.length === 0) return;
  const sql = `UPDATE sqs_messages SET visible_ms = ?, receive_count = receive_count + 1,
      first_receive_ms = coalesce(first_receive_ms, ?), received_ms = ?, nonce = (random() & 4503599627370495) + 1
    WHERE id IN (${rows.map(() => '?').join(', ')}) RETURNING id, nonce, receive_count, first_receive_ms`;
  const updated = store
    .stmt<number[], { id: number; nonce: number; receive_count: number; first_receive_ms: number }>(sql)
    .all(visibleUntil, now, now, ...rows.map((m) => m.id));
  const byId = new Map(updated.map((u) => [u.id, u]));
  for (const m of rows) {
    const u = byId.get(m.id)!;
    m.visible_ms = visibleUntil;
    m.received_ms = now;
    m.nonce = u.nonce;
    m.receive_count = u.receive_count;
    m.first_receive_ms = u.first_receive_ms;
  }
}

/**
 * Signs the SNS envelopes among the messages whose signature was deferred to their first
 * receive (sns/signatures.ts), for good: the row keeps the signed body and its MD5.
 */
function signPending(store: Store, rows: MessageRow[], now: number): void {
  for (const m of rows) {
    if (m.pending_signature === null) continue;
    m.body = signDeferred(store, m.body, m.pending_signature, now);
    m.md5_body = md5OfBody(m.body);
    m.pending_signature = null;
    store.stmt('UPDATE sqs_messages SET body = ?, md5_body = ?, pending_signature = NULL WHERE id = ?').run(m.body, m.md5_body, m.id);
  }
}

/** How long a receive waits for messages: the request's WaitTimeSeconds, else the queue's ReceiveMessageWaitTimeSeconds. */
const waitSeconds = (params: ReceiveParams, q: QueueRow): number => params.wait ?? q.receive_wait_seconds;

/** One receive at one instant, in one transaction. `longPoll` turns OverLimit into "nothing yet". */
function receiveOnce(ctx: Ctx, input: Input, params: ReceiveParams, longPoll: boolean): Attempt {
  return inTransaction(ctx, (now) => {
    const store = ctx.store;
    const q = requireQueue(ctx, input.QueueUrl);
    const visibilityMs = (params.visibility ?? q.visibility_timeout) * 1000;

    let rows: MessageRow[] | undefined;
    if (q.fifo && params.attemptId !== undefined) rows = replayAttempt(store, q, params.attemptId, visibilityMs, now);
    if (!rows) {
      const inFlight = countInFlight(store, q, now, MAX_IN_FLIGHT - params.max);
      if (inFlight >= MAX_IN_FLIGHT) {
        if (!q.fifo && !longPoll && waitSeconds(params, q) === 0) throw overLimitInFlight();
        rows = [];
      } else {
        const max = Math.min(params.max, MAX_IN_FLIGHT - inFlight);
        const cols = candidateColumns(params);
        const chances = q.fifo ? undefined : realism(store);
        rows = q.fifo
          ? chooseFifo(store, q, max, now, cols)
          : chances
            ? pickCandidates(chooseStandard(store, q, max + REORDER_WINDOW, now, cols), max, chances)
            : chooseStandard(store, q, max, now, cols);
        if (chances) for (const m of rows) if (receiveLeavesACopy(chances)) leaveACopy(store, m.id, now);
      }
      claim(store, rows, now, now + visibilityMs);
      if (q.fifo && params.attemptId !== undefined && rows.length > 0) recordAttempt(store, q, params.attemptId, rows, now);
    }
    signPending(store, rows, now);
    const keyed = rows.length > 0 ? tagKey(receiptKey(store), q.arn) : Buffer.alloc(0);
    const messages = rows.map((m) => toReceived(q, m, encodeReceiptHandle(keyed, { rowId: m.id, nonce: m.nonce }), params));
    if (messages.length > 0) return { result: { Messages: messages }, queue: q };
    // a short poll has no wait to come (a long poll's later attempts always do)
    if (!longPoll && waitSeconds(params, q) === 0) return { result: {}, queue: q };
    const nextVisibleMs =
      store
        .stmt<[number, number], { t: number | null }>('SELECT min(visible_ms) AS t FROM sqs_messages WHERE queue_id = ? AND visible_ms > ?')
        .get(q.id, now)!.t ?? undefined;
    return { result: {}, queue: q, nextVisibleMs, mark: changeMark(store) };
  });
}

/** Changes whenever anything commits to the state file: another process, or this connection. */
function changeMark(store: Store): string {
  const own = store.stmt<[], { n: number }>('SELECT total_changes() AS n').get()!.n;
  return `${store.dataVersion()}:${own}`;
}

/**
 * ReceiveMessage. With a wait time (the request's, else the queue's ReceiveMessageWaitTimeSeconds)
 * and nothing to return, it waits without holding any lock, and tries again as soon as anything
 * commits to the state file (another process's send, a clock advance) or a hidden message's
 * time comes — returning once there is a message, or empty when the wait is over (or when
 * ctx.signal aborts: the caller gave up, and gets what an empty poll returns).
 */
export async function receiveMessage(ctx: Ctx, input: Input): Promise<ReceiveResult> {
  const params = parseParams(input);
  // the wait counts from the call, not from when the first attempt had the lock (another
  // process may hold it for a while); an explicit short poll never waits
  const started = params.wait === 0 ? 0 : ctx.store.clock.now();
  const attempt = receiveOnce(ctx, input, params, false);
  const wait = waitSeconds(params, attempt.queue);
  if (attempt.result.Messages || wait === 0) return attempt.result;
  return waitForMessages(ctx, input, params, started + wait * 1000, attempt);
}

/** ReceiveMessage without waiting (a short poll, whatever the queue's wait time): synchronous. */
export function receiveMessageNow(ctx: Ctx, input: Input): ReceiveResult {
  return receiveOnce(ctx, input, { ...parseParams(input), wait: 0 }, false).result;
}

async function waitForMessages(
  ctx: Ctx,
  input: Input,
  params: ReceiveParams,
  deadline: number,
  first: Attempt,
): Promise<ReceiveResult> {
  const store = ctx.store;
  let attempt = first;
  let mark = first.mark!;
  for (;;) {
    const now = store.clock.now();
    if (now >= deadline || ctx.signal?.aborted) return {};
    const untilVisible = attempt.nextVisibleMs === undefined ? Infinity : attempt.nextVisibleMs - now;
    const until = Math.max(1, Math.min(deadline - now, untilVisible));
    if (ctx.changes) {
      // A server's waits share one watcher of the file and are woken only by what concerns
      // them (a send to this queue, another process's commit, the clock): each wake-up is
      // worth a look. (The mark's data version: a commit since it was read ends the wait at once.)
      await ctx.changes.wait(queueTopic(attempt.queue.id), until, ctx.signal, Number(mark.split(':')[0]));
      if (ctx.signal?.aborted) return {};
      attempt = receiveOnce(ctx, input, params, true);
      if (attempt.result.Messages) return attempt.result;
      mark = attempt.mark!;
      continue;
    }
    // a single command looks at the file every few milliseconds
    await sleep(Math.min(POLL_INTERVAL_MS, until), ctx.signal);
    if (ctx.signal?.aborted) return {};
    const next = changeMark(store);
    const due = attempt.nextVisibleMs !== undefined && store.clock.now() >= attempt.nextVisibleMs;
    if (next === mark && !due) continue;
    attempt = receiveOnce(ctx, input, params, true);
    if (attempt.result.Messages) return attempt.result;
    mark = attempt.mark!;
  }
}

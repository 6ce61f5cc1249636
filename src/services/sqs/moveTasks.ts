/**
 * Message move tasks (dead-letter queue redrive). There is no daemon: a task's progress is
 * derived from the clock whenever SQS state is touched — by then, `rate × elapsed` messages
 * have moved (capped by the count taken at the start) — and applied in that transaction.
 */
import { randomUUID } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import type { Store } from '../../store/db.js';
import { invalidParameterValue, invalidValue, missingParameter, resourceNotFound } from './errors.js';
import { optionalInteger, type Input } from './input.js';
import { countMessages, expireMessages, expireVisible, isExpired, moveMessage, systemOf, type MessageRow } from './messages.js';
import { parseArn } from '../../core/aws.js';
import { parseQueueArn } from './names.js';
import { findQueue, findQueueByArn, type QueueRow } from './queues.js';

/** Messages per second when the task does not set a rate (AWS picks one; this is its ceiling). */
export const DEFAULT_MOVE_RATE = 500;
/** How long a cancelled task reports CANCELLING before CANCELLED. */
export const CANCELLING_MS = 1000;
const NON_EXISTENT_QUEUE = 'AWS.SimpleQueueService.NonExistentQueue';

interface TaskRow {
  task_id: string;
  source_arn: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: string;
  started_ms: number;
  to_move: number;
  moved: number;
  failure_reason: string | null;
  cancel_ms: number | null;
  seq: number;
}

const encodeHandle = (taskId: string, sourceArn: string): string =>
  Buffer.from(JSON.stringify({ taskId, sourceArn }), 'utf8').toString('base64');

function decodeHandle(handle: string): { taskId: string; sourceArn: string } | undefined {
  try {
    const doc = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof doc.taskId === 'string' && typeof doc.sourceArn === 'string') {
      return { taskId: doc.taskId, sourceArn: doc.sourceArn };
    }
  } catch {
    // not a handle
  }
  return undefined;
}

/** Brings every active task up to `now`. Cheap when there is none (a partial index). */
export function advanceMoveTasks(store: Store, now: number): void {
  const any = store.stmt<[], { one: number }>("SELECT 1 AS one FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING') LIMIT 1").get();
  if (!any) return;
  const active = store
    .stmt<[], TaskRow>("SELECT * FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING')")
    .all();
  for (const task of active) advanceTask(store, task, now);
}

function setTask(store: Store, task: TaskRow): void {
  store
    .stmt('UPDATE sqs_move_tasks SET status = ?, moved = ?, failure_reason = ? WHERE task_id = ?')
    .run(task.status, task.moved, task.failure_reason, task.task_id);
}

function advanceTask(store: Store, task: TaskRow, now: number): void {
  if (task.status === 'CANCELLING') {
    if (now >= (task.cancel_ms ?? 0) + CANCELLING_MS) {
      task.status = 'CANCELLED';
      setTask(store, task);
    }
    return;
  }
  const fail = (): void => {
    task.status = 'FAILED';
    task.failure_reason = NON_EXISTENT_QUEUE;
    setTask(store, task);
  };
  const source = findQueueByArn(store, task.source_arn);
  if (!source) return fail();
  expireVisible(store, source, now);
  const rate = task.max_per_second ?? DEFAULT_MOVE_RATE;
  const due = Math.min(task.to_move, Math.floor(((now - task.started_ms) * rate) / 1000));
  const fixedDestination = task.destination_arn ? findQueueByArn(store, task.destination_arn) : undefined;
  if (task.destination_arn && !fixedDestination) return fail();
  let need = due - task.moved;
  while (need > 0) {
    const batch = store
      .stmt<[number, number, number], MessageRow>(
        'SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_ms <= ? ORDER BY visible_ms, id LIMIT ?',
      )
      .all(source.id, now, Math.min(need, 500));
    if (batch.length === 0) break;
    for (const m of batch) {
      const target = fixedDestination ?? originalSource(store, m);
      if (!target) return fail();
      if (isExpired(source, m, now)) {
        store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(m.id);
        continue;
      }
      moveMessage(store, m, target, { now });
      task.moved++;
      need--;
    }
  }
  const remaining = countMessages(store, source, now);
  if (task.moved >= task.to_move || remaining.visible + remaining.notVisible + remaining.delayed === 0) {
    task.status = 'COMPLETED';
  }
  setTask(store, task);
}

function originalSource(store: Store, m: MessageRow): QueueRow | undefined {
  const arn = systemOf(m).DeadLetterQueueSourceArn;
  return arn ? findQueueByArn(store, arn) : undefined;
}

const ARN_FORMAT =
  'You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>';

function requireQueueArn(ctx: Ctx, arn: string, parameter: 'SourceArn' | 'DestinationArn'): QueueRow {
  if (!parseArn(arn)) {
    throw invalidParameterValue(ARN_FORMAT.replace('SourceArn', parameter));
  }
  const loc = parseQueueArn(arn);
  const q = loc && loc.accountId === ctx.accountId ? findQueue(ctx.store, loc.region, loc.accountId, loc.name) : undefined;
  if (!q || q.arn !== arn) {
    throw resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
  }
  return q;
}

function requireArnInput(input: Input, name: string): string {
  const v = input[name];
  if (v === undefined || v === null || v === '') throw missingParameter(name);
  if (typeof v !== 'string') throw invalidValue(JSON.stringify(v), name, 'Must be a string.');
  return v;
}

export function startMessageMoveTask(ctx: Ctx, input: Input): { TaskHandle: string } {
  const sourceArn = requireArnInput(input, 'SourceArn');
  const destinationArn = input.DestinationArn === undefined || input.DestinationArn === null ? undefined : requireArnInput(input, 'DestinationArn');
  const rate = optionalInteger(input, 'MaxNumberOfMessagesPerSecond');
  if (rate !== undefined && (rate < 1 || rate > 500)) {
    throw invalidValue(rate, 'MaxNumberOfMessagesPerSecond', "You must enter a number that's between 1 and 500.");
  }
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    advanceMoveTasks(ctx.store, now);
    const source = requireQueueArn(ctx, sourceArn, 'SourceArn');
    const isDeadLetterQueue = ctx.store
      .stmt<[string], { n: number }>('SELECT count(*) AS n FROM sqs_queues WHERE dlq_arn = ?')
      .get(source.arn)!.n;
    if (!isDeadLetterQueue) throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    if (destinationArn !== undefined) {
      const destination = requireQueueArn(ctx, destinationArn, 'DestinationArn');
      if (destination.fifo !== source.fifo) {
        throw invalidParameterValue('The source queue and the destination queue must be of the same queue type.');
      }
    }
    const active = ctx.store
      .stmt<[string], { n: number }>(
        "SELECT count(*) AS n FROM sqs_move_tasks WHERE source_arn = ? AND status IN ('RUNNING', 'CANCELLING')",
      )
      .get(source.arn)!.n;
    if (active) {
      throw invalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    expireMessages(ctx.store, source, now);
    const toMove = countMessages(ctx.store, source, now).visible;
    const taskId = randomUUID();
    const seq = ctx.store.stmt<[], { s: number | null }>('SELECT max(seq) AS s FROM sqs_move_tasks').get()!.s ?? 0;
    ctx.store
      .stmt(
        `INSERT INTO sqs_move_tasks (task_id, source_arn, destination_arn, max_per_second, status, started_ms, to_move, moved, seq)
         VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, 0, ?)`,
      )
      .run(taskId, source.arn, destinationArn ?? null, rate ?? null, now, toMove, seq + 1);
    return { TaskHandle: encodeHandle(taskId, source.arn) };
  });
}

export function cancelMessageMoveTask(ctx: Ctx, input: Input): { ApproximateNumberOfMessagesMoved: number } {
  const handle = requireArnInput(input, 'TaskHandle');
  const decoded = decodeHandle(handle);
  if (!decoded) throw invalidParameterValue('Value for parameter TaskHandle is invalid.');
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    advanceMoveTasks(ctx.store, now);
    const loc = parseQueueArn(decoded.sourceArn);
    const source = loc && loc.accountId === ctx.accountId ? findQueue(ctx.store, loc.region, loc.accountId, loc.name) : undefined;
    if (!source) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const task = ctx.store
      .stmt<[string, string], TaskRow>('SELECT * FROM sqs_move_tasks WHERE task_id = ? AND source_arn = ?')
      .get(decoded.taskId, decoded.sourceArn);
    if (!task) throw resourceNotFound('Task does not exist.');
    if (task.status !== 'RUNNING') {
      throw invalidParameterValue(`Task is in ${task.status} status. Only a task in RUNNING status can be cancelled.`);
    }
    ctx.store.stmt("UPDATE sqs_move_tasks SET status = 'CANCELLING', cancel_ms = ? WHERE task_id = ?").run(now, task.task_id);
    return { ApproximateNumberOfMessagesMoved: task.moved };
  });
}

export interface MoveTaskEntry {
  TaskHandle?: string;
  Status: string;
  SourceArn: string;
  DestinationArn?: string;
  MaxNumberOfMessagesPerSecond?: number;
  ApproximateNumberOfMessagesMoved: number;
  ApproximateNumberOfMessagesToMove: number;
  FailureReason?: string;
  StartedTimestamp: number;
}

export function listMessageMoveTasks(ctx: Ctx, input: Input): { Results: MoveTaskEntry[] } {
  const sourceArn = requireArnInput(input, 'SourceArn');
  const max = optionalInteger(input, 'MaxResults') ?? 1;
  if (max < 1 || max > 10) throw invalidValue(max, 'MaxResults', "You must enter a number that's between 1 and 10.");
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    advanceMoveTasks(ctx.store, now);
    const source = requireQueueArn(ctx, sourceArn, 'SourceArn');
    const tasks = ctx.store
      .stmt<[string, number], TaskRow>('SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY seq DESC LIMIT ?')
      .all(source.arn, max);
    return {
      Results: tasks.map((t) => {
        const e: MoveTaskEntry = {
          Status: t.status,
          SourceArn: t.source_arn,
          ApproximateNumberOfMessagesMoved: t.moved,
          ApproximateNumberOfMessagesToMove: t.to_move,
          StartedTimestamp: t.started_ms,
        };
        if (t.status === 'RUNNING') e.TaskHandle = encodeHandle(t.task_id, t.source_arn);
        if (t.destination_arn) e.DestinationArn = t.destination_arn;
        if (t.max_per_second !== null) e.MaxNumberOfMessagesPerSecond = t.max_per_second;
        if (t.failure_reason) e.FailureReason = t.failure_reason;
        return e;
      }),
    };
  });
}

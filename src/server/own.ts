/**
 * awsmsg's own endpoints, under /_awsmsg/: `health` (what is served, from which state file, and
 * how many long polls wait) and `clock` (GET shows the clock; POST {"advance": "31s"} moves it,
 * and every waiting long poll looks again at once). Nothing else under the prefix changes state.
 */
import { parseDuration } from '../store/clock.js';
import type { ServerState } from './handler.js';
import type { WireRequest, WireResponse } from './wire.js';

const json = (status: number, value: unknown, requestId: string): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
  body: `${JSON.stringify(value, null, 2)}\n`,
});

const problem = (status: number, code: string, message: string, requestId: string): WireResponse =>
  json(status, { error: code, message }, requestId);

export async function ownEndpoint(state: ServerState, req: WireRequest, requestId: string): Promise<WireResponse> {
  const name = req.path.slice('/_awsmsg/'.length).replace(/\/+$/, '');
  if (name === 'health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(405, 'MethodNotAllowed', 'health answers GET.', requestId);
    return json(
      200,
      { status: 'ok', version: state.version, services: ['sqs', 'sns', 'kinesis'], stateFile: state.store.path, waiting: state.changes.waiting() },
      requestId,
    );
  }
  if (name === 'clock') {
    if (req.method === 'GET') return json(200, clockView(state), requestId);
    if (req.method !== 'POST') return problem(405, 'MethodNotAllowed', 'clock answers GET and POST.', requestId);
    return advanceClock(state, req, requestId);
  }
  return problem(404, 'NotFound', `No such awsmsg endpoint: ${req.path}. There are /_awsmsg/health and /_awsmsg/clock.`, requestId);
}

function clockView(state: ServerState): { now: string; offsetSeconds: number } {
  const clock = state.store.clock;
  return { now: new Date(clock.now()).toISOString(), offsetSeconds: clock.offset() / 1000 };
}

function advanceClock(state: ServerState, req: WireRequest, requestId: string): WireResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8') || '{}');
  } catch {
    return problem(400, 'InvalidRequest', 'The body must be JSON, e.g. {"advance": "31s"}.', requestId);
  }
  const advance = (body as { advance?: unknown } | null)?.advance;
  const ms = typeof advance === 'number' ? advance * 1000 : typeof advance === 'string' ? parseDuration(advance) : undefined;
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return problem(400, 'InvalidRequest', 'Give how far to move the clock forward: {"advance": "31s"} (ms, s, m, h, d; or a number of seconds).', requestId);
  }
  try {
    state.store.clock.advance(ms);
  } catch (e) {
    return problem(400, 'InvalidRequest', (e as Error).message, requestId);
  }
  state.changes.notifyAll();
  return json(200, clockView(state), requestId);
}

/**
 * awsmsg's own endpoints on a remote awsmsg server (/_awsmsg/health, /_awsmsg/clock): plain
 * JSON over HTTP, unsigned, on the endpoint SQS uses. Anything else (AWS, moto) is not an
 * awsmsg server: the caller says so.
 */
import type { ClientOptions } from './client.js';
import type { OwnAnswer } from './target.js';
import { send } from './transport.js';

export async function callOwnEndpoint(opts: ClientOptions, path: string, body?: unknown): Promise<OwnAnswer | undefined> {
  const endpoint = opts.choice.endpointFor('sqs');
  if (endpoint.source === 'AWS') return undefined;
  const url = new URL(`/_awsmsg/${path}`, endpoint.url);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = { host: url.host, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await send({ url, method: body === undefined ? 'GET' : 'POST', headers, body: payload }, opts.transport);
  if (!(res.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse((res.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    return undefined;
  }
  // an awsmsg server answers its own errors as {error, message}; health says status ok
  if (res.status === 404 && !(parsed && typeof parsed === 'object' && 'error' in parsed)) return undefined;
  return { status: res.status, body: parsed };
}

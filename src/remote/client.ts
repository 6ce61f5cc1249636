/**
 * A call to a remote endpoint, as the AWS CLI makes it: the request serialised from the
 * service model in the service's protocol (SQS: JSON 1.0 with query-compatible errors; SNS:
 * query, answered in XML; Kinesis: JSON 1.1, SubscribeToShard answered as an event stream),
 * signed with SigV4, sent with the CLI's retries (standard mode: 3 attempts, exponential
 * backoff with jitter, for connection errors, throttling and 5xx), and the response parsed
 * back into the shapes the local operation layer returns, so every front end prints the
 * same bytes whichever target answered.
 */
import { AwsError } from '../core/errors.js';
import type { OperationOutput } from '../core/call.js';
import { loadModel } from '../model/load.js';
import type { ServiceModel, ServiceName } from '../model/types.js';
import { decodeJsonInput, encodeJsonOutput } from '../server/protocols/json.js';
import { decodeEventMessages } from '../server/protocols/eventstream.js';
import type { RemoteChoice } from './choose.js';
import { resolveCredentials, type AwsCredentials } from './credentials.js';
import { decodeQueryError, decodeQueryResponse, encodeQueryRequest } from './query.js';
import { signRequest } from './sign.js';
import { ResponseParseError, send, TransportError, type IncomingResponse, type OutgoingRequest, type TransportOptions } from './transport.js';

declare const AWSMSG_VERSION: string;

export interface ClientOptions {
  choice: RemoteChoice;
  region: string;
  env: NodeJS.ProcessEnv;
  profile: string;
  profileFromFlag: boolean;
  /** --no-sign-request: send requests unsigned (no credentials needed) */
  noSignRequest: boolean;
  transport: TransportOptions;
  /** attempts in all, first included (AWS_MAX_ATTEMPTS, the profile's max_attempts; 3 by default) */
  maxAttempts: number;
  /** the AWS CLI's retry mode (AWS_RETRY_MODE, retry_mode): standard (v2's default) or legacy */
  retryMode?: 'standard' | 'legacy';
  /** --debug: one line per request on stderr */
  debug?: (line: string) => void;
  /** random in [0, 1), for the backoff's jitter */
  random?: () => number;
}

/** Codes the AWS CLI's standard retry mode retries (throttling and transient errors). */
const RETRYABLE_CODES = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded',
  'BandwidthLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete',
  'EC2ThrottledException', 'RequestTimeout', 'RequestTimeoutException',
]);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const MAX_BACKOFF_MS = 20_000;
/** temporary credentials are renewed this long before they expire */
const REFRESH_BEFORE_MS = 5 * 60_000;

const USER_AGENT = `awsmsg/${typeof AWSMSG_VERSION === 'string' ? AWSMSG_VERSION : 'dev'} node/${process.version}`;

export class RemoteClient {
  /** kept in an object of its own, shared with the --debug views of this client */
  private readonly state: { credentials?: Promise<AwsCredentials> } = {};

  constructor(readonly opts: ClientOptions) {}

  /** The same client (credentials, settings) logging requests to `debug`, or not at all. */
  withDebug(debug: ((line: string) => void) | undefined): RemoteClient {
    if (debug === this.opts.debug) return this;
    const view = Object.create(this) as RemoteClient;
    Object.defineProperty(view, 'opts', { value: { ...this.opts, debug } });
    return view;
  }

  /**
   * The credentials calls are signed with: resolved once, and again when temporary ones (a
   * role's, SSO's) are within five minutes of expiring, as the SDKs refresh them (a KCL worker
   * or a shell runs for longer than an hour). Rejects as the chain does.
   */
  async resolveCredentials(): Promise<AwsCredentials> {
    const pending = this.state.credentials;
    if (pending) {
      try {
        const current = await pending;
        if (!current.expiration || current.expiration.getTime() - Date.now() >= REFRESH_BEFORE_MS) return current;
      } catch {
        // a failure is not kept: look again
      }
      // another call may have started the renewal meanwhile
      if (this.state.credentials !== pending) return this.resolveCredentials();
    }
    const fresh = resolveCredentials({
      env: this.opts.env,
      profile: this.opts.profile,
      profileFromFlag: this.opts.profileFromFlag,
      region: this.opts.region,
      transport: this.opts.transport,
    });
    this.state.credentials = fresh;
    return fresh;
  }

  async call(service: ServiceName, operation: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<OperationOutput> {
    const model = await loadModel(service);
    if (!model.operations[operation]) throw new Error(`internal error: ${service} has no operation ${operation}`);
    const endpoint = this.opts.choice.endpointFor(service);
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      throw new Error(`Invalid endpoint: ${endpoint.url}`);
    }
    if (url.pathname === '') url.pathname = '/';
    const streamed = eventStreamMember(model, operation);
    const request = await this.sign(model, buildRequest(model, operation, input, url));
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) return {};
      let response: IncomingResponse;
      const started = Date.now();
      try {
        response = await send(request, this.opts.transport, signal, streamed !== undefined);
      } catch (e) {
        if (isAbort(e, signal)) return {};
        this.opts.debug?.(`awsmsg: ${request.method} ${url.href} (${model.serviceId} ${operation}) failed: ${(e as Error).message}`);
        if (e instanceof TransportError && e.retryable && attempt < this.opts.maxAttempts) {
          await this.backoff(attempt, signal);
          continue;
        }
        throw e;
      }
      this.opts.debug?.(`awsmsg: ${request.method} ${url.href} (${model.serviceId} ${operation}) -> ${response.status} in ${Date.now() - started} ms`);
      if (response.status >= 200 && response.status < 300) {
        if (streamed && response.stream) return { [streamed.member]: eventStream(model, streamed.shape, response.stream, signal) };
        return decodeOutput(model, operation, response.body ?? Buffer.alloc(0));
      }
      const error = decodeError(model, response);
      const retryable = isRetryable(error);
      if (retryable && attempt < this.opts.maxAttempts) {
        await this.backoff(attempt, signal);
        continue;
      }
      // botocore marks an error of the last attempt allowed (standard mode: any error; legacy:
      // one it would have retried) and the CLI's error line says so
      if (attempt >= this.opts.maxAttempts && (this.opts.retryMode !== 'legacy' || retryable)) {
        Object.defineProperty(error, 'maxRetriesReached', { value: attempt - 1 });
      }
      throw error;
    }
  }

  private async sign(model: ServiceModel, req: OutgoingRequest): Promise<OutgoingRequest> {
    if (this.opts.noSignRequest) return req;
    const credentials = await this.resolveCredentials();
    return signRequest(req, { credentials, region: this.opts.region, service: model.signingName });
  }

  /** Standard mode's backoff: a random time up to 2^(attempt-1) seconds, at most 20 s. */
  private backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    const ms = Math.min(MAX_BACKOFF_MS, (this.opts.random ?? Math.random)() * 1000 * 2 ** (attempt - 1));
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

const isAbort = (e: unknown, signal?: AbortSignal): boolean => Boolean(signal?.aborted) || (e as Error)?.name === 'AbortError';

function isRetryable(e: AwsError): boolean {
  return RETRYABLE_CODES.has(e.code) || RETRYABLE_STATUS.has(e.httpStatus);
}

/** The request of an operation in its service's protocol (unsigned). */
function buildRequest(model: ServiceModel, operation: string, input: Record<string, unknown>, url: URL): OutgoingRequest {
  const headers: Record<string, string> = { host: url.host, 'user-agent': USER_AGENT };
  let body: Buffer;
  if (model.protocol === 'query') {
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    body = Buffer.from(encodeQueryRequest(model, operation, input), 'utf8');
  } else {
    headers['content-type'] = `application/x-amz-json-${model.jsonVersion ?? '1.0'}`;
    headers['x-amz-target'] = `${model.targetPrefix}.${operation}`;
    // a query-compatible service (SQS) answers errors with their query codes as well
    if (model.awsQueryCompatible) headers['x-amzn-query-mode'] = 'true';
    const inputShape = model.operations[operation]!.input;
    body = Buffer.from(inputShape ? encodeJsonOutput(model, inputShape, input) : '{}', 'utf8');
  }
  headers['content-length'] = String(body.length);
  return { url, method: 'POST', headers, body };
}

function decodeOutput(model: ServiceModel, operation: string, body: Buffer): OperationOutput {
  const text = body.toString('utf8');
  if (model.protocol === 'query') return decodeQueryResponse(model, operation, text);
  const outputShape = model.operations[operation]!.output;
  if (!outputShape || text.trim() === '') return {};
  try {
    return decodeJsonInput(model, outputShape, body, false);
  } catch {
    throw new ResponseParseError(`Unable to parse response (not valid JSON), invalid JSON received. Further retries may succeed:\n${text.slice(0, 2000)}`);
  }
}

/** The service's error, as botocore reads it for the protocol. */
export function decodeError(model: ServiceModel, res: IncomingResponse): AwsError {
  const text = (res.body ?? Buffer.alloc(0)).toString('utf8');
  if (model.protocol === 'query') {
    return decodeQueryError(text, res.status) ?? new AwsError(String(res.status), res.statusText, { httpStatus: res.status, senderFault: res.status < 500 });
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    return new AwsError(String(res.status), res.statusText, { httpStatus: res.status, senderFault: res.status < 500 });
  }
  const message = String(body.message ?? body.Message ?? '');
  let code = String(body.__type ?? res.headers['x-amzn-errortype'] ?? res.status);
  if (code.includes(':')) code = code.slice(0, code.indexOf(':'));
  if (code.includes('#')) code = code.slice(code.lastIndexOf('#') + 1);
  const shape = model.shapes[code]?.exception ? code : undefined;
  let senderFault = shape ? model.shapes[shape]!.error?.senderFault ?? res.status < 500 : res.status < 500;
  // awsQueryCompatible (SQS): the query code and fault travel in x-amzn-query-error
  const queryError = res.headers['x-amzn-query-error'];
  if (model.awsQueryCompatible && queryError) {
    const [queryCode, fault] = queryError.split(';');
    if (queryCode) code = queryCode;
    if (fault) senderFault = fault === 'Sender';
  } else if (model.awsQueryCompatible && shape) {
    // an endpoint that leaves the header out (moto): the model knows the query code
    code = model.shapes[shape]!.error?.code ?? code;
  }
  return new AwsError(code, message, { httpStatus: res.status, senderFault, shape });
}

/** The output member holding an event stream (Kinesis SubscribeToShard's EventStream), if any. */
function eventStreamMember(model: ServiceModel, operation: string): { member: string; shape: string } | undefined {
  const outputShape = model.operations[operation]?.output;
  for (const [member, ref] of Object.entries((outputShape && model.shapes[outputShape]?.members) ?? {})) {
    if (model.shapes[ref.shape]?.eventstream) return { member, shape: ref.shape };
  }
  return undefined;
}

/** The events of an event-stream response, as the local operation layer yields them ({ SubscribeToShardEvent }). */
async function* eventStream(model: ServiceModel, streamShape: string, chunks: AsyncIterable<Buffer>, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>> {
  const members = model.shapes[streamShape]!.members ?? {};
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of chunks) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const { messages, rest } = decodeEventMessages(pending);
      pending = Buffer.from(rest);
      for (const m of messages) {
        const type = m.headers[':message-type'];
        if (type === 'exception') {
          const payload = parseJsonObject(m.payload);
          throw new AwsError(m.headers[':exception-type'] ?? 'InternalFailure', String(payload.message ?? payload.Message ?? ''), { shape: m.headers[':exception-type'] });
        }
        if (type === 'error') throw new AwsError(m.headers[':error-code'] ?? 'InternalFailure', m.headers[':error-message'] ?? '', { senderFault: false, httpStatus: 500 });
        const eventType = m.headers[':event-type'];
        const ref = eventType ? members[eventType] : undefined;
        if (!ref) continue; // initial-response, or an event this model does not know
        yield { [eventType!]: decodeJsonInput(model, ref.shape, m.payload, false) };
      }
    }
  } catch (e) {
    if (isAbort(e, signal)) return;
    throw e;
  }
}

function parseJsonObject(b: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(b.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

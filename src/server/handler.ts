/**
 * One request, start to finish: route it, read its input in its protocol, call the operation
 * through the same call point as the command line, and write the response (or the error) in
 * the protocol it came in.
 */
import { randomUUID } from 'node:crypto';
import type { OperationOutput } from '../core/call.js';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../core/context.js';
import type { ServiceModel, ServiceName } from '../model/types.js';
import type { Store } from '../store/db.js';
import type { ServerChangeFeed } from './changes.js';
import { toWireError, type WireError } from './errors.js';
import { ownEndpoint } from './own.js';
import { cborOutputValue, decodeCborInput, encodeCbor } from './protocols/cbor.js';
import { errorMessage, eventMessage, exceptionMessage } from './protocols/eventstream.js';
import { decodeJsonInput, encodeJsonOutput } from './protocols/json.js';
import { decodeQueryInput, encodeXmlError, encodeXmlResponse } from './protocols/query.js';
import { credentialScope, routeRequest, type ServiceRoute } from './route.js';
import type { SignatureCheck } from './sigv4.js';
import type { Protocol, WireRequest, WireResponse } from './wire.js';

export interface ServerState {
  store: Store;
  models: Record<ServiceName, ServiceModel>;
  changes: ServerChangeFeed;
  /** the account when the access key id does not name one */
  defaultAccountId: string;
  /** checks SigV4 signatures when set (--verify-signatures) */
  verify?: SignatureCheck;
  /** calls an operation (grouped with others arriving at the same moment into one commit) */
  call(ctx: Ctx, service: ServiceName, operation: string, input: Record<string, unknown>): Promise<OperationOutput>;
  /** after a call that may leave SNS deliveries due */
  afterCall(service: ServiceName, operation: string): void;
  version: string;
}

/** What the log line of a request says. */
export interface Handled {
  response: WireResponse;
  service?: ServiceName;
  operation?: string;
  error?: WireError;
}

const CONTENT_TYPES: Record<Protocol, (m: ServiceModel) => string> = {
  json: (m) => `application/x-amz-json-${m.jsonVersion ?? '1.0'}`,
  cbor: () => 'application/x-amz-cbor-1.1',
  query: () => 'text/xml',
};

export async function handleRequest(state: ServerState, req: WireRequest): Promise<Handled> {
  const requestId = randomUUID();
  if (req.path.startsWith('/_awsmsg/')) return { response: await ownEndpoint(state, req, requestId), operation: req.path };
  if (req.method === 'GET' && CERT_PATH.test(req.path)) return { response: await signingCertResponse(state, req.path, requestId), operation: req.path };
  let route: ServiceRoute | undefined;
  try {
    route = routeRequest(req, (s) => operationSet(state.models[s]));
    const model = state.models[route.service];
    const scope = credentialScope(req, route.params);
    if (state.verify && !isUnsignedLink(route, req)) state.verify(req, route.params);
    const ctx: Ctx = {
      store: state.store,
      region: scope.region || 'us-east-1',
      accountId: accountOf(scope.accessKeyId, state.defaultAccountId),
      // made only when an operation asks (one that waits): most never do
      get signal() {
        return req.signal;
      },
      queueUrlBase: req.origin,
      snsUrlBase: req.origin,
      changes: state.changes,
    };
    const input = decodeInput(model, route, req);
    const output = await state.call(ctx, route.service, route.operation, input);
    state.afterCall(route.service, route.operation);
    const response = isEventStreamOutput(model, route.operation, output)
      ? eventStreamResponse(model, route, output, requestId)
      : encodeOutput(model, route, output, requestId);
    return { response, service: route.service, operation: route.operation };
  } catch (e) {
    const model = route ? state.models[route.service] : undefined;
    const error = toWireError(model, e);
    const protocol = route?.protocol ?? guessProtocol(req);
    return {
      response: errorResponse(model ?? modelForGuess(state, req), protocol, error, requestId),
      service: route?.service,
      operation: route?.operation,
      error,
    };
  }
}

const opSets = new WeakMap<ServiceModel, ReadonlySet<string>>();
function operationSet(model: ServiceModel): ReadonlySet<string> {
  let set = opSets.get(model);
  if (!set) opSets.set(model, (set = new Set(Object.keys(model.operations))));
  return set;
}

/**
 * SNS's SubscribeURL and UnsubscribeURL are links anyone holding them may visit, unsigned, as
 * on AWS: an unsigned ConfirmSubscription or Unsubscribe is not refused for lack of a signature.
 */
function isUnsignedLink(route: ServiceRoute, req: WireRequest): boolean {
  if (route.service !== 'sns' || (route.operation !== 'ConfirmSubscription' && route.operation !== 'Unsubscribe')) return false;
  return req.headers['authorization'] === undefined && !/(?:^|&)X-Amz-Signature=/.test(req.query);
}

/** A 12-digit access key id names the account (as LocalStack does); any other key, the default. */
function accountOf(accessKeyId: string | undefined, fallback: string): string {
  return accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : fallback || DEFAULT_ACCOUNT_ID;
}

function decodeInput(model: ServiceModel, route: ServiceRoute, req: WireRequest): Record<string, unknown> {
  const inputShape = model.operations[route.operation]!.input;
  switch (route.protocol) {
    case 'json':
      // Kinesis judges value types itself, in AWS's words; SQS's operations expect them typed
      return decodeJsonInput(model, inputShape, req.body, route.service !== 'kinesis');
    case 'cbor':
      return decodeCborInput(model, inputShape, req.body);
    case 'query': {
      const input = decodeQueryInput(model, inputShape, route.params!);
      // SQS query clients may name the queue by the path they post to
      if (route.service === 'sqs' && input.QueueUrl === undefined && inputShape && model.shapes[inputShape]?.members?.QueueUrl) {
        const path = req.path.replace(/\/+$/, '');
        if (/^\/[^/]+\/[^/]+$/.test(path)) input.QueueUrl = `${req.origin}${path}`;
      }
      return input;
    }
  }
}

function encodeOutput(model: ServiceModel, route: ServiceRoute, output: Record<string, unknown>, requestId: string): WireResponse {
  const outputShape = model.operations[route.operation]!.output;
  const headers = { 'content-type': CONTENT_TYPES[route.protocol](model), 'x-amzn-requestid': requestId };
  switch (route.protocol) {
    case 'json':
      return { status: 200, headers, body: encodeJsonOutput(model, outputShape, output) };
    case 'cbor':
      return { status: 200, headers, body: encodeCbor(cborOutputValue(model, outputShape, output)) };
    case 'query':
      return { status: 200, headers, body: encodeXmlResponse(model, route.operation, output, requestId) };
  }
}

/** The output member holding an event stream (SubscribeToShard's EventStream), if the handler returned one. */
function eventStreamMember(model: ServiceModel, operation: string): { member: string; shape: string } | undefined {
  const outputShape = model.operations[operation]?.output;
  for (const [member, ref] of Object.entries((outputShape && model.shapes[outputShape]?.members) ?? {})) {
    if (model.shapes[ref.shape]?.eventstream) return { member, shape: ref.shape };
  }
  return undefined;
}

function isEventStreamOutput(model: ServiceModel, operation: string, output: Record<string, unknown>): boolean {
  const found = eventStreamMember(model, operation);
  const value = found && (output[found.member] as AsyncIterable<unknown> | undefined);
  return Boolean(value && typeof value[Symbol.asyncIterator] === 'function');
}

function eventStreamResponse(model: ServiceModel, route: ServiceRoute, output: Record<string, unknown>, requestId: string): WireResponse {
  const { member, shape } = eventStreamMember(model, route.operation)!;
  const events = output[member] as AsyncIterable<Record<string, unknown>>;
  const payloadType = CONTENT_TYPES[route.protocol === 'cbor' ? 'cbor' : 'json'](model);
  const encode = (shapeName: string, value: unknown): Buffer =>
    route.protocol === 'cbor'
      ? encodeCbor(cborOutputValue(model, shapeName, value))
      : Buffer.from(encodeJsonOutput(model, shapeName, value), 'utf8');
  const streamShape = model.shapes[shape]!;
  async function* frames(): AsyncGenerator<Buffer> {
    yield eventMessage('initial-response', payloadType, route.protocol === 'cbor' ? encodeCbor({}) : Buffer.from('{}'));
    try {
      for await (const event of events) {
        for (const [name, ref] of Object.entries(streamShape.members ?? {})) {
          if (event[name] !== undefined) yield eventMessage(name, payloadType, encode(ref.shape, event[name]));
        }
      }
    } catch (e) {
      const error = toWireError(model, e);
      if (streamShape.members?.[error.shape]) {
        const body = { message: error.message };
        yield exceptionMessage(error.shape, payloadType, route.protocol === 'cbor' ? encodeCbor(body) : Buffer.from(JSON.stringify(body)));
      } else {
        yield errorMessage(error.code, error.message);
      }
    }
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId },
    stream: frames(),
  };
}

/** The error in the request's protocol, with AWS's headers. */
export function errorResponse(model: ServiceModel | undefined, protocol: Protocol, error: WireError, requestId: string): WireResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  switch (protocol) {
    case 'query':
      headers['content-type'] = 'text/xml';
      return { status: error.status, headers, body: encodeXmlError(model, error, requestId) };
    case 'cbor':
      headers['content-type'] = 'application/x-amz-cbor-1.1';
      return { status: error.status, headers, body: encodeCbor({ __type: error.shape, message: error.message }) };
    case 'json': {
      headers['content-type'] = model ? CONTENT_TYPES.json(model) : 'application/x-amz-json-1.1';
      // awsQueryCompatible (SQS): the JSON names the shape, the header keeps the query code
      const type = model?.awsQueryCompatible ? `com.amazonaws.${model.service}#${error.shape}` : error.shape;
      if (model?.awsQueryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}`;
      return { status: error.status, headers, body: JSON.stringify({ __type: type, message: error.message }) };
    }
  }
}

/** A request that could not be routed still gets an error in the protocol it looks like. */
function guessProtocol(req: WireRequest): Protocol {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/x-amz-cbor')) return 'cbor';
  if (req.headers['x-amz-target'] !== undefined || contentType.startsWith('application/x-amz-json')) return 'json';
  return 'query';
}

function modelForGuess(state: ServerState, req: WireRequest): ServiceModel | undefined {
  const target = req.headers['x-amz-target'] ?? '';
  if (target.startsWith('AmazonSQS.')) return state.models.sqs;
  if (target.startsWith('Kinesis_')) return state.models.kinesis;
  return undefined;
}

/** The SigningCertURL of messages published through the server: the state file's certificate. */
const CERT_PATH = /^\/SimpleNotificationService-[A-Za-z0-9-]+\.pem$/;

async function signingCertResponse(state: ServerState, path: string, requestId: string): Promise<WireResponse> {
  const { signingCertificate } = await import('../services/sns/index.js');
  const cert = signingCertificate(state.store);
  if (path !== `/${cert.fileName}`) {
    return { status: 404, headers: { 'content-type': 'text/plain', 'x-amzn-requestid': requestId }, body: 'No such certificate.\n' };
  }
  return { status: 200, headers: { 'content-type': 'application/x-pem-file', 'x-amzn-requestid': requestId }, body: cert.pem };
}


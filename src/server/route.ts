/**
 * Which service, operation and protocol a request is for: by X-Amz-Target (the JSON
 * protocols), else by Action and Version (the query protocol), with the SigV4 credential
 * scope's service deciding where both SQS and SNS have the action (AddPermission,
 * RemovePermission).
 */
import { isUtf8 } from 'node:buffer';
import type { ServiceName } from '../model/types.js';
import { serverError } from './errors.js';
import { malformedQueryString, parseForm } from './protocols/query.js';
import type { Protocol, WireRequest } from './wire.js';

export interface ServiceRoute {
  service: ServiceName;
  operation: string;
  protocol: Protocol;
  /** the query protocol's parameters (query string and form body together) */
  params?: Map<string, string>;
}

/** X-Amz-Target prefixes of the JSON protocols. */
const TARGETS: Record<string, ServiceName> = { AmazonSQS: 'sqs', Kinesis_20131202: 'kinesis' };
/** API versions of the query protocol. */
const VERSIONS: Record<string, ServiceName> = { '2012-11-05': 'sqs', '2010-03-31': 'sns' };

export interface Credentials {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

/** The credential scope of a SigV4 Authorization header or presigned query (unverified). */
export function credentialScope(req: WireRequest, params?: Map<string, string>): Credentials {
  const auth = req.headers['authorization'];
  let credential: string | undefined;
  if (auth) credential = /Credential=([^,\s]+)/.exec(auth)?.[1];
  else credential = params?.get('X-Amz-Credential');
  if (!credential) return {};
  const [accessKeyId, , region, service] = credential.split('/');
  return { accessKeyId, region, service };
}

/**
 * The route of a request, or undefined when it is not an AWS call at all. `opsOf` lists a
 * service's operations (from its model) for the query protocol's Action.
 */
export function routeRequest(
  req: WireRequest,
  opsOf: (service: ServiceName) => ReadonlySet<string>,
): ServiceRoute {
  const target = req.headers['x-amz-target'];
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const service = TARGETS[target.slice(0, dot)];
    const operation = target.slice(dot + 1);
    if (!service || dot < 0) throw serverError('UnknownOperationException', `Unknown target ${target}.`);
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    const protocol: Protocol = contentType.startsWith('application/x-amz-cbor') ? 'cbor' : 'json';
    if (protocol === 'cbor' && service !== 'kinesis') {
      throw serverError('UnknownOperationException', 'CBOR is spoken by Kinesis only.');
    }
    if (!opsOf(service).has(operation)) {
      throw serverError('UnknownOperationException', `Unknown operation ${operation}.`);
    }
    return { service, operation, protocol };
  }
  const params = queryParams(req);
  const action = params.get('Action');
  if (action === undefined || action === '') {
    throw serverError('MissingAction', 'The request must contain the parameter Action.');
  }
  const service = queryService(req, params, action, opsOf);
  if (!service) throw serverError('InvalidAction', `The action ${action} is not valid for this web service.`);
  return { service, operation: action, protocol: 'query', params };
}

function queryParams(req: WireRequest): Map<string, string> {
  const params = parseForm(req.query);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.body.length > 0 && (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded'))) {
    // as for a %-escape that is not UTF-8: refused, never read as U+FFFD (a message would change unseen)
    if (!isUtf8(req.body)) throw malformedQueryString('Invalid UTF-8 in the request body.');
    for (const [k, v] of parseForm(req.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

function queryService(
  req: WireRequest,
  params: Map<string, string>,
  action: string,
  opsOf: (service: ServiceName) => ReadonlySet<string>,
): ServiceName | undefined {
  const candidates = (['sqs', 'sns'] as const).filter((s) => opsOf(s).has(action));
  if (candidates.length <= 1) return candidates[0];
  const scoped = credentialScope(req, params).service;
  if (scoped === 'sqs' || scoped === 'sns') return scoped;
  const byVersion = VERSIONS[params.get('Version') ?? ''];
  if (byVersion) return byVersion;
  // a queue path (/<account>/<name>) or a QueueUrl is SQS's
  return params.has('QueueUrl') || /^\/[^/]+\/[^/]+\/?$/.test(req.path) ? 'sqs' : 'sns';
}

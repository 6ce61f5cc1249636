/**
 * One mapping from a failure to what goes on the wire: the code, the model's error shape, the
 * HTTP status and whose fault it was. Each protocol then writes these in its own body
 * (src/server/respond.ts).
 */
import { AwsError, LocalError } from '../core/errors.js';
import type { ServiceModel } from '../model/types.js';

export interface WireError {
  /** the code the query protocol and x-amzn-query-error carry (AWS.SimpleQueueService.NonExistentQueue) */
  code: string;
  /** the model's error shape, which JSON protocols name in __type (QueueDoesNotExist) */
  shape: string;
  message: string;
  senderFault: boolean;
  status: number;
  /** an unexpected failure: the server logs it */
  internal?: unknown;
}

/** The error shape of a code, through the model's error codes (SQS's NonExistentQueue is QueueDoesNotExist). */
const shapeByCode = new WeakMap<ServiceModel, Map<string, string>>();

export function errorShapeFor(model: ServiceModel, code: string): string | undefined {
  let map = shapeByCode.get(model);
  if (!map) {
    map = new Map();
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (!shape.exception) continue;
      map.set(name, name);
      if (shape.error?.code) map.set(shape.error.code, name);
    }
    shapeByCode.set(model, map);
  }
  return map.get(code);
}

export function toWireError(model: ServiceModel | undefined, e: unknown): WireError {
  if (e instanceof AwsError) {
    const shape = e.shape ?? (model && errorShapeFor(model, e.code)) ?? e.code;
    return { code: e.code, shape, message: e.message, senderFault: e.senderFault, status: e.httpStatus };
  }
  if (e instanceof LocalError) {
    return { code: 'InternalFailure', shape: 'InternalFailure', message: e.message, senderFault: false, status: 500 };
  }
  return {
    code: 'InternalFailure',
    shape: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
    senderFault: false,
    status: 500,
    internal: e,
  };
}

/** An error of the server itself (routing, body size), as an AwsError the protocols can write. */
export function serverError(code: string, message: string, status = 400, senderFault = true): AwsError {
  return new AwsError(code, message, { httpStatus: status, senderFault });
}

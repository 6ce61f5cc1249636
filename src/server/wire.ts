/**
 * What every protocol of the server shares: the request and response it sees, the protocol
 * a request speaks, and the errors a decoder raises for a body it cannot read.
 */
import { AwsError } from '../core/errors.js';
import type { ServiceModel, Shape } from '../model/types.js';

/** A request as the listener hands it over, HTTP/1.1 or HTTP/2 alike. */
export interface WireRequest {
  method: string;
  /** the path, without the query string, still percent-encoded */
  path: string;
  /** the raw query string, without "?" */
  query: string;
  /** header names in lower case */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** "http://host:port" as the client addressed the server */
  origin: string;
  /** aborted when the client goes away or the server stops */
  signal: AbortSignal;
}

/** A complete response, or one whose body is written as it comes (an event stream). */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
  stream?: AsyncIterable<Buffer>;
}

/** The protocols the server speaks, as AWS's models name them. */
export type Protocol = 'json' | 'cbor' | 'query';

/** A shape of the model, failing loudly for a name the model does not have (a bug, not input). */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`internal error: ${model.service} has no shape ${name}`);
  return shape;
}

/** A body the protocol cannot read (malformed JSON, CBOR, form data or a value of the wrong type). */
export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

/** Epoch seconds with a fraction, never in exponent notation (1700000000.123). */
export function epochSecondsText(d: Date): string {
  const ms = d.getTime();
  // whole seconds and the fraction of the magnitude: -1500 ms is -1.5, not -2 + 0.5
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const whole = Math.floor(abs / 1000);
  const frac = abs - whole * 1000;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** Parses a timestamp sent as epoch seconds (number or numeric text) or ISO 8601 text. */
export function parseWireTimestamp(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return new Date(Math.round(Number(value) * 1000));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The base64 alphabet with at most two padding characters at the end; with a length that is a
 * multiple of 4 this is strict base64. One pass without backtracking: a record's megabyte of
 * Data is 1.4 million characters.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (what AWS's JSON protocols send for blobs); undefined when it is not. */
export function decodeBase64(text: string): Buffer | undefined {
  const clean = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  return clean.length % 4 === 0 && BASE64.test(clean) ? Buffer.from(clean, 'base64') : undefined;
}

/**
 * An operation's result as the AWS CLI v2 would hold it after botocore parsed it from the
 * wire: structure members in model order, absent (null/undefined) members and unknown keys
 * dropped, map keys in insertion order. The CLI installs its own parsers, so blobs stay base64
 * text (cli_binary_format) and timestamps become ISO 8601 text (cli_timestamp_format iso8601):
 * epoch timestamps of the JSON protocols (SQS, Kinesis) in the local time zone, ISO ones of
 * the query protocol (SNS) with their UTC offset.
 */
import type { ServiceModel, Shape } from '../../model/types.js';
import { isObject, type Json } from './python.js';
import { base64, isBinary, isoformat, setKey, toCliData, type TimestampZone } from './values.js';

export function shapeOutput(value: unknown, shapeName: string | undefined, model: ServiceModel): unknown {
  // No output shape: botocore parses an empty dict, which the CLI prints as nothing.
  if (shapeName === undefined) return {};
  const zone: TimestampZone = model.protocol === 'query' ? 'utc' : 'local';
  return shapeValue(value, shapeName, model, zone) ?? {};
}

function shapeValue(value: unknown, shapeName: string, model: ServiceModel, zone: TimestampZone): Json {
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new Error(`unknown shape ${shapeName} in the ${model.service} model`);
  if (value === null || value === undefined) return null;
  switch (shape.type) {
    case 'structure':
      return shapeStructure(value, shape, model, zone);
    case 'list':
      return Array.isArray(value) ? value.map((item) => shapeValue(item, shape.member!.shape, model, zone)) : toCliData(value, zone);
    case 'map':
      return shapeMap(value, shape, model, zone);
    case 'timestamp':
      return shapeTimestamp(value, zone);
    case 'blob':
      if (isBinary(value)) return base64(value);
      return toCliData(value, zone);
    default:
      return toCliData(value, zone);
  }
}

function shapeStructure(value: unknown, shape: Shape, model: ServiceModel, zone: TimestampZone): Json {
  if (!isObject(value)) return toCliData(value, zone);
  const out: { [key: string]: Json } = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === null || v === undefined) continue;
    out[name] = shapeValue(v, member.shape, model, zone);
  }
  return out;
}

function shapeMap(value: unknown, shape: Shape, model: ServiceModel, zone: TimestampZone): Json {
  let entries: [string, unknown][];
  if (value instanceof Map) entries = [...value.entries()].map(([k, v]) => [String(k), v]);
  else if (isObject(value)) entries = Object.entries(value);
  else return toCliData(value, zone);
  const out: { [key: string]: Json } = {};
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    setKey(out, k, shapeValue(v, shape.value!.shape, model, zone));
  }
  return out;
}

function shapeTimestamp(value: unknown, zone: TimestampZone): Json {
  if (value instanceof Date) return isoformat(value, zone);
  // epoch seconds, as the JSON protocols carry them
  if (typeof value === 'number') return isoformat(new Date(Math.round(value * 1000)), zone);
  return toCliData(value, zone);
}

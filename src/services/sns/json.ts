/**
 * JSON-valued attributes (RedrivePolicy, DeliveryPolicy, ...). AWS parses them with Jackson and
 * quotes its message when they are not JSON; the filter-policy JSON layer reproduces those
 * messages, and is reused here.
 */
import { invalidParameter } from './errors.js';
import { JsonSyntaxError, parseStrictJson, REDACTED_SOURCE } from './filterPolicyJson.js';

/** Parses `text`; on failure throws "Invalid parameter: <label>: failed to parse JSON. ..." */
export function parseJsonAttribute(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameter(`${label}: failed to parse JSON. ${jsonErrorDetail(text)}`);
  }
}

/** Jackson's description of the syntax error in `text`, with its location. */
function jsonErrorDetail(text: string): string {
  try {
    parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return `${e.message}\n at [Source: ${REDACTED_SOURCE}; line: ${e.line}, column: ${e.column}]`;
    throw e;
  }
  return 'Invalid JSON';
}

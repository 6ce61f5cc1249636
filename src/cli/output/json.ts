/**
 * JSON output: Python's json.dump(data, indent=4, ensure_ascii=False) as the AWS CLI calls
 * it, plus awsmsg's own optional colouring (the AWS CLI prints JSON uncoloured).
 */
import { CliError } from '../../core/errors.js';
import { isObject, pyFloatRepr, pyNumber, PyFloat, PyOpaque, type Json } from './python.js';

export interface JsonPalette {
  key(text: string): string;
  string(text: string): string;
  number(text: string): string;
  literal(text: string): string; // true, false, null
}

const plain: JsonPalette = { key: (t) => t, string: (t) => t, number: (t) => t, literal: (t) => t };

/**
 * A string as Python's encoder writes it with ensure_ascii=False: JSON.stringify escapes the
 * same characters (", \, \b \f \n \r \t, other controls as \u00xx in lower case) and leaves
 * everything else, U+007F and U+2028 included, as it is.
 */
const quote = (s: string): string => JSON.stringify(s);

function pyJsonNumber(n: number | PyFloat): string {
  if (n instanceof PyFloat) return pyFloatRepr(n.value);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return pyNumber(n);
}

/** The CLI's json_encoder on anything that is not data (a --query's expression reference). */
function unencodable(): CliError {
  return new CliError('other', 'Encountered unrecognized type in JSON encoder.');
}

function encode(value: Json, level: number, p: JsonPalette): string {
  if (value === null) return p.literal('null');
  if (value === true) return p.literal('true');
  if (value === false) return p.literal('false');
  if (typeof value === 'number' || value instanceof PyFloat) return p.number(pyJsonNumber(value));
  if (typeof value === 'string') return p.string(quote(value));
  if (value instanceof PyOpaque) throw unencodable();
  const inner = ' '.repeat((level + 1) * 4);
  const outer = ' '.repeat(level * 4);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + encode(v, level + 1, p)).join(',\n')}\n${outer}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${p.key(quote(k))}: ${encode(v, level + 1, p)}`).join(',\n')}\n${outer}}`;
}

/** The CLI's JSON output; an empty response ({}) prints nothing. */
export function formatJson(data: Json, palette: JsonPalette = plain): string {
  if (isObject(data) && Object.keys(data).length === 0) return '';
  return `${encode(data, 0, palette)}\n`;
}

/**
 * One-line JSON as json.dumps(value) without indent: Python's default separators (', ', ': ')
 * or compact ones (',', ':'). With `strDefault` anything that is not data is written as its
 * str() (json.dumps' default=str), else it is refused as the CLI's encoder refuses it.
 */
export function pyJsonDumps(value: Json, ensureAscii = true, opts: { compact?: boolean; strDefault?: boolean } = {}): string {
  const [item, key] = opts.compact ? [',', ':'] : [', ', ': '];
  const str = (s: string): string => {
    const q = JSON.stringify(s);
    // Python escapes everything outside ' '..'~'; JSON.stringify already did the controls
    return ensureAscii ? q.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : q;
  };
  const enc = (v: Json): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' || v instanceof PyFloat) return pyJsonNumber(v);
    if (typeof v === 'string') return str(v);
    if (v instanceof PyOpaque) {
      if (opts.strDefault) return str(v.str());
      throw unencodable();
    }
    if (Array.isArray(v)) return `[${v.map(enc).join(item)}]`;
    return `{${Object.entries(v).map(([k, x]) => `${str(k)}${key}${enc(x)}`).join(item)}}`;
  };
  return enc(value);
}

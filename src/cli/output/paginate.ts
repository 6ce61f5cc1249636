/**
 * The AWS CLI's client-side pagination (botocore's PageIterator as the CLI drives it), generic
 * over the paginators of the service models:
 *
 * - `paginate` returns the merged result the CLI prints for json, table and yaml
 *   (build_full_result): every page's result keys appended, the non-aggregate keys of the first
 *   page, the pagination markers (tokens, more-results flags, anything else) dropped, and
 *   `NextToken` added only when --max-items stopped early.
 * - `paginatePages` yields what the CLI formats page by page for text output.
 * - `paginateRawPages` yields the pages as returned, as yaml-stream prints them.
 *
 * The `call` should return shaped output (shapeOutput), as botocore's pages are parsed ones.
 * --max-items, --page-size and --starting-token are the CLI's PaginationConfig.
 */
import { search as jmesSearch } from '@jmespath-community/jmespath';
import { CliError } from '../../core/errors.js';
import type { Paginator } from '../../model/types.js';
import { pyB64Decode } from '../args/values.js';
import { pyJsonDumps } from './json.js';
import { isObject, pyRepr, pyStr, pyTypeName, type Json } from './python.js';

export type PageCall = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface PaginateOptions {
  /** --page-size: sent as the paginator's limit key */
  pageSize?: number;
  /** --max-items: total result items to print; NextToken resumes after them */
  maxItems?: number;
  /** --starting-token: a NextToken printed by an earlier truncated run */
  startingToken?: string;
}

type Dict = Record<string, unknown>;

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function search(expression: string, data: unknown): unknown {
  return jmesSearch(data as never, expression);
}

/** botocore.utils.set_value_from_jmespath: dotted paths only, creating dicts on the way. */
function setValue(target: Dict, expression: string, value: unknown): void {
  const [head, ...rest] = expression.split('.');
  if (rest.length === 0) {
    target[head!] = value;
    return;
  }
  if (!(head! in target)) target[head!] = {};
  setValue(target[head!] as Dict, rest.join('.'), value);
}

/** botocore.utils.merge_dicts (append_lists off). */
function mergeDicts(into: Dict, from: Dict): void {
  for (const [key, value] of Object.entries(from)) {
    if (isObject(value) && key in into && isObject(into[key])) mergeDicts(into[key] as Dict, value);
    else into[key] = value;
  }
}

const isNone = (v: unknown): boolean => v === null || v === undefined;

/** Python's truthiness for a token value: '' and None are no token. */
const truthy = (v: unknown): boolean =>
  !(isNone(v) || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0));

/** Python's repr of the dicts botocore puts in its messages. */
function pyDictRepr(d: Dict): string {
  return `{${Object.entries(d).map(([k, v]) => `${pyRepr(k)}: ${typeof v === 'string' ? pyRepr(v) : pyStr(v)}`).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Resume tokens: base64 of json.dumps({<input tokens>, "boto_truncate_amount": n}).

export function encodeResumeToken(token: Dict): string {
  return Buffer.from(pyJsonDumps(token as Json), 'utf8').toString('base64');
}

/**
 * botocore's TokenDecoder: base64.b64decode(token.encode('utf-8')). The token is UTF-8 bytes
 * by then, so non-ASCII characters are bytes outside the alphabet, skipped like any other.
 */
const decodeTokenBytes = (token: string): Buffer | undefined => pyB64Decode(token.replace(/[^\x00-\x7f]/g, ''));

function decodeUtf8(buf: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
}

const PY_INT = /^\s*[-+]?\d+(?:_\d+)*\s*$/;

interface StartingToken {
  token: Dict;
  index: number;
}

/** PageIterator._parse_starting_token, with its fallback for old "a___b___3" tokens. */
function parseStartingToken(starting: string, inputTokens: string[]): StartingToken {
  const bytes = decodeTokenBytes(starting);
  const text = bytes && decodeUtf8(bytes);
  let decoded: unknown;
  let ok = false;
  if (text !== undefined) {
    try {
      decoded = JSON.parse(text);
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (ok && !Array.isArray(decoded)) {
    if (!isObject(decoded)) throw new CliError('other', `'${pyTypeName(decoded)}' object has no attribute 'pop'`);
    const token = { ...decoded };
    delete token.boto_encoded_keys;
    let index = 0;
    if ('boto_truncate_amount' in token) {
      const amount = token.boto_truncate_amount;
      if (typeof amount !== 'number' || !Number.isInteger(amount)) {
        throw new CliError('other', `slice indices must be integers or None or have an __index__ method`);
      }
      index = amount;
      delete token.boto_truncate_amount;
    }
    return { token, index };
  }
  // A list, or not base64 JSON at all: jmespath's older "___"-joined form, or an opaque
  // service token passed through as it is.
  let parts = starting.split('___');
  let index = 0;
  if (parts.length === inputTokens.length + 1) {
    const last = parts[parts.length - 1]!;
    if (PY_INT.test(last)) {
      index = Number(last.replaceAll('_', ''));
      parts = parts.slice(0, -1);
    } else {
      parts = [starting];
    }
  }
  if (parts.length > inputTokens.length) throw new CliError('other', `Bad starting token: ${starting}`);
  const token: Dict = {};
  inputTokens.forEach((name, i) => {
    const part = parts[i];
    token[name] = part === undefined || part === 'None' ? null : part;
  });
  return { token, index };
}

// ---------------------------------------------------------------------------------------------

/** One run of botocore's PageIterator. */
class PageIterator {
  private readonly inputTokens: string[];
  private readonly outputTokens: string[];
  readonly resultKeys: string[];
  private readonly nonAggregateKeys: string[];
  resumeToken: string | undefined;
  nonAggregatePart: Dict = {};

  constructor(
    private readonly call: PageCall,
    private readonly paginator: Paginator,
    private readonly params: Dict,
    private readonly opts: PaginateOptions,
  ) {
    this.inputTokens = asList(paginator.input_token);
    this.outputTokens = asList(paginator.output_token);
    this.resultKeys = asList(paginator.result_key);
    this.nonAggregateKeys = paginator.non_aggregate_keys ?? [];
    if (opts.pageSize !== undefined && paginator.limit_key === undefined) {
      throw new CliError('other', 'Error during pagination: PageSize parameter is not supported for the pagination interface for this operation.');
    }
  }

  private setResumeToken(token: Dict): void {
    const expected = [...this.inputTokens, ...('boto_truncate_amount' in token ? ['boto_truncate_amount'] : [])].sort();
    const actual = Object.keys(token).sort();
    if (expected.join('\0') !== actual.join('\0')) throw new CliError('other', `Bad starting token: ${pyDictRepr(token)}`);
    this.resumeToken = encodeResumeToken(token);
  }

  private nextToken(page: Dict): Dict {
    if (this.paginator.more_results !== undefined && !truthy(search(this.paginator.more_results, page))) return {};
    const tokens: Dict = {};
    this.outputTokens.forEach((expr, i) => {
      const value = search(expr, page);
      tokens[this.inputTokens[i]!] = truthy(value) ? value : null;
    });
    return tokens;
  }

  private injectToken(kwargs: Dict, token: Dict): void {
    for (const [name, value] of Object.entries(token)) {
      if (!isNone(value) && value !== 'None') kwargs[name] = value;
      else delete kwargs[name];
    }
  }

  /** Pages as the iterator yields them (already truncated for --max-items / --starting-token). */
  async *pages(): AsyncGenerator<Dict> {
    const kwargs: Dict = { ...this.params };
    const starting = this.opts.startingToken !== undefined ? parseStartingToken(this.opts.startingToken, this.inputTokens) : undefined;
    let nextToken: Dict = starting ? starting.token : Object.fromEntries(this.inputTokens.map((t) => [t, null]));
    if (starting) this.injectToken(kwargs, starting.token);
    if (this.opts.pageSize !== undefined) kwargs[this.paginator.limit_key!] = this.opts.pageSize;
    const maxItems = this.opts.maxItems;
    const primary = this.resultKeys[0]!;
    let totalItems = 0;
    let firstRequest = true;
    let startingTruncation = 0;
    let previousNextToken: Dict | undefined;
    for (;;) {
      const page: Dict = await this.call({ ...kwargs });
      if (firstRequest) {
        if (starting) startingTruncation = this.truncateStart(page, primary, starting.index);
        firstRequest = false;
        this.recordNonAggregate(page);
      } else {
        startingTruncation = 0;
      }
      const current = search(primary, page);
      const count = lengthOf(current);
      const truncateAmount = maxItems !== undefined ? totalItems + count - maxItems : 0;
      if (truncateAmount > 0) {
        const original = isNone(current) ? [] : current;
        const keep = lengthOf(original) - truncateAmount;
        setValue(page, primary, sliceOf(original, 0, keep));
        this.setResumeToken({ ...nextToken, boto_truncate_amount: keep + startingTruncation });
        yield page;
        return;
      }
      yield page;
      totalItems += count;
      nextToken = this.nextToken(page);
      if (Object.values(nextToken).every(isNone)) return;
      if (maxItems !== undefined && totalItems === maxItems) {
        this.setResumeToken(nextToken);
        return;
      }
      if (previousNextToken !== undefined && sameToken(previousNextToken, nextToken)) {
        throw new CliError('other', `Error during pagination: The same next token was received twice: ${pyDictRepr(nextToken)}`);
      }
      this.injectToken(kwargs, nextToken);
      previousNextToken = nextToken;
    }
  }

  /** The first page after --starting-token: skip what the previous run already printed. */
  private truncateStart(page: Dict, primary: string, index: number): number {
    const all = search(primary, page);
    setValue(page, primary, Array.isArray(all) || typeof all === 'string' ? sliceOf(all, index) : null);
    for (const key of this.resultKeys) {
      if (key === primary) continue;
      const sample = search(key, page);
      let empty: unknown = null;
      if (Array.isArray(sample)) empty = [];
      else if (typeof sample === 'string') empty = '';
      else if (typeof sample === 'number') empty = sample;
      setValue(page, key, empty);
    }
    return index;
  }

  private recordNonAggregate(page: Dict): void {
    const part: Dict = {};
    for (const expr of this.nonAggregateKeys) setValue(part, expr, search(expr, page) ?? null);
    this.nonAggregatePart = part;
  }
}

function lengthOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isObject(v)) return Object.keys(v).length;
  return 0;
}

/** Python slicing of a list or str (negative bounds count from the end). */
function sliceOf(v: unknown, start: number, stop?: number): unknown {
  if (typeof v === 'string') return [...v].slice(start, stop).join('');
  if (Array.isArray(v)) return v.slice(start, stop);
  return v;
}

function sameToken(a: Dict, b: Dict): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** The merged result the CLI prints for json, table and yaml (botocore's build_full_result). */
export async function paginate(call: PageCall, paginator: Paginator, params: Dict, opts: PaginateOptions = {}): Promise<Dict> {
  const it = new PageIterator(call, paginator, params, opts);
  const complete: Dict = {};
  for await (const page of it.pages()) {
    for (const key of it.resultKeys) {
      const value = search(key, page);
      if (isNone(value)) continue;
      const existing = search(key, complete);
      if (isNone(existing)) {
        setValue(complete, key, Array.isArray(value) ? [...value] : value);
      } else if (Array.isArray(value) && Array.isArray(existing)) {
        setValue(complete, key, [...existing, ...value]);
      } else if (typeof value === 'number' && typeof existing === 'number') {
        setValue(complete, key, existing + value);
      } else if (typeof value === 'string' && typeof existing === 'string') {
        setValue(complete, key, existing + value);
      }
    }
  }
  mergeDicts(complete, it.nonAggregatePart);
  if (it.resumeToken !== undefined) complete.NextToken = it.resumeToken;
  return complete;
}

/**
 * What the CLI's text output formats, one item at a time: the first page's non-aggregate keys
 * with its result keys, then each further page's result keys, then
 * `{NextToken: {NextToken: token}}` when --max-items stopped early. Apply --query to each item.
 */
export async function* paginatePages(call: PageCall, paginator: Paginator, params: Dict, opts: PaginateOptions = {}): AsyncGenerator<Dict> {
  const it = new PageIterator(call, paginator, params, opts);
  let first = true;
  for await (const page of it.pages()) {
    const current: Dict = first ? it.nonAggregatePart : {};
    first = false;
    for (const key of it.resultKeys) setValue(current, key, search(key, page) ?? null);
    yield current;
  }
  if (it.resumeToken !== undefined) yield { NextToken: { NextToken: it.resumeToken } };
}

/** The pages as the service returned them (after --max-items truncation), as yaml-stream prints them. */
export async function* paginateRawPages(call: PageCall, paginator: Paginator, params: Dict, opts: PaginateOptions = {}): AsyncGenerator<Dict> {
  yield* new PageIterator(call, paginator, params, opts).pages();
}

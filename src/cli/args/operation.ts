/**
 * An operation's arguments: argv (after the service and operation words, globals removed)
 * to the request parameters the operation receives, as the AWS CLI v2 builds them.
 *
 * The steps and the order errors are found in follow the CLI:
 *  1. argparse over the operation's argument table (+ --cli-input-json/--cli-input-yaml,
 *     the paging arguments of a paginated operation, --generate-cli-skeleton, a trailing
 *     `help` word). Any of the three special arguments makes every argument optional.
 *  2. `help` → help; words argparse did not take → "Unknown options: ...".
 *  3. Manual paging parameters (the hidden --next-token, --max-results, ...) turn automatic
 *     paging off; with it off, --starting-token/--page-size/--max-items are an error.
 *  4. Each argument, in table order: file:// / fileb:// loading, then shorthand or JSON or
 *     scalar conversion by the model's type.
 *  5. --cli-input-json/yaml members fill in whatever the flags did not set.
 *  6. Blob strings are base64-decoded (or taken raw), timestamps become Dates.
 * Parameter validation (validate.ts) comes after, as botocore's does.
 */
import { CliError } from '../../core/errors.js';
import type { CliArg, ServiceModel, Shape } from '../../model/types.js';
import { ArgParseError, parseKnownArgs, type ArgType, type OptionSpec } from './argparse.js';
import { loadParamfile, ParamfileError, defaultParamfileContext, type ParamfileContext } from './paramfile.js';
import { PyJsonError, pyJsonLoads } from './pyjson.js';
import { floatError, intError, pyFloat, pyInt, pyLstrip, pyStrip, pyTypeName } from './python.js';
import { applyShorthandTypes, parseShorthand, ShorthandParseError, supportsShorthand } from './shorthand.js';
import type { SkeletonKind } from './skeleton.js';
import { convertWireValues } from './values.js';

export interface Paging {
  startingToken?: string;
  pageSize?: number;
  maxItems?: number;
}

export interface OperationArgs {
  params: Record<string, unknown>;
  paging: Paging;
  /** page through results automatically (the operation paginates, no --no-paginate, no manual token) */
  paginate: boolean;
  help: boolean;
  skeleton?: SkeletonKind;
  /** lines the CLI prints on stderr and carries on (e.g. a non-positive --max-items) */
  warnings: string[];
}

export interface OperationParseOptions {
  binaryFormat: 'base64' | 'raw-in-base64-out';
  /** the operation has a paginator: --starting-token, --page-size, --max-items exist */
  paginated: boolean;
  /** --no-paginate was given */
  noPaginate?: boolean;
  /** where file:// and fileb:// read from; defaults to the real file system and environment */
  paramfiles?: ParamfileContext;
  /**
   * the `yaml` package, needed only for --cli-input-yaml (kept out of start-up):
   * `yaml: needsYaml(args) ? await import('yaml') : undefined`
   */
  yaml?: YamlModule;
}

export type YamlModule = typeof import('yaml');

const CLI_INPUT_JSON = 'cli-input-json';
const CLI_INPUT_YAML = 'cli-input-yaml';
const SKELETON = 'generate-cli-skeleton';
const SKELETON_CHOICES = ['input', 'output', 'yaml-input'] as const;

const INT: ArgType = { name: 'int', convert: (s) => pyInt(s) };
const FLOAT: ArgType = { name: 'float', convert: (s) => pyFloat(s) };

/** One entry of the argument table the parser and the parameter builder share. */
type Entry =
  | { kind: 'model'; arg: CliArg; dest: string }
  | { kind: 'input'; name: typeof CLI_INPUT_JSON | typeof CLI_INPUT_YAML; dest: string }
  | { kind: 'paging'; name: 'starting-token' | 'page-size' | 'max-items'; dest: string; key: keyof Paging }
  | { kind: 'skeleton'; dest: string };

const paramError = (cliName: string, message: string): CliError =>
  new CliError('usage', `Error parsing parameter '${cliName}': ${message}`);

function buildTable(opName: string, model: ServiceModel, paginated: boolean): Entry[] {
  const op = model.operations[opName];
  if (!op) throw new Error(`unknown operation ${opName}`);
  const table: Entry[] = op.args.map((arg) => ({
    kind: 'model' as const,
    arg,
    dest: arg.type === 'boolean' ? `bool:${arg.member}` : `arg:${arg.name}`,
  }));
  table.push({ kind: 'input', name: CLI_INPUT_JSON, dest: CLI_INPUT_JSON });
  table.push({ kind: 'input', name: CLI_INPUT_YAML, dest: CLI_INPUT_YAML });
  if (paginated) {
    table.push({ kind: 'paging', name: 'starting-token', dest: 'paging:starting-token', key: 'startingToken' });
    if (model.paginators[opName]?.limit_key) {
      table.push({ kind: 'paging', name: 'page-size', dest: 'paging:page-size', key: 'pageSize' });
    }
    table.push({ kind: 'paging', name: 'max-items', dest: 'paging:max-items', key: 'maxItems' });
  }
  table.push({ kind: 'skeleton', dest: SKELETON });
  return table;
}

function limitType(opName: string, model: ServiceModel): ArgType | undefined {
  const limitKey = model.paginators[opName]?.limit_key;
  const input = model.operations[opName]?.input;
  if (!limitKey || !input) return INT;
  const ref = model.shapes[input]?.members?.[limitKey];
  const t = ref ? model.shapes[ref.shape]?.type : undefined;
  return t === 'string' ? undefined : INT;
}

function optionFor(entry: Entry, opName: string, model: ServiceModel, overrideRequired: boolean): OptionSpec {
  switch (entry.kind) {
    case 'model': {
      const { arg } = entry;
      if (arg.type === 'boolean') {
        return { flag: `--${arg.name}`, dest: entry.dest, action: arg.negative ? 'store_false' : 'store_true', default: undefined };
      }
      const spec: OptionSpec = { flag: `--${arg.name}`, dest: entry.dest, required: !!arg.required && !overrideRequired };
      if (arg.type === 'list') spec.nargs = '*';
      if (arg.type === 'long') spec.type = INT;
      if (arg.type === 'double' || arg.type === 'float') spec.type = FLOAT;
      return spec;
    }
    case 'input':
      return { flag: `--${entry.name}`, dest: entry.dest };
    case 'paging':
      return {
        flag: `--${entry.name}`,
        dest: entry.dest,
        type: entry.name === 'starting-token' ? undefined : limitType(opName, model),
      };
    case 'skeleton':
      return { flag: `--${SKELETON}`, dest: entry.dest, nargs: '?', const: 'input', choices: SKELETON_CHOICES };
  }
}

function cliName(entry: Entry): string {
  switch (entry.kind) {
    case 'model':
      return `--${entry.arg.name}`;
    case 'input':
      return `--${entry.name}`;
    case 'paging':
      return `--${entry.name}`;
    case 'skeleton':
      return `--${SKELETON}`;
  }
}

/**
 * Parse an operation's arguments. `args` are the words after the operation name with the
 * global options already taken out (splitGlobals). Throws CliError: 'usage' where the CLI
 * exits 252 (showUsage where it prints its usage block), 'other' where it exits 255.
 */
export function parseOperationArgs(
  args: readonly string[],
  opName: string,
  model: ServiceModel,
  opts: OperationParseOptions,
): OperationArgs {
  const op = model.operations[opName];
  if (!op) throw new Error(`unknown operation ${opName}`);
  const result: OperationArgs = { params: {}, paging: {}, paginate: false, help: false, warnings: [] };
  if (args.length === 1 && args[0] === 'help') return { ...result, help: true };

  const table = buildTable(opName, model, opts.paginated);
  const overrideRequired = overridesRequired(args);
  let parsed;
  try {
    parsed = parseKnownArgs(
      {
        options: table.map((e) => optionFor(e, opName, model, overrideRequired)),
        positionals: [{ dest: 'help', nargs: '?' }],
      },
      args,
    );
  } catch (e) {
    if (e instanceof ArgParseError) throw new CliError('usage', e.message, { showUsage: true });
    throw e;
  }
  const values = parsed.values;
  const extras = [...parsed.extras];
  if (values.help === 'help') return { ...result, help: true };
  if (typeof values.help === 'string') extras.push(values.help);
  if (extras.length) throw new CliError('usage', `Unknown options: ${extras.join(', ')}`, { showUsage: true });

  // operation-args-parsed: manual paging turns automatic paging off.
  let paginate = opts.paginated && !opts.noPaginate;
  if (opts.paginated) {
    const manual = manualPagingArgs(opName, model);
    if (table.some((e) => e.kind === 'model' && manual.has(e.arg.name) && values[e.dest] !== undefined)) paginate = false;
    if (!paginate) {
      const used = table.filter((e) => e.kind === 'paging' && isTruthy(values[e.dest])).map(cliName);
      if (used.length) {
        throw new CliError('usage', `Cannot specify --no-paginate along with pagination arguments: ${used.join(', ')}`);
      }
    }
  }

  const ctx = opts.paramfiles ?? defaultParamfileContext();
  const params: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const entry of table) {
    let value = values[entry.dest];
    if (value === undefined) continue;
    value = loadArgFile(entry, value, ctx);
    switch (entry.kind) {
      case 'model':
        setProp(params, entry.arg.member, entry.arg.type === 'boolean' ? value : unpackArg(entry.arg, value, opName, model, ctx));
        break;
      case 'paging': {
        const config = (params.PaginationConfig as Record<string, unknown> | undefined) ?? {};
        const key = entry.name === 'starting-token' ? 'StartingToken' : entry.name === 'page-size' ? 'PageSize' : 'MaxItems';
        if (key === 'MaxItems' && Number(value) <= 0) {
          result.warnings.push('warning: Non-positive values for --max-items may result in undefined behavior.');
        }
        config[key] = value;
        params.PaginationConfig = config;
        break;
      }
      default:
        raw[entry.dest] = value;
    }
  }

  // calling-command: --cli-input-json / --cli-input-yaml, then the skeleton.
  mergeCliInput(params, raw, values, opts.yaml);
  const skeleton = values[SKELETON] as SkeletonKind | undefined;
  if (skeleton === 'input' || skeleton === 'yaml-input') {
    return { ...result, params, skeleton, paginate };
  }
  if (paginate) {
    const tokens = inputTokens(opName, model);
    if (Object.keys(params).some((k) => tokens.has(k))) paginate = false;
  }
  const paging: Paging = {};
  if (paginate && isObject(params.PaginationConfig)) {
    const config = params.PaginationConfig;
    delete params.PaginationConfig;
    if (config.StartingToken !== undefined) paging.startingToken = config.StartingToken as string;
    if (config.PageSize !== undefined) paging.pageSize = config.PageSize as number;
    if (config.MaxItems !== undefined) paging.maxItems = config.MaxItems as number;
  }
  convertWireValues(params, op.input, model, opts.binaryFormat);
  return { ...result, params, paging, paginate, skeleton };
}

/** The CLI makes every argument optional when one of these is on the command line. */
function overridesRequired(args: readonly string[]): boolean {
  if (args.includes(`--${CLI_INPUT_JSON}`) || args.includes(`--${CLI_INPUT_YAML}`)) return true;
  const i = args.indexOf(`--${SKELETON}`);
  return i !== -1 && args[i + 1] !== 'output';
}

/** CLI names of the operation's own paging parameters (input tokens and the limit key). */
function manualPagingArgs(opName: string, model: ServiceModel): Set<string> {
  const tokens = inputTokens(opName, model);
  const names = new Set(model.operations[opName]!.args.filter((a) => tokens.has(a.member)).map((a) => a.name));
  // kinesis list-streams: ExclusiveStartStreamName still pages by hand (a CLI customization).
  if (model.service === 'kinesis' && opName === 'ListStreams') names.add('exclusive-start-stream-name');
  return names;
}

function inputTokens(opName: string, model: ServiceModel): Set<string> {
  const p = model.paginators[opName];
  if (!p) return new Set();
  const tokens = Array.isArray(p.input_token) ? [...p.input_token] : [p.input_token];
  if (p.limit_key) tokens.push(p.limit_key);
  return new Set(tokens);
}

function isTruthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;
}

/** load-cli-arg: a file:// or fileb:// value (a list of one value counts as that value). */
function loadArgFile(entry: Entry, value: unknown, ctx: ParamfileContext): unknown {
  const candidate = Array.isArray(value) && value.length === 1 ? value[0] : value;
  try {
    const loaded = loadParamfile(candidate, ctx);
    return loaded === undefined ? value : loaded;
  } catch (e) {
    if (e instanceof ParamfileError) throw paramError(cliName(entry), e.message);
    throw e;
  }
}

/** process-cli-arg: shorthand when the shape allows it and the value is not JSON, else unpack. */
function unpackArg(arg: CliArg, value: unknown, opName: string, model: ServiceModel, ctx: ParamfileContext): unknown {
  const shapeName = memberShape(arg, opName, model);
  const name = `--${arg.name}`;
  if (!shapeName) return value;
  const checkVal = Array.isArray(value) && value.length ? value[0] : value;
  const looksJson = typeof checkVal === 'string' && /^[[{]/.test(pyStrip(checkVal));
  if (!looksJson && supportsShorthand(shapeName, model)) {
    const shape = model.shapes[shapeName]!;
    if (
      typeof value === 'string' &&
      shape.type === 'structure' &&
      Object.keys(shape.members ?? {}).length === 1 &&
      model.shapes[shape.members?.Value?.shape ?? '']?.type === 'string' &&
      !value.includes('=')
    ) {
      return { Value: value };
    }
    const resolveParamfile = (v: string): string | Buffer | undefined => {
      try {
        return loadParamfile(v, ctx);
      } catch (e) {
        // the CLI does not catch this one: it ends as a general error (exit 255)
        if (e instanceof ParamfileError) throw new CliError('other', e.message);
        throw e;
      }
    };
    try {
      const parse = (v: unknown): unknown => {
        if (typeof v !== 'string') throw new CliError('other', `expected string or bytes-like object, got '${pyTypeName(v)}'`);
        return parseShorthand(v, { resolveParamfile });
      };
      const parsedValue = Array.isArray(value) ? value.map(parse) : parse(value);
      return applyShorthandTypes(parsedValue, shapeName, model);
    } catch (e) {
      if (e instanceof ShorthandParseError) throw paramError(name, e.message);
      throw e;
    }
  }
  return unpackCli(shapeName, value, name, model);
}

function memberShape(arg: CliArg, opName: string, model: ServiceModel): string | undefined {
  const input = model.operations[opName]?.input;
  const ref = input ? model.shapes[input]?.members?.[arg.member] : undefined;
  return ref?.shape;
}

const SCALARS = new Set(['string', 'integer', 'long', 'boolean', 'double', 'float', 'blob', 'timestamp']);

/** The CLI's unpack_cli_arg: JSON for complex shapes, type conversion for scalars. */
function unpackCli(shapeName: string, value: unknown, cliName: string, model: ServiceModel): unknown {
  const shape = model.shapes[shapeName];
  if (!shape) return value;
  if (SCALARS.has(shape.type)) return unpackScalar(shape, value);
  return unpackComplex(shape, value, cliName, model);
}

function unpackScalar(shape: Shape, value: unknown): unknown {
  const text = Buffer.isBuffer(value) ? value.toString('latin1') : value;
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (typeof text === 'number') return Math.trunc(text);
      const n = pyInt(String(text));
      if (n === undefined) throw new PyValueError(intError(String(text)));
      return n;
    }
    case 'float':
    case 'double': {
      if (typeof text === 'number') return text;
      const n = pyFloat(String(text));
      if (n === undefined) throw new PyValueError(floatError(String(text)));
      return n;
    }
    case 'boolean':
      if (typeof value === 'string' && value.toLowerCase() === 'false') return false;
      return typeof value === 'string' ? value.length > 0 : Boolean(value);
    default:
      return value;
  }
}

function loadJson(value: string, cliName: string): unknown {
  try {
    return pyJsonLoads(value);
  } catch (e) {
    if (e instanceof PyJsonError) throw paramError(cliName, `Invalid JSON: ${e.message}\nJSON received: ${value}`);
    throw e;
  }
}

function firstChar(value: string): string {
  const s = pyLstrip(value);
  if (!s.length) throw new CliError('other', 'string index out of range');
  return s[0]!;
}

function unpackComplex(shape: Shape, value: unknown, cliName: string, model: ServiceModel): unknown {
  if (shape.type === 'structure' || shape.type === 'map') {
    const text = typeof value === 'string' ? value : String(value);
    if (firstChar(text) === '{') return loadJson(text, cliName);
    throw paramError(cliName, `Invalid JSON:\n${text}`);
  }
  // list
  if (typeof value === 'string') {
    if (firstChar(value) === '[') return loadJson(value, cliName);
  } else if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') {
    const single = pyStrip(value[0]);
    if (single && single[0] === '[') return loadJson(value[0], cliName);
  }
  const items: unknown[] = typeof value === 'string' ? Array.from(value) : Array.isArray(value) ? value : [value];
  const member = shape.member!.shape;
  try {
    return items.map((v) => unpackCli(member, v, cliName, model));
  } catch (e) {
    // int()/float() failures inside a list are reported against the argument
    if (e instanceof PyValueError) {
      throw paramError(cliName, String(items[0]));
    }
    throw e;
  }
}

/** --cli-input-json / --cli-input-yaml: fill in the members the flags did not set. */
function mergeCliInput(
  params: Record<string, unknown>,
  raw: Record<string, unknown>,
  values: Record<string, unknown>,
  yaml: YamlModule | undefined,
): void {
  const given = [CLI_INPUT_JSON, CLI_INPUT_YAML].filter((k) => values[k] !== undefined);
  if (!given.length) return;
  if (given.length !== 1) throw new CliError('usage', 'Only one --cli-input- parameter may be specified.');
  const name = given[0]!;
  const text = raw[name];
  const body = Buffer.isBuffer(text) ? text.toString('utf8') : String(text);
  let loaded: unknown;
  if (name === CLI_INPUT_JSON) {
    try {
      loaded = pyJsonLoads(body);
    } catch (e) {
      if (e instanceof PyJsonError) throw paramError(name, 'Invalid JSON received.');
      throw e;
    }
  } else {
    loaded = loadYaml(body, yaml);
  }
  if (!isObject(loaded)) {
    throw paramError(`--${name}`, `Invalid type: expecting map, received ${pyTypeName(loaded)}`);
  }
  for (const [k, v] of Object.entries(loaded)) {
    if (!Object.prototype.hasOwnProperty.call(params, k)) setProp(params, k, v);
  }
}

/** ruamel's safe load as the CLI does it; any failure is "Invalid YAML received." */
function loadYaml(text: string, yaml: YamlModule | undefined): unknown {
  if (!yaml) throw new Error('parseOperationArgs needs opts.yaml to read --cli-input-yaml');
  try {
    const docs = yaml.parseAllDocuments(text);
    if (!Array.isArray(docs)) throw new Error('not a document');
    if (docs.length > 1) throw new Error('expected a single document');
    const doc = docs[0];
    if (!doc) return null;
    if (doc.errors.length) throw doc.errors[0];
    return doc.toJS({ maxAliasCount: -1 });
  } catch {
    throw paramError(CLI_INPUT_YAML, 'Invalid YAML received.');
  }
}

/** Does this argv use --cli-input-yaml (so that opts.yaml is needed)? */
export const needsYaml = (args: readonly string[]): boolean => args.some((a) => a.startsWith('--cli-input-y'));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A Python ValueError from int()/float() (the CLI exits 255 with its text). */
class PyValueError extends CliError {
  constructor(message: string) {
    super('other', message);
  }
}

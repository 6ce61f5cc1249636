/**
 * Global options (`--output`, `--region`, `--query`, ...): like the AWS CLI, they are taken
 * from anywhere in argv, before or after the service and operation, by a first parser that
 * knows only them (so `--opt value` and `--opt=value` both work, an unambiguous prefix such
 * as `--out` works, and an option-looking value such as `--message-body --debug` is read as
 * the global option, exactly as `aws` reads it).
 */
import { CliError } from '../../core/errors.js';
import {
  ArgParseError,
  VersionRequested,
  invalidChoiceMessage,
  parseKnownArgs,
  type OptionSpec,
  type ParserSpec,
} from './argparse.js';
import { intError, pyInt } from './python.js';

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const COLOR_MODES = ['on', 'off', 'auto'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const BINARY_FORMATS = ['base64', 'raw-in-base64-out'] as const;
export type BinaryFormat = (typeof BINARY_FORMATS)[number];
export const ERROR_FORMATS = ['legacy', 'json', 'yaml', 'text', 'table', 'enhanced'] as const;
export type ErrorFormat = (typeof ERROR_FORMATS)[number];

export interface GlobalOptions {
  /** undefined: not given (the config chain decides: AWS_DEFAULT_OUTPUT, profile, json) */
  output?: OutputFormat;
  query?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  noVerifySsl: boolean;
  noSignRequest: boolean;
  caBundle?: string;
  /** seconds; 0 means no timeout */
  cliReadTimeout?: number;
  cliConnectTimeout?: number;
  noCliPager: boolean;
  /** undefined: not given (profile's cli_binary_format, else base64) */
  cliBinaryFormat?: BinaryFormat;
  color: ColorMode;
  debug: boolean;
  noPaginate: boolean;
  /** `--version` was given: print the version and exit 0 (nothing else is parsed) */
  version: boolean;
  cliAutoPrompt: boolean;
  noCliAutoPrompt: boolean;
  cliErrorFormat?: ErrorFormat;
  /** awsmsg's own: the state file */
  db?: string;
  /** awsmsg's own: send calls to AWS (or the configured endpoints), not the state file */
  remote: boolean;
}

export interface SplitResult<Q = unknown> {
  globals: GlobalOptions;
  /** --query as `compileQuery` compiled it (undefined without --query or without a compiler) */
  query?: Q;
  /** argv without the global options (and their values), in order; the command is in it */
  rest: string[];
  /** the first positional word (the service, or "help"); undefined only with --version */
  command?: string;
}

export interface SplitOptions<Q = unknown> {
  /** valid command words; when given, a bad one fails as the CLI's "Found invalid choice" */
  commands?: readonly string[];
  /**
   * Compiles --query (throwing the CLI's "Bad value for --query" error). The CLI does this as
   * soon as the top-level options are parsed, before anything runs: a bad expression must not
   * be found only when the result of an operation that already changed state is printed.
   */
  compileQuery?: (expression: string) => Q;
}

const str = (flag: string, dest: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({ flag, dest, ...extra });
const flag = (name: string, dest: string): OptionSpec => ({ flag: name, dest, action: 'store_true', default: false });

/** The CLI's global options in the order its parser holds them (it matters for prefixes). */
const GLOBAL_OPTIONS: OptionSpec[] = [
  flag('--debug', 'debug'),
  str('--endpoint-url', 'endpointUrl'),
  flag('--no-verify-ssl', 'noVerifySsl'),
  flag('--no-paginate', 'noPaginate'),
  str('--output', 'output', { choices: OUTPUT_FORMATS }),
  str('--query', 'query'),
  str('--profile', 'profile'),
  str('--region', 'region'),
  str('--color', 'color', { choices: COLOR_MODES, default: 'auto' }),
  flag('--no-sign-request', 'noSignRequest'),
  str('--ca-bundle', 'caBundle'),
  str('--cli-read-timeout', 'cliReadTimeout'),
  str('--cli-connect-timeout', 'cliConnectTimeout'),
  str('--cli-binary-format', 'cliBinaryFormat', { choices: BINARY_FORMATS }),
  flag('--no-cli-pager', 'noCliPager'),
  flag('--cli-auto-prompt', 'cliAutoPrompt'),
  flag('--no-cli-auto-prompt', 'noCliAutoPrompt'),
  str('--cli-error-format', 'cliErrorFormat', { choices: ERROR_FORMATS }),
  { flag: '--version', dest: 'version', action: 'version', default: false },
  str('--db', 'db'),
  flag('--remote', 'remote'),
];

/** Names of the global options, for help and completion. */
export const GLOBAL_OPTION_FLAGS: readonly string[] = GLOBAL_OPTIONS.map((o) => o.flag);

/**
 * Take the global options out of argv. Throws CliError('usage', ..., showUsage) for what the
 * CLI's argument parser rejects (bad choice, missing value, ambiguous prefix, no command),
 * CliError('usage') for the checks the CLI makes right after (--endpoint-url without a
 * scheme, both --cli-auto-prompt forms), and CliError('other') for a non-integer timeout
 * (the CLI fails there with Python's int() error, exit 255).
 */
export function splitGlobals<Q = unknown>(argv: readonly string[], opts: SplitOptions<Q> = {}): SplitResult<Q> {
  if (argv.includes('--cli-auto-prompt') && argv.includes('--no-cli-auto-prompt')) {
    throw new CliError('usage', 'Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the same time.');
  }
  const spec: ParserSpec = {
    options: GLOBAL_OPTIONS,
    positionals: [{ dest: 'command', choices: opts.commands }],
  };
  let parsed;
  try {
    parsed = parseKnownArgs(spec, argv);
  } catch (e) {
    if (e instanceof VersionRequested) {
      return { globals: { ...defaults(), version: true }, rest: [] };
    }
    if (e instanceof ArgParseError) throw new CliError('usage', e.message, { showUsage: true });
    throw e;
  }
  const v = parsed.values;
  const command = v.command as string;
  const rest = argv.filter((_, i) => !parsed.consumed.has(i));
  const globals: GlobalOptions = {
    ...defaults(),
    output: v.output as OutputFormat | undefined,
    query: v.query as string | undefined,
    region: v.region as string | undefined,
    profile: v.profile as string | undefined,
    endpointUrl: v.endpointUrl as string | undefined,
    noVerifySsl: v.noVerifySsl as boolean,
    noSignRequest: v.noSignRequest as boolean,
    caBundle: v.caBundle as string | undefined,
    noCliPager: v.noCliPager as boolean,
    cliBinaryFormat: v.cliBinaryFormat as BinaryFormat | undefined,
    color: v.color as ColorMode,
    debug: v.debug as boolean,
    noPaginate: v.noPaginate as boolean,
    cliAutoPrompt: v.cliAutoPrompt as boolean,
    noCliAutoPrompt: v.noCliAutoPrompt as boolean,
    cliErrorFormat: v.cliErrorFormat as ErrorFormat | undefined,
    db: v.db as string | undefined,
    remote: v.remote as boolean,
  };
  // The checks the CLI runs once the top-level arguments are parsed, in its order.
  const query = globals.query !== undefined && opts.compileQuery ? opts.compileQuery(globals.query) : undefined;
  if (globals.endpointUrl !== undefined && !hasUrlScheme(globals.endpointUrl)) {
    throw new CliError(
      'usage',
      `Bad value for --endpoint-url "${globals.endpointUrl}": scheme is missing.  ` +
        'Must be of the form http://<hostname>/ or https://<hostname>/',
    );
  }
  globals.cliReadTimeout = timeout(v.cliReadTimeout);
  globals.cliConnectTimeout = timeout(v.cliConnectTimeout);
  return { globals, rest, command, query };
}

/**
 * Whether argv may hold --query (or an abbreviation of it: --q, --qu, ... --query=x), so that
 * the query compiler, a module of its own, is loaded only for command lines that may need it.
 */
export function mayHaveQuery(argv: readonly string[]): boolean {
  return argv.some((a) => {
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    return name.length > 2 && '--query'.startsWith(name);
  });
}

function defaults(): GlobalOptions {
  return {
    noVerifySsl: false,
    noSignRequest: false,
    noCliPager: false,
    color: 'auto',
    debug: false,
    noPaginate: false,
    version: false,
    cliAutoPrompt: false,
    noCliAutoPrompt: false,
    remote: false,
  };
}

function timeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = pyInt(value as string);
  if (n === undefined) throw new CliError('other', intError(value as string));
  return n;
}

/** Python's urlparse(...).scheme is non-empty. */
function hasUrlScheme(url: string): boolean {
  const colon = url.indexOf(':');
  if (colon <= 0) return false;
  return /^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon));
}

/** The first word argparse would take as a positional (the operation after the service). */
export function firstPositional(args: readonly string[]): { word?: string; rest: string[] } {
  const i = args.findIndex((a) => isPositionalWord(a));
  if (i === -1) return { rest: [...args] };
  return { word: args[i], rest: [...args.slice(0, i), ...args.slice(i + 1)] };
}

function isPositionalWord(arg: string): boolean {
  if (!arg || arg[0] !== '-' || arg.length === 1) return true;
  if (/^-\d+$|^-\d*\.\d+$/.test(arg)) return true;
  return arg.includes(' ') && arg !== '--';
}

/** "argument operation: Found invalid choice 'x'" and the like, for the caller's own checks. */
export function invalidChoiceError(argument: string, value: string, choices: readonly string[]): CliError {
  return new CliError('usage', `argument ${argument}: ${invalidChoiceMessage(value, choices)}`, { showUsage: true });
}

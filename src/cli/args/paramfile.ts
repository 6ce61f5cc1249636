/**
 * `file://` and `fileb://` parameter values, as the AWS CLI v2 loads them for every
 * parameter: file:// gives the file's text (UTF-8, universal newlines, as Python's text mode
 * reads it), fileb:// its bytes. Only these two prefixes exist in v2 (no http://).
 *
 * The reader is injected so that the caller decides where files come from (tests need no
 * disk); `nodeFileReader` is the real one.
 */
import { readFileSync } from 'node:fs';
import { pyStrRepr } from './python.js';
import { pyStrerror } from '../../core/fsErrors.js';
import { homeDir } from '../../core/nodeOs.js';

/** Reads a whole file; throws a Node error (with .code) when it cannot. */
export type FileReader = (path: string) => Buffer;

export interface ParamfileContext {
  readFile: FileReader;
  /** for ~ and $VAR expansion in paths, as Python's expanduser/expandvars do */
  env: Record<string, string | undefined>;
  home?: string;
}

export const nodeFileReader: FileReader = (path) => readFileSync(path);

export function defaultParamfileContext(): ParamfileContext {
  return { readFile: nodeFileReader, env: process.env, home: homeDir() };
}

/** Why a file:// or fileb:// value could not be loaded (the text after "Error parsing parameter '--x': "). */
export class ParamfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamfileError';
  }
}

const PREFIXES = [
  ['file://', 'text'],
  ['fileb://', 'bytes'],
] as const;

/**
 * The value a parameter receives: file contents for file:// (string) or fileb:// (Buffer),
 * undefined when the value is not a file reference (the caller keeps the value as given).
 */
export function loadParamfile(value: unknown, ctx: ParamfileContext): string | Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  for (const [prefix, mode] of PREFIXES) {
    if (value.startsWith(prefix)) return readParamfile(prefix, value, mode, ctx);
  }
  return undefined;
}

function readParamfile(prefix: string, value: string, mode: 'text' | 'bytes', ctx: ParamfileContext): string | Buffer {
  const path = expandUser(expandVars(value.slice(prefix.length), ctx.env), ctx);
  let data: Buffer;
  try {
    data = ctx.readFile(path);
  } catch (e) {
    throw new ParamfileError(`Unable to load paramfile ${value}: ${osErrorText(e, path)}`);
  }
  if (mode === 'bytes') return data;
  const text = decodeUtf8Strict(data);
  if (text === undefined) {
    throw new ParamfileError(
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a ` +
        'binary file, please use the fileb:// prefix instead of the file:// prefix.',
    );
  }
  // Python's text mode: universal newlines.
  return text.replace(/\r\n?/g, '\n');
}

function decodeUtf8Strict(data: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return undefined;
  }
}

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EPERM: [1, 'Operation not permitted'],
  EISDIR: [21, 'Is a directory'],
  ENOTDIR: [20, 'Not a directory'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENAMETOOLONG: [36, 'File name too long'],
  EMFILE: [24, 'Too many open files'],
  EIO: [5, 'Input/output error'],
};

/** Python's str(OSError): "[Errno 2] No such file or directory: 'x'". */
function osErrorText(e: unknown, path: string): string {
  const code = (e as { code?: string }).code ?? '';
  const known = ERRNO[code];
  if (known) return `[Errno ${known[0]}] ${known[1]}: ${pyStrRepr(path)}`;
  // any other system error as Python words an OSError, never Node's "ECODE: ..., open '...'"
  const { errno, text } = pyStrerror(e);
  return errno === undefined ? text : `[Errno ${errno}] ${text}: ${pyStrRepr(path)}`;
}

/** os.path.expandvars: $name and ${name} for names that are set; others stay as written. */
function expandVars(path: string, env: Record<string, string | undefined>): string {
  if (!path.includes('$')) return path;
  return path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = env[key];
    return v === undefined ? whole : v;
  });
}

/** os.path.expanduser: a leading ~ (or ~ alone) becomes the home directory. */
function expandUser(path: string, ctx: ParamfileContext): string {
  if (!path.startsWith('~')) return path;
  const slash = path.indexOf('/');
  const user = slash === -1 ? path.slice(1) : path.slice(1, slash);
  if (user !== '') return path; // ~otheruser: left alone here
  const home = ctx.env.HOME ?? ctx.home;
  if (home === undefined) return path;
  const rest = slash === -1 ? '' : path.slice(slash);
  return (home.replace(/\/+$/, '') || '/') + rest;
}

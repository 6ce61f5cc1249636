/**
 * The command line's modules compiled from V8's code cache. Compiling awsmsg's JavaScript is
 * a good part of a one-shot command's start-up; the build runs a few commands once and saves
 * what V8 compiled for each bundle (dist/v8-cache/), and every later run starts from that.
 *
 * Only bundles under dist/ are loaded this way, and only when node runs without options of
 * its own (a profiler, the inspector or other V8 flags would refuse the cache anyway, and
 * source maps need Node's own loader). A cache is used only
 *   - by the Node.js version and architecture that made it (its folder is named after them:
 *     V8 itself checks only its own version, which Node's patch releases share), and
 *   - with the bundles of the build that made it: each bundle's first line names its build
 *     (src/build.mjs), and the cache starts with that name. V8 itself compares only the
 *     source's length, and two builds running at once, or a bundle rebuilt, must not mix.
 * Anything else compiles from source, as Node would. The bundles never call import() (the
 * build checks), so a cached script needs no ES module loader.
 *
 * AWSMSG_DEBUG_CODE_CACHE=1 says on standard error, per bundle, whether the cache was used.
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { Script } from 'node:vm';

/** Set by the build when it records the caches. */
const RECORD_ENV = 'AWSMSG_RECORD_CODE_CACHE';
const DEBUG_ENV = 'AWSMSG_DEBUG_CODE_CACHE';
/**
 * A bundle's first line: the build it comes from, and whether the bundle is a function
 * expression that a script hands back as it is (src/build.mjs), or a module body to wrap.
 */
const BUILD_LINE = /^\/\* awsmsg build ([0-9a-f]{16}) \*\/(\(this === globalThis \? \(f\) => f :)?/;
/** The build's id, in ASCII, before V8's data. */
const HEADER_BYTES = 16;

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
}
interface ModuleStatics {
  new (id: string, parent: unknown): ModuleInternals;
  prototype: ModuleInternals;
  wrap(source: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, ModuleInternals | undefined>;
  _extensions: unknown;
}

interface Compiled {
  script: Script;
  build: string;
  cacheFile: string;
}

/** Where the caches of this Node.js build live. */
export const codeCacheDir = (dist: string): string => join(dist, 'v8-cache', `${process.version}-${process.arch}`);

/**
 * Loads `entry` (a bundle under `dist`) with the launcher's `require`, every bundle it
 * requires compiled from the code cache. `Module` is the launcher's `module.constructor`,
 * Node's CommonJS loader (importing node:module would cost start-up time of its own).
 */
export function requireWithCodeCache(launcherRequire: NodeJS.Require, Module: unknown, distGiven: string, entryGiven: string): unknown {
  const M = Module as ModuleStatics;
  const usable = process.execArgv.length === 0 && !process.env.NODE_OPTIONS;
  if (!usable) return launcherRequire(entryGiven);
  // where the files really are, as Node's require would name them (dist/ may be a link):
  // a bundle finds better-sqlite3 from its own path (src/store/db.ts)
  const dist = realpathSync.native(distGiven);
  const entry = realpathSync.native(entryGiven);
  const cacheDir = codeCacheDir(dist);
  const recording = process.env[RECORD_ENV] === '1';
  const debug = process.env[DEBUG_ENV] === '1';
  const compiled: Compiled[] = [];
  const compileFromSource = M.prototype._compile;
  M.prototype._compile = function (this: ModuleInternals, content: string, filename: string) {
    if (!filename.startsWith(dist + sep) || !filename.endsWith('.cjs')) return compileFromSource.call(this, content, filename);
    const name = relative(dist, filename);
    const cacheFile = join(cacheDir, `${name}.v8`);
    const line = BUILD_LINE.exec(content);
    const build = line?.[1];
    const cachedData = recording || !build ? undefined : readCache(cacheFile, build);
    // compiled as it is where it can be: wrapping it would make V8 copy the whole text
    const script = new Script(line?.[2] ? content : M.wrap(content), { filename, cachedData });
    if (debug) writeSync(2, `code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'refused' : 'used'} for ${name}\n`);
    if (recording && build) compiled.push({ script, build, cacheFile });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireOf(M, this, dist, launcherRequire), this, filename, dirname(filename));
  };
  if (recording) process.on('exit', () => saveCaches(compiled));
  return loadBundle(M, entry, launcherRequire.main);
}

/**
 * A bundle loaded as Node's require would (one module per file, in require's cache, cycles
 * seeing the exports so far), but without Node's search: a bundle names the others by their
 * place under dist/, and asking the file system and package.json files where that is costs
 * about a millisecond per command.
 */
function loadBundle(M: ModuleStatics, filename: string, parent: unknown): unknown {
  const cached = M._cache[filename];
  if (cached) return cached.exports;
  const mod = new M(filename, parent);
  mod.filename = filename;
  mod.paths = M._nodeModulePaths(dirname(filename));
  M._cache[filename] = mod;
  try {
    mod._compile(readBundle(filename), filename);
  } catch (e) {
    delete M._cache[filename];
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

/** A bundle's text; a bundle that is not there fails as Node's require would say it. */
function readBundle(filename: string): string {
  try {
    return readFileSync(filename, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw Object.assign(new Error(`Cannot find module '${filename}'`), { code: 'MODULE_NOT_FOUND' });
  }
}

/** The cache made by the bundle's own build, or undefined. */
function readCache(cacheFile: string, build: string): Buffer | undefined {
  try {
    const data = readFileSync(cacheFile);
    if (data.length <= HEADER_BYTES || data.toString('latin1', 0, HEADER_BYTES) !== build) return undefined;
    return data.subarray(HEADER_BYTES);
  } catch {
    return undefined;
  }
}

/** What Node gives a module as `require`, for the bundles' use (they call it and nothing else). */
function requireOf(M: ModuleStatics, mod: ModuleInternals, dist: string, launcherRequire: NodeJS.Require): NodeJS.Require {
  const req = ((id: string) => {
    if (id.startsWith('.') && id.endsWith('.cjs')) {
      const file = join(dirname(mod.filename), id);
      if (file.startsWith(dist + sep)) return loadBundle(M, file, mod);
    }
    return mod.require(id);
  }) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  req.main = launcherRequire.main;
  req.cache = M._cache as NodeJS.Require['cache'];
  req.extensions = M._extensions as NodeJS.Require['extensions'];
  return req;
}

/**
 * After a recording run: what V8 compiled for each bundle, the functions the run called
 * included, behind the build's id. Each file appears whole (written aside, then
 * renamed), and a cache that cannot be written is simply not there.
 */
function saveCaches(compiled: Compiled[]): void {
  for (const { script, build, cacheFile } of compiled) {
    try {
      const header = Buffer.from(build, 'latin1');
      mkdirSync(dirname(cacheFile), { recursive: true });
      const aside = `${cacheFile}.${process.pid}`;
      writeFileSync(aside, Buffer.concat([header, script.createCachedData()]));
      renameSync(aside, cacheFile);
    } catch {
      // a read-only install: commands compile from source
    }
  }
}

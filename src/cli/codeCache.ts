/**
 * The command line's modules compiled from V8's code cache. Compiling awsmsg's JavaScript is
 * a good part of a one-shot command's start-up; the build runs a few commands once and saves
 * what V8 compiled for each bundle (dist/v8-cache/), and every later run starts from that.
 *
 * Only bundles under dist/ are loaded this way, and only when node runs without options of
 * its own (a profiler, the inspector or other V8 flags would refuse the cache anyway, and
 * source maps need Node's own loader). V8 refuses a cache made by another version of itself
 * or for a source of another length; then the module is compiled from its source as usual.
 * The build empties dist/ first, so a cache never outlives the bundles it was made from.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { Script, constants } from 'node:vm';

/** Set by the build when it records the caches. */
const RECORD_ENV = 'AWSMSG_RECORD_CODE_CACHE';

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  exports: unknown;
  require(id: string): unknown;
}
interface ModuleStatics {
  prototype: ModuleInternals;
  wrap(source: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: unknown;
  _extensions: unknown;
}

/**
 * Loads `entry` (a bundle under `dist`) with the launcher's `require`, every bundle it
 * requires compiled from the code cache.
 */
export function requireWithCodeCache(launcherRequire: NodeJS.Require, dist: string, entry: string): unknown {
  const M = Module as unknown as ModuleStatics;
  const usable = process.execArgv.length === 0 && !process.env.NODE_OPTIONS;
  if (!usable) return launcherRequire(entry);
  const cacheDir = join(dist, 'v8-cache');
  const recording = process.env[RECORD_ENV] === '1';
  const scripts: Array<{ script: Script; file: string }> = [];
  const compileFromSource = M.prototype._compile;
  M.prototype._compile = function (this: ModuleInternals, content: string, filename: string) {
    if (!filename.startsWith(dist + sep) || !filename.endsWith('.cjs')) return compileFromSource.call(this, content, filename);
    const file = join(cacheDir, `${relative(dist, filename)}.v8`);
    const script = new Script(M.wrap(content), {
      filename,
      cachedData: recording ? undefined : readCache(file),
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (recording) scripts.push({ script, file });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireOf(M, this, launcherRequire), this, filename, dirname(filename));
  };
  if (recording) process.on('exit', () => saveCaches(scripts));
  return launcherRequire(entry);
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** What Node gives a module as `require`, for the bundles' use (they call it and nothing else). */
function requireOf(M: ModuleStatics, mod: ModuleInternals, launcherRequire: NodeJS.Require): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  req.main = launcherRequire.main;
  req.cache = M._cache as NodeJS.Require['cache'];
  req.extensions = M._extensions as NodeJS.Require['extensions'];
  return req;
}

/** After a recording run: what V8 compiled for each bundle, the functions the run called included. */
function saveCaches(scripts: Array<{ script: Script; file: string }>): void {
  for (const { script, file } of scripts) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, script.createCachedData());
  }
}

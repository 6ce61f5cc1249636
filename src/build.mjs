// Bundles the TypeScript sources into dist/ with esbuild, for a fast start.
//
// What a command needs is one file: dist/main.cjs holds the command line's hot path (argument
// parsing, the state file, JSON output). Every `import()` in the sources marks a boundary: the
// module it names becomes a bundle of its own (dist/<path>.cjs), loaded only when that import
// runs. So `awsmsg sqs send-message` reads three files (main, the SQS model, the SQS
// operations), and help, tables, YAML, --query, prompts and the other services stay on disk.
// Modules that two bundles both import statically are copied into each; errors are branded
// (src/core/errors.ts) so `instanceof` holds across copies.
//
// The bundles are CommonJS, started by bin/awsmsg (bin/package.json makes it CommonJS too):
// Node.js loads CommonJS without initialising its ES module loader, which a one-shot command
// would otherwise pay for on every run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const src = join(root, 'src');
const out = join(root, 'dist');

/** dist file name for a source module: src/services/sqs/index.ts -> services/sqs/index.cjs */
const bundleName = (file) => relative(src, file).replace(/\.(ts|json)$/, '.cjs');

const pending = new Map(); // absolute source path (or vendor:<package>) -> bundle name, still to build
const built = new Set();
const vendorName = (spec) => `vendor/${spec.replace(/[^a-z0-9.-]+/gi, '_')}.cjs`;

function resolveSource(dir, spec) {
  const abs = resolve(dir, spec);
  if (abs.endsWith('.json')) return abs;
  return abs.replace(/\.js$/, '.ts');
}

const plugins = (self) => [
  {
    // An import() of one of our modules: leave it as a require of that module's own bundle.
    name: 'lazy-boundaries',
    setup(b) {
      const external = (name) => {
        let rel = relative(dirname(nameOf(self)), name);
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return { path: rel, external: true };
      };
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const target = resolveSource(args.resolveDir, args.path);
        if (!target.startsWith(src)) return undefined;
        if (!built.has(target) && target !== self) pending.set(target, bundleName(target));
        return external(bundleName(target));
      });
      // import() of a package (yaml, prompts): the package is a bundle of its own too.
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
        const key = `vendor:${args.path}`;
        if (!built.has(key)) pending.set(key, vendorName(args.path));
        return external(vendorName(args.path));
      });
    },
  },
  {
    // V8 parses a JSON string much faster than the same data as a JavaScript literal.
    name: 'json-as-parse',
    setup(b) {
      b.onLoad({ filter: /\.json$/ }, async (args) => ({
        contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(await readFile(args.path, 'utf8'))))});`,
        loader: 'js',
      }));
    },
  },
];

/** `import.meta.url` as a getter: a command that never asks pays nothing (the first pathToFileURL costs 0.3 ms). */
const MODULE_URL = "const __awsmsgModule = { get url() { return require('node:url').pathToFileURL(__filename).href; } };";

/**
 * A bundle is one function expression, run at once where Node's module loader wraps the file
 * in a function of its own (`this` is then the module's exports), and handed back as it is
 * where src/cli/codeCache.ts compiles the file as a script (`this` is then the global object).
 * That loader would otherwise wrap the text itself, and compiling the wrapped text makes V8
 * copy all of it: about 200 KB more of new objects per command, enough to need a garbage
 * collection (about 3 ms here) before the command ends.
 *
 * The files Node's loader reads first keep the plain form: bin/awsmsg requires
 * cli/codeCache.cjs, and ES module importers of the package (server/index.cjs) have their
 * names found by Node's lexer of CommonJS exports, which looks only at a module's top level
 * (an ES module importing any other bundle by its path would get only its default export;
 * the package's `exports` offers none of them).
 */
const SELF_RUNNING_OPEN =
  '(this === globalThis ? (f) => f : (f) => f.call(exports, exports, require, module, __filename, __dirname))(function (exports, require, module, __filename, __dirname) { ';
const SELF_RUNNING_CLOSE = '\n});';
const PLAIN_BUNDLES = new Set(['cli/codeCache.ts', 'server/index.ts', 'bench/index.ts'].map((f) => join(src, f)));
const selfRunning = (entry) => !PLAIN_BUNDLES.has(entry);

/** Names this build's bundles and the code cache made from them (src/cli/codeCache.ts). */
const buildId = randomBytes(8).toString('hex');

const nameOf = (entry) => (entry.startsWith('vendor:') ? vendorName(entry.slice(7)) : bundleName(entry));

async function bundle(entry) {
  built.add(entry);
  pending.delete(entry);
  const vendor = entry.startsWith('vendor:') ? entry.slice(7) : undefined;
  const result = await build({
    write: false,
    absWorkingDir: root,
    ...(vendor
      ? { stdin: { contents: `export * from ${JSON.stringify(vendor)};`, resolveDir: root, loader: 'js' } }
      : { entryPoints: [entry] }),
    outfile: join(out, nameOf(entry)),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // better-sqlite3's JavaScript is bundled; its native addon stays in node_modules (src/store/db.ts)
    external: ['esbuild', '*.node'],
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    // shorter local names: a command reads and compiles about a fifth less code. This covers
    // the packages bundled with awsmsg's own code too (nothing depends on a function's or
    // class's name: errors are told apart by instanceof and codes); packages loaded on
    // their own (vendor/) keep theirs. Stack traces name the sources with
    // `node --enable-source-maps`.
    minifyIdentifiers: !vendor,
    logLevel: 'warning',
    define: {
      AWSMSG_VERSION: JSON.stringify(pkg.version),
      'import.meta.url': '__awsmsgModule.url',
    },
    // the build's id first: a code cache is used only with the bundles of its own build
    banner: { js: `/* awsmsg build ${buildId} */${selfRunning(entry) ? SELF_RUNNING_OPEN : ' '}${MODULE_URL}` },
    footer: selfRunning(entry) ? { js: SELF_RUNNING_CLOSE } : undefined,
    plugins: plugins(entry),
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.path.endsWith('.cjs') ? requireLazyBundles(file.text) : file.text);
  }
}

/**
 * esbuild leaves import() of an external file as it is; in CommonJS that would start the ES
 * module loader and wrap the bundle's exports once more. A require() in a promise keeps the
 * import()'s meaning (the module's exports, later) without either.
 */
const requireLazyBundles = (code) =>
  code.replace(/\bimport\((["'])(\.{1,2}\/[^"']+\.cjs)\1\)/g, (_, q, path) => `Promise.resolve().then(() => require(${q}${path}${q}))`);

rmSync(out, { recursive: true, force: true });
for (const entry of ['cli/main.ts', 'cli/codeCache.ts', 'bench/index.ts', 'server/index.ts']) pending.set(join(src, entry), bundleName(join(src, entry)));
while (pending.size > 0) {
  const batch = [...pending.keys()];
  await Promise.all(batch.map((entry) => bundle(entry)));
}

checkNoImportCalls();
recordCodeCache();

/**
 * The command line's bundles are compiled by src/cli/codeCache.ts as scripts without an ES
 * module loader: an import() left in one would fail when it runs. (The bench runs on its own.)
 */
function checkNoImportCalls() {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(out)) {
    if (!file.endsWith('.cjs') || relative(out, file).startsWith('bench')) continue;
    const call = /\bimport\((["'`])[^"'`]*\1\)/.exec(readFileSync(file, 'utf8'));
    if (call) throw new Error(`${relative(root, file)} calls ${call[0]}: use a static import, or import() of one of awsmsg's modules`);
  }
}

/**
 * V8's code cache for the command line (src/cli/codeCache.ts): a few everyday commands run
 * once against a scratch state file, and each bundle they load is saved as V8 compiled it.
 * The command most often run from scripts, `sqs send-message`, runs last, so the shared
 * bundles are cached as it uses them.
 */
function recordCodeCache() {
  const scratch = mkdtempSync(join(tmpdir(), 'awsmsg-build-'));
  // Only what the commands need: always the local state file, never an endpoint or AWS
  // that the environment names, and no node options (they would turn the cache off).
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    AWSMSG_DB: join(scratch, 'state.db'),
    AWSMSG_TARGET: 'local',
    AWS_CONFIG_FILE: join(scratch, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
    AWSMSG_RECORD_CODE_CACHE: '1',
  };
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/build';
  const commands = [
    ['sqs', 'create-queue', '--queue-name', 'build'],
    ['sns', 'create-topic', '--name', 'build'],
    ['kinesis', 'create-stream', '--stream-name', 'build', '--shard-count', '1'],
    ['sqs', 'receive-message', '--queue-url', queueUrl],
    ['sns', 'list-topics'],
    ['sqs', 'list-queues', '--query', 'QueueUrls[0]', '--output', 'text'],
    ['sqs', 'send-message', '--queue-url', queueUrl, '--message-body', 'hello'],
  ];
  try {
    for (const args of commands) {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'awsmsg'), ...args], { env, encoding: 'utf8' });
      if (r.status !== 0) {
        // The cache only makes commands start sooner: without it they compile from source.
        process.stderr.write(`awsmsg build: no code cache from \`awsmsg ${args.join(' ')}\` (${r.stderr.trim() || `exit ${r.status}`})\n`);
        return;
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

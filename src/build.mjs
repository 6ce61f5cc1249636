// Bundles the TypeScript sources into dist/ with esbuild. Code splitting keeps start-up
// light: a command loads the chunk of its own service only, and heavy modules (prompts,
// tables, YAML) are separate chunks loaded when used.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', bench: 'src/bench/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { AWSMSG_VERSION: JSON.stringify(pkg.version) },
  plugins: [
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
  ],
  banner: {
    // Bundled CommonJS dependencies (commander, cli-table3) call require().
    js: "import { createRequire as __awsmsgCreateRequire } from 'node:module'; const require = __awsmsgCreateRequire(import.meta.url);",
  },
});

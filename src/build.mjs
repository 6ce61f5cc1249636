// Bundles the TypeScript sources into dist/ with esbuild. Code splitting keeps start-up
// light: a command loads the chunk of its own service only, and heavy modules (prompts,
// tables, YAML) are separate chunks loaded when used.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
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
  banner: {
    // Bundled CommonJS dependencies (commander, cli-table3) call require().
    js: "import { createRequire as __awsmsgCreateRequire } from 'node:module'; const require = __awsmsgCreateRequire(import.meta.url);",
  },
});

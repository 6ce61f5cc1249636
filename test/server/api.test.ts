/**
 * The package's export, `import { startServer } from 'awsmsg'`: the built bundle answers
 * from a test suite's process, and the published types (src/server/api.d.ts) say exactly what
 * src/server/index.ts does (checked when the suite is type-checked, `npx tsc --noEmit`).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Declared from '../../src/server/api.js';
import type * as Implemented from '../../src/server/index.js';
import { ROOT } from '../helpers/cli.js';

/** true only when A and B are each assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const optionsAgree: Same<Declared.ServerOptions, Implemented.ServerOptions> = true;
const serverAgrees: Same<Declared.RunningServer, Implemented.RunningServer> = true;
const startAgrees: Same<typeof Declared.startServer, typeof Implemented.startServer> = true;

describe("import { startServer } from 'awsmsg'", () => {
  it('the declared types are those of the implementation', () => {
    expect([optionsAgree, serverAgrees, startAgrees]).toEqual([true, true, true]);
  });

  it('the built package serves a test suite in its own process, ESM and CommonJS alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-api-'));
    try {
      const esm = `
        const { startServer } = await import('awsmsg');
        const server = await startServer({ port: 0, db: ${JSON.stringify(join(dir, 'esm.db'))} });
        const r = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.CreateQueue', 'content-type': 'application/x-amz-json-1.0' }, body: '{"QueueName":"api"}' });
        console.log(JSON.stringify({ url: server.url, status: r.status, body: await r.json() }));
        await server.close();`;
      const cjs = `
        const { startServer } = require('awsmsg');
        startServer({ port: 0, db: ${JSON.stringify(join(dir, 'cjs.db'))} }).then(async (server) => {
          const r = await fetch(server.url + '/_awsmsg/health');
          console.log(JSON.stringify({ url: server.url, status: r.status, body: await r.json() }));
          await server.close();
        });`;
      for (const [flag, code] of [['--input-type=module', esm], ['--input-type=commonjs', cjs]] as const) {
        // run from the package's own directory: a package may import itself by name
        const out = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [flag, '-e', code], { cwd: ROOT });
          let stdout = '';
          let stderr = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.on('close', (status) => resolve({ status, stdout, stderr }));
        });
        expect(out.status, out.stderr).toBe(0);
        const result = JSON.parse(out.stdout) as { url: string; status: number; body: Record<string, unknown> };
        expect(result.status).toBe(200);
        expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        if (flag === '--input-type=module') expect(result.body).toEqual({ QueueUrl: `${result.url}/000000000000/api` });
        else expect(result.body).toMatchObject({ status: 'ok', stateFile: join(dir, 'cjs.db') });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

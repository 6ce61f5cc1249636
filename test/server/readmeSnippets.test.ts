/**
 * The README's "Use it from your programs" snippets, run as written against a server of the
 * test's own: the JavaScript ones as ES modules inside the checkout (so that the SDK and
 * `awsmsg` itself resolve), the Python one with python3 and boto3, the shell one with the
 * AWS CLI. Only the endpoint's port (and the test-suite snippet's state file) are changed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { ROOT } from '../helpers/cli.js';

interface Snippet {
  lang: string;
  code: string;
}

function snippets(): Snippet[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it from your programs');
  const end = readme.indexOf('\n## ', start + 5);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

const all = snippets();
let dir: string;
let scratch: string;
let server: RunningServer;
const local = (code: string) => code.replaceAll('http://127.0.0.1:4566', server.url);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-snippets-'));
  // inside the checkout, so that `import 'awsmsg'` and the SDK resolve from node_modules
  mkdirSync(join(ROOT, '.vitest-tmp'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, '.vitest-tmp', 'snippets-'));
  server = await startServer({ port: 0, db: join(dir, 'state.db') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs a process without blocking this one's event loop: the server answers from here. */
function run(cmd: string, args: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env(), cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const env = () => ({ PATH: process.env.PATH, HOME: dir, AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });

describe('README: Use it from your programs', () => {
  test('has the JavaScript, Python and shell snippets', () => {
    expect(all.map((s) => s.lang)).toEqual(['sh', 'js', 'python', 'sh', 'js']);
  });

  test('the SDK v3 snippet sends and receives through the server', async () => {
    const file = join(scratch, 'sdk.mjs');
    writeFileSync(file, local(all[1]!.code));
    const r = await run(process.execPath, [file], scratch);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toBe('order 1\n');
  });

  test('the boto3 snippet creates a stream, waits for it, puts and gets a record', async () => {
    const r = await run('python3', ['-c', local(all[2]!.code)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`b'{"lat": 52.52}'\n`);
  });

  test('the AWS CLI snippet reaches the server through AWS_ENDPOINT_URL', async () => {
    const r = await run('bash', ['-c', local(all[3]!.code)]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:orders' });
  });

  test('the test-suite snippet starts and stops a server of its own', async () => {
    const file = join(scratch, 'suite.mjs');
    writeFileSync(file, `${all[4]!.code.replace("'test-state.db'", JSON.stringify(join(dir, 'suite.db')))}\nconsole.log(process.env.AWS_ENDPOINT_URL);\n`);
    const r = await run(process.execPath, [file], scratch);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});

/**
 * The first command on a new state file creates and migrates it. When several processes run
 * their first command on the same new file at once, every one must succeed: the check of
 * what the file is (application_id, user_version, its tables) and the migration are one
 * serialised step, and a busy file is waited for, never reported as "not an awsmsg state
 * file" or as busy. Real processes, released together for each new file, many times over.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../helpers/bundle.js';
import { ROOT } from '../helpers/cli.js';
import { openStore } from '../../src/store/db.js';

const PROCESSES = 8;
const ROUNDS = 60;

let worker: { path: string; remove(): void };
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  worker = await bundleWorker('test/store/openWorker.ts');
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-first-open-'));
});
afterAll(() => {
  for (const c of children) c.kill();
  worker?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A worker process and a way to read its next JSON line. */
function start(name: string): { child: ChildProcessWithoutNullStreams; next(): Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [worker.path, name], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } });
  children.push(child);
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queued.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const line = queued.shift();
      if (line !== undefined) return resolve(JSON.parse(line));
      waiting.push((l) => resolve(JSON.parse(l)));
      child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${stderr}`)));
    });
  return { child, next };
}

describe('first open of a new state file', () => {
  it(`${PROCESSES} processes at once on each of ${ROUNDS} new files: every one succeeds`, async () => {
    const workers = Array.from({ length: PROCESSES }, (_, i) => start(`q${i}`));
    for (const w of workers) expect(await w.next()).toEqual({ ready: expect.any(String) });
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const path = join(dir, `state-${round}.db`);
      // one write for all: they are released as close together as the pipes allow
      for (const w of workers) w.child.stdin.write(`${path}\n`);
      const replies = await Promise.all(workers.map((w) => w.next()));
      replies.forEach((r, i) => {
        if (r.ok !== true) failures.push(`round ${round}, process ${i}: ${String(r.error)}`);
      });
      // and the file holds what each one made
      if (failures.length === 0) {
        const store = openStore(path);
        const names = store.db.prepare('SELECT name FROM sqs_queues ORDER BY name').pluck().all();
        store.close();
        expect(names).toEqual(workers.map((_, i) => `q${i}`));
      }
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
    expect(failures).toEqual([]);
  }, 240_000);
});

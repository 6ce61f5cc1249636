/**
 * Output and errors are written whole and in order. With `2>&1` both go to one pipe; Node
 * writes to a full pipe asynchronously, so an error longer than the pipe (64 KiB on Linux)
 * used to be finished only after the next command of a script had printed, and a later
 * command's output landed in the middle of the error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('standard output and error', () => {
  it('a script under 2>&1: a 100 KiB error is not cut by the next commands\' output', () => {
    const expression = `[[${'a'.repeat(100 * 1024)}`;
    const script = join(sb.dir, 'long-error.txt');
    writeFileSync(script, [`sqs list-queues --query '${expression}'`, 'sqs get-queue-url --queue-name after', 'sqs list-queues', ''].join('\n'));
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'after']).status).toBe(0);
    // a reader that starts late: the pipe is full when the error is written, every time
    const command = `"${process.execPath}" "${BIN}" shell --continue "${script}" 2>&1 | (sleep 0.3; cat)`;
    for (let run = 0; run < 3; run++) {
      const r = spawnSync('sh', ['-c', command], { env: sb.env, encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 });
      const lines = r.stdout.split('\n');
      // the error is one piece: its expression line whole, then the caret line
      const at = lines.findIndex((l) => l.startsWith('Bad value for --query'));
      expect(at, r.stdout.slice(0, 300)).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`"${expression}"`);
      expect(lines[at + 2]).toMatch(/^ +\^$/);
      // and everything after it comes after it, in order
      const rest = lines.slice(at + 3).join('\n');
      expect(rest).toMatch(/^\$ sqs get-queue-url --queue-name after\n\{\n {4}"QueueUrl": ".*\/after"\n\}\n\$ sqs list-queues\n\{\n/);
      expect(r.stdout.split('$ sqs get-queue-url').length).toBe(2);
    }
  });
});

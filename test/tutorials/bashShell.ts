/**
 * A lesson's shell for the tests: one bash per lesson, in the lesson's folder, with the
 * lesson's state file in AWSMSG_DB and bin/awsmsg on the PATH, fed the lines the lesson shows
 * exactly as a reader would paste them. It keeps every line it was given, so a test can check
 * that each line the lesson showed went through it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname } from 'node:path';
import type { LessonPlace, LessonShell, LineResult } from '../../src/tutorials/engine.js';
import type { Vars } from '../../src/tutorials/lesson.js';
import { BIN } from '../helpers/cli.js';

const MARK = '@@awsmsg-lesson-line-done@@';

export interface BashShell extends LessonShell {
  /** every line run or started, in order */
  readonly lines: string[];
}

export function bashShell(baseEnv: NodeJS.ProcessEnv, place: LessonPlace): BashShell {
  const env = { ...baseEnv, PATH: `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}`, AWSMSG_DB: place.db };
  const bash: ChildProcessWithoutNullStreams = spawn('bash', ['--noprofile', '--norc'], { cwd: place.dir, env });
  let stdout = '';
  let stderr = '';
  let waiting: (() => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  bash.on('close', () => failed?.(new Error('bash ended while running a line')));
  bash.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    waiting?.();
  });
  bash.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    waiting?.();
  });
  const lines: string[] = [];
  let queue = Promise.resolve();

  /** Runs text in the bash; what it printed up to the marks, and its status. */
  const exec = (text: string): Promise<LineResult> => {
    const run = queue.then(
      () =>
        new Promise<LineResult>((resolve, reject) => {
          stdout = '';
          stderr = '';
          const check = () => {
            const out = stdout.indexOf(`\n${MARK} `);
            const err = stderr.indexOf(`\n${MARK}\n`);
            if (out < 0 || err < 0 || !stdout.slice(out).includes('\n', 1)) return;
            waiting = undefined;
            failed = undefined;
            const status = Number(stdout.slice(out + MARK.length + 2).split('\n')[0]);
            resolve({ status, stdout: stdout.slice(0, out), stderr: stderr.slice(0, err) });
          };
          waiting = check;
          failed = reject;
          bash.stdin.write(`${text}\n__status=$?; printf '\\n%s %d\\n' '${MARK}' "$__status"; printf '\\n%s\\n' '${MARK}' >&2\n`);
        }),
    );
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  return {
    lines,
    run(line) {
      lines.push(line);
      return exec(line);
    },
    async get(name) {
      const r = await exec(`printf '%s' "\${${name}-}"`);
      return r.stdout;
    },
    spawn(line: string, vars: Vars) {
      lines.push(line);
      // another terminal, where the reader has set the same variables
      return spawn('bash', ['--noprofile', '--norc', '-c', `exec ${line}`], { cwd: place.dir, env: { ...env, ...vars }, stdio: ['ignore', 'pipe', 'pipe'] });
    },
    async close() {
      bash.stdin.end();
      if (bash.exitCode === null) await new Promise((r) => bash.once('close', r));
    },
  };
}

/**
 * The help pages' examples, run for real: each in a bash of its own on a fresh state file
 * (HOME, AWSMSG_DB and the working directory in a temporary folder, bin/ on PATH), its setup
 * lines first, then the command with its standard error joined to standard output.
 *
 * Recording: `AWSMSG_RECORD_HELP=1 npx vitest run --config test/vitest.config.ts test/help/`
 * writes what each example printed into src/help/examples/<file>.json (the pages show it).
 * Checking (every other run): each example must print what is recorded, up to `normalised`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import type { HelpExample, RecordedOutput, RecordedOutputs } from '../../src/help/types.js';
import { BIN, ROOT } from '../helpers/cli.js';

export const RECORDING = process.env.AWSMSG_RECORD_HELP === '1';

/**
 * What differs from run to run, masked alike on both sides (keeping each value's length, so a
 * table's layout still counts): UUIDs (message ids, subscription ARNs), receipt handles
 * (AQEB...), sequence numbers (SQS FIFO and Kinesis, 17 digits or more), ISO 8601 times, epoch times in seconds or
 * milliseconds (SentTimestamp, CreatedTimestamp), shard iterators and next tokens (long
 * base64), SNS signatures, signing certificate names (SimpleNotificationService-HASH.pem) and
 * the one-time passwords of the SMS sandbox, the example's temporary directory (state file
 * paths), and certificate fingerprints and validity times.
 */
export function normalised(text: string): string {
  const keep = (ch: string) => (m: string) => ch.repeat(m.length);
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, keep('U'))
    .replace(/AQEB[A-Za-z0-9+/=]+/g, keep('H'))
    .replace(/\b\d{17,}\b/g, keep('N'))
    // (the AWS CLI leaves out a time's microseconds when they are 0: counted as if there)
    .replace(/(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(\.\d+)?(\+00:00|Z)?/g, (_, t: string, f?: string, z?: string) =>
      'T'.repeat(t.length + (f?.length ?? '.000000'.length) + (z?.length ?? 0)),
    )
    .replace(/\b1[6-9]\d{8}(\d{3})?(\.\d+)?\b/g, keep('E'))
    .replace(/[A-Za-z0-9+/_-]{60,}={0,2}/g, keep('B'))
    .replace(/(SimpleNotificationService-)([0-9a-f]+)(\.pem)/g, (_, a: string, b: string, c: string) => a + 'F'.repeat(b.length) + c)
    .replace(/(verification code is: )\d+/g, (_, a: string) => `${a}000000`)
    .replace(/awsmsg-help-[A-Za-z0-9]{6}/g, keep('D'))
    .replace(/\b([0-9A-F]{2}:){31}[0-9A-F]{2}\b/g, keep('F'))
    .replace(/[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT/g, keep('T'))
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export interface ExampleRun {
  status: number;
  output: string;
}

const MARK = '@@awsmsg-help-example@@';

/** Runs one example: setup, then the command, in one bash on a fresh state file. */
export function runExample(ex: HelpExample): ExampleRun {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-help-'));
  try {
    const out = join(dir, 'example-output');
    // a command that runs until Ctrl-C runs in the background, in a process group of its own
    // (set -m), and gets SIGINT once its output shows what the example is about
    const run = ex.stopAfter
      ? [
          'set -m',
          `{ ${ex.command}\n} > ${out} 2>&1 &`,
          'job=$!',
          `until grep -qF -- ${quote(ex.stopAfter)} ${out}; do sleep 0.05; done`,
          'kill -INT -- -$job',
          'wait $job',
          'status=$?',
          `cat ${out}`,
          'echo "@@status $status"',
        ]
      : [`{ ${ex.command}\n} 2>&1`, 'echo "@@status $?"'];
    const script = ['set -eu', ...(ex.setup ?? []).map((l) => `{ ${l}\n} >/dev/null`), `echo ${MARK}`, 'set +e', ...run].join('\n');
    const r = spawnSync('bash', ['-c', script], {
      env: {
        PATH: `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}`,
        HOME: dir,
        AWSMSG_DB: join(dir, 'state.db'),
        AWS_CONFIG_FILE: join(dir, 'aws-config'),
        TZ: 'UTC',
      },
      encoding: 'utf8',
      cwd: dir,
      timeout: 60_000,
    });
    const at = r.stdout.indexOf(`${MARK}\n`);
    if (at < 0) throw new Error(`the example's setup failed:\n${r.stdout}${r.stderr}`);
    const after = r.stdout.slice(at + MARK.length + 1);
    const m = /@@status (\d+)\n$/.exec(after);
    if (!m) throw new Error(`the example did not finish:\n${r.stdout}${r.stderr}`);
    return { status: Number(m[1]), output: after.slice(0, m.index) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tests of one file of examples: each page's examples run and compared (or recorded). */
export function exampleTests(file: string, pages: Record<string, readonly HelpExample[]>): void {
  const path = join(ROOT, 'src', 'help', 'examples', `${file}.json`);
  const recorded = JSON.parse(readFileSync(path, 'utf8')) as RecordedOutputs;
  const fresh: RecordedOutputs = {};
  for (const [key, examples] of Object.entries(pages)) {
    it(`${key}: its examples print what the page shows`, () => {
      const outs: RecordedOutput[] = [];
      examples.forEach((ex, i) => {
        const run = runExample(ex);
        expect(run.status, `${ex.command}\n${run.output}`).toBe(ex.exitStatus ?? 0);
        outs.push({ command: ex.command, output: run.output });
        if (RECORDING) return;
        const shown = recorded[key]?.[i];
        expect(shown?.command, `example ${i + 1} of ${key} is recorded (AWSMSG_RECORD_HELP=1 records it)`).toBe(ex.command);
        const masked = (text: string) => (ex.varies ?? []).reduce((t, re) => t.replace(new RegExp(re, 'g'), '<varies>'), normalised(text));
        expect(masked(run.output), ex.command).toBe(masked(shown!.output));
      });
      fresh[key] = outs;
    });
  }
  if (RECORDING) {
    it(`records the outputs into src/help/examples/${file}.json`, () => {
      // pages whose examples did not run this time (vitest -t) keep what they had
      const ordered = Object.fromEntries(
        Object.keys(pages)
          .filter((k) => fresh[k] ?? recorded[k])
          .map((k) => [k, fresh[k] ?? recorded[k]!]),
      );
      writeFileSync(path, `${JSON.stringify(ordered, null, 2)}\n`);
    });
  }
}

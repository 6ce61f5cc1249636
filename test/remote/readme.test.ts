/**
 * The README's walk-throughs (SQS, SNS, Kinesis), the same command lines run unchanged against
 * remote endpoints on loopback: `awsmsg serve` in another process (reached through
 * AWS_ENDPOINT_URL, as a user who exported it would) and moto_server (through --endpoint-url
 * on every command line: a shell function puts it in front). Each command must print what the
 * README shows, with what legitimately differs masked: queue URLs point at the endpoint (as
 * awsmsg serve hands them out and as moto does), and ids, handles and times change from run
 * to run. Where moto differs from AWS (AWS-NOTES.md) the difference is named below.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { masked, walkThroughs, type Step } from '../helpers/readme.js';
import { motoMissing, remoteEnv, startMoto, startServe, type Endpoint } from './helpers.js';

const SECTIONS = ['Walk-through: SQS', 'Walk-through: SNS fan-out into SQS', 'Walk-through: Kinesis, trucks and partition keys'];
const MARK = '@@awsmsg-remote-step@@';

interface StepResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs the steps in one bash, each command's stdout, stderr and status kept apart. */
function runSteps(dir: string, env: NodeJS.ProcessEnv, steps: Step[], prelude: string[] = []): StepResult[] {
  const script = [
    'set -u',
    ...prelude,
    ...steps.flatMap((s, i) => [`echo ${MARK}`, `{ ${s.command}\n} 2>"${dir}/err.${i}"`, `echo "${MARK}status $?"`]),
  ].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    env: { ...env, PATH: `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}` },
    encoding: 'utf8',
    cwd: dir,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  const parts = r.stdout.split(`${MARK}\n`).slice(1);
  return parts.map((p, i) => {
    const m = new RegExp(`${MARK}status (\\d+)\\n$`).exec(p);
    return {
      stdout: m ? p.slice(0, m.index) : p,
      status: m ? Number(m[1]) : -1,
      stderr: readFileSync(join(dir, `err.${i}`), 'utf8'),
    };
  });
}

/** What differs by endpoint, not by behaviour: queue URLs name the endpoint that made them. */
const sameEndpoint = (text: string, ep: Endpoint): string => text.replaceAll(ep.url, 'https://sqs.us-east-1.amazonaws.com');

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const sections = walkThroughs(README).filter((s) => SECTIONS.includes(s.title));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'awsmsg-remote-readme-'));
  dirs.push(d);
  return d;
}

describe('the README walk-throughs against awsmsg serve in another process (AWS_ENDPOINT_URL)', () => {
  it('are all there', () => expect(sections.map((s) => s.title)).toEqual(SECTIONS));
  for (const section of sections) {
    it(section.title, async () => {
      const server = await startServe();
      try {
        const dir = tempDir();
        const results = runSteps(dir, remoteEnv(dir, { AWS_ENDPOINT_URL: server.url }), section.steps);
        expect(results).toHaveLength(section.steps.length);
        section.steps.forEach((step, i) => {
          const r = results[i]!;
          expect(r.stderr, `$ ${step.command}`).toBe('');
          expect(r.status, `$ ${step.command}`).toBe(0);
          expect(masked(sameEndpoint(r.stdout, server)), `$ ${step.command}`).toBe(masked(step.expected));
        });
        // everything went to the server: no local state file was made
        expect(existsSync(join(dir, 'local.db'))).toBe(false);
      } finally {
        await server.stop();
      }
    }, 90_000);
  }
});

const noMoto = motoMissing('test/remote/readme.test.ts');

/**
 * moto's known departures from AWS in these walk-throughs (AWS-NOTES.md): Kinesis sequence
 * numbers are "1", "2"... rather than AWS's 56 digits, and receipt handles are not in AWS's
 * form. Both are masked on both sides.
 */
function motoMasked(text: string): string {
  return masked(text)
    .replace(/"SequenceNumber": "[N\d]+"/g, '"SequenceNumber": "<seq>"')
    .replace(/^[A-Za-z0-9+/=_-]{20,}$/gm, '<receipt handle>')
    .replace(/^H{20,}$/gm, '<receipt handle>');
}

describe.skipIf(noMoto)('the README walk-throughs against moto_server (--endpoint-url)', () => {
  for (const section of sections) {
    it(section.title, async () => {
      const moto = await startMoto();
      try {
        const dir = tempDir();
        // every awsmsg command line of the walk-through gets --endpoint-url in front
        const prelude = [`awsmsg() { command awsmsg --endpoint-url ${moto.url} "$@"; }`];
        const results = runSteps(dir, remoteEnv(dir), section.steps, prelude);
        for (const [i, step] of section.steps.entries()) {
          const r = results[i]!;
          if (/^awsmsg clock\b/.test(step.command)) {
            // moto has no clock to move: the command refuses, and what follows in the
            // walk-through (a message come back after its visibility timeout) cannot happen
            expect(r.status).toBe(252);
            expect(r.stderr).toContain('awsmsg clock works on the local state file only');
            console.log(`${section.title} against moto: stopped at "${step.command}" (moto has no clock to move); the steps before it matched`);
            break;
          }
          expect(r.stderr, `$ ${step.command}`).toBe('');
          expect(r.status, `$ ${step.command}`).toBe(0);
          expect(motoMasked(sameEndpoint(r.stdout, moto)), `$ ${step.command}`).toBe(motoMasked(step.expected));
        }
        expect(existsSync(join(dir, 'local.db'))).toBe(false);
      } finally {
        await moto.stop();
      }
    }, 90_000);
  }
});

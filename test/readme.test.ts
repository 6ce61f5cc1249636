/**
 * The README's walk-throughs, run as written. Every ```console block is a series of
 * `$ command` lines (continued with a trailing backslash) each followed by what it prints; the
 * blocks of one section run in order in one bash, on a fresh state file, and each command must
 * print what the README shows. Values that differ from run to run (message ids, receipt
 * handles, sequence numbers, times) are masked alike on both sides, keeping their length, so a
 * table's layout still counts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliSandbox, ROOT, type CliSandbox } from './helpers/cli.js';
import { masked, walkThroughs, type Step } from './helpers/readme.js';

const MARK = '@@awsmsg-readme-step@@';

/** Runs a section's commands in one bash and returns what each printed. */
function runSection(sb: CliSandbox, steps: Step[]): string[] {
  const script = ['set -u', ...steps.flatMap((s) => [`echo ${MARK}`, s.command])].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    env: { ...sb.env, PATH: `${dirname(BIN)}:${dirname(process.execPath)}:${process.env.PATH}`, AWS_DEFAULT_REGION: 'us-east-1' },
    encoding: 'utf8',
    cwd: sb.dir,
    timeout: 60_000,
  });
  if (r.stderr.trim()) throw new Error(`the walk-through wrote to stderr:\n${r.stderr}`);
  return r.stdout.split(`${MARK}\n`).slice(1);
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const sandboxes: CliSandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.cleanup()));

describe('the README walk-throughs print what they show', () => {
  const sections = walkThroughs(README);

  it('are found', () => {
    expect(sections.map((s) => s.title)).toEqual(
      expect.arrayContaining(['Quick start', 'Walk-through: SQS', 'Walk-through: SNS fan-out into SQS', 'Walk-through: Kinesis, trucks and partition keys']),
    );
  });

  for (const section of sections) {
    it(section.title, () => {
      const sb = cliSandbox();
      sandboxes.push(sb);
      // the quick start's first command, in the block before its console example
      if (section.title === 'Quick start') expect(sb.run(['sqs', 'create-queue', '--queue-name', 'demo']).status).toBe(0);
      const outputs = runSection(sb, section.steps);
      expect(outputs).toHaveLength(section.steps.length);
      section.steps.forEach((step, i) => {
        expect(masked(outputs[i]!), `$ ${step.command}`).toBe(masked(step.expected));
      });
    });
  }
});

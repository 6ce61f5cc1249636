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

interface Step {
  command: string;
  expected: string;
}

interface Section {
  title: string;
  steps: Step[];
}

/** The console blocks of the README, section by section. */
function walkThroughs(markdown: string): Section[] {
  const sections: Section[] = [];
  let title = '';
  let inConsole = false;
  let current: Step | undefined;
  let continued = false;
  for (const line of markdown.split('\n')) {
    if (!inConsole) {
      if (line.startsWith('## ')) title = line.slice(3);
      if (line === '```console') {
        inConsole = true;
        if (sections.at(-1)?.title !== title) sections.push({ title, steps: [] });
      }
      continue;
    }
    if (line === '```') {
      inConsole = false;
      current = undefined;
      continue;
    }
    if (continued && current) {
      current.command += `\n${line}`;
      continued = line.endsWith('\\');
    } else if (line.startsWith('$ ')) {
      current = { command: line.slice(2), expected: '' };
      sections.at(-1)!.steps.push(current);
      continued = line.endsWith('\\');
    } else if (current) {
      current.expected += `${line}\n`;
    }
  }
  return sections;
}

/** Masks what changes from run to run, keeping each value's length. */
function masked(text: string): string {
  const keepLength = (ch: string) => (m: string) => ch.repeat(m.length);
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, keepLength('U'))
    .replace(/AQEB[A-Za-z0-9+/=]+/g, keepLength('H'))
    .replace(/\b\d{40,}\b/g, keepLength('N'))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)/g, keepLength('T'))
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

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

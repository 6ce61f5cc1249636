/**
 * The README's SQS, SNS and Kinesis walk-throughs pasted into `awsmsg shell` unchanged: the
 * variables (Q=..., T=...), the for loop, `$(echo ... | base64)` and `IT=$(awsmsg ...)` all
 * work there, and every command prints what the README shows. They run twice: as written
 * (`awsmsg sqs ...`) and without the leading `awsmsg`, as one types them in the shell. awsmsg
 * is not on PATH here: the `awsmsg` inside the loop and the substitution must run in the shell.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox, ROOT, type CliSandbox } from '../helpers/cli.js';
import { masked, walkThroughs, type Step } from '../helpers/readme.js';

const SECTIONS = ['Walk-through: SQS', 'Walk-through: SNS fan-out into SQS', 'Walk-through: Kinesis, trucks and partition keys'];
const sections = walkThroughs(readFileSync(join(ROOT, 'README.md'), 'utf8')).filter((s) => SECTIONS.includes(s.title));
const sandboxes: CliSandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.cleanup()));

/** Feeds the lines to `awsmsg shell` and cuts its output at each command's echo (`$ ...`). */
function runInShell(steps: Step[]): { outputs: string[]; stderr: string; status: number } {
  const sb = cliSandbox();
  sandboxes.push(sb);
  const input = steps.map((s) => `${s.command}\n`).join('');
  const r = sb.run(['shell'], { input, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  const outputs: string[] = [];
  let at = 0;
  steps.forEach((s, i) => {
    const echo = `$ ${s.command.trim()}\n`;
    const found = r.stdout.indexOf(echo, at);
    if (found < 0) throw new Error(`the shell never ran ${JSON.stringify(s.command)}; it printed:\n${r.stdout}\n${r.stderr}`);
    if (i > 0) outputs.push(r.stdout.slice(at, found));
    at = found + echo.length;
  });
  outputs.push(r.stdout.slice(at));
  return { outputs, stderr: r.stderr, status: r.status };
}

describe('the README walk-throughs pasted into awsmsg shell', () => {
  it('are found', () => expect(sections.map((s) => s.title)).toEqual(SECTIONS));

  for (const section of sections) {
    for (const variant of ['as written', 'without awsmsg in front'] as const) {
      it(`${section.title} (${variant})`, () => {
        const steps = section.steps.map((s) => ({
          ...s,
          command: variant === 'as written' ? s.command : s.command.replace(/^awsmsg /, ''),
        }));
        if (variant !== 'as written') expect(steps.some((s) => s.command.startsWith('sqs ') || s.command.startsWith('kinesis '))).toBe(true);
        const r = runInShell(steps);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        steps.forEach((step, i) => expect(masked(r.outputs[i]!), step.command).toBe(masked(step.expected)));
      });
    }
  }
});

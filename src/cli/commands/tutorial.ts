import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import type { CommandEnv } from '../run.js';
import { loadLesson, TUTORIALS } from '../../tutorials/names.js';
import { useColor } from '../print.js';
import { globalArgs } from '../../repl/globals.js';

/** `awsmsg tutorial` lists the lessons; `awsmsg tutorial <name>` plays one. */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .argument('[name]', 'the lesson to play (without it, the list)')
    .option('--yes', 'play straight through without waiting for Enter')
    .action(async (name: string | undefined, opts: { yes?: boolean }) => {
      if (name === undefined) {
        const width = Math.max(...TUTORIALS.map((t) => t.name.length));
        env.io.out('Lessons (play one with: awsmsg tutorial <name>):\n\n');
        for (const t of TUTORIALS) env.io.out(`  ${t.name.padEnd(width)}  ${t.title}: ${t.summary}\n`);
        const target = env.target();
        if (target) {
          const remote = TUTORIALS.filter((t) => t.remote).map((t) => t.name).join(', ');
          env.io.out(`\nOn ${target.label} (a remote target) these run, with names of their own, removed at the end: ${remote}.\nThe others move the clock, which only a local state file has.\n`);
        }
        return;
      }
      const lesson = await loadLesson(name);
      if (!lesson) {
        const known = TUTORIALS.map((t) => t.name).join(', ');
        throw new CliError('usage', `There is no lesson '${name}'. Lessons: ${known}.`);
      }
      const target = env.target();
      if (target && !TUTORIALS.find((t) => t.name === name)?.remote) {
        const remote = TUTORIALS.filter((t) => t.remote).map((t) => t.name).join(', ');
        throw new CliError(
          'usage',
          `The lesson ${name} moves the clock (awsmsg clock advance), which only a local state file has; the target is ${target.label}. ` +
            `Play it without --endpoint-url and --remote, or play one of the lessons that run on a remote target: ${remote}.`,
        );
      }
      const { playLesson } = await import('../../tutorials/engine.js');
      const { db, output: _output, ...rest } = env.globals;
      const interactive = !opts.yes && env.io.stdinIsTTY;
      done(
        await playLesson(lesson, env, {
          interactive,
          db,
          baseArgs: globalArgs(rest as typeof env.globals),
          color: useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY),
          width: env.io.columns ?? 80,
          input: process.stdin,
          output: process.stdout,
          remote: target?.label,
        }),
      );
    });
}
